/** The game-SDK surface (`/api/v1/sdk`, `X-API-Key`), and the new-user story end to end with no LLM. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { NpcRepository } from "../../store/npc.ts";
import { validateDefinition } from "../../npc/index.ts";
import { withIds } from "../../services/npc/stored-definition.ts";
import { ANONYMOUS, exampleBody, foilSdk, machineIds, otherAccount, parseEventStream, progressOf, seededPersonaId, sendAll } from "../../../test/helpers/npc.ts";

let app: TestApp;
let sdk: Record<string, string>;
let sera: string;
let seraMachines: Record<string, string>;
let kael: string;
let kaelMachines: Record<string, string>;

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function definitionOf(body: unknown) {
  const result = validateDefinition(body);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

beforeAll(async () => {
  app = await startTestApp({}, { seedExamples: true });
  sdk = { authorization: "", "x-api-key": app.devKey };
  sera = await seededPersonaId(app, "Guard Captain Sera");
  seraMachines = await machineIds(app, sera);
  kael = await seededPersonaId(app, "Merchant Kael");
  kaelMachines = await machineIds(app, kael);
});
afterAll(async () => app?.close());

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = sdk) => app.request(method, `/api/v1/sdk${path}`, body, headers);

describe("the SDK surface", () => {
  it("needs a key: 401 without one, 401 with a wrong one; Bearer works too", async () => {
    expect((await call("GET", "/personas", undefined, ANONYMOUS)).status).toBe(401);
    expect((await call("GET", "/personas", undefined, { authorization: "", "x-api-key": "ak_not_a_real_key_at_all_000" })).status).toBe(401);
    expect((await call("GET", "/personas", undefined, {})).status).toBe(200);
  });

  it("plays Sera: machines, init-session (machine_id in the body), message, stream, session, history", async () => {
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
  });
});

describe("Foil's SDK v0.4.0, replayed request for request", () => {
  /** Kael's haggle played to ACCEPT, which auto-advances into rare_goods (now the current machine). */
  async function dealDone(foil: ReturnType<typeof foilSdk>, player: string) {
    expect((await foil.initSession(kael, player, "Alex", "non-binary")).status).toBe(200);
    for (const message of ["hello", "I want to buy a lantern", "I offer 100 gold"]) expect((await foil.sendMessage(kael, message, player)).status).toBe(200);
    const rare = await foil.getSession(kael, player);
    expect(rare.body).toMatchObject({ machine_id: kaelMachines.rare_goods, outcome: null });
    return rare.body.session_id as string;
  }

  const machineState = async (foil: ReturnType<typeof foilSdk>, player: string) =>
    Object.fromEntries((await foil.machines(kael, player)).body.map((machine: any) => [machine.machine_key, [machine.has_session, machine.session_outcome]]));

  it("ResetAsync(machineId: rare_goods) resets rare_goods only: haggle's ACCEPT stands and rare_goods stays unlocked", async () => {
    const foil = foilSdk(app, app.devKey);
    const player = "foil-reset-named";
    const rareSession = await dealDone(foil, player);

    const reset = await foil.reset(kael, player, kaelMachines.rare_goods);
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ session_id: rareSession, message: expect.stringContaining('machine "rare_goods" reset'), machine_id: kaelMachines.rare_goods, sessions_deleted: 1 });

    const haggle = await foil.getSession(kael, player, kaelMachines.haggle);
    expect(haggle.body).toMatchObject({ current_state: "deal", outcome: "ACCEPT", score: 30 });
    expect(await machineState(foil, player)).toEqual({ haggle: [true, "ACCEPT"], rare_goods: [false, null] });
    const progress = await progressOf(app, kael, player);
    expect(progress.completed_machines.map((machine: any) => machine.machine_key)).toEqual(["haggle"]);
    expect(progress.current_machine_id).toBeNull();
    expect((await foil.getHistory(kael, player, kaelMachines.rare_goods)).body.messages).toEqual([]);
  });

  it("ResetAsync() without a machine resets the current machine's session (the one GetSessionAsync shows), nothing else", async () => {
    const foil = foilSdk(app, app.devKey);
    const player = "foil-reset-current";
    const rareSession = await dealDone(foil, player);
    const reset = await foil.reset(kael, player);
    expect(reset.body).toMatchObject({ session_id: rareSession, machine_id: kaelMachines.rare_goods, sessions_deleted: 1 });
    expect(await machineState(foil, player)).toEqual({ haggle: [true, "ACCEPT"], rare_goods: [false, null] });
  });

  it("ResetAsync(machineId: haggle) removes haggle's result; what only haggle unlocked locks again; other players keep theirs", async () => {
    const foil = foilSdk(app, app.devKey);
    await dealDone(foil, "foil-reset-haggle");
    await dealDone(foil, "foil-bystander");
    const reset = await foil.reset(kael, "foil-reset-haggle", kaelMachines.haggle);
    expect(reset.body).toMatchObject({ machine_id: kaelMachines.haggle, sessions_deleted: 1 });
    expect(await machineState(foil, "foil-reset-haggle")).toEqual({ haggle: [false, null] });
    expect((await progressOf(app, kael, "foil-reset-haggle")).completed_machines).toEqual([]);
    expect(await machineState(foil, "foil-bystander")).toEqual({ haggle: [true, "ACCEPT"], rare_goods: [true, null] });
    // A machine with no session: nothing to reset, said plainly.
    const again = await foil.reset(kael, "foil-reset-haggle", kaelMachines.haggle);
    expect(again.body).toMatchObject({ session_id: null, sessions_deleted: 0, message: expect.stringContaining("nothing to reset") });
  });

  it("a machine reset changes the player's version even when their latest event survives it, so a turn computed before it is computed again", async () => {
    const foil = foilSdk(app, app.devKey);
    await dealDone(foil, "foil-version");
    const repository = new NpcRepository(app.context.store.db);
    const latest = async () => (await repository.playerEvents(kael, "foil-version")).at(-1)!.id;
    const [lastBefore, versionBefore] = [await latest(), await repository.playerVersion(kael, "foil-version")];
    await foil.reset(kael, "foil-version", kaelMachines.haggle);
    // rare_goods' opening, the latest event, is not haggle's: it stays.
    expect(await latest()).toBe(lastBefore);
    expect(await repository.playerVersion(kael, "foil-version")).not.toBe(versionBefore);
  });

  it("reset still reads user_session_id from a JSON body, and names a missing one", async () => {
    expect((await call("POST", `/chat/${sera}/reset`, { user_session_id: "nobody-yet" })).status).toBe(200);
    const missing = await call("POST", `/chat/${sera}/reset`, {});
    expect(missing.status).toBe(422);
    expect(missing.body.error.details[0].loc).toEqual(["user_session_id"]);
  });

  it("GetHistoryAsync fills ChatHistory's summary beside messages; GetSessionAsync names its times started_at / last_message_at", async () => {
    const foil = foilSdk(app, app.devKey);
    const player = "foil-history";
    const before = await foil.getHistory(kael, player);
    expect(before.body).toEqual({
      session_id: null,
      persona_id: kael,
      machine_id: kaelMachines.haggle,
      current_state: null,
      score: 0,
      outcome: null,
      player_name: null,
      player_gender: null,
      started_at: null,
      last_message_at: null,
      messages: [],
    });
    const opened = await foil.initSession(kael, player, "Alex", "non-binary", kaelMachines.haggle);
    await foil.sendMessage(kael, "hello", player);
    await foil.sendMessage(kael, "I want to buy a lantern", player);

    const history = await foil.getHistory(kael, player, kaelMachines.haggle);
    expect(history.body).toMatchObject({
      session_id: opened.body.session_id,
      persona_id: kael,
      current_state: "haggling",
      score: 10,
      outcome: null,
      player_name: "Alex",
      player_gender: "non-binary",
      started_at: expect.stringMatching(ISO_TIME),
      last_message_at: expect.stringMatching(ISO_TIME),
    });
    expect(history.body.messages).toHaveLength(5);
    expect(Date.parse(history.body.last_message_at)).toBeGreaterThanOrEqual(Date.parse(history.body.started_at));

    const session = await foil.getSession(kael, player, kaelMachines.haggle);
    expect(session.body).toMatchObject({ started_at: history.body.started_at, last_message_at: history.body.last_message_at, score: 10, current_state: "haggling" });
  });

  it("SendMessageStreamAsync's metadata carries the turn's state (score, outcome, decision, unlocks…) as the done event does", async () => {
    const foil = foilSdk(app, app.devKey);
    const player = "foil-stream";
    await foil.initSession(sera, player, "Rowan", "female", seraMachines.gate_interrogation);
    await foil.sendMessage(sera, "My name is Rowan.", player, seraMachines.gate_interrogation);
    const streamed = await foil.sendMessageStream(sera, "Here is some gold, a bribe for you", player, seraMachines.gate_interrogation);
    const events = parseEventStream(streamed.body);
    const metadata = events[0]!;
    const done = events.at(-1)!;
    expect(metadata.event).toBe("metadata");
    const { message: _message, ...state } = done.data;
    expect(metadata.data).toEqual({ ...state, persona_id: sera, user_session_id: player, machine_id: seraMachines.gate_interrogation, machine_key: "gate_interrogation" });
    expect(metadata.data).toMatchObject({ score: 10, outcome: "KICK_OUT", decision: "kick_out", follow_up: false, redirect_count: 0, machine_completed: true, unlocked_machines: [] });
  });

  it("ValidateLlmKeyAsync() offline: answers {valid: false, model, error} saying this server plays offline (no body, or {model})", async () => {
    const foil = foilSdk(app, app.devKey, { "x-llm-api-key": "sk-caller-not-needed", "x-llm-model": "gpt-4o-mini" });
    const bare = await foil.validateLlmKey();
    expect(bare.status).toBe(200);
    expect(bare.body).toEqual({ valid: false, model: "gpt-4o-mini", error: expect.stringContaining("plays NPCs offline") });
    const named = await foil.validateLlmKey("gpt-4o");
    expect(named.body).toMatchObject({ valid: false, model: "gpt-4o" });
    expect((await foilSdk(app, "ak_not_a_real_key_at_all_000").validateLlmKey()).status).toBe(401);
  });

  it("offline, the X-LLM-* headers change nothing: the turn is played by the rules", async () => {
    const byok = foilSdk(app, app.devKey, { "x-llm-api-key": "sk-caller", "x-llm-model": "gpt-4o", "x-llm-eval-model": "gpt-4o-mini" });
    const opened = await byok.initSession(kael, "foil-byok-offline", "Alex", "non-binary", kaelMachines.haggle);
    expect(opened.body.message).toBe("Step in out of the drizzle, Alex. Lanterns, maps, blades. What are you after?");
    expect((await byok.sendMessage(kael, "hello", "foil-byok-offline")).body).toMatchObject({ current_state: "browsing", score: 5 });
    const malformed = await foilSdk(app, app.devKey, { "x-llm-model": "gpt 4o; drop" }).sendMessage(kael, "hello", "foil-byok-offline");
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.details).toEqual([{ loc: ["x-llm-model"], msg: "String should match pattern '^[A-Za-z0-9._:/@+-]+$'", type: "string_pattern_mismatch" }]);
  });
});

