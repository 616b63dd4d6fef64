/**
 * A population of at most one shard, offline, is made whole by its one queue job: no shard row,
 * no `population-shard` job, its personas stored as the one row a sharded population of that size
 * has, and what a client polls byte-identical to `generatePopulation` for the same request (the
 * bytes every population of up to 1,000 personas has always had).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Blueprint } from "../engine/blueprint.ts";
import { generatePopulation } from "../pipeline/generate.ts";
import { POPULATION_SHARD_SIZE } from "../pipeline/shards.ts";
import { createProviders } from "../providers.ts";
import { EnginePool } from "../workers/engine-pool.ts";
import { JobQueue } from "./queue.ts";
import { startWorkers, wholePopulationsInThreads } from "./workers.ts";
import { BlueprintError } from "../engine/blueprint-check.ts";
import { wholePopulation } from "../workers/whole-population-task.ts";
import { endedQueueJob, pollUntilDone, startTestApp, type TestApp } from "../../test/helpers/app.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function generated(request: { prompt: string; count: number; seed: number; blueprint?: Blueprint }) {
  const started = await app.request("POST", "/v1/personas/actions/generate", request);
  expect(started.status).toBe(200);
  const poll = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${started.body.id}`, 120_000);
  expect(poll.status).toBe("succeeded");
  return { id: started.body.id as string, poll };
}

/** Queue jobs of a kind in pg-boss's table (any state). */
async function queueJobs(kind: string): Promise<number> {
  const result = await app.context.store.db.execute(sql`select count(*)::int as jobs from pgboss.job where name = ${kind}`);
  const rows = ((result as { rows?: unknown[] }).rows ?? result) as Array<{ jobs: number }>;
  return rows[0]?.jobs ?? -1;
}

describe("a population of one shard", () => {
  it("runs as its one queue job, stored as one row, byte-identical to one process", async () => {
    const request = { prompt: "nurses in Manila", count: 37, seed: 41 };
    const { id, poll } = await generated(request);
    const uninterrupted = await generatePopulation({ ...request, grounding: "off" }, createProviders("offline"));
    expect(JSON.stringify(poll.result)).toBe(JSON.stringify(uninterrupted));

    const row = (await app.context.jobs.getPopulation(id))!;
    expect([row.shardCount, row.produced, row.total, row.phase, row.blueprint]).toEqual([null, 37, 37, "complete", null]);
    expect(Object.keys(row.result as object)).toEqual(["blueprint", "diversity", "marginals", "fidelity"]);
    const stored = await app.context.jobs.storedBatches<unknown>(id);
    expect([...stored].map(([start, personas]) => [start, personas.length])).toEqual([[0, 37]]);
    expect(await app.context.jobs.shardIds(id)).toEqual([]);
    expect(await queueJobs("population-shard")).toBe(0);
    expect((await endedQueueJob(app.queue, "population", id))?.state).toBe("completed");
    // One persona is read from that row (an interview turn).
    expect((await app.context.jobs.getPopulationPersona(id, app.devAccount.id, "p0037"))?.persona).toEqual(poll.result.personas[36]);
  }, 180_000);

  it("gives one persona and a full shard the same bytes as one process", async () => {
    for (const request of [
      { prompt: "a chess player", count: 1, seed: 7 },
      { prompt: "retired teachers in Lyon", count: POPULATION_SHARD_SIZE, seed: 3 },
    ]) {
      const { poll } = await generated(request);
      const uninterrupted = await generatePopulation({ ...request, grounding: "off" }, createProviders("offline"));
      expect(JSON.stringify(poll.result)).toBe(JSON.stringify(uninterrupted));
    }
    expect(await queueJobs("population-shard")).toBe(0);
  }, 240_000);

  it("samples a blueprint the caller gave, as one process does", async () => {
    const blueprint = (await generatePopulation({ prompt: "beekeepers in Slovenia", count: 5, grounding: "off", seed: 1 }, createProviders("offline"))).blueprint;
    const request = { prompt: "beekeepers in Slovenia", count: 12, seed: 99, blueprint };
    const { id, poll } = await generated(request);
    // As accepted: the server checks and normalises a caller's blueprint before it is stored.
    const given = (await app.context.jobs.getPopulation(id))!.givenBlueprint as Blueprint;
    const uninterrupted = await generatePopulation({ prompt: request.prompt, count: request.count, seed: request.seed, grounding: "off" }, createProviders("offline"), { blueprint: given });
    expect(JSON.stringify(poll.result)).toBe(JSON.stringify(uninterrupted));
  }, 120_000);
});

describe("the slots of engine-bound kinds", () => {
  it("keep eight small populations per engine thread in flight, and one shard more than the threads", () => {
    const queue = new JobQueue(app.context.store, { concurrency: 2 });
    const slots = new Map<string, number | undefined>();
    (queue as { work: unknown }).work = (kind: string, _worker: unknown, concurrency?: number) => slots.set(kind, concurrency);
    const engine = new EnginePool(0);
    (engine as { size: number }).size = 3;
    startWorkers(queue, { jobs: app.context.jobs, accounts: app.context.accounts, providers: createProviders("offline"), engine });
    expect(Object.fromEntries(slots)).toEqual({ population: 24, "population-shard": 4, enhancement: undefined, evaluation: undefined, panel: undefined });
  });
});

describe("small populations claimed together", () => {
  it("are made whole in one thread task per thread, an even share each, each answered on its own with the bytes it has alone", async () => {
    const tasks: number[] = [];
    const engine = new EnginePool(0);
    (engine as { size: number }).size = 2;
    const runEach = engine.runEach.bind(engine);
    (engine as { runEach: typeof runEach }).runEach = (task, inputs, signal) => {
      tasks.push(inputs.length);
      return runEach(task, inputs, signal);
    };
    const broken = { ...(await wholePopulation({ prompt: "a chess player", count: 1, grounding: "off", seed: 1 })).result.blueprint as Blueprint, order: [] };
    const inputs = [
      { prompt: "a chess player", count: 1, grounding: "off" as const, seed: 1 },
      { prompt: "night-shift nurses in Leeds", count: 3, grounding: "off" as const, seed: 2 },
      { prompt: "a chess player", count: 1, grounding: "off" as const, seed: 3, blueprint: broken },
      { prompt: "beekeepers in Slovenia", count: 2, grounding: "off" as const, seed: 4 },
      { prompt: "a chess player", count: 1, grounding: "off" as const, seed: 5 },
    ];
    const signal = new AbortController().signal;
    const outcomes = await wholePopulationsInThreads(engine, inputs.map((input) => ({ input, signal })));
    expect(tasks).toEqual([2, 3]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(BlueprintError.isInstance((outcomes[2] as PromiseRejectedResult).reason)).toBe(true);
    for (const position of [0, 1, 3, 4]) {
      expect((outcomes[position] as PromiseFulfilledResult<unknown>).value).toEqual(await wholePopulation(inputs[position]!));
    }
  }, 60_000);
});
