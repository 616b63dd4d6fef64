/**
 * The durable job queue: pg-boss on the same database as everything else. With PGlite, pg-boss
 * runs its SQL through the embedded client (its `db` option); with a Postgres server it keeps its
 * own pool, so any number of worker processes can share one database.
 *
 * A job's pg-boss id is the id of its row (population, enhancement, evaluation), which makes the
 * queue and the rows easy to reconcile after a crash (see `reconcile.ts`).
 */
import PgBoss from "pg-boss";
import type { Store } from "../store/database.ts";

export const JOB_KINDS = ["population", "enhancement", "evaluation"] as const;
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
}

export type JobHandler = (context: JobContext) => Promise<void>;

export interface QueueOptions {
  /** How many jobs of each kind one process works on at once. */
  concurrency?: number;
  /** Seconds between polls when idle (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
}

/** How long a job may stay active before another worker may take it over (a crashed worker). */
const EXPIRE_SECONDS: Record<JobKind, number> = { population: 30 * 60, enhancement: 10 * 60, evaluation: 10 * 60 };
const RETRY_LIMIT = 2;

export class JobQueue {
  readonly boss: PgBoss;
  private readonly workerIds: Partial<Record<JobKind, string[]>> = {};
  private started = false;

  constructor(
    store: Store,
    private readonly options: QueueOptions = {},
  ) {
    const common = {
      schedule: false,
      supervise: true,
      migrate: true,
      maintenanceIntervalSeconds: 60,
    } as const;
    this.boss = store.queueExecutor
      ? new PgBoss({ ...common, db: store.queueExecutor as PgBoss.Db })
      : new PgBoss({ ...common, connectionString: store.connectionString, max: 4 });
    this.boss.on("error", (error) => {
      // Maintenance errors are logged, never fatal: the next cycle retries.
      console.error(`[queue] ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const kind of JOB_KINDS) {
      await this.boss.createQueue(kind, {
        name: kind,
        retryLimit: RETRY_LIMIT,
        retryDelay: 1,
        expireInSeconds: EXPIRE_SECONDS[kind],
      });
    }
    this.started = true;
  }

  /** Queues the work for a row. Idempotent: a job that already exists for this id is left alone. */
  async enqueue(kind: JobKind, id: string): Promise<void> {
    await this.boss.send(kind, { id } satisfies JobMessage, {
      id,
      retryLimit: RETRY_LIMIT,
      retryDelay: 1,
      expireInSeconds: EXPIRE_SECONDS[kind],
    });
    // A worker in this process picks it up now instead of at its next poll.
    for (const workerId of this.workerIds[kind] ?? []) this.boss.notifyWorker(workerId);
  }

  async work(kind: JobKind, handler: JobHandler): Promise<void> {
    const concurrency = this.options.concurrency ?? 2;
    const ids: string[] = [];
    for (let i = 0; i < concurrency; i++) {
      const workerId = await this.boss.work<JobMessage>(
        kind,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 0.5 },
        async (jobs) => {
          for (const job of jobs) {
            await handler({
              id: job.data.id,
              retryCount: job.retryCount,
              isLastAttempt: job.retryCount >= job.retryLimit,
            });
          }
        },
      );
      ids.push(workerId);
    }
    this.workerIds[kind] = ids;
  }

  async jobState(kind: JobKind, id: string): Promise<string | null> {
    const job = await this.boss.getJobById(kind, id);
    return job?.state ?? null;
  }

  /** Hands an orphaned active job back to the queue (counts as a failed attempt). */
  async releaseOrphan(kind: JobKind, id: string): Promise<void> {
    await this.boss.fail(kind, id, { reason: "worker stopped before finishing" });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000, close: true });
  }
}
