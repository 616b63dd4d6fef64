/**
 * The rows behind the asynchronous jobs (populations, enhancements, evaluations, panel surveys). A row is created (and paid for) when the POST is
 * accepted, moves pending → running → succeeded | failed, and is only ever read by its owner.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, sql } from "drizzle-orm";
import { getTableColumns } from "drizzle-orm";
import type { Db } from "./database.ts";
import type { Transaction } from "./accounts.ts";
import { blueprintCache, enhancements, evaluations, panelSurveys, populationBatches, populationBlueprints, populationReportRanges, populationShards, populations } from "./schema.ts";
import { resultWithModel } from "./population-blueprints.ts";
import pg from "pg";
import { copyByteaInPieces } from "./copy-bytes.ts";

export type PopulationRow = typeof populations.$inferSelect;
export type EnhancementRow = typeof enhancements.$inferSelect;
export type EvaluationRow = typeof evaluations.$inferSelect;
export type PanelSurveyRow = typeof panelSurveys.$inferSelect;
/** A shard without its structured fields (read on their own, as JSON text, by `shardStructured`). */
export type PopulationShardRow = Omit<typeof populationShards.$inferSelect, "structured">;

export const JOB_TABLES = {
  population: populations,
  "population-shard": populationShards,
  enhancement: enhancements,
  evaluation: evaluations,
  panel: panelSurveys,
} as const;
export type JobTableKind = keyof typeof JOB_TABLES;

export const TERMINAL_STATUSES = ["succeeded", "failed"] as const;
export type JobStatus = "pending" | "running" | "succeeded" | "failed";

/**
 * Stable failure categories shown on polls (a closed union: clients branch on them).
 * - `provider_error`: the model or provider behind a modeller, writer or enhancer failed (the
 *   spec's category); retried before it is reported.
 * - `invalid_blueprint`: the blueprint breaks the checker's rules (a cycle in `parents`, an `order`
 *   that is not topological, …); the same request fails the same way, so it is not retried.
 * - `impossible_constraints`: the blueprint is well formed but its constraints cannot be met by
 *   sampling; deterministic too, not retried.
 * - `internal_error`: our own fault (a bug, the store unavailable), after retries.
 */
export const FAILURE_CATEGORIES = ["provider_error", "invalid_blueprint", "impossible_constraints", "internal_error"] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

type AnyJobTable = (typeof JOB_TABLES)[JobTableKind];

/** Model calls and tokens, as a job's parts record them. */
export interface ModelUsageDelta {
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** One model's calls and tokens over an account's jobs. */
export interface ModelUsageTotal extends ModelUsageDelta {
  model: string;
}

/** How long a cached blueprint is reused: long enough for re-runs, short enough that a model's newer knowledge shows. */
export const BLUEPRINT_CACHE_DAYS = 30;
const DAY_MS = 86_400_000;

export class JobRepository {
  constructor(private readonly db: Db) {}

  async insertPopulation(tx: Transaction, row: typeof populations.$inferInsert): Promise<void> {
    await tx.insert(populations).values(row);
  }

  async insertEnhancement(tx: Transaction, row: typeof enhancements.$inferInsert): Promise<void> {
    await tx.insert(enhancements).values(row);
  }

  async insertEvaluation(tx: Transaction, row: typeof evaluations.$inferInsert): Promise<void> {
    await tx.insert(evaluations).values(row);
  }

  async insertPanelSurvey(tx: Transaction, row: typeof panelSurveys.$inferInsert): Promise<void> {
    await tx.insert(panelSurveys).values(row);
  }

  /** A population with its result whole: a blueprint model stored apart (population-blueprints.ts) is read with it and put back. */
  async getPopulation(id: string, accountId?: string): Promise<PopulationRow | null> {
    const [row] = await this.db
      .select({ ...getTableColumns(populations), storedModel: populationBlueprints.blueprint })
      .from(populations)
      .leftJoin(populationBlueprints, eq(populationBlueprints.hash, populations.resultBlueprint))
      .where(ownedBy(populations, id, accountId));
    if (!row) return null;
    const { storedModel, ...population } = row;
    return storedModel === null ? population : { ...population, result: resultWithModel(population.result, storedModel) };
  }

