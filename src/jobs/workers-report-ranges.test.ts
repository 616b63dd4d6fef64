/**
 * A large population's report by persona ranges, shared by the workers of a Postgres server
 * (workers.ts `queueReportRanges`, `runReportRange`; decision 0008): the shard that completes the
 * population surveys it and queues its ranges as jobs, any worker takes them, and the one that
 * stores the last runs the merge. Here a small terms budget sends two thousand personas that way
 * (`reportTermsBudget`), one row a range (`reportRangeRows`) for three ranges. Two workers in this
 * process, each with its own store connections, queue and one engine thread, beside an API that
 * only accepts (and sweeps for dead workers' jobs every second).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import pg from "pg";
import { eq } from "drizzle-orm";
import { HELD_TERM_ENTRIES } from "../engine/quality/diversity.ts";
import { generatePopulation } from "../pipeline/generate.ts";
import { POPULATION_SHARD_SIZE } from "../pipeline/shards.ts";
import { createProviders } from "../providers.ts";
import { AccountRepository } from "../store/accounts.ts";
import { openStore, type Store } from "../store/database.ts";
import { JobRepository } from "../store/jobs.ts";
import { populationReportRanges, populationShards } from "../store/schema.ts";
import { EnginePool } from "../workers/engine-pool.ts";
import { JobQueue } from "./queue.ts";
import { startWorkers } from "./workers.ts";
import { pollUntilDone, startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { findPostgresBinaries, startPostgres, type PostgresServer } from "../../test/helpers/postgres.ts";

/** Far below two thousand personas' vector entries (~150 a player): they are reported by ranges. */
const TERMS_BUDGET = 10_000;
/** Past the exact limit (2,000) in three rows: three ranges of a row each. */
const request = { prompt: "League of Legends players from around the globe", count: 2 * POPULATION_SHARD_SIZE + 10, seed: 23 };

/** What a range task does in a test worker: run as it would, or first wait, hang until stopped, or fail. */
type RangeBehaviour = (signal: AbortSignal | undefined) => Promise<"run">;

interface TestWorker {
  name: string;
  store: Store;
  queue: JobQueue;
  engine: EnginePool;
  rangesStarted: number;
  rangeBehaviour: RangeBehaviour;
  stop(): Promise<void>;
}

async function startWorker(server: PostgresServer, database: string, name: string, reportTermsBudget = TERMS_BUDGET, reportHelperFrom?: number): Promise<TestWorker> {
  const url = new URL(server.url(database));
  // Named, so that the test can end every connection of this worker as a dying process's end.
  url.searchParams.set("application_name", name);
  const store = await openStore({ databaseUrl: url.toString() });
  const queue = new JobQueue(store, { concurrency: 2 });
  await queue.start();
  const engine = new EnginePool(1);
  const run = engine.run.bind(engine);
  const worker: TestWorker = {
    name,
    store,
    queue,
    engine,
    rangesStarted: 0,
    rangeBehaviour: async () => "run",
    async stop() {
      await queue.stop().catch(() => undefined);
      await store.close().catch(() => undefined);
      await engine.destroy();
    },
  };
  // An own property, not vi.spyOn: vitest 4 hands back the prototype's spy when one test spies on
  // EnginePool.prototype.run (the report helper's test), and this wrapper then became that spy's
  // implementation, calling itself through `run` until the stack ran out.
  engine.run = (async (task: string, input: never, signal?: AbortSignal) => {
    if (task === "reportRange") {
      worker.rangesStarted++;
      await worker.rangeBehaviour(signal);
    }
    return run(task as never, input, signal);
  }) as typeof engine.run;
  const jobs = new JobRepository(store.db);
  startWorkers(queue, { jobs, accounts: new AccountRepository(store.db), providers: createProviders("offline"), engine, reportTermsBudget, reportRangeRows: 1, ...(reportHelperFrom !== undefined ? { reportHelperFrom } : {}) });
  return worker;
}

