/**
 * The diversity report of a population held in memory (the CLI's local run, `npm run bench`) on two
 * threads: the calling thread and an engine thread (`engine-pool.ts`). Above the exact limit the
 * report's CPU at 100,000 personas was reading the text fields' terms (a fifth), the vectors and LSH
 * (half) and counting sentences (a quarter), all on the calling thread while the other core idled.
 *
 * Split (docs/decisions/0011-diversity-report-on-two-threads.md): the personas' texts cross once,
 * packed (`packed-texts.ts`); the engine thread reads the terms of the second half of the personas
 * (`TERMS_FROM`) and sends them back at once, then counts every persona's sentences, while the
 * calling thread reads the terms of the first half; it then makes the vectors from both halves'
 * terms (joined in order: the terms of all of them, as it would read them itself) and compares
 * pairs. The sentence counts join the report where it counts them itself (`withSentences`).
 * Neither half changes a byte: terms are read persona by persona, and the sentences are counted in
 * persona order on one thread. The same report, byte for byte, as `computeDiversity`, whatever the
 * number of threads (with none, it is `computeDiversity`).
 */
import { BroadcastChannel } from "node:worker_threads";
import { randomUUID } from "node:crypto";
import type { BlueprintInput } from "../engine/blueprint-check.ts";
import { computeDiversity, EXACT_PAIRS_LIMIT, withSentences, type DiversityOptions, type DiversityReport } from "../engine/quality/diversity.ts";
import { hashedTermsOf, joinedTerms } from "../engine/quality/hashed-features.ts";
import { packedFieldNames, packTexts, unpackTexts, type PackedTexts } from "../engine/quality/packed-texts.ts";
import { sentenceReport, type SentenceReport } from "../engine/quality/sentences.ts";
import { featureFields, type FeatureField, type PersonaFields, type TextTerms } from "../engine/quality/similarity.ts";
import type { EnginePool } from "./engine-pool.ts";

/**
 * Where the engine thread's share of the terms starts, as a share of the personas. The thread
 * unpacks the texts first, so it starts later than the calling thread; the split changes no byte.
 */
const TERMS_FROM = 0.5;

export interface DiversityHelpInput {
  /** Every persona's id and text fields (`packedFieldNames(fields)`). */
  packed: PackedTexts;
  /** The report's fields (`featureFields`). */
  fields: FeatureField[];
  /** The first persona whose terms this thread reads. */
  termsFrom: number;
  /** Where the terms are sent, as soon as they are read (`TextTerms`). */
  channel: string;
}

/**
 * The engine thread's part: the terms of the personas from `termsFrom` on (sent on `channel`), then
 * the sentence counts of them all (the task's answer).
 */
export async function helpDiversity({ packed, fields, termsFrom, channel }: DiversityHelpInput): Promise<SentenceReport> {
  const personas = unpackTexts(packed);
  const terms = hashedTermsOf(personas.slice(termsFrom), fields.filter((field) => field.kind === "text"));
  const port = new BroadcastChannel(channel);
  try {
    // Trimmed: a view would carry its whole buffer across.
    port.postMessage({ store: { ids: terms.store.ids.slice(0, terms.store.length), counts: terms.store.counts.slice(0, terms.store.length), length: terms.store.length }, start: terms.start } satisfies TextTerms);
  } finally {
    port.close();
  }
  return sentenceReport(personas, fields);
}

/** Starts the engine thread (its modules loaded) before a report needs it. */
export async function engineReady(): Promise<boolean> {
  return true;
}

/** `computeDiversity`, with an engine thread of `engine` reading half the terms and counting the sentences (see above). */
export async function diversityInThreads(engine: EnginePool, personas: readonly PersonaFields[], blueprint: BlueprintInput | undefined, options: DiversityOptions = {}): Promise<DiversityReport> {
  if (engine.size === 0 || personas.length <= (options.exactLimit ?? EXACT_PAIRS_LIMIT)) return computeDiversity(personas, blueprint, options);
  const fields = featureFields(personas, blueprint);
  const termsFrom = Math.floor(personas.length * TERMS_FROM);
  const name = `dramatis-diversity-${randomUUID()}`;
  const channel = new BroadcastChannel(name);
  try {
    const theirTerms = new Promise<TextTerms>((resolve) => (channel.onmessage = (event) => resolve((event as { data: TextTerms }).data)));
    const sentences = engine.run("helpDiversity", { packed: packTexts(personas, packedFieldNames(fields)), fields, termsFrom, channel: name });
    // Awaited below; a failure while this thread reads its terms must not go unhandled meanwhile.
    sentences.catch(() => undefined);
    const ownTerms = hashedTermsOf(personas.slice(0, termsFrom), fields.filter((field) => field.kind === "text"));
    // The task's answer and the terms come on different ports: a task that ended has sent them, and a failed one never will.
    const terms = joinedTerms([ownTerms, await Promise.race([theirTerms, sentences.then(() => theirTerms)])]);
    const report = computeDiversity(personas, blueprint, { ...options, sentences: false, read: { fields, terms } });
    return withSentences(report, await sentences);
  } finally {
    channel.close();
  }
}

export const DIVERSITY_TASKS = { helpDiversity, engineReady } as const;
