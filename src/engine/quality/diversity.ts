/**
 * The `diversity` report (spec 002/003, DESIGN §4): mean and max pairwise cosine similarity and the
 * number of duplicate pairs (similarity ≥ 0.9).
 *
 * - The mean is always exact, for any N, in linear time: for unit vectors,
 *   Σ_{i≠j} u_i·u_j = ‖Σ u_i‖² − N (`mean_method: "exact"`). Above `EXACT_PAIRS_LIMIT` the features
 *   are hashed into 2^22 dimensions first (hashed-features.ts, `feature_dimensions` in the report):
 *   the mean is exact over those vectors, whose cosines differ from the unhashed ones only where two
 *   features coincide in one dimension.
 * - Up to `EXACT_PAIRS_LIMIT` personas every pair is compared (through an inverted index):
 *   `method: "exact"`, and the max and the duplicate count are exact.
 * - Above it (`method: "lsh"`), identical personas are grouped and counted combinatorially, and
 *   near-duplicates are the candidate pairs of a weighted MinHash LSH (near-duplicates.ts: every
 *   part of a persona weighs in it as in the cosine), each verified by its exact cosine, so every
 *   duplicate pair counted is one and the closest pairs listed are exact; a duplicate pair is missed
 *   only when LSH does not make it a candidate (the tests plant near-duplicates and find them all).
 *   A candidate's cosine is read only as far as it must be: it stops once it is certainly below both
 *   the threshold and the largest cosine found so far (`hashedCosine`'s floor), which leaves the
 *   count, the max and the pairs listed as they were, to the bit.
 *   The max is the largest among the candidates and a seeded sample of random pairs
 *   (`max_method: "candidates"`; `"exact"` once it reaches the duplicate threshold). The report
 *   states the parameters (`lsh`: bands, rows, candidate pairs). DESIGN §4's first choice, an exact
 *   prefix filter on an inverted index, took 20–30 s at 100,000 personas and still had to cap its
 *   candidate lists; this takes about a second.
 * - Text fields are also read as sentences (sentences.ts): a sentence that comes back in another persona with only
 *   its names and numbers changed is a *templated* sentence ("Weekends are for digging through record
 *   shops." in half the population). Whole-persona cosine hides it (the rest of the persona differs);
 *   counting templates shows it (`sentences`, `repeated_sentences`, `templated_sentences`,
 *   `templated_share`, and the most repeated templates as `near_duplicate_sentences`).
 */
import type { BlueprintInput } from "../blueprint-check.ts";
import type { Diversity } from "../persona.ts";
import { createRng, FNV_OFFSET_BASIS, FNV_PRIME, hashSeed } from "../rng.ts";
import { featureFields, FieldSurvey, vectorise, type FeatureField, type FeatureVector, type PersonaFields, type TextTerms } from "./similarity.ts";
import { eachSharedVector, FEATURE_DIMENSIONS, hashedCosine, hashedTermsOf, hashedVectors, HashedVectoriser, HeldTerms, NumberedDimensions, termScratch, TermVectors, DimensionTable, type MeanSum, type SharedTerms } from "./hashed-features.ts";
import { round4 } from "./tvd.ts";
import { ownValue } from "./own-fields.ts";
import { IdTable } from "./id-table.ts";
import { BandKeys, candidatePairsOfKeys, LSH_BANDS, type CandidateSearch, type LshParameters } from "./near-duplicates.ts";
import { declaredTextFields, type SurveyedPopulation } from "./report-digest.ts";
import { grownTo, HashEntries, secondEnd } from "./hash-entries.ts";
import { SentenceCounter, sentenceReport, templateWordingOf, type SentenceMerge, type SentenceReport } from "./sentences.ts";
import { PairBlocks, PairHits, PairList, type Pairs, type SharedHits } from "./pairs.ts";

export const DUPLICATE_SIMILARITY = 0.9;
export const EXACT_PAIRS_LIMIT = 2_000;
/** Random pairs examined for the max above the exact limit (besides the LSH candidates). */
export const SAMPLED_PAIRS = 20_000;
/** Duplicate pairs explained in the report, at most. */
export const DUPLICATES_LISTED = 20;
/** Field names one explanation lists as the same (and, separately, as different), at most; beyond it they are counted. */
export const FIELDS_LISTED = 50;
const EPSILON = 1e-9;

export interface DuplicatePair {
  persona_ids: [string, string];
  similarity: number;
  /** Fields whose values are identical in both personas. */
  same_fields: string[];
  /** Fields whose values differ. */
  different_fields: string[];
  /** How many fields are the same, when there are more than `FIELDS_LISTED` (only the first are listed). */
  same_field_count?: number;
  different_field_count?: number;
}

export interface DiversityReport extends Diversity, SentenceReport {
  /** `exact`: every pair compared; `lsh`: candidate pairs from LSH, each compared exactly. */
  method: "exact" | "lsh";
  /** The mean is exact at any size (see above). */
  mean_method: "exact";
  pairs_compared: number;
  /** Above the exact limit: the max is exact when it reaches the duplicate threshold, else the largest among the candidates and sampled pairs. */
  max_method?: "exact" | "candidates";
  /** How LSH chose its candidates, with `method: "lsh"`. */
  lsh?: LshParameters;
  /** With `method: "lsh"`: the features were hashed into this many dimensions (hashed-features.ts), the mean exact over them. */
  feature_dimensions?: number;
  /** Some LSH bucket was too large to compare whole: the duplicate count may miss pairs in it. */
  truncated?: boolean;
  duplicates?: DuplicatePair[];
}

export interface DiversityOptions {
  seed?: number;
  /** Compare every pair up to this many personas (default `EXACT_PAIRS_LIMIT`). */
  exactLimit?: number;
  sampledPairs?: number;
  /** Vector entries held at once above the exact limit (default `HELD_VECTOR_ENTRIES`). */
  heldEntries?: number;
  /** Terms held instead when the vectors do not fit (default `HELD_TERM_ENTRIES`). */
  heldTermEntries?: number;
  /**
   * `false`: above the exact limit the sentences are not counted (their counts are zeros): another
   * thread counts them over the same chunks (`sentencesOfChunks`) and `withSentences` puts them in.
   */
  sentences?: boolean;
  /**
   * The population's survey merged from its shards' digests (report-digest.ts): above the exact
   * limit, over more than one chunk, the rows are not read to survey them. Its table is the
   * report's from then on (released with it, or at once when not used).
   */
  surveyed?: SurveyedPopulation;
  /**
   * Above the exact limit, for personas in memory (`computeDiversity`): their fields
   * (`featureFields(personas, blueprint)`), and another thread to make their vectors and compare
   * half of the candidate pairs (`ReadPersonas.elsewhere`, src/workers/diversity-in-threads.ts).
   */
  read?: ReadPersonas;
  /** `ReadPersonas.sharedPairsFrom`, for a report made on several threads (tests). */
  sharedPairsFrom?: number;
  /**
   * Above the exact limit, over more than one chunk whose sentences need not be read here (merged
   * from digests, or counted elsewhere): another thread reads the chunks' terms for the vectors pass
   * (`ChunkPreparer`), which then asks for each chunk as `preparedChunkIndex(chunk)`.
   */
  prepare?: ChunkPreparer;
}

/**
 * Another thread that reads each chunk's text terms for the vectors pass while this one makes the
 * vectors of the chunk before (src/workers/engine-tasks.ts `prepareRows`): what parsing and
 * tokenising the stored rows cost (about half of that pass at 100,000 League personas) leaves the
 * report's thread. `start` is told, once, the fields and the table the terms are read with (the
 * dimensions' keys in a `NumberedDimensions`, in key order; none for a table of all dimensions);
 * the reading then yields `preparedChunkIndex(chunk)` for each chunk of the pass, in order, and is
 * handed a `PreparedChunk`: its personas with only their structured fields, and its terms — the
 * same terms `hashedTermsOf` reads from the whole personas with the same keys, so the same vectors.
 * A plain chunk handed instead (the other thread could not read it) is read here as before.
 */
