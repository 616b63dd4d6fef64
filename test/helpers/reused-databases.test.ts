/**
 * A test store's database thread serves the next store once reset: the next store finds exactly
 * what a new copy of the template holds, and a thread whose database a test changed in any other
 * way (its schema, a transaction left open) is closed instead of reused.
 */
import { describe, expect, it } from "vitest";
import type { Worker } from "node:worker_threads";
import type { Store } from "../../src/store/database.ts";
import { openTestStore } from "./app.ts";

interface ThreadClient {
  thread: Worker | undefined;
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<unknown>;
}

const clientOf = (store: Store) => (store.db as unknown as { $client: ThreadClient }).$client;
const one = async <T>(store: Store, text: string): Promise<T> => (await clientOf(store).query<T>(text)).rows[0]!;

/** What a store's database holds that a test could leave behind, as text to compare. */
async function stateOf(store: Store): Promise<Record<string, unknown>> {
  return {
    accounts: await one(store, "select count(*)::int as n from accounts"),
    ledgerSequence: await one(store, "select last_value::text, is_called from credit_ledger_id_seq"),
    pgBossVersion: await one(store, "select json_agg(v)::text as rows from pgboss.version v"),
    migrations: await one(store, "select count(*)::int as n from drizzle.__drizzle_migrations"),
    statementTimeout: await one(store, "show statement_timeout"),
  };
}

describe("test stores on reused database threads", () => {
  it("gives the next store the template's state: rows deleted, the template's rows and sequences back, session settings reset", async () => {
    const first = await openTestStore();
    const fresh = await stateOf(first);
    const thread = clientOf(first).thread;
    const client = clientOf(first);
    await client.exec("insert into accounts (name, balance) values ('left behind', 5)");
    await client.exec("insert into credit_ledger (account_id, delta, kind) select id, 5, 'grant' from accounts");
    await client.exec("update pgboss.version set version = version + 100");
    await client.exec("set statement_timeout = 1234");
    expect(await stateOf(first)).not.toEqual(fresh);
    await first.close();

    const second = await openTestStore();
    try {
      expect(clientOf(second).thread).toBe(thread);
      expect(await stateOf(second)).toEqual(fresh);
    } finally {
      await second.close();
    }
  });

  it("closes a thread whose schema a test changed, and gives the next store a new database", async () => {
    const first = await openTestStore();
    const thread = clientOf(first).thread;
    await clientOf(first).exec("create table public.left_behind (x int)");
    await first.close();

    const second = await openTestStore();
    try {
      expect(clientOf(second).thread).not.toBe(thread);
      expect(await one(second, "select to_regclass('public.left_behind')::text as found")).toEqual({ found: null });
    } finally {
      await second.close();
    }
  });

  it("closes a thread left inside a transaction", async () => {
    const first = await openTestStore();
    const thread = clientOf(first).thread;
    await clientOf(first).exec("begin; insert into accounts (name, balance) values ('uncommitted', 1)");
    await first.close();

    const second = await openTestStore();
    try {
      expect(clientOf(second).thread).not.toBe(thread);
      expect(await one(second, "select count(*)::int as n from accounts")).toEqual({ n: 0 });
    } finally {
      await second.close();
    }
  });
});