describe("GET /api/v1/sdk/personas", () => {
  it("lists the key owner's published personas only, with updated_at: not their drafts, not other accounts' public ones", async () => {
    const other = await otherAccount(app, "sdk-other");
    const otherKey = other.headers.authorization!.slice("Bearer ".length);
    const hermit = {
      name: "Hidden Hermit",
      description: "Lives alone",
      persona_identity_prompt: "You are a hermit.",
      machines: [{ machine_key: "talk", name: "Talk", states: [{ state_key: "a", is_initial_state: true }, { state_key: "b", is_terminal_state: true }], transitions: [{ from_state_key: "a", to_state_key: "b", decision_type: "pass" }] }],
    };
    expect((await app.request("POST", "/api/v1/creator/save", hermit, other.headers)).status).toBe(200);
    expect((await app.request("POST", "/api/v1/creator/save", { ...hermit, name: "Public Pilgrim", is_public: true }, other.headers)).status).toBe(200);
    expect((await app.request("POST", "/api/v1/creator/save", { ...hermit, name: "My Draft" })).status).toBe(200);

    const mine = await foilSdk(app, app.devKey).personas();
    expect(mine.body.map((persona: any) => persona.name).sort()).toEqual(["Guard Captain Sera", "Merchant Kael"]);
    expect(Object.keys(mine.body[0]).sort()).toEqual(["created_at", "description", "id", "is_public", "name", "updated_at"]);
    expect(mine.body[0].updated_at).toMatch(ISO_TIME);
    const theirs = await foilSdk(app, otherKey).personas();
    expect(theirs.body.map((persona: any) => persona.name)).toEqual(["Public Pilgrim"]);
  });

  it("pages past 100: all of them by default (up to 1000), limit/offset pages, x-total-count counts every page", async () => {
    const account = await app.context.accounts.create("prolific", 0);
    const { key } = await app.context.accounts.createKey(account.id);
    const repository = new NpcRepository(app.context.store.db);
    const definition = withIds(definitionOf(exampleBody("guard-captain-sera")));
    for (let index = 0; index < 105; index++) {
      await repository.insertPersona(repository.db, { userId: account.id, name: `Guard ${index}`, description: "One of many", isPublic: index !== 0, definition });
    }
    const all = await foilSdk(app, key).personas();
    expect(all.body).toHaveLength(104);
    expect(all.headers.get("x-total-count")).toBe("104");
    const pages = [];
    for (let offset = 0; offset < 104; offset += 50) pages.push(...(await call("GET", `/personas?limit=50&offset=${offset}`, undefined, { authorization: "", "x-api-key": key })).body);
    expect(pages.map((persona: any) => persona.id)).toEqual(all.body.map((persona: any) => persona.id));
    expect(new Set(pages.map((persona: any) => persona.id)).size).toBe(104);
    const bad = await call("GET", "/personas?limit=abc", undefined, { authorization: "", "x-api-key": key });
    expect(bad.body.error.details).toEqual([{ loc: ["limit"], msg: "Input should be a valid integer, unable to parse string as an integer", type: "int_parsing" }]);
  });
});

