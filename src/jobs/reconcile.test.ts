/**
 * Restarts on the embedded database (a real data folder, reopened): jobs left behind by a process
 * that stopped without finishing them are handed back before the new process works, and a crash is
 * never counted against a job's retries, however many crashes in a row.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { endedQueueJob, pollUntilDone, startTestApp, type TestApp } from "../../test/helpers/app.ts";
import { scratchRoot, seedDataFolder } from "../../test/helpers/database-template.ts";
import type { StartOptions } from "../app.ts";
import { SWEEP_MIN_AGE_SECONDS, sweepMinAgeSeconds } from "./reconcile.ts";

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/**
 * A data folder with the migrated database a first start leaves: the restarts are what is tested
 * here. In memory when the machine has room (scratchRoot): every restart writes the database out.
 */
async function dataFolder(): Promise<string> {
  const folder = mkdtempSync(join(scratchRoot(), "dramatis-reconcile-"));
  folders.push(folder);
  await seedDataFolder(folder);
  return folder;
}

function startOn(dataDir: string, options: StartOptions = {}): Promise<TestApp> {
  return startTestApp({ dataDir }, { inMemory: false, seedExamples: false, ...options });
}

async function queueJob(app: TestApp, id: string) {
  return app.queue.boss.getJobById("population", id);
}

describe("after a crash, on the embedded database", () => {
  it("a population whose process died more times in a row than the job has attempts still succeeds, with no retry used", async () => {
    const dataDir = await dataFolder();
    let app = await startOn(dataDir, { workers: false });
    const { body } = await app.request("POST", "/v1/personas/actions/generate", { prompt: "6 chess players", count: 6, seed: 3 });
    const id: string = body.id;
    // Had a crash used a retry, the job would have failed by the last of these (each restart opens
    // the data folder again, a second of CPU: as many as prove it, not more).
    const { retryLimit } = (await queueJob(app, id))!;
    const crashes = retryLimit + 2;
    for (let crash = 0; crash < crashes; crash++) {
      // What a worker does when it takes the job (pg-boss marks it active, the row running), and
      // then the process is gone: nothing finishes it, nothing hands it back.
      const [claimed] = await app.queue.boss.fetch("population", { includeMetadata: true });
      expect(claimed?.id).toBe(id);
      expect(await app.context.jobs.start("population", id, "designing", 6)).toBe(true);
      await app.close();
      app = await startOn(dataDir, { workers: false });
      expect((await app.context.jobs.getPopulation(id))!.status).toBe("pending");
      expect(await queueJob(app, id)).toMatchObject({ state: "retry", retryCount: 0 });
    }
    await app.close();

    app = await startOn(dataDir);
    const poll = await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${id}`, 60_000);
    expect(poll.status).toBe("succeeded");
    expect(poll.result.personas).toHaveLength(6);
    expect(await endedQueueJob(app.queue, "population", id)).toMatchObject({ state: "completed", retryCount: 0 });
    await app.close();
  }, 300_000);

  it("jobs waiting at a restart run once each: recovery never hands back what the new workers just took", async () => {
    const dataDir = await dataFolder();
    let app = await startOn(dataDir, { workers: false });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { body } = await app.request("POST", "/v1/personas/actions/generate", { prompt: `${i + 2} chess players`, count: i + 2, seed: i });
      ids.push(body.id);
    }
    await app.close();

    app = await startOn(dataDir);
    for (const id of ids) {
      expect((await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${id}`, 60_000)).status).toBe("succeeded");
      expect((await app.context.jobs.getPopulation(id))!.attempts).toBe(1);
      expect(await endedQueueJob(app.queue, "population", id)).toMatchObject({ state: "completed", retryCount: 0 });
    }
    await app.close();
  }, 120_000);
});

describe("the periodic sweep on a shared Postgres server", () => {
  it("leaves jobs younger than 10 s alone at the default 15 s period, and younger than its period when that is shorter", () => {
    expect(SWEEP_MIN_AGE_SECONDS).toBe(10);
    expect(sweepMinAgeSeconds(15_000)).toBe(10);
    expect(sweepMinAgeSeconds(10_000)).toBe(10);
    expect(sweepMinAgeSeconds(1_000)).toBe(1);
  });
});
