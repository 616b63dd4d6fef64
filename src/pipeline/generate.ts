/**
 * prompt ─► blueprint (modeller) ─► structured fields (sampler) ─► text fields (writer)
 *        ─► system_prompt + markdown (renderer) ─► diversity + marginals (quality)
 *
 * The same function serves the job worker, the CLI and the benchmark. Everything it does is
 * deterministic for `seed`: the modeller and writer get derived seeds, the sampler its own. (A
 * model-backed writer's texts are not, but the structured fields still are.)
 *
 * With `evidence` sources (the model-backed configuration), evidence is gathered first, handed to
 * the modeller, and `blueprint.sources` is set here from what was actually retrieved (see
 * evidence.ts). Without them, the modeller's own `sources` stand (the offline modeller cites its
 * built-in data).
 *
 * Resuming: a model-backed population pays for every call, so a retried job hands back what its
 * earlier attempt stored (`blueprint`, `writtenBatches`) and only the missing batches are written.
 * The structured fields are sampled again from the seed and come out the same, which is checked
 * before a stored batch is reused.
 */
import { setMaxListeners } from "node:events";
import type { Blueprint } from "../engine/blueprint.ts";
import { hashSeed } from "../engine/rng.ts";
import { personaId, type Persona, type PopulationResult, type SampledValues } from "../engine/persona.ts";
import type { EvidenceSource, Grounding, Modeller, ModelUsage, UsageRecorder, Writer, WritingContext } from "../engine/ports.ts";
import { assertSamplable } from "../engine/blueprint-check.ts";
import { sampleStructured } from "../engine/sampler.ts";
import { renderPersona } from "../engine/render.ts";
import { computeMarginals } from "../engine/quality/marginals.ts";
import { computeDiversity } from "../engine/quality/diversity.ts";
import { computeFidelity } from "../engine/quality/fidelity.ts";
import { formatNumber } from "../engine/constraints.ts";
import { gatherEvidence, groundedSources, type GatheredEvidence } from "./evidence.ts";
import { UsageTally } from "./usage.ts";

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
  /**
   * Where evidence comes from (built-in domain data, search). Present, even empty, means the
   * pipeline grounds the blueprint and writes its `sources`; absent leaves them to the modeller.
   */
  evidence?: readonly EvidenceSource[];
}

export interface GenerateOptions {
  /** Called after the blueprint is made and after every batch; awaited, so it can persist progress. */
  onProgress?: (progress: GenerateProgress) => Promise<void> | void;
  /** Personas written per writer call; default the writer's `maxBatchSize`, else about 20 batches. */
  batchSize?: number;
  signal?: AbortSignal;
  /** Also receives every model call's usage as it happens (so a failed job's cost is known too). */
  usage?: UsageRecorder;
  /** Called with each batch's rendered personas as it lands (in landing order), e.g. to store them. */
  onBatch?: (personas: readonly Persona[], startIndex: number) => Promise<void> | void;
  /**
   * A blueprint designed earlier for this request (a retried job's checkpoint, a cached design): used
   * as it is instead of gathering evidence and designing, with this request's `seed`.
   */
  blueprint?: Blueprint;
  /**
   * Called once a blueprint has been designed (not when one was given), e.g. to checkpoint or cache
   * it. `lasting` is false when search was asked for and failed: worth checkpointing, not caching.
   */
  onBlueprint?: (blueprint: Blueprint, design: { lasting: boolean }) => Promise<void> | void;
  /**
   * Batches an earlier attempt stored, by the index of their first persona. One whose size and
   * structured fields match what this run samples is used instead of being written again; its texts
   * are shown to the writer's session (`WritingContext.written`) so names stay unique.
   */
  writtenBatches?: ReadonlyMap<number, readonly Persona[]>;
}

/** The population, and what its model calls cost (only when a model was called). */
export type GenerateResult = PopulationResult & { usage?: ModelUsage };

/** Listeners the job's signal may have before Node warns: far above what the batches in flight use. */
const SIGNAL_LISTENERS = 200;

/** At most this many personas per batch, and about this many batches per population, so progress moves. */
const MAX_BATCH_SIZE = 200;
const TARGET_BATCHES = 20;

