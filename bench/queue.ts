/**
 * `node --import tsx bench/queue.ts`: how fast a backlog of small jobs drains.
 *
 * A server accepts `BENCH_QUEUE_JOBS` (default 1,000) generates of one persona each with no worker
 * running, then one process's workers start and the bench times until every row has succeeded:
 * jobs per second, on the embedded database (PGlite) and, when Debian's PostgreSQL binaries are
 * installed, on a Postgres server started for the run. Target: ≥ 100 jobs/s (bench/README.md).
 *
 * On Postgres the same backlog is also drained by `BENCH_QUEUE_PROCESSES` (default 2) `dramatis
 * worker` processes, each with its share of the cores as engine threads. "steady" is the pace from
 * the first job done to the last, without start-up.
 * `BENCH_QUEUE_DATABASES=embedded` or `=postgres` runs one of the two.
 *
 * `BENCH_QUEUE_PROMPTS`: `distinct` (default: "a chess player number N", every prompt its own, so
 * no design is ever reused), `mixed` (a backlog of varied prompts — occupations, places, eras,
 * situations, long free text — each asked 20 times with other seeds, as a game or a survey tool
 * spawning characters of a few dozen kinds would: 1,000 jobs ask each of 40 prompts 25 times), or `distinct,mixed` for both, one after the other.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { loadConfig, type Config } from "../src/config.ts";
import { startApp, type RunningApp } from "../src/app.ts";
import { startWorkers, warmEngineThreads } from "../src/jobs/workers.ts";
import { createProviders } from "../src/providers.ts";
import { EnginePool } from "../src/workers/engine-pool.ts";
import { jobMetrics } from "../src/observability/metrics.ts";
import { findPostgresBinaries, startPostgres } from "../test/helpers/postgres.ts";
import { cpuSeconds, mainThreadCpuSeconds, postgresCpuSeconds } from "./process-cpu.ts";

const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 1000);
const TARGET_JOBS_PER_SECOND = 100;
const databases = (process.env.BENCH_QUEUE_DATABASES ?? "embedded,postgres").split(",");
/** On Postgres, also drain with this many `dramatis worker` processes (0: only in this process). */
const PROCESSES = Number(process.env.BENCH_QUEUE_PROCESSES ?? 2);
const bin = join(import.meta.dirname, "..", "bin", "dramatis.js");
/** The malloc thresholds bin/dramatis.js and deploy/compose.yaml give a `dramatis worker`, or the ones this environment sets instead. */
const WORKER_MALLOC: Record<string, string> =
  process.env.MALLOC_MMAP_THRESHOLD_ !== undefined || process.env.MALLOC_TRIM_THRESHOLD_ !== undefined
    ? Object.fromEntries(["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"].flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name] as string]])))
    : { MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024), MALLOC_TRIM_THRESHOLD_: String(256 * 1024 * 1024) };
/** Engine threads of an in-process drain: as a server's (`DRAMATIS_ENGINE_THREADS`, default one per core). */
const ENGINE_THREADS = Number(process.env.DRAMATIS_ENGINE_THREADS || availableParallelism());
const PROMPT_SETS = (process.env.BENCH_QUEUE_PROMPTS ?? "distinct").split(",") as PromptSet[];

type PromptSet = "distinct" | "mixed";
/**
 * `cold`: the in-process workers start with the backlog waiting, their engine threads started and
 * readied by it (a server restarted under a backlog). `warm`: the thread the pool keeps warm was
 * readied before the backlog was let go, as a server that was up before the backlog came has done at
 * its start (`warmEngineThreads`), not timed; the others start with the backlog. Worker processes
 * always start with the backlog waiting.
 */
type Start = "cold" | "warm";
const STARTS = (process.env.BENCH_QUEUE_STARTS ?? "cold,warm").split(",") as Start[];

/**
 * Varied prompts of our own (not the quality bench's, not the engine's examples): a mixed backlog
 * cycles through them, each job with its own seed.
 */