  async getEnhancement(id: string, accountId?: string): Promise<EnhancementRow | null> {
    const [row] = await this.db.select().from(enhancements).where(ownedBy(enhancements, id, accountId));
    return row ?? null;
  }

  async getEvaluation(id: string, accountId?: string): Promise<EvaluationRow | null> {
    const [row] = await this.db.select().from(evaluations).where(ownedBy(evaluations, id, accountId));
    return row ?? null;
  }

  /**
   * What identifies the version of a job row (its ETag), without its result: a poll that ends in 304
   * must not read a 3 MB population to learn that nothing changed.
   */
  async version(kind: JobTableKind, id: string, accountId: string): Promise<JobVersion | null> {
    const table = JOB_TABLES[kind] as typeof populations;
    const [row] = await this.db
      .select({ id: table.id, updatedAt: table.updatedAt, status: table.status, phase: table.phase, produced: table.produced, total: table.total })
      .from(table)
      .where(ownedBy(table, id, accountId));
    return row ?? null;
  }

  async getPanelSurvey(id: string, accountId?: string): Promise<PanelSurveyRow | null> {
    const [row] = await this.db.select().from(panelSurveys).where(ownedBy(panelSurveys, id, accountId));
    return row ?? null;
  }

  /**
   * One persona of a population and the population's status, without reading the rest of its result
   * (an interview turn must not parse thousands of personas); null when the population is not the
   * account's. `persona` is null when the population has no such persona (or no result yet). A
   * sharded population's persona is read from the one stored row its index falls in.
   */
  async getPopulationPersona(id: string, accountId: string, personaId: string): Promise<{ id: string; status: string; persona: unknown } | null> {
    const index = /^p(\d{1,9})$/.exec(personaId) ? Number(personaId.slice(1)) - 1 : -1;
    const [row] = await this.db
      .select({
        id: populations.id,
        status: populations.status,
        persona: sql<unknown>`coalesce(
          (select element from json_array_elements(${populations.result}->'personas') as element where element->>'persona_id' = ${personaId} limit 1),
          (select batch.personas->(${index}::int - batch.start_index) from ${populationBatches} as batch
            where batch.population_id = ${populations.id} and ${populations.status} = 'succeeded' and batch.start_index <= ${index}::int
            order by batch.start_index desc limit 1))`,
      })
      .from(populations)
      .where(ownedBy(populations, id, accountId));
    if (!row) return null;
    const persona = row.persona as { persona_id?: unknown } | null;
    return { ...row, persona: persona?.persona_id === personaId ? persona : null };
  }

  /** A population without its result or blueprints: what a list or a check before accepting needs. */
  async getPopulationSummary(id: string, accountId: string): Promise<PopulationSummaryRow | null> {
    const [row] = await this.db.select(POPULATION_SUMMARY_COLUMNS).from(populations).where(ownedBy(populations, id, accountId));
    return row ? summaryOf(row) : null;
  }

  /**
   * An account's populations, newest first, `limit` at a time, after `after` (the last row of the
   * previous page). Never reads a result: a history of big populations stays cheap. The position is
   * the exact `created_at` in microseconds (a JavaScript Date keeps only milliseconds, and rows made
   * in the same millisecond must neither repeat nor go missing) and the id.
   */
  async listPopulations(accountId: string, limit: number, after?: PopulationPosition): Promise<PopulationSummaryRow[]> {
    const position = after
      ? sql`(${populations.createdAt}, ${populations.id}) < (timestamptz 'epoch' + ${after.createdAtMicros}::bigint * interval '1 microsecond', ${after.id}::uuid)`
      : undefined;
    const rows = await this.db
      .select(POPULATION_SUMMARY_COLUMNS)
      .from(populations)
      .where(position ? and(eq(populations.accountId, accountId), position) : eq(populations.accountId, accountId))
      .orderBy(desc(populations.createdAt), desc(populations.id))
      .limit(limit);
    return rows.map(summaryOf);
  }