describe("the account routes a game uses beside chat", () => {
  it("POST /api/v1/sdk/api-keys creates a key for the caller, shown once, that then plays (Authorization only, never X-API-Key)", async () => {
    const created = await app.request("POST", "/api/v1/sdk/api-keys", { name: "My Game - Production" });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ id: expect.any(String), name: "My Game - Production", key: expect.stringMatching(/^ak_/), key_prefix: created.body.key.slice(0, 10), created_at: expect.stringMatching(ISO_TIME) });
    expect((await foilSdk(app, created.body.key).personas()).body.map((persona: any) => persona.name)).toContain("Merchant Kael");
    const fromGame = await app.request("POST", "/api/v1/sdk/api-keys", { name: "minted by a game" }, { authorization: "", "x-api-key": created.body.key });
    expect(fromGame.status).toBe(401);
    const unnamed = await app.request("POST", "/api/v1/sdk/api-keys", {});
    expect(unnamed.body.name).toBe("default");
  });

  it("GET /api/v1/auth/me answers the caller", async () => {
    const me = await app.request("GET", "/api/v1/auth/me");
    expect(me.body).toEqual({ id: app.devAccount.id, email: null, display_name: app.devAccount.name, created_at: expect.stringMatching(ISO_TIME) });
    expect((await app.request("GET", "/api/v1/auth/me", undefined, ANONYMOUS)).status).toBe(401);
  });
});

