/**
 * prompt ─► blueprint (modeller) ─► structured fields (sampler) ─► text fields (writer)
 *        ─► system_prompt + markdown (renderer) ─► diversity + marginals (quality)
 *
 * Sharded (`shards.ts`): after the blueprint and the whole population's structured fields (quotas
 * need the whole population), each shard of `POPULATION_SHARD_SIZE` personas is written by a
 * writing session of its own (`writeShard`), and the reports are computed from every persona's
 * fields (`populationReports`). `generatePopulation` runs these steps one after the other in this
 * process; the job workers run the same steps as separate queue jobs on any number of processes
 * and threads, so both give the same bytes.
 *
 * The same functions serve the job worker, the CLI and the benchmark. Everything they do is
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
import type { PersonaFields } from "../engine/quality/similarity.ts";
import { checkedBlueprint, type CheckedBlueprint } from "../engine/blueprint-check.ts";
import { sampleStructured } from "../engine/sampler.ts";
import { renderPersona } from "../engine/render.ts";
import { marginalsOfCounts } from "../engine/quality/marginals.ts";
import { computeDiversity, EXACT_PAIRS_LIMIT, type DiversityOptions, type DiversityReport } from "../engine/quality/diversity.ts";
import type { BlueprintInput } from "../engine/blueprint-check.ts";
import { fidelityOfCounts } from "../engine/quality/fidelity.ts";
import { StructuredCounts } from "../engine/quality/structured-counts.ts";
import { formatNumber } from "../engine/constraints.ts";
import { gatherEvidence, groundedSources, type GatheredEvidence } from "./evidence.ts";
import { UsageTally } from "./usage.ts";
import { sampledShard, shardRanges, shardSamplingsInProcess, type ShardQuota } from "./shards.ts";

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
  /**
   * The diversity report of a large population on engine threads besides this one (the same
   * bytes; `threadedDiversity` in workers/diversity-in-threads.ts); without it, on this thread alone.
   * A port, not the pool: the pipeline does not depend on the workers that run it.
   */
  engine?: ThreadedDiversity;
}

/** Runs `computeDiversity` on more threads than the caller's, with the same result. */
export interface ThreadedDiversity {
  /** Starts the helping thread (its modules load) while the population is still written. */
  warm(): void;
  diversity(personas: readonly PersonaFields[], blueprint: BlueprintInput | undefined, options: DiversityOptions): Promise<DiversityReport>;
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
  const { kept: personas, blueprint, reports, usage } = await generateInOrder(input, dependencies, options, (persona) => persona);
  const result: GenerateResult = { personas, blueprint, ...reports };
  if (usage) result.usage = usage;
  return result;
}

/** What `generatePopulationStreamed` returns: the population without its personas, which went to `onPersonas`. */
export type StreamedPopulation = Pick<GenerateResult, "blueprint" | "diversity" | "marginals" | "fidelity" | "usage">;

/** Personas rendered and handed on at a time by `generatePopulationStreamed` (`ShardWritingOptions.handOnEvery`). */
export const STREAMED_PIECE = 10;

/** `GenerateOptions` but `onBatch`: the personas come in order, to `onPersonas`. */
export interface StreamedOptions extends Omit<GenerateOptions, "onBatch"> {
  /**
   * Every persona once, in persona order (whatever order the batches land in), a batch at a time as
   * soon as every persona before it has been handed on: awaited, so a full output can hold the writing back.
   */
  onPersonas: (personas: readonly Persona[], startIndex: number) => Promise<void> | void;
}

/**
 * `generatePopulation` without the population in memory: each persona goes to `onPersonas` as it is
 * rendered and only its id and fields (what the reports read) stay to the end. The same personas and
 * reports, byte for byte: `{personas, ...generatePopulationStreamed(…)}` is `generatePopulation(…)`.
 *
 * Why: a rendered persona's system prompt and character sheet are most of its memory (~2.5 of ~3.8 KB
 * for League), and a process that writes its output as it goes (the CLI) need not keep them: at
 * 100,000 personas that was the difference between the CLI's peak and 600 MB (decision 0011).
 */
export async function generatePopulationStreamed(input: GenerateInput, dependencies: GenerateDependencies, options: StreamedOptions): Promise<StreamedPopulation> {
  const { blueprint, reports, usage } = await generateInOrder(input, dependencies, options, ({ persona_id, fields }): PersonaFields => ({ persona_id, fields }), { inOrder: options.onPersonas, handOnEvery: STREAMED_PIECE, renderJson: true });
  const result: StreamedPopulation = { blueprint, ...reports };
  if (usage) result.usage = usage;
  return result;
}

