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
import { populationBatches, populations } from "../../store/schema.ts";
import { PopulationPersonas } from "../../store/population-personas.ts";
import { storeShardedPopulation, SYNTHETIC_BLUEPRINT, syntheticPersona } from "../../../bench/stored-population.ts";

/**
 * Bodies over this size are streamed, never kept (DRAMATIS_POLL_CACHE_BODY_BYTES; 8 MB unset). What
 * this file checks of a big body starts past the limit: a small one lets a few MB show it, where
 * 8 MB needed 20,000 personas stored and read again by every test.
 */
const CACHED_BODY_LIMIT = 256 * 1024;

let app: TestApp;
beforeAll(async () => {
  // Read once, when the app makes its poll cache: other files' apps in this fork keep the default.
  const previous = process.env.DRAMATIS_POLL_CACHE_BODY_BYTES;
  process.env.DRAMATIS_POLL_CACHE_BODY_BYTES = String(CACHED_BODY_LIMIT);
  try {
    app = await startTestApp();
  } finally {
    if (previous === undefined) delete process.env.DRAMATIS_POLL_CACHE_BODY_BYTES;
    else process.env.DRAMATIS_POLL_CACHE_BODY_BYTES = previous;
  }
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
    const generated = (await rawGet(pollPath(started.body.id))).bytes.toString("utf8");
    const row = (await app.context.jobs.getPopulation(started.body.id))!;
    const { personas: _inResult, ...withoutPersonas } = row.result as { personas?: unknown[] } & Record<string, unknown>;
    const personas = (JSON.parse(generated) as { result: { personas: unknown[] } }).result.personas;
    expect(personas).toHaveLength(30);
    const copy = { accountId: row.accountId, count: row.count, prompt: row.prompt, createdAt: row.createdAt, updatedAt: row.updatedAt };

    // The same population twice more under other ids: its personas in rows of 7 (the last one
    // short), and inside its result as populations finished before sharding kept them.
    const sharded = await storeShardedPopulation(app.context.store.db, app.context.jobs, { ...copy, batchSize: 7, personaAt: (index) => personas[index], result: withoutPersonas });
    const whole = await storeShardedPopulation(app.context.store.db, app.context.jobs, { ...copy, batchSize: 30, personaAt: (index) => personas[index], result: withoutPersonas });
    await app.context.store.db.update(populations).set({ result: { personas, ...withoutPersonas } }).where(eq(populations.id, whole));
    await app.context.store.db.delete(populationBatches).where(eq(populationBatches.populationId, whole));
    for (const id of [sharded, whole]) await app.context.store.db.update(populations).set({ seed: row.seed }).where(eq(populations.id, id));

    const fromRows = await rawGet(pollPath(sharded));
    const fromResult = await rawGet(pollPath(whole));
    expect(fromRows.status).toBe(200);
    expect(fromRows.bytes.toString("utf8")).toBe(generated.replace(started.body.id, sharded));
    expect(fromResult.bytes.toString("utf8")).toBe(generated.replace(started.body.id, whole));
    // Small enough to keep: the next poll is the cached body, compressed once.
    const gzip = await rawGet(pollPath(sharded), { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.bytes).equals(fromRows.bytes)).toBe(true);
  }, 60_000);

  describe("2,000 personas (4 MB), over the size kept in memory", () => {
    const COUNT = 2_000;
    const BATCH_SIZE = 100;
    let id = "";
    beforeAll(async () => {
      id = await storeShardedPopulation(app.context.store.db, app.context.jobs, {
        accountId: app.devAccount.id,
        count: COUNT,
        batchSize: BATCH_SIZE,
        personaAt: (index) => syntheticPersona(index, COUNT, 2_000),
        result: { blueprint: SYNTHETIC_BLUEPRINT, diversity: { mean_pairwise_similarity: 0.2 }, marginals: [] },
      });
    }, 120_000);

    it("streams the body from the store a row at a time: no JSON.stringify of the whole, no length known in advance", async () => {
      const stringify = vi.spyOn(JSON, "stringify");
      const rows = vi.spyOn(PopulationPersonas.prototype, "rows");
      let longest = 0;
      try {
        const answer = await rawGet(pollPath(id));
        for (const result of stringify.mock.results) if (typeof result.value === "string") longest = Math.max(longest, result.value.length);
        expect(answer.status).toBe(200);
        // Many times the limit: the hang-up test below leaves in the middle of it.
        expect(answer.bytes.length).toBeGreaterThan(10 * CACHED_BODY_LIMIT);
        expect(answer.headers["transfer-encoding"]).toBe("chunked");
        expect(answer.headers["content-length"]).toBeUndefined();
        expect(rows).toHaveBeenCalledTimes(1);
        const body = JSON.parse(answer.bytes.toString("utf8"));
        expect(Object.keys(body.result)).toEqual(["personas", "blueprint", "diversity", "marginals"]);
        expect(body.result.personas).toHaveLength(COUNT);
        expect(body.result.personas.map((persona: { persona_id: string }) => persona.persona_id)).toEqual(Array.from({ length: COUNT }, (_, index) => syntheticPersona(index, COUNT).persona_id));
      } finally {
        stringify.mockRestore();
        rows.mockRestore();
      }
      // The longest text ever stringified at once is one persona or one chunk, not the 4 MB body.
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

    /** Counts the stored rows a poll reads, and whether the reading was closed before its end. */
    function watchRows() {
      const original = PopulationPersonas.prototype.rows;
      const seen = { calls: 0, rows: 0, closedEarly: false };
      const spy = vi.spyOn(PopulationPersonas.prototype, "rows").mockImplementation(async function* (this: PopulationPersonas, ...args: Parameters<typeof original>) {
        seen.calls++;
        let finished = false;
        try {
          for await (const row of original.apply(this, args)) {
            seen.rows++;
            yield row;
          }
          finished = true;
        } finally {
          if (!finished) seen.closedEarly = true;
        }
      });
      return { seen, restore: () => spy.mockRestore() };
    }

    it("answers HEAD with the headers and no body, reading no stored row once the version is known to be big", async () => {
      await rawGet(pollPath(id));
      const { seen, restore } = watchRows();
      try {
        const response = await fetch(`${app.url}${pollPath(id)}`, { method: "HEAD", headers: { authorization: `Bearer ${app.devKey}` } });
        expect(response.status).toBe(200);
        expect(response.headers.get("etag")).toMatch(/^W\//);
        expect(await response.text()).toBe("");
        expect(seen.rows).toBe(0);
      } finally {
        restore();
      }
    }, 60_000);

    it("stops reading the store when the client hangs up", async () => {
      const { seen, restore } = watchRows();
      try {
        await new Promise<void>((resolve) => {
          const outgoing = httpRequest(`${app.url}${pollPath(id)}`, { headers: { authorization: `Bearer ${app.devKey}` } }, (incoming) => {
            incoming.on("error", () => undefined);
            // Gone once the streaming has begun (past the bytes the server reads before it decides to stream).
            let received = 0;
            incoming.on("data", (chunk: Buffer) => {
              received += chunk.length;
              if (received > CACHED_BODY_LIMIT + 1) outgoing.destroy();
            });
          });
          outgoing.on("error", () => undefined);
          outgoing.on("close", () => resolve());
          outgoing.end();
        });
        await expect.poll(() => seen.closedEarly, { timeout: 30_000 }).toBe(true);
        expect(seen.rows).toBeLessThan(COUNT / BATCH_SIZE);
      } finally {
        restore();
      }
    }, 60_000);

    it("answers several concurrent polls of the same big version, each in full", async () => {
      const answers = await Promise.all(Array.from({ length: 3 }, () => rawGet(pollPath(id))));
      const first = answers[0]!.bytes;
      for (const answer of answers) expect(answer.bytes.equals(first)).toBe(true);
    }, 60_000);
  });
});
