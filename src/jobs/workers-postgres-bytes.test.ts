/**
 * On a Postgres server the engine threads hand a population's JSON to the main thread as UTF-8
 * bytes, which the server is sent as binary parameters: the stored text, and what a client polls,
 * are byte-identical to the same request generated in one process, for a sharded population and
 * for one made whole.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { generatePopulation } from "../pipeline/generate.ts";
import { POPULATION_SHARD_SIZE } from "../pipeline/shards.ts";
import { createProviders } from "../providers.ts";
import { pollUntilDone, startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { findPostgresBinaries, startPostgres, type PostgresServer } from "../../test/helpers/postgres.ts";

describe.skipIf(!findPostgresBinaries())("populations stored on a Postgres server", () => {
  let server: PostgresServer;
  let app: TestApp;
  beforeAll(async () => {
    server = await startPostgres();
    app = await startTestApp({ databaseUrl: await server.createDatabase("bytes"), maxCount: 10 * POPULATION_SHARD_SIZE });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    server?.stop();
  });

  /** Each stored row of a population as the server keeps it: its personas' text and its fields' text. */
  async function storedText(populationId: string): Promise<Array<{ personas: string; fields: string | null }>> {
    const result = await app.context.store.db.execute(sql`SELECT personas::text AS personas, fields FROM population_batches WHERE population_id = ${populationId} ORDER BY start_index`);
    return ((result as { rows?: unknown[] }).rows ?? result) as Array<{ personas: string; fields: string | null }>;
  }

  for (const request of [
    { prompt: "Retired ferry captains in Istanbul, Zürich and Seoul", count: POPULATION_SHARD_SIZE + 3, seed: 77 },
    { prompt: "Beekeepers in Ljubljana", count: 12, seed: 5 },
  ]) {
    it(`keeps the same bytes: ${request.count} personas`, async () => {
      const started = await app.request("POST", "/v1/personas/actions/generate", request);
      expect(started.status).toBe(200);
      const poll = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${started.body.id}`, 240_000);
      expect(poll.status).toBe("succeeded");
      const uninterrupted = await generatePopulation({ ...request, grounding: "off" }, createProviders("offline"));
      expect(JSON.stringify(poll.result)).toBe(JSON.stringify(uninterrupted));

      const rows = await storedText(started.body.id);
      expect(rows.map((row) => row.personas).join("\u0000")).toBe(
        rows.map((_, index) => JSON.stringify(uninterrupted.personas.slice(index * POPULATION_SHARD_SIZE, (index + 1) * POPULATION_SHARD_SIZE))).join("\u0000"),
      );
      // A sharded population's rows carry their fields for the reports, as the thread wrote them.
      if (request.count > POPULATION_SHARD_SIZE) {
        expect(rows.map((row) => JSON.parse(row.fields as string).length)).toEqual([POPULATION_SHARD_SIZE, 3]);
      }
    }, 300_000);
  }
});
