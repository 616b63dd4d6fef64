/**
 * `node --import tsx bench/queue.ts`: how fast a backlog of small jobs drains.
 *
 * A server accepts `BENCH_QUEUE_JOBS` (default 1,000) generates of one persona each with no worker
 * running, then one process's workers start and the bench times until every row has succeeded:
 * jobs per second, on the embedded database (PGlite) and, when Debian's PostgreSQL binaries are
 * installed, on a Postgres server started for the run. Target: ≥ 100 jobs/s (bench/README.md).
 *
 * `BENCH_QUEUE_DATABASES=embedded` or `=postgres` runs one of the two.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { loadConfig, type Config } from "../src/config.ts";
import { startApp, type RunningApp } from "../src/app.ts";
import { startWorkers } from "../src/jobs/workers.ts";
import { createProviders } from "../src/providers.ts";
import { findPostgresBinaries, startPostgres } from "../test/helpers/postgres.ts";

const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 1000);
const TARGET_JOBS_PER_SECOND = 100;
const databases = (process.env.BENCH_QUEUE_DATABASES ?? "embedded,postgres").split(",");

export interface DrainFigure {
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  /**
   * CPU milliseconds this process spent per job (the embedded database included, a Postgres
   * server's own processes not): steadier than wall time on a shared machine.
   */
  cpuMsPerJob: number;
}

/** Accepts `jobs` one-persona generates with the workers off, then starts them and times the drain. */
export async function drainBacklog(config: Config, jobs: number): Promise<DrainFigure> {
  const app = await startApp(config, { workers: false, listen: false, seedExamples: false });
  try {
    for (let index = 0; index < jobs; index++) {
      await app.context.jobsService.acceptGenerate(app.devAccount.id, { prompt: `a chess player number ${index}`, count: 1, grounding: "off", seed: index });
    }
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    startWorkers(app.queue, { jobs: app.context.jobs, accounts: app.context.accounts, providers: createProviders("offline") });
    await untilSucceeded(app, jobs);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    return { jobs, seconds, jobsPerSecond: jobs / seconds, cpuMsPerJob: (cpu.user + cpu.system) / 1000 / jobs };
  } finally {
    await app.close();
  }
}

async function untilSucceeded(app: RunningApp, jobs: number): Promise<void> {
  for (;;) {
    const result = await app.context.store.db.execute(sql`SELECT count(*)::int AS done, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM populations WHERE status IN ('succeeded', 'failed')`);
    const rows = (Array.isArray(result) ? result : (result as { rows: Array<{ done: number; failed: number }> }).rows) as Array<{ done: number; failed: number }>;
    const { done, failed } = rows[0] ?? { done: 0, failed: 0 };
    if (failed > 0) throw new Error(`${failed} jobs failed`);
    if (done >= jobs) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function report(label: string, figure: DrainFigure): void {
  const verdict = figure.jobsPerSecond >= TARGET_JOBS_PER_SECOND ? "met" : "MISSED";
  console.log(`${label.padEnd(10)} ${String(figure.jobs).padStart(6)} jobs   ${figure.seconds.toFixed(2).padStart(7)} s   ${figure.jobsPerSecond.toFixed(1).padStart(7)} jobs/s   ${figure.cpuMsPerJob.toFixed(1).padStart(6)} CPU ms/job   (target ≥ ${TARGET_JOBS_PER_SECOND} jobs/s: ${verdict})`);
}

async function main(): Promise<void> {
  console.log(`Backlog drain: ${JOBS} generates of 1 persona, accepted with no worker, then one process's workers (DRAMATIS_WORKERS=${loadConfig().workers})`);
  const base: Config = { ...loadConfig(), port: 0, rateLimitPerMinute: 0 };
  if (databases.includes("embedded")) {
    const dataDir = mkdtempSync(join(tmpdir(), "dramatis-bench-queue-"));
    try {
      report("embedded", await drainBacklog({ ...base, dataDir }, JOBS));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (databases.includes("postgres")) {
    if (!findPostgresBinaries()) {
      console.log("postgres   skipped: no PostgreSQL binaries (install postgresql or set PG_BIN)");
      return;
    }
    const server = await startPostgres();
    const dataDir = mkdtempSync(join(tmpdir(), "dramatis-bench-queue-"));
    try {
      report("postgres", await drainBacklog({ ...base, dataDir, databaseUrl: await server.createDatabase("bench_queue") }, JOBS));
    } finally {
      server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