  /**
   * Claims a row for work: pending (or running, when a crashed attempt is retried) → running.
   * Returns false when the row is already terminal, so a duplicate delivery does nothing.
   */
  async start(kind: JobTableKind, id: string, phase: string, total: number): Promise<boolean> {
    const table = JOB_TABLES[kind] as typeof populations;
    const rows = await this.db
      .update(table)
      .set({ status: "running", phase, produced: restartedProduced(kind), total, attempts: sql`${table.attempts} + 1`, updatedAt: new Date() })
      .where(and(eq(table.id, id), inArray(table.status, ["pending", "running"])))
      .returning({ id: table.id });
    return rows.length > 0;
  }

  async progress(kind: JobTableKind, id: string, phase: string, produced: number, total: number): Promise<void> {
    const table = JOB_TABLES[kind] as typeof populations;
    await this.db
      .update(table)
      .set({ phase, produced, total, updatedAt: new Date() })
      .where(and(eq(table.id, id), eq(table.status, "running")));
  }

  async succeed(kind: JobTableKind, id: string, output: { result?: unknown; persona?: unknown }, total: number): Promise<void> {
    const values: Record<string, unknown> = { status: "succeeded", phase: "complete", produced: total, total, updatedAt: new Date() };
    if (kind === "enhancement") values.persona = output.persona;
    else values.result = output.result;
    if (kind === "population") values.blueprint = null;
    const table = JOB_TABLES[kind] as typeof populations;
    // A population's stored rows are its personas (a sharded result leaves them out): kept.
    await this.db.update(table).set(values).where(and(eq(table.id, id), inArray(table.status, ["pending", "running"])));
  }

  /** Marks a job failed; returns false if it had already finished (so a refund happens once). */
  async fail(kind: JobTableKind, id: string, category: FailureCategory, detail: string): Promise<boolean> {
    const table = JOB_TABLES[kind] as typeof populations;
    const values: Record<string, unknown> = { status: "failed", error: category, errorDetail: detail.slice(0, 2000), updatedAt: new Date() };
    if (kind === "population") values.blueprint = null;
    const rows = await this.db
      .update(table)
      .set(values)
      .where(and(eq(table.id, id), inArray(table.status, ["pending", "running"])))
      .returning({ id: table.id });
    if (kind === "population") {
      await this.dropBatches(id);
      await this.dropReportRanges(id);
    }
    return rows.length > 0;
  }

  /**
   * Adds a job's model calls and tokens (deltas, so every attempt's calls count, a crashed one's
   * too) and names the model. Whatever the row's status: calls made are calls paid.
   */
  async addUsage(kind: JobTableKind, id: string, model: string, usage: ModelUsageDelta): Promise<void> {
    const table = JOB_TABLES[kind] as typeof populations;
    await this.db
      .update(table)
      .set({
        model: sql`coalesce(${table.model}, ${model})`,
        modelCalls: sql`${table.modelCalls} + ${usage.calls}`,
        promptTokens: sql`${table.promptTokens} + ${usage.prompt_tokens}`,
        completionTokens: sql`${table.completionTokens} + ${usage.completion_tokens}`,
        // Usage is part of the poll's body, so the version (the ETag) of a job still running moves
        // with it. An ended job's version stays final (the poll cache relies on it); usage that
        // lands after the end (a shard saving its last calls as another finishes the population)
        // is still counted, never dropped.
        updatedAt: sql`case when ${table.status} in ('pending', 'running') then ${new Date().toISOString()}::timestamptz else ${table.updatedAt} end`,
      })
      .where(eq(table.id, id));
  }

  /** Calls and tokens per model over an account's jobs created since `since` (for the usage summary). */
  async modelUsageSince(accountId: string, since: Date): Promise<ModelUsageTotal[]> {
    const totals = new Map<string, ModelUsageTotal>();
    for (const table of Object.values(JOB_TABLES) as Array<typeof populations>) {
      const rows = await this.db
        .select({
          model: table.model,
          calls: sql<string>`sum(${table.modelCalls})`,
          prompt: sql<string>`sum(${table.promptTokens})`,
          completion: sql<string>`sum(${table.completionTokens})`,
        })
        .from(table)
        .where(and(eq(table.accountId, accountId), gte(table.createdAt, since), isNotNull(table.model)))
        .groupBy(table.model);
      for (const row of rows) {
        const model = row.model as string;
        const total = totals.get(model) ?? { model, calls: 0, prompt_tokens: 0, completion_tokens: 0 };
        total.calls += Number(row.calls);
        total.prompt_tokens += Number(row.prompt);
        total.completion_tokens += Number(row.completion);
        totals.set(model, total);
      }
    }
    return [...totals.values()].sort((first, second) => first.model.localeCompare(second.model));
  }