/** Resolves once `condition` holds, checked every 20 ms; rejects after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!findPostgresBinaries())("a population's report by ranges on a Postgres server", () => {
  let server: PostgresServer;
  let app: TestApp;
  const workers: TestWorker[] = [];
  let expected: string;

  beforeAll(async () => {
    server = await startPostgres();
    const databaseUrl = await server.createDatabase("report_ranges");
    app = await startTestApp({ databaseUrl, workers: 0, maxCount: 10 * POPULATION_SHARD_SIZE });
    workers.push(await startWorker(server, "report_ranges", "worker-a"), await startWorker(server, "report_ranges", "worker-b"));
  }, 120_000);
  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await app?.close();
    server?.stop();
  });

  async function generate(): Promise<{ id: string; poll: any }> {
    const started = await app.request("POST", "/v1/personas/actions/generate", request);
    expect(started.status).toBe(200);
    return { id: started.body.id, poll: await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${started.body.id}`, 240_000) };
  }

  async function rangeJobs(populationId: string) {
    return app.context.store.db
      .select({ index: populationShards.shardIndex, status: populationShards.status, attempts: populationShards.attempts, start: populationShards.startIndex, total: populationShards.total })
      .from(populationShards)
      .where(eq(populationShards.populationId, populationId))
      .then((rows) => rows.filter((row) => row.index < 0).sort((a, b) => b.index - a.index));
  }

  it("shares the ranges between the workers, and polls the same bytes as the report in one process", async () => {
    const [a, b] = workers as [TestWorker, TestWorker];
    // Each worker's range waits until both have started one: a worker holds two jobs at most, so
    // of three ranges the other must take some. Had one worker taken them all, this would time out.
    for (const worker of workers) worker.rangeBehaviour = async () => (await until(() => a.rangesStarted > 0 && b.rangesStarted > 0, 120_000, "both workers to start a range"), "run");
    const { id, poll } = await generate();
    expect(poll.status).toBe("succeeded");
    expect(a.rangesStarted).toBeGreaterThan(0);
    expect(b.rangesStarted).toBeGreaterThan(0);
    expect(a.rangesStarted + b.rangesStarted).toBe(3);
    // Three ranges of one row each, every persona once, each run once; their outputs dropped once merged.
    const ranges = await rangeJobs(id);
    expect(ranges.map(({ index, status, attempts, start, total }) => [index, status, attempts, start, total])).toEqual([
      [-1, "succeeded", 1, 0, 1000],
      [-2, "succeeded", 1, 1000, 1000],
      [-3, "succeeded", 1, 2000, 10],
    ]);
    expect(await app.context.store.db.select().from(populationReportRanges).where(eq(populationReportRanges.populationId, id))).toEqual([]);
    // The population's progress counted its personas, never its ranges.
    expect(poll.progress).toEqual({ phase: "complete", produced: request.count, total: request.count });

    const uninterrupted = await generatePopulation({ ...request, grounding: "off" }, createProviders("offline"));
    expect(poll.result.diversity).toMatchObject({ method: "lsh", mean_method: "exact" });
    expected = JSON.stringify(uninterrupted);
    expect(JSON.stringify(poll.result)).toBe(expected);
  }, 300_000);

  it("hands a dead worker's range to the other, which finishes the population: the same bytes, charged once", async () => {
    const [a, b] = workers as [TestWorker, TestWorker];
    a.rangesStarted = 0;
    b.rangesStarted = 0;
    // A's first range never ends (its process is about to die); B's wait until A has one.
    a.rangeBehaviour = (signal) => new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason)));
    b.rangeBehaviour = async () => (await until(() => a.rangesStarted > 0, 120_000, "worker A to start a range"), "run");
    const started = await app.request("POST", "/v1/personas/actions/generate", request);
    expect(started.status).toBe(200);
    await until(() => a.rangesStarted > 0, 240_000, "worker A to start a range");
    // A dies: every connection it had ends (its job's lock with them), and it works no more.
    const admin = new pg.Client({ connectionString: server.url("report_ranges") });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [a.name]);
    } finally {
      await admin.end();
    }
    await a.stop();
    workers.splice(workers.indexOf(a), 1);

    const poll = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${started.body.id}`, 240_000);
    expect(poll.status).toBe("succeeded");
    expect(JSON.stringify(poll.result)).toBe(expected);
    const ranges = await rangeJobs(started.body.id);
    expect(ranges.every((range) => range.status === "succeeded")).toBe(true);
    // A's ranges were taken over (started again by B), not failed.
    expect(ranges.filter((range) => range.attempts > 1).length).toBeGreaterThan(0);
    const ledger = await app.context.accounts.ledger(app.devAccount.id);
    expect(ledger.filter((entry) => entry.jobId === started.body.id).map((entry) => entry.kind)).toEqual(["charge"]);
  }, 300_000);

  it("fails the population once, refunded once, when a range fails for good", async () => {
    const [b] = workers as [TestWorker];
    b.rangeBehaviour = async () => {
      throw new Error("a range that cannot be computed");
    };
    const started = await app.request("POST", "/v1/personas/actions/generate", { ...request, seed: 24 });
    const poll = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${started.body.id}`, 240_000);
    expect(poll.status).toBe("failed");
    expect(poll.error).toBe("internal_error");
    // The refund is written just after the failed status (failShard: fail, then refund), so a poll
    // may see `failed` a moment before the ledger has it: wait for it, then check it came once.
    await vi.waitFor(async () => {
      const ledger = await app.context.accounts.ledger(app.devAccount.id);
      expect(ledger.filter((entry) => entry.jobId === started.body.id).map((entry) => entry.kind).sort()).toEqual(["charge", "refund"]);
    }, { timeout: 60_000, interval: 100 });
    // Nothing of its report is left behind.
    expect(await app.context.store.db.select().from(populationReportRanges).where(eq(populationReportRanges.populationId, started.body.id))).toEqual([]);
  }, 300_000);

  it("within the terms budget, reported in one task with a second thread reading the rows' terms (workers.ts `reportHelper`): the same bytes", async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    const prepared: number[] = [];
    const run = EnginePool.prototype.run;
    const spied = vi.spyOn(EnginePool.prototype, "run").mockImplementation(async function (this: EnginePool, task: string, input: never, signal?: AbortSignal) {
      const output = await run.call(this, task as never, input, signal);
      if (task === "prepareRows") prepared.push(output as number);
      return output;
    } as typeof run);
    try {
      // The default budget: one task; a thread of its own reads the rows' terms from any size.
      workers.push(await startWorker(server, "report_ranges", "worker-c", HELD_TERM_ENTRIES, 0));
      const { poll } = await generate();
      expect(poll.status).toBe("succeeded");
      expect(JSON.stringify(poll.result)).toBe(expected);
      // Every row of the population read there (the report asked for each in its vectors pass).
      expect(prepared).toEqual([3]);
    } finally {
      spied.mockRestore();
    }
  }, 300_000);
});
