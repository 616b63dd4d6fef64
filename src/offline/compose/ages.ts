/**
 * Who can be how old: the prompt's own ages win; otherwise the ranges of the role, the setting, the
 * situations, the condition and the activity are intersected (the most specific first), and the
 * ages are split into bands whose weights are the mass of a normal around the role's mean age.
 */
import { round, type Weights } from "./fields.ts";

export interface AgeRange {
  min: number;
  max: number;
  mean: number;
  /** Where the range came from, for the rationale. */
  basis: string;
}

export interface AgeBand {
  name: string;
  min: number;
  max: number;
  weight: number;
}

const BAND_EDGES: ReadonlyArray<readonly [number, number]> = [
  // Children below school age apart from pupils: "Children under 10" are toddlers and pupils, not 1-year-old pupils.
  [0, 4], [5, 12], [13, 17], [18, 24], [25, 34], [35, 44], [45, 54], [55, 64], [65, 74], [75, 84], [85, 120],
];

/** Intersect ranges in order; a range that would empty the intersection is skipped and reported. */
export function intersectAges(ranges: readonly AgeRange[]): { range: AgeRange; skipped: AgeRange[] } {
  const [first, ...rest] = ranges;
  if (!first) return { range: { min: 18, max: 90, mean: 42, basis: "adult priors" }, skipped: [] };
  let range = { ...first };
  const skipped: AgeRange[] = [];
  for (const next of rest) {
    const min = Math.max(range.min, next.min);
    const max = Math.min(range.max, next.max);
    if (min > max) {
      skipped.push(next);
      continue;
    }
    range = { min, max, mean: Math.min(max, Math.max(min, range.mean)), basis: `${range.basis}; ${next.basis}` };
  }
  return { range, skipped };
}

function normalCdf(x: number): number {
  // Abramowitz-Stegun 7.1.26, plenty for band weights.
  const t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.SQRT2);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export function spreadOf(range: AgeRange): number {
  return Math.max(1.5, (range.max - range.min) / 4);
}

/** Bands covering [min, max], each weighted by the normal's mass inside it. */
export function ageBands(range: AgeRange): AgeBand[] {
  const sd = spreadOf(range);
  const bands: AgeBand[] = [];
  for (const [edgeMin, edgeMax] of BAND_EDGES) {
    const min = Math.max(edgeMin, range.min);
    const max = Math.min(edgeMax, range.max);
    if (min > max) continue;
    const mass = normalCdf((max + 0.5 - range.mean) / sd) - normalCdf((min - 0.5 - range.mean) / sd);
    bands.push({ name: min === max ? String(min) : edgeMax >= 120 && max === range.max && max >= 85 ? `${min}+` : `${min}-${max}`, min, max, weight: Math.max(mass, 0.002) });
  }
  // A narrow range (the prompt's "aged 10-16") is one band of its own when it sits inside one edge.
  const total = bands.reduce((sum, band) => sum + band.weight, 0);
  return bands.map((band) => ({ ...band, weight: round(band.weight / total) }));
}

export function bandWeights(bands: readonly AgeBand[]): Weights {
  return Object.fromEntries(bands.map((band) => [band.name, band.weight]));
}

/** The numeric spec of ages inside a band, centred where the range's normal puts its mass. */
export function ageInBand(band: AgeBand, range: AgeRange): { min: number; max: number; mean: number; sd: number; integer: true } {
  const mean = Math.min(band.max, Math.max(band.min, range.mean));
  return { min: band.min, max: band.max, mean, sd: Math.max(1, Math.min(spreadOf(range), (band.max - band.min) / 2 || 1)), integer: true };
}
