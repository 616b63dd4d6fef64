/**
 * The CPU-bound steps of a population, as tasks a worker thread runs (`engine-pool.ts`): sampling the
 * whole population into its shards, writing and rendering one shard with the offline writer, and
 * the reports of a stored population (read a row at a time, as the task asks for them). Inputs and
 * outputs cross the thread boundary as JSON text wherever they are big, so neither side spends its
 * time copying object graphs and the main thread never parses a shard.
 */
import type { Blueprint } from "../engine/blueprint.ts";
import type { PersonaFields } from "../engine/quality/similarity.ts";
import { OfflineWriterOnUse } from "./offline-parts.ts";
import { BroadcastChannel } from "node:worker_threads";
import { computeFidelity, fidelityOfCounts } from "../engine/quality/fidelity.ts";
import { computeMarginals, marginalsOfCounts } from "../engine/quality/marginals.ts";
import { diversityOfChunks, EXACT_PAIRS_LIMIT, HELD_TERM_ENTRIES, heldCosines, PAIRS_ELSEWHERE, sentencesOfChunks, sentencesOfDigests, withSentences, type ChunkPreparer, type ChunkReading, type DiversityReport, type HeldPairs, type PreparedChunk } from "../engine/quality/diversity.ts";
import { hashedTermsOf, NumberedDimensions, termScratch } from "../engine/quality/hashed-features.ts";
import type { FeatureField } from "../engine/quality/similarity.ts";
import { SentenceCounter, type SentenceReport } from "../engine/quality/sentences.ts";
import { nullPrototypeRecord, ownValue } from "../engine/quality/own-fields.ts";
import { decodeShardDigest, DigestSurvey, encodeShardDigest, shardDigest, type SurveyedPopulation } from "../engine/quality/report-digest.ts";
import { hashSeed } from "../engine/rng.ts";
import { populationReports, writeShard, writingBatchSize, type PopulationReports } from "../pipeline/generate.ts";
import { sampledShard, shardSamplings } from "../pipeline/shards.ts";
import { DIVERSITY_TASKS } from "./diversity-in-threads.ts";
import { reportMemoryMark } from "./report-memory-log.ts";
import { collectGarbage } from "./collect-garbage.ts";
import { decodeSurvey, encodeSurvey, frequenciesOf, mergeRanges, rangeable, rangePartOfChunks, rowRanges, type RangeOutput } from "./report-ranges.ts";

export interface SampleShardsInput {
  blueprint: Blueprint;
  count: number;
  seed: number;
}

