/**
 * Feature vectors for the diversity report above its exact limit: DESIGN §4's features (a
 * `field=value` token of weight 1 per structured field, numerics binned, and TF-IDF word unigrams
 * and bigrams per text field, each text field's block of length 1), with every feature hashed into
 * one of `FEATURE_DIMENSIONS` (2^22) dimensions — the hashing trick (Weinberger et al. 2009).
 *
 * Why: the document frequencies, inverse frequencies and the exact mean's sum are then one dense
 * array indexed by dimension (`DimensionTable`, 64 MB whatever the population: the open tables keyed
 * by 32-bit ids grew with the vocabulary, to ~1 GB at a million personas of varied prose), each
 * term's inverse frequency and its share of the mean's sum sit side by side (one memory access, not
 * two table probes), and a text's terms are counted by a small table that stays in the cache
 * rather than sorted (300,000 sorts at 100,000 personas were a fifth of the report).
 *
 * What it changes: two different features that land in one dimension are one feature, as two
 * ids that collided always were (the ids are 32-bit hashes); with 2^22 dimensions a given pair of
 * features shares one with probability 2.4e-7. A text of 150 terms loses a term to such a merge
 * with probability ~0.3%, and two personas share a dimension by chance (no feature in common) with
 * probability ~0.5% — each such coincidence adds about w² ≈ 0.002 to their cosine. A rare term that
 * shares a dimension with another rare one is counted as met in both texts: its inverse frequency
 * falls from ln((1+N)/2)+1 to ln((1+N)/3)+1 (3% at 100,000). Up to `EXACT_PAIRS_LIMIT` the
 * report keeps the 32-bit ids (similarity.ts): same bytes as before.
 */
import { ownValue } from "./own-fields.ts";
import { readTermIds, reserveTerms, structuredTokenId, termIdBuffer, textTermsOf, type FeatureField, type FeatureVector, type PersonaFields, type TermStore, type TextTerms } from "./similarity.ts";

export const FEATURE_BITS = 22;
export const FEATURE_DIMENSIONS = 2 ** FEATURE_BITS;
const DIMENSION_SHIFT = 32 - FEATURE_BITS;

/** The dimension of a 32-bit feature id: the high bits of a multiplicative hash (ids of near words differ in low bits). */
export function dimensionOf(id: number): number {
  return Math.imul(id, 0x9e3779b1) >>> DIMENSION_SHIFT;
}

/**
 * A small open-addressing table from dimension to a position, cleared in O(1) by a new stamp:
 * counts one text's terms (or gathers one persona's features) in the cache.
 */
class ScratchPositions {
  keys = new Int32Array(1024);
  stamps = new Int32Array(1024);
  positions = new Int32Array(1024);
  mask = 1023;
  stamp = 0;

  /** Starts a new set that will hold at most `expected` keys. */
  begin(expected: number): void {
    if (expected * 2 > this.mask + 1) {
      let capacity = this.mask + 1;
      while (capacity < expected * 2) capacity *= 2;
      this.keys = new Int32Array(capacity);
      this.stamps = new Int32Array(capacity);
      this.positions = new Int32Array(capacity);
      this.mask = capacity - 1;
      this.stamp = 0;
    }
    this.stamp++;
  }

