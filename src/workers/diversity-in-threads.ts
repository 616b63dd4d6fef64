/**
 * The diversity report of a population held in memory (the CLI's local run, `npm run bench`) on two
 * threads: the calling thread and an engine thread (`engine-pool.ts`). Above the exact limit the
 * report's CPU at 100,000 personas was reading the text fields' terms (a fifth), the vectors and LSH
 * (half) and counting sentences (a quarter), all on the calling thread while the other core idled.
 *
 * Split (docs/decisions/0011-diversity-report-on-two-threads.md), the personas cut in two ranges at
 * `RANGES_FROM` (a fixed share: the cut changes no byte):
 * 1. the personas' texts cross once, packed (`packed-texts.ts`);
 * 2. each thread reads the terms of its range; the engine thread sends its own back;
 * 3. the calling thread counts the document frequencies of both and inverts them in a table in
 *    shared memory; each thread makes its range's vectors from it, the engine thread into shared
 *    arrays with their LSH band keys, the calling thread adding its range's to the mean's sum;
 * 4. the calling thread groups equal vectors and finds and compares the candidate pairs over both
 *    ranges, while the engine thread adds its range's vectors to the mean's sum (after the first
 *    range's, in persona order: the same floating sum as one thread's) and counts every persona's
 *    sentences, which join the report where it counts them itself (`withSentences`).
 * The same report, byte for byte, as `computeDiversity`, whatever the number of threads (with none,
 * it is `computeDiversity`).
 */
import { BroadcastChannel } from "node:worker_threads";
import { randomUUID } from "node:crypto";
import type { BlueprintInput } from "../engine/blueprint-check.ts";
import { hashSeed } from "../engine/rng.ts";
import { computeDiversity, diversityOfChunks, EXACT_PAIRS_LIMIT, withSentences, type DiversityOptions, type DiversityReport } from "../engine/quality/diversity.ts";
import { DimensionTable, hashedTermsOf, HashedVectoriser } from "../engine/quality/hashed-features.ts";
import { BandKeys, LSH_BANDS } from "../engine/quality/near-duplicates.ts";
import { packedFieldNames, packTexts, unpackTexts, type PackedTexts } from "../engine/quality/packed-texts.ts";
import { sentenceReport, type SentenceReport } from "../engine/quality/sentences.ts";
import { featureFields, type FeatureField, type PersonaFields, type TextTerms } from "../engine/quality/similarity.ts";
import type { ThreadedDiversity } from "../pipeline/generate.ts";

/**
 * Where the engine thread's range starts, as a share of the personas. It also counts the sentences,
 * and the calling thread does the pairs: about even on two cores. Changes no byte.
 */
const RANGES_FROM = 0.5;

export interface DiversityHelpInput {
  /** Every persona's id and text fields (`packedFieldNames(fields)`). */
  packed: PackedTexts;
  /** The report's fields (`featureFields`). */
  fields: FeatureField[];
  /** The first persona of this thread's range. */
  from: number;
  /** The seed of the report (`DiversityOptions.seed`): the band keys' is derived from it. */
  seed: number;
  /** Where the two threads talk (`Message`). */
  channel: string;
}

/** The inverted table and where the engine thread writes its range's vectors and band keys, all in shared memory. */
interface SharedRange {
  values: Float64Array;
  touched: Uint8Array;
  structured: Int32Array;
  ids: Int32Array;
  weights: Float64Array;
  lengths: Int32Array;
  keys: Uint32Array;
}

/** What the two threads tell each other, in this order. */
type Message =
  | { kind: "terms"; terms: TextTerms }
  | ({ kind: "table" } & SharedRange)
  | { kind: "vectors" }
  | { kind: "summed-first" }
  | { kind: "summed" }
  | { kind: "stop" };