export interface ChunkPreparer {
  start(fields: readonly FeatureField[], keyDimensions: Int32Array | undefined): void;
  /**
   * Hands that thread the cosines of some pairs, from the population's kept terms (`HeldPairs`), or
   * answers false (it cannot take them). When it took them the reading yields `PAIRS_ELSEWHERE`, and
   * is handed their cosines (`PreparedChunk.cosines`), or nothing when that thread failed: the pairs
   * are then compared here.
   */
  comparePairs?(pairs: HeldPairs): boolean;
}

/** A chunk whose terms another thread read (`ChunkPreparer`): its personas' structured fields, and its text fields' terms; or, for `PAIRS_ELSEWHERE`, the cosines that thread computed. */
export type PreparedChunk = readonly PersonaFields[] & { readonly terms?: TextTerms; readonly cosines?: Float64Array };

/** What a reading yields to be handed the cosines of the pairs it handed another thread (`ChunkPreparer.comparePairs`). */
export const PAIRS_ELSEWHERE = Number.MIN_SAFE_INTEGER;

/**
 * Pairs whose cosines another thread computes from the population's kept terms (`heldCosines`):
 * the terms (`HeldTerms`' arrays: copied to it, but the packed terms when they are in the shared
 * memory the survey's table left, as at 100,000 League personas), the table's keys and values,
 * and the pairs grouped by first persona, each marked a candidate (1: a cosine from the duplicate
 * threshold on counts) or a sampled pair (0: only the largest counts), and the largest cosine known.
 */
export interface HeldPairs {
  fields: FeatureField[];
  keyDimensions?: Int32Array;
  values: Float64Array;
  structured: Int32Array;
  terms: Uint32Array;
  starts: Int32Array;
  overflow: Array<[number, number]>;
  firsts: Int32Array;
  seconds: Int32Array;
  candidates: Uint8Array;
  largest: number;
}

/**
 * Pairs compared by kept terms from which half of them go to the thread that read the rows' terms
 * (`ChunkPreparer.comparePairs`), when it can take them: at 100,000 League personas the candidate and
 * sampled pairs (~155,000) are ~1 CPU-s of the stored report, compared while that thread idles.
 */
const HELD_PAIRS_ELSEWHERE_FROM = 20_000;

/** The cosines of `pairs` (`HeldPairs`), on the thread that took them: each stopped early against this thread's own largest (see `SharedPairs`). */
export function heldCosines(pairs: HeldPairs): Float64Array {
  const table = pairs.keyDimensions ? NumberedDimensions.sharedView(pairs.keyDimensions, pairs.values) : new DimensionTable(pairs.values);
  const vectoriser = new HashedVectoriser<DimensionTable | NumberedDimensions>(pairs.fields, table);
  const textCount = pairs.fields.filter((field) => field.kind === "text").length;
  const kept = Object.assign(Object.create(HeldTerms.prototype) as HeldTerms, { structured: pairs.structured, terms: pairs.terms, overflow: new Map(pairs.overflow), starts: pairs.starts, structuredCount: pairs.fields.length - textCount, textCount });
  const cosines = new Float64Array(pairs.firsts.length);
  let largest = pairs.largest;
  const threshold = DUPLICATE_SIMILARITY - EPSILON;
  compareHeldRun(
    kept,
    vectoriser,
    0,
    pairs.firsts.length,
    (position) => pairs.firsts[position] as number,
    (position) => pairs.seconds[position] as number,
    (position) => (pairs.candidates[position] === 1 ? Math.min(threshold, largest) : largest),
    (position, cosine) => {
      cosines[position] = cosine;
      if (cosine > largest) largest = cosine;
    },
  );
  return cosines;
}

/** What a reading yields to be handed chunk `chunk` prepared (`ChunkPreparer`): a negative number, −1 − chunk. */
export function preparedChunkIndex(chunk: number): number {
  return -1 - chunk;
}

export interface VectorsElsewhere {
  start(shared: SharedVectors): void;
  finish(shared: SharedVectors): void;
  /**
   * Hands `pairs` to the thread that made the vectors (their cosines, `compareSharedPairs`), or
   * answers false: this thread made them. Then `compared` returns once they are compared.
   */
  compare?(pairs: SharedPairs): boolean;
  compared?(pairs: SharedPairs): void;
}

/**
 * Candidate pairs compared on another thread (`compareSharedPairs`): the pairs `from`…`to` of the
 * candidates' blocks (`PairBlocks` in shared memory: read there, not copied), the largest cosine
 * (the largest known when handed, that thread's largest once compared), and where that thread
 * writes the pairs that reached the duplicate threshold (`PairHits`); no other cosine is kept.
 */
export interface SharedPairs {
  blocks: Int32Array[];
  from: number;
  to: number;
  largest: Float64Array;
  hits: SharedHits;
}

/**
 * Candidate pairs from which half of them go to the thread that made the vectors. Why: a population
 * whose texts are alike has millions (night-shift nurses at 100,000: 3.4 million, most of the
 * report's CPU) and that thread is idle by then. Each half's cosines stop early against its own
 * largest so far: a pair at or above the duplicate threshold or above every other is computed to
 * the end on either thread, so the max, the duplicates and the report are the same.
 */
const SHARED_PAIRS_FROM = 50_000;

/** The candidates from `from` on, for the thread that made the vectors (the blocks are shared: `candidatePairsIn`). */
function sharedPairsOf(candidates: PairBlocks, from: number, largest: number): SharedPairs {
  const shared = new Float64Array(new SharedArrayBuffer(8));
  shared[0] = largest;
  return { blocks: [...candidates.blocks], from, to: candidates.length, largest: shared, hits: PairHits.upTo(candidates.length - from, true).sharing() };
}

/** The cosines of `pairs` (on the thread that made the vectors: `makeSharedVectors`' answer): its largest and its hits written there. */
export function compareSharedPairs(vectors: TermVectors, pairs: SharedPairs): void {
  const hits = PairHits.writing(pairs.hits);
  pairs.largest[0] = compareCandidates(
    (index) => vectors.vector(index),
    (first, sameFirst, second, floor) => vectors.cosine(first, sameFirst, second, floor),
    PairBlocks.view(pairs.blocks, pairs.to),
    pairs.from,
    pairs.to,
    hits,
    pairs.largest[0] as number,
  );
  hits.publish();
}

/**
 * The cosines of candidate pairs `from`…`to`, stopping early below the smaller of the duplicate
 * threshold and the largest so far (−1); returns the largest, and adds to `hits` the pairs at the
 * threshold or above (in pair order). Pairs come bucket by bucket, many with the same first vector,
 * which is laid out once for them (`sameFirst`).
 */
function compareCandidates(vectorOf: (index: number) => FeatureVector, cosineOf: (first: FeatureVector, sameFirst: boolean, second: number, floor: number) => number, pairs: Pairs, from: number, to: number, hits: PairHits, largestKnown: number): number {
  const threshold = DUPLICATE_SIMILARITY - EPSILON;
  let largest = largestKnown;
  let first: FeatureVector | undefined;
  let lastFirst = -1;
  for (let p = from; p < to; p++) {
    const firstIndex = pairs.first(p);
    const sameFirst = p > from && firstIndex === lastFirst;
    if (!sameFirst) first = vectorOf(firstIndex);
    lastFirst = firstIndex;
    const cosine = cosineOf(first as FeatureVector, sameFirst, pairs.second(p), Math.min(threshold, largest));
    if (cosine >= threshold) hits.add(p, cosine);
    if (cosine > largest) largest = cosine;
  }
  return largest;
}

