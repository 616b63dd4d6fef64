/**
 * DATABASE_URL mode on a real Postgres server: the same migrations, the generate flow, several
 * worker processes sharing one database (each job done exactly once), a dead process's job taken
 * over by the others within a sweep, and no overspending when two API processes charge one
 * account at once.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_LOCK_NAMESPACE, JobLocks } from "../src/jobs/job-locks.ts";
import { sweepAbandonedJobs } from "../src/jobs/reconcile.ts";
import { findPostgresBinaries, startPostgres, type PostgresServer } from "./helpers/postgres.ts";
import { endedQueueJob, pollUntilDone, startTestApp, type TestApp } from "./helpers/app.ts";
import { writerWith } from "./helpers/model-fakes.ts";
import { createProviders } from "../src/providers.ts";

/**
 * Ends the connections holding job locks in this test's database only: pg_locks lists the whole
 * server, and the tests that wait for a sweep run at the same time, each on a database of its own.
 */
const TERMINATE_JOB_LOCK_HOLDERS = `
  SELECT pg_terminate_backend(pid) FROM pg_locks
   WHERE locktype = 'advisory' AND classid = $1
     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

const binaries = findPostgresBinaries();
if (!binaries) console.warn("[postgres-server.test] skipped: no PostgreSQL binaries on this machine (.ci/run installs them)");

describe.skipIf(!binaries)("on a Postgres server (DATABASE_URL)", () => {
  let server: PostgresServer;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    server?.stop();
  });

  /**
   * Closes a test's apps once it has what it needs: an open app keeps polling its queue and
   * sweeping (each second here) on the server until the file ends, ~0.02 CPU-s a second in this
   * process and more in Postgres, while the other tests run. (A test that fails leaves them to afterAll.)
   */
  async function closeApps(...done: TestApp[]): Promise<void> {
    for (const app of done) {
      apps.splice(apps.indexOf(app), 1);
      await app.close();
    }
  }

  it("runs the spec's generate flow", async () => {
    const app = await startTestApp({ databaseUrl: await server.createDatabase("flow") }, { inMemory: false });
    apps.push(app);
    expect(app.context.store.kind).toBe("postgres");
    const started = await app.request("POST", "/v1/personas/actions/generate", { prompt: "10 League of Legends players from around the globe", count: 10, grounding: "web" });
    expect(started.status).toBe(200);
    const poll = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${started.body.id}`);
    expect(poll.status).toBe("succeeded");
    expect(poll.result.personas).toHaveLength(10);
    // The result keeps its key order on a server too (json, not jsonb).
    expect(Object.keys(poll.result.personas[0])).toEqual(["persona_id", "fields", "system_prompt", "markdown"]);
    await closeApps(app);
  });

  it("shares one database between an API process and several worker processes, each job done once", async () => {
    const databaseUrl = await server.createDatabase("shared");
    // Started at once, as a deployment's processes are: each start waits on the server in turn.
    const [api, ...workers] = await Promise.all([
      startTestApp({ databaseUrl }, { inMemory: false, workers: false }),
      startTestApp({ databaseUrl }, { inMemory: false, listen: false }),
      startTestApp({ databaseUrl }, { inMemory: false, listen: false }),
    ]);
    apps.push(api, ...workers);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await api.request("POST", "/v1/personas/actions/generate", { prompt: `${i + 2} chess players`, count: i + 2, seed: i });
      expect(response.status).toBe(200);
      ids.push(response.body.id);
    }
    for (const id of ids) {
      const poll = await pollUntilDone(api, `/v1/personas/repositories/Population/by-id/${id}`, 180_000);
      expect(poll.status).toBe("succeeded");
    }
    for (const id of ids) expect((await api.context.jobs.getPopulation(id))!.attempts).toBe(1);
    await closeApps(api, ...workers);
  });

  // This test and the next wait for a periodic sweep (each second in tests, for jobs active 10 s): they wait together.
  it.concurrent("hands a dead process's running population to a living one within a sweep, without using a retry", async ({ expect }) => {
    const databaseUrl = await server.createDatabase("takeover");
    const api = await startTestApp({ databaseUrl }, { inMemory: false, workers: false });
    apps.push(api);
    const { body } = await api.request("POST", "/v1/personas/actions/generate", { prompt: "30 chess players", count: 30, seed: 11 });
    const id: string = body.id;

    // What a worker process leaves in the database while it runs a job: the job active in pg-boss,
    // the row running, and the job's lock held by the process's own connection.
    const [claimed] = await api.queue.boss.fetch("population", { includeMetadata: true });
    expect(claimed?.id).toBe(id);
    expect(await api.context.jobs.start("population", id, "designing", 30)).toBe(true);
    const doomed = (await JobLocks.open(api.context.store))!;
    expect(await doomed.tryHold(id)).toBe(true);

    const survivor = await startTestApp({ databaseUrl }, { inMemory: false, listen: false });
    apps.push(survivor);
    // While its owner lives, no sweep takes the job, however old.
    expect(await sweepAbandonedJobs(survivor.queue, survivor.context.store, survivor.context.jobs, { minAgeSeconds: 0 })).toBe(0);
    expect((await api.context.jobs.getPopulation(id))!.status).toBe("running");

    // The process dies: the server closes its connection, and its locks go with it.
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(TERMINATE_JOB_LOCK_HOLDERS, [JOB_LOCK_NAMESPACE]);
    await admin.end();

    // The survivor's own periodic sweep (every second here, 15 s by default; jobs active for 10 s or more) hands it back.
    const poll = await pollUntilDone(api, `/v1/personas/repositories/Population/by-id/${id}`, 180_000);
    expect(poll.status).toBe("succeeded");
    expect(poll.result.personas).toHaveLength(30);
    expect(await endedQueueJob(api.queue, "population", id)).toMatchObject({ state: "completed", retryCount: 0 });
    expect((await api.context.jobs.getPopulation(id))!.attempts).toBe(2);
    await closeApps(api, survivor);
  }, 300_000);

  it.concurrent("a process that loses its lock connection stops the jobs it covered, and they are finished once, not failed", async ({ expect }) => {
    const databaseUrl = await server.createDatabase("lost-locks");
    let hung = false;
    // The first batch hangs, as a model call may: the job is mid-run when the connection goes.
    const writer = writerWith(async () => {
      if (hung) return;
      hung = true;
      await new Promise<never>(() => undefined);
    });
    const app = await startTestApp({ databaseUrl }, { inMemory: false, providers: { ...createProviders("offline"), writer } });
    apps.push(app);
    const { body } = await app.request("POST", "/v1/personas/actions/generate", { prompt: "30 chess players", count: 30, seed: 12 });
    while (!hung) await new Promise((resolve) => setTimeout(resolve, 50));

    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(TERMINATE_JOB_LOCK_HOLDERS, [JOB_LOCK_NAMESPACE]);
    await admin.end();

    const poll = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${body.id}`, 180_000);
    expect(poll.status).toBe("succeeded");
    expect(await endedQueueJob(app.queue, "population", body.id)).toMatchObject({ state: "completed", retryCount: 0 });
    await closeApps(app);
  }, 300_000);

  it("never overspends when two API processes charge one account at once", async () => {
    const databaseUrl = await server.createDatabase("credits");
    const [first, second] = await Promise.all([startTestApp({ databaseUrl }, { inMemory: false, workers: false }), startTestApp({ databaseUrl }, { inMemory: false, workers: false })]);
    apps.push(first, second);
    const account = await first.context.accounts.create("shared-wallet", 7);
    const { key } = await first.context.accounts.createKey(account.id);
    const body = { personas: [{ persona_id: "p1", fields: {}, system_prompt: "x", markdown: "x" }] };
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).request("POST", "/v1/personas/actions/validate", body, { authorization: `Bearer ${key}` })),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(7);
    expect(responses.filter((response) => response.status === 402)).toHaveLength(13);
    expect((await first.context.accounts.get(account.id))!.balance).toBe(0);
    await closeApps(first, second);
  });
});
