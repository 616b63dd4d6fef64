/** The game-SDK surface (`/api/v1/sdk`, `X-API-Key`), and the new-user story end to end with no LLM. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { NpcRepository } from "../../store/npc.ts";
import { ANONYMOUS, machineIds, otherAccount, parseEventStream, progressOf, seededPersonaId } from "../../../test/helpers/npc.ts";

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

describe("a persona edited while players are in the middle of it", () => {
  /** A persona with machine `m1`: states `first` (initial) → `second` (terminal) on "go", and an entry machine `m2` that ends on "done". */
  function persona(first: string, second: string, withM2 = true): any {
    const m1 = {
      machine_key: "m1",
      name: "First",
      is_entry: true,
      states: [
        { state_key: first, is_initial_state: true, lines: [`In ${first}.`] },
        { state_key: second, is_terminal_state: true, lines: [`In ${second}.`] },
      ],
      transitions: [
        { from_state_key: first, to_state_key: second, decision_type: "pass", score_delta: 5, when: { keywords: ["go"] } },
        { from_state_key: first, to_state_key: first, decision_type: "redirect" },
      ],
    };
    const m2 = {
      machine_key: "m2",
      name: "Second",
      is_entry: true,
      states: [
        { state_key: "open", is_initial_state: true, lines: ["Open."] },
        { state_key: "closed", is_terminal_state: true, lines: ["Closed."] },
      ],
      transitions: [{ from_state_key: "open", to_state_key: "closed", decision_type: "pass", score_delta: 7, when: { keywords: ["done"] } }],
      output_variables: [],
    };
    return { name: "Editable Ed", description: "Changes his mind", persona_identity_prompt: "You are Ed.", machines: withM2 ? [m1, m2] : [m1] };
  }

  async function created(body: unknown): Promise<string> {
    const saved = await app.request("POST", "/api/v1/creator/save", body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await app.request("POST", `/api/v1/creator/publish?persona_id=${saved.body.id}`)).status).toBe(200);
    return saved.body.id;
  }

  const web = (personaId: string, route: string, body: unknown) => app.request("POST", `/api/v1/chat/${personaId}/${route}`, body, ANONYMOUS);

  it("a session whose state was renamed away answers 409 (never 500) until init-session starts the machine afresh", async () => {
    const personaId = await created(persona("a", "b"));
    const opened = await web(personaId, "init-session?machine_id=m1", { user_session_id: "u2", player_name: "Ana" });
    expect(opened.status).toBe(200);
    expect((await app.request("POST", `/api/v1/creator/save?persona_id=${personaId}`, persona("x", "y"))).status).toBe(200);

    const stale = await web(personaId, "message", { message: "hello", user_session_id: "u2" });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toEqual({
      code: "conflict",
      message:
        'the session of machine "m1" can no longer be played: the persona was edited since it started and machine "m1" has no state "a" any more; call init-session to start machine "m1" again',
    });
    const streamed = await web(personaId, "message/stream", { message: "hello", user_session_id: "u2" });
    expect(streamed.status).toBe(409);

    // Every read still answers, showing the stored session as it was.
    expect((await call("GET", `/chat/${personaId}/session?user_session_id=u2&machine_id=m1`)).body).toMatchObject({ current_state: "a", session_id: opened.body.session_id });
    expect((await call("GET", `/chat/${personaId}/history?user_session_id=u2&machine_id=m1`)).status).toBe(200);
    expect((await call("GET", `/chat/${personaId}/machines?user_session_id=u2`)).status).toBe(200);
    expect((await progressOf(app, personaId, "u2")).current_machine_id).toBe(opened.body.machine_id);
    expect((await app.request("GET", `/api/v1/personas/${personaId}/available-machines?user_session_id=u2`, undefined, ANONYMOUS)).status).toBe(200);

    const again = await web(personaId, "init-session?machine_id=m1", { user_session_id: "u2", player_name: "Ana" });
    expect(again.status).toBe(200);
    expect(again.body.session_id).not.toBe(opened.body.session_id);
    expect(again.body.message).toBe("In x.");
    const played = await web(personaId, "message", { message: "go", user_session_id: "u2" });
    expect(played.body).toMatchObject({ current_state: "y", outcome: "ACCEPT", score: 5, session_id: again.body.session_id });

    const events = (await new NpcRepository(app.context.store.db).playerEvents(personaId, "u2")).map((row) => row.payload as any);
    const starts = events.filter((event) => event.type === "machine-start");
    expect(starts).toHaveLength(2);
    expect(starts[0].reason).toBeUndefined();
    expect(starts[1]).toMatchObject({ state_key: "x", reason: `replaces session ${opened.body.session_id}, which can no longer be played: the persona was edited since it started and machine "m1" has no state "a" any more` });
  });

  it("a machine removed from the persona drops out of progress; no endpoint answers 500", async () => {
    const personaId = await created(persona("a", "b"));
    const ids = await machineIds(app, personaId);
    expect((await web(personaId, "message?machine_id=m2", { message: "done", user_session_id: "u3" })).body).toMatchObject({ outcome: "ACCEPT", score: 7 });
    expect((await web(personaId, "init-session?machine_id=m1", { user_session_id: "u3" })).status).toBe(200);
    expect((await progressOf(app, personaId, "u3")).total_score).toBe(7);

    expect((await app.request("POST", `/api/v1/creator/save?persona_id=${personaId}`, persona("a", "b", false))).status).toBe(200);
    const progress = await progressOf(app, personaId, "u3");
    expect(progress).toMatchObject({ current_machine_id: ids.m1, total_score: 0, relationship_level: 0, completed_machines: [], route_path: [ids.m1] });
    expect((await call("GET", `/chat/${personaId}/machines?user_session_id=u3`)).body.map((machine: any) => machine.machine_key)).toEqual(["m1"]);
    expect((await call("GET", `/chat/${personaId}/session?user_session_id=u3&machine_id=${ids.m2}`)).status).toBe(404);
    expect((await web(personaId, "message", { message: "go", user_session_id: "u3" })).body).toMatchObject({ outcome: "ACCEPT", score: 5 });
  });

  it("a regex stored before save refused unsafe ones is never run: the message is answered at once", async () => {
    const body = persona("a", "b", false);
    body.machines[0].transitions[0].when = { any: [{ regex: "go on" }, { keywords: ["go"] }] };
    const personaId = await created(body);
    // Written around save's checks, as a definition stored by an older version would be.
    const repository = new NpcRepository(app.context.store.db);
    const row = (await repository.getPersona(personaId))!;
    const definition = structuredClone(row.definition) as any;
    definition.machines[0].transitions[0].when = { any: [{ regex: "^(a+)+$" }, { keywords: ["go"] }] };
    definition.machines[0].variables = [{ key: "word", type: "string", extract: [{ regex: "^((a+)+)$" }] }];
    await repository.updatePersona(repository.db, personaId, { definition });

    const attack = `${"a".repeat(30)}b`;
    const answered = await web(personaId, "message", { message: attack, user_session_id: "u4" });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ current_state: "a", decision: "redirect" });
    const events = (await repository.playerEvents(personaId, "u4")).map((event) => event.payload as any);
    expect(events.find((event) => event.type === "transition-taken").reason).toMatch(
      /^redirect a → a: default \(no condition held\) \[regex not run, taken as not matching: \/\^\(a\+\)\+\$\/i: the pattern could take exponential time/,
    );
    expect(events.some((event) => event.type === "variable-set")).toBe(false);
    expect((await web(personaId, "message", { message: "go", user_session_id: "u4" })).body).toMatchObject({ outcome: "ACCEPT" });
  });

  it("save refuses an unsafe regex with its exact loc", async () => {
    const body = persona("a", "b", false);
    body.machines[0].transitions[0].when = { regex: "^(a+)+$" };
    const saved = await app.request("POST", "/api/v1/creator/save", body);
    expect(saved.status).toBe(422);
    expect(saved.body.error.details).toEqual([
      { loc: ["machines", 0, "transitions", 0, "when", "regex"], msg: expect.stringMatching(/^Value error, unsafe regex: .*exponential time/), type: "value_error" },
    ]);
  });

  it("a session that does not exist is a plain 404", async () => {
    const { status, body } = await call("GET", `/chat/${sera}/session?user_session_id=nobody`);
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: "not_found", message: 'no session of machine "gate_interrogation" for this user_session_id: call init-session first' });
  });
});
