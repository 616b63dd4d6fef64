/**
 * NPC chat over HTTP with `DRAMATIS_MODEL` set: the real app, configured with an OpenAI-compatible
 * model served by a scripted server on 127.0.0.1. The model judges (hybrid by default), writes the
 * replies and fills variables; every decision is recorded with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { ANONYMOUS, exampleBody, machineIds, progressOf, seededPersonaId, sendAll } from "../../test/helpers/npc.ts";
import type { NpcEvent } from "../npc/session.ts";
import { NpcRepository } from "../store/npc.ts";
import { playerMessageOf, startScriptedChatServer, userPromptOf, type ChatCompletionRequest, type ScriptedChatServer } from "./testing/scripted-chat-server.ts";

let server: ScriptedChatServer;
let app: TestApp;
let kael: string;
let kaelMachines: Record<string, string>;

interface AllowedTransition {
  transition_index: number;
  decision_type: string;
  to_state: string;
}

function allowedOf(request: ChatCompletionRequest): AllowedTransition[] {
  return JSON.parse(/<<< allowed transitions[^\n]*\n([\s\S]*?)\n>>>/.exec(userPromptOf(request))![1]!);
}

/**
 * A stand-in model with a fixed taste: it reads the allowed transitions from the prompt and picks by
 * what the player said, and it speaks in lines the tests can recognise.
 */
function judgeByMessage(request: ChatCompletionRequest): { content: string } {
  const message = playerMessageOf(request) ?? "";
  const allowed = allowedOf(request);
  const pick = (to: string) => allowed.find((transition) => transition.to_state === to);
  let choice: AllowedTransition | undefined;
  if (/cheat|thief/i.test(message)) choice = allowed.find((transition) => transition.decision_type === "kick_out");
  else if (/greetings|something to see by/i.test(message)) choice = pick("browsing") ?? pick("haggling");
  else if (/the one that glows/i.test(message)) choice = pick("haggling");
  else if (/fair price/i.test(message)) choice = pick("deal");
  if (!choice) return { content: JSON.stringify({ transition_index: null, reason: "the player did not answer the question" }) };
  return { content: JSON.stringify({ transition_index: choice.transition_index, reason: `scripted: ${choice.decision_type} to ${choice.to_state}` }) };
}

let replies = 0;

beforeAll(async () => {
  server = await startScriptedChatServer((request, kind) => {
    if (kind === "judge") return judgeByMessage(request);
    if (kind === "extract") {
      const message = playerMessageOf(request) ?? "";
      return { content: JSON.stringify({ values: /glows/i.test(message) ? [{ key: "item", value: "lantern", reason: "glows: the lantern" }] : [] }) };
    }
    replies += 1;
    return { content: `Kael (model) says line ${replies}.` };
  });
  app = await startTestApp({ model: `openai-compatible:${server.baseUrl}|scripted-model`, llmTimeoutMs: 5_000 }, { seedExamples: true });
  kael = await seededPersonaId(app, "Merchant Kael");
  kaelMachines = await machineIds(app, kael);
});
afterAll(async () => {
  await app?.close();
  await server?.close();
});

async function eventsOf(personaId: string, userSessionId: string): Promise<NpcEvent[]> {
  const rows = await new NpcRepository(app.context.store.db).playerEvents(personaId, userSessionId);
  return rows.map((row) => row.payload as NpcEvent);
}

function decisionsOf(events: NpcEvent[]) {
  return events.flatMap((event) =>
    event.type === "transition-taken" || event.type === "state-held"
      ? [{ type: event.type, to: event.type === "transition-taken" ? event.to_state_key : event.state_key, decided_by: event.decided_by, reason: event.reason }]
      : [],
  );
}

