/**
 * A population small enough to be one shard, made whole in one worker-thread task: design (offline
 * modeller, or the blueprint given), sampling, writing, rendering and the reports. A backlog of
 * small generates is bounded by what each one costs besides the engine itself (queue jobs, thread
 * hops, statements), so such a population is one queue job, one thread task and one write
 * (`jobs/workers.ts`), instead of a designing job, a shard job and the reports read back from the
 * store.
 *
 * It is `generatePopulation`, the function every other path is compared with, so the bytes are the
 * same as the sharded path's for any population of up to one shard.
 *
 * Also the thread tasks whose output the main thread sends to a Postgres server as bytes.
 */
import type { Blueprint } from "../engine/blueprint.ts";
import type { DesignRequest, Grounding, Modeller } from "../engine/ports.ts";
import { generatePopulation, populationBlueprint } from "../pipeline/generate.ts";
import { UsageTally } from "../pipeline/usage.ts";
import { writeShardJson, type ShardJson } from "../pipeline/shard-json.ts";
import { writingBatchSize, type PopulationShard } from "../pipeline/generate.ts";
import { sampledShard } from "../pipeline/shards.ts";
import { encodeShardDigest } from "../engine/quality/report-digest.ts";
import { sampleShards, type SampleShardsInput, type WriteShardInput } from "./engine-tasks.ts";
import { OfflineModellerOnUse, OfflineWriterOnUse } from "./offline-parts.ts";

export interface WholePopulationInput {
  prompt: string;
  count: number;
  grounding: Grounding;
  seed: number;
  /** The caller's blueprint, sampled as it is (no design). */
  blueprint?: Blueprint;
  /** The personas' JSON as UTF-8 bytes rather than text (see `ShardBytes`). */
  bytes?: boolean;
}

export interface WholePopulationOutput {
  /** The personas as JSON text, or its UTF-8 bytes (the main thread stores it as it is, never parsing it). */
  personas: { json: string | Uint8Array; size: number };
  /** The population's result without its personas: blueprint, then the reports, in the spec's order. */
  result: Record<string, unknown>;
}

/**
 * The offline modeller's designs, the last `capacity` by prompt and grounding, in this thread. A
 * backlog of one-persona jobs often repeats a prompt with another seed (a game spawning characters
 * of one kind), and each job designed it again: understanding the prompt, composing and parsing
 * the blueprint were most of such a job's engine time. The offline design reads only the prompt and
 * the grounding: the request's seed only becomes the blueprint's `seed` (set here as the modeller
 * sets it, and again by the pipeline), and the count is not read (whole-population-task.test.ts
 * checks both, so a design that starts reading them fails there before it is remembered wrongly).
 * The remembered blueprint is shared by the jobs that use it: blueprints are values, never changed
 * in place.
 */
export class RememberedDesigns implements Modeller {
  readonly name: string;
  private readonly designs = new Map<string, Blueprint>();

  constructor(
    private readonly modeller: Modeller,
    private readonly capacity = 64,
  ) {
    this.name = modeller.name;
  }

  async design(request: DesignRequest): Promise<Blueprint> {
    // Evidence is never given to the offline modeller (it has no search); a request with some is designed afresh.
    if (request.evidence) return this.modeller.design(request);
    const key = JSON.stringify([request.prompt, request.grounding]);
    let designed = this.designs.get(key);
    if (designed) this.designs.delete(key);
    else designed = await this.modeller.design(request);
    // Most recently used last: the first is the one to forget.
    this.designs.set(key, designed);
    if (this.designs.size > this.capacity) this.designs.delete(this.designs.keys().next().value as string);
    return { ...designed, seed: request.seed | 0 };
  }
}

/**
 * Made once per thread: neither keeps anything between populations but the designs above. The
 * offline code is imported by the first task that uses them: the main thread imports this module
 * too (the pool's task table, for 0 threads) and, with threads, never runs these tasks.
 */
const providers = { modeller: new RememberedDesigns(new OfflineModellerOnUse()), writer: new OfflineWriterOnUse() };

/**
 * What a thread's warm-up makes and throws away: a prompt of our own, not one a job is likely to
 * send, so that no job finds its design remembered because of it.
 */
const WARM_UP_REQUEST = { prompt: "Teachers in Lisbon", count: 2, grounding: "off", seed: 1 } as const;
let warmedUp: Promise<boolean> | undefined;

/**
 * Readies this thread for its first job before a job needs it: a thread's first population built
 * the offline knowledge (the data files read, checked and indexed) and compiled the engine's code,
 * ~0.9 CPU-s that the jobs fetched first waited for (8 of them per thread). Makes one population
 * of two personas with a modeller of its own, so the designs remembered for jobs stay as they were
 * (and so do their bytes: whole-population-task.test.ts). Once per thread; true when this call
 * did the work. A warm-up that fails only leaves the work to the first job, which then fails on
 * its own if the failure was not the warm-up's.
 */
