/**
 * The store on a Postgres server plans a statement that carries a large parameter (a shard's
 * personas, a population's result) generically, so the server does not copy the value into a plan
 * made for it; every other statement keeps a plan made for its values.
 *
 * What tells them apart: a plan made for the values computes an immutable function of a parameter
 * once, while planning (it folds the call into its result); a generic plan calls it for every row.
 * `counted` counts its calls.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openStore, type Store } from "./database.ts";
import { findPostgresBinaries, startPostgres, type PostgresServer } from "../../test/helpers/postgres.ts";

/** Larger than the store's threshold (64 KiB), as a shard's fields are. */
const LARGE = "x".repeat(70_000);

describe.skipIf(!findPostgresBinaries())("statements on a Postgres server", () => {
  let server: PostgresServer;
  let store: Store;
  beforeAll(async () => {
    server = await startPostgres();
    store = await openStore({ databaseUrl: await server.createDatabase("plans") });
    await store.db.execute(sql.raw(`
      CREATE SEQUENCE calls;
      CREATE FUNCTION counted(value text) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('calls'); RETURN length(value); END $$;
      CREATE FUNCTION counted(value bytea) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('calls'); RETURN length(value); END $$`));
  });
  afterAll(async () => {
    await store?.close();
    server?.stop();
  });

  /**
   * How many times `SELECT counted(<value>)` over three rows, run through the store, called the
   * function (1: planned for the value, 3: generically), and the connection's setting after it.
   */
  async function calls(db: Pick<Store["db"], "execute">, value: string | Uint8Array): Promise<{ calls: number; mode: string }> {
    const parameter = typeof value === "string" ? sql`${value}::text` : sql`${value}::bytea`;
    const before = await lastCall(db);
    await db.execute(sql`SELECT sum(counted(${parameter})) FROM generate_series(1, 3)`);
    const [{ plan_cache_mode: mode }] = rowsOf<{ plan_cache_mode: string }>(await db.execute(sql`SHOW plan_cache_mode`)) as [{ plan_cache_mode: string }];
    return { calls: (await lastCall(db)) - before, mode };
  }

  async function lastCall(db: Pick<Store["db"], "execute">): Promise<number> {
    const [{ value }] = rowsOf<{ value: string }>(await db.execute(sql`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS value FROM calls`)) as [{ value: string }];
    return Number(value);
  }

  it("plans a statement with a large parameter generically, text or bytes, in a transaction or not, and sets the connection back", async () => {
    expect(await calls(store.db, LARGE)).toEqual({ calls: 3, mode: "auto" });
    await store.db.transaction(async (transaction) => {
      expect(await calls(transaction, LARGE)).toEqual({ calls: 3, mode: "auto" });
      expect(await calls(transaction, new TextEncoder().encode(LARGE))).toEqual({ calls: 3, mode: "auto" });
    });
  });

  it("plans every other statement for its values", async () => {
    expect(await calls(store.db, "four")).toEqual({ calls: 1, mode: "auto" });
    await store.db.transaction(async (transaction) => {
      expect(await calls(transaction, "x".repeat(1_000))).toEqual({ calls: 1, mode: "auto" });
    });
  });

  it("leaves nothing set behind when the large statement fails in a transaction", async () => {
    await expect(
      store.db.transaction(async (transaction) => {
        await transaction.execute(sql`SELECT ${LARGE}::int`);
      }),
    ).rejects.toThrow();
    // Statements one after the other take the same idle connection back from the pool.
    expect(await calls(store.db, "four")).toEqual({ calls: 1, mode: "auto" });
  });

  it("keeps its pooled connections while they sit idle (node-postgres would close them after 10 s): the next statement runs on the same backend", async () => {
    const pool = (store.db as unknown as { $client: pg.Pool }).$client;
    const backend = async () => rowsOf<{ pid: number }>(await store.db.execute(sql`SELECT pg_backend_pid() AS pid`))[0]?.pid;
    // Only the pool's idle timers are faked: the statements' sockets run as they do.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let first: number | undefined;
    let connections: number;
    try {
      first = await backend();
      connections = pool.totalCount;
      vi.advanceTimersByTime(60_000);
    } finally {
      vi.useRealTimers();
    }
    expect(pool.totalCount).toBe(connections);
    expect(await backend()).toBe(first);
  });
});

function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
