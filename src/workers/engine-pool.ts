/**
 * A pool of worker threads running the engine's CPU-bound steps (`engine-tasks.ts`, and a small
 * population whole: `whole-population-task.ts`), so the thread that answers HTTP and talks to the
 * database never waits on generation, and one process uses every core. One pool per process, made
 * on first use; once it has run a task one thread stays warm (`WARM_THREADS`), the others end after
 * `IDLE_MS` idle (their memory goes back to the system); none keeps the process alive.
 *
 * Only the offline writer runs in threads (`writesInThreads`): a model-backed writer spends its time
 * waiting on the model, which the main thread does best, and it shares the process's model limiter.
 * With `threads: 0` the tasks run in this thread (the same functions, the same bytes).
 */
import { availableParallelism } from "node:os";
import Tinypool from "tinypool";
import { BlueprintError, type BlueprintIssue } from "../engine/blueprint-check.ts";
import type { Writer } from "../engine/ports.ts";
import { SamplingError } from "../engine/sampler.ts";
import type { Modeller } from "../engine/ports.ts";
import { engineThreadUrl } from "./engine-bundle.ts";
import { ENGINE_TASKS } from "./engine-tasks.ts";
import { OfflineModellerOnUse, OfflineWriterOnUse } from "./offline-parts.ts";
import { WHOLE_POPULATION_TASKS } from "./whole-population-task.ts";
import type { CheckSaveInput } from "./npc-tasks.ts";

/**
 * Every task a thread runs; `engine-thread.mjs` puts the same modules together. The NPC save check
 * is loaded by its first use, on the thread as here, so that a process that only generates never
 * loads the NPC modules.
 */
const TASKS = {
  ...ENGINE_TASKS,
  ...WHOLE_POPULATION_TASKS,
  checkNpcSave: async (input: CheckSaveInput): Promise<string> => (await import("./npc-tasks.ts")).NPC_TASKS.checkNpcSave(input),
};
type TaskName = keyof typeof TASKS;
type TaskInput<Name extends TaskName> = Parameters<(typeof TASKS)[Name]>[0];
type TaskOutput<Name extends TaskName> = Awaited<ReturnType<(typeof TASKS)[Name]>>;

/** What a thread answers for one input (`engine-thread.mjs`). */
type Answer<Output> = { output: Output } | { failure: ThreadFailure };

interface ThreadFailure {
  name: string;
  message: string;
  issues?: BlueprintIssue[];
  constraint?: string;
  stack?: string;
}

/** How long an idle thread stays: long enough to serve the next shard, short enough to give memory back. */
const IDLE_MS = 10_000;
/**
 * Threads kept whatever the idle time. A thread that starts costs seconds of CPU (the TypeScript
 * loader, the engine's modules, the offline knowledge on its first task): a server that gets a small
 * job every 11 seconds would pay that for each one. One warm thread is the price of answering the
 * next job at once (started with the first task, so a process that never runs one starts none; idle,
 * it is unreferenced and never keeps the process alive).
 */
const WARM_THREADS = 1;
/**
 * Tasks after which the threads are renewed once the pool is idle (`IDLE_MS`): the warm thread
 * included, which never idles out. A thread's heap grows to several times what it keeps live
 * while it writes shards (measured, 20,000 personas: 170-190 MB committed, 46 live) and V8 gives
 * little of it back while idle; a thread that ends gives all of it. A server taking a small
 * population now and then renews its warm thread every so many jobs, each time paying a thread's
 * start (~1.3 CPU-s) once. A large population's task (a shard, a report) renews them once idle
 * after it whatever the count: one such task grows a heap by 100 MB or more, and a population of a
 * few shards is fewer tasks than this (an embedded server kept 536-602 MB for good after a
 * 10,000-persona job: 10 shards, the warm-up and the report on the same thread).
 */
