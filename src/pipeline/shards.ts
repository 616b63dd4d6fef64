/**
 * How a population is cut into shards: fixed slices of `POPULATION_SHARD_SIZE` personas, the last
 * one shorter. A shard is the unit of work a queue job writes and renders, and of what a writer's
 * session sees (names and sentences are kept unique inside a shard). The size is the server's, not
 * the caller's: it is part of what makes a seeded population, so the same request and seed give
 * the same bytes whatever the number of workers, crashes or retries. Populations of up to one
 * shard are written exactly as before sharding existed.
 */
import type { BlueprintInput } from "../engine/blueprint-check.ts";
import type { SampledValues } from "../engine/persona.ts";
import { createRng, hashSeed } from "../engine/rng.ts";
import type { Blueprint } from "../engine/blueprint.ts";
import { cellQuotas, sampleNumerics, sampleStructured, samplingOrder } from "../engine/sampler.ts";

/** Personas per shard: small enough that a shard is seconds of work, large enough that bookkeeping stays cheap. */
export const POPULATION_SHARD_SIZE = 1_000;

export interface ShardRange {
  /** 0-based position of the shard in its population. */
  index: number;
  /** Index of the shard's first persona in the population. */
  start: number;
  /** Personas in the shard. */
  size: number;
}

export function shardRanges(count: number, shardSize = POPULATION_SHARD_SIZE): ShardRange[] {
  const ranges: ShardRange[] = [];
  for (let start = 0, index = 0; start < count; start += shardSize, index++) ranges.push({ index, start, size: Math.min(shardSize, count - start) });
  return ranges;
}

/**
 * What one shard samples for itself (`shardQuotas`): the combinations of the blueprint's
 * categorical values its personas carry and how many of each, the values in `fields` order.
 */
export interface ShardQuota {
  /** The categorical fields, in the order they are sampled. */
  fields: string[];
  /** Distinct combinations of the fields' values (`undefined`: a value the sampler leaves unset). */
  combinations: Array<Array<string | undefined>>;
  /** Personas carrying each combination; they add up to the shard's size. */
  counts: number[];
}

/**
 * The population's categorical quotas, apportioned to its shards so that each shard can sample
 * its own personas (nothing in one process holds the whole population's sampled fields).
 *
 * The counts are the quota sampler's (`engine/sampler.ts`), computed on counts instead of
 * personas: each categorical field in sampling order gets the counts of `cellQuotas` for the cells
 * of its parents' values — the same counts per cell for the same seed, so every field's marginal
 * and every cell's counts are those of sampling the whole population at once. Where the sampler
 * shuffles a cell's values over its members, the counts are dealt over the cell's finer
 * combinations in proportion (`dealUnits`), and the combinations over the shards the same way:
 * every shard's share of every combination is its size's share of the population, within two.
 * The seed only decides how the cells' fractional shares are rounded together (cell-rounding.ts);
 * a shard shuffles its own share (`shardCategoricals`).
 */
export function shardQuotas(blueprint: BlueprintInput, count: number, seed: number, shardSize = POPULATION_SHARD_SIZE): ShardQuota[] {
  const categoricals = samplingOrder(blueprint).filter((field) => field.kind === "categorical");
  const fields = categoricals.map((field) => field.name);
  let combinations: Array<Array<string | undefined>> = [[]];
  let counts: number[] = [count];
  categoricals.forEach((field, position) => {
    // A parent is read as the sampler reads it while sampling categoricals: set only when it is a
    // categorical sampled before this field.
    const parents = (field.parents ?? []).map((parent) => fields.indexOf(parent)).map((index) => (index >= 0 && index < position ? index : -1));
    const cells = new Map<string, number[]>();
    combinations.forEach((combination, row) => {
      let key = "";
      for (const parent of parents) key += `${parent < 0 ? "undefined" : String(combination[parent])}\u241f`;
      let rows = cells.get(key);
      if (!rows) cells.set(key, (rows = []));
      rows.push(row);
    });
    const split = new Map<number, Array<[string, number]>>();
    const cellRows = [...cells.values()];
    const quotas = cellQuotas(
      field,
      [...cells].map(([key, rows]) => ({
        key,
        known: Object.fromEntries(fields.slice(0, position).map((name, index) => [name, (combinations[rows[0] as number] as Array<string | undefined>)[index]])),
        size: rows.reduce((sum, row) => sum + (counts[row] as number), 0),
      })),
      seed,
    );
    quotas.forEach(({ keys, counts: units }, cell) => {
      const rows = cellRows[cell] as number[];
      dealUnits(units, rows.map((row) => counts[row] as number)).forEach((dealt, index) => split.set(rows[index] as number, dealt.map(([value, taken]) => [keys[value] as string, taken])));
    });
    const nextCombinations: typeof combinations = [];
    const nextCounts: number[] = [];
    combinations.forEach((combination, row) => {
      for (const [value, units] of split.get(row) ?? []) {
        nextCombinations.push([...combination, value]);
        nextCounts.push(units);
      }
    });
    combinations = nextCombinations;
    counts = nextCounts;
  });
  const ranges = shardRanges(count, shardSize);
  return dealUnits(counts, ranges.map((range) => range.size)).map((dealt) => ({
    fields,
    combinations: dealt.map(([combination]) => combinations[combination] as Array<string | undefined>),
    counts: dealt.map(([, units]) => units),
  }));
}

