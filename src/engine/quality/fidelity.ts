/**
 * The `fidelity` report (DESIGN §4, beyond the spec): how faithfully a population follows its
 * blueprint *inside* each parent cell, where `marginals` (root fields only) cannot look.
 *
 * - `contingency`: for every categorical field with parents, the TVD of the achieved vs the declared
 *   conditional distribution within each parent cell, weighted by cell size. A child that ignores
 *   its parent (nurses as often men as women when the blueprint says 90% women) scores high here
 *   while every marginal looks right. `optimal_tvd` is the same figure for the best counts any
 *   population of these cell sizes can have (quota allocation), so the excess over it is the error.
 * - `numeric`: for every numeric field and parent cell, the Kolmogorov–Smirnov statistic of the
 *   values against the declared truncated normal (rounded as the sampler rounds integers) and the
 *   mean's error in units of the declared sd; `ks_limit` is the 5% critical value for the cell's size
 *   (Stephens' approximation), so a cell over it is unlikely under the declared distribution.
 * - `coverage`: the share of declared categories present in the cells large enough to hold them all.
 *
 * Pure, linear in personas × fields; every list is bounded (`CELLS_LISTED`, `MISSING_LISTED`).
 */
import { normaliseWeights, optimalTvd } from "../apportion.ts";
import { matchingConditional, type BlueprintInput, type FieldInput } from "../blueprint-check.ts";
import { normalCdf } from "../normal.ts";
import { nullPrototypeRecord } from "./own-fields.ts";
import { round4, totalVariationDistance } from "./tvd.ts";
import { StructuredCounts, type CountedCell } from "./structured-counts.ts";

/** Cells listed per field, at most (those contributing most to the field's error first). */
export const CELLS_LISTED = 20;
/** Missing categories named per field, at most. */
export const MISSING_LISTED = 10;
/** Above this many integers between min and max, an integer field is compared as continuous. */
const DISCRETE_SUPPORT_LIMIT = 10_000;

/* Type aliases, not interfaces: they fit the open objects of the zod-inferred `PopulationResult`. */
export type PersonaFields = {
  fields: Readonly<Record<string, string>>;
};

export type ContingencyCell = {
  when: Record<string, string>;
  count: number;
  tvd: number;
  optimal_tvd: number;
};

export type ContingencyReport = {
  attribute: string;
  parents: string[];
  /** Σ over parent cells of (cell size / N) × TVD within the cell. */
  tvd: number;
  /** The same weighted sum for the best counts possible at these cell sizes. */
  optimal_tvd: number;
  cell_count: number;
  /** Cells with no declared distribution (no matching conditional and no unconditional weights). */
  undeclared_cells?: number;
  cells: ContingencyCell[];
};

export type NumericCell = {
  when?: Record<string, string>;
  count: number;
  ks: number;
  /** The 5% critical value of the KS statistic for this many values. */
  ks_limit: number;
  /** (achieved mean − declared truncated-normal mean) / declared sd. */
  mean_error_sd: number;
};

export type NumericReport = {
  attribute: string;
  parents: string[];
  /** Cell-size-weighted mean of the cells' KS statistics. */
  ks: number;
  max_ks: number;
  /** Cell-size-weighted mean of the cells' absolute mean errors, in sds. */
  mean_abs_error_sd: number;
  /** Cells whose KS statistic is above its 5% limit. */
  cells_over_limit: number;
  cell_count: number;
  /** Values that are missing or not numbers (not compared). */
  unreadable?: number;
  cells: NumericCell[];
};

export type CoverageField = {
  attribute: string;
  /** Declared categories in the cells large enough to hold them all. */
  declared: number;
  present: number;
  share: number;
  missing?: string[];
};

export type CoverageReport = {
  /** Over every field: present / declared, counting only cells with at least as many personas as categories. */
  share: number;
  fields: CoverageField[];
};

export type FidelityReport = {
  contingency: ContingencyReport[];
  numeric: NumericReport[];
  coverage: CoverageReport;
};

/** A field's cells (personas grouped by their parents' values, in order of first appearance). */
function cellsOf(counts: StructuredCounts, field: FieldInput): CountedCell[] {
  return [...(counts.cells[counts.fields.indexOf(field)] as Map<string, CountedCell>).values()];
}

function declaredWeights(field: FieldInput, when: Record<string, string>): Record<string, number> | undefined {
  return matchingConditional(field.conditionals, when, (conditional) => conditional.categorical !== undefined)?.categorical?.weights ?? field.categorical?.weights;
}

function declaredNumeric(field: FieldInput, when: Record<string, string>) {
  return matchingConditional(field.conditionals, when, (conditional) => conditional.numeric !== undefined)?.numeric ?? field.numeric;
}

/** Fields sorted so the cells that contribute most error come first, then cut to the listing limit. */
function worstCells<T extends { count: number }>(cells: T[], error: (cell: T) => number): T[] {
  return [...cells].sort((a, b) => error(b) * b.count - error(a) * a.count).slice(0, CELLS_LISTED);
}

