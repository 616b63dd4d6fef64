/**
 * Candidate near-duplicate pairs among many personas by locality-sensitive hashing, for the
 * diversity report above its exact limit (DESIGN §4). Comparing every pair of 100,000 personas is
 * 5 billion cosines; LSH puts personas that are alike in the same bucket, and only pairs sharing a
 * bucket are compared (exactly, by the caller).
 *
 * The hash is a weighted MinHash (the "exponential race" of P-MinHash, Moulton & Jiang 2018) over
 * each unit vector's squared weights, so that every part of the persona counts as it counts in the
 * cosine: a structured `field=value` token weighs as much as a whole text field, whatever the text's
 * length. One-permutation hashing (Li, Owen & Zhang 2012) keeps it linear: each feature is hashed
 * once per repetition into one of `BINS` bins and races only the features of its bin; an empty bin
 * borrows its next neighbour's winner (rotation densification, Shrivastava & Li 2014). `ROWS`
 * neighbouring bins make a band; two personas are candidates when all the rows of one band agree.
 *
 * A pair at probability-Jaccard similarity J collides in a row with probability about J, and is a
 * candidate with probability 1 − (1 − J^6)^18 with the 18 bands of 6 rows used here: 0.58 at
 * J = 0.6, 0.90 at 0.7, 0.996 at 0.8, 1.0 at 0.9. For unit vectors with non-negative weights a cosine
 * c bounds J from below only by (1 − √(1 − c²)) / (1 + √(1 − c²)) (0.39 at 0.9), so LSH may miss a
 * pair just over the duplicate threshold whose weight is spread thinly; near-duplicates written from
 * one persona sit far above that bound (shared fields and phrases carry most of the weight): the
 * tests plant them and find them all, and on the League of Legends population at 100,000 all 200
 * planted pairs at cosine ≥ 0.9 were found among 165,000 candidate pairs (0.003% of all pairs).
 * More rows per band would cut the candidates further and lose recall; fewer (5) found no more
 * planted pairs there and made 1.3 million candidates. The report states the parameters and the
 * number of candidate pairs; every candidate is verified exactly.
 */
import type { FeatureVector } from "./similarity.ts";

/** Bins per repetition (a multiple of `LSH_ROWS`). */
export const LSH_BINS = 36;
/** Bins that make one band. */
export const LSH_ROWS = 6;
/** Independent hashings; bands = repetitions × BINS / ROWS (`BandKeys.write` runs the three one after the other, written out). */
export const LSH_REPETITIONS = 3;
export const LSH_BANDS = (LSH_REPETITIONS * LSH_BINS) / LSH_ROWS;
/**
 * Members of one bucket compared with each other, at most. A bucket larger than this holds
 * personas alike in every row of a band (a population of near-copies); beyond it each member is
 * compared with its `LARGE_BUCKET_NEIGHBOURS` next ones only, and the report says `truncated`.
 */
export const LSH_BUCKET_LIMIT = 256;
const LARGE_BUCKET_NEIGHBOURS = 32;

export interface LshParameters {
  method: "weighted-minhash-lsh";
  bands: number;
  rows: number;
  /** Bucket pairs compared (a pair meeting in several bands is compared once per band). */
  candidate_pairs: number;
}

export interface CandidateSearch {
  parameters: LshParameters;
  /** Some bucket was larger than `LSH_BUCKET_LIMIT` and only partly compared. */
  truncated: boolean;
}

/**
 * Arrival times of the race: −ln(u) for u on a grid of `EXPONENTIAL_STEPS` points of (0, 1), so a
 * feature's time is a table lookup rather than a logarithm (the race runs 50 million times at
 * 100,000 personas). Two features of one bin tie with probability 1/4096 and then the lower id
 * wins in both personas alike.
 */
const EXPONENTIAL_STEPS = 4096;
const EXPONENTIAL = Float64Array.from({ length: EXPONENTIAL_STEPS }, (_, step) => -Math.log((step + 0.5) / EXPONENTIAL_STEPS));