/** What `makeSharedVectors` reads and writes (`SharedTerms`), with each vector's fingerprint (`fingerprintInto`) and band keys (member-major by persona; an empty vector's are not written). */
export interface SharedVectors extends SharedTerms {
  seed: number;
  fingerprints: Int32Array;
  keys: Uint32Array;
}

/** Every persona's vector made from `shared` (`eachSharedVector`): its length, fingerprint and band keys written there, the mean's sum added in the shared table. */
export function makeSharedVectors(shared: SharedVectors): TermVectors {
  const bandKeys = new BandKeys(hashSeed(shared.seed, "lsh"));
  return eachSharedVector(shared, (vector, index) => {
    fingerprintInto(vector, shared.fingerprints, index);
    if (vector.ids.length > 0) bandKeys.write(vector, shared.keys, index);
  });
}

/** What the report reads of personas in memory before their vectors, when it was read already (`DiversityOptions.read`). */
export interface ReadPersonas {
  fields: FeatureField[];
  /**
   * Another thread makes the vectors (personas in one chunk, their terms read here): `start` is
   * handed what it needs (`SharedVectors`) once the terms are read, this thread counts the sentences
   * meanwhile, and `finish` returns once the vectors are made — by the other thread, or here
   * (`makeSharedVectors`) when it has not begun. The same report.
   */
  elsewhere?: VectorsElsewhere;
  /** Candidate pairs from which half of them go to `elsewhere` (`SHARED_PAIRS_FROM`; tests set fewer). */
  sharedPairsFrom?: number;
}

/** A duplicate pair as the report explains it (also the report by ranges'). */
export function explain(a: PersonaFields, b: PersonaFields, similarity: number, indexA: number, indexB: number): DuplicatePair {
  const names = [...new Set([...Object.keys(a.fields), ...Object.keys(b.fields)])];
  const same = names.filter((name) => ownValue(a.fields, name) === ownValue(b.fields, name));
  const different = names.filter((name) => ownValue(a.fields, name) !== ownValue(b.fields, name));
  return {
    persona_ids: [a.persona_id ?? `#${indexA}`, b.persona_id ?? `#${indexB}`],
    similarity: round4(similarity),
    same_fields: same.slice(0, FIELDS_LISTED),
    different_fields: different.slice(0, FIELDS_LISTED),
    ...(same.length > FIELDS_LISTED ? { same_field_count: same.length } : {}),
    ...(different.length > FIELDS_LISTED ? { different_field_count: different.length } : {}),
  };
}

/**
 * The mean cosine over all pairs, exactly, in one pass: for unit vectors Σ_{i≠j} u_i·u_j =
 * ‖Σ u_i‖² − (number of non-empty vectors).
 */
function exactMean(vectors: readonly FeatureVector[]): number {
  const sum = new IdTable(4096);
  let selfSimilarity = 0;
  for (const vector of vectors) {
    for (let k = 0; k < vector.ids.length; k++) sum.add(vector.ids[k] as number, vector.weights[k] as number);
    if (vector.ids.length > 0) selfSimilarity += 1;
  }
  let squared = 0;
  sum.forEachValue((value) => (squared += value * value));
  const n = vectors.length;
  return Math.max(0, (squared - selfSimilarity) / (n * (n - 1)));
}

interface PairScan {
  max: number;
  duplicatePairs: number;
  duplicates: DuplicatePair[];
  pairsCompared: number;
  truncated?: boolean;
  /** How LSH chose the candidate pairs, when it did. */
  search?: CandidateSearch;
}

function exactScan(personas: readonly PersonaFields[], vectors: readonly FeatureVector[]): PairScan {
  const n = vectors.length;
  // Inverted index: feature id → personas holding it (ascending) and their weights.
  const postings = new Map<number, { members: number[]; weights: number[] }>();
  vectors.forEach((vector, index) => {
    for (let k = 0; k < vector.ids.length; k++) {
      const id = vector.ids[k] as number;
      let posting = postings.get(id);
      if (!posting) postings.set(id, (posting = { members: [], weights: [] }));
      posting.members.push(index);
      posting.weights.push(vector.weights[k] as number);
    }
  });
  const dots = new Float64Array(n);
  const scan: PairScan = { max: 0, duplicatePairs: 0, duplicates: [], pairsCompared: (n * (n - 1)) / 2 };
  for (let i = 0; i < n; i++) {
    const vector = vectors[i] as FeatureVector;
    for (let k = 0; k < vector.ids.length; k++) {
      const posting = postings.get(vector.ids[k] as number) as { members: number[]; weights: number[] };
      const weight = vector.weights[k] as number;
      const members = posting.members;
      // Members are ascending: skip to those after i.
      let low = 0;
      let high = members.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((members[middle] as number) <= i) low = middle + 1;
        else high = middle;
      }
      for (let m = low; m < members.length; m++) {
        const member = members[m] as number;
        dots[member] = (dots[member] as number) + weight * (posting.weights[m] as number);
      }
    }
    for (let j = i + 1; j < n; j++) {
      const similarity = Math.min(1, dots[j] as number);
      dots[j] = 0;
      if (similarity > scan.max) scan.max = similarity;
      if (similarity >= DUPLICATE_SIMILARITY - EPSILON) {
        scan.duplicatePairs++;
        if (scan.duplicates.length < DUPLICATES_LISTED) scan.duplicates.push(explain(personas[i] as PersonaFields, personas[j] as PersonaFields, similarity, i, j));
      }
    }
  }
  return scan;
}

/**
 * Vectors by a 64-bit fingerprint (ids and weights to 1e-9, summed entry by entry so that the order
 * of a vector's entries does not matter) and their length: equal vectors share it. Kept in typed
 * arrays: a string key a persona costs about 80 bytes at a million personas.
 */
/**
 * A vector's 64-bit fingerprint into `into[2·at]`, `into[2·at + 1]`: ids and weights to 1e-9, summed
 * entry by entry so that the order of a vector's entries does not matter. Equal vectors group by it
 * here and in the report by ranges (src/workers/report-ranges.ts): one function, so both group alike.
 */
export function fingerprintInto(vector: FeatureVector, into: Int32Array, at: number): void {
  let first = 0;
  let second = 0;
  for (let k = 0; k < vector.ids.length; k++) {
    const weight = Math.round((vector.weights[k] as number) * 1e9);
    let entryFirst = Math.imul((vector.ids[k] as number) ^ FNV_OFFSET_BASIS, FNV_PRIME);
    entryFirst = Math.imul(entryFirst ^ weight, FNV_PRIME);
    entryFirst ^= entryFirst >>> 13;
    let entrySecond = Math.imul((vector.ids[k] as number) ^ 0x9747b28c, 0x5bd1e995);
    entrySecond = Math.imul(entrySecond ^ (weight >>> 0) ^ (weight / 4294967296), 0x5bd1e995);
    entrySecond ^= entrySecond >>> 15;
    first = (first + entryFirst) | 0;
    second = (second + Math.imul(entrySecond, 0x85ebca6b)) | 0;
  }
  into[at * 2] = first;
  into[at * 2 + 1] = secondEnd(second, vector.ids.length);
}

const scratchFingerprint = new Int32Array(2);
const NO_VECTOR: FeatureVector = { ids: new Int32Array(0), weights: new Float64Array(0) };

class Fingerprints {
  private readonly keys = new HashEntries();
  /** The first vector of each fingerprint, by entry. */
  private owners = new Int32Array(1024);

  /** The first vector added with `vector`'s fingerprint: `index` itself when there was none. */
  firstWith(vector: FeatureVector, index: number): number {
    fingerprintInto(vector, scratchFingerprint, 0);
    return this.firstWithPrint(scratchFingerprint[0] as number, scratchFingerprint[1] as number, index);
  }

