/**
 * NPC turns and a slow language model: a turn is computed outside any transaction, so a model that
 * takes its time holds up nobody else (embedded PGlite has one connection), and two turns of the same
 * player that overlap both commit one after the other (the later one computed again from the new
 * state) or answer a clean 409 — never a lost or doubled turn.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { ANONYMOUS, machineIds, seededPersonaId } from "../../../test/helpers/npc.ts";
import { startScriptedChatServer, type ScriptedChatServer } from "../../llm/testing/scripted-chat-server.ts";
import type { NpcEvent } from "../../npc/session.ts";
import { NpcRepository } from "../../store/npc.ts";
import { TURN_CONFLICT_MESSAGE } from "./play-service.ts";

/** Which model requests to hold back, and for how long (or until a promise settles); changed per test. */
let delay: { when: (body: string) => boolean; ms: number; until?: Promise<unknown> } = { when: () => false, ms: 0 };
/** Resolved when a delayed request arrives, so a test knows the slow turn is waiting on the model. */
let delayedArrived: () => void = () => {};
let replyRequests = 0;

let scripted: ScriptedChatServer;
let proxy: Server;
let app: TestApp;
let kael: string;
let sera: string;
let kaelMachines: Record<string, string>;

/** A slow network in front of the scripted model: forwards every request, some after a delay. */
async function startDelayingProxy(target: string): Promise<Server> {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    if (delay.when(body)) {
      delayedArrived();
      await (delay.until ?? new Promise((resolve) => setTimeout(resolve, delay.ms)));
    }
    const forwarded = await fetch(`${target}${request.url}`, { method: request.method, headers: { "content-type": "application/json" }, body });
    response.writeHead(forwarded.status, { "content-type": "application/json" });
    response.end(await forwarded.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  scripted = await startScriptedChatServer((_request, kind) => {
    if (kind === "judge") return { content: JSON.stringify({ transition_index: null, reason: "scripted: stay" }) };
    if (kind === "extract") return { content: JSON.stringify({ values: [] }) };
    replyRequests += 1;
    return { content: `Kael (model) says line ${replyRequests}.` };
  });
  proxy = await startDelayingProxy(new URL(scripted.baseUrl).origin);
  const { port } = proxy.address() as AddressInfo;
  app = await startTestApp({ model: `openai-compatible:http://127.0.0.1:${port}/v1|scripted-model`, llmTimeoutMs: 10_000 }, { seedExamples: true });
  kael = await seededPersonaId(app, "Merchant Kael");
  sera = await seededPersonaId(app, "Guard Captain Sera");
  kaelMachines = await machineIds(app, kael);
});
afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => proxy?.close(resolve));
  await scripted?.close();
});

function send(personaId: string, userSessionId: string, message: string, machineId?: string) {
  const query = machineId ? `?machine_id=${machineId}` : "";
  return app.request("POST", `/api/v1/chat/${personaId}/message${query}`, { message, user_session_id: userSessionId }, ANONYMOUS);
}

async function eventsOf(personaId: string, userSessionId: string): Promise<NpcEvent[]> {
  const rows = await new NpcRepository(app.context.store.db).playerEvents(personaId, userSessionId);
  return rows.map((row) => row.payload as NpcEvent);
}

/** Opens the haggle for `player` with no delay. */
async function openHaggle(player: string): Promise<void> {
  delay = { when: () => false, ms: 0 };
  const init = await app.request("POST", `/api/v1/chat/${kael}/init-session?machine_id=${kaelMachines.haggle}`, { user_session_id: player }, ANONYMOUS);
  expect(init.status, JSON.stringify(init.body)).toBe(200);
}

