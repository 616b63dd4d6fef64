/**
 * The shard task alone (`writeOfflineShardBytes`: sample a shard from its quota, write, render, its
 * JSON, fields and digest), as bench:scale's worker processes run it on Postgres, in one of four
 * ways, so the CPU of each can be compared in one process or back to back:
 *
 * - `thread`: in a worker thread started from the engine bundle (`engine-bundle.ts`), the input
 *   crossing the thread boundary as an engine pool sends it (the blueprint as an object);
 * - `thread-sources`: the same thread started from the sources through tsx;
 * - `main`: in this thread, every shard given the same blueprint object (a warm process);
 * - `main-copy`: in this thread, each shard given its own copy of the blueprint, as a thread
 *   receives it (a structured clone per task);
 * - `main-json`: as `main-copy`, the shard's bytes written persona by persona as its batches land
 *   (`writeOfflineShardJson`, shard-json.ts) and its digest made from the ids and fields kept, where
 *   `writeOfflineShardBytes` stringifies the whole shard and encodes it (the same bytes).
 *
 * Two shards of another seed warm up first. Prints one JSON line per mode: CPU seconds per 1,000
 * personas of the process, of its main thread, of the engine thread (thread modes) and of the
 * other threads (the collector's helpers, the loader), and the thread's young generation size.
 *
 * Usage: `node --import tsx bench/shard-task.ts [count] [--mode thread|thread-sources|main|main-copy|main-json]…
 * [--young MB] [--prompt "…"]` (default 20,000 personas of the League prompt, every mode in turn).
 */
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { hashSeed } from "../src/engine/rng.ts";
import { OfflineModeller } from "../src/offline/index.ts";
import { checkedBlueprint } from "../src/engine/blueprint-check.ts";
import { ENGINE_THREAD_ENTRY, engineThreadUrl } from "../src/workers/engine-bundle.ts";
import { digestJsonOf, sampleShards, type WriteShardInput } from "../src/workers/engine-tasks.ts";
import { writeOfflineShardBytes } from "../src/workers/whole-population-task.ts";
import { POPULATION_SHARD_SIZE } from "../src/pipeline/shards.ts";
import { writeOfflineShardJson } from "../src/workers/whole-population-task.ts";

type Mode = "thread" | "thread-sources" | "main" | "main-copy" | "main-json";
const MODES: Mode[] = ["thread", "thread-sources", "main", "main-copy", "main-json"];

function argumentValues(flag: string): string[] {
  return process.argv.flatMap((argument, position) => (argument === flag && process.argv[position + 1] !== undefined ? [process.argv[position + 1] as string] : []));
}

const count = Number(process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : 20_000);
const prompt = argumentValues("--prompt")[0] ?? "League of Legends players from around the globe";
const modes = (argumentValues("--mode").length > 0 ? argumentValues("--mode") : MODES) as Mode[];
const young = argumentValues("--young")[0];
const SEED = 20261130;
const encoder = new TextEncoder();

function threadCpu(file: string): number {
  try {
    const fields = readFileSync(file, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
const processCpu = (): number => threadCpu("/proc/self/stat");
const mainCpu = (): number => threadCpu(`/proc/self/task/${process.pid}/stat`);

/** The inputs of a population's shards, as the queue's workers build them. */
async function shardInputs(seed: number, size: number): Promise<WriteShardInput[]> {
  const blueprint = checkedBlueprint({ ...(await new OfflineModeller().design({ prompt, count: size, grounding: "off", seed: hashSeed(seed, "design") })), seed });
  return sampleShards({ blueprint, count: size, seed }).map((structuredJson, index) => ({ prompt, count: size, seed, blueprint, start: index * POPULATION_SHARD_SIZE, structuredJson }));
}

interface ThreadAnswer {
  threadCpuSeconds: number;
  newSpaceMb: number;
}

async function startThread(entry: URL): Promise<{ run: (input: WriteShardInput) => Promise<ThreadAnswer>; end: () => Promise<number> }> {
  const worker = new Worker(new URL("./shard-task-thread.mjs", import.meta.url), {
    workerData: { entry: entry.href },
    ...(young ? { resourceLimits: { maxYoungGenerationSizeMb: Number(young) } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  return {
    run: (input) =>
      new Promise((resolve, reject) => {
        worker.once("message", (message: ThreadAnswer & { answer: { failure?: { message: string } } }) => (message.answer.failure ? reject(new Error(message.answer.failure.message)) : resolve(message)));
        worker.postMessage({ task: "writeOfflineShardBytes", input });
      }),
    end: () => worker.terminate(),
  };
}

const warmUp = await shardInputs(SEED + 1, 2 * POPULATION_SHARD_SIZE);
const shards = await shardInputs(SEED, count);
for (const mode of modes) {
  const thread = mode.startsWith("thread") ? await startThread(mode === "thread" ? await engineThreadUrl(ENGINE_THREAD_ENTRY) : ENGINE_THREAD_ENTRY) : undefined;
  const runShard = async (input: WriteShardInput): Promise<ThreadAnswer | undefined> => {
    if (thread) return thread.run(input);
    const own = mode === "main" ? input : { ...input, blueprint: structuredClone(input.blueprint) };
    if (mode === "main-json") {
      const { fields } = await writeOfflineShardJson(own);
      encoder.encode(digestJsonOf(fields, own.blueprint));
    } else await writeOfflineShardBytes(own);
    return undefined;
  };
  for (const input of warmUp) await runShard(input);
  const processBefore = processCpu();
  const mainBefore = mainCpu();
  let engineThread = 0;
  let newSpaceMb = 0;
  for (const input of shards) {
    const answer = await runShard(input);
    engineThread += answer?.threadCpuSeconds ?? 0;
    newSpaceMb = Math.max(newSpaceMb, answer?.newSpaceMb ?? 0);
  }
  const processSeconds = processCpu() - processBefore;
  const mainSeconds = mainCpu() - mainBefore;
  await thread?.end();
  const perThousand = (seconds: number) => Number(((seconds * 1000) / count).toFixed(4));
  const engine = thread ? engineThread : mainSeconds;
  console.log(
    JSON.stringify({
      mode,
      prompt,
      count,
      ...(young ? { youngMb: Number(young) } : {}),
      perThousand: { process: perThousand(processSeconds), main: perThousand(thread ? mainSeconds : 0), engine: perThousand(engine), others: perThousand(processSeconds - mainSeconds - (thread ? engineThread : 0)) },
      ...(thread ? { newSpaceMb: Number(newSpaceMb.toFixed(1)) } : {}),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}
