/**
 * When to try a failed model call again. The AI SDK's own retries honour `Retry-After` but add no
 * jitter and hide each 429 from our limiter, so population calls run with the SDK's retries off and
 * this policy instead: exponential backoff with jitter, and a provider's `Retry-After` (or OpenAI's
 * `retry-after-ms`) taken as given when it is within reason.
 */
import { APICallError } from "ai";

export interface BackoffPolicy {
  /** First delay before jitter (default 500 ms); doubles each attempt. */
  initialDelayMs: number;
  /** Longest delay before jitter (default 8 s). */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails (default 60 s). */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/** The provider's requested wait, in ms, from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: Readonly<Record<string, string | undefined>> | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  const milliseconds = Number.parseFloat(lower["retry-after-ms"] ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = lower["retry-after"]?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A call worth repeating: 408, 409, 429, 5xx, a network failure, or a timeout. */
export function isTransient(error: unknown): boolean {
  if (APICallError.isInstance(error)) return error.isRetryable;
  return isTimeout(error);
}

export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || (error.cause instanceof Error && error.cause.name === "TimeoutError"));
}

export function isRateLimited(error: unknown): boolean {
  return APICallError.isInstance(error) && error.statusCode === 429;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason?: string };

/**
 * Whether and when to try again after `attempt` (0-based) failed with `error`. Equal jitter (half
 * fixed, half random) spreads out workers that failed together without ever retrying at once.
 */
export function decideRetry(error: unknown, attempt: number, maxRetries: number, policy: BackoffPolicy, random: () => number): RetryDecision {
  if (!isTransient(error) || attempt >= maxRetries) return { retry: false };
  const requested = APICallError.isInstance(error) ? retryAfterMs(error.responseHeaders) : undefined;
  if (requested !== undefined) {
    if (requested > policy.maxRetryAfterMs) {
      return { retry: false, reason: `the provider asks to wait ${Math.ceil(requested / 1000)} s, longer than ${Math.ceil(policy.maxRetryAfterMs / 1000)} s` };
    }
    return { retry: true, delayMs: requested };
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempt);
  return { retry: true, delayMs: ceiling / 2 + random() * (ceiling / 2) };
}
