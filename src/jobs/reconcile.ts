/**
 * "A job accepted is finished or failed with a reason, across crashes and restarts."
 *
 * Every unfinished row is checked against the queue:
 * - no queue job (the process died between commit and send, or the job was purged): queue it again;
 * - an `active` job while this process is the only one that can open the database (PGlite): its
 *   worker is gone, so hand it back to the queue now instead of waiting for it to expire;
 * - a queue job that ended (`failed`, `cancelled`, `completed`) while the row did not: fail the row
 *   with a reason and refund it.
 * With a shared Postgres server, `active` jobs are left to pg-boss's expiry, since another worker
 * may well be running them.
 */
import type { JobRepository, JobTableKind } from "../store/jobs.ts";
import type { AccountRepository } from "../store/accounts.ts";
import type { JobKind, JobQueue } from "./queue.ts";
import { failAbandoned } from "./workers.ts";

const KINDS: Array<JobKind & JobTableKind> = ["population", "enhancement", "evaluation"];

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
    for (const row of await dependencies.jobs.unfinished(kind)) {
      if (row.createdAt.getTime() > cutoff) continue;
      const state = await queue.jobState(kind, row.id);
      if (state === null) {
        await queue.enqueue(kind, row.id);
        report.requeued++;
      } else if (state === "active" && options.exclusive) {
        await queue.releaseOrphan(kind, row.id);
        report.released++;
      } else if (state === "failed" || state === "cancelled" || state === "completed") {
        await failAbandoned(kind, row.id, `queue job ended as ${state} without a result`, dependencies);
        report.failed++;
      }
    }
  }
  return report;
}
