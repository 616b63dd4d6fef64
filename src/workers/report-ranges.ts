/**
 * The diversity report of a stored population above the exact limit, cut by persona range so that
 * several workers compute it at once (docs/decisions/0008, "Session 12"):
 *
 * 1. **survey** (`rangeSurveyOfChunks`, once): the shards' digests merged (`DigestSurvey`), kept as
 *    the fields and the document frequencies (`RangeSurvey`, a few MB), with the sentence counts,
 *    marginals and fidelity, which the digests give whole;
 * 2. **ranges** (`rangePartOfChunks`, one per range of rows, any worker): each range's unit vectors
 *    from the whole population's inverse frequencies, and of each persona what the merge needs —
 *    its vector's length, its 64-bit fingerprint (equal vectors), its LSH band keys (72 bytes) — the
 *    range's share of the mean's sum, and its terms as `HeldTerms` keeps them (4 bytes a term), from
 *    which the merge makes the vectors of the pairs it compares again without reading a row;
 * 3. **merge** (`mergeRanges`, once all ranges are stored): equal vectors grouped in persona order,
 *    the candidate pairs from the representatives' band keys, the seeded sample, each pair's exact
 *    cosine (its two vectors made again from the ranges' terms, a window of ranges at a time), the
 *    duplicate pairs explained from their rows, the mean from the ranges' sums.
 *
 * Every step is `lshDiversityOfChunks`'s own, in the same order, so the report is the same but for
 * one thing: the mean's sum ‖Σ u‖² adds each range's sum (made persona after persona) in range
 * order, where one pass adds persona after persona throughout. The two differ by rounding (a few
 * units in the last place of a number the report gives to 4 decimals); the ranges are fixed by the
 * population's rows alone, so the report is the same bytes whatever the workers, the order they
 * finish in, or a range computed twice.
 */
import { FNV_OFFSET_BASIS, FNV_PRIME, hashSeed } from "../engine/rng.ts";
import type { BlueprintInput } from "../engine/blueprint-check.ts";
import type { FeatureField, FeatureVector, PersonaFields } from "../engine/quality/similarity.ts";
import { DimensionTable, FEATURE_BITS, FEATURE_DIMENSIONS, hashedCosine, HashedVectoriser, HeldTerms, NumberedDimensions, RankedDimensions } from "../engine/quality/hashed-features.ts";
import { BandKeys, candidatePairsOfKeys, LSH_BANDS, type CandidateSearch } from "../engine/quality/near-duplicates.ts";
import { DUPLICATE_SIMILARITY, DUPLICATES_LISTED, explain, FIELDS_LISTED, fingerprintInto, HELD_TERM_ENTRIES, sampledPairsOf, SAMPLED_PAIRS, tallyHits, withSentences, type ChunkReading, type DiversityReport, type DuplicatePair } from "../engine/quality/diversity.ts";
import { PairBlocks, PairHits } from "../engine/quality/pairs.ts";
import { declaredTextFields, type SurveyedPopulation } from "../engine/quality/report-digest.ts";
import { grownTo, HashEntries, secondEnd } from "../engine/quality/hash-entries.ts";
import { SentenceCounter, type SentenceReport } from "../engine/quality/sentences.ts";
import { ownValue } from "../engine/quality/own-fields.ts";
import { round4 } from "../engine/quality/tvd.ts";
import type { PopulationReports } from "../pipeline/generate.ts";
import { reportMemoryMark } from "./report-memory-log.ts";
import { collectGarbage } from "./collect-garbage.ts";

/** As `lshDiversityOfChunks`: a cosine this close below the threshold counts. */
const EPSILON = 1e-9;

/** Rows of 1,000 personas a range holds at most: 100,000 personas make 4 ranges, 1,000,000 make 40. */
export const RANGE_ROWS = 25;

/** The ranges of `rows` stored rows: at least two, of at most `RANGE_ROWS` rows, as even as can be. */
export function rowRanges(rows: number, rowsPerRange = RANGE_ROWS): Array<{ from: number; to: number }> {
  const count = Math.min(rows, Math.max(2, Math.ceil(rows / rowsPerRange)));
  return Array.from({ length: count }, (_, range) => ({ from: Math.floor((range * rows) / count), to: Math.floor(((range + 1) * rows) / count) }));
}

// ---------------------------------------------------------------------------------------------
// Bytes: what a step stores for the next (a JSON header and typed arrays, each 8-byte aligned).

type Packed = Int32Array | Uint32Array | Float64Array;
const ARRAY_TYPES = { i32: Int32Array, u32: Uint32Array, f64: Float64Array } as const;
type ArrayType = keyof typeof ARRAY_TYPES;
const typeOf = (array: Packed): ArrayType => (array instanceof Int32Array ? "i32" : array instanceof Uint32Array ? "u32" : "f64");
const aligned = (offset: number) => (offset + 7) & ~7;