  // ── A sharded population: its blueprint, its shards, and its personas as they are stored ───────

  async checkpointBlueprint(id: string, blueprint: unknown): Promise<void> {
    await this.db.update(populations).set({ blueprint }).where(and(eq(populations.id, id), eq(populations.status, "running")));
  }

  /**
   * Cuts a running population into its shards, in one transaction: the shard rows (each with its
   * structured fields, given as JSON text so no process parses them on the way), the blueprint the
   * shards write from, and `shard_count`, which hands the population's fate to its shards. False
   * when the population is no longer running (nothing is written).
   */
  async createShards(population: PopulationRow, blueprint: unknown, shards: ReadonlyArray<NewShard>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const claimed = await tx
        .update(populations)
        .set({ blueprint, shardCount: shards.length, phase: "generating", updatedAt: new Date() })
        .where(and(eq(populations.id, population.id), eq(populations.status, "running"), isNull(populations.shardCount)))
        .returning({ id: populations.id });
      if (claimed.length === 0) return false;
      // A few hundred shards per statement keeps every statement's parameters well under the limit.
      for (let first = 0; first < shards.length; first += SHARD_ROWS_PER_INSERT) {
        const rows = shards.slice(first, first + SHARD_ROWS_PER_INSERT).map((shard) => ({
          id: shard.id,
          accountId: population.accountId,
          grounding: population.grounding,
          seed: population.seed,
          total: shard.size,
          populationId: population.id,
          shardIndex: shard.index,
          startIndex: shard.start,
          structured: sql`${shard.structuredJson}::json`,
        }));
        await tx.insert(populationShards).values(rows).onConflictDoNothing();
      }
      return true;
    });
  }

  async getShard(id: string): Promise<PopulationShardRow | null> {
    const { structured: _structured, ...columns } = getTableColumns(populationShards);
    const [row] = await this.db.select(columns).from(populationShards).where(eq(populationShards.id, id));
    return row ?? null;
  }

  /** A population's shard ids, in order (not its report's ranges: `createReportRanges`). */
  async shardIds(populationId: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: populationShards.id })
      .from(populationShards)
      .where(and(eq(populationShards.populationId, populationId), gte(populationShards.shardIndex, 0)))
      .orderBy(asc(populationShards.shardIndex));
    return rows.map((row) => row.id);
  }

  /** A shard's structured fields as the JSON text they were stored as (a thread parses them, not the caller). */
  async shardStructured(id: string): Promise<string | null> {
    const [row] = await this.db.select({ structured: sql<string>`${populationShards.structured}::text` }).from(populationShards).where(eq(populationShards.id, id));
    return row?.structured ?? null;
  }

  /**
   * Stores personas of a population from `startIndex` (objects, or their JSON text) and counts them
   * into its `produced`, in one statement, unless a row already starts there (a retried shard):
   * then nothing changes. Either way returns how many of its personas are stored now. `fieldsJson`
   * and `digestJson` (the row's digest for the reports, report-digest.ts) are kept beside it.
   *
   * One statement (a data-modifying CTE, atomic as the transaction of two it replaces): BEGIN,
   * INSERT, UPDATE and COMMIT were four round trips through the driver, ~6 ms of a worker's main
   * thread a shard more than the insert alone (G, bench/shard-task.ts --store, loaded). The outer
   * select sees the population as it was before the update: what a row found stored returns.
   */
  async storeBatch(id: string, startIndex: number, personas: readonly unknown[] | PersonasJson, fieldsJson?: string | Uint8Array, digestJson?: string | Uint8Array): Promise<{ stored: boolean; produced: number }> {
    const size = isPersonasJson(personas) ? personas.size : personas.length;
    const value = isPersonasJson(personas) ? sql`${personas.json}::json` : sql`${JSON.stringify(personas)}::json`;
    // `fields` stored with the row spares the reports a read of the whole row and an update (storeRowFields).
    const fields = fieldsJson === undefined ? null : typeof fieldsJson === "string" ? fieldsJson : sql`${fieldsJson}::text`;
    const digest = digestJson === undefined ? null : typeof digestJson === "string" ? digestJson : sql`${digestJson}::text`;
    const result = await this.db.execute(sql`
      with inserted as (
        insert into ${populationBatches} (population_id, start_index, personas, fields, digest)
        values (${id}, ${startIndex}, ${value}, ${fields}, ${digest})
        on conflict do nothing
        returning start_index
      ), counted as (
        update ${populations} set produced = produced + ${size}, updated_at = now()
        where id = ${id} and exists (select 1 from inserted)
        returning produced
      )
      select exists (select 1 from inserted) as stored,
             coalesce((select produced from counted), (select produced from ${populations} where id = ${id})) as produced`);
    const [row] = ((result as { rows?: unknown[] }).rows ?? result) as Array<{ stored: boolean; produced: number | null }>;
    return { stored: row?.stored === true, produced: Number(row?.produced ?? 0) };
  }

  /** The batches stored from `from` (inclusive) to `to` (exclusive), by the index of their first persona. */
  async storedBatches<T = unknown>(id: string, from = 0, to = MAX_INDEX): Promise<Map<number, T[]>> {
    const rows = await this.db
      .select({ startIndex: populationBatches.startIndex, personas: populationBatches.personas })
      .from(populationBatches)
      .where(and(eq(populationBatches.populationId, id), gte(populationBatches.startIndex, from), lt(populationBatches.startIndex, to)));
    return new Map(rows.map((row) => [row.startIndex, row.personas as T[]]));
  }

  /**
   * Removes stored rows of a population that a shard will write again differently (another batch
   * size than the attempt that stored them), and takes their personas out of `produced`.
   */
  async dropStoredBatches(id: string, startIndexes: readonly number[]): Promise<void> {
    if (startIndexes.length === 0) return;
    await this.db.transaction(async (tx) => {
      const dropped = await tx
        .delete(populationBatches)
        .where(and(eq(populationBatches.populationId, id), inArray(populationBatches.startIndex, [...startIndexes])))
        .returning({ size: sql<number>`json_array_length(${populationBatches.personas})` });
      const size = dropped.reduce((sum, row) => sum + Number(row.size), 0);
      if (size > 0) await tx.update(populations).set({ produced: sql`greatest(0, ${populations.produced} - ${size})` }).where(eq(populations.id, id));
    });
  }

  /**
   * The index of the first persona of each stored row of a population, in order. Rows are
   * contiguous and cover `0..count-1` once every persona is stored, so their sizes follow from
   * these and the count, without reading a row.
   */
  async storedRowStarts(id: string): Promise<number[]> {
    const rows = await this.db
      .select({ startIndex: populationBatches.startIndex })
      .from(populationBatches)
      .where(eq(populationBatches.populationId, id))
      .orderBy(asc(populationBatches.startIndex));
    return rows.map((row) => row.startIndex);
  }

  /**
   * What the reports read of one stored row: its personas' ids and fields as a JSON array text
   * (`fields`), or, for a row stored without them, its whole personas' text (`personas`), from
   * which the caller extracts them once (`storeRowFields`). One row per call keeps each statement
   * small: on the embedded database every statement runs on the thread that answers HTTP.
   */
  async storedRowFields(id: string, startIndex: number): Promise<{ fields: string } | { personas: string } | null> {
    const [row] = await this.db
      .select({ fields: populationBatches.fields, personas: sql<string | null>`case when ${populationBatches.fields} is null then ${populationBatches.personas}::text end` })
      .from(populationBatches)
      .where(and(eq(populationBatches.populationId, id), eq(populationBatches.startIndex, startIndex)));
    if (!row) return null;
    return row.fields !== null ? { fields: row.fields } : { personas: row.personas ?? "[]" };
  }

  /**
   * A stored row's digest for the reports (JSON text, report-digest.ts): `null` for a row stored
   * without one (by a version before migration 0011), `undefined` when no row starts there.
   */
  async storedRowDigest(id: string, startIndex: number): Promise<string | null | undefined> {
    const [row] = await this.db
      .select({ digest: populationBatches.digest })
      .from(populationBatches)
      .where(and(eq(populationBatches.populationId, id), eq(populationBatches.startIndex, startIndex)));
    return row ? row.digest : undefined;
  }

  /** Keeps a stored row's personas' ids and fields (JSON text) for the next reads, unless kept already. */
  async storeRowFields(id: string, startIndex: number, fieldsJson: string): Promise<void> {
    await this.db
      .update(populationBatches)
      .set({ fields: fieldsJson })
      .where(and(eq(populationBatches.populationId, id), eq(populationBatches.startIndex, startIndex), isNull(populationBatches.fields)));
  }

  /** Every persona of a population, from its result (before sharding) or its stored rows. */
  async populationPersonas<T = unknown>(row: Pick<PopulationRow, "id" | "result">): Promise<T[]> {
    const inResult = (row.result as { personas?: T[] } | null)?.personas;
    if (inResult) return inResult;
    const rows = await this.db
      .select({ personas: populationBatches.personas })
      .from(populationBatches)
      .where(eq(populationBatches.populationId, row.id))
      .orderBy(asc(populationBatches.startIndex));
    return rows.flatMap((stored) => stored.personas as T[]);
  }

  /**
   * A sharded population's end: its result (without `personas`, which stay in its stored rows) and
   * `succeeded`, unless it already ended. True if this call finished it.
   */
  async finishPopulation(id: string, result: unknown, count: number): Promise<boolean> {
    const rows = await this.db
      .update(populations)
      .set({ status: "succeeded", phase: "complete", produced: count, total: count, result, blueprint: null, updatedAt: new Date() })
      .where(and(eq(populations.id, id), inArray(populations.status, ["pending", "running"])))
      .returning({ id: populations.id });
    return rows.length > 0;
  }

  // ── A population's report by persona ranges, shared by the workers (workers/report-ranges.ts) ──

  /**
   * Stores the survey of a population's report by ranges and creates its ranges' jobs: rows of
   * `population_shards` with `shard_index` −1 − range (so the queue, the reconciler and a failed
   * shard's fail-and-refund-once take them as shards), each covering `size` personas from `start`,
   * in one transaction. A second call (a retried shard's report) changes nothing. False when the
   * population is no longer running.
   */
  async createReportRanges(population: Pick<PopulationRow, "id" | "accountId" | "grounding" | "seed">, survey: Uint8Array, ranges: ReadonlyArray<NewReportRange>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select({ status: populations.status }).from(populations).where(eq(populations.id, population.id));
      if (row?.status !== "running") return false;
      await tx.insert(populationReportRanges).values({ populationId: population.id, range: SURVEY_RANGE, summary: survey }).onConflictDoNothing();
      const rows = ranges.map((range) => ({
        id: range.id,
        accountId: population.accountId,
        grounding: population.grounding,
        seed: population.seed,
        total: range.size,
        populationId: population.id,
        shardIndex: -1 - range.range,
        startIndex: range.start,
        structured: sql`'null'::json`,
      }));
      for (let first = 0; first < rows.length; first += SHARD_ROWS_PER_INSERT) await tx.insert(populationShards).values(rows.slice(first, first + SHARD_ROWS_PER_INSERT)).onConflictDoNothing();
      return true;
    });
  }

  /**
   * Stores a range's output (a retry finding it stored keeps the first: the same bytes) and
   * returns how many of the population's ranges are stored now. Two ranges stored at once may both
   * count them all (both then merge: the same report, finished once); never neither, as each
   * counts after its own insert is committed.
   */
  async storeReportRange(populationId: string, range: number, summary: Uint8Array, terms: Uint8Array): Promise<number> {
    await this.db.insert(populationReportRanges).values({ populationId, range, summary, terms }).onConflictDoNothing();
    const [row] = await this.db
      .select({ stored: sql<number>`count(*)::int` })
      .from(populationReportRanges)
      .where(and(eq(populationReportRanges.populationId, populationId), gte(populationReportRanges.range, 0)));
    return Number(row?.stored ?? 0);
  }

  /** The personas each of a population's report ranges covers (its job's first persona and total), by range. */
  async reportRangeSpans(populationId: string): Promise<Array<{ start: number; size: number }>> {
    const rows = await this.db
      .select({ start: populationShards.startIndex, size: populationShards.total, index: populationShards.shardIndex })
      .from(populationShards)
      .where(and(eq(populationShards.populationId, populationId), lt(populationShards.shardIndex, 0)))
      .orderBy(desc(populationShards.shardIndex));
    return rows.map(({ start, size }) => ({ start, size }));
  }

  /** Which of a population's report ranges are stored (a retried range job finds its own). */
  async storedReportRanges(populationId: string): Promise<Set<number>> {
    const rows = await this.db
      .select({ range: populationReportRanges.range })
      .from(populationReportRanges)
      .where(and(eq(populationReportRanges.populationId, populationId), gte(populationReportRanges.range, 0)));
    return new Set(rows.map((row) => row.range));
  }

  /**
   * The survey's bytes (`range` −1), or a range's summary or terms; null when not stored. From a
   * Postgres server as bytes in shared memory (`copyByteaInPieces`: a bytea in a result row comes as hex
   * text, ~0.6 CPU-s to decode 16 MB of a range's terms on this thread), which a thread is passed
   * without a copy; written in `into` when they fit (memory the reader lends back, `RangeLoads`).
   */
  async reportRangeBytes(populationId: string, range: number, what: "summary" | "terms", into?: SharedArrayBuffer): Promise<Uint8Array | null> {
    const client = (this.db as unknown as { $client?: unknown }).$client;
    if (client instanceof pg.Pool) {
      // COPY takes no parameters: the id and range are checked to be what they say, then written in.
      if (!UUID.test(populationId) || !Number.isSafeInteger(range)) throw new Error(`not a population id and range: ${populationId}, ${range}`);
      return copyByteaInPieces(client, what === "summary" ? "summary" : "terms", `FROM population_report_ranges WHERE population_id = '${populationId}' AND range = ${range}`, into);
    }
    const [row] = await this.db
      .select({ bytes: what === "summary" ? populationReportRanges.summary : populationReportRanges.terms })
      .from(populationReportRanges)
      .where(and(eq(populationReportRanges.populationId, populationId), eq(populationReportRanges.range, range)));
    return row?.bytes ?? null;
  }

  /** Removes a population's report ranges (once it ended: they served its report). */
  async dropReportRanges(populationId: string): Promise<void> {
    await this.db.delete(populationReportRanges).where(eq(populationReportRanges.populationId, populationId));
  }

  private async dropBatches(id: string): Promise<void> {
    await this.db.delete(populationBatches).where(eq(populationBatches.populationId, id));
  }

  // ── Blueprint cache ────────────────────────────────────────────────────────────────────────────

  /** The cached blueprint under `key`, unless it is older than `BLUEPRINT_CACHE_DAYS`. */
  async cachedBlueprint<T = unknown>(key: string, now = new Date()): Promise<T | null> {
    const [row] = await this.db
      .select({ blueprint: blueprintCache.blueprint })
      .from(blueprintCache)
      .where(and(eq(blueprintCache.key, key), gte(blueprintCache.createdAt, new Date(now.getTime() - BLUEPRINT_CACHE_DAYS * DAY_MS))));
    return (row?.blueprint as T | undefined) ?? null;
  }

  /** Keeps (or replaces) a designed blueprint, and drops expired entries so the table stays small. */
  async cacheBlueprint(key: string, model: string, blueprint: unknown, now = new Date()): Promise<void> {
    await this.db
      .insert(blueprintCache)
      .values({ key, model, blueprint, createdAt: now })
      .onConflictDoUpdate({ target: blueprintCache.key, set: { model, blueprint, createdAt: now } });
    await this.db.delete(blueprintCache).where(lt(blueprintCache.createdAt, new Date(now.getTime() - BLUEPRINT_CACHE_DAYS * DAY_MS)));
  }

  /**
   * Puts a claimed row back to waiting, when its job is handed back to the queue unfinished (a
   * shutdown, a dead process): a poll then says `pending` instead of a `running` nobody runs.
   */
  async requeue(kind: JobTableKind, id: string): Promise<void> {
    const table = JOB_TABLES[kind] as typeof populations;
    const running = and(eq(table.id, id), eq(table.status, "running"));
    await this.db
      .update(table)
      .set({ status: "pending", produced: 0, updatedAt: new Date() })
      // A sharded population keeps running while any of its shards does: its own job is long over.
      .where(kind === "population" ? and(running, isNull(populations.shardCount)) : running);
  }

  /**
   * Every job not yet finished, oldest first: what the reconciler checks after a restart. A sharded
   * population is not among them: its designing job is over, its shards carry the work (and are).
   */
  async unfinished(kind: JobTableKind): Promise<Array<{ id: string; status: string; createdAt: Date }>> {
    const table = JOB_TABLES[kind] as typeof populations;
    const unfinished = inArray(table.status, ["pending", "running"]);
    return this.db
      .select({ id: table.id, status: table.status, createdAt: table.createdAt })
      .from(table)
      .where(kind === "population" ? and(unfinished, isNull(populations.shardCount)) : unfinished)
      .orderBy(table.createdAt);
  }
}

