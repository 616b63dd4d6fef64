/**
 * "A job accepted is finished or failed with a reason, across crashes and restarts."
 *
 * `reconcileJobs` checks every unfinished row against the queue:
 * - no queue job (the process died between commit and send, or the job was purged): queue it again;
 * - an `active` job while this process is the only one that can open the database (PGlite) and
 *   before its workers start: its worker is gone, so hand it back now, without counting an attempt;
 * - a queue job that ended (`failed`, `cancelled`, `completed`) while the row did not: fail the row
 *   with a reason and refund it.
 *
 * With a shared Postgres server another process may well be running an `active` job, so
 * `sweepAbandonedJobs` asks the server instead: a job whose advisory lock anyone can take has no
 * living worker (`job-locks.ts`), and is handed back the same way.
 */
import type { JobRepository, JobTableKind } from "../store/jobs.ts";
import type { AccountRepository } from "../store/accounts.ts";
import type { Store } from "../store/database.ts";
import { JOB_KINDS, type JobKind, type JobQueue } from "./queue.ts";
import { JobLocks } from "./job-locks.ts";
import { failAbandoned } from "./workers.ts";

/** Every kind the queue carries: a new kind cannot be forgotten here. */
const KINDS: ReadonlyArray<JobKind & JobTableKind> = JOB_KINDS;

/**
 * A job must have been active this long before a sweep looks at it: a worker takes its lock right
 * after fetching, so younger jobs are almost always fine, and leaving them alone saves hand-backs
 * that the worker's own check (`JobQueue.claim`) would have to undo.
 */
export const SWEEP_MIN_AGE_SECONDS = 10;

/**
 * The minimum age a sweep every `intervalMs` uses: `SWEEP_MIN_AGE_SECONDS`, or the interval when
 * shorter. An operator (or a test) that sweeps every second wants a dead process's jobs back
 * within seconds, not after 10; the worker's own check undoes the rare hand-back of a job just fetched.
 */
export function sweepMinAgeSeconds(intervalMs: number): number {
  return Math.min(SWEEP_MIN_AGE_SECONDS, intervalMs / 1000);
}

export interface ReconcileReport {
  requeued: number;
  released: number;
  failed: number;
}

export async function reconcileJobs(
  queue: JobQueue,
  dependencies: { jobs: JobRepository; accounts: AccountRepository },
  options: { exclusive: boolean; olderThanMs?: number },
): Promise<ReconcileReport> {
  const report: ReconcileReport = { requeued: 0, released: 0, failed: 0 };
  const cutoff = Date.now() - (options.olderThanMs ?? 0);
  for (const kind of KINDS) {
    // Every row's queue state in one statement (a round trip per row was 1,000 of them for a worker
    // starting under a 1,000-job backlog). Acting on a state read a moment earlier is as safe as before:
    // queueing an id already queued does nothing, and a job's ended states do not change.
    const rows = (await dependencies.jobs.unfinished(kind)).filter((row) => row.createdAt.getTime() <= cutoff);
    const states = await queue.jobStates(kind, rows.map((row) => row.id));
    for (const row of rows) {
      const state = states.get(row.id) ?? null;
      if (state === null) {
        await queue.enqueue(kind, row.id);
        report.requeued++;
      } else if (state === "active" && options.exclusive) {
        await handBackAbandoned(queue, dependencies.jobs, kind, row.id);
        report.released++;
      } else if (state === "failed" || state === "cancelled" || state === "completed") {
        await failAbandoned(kind, row.id, `queue job ended as ${state} without a result`, dependencies);
        report.failed++;
      }
    }
  }
  return report;
}

/**
 * Hands back the active jobs of dead processes on a shared server. Each candidate's lock is tried
 * on a connection of the sweep's own, so a lock held by this very process's workers (another
 * session) counts as held like any other; the jobs this process runs are skipped anyway.
 */
export async function sweepAbandonedJobs(
  queue: JobQueue,
  store: Store,
  jobs: JobRepository,
  options: { minAgeSeconds?: number } = {},
): Promise<number> {
  const candidates = await queue.activeJobs(options.minAgeSeconds ?? SWEEP_MIN_AGE_SECONDS);
  if (candidates.length === 0) return 0;
  const locks = await JobLocks.open(store);
  if (!locks) return 0;
  let released = 0;
  try {
    for (const { kind, id } of candidates) {
      if (!(await locks.tryHold(id))) continue;
      try {
        // Holding the lock, this sweep is the only one that may touch the job: a worker that
        // fetched it meanwhile waits for the lock, then sees the delivery is no longer its own.
        if (await handBackAbandoned(queue, jobs, kind, id)) released++;
      } finally {
        await locks.release(id);
      }
    }
  } finally {
    await locks.close();
  }
  return released;
}

/** Row back to waiting first (nobody can claim it before the queue job is handed back), then the job. */
async function handBackAbandoned(queue: JobQueue, jobs: JobRepository, kind: JobKind & JobTableKind, id: string): Promise<boolean> {
  await jobs.requeue(kind, id);
  return queue.handBack(kind, id);
}