/**
 * A shard's categorical values, one record per persona in persona order: its quota's combinations
 * shuffled by a stream of the shard's own (`seed` and the shard's index), so the shard's personas
 * are the same whichever worker samples them, whenever. Keys in sampling order, unset values left out.
 */
export function shardCategoricals(quota: ShardQuota, seed: number, shardIndex: number): SampledValues[] {
  const pool: number[] = [];
  quota.counts.forEach((units, combination) => {
    for (let unit = 0; unit < units; unit++) pool.push(combination);
  });
  const shuffled = createRng(hashSeed(seed, "shard-quota", shardIndex)).shuffle(pool);
  const { fields, combinations } = quota;
  const personas: SampledValues[] = new Array(shuffled.length);
  for (let position = 0; position < shuffled.length; position++) {
    const combination = combinations[shuffled[position] as number] as Array<string | undefined>;
    const values: SampledValues = {};
    for (let index = 0; index < combination.length; index++) {
      const value = combination[index];
      if (value !== undefined) values[fields[index] as string] = value;
    }
    personas[position] = values;
  }
  return personas;
}

/**
 * Splits `units` (units[i] of item i, in item order) over bins of the given sizes (both add up to
 * the same total), keeping both totals exactly, each bin's share of every item as close to its
 * size's share as whole units allow (within two). The units in item order fill the bins' slots in
 * Sainte-Laguë order — bin j's r-th slot at (r + ½) / size_j, ties to the earlier bin — which
 * spreads every bin's slots evenly over the sequence and never moves a unit back when more units
 * come (house-monotone, unlike largest remainders). Per bin, [item, units] with units > 0, by item.
 */
export function dealUnits(units: readonly number[], binSizes: readonly number[], bulkFrom = BULK_UNITS_PER_BIN * binSizes.length): Array<Array<[number, number]>> {
  const dealt: Array<Array<[number, number]>> = binSizes.map(() => []);
  const total = units.reduce((sum, unit) => sum + unit, 0);
  if (total !== binSizes.reduce((sum, size) => sum + size, 0)) throw new RangeError(`dealUnits: ${total} units for bins of ${binSizes.reduce((sum, size) => sum + size, 0)} slots`);
  if (binSizes.length === 1) {
    units.forEach((unit, item) => unit > 0 && (dealt[0] as Array<[number, number]>).push([item, unit]));
    return dealt;
  }
  const slots = new SlotOrder(binSizes);
  let dealtSoFar = 0;
  units.forEach((unit, item) => {
    let left = unit;
    // Many units: the slots they fill up to a point taken at once (`takeUpTo`), the rest one by one.
    if (left >= bulkFrom) left -= slots.takeUpTo(dealtSoFar + unit, (bin, count) => (dealt[bin] as Array<[number, number]>).push([item, count]));
    dealtSoFar += unit;
    for (; left > 0; left--) {
      const bin = dealt[slots.take()] as Array<[number, number]>;
      const last = bin.at(-1);
      if (last?.[0] === item) last[1]++;
      else bin.push([item, 1]);
    }
  });
  return dealt;
}

/**
 * An item of at least this many units per bin has most of its slots taken at once (`takeUpTo`):
 * sharding 100,000 League personas dealt ~600,000 units one heap step each (the per-field splits
 * over up to ~550 finer combinations, then the shards), ~a quarter of sampling them.
 */
const BULK_UNITS_PER_BIN = 4;

/** The bins' slots in Sainte-Laguë order: a binary heap of each bin's next slot, compared exactly in integers. */
class SlotOrder {
  private heap: number[] = [];
  private readonly taken: Float64Array;
  private readonly slots: number;

  constructor(private readonly sizes: readonly number[]) {
    this.taken = new Float64Array(sizes.length);
    this.slots = sizes.reduce((sum, size) => sum + size, 0);
    sizes.forEach((size, bin) => size > 0 && this.push(bin));
  }