function contingencyOf(field: FieldInput, counted: StructuredCounts): ContingencyReport {
  const parents = [...(field.parents ?? [])];
  const total = counted.personas;
  let tvd = 0;
  let optimal = 0;
  let undeclared = 0;
  const cells: ContingencyCell[] = [];
  for (const cell of cellsOf(counted, field)) {
    const weights = declaredWeights(field, cell.when);
    const achieved = nullPrototypeRecord([...cell.values].map(([value, count]) => [value, count / cell.members] as const));
    const requested = weights ? normaliseWeights(weights) : undefined;
    // A cell the blueprint says nothing about is entirely off: every persona in it is unexplained.
    const cellTvd = requested && Object.values(requested).some((weight) => weight > 0) ? totalVariationDistance(requested, achieved) : 1;
    const cellOptimal = requested && Object.values(requested).some((weight) => weight > 0) ? optimalTvd(requested, cell.members) : 0;
    if (!requested) undeclared++;
    const share = cell.members / total;
    tvd += share * cellTvd;
    optimal += share * cellOptimal;
    cells.push({ when: cell.when, count: cell.members, tvd: round4(cellTvd), optimal_tvd: round4(cellOptimal) });
  }
  return {
    attribute: field.name,
    parents,
    tvd: round4(tvd),
    optimal_tvd: round4(optimal),
    cell_count: cells.length,
    ...(undeclared > 0 ? { undeclared_cells: undeclared } : {}),
    cells: worstCells(cells, (cell) => cell.tvd - cell.optimal_tvd),
  };
}

// ---------------------------------------------------------------- the truncated normal, as sampled

interface NumericSpec {
  min: number;
  max: number;
  mean: number;
  sd: number;
  integer?: boolean;
}

function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/**
 * P(X ≤ x) for a normal(mean, sd) truncated to [min, max]. Computed in the lower tail (mirrored when
 * the window lies above the mean), as the sampler draws, so a window far in a tail keeps its precision.
 */
export function truncatedNormalCdf(spec: NumericSpec, x: number): number {
  const { min, max, mean, sd } = spec;
  if (x < min) return 0;
  if (x >= max) return 1;
  if (!(sd > 0) || max <= min) return x >= Math.min(max, Math.max(min, mean)) ? 1 : 0;
  if ((min - mean) / sd > 0) return 1 - truncatedNormalCdf({ min: -max, max: -min, mean: -mean, sd }, -x);
  const low = normalCdf((min - mean) / sd);
  const high = normalCdf((max - mean) / sd);
  const mass = high - low;
  if (!(mass > 0)) {
    // Deep in the upper tail of the mirrored window: close to an exponential rising towards max.
    const beta = (max - mean) / sd;
    const rate = Math.max(-beta, 1e-12);
    const span = (max - min) / sd;
    const z = (x - mean) / sd;
    return Math.min(1, Math.max(0, (Math.exp(-rate * (beta - z)) - Math.exp(-rate * span)) / (1 - Math.exp(-rate * span))));
  }
  return Math.min(1, Math.max(0, (normalCdf((x - mean) / sd) - low) / mass));
}

/** The expected value of the truncated normal. */
function truncatedNormalMean(spec: NumericSpec): number {
  const { min, max, mean, sd } = spec;
  if (!(sd > 0) || max <= min) return Math.min(max, Math.max(min, mean));
  const alpha = (min - mean) / sd;
  const beta = (max - mean) / sd;
  if (alpha > 0) return -truncatedNormalMean({ min: -max, max: -min, mean: -mean, sd });
  const mass = normalCdf(beta) - normalCdf(alpha);
  if (!(mass > 0)) return max;
  return Math.min(max, Math.max(min, mean + (sd * (normalDensity(alpha) - normalDensity(beta))) / mass));
}

/**
 * The distribution of what the sampler writes: for an integer field, the draw rounded to the nearest
 * integer and clamped to [ceil(min), floor(max)], so P(V ≤ k) = F(k + 0.5) below the top.
 */
function sampledCdf(spec: NumericSpec): { cdf: (x: number) => number; mean: number; discrete: boolean } {
  const low = Math.ceil(spec.min);
  const high = Math.floor(spec.max);
  if (!spec.integer || high < low || high - low > DISCRETE_SUPPORT_LIMIT) return { cdf: (x) => truncatedNormalCdf(spec, x), mean: truncatedNormalMean(spec), discrete: false };
  const cdf = (x: number): number => {
    const k = Math.floor(x);
    if (k < low) return 0;
    if (k >= high) return 1;
    return truncatedNormalCdf(spec, k + 0.5);
  };
  let mean = 0;
  let previous = 0;
  for (let k = low; k <= high; k++) {
    const current = cdf(k);
    mean += k * (current - previous);
    previous = current;
  }
  return { cdf, mean, discrete: true };
}

/** The 5% critical value of the one-sample KS statistic for n values (Stephens 1970). */
export function ksLimit(n: number): number {
  if (n <= 0) return 1;
  const root = Math.sqrt(n);
  return Math.min(1, 1.358 / (root + 0.12 + 0.11 / root));
}

