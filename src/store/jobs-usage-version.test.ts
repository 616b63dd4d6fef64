/**
 * A job's version (what the poll's ETag is made of) moves whenever its poll body would change:
 * model usage is part of that body, so recording usage moves a running job's version. An ended
 * job's version is final (the poll cache keeps a succeeded job's answer for good), so usage that
 * lands after the end is counted without moving it.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore } from "../../test/helpers/app.ts";
import type { Store } from "./database.ts";
import { AccountRepository } from "./accounts.ts";
import { JobRepository } from "./jobs.ts";

let store: Store;
let jobs: JobRepository;
let accountId = "";

beforeAll(async () => {
  store = await openTestStore();
  jobs = new JobRepository(store.db);
  accountId = (await new AccountRepository(store.db).create("usage", 0)).id;
});
afterAll(async () => {
  await store?.close();
});

async function runningPopulation(): Promise<string> {
  const id = randomUUID();
  await store.db.transaction((tx) => jobs.insertPopulation(tx, { id, accountId, prompt: "usage", count: 3, seed: 1 }));
  expect(await jobs.start("population", id, "writing", 3)).toBe(true);
  return id;
}

const usage = { calls: 2, prompt_tokens: 100, completion_tokens: 40 };

describe("model usage and a job's version", () => {
  it("moves a running job's version, so a client holding the old ETag gets the new usage", async () => {
    const id = await runningPopulation();
    const before = (await jobs.version("population", id, accountId))!;
    // Versions are millisecond timestamps: let the clock move past the start's.
    for (const start = Date.now(); Date.now() === start; ) await new Promise((resolve) => setTimeout(resolve, 1));
    await jobs.addUsage("population", id, "model-a", usage);
    const after = (await jobs.version("population", id, accountId))!;
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect((await jobs.getPopulation(id))?.modelCalls).toBe(2);
  });

  it("counts usage that lands after a job succeeded without moving its final version", async () => {
    const id = await runningPopulation();
    await jobs.succeed("population", id, { result: { personas: [] } }, 3);
    const final = (await jobs.version("population", id, accountId))!;
    await jobs.addUsage("population", id, "model-a", usage);
    expect((await jobs.version("population", id, accountId))!.updatedAt.getTime()).toBe(final.updatedAt.getTime());
    expect((await jobs.getPopulation(id))?.modelCalls).toBe(2);
  });
});
