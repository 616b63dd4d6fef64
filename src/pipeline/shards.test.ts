import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BlueprintInput } from "../engine/blueprint-check.ts";
import type { SampledValues } from "../engine/persona.ts";
import { sampleStructured } from "../engine/sampler.ts";
import type { Blueprint } from "../engine/blueprint.ts";
import { hashSeed } from "../engine/rng.ts";
import { dealUnits, sampledShard, shardCategoricals, shardQuotas, shardRanges, shardSamplings, shardSamplingsInProcess, type ShardQuota } from "./shards.ts";

/** Fixed seed: the same cases every run, so a failure is a regression to reproduce. */
const PROPERTY_SEED = 20261130;

/** A root with a nested child (conditional on the root), a second root, and a grandchild of both. */
const NESTED: BlueprintInput = {
  domain: "shards",
  order: ["region", "role", "gender", "champion", "age"],
  fields: [
    { name: "region", kind: "categorical", categorical: { weights: { north: 7, south: 3, east: 12, west: 1, far: 0.4 } } },
    { name: "role", kind: "categorical", parents: ["region"], categorical: { weights: { top: 1, mid: 1, support: 2 } }, conditionals: [{ when: { region: "east" }, categorical: { weights: { top: 5, jungle: 3 } } }] },
    { name: "gender", kind: "categorical", categorical: { weights: { woman: 48, man: 49, other: 3 } } },
    {
      name: "champion",
      kind: "categorical",
      parents: ["role", "gender"],
      categorical: { weights: { ahri: 2, lux: 1, yasuo: 1 } },
      conditionals: [{ when: { role: "support" }, categorical: { weights: { lulu: 4, nami: 3, thresh: 2, braum: 1 } } }],
    },
    { name: "age", kind: "numeric", parents: ["region"], numeric: { min: 16, max: 60, mean: 25, sd: 6, integer: true } },
  ],
};