const RENEW_AFTER_TASKS = 16;
/**
 * A thread's young generation: a shard keeps its personas, their JSON and bytes alive until it
 * ends, so 30-65% of the young generation survived each scavenge and was copied, by the thread and
 * by V8's helper threads (G, session 7). V8 sizes its new space in powers of two: 48, the value set
 * here from session 7 to 15, gave a thread the same 32 MB of new space as no setting at all (48 is a
 * thread's default limit; `v8.getHeapSpaceStatistics`), so the gain measured for it then was
 * noise. 64 MB doubles the new space: the shard task at 10,000 League personas in a thread
 * (`bench/shard-task.ts --mode thread --young 32|64` under `--trace-gc-nvp`, which counts the work
 * whatever the load) made 28 scavenges instead of 41, copying 44 MB instead of 60 and promoting 37
 * instead of 51; its CPU per 1,000 moved within the noise of a machine at load 25-34 (0.163 → 0.131
 * in that pair; 0.166 / 0.199 → 0.141 / 0.213 in two earlier rounds). In session 7, 64 MB peaked
 * bench:scale's reporting worker at 629-646 MB at 100,000; the report has since been rebuilt
 * (decision 0008) and renews its threads first (`renewNow`). The embedded server keeps the default
 * (`EMBEDDED_YOUNG_GENERATION_MB`): its peak is at its budget.
 */
const YOUNG_GENERATION_MB = 64;
/**
 * A thread's old generation at most (`DRAMATIS_ENGINE_HEAP_MB` sets another). The cap matters less
 * as a limit than for what V8 derives from it: how far a heap may grow past what it kept live at
 * the last full collection before the next one. With a limit of 2 GB or more (a thread's default,
 * from the machine's memory) V8 allows up to 4×; below, it scales that down linearly to 1.3× at
 * 256 MB (heap-controller.cc, `MaxGrowingFactor`): 1.6× at 1,024 MB. A thread writing shards keeps
 * ~55-60 MB live and its heap climbed to 145 MB committed (and its dead array buffers to 55 MB)
 * before each full collection (bench:healthz 100k, per-thread samples); capped, the shard task alone
 * at 100,000 personas peaked at 90-94 MB of heap instead of 112-136, its process at 355-360 MB of RSS
 * instead of 392-399, for the same CPU within the noise of a loaded machine (bench/shard-task.ts,
 * interleaved). The largest task measured, the one-task report of 1,000,000 personas, had its whole
 * process at 1,084 MB, typed arrays (not on the heap), main thread and database client included. A
 * task that outgrows the cap ends its thread: its job fails and is retried, on a fresh thread.
 */
const OLD_GENERATION_MB = 1024;

/**
 * The tasks of a large population (its shards, its reports): each grows its thread's heap to
 * 100-160 MB committed and holds megabytes of shard bytes and report tables beside it, so how many
 * run at once sets a process's peak more than anything else (`largeTaskThreads`).
 */
const LARGE_POPULATION_TASKS: ReadonlySet<TaskName> = new Set<TaskName>([
  "writeOfflineShard",
  "writeOfflineShardBytes",
  "storedReports",
  "storedReportPart",
  // The report by persona ranges (report-ranges.ts): each step holds a range's or the merge's tables.
  "storedReportsByRanges",
  "reportSurvey",
  "reportRange",
  "reportMerge",
]);
/**
 * A stored population's report, or its last step: started on renewed threads after a big job
 * (`renewNow`), and renewing them as soon as it ends when large (`RENEW_AFTER_REPORT_PERSONAS`).
 */
const REPORT_TASKS: ReadonlySet<TaskName> = new Set<TaskName>(["storedReports", "storedReportPart", "storedReportsByRanges", "reportMerge"]);
/**
 * Personas from which a stored population's report renews the threads as soon as it ends (nothing
 * else in flight) rather than after `IDLE_MS` idle. The report is a population's last engine step,
 * and its thread keeps its dead tables resident until the thread ends (an idle isolate does not
 * collect): at 100,000 personas ~140 MB, which the embedded server held for those 10 s while its
 * first poll of the finished result was streamed (a client polls every second): the reports phase
 * peaked 25-90 MB above the report itself (bench:healthz, loaded: 652-688 MB; decision 0009). Below
 * this the tables are small and the renewal would cost a back-to-back job a cold thread (the
 * offline writer's knowledge loaded again) for little memory.
 */
const RENEW_AFTER_REPORT_PERSONAS = 20_000;

