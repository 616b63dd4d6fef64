/**
 * How the queue hands out work: a backlog is fetched in batches as large as the free slots, never
 * more jobs at once than `concurrency`, and never a poll interval per job; on a Postgres server a
 * job queued by one process wakes the workers of another at once. The polling interval is set to
 * a minute in these tests, so a worker that waited for its poll would time the test out.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import pg from "pg";
import { openStore, type Store } from "../store/database.ts";
import { endedQueueJob, openTestStore } from "../../test/helpers/app.ts";
import { findPostgresBinaries, startPostgres, type PostgresServer } from "../../test/helpers/postgres.ts";
import { JobQueue, type JobContext, type JobKind } from "./queue.ts";
import { WAKE_UP_CHANNEL } from "./queue-wake-ups.ts";

const A_MINUTE = 60;

/** A worker that records what it runs and holds every job until `release()`. */
function heldWorker() {
  const started: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    started,
    get mostAtOnce() {
      return mostAtOnce;
    },
    release,
    /** Resolves once `count` jobs have started. */
    startedAtLeast(count: number): Promise<void> {
      if (started.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    worker: {
      async run(context: JobContext) {
        started.push(context.id);
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        for (const waiter of waiters.filter((entry) => started.length >= entry.count)) waiter.resolve();
        await released;
        running--;
      },
      async handedBack() {},
    },
  };
}

/** Works jobs of a kind that end at once, until `count` have run; their ids in the order they started. */
async function ranInOrder(queue: JobQueue, kind: JobKind, count: number): Promise<string[]> {
  const done: string[] = [];
  await new Promise<void>((finished) => {
    queue.work(kind, {
      async run({ id }) {
        done.push(id);
        if (done.length === count) finished();
      },
      async handedBack() {},
    });
  });
  return done;
}

/** Every `fetch` the queue makes, with how many jobs it asked for and got. */
function recordFetches(queue: JobQueue): Array<{ asked: number; got: number }> {
  const fetches: Array<{ asked: number; got: number }> = [];
  const fetch = queue.boss.fetch.bind(queue.boss) as (name: string, options: PgBoss.FetchOptions) => Promise<unknown[]>;
  (queue.boss as { fetch: unknown }).fetch = async (name: string, options: PgBoss.FetchOptions) => {
    const jobs = await fetch(name, options);
    fetches.push({ asked: options.batchSize ?? 1, got: jobs.length });
    return jobs;
  };
  return fetches;
}

describe("a backlog on the embedded database", () => {
  let store: Store;
  let queue: JobQueue;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterEach(async () => queue?.stop());
  afterAll(async () => store?.close());

  it("is fetched as many jobs at a time as there are free slots, and never runs more than `concurrency` at once", async () => {
    queue = new JobQueue(store, { concurrency: 5, pollingIntervalSeconds: A_MINUTE });
    await queue.start();
    const ids = Array.from({ length: 12 }, () => randomUUID());
    for (const id of ids) await queue.enqueue("evaluation", id);
    const fetches = recordFetches(queue);
    const held = heldWorker();
    queue.work("evaluation", held.worker);

    await held.startedAtLeast(5);
    expect(fetches[0]).toEqual({ asked: 5, got: 5 });
    held.release();
    await held.startedAtLeast(12);
    expect(new Set(held.started)).toEqual(new Set(ids));
    expect(held.mostAtOnce).toBeLessThanOrEqual(5);
    // 12 jobs with 5 slots: far fewer fetches than jobs once the slots are filled in batches.
    expect(fetches.filter((entry) => entry.got > 0).length).toBeLessThan(12);
  });

  it("drains without waiting a poll interval between jobs", async () => {
    queue = new JobQueue(store, { concurrency: 2, pollingIntervalSeconds: A_MINUTE });
    await queue.start();
    const ids = Array.from({ length: 20 }, () => randomUUID());
    for (const id of ids) await queue.enqueue("enhancement", id);
    const done = await ranInOrder(queue, "enhancement", ids.length);
    expect(new Set(done)).toEqual(new Set(ids));
  }, 30_000);

  it("keeps a wake-up that comes while the loop is fetching, so a job queued then waits for no poll", async () => {
    queue = new JobQueue(store, { concurrency: 1, pollingIntervalSeconds: A_MINUTE });
    await queue.start();
    const id = randomUUID();
    // The loop's first fetch finds nothing; the job is queued (and the workers woken) before that
    // fetch returns, while no loop is waiting for a wake-up.
    const fetch = queue.boss.fetch.bind(queue.boss) as (name: string, options: PgBoss.FetchOptions) => Promise<unknown[]>;
    let first = true;
    (queue.boss as { fetch: unknown }).fetch = async (name: string, options: PgBoss.FetchOptions) => {
      const jobs = await fetch(name, options);
      if (first) {
        first = false;
        await queue.enqueue("evaluation", id);
      }
      return jobs;
    };
    const held = heldWorker();
    held.release();
    queue.work("evaluation", held.worker);
    await held.startedAtLeast(1);
    expect(held.started).toEqual([id]);
  }, 30_000);

  it("runs a failed job again when its retry delay is over, not at the next poll", async () => {
    queue = new JobQueue(store, { concurrency: 2, pollingIntervalSeconds: A_MINUTE });
    await queue.start();
    const id = randomUUID();
    await queue.enqueue("evaluation", id);
    const attempts: number[] = [];
    let succeeded!: () => void;
    const done = new Promise<void>((resolve) => (succeeded = resolve));
    queue.work("evaluation", {
      async run({ retryCount }) {
        attempts.push(retryCount);
        if (retryCount === 0) throw new Error("a passing outage");
        succeeded();
      },
      async handedBack() {},
    });
    await done;
    expect(attempts).toEqual([0, 1]);
  }, 30_000);

  it("with many slots, fetches again only once half of them are free, and completes jobs that end together in one statement", async () => {
    queue = new JobQueue(store, { concurrency: 8, pollingIntervalSeconds: A_MINUTE });
    await queue.start();
    const ids = Array.from({ length: 24 }, () => randomUUID());
    for (const id of ids) await queue.enqueue("evaluation", id);
    const fetches = recordFetches(queue);
    const completions: number[] = [];
    const complete = queue.boss.complete.bind(queue.boss) as (name: string, ids: string | string[]) => Promise<unknown>;
    (queue.boss as { complete: unknown }).complete = async (name: string, jobIds: string | string[]) => {
      completions.push(Array.isArray(jobIds) ? jobIds.length : 1);
      return complete(name, jobIds);
    };
    const held = heldWorker();
    queue.work("evaluation", held.worker);
    await held.startedAtLeast(8);
    held.release();
    await held.startedAtLeast(24);
    for (const id of ids) expect((await endedQueueJob(queue, "evaluation", id))?.state).toBe("completed");
    expect(fetches.filter((entry) => entry.got > 0).every((entry) => entry.asked >= 4)).toBe(true);
    expect(completions.reduce((sum, size) => sum + size, 0)).toBe(24);
    expect(completions.length).toBeLessThan(24);
  }, 60_000);

  it("queues many rows in one statement, taken in the order given, once each however often queued", async () => {
    queue = new JobQueue(store, { concurrency: 1, pollingIntervalSeconds: A_MINUTE });
    await queue.start();
    const ids = Array.from({ length: 6 }, () => randomUUID());
    await queue.enqueueMany("population-shard", ids);
    await queue.enqueueMany("population-shard", ids);
    expect(await ranInOrder(queue, "population-shard", ids.length)).toEqual(ids);
    const { rows } = await queue.boss.getDb().executeSql("SELECT count(*)::int AS jobs FROM pgboss.job WHERE name = 'population-shard' AND id = ANY($1::uuid[])", [ids]);
    expect(rows[0].jobs).toBe(ids.length);
  }, 30_000);

  it("tells the queue state of many rows' jobs in one statement, and none for a row never queued", async () => {
    queue = new JobQueue(store, { concurrency: 1, pollingIntervalSeconds: A_MINUTE });
    await queue.start();
    const [queued, alsoQueued, neverQueued] = [randomUUID(), randomUUID(), randomUUID()];
    await queue.enqueueMany("enhancement", [queued, alsoQueued]);
    const db = queue.boss.getDb();
    const executeSql = db.executeSql.bind(db);
    let statements = 0;
    db.executeSql = (text, values) => (statements++, executeSql(text, values));
    try {
      // Asked in capitals, answered under the id as asked.
      const states = await queue.jobStates("enhancement", [queued, alsoQueued.toUpperCase(), neverQueued]);
      expect(statements).toBe(1);
      expect(states).toEqual(new Map([[queued, "created"], [alsoQueued.toUpperCase(), "created"]]));
      expect(await queue.jobState("enhancement", neverQueued)).toBeNull();
      expect(await queue.jobState("evaluation", queued)).toBeNull();
      expect(await queue.jobState("enhancement", queued)).toBe("created");
    } finally {
      db.executeSql = executeSql;
    }
  }, 30_000);

  it("works each kind with the slots it is given", async () => {
    queue = new JobQueue(store, { concurrency: 1, pollingIntervalSeconds: A_MINUTE });
    await queue.start();
    const ids = Array.from({ length: 6 }, () => randomUUID());
    for (const id of ids) await queue.enqueue("population", id);
    const held = heldWorker();
    queue.work("population", held.worker, 3);
    await held.startedAtLeast(3);
    held.release();
    await held.startedAtLeast(6);
    expect(held.mostAtOnce).toBe(3);
  }, 30_000);
});

const binaries = findPostgresBinaries();
describe.skipIf(!binaries)("processes sharing a Postgres server", () => {
  let server: PostgresServer;
  const stores: Store[] = [];
  const queues: JobQueue[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    for (const queue of queues) await queue.stop().catch(() => undefined);
    for (const store of stores) await store.close().catch(() => undefined);
    server?.stop();
  });

  /** Waits until some session of this database is listening for wake-ups. */
  async function listening(databaseUrl: string): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (;;) {
        const { rows } = await client.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query = $1", [`LISTEN ${WAKE_UP_CHANNEL}`]);
        if (rows.length > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await client.end();
    }
  }

  async function queueProcess(databaseUrl: string): Promise<JobQueue> {
    const store = await openStore({ databaseUrl });
    stores.push(store);
    const queue = new JobQueue(store, { concurrency: 2, pollingIntervalSeconds: A_MINUTE });
    queues.push(queue);
    await queue.start();
    return queue;
  }

  it("wake the idle workers of another process when a job is queued, instead of leaving it to their next poll", async () => {
    const databaseUrl = await server.createDatabase("wake_ups");
    const api = await queueProcess(databaseUrl);
    const worker = await queueProcess(databaseUrl);
    const held = heldWorker();
    held.release();
    worker.work("population", held.worker);
    // Once the worker listens (and its first poll has found nothing), only a wake-up can bring it
    // the job before its next poll, a minute away.
    await listening(databaseUrl);

    const id = randomUUID();
    await api.enqueue("population", id);
    await held.startedAtLeast(1);
    expect(held.started).toEqual([id]);
  }, 30_000);
});
