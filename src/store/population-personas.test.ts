/**
 * The reader of a population's stored personas: rows in order, from any index, refusing rows that
 * do not tile the population; and the writer's text is exactly `JSON.stringify` of its list, which
 * the poll passes through as it is.
 */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore } from "../../test/helpers/app.ts";
import type { Store } from "./database.ts";
import { AccountRepository } from "./accounts.ts";
import { JobRepository } from "./jobs.ts";
import { PopulationPersonas, StoredPersonasError } from "./population-personas.ts";
import { populationBatches } from "./schema.ts";

let store: Store;
let jobs: JobRepository;
let reader: PopulationPersonas;
let accountId = "";

beforeAll(async () => {
  store = await openTestStore();
  jobs = new JobRepository(store.db);
  reader = new PopulationPersonas(store.db);
  accountId = (await new AccountRepository(store.db).create("reader", 0)).id;
});
afterAll(async () => {
  await store?.close();
});

const persona = (index: number) => ({ persona_id: `p${String(index + 1).padStart(4, "0")}`, fields: { note: `"quoted", ünïcode ${index}\n` } });

/** A population of `count` with rows starting at `starts` (each running to the next start). */
async function population(count: number, starts: number[], ends?: number[]): Promise<string> {
  const id = randomUUID();
  await store.db.transaction((tx) => jobs.insertPopulation(tx, { id, accountId, prompt: "rows", count, seed: 1 }));
  for (const [position, start] of starts.entries()) {
    const end = ends?.[position] ?? starts[position + 1] ?? count;
    await jobs.storeBatch(id, start, Array.from({ length: end - start }, (_, offset) => persona(start + offset)));
  }
  return id;
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

describe("PopulationPersonas", () => {
  it("reads the rows in persona order, whatever order they were written in", async () => {
    const id = await population(10, [4, 0, 7], [7, 4, 10]);
    const rows = await all(reader.rows(id, 10));
    expect(rows.map((row) => [row.startIndex, row.personas.length])).toEqual([[0, 4], [4, 3], [7, 3]]);
    const personas = (await all(reader.rows(id, 10))).flatMap((row) => row.personas.map((text) => JSON.parse(text)));
    expect(personas).toEqual(Array.from({ length: 10 }, (_, index) => persona(index)));
  });

  it("starts anywhere, cutting the row that holds the first persona asked for", async () => {
    const id = await population(10, [0, 4, 7]);
    const rows = await all(reader.rows(id, 10, 5));
    expect(rows.map((row) => row.startIndex)).toEqual([5, 7]);
    expect(rows.flatMap((row) => row.personas.map((text) => JSON.parse(text)))).toEqual(Array.from({ length: 5 }, (_, offset) => persona(5 + offset)));
    expect(await all(reader.rows(id, 10, 10))).toEqual([]);
  });

  it("reads each persona's text as the writer's JSON.stringify wrote it, the bytes a poll passes through", async () => {
    const id = await population(3, [0]);
    const [row] = await all(reader.rows(id, 3));
    expect(`[${row?.personas.join(",")}]`).toBe(JSON.stringify([persona(0), persona(1), persona(2)]));
  });

  it("refuses rows with a gap, rows past the end, missing rows and a row that is not a list", async () => {
    const gap = await population(10, [0, 6], [4, 10]);
    await expect(all(reader.rows(gap, 10))).rejects.toThrow(StoredPersonasError);
    const past = await population(5, [0], [7]);
    await expect(all(reader.rows(past, 5))).rejects.toThrow(/past its 5 personas/);
    const short = await population(10, [0], [6]);
    await expect(all(reader.rows(short, 10))).rejects.toThrow(/stop at index 6 of 10/);
    const none = await population(3, []);
    await expect(all(reader.rows(none, 3))).rejects.toThrow(StoredPersonasError);
    const object = await population(2, [0]);
    await store.db.execute(sql`update population_batches set personas = '{"not":"a list"}'::json where population_id = ${object}`);
    await expect(all(reader.rows(object, 2))).rejects.toThrow(/not a list/);
    expect((await store.db.select().from(populationBatches).where(eq(populationBatches.populationId, object))).length).toBe(1);
  });
});
