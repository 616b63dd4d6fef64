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
import { readTermIds, reserveTerms, structuredTokenId, termIdBuffer, termStoreFor, textTermsOf, type FeatureField, type FeatureVector, type PersonaFields, type TermStore, type TextTerms } from "./similarity.ts";

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
 * occurrence) with their counts to `store`; returns how many. With `numbered`, each dimension's
 * key there instead (`NumberedDimensions.keyOf`), its document frequency counted while it counts.
 * With `overflow`, each count is packed in its id (`PackedCounts`) and `store.counts` is not used.
 */
function appendHashedTerms(text: string, fieldHash: number, store: TermStore, numbered?: NumberedDimensions, overflow?: PackedCounts): number {
  const count = readTermIds(text, fieldHash);
  const raw = termIdBuffer();
  reserveTerms(store, count);
  textScratch.begin(count);
  const { keys, stamps, positions, stamp } = textScratch;
  const start = store.length;
  let length = start;
  for (let k = 0; k < count; k++) {
    // A text's terms are told apart by their dimensions, and a dimension's key looked up once per
    // text (its first occurrence there): the same keys, met in the same order, for fewer lookups.
    const hashed = dimensionOf(raw[k] as number);
    const slot = textScratch.slotOf(hashed);
    if (stamps[slot] === stamp) {
      if (overflow === undefined) store.counts[positions[slot] as number] = (store.counts[positions[slot] as number] as number) + 1;
      else overflow.countOnce(store.ids, positions[slot] as number);
    } else {
      const dimension = numbered === undefined ? hashed : numbered.keyOf(hashed);
      stamps[slot] = stamp;
      keys[slot] = hashed;
      positions[slot] = length;
      if (overflow === undefined) {
        store.ids[length] = dimension;
        store.counts[length++] = 1;
      } else store.ids[length++] = dimension | COUNT_ONE;
      numbered?.met(dimension);
    }
  }
  store.length = length;
  return length - start;
}

/**
 * Each persona's text blocks as distinct dimensions and counts (`textTermsOf` with hashed terms; `reuse` as there);
 * with `numbered`, as their keys there; with `overflow` too, each count packed in its key
 * (`PackedCounts`: `reuse` is then a store without counts, `termStoreFor(…, true)`).
 */
export function hashedTermsOf(personas: readonly PersonaFields[], textFields: readonly FeatureField[], reuse?: TermStore, numbered?: NumberedDimensions, overflow?: PackedCounts): TextTerms {
  return textTermsOf(personas, textFields, numbered === undefined ? appendHashedTerms : (text, fieldHash, store) => appendHashedTerms(text, fieldHash, store, numbered, overflow), reuse);
}

/** A count of 1 in a packed term (`PackedCounts`). */
const COUNT_ONE = 1 << FEATURE_BITS;

/**
 * Terms of a `NumberedDimensions` with their counts packed in 4 bytes, as `HeldTerms` packs them:
 * the key in the low 22 bits, the count above it (`PACKED_COUNT_LIMIT` and more: the count is here,
 * by the term's place). The same counts as a `TermStore`'s 16-bit ones, which wrap at 65,536.
 *
 * Why: the terms of 100,000 League personas are 15 million; 6 bytes each was 90 MB of fresh
 * memory for the report of personas in memory (`TermVectors`), 22,000 pages faulted in at ~20 µs
 * each on the 2-core VM of issue 16; 4 bytes is 60 MB.
 */
export class PackedCounts extends Map<number, number> {
  /** One more occurrence of the term at `position` of `terms`. */
  countOnce(terms: Int32Array, position: number): void {
    const term = terms[position] as number;
    const count = term >>> FEATURE_BITS;
    // The count field goes up to the limit, which says the count is kept here.
    if (count < PACKED_COUNT_LIMIT) terms[position] = term + COUNT_ONE;
    if (count === PACKED_COUNT_LIMIT - 1) this.set(position, PACKED_COUNT_LIMIT);
    else if (count === PACKED_COUNT_LIMIT) this.set(position, ((this.get(position) as number) + 1) & 0xffff);
  }

  /** The count of the packed term `term` at `position`. */
  countOf(term: number, position: number): number {
    const count = term >>> FEATURE_BITS;
    return count === PACKED_COUNT_LIMIT ? (this.get(position) as number) : count;
  }
}

/**
 * The terms of consecutive ranges of personas (each `hashedTermsOf` of its range, over the same text
 * fields), as `hashedTermsOf` of them all reads them: the same terms, blocks and order.
 */
