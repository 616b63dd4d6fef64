/**
 * The size up to which a poll body is kept (`DRAMATIS_POLL_CACHE_BODY_BYTES`); what a body over it
 * gets (streamed from the store on every poll) is checked in routes/populations-stored.test.ts,
 * which sets a small limit through this variable.
 */
import { describe, expect, it } from "vitest";
import { cachedBodyLimit, MAX_CACHED_BODY_BYTES, PollCache, type PollSource } from "./poll-cache.ts";
import { versionTag, type RowVersion } from "./conditional-get.ts";

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

describe("a job that finishes between a poll's two reads", () => {
  it("is remembered as final from the body it loaded: the next poll of it reads nothing", async () => {
    const { default: fastify } = await import("fastify");
    const running: RowVersion = { id: "job-1", updatedAt: new Date(1_000), status: "running" };
    const succeeded: RowVersion = { id: "job-1", updatedAt: new Date(2_000), status: "succeeded" };
    let versionReads = 0;
    let loads = 0;
    // The version read sees the job running; by the time the row is read, it has succeeded.
    const source: PollSource = {
      kind: "population",
      version: async () => (versionReads++ === 0 ? running : succeeded),
      isFinal: (version) => version.status === "succeeded",
      load: async () => {
        loads++;
        return { version: succeeded, body: { id: "job-1", status: "succeeded" } };
      },
      notFound: () => new Error("not found"),
    };
    const cache = new PollCache();
    const server = fastify();
    server.get("/poll", (request, reply) => cache.answer(request, reply, source, "job-1", "owner"));
    try {
      const first = await server.inject({ method: "GET", url: "/poll" });
      expect(first.json()).toEqual({ id: "job-1", status: "succeeded" });
      expect(first.headers.etag).toBe(versionTag(succeeded));
      const second = await server.inject({ method: "GET", url: "/poll" });
      expect(second.body).toBe(first.body);
      expect([versionReads, loads]).toEqual([1, 1]);
    } finally {
      await server.close();
    }
  });
});
