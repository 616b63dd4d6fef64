import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { decideRetry, DEFAULT_BACKOFF, retryAfterMs } from "./backoff.ts";

function apiError(statusCode: number, headers: Record<string, string> = {}): APICallError {
  return new APICallError({ message: `status ${statusCode}`, url: "http://127.0.0.1/v1/chat/completions", requestBodyValues: {}, statusCode, responseHeaders: headers });
}

describe("retryAfterMs", () => {
  it("reads seconds, milliseconds and HTTP dates", () => {
    expect(retryAfterMs({ "retry-after": "3" })).toBe(3000);
    expect(retryAfterMs({ "Retry-After": "1.5" })).toBe(1500);
    expect(retryAfterMs({ "retry-after-ms": "250", "retry-after": "9" })).toBe(250);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, now)).toBe(5000);
    expect(retryAfterMs({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});

describe("decideRetry", () => {
  const random = () => 0.5;

  it("waits what a 429's Retry-After asks", () => {
    expect(decideRetry(apiError(429, { "retry-after": "2" }), 0, 3, DEFAULT_BACKOFF, random)).toEqual({ retry: true, delayMs: 2000 });
  });

  it("gives up rather than wait longer than the cap", () => {
    const decision = decideRetry(apiError(429, { "retry-after": "600" }), 0, 3, DEFAULT_BACKOFF, random);
    expect(decision).toEqual({ retry: false, reason: "the provider asks to wait 600 s, longer than 60 s" });
  });

  it("backs off exponentially with jitter between half and all of the ceiling", () => {
    const delays = [0, 1, 2, 3, 10].map((attempt) => decideRetry(apiError(503), attempt, 20, DEFAULT_BACKOFF, () => 0));
    expect(delays.map((decision) => (decision.retry ? decision.delayMs : -1))).toEqual([250, 500, 1000, 2000, 4000]);
    const highest = decideRetry(apiError(503), 10, 20, DEFAULT_BACKOFF, () => 0.999_999);
    expect(highest.retry && highest.delayMs).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxDelayMs);
  });

  it("does not retry a client error or past the bound", () => {
    expect(decideRetry(apiError(400), 0, 3, DEFAULT_BACKOFF, random)).toEqual({ retry: false });
    expect(decideRetry(apiError(500), 3, 3, DEFAULT_BACKOFF, random)).toEqual({ retry: false });
  });

  it("retries a timeout", () => {
    const timeout = new DOMException("timeout of 200ms exceeded", "TimeoutError");
    expect(decideRetry(timeout, 0, 1, DEFAULT_BACKOFF, random).retry).toBe(true);
  });
});
