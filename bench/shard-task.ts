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
 *   `writeOfflineShardBytes` stringifies the whole shard and encodes it (the same bytes);
 * - `main-digest`: as `main-json`, the digest made batch by batch as the batches land
 *   (`writeShardJson`'s `digest`) instead of from every persona's fields kept to the shard's end.
 *
 * With `--transfer`, a thread moves the buffers of its answer's bytes to the main thread instead of
 * having them copied (what an engine pool's thread would do returning `Tinypool.move`d bytes).
 *
 * Two shards of another seed warm up first. Prints one JSON line per mode: CPU seconds per 1,000
 * personas of the process, of its main thread, of the engine thread (thread modes) and of the
 * other threads (the collector's helpers, the loader), and the thread's young generation size.
 *
 * With `--store`, the shards' bytes are then stored in a Postgres server this script starts, as the
 * workers store them (`JobRepository.storeBatch`: one transaction, the personas cast to `json`), and
 * into scratch tables that differ in one thing each, alternating: what a shard costs the worker's
 * main thread and Postgres besides the engine thread (bench:scale's per-1,000 figures, without the
 * queue's statements): `storeBatch`; `json` (the same insert without the transaction and the count);
 * `text` (the personas column as text: Postgres does not check the JSON); `text-lz4` (and the digest
 * compressed by lz4 instead of pglz).
 *
 * Usage: `node --import tsx bench/shard-task.ts [count] [--mode thread|thread-sources|main|main-copy|main-json|main-digest]…
 * [--young MB] [--prompt "…"] [--transfer] [--store]` (default 20,000 personas of the League prompt, every mode in turn).
 */
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { hashSeed } from "../src/engine/rng.ts";
import { OfflineModeller, OfflineWriter } from "../src/offline/index.ts";
import { checkedBlueprint } from "../src/engine/blueprint-check.ts";
import { ENGINE_THREAD_ENTRY, engineThreadUrl } from "../src/workers/engine-bundle.ts";
import { digestJsonOf, sampleShards, type WriteShardInput } from "../src/workers/engine-tasks.ts";
import { writeOfflineShardBytes } from "../src/workers/whole-population-task.ts";
import { POPULATION_SHARD_SIZE } from "../src/pipeline/shards.ts";
import { writeOfflineShardJson } from "../src/workers/whole-population-task.ts";
import pg from "pg";
import { startPostgres } from "../test/helpers/postgres.ts";
import { openStore } from "../src/store/database.ts";
import { accounts, populations } from "../src/store/schema.ts";
import { JobRepository } from "../src/store/jobs.ts";
import { postgresCpuSeconds } from "./process-cpu.ts";
import { sampledShard } from "../src/pipeline/shards.ts";
import { writeShardJson } from "../src/pipeline/shard-json.ts";
import { writingBatchSize } from "../src/pipeline/generate.ts";
import { encodeShardDigest, type ShardDigest } from "../src/engine/quality/report-digest.ts";

type Mode = "thread" | "thread-sources" | "main" | "main-copy" | "main-json" | "main-digest";
const MODES: Mode[] = ["thread", "thread-sources", "main", "main-copy", "main-json", "main-digest"];

function argumentValues(flag: string): string[] {
  return process.argv.flatMap((argument, position) => (argument === flag && process.argv[position + 1] !== undefined ? [process.argv[position + 1] as string] : []));
}

const count = Number(process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : 20_000);
const prompt = argumentValues("--prompt")[0] ?? "League of Legends players from around the globe";
const modes = (argumentValues("--mode").length > 0 ? argumentValues("--mode") : MODES) as Mode[];
const young = argumentValues("--young")[0];
const SEED = 20261130;
const encoder = new TextEncoder();
const offlineWriter = new OfflineWriter();

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
    workerData: { entry: entry.href, transfer: process.argv.includes("--transfer") },
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
    } else if (mode === "main-digest") {
      const shard = { prompt: own.prompt, count: own.count, seed: own.seed, blueprint: own.blueprint, start: own.start, structured: sampledShard(own.blueprint, own.seed, own.start, own.structuredJson) };
      const { digest } = await writeShardJson(shard, offlineWriter, { batchSize: writingBatchSize(offlineWriter, own.count), digest: true });
      encoder.encode(encodeShardDigest(digest as ShardDigest));
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

if (process.argv.includes("--store")) {
  const shardBytes = [];
  for (const input of shards) shardBytes.push(await writeOfflineShardBytes(input));
  await storeShards(shardBytes);
}

/** The shards' bytes stored as the workers store them, and into scratch tables that each differ in one thing (see the header). */
async function storeShards(shardBytes: Awaited<ReturnType<typeof writeOfflineShardBytes>>[]): Promise<void> {
  const server = await startPostgres();
  const url = await server.createDatabase("shard_task");
  const port = new URL(url).port;
  const store = await openStore({ databaseUrl: url });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [account] = await store.db.insert(accounts).values({ name: "bench" }).returning({ id: accounts.id });
    const jobs = new JobRepository(store.db);
    const scratch = { json: "personas json", text: "personas text", "text-lz4": "personas text" } as const;
    for (const [table, personas] of Object.entries(scratch)) {
      await client.query(`CREATE TABLE "${table}" (population integer, start_index integer, ${personas} NOT NULL, fields text, digest text, PRIMARY KEY (population, start_index))`);
      // As migration 0010 has it for population_batches: lz4 for the personas and their fields.
      await client.query(`ALTER TABLE "${table}" ALTER COLUMN personas SET COMPRESSION lz4, ALTER COLUMN fields SET COMPRESSION lz4${table === "text-lz4" ? ", ALTER COLUMN digest SET COMPRESSION lz4" : ""}`);
    }
    const ways = ["storeBatch", ...Object.keys(scratch)];
    const spent = new Map(ways.map((way) => [way, { main: 0, postgres: 0, shards: 0 }]));
    for (let round = 0; round < 2 * ways.length; round++) {
      // Each way in turn first: the server's background work (checkpoints, autovacuum) falls on each alike.
      for (const way of [...ways.slice(round % ways.length), ...ways.slice(0, round % ways.length)]) {
        const population = crypto.randomUUID();
        if (way === "storeBatch") await store.db.insert(populations).values({ id: population, accountId: account!.id, prompt, count, seed: SEED });
        const mainBefore = mainCpu();
        const postgresBefore = postgresCpuSeconds(port);
        for (const [index, bytes] of shardBytes.entries()) {
          if (way === "storeBatch") await jobs.storeBatch(population, index * POPULATION_SHARD_SIZE, bytes, bytes.fieldsJson, bytes.digestJson);
          else await client.query(`INSERT INTO "${way}" VALUES ($1, $2, $3::${scratch[way as keyof typeof scratch].split(" ")[1]}, $4::text, $5::text)`, [round, index, bytes.json, bytes.fieldsJson, bytes.digestJson].map((value) => (value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value)));
        }
        const totals = spent.get(way)!;
        totals.main += mainCpu() - mainBefore;
        totals.postgres += postgresCpuSeconds(port) - postgresBefore;
        totals.shards += shardBytes.length;
      }
    }
    const perShard = (seconds: number, shards: number) => Number(((1000 * seconds) / shards).toFixed(1));
    for (const [way, totals] of spent) {
      // What a stored shard takes on disk (the row and its TOAST), so a cheaper way is not a bigger one unseen.
      const table = way === "storeBatch" ? "population_batches" : way;
      const { rows } = await client.query(`SELECT pg_total_relation_size('"${table}"') / count(*) AS bytes FROM "${table}"`);
      console.log(JSON.stringify({ store: way, prompt, shards: totals.shards, cpuMsPerShard: { main: perShard(totals.main, totals.shards), postgres: perShard(totals.postgres, totals.shards) }, storedKbPerShard: Math.round(Number(rows[0].bytes) / 1024) }));
    }
  } finally {
    await client.end();
    await store.close();
    server.stop();
  }
}
