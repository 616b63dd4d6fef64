/**
 * When to try a poll again after a transient failure: exponential from the poll interval, capped,
 * with "equal jitter" (half fixed, half random) so many clients that failed together do not come
 * back together, and never sooner than the server asked with `Retry-After`.
 */
import { DramatisApiError } from "./errors/dramatis-api-error.ts";
import { DramatisConnectionError } from "./errors/dramatis-connection-error.ts";

export interface BackoffPolicy {
  /** The first retry waits about this long; it doubles with each consecutive failure. */
  baseMs: number;
  /** No retry waits longer than this, unless the server's `Retry-After` says so. */
  capMs: number;
}

/** Network failures, 408, 429 and every 5xx are worth another try; other statuses will not change. */
export function isTransient(error: unknown): boolean {
  if (DramatisConnectionError.isInstance(error)) return true;
  if (DramatisApiError.isInstance(error)) return error.status === 408 || error.status === 429 || error.status >= 500;
  return false;
}

/** `attempt` counts consecutive failures from 1. `random` is injectable so the bounds can be tested. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
