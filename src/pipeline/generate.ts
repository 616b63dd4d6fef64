/**
 * prompt ─► blueprint (modeller) ─► structured fields (sampler) ─► text fields (writer)
 *        ─► system_prompt + markdown (renderer) ─► diversity + marginals (quality)
 *
 * The same function serves the job worker, the CLI and the benchmark. Everything it does is
 * deterministic for `seed`: the modeller and writer get derived seeds, the sampler its own.
 */
import type { Blueprint } from "../engine/blueprint.ts";
import { hashSeed } from "../engine/rng.ts";
import { personaId, type Persona, type PopulationResult, type SampledValues } from "../engine/persona.ts";
import type { Grounding, Modeller, Writer } from "../engine/ports.ts";
import { assertSamplable } from "../engine/blueprint-check.ts";
import { sampleStructured } from "../engine/sampler.ts";
import { renderPersona } from "../engine/render.ts";
import { computeMarginals } from "../engine/quality/marginals.ts";
import { computeDiversity } from "../engine/quality/diversity.ts";
import { formatNumber } from "../engine/constraints.ts";

export interface GenerateInput {
  prompt: string;
  count: number;
  grounding: Grounding;
  seed: number;
}

export interface GenerateProgress {
  phase: "designing" | "generating" | "complete";
  produced: number;
  total: number;
}

export interface GenerateDependencies {
  modeller: Modeller;
  writer: Writer;
}

export interface GenerateOptions {
  /** Called after the blueprint is made and after every batch; awaited, so it can persist progress. */
  onProgress?: (progress: GenerateProgress) => Promise<void> | void;
  /** Personas written per writer call (an LLM writer batches several personas per request). */
  batchSize?: number;
  signal?: AbortSignal;
}

/** At most this many personas per batch, and about this many batches per population, so progress moves. */
const MAX_BATCH_SIZE = 200;
const TARGET_BATCHES = 20;

export async function generatePopulation(
  input: GenerateInput,
  dependencies: GenerateDependencies,
  options: GenerateOptions = {},
): Promise<PopulationResult> {
  const { prompt, count, grounding, seed } = input;
  const report = options.onProgress ?? (() => undefined);
  await report({ phase: "designing", produced: 0, total: count });

  const designed = await dependencies.modeller.design({ prompt, count, grounding, seed: hashSeed(seed, "design") });
  const blueprint: Blueprint = { ...designed, seed };
  assertSamplable(blueprint);

  const structured = sampleStructured(blueprint, count, hashSeed(seed, "sample"));
  await report({ phase: "generating", produced: 0, total: count });

  const session = dependencies.writer.begin({ prompt, blueprint, seed: hashSeed(seed, "write"), count });
  const batchSize = Math.max(1, options.batchSize ?? Math.min(MAX_BATCH_SIZE, Math.ceil(count / TARGET_BATCHES)));
  const personas: Persona[] = [];
  for (let start = 0; start < count; start += batchSize) {
    options.signal?.throwIfAborted();
    const batch = structured.slice(start, start + batchSize);
    const texts = await session.writeBatch(batch, start);
    batch.forEach((values, offset) => {
      const index = start + offset;
      const fields = toFieldStrings(blueprint, values, texts[offset] ?? {});
      const id = personaId(index, count);
      personas.push({ persona_id: id, fields, ...renderPersona(blueprint, fields, id, { prompt }) });
    });
    await report({ phase: "generating", produced: personas.length, total: count });
  }

  const result: PopulationResult = { personas, blueprint };
  if (count > 1) {
    result.diversity = computeDiversity(personas, blueprint, { seed: hashSeed(seed, "diversity") });
    result.marginals = computeMarginals(blueprint, personas);
  }
  await report({ phase: "complete", produced: count, total: count });
  return result;
}

/** Every declared field, in declaration order, as a string (the spec's `fields` are always strings). */
export function toFieldStrings(blueprint: Blueprint, values: SampledValues, texts: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const field of blueprint.fields) {
    const value = field.kind === "text" ? texts[field.name] : values[field.name];
    if (value === undefined) continue;
    fields[field.name] = typeof value === "number" ? formatNumber(value) : value;
  }
  return fields;
}