  /** `firstWith` of a vector whose fingerprint (`fingerprintInto`) is `first`, `second`. */
  firstWithPrint(first: number, second: number, index: number): number {
    const entry = this.keys.entryOf(first, second);
    if (entry >= 0) return this.owners[entry] as number;
    const added = -1 - entry;
    if (added >= this.owners.length) this.owners = grownTo(this.owners, added);
    this.owners[added] = index;
    return index;
  }
}

/**
 * Vector entries (12 bytes each) the LSH scan keeps between reading a persona and comparing its
 * candidate pairs. A population with more is read again for the comparisons, a window of personas
 * at a time (`comparePairs`), so that the report's memory stays bounded whatever its size.
 */
export const HELD_VECTOR_ENTRIES = 8_000_000;

/**
 * Terms (4 bytes each: a dimension and its count; a structured dimension counts as one) kept
 * instead of the vectors when these do not fit `HELD_VECTOR_ENTRIES`: the same memory at most
 * (96 MB), and the candidate pairs are compared from vectors made again from them (`HeldTerms`)
 * rather than by reading the population again. Beyond both, `comparePairs` reads it again.
 */
export const HELD_TERM_ENTRIES = 3 * HELD_VECTOR_ENTRIES;

/**
 * What reading a population chunk by chunk asks for: the index of the next chunk to read. The
 * generator is given that chunk's personas (in order) and finally returns its result. The same
 * steps run over personas held in memory (`runOverChunks`) and over a stored population read a
 * shard at a time, off the main thread.
 */
export type ChunkReading<Result> = Generator<number, Result, readonly PersonaFields[]>;

/** Runs a chunk reading over chunks in memory. */
export function runOverChunks<Result>(reading: ChunkReading<Result>, chunks: readonly (readonly PersonaFields[])[]): Result {
  let step = reading.next();
  while (!step.done) step = reading.next(chunks[step.value] as readonly PersonaFields[]);
  return step.value;
}

/**
 * The pairs drawn for the sampled mean similarity: `count` pairs of distinct personas of `n`, from
 * the report's seed, each in index order (a cosine is symmetric). One place for the draw, so a report
 * of one process and one merged from ranges (workers/report-ranges.ts) compare the same pairs.
 */
export function sampledPairsOf(seed: number, n: number, count: number): PairList {
  const sampled = new PairList();
  const sampler = createRng(hashSeed(seed, "pairs"));
  for (let s = 0; s < count; s++) {
    const i = sampler.int(0, n - 1);
    let j = sampler.int(0, n - 2);
    if (j >= i) j++;
    sampled.push(Math.min(i, j), Math.max(i, j));
  }
  return sampled;
}

/** Member `from`'s band keys (member-major, `LSH_BANDS` each) copied to member `to` of `into`: a loop, not a subarray a persona (100,000 typed-array views made and dropped). */
function copyKeys(keys: Uint32Array, from: number, into: Uint32Array, to: number): void {
  for (let band = 0; band < LSH_BANDS; band++) into[to * LSH_BANDS + band] = keys[from * LSH_BANDS + band] as number;
}

/** Which chunk holds each persona index, and where it starts. */
class ChunkIndex {
  readonly starts: Int32Array;

  constructor(sizes: readonly number[]) {
    this.starts = new Int32Array(sizes.length + 1);
    sizes.forEach((size, chunk) => (this.starts[chunk + 1] = (this.starts[chunk] as number) + size));
  }

  get total(): number {
    return this.starts[this.starts.length - 1] as number;
  }

  chunkOf(index: number): number {
    let low = 0;
    let high = this.starts.length - 2;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.starts[middle] as number) <= index) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/**
 * The fields and the inverse term frequencies of a whole population, read chunk by chunk (one
 * pass, or two with undeclared text fields), or merged from its shards' digests (`surveyed`: no
 * pass, or one with undeclared text fields). A population that met few of the 2^22 dimensions
 * (`NUMBERED_DIMENSIONS_LIMIT`) has its frequencies copied into a table of those alone
 * (`NumberedDimensions`), and the 64 MB table's memory is handed to the held terms (`memory`).
 */
function* surveyChunks(chunks: ChunkIndex, blueprint: BlueprintInput | undefined, surveyed?: SurveyedPopulation): Generator<number, { fields: FeatureField[]; vectoriser: HashedVectoriser<DimensionTable | NumberedDimensions>; memory?: ArrayBufferLike }, readonly PersonaFields[]> {
  const survey = surveyed?.survey ?? new FieldSurvey(blueprint);
  const declaredText = declaredTextFields(blueprint);
  let table = surveyed?.table ?? DimensionTable.take();
  const terms = termScratch();
  if (!surveyed) {
    for (let chunk = 0; chunk < chunks.starts.length - 1; chunk++) {
      const personas = yield chunk;
      survey.add(personas);
      table.count(hashedTermsOf(personas, declaredText, terms), personas.length);
    }
  }
  const fields = survey.fields();
  const textFields = fields.filter((field) => field.kind === "text");
  const textNames = (list: readonly FeatureField[]) => list.map((field) => field.name).join("\u0000");
  if (textNames(textFields) !== textNames(declaredText)) {
    // Fields the blueprint does not declare turned out to be text: their terms count too.
    table.release();
    table = DimensionTable.take();
    for (let chunk = 0; chunk < chunks.starts.length - 1; chunk++) {
      const personas = yield chunk;
      table.count(hashedTermsOf(personas, textFields, terms), personas.length);
    }
  }
  const numbered = NumberedDimensions.ofFrequencies(table, NUMBERED_DIMENSIONS_LIMIT);
  if (numbered === undefined) {
    table.invert();
    return { fields, vectoriser: new HashedVectoriser<DimensionTable | NumberedDimensions>(fields, table) };
  }
  numbered.invert(table.personaCount);
  return { fields, vectoriser: new HashedVectoriser<DimensionTable | NumberedDimensions>(fields, numbered), memory: table.releaseMemory() };
}

/**
 * Dimensions a population read chunk by chunk may have met for its frequencies to be kept by the
 * dimensions met (`NumberedDimensions`: ~40 bytes a dimension, 10 MB at this limit, against the 64 MB
 * `DimensionTable` of all 2^22; 238,000 for 100,000 League personas, 16,000 for as many nurses). A
 * population of more varied text keeps the table of all dimensions, which is then smaller and
 * read without a lookup.
 */
const NUMBERED_DIMENSIONS_LIMIT = FEATURE_DIMENSIONS / 16;

/** Groups of equal vectors: how many pairs they make, each group's size and its first two members. */
export interface EqualVectors {
  identicalPairCount: number;
  /** Each group's second member, by its first. */
  secondOfGroup: ReadonlyMap<number, number>;
  /** Each group's size, by its first member (1 when absent). */
  groupSize: ReadonlyMap<number, number>;
}

/**
 * The scan, in LSH's order (this report's and the report by ranges'): each duplicate pair counted
 * once (a pair of groups as all the pairs of their members), and the pairs listed — groups of equal
 * vectors first, in order of their first member, then the candidates that reached the threshold in
 * order (`hits`: places among `candidates`; lists whose pairs follow one another, each put in pair
 * order). The largest cosine is the comparisons' own: no other cosine is kept.
 */
export function tallyHits(n: number, groups: EqualVectors, candidates: Pairs, hits: readonly PairHits[]): DuplicateTally {
  const tally = new DuplicateTally(n, groups);
  for (const list of hits) {
    for (const hit of list.inPairOrder()) {
      const pair = list.pair(hit);
      tally.add(candidates.first(pair), candidates.second(pair), list.similarity(hit));
    }
  }
  return tally;
}

/**
 * The duplicate pairs of the scan: groups of equal vectors first (in order of their first member),
 * then each candidate pair at the threshold or above as it is `add`ed, in LSH's order — a pair
 * offered by several bands counted once. The report by ranges adds only the candidates that reached
 * the threshold (it keeps no cosine of the others: decision 0008, "Session 17").
 */