export function joinedTerms(parts: readonly TextTerms[]): TextTerms {
  let length = 0;
  let blocks = 0;
  for (const part of parts) {
    length += part.store.length;
    blocks += part.start.length - 1;
  }
  const store: TermStore = { ids: new Int32Array(length), counts: new Uint16Array(length), length };
  const start = new Int32Array(blocks + 1);
  let at = 0;
  let block = 0;
  for (const { store: partStore, start: partStart } of parts) {
    store.ids.set(partStore.ids.subarray(0, partStore.length), at);
    store.counts.set(partStore.counts.subarray(0, partStore.length), at);
    for (let k = 1; k < partStart.length; k++) start[block + k] = (partStart[k] as number) + at;
    block += partStart.length - 1;
    at += partStore.length;
  }
  return { store, start };
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
  readonly values: Float64Array;
  /** 1 for each block of `2^BLOCK_BITS` dimensions that holds a value. */
  readonly touched: Uint8Array;
  private touchedBlocks = 0;

  constructor(values: Float64Array = new Float64Array(new SharedArrayBuffer(FEATURE_DIMENSIONS * 2 * 8)), touched: Uint8Array = new Uint8Array(new SharedArrayBuffer(FEATURE_DIMENSIONS >>> BLOCK_BITS))) {
    this.values = values;
    this.touched = touched;
  }

  private personas = 0;
  /** The (persona, text field, term) occurrences counted: how many terms the population's text blocks hold. */
  terms = 0;

  /** How many personas' frequencies were counted (`count`, `addCounts`): the N of `invert`. */
  get personaCount(): number {
    return this.personas;
  }

  /** An empty table: the one last released, or a new one. */
  static take(): DimensionTable {
    const table = spareTable ?? new DimensionTable();
    spareTable = undefined;
    return table;
  }

  /**
   * Done with, its memory handed on when it is not kept (`release`: a large table is dropped): the
   * 64 MB a large population faulted in serve the caller's next large array, which the collector
   * would not free in time otherwise (decision 0007, session 14). The table must not be read after.
   */
  releaseMemory(): ArrayBufferLike | undefined {
    if (this.touchedBlocks * 8 <= this.touched.length) {
      this.release();
      return undefined;
    }
    return this.values.buffer;
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
    this.terms = 0;
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
    this.terms += terms.store.length;
  }

  /** Adds document frequencies counted elsewhere (a shard's digest, report-digest.ts) over `personas` more personas. */
  addCounts(dimensions: Int32Array, counts: Int32Array, personas: number): void {
    const { values, touched } = this;
    for (let k = 0; k < dimensions.length; k++) {
      const dimension = dimensions[k] as number;
      values[dimension * 2] = (values[dimension * 2] as number) + (counts[k] as number);
      if (touched[dimension >>> BLOCK_BITS] === 0) this.touch(dimension);
      this.terms += counts[k] as number;
    }
    this.personas += personas;
  }

  /** A dimension is its own key here (`FeatureTable`). */
  keyOf(dimension: number): number {
    return dimension;
  }

  /** Keys are dimensions (`FeatureTable`). */
  readonly keyDimensions = undefined;

  /** Adds a unit vector's weight in `dimension` to the mean's sum. */
  accumulate(dimension: number, weight: number): void {
    this.values[dimension * 2 + 1] = (this.values[dimension * 2 + 1] as number) + weight;
    if (this.touched[dimension >>> BLOCK_BITS] === 0) this.touch(dimension);
  }

  /** Visits every dimension of the blocks marked, in ascending order: the blocks skipped hold only zeros. */
  forEachTouched(visit: (dimension: number) => void): void {
    const touched = this.touched;
    for (let block = 0; block < touched.length; block++) {
      if (touched[block] === 0) continue;
      const end = (block + 1) << BLOCK_BITS;
      for (let dimension = block << BLOCK_BITS; dimension < end; dimension++) visit(dimension);
    }
  }

  /** Turns the document frequencies into inverse frequencies, ln((1 + N) / (1 + df)) + 1, once every persona was counted. */
  invert(): void {
    const values = this.values;
    const total = this.personas;
    let lastFrequency = 0;
    let lastWeight = 0;
    this.forEachTouched((dimension) => {
      const frequency = values[dimension * 2] as number;
      if (frequency === 0) return;
      // Most dimensions hold a term met once: one logarithm per run of equal frequencies.
      if (frequency !== lastFrequency) {
        lastFrequency = frequency;
        lastWeight = Math.log((1 + total) / (1 + frequency)) + 1;
      }
      values[dimension * 2] = lastWeight;
    });
  }

  /** ‖Σ u_i‖² over the unit vectors added (`HashedVectoriser.vectorise(…, true)`). */
  sumOfSquares(): number {
    const values = this.values;
    let squared = 0;
    this.forEachTouched((dimension) => (squared += (values[dimension * 2 + 1] as number) ** 2));
    return squared;
  }
}

let spareTable: DimensionTable | undefined;

/**
 * What a vectoriser reads and writes per feature, by key: its inverse frequency at `2 × key` of
 * `values` and the mean's sum at `2 × key + 1`. A key is the dimension itself (`DimensionTable`) or
 * the dimension's number among those a population met (`NumberedDimensions`, whose `keyDimensions`
 * give each key's dimension back).
 */
export interface FeatureTable {
  readonly values: Float64Array;
  readonly keyDimensions: Int32Array | undefined;
  keyOf(dimension: number): number;
  accumulate(key: number, weight: number): void;
}

/** The mean's sum of a report's vectors (the table that made them): what the report reads once they are made. */
export interface MeanSum {
  sumOfSquares(): number;
  release(): void;
}

/** Keys a `NumberedDimensions` makes room for at first; it doubles as a population meets more. */
const FIRST_KEYS = 4096;

/**
 * The dimensions one population's features met, numbered 0, 1, 2… in order of first meeting (each
 * dimension's key), and per key what `DimensionTable` keeps per dimension: the document frequency
 * while the texts are read, then the inverse frequency, beside the mean's sum. For the report of
 * personas held in memory (`TermVectors`, `hashedVectors`): its texts are read once, the frequencies counted as
 * they are read, and the vectors made from the keys.
 *
 * Why: `DimensionTable` spans all 2^22 dimensions (64 MB whatever the population) and every term
 * occurrence read or wrote a random place of it, three times over (counting, the inverse frequency,
 * the mean's sum): cache and TLB misses, and 16,000 pages faulted in. A population meets far fewer
 * dimensions (238,000 for 100,000 League personas, 16,000 for as many Manila nurses), so its arrays
 * here take a few megabytes and stay in the cache; a key is found once per term read, by a table
 * sized to the dimensions met.
 *
 * The same numbers: a key's inverse frequency is its dimension's (the same integer count, the same
 * formula), a vector's entries are the same dimensions in the same order with the same weights, each
 * key's sum is added in the same order, and `sumOfSquares` adds the sums in ascending dimension order
 * as `DimensionTable`'s scan does (which adds only zeros besides).
 */
/** `array`'s values in a new array over shared memory. */
function sharedCopy<Typed extends Int32Array | Float64Array | Uint32Array>(array: Typed, Kind: { new (buffer: SharedArrayBuffer): Typed; BYTES_PER_ELEMENT: number }): Typed {
  const copy = new Kind(new SharedArrayBuffer(Math.max(1, array.length) * Kind.BYTES_PER_ELEMENT));
  copy.set(array);
  return copy;
}

export class NumberedDimensions implements FeatureTable, MeanSum {
  /** Open addressing: the dimension + 1 at `2 × slot` (0: empty), its key at `2 × slot + 1`. */
  private slots = new Int32Array(4 * FIRST_KEYS);
  private mask = 2 * FIRST_KEYS - 1;
  /** Keys given so far. */
  size = 0;
  /** The (persona, text field, term) occurrences counted (`ofFrequencies`), as `DimensionTable.terms`. */
  terms = 0;
  /** Each key's dimension. */
  keyDimensions: Int32Array = new Int32Array(FIRST_KEYS);
  /** Each key's document frequency (in how many personas' text fields it occurs), until `invert`. */
  protected frequencies: Int32Array | undefined = new Int32Array(FIRST_KEYS);
  values: Float64Array = new Float64Array(2 * FIRST_KEYS);

  /** The key of `dimension`, a new one when it is met for the first time. */
  keyOf(dimension: number): number {
    const slots = this.slots;
    const mask = this.mask;
    // Dimensions are the high bits of a multiplicative hash already: their low bits spread as well.
    let slot = dimension & mask;
    for (;;) {
      const held = slots[slot * 2] as number;
      if (held === dimension + 1) return slots[slot * 2 + 1] as number;
      if (held === 0) break;
      slot = (slot + 1) & mask;
    }
    const key = this.size++;
    if (key === this.keyDimensions.length) this.grow();
    this.keyDimensions[key] = dimension;
    if (this.size * 2 > mask + 1) this.rehash();
    else {
      slots[slot * 2] = dimension + 1;
      slots[slot * 2 + 1] = key;
    }
    return key;
  }

