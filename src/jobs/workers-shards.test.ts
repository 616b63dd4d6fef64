/**
 * A population of several shards on one server (embedded database, worker threads): what a client
 * polls is byte-identical to the same request generated in one process by `generatePopulation`
 * (designed in an engine thread, not on the HTTP thread),
 * its personas are stored as one row per shard, and its result is kept without them. It is above the
 * diversity report's exact limit: the reports are one task whatever the engine threads (the
 * vectors' part, which two threads could share with the sentences', is the report). Each row is
 * stored with its digest, which the reports survey the population from instead of reading every
 * row; a row stored without one (by an earlier version) is read for it, with the same reports.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EXACT_PAIRS_LIMIT } from "../engine/quality/diversity.ts";
import { generatePopulation } from "../pipeline/generate.ts";
import { POPULATION_SHARD_SIZE } from "../pipeline/shards.ts";
import { createProviders } from "../providers.ts";
import { populationBatches, populations } from "../store/schema.ts";
import { sharedEnginePool } from "../workers/engine-pool.ts";
import { failAbandoned } from "./workers.ts";
import { pollUntilDone, startTestApp, type TestApp } from "../../test/helpers/app.ts";

let app: TestApp;
const providers = createProviders("offline");
beforeAll(async () => {
  app = await startTestApp({ maxCount: 10 * POPULATION_SHARD_SIZE }, { providers });
});
afterAll(async () => {
  await app?.close();
});

describe("a population of several shards", () => {
  it("is byte-identical to the same request generated in one process, stored a row per shard, its result without personas", async () => {
    const request = { prompt: "nurses in Manila", count: EXACT_PAIRS_LIMIT + 7, seed: 41 };
    const engine = sharedEnginePool();
    const tasks = vi.spyOn(engine, "run");
    const reportsRead = vi.spyOn(app.context.jobs, "storedRowStarts");
    const rowReads = vi.spyOn(app.context.jobs, "storedRowFields");
    const fieldsKeptLater = vi.spyOn(app.context.jobs, "storeRowFields");
    // The second row as a version before digests stored it.
    const storedRowDigest = app.context.jobs.storedRowDigest.bind(app.context.jobs);
    const digestReads = vi.spyOn(app.context.jobs, "storedRowDigest").mockImplementation(async (id, start) => (start === POPULATION_SHARD_SIZE ? null : storedRowDigest(id, start)));
    // The design is engine work: in a thread, never on the thread that answers HTTP (a thread's
    // first design builds the offline knowledge, seconds of work).
    const designedOnThisThread = vi.spyOn(providers.modeller, "design");
    let poll: Awaited<ReturnType<typeof pollUntilDone>>;
    const started = await app.request("POST", "/v1/personas/actions/generate", request);
    try {
      expect(started.status).toBe(200);
      poll = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${started.body.id}`, 240_000);
      expect(poll.status).toBe("succeeded");
      // The reports are computed once, by the shard that completed the population, and read each
      // row's fields as stored with it: never a whole row, never an update to keep them.
      expect(reportsRead).toHaveBeenCalledTimes(1);
      const answers = await Promise.all(rowReads.mock.results.map((result) => result.value));
      expect(answers.length).toBeGreaterThan(0);
      for (const answer of answers) expect(Object.keys(answer as object)).toEqual(["fields"]);
      expect(fieldsKeptLater).not.toHaveBeenCalled();
      // The survey comes from the rows' digests, asked for once a row, in order.
      expect(digestReads.mock.calls.map(([, start]) => start)).toEqual([0, POPULATION_SHARD_SIZE, 2 * POPULATION_SHARD_SIZE]);
      expect(designedOnThisThread).not.toHaveBeenCalled();
      const reportTasks = tasks.mock.calls.map(([task]) => task).filter((task) => task.startsWith("stored"));
      // One task whatever the threads: the digests made the vectors' part the whole report (by ranges only beyond the terms budget).
      expect(reportTasks).toEqual(["storedReportsByRanges"]);
    } finally {
      tasks.mockRestore();
      designedOnThisThread.mockRestore();
      reportsRead.mockRestore();
      rowReads.mockRestore();
      fieldsKeptLater.mockRestore();
      digestReads.mockRestore();
    }

    const uninterrupted = await generatePopulation({ ...request, grounding: "off" }, createProviders("offline"));
    expect(poll.result.personas).toHaveLength(request.count);
    expect(JSON.stringify(poll.result.personas)).toBe(JSON.stringify(uninterrupted.personas));
    expect(JSON.stringify(poll.result)).toBe(JSON.stringify(uninterrupted));
    expect(poll.result.diversity).toMatchObject({ method: "lsh" });

    const row = (await app.context.jobs.getPopulation(started.body.id))!;
    expect([row.shardCount, row.produced, row.blueprint]).toEqual([3, request.count, null]);
    expect(Object.keys(row.result as object)).toEqual(["blueprint", "diversity", "marginals", "fidelity"]);
    const digests = await app.context.store.db.select({ digest: populationBatches.digest }).from(populationBatches).where(eq(populationBatches.populationId, row.id));
    expect(digests.map(({ digest }) => typeof digest)).toEqual(["string", "string", "string"]);
    const stored = await app.context.jobs.storedBatches<unknown>(row.id);
    expect([...stored].map(([start, personas]) => [start, personas.length])).toEqual([[0, POPULATION_SHARD_SIZE], [POPULATION_SHARD_SIZE, POPULATION_SHARD_SIZE], [2 * POPULATION_SHARD_SIZE, 7]]);

    // One persona is read from the stored row it falls in (an interview turn), by its id.
    const accountId = app.devAccount.id;
    expect((await app.context.jobs.getPopulationPersona(row.id, accountId, "p1002"))?.persona).toEqual(poll.result.personas[1001]);
    expect((await app.context.jobs.getPopulationPersona(row.id, accountId, "p0001"))?.persona).toEqual(poll.result.personas[0]);
    expect((await app.context.jobs.getPopulationPersona(row.id, accountId, "p2008"))?.persona).toBeNull();
    expect((await app.context.jobs.getPopulationPersona(row.id, accountId, "nobody"))?.persona).toBeNull();

    // The reconciler reads unfinished rows, then asks the queue about each: a shard that finished in
    // between looks abandoned ("completed without a result"). While its population still runs (put
    // back here as it was before its last shard), the population must not fail for it.
    await app.context.store.db.update(populations).set({ status: "running" }).where(eq(populations.id, row.id));
    const [shardId] = await app.context.jobs.shardIds(row.id);
    await failAbandoned("population-shard", shardId!, "queue job ended as completed without a result", app.context);
    expect((await app.context.jobs.getPopulation(row.id))?.status).toBe("running");
    // The same for the population's own job, which ends once its shards are made.
    await failAbandoned("population", row.id, "queue job ended as completed without a result", app.context);
    expect((await app.context.jobs.getPopulation(row.id))?.status).toBe("running");
    expect((await app.context.jobs.getShard(shardId!))?.status).toBe("succeeded");
    const ledger = await app.context.accounts.ledger(app.devAccount.id);
    expect(ledger.filter((entry) => entry.jobId === row.id).map((entry) => entry.kind)).toEqual(["charge"]);
  }, 300_000);
});