const MIXED_PROMPTS = [
  "Night-shift bakers in Lyon",
  "Retired schoolteachers in rural Ohio",
  "Fishermen on the coast of Kerala",
  "University students in Seoul preparing for exams",
  "Long-haul truck drivers crossing Canada",
  "Nurses in a Nairobi hospital",
  "Software developers in Berlin",
  "Farmers in the Punjab during the 1970s",
  "Single mothers working two jobs in Manchester",
  "Amateur astronomers in Chile",
  "Factory workers in Detroit in the 1950s",
  "Immigrants running corner shops in Toronto",
  "Elderly widowers living alone in Osaka",
  "Young professionals in Lagos",
  "Volunteer firefighters in Australia",
  "Medieval monks in an English abbey",
  "Competitive League of Legends players",
  "Veterans returning to college in Texas",
  "Coffee growers in the highlands of Colombia",
  "Street food vendors in Bangkok",
  "Primary school teachers in Helsinki",
  "Construction workers in Dubai",
  "Librarians in small towns in Vermont",
  "Taxi drivers in Mexico City",
  "Teenagers who play chess online",
  "People living with type 2 diabetes in Glasgow",
  "Parents of toddlers in suburban Atlanta",
  "Dockworkers in Rotterdam",
  "Wine makers in the Barossa Valley",
  "Pharmacists in São Paulo",
  "Graduate students in physics at a large university who spend most nights in the lab and worry about funding",
  "Freelance graphic designers working from home in Lisbon",
  "Sheep farmers in New Zealand",
  "Police officers in Chicago",
  "Hotel receptionists in Paris",
  "Retirees who volunteer at food banks",
  "Miners in West Virginia in the 1920s",
  "Call centre workers in Manila",
  "Ballet dancers in Saint Petersburg",
  "Small business owners in Nairobi",
];

/** The prompt of the backlog's `index`th job. */
function backlogPrompt(set: PromptSet, index: number): string {
  if (set === "distinct") return `a chess player number ${index}`;
  return MIXED_PROMPTS[index % MIXED_PROMPTS.length] as string;
}

export interface DrainFigure {
  jobs: number;
  /** From the workers' start to the last job done, start-up included. */
  seconds: number;
  jobsPerSecond: number;
  /** From the first job done to the last: the pace once the workers are up (threads, connections). */
  steadyJobsPerSecond: number;
  /**
   * CPU milliseconds this process spent per job, its engine threads included (the embedded
   * database included, a Postgres server's own processes and worker processes not): steadier than
   * wall time on a shared machine.
   */
  cpuMsPerJob: number | null;
  /**
   * Share of the drain this process's main thread was busy (event-loop utilisation): near 1, the
   * thread that runs every statement (and, embedded, the database) is what limits the drain.
   */
  mainThreadBusy: number | null;
  /**
   * CPU milliseconds this process's main thread spent per job (Linux): the thread that runs every
   * statement, and embedded, the database itself. Its inverse bounds the drain whatever the threads do.
   */
  mainThreadCpuMsPerJob: number | null;
  /**
   * With worker processes: CPU milliseconds per job of the workers (all threads; main threads
   * alone), of this process (the API side: accepting is done by then, it counts finished rows) and
   * of the Postgres server; and the drain's pace timed from the moment every worker said it was up,
   * so that starting processes (the TypeScript loader, migrations, the queue's set-up) is not counted
   * as draining.
   */
  threads?: ThreadSplit;
  /**
   * In-process: seconds from the workers' start at which each job's delivery ended, in order: where
   * the start goes (engine threads starting, the offline knowledge built on a thread's first design,
   * the first statements) against the pace after it.
   */
  timeline?: number[];
  processes?: { workerCpuMsPerJob: number; workerMainCpuMsPerJob: number; workerBootCpuSeconds: number; apiCpuMsPerJob: number; postgresCpuMsPerJob: number; jobsPerSecondOnceUp: number };
}

/**
 * In-process (Linux): CPU milliseconds per job of the main thread, of the threads that were
 * running before the drain (the embedded database's; V8's garbage-collection helpers; engine
 * threads an earlier drain of this run left warm) and of the threads the drain started (engine
 * threads and their TypeScript loaders, their start-up included): where a job's CPU goes.
 */
export interface ThreadSplit {
  main: number;
  earlier: number;
  started: number;
  /**
   * Each thread running before the drain, largest first (the embedded database's is the largest;
   * V8's helpers collect garbage and compile for every thread of the process).
   */
  earlierEach: number[];
}

/** Each thread of this process now: CPU seconds so far, by thread id. */
function threadCpuSeconds(): Map<string, number> {
  try {
    return new Map(readdirSync("/proc/self/task").map((thread) => [thread, cpuSeconds(undefined, `/proc/self/task/${thread}/stat`)]));
  } catch {
    return new Map();
  }
}

function threadSplit(before: Map<string, number>, after: Map<string, number>, jobs: number): ThreadSplit | undefined {
  if (after.size === 0) return undefined;
  const split = { main: 0, earlier: 0, started: 0, earlierEach: [] as number[] };
  for (const [thread, seconds] of after) {
    const spent = (seconds - (before.get(thread) ?? 0)) * 1000;
    if (thread === String(process.pid)) split.main += spent / jobs;
    else if (before.has(thread)) {
      split.earlier += spent / jobs;
      if (spent > 0) split.earlierEach.push(spent / jobs);
    } else split.started += spent / jobs;
  }
  split.earlierEach.sort((a, b) => b - a);
  return split;
}

