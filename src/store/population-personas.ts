/**
 * Reads a population's personas from `population_batches` a row at a time, in persona order, so
 * that nothing ever holds a whole population (a million personas are about 3.5 GB of JSON).
 *
 * The storage contract (issue 16): a population's personas are rows of
 * `(population_id, start_index, personas json array)`; rows never overlap and, once the population
 * succeeded, together cover `0..count-1`. The writer (store/jobs.ts) owns how big a row is; this
 * reader only assumes one row fits in memory (a shard: about a thousand personas, 3.5 MB).
 *
 * A row is read as its stored text (`personas::text`), not as parsed JSON: PGlite's own parsing of a
 * `json` column costs about 3× the read (270 ms against 80 ms for a 3.7 MB row), and the poll passes
 * the text through as it is. That text is the writer's `JSON.stringify` of the list (drizzle's `json`
 * column stores exactly that, and `json` keeps text as sent), so it is the bytes a poll of the same
 * personas held in memory writes; `population-personas.test.ts` holds the writer to it.
 */
import { and, asc, desc, eq, gt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "./database.ts";
import { populationBatches } from "./schema.ts";

/** One stored row as text: the JSON array of its personas, with the index of the first and their number. */
export interface StoredRow {
  startIndex: number;
  length: number;
  json: string;
}

/** Personas of one stored row (the first one cut to start where asked), with the index of the first. */
export interface PersonaBatch {
  startIndex: number;
  personas: unknown[];
}

/** The rows do not tile the population: a gap, an overlap, rows past its end, or a row that is not a list. */
export class StoredPersonasError extends Error {
  override readonly name = "StoredPersonasError";
}

export class PopulationPersonas {
  constructor(private readonly db: Db) {}

  /**
   * The rows holding personas `from..count-1` (`count`: the population's size), in order, the first
   * being the one that holds `from`. Each row is read by its key only when the previous one has been
   * consumed: a slow reader holds one row, never the population. Throws `StoredPersonasError` when
   * the rows do not tile `from..count-1` exactly.
   */
  async *rows(populationId: string, count: number, from = 0): AsyncGenerator<StoredRow> {
    if (from >= count) return;
    let next = from;
    let row = await this.rowAtOrBefore(populationId, from);
    while (row) {
      const end = row.startIndex + row.length;
      if (row.startIndex > next || end <= next) throw new StoredPersonasError(`population ${populationId}: no stored personas at index ${next} (the next row starts at ${row.startIndex})`);
      if (end > count) throw new StoredPersonasError(`population ${populationId}: stored personas run to index ${end - 1}, past its ${count} personas`);
      yield row;
      next = end;
      if (next >= count) return;
      row = await this.rowAfter(populationId, row.startIndex);
    }
    throw new StoredPersonasError(`population ${populationId}: stored personas stop at index ${next} of ${count}`);
  }

  /** The personas `from..count-1` parsed, a row at a time (see `rows`). */
  async *batches(populationId: string, count: number, from = 0): AsyncGenerator<PersonaBatch> {
    for await (const row of this.rows(populationId, count, from)) {
      const personas = JSON.parse(row.json) as unknown[];
      yield row.startIndex >= from ? { startIndex: row.startIndex, personas } : { startIndex: from, personas: personas.slice(from - row.startIndex) };
    }
  }

  /** The row holding `index` or the last before it. */
  private rowAtOrBefore(populationId: string, index: number): Promise<StoredRow | undefined> {
    return this.firstRow(and(eq(populationBatches.populationId, populationId), lte(populationBatches.startIndex, index)), desc(populationBatches.startIndex));
  }

  private rowAfter(populationId: string, startIndex: number): Promise<StoredRow | undefined> {
    return this.firstRow(and(eq(populationBatches.populationId, populationId), gt(populationBatches.startIndex, startIndex)), asc(populationBatches.startIndex));
  }

  private async firstRow(where: SQL | undefined, order: SQL): Promise<StoredRow | undefined> {
    const [row] = await this.db
      .select({
        startIndex: populationBatches.startIndex,
        // Null when the row is not a list: json_array_length would fail the query on an object.
        length: sql<number | null>`case when json_typeof(${populationBatches.personas}) = 'array' then json_array_length(${populationBatches.personas}) end`,
        json: sql<string>`${populationBatches.personas}::text`,
      })
      .from(populationBatches)
      .where(where)
      .orderBy(order)
      .limit(1);
    if (!row) return undefined;
    if (row.length === null) throw new StoredPersonasError(`the stored row at index ${row.startIndex} is not a list of personas`);
    return { startIndex: row.startIndex, length: Number(row.length), json: row.json };
  }
}
