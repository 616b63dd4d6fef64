/**
 * Small populations claimed and finished many at a time: the claim takes exactly the populations
 * the one-population claim would (still to run, not sharded, small enough) and returns their rows;
 * the finish stores each one's personas as its one row and its result, and leaves alone a
 * population that failed or finished meanwhile (nothing stored for it), saying which it finished.
 * Their blueprints' models are stored once per distinct content, and each result reads back whole.
 */
import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore } from "../../test/helpers/app.ts";
import type { Store } from "./database.ts";
import { AccountRepository } from "./accounts.ts";
import { JobRepository } from "./jobs.ts";
import { finishWholePopulations, startSmallPopulations } from "./small-populations.ts";
import { populationBlueprints, populations } from "./schema.ts";

/** One throwaway database for the file, with an account whose populations the tests make. */
const opened = (async () => {
  const store = await openTestStore();
  const accountId = (await new AccountRepository(store.db).create("small", 0)).id;
  return { store, jobs: new JobRepository(store.db), accountId };
})();
let store: Store;
let jobs: JobRepository;
beforeAll(async () => ({ store, jobs } = await opened));
afterAll(async () => (await opened).store.close());

async function population(count: number): Promise<string> {
  const id = randomUUID();
  const { accountId } = await opened;
  await store.db.transaction((tx) => jobs.insertPopulation(tx, { id, accountId, prompt: `small ${count}`, count, seed: 1 }));
  return id;
}

describe("small populations claimed together", () => {
  it("claims every population still to run and small enough, with its row, and no other", async () => {
    const [one, two, large, failed] = [await population(1), await population(7), await population(1_001), await population(1)];
    await jobs.fail("population", failed, "internal_error", "gone");
    const claimed = await startSmallPopulations(store.db, [one, two, large, failed, randomUUID()], "designing", 1_000);
    expect(claimed.map((row) => row.id).sort()).toEqual([one, two].sort());
    for (const row of claimed) expect([row.status, row.phase, row.produced, row.total, row.attempts]).toEqual(["running", "designing", 0, row.count, 1]);
    expect((await jobs.getPopulation(large))?.status).toBe("pending");
    expect(await startSmallPopulations(store.db, [], "designing", 1_000)).toEqual([]);
  });

  it("finishes those still running in one statement, each with its personas as its one row, and leaves a failed one alone", async () => {
    const [first, second, failed] = [await population(1), await population(2), await population(1)];
    await startSmallPopulations(store.db, [first, second, failed], "designing", 1_000);
    await jobs.fail("population", failed, "internal_error", "gone");
    const personasOf = (id: string, size: number) => Array.from({ length: size }, (_, index) => ({ persona_id: `p000${index + 1}`, fields: { of: id } }));
    const finished = await finishWholePopulations(store.db, [first, second, failed].map((id, position) => {
      const size = position === 1 ? 2 : 1;
      return { id, personas: { json: JSON.stringify(personasOf(id, size)), size }, result: { blueprint: { domain: id } }, count: size };
    }));
    expect([...finished].sort()).toEqual([first, second].sort());
    for (const [id, size] of [[first, 1], [second, 2]] as const) {
      const row = (await jobs.getPopulation(id))!;
      expect([row.status, row.phase, row.produced, row.total, row.result]).toEqual(["succeeded", "complete", size, size, { blueprint: { domain: id } }]);
      expect([...(await jobs.storedBatches(id))]).toEqual([[0, personasOf(id, size)]]);
    }
    expect((await jobs.getPopulation(failed))?.status).toBe("failed");
    expect((await jobs.storedBatches(failed)).size).toBe(0);
    expect(await finishWholePopulations(store.db, [])).toEqual(new Set());
  });

  it("stores each distinct blueprint model once, whichever statement or process finishes a population that uses it, and reads every result back whole", async () => {
    const blueprintOf = (seed: number, order: string[]) => ({ domain: "chess", order, fields: [{ name: "age", type: "integer" }], rationale: `seed ${seed}`, seed });
    const resultOf = (seed: number, order = ["age"]) => ({ blueprint: blueprintOf(seed, order), marginals: [{ field: "age", seed }] });
    const finish = async (db: typeof store.db, seeds: number[], order?: string[]) => {
      const ids = await Promise.all(seeds.map(() => population(1)));
      await startSmallPopulations(db, ids, "designing", 1_000);
      const results = seeds.map((seed) => resultOf(seed, order));
      const finished = await finishWholePopulations(db, ids.map((id, index) => ({ id, personas: { json: "[{}]", size: 1 }, result: results[index], count: 1 })));
      expect(finished.size).toBe(ids.length);
      return { ids, results };
    };
    // Two statements of this process, then one through a handle this process never stored with
    // (as another process would: it sends the model again, which is kept once).
    const groups = [await finish(store.db, [1, 2, 3]), await finish(store.db, [4]), await finish(Object.create(store.db) as typeof store.db, [5]), await finish(store.db, [6], ["age", "other"])];
    const ids = groups.flatMap((group) => group.ids);
    const named = await store.db.selectDistinct({ hash: populations.resultBlueprint }).from(populations).where(inArray(populations.id, ids));
    expect(named).toHaveLength(2);
    const models = await store.db.select({ hash: populationBlueprints.hash }).from(populationBlueprints).where(inArray(populationBlueprints.hash, named.map((row) => row.hash!)));
    expect(models).toHaveLength(2);
    for (const { ids: finished, results } of groups) {
      for (const [index, id] of finished.entries()) {
        const row = (await jobs.getPopulation(id))!;
        expect(JSON.stringify(row.result)).toBe(JSON.stringify(results[index]));
      }
    }
    // What the row itself holds: the model's key in place, as null.
    const [stored] = await store.db.select({ text: sql<string>`${populations.result}::text` }).from(populations).where(eq(populations.id, ids[0]!));
    expect(JSON.parse(stored!.text).blueprint).toEqual({ domain: "chess", order: null, fields: null, rationale: "seed 1", seed: 1 });
  });
});
