/**
 * A real Dramatis server for integration tests: the embedded database (a copy of the migrated
 * template, see database-template.ts, in a throwaway folder), the offline engine, listening on
 * 127.0.0.1 on a free port.
 */
import { join } from "node:path";
import { loadConfig, type Config } from "../../src/config.ts";
import { startApp, type RunningApp, type StartOptions } from "../../src/app.ts";
import { openStore, type Store } from "../../src/store/database.ts";
import type { JobKind, JobQueue } from "../../src/jobs/queue.ts";
import { freshDataFolder } from "./data-folders.ts";
import { reusingDatabases, serveReused } from "./reused-databases.ts";

export { freshDataFolder };

/**
 * A throwaway data folder for one app or store, removed by `remove()`. Its database is a reused
 * thread's, reset to the template (reused-databases.ts), when reuse is on; a template copy otherwise.
 */
async function throwawayFolder(): Promise<{ dataDir: string; remove(): void }> {
  const reused = reusingDatabases(async () => join((await freshDataFolder()).dataDir, "db"));
  const folder = await freshDataFolder({ withDatabase: !reused });
  const serving = reused ? serveReused(join(folder.dataDir, "db")) : undefined;
  return {
    dataDir: folder.dataDir,
    remove() {
      serving?.forget();
      folder.remove();
    },
  };
}

export interface TestApp extends RunningApp {
  /** `fetch` against the server with the dev key, JSON in and out. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

/**
 * The embedded store alone (for repositories and services without a server), on a throwaway copy
 * of the migrated template; `close()` also removes its folder.
 */
export async function openTestStore(): Promise<Store> {
  const folder = await throwawayFolder();
  const store = await openStore({ dataDir: join(folder.dataDir, "db") });
  return {
    ...store,
    async close() {
      await store.close();
      folder.remove();
    },
  };
}

/**
 * Starts the app. Without `dataDir` (or `databaseUrl`) in `overrides`, on a throwaway copy of the
 * migrated template, removed on close; tests that pass `{ inMemory: false }` with a `dataDir` of
 * their own get exactly that folder.
 */
export async function startTestApp(overrides: Partial<Config> = {}, options: StartOptions = {}): Promise<TestApp> {
  // A throwaway database unless the test names its own folder or a Postgres server.
  const throwaway = options.inMemory !== false && !overrides.databaseUrl ? await throwawayFolder() : undefined;
  // Tests poll hard with one key: no rate limit unless a test asks for one. On a shared Postgres
  // server a dead process's jobs are looked for each second, not every 15 s: tests of a takeover
  // wait for the takeover, not for its period.
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: "127.0.0.1",
    dataDir: throwaway?.dataDir ?? "./.tmp/unused",
    rateLimitPerMinute: 0,
    sweepIntervalMs: 1_000,
    ...overrides,
  };
  // The throwaway folder is opened like a server's own: no examples unless asked, as in memory.
  const app = await startApp(config, throwaway ? { seedExamples: false, ...options, inMemory: false } : options);
  return {
    ...app,
    async close() {
      await app.close();
      throwaway?.remove();
    },
    async request(method, path, body, headers = {}) {
      const response = await fetch(`${app.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${app.devKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON (an event stream, say): the text is the body.
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
  };
}

/**
 * How long the waits below give a job by default: what they wait for only comes late on a loaded
 * machine (CI is slower than any idle run), and a test that hangs still fails at its own timeout.
 */
const JOB_WAIT_MS = 120_000;

/**
 * The pause between two polls: short at first (most jobs here end within a second), then longer.
 * A poll costs ~5 CPU-ms of the test process (client, server and database thread); every 50 ms that
 * was a tenth of a core for as long as a job took, and the jobs that take seconds (retries after a
 * backoff, a takeover) are the ones waited for longest. At most `POLL_PAUSE_MAX_MS` late.
 */
const POLL_PAUSE_FIRST_MS = 20;
const POLL_PAUSE_MAX_MS = 250;
const POLL_PAUSE_GROWTH = 1.5;

/** Polls a repository route until the job is terminal. */
export async function pollUntilDone(app: TestApp, path: string, timeoutMs = JOB_WAIT_MS): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = POLL_PAUSE_FIRST_MS; ; pause = Math.min(POLL_PAUSE_MAX_MS, pause * POLL_PAUSE_GROWTH)) {
    const { status, body } = await app.request("GET", path);
    if (status !== 200) throw new Error(`poll ${path} answered ${status}: ${JSON.stringify(body)}`);
    if (body.status === "succeeded" || body.status === "failed") return body;
    if (Date.now() > deadline) throw new Error(`poll ${path} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** pg-boss states of a job that is still to run or running. */
const UNENDED_QUEUE_STATES = new Set(["created", "retry", "active"]);

/**
 * pg-boss's record of a job once it has ended (or as it is after `timeoutMs`, for the caller's
 * assertion to show). A worker finishes the job's row first and tells the queue right after, so a
 * poll that sees the row done can, on a busy machine, still find the queue job active.
 */
export async function endedQueueJob(queue: JobQueue, kind: JobKind, id: string, timeoutMs = JOB_WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.boss.getJobById(kind, id);
    if ((job && !UNENDED_QUEUE_STATES.has(job.state)) || Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