export function packBytes(header: unknown, arrays: readonly Packed[]): Uint8Array {
  const headerBytes = new TextEncoder().encode(JSON.stringify({ header, arrays: arrays.map((array) => [typeOf(array), array.length]) }));
  let size = aligned(4 + headerBytes.length);
  for (const array of arrays) size = aligned(size + array.byteLength);
  const bytes = new Uint8Array(size);
  new DataView(bytes.buffer).setUint32(0, headerBytes.length, true);
  bytes.set(headerBytes, 4);
  let offset = aligned(4 + headerBytes.length);
  for (const array of arrays) {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset = aligned(offset + array.byteLength);
  }
  return bytes;
}

export function unpackBytes<Header>(bytes: Uint8Array): { header: Header; arrays: Packed[] } {
  // A copy of its own when the bytes are not 8-byte aligned (a driver's Buffer shares a pooled slab).
  const own = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const headerLength = new DataView(own.buffer, own.byteOffset, 4).getUint32(0, true);
  const { header, arrays } = JSON.parse(new TextDecoder().decode(own.subarray(4, 4 + headerLength))) as { header: Header; arrays: Array<[ArrayType, number]> };
  let offset = aligned(4 + headerLength);
  const views = arrays.map(([type, length]) => {
    const view = new ARRAY_TYPES[type](own.buffer as ArrayBuffer, own.byteOffset + offset, length);
    offset = aligned(offset + view.byteLength);
    return view;
  });
  return { header, arrays: views };
}

// ---------------------------------------------------------------------------------------------
// 1. The survey.

/** A field's binning range may be infinite or −0, which JSON does not keep. */
const encodedBound = (value: number | undefined) => (value === undefined ? null : Object.is(value, -0) ? "-0" : Number.isFinite(value) ? value : String(value));
const decodedBound = (value: number | string | null) => (value === null ? undefined : typeof value === "number" ? value : Number(value));

/** The sentences' part of the reports (merged from the digests), as `reportPartOfChunks` gives it. */
export interface SentencesPart {
  sentences: SentenceReport;
  marginals: PopulationReports["marginals"];
  fidelity: PopulationReports["fidelity"];
}

/** What every range and the merge start from: the fields, the document frequencies, and the rest of the reports. */
export interface RangeSurvey {
  fields: FeatureField[];
  personas: number;
  dimensions: Int32Array;
  counts: Int32Array;
  rest: SentencesPart;
}

interface SurveyHeader {
  fields: Array<[string, FeatureField["kind"], number | string | null, number | string | null]>;
  personas: number;
  rest: SentencesPart;
}

export function encodeSurvey(survey: RangeSurvey): Uint8Array {
  const header: SurveyHeader = { fields: survey.fields.map((field) => [field.name, field.kind, encodedBound(field.low), encodedBound(field.high)]), personas: survey.personas, rest: survey.rest };
  return packBytes(header, [survey.dimensions, survey.counts]);
}

export function decodeSurvey(bytes: Uint8Array): RangeSurvey {
  const { header, arrays } = unpackBytes<SurveyHeader>(bytes);
  const fields = header.fields.map(([name, kind, low, high]): FeatureField => {
    const field: FeatureField = { name, kind };
    if (low !== null) field.low = decodedBound(low);
    if (high !== null) field.high = decodedBound(high);
    return field;
  });
  return { fields, personas: header.personas, dimensions: arrays[0] as Int32Array, counts: arrays[1] as Int32Array, rest: header.rest };
}

/**
 * Whether a population surveyed from its digests can be reported by ranges: every digest carried
 * the sentence and structured counts, and the text fields are the declared ones (fields the
 * blueprint does not declare that turn out to be text would need a pass over the rows for their
 * frequencies: such a population takes the one-task report).
 */
export function rangeable(blueprint: BlueprintInput | undefined, surveyed: SurveyedPopulation | undefined): surveyed is SurveyedPopulation & Required<Pick<SurveyedPopulation, "sentences" | "structured">> {
  if (!surveyed?.sentences || !surveyed.structured) return false;
  const fields = surveyed.survey.fields();
  const names = (list: readonly FeatureField[]) => list.map((field) => field.name).join("\u0000");
  if (names(fields.filter((field) => field.kind === "text")) !== names(declaredTextFields(blueprint))) return false;
  return surveyed.sentences.fits(SentenceCounter.fieldsOf(fields));
}

/** The document frequencies a surveyed table holds (not inverted yet), by dimension in ascending order. */
export function frequenciesOf(table: DimensionTable): { dimensions: Int32Array; counts: Int32Array } {
  const { dimensions, values } = slotsOf(table, 0);
  return { dimensions, counts: Int32Array.from(values) };
}

/**
 * The table's non-zero values in one of its two slots a dimension (0: the document frequency or
 * inverse frequency; 1: the mean's sum of the vectors added), by dimension in ascending order.
 */
