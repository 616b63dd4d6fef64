/**
 * Group commit of NPC turns (`NpcRepository.commitTurn`): turns computed together are written in
 * one statement, yet each stands alone — one whose check fails, or that the database refuses,
 * writes nothing and takes nothing of the others with it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import { openTestStore } from "../../../test/helpers/app.ts";
import { AccountRepository } from "../../store/accounts.ts";
import type { Store } from "../../store/database.ts";
import { NpcRepository, type NpcPersonaRow, type TurnWrite } from "../../store/npc.ts";
import { playedHistory } from "./played-history.ts";
import { PlayService } from "./play-service.ts";
import { seedExampleNpcs } from "./seed-examples.ts";

let store: Store;
let npc: NpcRepository;
let kael: NpcPersonaRow;

beforeAll(async () => {
  store = await openTestStore();
  const account = await new AccountRepository(store.db).create("turn-batches", 0);
  await seedExampleNpcs(store.db, account.id);
  npc = new NpcRepository(store.db);
  kael = (await npc.findPersonaByName(account.id, "Merchant Kael")) as NpcPersonaRow;
}, 60_000);
afterAll(async () => store?.close());

/** Statements the database is sent while `work` runs. */
async function statements(work: () => Promise<unknown>): Promise<number> {
  const client = (store.db as unknown as { $client: PGlite }).$client;
  const query = client.query.bind(client);
  let sent = 0;
  client.query = ((...args: Parameters<PGlite["query"]>) => {
    sent += 1;
    return query(...args);
  }) as PGlite["query"];
  try {
    await work();
  } finally {
    client.query = query;
  }
  return sent;
}

/** A new player's first turn: opening the haggle and one message. */
const firstTurn = (player: string): Promise<TurnWrite> => playedHistory(kael, "haggle", player, ["I want to buy a lantern"]);

describe("turns computed together", () => {
  it("ten players' turns are written in one statement, and each is stored", async () => {
    const play = new PlayService(npc);
    const players = Array.from({ length: 10 }, (_, index) => `together-${index}`);
    for (const player of players) await play.sendMessage(kael, { userSessionId: player, machineId: "haggle", message: "I want to buy a lantern" });

    const sent = await statements(() => Promise.all(players.map((player) => play.sendMessage(kael, { userSessionId: player, machineId: "haggle", message: "hmm" }))));

    expect(sent).toBe(1);
    for (const player of players) expect((await npc.playerEvents(kael.id, player)).filter((row) => row.type === "message-received")).toHaveLength(2);
  });

  it("each turn's outcome is its own, whatever order the batch writes them in", async () => {
    const players = ["order-z", "order-a", "order-m"];
    const writes = await Promise.all(players.map(firstTurn));
    const outcomes = await Promise.all(writes.map((write) => npc.commitTurn(write, { absent: { lastEventId: 0, eventCount: 0 } })));

    for (const [index, player] of players.entries()) {
      const events = await npc.playerEvents(kael.id, player);
      expect(outcomes[index]).toMatchObject({ status: "written", lastEventId: events.at(-1)!.id });
    }
  });

  it("two first turns of one new player: the first is written, the second finds the player changed and writes nothing", async () => {
    const [one, two] = await Promise.all([firstTurn("twice"), firstTurn("twice")]);
    const none = { lastEventId: 0, eventCount: 0 };
    const outcomes = await Promise.all([npc.commitTurn(one!, { absent: none }), npc.commitTurn(two!, { absent: none })]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(["written", "stale"]);
    expect(await npc.playerEvents(kael.id, "twice")).toHaveLength(one!.events.length);
  });

  it("a turn the database refuses fails alone; the others of its batch are written", async () => {
    const good = await Promise.all([firstTurn("beside-1"), firstTurn("beside-2")]);
    const refused = await firstTurn("refused");
    // A chat line of a session that does not exist: the database refuses it (foreign key).
    refused.messages[0] = { ...refused.messages[0]!, sessionId: "00000000-0000-4000-8000-000000000000" };
    const none = { lastEventId: 0, eventCount: 0 };

    const settled = await Promise.allSettled([npc.commitTurn(good[0]!, { absent: none }), npc.commitTurn(refused, { absent: none }), npc.commitTurn(good[1]!, { absent: none })]);

    expect(settled.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(settled.filter((result) => result.status === "fulfilled").map((result) => result.value.status)).toEqual(["written", "written"]);
    expect(await npc.playerEvents(kael.id, "refused")).toHaveLength(0);
    expect(await npc.readPlayer(kael.id, "refused")).toEqual({ ledger: null, sessions: [], events: [] });
  });

  it("a turn checked against a persona version that is no longer current writes nothing", async () => {
    const read = await npc.getVersionedPersona(kael.id);
    await npc.updatePersona(store.db, kael.id, { description: "A trader who was edited" });
    const outcome = await npc.commitTurn(await firstTurn("old-persona"), { absent: { lastEventId: 0, eventCount: 0 } }, read!.version);

    expect(outcome).toEqual({ status: "persona-changed" });
    expect(await npc.playerEvents(kael.id, "old-persona")).toHaveLength(0);
  });
});
