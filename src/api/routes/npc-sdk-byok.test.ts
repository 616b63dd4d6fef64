/**
 * Bring your own key (Foil's `X-LLM-*` headers) with a model provider configured: the real app with
 * `DRAMATIS_MODEL=openai:…` pointed at a scripted OpenAI-compatible server, behind a stand-in
 * provider that checks keys and records who called with which key and model. A request's judge,
 * reply writer and extractor use the caller's key and models; the key is never stored or logged.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { foilSdk, machineIds, seededPersonaId, startKeyCheckingProvider } from "../../../test/helpers/npc.ts";
import { startScriptedChatServer, type ScriptedChatServer } from "../../llm/testing/scripted-chat-server.ts";
import { NpcRepository } from "../../store/npc.ts";

let scripted: ScriptedChatServer;
let provider: Awaited<ReturnType<typeof startKeyCheckingProvider>>;
let app: TestApp;
let kael: string;
let kaelMachines: Record<string, string>;

/** Everything the process wrote to stdout/stderr (pino's request log included) while the app ran. */
let written = "";
const realWrite = fs.write;
const realWriteSync = fs.writeSync;

function text(buffer: unknown): string {
  return typeof buffer === "string" ? buffer : Buffer.isBuffer(buffer) || buffer instanceof Uint8Array ? Buffer.from(buffer as Uint8Array).toString("utf8") : "";
}

beforeAll(async () => {
  // pino writes the request log with fs.write(Sync) on fd 1; keep it (quietly) to search it for keys.
  vi.spyOn(fs, "writeSync").mockImplementation(((fd: number, buffer: unknown, ...rest: unknown[]) => {
    if (fd !== 1 && fd !== 2) return (realWriteSync as (...args: unknown[]) => number)(fd, buffer, ...rest);
    written += text(buffer);
    return text(buffer).length;
  }) as typeof fs.writeSync);
  vi.spyOn(fs, "write").mockImplementation(((fd: number, buffer: unknown, ...rest: unknown[]) => {
    if (fd !== 1 && fd !== 2) return (realWrite as (...args: unknown[]) => void)(fd, buffer, ...rest);
    written += text(buffer);
    const callback = rest.at(-1);
    if (typeof callback === "function") process.nextTick(() => callback(null, Buffer.byteLength(text(buffer))));
  }) as typeof fs.write);
  // The structured logger (observability/logger.ts) writes through the streams themselves.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      written += text(chunk);
      const callback = rest.at(-1);
      if (typeof callback === "function") process.nextTick(callback as () => void);
      return true;
    }) as typeof stream.write);
  }
  for (const method of ["log", "warn", "error", "info"] as const) {
    vi.spyOn(console, method).mockImplementation((...parts: unknown[]) => {
      written += `${parts.map(String).join(" ")}\n`;
    });
  }

  let replies = 0;
  scripted = await startScriptedChatServer((_request, kind) => {
    if (kind === "judge") return { content: JSON.stringify({ transition_index: null, reason: "scripted: the player did not answer" }) };
    if (kind === "extract") return { content: JSON.stringify({ values: [] }) };
    replies += 1;
    return { content: `Kael (model) weighs you up, ${replies}.` };
  });
  provider = await startKeyCheckingProvider(scripted.baseUrl, ["sk-server", "sk-caller", "sk-response"]);
  app = await startTestApp({ model: "openai:gpt-4o-mini", openaiApiKey: "sk-server", openaiBaseUrl: provider.baseUrl, llmTimeoutMs: 5_000 }, { seedExamples: true, logger: true });
  kael = await seededPersonaId(app, "Merchant Kael");
  kaelMachines = await machineIds(app, kael);
});

afterAll(async () => {
  await app?.close();
  await provider?.close();
  await scripted?.close();
  vi.restoreAllMocks();
});

/** What each part asked the provider for, since `from`: [part, Authorization, model]. */
function callsSince(from: number): Array<[string, string | undefined, string]> {
  return provider.calls.slice(from).map((call) => {
    const part = call.system.startsWith("You judge one turn") ? "judge" : call.system.startsWith("You read one message") ? "extractor" : "reply";
    return [part, call.authorization, call.model];
  });
}

/** Opens Kael's haggle and sends one message the rules do not decide, so judge, extractor and reply all run. */
async function playOneTurn(headers: Record<string, string>, player: string) {
  const from = provider.calls.length;
  const foil = foilSdk(app, app.devKey, headers);
  const opened = await foil.initSession(kael, player, "Alex", "non-binary", kaelMachines.haggle);
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  const turn = await foil.sendMessage(kael, "Lovely weather for it, is it not?", player);
  expect(turn.status, JSON.stringify(turn.body)).toBe(200);
  return { calls: callsSince(from), opened: opened.body, turn: turn.body };
}