function slotsOf(table: DimensionTable, slot: 0 | 1): { dimensions: Int32Array; values: Float64Array } {
  const { values, touched } = table;
  const dimensions: number[] = [];
  const found: number[] = [];
  const blockSize = FEATURE_DIMENSIONS / touched.length;
  for (let block = 0; block < touched.length; block++) {
    if (touched[block] === 0) continue;
    for (let dimension = block * blockSize; dimension < (block + 1) * blockSize; dimension++) {
      const value = values[dimension * 2 + slot] as number;
      if (value !== 0) {
        dimensions.push(dimension);
        found.push(value);
      }
    }
  }
  return { dimensions: Int32Array.from(dimensions), values: Float64Array.from(found) };
}

/**
 * Surveyed dimensions up to which a range and the merge number them (`RankedDimensions`: 1 MB and
 * 20 bytes a dimension) instead of making the 2^22-dimension table (64 MB whatever the population):
 * about where the two hold as much. A million League personas meet ~1.05 million (decision 0008,
 * "Session 19"); up to session 18 the limit was 2^20 (`NumberedDimensions`, ~40 bytes a dimension).
 */
export const NUMBERED_DIMENSIONS_LIMIT = 3 * 2 ** 20;

/** What a range and the merge make their vectors with: the survey's inverse frequencies, and the mean's sum. */
type SurveyTable = DimensionTable | NumberedDimensions;

/**
 * The survey's inverse frequencies made again: the same floats as the survey's own table. Up to
 * `NUMBERED_DIMENSIONS_LIMIT` dimensions, numbered in the survey's (ascending) order, so that the
 * text terms' keys are the same in every range and in the merge (`rankKeyed`): each range and the
 * merge made the 2^22 table before (64 MB written sparsely, 16,000 pages faulted in, ~0.3-0.45 CPU-s
 * each at 100,000 League personas); structured tokens' dimensions are numbered after them as met.
 */
function invertedTable(survey: RangeSurvey, numberedLimit: number): SurveyTable {
  const { dimensions, counts, personas } = survey;
  if (dimensions.length > numberedLimit) {
    const table = DimensionTable.take();
    table.addCounts(dimensions, counts, personas);
    table.invert();
    return table;
  }
  // Each surveyed dimension keyed by its rank (the survey's dimensions are ascending). The inverse
  // frequencies are `DimensionTable.invert`'s, from the same integer counts by the same formula.
  const table = new RankedDimensions(dimensions);
  let terms = 0;
  for (let k = 0; k < dimensions.length; k++) terms += counts[k] as number;
  table.terms = terms;
  const values = table.values;
  for (let key = 0; key < dimensions.length; key++) values[key * 2] = Math.log((1 + personas) / (1 + (counts[key] as number))) + 1;
  return table;
}

/** A table's mean's sum, by dimension in ascending order (what a range stores). */
function sumsOf(table: SurveyTable): { dimensions: Int32Array; values: Float64Array } {
  if (table instanceof DimensionTable) return slotsOf(table, 1);
  const { size, keyDimensions, values } = table;
  const order = new Float64Array(size);
  for (let key = 0; key < size; key++) order[key] = (keyDimensions[key] as number) * FEATURE_DIMENSIONS + key;
  order.sort();
  const dimensions: number[] = [];
  const found: number[] = [];
  for (let position = 0; position < size; position++) {
    const key = (order[position] as number) % FEATURE_DIMENSIONS;
    const value = values[key * 2 + 1] as number;
    if (value !== 0) {
      dimensions.push(keyDimensions[key] as number);
      found.push(value);
    }
  }
  return { dimensions: Int32Array.from(dimensions), values: Float64Array.from(found) };
}

/** A table's key of `dimension` (a dimension is its own key in the 2^22 table). */
const keyIn = (table: SurveyTable, dimension: number): number => (table instanceof DimensionTable ? dimension : table.keyOf(dimension));

/** A table's dimension of `key`. */
const dimensionIn = (table: SurveyTable, key: number): number => (table instanceof DimensionTable ? key : (table.keyDimensions[key] as number));

const DIMENSION_MASK = FEATURE_DIMENSIONS - 1;

// ---------------------------------------------------------------------------------------------
// 2. A range.

/** What the merge reads of a range but its terms. */
interface RangeSummary {
  count: number;
  nonEmpty: number;
  /** How many packed terms the range's terms hold (absent in a summary stored before session 14: its terms are read to know). */
  terms?: number;
  lengths: Int32Array;
  /** Two 32-bit halves a persona. */
  fingerprints: Int32Array;
  keys: Uint32Array;
  /** The range's share of the mean's sum, by dimension in ascending order. */
  sumDimensions: Int32Array;
  sums: Float64Array;
}

/** A range's stored output: its summary, and its terms (`HeldTerms`). */
export interface RangeOutput {
  summary: Uint8Array;
  terms: Uint8Array;
}

/** The diversity report's seed (`populationReportsOfChunks`) and its band keys' (`lshDiversityOfChunks`). */
const diversitySeed = (seed: number) => hashSeed(seed, "diversity");