export class EnginePool {
  /** Made with the first task (see `WARM_THREADS`); null until then, and always with 0 threads. */
  private pool: Tinypool | null = null;
  /** The pool being made: its threads' entry is found (or bundled, `engine-bundle.ts`) first. */
  private starting: Promise<Tinypool> | null = null;
  private readonly options: ConstructorParameters<typeof Tinypool>[0] | null;
  /** Each thread's heap limits, as it starts: the pool's options hold this very object (Tinypool copies them shallowly). */
  private readonly resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: OLD_GENERATION_MB };
  /** Threads at most (0: every task runs on the calling thread). */
  readonly size: number;
  /** How to fail each task in flight, should a thread die (see `startPool`). */
  private readonly inFlight = new Set<(error: Error) => void>();
  /** Tasks run since the threads were started or last renewed (`RENEW_AFTER_TASKS`). */
  private tasksSinceRenewal = 0;
  /** A large population's task ran since the threads were started or last renewed (`LARGE_POPULATION_TASKS`). */
  private largeTaskSinceRenewal = false;
  /** Renews the threads once the pool has been idle `idleMs` (`renewWhenIdle`). */
  private renewal: NodeJS.Timeout | undefined;
  private readonly idleMs: number;
  private readonly renewAfterTasks: number;
  private destroyed = false;
  /** How many large-population tasks may run at once (`LARGE_POPULATION_TASKS`); the others wait their turn here, in order. */
  private largeTaskLimit: number;
  private largeTasksRunning = 0;
  /** A renewal before a report (`renewNow`): tasks arriving meanwhile wait for it. */
  private renewing: Promise<void> | undefined;
  private readonly largeTaskTurns: Array<() => void> = [];

  /**
   * `threads`: how many at most (default: one per core); 0 runs every task in this thread.
   * `entry`: the threads' module (tests give a broken one). `idleMs`: how long a thread beyond the
   * warm one stays idle before it ends, and how long the pool stays idle before its threads are
   * renewed after `renewAfterTasks` tasks.
   */
  constructor(threads = availableParallelism(), entry = new URL("./engine-thread.mjs", import.meta.url), idleMs = IDLE_MS, renewAfterTasks = RENEW_AFTER_TASKS, largeTaskThreads = threads, heapMb = OLD_GENERATION_MB) {
    this.size = Math.max(0, threads);
    this.largeTaskLimit = Math.max(1, Math.min(largeTaskThreads, this.size));
    this.idleMs = idleMs;
    this.renewAfterTasks = renewAfterTasks;
    this.resourceLimits.maxOldGenerationSizeMb = heapMb;
    this.options = threads > 0 ? { filename: entry.href, minThreads: Math.min(WARM_THREADS, threads), maxThreads: threads, idleTimeout: idleMs, resourceLimits: this.resourceLimits } : null;
  }

  /** Runs a task in a thread; `signal` stops it (the thread is ended, the promise rejects). */
  async run<Name extends TaskName>(task: Name, input: TaskInput<Name>, signal?: AbortSignal): Promise<TaskOutput<Name>> {
    if (!this.options) {
      signal?.throwIfAborted();
      return (await (TASKS[task] as (input: TaskInput<Name>) => unknown)(input)) as TaskOutput<Name>;
    }
    const large = LARGE_POPULATION_TASKS.has(task) && this.largeTaskLimit < this.size;
    if (large) await this.largeTaskTurn(signal);
    try {
      const answer = (await this.inThread({ task, input }, signal)) as Answer<TaskOutput<Name>>;
      if ("failure" in answer) throw rebuilt(answer.failure);
      return answer.output;
    } finally {
      if (large) this.endLargeTask();
    }
  }

  /** Waits until fewer than `largeTaskThreads` large-population tasks run (or `signal` stops the wait). */
  private async largeTaskTurn(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (this.largeTasksRunning < this.largeTaskLimit) {
      this.largeTasksRunning++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const turn = () => {
        signal?.removeEventListener("abort", stop);
        resolve();
      };
      const stop = () => {
        this.largeTaskTurns.splice(this.largeTaskTurns.indexOf(turn), 1);
        reject(signal?.reason);
      };
      this.largeTaskTurns.push(turn);
      signal?.addEventListener("abort", stop, { once: true });
    });
  }

  /** Hands the ended task's turn to the next one waiting (which counts as running from now). */
  private endLargeTask(): void {
    const next = this.largeTaskTurns.shift();
    if (next) next();
    else this.largeTasksRunning--;
  }

  /**
   * Sets the young generation (MB) of the threads the pool starts from now on. Before its first
   * task the pool has started none, so every thread gets it; a renewal starts threads with it too.
   */
  useYoungGeneration(megabytes: number): void {
    this.resourceLimits.maxYoungGenerationSizeMb = megabytes;
  }

  /** The young generation (MB) of the threads the pool starts: `YOUNG_GENERATION_MB` unless `useYoungGeneration` said otherwise. */
  get youngGenerationMb(): number {
    return this.resourceLimits.maxYoungGenerationSizeMb;
  }

  /** How many large-population tasks run at once (at least 1, at most every thread). */
  get largeTaskThreads(): number {
    return this.largeTaskLimit;
  }

  /** Sets `largeTaskThreads`; tasks waiting for a turn the new limit gives start now. */
  limitLargeTasks(threads: number): void {
    this.largeTaskLimit = Math.max(1, Math.min(threads, this.size));
    while (this.largeTasksRunning < this.largeTaskLimit && this.largeTaskTurns.length > 0) {
      this.largeTasksRunning++;
      this.largeTaskTurns.shift()!();
    }
  }

  /**
   * Runs a task over many inputs in one thread hop, one after the other: small populations fetched
   * together cost one message each way instead of one per population, and end together (their
   * statements are shared). Each input settles on its own: one input's failure is its own; `signal`
   * stops them all.
   */
  async runEach<Name extends TaskName>(task: Name, inputs: ReadonlyArray<TaskInput<Name>>, signal?: AbortSignal): Promise<Array<PromiseSettledResult<TaskOutput<Name>>>> {
    if (!this.options) {
      const outcomes: Array<PromiseSettledResult<TaskOutput<Name>>> = [];
      for (const input of inputs) {
        signal?.throwIfAborted();
        try {
          outcomes.push({ status: "fulfilled", value: (await (TASKS[task] as (input: TaskInput<Name>) => unknown)(input)) as TaskOutput<Name> });
        } catch (error) {
          outcomes.push({ status: "rejected", reason: error });
        }
      }
      return outcomes;
    }
    const { outcomes } = (await this.inThread({ task, inputs }, signal)) as { outcomes: Array<Answer<TaskOutput<Name>>> };
    return outcomes.map((answer) => ("failure" in answer ? { status: "rejected", reason: rebuilt(answer.failure) } : { status: "fulfilled", value: answer.output }));
  }

  private async inThread(message: { task: TaskName; input?: unknown; inputs?: readonly unknown[] }, signal?: AbortSignal): Promise<unknown> {
    const pool = this.pool ?? (await (this.starting ??= this.startPool(this.options as NonNullable<typeof this.options>)));
    if (REPORT_TASKS.has(message.task) && this.inFlight.size === 0 && this.tasksSinceRenewal >= this.renewAfterTasks) this.renewing ??= this.renewNow(pool);
    if (this.renewing) await this.renewing;
    let fail!: (error: Error) => void;
    const threadDied = new Promise<never>((_, reject) => (fail = reject));
    this.inFlight.add(fail);
    clearTimeout(this.renewal);
    this.tasksSinceRenewal++;
    if (LARGE_POPULATION_TASKS.has(message.task)) this.largeTaskSinceRenewal = true;
    try {
      return await Promise.race([pool.run(message, signal ? { signal } : {}), threadDied]);
    } finally {
      this.inFlight.delete(fail);
      if (this.inFlight.size === 0 && Number.isFinite(this.renewAfterTasks) && endsLargeReport(message)) this.renewAfterReport(pool);
      else this.renewWhenIdle(pool);
    }
  }

  /**
   * Renews the threads at once after a large population's report (`RENEW_AFTER_REPORT_PERSONAS`):
   * its thread's tables go back to the system now, not after `IDLE_MS`. Counts as the renewal once
   * idle would (the count starts again); tasks arriving meanwhile wait for it (`renewing`).
   */
  private renewAfterReport(pool: Tinypool): void {
    this.tasksSinceRenewal = 0;
    this.largeTaskSinceRenewal = false;
    this.renewing ??= this.renewNow(pool);
  }

  /**
   * Renews the threads at once (every one idle: nothing is in flight), for a report after a big
   * job. The report's tables then grow in a fresh thread's heap instead of on top of the 90-110 MB
   * the shards' thread committed (its live part mostly the offline writer's knowledge, which a
   * report never reads). The count of tasks is kept: the report's own heap goes too, by the
   * renewal once idle after it, or at once after a large one (`renewAfterReport`; and a report in
   * two parts starts each on a fresh thread).
   */
  private async renewNow(pool: Tinypool): Promise<void> {
    clearTimeout(this.renewal);
    try {
      await pool.recycleWorkers();
    } catch (error) {
      console.error(`[engine] renewing the worker threads before or after a report failed: ${(error as Error).message}`);
    } finally {
      this.renewing = undefined;
    }
  }

  /**
   * Once the last task in flight has ended and enough have run (`RENEW_AFTER_TASKS`), or a large
   * population's task has (unless renewal is off: `renewAfterTasks` infinite), renews the threads
   * after `idleMs` without a task: every idle thread ends (its memory goes back to the system) and a
   * fresh warm one starts. A task arriving first cancels it.
   */
  private renewWhenIdle(pool: Tinypool): void {
    const due = this.tasksSinceRenewal >= this.renewAfterTasks || (this.largeTaskSinceRenewal && Number.isFinite(this.renewAfterTasks));
    if (this.inFlight.size > 0 || !due) return;
    clearTimeout(this.renewal);
    this.renewal = setTimeout(() => {
      if (this.inFlight.size > 0 || this.destroyed) return;
      this.tasksSinceRenewal = 0;
      this.largeTaskSinceRenewal = false;
      pool.recycleWorkers().catch((error: Error) => console.error(`[engine] renewing the idle worker threads failed: ${error.message}`));
    }, this.idleMs);
    // A pending renewal never keeps the process alive.
    this.renewal.unref();
  }

  private async startPool(options: NonNullable<typeof this.options>): Promise<Tinypool> {
    const filename = (await engineThreadUrl(new URL(options.filename as string))).href;
    const pool = new Tinypool({ ...options, filename });
    this.pool = pool;
    // A thread that dies (its modules fail to load, it runs out of memory) is reported here and
    // nowhere else: unheard, the event would end the process; heard, the task it ran would never
    // settle. Every task in flight fails instead (the threads cannot say whose it was): their jobs
    // are retried by the queue, on fresh threads.
    pool.on("error", (error: Error) => {
      console.error(`[engine] a worker thread failed: ${error.message}`);
      for (const fail of this.inFlight) fail(error);
      this.inFlight.clear();
    });
    return pool;
  }

  /** Large-population tasks waiting for their turn (`largeTaskThreads`). */
  get largeTasksWaiting(): number {
    return this.largeTaskTurns.length;
  }

  /** Threads running now, busy or idle. */
  get threads(): number {
    return this.pool?.threads.length ?? 0;
  }

  /** The ids of the threads running now (a renewed thread has a new one). */
  get threadIds(): number[] {
    return this.pool?.threads.map((thread) => thread.threadId) ?? [];
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    clearTimeout(this.renewal);
    await (this.pool ?? (await this.starting?.catch(() => null)))?.destroy();
  }
}