/** Sends `messages` at once to the haggle and checks that what was stored agrees with the answers. */
async function sendAtOnce(player: string, messages: string[]) {
  const answers = await Promise.all(messages.map((message) => send(kael, player, message, kaelMachines.haggle)));
  for (const answer of answers) {
    if (answer.status !== 200) expect(answer).toMatchObject({ status: 409, body: { error: { code: "conflict", message: TURN_CONFLICT_MESSAGE } } });
  }
  const succeeded = messages.filter((_message, index) => answers[index]!.status === 200);

  const query = `user_session_id=${player}&machine_id=${kaelMachines.haggle}`;
  const session = await app.request("GET", `/api/v1/sdk/chat/${kael}/session?${query}`);
  expect(session.status, JSON.stringify(session.body)).toBe(200);
  expect(session.body.turn).toBe(succeeded.length);
  expect(new Set(answers.filter((answer) => answer.status === 200).map((answer) => answer.body.session_id))).toEqual(new Set([session.body.session_id]));

  const history = await app.request("GET", `/api/v1/sdk/chat/${kael}/history?${query}`);
  const messagesStored = history.body.messages as Array<{ role: string; content: string }>;
  // The opening line, then one player line and one reply per successful message.
  expect(messagesStored.map((message) => message.role)).toEqual(["assistant", ...succeeded.flatMap(() => ["user", "assistant"])]);
  expect(messagesStored.filter((message) => message.role === "user").map((message) => message.content).sort()).toEqual([...succeeded].sort());

  const events = await eventsOf(kael, player);
  expect(events.filter((event) => event.type === "machine-start")).toHaveLength(1);
  const received = events.filter((event) => event.type === "message-received");
  expect(received.map((event) => event.turn)).toEqual(succeeded.map((_message, index) => index + 1));
  expect(received.map((event) => event.message).sort()).toEqual([...succeeded].sort());
  expect(events.filter((event) => event.type === "reply-sent")).toHaveLength(1 + succeeded.length);
  return { answers, succeeded };
}

describe("a turn waiting on the model holds up no one else", () => {
  it("another player's message and /healthz finish while one player's reply is still being written", async () => {
    const arrived = new Promise<void>((resolve) => (delayedArrived = resolve));
    // The slow reply is held until the others are done, however long they take on a loaded machine.
    let othersDone: () => void = () => {};
    const until = new Promise<void>((resolve) => (othersDone = resolve));
    delay = { when: (body) => body.includes("take your time"), ms: 0, until };
    const finished: string[] = [];
    const slow = send(kael, "slow-player", "Hello there, take your time.", kaelMachines.haggle).then((answer) => {
      finished.push("slow");
      return answer;
    });
    await arrived;

    const health = await app.request("GET", "/healthz");
    finished.push("healthz");
    const other = await send(sera, "quick-player", "Good evening, captain.");
    finished.push("other player");
    othersDone();
    const slowAnswer = await slow;

    expect(health.status).toBe(200);
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    expect(slowAnswer.status, JSON.stringify(slowAnswer.body)).toBe(200);
    expect(finished).toEqual(["healthz", "other player", "slow"]);
    expect(slowAnswer.body).toMatchObject({ current_state: "browsing", message: expect.stringMatching(/^Kael \(model\) says line \d+\.$/) });
  });
});

describe("turns of the same player that overlap", () => {
  it("two messages at once: both are played, one after the other, and the stored conversation agrees", async () => {
    const player = "two-tabs";
    await openHaggle(player);

    delay = { when: () => true, ms: 400 };
    const repliesBefore = replyRequests;
    const { succeeded } = await sendAtOnce(player, ["Hello there!", "Lovely weather for it."]);
    expect(succeeded).toHaveLength(2);
    // Both turns were computed from the same state and one was computed again: a third reply.
    expect(replyRequests - repliesBefore).toBeGreaterThanOrEqual(3);
  });

  it("five messages at once: each is played or answers 409, and nothing is lost or doubled", async () => {
    const player = "five-tabs";
    await openHaggle(player);

    delay = { when: () => true, ms: 300 };
    const { succeeded } = await sendAtOnce(player, ["one", "two", "three", "four", "five"]);
    expect(succeeded.length).toBeGreaterThanOrEqual(3);
  });

  it("two init-sessions at once open one session: the second resumes the first's", async () => {
    const player = "double-init";
    delay = { when: () => true, ms: 400 };
    const open = () => app.request("POST", `/api/v1/chat/${kael}/init-session?machine_id=${kaelMachines.haggle}`, { user_session_id: player, player_name: "Arin" }, ANONYMOUS);
    const [first, second] = await Promise.all([open(), open()]);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.session_id).toBe(first.body.session_id);
    expect(second.body.message).toBe(first.body.message);
    const events = await eventsOf(kael, player);
    expect(events.map((event) => event.type)).toEqual(["machine-start", "reply-sent"]);
  });
});