/**
 * A range of the population's rows (`from` to `to`, chunk indices), read once: see the module header.
 * Above the held budget the range's terms are still kept whole (a range is at most `RANGE_ROWS` rows).
 */
export function* rangePartOfChunks(survey: RangeSurvey, seed: number, sizes: readonly number[], from: number, to: number, numberedLimit = NUMBERED_DIMENSIONS_LIMIT): ChunkReading<RangeOutput> {
  const count = sizes.slice(from, to).reduce((sum, size) => sum + size, 0);
  const table = invertedTable(survey, numberedLimit);
  const vectoriser = new HashedVectoriser(survey.fields, table);
  const structuredCount = survey.fields.filter((field) => field.kind !== "text").length;
  const textCount = survey.fields.length - structuredCount;
  const kept = new HeldTerms(count, structuredCount, textCount, Math.ceil((table.terms * count) / Math.max(1, survey.personas)));
  const lengths = new Int32Array(count);
  const fingerprints = new Int32Array(count * 2);
  const keys = new Uint32Array(count * LSH_BANDS);
  const bandKeys = new BandKeys(hashSeed(diversitySeed(seed), "lsh"));
  let nonEmpty = 0;
  let index = 0;
  for (let chunk = from; chunk < to; chunk++) {
    const personas = yield chunk;
    // Each vector is added to the table's sum as it is made: the range's share of the mean's sum.
    for (const vector of vectoriser.vectorise(personas, true, true, kept)) {
      lengths[index] = vector.ids.length;
      fingerprintInto(vector, fingerprints, index);
      if (vector.ids.length > 0) {
        nonEmpty++;
        bandKeys.write(vector, keys, index);
      }
      index++;
    }
  }
  reportMemoryMark("range rows read", { from, to, terms: kept.starts[kept.starts.length - 1] });
  const { dimensions: sumDimensions, values: sums } = sumsOf(table);
  // The structured tokens' keys are this range's numbering (as met): stored as their dimensions.
  // The text terms' keys are the survey's ranks when the table is numbered (`rankKeyed`), the same in every range.
  const structured = table instanceof DimensionTable ? kept.structured : kept.structured.map((key) => (key < 0 ? key : dimensionIn(table, key)));
  const rankKeyed = table instanceof NumberedDimensions;
  if (table instanceof DimensionTable) table.release();
  const used = kept.starts[kept.starts.length - 1] as number;
  const overflow = [...kept.overflow.entries()];
  return {
    summary: packBytes({ count, nonEmpty, terms: used }, [lengths, fingerprints, keys, sumDimensions, sums]),
    terms: packBytes({ count, structuredCount, textCount, ...(rankKeyed ? { rankKeyed } : {}) }, [structured, kept.terms.subarray(0, used), kept.starts, Int32Array.from(overflow.map(([position]) => position)), Int32Array.from(overflow.map(([, value]) => value))]),
  };
}

function decodeSummary(bytes: Uint8Array): RangeSummary {
  const { header, arrays } = unpackBytes<{ count: number; nonEmpty: number; terms?: number }>(bytes);
  const [lengths, fingerprints, keys, sumDimensions, sums] = arrays as [Int32Array, Int32Array, Uint32Array, Int32Array, Float64Array];
  return { ...header, lengths, fingerprints, keys, sumDimensions, sums };
}

/** A range's stored terms' header: `rankKeyed`, its text terms are keyed by their rank in the survey's dimensions (else by dimension). */
interface TermsHeader {
  count: number;
  structuredCount: number;
  textCount: number;
  rankKeyed?: boolean;
}

/**
 * A range's stored terms as a `HeldTerms`, keyed in `table`: structured tokens are stored as
 * dimensions; text terms as `table` keys them already — then the packed terms are a view on `bytes`,
 * not a copy (a window of the merge held its ranges' bytes and a copy of them until the bytes were
 * collected: twice its terms; decision 0008, "Session 16") — unless stored by a range that keyed
 * them otherwise (a range stored by an earlier version, or past `NUMBERED_DIMENSIONS_LIMIT` on one
 * side only), whose terms are keyed again here, into arrays of their own.
 */
function heldTermsOf(bytes: Uint8Array, table: SurveyTable, survey: RangeSurvey): HeldTerms {
  const { header, arrays } = unpackBytes<TermsHeader>(bytes);
  const [structured, packed, starts, positions, counts] = arrays as [Int32Array, Uint32Array, Int32Array, Int32Array, Int32Array];
  const { count, structuredCount, textCount } = header;
  const tableRankKeyed = table instanceof NumberedDimensions;
  const keyedAlike = (header.rankKeyed ?? false) === tableRankKeyed;
  const held = new HeldTerms(count, structuredCount, textCount, keyedAlike ? 0 : packed.length);
  if (tableRankKeyed) for (let k = 0; k < structured.length; k++) held.structured[k] = (structured[k] as number) < 0 ? (structured[k] as number) : keyIn(table, structured[k] as number);
  else held.structured.set(structured);
  if (keyedAlike) held.terms = packed;
  else {
    // Keyed again: by rank in the survey's dimensions (the table's keys) or by dimension.
    for (let k = 0; k < packed.length; k++) {
      const stored = packed[k] as number;
      const dimension = header.rankKeyed ? (survey.dimensions[stored & DIMENSION_MASK] as number) : stored & DIMENSION_MASK;
      held.terms[k] = (((stored >>> FEATURE_BITS) << FEATURE_BITS) | keyIn(table, dimension)) >>> 0;
    }
  }
  held.starts.set(starts);
  positions.forEach((position, k) => held.overflow.set(position, counts[k] as number));
  return held;
}

