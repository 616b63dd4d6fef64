import { describe, expect, it } from "vitest";
import { createRng } from "../rng.ts";
import { computeDiversity } from "./diversity.ts";

const vocabulary = "ward jungle lane climb season night team duo queue ranked coach scrim tilt carry mains enjoys hates after work school weekend friends stream baron dragon tower roam gank farm".split(" ");

function population(count: number, seed: number, copies = 0) {
  const rng = createRng(seed);
  const personas = Array.from({ length: count }, (_, index) => ({
    persona_id: `p${index}`,
    fields: {
      region: rng.pick(["NA", "EUW", "KR", "BR"]),
      rank: rng.pick(["Gold", "Silver", "Diamond"]),
      hours: String(rng.int(1, 60)),
      backstory: Array.from({ length: 14 }, () => rng.pick(vocabulary)).join(" "),
    },
  }));
  for (let k = 0; k < copies; k++) personas.push({ ...personas[k]!, persona_id: `copy${k}` });
  return personas;
}

describe("computeDiversity", () => {
  it("counts identical personas as duplicates with similarity 1 and explains them", () => {
    const persona = { persona_id: "a", fields: { rank: "Gold", backstory: "hello there friend" } };
    const report = computeDiversity([persona, { ...persona, persona_id: "b" }]);
    expect(report.duplicate_pairs).toBe(1);
    expect(report.max_pairwise_similarity).toBe(1);
    expect(report.duplicates?.[0]).toMatchObject({ persona_ids: ["a", "b"], similarity: 1, different_fields: [] });
  });

  it("keeps distinct personas apart", () => {
    const report = computeDiversity(population(200, 1));
    expect(report.duplicate_pairs).toBe(0);
    expect(report.mean_pairwise_similarity).toBeLessThan(0.5);
  });

  it("the indexed path agrees with the exact one on mid-sized inputs", () => {
    const personas = population(800, 2, 15);
    const exact = computeDiversity(personas);
    const indexed = computeDiversity(personas, undefined, { exactLimit: 100, seed: 3 });
    expect(exact.method).toBe("exact");
    expect(indexed.method).toBe("indexed");
    expect(indexed.duplicate_pairs).toBe(exact.duplicate_pairs);
    expect(indexed.mean_pairwise_similarity).toBe(exact.mean_pairwise_similarity);
    expect(indexed.max_pairwise_similarity).toBe(exact.max_pairwise_similarity);
  });

  it("the mean over sampled-size inputs is stable to a tolerance of the exact value", () => {
    const personas = population(1500, 4);
    const exact = computeDiversity(personas);
    const indexed = computeDiversity(personas, undefined, { exactLimit: 10, sampledPairs: 50_000 });
    expect(Math.abs(indexed.max_pairwise_similarity - exact.max_pairwise_similarity)).toBeLessThan(0.1);
    expect(indexed.mean_pairwise_similarity).toBeCloseTo(exact.mean_pairwise_similarity, 3);
  });
});
