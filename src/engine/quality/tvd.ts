import { ownValue } from "./own-fields.ts";

/** Total variation distance (DESIGN §4): `0.5 × Σ_k |requested_k − achieved_k|` over the union of categories. */
export function totalVariationDistance(
  requested: Readonly<Record<string, number>>,
  achieved: Readonly<Record<string, number>>,
): number {
  let sum = 0;
  for (const key of new Set([...Object.keys(requested), ...Object.keys(achieved)])) {
    sum += Math.abs((ownValue(requested, key) ?? 0) - (ownValue(achieved, key) ?? 0));
  }
  return sum / 2;
}

/** Reported numbers are rounded to 4 decimals. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
