import { describe, expect, it } from "vitest";
import { backoffDelay, isTransient, parseRetryAfter } from "./backoff.ts";
import { DramatisApiError } from "./errors/dramatis-api-error.ts";
import { DramatisConnectionError } from "./errors/dramatis-connection-error.ts";

const policy = { baseMs: 1_000, capMs: 30_000 };

describe("backoffDelay", () => {
  it("doubles with each consecutive failure, between half and all of the exponential step", () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy, undefined, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy, undefined, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("is capped", () => {
    expect(backoffDelay(20, policy, undefined, () => 1)).toBe(30_000);
  });

  it("never retries sooner than Retry-After asks, even past the cap", () => {
    expect(backoffDelay(1, policy, 45_000, () => 0)).toBe(45_000);
    expect(backoffDelay(3, policy, 100, () => 1)).toBe(4_000);
  });
});

describe("parseRetryAfter", () => {
  it("reads delay-seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3_000);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 00:00:00 GMT", now)).toBe(0);
  });

  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("isTransient", () => {
  const apiError = (status: number) => new DramatisApiError({ status, code: "x", message: "x" });

  it("retries network errors, 408, 429 and 5xx", () => {
    expect(isTransient(new DramatisConnectionError("refused", "http://x"))).toBe(true);
    expect([408, 429, 500, 502, 503, 504].map((status) => isTransient(apiError(status)))).toEqual(Array(6).fill(true));
  });

  it("does not retry answers that will not change, nor errors of the caller's own code", () => {
    expect([400, 401, 402, 403, 404, 422].map((status) => isTransient(apiError(status)))).toEqual(Array(6).fill(false));
    expect(isTransient(new TypeError("onProgress blew up"))).toBe(false);
  });
});
