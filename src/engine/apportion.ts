/**
 * Quota allocation (DESIGN §3): the largest-remainder (Hamilton) method gives each category
 * `floor(w_k × N)` and hands the leftover units to the largest remainders. No integer allocation of N
 * can be closer to the weights in total variation distance, which is why sampling uses quotas
 * instead of independent draws.
 */

/** Weights scaled to sum to 1; negative weights count as 0; all-zero weights give all zeros. */
export function normaliseWeights(weights: Readonly<Record<string, number>>): Record<string, number> {
  let total = 0;
  for (const weight of Object.values(weights)) if (Number.isFinite(weight) && weight > 0) total += weight;
  // Category names are the caller's: no prototype, so `__proto__` keeps its share like any other.
  const normalised = Object.create(null) as Record<string, number>;
  for (const [key, weight] of Object.entries(weights)) {
    normalised[key] = total > 0 && Number.isFinite(weight) && weight > 0 ? weight / total : 0;
  }
  return normalised;
}

/**
 * Integer counts summing to `total`, in the order of `weights`. Ties between equal remainders go to
 * the category declared first, so the result is a pure function of the input.
 */
export function apportion(weights: readonly number[], total: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`apportion: total must be a non-negative integer, got ${total}`);
  let sum = 0;
  for (const weight of weights) if (Number.isFinite(weight) && weight > 0) sum += weight;
  if (weights.length === 0 || sum <= 0) {
    if (total === 0) return weights.map(() => 0);
    throw new RangeError("apportion: weights must include a positive value");
  }
  const counts: number[] = [];
  const remainders: Array<{ index: number; remainder: number }> = [];
  let allocated = 0;
  weights.forEach((weight, index) => {
    const exact = weight > 0 && Number.isFinite(weight) ? (weight / sum) * total : 0;
    const floor = Math.floor(exact + 1e-9);
    counts.push(floor);
    allocated += floor;
    remainders.push({ index, remainder: exact - floor });
  });
  // Stable sort: equal remainders keep declared order.
  remainders.sort((a, b) => b.remainder - a.remainder);
  for (let k = 0; allocated < total; k++, allocated++) {
    const slot = remainders[k % remainders.length] as { index: number };
    counts[slot.index] = (counts[slot.index] as number) + 1;
  }
  return counts;
}

/** Apportions over a category → weight record; keys keep declared order. */
export function apportionRecord(weights: Readonly<Record<string, number>>, total: number): Array<[string, number]> {
  const keys = Object.keys(weights);
  const counts = apportion(keys.map((key) => weights[key] as number), total);
  return keys.map((key, index) => [key, counts[index] as number]);
}

/**
 * The smallest total variation distance any population of size `n` can reach against `weights`:
 * the distance of the apportioned counts.
 */
export function optimalTvd(weights: readonly number[] | Readonly<Record<string, number>>, n: number): number {
  const list = Array.isArray(weights) ? (weights as readonly number[]) : Object.values(weights);
  if (n <= 0) return 0;
  const counts = apportion(list, n);
  let sum = 0;
  for (const weight of list) if (Number.isFinite(weight) && weight > 0) sum += weight;
  let distance = 0;
  list.forEach((weight, index) => {
    const requested = weight > 0 && Number.isFinite(weight) ? weight / sum : 0;
    distance += Math.abs(requested - (counts[index] as number) / n);
  });
  return distance / 2;
}