/**
 * Accepts `jobs` one-persona generates with the workers off, then starts them (in this process, or
 * `processes` × `dramatis worker` on a Postgres server) and times the drain.
 */
export async function drainBacklog(config: Config, jobs: number, processes = 0, prompts: PromptSet = "distinct", start: Start = "cold"): Promise<DrainFigure> {
  const app = await startApp(config, { workers: false, listen: false, seedExamples: false });
  const children: ChildProcess[] = [];
  let engine: EnginePool | undefined;
  try {
    for (let index = 0; index < jobs; index++) {
      await app.context.jobsService.acceptGenerate(app.devAccount.id, { prompt: backlogPrompt(prompts, index), count: 1, grounding: "off", seed: index });
    }
    if (processes === 0) {
      // A pool of its own: every drain starts its threads, as a server does.
      engine = new EnginePool(ENGINE_THREADS);
      // A server that was up before the backlog came has warmed its threads at start (`startWorkers`).
      if (start === "warm") await warmEngineThreads(engine);
    }
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const loopBefore = performance.eventLoopUtilization();
    const mainBefore = mainThreadCpuSeconds(process.pid);
    const threadsBefore = threadCpuSeconds();
    let allUp: Promise<bigint> | null = null;
    let deliveries: Promise<{ firstDone: bigint; ends: bigint[] }> | null = null;
    // What the worker processes spent starting, until each said it was up.
    let bootCpuSeconds = 0;
    let bootMainCpuSeconds = 0;
    if (processes > 0) {
      // The processes share the machine's cores, as docs/operations.md says to set them up.
      const engineThreads = String(Math.max(1, Math.floor(availableParallelism() / processes)));
      const env = { PATH: process.env.PATH ?? "", DATABASE_URL: config.databaseUrl ?? "", DRAMATIS_WORKERS: String(config.workers), DRAMATIS_ENGINE_THREADS: engineThreads, DRAMATIS_LOG_LEVEL: "warn", DRAMATIS_DATA_DIR: config.dataDir, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2", ...WORKER_MALLOC };
      // MALLOC_ARENA_MAX set, as an operator's service has it: bin/dramatis.js then runs the worker in this very process, whose CPU is measured (without it, it starts the worker again as a child and the pid measured is the small parent's).
      // So the launcher adds nothing: the malloc thresholds it gives a worker it starts are set here, as compose's workers set them.
      for (let index = 0; index < processes; index++) children.push(spawn(process.execPath, [bin, "worker"], { env, stdio: ["ignore", "pipe", "inherit"] }));
      allUp = Promise.all(children.map(workerUp)).then(() => {
        bootCpuSeconds = children.reduce((sum, child) => sum + cpuSeconds(child.pid), 0);
        bootMainCpuSeconds = children.reduce((sum, child) => sum + mainThreadCpuSeconds(child.pid), 0);
        return process.hrtime.bigint();
      });
    } else {
      deliveries = populationDeliveriesEnded(jobs);
      startWorkers(app.queue, { jobs: app.context.jobs, accounts: app.context.accounts, providers: createProviders("offline"), engine });
    }
    const port = config.databaseUrl ? new URL(config.databaseUrl).port : "";
    const postgresBefore = processes > 0 ? postgresCpuSeconds(port) : 0;
    const { firstDone, ends } = deliveries ? await deliveries.then(async (times) => (await untilSucceeded(app, jobs), times)) : { ...(await untilSucceeded(app, jobs)), ends: undefined };
    const ended = process.hrtime.bigint();
    const seconds = Number(ended - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const loop = performance.eventLoopUtilization(loopBefore);
    const mainAfter = mainThreadCpuSeconds(process.pid);
    const threads = processes > 0 ? undefined : threadSplit(threadsBefore, threadCpuSeconds(), jobs);
    const perJob = (cpuSecondsSpent: number) => (cpuSecondsSpent * 1000) / jobs;
    const processFigures = allUp
      ? {
          // From the moment they were up: the engine threads' start (on their first job) included, as in-process.
          workerCpuMsPerJob: perJob(children.reduce((sum, child) => sum + cpuSeconds(child.pid), 0) - bootCpuSeconds),
          workerMainCpuMsPerJob: perJob(children.reduce((sum, child) => sum + mainThreadCpuSeconds(child.pid), 0) - bootMainCpuSeconds),
          workerBootCpuSeconds: bootCpuSeconds,
          apiCpuMsPerJob: (cpu.user + cpu.system) / 1000 / jobs,
          postgresCpuMsPerJob: perJob(postgresCpuSeconds(port) - postgresBefore),
          jobsPerSecondOnceUp: jobs / (Number(ended - (await allUp)) / 1e9),
        }
      : undefined;
    return {
      ...(processFigures ? { processes: processFigures } : {}),
      ...(threads ? { threads } : {}),
      ...(ends ? { timeline: ends.map((end) => Number(end - started) / 1e9) } : {}),
      jobs,
      seconds,
      jobsPerSecond: jobs / seconds,
      steadyJobsPerSecond: (jobs - 1) / (Number(ended - firstDone) / 1e9),
      cpuMsPerJob: processes > 0 ? null : (cpu.user + cpu.system) / 1000 / jobs,
      mainThreadBusy: processes > 0 ? null : loop.utilization,
      mainThreadCpuMsPerJob: processes > 0 ? null : ((mainAfter - mainBefore) * 1000) / jobs,
    };
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : undefined)));
    await app.close();
    await engine?.destroy();
  }
}