/** True for a stored population's report of `RENEW_AFTER_REPORT_PERSONAS` or more (its rows' sizes are in its input). */
function endsLargeReport({ task, input }: { task: TaskName; input?: unknown }): boolean {
  const sizes = (input as { sizes?: unknown } | undefined)?.sizes;
  return REPORT_TASKS.has(task) && Array.isArray(sizes) && sizes.reduce((sum: number, size) => sum + (typeof size === "number" ? size : 0), 0) >= RENEW_AFTER_REPORT_PERSONAS;
}

/**
 * True when the writer can be run in a thread: the offline writer as the providers hold it
 * (offline-parts.ts), which each thread makes itself. Told by its class, not the offline code's
 * (`OfflineWriter`): that check imported the offline code on every process's main thread.
 */
export function writesInThreads(writer: Writer): boolean {
  return writer instanceof OfflineWriterOnUse;
}

/** True when the modeller can design in a thread: the offline one as the providers hold it (no model, no search to wait on). */
export function designsInThreads(modeller: Modeller): boolean {
  return modeller instanceof OfflineModellerOnUse;
}

let shared: EnginePool | null = null;

/**
 * The process's pool, made on first use, with `DRAMATIS_ENGINE_THREADS` threads (default one per
 * core; 0 runs the engine on the main thread). A deployment running several worker processes on
 * one machine gives each a share of the cores, so that they do not all compete for every core.
 */