  /** The slot of `key` in the current set: `stamps[slot] === stamp` when it is there. */
  slotOf(key: number): number {
    const { keys, stamps, mask, stamp } = this;
    let slot = Math.imul(key, 0x85ebca6b) & mask;
    while (stamps[slot] === stamp && keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }
}

const textScratch = new ScratchPositions();

/**
 * Appends the distinct dimensions of one text's unigrams and bigrams (in order of first
 * occurrence) with their counts to `store`; returns how many.
 */
function appendHashedTerms(text: string, fieldHash: number, store: TermStore): number {
  const count = readTermIds(text, fieldHash);
  const raw = termIdBuffer();
  reserveTerms(store, count);
  textScratch.begin(count);
  const { keys, stamps, positions, stamp } = textScratch;
  const start = store.length;
  let length = start;
  for (let k = 0; k < count; k++) {
    const dimension = dimensionOf(raw[k] as number);
    const slot = textScratch.slotOf(dimension);
    if (stamps[slot] === stamp) store.counts[positions[slot] as number] = (store.counts[positions[slot] as number] as number) + 1;
    else {
      stamps[slot] = stamp;
      keys[slot] = dimension;
      positions[slot] = length;
      store.ids[length] = dimension;
      store.counts[length++] = 1;
    }
  }
  store.length = length;
  return length - start;
}

/** Each persona's text blocks as distinct dimensions and counts (`textTermsOf` with hashed terms; `reuse` as there). */
export function hashedTermsOf(personas: readonly PersonaFields[], textFields: readonly FeatureField[], reuse?: TermStore): TextTerms {
  return textTermsOf(personas, textFields, appendHashedTerms, reuse);
}

/** An empty store of terms, to be reused chunk after chunk. */
export function termScratch(): TermStore {
  return { ids: new Int32Array(65_536), counts: new Uint16Array(65_536), length: 0 };
}

/** Dimensions per block of `DimensionTable.touched`. */
const BLOCK_BITS = 6;

/**
 * Per dimension, side by side: its document frequency while the population is counted, then its
 * inverse frequency; and the sum of every persona's unit vector in it (the exact mean's ‖Σ u‖²).
 *
 * Blocks of 64 dimensions written to are marked, and `invert` and `sumOfSquares` visit only those:
 * a small population (a test's few hundred personas) touches a few thousand dimensions and no
 * longer pays for scanning all 4 million twice, while a large one visits every block in the same
 * order as a full scan (the same sums, bit for bit: the blocks skipped hold only zeros).
 *
 * A table that touched few blocks is cleared and kept for the next report (`take`, `release`):
 * a fresh 64 MB array a report cost small populations more than their report (3–5× the CPU of a
 * report of 406 personas: its pages faulted in, the array zeroed and collected); a table a large population filled
 * is dropped, so that a worker does not keep 64 MB between reports.
 */
export class DimensionTable {
  readonly values = new Float64Array(FEATURE_DIMENSIONS * 2);
  /** 1 for each block of `2^BLOCK_BITS` dimensions that holds a value. */
  readonly touched = new Uint8Array(FEATURE_DIMENSIONS >>> BLOCK_BITS);
  private touchedBlocks = 0;
  private personas = 0;

  /** An empty table: the one last released, or a new one. */
  static take(): DimensionTable {
    const table = spareTable ?? new DimensionTable();
    spareTable = undefined;
    return table;
  }

  /** Done with: cleared and kept for the next `take` when only a few blocks were written (an eighth). */
  release(): void {
    const { values, touched } = this;
    if (this.touchedBlocks * 8 > touched.length) return;
    for (let block = 0; block < touched.length; block++) {
      if (touched[block] === 0) continue;
      values.fill(0, block << (BLOCK_BITS + 1), (block + 1) << (BLOCK_BITS + 1));
      touched[block] = 0;
    }
    this.touchedBlocks = 0;
    this.personas = 0;
    spareTable = this;
  }

  private touch(dimension: number): void {
    if (this.touched[dimension >>> BLOCK_BITS] === 0) {
      this.touched[dimension >>> BLOCK_BITS] = 1;
      this.touchedBlocks++;
    }
  }

  /** Counts in how many personas' text field each dimension occurs. */
  count(terms: TextTerms, personas: number): void {
    const { values, touched } = this;
    const ids = terms.store.ids;
    for (let k = 0; k < terms.store.length; k++) {
      const dimension = ids[k] as number;
      values[dimension * 2] = (values[dimension * 2] as number) + 1;
      if (touched[dimension >>> BLOCK_BITS] === 0) this.touch(dimension);
    }
    this.personas += personas;
  }

  /** Adds document frequencies counted elsewhere (a shard's digest, report-digest.ts) over `personas` more personas. */
  addCounts(dimensions: Int32Array, counts: Int32Array, personas: number): void {
    const { values, touched } = this;
    for (let k = 0; k < dimensions.length; k++) {
      const dimension = dimensions[k] as number;
      values[dimension * 2] = (values[dimension * 2] as number) + (counts[k] as number);
      if (touched[dimension >>> BLOCK_BITS] === 0) this.touch(dimension);
    }
    this.personas += personas;
  }

  /** Adds a unit vector's weight in `dimension` to the mean's sum. */
  accumulate(dimension: number, weight: number): void {
    this.values[dimension * 2 + 1] = (this.values[dimension * 2 + 1] as number) + weight;
    if (this.touched[dimension >>> BLOCK_BITS] === 0) this.touch(dimension);
  }