// ---------------------------------------------------------------------------------------------
// 3. The merge.

/** What the merge reads: each range's summary and terms, and rows (to explain the duplicate pairs). */
export interface RangeLoads {
  /**
   * A range's summary or terms. `into`: memory of an earlier load's that the merge no longer views,
   * which the loader may write the bytes at the start of (when they fit) instead of new memory.
   */
  summary(range: number, into?: SharedArrayBuffer): Promise<Uint8Array>;
  terms(range: number, into?: SharedArrayBuffer): Promise<Uint8Array>;
  read(chunk: number): Promise<readonly PersonaFields[]>;
  /** Told when a range's terms will not be asked for again (a caller holding them may let them go). */
  readNoMore?(range: number): void;
}

/**
 * The memory of one of the merge's loads, lent back to the loader for the next load in its place
 * (a window's slot, the range of seconds, the summary read). On a Postgres server each load is a
 * new `SharedArrayBuffer` (copy-bytes.ts) that both threads must collect before it is freed: at a
 * million personas the merge's thread held 100-150 MB of such loads, live and dead (decision 0008,
 * "Session 16"). Only shared memory is kept: other bytes would be copied to be sent back.
 */
class ReusedMemory {
  private memory: SharedArrayBuffer | undefined;

  /** Loads with this memory lent, and keeps the loaded bytes' memory for the next (its earlier bytes must no longer be in use). */
  async load(load: (into?: SharedArrayBuffer) => Promise<Uint8Array>): Promise<Uint8Array> {
    const bytes = await load(this.memory);
    if (bytes.buffer instanceof SharedArrayBuffer) this.memory = bytes.buffer;
    return bytes;
  }
}

/**
 * The reports from the survey and every range (`ranges`: each range's first and end chunk): see the
 * module header. Holds the representatives' band keys (72 bytes a persona), two fingerprint halves
 * and a group table while it finds the candidates, then for the pairs only the pairs and a window of
 * ranges' terms (half of `heldTermEntries`) with one more range's, or every range left when they fit
 * `heldTermEntries` (`endOfWindow`); and the survey's table throughout.
 */
export async function mergeRanges(survey: RangeSurvey, seed: number, sizes: readonly number[], ranges: ReadonlyArray<{ from: number; to: number }>, loads: RangeLoads, heldTermEntries = HELD_TERM_ENTRIES, numberedLimit = NUMBERED_DIMENSIONS_LIMIT): Promise<PopulationReports> {
  const n = sizes.reduce((sum, size) => sum + size, 0);
  // The band keys (72 bytes a persona) and the groups' table are let go before the pairs are
  // compared, which hold a window of ranges' terms. The survey's table holds the mean's sum first,
  // then gives the inverse frequencies the pairs' vectors are made with.
  const table = invertedTable(survey, numberedLimit);
  const { candidates: pairs, search, identicalPairCount, secondOfGroup, groupSize, mean, rangeStarts, rangeTerms } = await candidatesOfRanges(seed, n, ranges, loads, table);
  const candidateCount = pairs.length;
  reportMemoryMark("merge candidates", { candidates: candidateCount, numbered: !(table instanceof DimensionTable) });
  // The band keys (72 bytes a persona) and the groups' table are dead now: freed before the pairs'
  // order and the windows' terms are made (at a million personas, 72 MB besides ~100 of pairs).
  collectGarbage();
  // The sampled pairs (for the max alone) after the candidates, in the same blocks.
  const sampled = sampledPairsOf(diversitySeed(seed), n, SAMPLED_PAIRS);
  for (let p = 0; p < sampled.length; p++) pairs.push(sampled.firsts[p] as number, sampled.seconds[p] as number);
  let compared: { largest: number; hits: PairHits };
  try {
    compared = await comparePairs(survey, table, rangeStarts, rangeTerms, loads, pairs, candidateCount, identicalPairCount > 0 ? 1 : 0, heldTermEntries);
  } finally {
    if (table instanceof DimensionTable) table.release();
  }
  // The scan over the candidates that reached the threshold, in LSH's order: the others add only
  // to the max, which the comparisons kept.
  const { duplicatePairs, found } = tallyHits(n, { identicalPairCount, secondOfGroup, groupSize }, pairs, [compared.hits]);
  const max = compared.largest;
  reportMemoryMark("merge pairs compared");
  const duplicates = await explained(found, sizes, loads);
  const diversity = reportOf(max, mean, duplicatePairs, candidateCount + sampled.length, search, duplicates);
  return { diversity: withSentences(diversity, survey.rest.sentences), marginals: survey.rest.marginals, fidelity: survey.rest.fidelity };
}