/** A shard as its population's designing job creates it. */
export interface NewShard {
  id: string;
  index: number;
  start: number;
  size: number;
  /** The shard's structured fields, as JSON text or its UTF-8 bytes (see `PersonasJson`). */
  structuredJson: string | Uint8Array;
}

/** A range's job of a population's report by ranges, as `createReportRanges` creates it. */
export interface NewReportRange {
  id: string;
  /** The range, from 0 (its job's `shard_index` is −1 − range). */
  range: number;
  /** The range's first persona, and how many it covers. */
  start: number;
  size: number;
}

/** A uuid's text, as Postgres writes it (checked before one is written into a statement). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The survey's place among a population's report ranges. */
export const SURVEY_RANGE = -1;

/** Personas already serialised (by a worker thread), with how many there are. */
export interface PersonasJson {
  /** JSON text, or its UTF-8 bytes (sent as a binary parameter, which either database reads as the same text). */
  json: string | Uint8Array;
  size: number;
}

function isPersonasJson(personas: readonly unknown[] | PersonasJson): personas is PersonasJson {
  return !Array.isArray(personas);
}

const SHARD_ROWS_PER_INSERT = 200;
/** Past any persona index (`start_index` is a 32-bit integer). */
const MAX_INDEX = 2 ** 31 - 1;

