/**
 * Playing the example NPCs over HTTP with no LLM: every outcome of every entry machine, what each
 * unlocks, progress after each machine, streaming, reset, and the errors of the chat routes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { ANONYMOUS, availableKeys, machineIds, otherAccount, parseEventStream, progressOf, seededPersonaId, sendAll } from "../../../test/helpers/npc.ts";
import { textChunks } from "./npc-sse.ts";

let app: TestApp;
let kael: string;
let sera: string;
let kaelMachines: Record<string, string>;
let seraMachines: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp({}, { seedExamples: true });
  kael = await seededPersonaId(app, "Merchant Kael");
  sera = await seededPersonaId(app, "Guard Captain Sera");
  kaelMachines = await machineIds(app, kael);
  seraMachines = await machineIds(app, sera);
});
afterAll(async () => app?.close());

async function init(personaId: string, userSessionId: string, machineId?: string, playerName = "Arin") {
  const { status, body } = await app.request(
    "POST",
    `/api/v1/chat/${personaId}/init-session${machineId ? `?machine_id=${machineId}` : ""}`,
    { user_session_id: userSessionId, player_name: playerName, player_gender: "female" },
    ANONYMOUS,
  );
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

describe("Merchant Kael over HTTP", () => {
  it("ACCEPT: the haggle ends in a deal, rare_goods unlocks with auto-advance and becomes current, then ends ACCEPT too", async () => {
    const player = "kael-accept";
    expect(await availableKeys(app, kael, player)).toEqual(["haggle"]);
    const opened = await init(kael, player, kaelMachines.haggle);
    expect(opened).toEqual({
      message: "Step in out of the drizzle, Arin. Lanterns, maps, blades. What are you after?",
      session_id: expect.any(String),
      user_session_id: player,
      persona_name: "Merchant Kael",
      persona_description: "A shrewd trader in the Hollow Market",
      player_name: "Arin",
      player_gender: "female",
      machine_id: kaelMachines.haggle,
    });

    const turns = await sendAll(app, kael, player, kaelMachines.haggle!, ["Hello there!", "I'd like that lantern", "I can pay 110 gold"]);
    expect(turns.map((turn) => turn.current_state)).toEqual(["browsing", "haggling", "deal"]);
    expect(turns[1].message).toBe("The lantern? A fine eye. One hundred and twenty gold, and I'm robbing myself.");
    expect(Object.keys(turns[2]).sort()).toEqual(
      ["current_state", "decision", "follow_up", "machine_completed", "message", "outcome", "redirect_count", "score", "scoring_mode", "session_id", "unlocked_machines"].sort(),
    );
    expect(turns[2]).toMatchObject({ outcome: "ACCEPT", decision: "pass", score: 30, machine_completed: true, scoring_mode: "scoring", session_id: opened.session_id, follow_up: false });
    expect(turns[0].outcome).toBeNull();
    expect(turns[2].unlocked_machines).toEqual([{ machine_id: kaelMachines.rare_goods, machine_key: "rare_goods", name: "Below the counter", is_auto_advance: true }]);

    const progress = await progressOf(app, kael, player);
    expect(progress).toMatchObject({
      persona_id: kael,
      current_machine_id: kaelMachines.rare_goods,
      total_score: 30,
      relationship_level: 13,
      route_path: [kaelMachines.haggle, kaelMachines.rare_goods],
      cross_machine_vars: { item: "lantern", offer: 110 },
      has_links: true,
    });
    expect(progress.completed_machines).toEqual([{ machine_id: kaelMachines.haggle, machine_key: "haggle", outcome: "ACCEPT", score: 30, completed_at: expect.any(String) }]);
    expect(progress.available_machines.map((machine: any) => [machine.machine_key, machine.machine_id])).toEqual([
      ["haggle", kaelMachines.haggle],
      ["rare_goods", kaelMachines.rare_goods],
    ]);

    // No machine_id: the current machine, which auto-advance opened; init-session resumes it.
    const resumed = await init(kael, player);
    expect(resumed.machine_id).toBe(kaelMachines.rare_goods);
    expect(resumed.message).toContain("You bought the lantern like a professional, Arin.");
    const secret = await sendAll(app, kael, player, null, ["I swear on my life", "I would find my sister"]);
    expect(secret[1]).toMatchObject({ outcome: "ACCEPT", score: 25, session_id: resumed.session_id, unlocked_machines: [] });
    const after = await progressOf(app, kael, player);
    expect(after).toMatchObject({ current_machine_id: null, total_score: 55, relationship_level: 13 + 13 });
    expect(after.completed_machines.map((machine: any) => machine.machine_key)).toEqual(["haggle", "rare_goods"]);
  });

  it("REJECT: a lowball then walking away ends REJECT and unlocks second_chance only (no auto-advance)", async () => {
    const player = "kael-reject";
    await init(kael, player, kaelMachines.haggle);
    const turns = await sendAll(app, kael, player, kaelMachines.haggle!, ["hi", "the dagger please", "I'll give you 20 gold", "No deal, forget it"]);
    expect(turns[2]).toMatchObject({ decision: "reject", current_state: "final_offer", score: -5, outcome: null, machine_completed: false });
    expect(turns[3]).toMatchObject({ decision: "reject", current_state: "walk_away", outcome: "REJECT", score: -15, machine_completed: true });
    expect(turns[3].unlocked_machines).toEqual([{ machine_id: kaelMachines.second_chance, machine_key: "second_chance", name: "Mend fences with Kael", is_auto_advance: false }]);
    expect(await availableKeys(app, kael, player)).toEqual(["haggle", "second_chance"]);
    const progress = await progressOf(app, kael, player);
    expect(progress).toMatchObject({ current_machine_id: null, total_score: -15, relationship_level: -5 });

    const locked = await app.request("POST", `/api/v1/chat/${kael}/message?machine_id=${kaelMachines.rare_goods}`, { message: "hello", user_session_id: player }, ANONYMOUS);
    expect(locked.status).toBe(403);
    expect(locked.body.error.code).toBe("forbidden");
    expect(locked.body.error.message).toContain("locked");

    await init(kael, player, kaelMachines.second_chance);
    const amends = await sendAll(app, kael, player, kaelMachines.second_chance!, ["You crook!"]);
    expect(amends[0]).toMatchObject({ outcome: "REJECT", decision: "reject", current_state: "shunned", scoring_mode: "pass_fail" });
  });

  it("KICK_OUT: a threat ends the haggle at once and rare_goods stays locked", async () => {
    const player = "kael-kick";
    await init(kael, player, kaelMachines.haggle);
    const [turn] = await sendAll(app, kael, player, kaelMachines.haggle!, ["Give me that lamp or I'll burn your stall"]);
    expect(turn).toMatchObject({ decision: "kick_out", outcome: "KICK_OUT", current_state: "thrown_out", score: -20, machine_completed: true });
    expect(turn.message).toBe("Threats? Under my own awning? Out, before my friends in the market find you first.");
    expect(turn.unlocked_machines).toEqual([{ machine_id: kaelMachines.second_chance, machine_key: "second_chance", name: "Mend fences with Kael", is_auto_advance: false }]);
    const progress = await progressOf(app, kael, player);
    expect(progress).toMatchObject({ relationship_level: -15, total_score: -20 });
    expect(progress.completed_machines[0]).toMatchObject({ machine_key: "haggle", outcome: "KICK_OUT", score: -20 });
    expect(await availableKeys(app, kael, player)).not.toContain("rare_goods");
  });

  it("redirects: the NPC stays, follows up and counts", async () => {
    const player = "kael-redirect";
    const turns = await sendAll(app, kael, player, kaelMachines.haggle!, ["...", "hmm"]);
    expect(turns[1]).toMatchObject({ decision: "redirect", follow_up: true, redirect_count: 2, current_state: "greeting" });
    expect(turns[0].message).not.toBe(turns[1].message);
  });
});

describe("Guard Captain Sera over HTTP", () => {
  it("ACCEPT (pass_fail): admitted; night_watch unlocks without auto-advance, appeal stays locked; night_watch ends ACCEPT", async () => {
    const player = "sera-accept";
    expect(await availableKeys(app, sera, player)).toEqual(["gate_interrogation"]);
    await init(sera, player, seraMachines.gate_interrogation);
    const turns = await sendAll(app, sera, player, seraMachines.gate_interrogation!, ["My name is Arin", "I come to pray at the temple", "Here is my writ, sealed by the magistrate"]);
    expect(turns[2]).toMatchObject({ outcome: "ACCEPT", current_state: "admitted", scoring_mode: "pass_fail", score: 40, machine_completed: true });
    expect(turns[2].unlocked_machines).toEqual([{ machine_id: seraMachines.night_watch, machine_key: "night_watch", name: "The night watch", is_auto_advance: false }]);
    expect(await availableKeys(app, sera, player)).toEqual(["gate_interrogation", "night_watch"]);
    expect(await progressOf(app, sera, player)).toMatchObject({ current_machine_id: null, cross_machine_vars: { stated_name: "Arin", player_business: "pilgrimage" } });

    await init(sera, player, seraMachines.night_watch);
    const night = await sendAll(app, sera, player, seraMachines.night_watch!, ["Ready, lead the way", "Movement at the docks!", "I counted 4 smugglers"]);
    expect(night[2]).toMatchObject({ outcome: "ACCEPT", score: 35 });
    expect(night[2].message).toBe("4 at the docks. Good eyes. The watch owes you one, Arin.");
    const progress = await progressOf(app, sera, player);
    expect(progress.total_score).toBe(75);
    expect(progress.route_path).toEqual([seraMachines.gate_interrogation, seraMachines.night_watch]);
  });

  it("REJECT (pass_fail): a sellsword is turned away; appeal unlocks with auto-advance and becomes current", async () => {
    const player = "sera-reject";
    await init(sera, player, seraMachines.gate_interrogation);
    const turns = await sendAll(app, sera, player, seraMachines.gate_interrogation!, ["Call me Brann", "I'm a sellsword looking for work"]);
    expect(turns[1]).toMatchObject({ decision: "reject", outcome: "REJECT", current_state: "turned_away" });
    expect(turns[1].unlocked_machines).toEqual([{ machine_id: seraMachines.appeal, machine_key: "appeal", name: "Appeal at the gate", is_auto_advance: true }]);
    expect(await availableKeys(app, sera, player)).toEqual(["gate_interrogation", "appeal"]);
    expect((await progressOf(app, sera, player)).current_machine_id).toBe(seraMachines.appeal);
    const [appeal] = await sendAll(app, sera, player, null, ["Nobody, I fear"]);
    expect(appeal).toMatchObject({ outcome: "REJECT", current_state: "denied" });
  });

  it("KICK_OUT: a bribe gets the player arrested and unlocks nothing", async () => {
    const player = "sera-kick";
    await init(sera, player);
    const turns = await sendAll(app, sera, player, null, ["I am Arin", "Perhaps a few coins for you, captain, and you look the other way?"]);
    expect(turns[1]).toMatchObject({ decision: "kick_out", outcome: "KICK_OUT", current_state: "arrested", unlocked_machines: [] });
    expect(await availableKeys(app, sera, player)).toEqual(["gate_interrogation"]);
    expect((await progressOf(app, sera, player)).relationship_level).toBe(-15);
  });
});

describe("chat rules", () => {
  it("a message to a finished machine is 409 conflict; init-session then starts a replay", async () => {
    const player = "kael-finished";
    await sendAll(app, kael, player, kaelMachines.haggle!, ["Give me that lamp or I'll burn your stall"]);
    const again = await app.request("POST", `/api/v1/chat/${kael}/message?machine_id=${kaelMachines.haggle}`, { message: "sorry", user_session_id: player }, ANONYMOUS);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    expect(again.body.error.message).toContain("already ended (KICK_OUT)");
    const replay = await init(kael, player, kaelMachines.haggle);
    const [turn] = await sendAll(app, kael, player, kaelMachines.haggle!, ["Hello there!"]);
    expect(turn).toMatchObject({ current_state: "browsing", session_id: replay.session_id });
    expect((await progressOf(app, kael, player)).route_path).toEqual([kaelMachines.haggle, kaelMachines.haggle]);
  });

  it("a message with no session opens one implicitly; machine_id may also be a machine_key", async () => {
    const [turn] = await sendAll(app, kael, "kael-implicit", "haggle", ["Hello there!"]);
    expect(turn).toMatchObject({ current_state: "browsing", score: 5 });
  });

  it("init-session on a session in play resumes it", async () => {
    const first = await init(sera, "sera-resume", seraMachines.gate_interrogation);
    await sendAll(app, sera, "sera-resume", seraMachines.gate_interrogation!, ["My name is Arin"]);
    const second = await init(sera, "sera-resume", seraMachines.gate_interrogation, "Someone else");
    expect(second.session_id).toBe(first.session_id);
    expect(second.message).toBe("Arin. Noted. What business brings you to Aldermere?");
    expect(second.player_name).toBe("Arin");
  });

  it("answers 404 for an unknown machine or persona, 400 for a malformed id, 422 for a missing field", async () => {
    const unknownMachine = await app.request("POST", `/api/v1/chat/${kael}/message?machine_id=00000000-0000-4000-8000-000000000000`, { message: "hi", user_session_id: "x" }, ANONYMOUS);
    expect(unknownMachine.status).toBe(404);
    expect(unknownMachine.body.error.code).toBe("not_found");
    expect((await app.request("POST", `/api/v1/chat/00000000-0000-4000-8000-000000000000/init-session`, { user_session_id: "x" }, ANONYMOUS)).status).toBe(404);
    expect((await app.request("POST", `/api/v1/chat/kael/init-session`, { user_session_id: "x" }, ANONYMOUS)).status).toBe(400);
    const noSession = await app.request("POST", `/api/v1/chat/${kael}/message`, { message: "hi" }, ANONYMOUS);
    expect(noSession.status).toBe(422);
    expect(noSession.body.error.details).toEqual([{ loc: ["user_session_id"], msg: "Field required", type: "missing" }]);
    const emptyMessage = await app.request("POST", `/api/v1/chat/${kael}/message`, { message: "", user_session_id: "x" }, ANONYMOUS);
    expect(emptyMessage.body.error.details[0]).toMatchObject({ loc: ["message"], type: "string_too_short" });
    for (const path of ["progress", "available-machines"]) {
      const missing = await app.request("GET", `/api/v1/personas/${kael}/${path}`, undefined, ANONYMOUS);
      expect(missing.status).toBe(422);
      expect(missing.body.error.details[0].loc).toEqual(["user_session_id"]);
    }
  });

  it("a private persona is 404 to other players and playable by its owner", async () => {
    const body = { ...(await app.request("GET", `/api/v1/personas/${kael}/full`)).body };
    const privateCopy = await app.request("POST", "/api/v1/creator/save", { ...body.persona, ...body, name: "Private Kael", is_public: false });
    expect(privateCopy.status).toBe(200);
    const other = await otherAccount(app, "chat-other");
    for (const headers of [ANONYMOUS, other.headers]) {
      expect((await app.request("POST", `/api/v1/chat/${privateCopy.body.id}/init-session`, { user_session_id: "p" }, headers)).status).toBe(404);
      expect((await app.request("GET", `/api/v1/personas/${privateCopy.body.id}/progress?user_session_id=p`, undefined, headers)).status).toBe(404);
    }
    expect((await app.request("POST", `/api/v1/chat/${privateCopy.body.id}/init-session`, { user_session_id: "p" })).status).toBe(200);
  });
});

describe("odd inputs", () => {
  it("never answer a 500", async () => {
    const odd: Array<[string, string, unknown]> = [
      ["POST", `/api/v1/chat/${kael}/message`, [1, 2]],
      ["POST", `/api/v1/chat/${kael}/message`, "null"],
      ["POST", `/api/v1/chat/${kael}/message?machine_id=a&machine_id=b`, { message: "hi", user_session_id: "odd" }],
      ["POST", `/api/v1/chat/${kael}/message`, { message: 42, user_session_id: ["odd"] }],
      ["POST", `/api/v1/chat/${kael}/message`, { message: "x".repeat(5000), user_session_id: "odd" }],
      ["POST", `/api/v1/chat/${kael}/init-session`, "{not json"],
      ["GET", `/api/v1/personas/${kael}/progress?user_session_id=a&user_session_id=b`, undefined],
      ["GET", `/api/v1/personas?limit=1&limit=2`, undefined],
      ["POST", "/api/v1/creator/save", [{ name: "x" }]],
      ["POST", "/api/v1/creator/save", { name: "x", machines: "nope" }],
      ["POST", "/api/v1/creator/save?persona_id=a&persona_id=b", {}],
      ["POST", `/api/v1/sdk/chat/${kael}/reset?user_session_id=a&user_session_id=b`, undefined],
      ["DELETE", "/api/v1/personas/%20", undefined],
    ];
    for (const [method, path, body] of odd) {
      const { status, body: answer } = await app.request(method, path, body);
      expect(status, `${method} ${path}: ${JSON.stringify(answer)}`).toBeGreaterThanOrEqual(400);
      expect(status, `${method} ${path}: ${JSON.stringify(answer)}`).toBeLessThan(500);
      expect(answer.error.code).toEqual(expect.any(String));
    }
  });
});

describe("streaming", () => {
  it("sends metadata, then the reply in text_delta chunks, then done with the full response", async () => {
    const player = "kael-stream";
    await init(kael, player, kaelMachines.haggle);
    const response = await fetch(`${app.url}/api/v1/chat/${kael}/message/stream?machine_id=${kaelMachines.haggle}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: "Hello there!", user_session_id: player }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const events = parseEventStream(await response.text());
    expect(events[0]!.event).toBe("metadata");
    expect(events[0]!.data).toMatchObject({ machine_id: kaelMachines.haggle, machine_key: "haggle", current_state: "browsing", user_session_id: player, persona_id: kael });
    // The metadata carries the turn's whole state before any text (Foil's ChatStreamMetadata), as `done` does.
    expect(events[0]!.data).toMatchObject({ score: 5, outcome: null, decision: "pass", follow_up: false, redirect_count: 0, machine_completed: false, unlocked_machines: [], scoring_mode: "scoring" });
    const deltas = events.slice(1, -1);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((event) => event.event === "text_delta")).toBe(true);
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    expect(done.data).toMatchObject({ current_state: "browsing", decision: "pass", score: 5, session_id: events[0]!.data.session_id, unlocked_machines: [] });
    expect(deltas.map((event) => event.data.text).join("")).toBe(done.data.message);
  });

  it("answers an error found before the stream starts as JSON with its status", async () => {
    const { status, body } = await app.request("POST", `/api/v1/chat/${kael}/message/stream`, { message: "hi" }, ANONYMOUS);
    expect(status).toBe(422);
    expect(body.error.details[0].loc).toEqual(["user_session_id"]);
  });

  it("chunks rebuild the text exactly", () => {
    for (const text of ["", "one", "  two  words ", "a\nb\tc"]) expect(textChunks(text).join("")).toBe(text);
  });
});

describe("DELETE /api/v1/personas/{id}/progress", () => {
  it("clears exactly this player's progress, sessions and chats", async () => {
    await sendAll(app, kael, "reset-me", kaelMachines.haggle!, ["Give me that lamp or I'll burn your stall"]);
    await sendAll(app, kael, "keep-me", kaelMachines.haggle!, ["Give me that lamp or I'll burn your stall"]);
    const { status, body } = await app.request("DELETE", `/api/v1/personas/${kael}/progress?user_session_id=reset-me`, undefined, ANONYMOUS);
    expect(status).toBe(200);
    expect(body).toMatchObject({ persona_id: kael, user_session_id: "reset-me", reset: true, sessions_deleted: 1 });
    expect(await progressOf(app, kael, "reset-me")).toMatchObject({ completed_machines: [], route_path: [], total_score: 0, relationship_level: 0, cross_machine_vars: {}, current_machine_id: null });
    expect((await progressOf(app, kael, "keep-me")).completed_machines).toHaveLength(1);
    const [fresh] = await sendAll(app, kael, "reset-me", kaelMachines.haggle!, ["Hello there!"]);
    expect(fresh).toMatchObject({ current_state: "browsing", score: 5 });
  });
});