/**
 * The merge's first step, from the ranges' summaries: equal vectors grouped in persona order, the
 * representatives' band keys and the candidate pairs from them, the mean from the ranges' sums, and
 * where each range starts and how many terms it holds. Its tables are gone once it returns.
 */
async function candidatesOfRanges(seed: number, n: number, ranges: ReadonlyArray<{ from: number; to: number }>, loads: RangeLoads, table: SurveyTable) {
  // Equal vectors: the first of each is a representative; the others are counted with it.
  const groups = new HashEntries();
  let owners: Int32Array = new Int32Array(1024);
  const groupSize = new Map<number, number>();
  const secondOfGroup = new Map<number, number>();
  let identicalPairCount = 0;
  const representatives = new Int32Array(n);
  let representativeCount = 0;
  const keys = new Uint32Array(n * LSH_BANDS);
  const bandKeys = new BandKeys(hashSeed(diversitySeed(seed), "lsh"));
  const empty: FeatureVector = { ids: new Int32Array(0), weights: new Float64Array(0) };
  const rangeStarts: number[] = [];
  const rangeTerms: number[] = [];
  let nonEmpty = 0;
  let index = 0;
  // Each summary is used up within its turn: one memory serves them all.
  const summaryMemory = new ReusedMemory();
  for (let range = 0; range < ranges.length; range++) {
    const summary = decodeSummary(await summaryMemory.load((into) => loads.summary(range, into)));
    rangeStarts.push(index);
    rangeTerms.push(summary.terms ?? termEntries(await loads.terms(range)));
    nonEmpty += summary.nonEmpty;
    // The mean's sum, range after range (each dimension's sums added in range order).
    for (let k = 0; k < summary.sumDimensions.length; k++) table.accumulate(keyIn(table, summary.sumDimensions[k] as number), summary.sums[k] as number);
    for (let offset = 0; offset < summary.count; offset++, index++) {
      const entry = groups.entryOf(summary.fingerprints[offset * 2] as number, summary.fingerprints[offset * 2 + 1] as number);
      if (entry >= 0) {
        const first = owners[entry] as number;
        const size = (groupSize.get(first) ?? 1) + 1;
        groupSize.set(first, size);
        identicalPairCount += size - 1;
        if (size === 2) secondOfGroup.set(first, index);
        continue;
      }
      const added = -1 - entry;
      if (added >= owners.length) owners = grownTo(owners, added);
      owners[added] = index;
      representatives[representativeCount] = index;
      // An empty vector's keys depend on its place among the representatives: made here, as one pass makes them.
      if ((summary.lengths[offset] as number) > 0) keys.set(summary.keys.subarray(offset * LSH_BANDS, (offset + 1) * LSH_BANDS), representativeCount++ * LSH_BANDS);
      else bandKeys.write(empty, keys, representativeCount++);
    }
  }
  rangeStarts.push(index);
  if (index !== n) throw new Error(`the report's ranges hold ${index} personas, the population ${n}`);
  // In ascending order of dimension, as one pass over the 2^22 sums adds them (it adds only zeros besides).
  const squared = table.sumOfSquares();
  const mean = n > 1 ? Math.max(0, (squared - nonEmpty) / (n * (n - 1))) : 0;

  const candidates = new PairBlocks();
  const search = candidatePairsOfKeys(keys.subarray(0, representativeCount * LSH_BANDS), representatives.subarray(0, representativeCount), (a, b) => candidates.push(a, b));
  return { candidates, search, identicalPairCount, secondOfGroup, groupSize, mean, rangeStarts, rangeTerms };
}

/**
 * The exact cosine of every pair of `pairs` (the candidates, then the sampled pairs): the largest
 * of them (from `largestKnown`) and the candidates at the duplicate threshold or above, no cosine
 * kept besides (each candidate's in an array of its own was 80 MB at a million personas). A window
 * of ranges' terms is held (as many ranges as fit `HELD_TERM_ENTRIES` with one more), and the pairs
 * whose first persona is in it are compared range of the second by range of the second, that range's
 * terms loaded when it is not in the window. A cosine below the threshold and the largest so far may
 * stop early (−1, `hashedCosine`): it adds to neither, whatever the order.
 */
