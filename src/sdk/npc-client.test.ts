/**
 * `client.npc` against a real Dramatis server (loopback, embedded Postgres, the seeded example
 * NPCs): Merchant Kael played to ACCEPT through the SDK alone, streamed turns included, and the
 * persona routes a game or an authoring tool needs around play.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { createClient, DramatisApiError, type DramatisClient, type NpcStreamEvent } from "./index.ts";

let app: TestApp;
let client: DramatisClient;
let kael: string;
let machines: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp({}, { seedExamples: true });
  client = createClient({ baseUrl: app.url, token: app.devKey });
  kael = (await client.npc.personas.list({ limit: 100 })).find((persona) => persona.name === "Merchant Kael")!.id;
  machines = Object.fromEntries((await client.npc.personas.full(kael)).machines.map((machine) => [machine.machine_key, machine.id]));
});
afterAll(async () => {
  await app?.close();
});

describe("playing Merchant Kael through the SDK", () => {
  it("haggles to ACCEPT, with the reply streamed as metadata, text deltas and done, and reads the game state after", async () => {
    const player = "sdk-accept";
    expect((await client.npc.personas.availableMachines(kael, player)).map((machine) => machine.machine_key)).toEqual(["haggle"]);

    const opened = await client.npc.chat.initSession(kael, { user_session_id: player, player_name: "Arin", player_gender: "female", machine_id: machines.haggle });
    expect(opened).toMatchObject({ persona_name: "Merchant Kael", user_session_id: player, machine_id: machines.haggle, player_name: "Arin" });
    expect(opened.message).toMatch(/Arin/);

    const greeting = await client.npc.chat.message(kael, { user_session_id: player, message: "Hello there!", machine_id: machines.haggle });
    expect(greeting).toMatchObject({ current_state: "browsing", outcome: null, session_id: opened.session_id });

    // A streamed turn, event by event.
    const events: NpcStreamEvent[] = [];
    for await (const event of await client.npc.chat.messageStream(kael, { user_session_id: player, message: "I'd like that lantern", machine_id: machines.haggle })) events.push(event);
    expect(events[0]).toMatchObject({ event: "metadata", data: { current_state: "haggling", persona_id: kael, machine_key: "haggle", user_session_id: player } });
    expect(events.at(-1)?.event).toBe("done");
    const deltas = events.filter((event) => event.event === "text_delta");
    expect(deltas.length).toBeGreaterThan(1);
    const done = events.at(-1) as Extract<NpcStreamEvent, { event: "done" }>;
    expect(deltas.map((event) => event.data.text).join("")).toBe(done.data.message);
    expect(done.data.message).toBe("The lantern? A fine eye. One hundred and twenty gold, and I'm robbing myself.");

    // The deciding turn, read to the end with finish().
    let spoken = "";
    const deal = await (await client.npc.chat.messageStream(kael, { user_session_id: player, message: "I can pay 110 gold", machine_id: machines.haggle })).finish((text) => (spoken += text));
    expect(deal).toMatchObject({ outcome: "ACCEPT", decision: "pass", score: 30, machine_completed: true, session_id: opened.session_id });
    expect(spoken).toBe(deal.message);
    expect(deal.unlocked_machines).toEqual([{ machine_id: machines.rare_goods, machine_key: "rare_goods", name: "Below the counter", is_auto_advance: true }]);

    const progress = await client.npc.personas.progress(kael, player);
    expect(progress).toMatchObject({ persona_id: kael, current_machine_id: machines.rare_goods, total_score: 30, cross_machine_vars: { item: "lantern", offer: 110 } });
    expect(progress.completed_machines).toEqual([{ machine_id: machines.haggle, machine_key: "haggle", outcome: "ACCEPT", score: 30, completed_at: expect.any(String) }]);
    expect((await client.npc.personas.availableMachines(kael, player)).map((machine) => machine.machine_key)).toEqual(["haggle", "rare_goods"]);

    const session = await client.npc.chat.session(kael, { user_session_id: player, machine_id: machines.haggle });
    expect(session).toMatchObject({ session_id: opened.session_id, machine_key: "haggle", outcome: "ACCEPT", score: 30, machine_completed: true, started_at: expect.any(String) });
    const history = await client.npc.chat.history(kael, { user_session_id: player, machine_id: machines.haggle });
    expect(history).toMatchObject({ session_id: opened.session_id, outcome: "ACCEPT", player_name: "Arin" });
    const said = history.messages.filter((message) => message.role === "user").map((message) => message.content);
    expect(said).toEqual(["Hello there!", "I'd like that lantern", "I can pay 110 gold"]);

    const listed = await client.npc.chat.machines(kael, player);
    expect(listed.find((machine) => machine.machine_key === "haggle")).toMatchObject({ has_session: true, session_outcome: "ACCEPT" });

    const reset = await client.npc.chat.reset(kael, { user_session_id: player, machine_id: machines.rare_goods });
    expect(reset).toMatchObject({ reset: true, machine_id: machines.rare_goods });
    expect((await client.npc.personas.progress(kael, player)).completed_machines.map((machine) => machine.machine_key)).toEqual(["haggle"]);
    expect(await client.npc.personas.resetProgress(kael, player)).toMatchObject({ reset: true, user_session_id: player });
    expect((await client.npc.personas.progress(kael, player)).completed_machines).toEqual([]);
  });

  it("a refused streamed turn throws the server's error before any event, as the plain turn does", async () => {
    const player = "sdk-locked";
    await client.npc.chat.initSession(kael, { user_session_id: player, machine_id: machines.haggle });
    const plain = await client.npc.chat.message(kael, { user_session_id: player, message: "hello", machine_id: machines.rare_goods }).catch((error: unknown) => error);
    const streamed = await client.npc.chat.messageStream(kael, { user_session_id: player, message: "hello", machine_id: machines.rare_goods }).catch((error: unknown) => error);
    expect(DramatisApiError.isInstance(plain)).toBe(true);
    expect(DramatisApiError.isInstance(streamed)).toBe(true);
    const [plainError, streamedError] = [plain as DramatisApiError, streamed as DramatisApiError];
    expect(streamedError.status).toBe(plainError.status);
    expect(streamedError.status).toBeGreaterThanOrEqual(400);
    expect(streamedError.code).toBe(plainError.code);
    const empty = await client.npc.chat.message(kael, { user_session_id: player, message: "" }).catch((error: unknown) => error as DramatisApiError);
    expect(empty).toMatchObject({ status: 422, code: "validation_failed" });
    expect((empty as DramatisApiError).details[0]).toMatchObject({ loc: ["message"], type: "string_too_short" });
  });
});

describe("authoring through the SDK", () => {
  it("saves Kael's /full as a new persona, publishes and plays it, lists it as published, saves a new version, and deletes it", async () => {
    const full = await client.npc.personas.full(kael);
    // A `/full` answer goes back to save as it is, edited.
    const saved = await client.npc.personas.save({ ...full, persona: { ...full.persona, name: "Kael's apprentice" } });
    expect(saved.name).toBe("Kael's apprentice");
    expect(saved.persona_id).not.toBe(kael);
    expect(saved.machines.map((machine) => machine.machine_key).sort()).toEqual(full.machines.map((machine) => machine.machine_key).sort());
    expect(Array.isArray(saved.warnings)).toBe(true);
    expect((await client.npc.personas.get(saved.persona_id)).name).toBe("Kael's apprentice");

    const published = await client.npc.personas.publish(saved.persona_id);
    expect(published).toEqual({ persona_id: saved.persona_id, play_link: `${app.url}/play/${saved.persona_id}` });
    expect((await client.npc.personas.listPublished()).map((persona) => persona.id)).toContain(saved.persona_id);
    const opened = await client.npc.chat.initSession(saved.persona_id, { user_session_id: "apprentice-player" });
    expect(opened.persona_name).toBe("Kael's apprentice");

    const renamed = await client.npc.personas.save({ ...full, persona: { ...full.persona, name: "Kael's journeyman" } }, { personaId: saved.persona_id });
    expect(renamed).toMatchObject({ persona_id: saved.persona_id, name: "Kael's journeyman" });

    expect(await client.npc.personas.delete(saved.persona_id)).toEqual({ persona_id: saved.persona_id, deleted: true });
    await expect(client.npc.personas.get(saved.persona_id)).rejects.toMatchObject({ status: 404, code: "not_found" });
  });
});
