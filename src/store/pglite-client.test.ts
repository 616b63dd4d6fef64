import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGlite, type QueryOptions } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freshDataFolder } from "../../test/helpers/data-folders.ts";
import { MOVED_BYTES_AT_LEAST, openPgliteThread, wasmModules, type PgliteThreadClient } from "./pglite-client.ts";
import { isDuplicateKey } from "./idempotency.ts";
import * as schema from "./schema.ts";

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * A copy of the suite's migrated database (test/helpers/database-template.ts) in a folder of its
 * own: what is tested here is the thread, not initdb, and a new database costs 3-5 s of CPU (the
 * in-process one blocked this file's loop for 13 s) where opening a copy costs half a second.
 * Making a database from nothing in the thread is what every run's template is made with.
 */
async function migratedDatabase(): Promise<{ dataDir: string; remove(): void }> {
  const folder = await freshDataFolder();
  return { dataDir: join(folder.dataDir, "db"), remove: folder.remove };
}

/** A value of every column type our schema stores (by Postgres' udt_name), and a few more. */
const SAMPLES: Record<string, string> = {
  text: "'a text ✓'",
  varchar: "'a varchar'",
  uuid: "'6f1c2a4e-8a3b-4c5d-9e0f-112233445566'",
  int2: "7",
  int4: "2147483647",
  int8: "9007199254740993",
  float8: "1.5",
  numeric: "12.3450",
  bool: "true",
  timestamptz: "'2026-01-02 03:04:05.678+02'",
  timestamp: "'2026-01-02 03:04:05.678'",
  date: "'2026-01-02'",
  interval: "'1 day 02:03:04'",
  json: `'{"b":1,"a":[1,"x",null,{"nested":true}],"s":"\\u00e9"}'`,
  jsonb: `'{"b":1,"a":[1,"x",null]}'`,
  bytea: "'\\x0102ff'",
  _text: "'{a,\"b c\"}'",
  _int4: "'{1,2,3}'",
  _numeric: "'{1.5,2}'",
  _timestamptz: "'{\"2026-01-02 03:04:05+00\"}'",
};

/** The options Drizzle's pglite driver passes with its statements, taken from the driver itself. */
async function drizzleQueryOptions(): Promise<QueryOptions[]> {
  const seen: QueryOptions[] = [];
  const recorder = {
    async query(_text: string, _params: unknown[], options: QueryOptions) {
      seen.push(options);
      return { rows: [], fields: [] };
    },
  };
  const db = drizzle({ client: recorder as unknown as PGlite, schema });
  await db.execute(sql`select 1`);
  await db.select({ id: schema.accounts.id }).from(schema.accounts);
  return seen;
}

describe("the embedded database in a worker thread", () => {
  let thread: PgliteThreadClient;
  let direct: PGlite;
  const folders: Array<{ remove(): void }> = [];

  beforeAll(async () => {
    const [threadFolder, directFolder] = await Promise.all([migratedDatabase(), migratedDatabase()]);
    folders.push(threadFolder, directFolder);
    thread = openPgliteThread({ dataDir: threadFolder.dataDir });
    // The thread's compiled WebAssembly, as the thread itself has it: compiling and tiering up
    // its own cost this file ~5 CPU-s.
    direct = new PGlite({ dataDir: directFolder.dataDir, pgliteWasmModule: (await wasmModules()).pgliteWasmModule });
    await Promise.all([thread.waitReady, direct.waitReady]);
    // Drizzle's migrator runs on the thread's client as on PGlite itself (its own transaction
    // included), as at every start of a server on its folder.
    await migrate(drizzle({ client: thread as unknown as PGlite, schema }), { migrationsFolder });
    await migrate(drizzle({ client: direct, schema }), { migrationsFolder });
  });

  afterAll(async () => {
    await direct?.close();
    await thread?.close();
    for (const folder of folders) folder.remove();
  });

  it("returns every column type of the schema exactly as PGlite in-process does, with each option Drizzle sends", async () => {
    const { rows: types } = await thread.query<{ udt_name: string }>(
      "select distinct udt_name from information_schema.columns where table_schema = 'public' order by udt_name",
    );
    expect(types.length).toBeGreaterThan(5);
    const missing = types.map(({ udt_name }) => udt_name).filter((name) => !(name in SAMPLES));
    expect(missing, "a column type the schema stores has no sample here: add one").toEqual([]);

    const optionSets: Array<QueryOptions | undefined> = [undefined, ...(await drizzleQueryOptions())];
    for (const [type, literal] of Object.entries(SAMPLES)) {
      const text = `select ${literal}::${type.startsWith("_") ? `${type.slice(1)}[]` : type} as value, null::${type.startsWith("_") ? `${type.slice(1)}[]` : type} as nothing, $1::text as parameter`;
      for (const options of optionSets) {
        const [fromThread, fromDirect] = await Promise.all([thread.query(text, ["p"], options), direct.query(text, ["p"], options)]);
        expect({ type, options: options?.rowMode, rows: fromThread.rows }).toStrictEqual({ type, options: options?.rowMode, rows: fromDirect.rows });
        expect(fromThread.fields).toStrictEqual(fromDirect.fields);
      }
      const [execThread, execDirect] = await Promise.all([thread.exec(`select ${literal}::${type.replace(/^_(.*)$/, "$1[]")} as value`), direct.exec(`select ${literal}::${type.replace(/^_(.*)$/, "$1[]")} as value`)]);
      expect(execThread.map((result) => result.rows)).toStrictEqual(execDirect.map((result) => result.rows));
    }
  });

  it("passes parameters of every kind the callers send (strings of megabytes, dates, json text, bytes, numbers, null)", async () => {
    const big = "x".repeat(4_000_000);
    const params = [big, new Date("2026-01-02T03:04:05.678Z"), JSON.stringify({ a: [1, 2] }), new Uint8Array([1, 2, 255]), 42, null];
    const text = "select length($1::text) as length, $2::timestamptz as at, $3::json as document, $4::bytea as bytes, $5::int4 as number, $6::text as nothing";
    const [fromThread, fromDirect] = await Promise.all([thread.query(text, params), direct.query(text, params)]);
    expect(fromThread.rows).toStrictEqual(fromDirect.rows);
    expect(fromThread.rows[0]).toMatchObject({ length: 4_000_000, document: { a: [1, 2] } });
  });

  it("stores bytes given for text, json, jsonb and bytea as the text they encode, moving big ones to the thread instead of copying them", async () => {
    // A shard's JSON as an engine thread encodes it: megabytes, non-ASCII included.
    const document = JSON.stringify(Array.from({ length: 20_000 }, (_, index) => ({ index, name: `Zoë ${index} – 東京` })));
    const encoded = () => new TextEncoder().encode(document);
    const [asJson, asJsonb, asText, asBytea] = [encoded(), encoded(), encoded(), encoded()];
    const answer = await thread.query<{ json: unknown; jsonb: unknown; text: string; bytea: Uint8Array }>("select $1::json as json, $2::jsonb as jsonb, $3::text as text, $4::bytea as bytea", [asJson, asJsonb, asText, asBytea]);
    expect(answer.rows[0]?.json).toStrictEqual(JSON.parse(document));
    expect(answer.rows[0]?.jsonb).toStrictEqual(JSON.parse(document));
    expect(answer.rows[0]?.text).toBe(document);
    expect(new TextDecoder().decode(answer.rows[0]?.bytea)).toBe(document);
    // Moved: this thread keeps no copy of them.
    expect([asJson, asJsonb, asText, asBytea].map((bytes) => bytes.byteLength)).toEqual([0, 0, 0, 0]);

    // Through Drizzle, as the store's statements send a shard.
    const db = drizzle({ client: thread as unknown as PGlite, schema });
    const stored = encoded();
    const [row] = (await db.execute(sql`select ${stored}::json #>> '{1,name}' as name`)).rows as Array<{ name: string }>;
    expect(row?.name).toBe("Zoë 1 – 東京");
    expect(stored.byteLength).toBe(0);
  });

  it("copies small bytes and views on part of a buffer, which stay the caller's", async () => {
    const small = new TextEncoder().encode('{"a":1}');
    const whole = new TextEncoder().encode(`"${"y".repeat(MOVED_BYTES_AT_LEAST * 2)}"`);
    const part = whole.subarray(0, whole.byteLength - 1);
    const answer = await thread.query<{ small: unknown; part: string }>("select $1::json as small, $2::text as part", [small, part]);
    expect(answer.rows[0]).toStrictEqual({ small: { a: 1 }, part: `"${"y".repeat(MOVED_BYTES_AT_LEAST * 2)}` });
    expect(small.byteLength).toBe(7);
    expect(whole.byteLength).toBe(MOVED_BYTES_AT_LEAST * 2 + 2);
  });

  it("throws the database's error with the fields callers read (code, constraint, detail, …)", async () => {
    const setup = "create table if not exists unique_things (name text constraint unique_things_name unique)";
    await Promise.all([thread.exec(setup), direct.exec(setup)]);
    await Promise.all([thread.query("insert into unique_things values ('a')"), direct.query("insert into unique_things values ('a')")]);
    const failure = async (client: { query(text: string, params?: unknown[]): Promise<unknown> }) =>
      client.query("insert into unique_things values ($1)", ["a"]).then(
        () => expect.fail("the duplicate was stored"),
        (error: Record<string, unknown>) => error,
      );
    const [fromThread, fromDirect] = await Promise.all([failure(thread), failure(direct)]);
    expect(fromThread).toBeInstanceOf(Error);
    for (const field of ["message", "code", "constraint", "detail", "table", "schema", "severity", "routine"]) {
      expect({ field, value: fromThread[field] }).toEqual({ field, value: fromDirect[field] });
    }
    expect(fromThread.code).toBe("23505");

    const syntax = await thread.exec("selec 1").catch((error: { code?: string; message: string }) => error);
    expect(syntax).toMatchObject({ code: "42601", message: expect.stringContaining("syntax error") });
  });

  it("keeps a unique violation recognisable through Drizzle's wrapping (as the idempotency store reads it)", async () => {
    const db = drizzle({ client: thread as unknown as PGlite, schema });
    await db.execute(sql`create table if not exists idempotency_keys_probe (key text constraint idempotency_keys_probe_key unique)`);
    await db.execute(sql`insert into idempotency_keys_probe values ('k')`);
    const error = await db.execute(sql`insert into idempotency_keys_probe values ('k')`).catch((caught: unknown) => caught);
    expect(isDuplicateKey(error)).toBe(true);
  });

  it("answers many concurrent callers, each with its own rows", async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, index) => thread.query<{ n: number }>("select $1::int4 as n", [index])));
    expect(answers.map((answer) => answer.rows[0]?.n)).toEqual(Array.from({ length: 100 }, (_, index) => index));
  });

  it("keeps Postgres' shared buffers small: the host's page cache already holds what PGlite reads (128 MB cached everything twice)", async () => {
    const answer = await thread.query<{ shared_buffers: string }>("show shared_buffers");
    expect(answer.rows[0]?.shared_buffers).toBe("16MB");
  });

  it("runs pg-boss' multi-statement scripts through exec, one result per statement", async () => {
    const results = await thread.exec("create table script_probe (x int); insert into script_probe values (1), (2); select sum(x)::int as total from script_probe");
    expect(results).toHaveLength(3);
    expect(results.at(-1)?.rows).toEqual([{ total: 3 }]);
  });

  it("holds every other caller while a transaction is open, and lets them in after its COMMIT", async () => {
    await thread.exec("create table transaction_probe (x int)");
    const events: string[] = [];
    let outsiderCalled!: () => void;
    const outsiderWasCalled = new Promise<void>((resolve) => (outsiderCalled = resolve));
    let outsider: Promise<unknown> | undefined;
    await thread.transaction(async (transaction) => {
      await transaction.query("insert into transaction_probe values (1)");
      outsider = thread.query<{ count: number }>("select count(*)::int as count from transaction_probe").then((result) => {
        events.push(`outsider saw ${result.rows[0]?.count}`);
      });
      outsiderCalled();
      await outsiderWasCalled;
      // The outsider's statement has been posted to nobody yet: a round trip inside the transaction
      // still answers before it.
      await transaction.query("insert into transaction_probe values (2)");
      events.push("transaction wrote twice");
    });
    await outsider;
    expect(events).toEqual(["transaction wrote twice", "outsider saw 2"]);
  });

  it("rolls a transaction back when its callback throws or calls rollback(), and rethrows", async () => {
    await thread.exec("create table rollback_probe (x int)");
    const thrown = await thread
      .transaction(async (transaction) => {
        await transaction.query("insert into rollback_probe values (1)");
        throw new Error("the callback failed");
      })
      .catch((error: Error) => error);
    expect(thrown).toMatchObject({ message: "the callback failed" });
    await thread.transaction(async (transaction) => {
      await transaction.query("insert into rollback_probe values (2)");
      await transaction.rollback();
    });
    const db = drizzle({ client: thread as unknown as PGlite, schema });
    const drizzleThrown = await db
      .transaction(async (transaction) => {
        await transaction.execute(sql`insert into rollback_probe values (3)`);
        throw new Error("drizzle's callback failed");
      })
      .catch((error: Error) => error);
    expect(drizzleThrown).toMatchObject({ message: "drizzle's callback failed" });
    expect((await thread.query("select count(*)::int as count from rollback_probe")).rows).toEqual([{ count: 0 }]);
    // A failed transaction leaves the session usable, outside any transaction.
    expect((await thread.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
  });

  it("refuses options it cannot carry across threads instead of ignoring them", async () => {
    await expect(thread.query("select 1", [], { parsers: { 23: (value) => Number(value) * 2 } })).rejects.toThrow(/only supports parsers that keep the text/);
    await expect(thread.query("select 1", [], { serializers: { 23: String } })).rejects.toThrow(/serializers/);
  });

  it("dumps its data folder as PGlite does, so a copy opens with the same rows (the test template)", async () => {
    await thread.exec("create table dump_probe (x int); insert into dump_probe values (41), (1)");
    const dump = await thread.dumpDataDir("none");
    const copy = new PGlite({ loadDataDir: dump, pgliteWasmModule: (await wasmModules()).pgliteWasmModule });
    expect((await copy.query("select sum(x)::int as total from dump_probe")).rows).toEqual([{ total: 42 }]);
    await copy.close();
  });

  it("finishes calls already made when closed, then ends its thread and refuses later calls", async () => {
    const client = thread;
    const calls = Array.from({ length: 20 }, (_, index) => client.query<{ n: number }>("select $1::int4 as n", [index]));
    const inTransaction = client.transaction(async (transaction) => (await transaction.query<{ n: number }>("select 5 as n")).rows[0]?.n);
    await client.close();
    expect((await Promise.all(calls)).map((result) => result.rows[0]?.n)).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(await inTransaction).toBe(5);
    expect(client.closed).toBe(true);
    expect(client.thread?.threadId).toBe(-1);
    await expect(client.query("select 1")).rejects.toThrow(/closed/);
  });
});

// A new data folder is made by a process of its own, so the process that serves it never holds what
// making it takes (~350 MB more than serving): test/data-folder-permissions.test.ts checks it on the
// first start of a `dramatis serve` process, with the permissions that start leaves (one initdb for both).

describe("a database thread that dies", () => {
  it("fails the statement in flight and every later call with a clear error instead of hanging", async () => {
    const folder = await migratedDatabase();
    const client = openPgliteThread({ dataDir: folder.dataDir });
    await client.waitReady;
    const inFlight = client.query("select pg_sleep(120)");
    const queuedBehindTransaction = client.transaction(async (transaction) => transaction.query("select 1"));
    await client.thread?.terminate();
    await expect(inFlight).rejects.toThrow(/embedded database thread exited/);
    await expect(queuedBehindTransaction).rejects.toThrow(/embedded database thread exited/);
    await expect(client.query("select 1")).rejects.toThrow(/embedded database thread exited/);
    await client.close();
    folder.remove();
  });
});
