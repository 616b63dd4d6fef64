/**
 * Reads a population's personas from `population_batches` a batch at a time, in persona order, so
 * that nothing ever holds a whole population (a million personas are about 3 GB of JSON).
 *
 * The storage contract (S-common, issue 16): a population's personas are rows of
 * `(population_id, start_index, personas json array)`; rows never overlap and, once the population
 * succeeded, together cover `0..count-1`. The writer (store/jobs.ts) owns how big a row is; this
 * reader only assumes each row fits in memory (a shard: about a thousand personas).
 */
import { and, asc, desc, eq, gt, lte, type SQL } from "drizzle-orm";
import type { Db } from "./database.ts";
import { populationBatches } from "./schema.ts";

/** Personas of one stored row, with the index of the first. */
export interface PersonaBatch {
  startIndex: number;
  personas: unknown[];
}

/** The rows do not tile the population: a gap, an overlap, or rows past its end. */
export class StoredPersonasError extends Error {
  override readonly name = "StoredPersonasError";
}

export class PopulationPersonas {
  constructor(private readonly db: Db) {}

  /**
   * The personas from index `from` (default 0) up to `count` (the population's size), one stored row
   * at a time, the first one cut so that it starts at `from`. Each row is read by its key when the
   * previous one has been consumed: a slow reader holds one row, never the population. Throws
   * `StoredPersonasError` when the rows do not tile `from..count-1` exactly.
   */
  async *batches(populationId: string, count: number, from = 0): AsyncGenerator<PersonaBatch> {
    if (from >= count) return;
    let next = from;
    let row = await this.rowAtOrBefore(populationId, from);
    while (row) {
      const end = row.startIndex + row.personas.length;
      if (row.startIndex > next || end <= next) throw new StoredPersonasError(`population ${populationId}: no stored personas at index ${next} (next row starts at ${row.startIndex})`);
      if (end > count) throw new StoredPersonasError(`population ${populationId}: stored personas run to index ${end - 1}, past its ${count} personas`);
      const personas = row.startIndex === next ? row.personas : row.personas.slice(next - row.startIndex);
      yield { startIndex: next, personas };
      next = end;
      if (next >= count) return;
      row = await this.rowAfter(populationId, row.startIndex);
    }
    throw new StoredPersonasError(`population ${populationId}: stored personas stop at index ${next} of ${count}`);
  }

  /** The row holding `index` or the last before it. */
  private rowAtOrBefore(populationId: string, index: number): Promise<PersonaBatch | undefined> {
    return this.firstRow(and(eq(populationBatches.populationId, populationId), lte(populationBatches.startIndex, index)), desc(populationBatches.startIndex));
  }

  private rowAfter(populationId: string, startIndex: number): Promise<PersonaBatch | undefined> {
    return this.firstRow(and(eq(populationBatches.populationId, populationId), gt(populationBatches.startIndex, startIndex)), asc(populationBatches.startIndex));
  }

  private async firstRow(where: SQL | undefined, order: SQL): Promise<PersonaBatch | undefined> {
    const [row] = await this.db
      .select({ startIndex: populationBatches.startIndex, personas: populationBatches.personas })
      .from(populationBatches)
      .where(where)
      .orderBy(order)
      .limit(1);
    return row && asBatch(row);
  }
}

function asBatch(row: { startIndex: number; personas: unknown }): PersonaBatch {
  if (!Array.isArray(row.personas)) throw new StoredPersonasError(`the stored row at index ${row.startIndex} is not a list of personas`);
  return { startIndex: row.startIndex, personas: row.personas };
}
