/**
 * Test apps' and stores' databases served by threads that earlier apps used, reset between them
 * (`reuseDatabaseThreads` in src/store/pglite-client.ts). A new database thread cost ~0.9 CPU-s to
 * open on a template copy and ~0.15 to close (PGlite's WebAssembly start, loading its bundled
 * files, Postgres' own start and shutdown), ~75 times a suite; a reset costs a few hundredths.
 *
 * A reset gives the next app what a new copy of the template would: it ends any session state
 * (settings, prepared statements, temporary tables, advisory locks: `DISCARD ALL`), deletes every
 * row a test stored, puts back the template's own (the migrations, pg-boss's queues and version)
 * when a test changed them, and sets every sequence back. Before that it checks that no DDL ran
 * (the catalogs' rows are the template's: a created queue, an altered table, a database setting),
 * and that no transaction was left open; if either, or if the emptied tables grew past 64 MB of
 * dead rows, the thread is closed instead and the next app gets a new one. A test's changes thus
 * never reach the next app.
 *
 * Only folders this helper made for one app or store (removed when it closes, so never opened
 * again by anyone) are served this way; a test that opens a folder of its own gets that folder.
 * `DRAMATIS_TEST_REUSE_DATABASES=0` turns it off (every app then opens its own copy, as before).
 */
import type { DatabaseReuse, ReusedDatabase } from "../../src/store/pglite-client.ts";
import { reuseDatabaseThreads } from "../../src/store/pglite-client.ts";

/** A quoted `schema.table` or `schema.sequence`. */
type QualifiedName = string;

/** The user schemas: everything but Postgres' own. */
const USER_SCHEMA = `n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'`;

/**
 * The catalogs a test could change besides rows: tables, columns, defaults, constraints, indexes,
 * functions, triggers, types, schemas, roles, database settings, extensions, policies, rules,
 * sequences, partitions, dependencies.
 */
const CATALOGS = ["pg_class", "pg_attribute", "pg_attrdef", "pg_constraint", "pg_index", "pg_proc", "pg_trigger", "pg_type", "pg_namespace", "pg_authid", "pg_db_role_setting", "pg_extension", "pg_policy", "pg_rewrite", "pg_sequence", "pg_inherits", "pg_depend", "pg_description", "pg_database", "pg_largeobject_metadata"];

/**
 * A digest of the catalogs that any DDL changes: each catalog's row count and the sum of its rows'
 * inserting transactions (a created, altered or dropped object adds, rewrites or removes rows). A
 * few milliseconds, where comparing every definition took a fifth of a CPU-second.
 */
const CATALOG_DIGEST = `select concat_ws(',', ${CATALOGS.map((catalog) => `(select count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) from ${catalog})`).join(", ")}) as digest`;

const USER_TABLES = `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and ${USER_SCHEMA} order by n.nspname, c.relname`;

const SEQUENCES = `select format('%I.%I', schemaname, sequencename) as name, last_value::text as "lastValue", start_value::text as "startValue" from pg_sequences
  where schemaname not like 'pg\\_%' order by 1`;

/**
 * A reused database whose emptied tables (dead rows are not vacuumed) have grown past this is
 * closed instead: a new one is cheaper than scanning and storing past them.
 */
const GROWN_TOO_LARGE_BYTES = 64 * 1024 * 1024;

interface TemplateState {
  digest: string;
  tables: QualifiedName[];
  /** The template's rows, as JSON text, of each table that has any. */
  rows: Map<QualifiedName, string>;
  /** `select setval(…)` for every sequence, back to the template's values. */
  sequences: string;
}

/** The state every reused database is compared with and reset to (every copy of the template is the same). */
let template: Promise<TemplateState> | undefined;

async function digest(database: ReusedDatabase): Promise<string> {
  return (await database.query<{ digest: string }>(CATALOG_DIGEST)).rows[0]!.digest;
}

/** Which of `tables` hold at least one row, in one statement. */
async function tablesWithRows(database: ReusedDatabase, tables: QualifiedName[]): Promise<QualifiedName[]> {
  if (tables.length === 0) return [];
  const union = tables.map((table, index) => `select ${index} as at where exists (select 1 from ${table})`).join(" union all ");
  return (await database.query<{ at: number }>(union)).rows.map((row) => tables[row.at]!);
}

