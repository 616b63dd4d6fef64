/**
 * The engine's thread pool: tasks run in threads and give the same bytes as on the main thread, a
 * task's blueprint or sampling failure keeps its class across the thread boundary (it decides the
 * job's failure category), and a thread that dies fails its task instead of hanging it or ending
 * the process. Its threads run at a lower priority than the thread that answers HTTP (Linux).
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { BroadcastChannel } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import type { Blueprint } from "../engine/blueprint.ts";
import { BlueprintError } from "../engine/blueprint-check.ts";
import { EnginePool, engineHeapMb, limitLargeTasksForEmbeddedServer } from "./engine-pool.ts";

const BLUEPRINT: Blueprint = {
  domain: "chess players",
  order: ["rating_band", "age"],
  fields: [
    { name: "rating_band", kind: "categorical", parents: [], categorical: { weights: { club: 0.7, master: 0.3 } }, conditionals: [] },
    { name: "age", kind: "numeric", parents: [], numeric: { min: 8, max: 90, mean: 35, sd: 14, integer: true }, conditionals: [] },
  ],
  constraints: [],
};

const threads = new EnginePool(1);
const mainThread = new EnginePool(0);
const broken = new EnginePool(1, new URL("./__fixtures__/broken-thread.mjs", import.meta.url));
afterAll(async () => {
  await Promise.all([threads.destroy(), broken.destroy()]);
});

describe("the engine pool", () => {
  it("samples a population's shards in a thread exactly as on the main thread", async () => {
    const input = { blueprint: BLUEPRINT, count: 2_500, seed: 9 };
    const inThread = await threads.run("sampleShards", input);
    expect(inThread).toHaveLength(3);
    expect(inThread).toEqual(await mainThread.run("sampleShards", input));
  });

  it("keeps a blueprint failure's class across the thread boundary", async () => {
    const cyclic = { ...BLUEPRINT, fields: BLUEPRINT.fields.map((field) => ({ ...field, parents: field.name === "age" ? ["rating_band"] : ["age"] })) } as Blueprint;
    const failure = await threads.run("sampleShards", { blueprint: cyclic, count: 10, seed: 1 }).catch((error: unknown) => error);
    expect(BlueprintError.isInstance(failure)).toBe(true);
  });

  it("checks an NPC save (its task typed like the engine's) in a thread exactly as on the main thread", async () => {
    const input = { bodyJson: JSON.stringify({ persona: { name: "" } }), assignIds: false };
    const inThread = await threads.run("checkNpcSave", input);
    expect(JSON.parse(inThread)).toHaveProperty("ok");
    expect(inThread).toBe(await mainThread.run("checkNpcSave", input));
  }, 30_000);

  it("runs a task over many inputs in one hop, each answered on its own: one input's failure keeps its class and is its own", async () => {
    const cyclic = { ...BLUEPRINT, fields: BLUEPRINT.fields.map((field) => ({ ...field, parents: field.name === "age" ? ["rating_band"] : ["age"] })) } as Blueprint;
    const inputs = [
      { blueprint: BLUEPRINT, count: 1_200, seed: 1 },
      { blueprint: cyclic, count: 10, seed: 1 },
      { blueprint: BLUEPRINT, count: 3, seed: 2 },
    ];
    const inThread = await threads.runEach("sampleShards", inputs);
    expect(inThread.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(BlueprintError.isInstance((inThread[1] as PromiseRejectedResult).reason)).toBe(true);
    expect((inThread[0] as PromiseFulfilledResult<string[]>).value).toEqual(await mainThread.run("sampleShards", inputs[0]!));
    expect((inThread[2] as PromiseFulfilledResult<string[]>).value).toEqual(await mainThread.run("sampleShards", inputs[2]!));
    const onThisThread = await mainThread.runEach("sampleShards", inputs);
    expect(onThisThread.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("fails a task whose thread dies, rather than hanging it or ending the process", async () => {
    await expect(broken.run("sampleShards", { blueprint: BLUEPRINT, count: 10, seed: 1 })).rejects.toThrow("could not be loaded");
  }, 20_000);
});

describe("the engine pool's heap limit", () => {
  const heapLimit = new URL("./__fixtures__/heap-limit-thread.mjs", import.meta.url);

  it("caps each thread's old generation (1,024 MB unless told otherwise), so V8 lets a thread's heap grow to 1.6× what it keeps live, not 4×", async () => {
    const byDefault = new EnginePool(1, heapLimit);
    const smaller = new EnginePool(1, heapLimit, undefined, undefined, undefined, 512);
    try {
      // The limit V8 reports is the old generation's plus the young generation's (96 MB for its 64).
      const { heapSizeLimitMb } = (await byDefault.run("sampleShards", { blueprint: BLUEPRINT, count: 1, seed: 1 })) as unknown as { heapSizeLimitMb: number };
      expect(heapSizeLimitMb).toBeGreaterThanOrEqual(1024);
      expect(heapSizeLimitMb).toBeLessThanOrEqual(1024 + 96);
      const limited = (await smaller.run("sampleShards", { blueprint: BLUEPRINT, count: 1, seed: 1 })) as unknown as { heapSizeLimitMb: number };
      expect(limited.heapSizeLimitMb).toBeGreaterThanOrEqual(512);
      expect(limited.heapSizeLimitMb).toBeLessThanOrEqual(512 + 96);
    } finally {
      await Promise.all([byDefault.destroy(), smaller.destroy()]);
    }
  }, 20_000);

  it("gives a thread a young generation of 64 MB (twice the new space of a thread's default), but in the embedded server", async () => {
    const pool = new EnginePool(1, heapLimit);
    const embedded = new EnginePool(1, heapLimit);
    limitLargeTasksForEmbeddedServer(embedded, {});
    const youngOf = async (of: EnginePool) => ((await of.run("sampleShards", { blueprint: BLUEPRINT, count: 1, seed: 1 })) as unknown as { youngGenerationMb: number }).youngGenerationMb;
    try {
      expect([await youngOf(pool), await youngOf(embedded)]).toEqual([64, 48]);
      expect([pool.youngGenerationMb, embedded.youngGenerationMb]).toEqual([64, 48]);
    } finally {
      await Promise.all([pool.destroy(), embedded.destroy()]);
    }
  }, 20_000);

  it("takes DRAMATIS_ENGINE_HEAP_MB in megabytes, 256 or more", () => {
    expect(engineHeapMb(undefined)).toBe(1024);
    expect(engineHeapMb(" ")).toBe(1024);
    expect(engineHeapMb("2048")).toBe(2048);
    expect(() => engineHeapMb("255")).toThrow("DRAMATIS_ENGINE_HEAP_MB must be 256 or more, got '255'");
    expect(() => engineHeapMb("1.5GB")).toThrow("DRAMATIS_ENGINE_HEAP_MB must be a whole number of megabytes");
  });
});

describe("the engine pool's warm thread", () => {
  it("starts no thread before its first task, then keeps one when every other thread has idled out", async () => {
    const pool = new EnginePool(2, undefined, 1);
    try {
      expect(pool.threads).toBe(0);
      const input = { blueprint: BLUEPRINT, count: 10, seed: 2 };
      await Promise.all([pool.run("sampleShards", input), pool.run("sampleShards", input)]);
      // The second thread ends after its 1 ms of idleness; the warm one never does.
      while (pool.threads > 1) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(pool.threads).toBe(1);
    } finally {
      await pool.destroy();
    }
  }, 60_000);
});

describe("the engine pool's renewal after a big job", () => {
  const input = { blueprint: BLUEPRINT, count: 10, seed: 4 };
  const idle = async (pool: EnginePool, changed: (ids: number[]) => boolean) => {
    while (!changed(pool.threadIds)) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it("renews its threads, the warm one included, once idle after many tasks: their grown heaps go back to the system", async () => {
    const pool = new EnginePool(1, undefined, 20, 3);
    try {
      for (let task = 0; task < 3; task++) await pool.run("sampleShards", input);
      const [worked] = pool.threadIds;
      // Ended and replaced by a fresh warm thread, which then serves the next task.
      await idle(pool, (ids) => ids.length === 1 && ids[0] !== worked);
      const [fresh] = pool.threadIds;
      expect(await pool.run("sampleShards", input)).toEqual(await mainThread.run("sampleShards", input));
      expect(pool.threadIds).toEqual([fresh]);
    } finally {
      await pool.destroy();
    }
  }, 60_000);

  it("keeps its warm thread after fewer tasks, and while tasks keep coming", async () => {
    const pool = new EnginePool(1, undefined, 20, 3);
    try {
      await pool.run("sampleShards", input);
      await pool.run("sampleShards", input);
      const [warm] = pool.threadIds;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(pool.threadIds).toEqual([warm]);
    } finally {
      await pool.destroy();
    }
  }, 60_000);
});

describe("the engine pool's large-population tasks", () => {
  const held = new URL("./__fixtures__/held-thread.mjs", import.meta.url);

  /** The tasks the pool's held threads have started; `release()` ends them, and any started later. */
  function watchHeldThreads() {
    const channel = new BroadcastChannel("held-thread");
    const started: string[] = [];
    let releasing = false;
    channel.onmessage = (event) => {
      started.push((event as { data: string }).data);
      // A task started after the release waits for one of its own.
      if (releasing) channel.postMessage("release");
    };
    return {
      started,
      release() {
        releasing = true;
        channel.postMessage("release");
      },
      close: () => channel.close(),
    };
  }

  it("runs at most `largeTaskThreads` of a large population's tasks at once, in the order asked; smaller tasks use the other threads meanwhile", async () => {
    const threads = watchHeldThreads();
    const pool = new EnginePool(3, held, 60_000, Number.POSITIVE_INFINITY, 1);
    try {
      const ended: string[] = [];
      const large = (task: "writeOfflineShardBytes" | "storedReportPart" | "storedReports" | "reportRange") => pool.run(task, {} as never).then((output) => void ended.push(output as string));
      const shards = [large("writeOfflineShardBytes"), large("storedReportPart"), large("storedReports"), large("reportRange")];
      const small = pool.run("sampleShards", {} as never);
      await expect.poll(() => [...threads.started].sort()).toEqual(["started sampleShards", "started writeOfflineShardBytes"]);
      expect(pool.largeTasksWaiting).toBe(3);
      threads.release();
      await Promise.all(shards);
      expect(await small).toBe("sampleShards");
      // One at a time: each ended before the next started.
      expect(ended).toEqual(["writeOfflineShardBytes", "storedReportPart", "storedReports", "reportRange"]);
    } finally {
      threads.close();
      await pool.destroy();
    }
  }, 60_000);

  it("are one at a time in the embedded server unless DRAMATIS_ENGINE_LARGE_TASK_THREADS says otherwise; every thread elsewhere", async () => {
    const pools = [new EnginePool(2, held), new EnginePool(2, held), new EnginePool(2, held)];
    try {
      expect(pools[0]!.largeTaskThreads).toBe(2);
      limitLargeTasksForEmbeddedServer(pools[0], {});
      expect(pools[0]!.largeTaskThreads).toBe(1);
      limitLargeTasksForEmbeddedServer(pools[1], { DRAMATIS_ENGINE_LARGE_TASK_THREADS: "2" });
      expect(pools[1]!.largeTaskThreads).toBe(2);
      expect(() => limitLargeTasksForEmbeddedServer(pools[2], { DRAMATIS_ENGINE_LARGE_TASK_THREADS: "0" })).toThrow("DRAMATIS_ENGINE_LARGE_TASK_THREADS must be 1 or more");
    } finally {
      await Promise.all(pools.map((pool) => pool.destroy()));
    }
  });

  it("starts a report after a big job on renewed threads (the shards' grown heaps go first), each part on its own; after a few tasks, on the same thread", async () => {
    const threads = watchHeldThreads();
    threads.release();
    const afterBigJob = new EnginePool(1, held, 60_000, 3);
    const afterFewTasks = new EnginePool(1, held, 60_000, 3);
    try {
      for (let shard = 0; shard < 3; shard++) await afterBigJob.run("writeOfflineShardBytes", {} as never);
      const [shards] = afterBigJob.threadIds;
      expect(await afterBigJob.run("storedReportPart", {} as never)).toBe("storedReportPart");
      const [firstPart] = afterBigJob.threadIds;
      expect(await afterBigJob.run("storedReportPart", {} as never)).toBe("storedReportPart");
      expect(afterBigJob.threadIds).toHaveLength(1);
      expect(new Set([shards, firstPart, ...afterBigJob.threadIds]).size).toBe(3);

      await afterFewTasks.run("writeOfflineShardBytes", {} as never);
      const [shard] = afterFewTasks.threadIds;
      expect(await afterFewTasks.run("storedReports", {} as never)).toBe("storedReports");
      expect(afterFewTasks.threadIds).toEqual([shard]);
    } finally {
      threads.close();
      await Promise.all([afterBigJob.destroy(), afterFewTasks.destroy()]);
    }
  }, 60_000);

  it("renews the threads once idle after a single one of them, however few tasks ran (its heap goes back to the system); never when renewal is off", async () => {
    const threads = watchHeldThreads();
    threads.release();
    const renewing = new EnginePool(1, held, 20, 16);
    const neverRenewing = new EnginePool(1, held, 20, Number.POSITIVE_INFINITY);
    try {
      expect(await renewing.run("writeOfflineShardBytes", {} as never)).toBe("writeOfflineShardBytes");
      const [shard] = renewing.threadIds;
      await expect.poll(() => renewing.threadIds.length === 1 && renewing.threadIds[0] !== shard, { timeout: 30_000 }).toBe(true);

      expect(await neverRenewing.run("storedReports", {} as never)).toBe("storedReports");
      const [report] = neverRenewing.threadIds;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(neverRenewing.threadIds).toEqual([report]);
    } finally {
      threads.close();
      await Promise.all([renewing.destroy(), neverRenewing.destroy()]);
    }
  }, 60_000);

  it("renews the threads as soon as a report of 20,000 personas or more ends, not after the idle time: its dead tables go before the result is polled; a smaller report's thread stays warm", async () => {
    const threads = watchHeldThreads();
    threads.release();
    const pool = new EnginePool(1, held, 60_000, 16);
    const rows = (count: number) => ({ sizes: Array.from({ length: count }, () => 1_000) }) as never;
    try {
      await pool.run("sampleShards", {} as never);
      const [warm] = pool.threadIds;
      expect(await pool.run("storedReports", rows(19))).toBe("storedReports");
      // The next task runs after any renewal the report started: on the same thread, none was.
      await pool.run("sampleShards", {} as never);
      expect(pool.threadIds).toEqual([warm]);

      expect(await pool.run("storedReports", rows(20))).toBe("storedReports");
      await pool.run("sampleShards", {} as never);
      expect(pool.threadIds).toHaveLength(1);
      expect(pool.threadIds).not.toEqual([warm]);

      // The last step of a report by ranges likewise; a range is not the last step.
      const [afterReport] = pool.threadIds;
      expect(await pool.run("reportRange", rows(20))).toBe("reportRange");
      await pool.run("sampleShards", {} as never);
      expect(pool.threadIds).toEqual([afterReport]);
      expect(await pool.run("reportMerge", rows(20))).toBe("reportMerge");
      await pool.run("sampleShards", {} as never);
      expect(pool.threadIds).not.toEqual([afterReport]);
    } finally {
      threads.close();
      await pool.destroy();
    }
  }, 60_000);

  it("stops a large task that waits for its turn when its signal aborts, and passes the turn on", async () => {
    const threads = watchHeldThreads();
    const pool = new EnginePool(2, held, 60_000, Number.POSITIVE_INFINITY, 1);
    try {
      const first = pool.run("writeOfflineShardBytes", {} as never);
      const stopped = new AbortController();
      const waiting = pool.run("writeOfflineShardBytes", {} as never, stopped.signal);
      const next = pool.run("storedReports", {} as never);
      await expect.poll(() => pool.largeTasksWaiting).toBe(2);
      stopped.abort(new Error("job cancelled"));
      await expect(waiting).rejects.toThrow("job cancelled");
      expect(pool.largeTasksWaiting).toBe(1);
      threads.release();
      expect(await Promise.all([first, next])).toEqual(["writeOfflineShardBytes", "storedReports"]);
      await expect.poll(() => threads.started).toEqual(["started writeOfflineShardBytes", "started storedReports"]);
    } finally {
      threads.close();
      await pool.destroy();
    }
  }, 60_000);
});

/** Each thread of this process by id, with its niceness (field 19 of its stat line). */
function threadNiceness(): Map<string, number> {
  return new Map(readdirSync("/proc/self/task").map((thread) => [thread, Number(readFileSync(`/proc/self/task/${thread}/stat`, "utf8").split(") ")[1]?.split(" ")[16])]));
}

describe("the engine pool's priority", () => {
  it.skipIf(!existsSync("/proc/thread-self"))("runs its threads niced, so that on busy cores they yield to the thread that answers HTTP", async () => {
    const before = threadNiceness();
    const pool = new EnginePool(1);
    try {
      await pool.run("sampleShards", { blueprint: BLUEPRINT, count: 10, seed: 3 });
      const started = [...threadNiceness()].filter(([thread]) => !before.has(thread));
      const thisThread = threadNiceness().get(readlinkSync("/proc/thread-self").split("/").pop() as string) as number;
      expect(started.length).toBeGreaterThan(0);
      expect(started.filter(([, niceness]) => niceness === Math.min(19, thisThread + Number(process.env.DRAMATIS_ENGINE_NICENESS ?? 10))).length).toBeGreaterThan(0);
    } finally {
      await pool.destroy();
    }
  }, 60_000);
});
