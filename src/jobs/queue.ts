/**
 * The durable job queue: pg-boss on the same database as everything else. With PGlite, pg-boss
 * runs its SQL through the embedded client (its `db` option); with a Postgres server it keeps its
 * own pool, so any number of worker processes can share one database.
 *
 * A job's pg-boss id is the id of its row (population, enhancement, evaluation, panel survey), which makes the
 * queue and the rows easy to reconcile after a crash (see `reconcile.ts`).
 *
 * pg-boss delivers (SKIP LOCKED fetching, retries, expiry as a last resort), but the loop that runs
 * a job is ours, because `boss.work` cannot do three things we need:
 * - hand a job back without counting an attempt: a crash or a shutdown is not the job's fault, and
 *   a crash loop must not use up its retries (`handBack`);
 * - show other processes, through the database, that a job is being worked on (`job-locks.ts`), so
 *   they take over a dead process's jobs within a sweep instead of at expiry;
 * - on shutdown, stop taking jobs, give running ones a moment, and hand the rest back.
 */
import PgBoss from "pg-boss";
import { KEPT_CONNECTIONS, type Store } from "../store/database.ts";
import { Coalesced } from "./coalesced.ts";
import { JobLocks } from "./job-locks.ts";
import { QueueWakeUps, WAKE_UP_CHANNEL } from "./queue-wake-ups.ts";
import { describeError } from "../store/describe-error.ts";
import { quietLogger, type Logger } from "../observability/logger.ts";
import { jobMetrics } from "../observability/metrics.ts";