async function comparePairs(survey: RangeSurvey, table: SurveyTable, rangeStarts: readonly number[], rangeTerms: readonly number[], loads: RangeLoads, pairs: PairBlocks, candidateCount: number, largestKnown: number, heldTermEntries: number): Promise<{ largest: number; hits: PairHits }> {
  const rangeOf = (index: number): number => {
    let low = 0;
    let high = rangeStarts.length - 2;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((rangeStarts[middle] as number) <= index) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  const total = pairs.length;
  const firstOf = (pair: number) => pairs.first(pair);
  const secondOf = (pair: number) => pairs.second(pair);
  const hits = PairHits.upTo(candidateCount);
  const rangeCount = rangeStarts.length - 1;
  // By the second's range, then the first, then the pair: each window meets one range of seconds at
  // a time. The ranges by counting (a stable pass in pair order), each range's pairs by a numeric
  // key, first × total + pair: a comparator sort of millions of pairs held two arrays of 8 bytes a
  // pair on the heap besides (at a million personas, tens of MB a merge).
  const segments = new Int32Array(rangeCount + 1);
  for (let pair = 0; pair < total; pair++) {
    const after = rangeOf(secondOf(pair)) + 1;
    segments[after] = (segments[after] as number) + 1;
  }
  for (let range = 0; range < rangeCount; range++) segments[range + 1] = (segments[range + 1] as number) + (segments[range] as number);
  const order = new Int32Array(total);
  const cursor = segments.slice(0, rangeCount);
  for (let pair = 0; pair < total; pair++) {
    const range = rangeOf(secondOf(pair));
    order[cursor[range] as number] = pair;
    cursor[range] = (cursor[range] as number) + 1;
  }
  let largestSegment = 0;
  for (let range = 0; range < rangeCount; range++) largestSegment = Math.max(largestSegment, (segments[range + 1] as number) - (segments[range] as number));
  const exactKeys = (rangeStarts[rangeCount] as number) * total <= Number.MAX_SAFE_INTEGER;
  const keys = new Float64Array(exactKeys ? largestSegment : 0);
  for (let range = 0; range < rangeCount; range++) {
    const segment = order.subarray(segments[range] as number, segments[range + 1] as number);
    if (!exactKeys) {
      segment.sort((x, y) => firstOf(x) - firstOf(y) || x - y);
      continue;
    }
    const segmentKeys = keys.subarray(0, segment.length);
    for (let k = 0; k < segment.length; k++) segmentKeys[k] = firstOf(segment[k] as number) * total + (segment[k] as number);
    segmentKeys.sort();
    for (let k = 0; k < segment.length; k++) segment[k] = (segmentKeys[k] as number) % total;
  }
  // Where each second of a run goes among the run's distinct seconds (−1: not met in this run).
  let largestRange = 0;
  for (let range = 0; range < rangeCount; range++) largestRange = Math.max(largestRange, (rangeStarts[range + 1] as number) - (rangeStarts[range] as number));
  const placeOf = new Int32Array(largestRange).fill(-1);
  const rangeSize = (range: number) => (rangeStarts[range + 1] as number) - (rangeStarts[range] as number);
  const threshold = DUPLICATE_SIMILARITY - EPSILON;
  let largest = largestKnown;
  const firstVectoriser = new HashedVectoriser<SurveyTable>(survey.fields, table);
  const secondVectoriser = new HashedVectoriser<SurveyTable>(survey.fields, table);
  // A window's ranges' terms and a range of seconds are views on their loads' memory, which the
  // next window (each slot) and the next range of seconds are loaded into once these are done with.
  const windowMemory: ReusedMemory[] = [];
  const secondsMemory = new ReusedMemory();
  for (let windowFrom = 0; windowFrom < rangeCount; ) {
    const windowTo = endOfWindow(rangeTerms, windowFrom, heldTermEntries);
    // The window's ranges' terms, one `HeldTerms` a range (views on their bytes).
    const window: HeldTerms[] = [];
    for (let range = windowFrom; range < windowTo; range++) {
      const slot = (windowMemory[range - windowFrom] ??= new ReusedMemory());
      window.push(heldTermsOf(await slot.load((into) => loads.terms(range, into)), table, survey));
    }
    reportMemoryMark("merge window", { from: windowFrom, to: windowTo });
    if (windowTo === rangeCount) for (let range = windowFrom; range < windowTo; range++) loads.readNoMore?.(range);
    const windowStart = rangeStarts[windowFrom] as number;
    const windowEnd = rangeStarts[windowTo] as number;
    // A first persona precedes its second: the seconds of this window's pairs are in its ranges or later ones.
    for (let secondRange = windowFrom; secondRange < rangeCount; secondRange++) {
      let k = segments[secondRange] as number;
      const end = segments[secondRange + 1] as number;
      // The segment is in order of first persona: this window's pairs are one run of it.
      let high = end;
      while (k < high) {
        const middle = (k + high) >>> 1;
        if (firstOf(order[middle] as number) < windowStart) k = middle + 1;
        else high = middle;
      }
      if (k === end || firstOf(order[k] as number) >= windowEnd) continue;
      // The seconds of a segment are all in its range: a window's range, or one loaded for them.
      const seconds = secondRange < windowTo ? (window[secondRange - windowFrom] as HeldTerms) : heldTermsOf(await secondsMemory.load((into) => loads.terms(secondRange, into)), table, survey);
      const secondsStart = rangeStarts[secondRange] as number;
      // Each second of this run made once (a persona is the second of several pairs), in one call.
      let runEnd = k;
      while (runEnd < end && firstOf(order[runEnd] as number) < windowEnd) runEnd++;
      for (let m = k; m < runEnd; m++) placeOf[secondOf(order[m] as number) - secondsStart] = 0;
      const distinct: number[] = [];
      for (let local = 0; local < rangeSize(secondRange); local++) if (placeOf[local] === 0) placeOf[local] = distinct.push(local) - 1;
      const secondVectors = secondVectoriser.vectoriseHeld(seconds, distinct);
      let lastFirst = -1;
      let firstVector: FeatureVector | undefined;
      // The window's range of the run's first persona (the run is in order of first persona).
      let firstRange = windowFrom;
      for (; k < runEnd; k++) {
        const pair = order[k] as number;
        const first = firstOf(pair);
        const sameFirst = first === lastFirst;
        while (first >= (rangeStarts[firstRange + 1] as number)) firstRange++;
        if (!sameFirst) firstVector = firstVectoriser.vectoriseHeld(window[firstRange - windowFrom] as HeldTerms, [first - (rangeStarts[firstRange] as number)])[0];
        lastFirst = first;
        const secondVector = secondVectors[placeOf[secondOf(pair) - secondsStart] as number] as FeatureVector;
        const candidate = pair < candidateCount;
        const cosine = hashedCosine(firstVector as FeatureVector, secondVector, sameFirst, candidate ? Math.min(threshold, largest) : largest);
        if (candidate && cosine >= threshold) hits.add(pair, cosine);
        if (cosine > largest) largest = cosine;
      }
      for (const local of distinct) placeOf[local] = -1;
    }
    windowFrom = windowTo;
  }
  return { largest, hits };
}

/**
 * Where the merge's window of ranges from `from` ends (the range after its last), sized from the
 * summaries' term counts, so that each range's terms are read once a window: every range left
 * when their terms fit the budget (no range of seconds is read besides: each range read once, as
 * the one-task report holds every persona's terms within the budget), else the ranges whose terms
 * fit half of it (the other half: a range of seconds), at least one.
 */
export function endOfWindow(rangeTerms: readonly number[], from: number, heldTermEntries: number): number {
  let left = 0;
  for (let range = from; range < rangeTerms.length; range++) left += rangeTerms[range] as number;
  if (left <= heldTermEntries) return rangeTerms.length;
  let to = from + 1;
  let entries = rangeTerms[from] as number;
  while (to < rangeTerms.length && entries + (rangeTerms[to] as number) <= heldTermEntries / 2) entries += rangeTerms[to++] as number;
  return to;
}

/** How many terms a range's stored terms hold. */
function termEntries(bytes: Uint8Array): number {
  return (unpackBytes(bytes).arrays[1] as Uint32Array).length;
}

/** The duplicate pairs found, explained from their personas' fields (their rows read again). */
async function explained(found: ReadonlyArray<{ a: number; b: number; similarity: number }>, sizes: readonly number[], loads: RangeLoads): Promise<DuplicatePair[]> {
  const starts = [0];
  for (const size of sizes) starts.push((starts[starts.length - 1] as number) + size);
  const chunkOf = (index: number) => starts.findIndex((start, chunk) => index < (starts[chunk + 1] ?? Infinity) && index >= start);
  const wanted = [...new Set(found.flatMap((pair) => [pair.a, pair.b]))].sort((a, b) => a - b);
  const personas = new Map<number, PersonaFields>();
  for (let position = 0; position < wanted.length; ) {
    const chunk = chunkOf(wanted[position] as number);
    const read = await loads.read(chunk);
    for (; position < wanted.length && (wanted[position] as number) < (starts[chunk + 1] as number); position++) personas.set(wanted[position] as number, read[(wanted[position] as number) - (starts[chunk] as number)] as PersonaFields);
  }
  return found.map(({ a, b, similarity }) => explain(personas.get(a) as PersonaFields, personas.get(b) as PersonaFields, similarity, a, b));
}

/** The report in `lshDiversityOfChunks`'s keys and order, its sentence counts zeros (`withSentences` puts the merged ones in). */
function reportOf(max: number, mean: number, duplicatePairs: number, pairsCompared: number, search: CandidateSearch, duplicates: DuplicatePair[]): DiversityReport {
  const report: DiversityReport = {
    max_pairwise_similarity: round4(max),
    mean_pairwise_similarity: round4(mean),
    duplicate_pairs: duplicatePairs,
    method: "lsh",
    mean_method: "exact",
    pairs_compared: pairsCompared,
    sentences: 0,
    repeated_sentences: 0,
    templated_sentences: 0,
    templated_share: 0,
  };
  report.max_method = max >= DUPLICATE_SIMILARITY - EPSILON ? "exact" : "candidates";
  report.lsh = search.parameters;
  report.feature_dimensions = FEATURE_DIMENSIONS;
  if (search.truncated) report.truncated = true;
  if (duplicates.length > 0) report.duplicates = duplicates;
  return report;
}
