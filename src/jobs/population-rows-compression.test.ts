/**
 * Migrations 0010 and 0013 (the digest column): a population's big values are compressed with lz4 on a Postgres server (less of
 * the server's CPU per stored shard, on cores the workers share), and the embedded database, built
 * without lz4, still migrates (it keeps pglz).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openStore, type Store } from "../store/database.ts";
import { openTestStore } from "../../test/helpers/app.ts";
import { findPostgresBinaries, startPostgres, type PostgresServer } from "../../test/helpers/postgres.ts";

const BIG_COLUMNS = [
  ["population_batches", "personas"],
  ["population_batches", "fields"],
  ["population_batches", "digest"],
  ["population_shards", "structured"],
  ["populations", "result"],
  ["populations", "blueprint"],
] as const;

/** Each big column's compression method as the catalog says: 'l' lz4, '' the default (pglz). */
async function compressions(store: Store): Promise<string[]> {
  const methods: string[] = [];
  for (const [table, column] of BIG_COLUMNS) {
    const result = await store.db.execute(sql`SELECT attcompression::text AS method FROM pg_attribute WHERE attrelid = ${table}::regclass AND attname = ${column}`);
    const rows = (Array.isArray(result) ? result : (result as { rows: Array<{ method: string }> }).rows) as Array<{ method: string }>;
    methods.push(rows[0]?.method ?? "missing");
  }
  return methods;
}

describe.skipIf(!findPostgresBinaries())("population rows on a Postgres server", () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it("are compressed with lz4", async () => {
    const store = await openStore({ databaseUrl: await server.createDatabase("lz4") });
    try {
      expect(await compressions(store)).toEqual(BIG_COLUMNS.map(() => "l"));
    } finally {
      await store.close();
    }
  });
});

describe("population rows on the embedded database", () => {
  it("keep the default compression: the migration passes over a build without lz4", async () => {
    const store = await openTestStore();
    try {
      expect(await compressions(store)).toEqual(BIG_COLUMNS.map(() => ""));
    } finally {
      await store.close();
    }
  });
});