  /** Turns the document frequencies into inverse frequencies, ln((1 + N) / (1 + df)) + 1, once every persona was counted. */
  invert(): void {
    const { values, touched } = this;
    const total = this.personas;
    let lastFrequency = 0;
    let lastWeight = 0;
    for (let block = 0; block < touched.length; block++) {
      if (touched[block] === 0) continue;
      const end = (block + 1) << BLOCK_BITS;
      for (let dimension = block << BLOCK_BITS; dimension < end; dimension++) {
        const frequency = values[dimension * 2] as number;
        if (frequency === 0) continue;
        // Most dimensions hold a term met once: one logarithm per run of equal frequencies.
        if (frequency !== lastFrequency) {
          lastFrequency = frequency;
          lastWeight = Math.log((1 + total) / (1 + frequency)) + 1;
        }
        values[dimension * 2] = lastWeight;
      }
    }
  }

  /** ‖Σ u_i‖² over the unit vectors added (`HashedVectoriser.vectorise(…, true)`). */
  sumOfSquares(): number {
    const { values, touched } = this;
    let squared = 0;
    for (let block = 0; block < touched.length; block++) {
      if (touched[block] === 0) continue;
      const end = (block + 1) << BLOCK_BITS;
      for (let dimension = block << BLOCK_BITS; dimension < end; dimension++) squared += (values[dimension * 2 + 1] as number) ** 2;
    }
    return squared;
  }
}

let spareTable: DimensionTable | undefined;

const personaScratch = new ScratchPositions();

/**
 * Unit feature vectors in the hashed dimensions, for any persona of a population whose
 * frequencies `table` holds (inverted): a vector depends on nothing else, so a stored population
 * is vectorised a shard at a time with the same vectors as all at once. A vector's dimensions are
 * in order of first occurrence (structured tokens, then each text field's terms), not sorted: a
 * sort per persona cost more than everything else it is used for (`hashedCosine` compares two
 * without it); vectors are views into two shared arrays per call.
 */
export class HashedVectoriser {
  private readonly textFields: FeatureField[];
  private readonly structured: FeatureField[];
  /** A structured field's dimension by value: a population repeats few values many times. */
  private readonly dimensions: Map<string, number>[];
  private blockWeights = new Float64Array(256);

  constructor(
    fields: readonly FeatureField[],
    readonly table: DimensionTable,
  ) {
    this.textFields = fields.filter((field) => field.kind === "text");
    this.structured = fields.filter((field) => field.kind !== "text");
    this.dimensions = this.structured.map(() => new Map<string, number>());
  }

  /** Terms of the chunk being vectorised: needed only while its vectors are made. */
  private readonly terms = termScratch();

  /** Output arrays lent to callers that drop the vectors before the next call (`transient`). */
  private lentIds = new Int32Array(0);
  private lentWeights = new Float64Array(0);

  /**
   * The vectors of these personas; with `accumulate`, each is also added to the table's sum. With
   * `transient`, the vectors are views into arrays this vectoriser reuses at its next call (the
   * caller keeps none of them): a stored population read a chunk at a time would otherwise
   * allocate and drop a megabyte a chunk, which the allocator does not all give back.
   */
  vectorise(personas: readonly PersonaFields[], accumulate = false, transient = false): FeatureVector[] {
    return this.vectoriseTerms(personas, hashedTermsOf(personas, this.textFields, this.terms), accumulate, transient);
  }

