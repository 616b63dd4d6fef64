/**
 * Populations whose blueprint model is stored apart (migration 0012) poll and export exactly as
 * populations stored by the previous version, whose result holds its blueprint whole: the same
 * bytes, key order included. Small populations of one design share one stored model.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntilDone, startTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { populationBlueprints, populations } from "../../store/schema.ts";
import { storeShardedPopulation } from "../../../bench/stored-population.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const pollPath = (id: string) => `/v1/personas/repositories/Population/by-id/${id}`;

async function text(path: string): Promise<string> {
  const answer = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${app.devKey}` } });
  expect(answer.status).toBe(200);
  return answer.text();
}

describe("a population whose blueprint model is stored apart", () => {
  it("shares one stored model with another of the same design, and polls and exports the same bytes as the previous version's whole result", async () => {
    const ids: string[] = [];
    for (const seed of [3, 4]) {
      const started = await app.request("POST", "/v1/personas/actions/generate", { prompt: "a beekeeper in Slovenia", count: 1, seed });
      await pollUntilDone(app, pollPath(started.body.id));
      ids.push(started.body.id);
    }
    const named = await app.context.store.db.selectDistinct({ hash: populations.resultBlueprint }).from(populations).where(inArray(populations.id, ids));
    expect(named).toHaveLength(1);
    expect(named[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const [model] = await app.context.store.db.select({ size: sql<number>`length(${populationBlueprints.blueprint}::text)` }).from(populationBlueprints).where(eq(populationBlueprints.hash, named[0]!.hash!));
    const [stored] = await app.context.store.db.select({ size: sql<number>`length(${populations.result}::text)` }).from(populations).where(eq(populations.id, ids[0]!));
    // Most of a one-persona result is its model: the row keeps the rest.
    expect(Number(model!.size)).toBeGreaterThan(Number(stored!.size));

    // The first one again as the previous version stored it: its blueprint whole in its result.
    const generated = await text(pollPath(ids[0]!));
    const row = (await app.context.jobs.getPopulation(ids[0]!))!;
    const body = JSON.parse(generated) as { result: { personas: unknown[] } & Record<string, unknown> };
    const { personas, ...result } = body.result;
    expect(Object.keys(result)[0]).toBe("blueprint");
    const previous = await storeShardedPopulation(app.context.store.db, app.context.jobs, {
      accountId: row.accountId,
      count: row.count,
      prompt: row.prompt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      batchSize: row.count,
      personaAt: (index) => personas[index],
      result,
    });
    await app.context.store.db.update(populations).set({ seed: row.seed }).where(eq(populations.id, previous));
    const [previousRow] = await app.context.store.db.select({ resultBlueprint: populations.resultBlueprint }).from(populations).where(eq(populations.id, previous));
    expect(previousRow!.resultBlueprint).toBeNull();

    expect(await text(pollPath(previous))).toBe(generated.replace(ids[0]!, previous));
    for (const format of ["jsonl", "csv"]) {
      expect(await text(`${pollPath(previous)}/personas?format=${format}`)).toBe(await text(`${pollPath(ids[0]!)}/personas?format=${format}`));
    }
  }, 60_000);
});