/**
 * The steps of `generatePopulation`: the blueprint, the shards written one after the other (a
 * writing session each), the reports over what `keep` keeps of each persona (in persona order), and
 * every persona handed to `inOrder` in persona order as soon as those before it are, rendered
 * `handOnEvery` at a time.
 */
async function generateInOrder<Kept extends PersonaFields>(
  input: GenerateInput,
  dependencies: GenerateDependencies,
  options: GenerateOptions,
  keep: (persona: Persona) => Kept,
  { inOrder, handOnEvery, renderJson }: { inOrder?: (personas: readonly Persona[], startIndex: number) => Promise<void> | void; handOnEvery?: number; renderJson?: boolean } = {},
): Promise<{ kept: Kept[]; blueprint: CheckedBlueprint; reports: PopulationReports; usage?: ModelUsage }> {
  const { prompt, count, seed } = input;
  const report = options.onProgress ?? (() => undefined);
  const usage = new UsageTally(options.usage);
  await report({ phase: "designing", produced: 0, total: count });

  // One failing batch stops the others (and their model calls) instead of letting them run on.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // Every model call in flight or waiting for the limiter listens to this one signal (a few
  // listeners each, 8 batches at once): more than Node's default warning threshold of 10, not a leak.
  setMaxListeners(SIGNAL_LISTENERS, signal);

  const engine = dependencies.engine;
  // Its thread starts (its modules load) while the population is written, not when the report needs it.
  if (engine && count > EXACT_PAIRS_LIMIT) engine.warm();
  const blueprint = await populationBlueprint(input, dependencies, { usage, signal, ...pick(options, "blueprint", "onBlueprint") });

  const samplings = shardSamplingsInProcess(blueprint, count, seed);
  const writer = dependencies.writer;
  const batchSize = writingBatchSize(writer, count, options.batchSize);
  const shards = shardRanges(count).map((range) => {
    const shard: PopulationShard = { prompt, count, seed, blueprint, start: range.start, structured: sampledShard(blueprint, seed, range.start, samplings[range.index] as string | ShardQuota) };
    return { shard, reused: reusableBatches(shard, batchSize, options.writtenBatches ?? new Map()) };
  });
  let produced = 0;
  for (const { reused } of shards) for (const personas of reused.values()) produced += personas.length;
  await report({ phase: "generating", produced, total: count });

  const kept: Kept[] = [];
  const ordered = new InOrder(async (personas, startIndex) => {
    for (const persona of personas) kept.push(keep(persona));
    await inOrder?.(personas, startIndex);
  });
  try {
    for (const { shard, reused } of shards) {
      for (const [start, personas] of reused) await ordered.land(personas, start);
      await writeShard(shard, writer, {
        batchSize,
        signal,
        usage,
        reused,
        keepPersonas: false,
        ...(handOnEvery === undefined ? {} : { handOnEvery }),
        ...(renderJson === undefined ? {} : { renderJson }),
        onBatch: async (batch, startIndex) => {
          produced += batch.length;
          await options.onBatch?.(batch, startIndex);
          await ordered.land(batch, startIndex);
          // Progress once a writer's batch is done, not for each of its pieces.
          const written = startIndex + batch.length - shard.start;
          if (written % batchSize === 0 || written === shard.structured.length) await report({ phase: "generating", produced, total: count });
        },
      });
    }
  } catch (error) {
    stop.abort(error);
    throw error;
  }
  if (kept.length !== count) throw new Error(`${kept.length} of ${count} personas were written in order: a batch is missing`);

  const reports = engine ? await populationReportsInThreads(engine, blueprint, kept, seed) : populationReports(blueprint, kept, seed);
  const spent = usage.calls > 0 ? { usage: usage.snapshot() } : {};
  await report({ phase: "complete", produced: count, total: count });
  return { kept, blueprint, reports, ...spent };
}

/**
 * Batches handed on in persona order: a batch that lands before one it follows (parallel writing
 * lanes) waits here until the gap is filled. Batches land one after the other (`writeShard` hands
 * them on in a chain), never two at once.
 */
class InOrder {
  private readonly waiting = new Map<number, readonly Persona[]>();
  private next = 0;

  constructor(private readonly handOn: (personas: readonly Persona[], startIndex: number) => Promise<void>) {}

  async land(personas: readonly Persona[], startIndex: number): Promise<void> {
    this.waiting.set(startIndex, personas);
    for (let batch = this.waiting.get(this.next); batch !== undefined; batch = this.waiting.get(this.next)) {
      const start = this.next;
      this.waiting.delete(start);
      this.next += batch.length;
      await this.handOn(batch, start);
    }
  }
}

