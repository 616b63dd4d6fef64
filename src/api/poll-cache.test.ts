/**
 * The size up to which a poll body is kept (`DRAMATIS_POLL_CACHE_BODY_BYTES`); what a body over it
 * gets (streamed from the store on every poll) is checked in routes/populations-stored.test.ts,
 * which sets a small limit through this variable.
 */
import { describe, expect, it } from "vitest";
import { cachedBodyLimit, MAX_CACHED_BODY_BYTES, PollCache } from "./poll-cache.ts";

describe("the kept-body limit", () => {
  it("is 8 MB unless set, and the setting's whole number of bytes when set", () => {
    expect(cachedBodyLimit(undefined)).toBe(MAX_CACHED_BODY_BYTES);
    expect(cachedBodyLimit(" ")).toBe(8 * 1024 * 1024);
    expect(cachedBodyLimit("262144")).toBe(262_144);
    expect(cachedBodyLimit("0")).toBe(0);
  });

  it.each(["-1", "1.5", "8MB", "1e400"])("refuses %j, naming the variable", (setting) => {
    expect(() => cachedBodyLimit(setting)).toThrow(`DRAMATIS_POLL_CACHE_BODY_BYTES must be a whole number of bytes (0 or more), got '${setting}'`);
  });

  it("is read from the environment when a cache is made", () => {
    const previous = process.env.DRAMATIS_POLL_CACHE_BODY_BYTES;
    try {
      process.env.DRAMATIS_POLL_CACHE_BODY_BYTES = "4096";
      expect(new PollCache().maxBodyBytes).toBe(4096);
      delete process.env.DRAMATIS_POLL_CACHE_BODY_BYTES;
      expect(new PollCache().maxBodyBytes).toBe(MAX_CACHED_BODY_BYTES);
    } finally {
      if (previous === undefined) delete process.env.DRAMATIS_POLL_CACHE_BODY_BYTES;
      else process.env.DRAMATIS_POLL_CACHE_BODY_BYTES = previous;
    }
  });
});
