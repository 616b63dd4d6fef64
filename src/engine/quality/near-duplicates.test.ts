import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng } from "../rng.ts";
import { computeDiversity } from "./diversity.ts";
import { BandKeys, candidatePairsOfKeys, findCandidatePairs, LSH_BANDS, LSH_BUCKET_LIMIT, LSH_ROWS } from "./near-duplicates.ts";
import { vectorise, type PersonaFields } from "./similarity.ts";

const vocabulary =
  "ward jungle lane climb season night team duo queue ranked coach scrim tilt carry mains enjoys hates after work school weekend friends stream baron dragon tower roam gank farm river bush flash ignite recall shop patch meta pick ban draft lobby".split(" ");

/** Personas with three structured fields and a backstory of random words. */
function population(count: number, seed: number): PersonaFields[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, index) => ({
    persona_id: `p${index}`,
    fields: {
      region: rng.pick(["NA", "EUW", "KR", "BR", "OCE"]),
      rank: rng.pick(["Gold", "Silver", "Diamond", "Iron"]),
      hours: String(rng.int(1, 60)),
      backstory: Array.from({ length: 24 }, () => rng.pick(vocabulary)).join(" "),
    },
  }));
}

/** A copy of `source` with a few of its backstory's words replaced: a near-duplicate, not an identical one. */
function nearCopy(source: PersonaFields, id: string, rng: ReturnType<typeof createRng>, changedWords: number): PersonaFields {
  const words = (source.fields.backstory as string).split(" ");
  for (let change = 0; change < changedWords; change++) words[rng.int(0, words.length - 1)] = rng.pick(["moss", "lantern", "harbour", "violin"]);
  return { persona_id: id, fields: { ...source.fields, backstory: words.join(" ") } };
}

function withPlanted(count: number, planted: number, seed: number, mostChanged = 3): PersonaFields[] {
  const personas = population(count, seed);
  const rng = createRng(seed + 1);
  for (let k = 0; k < planted; k++) personas.push(nearCopy(personas[rng.int(0, count - 1)] as PersonaFields, `copy${k}`, rng, 1 + (k % mostChanged)));
  return personas;
}

