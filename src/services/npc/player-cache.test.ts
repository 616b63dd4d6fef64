/**
 * What a process remembers of a player after serving their turn is exactly what reading the store
 * back gives — the ledger, its version, and the sessions that can matter, down to the order of the
 * keys in every session state — through machines ending, a machine opened by auto-advance, a replay
 * and a reset. So a turn computed from memory is the turn a fresh read would have computed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openTestStore } from "../../../test/helpers/app.ts";
import { AccountRepository } from "../../store/accounts.ts";
import type { Store } from "../../store/database.ts";
import { NpcRepository, type NpcPersonaRow } from "../../store/npc.ts";
import { asStoredJson, PlayerCache, sessionsThatMatter, type KnownPlayer } from "./player-cache.ts";
import { PlayService } from "./play-service.ts";
import { seedExampleNpcs } from "./seed-examples.ts";

let store: Store;
let npc: NpcRepository;
let kael: NpcPersonaRow;

beforeAll(async () => {
  store = await openTestStore();
  const account = await new AccountRepository(store.db).create("player-cache", 0);
  await seedExampleNpcs(store.db, account.id);
  npc = new NpcRepository(store.db);
  const personas = await npc.listPersonas({ includePublic: false, ownerId: account.id, limit: 10 });
  kael = personas.find((persona) => persona.name === "Merchant Kael") as NpcPersonaRow;
}, 60_000);
afterAll(async () => store?.close());

/** The player as the store holds them now, in the shape a process remembers. */
async function stored(userSessionId: string): Promise<KnownPlayer> {
  const read = await npc.readPlayer(kael.id, userSessionId);
  return { ledger: read.ledger!, ledgerStored: true, sessions: read.sessions };
}

