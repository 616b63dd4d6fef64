/**
 * The test server helper itself: every app gets a database of its own (a copy of the migrated
 * template, gone when the app closes), and `endedQueueJob` waits out the moment between a worker
 * finishing a job's row and telling the queue.
 */
import { existsSync } from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { endedQueueJob, pollUntilDone, startTestApp, type TestApp } from "./app.ts";

const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

describe("startTestApp", () => {
  it("gives each app a migrated database of its own, removed when the app closes", async () => {
    const [first, second] = await Promise.all([startTestApp(), startTestApp()]);
    apps.push(first!, second!);
    expect(first!.context.config.dataDir).not.toBe(second!.context.config.dataDir);
    const account = await first!.context.accounts.create("only-in-the-first", 5);
    expect(await first!.context.accounts.get(account.id)).toMatchObject({ name: "only-in-the-first" });
    expect(await second!.context.accounts.get(account.id)).toBeNull();
    expect(first!.devAccount.id).not.toBe(second!.devAccount.id);

    const folder = first!.context.config.dataDir;
    expect(existsSync(folder)).toBe(true);
    await first!.close();
    expect(existsSync(folder)).toBe(false);
  });
});

describe("endedQueueJob", () => {
  it("waits for pg-boss to record the end of a job whose row a worker has already finished", async () => {
    const app = await startTestApp();
    apps.push(app);
    // Holds the worker between finishing the row and telling the queue: the window a loaded
    // machine opens by itself.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const complete = app.queue.boss.complete.bind(app.queue.boss);
    vi.spyOn(app.queue.boss, "complete").mockImplementation((async (...args: Parameters<typeof complete>) => {
      await held;
      return complete(...args);
    }) as typeof complete);
    try {
      const { body } = await app.request("POST", "/v1/personas/actions/generate", { prompt: "3 chess players", count: 3, seed: 1 });
      expect((await pollUntilDone(app, `/v1/personas/repositories/Population/by-id/${body.id}`)).status).toBe("succeeded");
      expect(await app.queue.boss.getJobById("population", body.id)).toMatchObject({ state: "active" });

      const ended = endedQueueJob(app.queue, "population", body.id);
      release();
      expect(await ended).toMatchObject({ state: "completed", retryCount: 0 });
    } finally {
      release();
      vi.restoreAllMocks();
    }
  });
});
