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
 */
import type { Blueprint } from "../engine/blueprint.ts";
import type { Grounding } from "../engine/ports.ts";
import { OfflineModeller, OfflineWriter } from "../offline/index.ts";
import { generatePopulation } from "../pipeline/generate.ts";

export interface WholePopulationInput {
  prompt: string;
  count: number;
  grounding: Grounding;
  seed: number;
  /** The caller's blueprint, sampled as it is (no design). */
  blueprint?: Blueprint;
}

export interface WholePopulationOutput {
  /** The personas as JSON text (the main thread stores it as it is, never parsing it). */
  personas: { json: string; size: number };
  /** The population's result without its personas: blueprint, then the reports, in the spec's order. */
  result: Record<string, unknown>;
}

/** Made once per thread: neither keeps anything between populations. */
const providers = { modeller: new OfflineModeller(), writer: new OfflineWriter() };

export async function wholePopulation({ blueprint, ...input }: WholePopulationInput): Promise<WholePopulationOutput> {
  const { personas, ...result } = await generatePopulation(input, providers, blueprint ? { blueprint } : {});
  return { personas: { json: JSON.stringify(personas), size: personas.length }, result };
}

export const WHOLE_POPULATION_TASKS = { wholePopulation } as const;
