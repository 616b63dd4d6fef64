/**
 * Statements over many small populations at once, for the queue's workers: a backlog of one-persona
 * generates is bound by what each job costs besides the engine, and on the embedded database every
 * statement is a few milliseconds of the one thread that runs them all. Jobs fetched together are
 * claimed together (`jobs/workers.ts` gathers them).
 */
import { and, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import type { PersonasJson, PopulationRow } from "./jobs.ts";
import { KnownModels, resultWithModelApart, type ResultToStore } from "./population-blueprints.ts";
import { populationBatches, populationBlueprints, populations } from "./schema.ts";

/**
 * Claims, in one statement, each of these populations of at most `maxCount` personas that is still
 * to run and not cut into shards (as `JobRepository.start` claims a job), and returns their rows as
 * claimed; ids missing from the answer were not (finished, failed, sharded or too large).
 */
export async function startSmallPopulations(db: Db, ids: readonly string[], phase: string, maxCount: number): Promise<PopulationRow[]> {
  if (ids.length === 0) return [];
  return db
    .update(populations)
    .set({ status: "running", phase, produced: 0, total: sql`${populations.count}`, attempts: sql`${populations.attempts} + 1`, updatedAt: new Date() })
    .where(and(inArray(populations.id, [...ids]), inArray(populations.status, ["pending", "running"]), isNull(populations.shardCount), lte(populations.count, maxCount)))
    .returning();
}

/** A small population made whole: its personas' JSON (text, or UTF-8 bytes for a Postgres server) and its result without them. */
export interface WholePopulation {
  id: string;
  personas: PersonasJson;
  result: unknown;
  count: number;
}

/**
 * Finishes, in one statement, populations made whole by their one job (no shards): each one still
 * running succeeds with its result (without `personas`), and its personas are stored as the one row
 * a sharded population of that size has. The results' blueprint models are stored apart, once per
 * distinct content (population-blueprints.ts), and only those this process has not stored before
 * are sent. Answers the ids that were finished (one failed or finished meanwhile is left as it is,
 * and stores nothing).
 */
export async function finishWholePopulations(db: Db, finished: readonly WholePopulation[]): Promise<Set<string>> {
  if (finished.length === 0) return new Set();
  const now = new Date().toISOString();
  const known = knownModelsOf(db);
  const toStore = finished.map(({ result }) => resultWithModelApart(result));
  const newModels = new Map<string, string>();
  for (const { model } of toStore) if (model && !known.has(model.hash)) newModels.set(model.hash, model.json);
  const given = sql.join(
    finished.map(({ id, personas, count }, index) => {
      const { resultJson, model } = toStore[index] as ResultToStore;
      return sql`(${id}::uuid, ${resultJson}::json, ${model?.hash ?? null}::text, ${personas.json}::json, ${count}::int)`;
    }),
    sql`, `,
  );
  // Stored in the same statement as the results that name them: the foreign key is checked at its end.
  // In hash order, so two processes inserting the same new blueprints lock their keys in one order
  // and cannot deadlock.
  const models =
    newModels.size === 0
      ? sql``
      : sql`models as (
          insert into ${populationBlueprints} (hash, blueprint)
          values ${sql.join([...newModels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([hash, json]) => sql`(${hash}, ${json}::json)`), sql`, `)}
          on conflict (hash) do nothing),`;
  // Written out rather than built: an insert from a select names every column of the table, and
  // columns added later (with defaults) must not break it.
  const stored = await db.execute(sql`
    with ${models}
    given (id, result, result_blueprint, personas, count) as (values ${given}),
    finished as (
      update ${populations}
         set status = 'succeeded', phase = 'complete', produced = given.count, total = given.count,
             result = given.result, result_blueprint = given.result_blueprint, blueprint = null, updated_at = ${now}::timestamptz
        from given
       where ${populations.id} = given.id and ${populations.status} in ('pending', 'running')
      returning ${populations.id} as id)
    insert into ${populationBatches} (population_id, start_index, personas)
    select finished.id, 0, given.personas from finished join given on given.id = finished.id
    on conflict (population_id, start_index) do update set personas = excluded.personas
    returning population_id`);
  known.add(newModels.keys());
  const rows = ((stored as { rows?: unknown[] }).rows ?? (stored as unknown[])) as Array<{ population_id: string }>;
  return new Set(rows.map((row) => row.population_id));
}

const knownModels = new WeakMap<Db, KnownModels>();

/** What this process stored in this database (a test's fresh database starts with nothing known). */
function knownModelsOf(db: Db): KnownModels {
  let known = knownModels.get(db);
  if (!known) knownModels.set(db, (known = new KnownModels()));
  return known;
}
