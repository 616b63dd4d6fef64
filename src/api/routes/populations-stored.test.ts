/**
 * Polling a population whose personas are stored as rows of their own (the sharded shape of
 * issue 16): the same bytes as a population that holds its personas in its result, written from
 * the store a batch at a time, never as one value or one string.
 */
import { request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pollUntilDone, startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { populations } from "../../store/schema.ts";
import { PopulationPersonas } from "../../store/population-personas.ts";
import { storeShardedPopulation, SYNTHETIC_BLUEPRINT, syntheticPersona } from "../../../bench/stored-population.ts";
import { MAX_CACHED_BODY_BYTES } from "../poll-cache.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const pollPath = (id: string) => `/v1/personas/repositories/Population/by-id/${id}`;

/** A GET through node:http, which (unlike fetch) neither decompresses nor hides the framing headers. */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${app.url}${path}`, { headers: { authorization: `Bearer ${app.devKey}`, ...headers } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, bytes: Buffer.concat(chunks) }));
      incoming.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

describe("a population stored in shards polls as one", () => {
  it("answers with the same bytes as the same population stored whole in its result", async () => {
    const started = await app.request("POST", "/v1/personas/actions/generate", { prompt: "30 nurses in Ohio", count: 30, seed: 4 });
    await pollUntilDone(app, pollPath(started.body.id));
    const whole = (await rawGet(pollPath(started.body.id))).bytes.toString("utf8");
    const row = (await app.context.jobs.getPopulation(started.body.id))!;
    const { personas, ...withoutPersonas } = row.result as { personas: unknown[] } & Record<string, unknown>;

    // The same row again under another id, its personas moved to rows of 7 (the last one short).
    const id = await storeShardedPopulation(app.context.store.db, app.context.jobs, {
      accountId: row.accountId,
      count: row.count,
      batchSize: 7,
      personaAt: (index) => personas[index],
      result: withoutPersonas,
      prompt: row.prompt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    });
    await app.context.store.db.update(populations).set({ seed: row.seed }).where(eq(populations.id, id));
    expect(Object.keys(withoutPersonas)).not.toContain("personas");

    const sharded = await rawGet(pollPath(id));
    expect(sharded.status).toBe(200);
    expect(sharded.bytes.toString("utf8")).toBe(whole.replace(started.body.id, id));
    // Small enough to keep: the next poll is the cached body, compressed once.
    const gzip = await rawGet(pollPath(id), { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.bytes).equals(sharded.bytes)).toBe(true);
  }, 60_000);

  describe("20,000 personas, over the size kept in memory", () => {
    const COUNT = 20_000;
    let id = "";
    beforeAll(async () => {
      id = await storeShardedPopulation(app.context.store.db, app.context.jobs, {
        accountId: app.devAccount.id,
        count: COUNT,
        batchSize: 1_000,
        personaAt: (index) => syntheticPersona(index, COUNT, 600),
        result: { blueprint: SYNTHETIC_BLUEPRINT, diversity: { mean_pairwise_similarity: 0.2 }, marginals: [] },
      });
    }, 120_000);

    it("streams the body from the store a row at a time: no JSON.stringify of the whole, no length known in advance", async () => {
      const stringify = vi.spyOn(JSON, "stringify");
      const batches = vi.spyOn(PopulationPersonas.prototype, "batches");
      let longest = 0;
      try {
        const answer = await rawGet(pollPath(id));
        for (const result of stringify.mock.results) if (typeof result.value === "string") longest = Math.max(longest, result.value.length);
        expect(answer.status).toBe(200);
        expect(answer.bytes.length).toBeGreaterThan(MAX_CACHED_BODY_BYTES);
        expect(answer.headers["transfer-encoding"]).toBe("chunked");
        expect(answer.headers["content-length"]).toBeUndefined();
        expect(batches).toHaveBeenCalledTimes(1);
        const body = JSON.parse(answer.bytes.toString("utf8"));
        expect(Object.keys(body.result)).toEqual(["personas", "blueprint", "diversity", "marginals"]);
        expect(body.result.personas).toHaveLength(COUNT);
        expect(body.result.personas.map((persona: { persona_id: string }) => persona.persona_id)).toEqual(Array.from({ length: COUNT }, (_, index) => syntheticPersona(index, COUNT).persona_id));
      } finally {
        stringify.mockRestore();
        batches.mockRestore();
      }
      // The longest text ever stringified at once is one persona or one chunk, not the 13 MB body.
      expect(longest).toBeLessThan(256 * 1024);
    }, 60_000);

    it("compresses the stream for clients that accept it, and writes it again for every poll (never kept)", async () => {
      const identity = await rawGet(pollPath(id));
      const gzip = await rawGet(pollPath(id), { "accept-encoding": "gzip" });
      expect(gzip.headers["content-encoding"]).toBe("gzip");
      expect(gzip.headers.vary).toBe("accept-encoding");
      expect(gunzipSync(gzip.bytes).equals(identity.bytes)).toBe(true);
      const whole = vi.spyOn(app.context.jobs, "getPopulation");
      try {
        const brotli = await rawGet(pollPath(id), { "accept-encoding": "br" });
        expect(brotli.headers["content-encoding"]).toBe("br");
        expect(brotliDecompressSync(brotli.bytes).equals(identity.bytes)).toBe(true);
        expect(whole).toHaveBeenCalledTimes(1);
      } finally {
        whole.mockRestore();
      }
      const etag = identity.headers.etag as string;
      expect((await rawGet(pollPath(id), { "if-none-match": etag })).status).toBe(304);
    }, 60_000);

    it("answers several concurrent polls of the same big version, each in full", async () => {
      const answers = await Promise.all(Array.from({ length: 3 }, () => rawGet(pollPath(id))));
      const first = answers[0]!.bytes;
      for (const answer of answers) expect(answer.bytes.equals(first)).toBe(true);
    }, 60_000);
  });
});