/** In the order of the table's heap (a plain scan): put back in that order, a scan after a reset finds them as in the template. */
const rowsAsJson = (table: QualifiedName) => `select coalesce(json_agg(t), '[]')::text as rows from ${table} t`;

async function rowsOf(database: ReusedDatabase, table: QualifiedName): Promise<string> {
  return (await database.query<{ rows: string }>(rowsAsJson(table))).rows[0]!.rows;
}

async function templateState(database: ReusedDatabase): Promise<TemplateState> {
  const tables = (await database.query<{ name: string }>(USER_TABLES)).rows.map((row) => row.name);
  const rows = new Map<QualifiedName, string>();
  for (const table of await tablesWithRows(database, tables)) rows.set(table, await rowsOf(database, table));
  const sequences = (await database.query<{ name: string; lastValue: string | null; startValue: string }>(SEQUENCES)).rows;
  const setval = sequences.map(({ name, lastValue, startValue }) => `setval('${name}', ${lastValue ?? startValue}, ${lastValue !== null})`);
  return { digest: await digest(database), tables, rows, sequences: setval.length > 0 ? `select ${setval.join(", ")}` : "" };
}

/**
 * Back to the template's state; false (the thread is then closed) when anything but rows and
 * sequences differs, or the emptied tables grew too large. Rows are deleted rather than truncated:
 * a TRUNCATE makes new files for the table and each of its indexes (and those of every table
 * referencing it), ~0.4 CPU-s for the accounts table, where deleting a test's rows takes a few ms.
 */
async function reset(database: ReusedDatabase): Promise<boolean> {
  const state = await template!;
  // Ends every session-level state; it fails inside a transaction a test left open (then the thread is closed).
  await database.exec("DISCARD ALL");
  if ((await digest(database)) !== state.digest) return false;
  const withRows = await tablesWithRows(database, state.tables);
  const changedTemplateRows: QualifiedName[] = [];
  for (const [table, rows] of state.rows) if ((await rowsOf(database, table)) !== rows) changedTemplateRows.push(table);
  const emptied = [...new Set([...withRows.filter((table) => !state.rows.has(table)), ...changedTemplateRows])];
  await database.exec("BEGIN");
  try {
    // Rows go in any order: no foreign key is checked while they do (the whole database is emptied).
    await database.exec("SET LOCAL session_replication_role = replica");
    for (const table of emptied) await database.exec(`DELETE FROM ${table}`);
    for (const table of changedTemplateRows) await database.query(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, [state.rows.get(table)]);
    if (state.sequences) await database.query(state.sequences);
    await database.exec("COMMIT");
  } catch (error) {
    await database.exec("ROLLBACK");
    throw error;
  }
  for (const table of changedTemplateRows) if ((await rowsOf(database, table)) !== state.rows.get(table)) return false;
  if (emptied.length === 0) return true;
  const sizes = await database.query<{ bytes: string }>(`select sum(pg_total_relation_size(name::regclass))::text as bytes from unnest($1::text[]) as name`, [emptied]);
  return Number(sizes.rows[0]!.bytes) < GROWN_TOO_LARGE_BYTES;
}

const served = new Set<string>();

/**
 * Turns reuse on for this process (once; `newDataDir` makes a folder holding a template copy) and
 * says whether it is on.
 */
export function reusingDatabases(newDataDir: () => Promise<string>): boolean {
  if (process.env.DRAMATIS_TEST_REUSE_DATABASES === "0") return false;
  if (!installed) {
    const reuse: DatabaseReuse = {
      serves: (dataDir) => served.has(dataDir),
      newDataDir,
      async opened(database) {
        template ??= templateState(database).catch((error: unknown) => {
          template = undefined;
          throw error;
        });
        await template;
      },
      reset,
      // Enough for the apps a test file runs at once; each idle thread holds its database's memory.
      idleAtMost: 2,
    };
    reuseDatabaseThreads(reuse);
    installed = true;
  }
  return true;
}
let installed = false;

/** A store opened on `dataDir` (a folder this helper made for one app or store) may be given a reused database; `forget` when it is removed. */
export function serveReused(dataDir: string): { forget(): void } {
  served.add(dataDir);
  return { forget: () => served.delete(dataDir) };
}
