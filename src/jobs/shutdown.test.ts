/**
 * A graceful stop (SIGTERM → `app.close()`) in the middle of work: running jobs stop at their next
 * safe point, or are left behind after a short grace if they cannot (a provider call that never
 * returns), and either way go back to the queue without using a retry. They are never failed, and
 * the next start finishes them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProviders } from "../providers.ts";
import { endedQueueJob, pollUntilDone, startTestApp } from "../../test/helpers/app.ts";
import { writerWith } from "../../test/helpers/model-fakes.ts";
import { scratchRoot, seedDataFolder } from "../../test/helpers/database-template.ts";

const offline = createProviders("offline");
const dataDir = mkdtempSync(join(scratchRoot(), "dramatis-shutdown-"));
// The database a first start leaves: the stop and the next starts are what is tested here.
beforeAll(() => seedDataFolder(dataDir));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * A model that answers "stuck …" prompts never, and "slow …" prompts one small batch at a time;
 * `writing` resolves once both are under way.
 */
function stallingWriter() {
  const started = new Set<string>();
  let bothWriting: () => void;
  const writing = new Promise<void>((resolve) => (bothWriting = resolve));
  const writer = writerWith(async ({ prompt }) => {
    started.add(prompt);
    if (started.size === 2) bothWriting();
    if (prompt.startsWith("stuck")) await new Promise<never>(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
  return { writer, writing };
}

describe("graceful shutdown", () => {
  it("hands running jobs back to the queue, unfailed and with no retry used, and the next start finishes them", async () => {
    const { writer, writing } = stallingWriter();
    // The stuck job never stops on its own: it is handed back when the grace ends (short here: that wait is not what is tested).
    const first = await startTestApp({ dataDir, shutdownGraceMs: 500 }, { inMemory: false, seedExamples: false, providers: { ...offline, writer } });
    const ids: string[] = [];
    for (const prompt of ["stuck: 40 chess players", "slow: 400 chess players"]) {
      const { body } = await first.request("POST", "/v1/personas/actions/generate", { prompt, count: prompt.startsWith("slow") ? 400 : 40, seed: 5 });
      ids.push(body.id);
    }
    await writing;
    await first.close();

    // A population's own job only designs and cuts it into shards: what was running, and goes back
    // to the queue unfailed, is its shard; the population stays running meanwhile.
    const second = await startTestApp({ dataDir }, { inMemory: false, seedExamples: false, workers: false });
    const shards = new Map<string, string>();
    for (const id of ids) {
      expect((await second.context.jobs.getPopulation(id))!.status).toBe("running");
      const [shardId] = await second.context.jobs.shardIds(id);
      shards.set(id, shardId!);
      expect((await second.context.jobs.getShard(shardId!))!.status).toBe("pending");
      expect(await second.queue.boss.getJobById("population-shard", shardId!)).toMatchObject({ state: "retry", retryCount: 0 });
    }
    await second.close();

    const third = await startTestApp({ dataDir }, { inMemory: false, seedExamples: false });
    for (const id of ids) {
      const poll = await pollUntilDone(third, `/v1/personas/repositories/Population/by-id/${id}`, 60_000);
      expect(poll.status).toBe("succeeded");
      expect(await endedQueueJob(third.queue, "population-shard", shards.get(id)!)).toMatchObject({ state: "completed", retryCount: 0 });
    }
    await third.close();
  }, 180_000);
});