  /**
   * The document frequencies `table` counted (not inverted yet), each dimension met numbered in
   * ascending order; `undefined` when it met more than `limit` dimensions. Why: a stored
   * population's report (read chunk by chunk, surveyed from its shards' digests into a
   * `DimensionTable`) then makes its vectors from a table of the dimensions it met, and the 64 MB
   * table can go before the report's largest arrays are made (the embedded server's report held
   * both); every vector and sum is the same, as for personas in memory.
   */
  static ofFrequencies(table: DimensionTable, limit: number): NumberedDimensions | undefined {
    const numbered = new NumberedDimensions();
    const values = table.values;
    let within = true;
    table.forEachTouched((dimension) => {
      const frequency = values[dimension * 2] as number;
      if (frequency === 0 || !within) return;
      // The key first: a new key may grow the arrays.
      const key = numbered.keyOf(dimension);
      (numbered.frequencies as Int32Array)[key] = frequency;
      within = numbered.size <= limit;
    });
    if (!within) return undefined;
    numbered.terms = table.terms;
    return numbered;
  }

  /** Counts one more text field that holds `key` (`appendHashedTerms`, while the texts are read). */
  met(key: number): void {
    if (this.frequencies !== undefined) this.frequencies[key] = (this.frequencies[key] as number) + 1;
  }

  protected grow(): void {
    const capacity = this.keyDimensions.length * 2;
    const dimensions = new Int32Array(capacity);
    dimensions.set(this.keyDimensions);
    this.keyDimensions = dimensions;
    if (this.frequencies !== undefined) {
      const frequencies = new Int32Array(capacity);
      frequencies.set(this.frequencies);
      this.frequencies = frequencies;
    }
    const values = new Float64Array(capacity * 2);
    values.set(this.values);
    this.values = values;
  }

  /** Twice the slots, every key placed again (its dimension is its place). */
  private rehash(): void {
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(capacity * 2);
    const mask = capacity - 1;
    for (let key = 0; key < this.size; key++) {
      const dimension = this.keyDimensions[key] as number;
      let slot = dimension & mask;
      while (slots[slot * 2] !== 0) slot = (slot + 1) & mask;
      slots[slot * 2] = dimension + 1;
      slots[slot * 2 + 1] = key;
    }
    this.slots = slots;
    this.mask = mask;
  }

  /**
   * Turns the document frequencies into inverse frequencies over `personas` personas,
   * ln((1 + N) / (1 + df)) + 1 (`DimensionTable.invert`'s); keys met later (structured fields' dimensions) weigh 0 there.
   */
  invert(personas: number): void {
    const frequencies = this.frequencies as Int32Array;
    const values = this.values;
    for (let key = 0; key < this.size; key++) {
      const frequency = frequencies[key] as number;
      if (frequency !== 0) values[key * 2] = Math.log((1 + personas) / (1 + frequency)) + 1;
    }
    this.frequencies = undefined;
  }

  /** Adds a unit vector's weight in the dimension of `key` to the mean's sum. */
  accumulate(key: number, weight: number): void {
    this.values[key * 2 + 1] = (this.values[key * 2 + 1] as number) + weight;
  }

  /** Moves the keys' dimensions and values (inverted) to shared memory, for another thread to make vectors from (`SharedTerms`). */
  share(): void {
    this.keyDimensions = sharedCopy(this.keyDimensions.subarray(0, this.size), Int32Array);
    this.values = sharedCopy(this.values.subarray(0, this.size * 2), Float64Array);
  }

  /** The table `share` shared, seen from another thread: its keys' dimensions and values; no key can be added. */
  static sharedView(keyDimensions: Int32Array, values: Float64Array): NumberedDimensions {
    const view = new NumberedDimensions();
    view.keyDimensions = keyDimensions;
    view.values = values;
    view.size = keyDimensions.length;
    view.frequencies = undefined;
    return view;
  }

  /** ‖Σ u_i‖² over the unit vectors added: each key's sum in ascending order of its dimension, as `DimensionTable.sumOfSquares` adds them. */
  sumOfSquares(): number {
    const { size, keyDimensions, values } = this;
    // Dimension and key in one number each (both below 2^22), sorted as numbers.
    const order = new Float64Array(size);
    for (let key = 0; key < size; key++) order[key] = (keyDimensions[key] as number) * FEATURE_DIMENSIONS + key;
    order.sort();
    let squared = 0;
    for (let position = 0; position < size; position++) {
      const key = (order[position] as number) % FEATURE_DIMENSIONS;
      squared += (values[key * 2 + 1] as number) ** 2;
    }
    return squared;
  }

  /** Nothing is kept for the next report: the arrays are the population's size, and go with it. */
  release(): void {}
}

/** Keys a `RankedDimensions` has room for besides the surveyed dimensions (structured tokens' dimensions, as met) before it grows. */
const RANKED_ROOM = 1 << 16;