export function sharedEnginePool(): EnginePool {
  if (!shared) {
    const threads = engineThreads(process.env.DRAMATIS_ENGINE_THREADS);
    shared = new EnginePool(threads, undefined, IDLE_MS, renewAfterTasks(process.env.DRAMATIS_ENGINE_RENEW_AFTER_TASKS), largeTaskThreadsSetting() ?? threads, engineHeapMb(process.env.DRAMATIS_ENGINE_HEAP_MB));
  }
  return shared;
}

/**
 * `DRAMATIS_ENGINE_LARGE_TASK_THREADS`: how many of a large population's tasks (its shards, its
 * reports) the process runs at once, each in a thread (default: every thread; the embedded server:
 * `EMBEDDED_LARGE_TASK_THREADS`). Smaller jobs use every thread whatever it says.
 */
function largeTaskThreadsSetting(environment: NodeJS.ProcessEnv = process.env): number | undefined {
  const threads = wholeNumberSetting("DRAMATIS_ENGINE_LARGE_TASK_THREADS", "threads", environment.DRAMATIS_ENGINE_LARGE_TASK_THREADS);
  if (threads === 0) throw new Error("DRAMATIS_ENGINE_LARGE_TASK_THREADS must be 1 or more");
  return threads;
}

/**
 * Large-population tasks at once in a process that also holds the embedded database and the API.
 * Each such task grows its thread's heap to 100-160 MB committed beside its shard bytes or report
 * tables: with two at once, an embedded server generating 100,000 personas peaked at 750-840 MB
 * (`bench:healthz`, loaded, 2 cores), with one at 580 (every phase), for as much CPU; its second
 * thread still serves small jobs. Scale out with worker processes on Postgres.
 */
