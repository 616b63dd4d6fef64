/**
 * Opens the store: embedded PGlite in a data folder by default, a Postgres server when
 * `DATABASE_URL` is set. Both run the same committed migrations and expose the same Drizzle API,
 * plus a raw SQL executor that the job queue (pg-boss) runs on.
 *
 * The embedded database runs in a worker thread of its own (`pglite-client.ts`, decision 0009):
 * PGlite is synchronous, and on the HTTP thread one statement storing a shard held every request.
 *
 * The embedded database holds every key hash, balance and persona, so its folder is private to
 * the user running the server: folders 0700, files 0600, including folders made by earlier
 * versions (fixed when opened; the thread's file system keeps what it writes private).
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import * as schema from "./schema.ts";
import { openPgliteThread } from "./pglite-client.ts";

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
  /**
   * A connection of its own, outside the pool (Postgres only): session-level state such as
   * advisory locks lives exactly as long as it, and dies with the process that holds it.
   */
  openDedicatedConnection?(): Promise<DedicatedConnection>;
  close(): Promise<void>;
}

export interface DedicatedConnection {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  /** Called once when the connection ends without `close()` (server restart, network, termination). */
  onLost(listener: (error: Error) => void): void;
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
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
    makePrivate(dataDir);
  }
  const client = openPgliteThread(dataDir ? { dataDir } : {});
  try {
    await client.waitReady;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  // Each kind of store's Drizzle driver is imported when one is opened: the PGlite driver imports
  // PGlite itself (~0.5 MB of JavaScript, ~0.06 CPU-s), which a worker on Postgres never uses.
  const [{ drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([import("drizzle-orm/pglite"), import("drizzle-orm/pglite/migrator")]);
  // The thread's client has the part of PGlite's interface Drizzle's driver uses (decision 0009).
  const db = drizzlePglite({ client: client as unknown as PGlite, schema }) as unknown as Db;
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

/**
 * A statement sent to a Postgres server with a parameter at least this large (bytes, or characters
 * of text) is planned generically (`plannedGenerically`).
 */
const LARGE_PARAMETER = 64 * 1024;

/**
 * Makes a pooled connection's statements that carry a large parameter (a stored shard's personas,
 * fields and digest; a population's shards or result) run with `plan_cache_mode` set to
 * `force_generic_plan`, and only those. By default the server plans a statement for its
 * parameters' values (our statements are unnamed, so each is planned afresh), which copies every
 * value into the plan: for an insert of a League shard, 3.4 MB of personas, 0.7 MB of fields and
 * 0.2 MB of digest copied again on top of the protocol's and the types' own copies, in memory
 * freshly faulted in (perf of the server inserting shards: memmove and its page faults 70% of its
 * CPU, the planner's copies 23%). A generic plan keeps them parameters. Measured on one connection
 * inserting League shards (loaded, 3 interleaved pairs of 30): the server's CPU per shard insert
 * 116-125 ms planned for the values, 69-81 ms generically.
 *
 * Only those statements: a generic plan cannot use what the values say to the statistics (a
 * status the table rarely holds, found by its index), which other statements rely on. The setting
 * is set and reset around the statement on its connection: two short statements, against tens of
 * milliseconds saved.
 */
function plannedGenerically(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  client.query = ((...args: unknown[]) => {
    const [config, second] = args;
    const values = Array.isArray(second) ? second : isQueryConfig(config) ? config.values : undefined;
    // Submittable queries (cursors, streams) are passed on as they are.
    if (!values?.some(isLarge) || typeof (config as { submit?: unknown } | null)?.submit === "function") return query(...args);
    // The pool's own `query` passes a callback.
    const callback = typeof args.at(-1) === "function" ? (args.pop() as (error: Error | null, result?: unknown) => void) : undefined;
    // One after the other: pg deprecates queueing a statement behind another.
    const ran = (async () => {
      await query("SET plan_cache_mode = force_generic_plan").catch(() => undefined);
      try {
        return await query(...args);
      } finally {
        // Fails only in a transaction the statement aborted, whose rollback undoes the SET.
        await query("RESET plan_cache_mode").catch(() => undefined);
      }
    })();
    if (!callback) return ran;
    ran.then((result) => callback(null, result), (error: Error) => callback(error));
    return undefined;
  }) as typeof client.query;
}

function isQueryConfig(config: unknown): config is { values?: unknown[] } {
  return typeof config === "object" && config !== null && Array.isArray((config as { values?: unknown }).values);
}

function isLarge(value: unknown): boolean {
  if (typeof value === "string") return value.length >= LARGE_PARAMETER;
  return value instanceof Uint8Array && value.byteLength >= LARGE_PARAMETER;
}

/**
 * Pooled connections to a Postgres server are kept while idle (node-postgres closes one idle for
 * 10 s by default), and do not keep the process alive once idle (`allowExitOnIdle`: a command that
 * is done exits as it did when they closed, without the 10 s). Each new connection is a new backend
 * process that starts with an empty heap: storing a shard's megabytes in it faults its buffers in
 * afresh, and between a population's bursts of statements 17-27 backends ended and were replaced
 * while 30 shards were stored (decision 0012, "Session 16"). Idle backends cost the server memory,
 * not CPU: at most `max` a pool.
 */
export const KEPT_CONNECTIONS = { idleTimeoutMillis: 0, allowExitOnIdle: true } as const;

async function openPostgres(connectionString: string): Promise<Store> {
  const [{ drizzle: drizzlePostgres }, { migrate: migratePostgres }] = await Promise.all([import("drizzle-orm/node-postgres"), import("drizzle-orm/node-postgres/migrator")]);
  const pool = new pg.Pool({ connectionString, max: 10, ...KEPT_CONNECTIONS });
  // An idle pooled connection that the server drops (restart, terminate) is replaced on next use;
  // without a listener its 'error' event would crash the process.
  pool.on("error", (error) => console.error(`[store] idle connection lost: ${error.message}`));
  pool.on("connect", plannedGenerically);
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
    openDedicatedConnection: () => openDedicatedConnection(connectionString),
    async close() {
      await pool.end();
    },
  };
}

async function openDedicatedConnection(connectionString: string): Promise<DedicatedConnection> {
  const client = new pg.Client({ connectionString });
  const listeners: Array<(error: Error) => void> = [];
  let ended = false;
  const lose = (error: Error) => {
    if (ended) return;
    ended = true;
    for (const listener of listeners) listener(error);
  };
  client.on("error", lose);
  client.on("end", () => lose(new Error("the connection ended")));
  await client.connect();
  return {
    query: (text, values) => client.query(text, values),
    onLost(listener) {
      listeners.push(listener);
    },
    async close() {
      ended = true;
      await client.end().catch(() => undefined);
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

const PRIVATE_FOLDER_MODE = 0o700;
/** The permission bits of group and others: never set on anything in a data folder. */
const SHARED_BITS = 0o077;

/**
 * Takes group and other permissions off a folder and everything in it (so 0755 → 0700 and
 * 0666 → 0600), without following symbolic links. Walks with an explicit stack: a folder of any
 * depth cannot overflow the call stack.
 */
export function makePrivate(root: string): void {
  const pending = [root];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) continue;
    if ((stats.mode & SHARED_BITS) !== 0) {
      try {
        chmodSync(path, stats.mode & 0o777 & ~SHARED_BITS);
      } catch (error) {
        throw new Error(`cannot make ${path} private to this user (${(error as NodeJS.ErrnoException).code}); fix its owner or permissions`, { cause: error });
      }
    }
    if (stats.isDirectory()) for (const name of readdirSync(path)) pending.push(join(path, name));
  }
}
