/**
 * TVD of each root categorical field of the League of Legends blueprint: what our quota sampler
 * achieves, the optimum any population of size N can reach, and plain independent sampling
 * (mean over seeded trials), at N = 10, 100, 1,000.
 */
import { sampleStructured } from "../src/engine/sampler.ts";
import { optimalTvd } from "../src/engine/apportion.ts";
import { computeMarginals } from "../src/engine/quality/marginals.ts";
import { createRng } from "../src/engine/rng.ts";
import { normaliseWeights } from "../src/engine/apportion.ts";
import { OfflineModeller } from "../src/offline/index.ts";

export interface TvdRow {
  n: number;
  field: string;
  achieved: number;
  optimum: number;
  independent: number;
}

const INDEPENDENT_TRIALS = 200;

export async function tvdRows(sizes: readonly number[] = [10, 100, 1000]): Promise<TvdRow[]> {
  const blueprint = await new OfflineModeller().design({ prompt: "League of Legends players from around the globe", count: 1000, grounding: "off", seed: 1 });
  const roots = blueprint.fields.filter((field) => field.kind === "categorical" && field.parents.length === 0 && field.categorical);
  const rows: TvdRow[] = [];
  for (const n of sizes) {
    const sampled = sampleStructured(blueprint, n, 42).map((values) => ({ fields: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])) }));
    const marginals = computeMarginals(blueprint, sampled);
    for (const field of roots) {
      const weights = normaliseWeights(field.categorical!.weights);
      const keys = Object.keys(weights);
      const probabilities = keys.map((key) => weights[key]!);
      const rng = createRng(7).fork(field.name).fork(n);
      let independentTotal = 0;
      for (let trial = 0; trial < INDEPENDENT_TRIALS; trial++) {
        const counts = new Map<string, number>();
        for (let i = 0; i < n; i++) {
          const key = rng.weighted(keys, probabilities);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        independentTotal += 0.5 * keys.reduce((sum, key) => sum + Math.abs(weights[key]! - (counts.get(key) ?? 0) / n), 0);
      }
      rows.push({
        n,
        field: field.name,
        achieved: marginals.find((marginal) => marginal.attribute === field.name)?.total_variation_distance ?? NaN,
        optimum: Number(optimalTvd(weights, n).toFixed(4)),
        independent: Number((independentTotal / INDEPENDENT_TRIALS).toFixed(4)),
      });
    }
  }
  return rows;
}