/** A 32-bit avalanche of `value` (murmur3's finaliser). */
function avalanche(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/**
 * One feature's run in one repetition's race: its bin and arrival time from a hash of its id; it
 * wins the bin when it arrives first. Ids are hashes already: one multiply-xorshift per repetition
 * makes them independent. The high bits choose the bin (multiply-shift, no division), the low bits
 * the arrival time.
 */
function race(arrival: Float64Array, winner: Int32Array, firstBin: number, id: number, seed: number, inverseSquare: number): void {
  let hash = Math.imul(id ^ seed, 0x9e3779b1);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  const slot = firstBin + (((hash >>> 16) * LSH_BINS) >>> 16);
  const time = (EXPONENTIAL[hash & (EXPONENTIAL_STEPS - 1)] as number) * inverseSquare;
  const current = arrival[slot] as number;
  // A tie goes to the lower id, whatever order the vector's entries come in.
  if (time <= current && (time < current || id < (winner[slot] as number))) {
    arrival[slot] = time;
    winner[slot] = id;
  }
}

/**
 * Band keys of one vector after another (`write`), for any vectors in any chunks: a vector's keys
 * depend on it and the seed alone. Each repetition hashes a feature to a bin and to an exponential
 * "arrival time" divided by its squared weight; the first arrival of a bin is its value (its
 * feature id). Keys are stored member-major: member `m`'s bands at `keys[m × LSH_BANDS …]`.
 */
export class BandKeys {
  private readonly arrival = new Float64Array(LSH_REPETITIONS * LSH_BINS);
  private readonly winner = new Int32Array(LSH_REPETITIONS * LSH_BINS);
  private readonly value = new Int32Array(LSH_BINS);
  private readonly repetitionSeeds: [number, number, number];

  constructor(seed: number) {
    const repetitionSeed = (repetition: number) => avalanche(seed ^ Math.imul(repetition + 1, 0x9e3779b1));
    this.repetitionSeeds = [repetitionSeed(0), repetitionSeed(1), repetitionSeed(2)];
  }

  /** Writes the bands of `vector`, the `m`-th member, at `keys[m × LSH_BANDS …]`. */
  write(vector: FeatureVector, keys: Uint32Array, m: number): void {
    const { arrival, winner, value, repetitionSeeds } = this;
    const ids = vector.ids;
    const weights = vector.weights;
    const bandsPerRepetition = LSH_BINS / LSH_ROWS;
    const base = m * LSH_BANDS;
    const [firstSeed, secondSeed, thirdSeed] = repetitionSeeds;
    arrival.fill(Infinity);
    for (let k = 0; k < ids.length; k++) {
      const weight = weights[k] as number;
      if (weight <= 0) continue;
      const id = ids[k] as number;
      const inverseSquare = 1 / (weight * weight);
      // The three repetitions written out rather than looped over: the race runs 50 million times
      // at 100,000 personas, and the loop over a seed array cost a quarter more (A/B, same keys).
      race(arrival, winner, 0, id, firstSeed, inverseSquare);
      race(arrival, winner, LSH_BINS, id, secondSeed, inverseSquare);
      race(arrival, winner, 2 * LSH_BINS, id, thirdSeed, inverseSquare);
    }
    for (let repetition = 0; repetition < LSH_REPETITIONS; repetition++) {
      const first = repetition * LSH_BINS;
      // Rotation densification: an empty bin takes the next non-empty bin's winner, marked with the distance.
      let filled = -1;
      for (let bin = 0; bin < LSH_BINS; bin++) if ((arrival[first + bin] as number) !== Infinity) filled = bin;
      if (filled < 0) {
        // An empty vector: no band key it could share with anyone (it is similar to nothing).
        for (let band = 0; band < bandsPerRepetition; band++) keys[base + repetition * bandsPerRepetition + band] = avalanche(m ^ 0x7f4a7c15) >>> 0;
        continue;
      }
      for (let step = 0, bin = filled, next = 0, distance = 0; step < LSH_BINS; step++, bin = bin === 0 ? LSH_BINS - 1 : bin - 1) {
        if ((arrival[first + bin] as number) !== Infinity) {
          next = winner[first + bin] as number;
          distance = 0;
          value[bin] = next;
        } else {
          distance++;
          value[bin] = avalanche(next ^ Math.imul(distance, 0x27d4eb2f));
        }
      }
      for (let band = 0; band < bandsPerRepetition; band++) {
        let key = avalanche(repetition * bandsPerRepetition + band + 1);
        for (let row = 0; row < LSH_ROWS; row++) key = avalanche(key ^ Math.imul((value[band * LSH_ROWS + row] as number) + row, 0xcc9e2d51));
        keys[base + repetition * bandsPerRepetition + band] = key >>> 0;
      }
    }
  }
}

/** Radix of `bandOrder`'s counting sort: a band key is sorted 16 bits at a time. */
const RADIX_BITS = 16;
const RADIX = 1 << RADIX_BITS;
const digitCounts = new Int32Array(RADIX + 1);

/**
 * Member positions of one band in order of their key, ties in position order, so that each bucket
 * is a run. Two stable counting sorts (low half of the key, then high half) over positions taken in
 * order: linear, where sorting 100,000 keys with their positions for each of 18 bands was a twentieth
 * of the report. The band's keys are copied out first (`bandKeys`, by position): the sorts read a
 * key per member in permuted order, and in the member-major array each read was a cache miss.
 */
function bandOrder(keys: Uint32Array, band: number, count: number, bandKeys: Uint32Array, scratch: readonly [Uint32Array, Uint32Array]): Uint32Array {
  for (let m = 0; m < count; m++) bandKeys[m] = keys[m * LSH_BANDS + band] as number;
  let [from, to] = scratch;
  for (let m = 0; m < count; m++) from[m] = m;
  for (let shift = 0; shift < 32; shift += RADIX_BITS) {
    digitCounts.fill(0);
    for (let k = 0; k < count; k++) {
      const digit = (((bandKeys[from[k] as number] as number) >>> shift) & (RADIX - 1)) + 1;
      digitCounts[digit] = (digitCounts[digit] as number) + 1;
    }
    for (let digit = 0; digit < RADIX; digit++) digitCounts[digit + 1] = (digitCounts[digit + 1] as number) + (digitCounts[digit] as number);
    for (let k = 0; k < count; k++) {
      const member = from[k] as number;
      const digit = ((bandKeys[member] as number) >>> shift) & (RADIX - 1);
      const place = digitCounts[digit] as number;
      digitCounts[digit] = place + 1;
      to[place] = member;
    }
    [from, to] = [to, from];
  }
  return from;
}

/**
 * Calls `compare(a, b)` (indices into `vectors`, a < b) for every pair of `members` sharing a
 * bucket in some band. A pair may be offered once per band it shares.
 */
export function findCandidatePairs(
  vectors: readonly FeatureVector[],
  members: Int32Array,
  seed: number,
  compare: (a: number, b: number) => void,
): CandidateSearch {
  const keys = new Uint32Array(LSH_BANDS * members.length);
  const bandKeys = new BandKeys(seed);
  for (let m = 0; m < members.length; m++) bandKeys.write(vectors[members[m] as number] as FeatureVector, keys, m);
  return candidatePairsOfKeys(keys, members, compare);
}

/**
 * `findCandidatePairs` over band keys already written (`BandKeys`, member-major), for members
 * whose vectors are no longer held (a stored population read a shard at a time).
 */
export function candidatePairsOfKeys(keys: Uint32Array, members: Int32Array, compare: (a: number, b: number) => void): CandidateSearch {
  const count = members.length;
  let candidates = 0;
  let truncated = false;
  const bandKeys = new Uint32Array(count);
  // One pair of arrays for every band's sorts: fresh ones per band were 14 MB of array buffers at
  // 100,000 personas, enough to start a full collection of a process's whole heap (V8 starts one for
  // each 64 MB of array buffers allocated since the last: the bench's heap holds every persona).
  const scratch: [Uint32Array, Uint32Array] = [new Uint32Array(count), new Uint32Array(count)];
  for (let band = 0; band < LSH_BANDS; band++) {
    const order = bandOrder(keys, band, count, bandKeys, scratch);
    for (let start = 0; start < count; ) {
      const key = bandKeys[order[start] as number];
      let end = start + 1;
      while (end < count && bandKeys[order[end] as number] === key) end++;
      const size = end - start;
      const reach = size > LSH_BUCKET_LIMIT ? LARGE_BUCKET_NEIGHBOURS : size;
      if (size > LSH_BUCKET_LIMIT) truncated = true;
      for (let first = start; first < end; first++) {
        for (let second = first + 1; second < end && second <= first + reach; second++) {
          const a = members[order[first] as number] as number;
          const b = members[order[second] as number] as number;
          candidates++;
          compare(Math.min(a, b), Math.max(a, b));
        }
      }
      start = end;
    }
  }
  return { parameters: { method: "weighted-minhash-lsh", bands: LSH_BANDS, rows: LSH_ROWS, candidate_pairs: candidates }, truncated };
}