export const JOB_KINDS = ["population", "population-shard", "enhancement", "evaluation", "panel"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface JobMessage {
  id: string;
}

export interface JobContext {
  id: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** True when a thrown error will not be retried: the handler must then record the failure. */
  isLastAttempt: boolean;
  /** Aborted when this process stops working on the job (shutdown): stop at the next safe point. */
  signal: AbortSignal;
  /** The process's logger with this job's `job_id` and `kind` on every line. */
  log: Logger;
}

export interface JobWorker {
  run(context: JobContext): Promise<void>;
  /** The job goes back to the queue unfinished: put its row back to waiting. */
  handedBack(id: string): Promise<void>;
}

export interface QueueOptions {
  /** How many jobs of each kind one process works on at once. */
  concurrency?: number;
  /**
   * Seconds between polls when idle, doubling (up to `MAX_IDLE_POLLS` times this) while the queue
   * stays empty. A job queued by this process, or (on a Postgres server) by any process, wakes the
   * workers at once (`queue-wake-ups.ts`), and so does a failed job's retry when it comes due: the
   * poll is only the fallback (jobs pg-boss's maintenance expires, a lost wake-up).
   */
  pollingIntervalSeconds?: number;
  /** Job lines (`job_id`, `kind`, outcome, duration) and the queue's own troubles; default: warnings only. */
  logger?: Logger;
  /** On shutdown, how long running jobs get to finish or reach a point where they can stop (default `SHUTDOWN_GRACE_MS`). */
  shutdownGraceMs?: number;
}

/** pg-boss's schema; named here because `handBack` and `activeJobs` read its job table. */
const QUEUE_SCHEMA = "pgboss";
/** How long a job may stay active before pg-boss itself gives it to another worker: the last resort. */
const EXPIRE_SECONDS: Record<JobKind, number> = { population: 30 * 60, "population-shard": 30 * 60, enhancement: 10 * 60, evaluation: 10 * 60, panel: 30 * 60 };
const RETRY_LIMIT = 2;
/** Seconds before a failed job may run again (pg-boss's `retryDelay`, no back-off). */
const RETRY_DELAY_SECONDS = 1;
/**
 * An idle loop's poll interval doubles up to this many times the configured one: five job kinds
 * polling every half second cost a backlog of another kind about a fetch per job (3.5 ms each on
 * the embedded database, on the thread that runs every statement).
 */
const MAX_IDLE_POLLS = 8;
/** The one-key advisory lock that serialises the queue's set-up between processes (next to the migrations' 727274001). */
const QUEUE_SET_UP_LOCK = 727274002;
/** A retry's wake-up comes this long after its delay, so that pg-boss's `start_after` has passed. */
const RETRY_DUE_MARGIN_MS = 50;
/** On shutdown, how long running jobs get to finish or reach a point where they can stop. */
const SHUTDOWN_GRACE_MS = 5_000;
/** A fetched job whose lock is taken (a sweeper handing it back this instant) is asked again this often… */
const LOCK_RETRY_MS = 100;
/** …this many times, then left to the sweepers. */
const LOCK_ATTEMPTS = 20;

/**
 * Hands an active job back as if it had never started: `started_on` cleared, so pg-boss's next
 * fetch does not count a retry (its fetch increments `retry_count` only when `started_on` is set;
 * pg-boss 10.x, `plans.js` `fetchNextJob`). `retry` rather than `created` says it ran before.
 */
const HAND_BACK_SQL = `
  UPDATE ${QUEUE_SCHEMA}.job
     SET state = 'retry', started_on = NULL, start_after = now()
   WHERE name = $1 AND id = $2 AND state = 'active'
  RETURNING id`;

const ACTIVE_JOBS_SQL = `
  SELECT name, id FROM ${QUEUE_SCHEMA}.job
   WHERE name = ANY($1::text[]) AND state = 'active' AND started_on < now() - make_interval(secs => $2)
   ORDER BY started_on`;

const STARTED_ON_SQL = `SELECT id, started_on AS "startedOn" FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`;

/** The queue jobs of many rows of one kind and their states: what pg-boss's `getJobById` reads of each, in one statement. */
const JOB_STATES_SQL = `SELECT id, state FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND id = ANY($2::uuid[])`;
/** Ids per `jobStates` statement: a backlog of 100,000 rows is 20 statements, each a few megabytes of parameters at most. */
const JOB_STATES_PER_STATEMENT = 5000;

interface RunningJob {
  kind: JobKind;
  controller: AbortController;
  /** Resolves when shutdown stops waiting for this job. */
  abandoned: Promise<typeof ABANDONED>;
  abandon(): void;
}

const ABANDONED = Symbol("abandoned");
/** How a delivery ended, as logged and counted. */
export type JobOutcome = "completed" | "failed" | "handed_back";
type Settled = { ok: true } | { ok: false; error: unknown } | typeof ABANDONED;

export class JobQueue {
  readonly boss: PgBoss;
  private readonly running = new Map<string, RunningJob>();
  private readonly loops: Array<Promise<void>> = [];
  private readonly wakers = new Map<JobKind, Set<() => void>>();
  private readonly missedWakes = new Set<JobKind>();
  private readonly completing = new Map<JobKind, Coalesced<string>>();
  private readonly deliveries = new Map<JobKind, Coalesced<string, number | null>>();
  /** Wake-ups scheduled for retries coming due (`announceWhenDue`), cleared on stop. */
  private readonly pending = new Set<NodeJS.Timeout>();
  private locks: JobLocks | null = null;
  private locksOpening: Promise<boolean> | null = null;
  private wakeUps: Promise<QueueWakeUps | null> | null = null;
  private readonly log: Logger;
  private started = false;
  private stopping = false;

  constructor(
    /** The database the queue runs on, which its workers' statements share. */
    readonly store: Store,
    private readonly options: QueueOptions = {},
  ) {
    this.log = (options.logger ?? quietLogger).child({ component: "queue" });
    const common = {
      schema: QUEUE_SCHEMA,
      schedule: false,
      supervise: true,
      migrate: true,
      maintenanceIntervalSeconds: 60,
    } as const;
    this.boss = store.queueExecutor
      ? new PgBoss({ ...common, db: store.queueExecutor as PgBoss.Db })
      : new PgBoss({ ...common, connectionString: store.connectionString, max: 4, ...KEPT_CONNECTIONS });
    this.boss.on("error", (error) => {
      // Maintenance errors are logged, never fatal: the next cycle retries.
      this.log.error({ error: describeError(error) }, "queue maintenance failed");
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.oneProcessAtATime(async () => {
      await this.boss.start();
      for (const kind of JOB_KINDS) {
        await this.boss.createQueue(kind, {
          name: kind,
          retryLimit: RETRY_LIMIT,
          retryDelay: RETRY_DELAY_SECONDS,
          expireInSeconds: EXPIRE_SECONDS[kind],
        });
      }
    });
    this.started = true;
  }

  /**
   * Processes starting together on a new database (an API and its workers under compose) would
   * each create pg-boss's schema and queue partitions at once, and Postgres answered one of them
   * "deadlock detected": on a shared server the set-up runs under an advisory lock, one process
   * after the other (the later ones find everything there).
   */
  private async oneProcessAtATime(setUp: () => Promise<void>): Promise<void> {
    if (!this.store.openDedicatedConnection) return setUp();
    const connection = await this.store.openDedicatedConnection();
    try {
      await connection.query("SELECT pg_advisory_lock($1)", [QUEUE_SET_UP_LOCK]);
      await setUp();
    } finally {
      // Closing the connection releases the lock too, should the unlock itself fail.
      await connection.query("SELECT pg_advisory_unlock($1)", [QUEUE_SET_UP_LOCK]).catch(() => undefined);
      await connection.close();
    }
  }

  /** Queues the work for a row. Idempotent: a job that already exists for this id is left alone. */
  async enqueue(kind: JobKind, id: string): Promise<void> {
    await this.boss.send(kind, { id } satisfies JobMessage, {
      id,
      retryLimit: RETRY_LIMIT,
      retryDelay: RETRY_DELAY_SECONDS,
      expireInSeconds: EXPIRE_SECONDS[kind],
    });
    // A worker in this process, or in any process on the same server, picks it up now instead of
    // at its next poll.
    await this.announce(kind);
  }

  /**
   * Queues the work for many rows of one kind in one statement (a population's shards), with one
   * wake-up, to be taken in the order given. Idempotent like `enqueue`: ids already queued are left
   * alone.
   */
  async enqueueMany(kind: JobKind, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.boss.insert(
      ids.map((id, position) => ({
        id,
        name: kind,
        data: { id } satisfies JobMessage,
        // Rows inserted together share their creation time, which pg-boss orders by after priority:
        // a falling priority keeps them in order (and lets another population's first rows in among them).
        priority: -position,
        retryLimit: RETRY_LIMIT,
        retryDelay: RETRY_DELAY_SECONDS,
        expireInSeconds: EXPIRE_SECONDS[kind],
      })),
    );
    await this.announce(kind);
  }

  /**
   * Works jobs of this kind until `stop()`, up to `concurrency` at once (default the queue's own): a
   * kind whose jobs mostly wait on the engine's threads keeps more of them in flight than it has
   * threads, so a thread never waits while this one talks to the database.
   */
  work(kind: JobKind, worker: JobWorker, concurrency = this.concurrency): void {
    this.loops.push(this.loop(kind, worker, concurrency));
    if (this.store.connectionString && !this.store.exclusive) this.wakeUps ??= this.listenForWakeUps();
  }

  /** Jobs of each kind one process works on at once, unless `work` is given another number. */
  get concurrency(): number {
    return Math.max(1, this.options.concurrency ?? 2);
  }

  /** Resolves when the queue is running and its database answers (readiness). */
  async ping(): Promise<void> {
    if (!this.started) throw new Error("the queue is not running");
    await this.boss.getDb().executeSql("SELECT 1", []);
  }

  async jobState(kind: JobKind, id: string): Promise<string | null> {
    return (await this.jobStates(kind, [id])).get(id) ?? null;
  }

  /**
   * The state of each row's queue job (`created`, `active`, `completed`…), by id; a row with no queue
   * job is absent. One statement per 5,000 rows: the reconciler asked job by job, so a process
   * starting under a backlog of 1,000 accepted jobs made 1,000 round trips before it was up (and each
   * worker process starting makes them again).
   */
  async jobStates(kind: JobKind, ids: readonly string[]): Promise<Map<string, string>> {
    const states = new Map<string, string>();
    for (let start = 0; start < ids.length; start += JOB_STATES_PER_STATEMENT) {
      const asked = ids.slice(start, start + JOB_STATES_PER_STATEMENT);
      const { rows } = await this.boss.getDb().executeSql(JOB_STATES_SQL, [kind, asked]);
      // The server writes a uuid in lower case: each answer is filed under the id as it was asked.
      const askedAs = new Map(asked.map((id) => [id.toLowerCase(), id]));
      for (const { id, state } of rows as Array<{ id: string; state: string }>) states.set(askedAs.get(id) ?? id, state);
    }
    return states;
  }

  /**
   * Gives an active job back to the queue without counting an attempt. Only for a job nobody is
   * working on: this process's own (shutdown), or one whose owner is proven gone (a dead
   * process's lock is free, or the embedded database is ours alone). True if it was active.
   */
  async handBack(kind: JobKind, id: string): Promise<boolean> {
    const { rows } = await this.boss.getDb().executeSql(HAND_BACK_SQL, [kind, id]);
    if (rows.length > 0) await this.announce(kind);
    return rows.length > 0;
  }

  /** Jobs pg-boss calls active for at least `olderThanSeconds`, except those this process runs. */
  async activeJobs(olderThanSeconds: number): Promise<Array<{ kind: JobKind; id: string }>> {
    const { rows } = await this.boss.getDb().executeSql(ACTIVE_JOBS_SQL, [[...JOB_KINDS], olderThanSeconds]);
    return (rows as Array<{ name: JobKind; id: string }>).filter((row) => !this.running.has(row.id)).map((row) => ({ kind: row.name, id: row.id }));
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopping = true;
    for (const kind of JOB_KINDS) this.wake(kind);
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    for (const job of this.running.values()) job.controller.abort(new Error("the server is shutting down"));
    const grace = setTimeout(() => {
      for (const job of this.running.values()) job.abandon();
    }, this.options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);
    await Promise.all(this.loops);
    clearTimeout(grace);
    await (await this.wakeUps)?.close();
    await this.locks?.close();
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000, close: true });
  }

  /**
   * One loop per kind keeps up to `concurrency` jobs running: it fetches as many jobs as there are
   * free slots in one query, and it only waits for the poll interval when the queue had nothing for
   * it. A backlog therefore drains as fast as jobs run, never one poll interval per job. With more
   * than two slots it fetches again once half of them are free rather than at every free slot:
   * pg-boss's fetch is the dearest statement a small job has, and a batch costs about what one job
   * does, while the jobs still held keep the engine's threads busy meanwhile.
   */
  private async loop(kind: JobKind, worker: JobWorker, concurrency: number): Promise<void> {
    const slots = Math.max(1, concurrency);
    // More than this many running: wait for one to end (at 2 slots or fewer, any free slot refills).
    const waitAbove = slots <= 2 ? slots - 1 : Math.floor(slots / 2);
    const idleMs = (this.options.pollingIntervalSeconds ?? 0.5) * 1000;
    const inFlight = new Set<Promise<void>>();
    let emptyPolls = 0;
    while (!this.stopping) {
      try {
        if (inFlight.size > waitAbove) {
          await Promise.race(inFlight);
          continue;
        }
        if (!(await this.readyToClaim())) {
          await this.idle(kind, 5 * idleMs);
          continue;
        }
        const jobs = await this.boss.fetch<JobMessage>(kind, { batchSize: slots - inFlight.size, includeMetadata: true });
        if (jobs.length === 0) {
          // Woken at once by new work (`idle` returns early): only the fallback poll slows down.
          if (await this.idle(kind, idleMs * Math.min(MAX_IDLE_POLLS, 2 ** emptyPolls))) emptyPolls = 0;
          else emptyPolls++;
          continue;
        }
        emptyPolls = 0;
        for (const job of jobs) {
          const running = this.run(kind, job, worker)
            .catch((error: unknown) => this.log.error({ kind, job_id: job.id, error: describeError(error) }, "job could not be recorded"))
            .finally(() => inFlight.delete(running));
          inFlight.add(running);
        }
      } catch (error) {
        this.log.error({ kind, error: describeError(error) }, "fetching jobs failed");
        await this.idle(kind, idleMs);
      }
    }
    await Promise.all(inFlight);
  }

  /**
   * With a shared server, a job may only be claimed while this process can prove it works on it:
   * without a lock connection, other processes would take the job over as abandoned. All loops
   * share one connection, opened (again) by whichever loop needs it first.
   */
  private readyToClaim(): Promise<boolean> {
    if (!this.store.openDedicatedConnection || this.locks?.alive) return Promise.resolve(true);
    this.locksOpening ??= this.openLocks().finally(() => (this.locksOpening = null));
    return this.locksOpening;
  }

  private async openLocks(): Promise<boolean> {
    const previous = this.locks;
    this.locks = null;
    await previous?.close().catch(() => undefined);
    try {
      const locks = await JobLocks.open(this.store);
      locks?.onLost((error) => this.lockConnectionLost(locks, error));
      this.locks = locks;
      return true;
    } catch (error) {
      this.log.error({ error: describeError(error) }, "no lock connection: not taking jobs");
      return false;
    }
  }

  private async run(kind: JobKind, job: PgBoss.JobWithMetadata<JobMessage>, worker: JobWorker): Promise<void> {
    // pg-boss re-delivers a job this process is still running only after it expired: the running
    // attempt finishes it.
    if (this.running.has(job.id)) return;
    let abandon!: () => void;
    const abandoned = new Promise<typeof ABANDONED>((resolve) => {
      abandon = () => resolve(ABANDONED);
    });
    const running: RunningJob = { kind, controller: new AbortController(), abandoned, abandon };
    this.running.set(job.id, running);
    const locks = this.locks;
    try {
      if (locks && !(await this.claim(kind, job, locks))) return;
      if (this.stopping) {
        await this.giveBack(kind, job.id, worker);
        return;
      }
      const log = this.log.child({ kind, job_id: job.id });
      const context: JobContext = {
        id: job.data.id,
        retryCount: job.retryCount,
        isLastAttempt: job.retryCount >= job.retryLimit,
        signal: running.controller.signal,
        log,
      };
      const started = performance.now();
      log.debug({ retry: job.retryCount }, "job started");
      const settled: Settled = await Promise.race([
        worker.run(context).then(
          () => ({ ok: true }) as const,
          (error: unknown) => ({ ok: false, error }) as const,
        ),
        abandoned,
      ]);
      const outcome: JobOutcome = settled === ABANDONED || (!settled.ok && running.controller.signal.aborted) ? "handed_back" : settled.ok ? "completed" : "failed";
      if (outcome === "handed_back") await this.giveBack(kind, job.id, worker);
      else if (outcome === "completed") await this.completions(kind).add(job.id);
      else {
        // Kept with the queue job as its output: bounded, like every error this process writes down.
        await this.boss.fail(kind, job.id, { message: describeError((settled as { error: unknown }).error) });
        if (job.retryCount < job.retryLimit) this.announceWhenDue(kind);
      }
      const seconds = (performance.now() - started) / 1000;
      jobMetrics.observe(kind, outcome, seconds);
      log[outcome === "failed" ? "warn" : "info"]({ outcome, duration_ms: Math.round(seconds * 1000), retry: job.retryCount, ...(outcome === "failed" ? { error: describeError((settled as { error: unknown }).error) } : {}) }, "job ended");
    } finally {
      this.running.delete(job.id);
      await locks?.release(job.id);
    }
  }

  /**
   * Takes the lock of a job just fetched and checks it is still this delivery: a sweeper that
   * found it unlocked in the instant between fetch and lock may have handed it back (and another
   * worker fetched it again). `started_on` tells deliveries apart; both sides read it through the
   * same driver, so comparing the parsed times is exact.
   */
  private async claim(kind: JobKind, job: PgBoss.JobWithMetadata<JobMessage>, locks: JobLocks): Promise<boolean> {
    for (let attempt = 0; attempt < LOCK_ATTEMPTS && !(await locks.tryHold(job.id)); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
    if (!locks.holds(job.id)) return false;
    const startedOn = await this.startedOn(kind).add(job.id);
    return startedOn !== null && startedOn === new Date(job.startedOn).getTime();
  }

  private async giveBack(kind: JobKind, id: string, worker: JobWorker): Promise<void> {
    // Without its lock this process cannot tell whether someone else runs the job by now: leave it
    // to the sweepers, who can.
    if (this.locks && !this.locks.holds(id)) return;
    await worker.handedBack(id).catch((error: Error) => this.log.error({ kind, job_id: id, error: describeError(error) }, "row not put back to waiting"));
    await this.handBack(kind, id);
  }

  /**
   * The lock connection died, so other processes may take this process's jobs over: stop working
   * on them rather than run them twice. (Their rows stay as they are; the sweepers hand them back.)
   */
  private lockConnectionLost(locks: JobLocks, error: Error): void {
    if (this.locks !== locks || this.stopping) return;
    this.log.error({ error: describeError(error) }, "lock connection lost: stopping the jobs it covered");
    for (const job of this.running.values()) {
      job.controller.abort(error);
      job.abandon();
    }
  }

  /** Wakes this process's loops, and on a shared server every other process's too. */
  private async announce(kind: JobKind): Promise<void> {
    this.wake(kind);
    if (this.store.exclusive) return;
    await this.boss
      .getDb()
      .executeSql("SELECT pg_notify($1, $2)", [WAKE_UP_CHANNEL, kind])
      .catch((error: Error) => this.log.warn({ kind, error: describeError(error) }, "wake-up not sent (the workers' poll finds the job)"));
  }

  /**
   * Completions of a kind, told to pg-boss together: jobs that end while one completion statement
   * runs share the next one (no timer: a lone job completes at once).
   */
  private completions(kind: JobKind): Coalesced<string> {
    let batch = this.completing.get(kind);
    if (!batch) this.completing.set(kind, (batch = new Coalesced((ids) => this.boss.complete(kind, ids).then(() => ids.map(() => undefined)))));
    return batch;
  }

  /**
   * When each active job of a kind was started (`started_on`, as milliseconds), or null when it is
   * not active: jobs claimed together are checked in one statement.
   */
  private startedOn(kind: JobKind): Coalesced<string, number | null> {
    let batch = this.deliveries.get(kind);
    if (!batch) {
      batch = new Coalesced(async (ids) => {
        const { rows } = await this.boss.getDb().executeSql(STARTED_ON_SQL, [kind, ids]);
        const started = new Map((rows as Array<{ id: string; startedOn: Date }>).map((row) => [row.id, row.startedOn.getTime()]));
        return ids.map((id) => started.get(id) ?? null);
      });
      this.deliveries.set(kind, batch);
    }
    return batch;
  }

  /** A failed job's retry becomes due after the retry delay: the workers are woken then, not at their next poll. */
  private announceWhenDue(kind: JobKind): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      if (!this.stopping) void this.announce(kind);
    }, RETRY_DELAY_SECONDS * 1000 + RETRY_DUE_MARGIN_MS);
    timer.unref();
    this.pending.add(timer);
  }

  private async listenForWakeUps(): Promise<QueueWakeUps | null> {
    try {
      return await QueueWakeUps.listen(this.store.connectionString as string, this.log, (kind) => {
        if ((JOB_KINDS as readonly string[]).includes(kind)) this.wake(kind as JobKind);
      });
    } catch (error) {
      this.log.warn({ error: describeError(error) }, "not listening for wake-ups (polling only)");
      return null;
    }
  }

  private wake(kind: JobKind): void {
    const wakers = this.wakers.get(kind);
    this.wakers.delete(kind);
    // A wake-up that finds no loop waiting (a loop mid-fetch, whose fetch may have run before the
    // job was visible) is kept for that loop's next wait, or the job would wait a whole poll.
    if (!wakers || wakers.size === 0) this.missedWakes.add(kind);
    else for (const wake of wakers) wake();
  }

  /** Waits `ms` or until this kind is woken (or was woken while no loop waited); true when woken. */
  private idle(kind: JobKind, ms: number): Promise<boolean> {
    if (this.stopping) return Promise.resolve(true);
    if (this.missedWakes.delete(kind)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wakers = this.wakers.get(kind) ?? new Set<() => void>();
      this.wakers.set(kind, wakers);
      const done = (woken: boolean) => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve(woken);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), ms);
      wakers.add(wake);
    });
  }
}