/** The messages of `port`, awaited one kind at a time (a `stop` rejects). */
function inbox(port: BroadcastChannel) {
  const arrived: Message[] = [];
  let wake: (() => void) | undefined;
  port.onmessage = (event) => {
    arrived.push((event as { data: Message }).data);
    wake?.();
  };
  return async <Kind extends Message["kind"]>(kind: Kind): Promise<Extract<Message, { kind: Kind }>> => {
    for (;;) {
      const at = arrived.findIndex((message) => message.kind === kind || message.kind === "stop");
      if (at >= 0) {
        const [message] = arrived.splice(at, 1) as [Message];
        if (message.kind === "stop") throw new Error("the diversity report stopped on the calling thread");
        return message as Extract<Message, { kind: Kind }>;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
}

/** The engine thread's part (see above); its answer is the sentence counts. */
export async function helpDiversity({ packed, fields, from, seed, channel }: DiversityHelpInput): Promise<SentenceReport> {
  const port = new BroadcastChannel(channel);
  try {
    const next = inbox(port);
    const personas = unpackTexts(packed);
    const terms = hashedTermsOf(personas.slice(from), fields.filter((field) => field.kind === "text"));
    // Trimmed: a view would carry its whole buffer across.
    const trimmed = { ids: terms.store.ids.slice(0, terms.store.length), counts: terms.store.counts.slice(0, terms.store.length), length: terms.store.length };
    port.postMessage({ kind: "terms", terms: { store: trimmed, start: terms.start } } satisfies Message);
    const shared = await next("table");
    const table = DimensionTable.sharing(shared.values, shared.touched);
    const vectors = new HashedVectoriser(fields, table).vectoriseRange(shared.structured, terms, personas.length - from, shared, shared.lengths);
    const bandKeys = new BandKeys(hashSeed(seed, "lsh"));
    vectors.forEach((vector, index) => bandKeys.write(vector, shared.keys, index));
    port.postMessage({ kind: "vectors" } satisfies Message);
    await next("summed-first");
    table.accumulateAll(vectors);
    port.postMessage({ kind: "summed" } satisfies Message);
    return sentenceReport(personas, fields);
  } finally {
    port.close();
  }
}

/** Starts the engine thread (its modules loaded) before a report needs it. */
export async function engineReady(): Promise<boolean> {
  return true;
}

/**
 * What this module needs of the engine pool (engine-pool.ts): its size and its two tasks here. Not
 * the pool's type: the pool's task table includes this module's tasks, and the rules forbid the cycle.
 */
export interface DiversityEngine {
  readonly size: number;
  run(task: "engineReady", input: undefined): Promise<boolean>;
  run(task: "helpDiversity", input: DiversityHelpInput, signal?: AbortSignal): Promise<SentenceReport>;
}

/** The pipeline's port (generate.ts `ThreadedDiversity`) over `engine`'s threads; undefined when it has none. */
export function threadedDiversity(engine: DiversityEngine): ThreadedDiversity | undefined {
  if (engine.size === 0) return undefined;
  return {
    warm: () => void engine.run("engineReady", undefined).catch(() => undefined),
    diversity: (personas, blueprint, options) => diversityInThreads(engine, personas, blueprint, options),
  };
}

/** `computeDiversity`, with an engine thread of `engine` making half of it (see above). */
export async function diversityInThreads(engine: DiversityEngine, personas: readonly PersonaFields[], blueprint: BlueprintInput | undefined, options: DiversityOptions = {}): Promise<DiversityReport> {
  const n = personas.length;
  if (engine.size === 0 || n <= (options.exactLimit ?? EXACT_PAIRS_LIMIT)) return computeDiversity(personas, blueprint, options);
  const fields = featureFields(personas, blueprint);
  const textFields = fields.filter((field) => field.kind === "text");
  const from = Math.floor(n * RANGES_FROM);
  const name = `dramatis-diversity-${randomUUID()}`;
  const port = new BroadcastChannel(name);
  const next = inbox(port);
  let done = false;
  // A report that fails here ends its part on the engine thread: queued, it would open its channel
  // after a "stop" went out (a channel hears only what is sent while it is open) and wait for good.
  const abandon = new AbortController();
  try {
    const sentences = engine.run("helpDiversity", { packed: packTexts(personas, packedFieldNames(fields)), fields, from, seed: options.seed ?? 0, channel: name }, abandon.signal);
    // The task's answer and the messages come on different ports: a task that ended has sent them all, and a failed one may never.
    const failed = sentences.then(() => new Promise<never>(() => undefined));
    failed.catch(() => undefined);
    const heard = <Kind extends Message["kind"]>(kind: Kind) => Promise.race([next(kind), failed]);
    const ownTerms = hashedTermsOf(personas.slice(0, from), textFields);
    const { terms: theirTerms } = await heard("terms");
    const table = DimensionTable.take();
    table.count(ownTerms, from);
    table.count(theirTerms, n - from);
    table.invert();
    const vectoriser = new HashedVectoriser(fields, table);
    const structured = vectoriser.structuredDimensionsOf(personas.slice(from));
    const entries = theirTerms.store.length + (n - from) * (fields.length - textFields.length);
    const shared: SharedRange = {
      values: table.values,
      touched: table.touched,
      structured,
      ids: new Int32Array(new SharedArrayBuffer(Math.max(1, entries) * 4)),
      weights: new Float64Array(new SharedArrayBuffer(Math.max(1, entries) * 8)),
      lengths: new Int32Array(new SharedArrayBuffer((n - from) * 4)),
      keys: new Uint32Array(new SharedArrayBuffer((n - from) * LSH_BANDS * 4)),
    };
    port.postMessage({ kind: "table", ...shared } satisfies Message);
    const ownVectors = vectoriser.vectoriseTerms(personas.slice(0, from), ownTerms, true);
    port.postMessage({ kind: "summed-first" } satisfies Message);
    await heard("vectors");
    const vectors = ownVectors;
    for (let index = 0, offset = 0; index < n - from; index++) {
      const length = shared.lengths[index] as number;
      vectors.push({ ids: shared.ids.subarray(offset, offset + length), weights: shared.weights.subarray(offset, offset + length) });
      offset += length;
    }
    const summed = heard("summed");
    summed.catch(() => undefined);
    // The report asks for the personas first, then again (the duplicate pairs' and once before the
    // mean, `sumPending`): the mean's sum is complete once the engine thread has added its range.
    const reading = diversityOfChunks([n], blueprint, { ...options, sentences: false, read: { fields, made: { vectors, table, bandKeys: { from, keys: shared.keys }, sumPending: true } } });
    let step = reading.next();
    for (let asked = 0; !step.done; asked++) {
      if (asked > 0) {
        await summed;
        table.recountTouched();
      }
      step = reading.next(personas);
    }
    const report = withSentences(step.value, await sentences);
    done = true;
    return report;
  } finally {
    if (!done) {
      port.postMessage({ kind: "stop" } satisfies Message);
      abandon.abort(new Error("the diversity report failed on the calling thread"));
    }
    port.close();
  }
}

export const DIVERSITY_TASKS = { helpDiversity, engineReady } as const;