/**
 * The blueprint of a request, checked samplable: the one given (a checkpoint, a cached design, the
 * caller's) with the request's seed, else evidence gathered (when the configuration grounds) and a
 * design by the modeller with a seed derived from the request's, handed to `onBlueprint`.
 */
export async function populationBlueprint(
  input: GenerateInput,
  dependencies: GenerateDependencies,
  options: Pick<GenerateOptions, "blueprint" | "onBlueprint"> & { usage: UsageRecorder; signal: AbortSignal },
): Promise<CheckedBlueprint> {
  const { prompt, count, grounding, seed } = input;
  const { usage, signal } = options;
  if (options.blueprint) return checkedBlueprint({ ...options.blueprint, seed });
  let grounded: GatheredEvidence | undefined;
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
  const blueprint = checkedBlueprint({ ...designed, ...(grounded ? { sources: groundedSources(grounded) } : {}), seed });
  await options.onBlueprint?.(blueprint, { lasting: !grounded?.searchFailed });
  return blueprint;
}

function pick<T extends object, K extends keyof T>(source: T, ...keys: K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

/** The structured fields of a whole population, as the sampler draws them for this request's seed. */
export function samplePopulation(blueprint: Blueprint, count: number, seed: number): SampledValues[] {
  return sampleStructured(blueprint, count, hashSeed(seed, "sample"));
}

/** Personas per writer call: the caller's, else the writer's own limit, else about 20 batches (at most 200). */
export function writingBatchSize(writer: Writer, count: number, requested?: number): number {
  return Math.max(1, Math.floor(requested ?? writer.maxBatchSize ?? Math.min(MAX_BATCH_SIZE, Math.ceil(count / TARGET_BATCHES))));
}

/**
 * The diversity, marginals and fidelity reports of a population (none for a single persona), in
 * the spec's key order, from the personas' fields alone.
 */
export function populationReports(blueprint: Blueprint, personas: readonly PersonaFields[], seed: number): PopulationReports {
  if (personas.length <= 1) return {};
  // Counted once for both reports.
  const counts = StructuredCounts.of(blueprint, personas);
  return {
    diversity: computeDiversity(personas, blueprint, { seed: hashSeed(seed, "diversity") }),
    marginals: marginalsOfCounts(counts),
    fidelity: fidelityOfCounts(blueprint, counts),
  };
}

/** `populationReports`, the diversity report on `engine`'s threads as well as this one (`diversityInThreads`): the same reports. */
export async function populationReportsInThreads(engine: ThreadedDiversity, blueprint: Blueprint, personas: readonly PersonaFields[], seed: number): Promise<PopulationReports> {
  if (personas.length <= EXACT_PAIRS_LIMIT) return populationReports(blueprint, personas, seed);
  const diversity = await engine.diversity(personas, blueprint, { seed: hashSeed(seed, "diversity") });
  const counts = StructuredCounts.of(blueprint, personas);
  return { diversity, marginals: marginalsOfCounts(counts), fidelity: fidelityOfCounts(blueprint, counts) };
}

export type PopulationReports = Pick<PopulationResult, "diversity" | "marginals" | "fidelity">;

/** One shard of a population (`shards.ts`): what its writer needs, with its slice of the sampled fields. */
export interface PopulationShard {
  prompt: string;
  /** The population's size (persona ids are as wide as the population's). */
  count: number;
  /** The population's seed. */
  seed: number;
  blueprint: Blueprint;
  /** Index of the shard's first persona in the population. */
  start: number;
  /** The sampled fields of the shard's personas, in order. */
  structured: readonly SampledValues[];
}

export interface ShardWritingOptions {
  batchSize: number;
  signal?: AbortSignal;
  /** Model calls are recorded here; a system prompt gets the voice section once a model was called. */
  usage?: UsageTally;
  /** Batches an earlier attempt stored (from `reusableBatches`), by the index of their first persona. */
  reused?: ReadonlyMap<number, readonly Persona[]>;
  /** Each newly written batch as it lands, in landing order; awaited. */
  onBatch?: (personas: readonly Persona[], startIndex: number) => Promise<void> | void;
  /**
   * False: the personas are only handed to `onBatch`, and `writeShard` returns none (a shard's
   * rendered texts need not live to its end; `shard-json.ts`). Default true.
   */
  keepPersonas?: boolean;
  /**
   * Renders a batch and hands it to `onBatch` in pieces of at most this many personas, each rendered
   * once the one before it has been handed on (default: the whole batch at once). With
   * `keepPersonas: false` and an `onBatch` that writes its pieces out, a batch's rendered texts are
   * never all alive at once: a whole batch (200 personas, ~2 MB of texts and their JSON) outlived
   * the young generation's collections while it was serialised and was copied into the old one, as
   * garbage that grew the heap by ~300 MB over 100,000 League personas (decision 0011, "Session 17").
   */
  handOnEvery?: number;
  /** Render the texts' JSON too (`RenderContext.json`), for an `onBatch` that writes each piece out as JSON at once. */
  renderJson?: boolean;
}

/**
 * Writes and renders the personas of one shard with a writing session of its own (so any shard can
 * be written by any worker, in any order, and come out the same), reusing the batches given.
 * Returns the shard's personas in order (none with `keepPersonas: false`).
 */
export async function writeShard(shard: PopulationShard, writer: Writer, options: ShardWritingOptions): Promise<Persona[]> {
  const { prompt, count, seed, blueprint, start: shardStart, structured } = shard;
  const { batchSize } = options;
  const keep = options.keepPersonas ?? true;
  const usage = options.usage ?? new UsageTally();
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  setMaxListeners(SIGNAL_LISTENERS, signal);
  const reused = options.reused ?? new Map<number, readonly Persona[]>();
  const starts: number[] = [];
  for (let offset = 0; offset < structured.length; offset += batchSize) starts.push(shardStart + offset);
  const written: Persona[][] = starts.map((start) => [...(reused.get(start) ?? [])]);

  const context: WritingContext = { prompt, blueprint, seed: hashSeed(seed, "write"), count, usage, signal };
  if (reused.size > 0) context.written = textsOf(blueprint, reused);
  const session = writer.begin(context);
  const toWrite = starts.map((start, position) => (reused.has(start) ? -1 : position)).filter((position) => position >= 0);
  const sliceOf = (start: number) => structured.slice(start - shardStart, start - shardStart + batchSize);
  let nextBatch = 0;
  // Stored and reported one after the other, in landing order, whatever lane they came from.
  let landing: Promise<void> = Promise.resolve();
  const finishBatch = async (position: number, texts: ReadonlyArray<Record<string, string>>): Promise<void> => {
    // Off the lane: its next call goes out first, so a batch's rendering and storing (CPU, the
    // store) overlap the model's next answer instead of delaying it.
    await new Promise((resolve) => setImmediate(resolve));
    const start = starts[position] as number;
    const sampled = sliceOf(start);
    const voiceSection = usage.calls > 0;
    const render = (from: number, to: number): Persona[] =>
      sampled.slice(from, to).map((values, offset) => {
        const index = start + from + offset;
        const fields = toFieldStrings(blueprint, values, texts[from + offset] ?? {});
        const id = personaId(index, count);
        return { persona_id: id, fields, ...renderPersona(blueprint, fields, id, { prompt, voiceSection, json: options.renderJson === true }) };
      });
    const piece = options.handOnEvery === undefined ? sampled.length : Math.max(1, Math.floor(options.handOnEvery));
    const rendered: Persona[] = [];
    for (let from = 0; from < sampled.length; from += piece) {
      const personas = render(from, from + piece);
      if (keep) rendered.push(...personas);
      landing = landing.then(() => options.onBatch?.(personas, start + from));
      await landing;
    }
    if (keep) written[position] = rendered;
  };
  // Batches are taken in order; with \`parallelBatches\` 1 (offline) they also finish in order. A lane
  // keeps at most one batch unfinished: it waits for it before asking for the one after next.
  const writeBatches = async (): Promise<void> => {
    let finishing: Promise<void> | undefined;
    while (nextBatch < toWrite.length) {
      const position = toWrite[nextBatch++] as number;
      const start = starts[position] as number;
      signal.throwIfAborted();
      const texts = await session.writeBatch(sliceOf(start), start);
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
  return keep ? written.flat() : [];
}

/**
 * The stored batches a shard can use, by start index: the size this run writes, the persona ids it
 * gives, and exactly the structured fields it sampled. Anything else (another batch size, another
 * blueprint) is written again rather than mixed in.
 */
export function reusableBatches(shard: PopulationShard, batchSize: number, stored: ReadonlyMap<number, readonly Persona[]>): Map<number, readonly Persona[]> {
  const { blueprint, start: shardStart, structured, count } = shard;
  const reusable = new Map<number, readonly Persona[]>();
  if (stored.size === 0) return reusable;
  for (let offset = 0; offset < structured.length; offset += batchSize) {
    const start = shardStart + offset;
    const personas = stored.get(start);
    const sampled = structured.slice(offset, offset + batchSize);
    if (!personas || personas.length !== sampled.length) continue;
    const same = personas.every((persona, index) => {
      if (persona.persona_id !== personaId(start + index, count)) return false;
      const fields = toFieldStrings(blueprint, sampled[index] as SampledValues, {});
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