  vectoriseTerms(personas: readonly PersonaFields[], terms: TextTerms, accumulate = false, transient = false): FeatureVector[] {
    const { textFields, structured, dimensions } = this;
    const table = this.table;
    const values = table.values;
    const entries = terms.store.length + personas.length * structured.length;
    if (transient && this.lentIds.length < entries) {
      this.lentIds = new Int32Array(entries * 2);
      this.lentWeights = new Float64Array(entries * 2);
    }
    const allIds = transient ? this.lentIds : new Int32Array(entries);
    const allWeights = transient ? this.lentWeights : new Float64Array(entries);
    const vectors: FeatureVector[] = new Array(personas.length);
    const scratch = personaScratch;
    let offset = 0;
    for (let index = 0; index < personas.length; index++) {
      const persona = personas[index] as PersonaFields;
      const firstBlock = index * textFields.length;
      const termCount = (terms.start[firstBlock + textFields.length] as number) - (terms.start[firstBlock] as number);
      scratch.begin(termCount + structured.length);
      const { keys, stamps, positions, stamp } = scratch;
      // The persona's features, in order of first occurrence, written straight into the shared arrays; a
      // dimension met twice (two features in one dimension) adds to the first one's weight.
      let length = 0;
      for (let fieldIndex = 0; fieldIndex < structured.length; fieldIndex++) {
        const field = structured[fieldIndex] as FeatureField;
        const value = ownValue(persona.fields, field.name);
        if (value === undefined) continue;
        const known = dimensions[fieldIndex] as Map<string, number>;
        let dimension = known.get(value);
        if (dimension === undefined) known.set(value, (dimension = dimensionOf(structuredTokenId(field, value))));
        // Structured tokens weigh 1 each.
        const slot = scratch.slotOf(dimension);
        if (stamps[slot] === stamp) allWeights[offset + (positions[slot] as number)] = (allWeights[offset + (positions[slot] as number)] as number) + 1;
        else {
          stamps[slot] = stamp;
          keys[slot] = dimension;
          positions[slot] = length;
          allIds[offset + length] = dimension;
          allWeights[offset + length++] = 1;
        }
      }
      for (let fieldIndex = 0; fieldIndex < textFields.length; fieldIndex++) {
        const from = terms.start[firstBlock + fieldIndex] as number;
        const count = (terms.start[firstBlock + fieldIndex + 1] as number) - from;
        if (count > this.blockWeights.length) this.blockWeights = new Float64Array(count * 2);
        const blockWeights = this.blockWeights;
        let norm = 0;
        for (let k = 0; k < count; k++) {
          const occurrences = terms.store.counts[from + k] as number;
          const weight = (occurrences === 1 ? 1 : 1 + Math.log(occurrences)) * (values[(terms.store.ids[from + k] as number) * 2] as number);
          blockWeights[k] = weight;
          norm += weight * weight;
        }
        if (norm === 0) continue;
        // Each text field's block has length 1.
        const scale = 1 / Math.sqrt(norm);
        for (let k = 0; k < count; k++) {
          const dimension = terms.store.ids[from + k] as number;
          const weight = (blockWeights[k] as number) * scale;
          const slot = scratch.slotOf(dimension);
          if (stamps[slot] === stamp) allWeights[offset + (positions[slot] as number)] = (allWeights[offset + (positions[slot] as number)] as number) + weight;
          else {
            stamps[slot] = stamp;
            keys[slot] = dimension;
            positions[slot] = length;
            allIds[offset + length] = dimension;
            allWeights[offset + length++] = weight;
          }
        }
      }
      let norm = 0;
      for (let k = offset; k < offset + length; k++) norm += (allWeights[k] as number) ** 2;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let k = offset; k < offset + length; k++) {
        const weight = (allWeights[k] as number) * scale;
        allWeights[k] = weight;
        if (accumulate) table.accumulate(allIds[k] as number, weight);
      }
      vectors[index] = { ids: allIds.subarray(offset, offset + length), weights: allWeights.subarray(offset, offset + length) };
      offset += length;
    }
    return vectors;
  }
}

const cosineScratch = new ScratchPositions();

/**
 * Cosine similarity of two unit vectors whose dimensions are in no particular order (`HashedVectoriser`'s):
 * the first is laid out in a cache-sized table and the second looked up in it.
 */
export function hashedCosine(a: FeatureVector, b: FeatureVector, sameFirst = false): number {
  // Pairs come bucket by bucket, many with the same first vector (`sameFirst`: `a` is the previous
  // call's): it is laid out once for them.
  if (!sameFirst) {
    cosineScratch.begin(a.ids.length);
    const { keys, stamps, positions, stamp } = cosineScratch;
    for (let k = 0; k < a.ids.length; k++) {
      const slot = cosineScratch.slotOf(a.ids[k] as number);
      stamps[slot] = stamp;
      keys[slot] = a.ids[k] as number;
      positions[slot] = k;
    }
  }
  const { stamps, positions, stamp } = cosineScratch;
  let dot = 0;
  for (let k = 0; k < b.ids.length; k++) {
    const slot = cosineScratch.slotOf(b.ids[k] as number);
    if (stamps[slot] === stamp) dot += (a.weights[positions[slot] as number] as number) * (b.weights[k] as number);
  }
  return Math.min(1, dot);
}

/** Vectors of personas in memory with their own frequencies (the tests' and the one-chunk report's way). */
export function hashedVectors(personas: readonly PersonaFields[], fields: readonly FeatureField[], accumulate = false): { vectors: FeatureVector[]; table: DimensionTable } {
  const terms = hashedTermsOf(personas, fields.filter((field) => field.kind === "text"));
  const table = DimensionTable.take();
  table.count(terms, personas.length);
  table.invert();
  return { vectors: new HashedVectoriser(fields, table).vectoriseTerms(personas, terms, accumulate), table };
}
