/**
 * The polling loop behind every handle's `wait()`: poll at a steady interval until the job is
 * `succeeded` or `failed`, back off on transient errors, report progress when it moves, and stop
 * promptly (timers cleared) on abort or when the time budget runs out.
 */
import type { z } from "zod";
import type { JobStatus, ProgressSchema } from "../shared/contract.ts";
import { abortableSleep } from "./abortable-sleep.ts";
import { backoffDelay, isTransient } from "./backoff.ts";
import { DramatisTimeoutError } from "./errors/dramatis-timeout-error.ts";

export type Progress = z.infer<typeof ProgressSchema>;

/** What every poll body has in common. */
export interface JobPoll {
  id: string;
  status: JobStatus;
}

export interface WaitOptions<Poll> {
  /** Called with the poll's `progress` each time it differs from the last one seen. */
  onProgress?: (progress: Progress, poll: Poll) => void;
  /** Called with every poll body that arrives. */
  onPoll?: (poll: Poll) => void;
  /** Rejects the wait with the signal's reason as soon as it aborts. */
  signal?: AbortSignal;
  /** Time between polls. */
  intervalMs?: number;
  /** Total budget for the wait; past it, `DramatisTimeoutError`. */
  timeoutMs?: number;
  /** Longest wait between retries after transient errors (default 30 s). */
  maxBackoffMs?: number;
}

export const DEFAULT_MAX_BACKOFF_MS = 30_000;

export function isTerminal(status: string): boolean {
  return status === "succeeded" || status === "failed";
}

export async function waitForJob<Poll extends JobPoll>(
  jobId: string,
  fetchPoll: (signal: AbortSignal) => Promise<Poll>,
  options: WaitOptions<Poll> & { intervalMs: number; timeoutMs: number },
): Promise<Poll> {
  const { signal: callerSignal, intervalMs, timeoutMs } = options;
  callerSignal?.throwIfAborted();

  let lastPoll: Poll | undefined;
  let lastTransientError: unknown;
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  const deadline = setTimeout(() => controller.abort(new DramatisTimeoutError(jobId, timeoutMs, lastPoll, { cause: lastTransientError })), timeoutMs);

  try {
    let lastProgressKey: string | undefined;
    let consecutiveFailures = 0;
    for (;;) {
      let delay = intervalMs;
      try {
        const poll = await fetchPoll(controller.signal);
        lastPoll = poll;
        consecutiveFailures = 0;
        lastTransientError = undefined;
        options.onPoll?.(poll);
        const progress = (poll as { progress?: Progress | null }).progress;
        if (progress && typeof progress === "object") {
          const key = JSON.stringify([progress.phase, progress.produced, progress.total]);
          if (key !== lastProgressKey) {
            lastProgressKey = key;
            options.onProgress?.(progress, poll);
          }
        }
        if (isTerminal(poll.status)) return poll;
      } catch (error) {
        if (controller.signal.aborted) throw controller.signal.reason;
        if (!isTransient(error)) throw error;
        consecutiveFailures += 1;
        lastTransientError = error;
        const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
        delay = backoffDelay(consecutiveFailures, { baseMs: intervalMs, capMs: Math.max(intervalMs, options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS) }, retryAfterMs);
      }
      await abortableSleep(delay, controller.signal);
    }
  } finally {
    clearTimeout(deadline);
    callerSignal?.removeEventListener("abort", onCallerAbort);
  }
}
