/** The game-SDK surface (`/api/v1/sdk`, `X-API-Key`), and the new-user story end to end with no LLM. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { ANONYMOUS, machineIds, otherAccount, parseEventStream, progressOf, seededPersonaId } from "./npc-testing.ts";

let app: TestApp;
let sdk: Record<string, string>;
let sera: string;
let seraMachines: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp({}, { seedExamples: true });
  sdk = { authorization: "", "x-api-key": app.devKey };
  sera = await seededPersonaId(app, "Guard Captain Sera");
  seraMachines = await machineIds(app, sera);
});
afterAll(async () => app?.close());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = sdk) => app.request(method, `/api/v1/sdk${path}`, body, headers);

describe("the SDK surface", () => {
  it("needs a key: 401 without one, 401 with a wrong one; Bearer works too", async () => {
    expect((await call("GET", "/personas", undefined, ANONYMOUS)).status).toBe(401);
    expect((await call("GET", "/personas", undefined, { authorization: "", "x-api-key": "ak_not_a_real_key_at_all_000" })).status).toBe(401);
    expect((await call("GET", "/personas", undefined, {})).status).toBe(200);
  });

  it("lists the caller's own personas and public ones", async () => {
    const other = await otherAccount(app, "sdk-other");
    const saved = await app.request(
      "POST",
      "/api/v1/creator/save",
      {
        name: "Hidden Hermit",
        description: "Lives alone",
        persona_identity_prompt: "You are a hermit.",
        machines: [{ machine_key: "talk", name: "Talk", states: [{ state_key: "a", is_initial_state: true }, { state_key: "b", is_terminal_state: true }], transitions: [{ from_state_key: "a", to_state_key: "b", decision_type: "pass" }] }],
      },
      other.headers,
    );
    expect(saved.status).toBe(200);
    const mine = await call("GET", "/personas");
    expect(mine.body.map((persona: any) => persona.name).sort()).toEqual(["Guard Captain Sera", "Merchant Kael"]);
    const theirs = await call("GET", "/personas", undefined, { authorization: "", "x-api-key": other.headers.authorization!.slice("Bearer ".length) });
    expect(theirs.body.map((persona: any) => persona.name).sort()).toEqual(["Guard Captain Sera", "Hidden Hermit", "Merchant Kael"]);
  });

  it("plays Sera: machines, init-session (machine_id in the body), message, stream, session, history, reset", async () => {
    const player = "sdk-player";
    const machines = await call("GET", `/chat/${sera}/machines?user_session_id=${player}`);
    expect(machines.status).toBe(200);
    expect(machines.body).toEqual([
      { machine_id: seraMachines.gate_interrogation, machine_key: "gate_interrogation", name: expect.any(String), description: expect.any(String), has_session: false, session_outcome: null, is_linked: false },
    ]);

    const opened = await call("POST", `/chat/${sera}/init-session`, { user_session_id: player, player_name: "Arin", machine_id: seraMachines.gate_interrogation });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ machine_id: seraMachines.gate_interrogation, persona_name: "Guard Captain Sera", player_name: "Arin", player_gender: null });

    const first = await call("POST", `/chat/${sera}/message`, { message: "My name is Arin", user_session_id: player });
    expect(first.body).toMatchObject({ current_state: "business", decision: "pass", session_id: opened.body.session_id });

    const streamed = await fetch(`${app.url}/api/v1/sdk/chat/${sera}/message/stream?machine_id=${seraMachines.gate_interrogation}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": app.devKey },
      body: JSON.stringify({ message: "I come to pray at the temple", user_session_id: player }),
    });
    const events = parseEventStream(await streamed.text());
    expect(events.map((event) => event.event)[0]).toBe("metadata");
    expect(events.at(-1)).toMatchObject({ event: "done", data: { current_state: "papers" } });

    const last = await call("POST", `/chat/${sera}/message?machine_id=${seraMachines.gate_interrogation}`, { message: "Here is my writ, sealed by the magistrate", user_session_id: player });
    expect(last.body).toMatchObject({ outcome: "ACCEPT", machine_completed: true });

    const session = await call("GET", `/chat/${sera}/session?user_session_id=${player}&machine_id=${seraMachines.gate_interrogation}`);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      session_id: opened.body.session_id,
      machine_id: seraMachines.gate_interrogation,
      current_state: "admitted",
      outcome: "ACCEPT",
      machine_completed: true,
      score: 40,
      player_name: "Arin",
      variables: { stated_name: "Arin", player_business: "pilgrimage", has_writ: true },
    });

    const history = await call("GET", `/chat/${sera}/history?user_session_id=${player}&machine_id=${seraMachines.gate_interrogation}`);
    expect(history.status).toBe(200);
    const messages = history.body.messages;
    expect(messages.map((message: any) => message.role)).toEqual(["assistant", "user", "assistant", "user", "assistant", "user", "assistant"]);
    expect(Object.keys(messages[0]).sort()).toEqual(["content", "created_at", "decision", "follow_up_triggered", "id", "role", "score_at_time", "state_key_at_time"]);
    expect(messages[1]).toMatchObject({ role: "user", content: "My name is Arin", state_key_at_time: "halt", score_at_time: 0, decision: null, follow_up_triggered: false });
    expect(messages[6]).toMatchObject({ role: "assistant", state_key_at_time: "admitted", score_at_time: 40, decision: "pass" });
    expect(messages[6].content).toBe(last.body.message);

    const listed = await call("GET", `/chat/${sera}/machines?user_session_id=${player}`);
    expect(listed.body.map((machine: any) => [machine.machine_key, machine.has_session, machine.session_outcome, machine.is_linked])).toEqual([
      ["gate_interrogation", true, "ACCEPT", false],
      ["night_watch", false, null, true],
    ]);

    const reset = await call("POST", `/chat/${sera}/reset?user_session_id=${player}`);
    expect(reset.body).toMatchObject({ reset: true, sessions_deleted: 1 });
    expect((await call("GET", `/chat/${sera}/history?user_session_id=${player}&machine_id=${seraMachines.gate_interrogation}`)).body).toEqual({ messages: [] });
    expect((await call("GET", `/chat/${sera}/session?user_session_id=${player}&machine_id=${seraMachines.gate_interrogation}`)).status).toBe(404);
    expect((await call("POST", `/chat/${sera}/reset`, { user_session_id: player })).status).toBe(200);
    const missing = await call("POST", `/chat/${sera}/reset`, {});
    expect(missing.status).toBe(422);
    expect(missing.body.error.details[0].loc).toEqual(["user_session_id"]);
  });
});

describe("a new user's story, with no LLM", () => {
  it("saves an NPC, publishes it, opens the play link, plays a machine to its end and sees it in progress", async () => {
    const account = await app.context.accounts.create("newcomer", 0);
    const { key } = await app.context.accounts.createKey(account.id);
    const author = { authorization: `Bearer ${key}` };
    const saved = await app.request(
      "POST",
      "/api/v1/creator/save",
      {
        name: "Innkeeper Mara",
        description: "Runs the Crooked Lantern",
        persona_identity_prompt: "You are Mara, a warm but wary innkeeper.",
        intents: { politeness: ["please", "thank you"] },
        machines: [
          {
            machine_key: "room",
            name: "A room for the night",
            variables: [{ key: "nights", type: "number", extract: [{ regex: "(\\d+)\\s+nights?" }] }],
            output_variables: [{ key: "nights" }],
            states: [
              { state_key: "counter", is_initial_state: true, lines: ["Welcome, {{player_name}}. A room?"] },
              { state_key: "how_long", lines: ["How many nights?"] },
              { state_key: "booked", is_terminal_state: true, lines: ["{{vars.nights}} nights it is. Sleep well."] },
              { state_key: "shown_out", is_terminal_state: true, outcome: "KICK_OUT", lines: ["Out."] },
            ],
            transitions: [
              { from_state_key: "counter", to_state_key: "shown_out", decision_type: "kick_out", score_delta: -10, when: { keywords: ["fight"] } },
              { from_state_key: "counter", to_state_key: "how_long", decision_type: "pass", score_delta: 5, priority: 1, when: { intent: "politeness" } },
              { from_state_key: "counter", to_state_key: "counter", decision_type: "redirect", priority: 9 },
              { from_state_key: "how_long", to_state_key: "booked", decision_type: "pass", score_delta: 10, when: { gte: [{ var: "vars.nights" }, 1] } },
              { from_state_key: "how_long", to_state_key: "how_long", decision_type: "redirect", priority: 9 },
            ],
          },
        ],
      },
      author,
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.is_public).toBe(false);

    const published = await app.request("POST", `/api/v1/creator/publish?persona_id=${saved.body.persona_id}`, undefined, author);
    expect(published.status).toBe(200);
    const link = new URL(published.body.play_link);
    expect(link.origin).toBe(new URL(app.url).origin);
    const personaId = link.pathname.split("/").at(-1)!;
    expect(personaId).toBe(saved.body.id);

    // A player with no account opens the link: the persona and its machines are there.
    const persona = await app.request("GET", `/api/v1/personas/${personaId}`, undefined, ANONYMOUS);
    expect(persona.body).toMatchObject({ name: "Innkeeper Mara", is_public: true, user_id: account.id });
    const machines = await app.request("GET", `/api/v1/personas/${personaId}/available-machines?user_session_id=guest-1`, undefined, ANONYMOUS);
    expect(machines.body.map((machine: any) => machine.machine_key)).toEqual(["room"]);

    const opened = await app.request("POST", `/api/v1/chat/${personaId}/init-session`, { user_session_id: "guest-1", player_name: "Tam", player_gender: "male" }, ANONYMOUS);
    expect(opened.body).toMatchObject({ message: "Welcome, Tam. A room?", machine_id: machines.body[0].machine_id });
    const say = (message: string) => app.request("POST", `/api/v1/chat/${personaId}/message`, { message, user_session_id: "guest-1" }, ANONYMOUS);
    expect((await say("A room, please")).body).toMatchObject({ current_state: "how_long", message: "How many nights?" });
    const done = (await say("3 nights")).body;
    expect(done).toMatchObject({ outcome: "ACCEPT", machine_completed: true, score: 15, message: "3 nights it is. Sleep well.", unlocked_machines: [] });

    const progress = await progressOf(app, personaId, "guest-1");
    expect(progress).toMatchObject({
      persona_id: personaId,
      current_machine_id: null,
      total_score: 15,
      relationship_level: 12,
      route_path: [machines.body[0].machine_id],
      cross_machine_vars: { nights: 3 },
      has_links: false,
    });
    expect(progress.completed_machines).toEqual([{ machine_id: machines.body[0].machine_id, machine_key: "room", outcome: "ACCEPT", score: 15, completed_at: expect.any(String) }]);
  });
});