export async function generatePopulation(
  input: GenerateInput,
  dependencies: GenerateDependencies,
  options: GenerateOptions = {},
): Promise<GenerateResult> {
  const { prompt, count, grounding, seed } = input;
  const report = options.onProgress ?? (() => undefined);
  const usage = new UsageTally(options.usage);
  await report({ phase: "designing", produced: 0, total: count });

  // One failing batch stops the others (and their model calls) instead of letting them run on.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // Every model call in flight or waiting for the limiter listens to this one signal (a few
  // listeners each, 8 batches at once): more than Node's default warning threshold of 10, not a leak.
  setMaxListeners(SIGNAL_LISTENERS, signal);

  let blueprint: Blueprint;
  let grounded: GatheredEvidence | undefined;
  if (options.blueprint) blueprint = { ...options.blueprint, seed };
  else {
    if (dependencies.evidence) grounded = await gatherEvidence(dependencies.evidence, { prompt, count, grounding, usage, signal });
    const designed = await dependencies.modeller.design({
      prompt,
      count,
      grounding,
      seed: hashSeed(seed, "design"),
      ...(grounded ? { evidence: grounded.evidence } : {}),
      usage,
      signal,
    });
    blueprint = { ...designed, ...(grounded ? { sources: groundedSources(grounded) } : {}), seed };
  }
  assertSamplable(blueprint);
  if (!options.blueprint) await options.onBlueprint?.(blueprint, { lasting: !grounded?.searchFailed });

  const structured = sampleStructured(blueprint, count, hashSeed(seed, "sample"));
  const writer = dependencies.writer;
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? writer.maxBatchSize ?? Math.min(MAX_BATCH_SIZE, Math.ceil(count / TARGET_BATCHES))));
  const starts: number[] = [];
  for (let start = 0; start < count; start += batchSize) starts.push(start);
  const written: Persona[][] = new Array(starts.length);
  const reused = reusableBatches(blueprint, structured, starts, batchSize, options.writtenBatches ?? new Map());
  let produced = 0;
  for (const [start, personas] of reused) {
    written[start / batchSize] = [...personas];
    produced += personas.length;
  }
  await report({ phase: "generating", produced, total: count });

  const context: WritingContext = { prompt, blueprint, seed: hashSeed(seed, "write"), count, usage, signal };
  if (reused.size > 0) context.written = textsOf(blueprint, reused);
  const session = writer.begin(context);
  const toWrite = starts.map((start, position) => (reused.has(start) ? -1 : position)).filter((position) => position >= 0);
  let nextBatch = 0;
  // Stored and reported one after the other, in landing order, whatever lane they came from.
  let landing: Promise<void> = Promise.resolve();
  const finishBatch = async (position: number, texts: ReadonlyArray<Record<string, string>>): Promise<void> => {
    // Off the lane: its next call goes out first, so a batch's rendering and storing (CPU, the
    // store) overlap the model's next answer instead of delaying it.
    await new Promise((resolve) => setImmediate(resolve));
    const start = starts[position] as number;
    const personas = structured.slice(start, start + batchSize).map((values, offset) => {
      const index = start + offset;
      const fields = toFieldStrings(blueprint, values, texts[offset] ?? {});
      const id = personaId(index, count);
      return { persona_id: id, fields, ...renderPersona(blueprint, fields, id, { prompt, voiceSection: usage.calls > 0 }) };
    });
    written[position] = personas;
    landing = landing.then(async () => {
      produced += personas.length;
      await options.onBatch?.(personas, start);
      await report({ phase: "generating", produced, total: count });
    });
    await landing;
  };
  // Batches are taken in order; with `parallelBatches` 1 (offline) they also finish in order. A lane
  // keeps at most one batch unfinished: it waits for it before asking for the one after next.
  const writeBatches = async (): Promise<void> => {
    let finishing: Promise<void> | undefined;
    while (nextBatch < toWrite.length) {
      const position = toWrite[nextBatch++] as number;
      const start = starts[position] as number;
      signal.throwIfAborted();
      const texts = await session.writeBatch(structured.slice(start, start + batchSize), start);
      await finishing;
      finishing = finishBatch(position, texts);
      // A batch that cannot be stored stops the lanes (and their calls) at once.
      finishing.catch((error: unknown) => stop.abort(error));
    }
    await finishing;
  };
  const lanes = Math.max(1, Math.min(toWrite.length, Math.floor(writer.parallelBatches ?? 1)));
  try {
    await Promise.all(Array.from({ length: lanes }, writeBatches));
  } catch (error) {
    stop.abort(error);
    throw error;
  }
  const personas = written.flat();

  const result: GenerateResult = { personas, blueprint };
  if (count > 1) {
    result.diversity = computeDiversity(personas, blueprint, { seed: hashSeed(seed, "diversity") });
    result.marginals = computeMarginals(blueprint, personas);
    result.fidelity = computeFidelity(blueprint, personas);
  }
  if (usage.calls > 0) result.usage = usage.snapshot();
  await report({ phase: "complete", produced: count, total: count });
  return result;
}

/**
 * The stored batches this run can use, by start index: the size this run writes, the persona ids it
 * gives, and exactly the structured fields it sampled. Anything else (another batch size, another
 * blueprint) is written again rather than mixed in.
 */
function reusableBatches(
  blueprint: Blueprint,
  structured: readonly SampledValues[],
  starts: readonly number[],
  batchSize: number,
  stored: ReadonlyMap<number, readonly Persona[]>,
): Map<number, readonly Persona[]> {
  const reusable = new Map<number, readonly Persona[]>();
  for (const start of starts) {
    const personas = stored.get(start);
    const sampled = structured.slice(start, start + batchSize);
    if (!personas || personas.length !== sampled.length) continue;
    const same = personas.every((persona, offset) => {
      if (persona.persona_id !== personaId(start + offset, structured.length)) return false;
      const fields = toFieldStrings(blueprint, sampled[offset] as SampledValues, {});
      return Object.entries(fields).every(([name, value]) => persona.fields[name] === value);
    });
    if (same) reusable.set(start, personas);
  }
  return reusable;
}

/** The text fields of reused personas, by persona index. */
function textsOf(blueprint: Blueprint, batches: ReadonlyMap<number, readonly Persona[]>): Map<number, Record<string, string>> {
  const textFields = blueprint.fields.filter((field) => field.kind === "text").map((field) => field.name);
  const texts = new Map<number, Record<string, string>>();
  for (const [start, personas] of batches) {
    personas.forEach((persona, offset) => {
      const own: Record<string, string> = {};
      for (const name of textFields) if (persona.fields[name] !== undefined) own[name] = persona.fields[name] as string;
      texts.set(start + offset, own);
    });
  }
  return texts;
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
