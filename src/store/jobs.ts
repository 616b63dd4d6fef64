/**
 * The rows behind the asynchronous jobs (populations, enhancements, evaluations, panel surveys). A row is created (and paid for) when the POST is
 * accepted, moves pending → running → succeeded | failed, and is only ever read by its owner.
 */
import { and, desc, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import type { Transaction } from "./accounts.ts";
import { blueprintCache, enhancements, evaluations, panelSurveys, populationBatches, populations } from "./schema.ts";

export type PopulationRow = typeof populations.$inferSelect;
export type EnhancementRow = typeof enhancements.$inferSelect;
export type EvaluationRow = typeof evaluations.$inferSelect;
export type PanelSurveyRow = typeof panelSurveys.$inferSelect;

export const JOB_TABLES = { population: populations, enhancement: enhancements, evaluation: evaluations, panel: panelSurveys } as const;
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

  async getPopulation(id: string, accountId?: string): Promise<PopulationRow | null> {
    const [row] = await this.db.select().from(populations).where(ownedBy(populations, id, accountId));
    return row ?? null;
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
   * account's. `persona` is null when the population has no such persona (or no result yet).
   */
  async getPopulationPersona(id: string, accountId: string, personaId: string): Promise<{ id: string; status: string; persona: unknown } | null> {
    const [row] = await this.db
      .select({
        id: populations.id,
        status: populations.status,
        persona: sql<unknown>`(select element from json_array_elements(${populations.result}->'personas') as element where element->>'persona_id' = ${personaId} limit 1)`,
      })
      .from(populations)
      .where(ownedBy(populations, id, accountId));
    return row ?? null;
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
      .set({ status: "running", phase, produced: 0, total, attempts: sql`${table.attempts} + 1`, updatedAt: new Date() })
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
    await this.db.update(table).set(values).where(and(eq(table.id, id), inArray(table.status, ["pending", "running"])));
    if (kind === "population") await this.dropBatches(id);
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
    if (kind === "population") await this.dropBatches(id);
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

  // ── A model-backed population's checkpoint: its blueprint and its batches as they land ──────────

  async checkpointBlueprint(id: string, blueprint: unknown): Promise<void> {
    await this.db.update(populations).set({ blueprint }).where(and(eq(populations.id, id), eq(populations.status, "running")));
  }

  async storeBatch(id: string, startIndex: number, personas: readonly unknown[]): Promise<void> {
    await this.db
      .insert(populationBatches)
      .values({ populationId: id, startIndex, personas })
      .onConflictDoUpdate({ target: [populationBatches.populationId, populationBatches.startIndex], set: { personas, createdAt: new Date() } });
  }

  /** The batches stored so far, by the index of their first persona. */
  async storedBatches<T = unknown>(id: string): Promise<Map<number, T[]>> {
    const rows = await this.db
      .select({ startIndex: populationBatches.startIndex, personas: populationBatches.personas })
      .from(populationBatches)
      .where(eq(populationBatches.populationId, id));
    return new Map(rows.map((row) => [row.startIndex, row.personas as T[]]));
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
    await this.db
      .update(table)
      .set({ status: "pending", produced: 0, updatedAt: new Date() })
      .where(and(eq(table.id, id), eq(table.status, "running")));
  }

  /** Every job not yet finished, oldest first: what the reconciler checks after a restart. */
  async unfinished(kind: JobTableKind): Promise<Array<{ id: string; status: string; createdAt: Date }>> {
    const table = JOB_TABLES[kind] as typeof populations;
    return this.db
      .select({ id: table.id, status: table.status, createdAt: table.createdAt })
      .from(table)
      .where(inArray(table.status, ["pending", "running"]))
      .orderBy(table.createdAt);
  }
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
