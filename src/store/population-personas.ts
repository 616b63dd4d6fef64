/**
 * Reads a population's personas from `population_batches` a row at a time, in persona order, so
 * that nothing ever holds a whole population (a million personas are about 3.5 GB of JSON).
 *
 * The storage contract (issue 16): a population's personas are rows of
 * `(population_id, start_index, personas json array)`; rows never overlap and, once the population
 * succeeded, together cover `0..count-1`. The writer (store/jobs.ts) owns how big a row is; this
 * reader only assumes one row fits in memory (a shard: about a thousand personas, 3.5 MB).
 *
 * A row is read as the stored text of each of its personas (`json_array_elements`, one result row
 * per persona), not as parsed JSON and not as one string: PGlite's own parsing of a `json` column
 * costs about 3× the read (270 ms against 80–120 ms for a 3.7 MB row), and a 3.7 MB string lives in
 * V8's large-object space until a full garbage collection, so a poll of a million personas would
 * pile up gigabytes of them; a persona's few kilobytes die young. `json` keeps text as it was sent
 * and the writer sends `JSON.stringify` of the list (drizzle's `json` column does exactly that), so
 * the texts joined by commas are the bytes a poll of the same personas held in memory writes;
 * `population-personas.test.ts` holds the writer to it.
 */
import { and, asc, desc, eq, gt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "./database.ts";
import { populationBatches } from "./schema.ts";

/** A stored row (or its end, for the first one read from an index inside it) as the JSON text of each persona, with the index of the first. */
export interface StoredRow {
  startIndex: number;
  personas: string[];
}

/** The rows do not tile the population: a gap, an overlap, rows past its end, or a row that is not a list. */
export class StoredPersonasError extends Error {
  override readonly name = "StoredPersonasError";
}

export class PopulationPersonas {
  constructor(private readonly db: Db) {}

  /**
   * The rows holding personas `from..count-1` (`count`: the population's size), in order, the first
   * one cut so that it starts at `from`. Each row is read by its key only when the previous one has
   * been consumed: a slow reader holds one row, never the population. Throws `StoredPersonasError`
   * when the rows do not tile `from..count-1` exactly.
   */
  async *rows(populationId: string, count: number, from = 0): AsyncGenerator<StoredRow> {
    if (from >= count) return;
    let next = from;
    let row = await this.rowAtOrBefore(populationId, from);
    while (row) {
      const end = row.startIndex + row.personas.length;
      if (row.startIndex > next || end <= next) throw new StoredPersonasError(`population ${populationId}: no stored personas at index ${next} (the next row starts at ${row.startIndex})`);
      if (end > count) throw new StoredPersonasError(`population ${populationId}: stored personas run to index ${end - 1}, past its ${count} personas`);
      yield row.startIndex === next ? row : { startIndex: next, personas: row.personas.slice(next - row.startIndex) };
      next = end;
      if (next >= count) return;
      row = await this.rowAfter(populationId, row.startIndex);
    }
    throw new StoredPersonasError(`population ${populationId}: stored personas stop at index ${next} of ${count}`);
  }

  /** The row holding `index` or the last before it. */
  private async rowAtOrBefore(populationId: string, index: number): Promise<StoredRow | undefined> {
    const start = await this.firstStart(and(eq(populationBatches.populationId, populationId), lte(populationBatches.startIndex, index)), desc(populationBatches.startIndex));
    return start === undefined ? undefined : this.row(populationId, start);
  }

  private async rowAfter(populationId: string, startIndex: number): Promise<StoredRow | undefined> {
    const start = await this.firstStart(and(eq(populationBatches.populationId, populationId), gt(populationBatches.startIndex, startIndex)), asc(populationBatches.startIndex));
    return start === undefined ? undefined : this.row(populationId, start);
  }

  /** A start index found by the key alone (no row is read). */
  private async firstStart(where: SQL | undefined, order: SQL): Promise<number | undefined> {
    const [row] = await this.db.select({ startIndex: populationBatches.startIndex }).from(populationBatches).where(where).orderBy(order).limit(1);
    return row?.startIndex;
  }

  private async row(populationId: string, startIndex: number): Promise<StoredRow> {
    const result = await this.db.execute(sql`
      select item.persona::text as persona
      from ${populationBatches} as batch
      cross join lateral json_array_elements(case when json_typeof(batch.personas) = 'array' then batch.personas end) with ordinality as item(persona, position)
      where batch.population_id = ${populationId} and batch.start_index = ${startIndex}
      order by item.position`);
    const personas = rowsOf<{ persona: string }>(result).map((row) => row.persona);
    if (personas.length === 0) throw new StoredPersonasError(`the stored row at index ${startIndex} of population ${populationId} is not a list of personas`);
    return { startIndex, personas };
  }
}

/** The rows of a raw query, as PGlite (`{rows}`) or node-postgres (`{rows}`) return them. */
function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