export function warmUp(): Promise<boolean> {
  if (warmedUp) return warmedUp.then(() => false);
  warmedUp = (async () => {
    try {
      const { personas } = await generatePopulation(WARM_UP_REQUEST, { modeller: new OfflineModellerOnUse(), writer: providers.writer });
      utf8(JSON.stringify(personas));
    } catch {
      // See above: the first job does the work instead.
    }
    return true;
  })();
  return warmedUp;
}

export async function wholePopulation({ blueprint, bytes = false, ...input }: WholePopulationInput): Promise<WholePopulationOutput> {
  const { personas, ...result } = await generatePopulation(input, providers, blueprint ? { blueprint } : {});
  const json = JSON.stringify(personas);
  return { personas: { json: bytes ? utf8(json) : json, size: personas.length }, result };
}

export interface DesignedShards {
  /** The blueprint designed (or the one given), checked samplable, with the request's seed. */
  blueprint: Blueprint;
  /** Each shard's structured fields, as `sampleShards` (or, with `bytes`, `sampleShardsBytes`) gives them. */
  structured: string[] | Uint8Array[];
}

/**
 * A sharded population's blueprint, designed by the offline modeller, and its structured fields cut
 * into shards: one task, so the design never runs on the thread that answers HTTP (the first design
 * a thread makes builds the offline knowledge, seconds of work) and the blueprint crosses once.
 */
export async function designAndSampleShards({ blueprint: given, bytes = false, ...input }: WholePopulationInput): Promise<DesignedShards> {
  const signal = new AbortController().signal;
  const blueprint = await populationBlueprint(input, providers, { usage: new UsageTally(), signal, ...(given ? { blueprint: given } : {}) });
  const sampling = { blueprint, count: input.count, seed: input.seed };
  return { blueprint, structured: bytes ? sampleShardsBytes(sampling) : sampleShards(sampling) };
}

/**
 * An offline shard task's personas (`writeOfflineShard`'s, the same bytes): sampled from its quota,
 * written by the offline writer and rendered, as JSON bytes, with the ids and fields the digest reads.
 */
export async function writeOfflineShardJson(input: WriteShardInput, digest = false): Promise<ShardJson> {
  const structured = sampledShard(input.blueprint, input.seed, input.start, input.structuredJson);
  const shard: PopulationShard = { prompt: input.prompt, count: input.count, seed: input.seed, blueprint: input.blueprint, start: input.start, structured };
  return writeShardJson(shard, providers.writer, { batchSize: writingBatchSize(providers.writer, input.count), digest });
}

/**
 * A shard written by `writeOfflineShardJson`, its personas' and fields' JSON as UTF-8 bytes: what a
 * Postgres server is sent (as a binary parameter, the same text). A shard's JSON is 3–8 MB of
 * string that the main thread only passes on; as a string copied into the main thread's heap it
 * stays there until a full collection (measured in a worker storing 20 shards: the main thread's
 * heap grew from 120 to 280 MB, live 80), while bytes live outside it and go with their small
 * wrapper at the next minor one (the heap stayed at 95 MB, the process's peak 130 MB lower).
 */
export interface ShardBytes {
  json: Uint8Array;
  size: number;
  fieldsJson: Uint8Array;
  /** The shard's digest for the reports (report-digest.ts). */
  digestJson: Uint8Array;
}

export async function writeOfflineShardBytes(input: WriteShardInput): Promise<ShardBytes> {
  // The digest made as the batches land: no persona's fields kept to the shard's end for it
  // (kept, they survived every scavenge and were promoted: V8's helpers' CPU).
  const { json, size, fieldsJson, digest } = await writeOfflineShardJson(input, true);
  if (!digest) throw new Error("the shard's digest was not made");
  return { json, size, fieldsJson, digestJson: utf8(encodeShardDigest(digest)) };
}

/** Each shard's structured fields as `sampleShards` gives them, as UTF-8 bytes (a population of 1,000,000 is ~120 MB of it). */
export function sampleShardsBytes(input: SampleShardsInput): Uint8Array[] {
  return sampleShards(input).map(utf8);
}

const encoder = new TextEncoder();

/** Bytes of their own (a small `Buffer` would share, and so be copied to the main thread with, a pooled 8 KB slab). */
function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export const WHOLE_POPULATION_TASKS = { wholePopulation, designAndSampleShards, writeOfflineShardBytes, sampleShardsBytes, warmUp } as const;