/** Resolves when a `dramatis worker` process has said it is working (its first line). */
function workerUp(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Dramatis worker on")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`a worker process exited (${code}) before it was up`)));
  });
}

/**
 * How often the bench counts finished rows: rarely while most of the backlog is left, since its
 * statement runs on the database the workers need (on the embedded database, the one thread that
 * runs every statement: counting every 100 ms was ~3 ms of that thread per job), and often until the
 * first job is done and for the last tenth, so that both ends of the drain ("steady" starts at the
 * first) are timed to within a few tens of milliseconds.
 */
const COUNT_EVERY_MS = 250;
const COUNT_AT_THE_ENDS_EVERY_MS = 25;

/**
 * In-process, waits until this process's workers have ended `jobs` population deliveries, as the
 * queue reports each one (`jobMetrics`), and answers when the first one had: no statement on the
 * database the drain runs on (counting rows cost the embedded database's thread ~0.5 ms per job
 * under load). A delivery that failed fails the bench. The rows are counted once after.
 */
function populationDeliveriesEnded(jobs: number): Promise<{ firstDone: bigint; ends: bigint[] }> {
  const observe = jobMetrics.observe;
  return new Promise((resolve, reject) => {
    const ends: bigint[] = [];
    jobMetrics.observe = (kind, outcome, seconds) => {
      observe(kind, outcome, seconds);
      if (kind !== "population") return;
      if (outcome !== "completed") {
        jobMetrics.observe = observe;
        reject(new Error(`a population job ended ${outcome}`));
        return;
      }
      ends.push(process.hrtime.bigint());
      if (ends.length < jobs) return;
      jobMetrics.observe = observe;
      resolve({ firstDone: ends[0] as bigint, ends });
    };
  });
}

/** Waits until every population has succeeded; answers when the first one had. */
async function untilSucceeded(app: RunningApp, jobs: number): Promise<{ firstDone: bigint }> {
  let firstDone: bigint | null = null;
  for (;;) {
    const result = await app.context.store.db.execute(sql`SELECT count(*)::int AS done, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM populations WHERE status IN ('succeeded', 'failed')`);
    const rows = (Array.isArray(result) ? result : (result as { rows: Array<{ done: number; failed: number }> }).rows) as Array<{ done: number; failed: number }>;
    const { done, failed } = rows[0] ?? { done: 0, failed: 0 };
    if (failed > 0) throw new Error(`${failed} jobs failed`);
    if (done > 0) firstDone ??= process.hrtime.bigint();
    if (done >= jobs) return { firstDone: firstDone as bigint };
    await new Promise((resolve) => setTimeout(resolve, done > 0 && done < 0.9 * jobs ? COUNT_EVERY_MS : COUNT_AT_THE_ENDS_EVERY_MS));
  }
}