export class DuplicateTally {
  duplicatePairs: number;
  readonly found: FoundPair[];
  private readonly counted = new Set<number>();

  constructor(
    private readonly n: number,
    private readonly groups: EqualVectors,
  ) {
    this.duplicatePairs = groups.identicalPairCount;
    const { secondOfGroup } = groups;
    this.found = [...secondOfGroup.keys()].sort((a, b) => a - b).slice(0, DUPLICATES_LISTED).map((a) => ({ a, b: secondOfGroup.get(a) as number, similarity: 1 }));
  }

  /** A candidate pair `a` < `b` whose cosine reached the threshold, in LSH's order. */
  add(a: number, b: number, similarity: number): void {
    const key = a * this.n + b;
    if (this.counted.has(key)) return;
    this.counted.add(key);
    const { groupSize } = this.groups;
    this.duplicatePairs += (groupSize.get(a) ?? 1) * (groupSize.get(b) ?? 1);
    if (this.found.length < DUPLICATES_LISTED) this.found.push({ a, b, similarity });
  }
}

/** A duplicate pair found, explained once the personas are read again. */
export interface FoundPair {
  a: number;
  b: number;
  similarity: number;
}

/**
 * The diversity report above the exact limit, reading the population chunk by chunk (at most a
 * few passes, never every persona's fields at once):
 *
 * 1. the fields and inverse term frequencies (`surveyChunks`);
 * 2. every persona's vector, once: the exact mean's sum, the persona's 64-bit fingerprint (equal
 *    vectors are grouped and their pairs counted without comparing them), its LSH band keys and
 *    its sentences; vectors are kept while they fit `heldEntries`;
 * 3. the candidate pairs from the band keys (near-duplicates.ts) and a seeded sample of random
 *    pairs for the max, each compared by its exact cosine (with the vectors kept, or by reading
 *    the population again a window at a time);
 * 4. the personas of the duplicate pairs listed, read again to explain them.
 *
 * Its report is the same whatever the chunks (one chunk of everyone, or the stored shards).
 */
export function* lshDiversityOfChunks(sizes: readonly number[], blueprint: BlueprintInput | undefined, seed: number, sampledPairs: number, heldEntries = HELD_VECTOR_ENTRIES, countSentences = true, surveyed?: SurveyedPopulation, heldTermEntries = HELD_TERM_ENTRIES, read?: ReadPersonas, prepare?: ChunkPreparer): ChunkReading<DiversityReport> {
  const chunks = new ChunkIndex(sizes);
  const n = chunks.total;
  const chunkCount = sizes.length;
  let fields: FeatureField[];
  let vectoriser: HashedVectoriser<DimensionTable | NumberedDimensions> | undefined;
  /** Everyone in one chunk, their vectors made as their turn comes and made again for their pairs' cosines. */
  let termVectors: TermVectors | undefined;
  /** The vectors of `termVectors`, made on another thread (`ReadPersonas.elsewhere`). */
  let elsewhere: SharedVectors | undefined;
  let table: MeanSum;
  /** Each persona's terms, when its vectors may not fit `heldEntries` but its terms fit `heldTermEntries`. */
  let kept: HeldTerms | undefined;
  if (chunkCount === 1) {
    // Everyone in one chunk: the terms are read once for both uses, and the vectors summed as they are made.
    surveyed?.table.release();
    const personas = yield 0;
    fields = read?.fields ?? featureFields(personas, blueprint);
    termVectors = new TermVectors(personas, fields, read?.elsewhere !== undefined);
    table = termVectors.table;
    if (read?.elsewhere) {
      elsewhere = { ...termVectors.sharing(), seed, fingerprints: new Int32Array(new SharedArrayBuffer(n * 8)), keys: new Uint32Array(new SharedArrayBuffer(n * LSH_BANDS * 4)) };
      read.elsewhere.start(elsewhere);
    }
  } else {
    let memory: ArrayBufferLike | undefined;
    ({ fields, vectoriser, memory } = yield* surveyChunks(chunks, blueprint, surveyed));
    table = vectoriser.table;
    // The survey counted every text block's terms: a vector has at most those and one entry per structured field.
    const structuredCount = fields.filter((field) => field.kind !== "text").length;
    const { terms } = vectoriser.table;
    const entries = terms + n * structuredCount;
    // The held terms (60 MB at 100,000 League personas) take the memory of the table of all dimensions when it was released.
    if (entries > heldEntries && entries <= heldTermEntries) kept = new HeldTerms(n, structuredCount, fields.length - structuredCount, terms, memory);
  }

  let nonEmpty = 0;
  // Sentences counted by the shards (their digests) are merged, not counted again here, when they counted these fields.
  const merged = countSentences && chunkCount > 1 && surveyed?.sentences?.fits(SentenceCounter.fieldsOf(fields)) ? surveyed.sentences : undefined;
  const ids: (string | undefined)[] = countSentences && !merged ? new Array(n) : [];
  const idOf = (index: number): string => ids[index] ?? `#${index}`;
  const sentences = countSentences && !merged ? new SentenceCounter(fields, idOf) : undefined;
  const lengths = new Int32Array(n);
  let held: FeatureVector[] | null = kept || termVectors ? null : new Array(n);
  let heldTotal = 0;
  // Equal vectors: the first of each is a representative; the others are counted with it.
  const fingerprints = new Fingerprints();
  const groupSize = new Map<number, number>();
  /** The second member of each group of equal vectors, by its first. */
  const secondOfGroup = new Map<number, number>();
  let identicalPairCount = 0;
  // Sized for everyone at once: doubling as they come held the old and the new arrays together (72 bytes a persona).
  const representatives = new Int32Array(n);
  let representativeCount = 0;
  const keys = new Uint32Array(n * LSH_BANDS);
  const bandKeys = new BandKeys(hashSeed(seed, "lsh"));
  // Terms read by another thread need nothing of a persona but its structured fields: not with sentences counted here.
  const preparing = prepare !== undefined && vectoriser !== undefined && !termVectors && !sentences;
  if (preparing) {
    const { table: keyed } = vectoriser as HashedVectoriser<DimensionTable | NumberedDimensions>;
    prepare.start(fields, keyed instanceof NumberedDimensions ? keyed.keyDimensions.slice(0, keyed.size) : undefined);
  }
  for (let chunk = 0; chunk < chunkCount; chunk++) {
    const personas = yield preparing ? preparedChunkIndex(chunk) : chunk;
    const terms = (personas as PreparedChunk).terms;
    // Each vector is added to the exact mean's sum as it is made.
    // Once vectors are no longer held, a chunk's vectors are done with by the next chunk.
    const vectors = termVectors ? undefined : terms ? (vectoriser as HashedVectoriser<DimensionTable | NumberedDimensions>).vectoriseTerms(personas, terms, true, held === null, kept) : (vectoriser as HashedVectoriser<DimensionTable | NumberedDimensions>).vectorise(personas, true, held === null, kept);
    const start = chunks.starts[chunk] as number;
    if (elsewhere) {
      // While the other thread makes the vectors.
      for (let index = 0; index < n; index++) {
        ids[index] = personas[index]?.persona_id;
        sentences?.add(personas[index] as PersonaFields, index);
      }
      (read?.elsewhere as VectorsElsewhere).finish(elsewhere);
      (termVectors as TermVectors).adoptMerged(elsewhere);
    }
    for (let offset = 0; offset < personas.length; offset++) {
      const index = start + offset;
      const vector = elsewhere ? undefined : vectors ? (vectors[offset] as FeatureVector) : (termVectors as TermVectors).make(index);
      const length = vector ? vector.ids.length : ((elsewhere as SharedVectors).lengths[index] as number);
      if (length > 0) nonEmpty++;
      if (sentences && !elsewhere) {
        ids[index] = personas[offset]?.persona_id;
        sentences.add(personas[offset] as PersonaFields, index);
      }
      lengths[index] = length;
      if (held && vector) {
        heldTotal += length;
        if (heldTotal <= heldEntries) held[index] = vector;
        else held = null;
      }
      const first = vector ? fingerprints.firstWith(vector, index) : fingerprints.firstWithPrint((elsewhere as SharedVectors).fingerprints[index * 2] as number, (elsewhere as SharedVectors).fingerprints[index * 2 + 1] as number, index);
      if (first !== index) {
        const size = (groupSize.get(first) ?? 1) + 1;
        groupSize.set(first, size);
        identicalPairCount += size - 1;
        if (size === 2) secondOfGroup.set(first, index);
        continue;
      }
      representatives[representativeCount] = index;
      if (elsewhere && length > 0) copyKeys(elsewhere.keys, index, keys, representativeCount++);
      // An empty vector's keys depend on its place among the representatives.
      else bandKeys.write(vector ?? NO_VECTOR, keys, representativeCount++);
    }
  }
  // Candidate pairs (in the order LSH offers them) and sampled pairs, then their exact cosines.
  // Candidate pairs in blocks (shared when half of them may go to the thread that made the vectors).
  const candidates = new PairBlocks(elsewhere !== undefined && read?.elsewhere?.compare !== undefined);
  const search = candidatePairsOfKeys(keys.subarray(0, representativeCount * LSH_BANDS), representatives.subarray(0, representativeCount), (a, b) => candidates.push(a, b));
  const sampled = sampledPairsOf(seed, n, sampledPairs);
  // A pair counts only when its cosine reaches the threshold or the largest one: below both, its
  // cosine is not needed, and `hashedCosine` stops as soon as that is certain (−1). The largest so
  // far only grows, in any order; of the candidates only those at the threshold are kept (`hits`).
  const largestKnown = identicalPairCount > 0 ? 1 : 0;
  const hits: PairHits[] = [];
  let max: number;
  if (held || termVectors) {
    // A pair's first vector, and its cosine with the second (made as it is read by `termVectors`).
    const vectorOf = (index: number) => (termVectors ? termVectors.vector(index) : ((held as FeatureVector[])[index] as FeatureVector));
    const cosineOf = (first: FeatureVector, sameFirst: boolean, second: number, floor: number) => (termVectors ? termVectors.cosine(first, sameFirst, second, floor) : hashedCosine(first, (held as FeatureVector[])[second] as FeatureVector, sameFirst, floor));
    // The second half of many candidate pairs to the thread that made the vectors, when it did.
    const half = elsewhere && read?.elsewhere?.compare && candidates.length >= (read.sharedPairsFrom ?? SHARED_PAIRS_FROM) ? sharedPairsOf(candidates, candidates.length >> 1, largestKnown) : undefined;
    const handed = half !== undefined && (read?.elsewhere as VectorsElsewhere).compare?.(half) === true;
    const here = PairHits.upTo(handed ? half.from : candidates.length);
    hits.push(here);
    let largest = compareCandidates(vectorOf, cosineOf, candidates, 0, handed ? half.from : candidates.length, here, largestKnown);
    if (handed) {
      (read?.elsewhere as VectorsElsewhere).compared?.(half);
      // Its pairs follow this thread's: its hits after these are in pair order.
      hits.push(PairHits.written(half.hits));
      largest = Math.max(largest, half.largest[0] as number);
    }
    // Sampled pairs serve the max alone.
    for (let p = 0; p < sampled.length; p++) {
      const cosine = cosineOf(vectorOf(sampled.firsts[p] as number), false, sampled.seconds[p] as number, largest);
      if (cosine > largest) largest = cosine;
    }
    max = largest;
  } else {
    const here = PairHits.upTo(candidates.length);
    hits.push(here);
    const lists: PairsCompared[] = [{ pairs: candidates, hits: here }, { pairs: sampled }];
    if (kept) {
      max = yield* compareHeldPairs(kept, vectoriser as HashedVectoriser<DimensionTable | NumberedDimensions>, lists, largestKnown, preparing ? prepare : undefined, fields);
      kept = undefined;
    } else {
      const structuredCount = fields.filter((field) => field.kind !== "text").length;
      max = yield* comparePairs(chunks, vectoriser as HashedVectoriser<DimensionTable | NumberedDimensions>, lengths, Math.max(heldEntries, heldTermEntries), lists, structuredCount, fields.length - structuredCount, largestKnown);
    }
  }
  held = null;

  const { duplicatePairs, found } = tallyHits(n, { identicalPairCount, secondOfGroup, groupSize }, candidates, hits);

  const duplicates = yield* explainPairs(chunks, found);
  const mean = n > 1 ? Math.max(0, (table.sumOfSquares() - nonEmpty) / (n * (n - 1))) : 0;
  table.release();
  const sentenceCounts = merged ? yield* mergedSentences(chunks, merged, fields) : (sentences?.report() ?? { ...NO_SENTENCES });
  return assembleReport({ max, duplicatePairs, duplicates, pairsCompared: candidates.length + sampled.length, search, truncated: search.truncated }, mean, "lsh", sentenceCounts);
}