/**
 * What `produced` becomes when a job (re)starts or is handed back: 0, except for a sharded
 * population, whose `produced` counts the personas its shards stored and only ever grows.
 */
function restartedProduced(kind: JobTableKind) {
  return kind === "population" ? sql`case when ${populations.shardCount} is null then 0 else ${populations.produced} end` : sql`0`;
}

/** The columns a job row's version (and ETag) is made of. */
export interface JobVersion {
  id: string;
  updatedAt: Date;
  status: string;
  phase: string | null;
  produced: number;
  total: number;
}

/** Where a page of populations ends: the exact creation time (microseconds since 1970) and id of its last row. */
export interface PopulationPosition {
  createdAtMicros: string;
  id: string;
}

export interface PopulationSummaryRow {
  id: string;
  status: string;
  phase: string | null;
  produced: number;
  total: number;
  prompt: string;
  count: number;
  grounding: string;
  seed: number;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  position: PopulationPosition;
}

const POPULATION_SUMMARY_COLUMNS = {
  id: populations.id,
  status: populations.status,
  phase: populations.phase,
  produced: populations.produced,
  total: populations.total,
  prompt: populations.prompt,
  count: populations.count,
  grounding: populations.grounding,
  seed: populations.seed,
  error: populations.error,
  createdAt: populations.createdAt,
  updatedAt: populations.updatedAt,
  createdAtMicros: sql<string>`(extract(epoch from ${populations.createdAt}) * 1000000)::bigint::text`,
};

function summaryOf({ createdAtMicros, ...row }: Omit<PopulationSummaryRow, "position"> & { createdAtMicros: string }): PopulationSummaryRow {
  return { ...row, position: { createdAtMicros, id: row.id } };
}

function ownedBy(table: AnyJobTable, id: string, accountId?: string) {
  const t = table as typeof populations;
  return accountId ? and(eq(t.id, id), eq(t.accountId, accountId)) : eq(t.id, id);
}