/** Each shard's structured fields as JSON text, in shard order. */
export function sampleShards({ blueprint, count, seed }: SampleShardsInput): string[] {
  return shardSamplings(blueprint, count, seed);
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

/**
 * Made once per thread: the offline writer keeps nothing between sessions. It imports the offline
 * code at its first shard: a worker's main thread imports this module (workers.ts, engine-pool.ts)
 * and never writes one.
 */
const offlineWriter = new OfflineWriterOnUse();

/**
 * The shard's personas as JSON text, written by the offline writer, their ids and fields
 * (`fieldsJson`), which the reports read (`JobRepository.storeRowFields`), and the digest the
 * reports survey the population from (`digestJson`, report-digest.ts).
 */
export async function writeOfflineShard(input: WriteShardInput): Promise<{ json: string; size: number; fieldsJson: string; digestJson: string }> {
  const structured = sampledShard(input.blueprint, input.seed, input.start, input.structuredJson);
  const shard = { prompt: input.prompt, count: input.count, seed: input.seed, blueprint: input.blueprint, start: input.start, structured };
  const personas = await writeShard(shard, offlineWriter, { batchSize: writingBatchSize(offlineWriter, input.count) });
  return { json: JSON.stringify(personas), size: personas.length, fieldsJson: JSON.stringify(personaFields(personas)), digestJson: digestJsonOf(personas, input.blueprint) };
}

/** The digest of a stored row's personas (report-digest.ts), as it is stored beside the row. */
export function digestJsonOf(personas: readonly PersonaFields[], blueprint: Blueprint): string {
  return encodeShardDigest(shardDigest(personas, blueprint));
}

/** A chunk reading's own answer to a chunk; `read(chunk)` gives the chunk's personas. */
async function runReading<Result>(reading: ChunkReading<Result>, read: (chunk: number) => Promise<readonly PersonaFields[]>): Promise<Result> {
  let step = reading.next();
  while (!step.done) step = reading.next(await read(step.value));
  return step.value;
}

/**
 * The blueprint's categorical and numeric fields (and every parent) of each persona, which the
 * marginals and fidelity read, kept as columns of value numbers (4 bytes a field a persona, each
 * distinct value held once) while the diversity report runs: a million persona objects were
 * ~100 MB held beside the diversity report's tables. They become persona objects (`personas()`)
 * once the diversity report is done with its tables.
 */
class StructuredFields {
  private readonly names: string[];
  private readonly columns: Int32Array[];
  private readonly numbers = new Map<string, number>();
  private readonly values: string[] = [];
  private readonly plain: boolean;

  constructor(blueprint: Blueprint, private readonly count: number) {
    const fields = blueprint.fields ?? [];
    this.names = [...new Set([...fields.filter((field) => field.kind !== "text").map((field) => field.name), ...fields.flatMap((field) => field.parents ?? [])])];
    this.columns = this.names.map(() => new Int32Array(count).fill(-1));
    this.plain = !this.names.includes("__proto__");
  }

  /** Keeps what it needs of the personas from `start` on. */
  add(start: number, personas: readonly PersonaFields[]): void {
    personas.forEach((persona, offset) => {
      this.names.forEach((name, column) => {
        const value = ownValue(persona.fields, name);
        if (value === undefined) return;
        let number = this.numbers.get(value);
        if (number === undefined) {
          this.numbers.set(value, (number = this.values.length));
          this.values.push(value);
        }
        (this.columns[column] as Int32Array)[start + offset] = number;
      });
    });
  }

  personas(): PersonaFields[] {
    const personas: PersonaFields[] = new Array(this.count);
    for (let index = 0; index < this.count; index++) {
      // A plain object shares its shape with every other persona's (a null-prototype record is a
      // dictionary of its own, several times larger); only a field named `__proto__` needs the record.
      const kept: Record<string, string> = this.plain ? {} : nullPrototypeRecord();
      this.names.forEach((name, column) => {
        const number = (this.columns[column] as Int32Array)[index] as number;
        if (number >= 0) kept[name] = this.values[number] as string;
      });
      personas[index] = { fields: kept };
    }
    return personas;
  }
}

/**
 * The reports of a population read chunk by chunk (`sizes`: the personas of each, in order): up to
 * the exact limit every chunk is read and the reports computed as for personas in memory
 * (`populationReports`, the same bytes); above it the diversity report reads the chunks a few
 * times (`diversityOfChunks`), its sentence counts merged from the shards' digests when `surveyed`
 * has them, and the marginals and fidelity come from the counts merged from the digests
 * (`surveyed.structured`) or else from the structured fields kept on the first read of each chunk.
 */
export function* populationReportsOfChunks(blueprint: Blueprint, seed: number, sizes: readonly number[], surveyed?: SurveyedPopulation, prepare?: ChunkPreparer, heldEntries?: number): ChunkReading<PopulationReports> {
  const count = sizes.reduce((sum, size) => sum + size, 0);
  if (count <= EXACT_PAIRS_LIMIT) {
    const personas: PersonaFields[] = [];
    for (let chunk = 0; chunk < sizes.length; chunk++) for (const persona of yield chunk) personas.push(persona);
    return populationReports(blueprint, personas, seed);
  }
  const counted = surveyed?.structured;
  // Counted by the shards (their digests): nothing of the rows is kept for them, so another thread may read the rows' terms (`prepare`).
  const held = heldEntries === undefined ? {} : { heldEntries };
  if (counted) return { diversity: yield* diversityOfChunks(sizes, blueprint, { seed: hashSeed(seed, "diversity"), surveyed, ...held, ...(prepare ? { prepare } : {}) }), marginals: marginalsOfCounts(counted), fidelity: fidelityOfCounts(blueprint, counted) };
  const reading = diversityOfChunks(sizes, blueprint, { seed: hashSeed(seed, "diversity"), surveyed, ...held });
  const structured = new StructuredFields(blueprint, count);
  const diversity = yield* keepingStructuredFields(reading, sizes, structured);
  const personas = structured.personas();
  return { diversity, marginals: computeMarginals(blueprint, personas), fidelity: computeFidelity(blueprint, personas) };
}

/** `reading`, with the structured fields of each chunk kept the first time it is read. */
function* keepingStructuredFields<Result>(reading: ChunkReading<Result>, sizes: readonly number[], structured: StructuredFields): ChunkReading<Result> {
  const starts = sizes.map((_, chunk) => sizes.slice(0, chunk).reduce((sum, size) => sum + size, 0));
  const kept = new Set<number>();
  let step = reading.next();
  while (!step.done) {
    const personas = yield step.value;
    if (!kept.has(step.value)) {
      kept.add(step.value);
      structured.add(starts[step.value] as number, personas);
    }
    step = reading.next(personas);
  }
  return step.value;
}

/**
 * The reports above the exact limit in two parts that two threads compute at once, each reading
 * the rows itself: the vectors' part of the diversity report (`part: "vectors"`: survey, vectors,
 * pairs; its sentence counts zeros), and the rest (`part: "sentences"`: the sentence counts, the
 * marginals and fidelity, one read of each row). `mergeReportParts` puts them together: the same
 * value and bytes as `populationReportsOfChunks`. The sentences were about a third of the report's
 * CPU at 100,000 personas (League, session 6), the marginals a few percent; since the shards'
 * digests carry those counts the vectors' part is the report (4.37 of 4.48 CPU-s at 100,000,
 * bench/reports-memory.ts `--part`), so the workers compute the reports in one task
 * (`finishWhenComplete`). The parts are what a report shared between workers would start from.
 */
export type ReportPart = { part: "vectors"; diversity: DiversityReport } | { part: "sentences"; sentences: SentenceReport; marginals: PopulationReports["marginals"]; fidelity: PopulationReports["fidelity"] };

export function* reportPartOfChunks(blueprint: Blueprint, seed: number, sizes: readonly number[], part: ReportPart["part"], surveyed?: SurveyedPopulation): ChunkReading<ReportPart> {
  if (part === "vectors") return { part, diversity: yield* diversityOfChunks(sizes, blueprint, { seed: hashSeed(seed, "diversity"), sentences: false, surveyed }) };
  surveyed?.table.release();
  const fields = surveyed?.survey.fields();
  if (fields && surveyed?.structured && surveyed.sentences?.fits(SentenceCounter.fieldsOf(fields))) {
    // Counted by the shards (their digests): merged, no row read but to word a listed template.
    const sentences = yield* sentencesOfDigests(sizes, surveyed.sentences, fields);
    return { part, sentences, marginals: marginalsOfCounts(surveyed.structured), fidelity: fidelityOfCounts(blueprint, surveyed.structured) };
  }
  const structured = new StructuredFields(blueprint, sizes.reduce((sum, size) => sum + size, 0));
  const sentences = yield* keepingStructuredFields(sentencesOfChunks(sizes, blueprint), sizes, structured);
  const personas = structured.personas();
  return { part, sentences, marginals: computeMarginals(blueprint, personas), fidelity: computeFidelity(blueprint, personas) };
}

/** The reports from their two parts (`reportPartOfChunks`), in either order. */
export function mergeReportParts(first: ReportPart, second: ReportPart): PopulationReports {
  const vectors = first.part === "vectors" ? first : second.part === "vectors" ? second : undefined;
  const rest = first.part === "sentences" ? first : second.part === "sentences" ? second : undefined;
  if (!vectors || !rest) throw new Error("the reports need both parts: the vectors' and the sentences'");
  return { diversity: withSentences(vectors.diversity, rest.sentences), marginals: rest.marginals, fidelity: rest.fidelity };
}

/**
 * The thread asks for a chunk of the population or for its digest (report-digest.ts), or hands back
 * the fields it extracted from a row stored without them.
 */
export type RowRequest = { kind: "read" | "digest"; request: number; chunk: number } | { kind: "keep"; chunk: number; fieldsJson: string } | { kind: "range"; request: number; range: number; what: "summary" | "terms"; into?: SharedArrayBuffer };
/**
 * The caller's answer to a read: the row's ids and fields, its whole personas, or why it could not
 * read it; to a digest: the row's digest, `null` for a row stored without one (by an earlier version).
 */
export type RowAnswer = { kind: "row"; request: number } & ({ fields: string } | { personas: string } | { digest: string | null } | { bytes: Uint8Array } | { error: string });

export interface StoredReportsInput {
  blueprint: Blueprint;
  seed: number;
  /** How many personas each stored row holds, in order. */
  sizes: number[];
  /** The name of the `BroadcastChannel` on which the caller answers this task's reads (`RowRequest`). */
  channel: string;
}

/**
 * The reports of a stored population, computed in this thread from its rows, which the caller
 * reads from the store one at a time as this task asks for them (over a `BroadcastChannel`: the
 * embedded database lives on the caller's thread). No step holds every persona's fields.
 */
export async function storedReports({ blueprint, seed, sizes, channel }: StoredReportsInput): Promise<PopulationReports> {
  return readingStoredRows(channel, sizes.length, async (rows) => populationReportsOfChunks(blueprint, seed, sizes, await surveyedFromDigests(blueprint, sizes, rows)));
}

export interface StoredReportPartInput extends StoredReportsInput {
  part: ReportPart["part"];
}

/** One part of the reports of a stored population above the exact limit (`reportPartOfChunks`), its rows read as `storedReports` reads them. */
export async function storedReportPart({ blueprint, seed, sizes, channel, part }: StoredReportPartInput): Promise<ReportPart> {
  return readingStoredRows(channel, sizes.length, async (rows) => reportPartOfChunks(blueprint, seed, sizes, part, await surveyedFromDigests(blueprint, sizes, rows)));
}

/** A stored population's rows as the caller answers them: a row's personas' ids and fields, and its digest. */
interface StoredRows {
  read(chunk: number): Promise<readonly PersonaFields[]>;
  digest(chunk: number): Promise<string | null>;
  /** A range's stored output (report-ranges.ts), for the merge; `into`: memory the caller may write it in (`RangeLoads`). */
  range(range: number, what: "summary" | "terms", into?: SharedArrayBuffer): Promise<Uint8Array>;
}

/**
 * The survey of a population above the exact limit in more than one row, merged from its rows'
 * digests in order (`DigestSurvey`: the same as reading the rows); a row stored without one (by an
 * earlier version) or with one of another version is read and its digest made here. `undefined`
 * where the report makes no survey (up to the exact limit, or in one row).
 */
async function surveyedFromDigests(blueprint: Blueprint, sizes: readonly number[], rows: StoredRows): Promise<SurveyedPopulation | undefined> {
  if (sizes.length < 2 || sizes.reduce((sum, size) => sum + size, 0) <= EXACT_PAIRS_LIMIT) return undefined;
  const merged = new DigestSurvey(blueprint);
  // The next row's digest is asked for while this one is merged: a statement's round trip each otherwise.
  let next = rows.digest(0);
  for (let chunk = 0; chunk < sizes.length; chunk++) {
    const text = await next;
    if (chunk + 1 < sizes.length) {
      next = rows.digest(chunk + 1);
      // Awaited on the next turn; a failure while this one is merged must not go unhandled meanwhile.
      next.catch(() => undefined);
    }
    const stored = text === null ? undefined : decodeShardDigest(text);
    merged.add(stored && stored.personas === sizes[chunk] && merged.fits(stored) ? stored : shardDigest(await rows.read(chunk), blueprint));
    if (chunk % 100 === 99) reportMemoryMark("survey digests merged", { rows: chunk + 1 });
  }
  const surveyed = merged.surveyed();
  reportMemoryMark("survey settled");
  return surveyed;
}

/**
 * Runs the reading `start` makes over the `chunks` stored rows the caller answers on `channel`.
 * Within a run of rows read in order, the next row is asked for at once, its answer parsed only if
 * it is read next: the readings go through the rows in order, a pass at a time, and each read was
 * otherwise a statement's round trip this thread waited for, a few hundred per report. A guess that
 * misses (a row skipped) costs the statement, not the parse; at most one row is ahead.
 */
async function readingStoredRows<Result>(channel: string, chunks: number, start: (rows: StoredRows) => Promise<ChunkReading<Result>>, prepared?: PreparedRows): Promise<Result> {
  const port = new BroadcastChannel(channel);
  const waiting = new Map<number, (answer: RowAnswer) => void>();
  port.onmessage = (event) => {
    const answer = (event as { data: RowAnswer | RowRequest }).data;
    if (answer.kind === "row") waiting.get(answer.request)?.(answer);
  };
  let requests = 0;
  const ask = async (kind: "read" | "digest" | "range", chunk: number, what: "summary" | "terms" = "summary", into?: SharedArrayBuffer): Promise<RowAnswer> => {
    const request = requests++;
    const answer = await new Promise<RowAnswer>((resolve) => {
      waiting.set(request, resolve);
      port.postMessage((kind === "range" ? { kind, request, range: chunk, what, ...(into ? { into } : {}) } : { kind, request, chunk }) satisfies RowRequest);
    });
    waiting.delete(request);
    if ("error" in answer) throw new Error(`reading the population's stored personas: ${answer.error}`);
    return answer;
  };
  let ahead: { chunk: number; answer: Promise<RowAnswer> } | undefined;
  let lastRead = -1;
  const rows: StoredRows = {
    async read(chunk) {
      const asked = ahead?.chunk === chunk ? ahead.answer : ask("read", chunk);
      // Only within a run of rows read in order (or at a pass's start): a row read out of order
      // (a listed duplicate's, a template's first writer's) is seldom followed by the next one.
      const inOrder = chunk === 0 || chunk === lastRead + 1;
      lastRead = chunk;
      ahead = inOrder && chunk + 1 < chunks ? { chunk: chunk + 1, answer: ask("read", chunk + 1) } : undefined;
      // Awaited when that row is read; a failure meanwhile (or of a guess never read) must not go unhandled.
      ahead?.answer.catch(() => undefined);
      const answer = await asked;
      if ("fields" in answer) return JSON.parse(answer.fields) as PersonaFields[];
      if (!("personas" in answer)) throw new Error(`reading the population's stored personas: row ${chunk} was answered without them`);
      const fields = personaFields(JSON.parse(answer.personas) as PersonaFields[]);
      port.postMessage({ kind: "keep", chunk, fieldsJson: JSON.stringify(fields) } satisfies RowRequest);
      return fields;
    },
    async digest(chunk) {
      const answer = await ask("digest", chunk);
      return "digest" in answer ? answer.digest : null;
    },
    async range(range, what, into) {
      const answer = await ask("range", range, what, into);
      if (!("bytes" in answer)) throw new Error(`reading the report's range ${range}: answered without its bytes`);
      return answer.bytes;
    },
  };
  try {
    // A prepared chunk (`preparedChunkIndex`) comes from the thread that reads its terms; read here when that thread could not.
    return await runReading(await start(rows), async (chunk) => {
      if (chunk >= 0) return rows.read(chunk);
      // The cosines of the pairs handed to that thread, or none (it failed): compared here then.
      if (chunk === PAIRS_ELSEWHERE) return Object.assign([], (await prepared?.compared()) ?? {});
      return (await prepared?.take(-1 - chunk)) ?? rows.read(-1 - chunk);
    });
  } finally {
    prepared?.close();
    port.close();
  }
}

/** A chunk reading that is done at once with `value` (a task whose work is not a reading of the rows). */
function* done<Result>(value: Result): ChunkReading<Result> {
  return value;
}

export interface ReportSurveyInput extends StoredReportsInput {}

/**
 * The first step of a report by ranges (report-ranges.ts): the digests merged, the survey and the
 * reports' rest made, as bytes to store; `null` when the population takes the one-task report
 * (up to the exact limit, in fewer than two rows, or a digest without the counts it needs).
 */
export async function reportSurvey({ blueprint, seed, sizes, channel }: ReportSurveyInput): Promise<Uint8Array | null> {
  return readingStoredRows(channel, sizes.length, async (rows) => rangeSurveyOfChunks(blueprint, seed, sizes, await surveyedFromDigests(blueprint, sizes, rows)));
}

/** The survey of `surveyed` for ranges, with the reports' rest (`reportPartOfChunks`' sentences part: its rows read only to word listed templates). */
export function* rangeSurveyOfChunks(blueprint: Blueprint, seed: number, sizes: readonly number[], surveyed: SurveyedPopulation | undefined): ChunkReading<Uint8Array | null> {
  if (sizes.length < 2 || !rangeable(blueprint, surveyed)) {
    surveyed?.table.release();
    return null;
  }
  const fields = surveyed.survey.fields();
  const { dimensions, counts } = frequenciesOf(surveyed.table);
  const rest = (yield* reportPartOfChunks(blueprint, seed, sizes, "sentences", surveyed)) as Extract<ReportPart, { part: "sentences" }>;
  const personas = sizes.reduce((sum, size) => sum + size, 0);
  return encodeSurvey({ fields, personas, dimensions, counts, rest: { sentences: rest.sentences, marginals: rest.marginals, fidelity: rest.fidelity } });
}

export interface ReportRangeInput extends StoredReportsInput {
  /** `reportSurvey`'s bytes. */
  survey: Uint8Array;
  /** The range's first row and the row after its last. */
  from: number;
  to: number;
}

/** One range of a report by ranges (report-ranges.ts `rangePartOfChunks`), its rows read as `storedReports` reads them. */
export async function reportRange({ seed, sizes, channel, survey, from, to }: ReportRangeInput): Promise<RangeOutput> {
  // The previous range's arrays on this thread (its table, terms and output: ~60 MB at a million League personas) freed first.
  collectGarbage();
  return readingStoredRows(channel, sizes.length, async () => rangePartOfChunks(decodeSurvey(survey), seed, sizes, from, to));
}

export interface ReportMergeInput extends StoredReportsInput {
  survey: Uint8Array;
  ranges: Array<{ from: number; to: number }>;
  /** The terms budget whose half a window of ranges' terms holds (`HELD_TERM_ENTRIES`; tests give a smaller one). */
  heldTermEntries?: number;
}

/** The last step of a report by ranges (report-ranges.ts `mergeRanges`): each range's output asked for on the channel. */
export async function reportMerge({ seed, sizes, channel, survey, ranges, heldTermEntries = HELD_TERM_ENTRIES }: ReportMergeInput): Promise<PopulationReports> {
  collectGarbage();
  return readingStoredRows(channel, sizes.length, async (rows) => done(await mergeRanges(decodeSurvey(survey), seed, sizes, ranges, { summary: (range, into) => rows.range(range, "summary", into), terms: (range, into) => rows.range(range, "terms", into), read: (chunk) => rows.read(chunk) }, heldTermEntries)));
}

export interface StoredReportsByRangesInput extends StoredReportsInput {
  /** The one-task report's terms budget (`HELD_TERM_ENTRIES`; tests give a smaller one). */
  heldTermEntries?: number;
  /** Vector entries the one-task report holds (`HELD_VECTOR_ENTRIES`); tests give fewer, for the kept terms' path. */
  heldEntries?: number;
  /**
   * Vector entries from which a population reported by ranges is handed back as its survey
   * (`RangesApart`) for the ranges to be computed elsewhere (queue jobs, workers.ts); absent: every
   * range is computed in this task. The choice by ranges or in one pass does not depend on it.
   */
  rangesApartFrom?: number;
  /** Rows a range holds at most (`RANGE_ROWS`; tests give fewer, for more ranges of a small population). */
  rowsPerRange?: number;
  /**
   * The `BroadcastChannel` of a thread running `prepareRows` for this report: the one-task report's
   * vectors pass takes each row's terms from it (the same report, its rows parsed and tokenised there).
   */
  helper?: string;
}

/** A population to report by ranges elsewhere: its survey (`reportSurvey`'s bytes) and its ranges of rows. */
export interface RangesApart {
  survey: Uint8Array;
  ranges: Array<{ from: number; to: number }>;
}

/**
 * The reports of a stored population in one task: by ranges (report-ranges.ts) when the
 * population's vectors would not fit the one-task report's terms budget, else as `storedReports`.
 * The choice depends on the population alone (its rows' digests), never on the workers: the two
 * methods add the mean's sum in another order (decision 0008). Beyond the budget the one-task
 * report compares its pairs by reading and tokenising windows of rows again; the merge meets the
 * ranges' terms instead: "Night-shift nurses in Leeds" at 100,000 (29.6 million terms), 90.4 → 28.3
 * CPU-s, the same bytes (loaded, decision 0008 "Session 12"). Within the budget (League at 100,000:
 * 15.4 million) the one task is cheaper, and by ranges on two workers barely shorter (decision 0008,
 * "Session 15").
 *
 * Every range's output is held here until the merge, unless the population's entries pass
 * `rangesApartFrom`: then the task ends with the survey (`RangesApart`) and the caller has the
 * ranges and the merge computed as jobs (`reportRange`, `reportMerge`: the same bytes).
 */
export async function storedReportsByRanges({ blueprint, seed, sizes, channel, heldTermEntries = HELD_TERM_ENTRIES, heldEntries, rangesApartFrom, rowsPerRange, helper }: StoredReportsByRangesInput): Promise<PopulationReports | RangesApart> {
  const prepared = helper === undefined ? undefined : new PreparedRows(helper);
  let outputs: RangeOutput[] = [];
  let ranges: Array<{ from: number; to: number }> = [];
  let survey: Uint8Array | null = null;
  let apart = false;
  const reports = await readingStoredRows(channel, sizes.length, async (rows) => {
    const surveyed = await surveyedFromDigests(blueprint, sizes, rows);
    return (function* (): ChunkReading<PopulationReports | null> {
      const entries = sizes.length < 2 || !rangeable(blueprint, surveyed) ? 0 : vectorEntries(surveyed, sizes);
      if (entries <= heldTermEntries) return yield* populationReportsOfChunks(blueprint, seed, sizes, surveyed, prepared, heldEntries);
      survey = yield* rangeSurveyOfChunks(blueprint, seed, sizes, surveyed);
      if (!survey) throw new Error("a rangeable population gave no survey");
      ranges = rowRanges(sizes.length, rowsPerRange);
      if (rangesApartFrom !== undefined && entries > rangesApartFrom) {
        apart = true;
        return null;
      }
      const decoded = decodeSurvey(survey);
      outputs = [];
      for (const { from, to } of ranges) outputs.push(yield* rangePartOfChunks(decoded, seed, sizes, from, to));
      return null;
    })();
  }, prepared);
  if (reports) return reports;
  if (apart) return { survey: survey as unknown as Uint8Array, ranges };
  const held = outputs;
  outputs = [];
  return readingStoredRows(channel, sizes.length, async (rows) =>
    done(
      await mergeRanges(
        decodeSurvey(survey as unknown as Uint8Array),
        seed,
        sizes,
        ranges,
        {
          summary: async (range) => (held[range] as RangeOutput).summary,
          terms: async (range) => (held[range] as RangeOutput).terms,
          read: (chunk) => rows.read(chunk),
          // Held by the merge's last window from then on (a view on them): this task lets them go with it.
          readNoMore: (range) => ((held[range] as RangeOutput).terms = new Uint8Array(0)),
        },
        heldTermEntries,
      ),
    ),
  );
}

/**
 * What the report's thread and the thread reading its rows' terms (`prepareRows`) say on their
 * channel: that one is listening (`ready`), what the terms are read with (`start`, from the report's
 * vectors pass: `ChunkPreparer`), which chunk the pass has come to (`want`), a chunk's terms and its
 * personas' structured values (`prepared`, or why not: then the report reads that row itself), and
 * that no more chunks are wanted (`done`, from the report or from the caller once the report ended,
 * whichever path it took; `failed` from the caller when the reading thread failed).
 */
type HelperMessage =
  | { kind: "ready" }
  | { kind: "start"; fields: FeatureField[]; keyDimensions?: Int32Array }
  | { kind: "want"; chunk: number }
  | { kind: "prepared"; chunk: number; size: number; ids: Int32Array; counts: Uint16Array; start: Int32Array; values: unknown[][]; present: Uint8Array[] }
  | { kind: "prepared"; chunk: number; error: string }
  | { kind: "pairs"; pairs: HeldPairs }
  | { kind: "cosines"; cosines: Float64Array }
  | { kind: "done" }
  | { kind: "failed"; error: string };

/** Chunks the reading thread prepares past the one the report has come to: enough that the report never waits on it, few enough that a chunk's terms (~1 MB at 1,000 League personas) are not piled up. */
const PREPARED_AHEAD = 2;

/**
 * The report's side of `prepareRows` (a `ChunkPreparer`): the start message said (again when the
 * other thread says it is listening: a `BroadcastChannel` keeps nothing for a late listener), each
 * chunk asked for and awaited, its personas made again from their structured values. `take`
 * answers `undefined` for a chunk the other thread could not prepare, or once it failed: the report
 * reads that row itself.
 */
class PreparedRows implements ChunkPreparer {
  private readonly port: BroadcastChannel;
  private started: HelperMessage | undefined;
  private names: string[] = [];
  private failed = false;
  private readonly arrived = new Map<number, Extract<HelperMessage, { kind: "prepared" }>>();
  private readonly waiting = new Map<number, () => void>();
  /** The cosines of the pairs handed to the other thread (`comparePairs`), once it answers. */
  private cosines: Float64Array | undefined;
  private cosinesHeard: (() => void) | undefined;

  constructor(channel: string) {
    this.port = new BroadcastChannel(channel);
    this.port.onmessage = (event) => {
      const message = (event as { data: HelperMessage }).data;
      if (message.kind === "ready" && this.started) this.port.postMessage(this.started);
      else if (message.kind === "prepared") {
        this.arrived.set(message.chunk, message);
        this.waiting.get(message.chunk)?.();
      } else if (message.kind === "cosines") {
        this.cosines = message.cosines;
        this.cosinesHeard?.();
      } else if (message.kind === "failed") {
        this.failed = true;
        for (const wake of this.waiting.values()) wake();
        this.cosinesHeard?.();
      }
    };
  }

  start(fields: readonly FeatureField[], keyDimensions: Int32Array | undefined): void {
    this.names = fields.filter((field) => field.kind !== "text").map((field) => field.name);
    this.started = { kind: "start", fields: [...fields], ...(keyDimensions ? { keyDimensions } : {}) };
    this.port.postMessage(this.started);
  }

  async take(chunk: number): Promise<PreparedChunk | undefined> {
    this.port.postMessage({ kind: "want", chunk } satisfies HelperMessage);
    if (!this.arrived.has(chunk) && !this.failed) await new Promise<void>((resolve) => this.waiting.set(chunk, resolve));
    this.waiting.delete(chunk);
    const message = this.arrived.get(chunk);
    this.arrived.delete(chunk);
    if (!message || "error" in message) return undefined;
    const { names } = this;
    const plain = !names.includes("__proto__");
    const personas: PersonaFields[] = new Array(message.size);
    for (let index = 0; index < message.size; index++) {
      const fields: Record<string, string> = plain ? {} : nullPrototypeRecord();
      for (let column = 0; column < names.length; column++) if ((message.present[column] as Uint8Array)[index] === 1) fields[names[column] as string] = (message.values[column] as unknown[])[index] as string;
      personas[index] = { fields };
    }
    return Object.assign(personas, { terms: { store: { ids: message.ids, counts: message.counts, length: message.ids.length }, start: message.start } });
  }

  comparePairs(pairs: HeldPairs): boolean {
    if (this.failed || !this.started) return false;
    this.port.postMessage({ kind: "pairs", pairs } satisfies HelperMessage);
    return true;
  }

  /** The cosines of the pairs handed (`comparePairs`), or `undefined` when the other thread failed. */
  async compared(): Promise<{ cosines?: Float64Array }> {
    if (!this.cosines && !this.failed) await new Promise<void>((resolve) => (this.cosinesHeard = resolve));
    const cosines = this.cosines;
    this.cosines = undefined;
    return cosines ? { cosines } : {};
  }

  close(): void {
    this.port.postMessage({ kind: "done" } satisfies HelperMessage);
    this.port.close();
  }
}

export interface PrepareRowsInput {
  /** How many personas each stored row holds, in order. */
  sizes: number[];
  /** The `BroadcastChannel` on which the caller answers this task's reads of the rows (`RowRequest`). */
  channel: string;
  /** The `BroadcastChannel` shared with the report's task (`storedReportsByRanges`' `helper`). */
  helper: string;
}

/**
 * The terms of a stored population's rows, read for its report's vectors pass on another thread
 * (`ChunkPreparer`): once the report says what it reads them with, each row in order, parsed and
 * tokenised as the report would (`hashedTermsOf`, with the same keys), a few ahead of the chunk the
 * report has come to. Ends when the report says it wants no more (or every row is prepared); answers
 * how many rows it prepared. A row whose terms would need a key the report's table does not have
 * (never, when the survey counted every text) is left to the report.
 */
export async function prepareRows({ sizes, channel, helper }: PrepareRowsInput): Promise<number> {
  const port = new BroadcastChannel(helper);
  let start: Extract<HelperMessage, { kind: "start" }> | undefined;
  let pairs: HeldPairs | undefined;
  let wanted = -1;
  let finished = false;
  let wake: (() => void) | undefined;
  port.onmessage = (event) => {
    const message = (event as { data: HelperMessage }).data;
    if (message.kind === "start") start ??= message;
    else if (message.kind === "want") wanted = Math.max(wanted, message.chunk);
    else if (message.kind === "done") finished = true;
    else if (message.kind === "pairs") pairs = message.pairs;
    else return;
    wake?.();
  };
  const turn = () => new Promise<void>((resolve) => (wake = resolve));
  try {
    port.postMessage({ kind: "ready" } satisfies HelperMessage);
    while (!start && !finished) await turn();
    if (!start || finished) return 0;
    const { fields, keyDimensions } = start;
    const textFields = fields.filter((field) => field.kind === "text");
    const names = fields.filter((field) => field.kind !== "text").map((field) => field.name);
    // The report's keys: given in key order, each made again here in that order.
    const numbered = keyDimensions ? new NumberedDimensions() : undefined;
    if (numbered && keyDimensions) for (let key = 0; key < keyDimensions.length; key++) numbered.keyOf(keyDimensions[key] as number);
    const scratch = termScratch();
    let prepared = 0;
    await readingStoredRows(channel, sizes.length, async (rows) => {
      for (let chunk = 0; chunk < sizes.length && !finished; chunk++) {
        while (chunk > wanted + PREPARED_AHEAD && !finished) await turn();
        if (finished) break;
        const personas = await rows.read(chunk);
        const keys = numbered?.size ?? 0;
        const terms = hashedTermsOf(personas, textFields, scratch, numbered);
        if (numbered && numbered.size !== keys) {
          port.postMessage({ kind: "prepared", chunk, error: "a term outside the report's table" } satisfies HelperMessage);
          continue;
        }
        const present = names.map(() => new Uint8Array(personas.length));
        const values = names.map((name, column) =>
          personas.map((persona, index) => {
            const value = ownValue(persona.fields, name);
            if (value !== undefined) (present[column] as Uint8Array)[index] = 1;
            return value;
          }),
        );
        // Copies of their length: a view would send its whole buffer.
        port.postMessage({ kind: "prepared", chunk, size: personas.length, ids: terms.store.ids.slice(0, terms.store.length), counts: terms.store.counts.slice(0, terms.store.length), start: terms.start.slice(), values, present } satisfies HelperMessage);
        prepared++;
      }
      return done(prepared);
    });
    // Then, when the report hands them, the cosines of half its pairs (`ChunkPreparer.comparePairs`).
    while (!pairs && !finished) await turn();
    if (pairs) port.postMessage({ kind: "cosines", cosines: heldCosines(pairs) } satisfies HelperMessage);
    return prepared;
  } finally {
    port.close();
  }
}

/** The population's vectors' entries, as `lshDiversityOfChunks` counts them against its terms budget. */
function vectorEntries(surveyed: SurveyedPopulation, sizes: readonly number[]): number {
  const count = sizes.reduce((sum, size) => sum + size, 0);
  return surveyed.table.terms + count * surveyed.survey.fields().filter((field) => field.kind !== "text").length;
}

/** The ids and fields of personas, in that key order: what the reports read of them. */
export function personaFields(personas: readonly PersonaFields[]): PersonaFields[] {
  return personas.map(({ persona_id, fields }) => ({ persona_id, fields }));
}

export const ENGINE_TASKS = { sampleShards, writeOfflineShard, storedReports, storedReportPart, storedReportsByRanges, reportSurvey, reportRange, reportMerge, prepareRows, ...DIVERSITY_TASKS } as const;
export type EngineTaskName = keyof typeof ENGINE_TASKS;