/** The bits set in a 32-bit word. */
function bitsIn(word: number): number {
  let bits = word - ((word >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * A stored population's surveyed dimensions (distinct, ascending), each keyed by its rank among
 * them as `NumberedDimensions` numbers them in that order, and the dimensions met besides
 * (structured tokens') numbered after them as met: the same keys, found without a hash table. A
 * bit a dimension (512 KB) and each 32 dimensions' count of surveyed ones before them (512 KB) give
 * a surveyed dimension's rank; besides, 20 bytes a key (its dimension, its inverse frequency and
 * mean's sum). Why: a report by ranges of a million League personas meets ~1.05 million dimensions,
 * for which `NumberedDimensions` (its slots at most half full, its arrays doubled) held 75-85 MB and
 * the 2^22-dimension table 64 MB, in each range and in the merge; this holds ~23 MB (decision
 * 0008, "Session 19").
 */
export class RankedDimensions extends NumberedDimensions {
  private readonly bits = new Int32Array(FEATURE_DIMENSIONS >>> 5);
  private readonly before = new Int32Array(FEATURE_DIMENSIONS >>> 5);
  /** The dimensions met besides the surveyed ones, with their keys. */
  private readonly others = new Map<number, number>();

  constructor(surveyed: Int32Array) {
    super();
    const { bits, before } = this;
    let last = -1;
    for (let k = 0; k < surveyed.length; k++) {
      const dimension = surveyed[k] as number;
      if (dimension <= last || dimension >= FEATURE_DIMENSIONS) throw new Error("surveyed dimensions must be distinct, ascending and below 2^22");
      bits[dimension >>> 5] = (bits[dimension >>> 5] as number) | (1 << (dimension & 31));
      last = dimension;
    }
    let count = 0;
    for (let word = 0; word < bits.length; word++) {
      before[word] = count;
      count += bitsIn(bits[word] as number);
    }
    this.keyDimensions = new Int32Array(surveyed.length + RANKED_ROOM);
    this.keyDimensions.set(surveyed);
    this.values = new Float64Array((surveyed.length + RANKED_ROOM) * 2);
    this.size = surveyed.length;
    this.frequencies = undefined;
  }

  /** Its inverse frequencies are written by its maker (report-ranges.ts `invertedTable`): no frequency is counted here. */
  override invert(): void {
    this.frequencies = undefined;
  }

  override keyOf(dimension: number): number {
    const word = dimension >>> 5;
    const bit = 1 << (dimension & 31);
    const bits = this.bits[word] as number;
    if ((bits & bit) !== 0) return (this.before[word] as number) + bitsIn(bits & (bit - 1));
    let key = this.others.get(dimension);
    if (key === undefined) {
      key = this.size++;
      if (key === this.keyDimensions.length) this.grow();
      this.keyDimensions[key] = dimension;
      this.others.set(dimension, key);
    }
    return key;
  }
}

const personaScratch = new ScratchPositions();

/**
 * Unit feature vectors in the hashed dimensions, for any persona of a population whose
 * frequencies `table` holds (inverted): a vector depends on nothing else, so a stored population
 * is vectorised a shard at a time with the same vectors as all at once. A vector's dimensions are
 * in order of first occurrence (structured tokens, then each text field's terms), not sorted: a
 * sort per persona cost more than everything else it is used for (`hashedCosine` compares two
 * without it); vectors are views into two shared arrays per call.
 */
export class HashedVectoriser<Table extends FeatureTable = DimensionTable> {
  private readonly textFields: FeatureField[];
  private readonly structured: FeatureField[];
  /** A structured field's dimension (its key in the table) by value: a population repeats few values many times. */
  private readonly dimensions: Map<string, number>[];
  private blockWeights = new Float64Array(256);

  constructor(
    fields: readonly FeatureField[],
    readonly table: Table,
  ) {
    this.textFields = fields.filter((field) => field.kind === "text");
    this.structured = fields.filter((field) => field.kind !== "text");
    this.dimensions = this.structured.map(() => new Map<string, number>());
    this.structuredDimensions = new Int32Array(this.structured.length);
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
   * allocate and drop a megabyte a chunk, which the allocator does not all give back. With `keep`,
   * what each vector is made from is kept there too (`HeldTerms`, `vectoriseHeld`).
   */
  vectorise(personas: readonly PersonaFields[], accumulate = false, transient = false, keep?: HeldTerms): FeatureVector[] {
    const numbered = this.table instanceof NumberedDimensions ? this.table : undefined;
    return this.vectoriseTerms(personas, hashedTermsOf(personas, this.textFields, this.terms, numbered), accumulate, transient, keep);
  }

  /** `vectorise` of terms already read; `into`: arrays with room for every entry, to write the vectors in. */
  vectoriseTerms(personas: readonly PersonaFields[], terms: TextTerms, accumulate = false, transient = false, keep?: HeldTerms, into?: { ids: Int32Array; weights: Float64Array }): FeatureVector[] {
    const { structured, dimensions } = this;
    const entries = terms.store.length + personas.length * structured.length;
    const { ids: allIds, weights: allWeights } = into ?? this.output(entries, transient);
    const vectors: FeatureVector[] = new Array(personas.length);
    const structuredDimensions = this.structuredDimensions;
    let offset = 0;
    for (let index = 0; index < personas.length; index++) {
      const persona = personas[index] as PersonaFields;
      for (let fieldIndex = 0; fieldIndex < structured.length; fieldIndex++) {
        const field = structured[fieldIndex] as FeatureField;
        const value = ownValue(persona.fields, field.name);
        if (value === undefined) {
          structuredDimensions[fieldIndex] = ABSENT;
          continue;
        }
        const known = dimensions[fieldIndex] as Map<string, number>;
        let dimension = known.get(value);
        if (dimension === undefined) known.set(value, (dimension = this.table.keyOf(dimensionOf(structuredTokenId(field, value)))));
        structuredDimensions[fieldIndex] = dimension;
      }
      keep?.add(structuredDimensions, terms, index * this.textFields.length);
      const length = this.write(structuredDimensions, 0, terms.store.ids, terms.store.counts, terms.start, index * this.textFields.length, allIds, allWeights, offset, accumulate);
      vectors[index] = { ids: allIds.subarray(offset, offset + length), weights: allWeights.subarray(offset, offset + length) };
      offset += length;
    }
    return vectors;
  }

  /** Each persona's structured dimensions (`ABSENT` where it has no value), one per structured field. */
  structuredDimensionsOf(personas: readonly PersonaFields[], shared = true): Int32Array {
    const { structured, dimensions } = this;
    const bytes = Math.max(1, personas.length * structured.length) * 4;
    const all = new Int32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    personas.forEach((persona, index) => {
      for (let fieldIndex = 0; fieldIndex < structured.length; fieldIndex++) {
        const field = structured[fieldIndex] as FeatureField;
        const value = ownValue(persona.fields, field.name);
        if (value === undefined) {
          all[index * structured.length + fieldIndex] = ABSENT;
          continue;
        }
        const known = dimensions[fieldIndex] as Map<string, number>;
        let dimension = known.get(value);
        if (dimension === undefined) known.set(value, (dimension = this.table.keyOf(dimensionOf(structuredTokenId(field, value)))));
        all[index * structured.length + fieldIndex] = dimension;
      }
    });
    return all;
  }

  /**
   * The vectors of the personas at `indices` of a population whose terms `held` kept
   * (`vectorise(…, keep)`): the same vectors as from their fields, without reading them again.
   * Transient, as `vectorise(…, transient)`.
   */
  vectoriseHeld(held: HeldTerms, indices: readonly number[]): FeatureVector[] {
    const textCount = this.textFields.length;
    let entries = 0;
    for (const index of indices) entries += held.termCount(index) + this.structured.length;
    const { ids: allIds, weights: allWeights } = this.output(entries, true);
    const vectors: FeatureVector[] = new Array(indices.length);
    let offset = 0;
    for (let position = 0; position < indices.length; position++) {
      const index = indices[position] as number;
      const length = this.write(held.structured, index * this.structured.length, held.terms, held.overflow, held.starts, index * textCount, allIds, allWeights, offset, false);
      vectors[position] = { ids: allIds.subarray(offset, offset + length), weights: allWeights.subarray(offset, offset + length) };
      offset += length;
    }
    return vectors;
  }

  /**
   * One persona's vector (`structured` keys from `structuredFrom`, text blocks from `firstBlock` of
   * `terms`) written at the start of `into` and added to the mean's sum, with the scale of each of
   * its text blocks and of the whole at `scales[scalesFrom…]` (0 for a block left out); returns its
   * length. `remade` writes it again from them.
   */
  writeScaled(structured: Int32Array, structuredFrom: number, terms: TextTerms, firstBlock: number, into: { ids: Int32Array; weights: Float64Array }, scales: Float64Array, scalesFrom: number, packed?: PackedCounts, accumulate = true): number {
    return this.write(structured, structuredFrom, terms.store.ids, packed ?? terms.store.counts, terms.start, firstBlock, into.ids, into.weights, 0, accumulate, scales, scalesFrom);
  }

  /**
   * The vector `writeScaled` wrote, written again at the start of `into` from its scales: the same
   * entries in the same order, each weight the same products in the same order (the term's weight
   * times its block's scale, times the whole's), so the same bits — for a vector in which no two
   * features share a dimension (`write` adds those together). Returns its length.
   */
  remade(structured: Int32Array, structuredFrom: number, terms: TextTerms, firstBlock: number, scales: Float64Array, scalesFrom: number, into: { ids: Int32Array; weights: Float64Array }, packed?: PackedCounts): number {
    const structuredCount = this.structured.length;
    const textCount = this.textFields.length;
    const { values, keyDimensions } = this.table;
    const { ids: termIds, counts: termCounts } = terms.store;
    const starts = terms.start;
    const { ids, weights } = into;
    const whole = scales[scalesFrom + textCount] as number;
    let length = 0;
    for (let fieldIndex = 0; fieldIndex < structuredCount; fieldIndex++) {
      const key = structured[structuredFrom + fieldIndex] as number;
      if (key === ABSENT) continue;
      ids[length] = keyDimensions === undefined ? key : (keyDimensions[key] as number);
      // A structured token weighs 1: 1 × the whole's scale.
      weights[length++] = whole;
    }
    for (let fieldIndex = 0; fieldIndex < textCount; fieldIndex++) {
      const scale = scales[scalesFrom + fieldIndex] as number;
      if (scale === 0) continue;
      const to = starts[firstBlock + fieldIndex + 1] as number;
      for (let k = starts[firstBlock + fieldIndex] as number; k < to; k++) {
        const term = termIds[k] as number;
        const key = packed === undefined ? term : term & DIMENSION_MASK;
        const occurrences = packed === undefined ? (termCounts[k] as number) : packed.countOf(term, k);
        ids[length] = keyDimensions === undefined ? key : (keyDimensions[key] as number);
        weights[length++] = (termFrequencyWeight(occurrences) * (values[key * 2] as number) * scale) * whole;
      }
    }
    return length;
  }

  /** Arrays for `entries` vector entries: lent (`transient`) or new. */
  private output(entries: number, transient: boolean): { ids: Int32Array; weights: Float64Array } {
    if (!transient) return { ids: new Int32Array(entries), weights: new Float64Array(entries) };
    if (this.lentIds.length < entries) {
      this.lentIds = new Int32Array(entries * 2);
      this.lentWeights = new Float64Array(entries * 2);
    }
    return { ids: this.lentIds, weights: this.lentWeights };
  }

  /** One persona's structured dimensions while its vector is written (`ABSENT` where it has no value). */
  private readonly structuredDimensions: Int32Array;

  /**
   * Writes one persona's unit vector at `offset` of the output arrays, from its structured
   * dimensions (`structuredDimensions[structuredFrom…]`, one per structured field) and its text
   * fields' terms (blocks `firstBlock…` of `starts` over `termIds` and `termCounts`, or over terms
   * packed by `HeldTerms` when `termCounts` is its overflow); returns its length.
   * Features are in order of first occurrence; a dimension met twice (two features in one
   * dimension) adds to the first one's weight. Dimensions come as their keys in the table (`FeatureTable`).
   */
  private write(structuredDimensions: Int32Array, structuredFrom: number, termIds: Int32Array | Uint32Array, termCounts: Uint16Array | Map<number, number>, starts: Int32Array, firstBlock: number, allIds: Int32Array, allWeights: Float64Array, offset: number, accumulate: boolean, scales?: Float64Array, scalesFrom = 0): number {
    const structuredCount = this.structured.length;
    const textCount = this.textFields.length;
    const table = this.table;
    const values = table.values;
    // Keys (the dimensions themselves, or their numbers) until the last loop, which writes each entry's dimension.
    const keyDimensions = table.keyDimensions;
    const termTotal = (starts[firstBlock + textCount] as number) - (starts[firstBlock] as number);
    const scratch = personaScratch;
    const packed = termCounts instanceof Map;
    scratch.begin(termTotal + structuredCount);
    const { keys, stamps, positions, stamp } = scratch;
    let length = 0;
    for (let fieldIndex = 0; fieldIndex < structuredCount; fieldIndex++) {
      const dimension = structuredDimensions[structuredFrom + fieldIndex] as number;
      if (dimension === ABSENT) continue;
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
    for (let fieldIndex = 0; fieldIndex < textCount; fieldIndex++) {
      const from = starts[firstBlock + fieldIndex] as number;
      const count = (starts[firstBlock + fieldIndex + 1] as number) - from;
      if (count > this.blockWeights.length) this.blockWeights = new Float64Array(count * 2);
      const blockWeights = this.blockWeights;
      let norm = 0;
      for (let k = 0; k < count; k++) {
        const term = termIds[from + k] as number;
        let occurrences: number;
        if (!packed) occurrences = termCounts[from + k] as number;
        else {
          occurrences = term >>> FEATURE_BITS;
          if (occurrences === PACKED_COUNT_LIMIT) occurrences = termCounts.get(from + k) as number;
        }
        const weight = termFrequencyWeight(occurrences) * (values[(term & DIMENSION_MASK) * 2] as number);
        blockWeights[k] = weight;
        norm += weight * weight;
      }
      if (scales !== undefined) scales[scalesFrom + fieldIndex] = norm === 0 ? 0 : 1 / Math.sqrt(norm);
      if (norm === 0) continue;
      // Each text field's block has length 1.
      const scale = 1 / Math.sqrt(norm);
      for (let k = 0; k < count; k++) {
        const dimension = (termIds[from + k] as number) & DIMENSION_MASK;
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
    if (scales !== undefined) scales[scalesFrom + textCount] = scale;
    for (let k = offset; k < offset + length; k++) {
      const weight = (allWeights[k] as number) * scale;
      allWeights[k] = weight;
      if (accumulate) table.accumulate(allIds[k] as number, weight);
      if (keyDimensions !== undefined) allIds[k] = keyDimensions[allIds[k] as number] as number;
    }
    return length;
  }
}

/** `1 + ln(n)` for the counts a text's term mostly has, computed once by the same `Math.log`: the same doubles. */
const TERM_FREQUENCY_WEIGHTS = Float64Array.from({ length: 1024 }, (_, count) => (count === 1 ? 1 : 1 + Math.log(count)));

/**
 * A term's weight for its count in one text, 1 + ln(count) (1 once): from a table below 1,024. Why:
 * the vectors, their remaking and the candidates' cosines take it for every term (15.7 million at
 * 100,000 League personas, each made at least twice), and `Math.log` was a fifth of the vectors' time.
 */
export function termFrequencyWeight(occurrences: number): number {
  return occurrences < 1024 ? (TERM_FREQUENCY_WEIGHTS[occurrences] as number) : 1 + Math.log(occurrences);
}

/** A structured field a persona has no value for (dimensions are never negative). */
const ABSENT = -1;

const DIMENSION_MASK = FEATURE_DIMENSIONS - 1;
/** A held term's count is packed in the bits above its dimension; from this count on it is in `HeldTerms.overflow`. */
const PACKED_COUNT_LIMIT = 2 ** (32 - FEATURE_BITS) - 1;

/**
 * What a population's vectors are made from, kept persona by persona while the report reads it
 * (`HashedVectoriser.vectorise(…, keep)`): each persona's structured dimensions and its text
 * fields' distinct terms, each packed with its count in 4 bytes (a 22-bit dimension, a 10-bit
 * count; a count from 1,023 on kept apart) — a third of a held vector's 12 bytes an entry.
 * Why: a population whose vectors do not fit `HELD_VECTOR_ENTRIES` had every row read, parsed and
 * tokenised once more to compare its candidate pairs (a fifth of the stored League report at
 * 100,000); its terms fit in less memory, and each vector is made again from them exactly.
 */
export class HeldTerms {
  readonly structured: Int32Array;
  terms: Uint32Array;
  /** The counts too large to pack, by position in `terms`. */
  readonly overflow = new Map<number, number>();
  /** Per (persona, text field) block, where its terms start in `terms`; the last is the end. */
  readonly starts: Int32Array;
  private length = 0;
  private persona = 0;

  /**
   * For `personas` personas of `structuredCount` structured and `textCount` text fields, about
   * `terms` terms in all; `memory`: memory no longer used (`DimensionTable.releaseMemory`) the terms
   * are written into when they fit (only what is written is read).
   */
  constructor(
    personas: number,
    private readonly structuredCount: number,
    private readonly textCount: number,
    terms: number,
    memory?: ArrayBufferLike,
  ) {
    this.structured = new Int32Array(personas * structuredCount);
    this.terms = memory !== undefined && memory.byteLength >= terms * 4 ? new Uint32Array(memory, 0, terms) : new Uint32Array(terms);
    this.starts = new Int32Array(personas * textCount + 1);
  }

  /** Keeps the next persona: its structured dimensions, and its text blocks from `firstBlock` of `terms`. */
  add(structuredDimensions: Int32Array, terms: TextTerms, firstBlock: number): void {
    const { structuredCount, textCount } = this;
    this.structured.set(structuredDimensions.subarray(0, structuredCount), this.persona * structuredCount);
    const from = terms.start[firstBlock] as number;
    const to = terms.start[firstBlock + textCount] as number;
    if (this.length + to - from > this.terms.length) {
      const larger = new Uint32Array(Math.max(Math.ceil(this.terms.length * 1.25), this.length + to - from));
      larger.set(this.terms.subarray(0, this.length));
      this.terms = larger;
    }
    const { ids, counts } = terms.store;
    for (let k = from, position = this.length; k < to; k++, position++) {
      const count = counts[k] as number;
      if (count >= PACKED_COUNT_LIMIT) this.overflow.set(position, count);
      // Unsigned: a count's top bit is the sign bit of an int.
      this.terms[position] = ((ids[k] as number) | (Math.min(count, PACKED_COUNT_LIMIT) << FEATURE_BITS)) >>> 0;
    }
    const shift = this.length - from;
    for (let block = 0; block < textCount; block++) this.starts[this.persona * textCount + block + 1] = (terms.start[firstBlock + block + 1] as number) + shift;
    this.length += to - from;
    this.persona++;
  }

  /** How many terms the persona at `index` has. */
  termCount(index: number): number {
    return (this.starts[(index + 1) * this.textCount] as number) - (this.starts[index * this.textCount] as number);
  }
}

/**
 * Every persona's unit vector, for the report of personas held in memory, kept as what it is made
 * of: its text blocks' terms (keys of a `NumberedDimensions` and counts), its structured fields'
 * keys, and the scale of each text block and of the whole. `make` writes a vector as its persona's
 * turn comes (the mean's sum added); `vector` writes it again for a pair's cosine, from its terms
 * and scales (`HashedVectoriser.remade`): the same entries with the same weights, to the bit. The
 * rare vector in which two features share a dimension is kept as made.
 *
 * Why: held whole, the vectors of 100,000 League personas are 15.7 million entries of 12 bytes,
 * 188 MB of fresh memory (46,000 pages faulted in, ~1 CPU-s on this VM) for the few hundred thousand
 * vectors the candidate pairs read again; their terms are held anyway while the vectors are made.
 */
export class TermVectors {
  readonly table = new NumberedDimensions();
  private readonly vectoriser: HashedVectoriser<NumberedDimensions>;
  private readonly terms: TextTerms;
  /** Each persona's structured keys (`ABSENT` where it has no value). */
  private structured: Int32Array;
  private readonly structuredCount: number;
  private readonly textCount: number;
  /** Per persona: its text blocks' scales, then the whole's. */
  private readonly scales: Float64Array;
  /** The vectors in which two features share a dimension (their weights added), as made. */
  private readonly merged = new Map<number, FeatureVector>();
  /** Lent: `make`'s arrays, and `vector`'s. */
  private readonly lent: { ids: Int32Array; weights: Float64Array }[];
  /** The terms' counts are packed in their keys (`PackedCounts`). */
  private readonly packed = new PackedCounts();

  /** With `shared`, what the vectors are made of is in shared memory, for another thread to make them (`sharing`). */
  constructor(
    personas: readonly PersonaFields[],
    private readonly fields: readonly FeatureField[],
    shared = false,
  ) {
    const textFields = fields.filter((field) => field.kind === "text");
    this.textCount = textFields.length;
    this.structuredCount = fields.length - textFields.length;
    const store = termStoreFor(personas, textFields, true, shared);
    this.terms = hashedTermsOf(personas, textFields, store, this.table, this.packed);
    this.table.invert(personas.length);
    this.vectoriser = new HashedVectoriser(fields, this.table);
    this.structured = this.vectoriser.structuredDimensionsOf(personas, false);
    this.scales = shared ? new Float64Array(new SharedArrayBuffer(Math.max(1, personas.length * (this.textCount + 1)) * 8)) : new Float64Array(personas.length * (this.textCount + 1));
    if (shared) {
      this.table.share();
      this.structured = sharedCopy(this.structured, Int32Array);
      // A store that grew while read is no longer the shared one it started as.
      if (!(this.terms.store.ids.buffer instanceof SharedArrayBuffer)) this.terms.store.ids = sharedCopy(this.terms.store.ids.subarray(0, this.terms.store.length), Int32Array);
    }
    let longest = 0;
    for (let index = 0; index < personas.length; index++) longest = Math.max(longest, this.termCount(index));
    this.lent = [0, 1].map(() => ({ ids: new Int32Array(longest + this.structuredCount), weights: new Float64Array(longest + this.structuredCount) }));
  }

  /**
   * The `TermVectors` that `sharing()` describes, on another thread: `make`, `vector` and `cosine`
   * read the shared arrays (made without the personas: the constructor reads their texts).
   */
  static ofShared(shared: SharedTerms): TermVectors {
    const textCount = shared.fields.filter((field) => field.kind === "text").length;
    const structuredCount = shared.fields.length - textCount;
    const table = NumberedDimensions.sharedView(shared.keyDimensions, shared.values);
    let longest = 0;
    for (let index = 0; index < shared.count; index++) longest = Math.max(longest, (shared.starts[(index + 1) * textCount] as number) - (shared.starts[index * textCount] as number));
    const view = Object.create(TermVectors.prototype) as TermVectors;
    return Object.assign(view, {
      fields: shared.fields,
      table,
      vectoriser: new HashedVectoriser(shared.fields, table),
      terms: { store: { ids: shared.termIds, counts: new Uint16Array(0), length: shared.termIds.length }, start: shared.starts },
      structured: shared.structured,
      structuredCount,
      textCount,
      scales: shared.scales,
      merged: new Map<number, FeatureVector>(),
      lent: [0, 1].map(() => ({ ids: new Int32Array(longest + structuredCount), weights: new Float64Array(longest + structuredCount) })),
      packed: new PackedCounts(shared.overflow),
    });
  }

  /** Whether two of the features of the vector `make` made of the persona at `index` shared a dimension. */
  isMerged(index: number): boolean {
    return this.merged.has(index);
  }

  /**
   * What another thread needs to make every persona's vector as `make` does (`eachSharedVector`),
   * and where it writes what `make` keeps: the scales, the mean's sum (in the shared table), each
   * vector's length and whether two of its features shared a dimension (`merged`, for `adoptMerged`).
   * Only for a `TermVectors` made `shared`.
   */
  sharing(): SharedTerms {
    const count = this.scales.length / (this.textCount + 1);
    return {
      fields: [...this.fields],
      count,
      termIds: this.terms.store.ids,
      starts: sharedCopy(this.terms.start, Int32Array),
      overflow: new Map(this.packed),
      structured: this.structured,
      scales: this.scales,
      keyDimensions: this.table.keyDimensions,
      values: this.table.values,
      lengths: new Int32Array(new SharedArrayBuffer(Math.max(1, count) * 4)),
      merged: new Uint8Array(new SharedArrayBuffer(Math.max(1, count))),
    };
  }

  /** Takes in what another thread made from `sharing()` (`eachSharedVector`): the vectors whose features shared a dimension are made again here and kept, as `make` keeps them. */
  adoptMerged(shared: SharedTerms): void {
    const into = this.lent[0] as { ids: Int32Array; weights: Float64Array };
    for (let index = 0; index < shared.count; index++) {
      if (shared.merged[index] === 0) continue;
      const length = this.vectoriser.writeScaled(this.structured, index * this.structuredCount, this.terms, index * this.textCount, into, this.scales, index * (this.textCount + 1), this.packed, false);
      this.merged.set(index, { ids: into.ids.slice(0, length), weights: into.weights.slice(0, length) });
    }
  }

  private termCount(index: number): number {
    return (this.terms.start[(index + 1) * this.textCount] as number) - (this.terms.start[index * this.textCount] as number);
  }

  /** The vector of the persona at `index`, made and added to the mean's sum (once per persona, in index order); lent until the next call. */
  make(index: number): FeatureVector {
    const into = this.lent[0] as { ids: Int32Array; weights: Float64Array };
    const { structured, structuredCount } = this;
    const length = this.vectoriser.writeScaled(structured, index * structuredCount, this.terms, index * this.textCount, into, this.scales, index * (this.textCount + 1), this.packed);
    const vector = { ids: into.ids.subarray(0, length), weights: into.weights.subarray(0, length) };
    let entries = this.termCount(index);
    for (let fieldIndex = 0; fieldIndex < structuredCount; fieldIndex++) if (structured[index * structuredCount + fieldIndex] !== ABSENT) entries++;
    if (length !== entries) this.merged.set(index, { ids: vector.ids.slice(), weights: vector.weights.slice() });
    return vector;
  }

  /**
   * `hashedCosine(first, vector, sameFirst, floor)` with the vector `make` made of the persona at `index`, its entries
   * made one after the other as the cosine reads them: most candidate pairs are settled by their
   * first few entries (the structured fields') and the rest of the vector is never made.
   */
  cosine(first: FeatureVector, sameFirst: boolean, index: number, floor: number): number {
    const kept = this.merged.get(index);
    if (kept) return hashedCosine(first, kept, sameFirst, floor);
    if (!sameFirst) layOut(first);
    const { stamps, positions, stamp } = cosineScratch;
    const firstWeights = first.weights;
    const { structured, structuredCount, textCount, scales } = this;
    const { values, keyDimensions } = this.table;
    const termIds = this.terms.store.ids;
    const packed = this.packed;
    const starts = this.terms.start;
    const scalesFrom = index * (textCount + 1);
    const whole = scales[scalesFrom + textCount] as number;
    let dot = 0;
    let seen = 0;
    let k = 0;
    // The entries `HashedVectoriser.remade` writes, in its order, with its weights.
    for (let fieldIndex = 0; fieldIndex < structuredCount; fieldIndex++) {
      const key = structured[index * structuredCount + fieldIndex] as number;
      if (key === ABSENT) continue;
      const slot = cosineScratch.slotOf(keyDimensions[key] as number);
      if (stamps[slot] === stamp) dot += (firstWeights[positions[slot] as number] as number) * whole;
      seen += whole * whole;
      if (k++ % BOUND_STRIDE === BOUND_STRIDE - 1 && belowFloor(dot, seen, floor)) return -1;
    }
    for (let fieldIndex = 0; fieldIndex < textCount; fieldIndex++) {
      const scale = scales[scalesFrom + fieldIndex] as number;
      if (scale === 0) continue;
      const to = starts[index * textCount + fieldIndex + 1] as number;
      for (let position = starts[index * textCount + fieldIndex] as number; position < to; position++) {
        const term = termIds[position] as number;
        const key = term & DIMENSION_MASK;
        const occurrences = packed.countOf(term, position);
        const weight = (termFrequencyWeight(occurrences) * (values[key * 2] as number) * scale) * whole;
        const slot = cosineScratch.slotOf(keyDimensions[key] as number);
        if (stamps[slot] === stamp) dot += (firstWeights[positions[slot] as number] as number) * weight;
        seen += weight * weight;
        if (k++ % BOUND_STRIDE === BOUND_STRIDE - 1 && belowFloor(dot, seen, floor)) return -1;
      }
    }
    return Math.min(1, dot);
  }

  /** The vector `make` made of the persona at `index`, again (a pair's first); lent until the next call. */
  vector(index: number): FeatureVector {
    const kept = this.merged.get(index);
    if (kept) return kept;
    const into = this.lent[1] as { ids: Int32Array; weights: Float64Array };
    const length = this.vectoriser.remade(this.structured, index * this.structuredCount, this.terms, index * this.textCount, this.scales, index * (this.textCount + 1), into, this.packed);
    return { ids: into.ids.subarray(0, length), weights: into.weights.subarray(0, length) };
  }
}

/** What `TermVectors.sharing` hands another thread, all its arrays over shared memory but `overflow`'s copy. */
export interface SharedTerms {
  fields: FeatureField[];
  count: number;
  termIds: Int32Array;
  starts: Int32Array;
  /** `PackedCounts`' counts kept apart. */
  overflow: Map<number, number>;
  structured: Int32Array;
  /** Written: each persona's text blocks' scales and the whole's. */
  scales: Float64Array;
  keyDimensions: Int32Array;
  /** The inverse frequencies; written: the mean's sum (`NumberedDimensions.accumulate`). */
  values: Float64Array;
  /** Written: each vector's length. */
  lengths: Int32Array;
  /** Written: 1 where two of a vector's features shared a dimension (`TermVectors.adoptMerged`). */
  merged: Uint8Array;
}

/**
 * Every persona's vector from `TermVectors.sharing()`, as `TermVectors.make` makes it, one after the
 * other in persona order (so the mean's sum is added in the same order, to the same bits); each lent
 * to `each` until the next. Returns them, for their pairs' cosines there.
 */
export function eachSharedVector(shared: SharedTerms, each: (vector: FeatureVector, index: number) => void): TermVectors {
  const vectors = TermVectors.ofShared(shared);
  for (let index = 0; index < shared.count; index++) {
    const vector = vectors.make(index);
    if (vectors.isMerged(index)) shared.merged[index] = 1;
    shared.lengths[index] = vector.ids.length;
    each(vector, index);
  }
  return vectors;
}

const cosineScratch = new ScratchPositions();

/** Entries of the second vector read between two checks of `hashedCosine`'s bound. */
const BOUND_STRIDE = 16;
/** Added to the remaining squared weight before the bound is trusted: far above the rounding of a few hundred products. */
const BOUND_SLACK = 1e-9;

/**
 * Cosine similarity of two unit vectors whose dimensions are in no particular order (`HashedVectoriser`'s):
 * the first is laid out in a cache-sized table and the second looked up in it.
 *
 * With a `floor`, it may stop early and return −1 instead: only when the cosine is certainly below
 * it. The second vector's entries read so far hold `seen` of its squared length and give a partial
 * dot product; the entries left add at most √(1 − seen) to it (Cauchy–Schwarz, both vectors unit).
 * A caller that wants the largest cosine and those above a threshold passes the smaller of the two
 * found so far: most candidate pairs of a population are settled by their structured fields alone,
 * which come first in a vector (at 100,000 League personas, all but 300 of 134,000 candidate pairs
 * after ~28 of ~160 entries). A cosine computed to the end is the same number, to the bit, as without a floor.
 */
export function hashedCosine(a: FeatureVector, b: FeatureVector, sameFirst = false, floor = Number.NEGATIVE_INFINITY): number {
  // Pairs come bucket by bucket, many with the same first vector (`sameFirst`: `a` is the previous
  // call's): it is laid out once for them.
  if (!sameFirst) layOut(a);
  const { stamps, positions, stamp } = cosineScratch;
  const ids = b.ids;
  const weights = b.weights;
  let dot = 0;
  let seen = 0;
  for (let k = 0; k < ids.length; k++) {
    const weight = weights[k] as number;
    const slot = cosineScratch.slotOf(ids[k] as number);
    if (stamps[slot] === stamp) dot += (a.weights[positions[slot] as number] as number) * weight;
    seen += weight * weight;
    if (k % BOUND_STRIDE === BOUND_STRIDE - 1 && belowFloor(dot, seen, floor)) return -1;
  }
  return Math.min(1, dot);
}

/** Lays out the first vector of `hashedCosine` (or `TermVectors.cosine`) in its table. */
function layOut(a: FeatureVector): void {
  cosineScratch.begin(a.ids.length);
  const { keys, stamps, positions, stamp } = cosineScratch;
  for (let k = 0; k < a.ids.length; k++) {
    const slot = cosineScratch.slotOf(a.ids[k] as number);
    stamps[slot] = stamp;
    keys[slot] = a.ids[k] as number;
    positions[slot] = k;
  }
}

/** Whether a cosine whose second vector's entries read so far hold `seen` of its squared length and give `dot` is certainly below `floor`. */
function belowFloor(dot: number, seen: number, floor: number): boolean {
  const gap = floor - dot;
  return gap > 0 && gap * gap > 1 - seen + BOUND_SLACK;
}

/**
 * Vectors of personas in memory with their own frequencies (the tests' and the one-chunk report's way),
 * their dimensions numbered as their texts are read (`NumberedDimensions`). `read`: their text fields'
 * terms, read already (`hashedTermsOf`, or `joinedTerms` of the terms of consecutive ranges of them
 * read on several threads): the same vectors, with a `DimensionTable`.
 *
 * The large arrays (the terms and the vectors: ~300 MB at 100,000 League personas) are allocated
 * together before any is filled. Why: V8 counts array buffers as external memory, and each 64 MB of
 * it allocated since the last full collection starts one; in a process holding a large heap (the
 * CLI's, the bench's: 100,000 rendered personas, 375 MB) each such collection marks all of it on the
 * collector's threads, ~0.6 CPU-s. Allocated one after the other, a second of work apart, they
 * started three collections during the report; together, one.
 */
export function hashedVectors(personas: readonly PersonaFields[], fields: readonly FeatureField[], accumulate = false, read?: TextTerms): { vectors: FeatureVector[]; table: FeatureTable & MeanSum } {
  const textFields = fields.filter((field) => field.kind === "text");
  const structuredEntries = personas.length * (fields.length - textFields.length);
  const store = read?.store ?? termStoreFor(personas, textFields);
  // A vector has at most its text blocks' terms and one entry per structured field: the store's capacity bounds them.
  let output = { ids: new Int32Array(store.ids.length + structuredEntries), weights: new Float64Array(store.ids.length + structuredEntries) };
  const numbered = read ? undefined : new NumberedDimensions();
  const terms = read ?? hashedTermsOf(personas, textFields, store, numbered);
  if (terms.store.length + structuredEntries > output.ids.length) output = { ids: new Int32Array(terms.store.length + structuredEntries), weights: new Float64Array(terms.store.length + structuredEntries) };
  if (numbered) {
    numbered.invert(personas.length);
    return { vectors: new HashedVectoriser(fields, numbered).vectoriseTerms(personas, terms, accumulate, false, undefined, output), table: numbered };
  }
  const table = DimensionTable.take();
  table.count(terms, personas.length);
  table.invert();
  return { vectors: new HashedVectoriser(fields, table).vectoriseTerms(personas, terms, accumulate, false, undefined, output), table };
}
