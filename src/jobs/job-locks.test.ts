/**
 * Job locks on a Postgres server: a job's lock tells every other process it is being worked on,
 * and a worker claiming several jobs at once takes their locks in one statement (and releases
 * those that end together in one).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../store/database.ts";
import { findPostgresBinaries, startPostgres, type PostgresServer } from "../../test/helpers/postgres.ts";
import { JobLocks } from "./job-locks.ts";

describe.skipIf(!findPostgresBinaries())("job locks on a Postgres server", () => {
  let server: PostgresServer;
  let store: Store;
  beforeAll(async () => {
    server = await startPostgres();
    store = await openStore({ databaseUrl: await server.createDatabase("job_locks") });
  });
  afterAll(async () => {
    await store?.close();
    server?.stop();
  });

  /** A store whose lock connections count their statements. */
  function counted(): { store: Store; statements: () => number } {
    let statements = 0;
    const open = store.openDedicatedConnection!.bind(store);
    return {
      store: {
        ...store,
        async openDedicatedConnection() {
          const connection = await open();
          return { ...connection, query: (text: string, values?: unknown[]) => (statements++, connection.query(text, values)), onLost: connection.onLost.bind(connection), close: connection.close.bind(connection) };
        },
      },
      statements: () => statements,
    };
  }

  it("are held by one process at a time, taken together in one statement when asked for in one turn, and free once released", async () => {
    const mine = counted();
    const worker = (await JobLocks.open(mine.store))!;
    const other = (await JobLocks.open(store))!;
    try {
      const ids = ["job-a", "job-b", "job-c", "job-d"];
      // Asked for in one turn (the jobs of one fetch): one statement.
      expect(await Promise.all(ids.map((id) => worker.tryHold(id)))).toEqual([true, true, true, true]);
      expect(mine.statements()).toBe(1);
      expect(ids.every((id) => worker.holds(id))).toBe(true);
      expect(await Promise.all(ids.map((id) => other.tryHold(id)))).toEqual([false, false, false, false]);

      await Promise.all(ids.slice(0, 3).map((id) => worker.release(id)));
      expect(mine.statements()).toBe(2);
      expect(await Promise.all(ids.map((id) => other.tryHold(id)))).toEqual([true, true, true, false]);
    } finally {
      await worker.close();
      await other.close();
    }
  });
});