/**
 * The sentence report merged from the shards' counts (`SentenceMerge`): a listed template whose
 * wording no shard kept (written once in each of several) is worded from its first writer, whose
 * row is read again (at most `TEMPLATES_LISTED` rows).
 */
function* mergedSentences(chunks: ChunkIndex, merge: SentenceMerge, fields: readonly FeatureField[]): ChunkReading<SentenceReport> {
  const listed = merge.listed();
  const missing = listed.filter((entry) => entry.wording === undefined).sort((a, b) => a.writer - b.writer);
  const worded = new Map<number, string>();
  for (let position = 0; position < missing.length; ) {
    const chunk = chunks.chunkOf((missing[position] as (typeof missing)[number]).writer);
    const personas = yield chunk;
    const start = chunks.starts[chunk] as number;
    for (; position < missing.length && (missing[position] as (typeof missing)[number]).writer < (chunks.starts[chunk + 1] as number); position++) {
      const { template, writer, first, second } = missing[position] as (typeof missing)[number];
      const wording = templateWordingOf(personas[writer - start] as PersonaFields, fields, first, second);
      if (wording !== undefined) worded.set(template, wording);
    }
  }
  return merge.report(worded, listed);
}

/** Pairs whose cosines are wanted: candidate pairs, whose cosines at the duplicate threshold go to `hits`; sampled pairs (no `hits`) serve the largest cosine alone. */
interface PairsCompared {
  pairs: Pairs;
  hits?: PairHits;
}

/**
 * Every pair of the lists, ordered by its first persona (then by list and place), and how to read
 * one; `floorOf` a pair: below it, its cosine is not needed (`hashedCosine`'s floor: the threshold
 * or the largest cosine so far, from `largest` on, whichever is lower for a candidate pair);
 * `setCosine` keeps the largest (`largestSoFar`) and a candidate's hit.
 */
function pairsByFirst(lists: readonly PairsCompared[], largest: number) {
  const total = lists.reduce((sum, list) => sum + list.pairs.length, 0);
  const order = new Int32Array(total);
  const listOf = new Uint8Array(total);
  const positionOf = new Int32Array(total);
  let next = 0;
  lists.forEach((list, which) => {
    for (let p = 0; p < list.pairs.length; p++) {
      order[next] = next;
      listOf[next] = which;
      positionOf[next++] = p;
    }
  });
  const threshold = DUPLICATE_SIMILARITY - EPSILON;
  const firstOf = (pair: number) => (lists[listOf[pair] as number] as PairsCompared).pairs.first(positionOf[pair] as number);
  const secondOf = (pair: number) => (lists[listOf[pair] as number] as PairsCompared).pairs.second(positionOf[pair] as number);
  const setCosine = (pair: number, cosine: number) => {
    const hits = (lists[listOf[pair] as number] as PairsCompared).hits;
    if (hits && cosine >= threshold) hits.add(positionOf[pair] as number, cosine);
    if (cosine > largest) largest = cosine;
  };
  const duplicatesOf = (pair: number) => (lists[listOf[pair] as number] as PairsCompared).hits !== undefined;
  const floorOf = (pair: number) => (duplicatesOf(pair) ? Math.min(threshold, largest) : largest);
  order.sort((x, y) => firstOf(x) - firstOf(y) || x - y);
  return { total, order, firstOf, secondOf, setCosine, floorOf, duplicatesOf, largestSoFar: () => largest };
}