describe("the seeded Merchant Kael with a model (hybrid)", () => {
  it("the model writes the opening line and every reply; rules decide where they match, the judge elsewhere, each with its reason", async () => {
    const player = "llm-hybrid";
    const init = await app.request("POST", `/api/v1/chat/${kael}/init-session?machine_id=${kaelMachines.haggle}`, { user_session_id: player, player_name: "Arin" }, ANONYMOUS);
    expect(init.status).toBe(200);
    expect(init.body.message).toMatch(/^Kael \(model\) says line \d+\.$/);

    const turns = await sendAll(app, kael, player, kaelMachines.haggle!, ["Hello there!", "Lovely weather for it.", "I'll have the one that glows."]);
    expect(turns.map((turn) => turn.current_state)).toEqual(["browsing", "browsing", "haggling"]);
    for (const turn of turns) expect(turn.message).toMatch(/^Kael \(model\) says line \d+\.$/);

    expect(decisionsOf(await eventsOf(kael, player))).toEqual([
      { type: "transition-taken", to: "browsing", decided_by: "rules", reason: expect.stringMatching(/^pass "greets Kael" greeting → browsing: intent "greeting"/) },
      { type: "state-held", to: "browsing", decided_by: "judge", reason: "judge llm: stay: the player did not answer the question" },
      // The model's extractor filled `item`; then the rule `exists vars.item` matched.
      { type: "transition-taken", to: "haggling", decided_by: "rules", reason: expect.stringContaining("vars.item") },
    ]);
    const set = (await eventsOf(kael, player)).find((event) => event.type === "variable-set");
    expect(set).toMatchObject({ key: "item", value: "lantern", reason: "llm: glows: the lantern" });

    const history = await app.request("GET", `/api/v1/sdk/chat/${kael}/history?user_session_id=${player}&machine_id=${kaelMachines.haggle}`);
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    expect(history.body.messages.at(-1)).toMatchObject({ role: "assistant", content: turns[2].message });
  });
});

describe("a Foil Engine definition with no `when`: the judge's choice decides the outcome", () => {
  let foil: string;
  let foilMachines: Record<string, string>;

  beforeAll(async () => {
    const body = exampleBody("merchant-kael");
    for (const machine of body.machines) {
      for (const transition of machine.transitions) delete transition.when;
      for (const state of machine.states) delete state.lines;
    }
    const saved = await app.request("POST", "/api/v1/creator/save", { ...body, name: "Merchant Kael (hosted style)" });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    foil = saved.body.persona_id;
    foilMachines = await machineIds(app, foil);
  });

  it("ACCEPT: the judge moves the haggle to a deal and rare_goods unlocks", async () => {
    const player = "llm-accept";
    const turns = await sendAll(app, foil, player, foilMachines.haggle!, ["Greetings, merchant.", "I'll have the one that glows.", "That is a fair price, done."], {});
    expect(turns.map((turn) => turn.current_state)).toEqual(["browsing", "haggling", "deal"]);
    expect(turns[2]).toMatchObject({ outcome: "ACCEPT", machine_completed: true, decision: "pass" });
    expect(turns[2].unlocked_machines.map((machine: { machine_key: string }) => machine.machine_key)).toContain("rare_goods");
    expect(decisionsOf(await eventsOf(foil, player))).toEqual([
      { type: "transition-taken", to: "browsing", decided_by: "judge", reason: "judge llm: pass → browsing: scripted: pass to browsing" },
      { type: "transition-taken", to: "haggling", decided_by: "judge", reason: "judge llm: pass → haggling: scripted: pass to haggling" },
      { type: "transition-taken", to: "deal", decided_by: "judge", reason: "judge llm: pass → deal: scripted: pass to deal" },
    ]);
    const progress = await progressOf(app, foil, player);
    expect(progress.completed_machines).toMatchObject([{ machine_key: "haggle", outcome: "ACCEPT" }]);
  });

  it("KICK_OUT: same road, but the judge reads an insult as the line crossed", async () => {
    const player = "llm-kick";
    const turns = await sendAll(app, foil, player, foilMachines.haggle!, ["Greetings, merchant.", "You are a cheat and a thief!"], {});
    expect(turns[1]).toMatchObject({ outcome: "KICK_OUT", decision: "kick_out", current_state: "thrown_out", machine_completed: true });
    expect(decisionsOf(await eventsOf(foil, player)).at(-1)).toEqual({ type: "transition-taken", to: "thrown_out", decided_by: "judge", reason: "judge llm: kick_out → thrown_out: scripted: kick_out to thrown_out" });
  });

  it("a judge that answers garbage does not stall the game: the rules decide and the event says why", async () => {
    const player = "llm-garbage";
    let shrugs = 0;
    server.setScript((_request, kind) => (kind === "judge" ? { content: "¯\\_(ツ)_/¯" } : kind === "extract" ? { content: '{"values": []}' } : { content: `Kael shrugs (${++shrugs}).` }));
    // No init-session: the message opens the machine (opening line 1) and plays the turn (line 2).
    const [turn] = await sendAll(app, foil, player, foilMachines.haggle!, ["Nice weather today."], {});
    expect(turn).toMatchObject({ current_state: "greeting", decision: "redirect", follow_up: true, message: "Kael shrugs (2)." });
    expect(decisionsOf(await eventsOf(foil, player))).toEqual([
      { type: "transition-taken", to: "greeting", decided_by: "judge", reason: expect.stringMatching(/^judge llm: llm judge failed: answer is not JSON: .*; rules used: redirect "mumbles" greeting → greeting: default \(no condition held\)$/) },
    ]);
  });
});
