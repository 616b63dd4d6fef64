/**
 * The CPU-bound steps of a population, as tasks a worker thread runs (`engine-pool.ts`): sampling the
 * whole population into its shards, writing and rendering one shard with the offline writer, and
 * the reports. Inputs and outputs cross the thread boundary as JSON text wherever they are big, so
 * neither side spends its time copying object graphs and the main thread never parses a shard.
 */
import type { Blueprint } from "../engine/blueprint.ts";
import type { SampledValues } from "../engine/persona.ts";
import type { PersonaFields } from "../engine/quality/similarity.ts";
import { OfflineWriter } from "../offline/index.ts";
import { populationReports, samplePopulation, writeShard, writingBatchSize, type PopulationReports } from "../pipeline/generate.ts";
import { shardRanges } from "../pipeline/shards.ts";

export interface SampleShardsInput {
  blueprint: Blueprint;
  count: number;
  seed: number;
}

/** Each shard's structured fields as JSON text, in shard order. */
export function sampleShards({ blueprint, count, seed }: SampleShardsInput): string[] {
  const structured = samplePopulation(blueprint, count, seed);
  return shardRanges(count).map((range) => JSON.stringify(structured.slice(range.start, range.start + range.size)));
}

export interface WriteShardInput {
  prompt: string;
  count: number;
  seed: number;
  blueprint: Blueprint;
  start: number;
  /** The shard's structured fields, as `sampleShards` gave them. */
  structuredJson: string;
}

/** Made once per thread: the offline writer keeps nothing between sessions. */
const offlineWriter = new OfflineWriter();

/** The shard's personas as JSON text, written by the offline writer. */
export async function writeOfflineShard(input: WriteShardInput): Promise<{ json: string; size: number }> {
  const structured = JSON.parse(input.structuredJson) as SampledValues[];
  const shard = { prompt: input.prompt, count: input.count, seed: input.seed, blueprint: input.blueprint, start: input.start, structured };
  const personas = await writeShard(shard, offlineWriter, { batchSize: writingBatchSize(offlineWriter, input.count) });
  return { json: JSON.stringify(personas), size: personas.length };
}

export interface ReportsInput {
  blueprint: Blueprint;
  seed: number;
  /** The personas' ids and fields, one JSON array text per stored row, in persona order. */
  fieldsJson: readonly string[];
}

export function reports({ blueprint, seed, fieldsJson }: ReportsInput): PopulationReports {
  const personas: PersonaFields[] = [];
  for (const text of fieldsJson) for (const persona of JSON.parse(text) as PersonaFields[]) personas.push(persona);
  return populationReports(blueprint, personas, seed);
}

export const ENGINE_TASKS = { sampleShards, writeOfflineShard, reports } as const;
export type EngineTaskName = keyof typeof ENGINE_TASKS;