/**
 * The exact cosine of every pair from the population's kept terms (`HeldTerms`): the pairs of
 * one first persona at a time, its vector and its partners' made again together. Reads nothing.
 */
function* compareHeldPairs(kept: HeldTerms, vectoriser: HashedVectoriser<DimensionTable | NumberedDimensions>, lists: readonly PairsCompared[], largest: number, elsewhere?: ChunkPreparer, fields?: readonly FeatureField[]): Generator<number, number, PreparedChunk> {
  const { total, order, firstOf, secondOf, setCosine, floorOf, duplicatesOf, largestSoFar } = pairsByFirst(lists, largest);
  const at = (position: number) => order[position] as number;
  // The second half (from a first persona's first pair on) to the other thread, when it takes it.
  let half = total;
  if (elsewhere?.comparePairs && fields && total >= HELD_PAIRS_ELSEWHERE_FROM) {
    half = total >> 1;
    while (half > 0 && half < total && firstOf(at(half)) === firstOf(at(half - 1))) half++;
    const count = total - half;
    const pairs: HeldPairs = { fields: [...fields], values: vectoriser.table.values, structured: kept.structured, terms: kept.terms, starts: kept.starts, overflow: [...kept.overflow], firsts: new Int32Array(count), seconds: new Int32Array(count), candidates: new Uint8Array(count), largest };
    const { table } = vectoriser;
    if (table instanceof NumberedDimensions) pairs.keyDimensions = table.keyDimensions.subarray(0, table.size);
    for (let position = half; position < total; position++) {
      pairs.firsts[position - half] = firstOf(at(position));
      pairs.seconds[position - half] = secondOf(at(position));
      pairs.candidates[position - half] = duplicatesOf(at(position)) ? 1 : 0;
    }
    if (!elsewhere.comparePairs(pairs)) half = total;
  }
  compareHeldRun(kept, vectoriser, 0, half, (position) => firstOf(at(position)), (position) => secondOf(at(position)), (position) => floorOf(at(position)), (position, cosine) => setCosine(at(position), cosine));
  if (half === total) return largestSoFar();
  const { cosines } = yield PAIRS_ELSEWHERE;
  if (cosines) for (let position = half; position < total; position++) setCosine(at(position), cosines[position - half] as number);
  else compareHeldRun(kept, vectoriser, half, total, (position) => firstOf(at(position)), (position) => secondOf(at(position)), (position) => floorOf(at(position)), (position, cosine) => setCosine(at(position), cosine));
  return largestSoFar();
}

/** The cosines of the pairs at `from`…`to` of an order grouped by first persona, from kept terms: each first's vector and its partners' made again together. */
function compareHeldRun(kept: HeldTerms, vectoriser: HashedVectoriser<DimensionTable | NumberedDimensions>, start: number, total: number, firstOf: (position: number) => number, secondOf: (position: number) => number, floorOf: (position: number) => number, setCosine: (position: number, cosine: number) => void): void {
  const indices: number[] = [];
  for (let from = start; from < total; ) {
    const first = firstOf(from);
    let to = from;
    indices.length = 0;
    indices.push(first);
    for (; to < total && firstOf(to) === first; to++) indices.push(secondOf(to));
    const vectors = vectoriser.vectoriseHeld(kept, indices);
    for (let pair = from; pair < to; pair++) setCosine(pair, hashedCosine(vectors[0] as FeatureVector, vectors[pair - from + 1] as FeatureVector, pair > from, floorOf(pair)));
    from = to;
  }
}

/**
 * The exact cosine of every pair, reading the population again: the terms of a window of personas
 * (the first of some pair, by index) are kept while their vectors' entries fit `heldEntries` (4
 * bytes a term: three times the personas a window of vectors held), and the chunks from the window
 * on are read to meet their partners (always later personas), whose vectors are not kept. Each
 * window reads the chunks from its first persona's to its last partner's, so fewer, larger windows
 * read fewer chunks. A first persona's vector is made again from its kept terms (`vectoriseHeld`:
 * the same vector as from its fields).
 */
function* comparePairs(chunks: ChunkIndex, vectoriser: HashedVectoriser<DimensionTable | NumberedDimensions>, lengths: Int32Array, heldEntries: number, lists: readonly PairsCompared[], structuredCount: number, textCount: number, largest: number): Generator<number, number, readonly PersonaFields[]> {
  const { total, order, firstOf, secondOf, setCosine, floorOf, largestSoFar } = pairsByFirst(lists, largest);
  for (let from = 0; from < total; ) {
    // The window: pairs whose first persona's terms still fit.
    let to = from;
    let entries = 0;
    let lastFirst = -1;
    const firstList: number[] = [];
    while (to < total) {
      const first = firstOf(order[to] as number);
      if (first !== lastFirst) {
        if (entries > 0 && entries + (lengths[first] as number) > heldEntries) break;
        entries += lengths[first] as number;
        lastFirst = first;
        firstList.push(first);
      }
      to++;
    }
    const window = order.slice(from, to).sort((x, y) => secondOf(x) - secondOf(y) || x - y);
    /** Each first persona's place among the kept terms (they are kept in index order). */
    const places = new Map<number, number>();
    firstList.forEach((first, place) => places.set(first, place));
    const kept = new HeldTerms(firstList.length, structuredCount, textCount, entries);
    let cursor = 0;
    let nextFirst = 0;
    const lastChunk = chunks.chunkOf(secondOf(window[window.length - 1] as number));
    for (let chunk = chunks.chunkOf(firstList[0] as number); chunk <= lastChunk && cursor < window.length; chunk++) {
      const start = chunks.starts[chunk] as number;
      const end = chunks.starts[chunk + 1] as number;
      const firstsHere: number[] = [];
      for (; nextFirst < firstList.length && (firstList[nextFirst] as number) < end; nextFirst++) firstsHere.push(firstList[nextFirst] as number);
      const partners: number[] = [];
      for (let p = cursor; p < window.length && secondOf(window[p] as number) < end; p++) {
        const second = secondOf(window[p] as number);
        if (!places.has(second)) partners.push(second);
      }
      if (firstsHere.length === 0 && partners.length === 0) continue;
      const personas = yield chunk;
      if (firstsHere.length > 0) vectoriser.vectorise(firstsHere.map((index) => personas[index - start] as PersonaFields), false, true, kept);
      const here = new Map<number, FeatureVector>();
      const distinctPartners = [...new Set(partners)].sort((a, b) => a - b);
      // Copied out of the vectoriser's lent arrays, which the first personas' vectors made again reuse.
      vectoriser.vectorise(distinctPartners.map((index) => personas[index - start] as PersonaFields), false, true).forEach((vector, position) => here.set(distinctPartners[position] as number, { ids: vector.ids.slice(), weights: vector.weights.slice() }));
      let through = cursor;
      while (through < window.length && secondOf(window[through] as number) < end) through++;
      // This chunk's pairs by first persona: each first's vector made again once for its partners here.
      const meeting = window.subarray(cursor, through).sort((x, y) => firstOf(x) - firstOf(y) || x - y);
      let firstVector: FeatureVector | undefined;
      for (let p = 0; p < meeting.length; p++) {
        const pair = meeting[p] as number;
        const second = secondOf(pair);
        const secondPlace = places.get(second);
        const firstPlace = places.get(firstOf(pair)) as number;
        const sameFirst = p > 0 && firstOf(meeting[p - 1] as number) === firstOf(pair) && firstVector !== undefined;
        if (secondPlace !== undefined) {
          // Both kept: both made again together (the vectoriser lends one set of arrays).
          const [first, also] = vectoriser.vectoriseHeld(kept, [firstPlace, secondPlace]);
          setCosine(pair, hashedCosine(first as FeatureVector, also as FeatureVector, false, floorOf(pair)));
          firstVector = undefined;
          continue;
        }
        if (!sameFirst) firstVector = vectoriser.vectoriseHeld(kept, [firstPlace])[0] as FeatureVector;
        setCosine(pair, hashedCosine(firstVector as FeatureVector, here.get(second) as FeatureVector, sameFirst, floorOf(pair)));
      }
      cursor = through;
    }
    from = to;
  }
  return largestSoFar();
}