describe("POST /api/v1/auth/migrate-progress", () => {
  const migrate = (body: unknown, headers?: Record<string, string>) => app.request("POST", "/api/v1/auth/migrate-progress", body, headers);

  it("moves a player's whole progress on the caller's personas to another user_session_id, in one go", async () => {
    const foil = foilSdk(app, app.devKey);
    await foil.initSession(kael, "anon-1", "Alex", "non-binary", kaelMachines.haggle);
    for (const message of ["hello", "I want to buy a lantern", "I offer 100 gold"]) await foil.sendMessage(kael, message, "anon-1");
    await foil.sendMessage(sera, "My name is Alex", "anon-1");
    const before = await progressOf(app, kael, "anon-1");
    const history = (await foil.getHistory(kael, "anon-1", kaelMachines.haggle)).body.messages;

    const moved = await migrate({ old_session_id: "anon-1", new_session_id: "player-alex" });
    expect(moved.status).toBe(200);
    expect(moved.body.old_session_id).toBe("anon-1");
    expect(moved.body.new_session_id).toBe("player-alex");
    expect(moved.body.migrated.map((entry: any) => entry.persona_id).sort()).toEqual([kael, sera].sort());
    expect(moved.body.migrated.find((entry: any) => entry.persona_id === kael)).toMatchObject({ sessions: 2, messages: history.length + 1 });
    expect(moved.body.skipped).toEqual([]);

    expect(await progressOf(app, kael, "player-alex")).toEqual(before);
    expect((await foil.getHistory(kael, "player-alex", kaelMachines.haggle)).body.messages).toEqual(history);
    expect((await progressOf(app, kael, "anon-1")).completed_machines).toEqual([]);
    expect((await foil.getSession(kael, "anon-1")).status).toBe(404);
    // The moved player plays on where they were.
    expect((await foil.sendMessage(kael, "I swear to keep it secret", "player-alex")).status).toBe(200);
  });

  it("defaults the target to the caller's account id (Foil: 'the authenticated user's account')", async () => {
    await sendAll(app, sera, "anon-default", null, ["My name is Kit"]);
    const moved = await migrate({ old_session_id: "anon-default" });
    expect(moved.body).toMatchObject({ new_session_id: app.devAccount.id, migrated: [{ persona_id: sera }] });
  });

  it("never merges: a target that already played a persona is 409 and nothing moves; on_conflict=skip moves the rest", async () => {
    await sendAll(app, kael, "anon-2", null, ["hello"]);
    await sendAll(app, sera, "anon-2", null, ["My name is Jo"]);
    await sendAll(app, sera, "taken", null, ["My name is Al"]);
    const refused = await migrate({ old_session_id: "anon-2", new_session_id: "taken" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(sera);
    expect((await progressOf(app, kael, "anon-2")).current_machine_id).toBe(kaelMachines.haggle);
    expect((await progressOf(app, kael, "taken")).current_machine_id).toBeNull();

    const skipped = await migrate({ old_session_id: "anon-2", new_session_id: "taken", on_conflict: "skip" });
    expect(skipped.body.migrated.map((entry: any) => entry.persona_id)).toEqual([kael]);
    expect(skipped.body.skipped).toEqual([{ persona_id: sera, reason: expect.stringContaining("already has progress") }]);
    expect((await progressOf(app, sera, "anon-2")).current_machine_id).toBe(seraMachines.gate_interrogation);
    expect((await progressOf(app, sera, "taken")).current_machine_id).toBe(seraMachines.gate_interrogation);
  });

  it("touches only the caller's personas: another account's players stay; naming another's persona is 403 (public) or 404", async () => {
    const other = await otherAccount(app, "migrating-other");
    await sendAll(app, kael, "anon-3", null, ["hello"]);
    const theirs = await migrate({ old_session_id: "anon-3", new_session_id: "someone" }, other.headers);
    expect(theirs.body).toEqual({ old_session_id: "anon-3", new_session_id: "someone", migrated: [], skipped: [] });
    expect((await progressOf(app, kael, "anon-3")).current_machine_id).toBe(kaelMachines.haggle);
    expect((await migrate({ old_session_id: "anon-3", persona_id: kael }, other.headers)).status).toBe(403);
    expect((await migrate({ old_session_id: "anon-3", persona_id: "00000000-0000-4000-8000-000000000000" }, other.headers)).status).toBe(404);
    expect((await migrate({ old_session_id: "anon-3", persona_id: "abc123" }, other.headers)).status).toBe(400);
  });

  it("refuses what cannot be meant: no old_session_id, the same id twice, no credentials", async () => {
    expect((await migrate({})).body.error.details).toEqual([{ loc: ["old_session_id"], msg: "Field required", type: "missing" }]);
    expect((await migrate({ old_session_id: "a", new_session_id: "a" })).body.error.details).toEqual([
      { loc: ["new_session_id"], msg: "Value error, new_session_id must differ from old_session_id", type: "value_error" },
    ]);
    expect((await migrate({ old_session_id: "a" }, ANONYMOUS)).status).toBe(401);
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

  it("a backtracking bomb is answered at once (regexes run on RE2); a stored pattern RE2 cannot run is never run", async () => {
    const body = persona("a", "b", false);
    body.machines[0].transitions[0].when = { any: [{ regex: "^(a|a)*$" }, { keywords: ["go"] }] };
    const personaId = await created(body);
    const attack = `${"a".repeat(40)}b`;
    expect((await web(personaId, "message", { message: attack, user_session_id: "u4" })).body).toMatchObject({ current_state: "a", decision: "redirect" });

    // Written around save's checks, as a definition stored by an older version would be.
    const repository = new NpcRepository(app.context.store.db);
    const row = (await repository.getPersona(personaId))!;
    const definition = structuredClone(row.definition) as any;
    definition.machines[0].transitions[0].when = { any: [{ regex: "(a)\\1" }, { keywords: ["go"] }] };
    definition.machines[0].variables = [{ key: "word", type: "string", extract: [{ regex: "(a)\\1" }] }];
    await repository.updatePersona(repository.db, personaId, { definition });

    const answered = await web(personaId, "message", { message: "aa", user_session_id: "u5" });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ current_state: "a", decision: "redirect" });
    const events = (await repository.playerEvents(personaId, "u5")).map((event) => event.payload as any);
    expect(events.find((event) => event.type === "transition-taken").reason).toMatch(/\[regex not run, taken as not matching: \/\(a\)\\1\/i: unsupported regex: backreferences/);
    expect(events.some((event) => event.type === "variable-set")).toBe(false);
    expect((await web(personaId, "message", { message: "go", user_session_id: "u5" })).body).toMatchObject({ outcome: "ACCEPT" });
  });

  it("save refuses a regex RE2 cannot run with its exact loc", async () => {
    const body = persona("a", "b", false);
    body.machines[0].transitions[0].when = { regex: "(a)\\1" };
    const saved = await app.request("POST", "/api/v1/creator/save", body);
    expect(saved.status).toBe(422);
    expect(saved.body.error.details).toEqual([
      { loc: ["machines", 0, "transitions", 0, "when", "regex"], msg: expect.stringMatching(/^Value error, unsupported regex: backreferences/), type: "value_error" },
    ]);
  });

  it("a session that does not exist is a plain 404", async () => {
    const { status, body } = await call("GET", `/chat/${sera}/session?user_session_id=nobody`);
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: "not_found", message: 'no session of machine "gate_interrogation" for this user_session_id: call init-session first' });
  });
});
