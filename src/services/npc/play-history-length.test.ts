/**
 * A turn costs the same at turn 1,000 as at turn 1: what it reads from the database does not grow
 * with the player's history (no event list, no chat beyond the window its parts read), and what
 * the API answers is still exactly what reading every event would give. Counted in rows and bytes
 * the store hands back, never in time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import { and, eq } from "drizzle-orm";
import { openTestStore } from "../../../test/helpers/app.ts";
import { deriveProgress, type NpcEvent } from "../../npc/index.ts";
import { CONVERSATION_WINDOW, OFFLINE_NPC_PLAY, type ConversationTurn, type NpcPlayParts } from "../../npc/ports.ts";
import { RECENT_TURNS } from "../../llm/npc-context.ts";
import { AccountRepository } from "../../store/accounts.ts";
import type { Store } from "../../store/database.ts";
import { NpcRepository, type NpcPersonaRow } from "../../store/npc.ts";
import { npcPlayerLedgers } from "../../store/schema.ts";
import { storedDefinitionOf } from "./persona-service.ts";
import { playedHistory } from "./played-history.ts";
import { PlayService, progressView } from "./play-service.ts";
import { seedExampleNpcs } from "./seed-examples.ts";
import { asPlayable } from "./stored-definition.ts";

/** Moves Kael's haggle to `haggling`, then is redirected forever: a conversation that never ends. */
const MESSAGE = "I want to buy a lantern";
const HISTORY = 1000;

let store: Store;
let npc: NpcRepository;
let kael: NpcPersonaRow;

/** What the store hands back to this process while `work` runs: statements, rows and bytes. */
async function reads(work: () => Promise<unknown>): Promise<{ statements: number; rows: number; bytes: number }> {
  const client = (store.db as unknown as { $client: PGlite }).$client;
  const seen = { statements: 0, rows: 0, bytes: 0 };
  const count = (result: { rows: unknown[] }) => {
    seen.statements += 1;
    seen.rows += result.rows.length;
    seen.bytes += JSON.stringify(result.rows).length;
  };
  const query = client.query.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = (async (...args: Parameters<PGlite["query"]>) => {
    const result = await query(...args);
    count(result);
    return result;
  }) as PGlite["query"];
  client.transaction = ((callback: Parameters<PGlite["transaction"]>[0]) =>
    transaction((tx) => {
      const inner = tx.query.bind(tx);
      tx.query = (async (...args: Parameters<typeof tx.query>) => {
        const result = await inner(...args);
        count(result);
        return result;
      }) as typeof tx.query;
      return callback(tx);
    })) as PGlite["transaction"];
  try {
    await work();
  } finally {
    client.query = query;
    client.transaction = transaction;
  }
  return seen;
}

/** The player's events as stored, every one of them (what progress is defined over). */
async function eventsOf(userSessionId: string): Promise<NpcEvent[]> {
  return (await npc.playerEvents(kael.id, userSessionId)).map((row) => row.payload as NpcEvent);
}

beforeAll(async () => {
  store = await openTestStore();
  const account = await new AccountRepository(store.db).create("history-length", 0);
  await seedExampleNpcs(store.db, account.id);
  npc = new NpcRepository(store.db);
  const personas = await npc.listPersonas({ includePublic: false, ownerId: account.id, limit: 10 });
  kael = personas.find((persona) => persona.name === "Merchant Kael") as NpcPersonaRow;
  await npc.transaction(async (tx) => npc.writeTurn(tx, await playedHistory(kael, "haggle", "long", Array(HISTORY).fill(MESSAGE)), "replace"));
}, 120_000);
afterAll(async () => store?.close());