  /**
   * Takes at once the slots that come next, as many as can be taken by whole steps of the order's
   * key without the slots taken in all passing `total`, and says how many each bin gave (in bin
   * order, those that gave some); returns how many. The slots before a point `a / S` of the key (S
   * the slots in all) are a prefix of the order, as the slots taken so far are, so one holds the
   * other: the same slots as `take` would give one by one, and the heap is made again from the bins' next ones.
   */
  takeUpTo(total: number, took: (bin: number, count: number) => void): number {
    const { sizes, taken, slots } = this;
    // Bin j's slots before a / S: r with (2r + 1)·S < a·s_j, i.e. r < (a·s_j − S) / 2S.
    const below = (a: number, bin: number): number => {
      const size = sizes[bin] as number;
      const over = a * size - slots;
      if (over <= 0) return 0;
      let count = Math.floor(over / (2 * slots));
      // r < over / 2S: count the r up to the quotient, one more when it is not reached exactly.
      if (count * 2 * slots < over) count++;
      return Math.min(size, count);
    };
    const before = (a: number): number => {
      let sum = 0;
      for (let bin = 0; bin < sizes.length; bin++) sum += below(a, bin);
      return sum;
    };
    // The largest a with at most `total` slots before a / S (every slot's key is below 2).
    let low = 0;
    let high = 2 * slots;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (before(middle) <= total) low = middle;
      else high = middle - 1;
    }
    let count = 0;
    for (let bin = 0; bin < sizes.length; bin++) {
      const upTo = below(low, bin);
      if (upTo > (taken[bin] as number)) {
        took(bin, upTo - (taken[bin] as number));
        count += upTo - (taken[bin] as number);
        taken[bin] = upTo;
      }
    }
    if (count > 0) {
      this.heap = [];
      sizes.forEach((size, bin) => (taken[bin] as number) < size && this.push(bin));
    }
    return count;
  }

  /** The bin whose slot comes next. */
  take(): number {
    const bin = this.heap[0] as number;
    this.taken[bin] = (this.taken[bin] as number) + 1;
    const last = this.heap.pop() as number;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    if ((this.taken[bin] as number) < (this.sizes[bin] as number)) this.push(bin);
    return bin;
  }

  /** Bin a's next slot comes before bin b's: (2·taken_a + 1) / size_a < (2·taken_b + 1) / size_b, ties to the earlier bin. */
  private before(a: number, b: number): boolean {
    const left = (2 * (this.taken[a] as number) + 1) * (this.sizes[b] as number);
    const right = (2 * (this.taken[b] as number) + 1) * (this.sizes[a] as number);
    return left < right || (left === right && a < b);
  }

  private push(bin: number): void {
    this.heap.push(bin);
    let at = this.heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(bin, this.heap[parent] as number)) break;
      this.heap[at] = this.heap[parent] as number;
      at = parent;
    }
    this.heap[at] = bin;
  }

  private down(at: number): void {
    const bin = this.heap[at] as number;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.heap.length) break;
      if (child + 1 < this.heap.length && this.before(this.heap[child + 1] as number, this.heap[child] as number)) child++;
      if (!this.before(this.heap[child] as number, bin)) break;
      this.heap[at] = this.heap[child] as number;
      at = child;
    }
    this.heap[at] = bin;
  }
}

/**
 * What each shard of a population is given to sample its personas from, as JSON text in shard
 * order: a population of one shard gets its sampled fields (sampled whole, the bytes of before
 * sharding); a bigger one its shards' quotas (`shardQuotas`), each shard sampling its own personas
 * (`sampledShard`), so no process ever holds the whole population's fields.
 */
export function shardSamplings(blueprint: Blueprint, count: number, seed: number): string[] {
  return shardSamplingsInProcess(blueprint, count, seed).map((sampling) => (typeof sampling === "string" ? sampling : JSON.stringify(sampling)));
}

/**
 * `shardSamplings` for shards sampled in this process (`generatePopulation`'s): a quota as it is,
 * not written as JSON text for `sampledShard` to read back. Why: at 100,000 League personas the
 * 100 quotas' text (every shard's combinations of categorical values) was a quarter of the
 * sampling's CPU (stringified, then parsed). The same personas: a quota holds strings and whole
 * numbers only (its combinations' values are the weights' keys), which JSON gives back as they were.
 */
export function shardSamplingsInProcess(blueprint: Blueprint, count: number, seed: number): Array<string | ShardQuota> {
  if (count <= POPULATION_SHARD_SIZE) return [JSON.stringify(sampleStructured(blueprint, count, samplingSeed(seed)))];
  return shardQuotas(blueprint, count, samplingSeed(seed));
}

/**
 * The sampled fields of the shard starting at `start`, from what `shardSamplings` (as JSON text) or
 * `shardSamplingsInProcess` gave it: its categoricals from its quota, shuffled by its own stream,
 * then each persona's numerics from the persona's own stream (as when the whole population is
 * sampled). A list is sampled fields already (one shard, or a shard cut from a population sampled
 * whole before this existed).
 */
export function sampledShard(blueprint: Blueprint, seed: number, start: number, samplingJson: string | ShardQuota): SampledValues[] {
  const sampling = typeof samplingJson === "string" ? (JSON.parse(samplingJson) as SampledValues[] | ShardQuota) : samplingJson;
  if (Array.isArray(sampling)) return sampling;
  return sampleNumerics(blueprint, shardCategoricals(sampling, samplingSeed(seed), start / POPULATION_SHARD_SIZE), samplingSeed(seed), start);
}

/** The seed structured sampling draws from, as `generate.ts` has always derived it. */
function samplingSeed(seed: number): number {
  return hashSeed(seed, "sample");
}