function report(label: string, figure: DrainFigure): void {
  const verdict = figure.jobsPerSecond >= TARGET_JOBS_PER_SECOND ? "met" : "MISSED";
  const cpu = figure.cpuMsPerJob === null ? "     -" : figure.cpuMsPerJob.toFixed(1).padStart(6);
  const busy = figure.mainThreadBusy === null ? "   -" : `${Math.round(100 * figure.mainThreadBusy)}%`.padStart(4);
  const mainCpu = figure.mainThreadCpuMsPerJob === null ? "   -" : figure.mainThreadCpuMsPerJob.toFixed(1).padStart(5);
  console.log(
    `${label.padEnd(22)} ${String(figure.jobs).padStart(6)} jobs   ${figure.seconds.toFixed(2).padStart(7)} s   ${figure.jobsPerSecond.toFixed(1).padStart(7)} jobs/s   steady ${figure.steadyJobsPerSecond.toFixed(1).padStart(7)} jobs/s   ${cpu} CPU ms/job (main thread ${mainCpu}, ${busy} busy)   (target ≥ ${TARGET_JOBS_PER_SECOND} jobs/s: ${verdict})`,
  );
  if (figure.threads) {
    const { main, earlier, started, earlierEach } = figure.threads;
    const each = earlierEach.map((spent) => spent.toFixed(1)).join(" + ");
    console.log(`${"".padEnd(22)} CPU ms/job by thread: main ${main.toFixed(1)}, threads running before the drain (embedded database, GC helpers, engine threads left warm) ${earlier.toFixed(1)} (${each}), threads it started (engine, their loaders; start-up included) ${started.toFixed(1)}`);
  }
  if (figure.timeline) console.log(`${"".padEnd(22)} ${timelineLine(figure.timeline)}`);
  const processes = figure.processes;
  if (processes) {
    const once = processes.jobsPerSecondOnceUp;
    console.log(
      `${"".padEnd(22)} from the workers up: ${once.toFixed(1)} jobs/s (target: ${once >= TARGET_JOBS_PER_SECOND ? "met" : "MISSED"}); CPU ms/job once up: workers ${processes.workerCpuMsPerJob.toFixed(1)} (main threads ${processes.workerMainCpuMsPerJob.toFixed(1)}; starting the processes took ${processes.workerBootCpuSeconds.toFixed(1)} CPU s more), this process ${processes.apiCpuMsPerJob.toFixed(1)}, Postgres ≥ ${processes.postgresCpuMsPerJob.toFixed(1)}`,
    );
  }
}

/** When the 1st, 100th, … and last jobs ended, and the pace of the first hundred after the first against the rest's. */
function timelineLine(ends: readonly number[]): string {
  const at = (count: number) => ends[Math.min(ends.length, count) - 1] as number;
  const marks = [1, 8, 16, 50, 100, 200, 500, ends.length].filter((count, index, all) => count <= ends.length && all.indexOf(count) === index);
  const pace = (from: number, to: number) => ((to - from) / (at(to) - at(from))).toFixed(1);
  const paces = ends.length > 200 ? `; jobs/s from the 1st to the 100th ${pace(1, 100)}, 100th to 200th ${pace(100, 200)}, 200th to the last ${pace(200, ends.length)}` : "";
  return `timeline (s from the workers' start): ${marks.map((count) => `${count === ends.length ? "last" : `#${count}`} ${at(count).toFixed(2)}`).join(" · ")}${paces}`;
}

/** A drain's label says its prompts and its start when they are not the default's. */
function label(prompts: PromptSet, start: Start = "cold"): string {
  return `${prompts === "distinct" ? "" : `, ${prompts}`}${start === "cold" ? "" : ", threads warm"}`;
}

async function main(): Promise<void> {
  console.log(
    `Backlog drain: ${JOBS} generates of 1 persona, accepted with no worker, then drained (DRAMATIS_WORKERS=${loadConfig().workers} jobs of each kind per process; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores)`,
  );
  const base: Config = { ...loadConfig(), port: 0, rateLimitPerMinute: 0 };
  if (databases.includes("embedded")) {
    for (const prompts of PROMPT_SETS) {
      for (const start of STARTS) {
        const dataDir = mkdtempSync(join(tmpdir(), "dramatis-bench-queue-"));
        try {
          report(`embedded, in-process${label(prompts, start)}`, await drainBacklog({ ...base, dataDir }, JOBS, 0, prompts, start));
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
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
      for (const prompts of PROMPT_SETS) {
        for (const start of STARTS) {
          report(`postgres, in-process${label(prompts, start)}`, await drainBacklog({ ...base, dataDir, databaseUrl: await server.createDatabase(`bench_queue_${prompts}_${start}`) }, JOBS, 0, prompts, start));
        }
        if (PROCESSES > 0) {
          const figure = await drainBacklog({ ...base, dataDir, databaseUrl: await server.createDatabase(`bench_queue_processes_${prompts}`) }, JOBS, PROCESSES, prompts);
          report(`postgres, ${PROCESSES} workers${label(prompts)}`, figure);
        }
      }
    } finally {
      server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