/** How many personas carry each value of `field` inside each cell of `parents`' values. */
function cellCounts(personas: readonly SampledValues[], field: string, parents: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const persona of personas) {
    const key = `${parents.map((parent) => String(persona[parent])).join("|")} -> ${String(persona[field])}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Every shard's personas, sampled from its own quota. */
function shardedCategoricals(blueprint: BlueprintInput, count: number, seed: number, shardSize?: number): SampledValues[] {
  return shardQuotas(blueprint, count, seed, shardSize).flatMap((quota, index) => shardCategoricals(quota, seed, index));
}

describe("dealUnits: units of items over bins, both totals exact", () => {
  it("gives every bin exactly its size, every item exactly its units, and each bin its share of each item within two", () => {
    const cases = fc
      .record({ units: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 12 }), bins: fc.integer({ min: 1, max: 9 }), lastShare: fc.double({ min: 0.01, max: 1, noNaN: true }) })
      .filter(({ units }) => units.some((unit) => unit > 0));
    fc.assert(
      fc.property(cases, ({ units, bins, lastShare }) => {
        const total = units.reduce((sum, unit) => sum + unit, 0);
        // Bins as shards are: equal, the last one shorter.
        const full = Math.ceil(total / (bins - 1 + lastShare));
        const sizes = shardRanges(total, Math.max(1, full)).map((range) => range.size);
        const dealt = dealUnits(units, sizes);
        expect(dealt.map((bin) => bin.reduce((sum, [, taken]) => sum + taken, 0))).toEqual(sizes);
        const perItem = units.map((_, item) => dealt.reduce((sum, bin) => sum + (bin.find(([dealtItem]) => dealtItem === item)?.[1] ?? 0), 0));
        expect(perItem).toEqual(units);
        dealt.forEach((bin, index) => {
          for (const [item, taken] of bin) expect(Math.abs(taken - ((units[item] as number) * (sizes[index] as number)) / total)).toBeLessThanOrEqual(2);
          expect(bin.every(([, taken]) => taken > 0)).toBe(true);
        });
      }),
      { seed: PROPERTY_SEED, numRuns: 200 },
    );
  });

  it("deals an item's many units at once exactly as one by one, whatever the bins' sizes (zero too) and the units", () => {
    const cases = fc.record({
      sizes: fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3_000 })), { minLength: 2, maxLength: 30 }),
      shares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 10 }),
    });
    fc.assert(
      fc.property(cases, ({ sizes, shares }) => {
        const total = sizes.reduce((sum, size) => sum + size, 0);
        // Units that add up to the bins' slots: shares rounded down, the rest to the last item.
        const sum = shares.reduce((left, share) => left + share, 0) || 1;
        const units = shares.map((share) => Math.floor((share / sum) * total));
        units[units.length - 1] = (units[units.length - 1] as number) + total - units.reduce((left, unit) => left + unit, 0);
        const oneByOne = dealUnits(units, sizes, Number.POSITIVE_INFINITY);
        for (const bulkFrom of [1, 2, 7, 4 * sizes.length]) expect(dealUnits(units, sizes, bulkFrom)).toEqual(oneByOne);
      }),
      { seed: PROPERTY_SEED, numRuns: 300 },
    );
    // Bins as the shards of 100,000 are, and as a field's finer combinations are (many, uneven).
    const shards = shardRanges(100_000).map((range) => range.size);
    const items = [41_000, 3, 30_000, 1_997, 27_000];
    expect(dealUnits(items, shards)).toEqual(dealUnits(items, shards, Number.POSITIVE_INFINITY));
    const uneven = Array.from({ length: 550 }, (_, bin) => 1 + ((bin * 7_919) % 397));
    const slots = uneven.reduce((sum, size) => sum + size, 0);
    const split = [Math.floor(slots / 3), 11, Math.floor(slots / 2)];
    split.push(slots - split.reduce((sum, unit) => sum + unit, 0));
    expect(dealUnits(split, uneven)).toEqual(dealUnits(split, uneven, Number.POSITIVE_INFINITY));
  });

  it("refuses units that do not fill the bins", () => {
    expect(() => dealUnits([3, 4], [5, 3])).toThrow(RangeError);
  });
});

describe("shardQuotas: a population's categorical quotas apportioned to its shards", () => {
  it("gives every field, inside every cell of its parents, exactly the quota sampler's counts for that cell", () => {
    for (const count of [1, 999, 1_000, 1_001, 7_345]) {
      const whole = sampleStructured(NESTED, count, 1);
      const sharded = shardedCategoricals(NESTED, count, 1);
      expect(sharded).toHaveLength(count);
      // Where a cell's size is fixed by the quotas alone (roots, a child of one root), the same counts as the whole-population sampler.
      for (const [field, parents] of [["region", []], ["role", ["region"]], ["gender", []]] as const) {
        expect(cellCounts(sharded, field, parents), `${field} at ${count}`).toEqual(cellCounts(whole, field, parents));
      }
      // A child of two roots: the size of a cell (role × gender) depends on how two independent
      // quotas met (the sampler shuffles them, the shards deal them); inside it, each value's count
      // is the floor or the ceiling of its share (the cells are rounded together: cell-rounding.ts).
      const cells = new Map<string, SampledValues[]>();
      for (const persona of sharded) {
        const key = `${String(persona.role)}|${String(persona.gender)}`;
        cells.set(key, [...(cells.get(key) ?? []), persona]);
      }
      for (const members of cells.values()) {
        const weights = members[0]?.role === "support" ? { lulu: 4, nami: 3, thresh: 2, braum: 1 } : { ahri: 2, lux: 1, yasuo: 1 };
        const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
        for (const [value, weight] of Object.entries(weights)) {
          const got = members.filter((persona) => persona.champion === value).length;
          const share = (weight / total) * members.length;
          expect(got).toBeGreaterThanOrEqual(Math.floor(share + 1e-9));
          expect(got).toBeLessThanOrEqual(Math.ceil(share - 1e-9));
        }
      }
    }
  });

  it("fills every shard to its size and gives it its share of every region within two", () => {
    const count = 20_500;
    const quotas = shardQuotas(NESTED, count, 1);
    const ranges = shardRanges(count);
    expect(quotas.map((quota) => quota.counts.reduce((sum, units) => sum + units, 0))).toEqual(ranges.map((range) => range.size));
    const whole = cellCounts(sampleStructured(NESTED, count, 1), "region", []);
    quotas.forEach((quota, index) => {
      const shard = cellCounts(shardCategoricals(quota, 1, index), "region", []);
      for (const [key, units] of Object.entries(whole)) expect(Math.abs((shard[key] ?? 0) - (units * (ranges[index] as { size: number }).size) / count)).toBeLessThanOrEqual(2);
    });
  });

  it("reads a numeric parent of a categorical as unset, as the sampler does (categoricals are sampled first)", () => {
    const numericParent: BlueprintInput = {
      domain: "numeric parent",
      order: ["age", "band"],
      fields: [
        { name: "age", kind: "numeric", numeric: { min: 1, max: 90, mean: 40, sd: 20, integer: true } },
        { name: "band", kind: "categorical", parents: ["age"], categorical: { weights: { young: 1, old: 3 } } },
      ],
    };
    expect(cellCounts(shardedCategoricals(numericParent, 2_500, 4), "band", [])).toEqual(cellCounts(sampleStructured(numericParent, 2_500, 4), "band", []));
  });

  it("keeps a field's values in sampling order, and a blueprint with no categorical gives empty records", () => {
    const [persona] = shardedCategoricals(NESTED, 10, 2);
    expect(Object.keys(persona as SampledValues)).toEqual(["region", "role", "gender", "champion"]);
    const numericOnly: BlueprintInput = { domain: "n", fields: [{ name: "age", kind: "numeric", numeric: { min: 1, max: 9, mean: 5, sd: 1, integer: true } }] };
    expect(shardedCategoricals(numericOnly, 1_500, 2)).toEqual(Array.from({ length: 1_500 }, () => ({})));
  });
});

describe("shardCategoricals: a shard shuffles its own quota", () => {
  const quota: ShardQuota = { fields: ["region", "role"], combinations: [["north", "top"], ["south", undefined]], counts: [3, 2] };

  it("carries each combination as often as its quota says, the same way for the same seed and shard", () => {
    const personas = shardCategoricals(quota, 9, 4);
    expect(personas.filter((persona) => persona.region === "north" && persona.role === "top")).toHaveLength(3);
    expect(personas.filter((persona) => persona.region === "south" && !("role" in persona))).toHaveLength(2);
    expect(shardCategoricals(quota, 9, 4)).toEqual(personas);
  });

  it("shuffles each shard with a stream of its own", () => {
    const big: ShardQuota = { fields: ["value"], combinations: Array.from({ length: 50 }, (_, index) => [String(index)]), counts: Array.from({ length: 50 }, () => 1) };
    const orders = [0, 1, 2].map((shard) => shardCategoricals(big, 9, shard).map((persona) => persona.value).join(","));
    expect(new Set(orders).size).toBe(3);
  });
});

describe("shardSamplings and sampledShard: each shard samples its own personas", () => {
  const blueprint = { ...NESTED, seed: 5 } as unknown as Blueprint;

  it("samples a population of one shard whole, exactly as before sharding", () => {
    const [only] = shardSamplings(blueprint, 1_000, 5);
    expect(sampledShard(blueprint, 5, 0, only as string)).toEqual(sampleStructured(blueprint, 1_000, hashSeed(5, "sample")));
  });

  it("gives a bigger population's shards their quotas, each sampled the same whichever order and process samples them", () => {
    const samplings = shardSamplings(blueprint, 2_500, 5);
    expect(samplings).toHaveLength(3);
    const forwards = shardRanges(2_500).map((range) => sampledShard(blueprint, 5, range.start, samplings[range.index] as string));
    const backwards = shardRanges(2_500).reverse().map((range) => sampledShard(blueprint, 5, range.start, samplings[range.index] as string)).reverse();
    expect(backwards).toEqual(forwards);
    expect(forwards.map((shard) => shard.length)).toEqual([1_000, 1_000, 500]);
    const ages = forwards.flat().map((persona) => persona.age as number);
    expect(ages.every((age) => Number.isInteger(age) && age >= 16 && age <= 60)).toBe(true);
    expect(cellCounts(forwards.flat(), "region", [])).toEqual(cellCounts(sampleStructured(blueprint, 2_500, 1), "region", []));
  });

  it("samples a shard from its quota as it is (in one process) exactly as from the quota's JSON text", () => {
    // Another blueprint than the one above: a categorical child of a numeric and a conditional numeric.
    const other = {
      domain: "in process",
      seed: 11,
      order: ["sector", "years", "grade", "salary"],
      fields: [
        { name: "sector", kind: "categorical", categorical: { weights: { health: 5, retail: 3, transport: 2 } } },
        { name: "years", kind: "numeric", numeric: { min: 0, max: 40, mean: 12, sd: 9, integer: true } },
        { name: "grade", kind: "categorical", parents: ["sector", "years"], categorical: { weights: { junior: 3, senior: 2, lead: 1 } }, conditionals: [{ when: { sector: "retail" }, categorical: { weights: { junior: 6, manager: 1 } } }] },
        { name: "salary", kind: "numeric", parents: ["grade"], numeric: { min: 15, max: 90, mean: 32, sd: 8 }, conditionals: [{ when: { grade: "lead" }, numeric: { min: 30, max: 120, mean: 55, sd: 12 } }] },
      ],
    } as unknown as Blueprint;
    for (const [bp, count, seed] of [[blueprint, 2_500, 5], [blueprint, 3_000, 8], [other, 4_321, 11], [other, 1_000, 3]] as const) {
      const inProcess = shardSamplingsInProcess(bp, count, seed);
      const texts = shardSamplings(bp, count, seed);
      expect(inProcess.map((sampling) => (typeof sampling === "string" ? sampling : JSON.stringify(sampling)))).toEqual(texts);
      // What JSON gives back as it was: a quota's values are strings, its counts whole numbers.
      for (const sampling of inProcess) if (typeof sampling !== "string") expect(sampling.combinations.flat().every((value) => typeof value === "string")).toBe(true);
      for (const range of shardRanges(count)) expect(sampledShard(bp, seed, range.start, inProcess[range.index] as string | ShardQuota)).toEqual(sampledShard(bp, seed, range.start, texts[range.index] as string));
    }
  });
});