describe("X-LLM-* headers with a model provider configured", () => {
  it("X-LLM-API-Key and X-LLM-Model: the request's judge, replies and extraction call the server's provider with the caller's key and model", async () => {
    const { calls, opened, turn } = await playOneTurn({ "x-llm-api-key": "sk-caller", "x-llm-model": "gpt-4o" }, "byok-plain");
    expect(opened.message).toMatch(/^Kael \(model\) weighs you up/);
    expect(turn).toMatchObject({ current_state: "greeting", decision: null, message: expect.stringMatching(/^Kael \(model\) weighs you up/) });
    expect(new Set(calls.map(([part]) => part))).toEqual(new Set(["reply", "judge", "extractor"]));
    for (const [, authorization, model] of calls) expect([authorization, model]).toEqual(["Bearer sk-caller", "gpt-4o"]);
  });

  it("per-step headers: Eval goes to the judge, Response to the reply writer, Summarization to the extractor", async () => {
    const { calls } = await playOneTurn(
      {
        "x-llm-api-key": "sk-caller",
        "x-llm-eval-model": "judge-model",
        "x-llm-response-model": "reply-model",
        "x-llm-response-api-key": "sk-response",
        "x-llm-summarization-model": "openai/summary-model",
      },
      "byok-steps",
    );
    const seen = new Set(calls.map((call) => JSON.stringify(call)));
    expect(seen).toEqual(
      new Set([
        JSON.stringify(["reply", "Bearer sk-response", "reply-model"]),
        JSON.stringify(["judge", "Bearer sk-caller", "judge-model"]),
        // A LiteLLM-style name of our own provider loses its prefix.
        JSON.stringify(["extractor", "Bearer sk-caller", "summary-model"]),
      ]),
    );
  });

  it("without the headers, and on the web routes whatever they carry, the server's own key and model are used", async () => {
    const { calls } = await playOneTurn({}, "byok-none");
    for (const [, authorization, model] of calls) expect([authorization, model]).toEqual(["Bearer sk-server", "gpt-4o-mini"]);

    const from = provider.calls.length;
    const web = await app.request("POST", `/api/v1/chat/${kael}/message?machine_id=${kaelMachines.haggle}`, { message: "Lovely weather", user_session_id: "byok-web" }, { authorization: "", "x-llm-api-key": "sk-caller", "x-llm-model": "gpt-4o" });
    expect(web.status).toBe(200);
    for (const [, authorization, model] of callsSince(from)) expect([authorization, model]).toEqual(["Bearer sk-server", "gpt-4o-mini"]);
  });

  it("the caller's key is never stored nor logged, even when the provider refuses it and echoes it back", async () => {
    const leaky = "sk-leaky-0123456789abcdef";
    const { calls, turn } = await playOneTurn({ "x-llm-api-key": leaky }, "byok-leak");
    // It did reach the provider (so the checks below mean something), which refused it…
    expect(calls.every(([, authorization]) => authorization === `Bearer ${leaky}`)).toBe(true);
    expect(turn.message.length).toBeGreaterThan(0);

    const repository = new NpcRepository(app.context.store.db);
    const events = await repository.playerEvents(kael, "byok-leak");
    const sessions = await repository.playerSessions(kael, "byok-leak");
    const messages = (await Promise.all(sessions.map((session) => repository.sessionMessages(session.id)))).flat();
    const stored = JSON.stringify({ events, sessions, messages });
    // …and the judge's fallback reason says why, without the key.
    expect(stored).toContain("[redacted key]");
    expect(stored).not.toContain(leaky);

    const check = await foilSdk(app, app.devKey, { "x-llm-api-key": leaky }).validateLlmKey();
    expect(check.body).toMatchObject({ valid: false, model: "gpt-4o-mini" });
    expect(check.body.error).toContain("401");
    expect(JSON.stringify(check.body)).not.toContain(leaky);

    await new Promise((resolve) => (app.server.log as unknown as { flush(done: () => void): void }).flush(() => resolve(undefined)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toContain("incoming request");
    expect(written).not.toContain(leaky);
  });

  it("validate-llm-key makes one real minimal call with the caller's key and model and reports it", async () => {
    const from = provider.calls.length;
    const valid = await foilSdk(app, app.devKey, { "x-llm-api-key": "sk-caller" }).validateLlmKey("gpt-4o");
    expect(valid.body).toEqual({ valid: true, model: "gpt-4o", error: null });
    expect(callsSince(from)).toEqual([["reply", "Bearer sk-caller", "gpt-4o"]]);
    // No key sent: the check is of what the request would use, the server's own.
    expect((await foilSdk(app, app.devKey).validateLlmKey()).body).toEqual({ valid: true, model: "gpt-4o-mini", error: null });
  });
});