describe("near-duplicates by LSH", () => {
  it("finds every planted near-duplicate that comparing every pair finds, and lists the same pairs", () => {
    const personas = withPlanted(1200, 12, 21);
    const exact = computeDiversity(personas, undefined, { exactLimit: 10_000 });
    const lsh = computeDiversity(personas, undefined, { exactLimit: 100, seed: 5 });
    expect(exact.method).toBe("exact");
    expect(lsh.method).toBe("lsh");
    // The planted copies are near-duplicates (not identical ones), and there are some.
    expect(exact.duplicate_pairs).toBeGreaterThanOrEqual(6);
    expect(exact.duplicates?.every((pair) => pair.similarity < 1)).toBe(true);
    expect(lsh.duplicate_pairs).toBe(exact.duplicate_pairs);
    const pairs = (report: typeof exact) => new Map((report.duplicates ?? []).map((pair) => [pair.persona_ids.join("|"), pair.similarity]));
    expect([...pairs(lsh).keys()].sort()).toEqual([...pairs(exact).keys()].sort());
    // Above the exact limit features are hashed into 2^22 dimensions (hashed-features.ts): the same cosines but for rare coincidences.
    for (const [pair, similarity] of pairs(exact)) expect(Math.abs((pairs(lsh).get(pair) as number) - similarity)).toBeLessThanOrEqual(0.001);
    expect(lsh.lsh).toMatchObject({ bands: LSH_BANDS, rows: LSH_ROWS });
    // Far fewer comparisons than all pairs.
    expect(lsh.lsh?.candidate_pairs).toBeLessThan((personas.length * (personas.length - 1)) / 2 / 10);
  });

  // LSH is probabilistic: a pair just over the threshold is found with the probability its band
  // collisions give (near-duplicates.ts); copies with one word in 24 changed are far enough above it.
  it("finds copies with one word changed whatever the population and the seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (populationSeed, lshSeed) => {
        const personas = withPlanted(400, 6, populationSeed, 1);
        const exact = computeDiversity(personas, undefined, { exactLimit: 10_000 });
        const lsh = computeDiversity(personas, undefined, { exactLimit: 100, seed: lshSeed, sampledPairs: 0 });
        expect(lsh.duplicate_pairs).toBe(exact.duplicate_pairs);
      }),
      { numRuns: 15, seed: 17 },
    );
  });

  // The keys decide which pairs are candidates, so the report's bytes: a faster race must give the
  // same keys. The checksum is of the keys the plain loop over repetitions wrote (session 8).
  it("writes the band keys it always wrote (empty vectors, zero weights, up to 300 entries)", () => {
    const rng = createRng(2026);
    const vectors = Array.from({ length: 60 }, (_, index) => {
      const length = index === 0 ? 0 : rng.int(1, 300);
      return {
        ids: Int32Array.from({ length }, () => rng.int(0, 2 ** 22 - 1)),
        weights: Float64Array.from({ length }, () => (rng.int(0, 9) === 0 ? 0 : rng.float())),
      };
    });
    const keys = new Uint32Array(vectors.length * LSH_BANDS);
    const bandKeys = new BandKeys(99);
    vectors.forEach((vector, m) => bandKeys.write(vector, keys, m));
    let checksum = 0x811c9dc5;
    for (const key of keys) checksum = Math.imul(checksum ^ key, 16777619);
    expect(checksum >>> 0).toBe(3385535639);
    expect([...keys.subarray(LSH_BANDS, LSH_BANDS + 3)]).toEqual([753451895, 2986478309, 2041956040]);
  });

  it("offers each candidate pair in index order, and only pairs of the members given", () => {
    const personas = withPlanted(300, 5, 3);
    const { vectors } = vectorise(personas);
    const members = Int32Array.from({ length: 150 }, (_, index) => index * 2);
    const allowed = new Set(members);
    let offered = 0;
    findCandidatePairs(vectors, members, 9, (a, b) => {
      offered++;
      expect(a).toBeLessThan(b);
      expect(allowed.has(a) && allowed.has(b)).toBe(true);
    });
    expect(offered).toBeGreaterThan(0);
  });

  it("is deterministic for a seed: the same report twice", () => {
    const personas = withPlanted(600, 4, 8);
    expect(computeDiversity(personas, undefined, { exactLimit: 100, seed: 42 })).toEqual(computeDiversity(personas, undefined, { exactLimit: 100, seed: 42 }));
  });

  it("groups identical personas and counts their pairs without comparing them", () => {
    const personas = population(500, 4);
    for (let copy = 0; copy < 3; copy++) personas.push({ ...(personas[7] as PersonaFields), persona_id: `same${copy}` });
    const report = computeDiversity(personas, undefined, { exactLimit: 100, seed: 1 });
    // Four identical personas make six pairs.
    expect(report.duplicate_pairs).toBeGreaterThanOrEqual(6);
    expect(report.max_pairwise_similarity).toBe(1);
    expect(report.max_method).toBe("exact");
  });

  it("offers each band's buckets in key order, their members in position order (keys with the top bit set, ties)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 80 }), fc.constantFrom(1, 3, 1_000, 2 ** 32), fc.integer(), (count, range, seed) => {
        const rng = createRng(seed);
        const keys = Uint32Array.from({ length: count * LSH_BANDS }, () => (rng.int(0, Math.min(range, 2 ** 31) - 1) * (range > 2 ** 31 ? 2 : 1) + (range > 2 ** 31 ? rng.int(0, 1) : 0)) >>> 0);
        const members = Int32Array.from({ length: count }, (_, index) => count - 1 - index);
        const offered: number[] = [];
        candidatePairsOfKeys(keys, members, (a, b) => offered.push(a * count + b));
        const expected: number[] = [];
        for (let band = 0; band < LSH_BANDS; band++) {
          const order = Array.from({ length: count }, (_, m) => m).sort((x, y) => (keys[x * LSH_BANDS + band] as number) - (keys[y * LSH_BANDS + band] as number) || x - y);
          for (let start = 0; start < count; ) {
            let end = start + 1;
            while (end < count && keys[(order[end] as number) * LSH_BANDS + band] === keys[(order[start] as number) * LSH_BANDS + band]) end++;
            const reach = end - start > LSH_BUCKET_LIMIT ? 32 : end - start;
            for (let first = start; first < end; first++) {
              for (let second = first + 1; second < end && second <= first + reach; second++) {
                const a = members[order[first] as number] as number;
                const b = members[order[second] as number] as number;
                expected.push(Math.min(a, b) * count + Math.max(a, b));
              }
            }
            start = end;
          }
        }
        expect(offered).toEqual(expected);
      }),
      { numRuns: 15, seed: 7 },
    );
  });
});