describe("reading a player", () => {
  it("reads a new player's first turn from the store once: no ledger row comes with the (empty) list of their events", async () => {
    const reads: string[] = [];
    const counted = new Proxy(npc, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (name === "readPlayer" || name === "playerEvents") reads.push(String(name));
          return (value as (...args: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    await new PlayService(counted).sendMessage(kael, { userSessionId: "first-turn-reads", machineId: "haggle", message: "Hello there!" });
    expect(reads).toEqual(["readPlayer"]);
    expect((await npc.readPlayer(kael.id, "never-played")).events).toEqual([]);
    // From the one statement itself (migration 0009), not a second read.
    const { rows } = (await store.db.execute(sql`select npc_read_player(${kael.id}, 'never-played')::jsonb -> 'events' as events`)) as unknown as { rows: Array<{ events: unknown }> };
    const row = rows[0];
    expect(row!.events).toEqual([]);
  });

  it("folds a player with events and no ledger row (play from before ledgers) from the events read with them", async () => {
    const play = new PlayService(npc);
    await play.sendMessage(kael, { userSessionId: "pre-ledger", machineId: "haggle", message: "Hello there!" });
    await play.sendMessage(kael, { userSessionId: "pre-ledger", machineId: "haggle", message: "I'd like that lantern" });
    const withLedger = await npc.readPlayer(kael.id, "pre-ledger");
    const progressFromLedger = JSON.stringify(await play.progress(kael, "pre-ledger"));
    await store.db.execute(sql`delete from npc_player_ledgers where persona_id = ${kael.id} and user_session_id = 'pre-ledger'`);
    const read = await npc.readPlayer(kael.id, "pre-ledger");
    expect(read.ledger).toBeNull();
    expect(read.events!.map((event) => event.id)).toEqual((await npc.playerEvents(kael.id, "pre-ledger")).map((row) => row.id));
    expect(read.events!.length).toBe(withLedger.ledger!.eventCount);
    expect(JSON.stringify(await new PlayService(npc).progress(kael, "pre-ledger"))).toBe(progressFromLedger);
  });
});

describe("what a process remembers of a player", () => {
  it("is, after every turn, byte for byte what reading the store gives", async () => {
    const play = new PlayService(npc);
    const player = "remembered";
    const send = (machineId: string, message: string) => play.sendMessage(kael, { userSessionId: player, machineId, message });
    const steps: Array<[string, () => Promise<unknown>]> = [
      ["haggle opened by a message", () => send("haggle", "Hello there!")],
      ["haggle", () => send("haggle", "I'd like that lantern")],
      ["haggle ends ACCEPT, rare_goods opened by auto-advance", () => send("haggle", "I can pay 110 gold")],
      ["rare_goods", () => send("rare_goods", "I swear on my life")],
      ["rare_goods ends", () => send("rare_goods", "I would find my sister")],
      ["haggle replayed", () => play.initSession(kael, { userSessionId: player, machineId: "haggle" })],
      ["haggle ends KICK_OUT", () => send("haggle", "Give me that lamp or I'll burn your stall")],
      ["second_chance", () => send("second_chance", "um")],
      ["second_chance ends", () => send("second_chance", "I am sorry, I was wrong")],
    ];
    for (const [name, run] of steps) {
      await run();
      expect(JSON.stringify(play.rememberedPlayer(kael.id, player)), name).toBe(JSON.stringify(await stored(player)));
    }
    const sessions = play.rememberedPlayer(kael.id, player)!.sessions;
    // Per machine its latest session and, when it differs, its latest unfinished one.
    expect(sessions.map((row) => row.machineKey).sort()).toEqual(["haggle", "rare_goods", "second_chance"]);
  });

  it("is forgotten when the player is reset, and read again at their next turn", async () => {
    const play = new PlayService(npc);
    const player = "reset-remembered";
    await play.sendMessage(kael, { userSessionId: player, machineId: "haggle", message: "Hello there!" });
    await play.resetMachine(kael, player, "haggle");
    expect(play.rememberedPlayer(kael.id, player)).toBeUndefined();
    await play.sendMessage(kael, { userSessionId: player, machineId: "haggle", message: "Hello there!" });
    expect(JSON.stringify(play.rememberedPlayer(kael.id, player))).toBe(JSON.stringify(await stored(player)));
  });
});

describe("sessionsThatMatter", () => {
  const row = (id: string, machineKey: string, completed: boolean) =>
    ({ id, machineKey, state: { completed }, personaId: "p", userSessionId: "u", playerName: null, playerGender: null, createdAt: new Date(0), updatedAt: new Date(0) }) as const;

  it("keeps per machine the latest finished and the latest unfinished session, in the order they were created", () => {
    const kept = sessionsThatMatter([row("1", "a", true), row("2", "b", false), row("3", "a", true), row("4", "a", false), row("5", "b", true), row("6", "b", false)]);
    expect(kept.map((session) => session.id)).toEqual(["3", "4", "5", "6"]);
  });
});

describe("asStoredJson", () => {
  it("orders keys as jsonb does: shorter first, then by their UTF-8 bytes, at every depth", () => {
    const value = asStoredJson({ zeta: 1, b: { long_key: true, a: [{ é: 1, z: 2, aa: 3 }] }, aa: undefined, ab: 2 });
    expect(JSON.stringify(value)).toBe('{"b":{"a":[{"z":2,"aa":3,"é":1}],"long_key":true},"ab":2,"zeta":1}');
  });

  it("keeps a key named __proto__ as data", () => {
    const value = asStoredJson(JSON.parse('{"__proto__":{"x":1},"a":2}')) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["a", "__proto__"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});

describe("PlayerCache", () => {
  const known = (events: number): KnownPlayer => ({ ledger: { ledger: {}, lastEventId: events, eventCount: events }, ledgerStored: true, sessions: [] });

  it("drops the player least recently used when full", () => {
    const cache = new PlayerCache(2);
    cache.set("p", "a", known(1));
    cache.set("p", "b", known(2));
    cache.get("p", "a");
    cache.set("p", "c", known(3));
    expect([cache.get("p", "a"), cache.get("p", "b"), cache.get("p", "c")].map((entry) => entry?.ledger.eventCount)).toEqual([1, undefined, 3]);
  });

  it("forgets an entry only if it is still the one a turn read, when asked so", () => {
    const cache = new PlayerCache();
    const read = known(1);
    cache.set("p", "a", read);
    cache.set("p", "a", known(2));
    cache.forget("p", "a", read);
    expect(cache.get("p", "a")?.ledger.eventCount).toBe(2);
    cache.forgetPlayers(["a"]);
    expect(cache.size).toBe(0);
  });
});
