/**
 * Opens the store: embedded PGlite in a data folder by default, a Postgres server when
 * `DATABASE_URL` is set. Both run the same committed migrations and expose the same Drizzle API,
 * plus a raw SQL executor that the job queue (pg-boss) runs on.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import * as schema from "./schema.ts";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The shape pg-boss accepts as its `db` option. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export interface Store {
  readonly db: Db;
  readonly kind: "pglite" | "postgres";
  /** Where the embedded database lives, or the server's URL without its password. */
  readonly location: string;
  /**
   * True when this process is the only one that can open the database (embedded PGlite): then
   * any job left "active" at start belonged to a process that died.
   */
  readonly exclusive: boolean;
  /** For pg-boss: with PGlite, the queue runs on the same embedded database. */
  readonly queueExecutor?: SqlExecutor;
  readonly connectionString?: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** A Postgres URL; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite's data folder; `memory://` (or undefined with `inMemory`) keeps it in memory, for tests. */
  dataDir?: string;
  inMemory?: boolean;
}

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "migrations");

export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.inMemory ? undefined : (options.dataDir ?? "./.dramatis/db"));
}

async function openPglite(dataDir: string | undefined): Promise<Store> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  const queueExecutor: SqlExecutor = {
    async executeSql(text, values) {
      // pg-boss sends multi-statement scripts (its own migrations) without parameters; only the
      // simple-query protocol (`exec`) runs those. Parameterised statements go through `query`.
      if (values && values.length > 0) {
        const result = await client.query(text, values);
        return { rows: result.rows as any[] };
      }
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as any[] };
    },
  };
  return {
    db,
    kind: "pglite",
    location: dataDir ?? "memory",
    exclusive: true,
    queueExecutor,
    async close() {
      await client.close();
    },
  };
}

async function openPostgres(connectionString: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const db = drizzlePostgres(pool, { schema }) as unknown as Db;
  // Several processes may start together against one server: migrate under an advisory lock.
  const lockClient = await pool.connect();
  try {
    await lockClient.query("SELECT pg_advisory_lock(727274001)");
    await migratePostgres(db as never, { migrationsFolder });
  } finally {
    await lockClient.query("SELECT pg_advisory_unlock(727274001)").catch(() => undefined);
    lockClient.release();
  }
  return {
    db,
    kind: "postgres",
    location: redactPassword(connectionString),
    exclusive: false,
    connectionString,
    async close() {
      await pool.end();
    },
  };
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres";
  }
}