describe("a turn after 1,000 turns of history", () => {
  it("reads no more from the store than a player's second turn", async () => {
    await new PlayService(npc).sendMessage(kael, { userSessionId: "short", machineId: "haggle", message: MESSAGE });
    // A process that has not served these players yet: each turn reads the player from the store.
    const second = await reads(() => new PlayService(npc).sendMessage(kael, { userSessionId: "short", machineId: "haggle", message: MESSAGE }));
    const thousandth = await reads(() => new PlayService(npc).sendMessage(kael, { userSessionId: "long", machineId: "haggle", message: MESSAGE }));

    expect((await eventsOf("long")).length).toBeGreaterThan(3 * HISTORY);
    expect(thousandth.statements).toBe(second.statements);
    expect(thousandth.rows).toBe(second.rows);
    // The same rows; only counters are longer numbers (turn 1001 against turn 2).
    expect(thousandth.bytes).toBeLessThan(second.bytes + 100);
  });

  it("the next turn of a player this process just served is one statement, its write, at turn 1,000 as at turn 2", async () => {
    const play = new PlayService(npc);
    for (const player of ["short", "long"]) await play.sendMessage(kael, { userSessionId: player, machineId: "haggle", message: MESSAGE });
    const second = await reads(() => play.sendMessage(kael, { userSessionId: "short", machineId: "haggle", message: MESSAGE }));
    const thousandth = await reads(() => play.sendMessage(kael, { userSessionId: "long", machineId: "haggle", message: MESSAGE }));

    expect(second).toMatchObject({ statements: 1, rows: 1 });
    expect(thousandth).toMatchObject({ statements: 1, rows: 1 });
    // The write's answer: the new last event id and a time, whatever the history.
    expect(thousandth.bytes).toBeLessThan(second.bytes + 20);
  });

  it("hands a model at most the conversation window, the latest lines of the session", async () => {
    const seen: ConversationTurn[][] = [];
    const parts: NpcPlayParts = { description: "recording", forTurn: (conversation) => (seen.push([...conversation]), {}) };
    const play = new PlayService(npc, parts);
    const { rows } = await reads(() => play.sendMessage(kael, { userSessionId: "long", machineId: "haggle", message: MESSAGE }));

    expect(seen).toHaveLength(1);
    expect(seen[0]).toHaveLength(CONVERSATION_WINDOW);
    expect(seen[0]!.at(-1)).toMatchObject({ role: "npc" });
    expect(seen[0]!.at(-2)).toEqual({ role: "player", text: MESSAGE });
    expect(rows).toBeLessThanOrEqual(CONVERSATION_WINDOW + 2);
    // What the LLM parts show a model is within what they are given.
    expect(RECENT_TURNS).toBeLessThanOrEqual(CONVERSATION_WINDOW);
  });

  it("offline, reads no chat line at all", async () => {
    expect(OFFLINE_NPC_PLAY.conversationWindow).toBe(0);
  });

  it("answers the progress that reading every event gives", async () => {
    const play = new PlayService(npc);
    const definition = asPlayable(storedDefinitionOf(kael));
    expect(await play.progress(kael, "long")).toEqual(progressView(kael.id, storedDefinitionOf(kael), deriveProgress(definition, await eventsOf("long"))));
  });

  it("a player whose ledger is missing (play recorded before ledgers) gets it rebuilt once from the events, then reads bounded again", async () => {
    const player = "legacy";
    await npc.transaction(async (tx) => npc.writeTurn(tx, await playedHistory(kael, "haggle", player, Array(HISTORY).fill(MESSAGE)), "replace"));
    // What a database migrated from an earlier version holds: the events, and no ledger yet.
    await store.db.delete(npcPlayerLedgers).where(and(eq(npcPlayerLedgers.personaId, kael.id), eq(npcPlayerLedgers.userSessionId, player)));
    const play = new PlayService(npc);
    const rebuilt = await reads(() => play.sendMessage(kael, { userSessionId: player, machineId: "haggle", message: MESSAGE }));
    const after = await reads(() => play.sendMessage(kael, { userSessionId: player, machineId: "haggle", message: MESSAGE }));

    // The events come with the player's read (one row of JSON, migration 0009): measured in bytes.
    expect(rebuilt.bytes).toBeGreaterThan(3 * HISTORY * 50);
    expect(after.rows).toBeLessThan(10);
    expect(after.bytes).toBeLessThan(rebuilt.bytes / 10);
    const definition = asPlayable(storedDefinitionOf(kael));
    expect(await play.progress(kael, player)).toEqual(progressView(kael.id, storedDefinitionOf(kael), deriveProgress(definition, await eventsOf(player))));
  });
});