/** The duplicate pairs found, explained from their personas' fields (their chunks read again). */
function* explainPairs(chunks: ChunkIndex, found: readonly FoundPair[]): Generator<number, DuplicatePair[], readonly PersonaFields[]> {
  const wanted = [...new Set(found.flatMap((pair) => [pair.a, pair.b]))].sort((a, b) => a - b);
  const personas = new Map<number, PersonaFields>();
  for (let position = 0; position < wanted.length; ) {
    const chunk = chunks.chunkOf(wanted[position] as number);
    const read = yield chunk;
    const start = chunks.starts[chunk] as number;
    for (; position < wanted.length && (wanted[position] as number) < (chunks.starts[chunk + 1] as number); position++) personas.set(wanted[position] as number, read[(wanted[position] as number) - start] as PersonaFields);
  }
  return found.map(({ a, b, similarity }) => explain(personas.get(a) as PersonaFields, personas.get(b) as PersonaFields, similarity, a, b));
}

function assembleReport(scan: PairScan, mean: number, method: "exact" | "lsh", sentences: SentenceReport): DiversityReport {
  const report: DiversityReport = {
    max_pairwise_similarity: round4(scan.max),
    mean_pairwise_similarity: round4(mean),
    duplicate_pairs: scan.duplicatePairs,
    method,
    mean_method: "exact",
    pairs_compared: scan.pairsCompared,
    ...sentences,
  };
  if (scan.search) {
    report.max_method = scan.max >= DUPLICATE_SIMILARITY - EPSILON ? "exact" : "candidates";
    report.lsh = scan.search.parameters;
    report.feature_dimensions = FEATURE_DIMENSIONS;
  }
  if (scan.truncated) report.truncated = true;
  if (scan.duplicates.length > 0) report.duplicates = scan.duplicates;
  return report;
}

const NO_SENTENCES: SentenceReport = { sentences: 0, repeated_sentences: 0, templated_sentences: 0, templated_share: 0 };
const SENTENCE_KEYS: ReadonlySet<string> = new Set(["sentences", "repeated_sentences", "templated_sentences", "templated_share", "near_duplicate_sentences"]);

/**
 * `report` (made with `sentences: false`) with the sentence counts `sentencesOfChunks` made, in the
 * place and key order the report has when it counts them itself: the same bytes.
 */
export function withSentences(report: DiversityReport, sentences: SentenceReport): DiversityReport {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(report)) {
    if (key === "sentences") Object.assign(merged, sentences);
    else if (!SENTENCE_KEYS.has(key)) merged[key] = value;
  }
  return merged as unknown as DiversityReport;
}

/**
 * The sentence report of a population whose shards counted its sentences (`merge`, from their
 * digests), over these fields (`merge.fits` them): at most `TEMPLATES_LISTED` chunks are read, to
 * word listed templates no shard kept.
 */
export function sentencesOfDigests(sizes: readonly number[], merge: SentenceMerge, fields: readonly FeatureField[]): ChunkReading<SentenceReport> {
  return mergedSentences(new ChunkIndex(sizes), merge, fields);
}

/**
 * The sentence counts of a population read chunk by chunk, as `diversityOfChunks` makes them above
 * the exact limit (the same text fields, in the same order, persona after persona), for a second
 * thread to count while the first makes the vectors (`sentences: false` there). One read of each
 * chunk, two when fields the blueprint does not declare turn out to be text.
 */
export function* sentencesOfChunks(sizes: readonly number[], blueprint?: BlueprintInput): ChunkReading<SentenceReport> {
  const survey = new FieldSurvey(blueprint);
  const declared = featureFields([], blueprint);
  const ids: (string | undefined)[] = [];
  const idOf = (index: number): string => ids[index] ?? `#${index}`;
  let counter = new SentenceCounter(declared, idOf);
  let index = 0;
  for (let chunk = 0; chunk < sizes.length; chunk++) {
    const personas = yield chunk;
    survey.add(personas);
    for (const persona of personas) {
      ids[index] = persona.persona_id;
      counter.add(persona, index++);
    }
  }
  const fields = survey.fields();
  if (SentenceCounter.fieldsOf(fields).join("\u0000") !== SentenceCounter.fieldsOf(declared).join("\u0000")) {
    counter = new SentenceCounter(fields, idOf);
    index = 0;
    for (let chunk = 0; chunk < sizes.length; chunk++) for (const persona of yield chunk) counter.add(persona, index++);
  }
  return counter.report();
}

const NO_PAIRS: DiversityReport = { max_pairwise_similarity: 0, mean_pairwise_similarity: 0, duplicate_pairs: 0, method: "exact", mean_method: "exact", pairs_compared: 0, sentences: 0, repeated_sentences: 0, templated_sentences: 0, templated_share: 0 };

/**
 * The diversity report of a population read chunk by chunk (`sizes`: how many personas each
 * chunk holds, in order): up to the exact limit every chunk is read and every pair compared;
 * above it, `lshDiversityOfChunks`. The same report as `computeDiversity` over all of them.
 */
export function* diversityOfChunks(sizes: readonly number[], blueprint?: BlueprintInput, options: DiversityOptions = {}): ChunkReading<DiversityReport> {
  const n = sizes.reduce((sum, size) => sum + size, 0);
  if (n < 2 || n <= (options.exactLimit ?? EXACT_PAIRS_LIMIT)) options.surveyed?.table.release();
  if (n < 2) return { ...NO_PAIRS };
  if (n <= (options.exactLimit ?? EXACT_PAIRS_LIMIT)) {
    const personas: PersonaFields[] = [];
    for (let chunk = 0; chunk < sizes.length; chunk++) for (const persona of yield chunk) personas.push(persona);
    return computeDiversity(personas, blueprint, options);
  }
  return yield* lshDiversityOfChunks(sizes, blueprint, options.seed ?? 0, options.sampledPairs ?? SAMPLED_PAIRS, options.heldEntries, options.sentences ?? true, options.surveyed, options.heldTermEntries, options.read, options.prepare);
}

/** The diversity report of more than one persona (a single persona has no pairs: all zeros). */
export function computeDiversity(
  personas: readonly PersonaFields[],
  blueprint?: BlueprintInput,
  options: DiversityOptions = {},
): DiversityReport {
  const n = personas.length;
  if (n < 2) return { ...NO_PAIRS };
  if (n > (options.exactLimit ?? EXACT_PAIRS_LIMIT)) {
    return runOverChunks(lshDiversityOfChunks([n], blueprint, options.seed ?? 0, options.sampledPairs ?? SAMPLED_PAIRS, options.heldEntries, options.sentences ?? true, undefined, undefined, options.read), [personas]);
  }
  const { vectors, fields } = vectorise(personas, blueprint);
  return assembleReport(exactScan(personas, vectors), exactMean(vectors), "exact", sentenceReport(personas, fields));
}