/** The KS statistic of sorted values against a CDF; for a discrete CDF, compared at the jumps only. */
function ksStatistic(sorted: readonly number[], cdf: (x: number) => number, discrete: boolean): number {
  const n = sorted.length;
  let statistic = 0;
  for (let i = 0; i < n; ) {
    const value = sorted[i] as number;
    let j = i;
    while (j < n && sorted[j] === value) j++;
    const below = i / n;
    const upTo = j / n;
    const at = cdf(value);
    // Continuous: the empirical CDF jumps from below to upTo at value. Discrete: both step at
    // integers, so compare F_n(value) with F(value), and F_n just below value with F(value - 1).
    const before = discrete ? cdf(value - 1) : at;
    statistic = Math.max(statistic, Math.abs(upTo - at), Math.abs(below - before));
    i = j;
  }
  return statistic;
}

function numericOf(field: FieldInput, counted: StructuredCounts): NumericReport {
  const parents = [...(field.parents ?? [])];
  const total = counted.personas;
  const cells: NumericCell[] = [];
  let weightedKs = 0;
  let weightedError = 0;
  let maxKs = 0;
  let overLimit = 0;
  let unreadable = 0;
  let compared = 0;
  for (const cell of cellsOf(counted, field)) {
    const spec = declaredNumeric(field, cell.when);
    unreadable += cell.unreadable;
    if (!spec || cell.numbers.size === 0) continue;
    // Sorted, then summed in that order: as the values of the cell's personas would be.
    const values = StructuredCounts.numbersOf(cell);
    const { cdf, mean, discrete } = sampledCdf(spec);
    const ks = ksStatistic(values, cdf, discrete);
    const achievedMean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const error = spec.sd > 0 ? (achievedMean - mean) / spec.sd : 0;
    const limit = ksLimit(values.length);
    compared += values.length;
    weightedKs += values.length * ks;
    weightedError += values.length * Math.abs(error);
    maxKs = Math.max(maxKs, ks);
    if (ks > limit) overLimit++;
    cells.push({ ...(parents.length > 0 ? { when: cell.when } : {}), count: values.length, ks: round4(ks), ks_limit: round4(limit), mean_error_sd: round4(error) });
  }
  return {
    attribute: field.name,
    parents,
    ks: round4(compared > 0 ? weightedKs / compared : 0),
    max_ks: round4(maxKs),
    mean_abs_error_sd: round4(compared > 0 ? weightedError / compared : 0),
    cells_over_limit: overLimit,
    cell_count: cells.length,
    ...(unreadable > 0 && total > 0 ? { unreadable } : {}),
    cells: worstCells(cells, (cell) => cell.ks - cell.ks_limit),
  };
}

function coverageOf(field: FieldInput, counted: StructuredCounts): CoverageField {
  let declared = 0;
  let present = 0;
  const missing: string[] = [];
  for (const cell of cellsOf(counted, field)) {
    const weights = declaredWeights(field, cell.when);
    if (!weights) continue;
    const categories = Object.entries(normaliseWeights(weights)).filter(([, weight]) => weight > 0).map(([category]) => category);
    // A cell smaller than its list of categories cannot hold them all: not a coverage failure.
    if (categories.length === 0 || cell.members < categories.length) continue;
    const seen = cell.values;
    declared += categories.length;
    for (const category of categories) {
      if (seen.has(category)) present++;
      else if (missing.length < MISSING_LISTED && !missing.includes(category)) missing.push(category);
    }
  }
  return { attribute: field.name, declared, present, share: round4(declared > 0 ? present / declared : 1), ...(missing.length > 0 ? { missing } : {}) };
}

/** The fidelity of a population to the blueprint it was sampled from (or claims to follow). */
export function computeFidelity(blueprint: BlueprintInput, personas: readonly PersonaFields[]): FidelityReport {
  return fidelityOfCounts(blueprint, StructuredCounts.of(blueprint, personas, "fidelity"));
}

/** The fidelity from a population's counts (structured-counts.ts): the same as `computeFidelity` over its personas. */
export function fidelityOfCounts(blueprint: BlueprintInput, counts: StructuredCounts): FidelityReport {
  const fields = blueprint.fields ?? [];
  const categorical = fields.filter((field) => field.kind === "categorical");
  const contingency = categorical.filter((field) => (field.parents ?? []).length > 0 && (field.conditionals ?? []).some((conditional) => conditional.categorical !== undefined)).map((field) => contingencyOf(field, counts));
  const numeric = fields.filter((field) => field.kind === "numeric" && (field.numeric !== undefined || (field.conditionals ?? []).some((conditional) => conditional.numeric !== undefined))).map((field) => numericOf(field, counts));
  const coverageFields = counts.personas > 0 ? categorical.map((field) => coverageOf(field, counts)).filter((entry) => entry.declared > 0) : [];
  const declared = coverageFields.reduce((sum, entry) => sum + entry.declared, 0);
  const present = coverageFields.reduce((sum, entry) => sum + entry.present, 0);
  return { contingency, numeric, coverage: { share: round4(declared > 0 ? present / declared : 1), fields: coverageFields } };
}