const EMBEDDED_LARGE_TASK_THREADS = 1;
/**
 * The embedded server's threads' young generation: a thread's default (32 MB of new space), as
 * before session 15. Its reports phase peaks near the 600 MB budget (bench:healthz 100k), and the
 * larger one was measured for worker processes only.
 */
const EMBEDDED_YOUNG_GENERATION_MB = 48;

/**
 * The embedded server's engine settings for the process's pool: its default for
 * `DRAMATIS_ENGINE_LARGE_TASK_THREADS` (unless the environment sets it), and V8's young generation
 * for the threads it has not started yet (`EMBEDDED_YOUNG_GENERATION_MB`).
 */
export function limitLargeTasksForEmbeddedServer(pool = sharedEnginePool(), environment: NodeJS.ProcessEnv = process.env): void {
  if (largeTaskThreadsSetting(environment) === undefined) pool.limitLargeTasks(EMBEDDED_LARGE_TASK_THREADS);
  pool.useYoungGeneration(EMBEDDED_YOUNG_GENERATION_MB);
}

function engineThreads(setting: string | undefined): number {
  return wholeNumberSetting("DRAMATIS_ENGINE_THREADS", "threads", setting) ?? availableParallelism();
}

/**
 * `DRAMATIS_ENGINE_RENEW_AFTER_TASKS`: how many tasks before idle threads are renewed (default
 * `RENEW_AFTER_TASKS`); 0 never renews them — for a process that only ever runs small jobs, where
 * each renewal is a thread's start and a cold next job for memory it never held (the test suite's
 * processes: every test app's jobs counted towards it).
 */
function renewAfterTasks(setting: string | undefined): number {
  const tasks = wholeNumberSetting("DRAMATIS_ENGINE_RENEW_AFTER_TASKS", "tasks", setting) ?? RENEW_AFTER_TASKS;
  return tasks === 0 ? Number.POSITIVE_INFINITY : tasks;
}

/**
 * `DRAMATIS_ENGINE_HEAP_MB`: each engine thread's old generation at most (default
 * `OLD_GENERATION_MB`), for a deployment whose largest task needs more (or that trades memory for
 * fewer collections). At least 256: V8's smallest heap.
 */
export function engineHeapMb(setting: string | undefined): number {
  const megabytes = wholeNumberSetting("DRAMATIS_ENGINE_HEAP_MB", "megabytes", setting) ?? OLD_GENERATION_MB;
  if (megabytes < MIN_HEAP_MB) throw new Error(`DRAMATIS_ENGINE_HEAP_MB must be ${MIN_HEAP_MB} or more, got '${setting}'`);
  return megabytes;
}
const MIN_HEAP_MB = 256;

function wholeNumberSetting(name: string, unit: string, setting: string | undefined): number | undefined {
  if (setting === undefined || setting.trim() === "") return undefined;
  const value = Number(setting);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number of ${unit} (0 or more), got '${setting}'`);
  return value;
}

/** The error the task threw, as the class the job's failure category is read from. */
function rebuilt(failure: ThreadFailure): Error {
  const error =
    failure.name === "BlueprintError" && failure.issues
      ? new BlueprintError(failure.issues)
      : failure.name === "SamplingError"
        ? new SamplingError(failure.message, failure.constraint)
        : Object.assign(new Error(failure.message), { name: failure.name });
  if (failure.stack) error.stack = failure.stack;
  return error;
}
