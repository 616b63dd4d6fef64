/**
 * Samples the structured fields of a population (DESIGN §3): categoricals by quota (exact counts by
 * largest remainder, then a seeded shuffle; nested quotas inside the parent cells, rounded together by
 * cell-rounding.ts), numerics by a
 * truncated normal drawn through the inverse CDF from a per-persona stream, derived fields from their
 * formula, and constraints enforced by resampling the numerics they read. Text fields are left to a
 * Writer.
 */
import type { Blueprint, Field, NumericSpec } from "./blueprint.ts";
import { apportion } from "./apportion.ts";
import { roundCells, type CellWeights } from "./cell-rounding.ts";
import { assertSamplable, dependenciesOf, matchingConditional, type BlueprintInput } from "./blueprint-check.ts";
import { compileConstraint, compare, formatNumber, type CompiledConstraint } from "./constraints.ts";
import { evaluateExpression, parseExpression, type Expression } from "./expression.ts";
import { truncatedNormalQuantile } from "./normal.ts";
import type { SampledValues } from "./persona.ts";
import { createRng, hashSeed, hashText } from "./rng.ts";

/** Attempts per persona to redraw the numerics of a violated constraint before giving up. */
export const MAX_CONSTRAINT_RETRIES = 1_000;

export class SamplingError extends Error {
  override readonly name = "SamplingError";
  constructor(
    message: string,
    readonly constraint?: string,
  ) {
    super(message);
  }
  static isInstance(error: unknown): error is SamplingError {
    return error instanceof Error && error.name === "SamplingError";
  }
}

/**
 * The order in which structured fields are sampled: `order`'s sampled fields, then derived fields
 * missing from it once everything they read is known.
 */
export function samplingOrder(blueprint: BlueprintInput): Field[] {
  const fields = blueprint.fields as Field[];
  const byName = new Map(fields.map((field) => [field.name, field]));
  const sequence: Field[] = [];
  const placed = new Set<string>();
  for (const name of blueprint.order ?? []) {
    const field = byName.get(name);
    if (field && field.kind !== "text" && !placed.has(name)) {
      sequence.push(field);
      placed.add(name);
    }
  }
  let pending = fields.filter((field) => field.kind === "derived" && !placed.has(field.name));
  while (pending.length > 0) {
    const ready = pending.filter((field) => dependenciesOf(field).every((name) => placed.has(name) || byName.get(name)?.kind === "text"));
    if (ready.length === 0) break;
    for (const field of ready) {
      sequence.push(field);
      placed.add(field.name);
    }
    pending = pending.filter((field) => !placed.has(field.name));
  }
  return sequence;
}

function cellKey(values: SampledValues, parents: readonly string[]): string {
  let key = "";
  for (const parent of parents) key += `${String(values[parent])}\u241f`;
  return key;
}

function weightsList(weights: Readonly<Record<string, number>>): { keys: string[]; weights: number[] } {
  const keys = Object.keys(weights);
  return { keys, weights: keys.map((key) => Math.max(0, weights[key] as number)) };
}

function sampleCategorical(field: Field, personas: SampledValues[], seed: number): void {
  const parents = field.parents ?? [];
  // Members of each parent cell, in persona order so the result does not depend on Map iteration quirks.
  const cells = new Map<string, number[]>();
  for (let index = 0; index < personas.length; index++) {
    const key = cellKey(personas[index] as SampledValues, parents);
    let members = cells.get(key);
    if (!members) cells.set(key, (members = []));
    members.push(index);
  }
  const quotas = cellQuotas(
    field,
    [...cells].map(([key, members]) => ({ key, known: personas[members[0] as number] as SampledValues, size: members.length })),
    seed,
  );
  let cellIndex = 0;
  for (const [key, members] of cells) {
    const { keys, counts } = quotas[cellIndex++] as { keys: string[]; counts: number[] };
    const pool: string[] = [];
    counts.forEach((count, index) => {
      for (let k = 0; k < count; k++) pool.push(keys[index] as string);
    });
    const shuffled = createRng(hashSeed(seed, "quota", field.name, key)).shuffle(pool);
    members.forEach((member, position) => {
      (personas[member] as SampledValues)[field.name] = shuffled[position] as string;
    });
  }
}

/** A parent cell of a categorical field: its key (the parents' values), what is known of its members, its size. */
export interface ParentCell {
  key: string;
  known: Readonly<Record<string, unknown>>;
  size: number;
}

/**
 * The nested quotas of a categorical field: each parent cell's counts of the field's categories, in
 * the order of `cells`. One cell (a root field, or every persona in one parent cell) takes the
 * largest remainder, the closest counts any population of that size can have; several are rounded
 * together (cell-rounding.ts) in the order of their keys, so the whole-population sampler and the
 * shards' quotas (pipeline/shards.ts) give a cell the same counts whatever order they meet it in.
 */
export function cellQuotas(field: Field, cells: readonly ParentCell[], seed: number): Array<{ keys: string[]; counts: number[] }> {
  const weighted = cells.map((cell) => {
    const spec = matchingConditional(field.conditionals, cell.known as SampledValues, (conditional) => conditional.categorical !== undefined)?.categorical ?? field.categorical;
    if (!spec) throw new SamplingError(`categorical field '${field.name}' has no weights for cell ${cell.key}`);
    return { ...weightsList(spec.weights), size: cell.size };
  });
  if (weighted.length === 1) {
    const only = weighted[0] as CellWeights & { keys: string[] };
    return [{ keys: only.keys, counts: apportion(only.weights, only.size) }];
  }
  const order = cells.map((_, index) => index).sort((a, b) => {
    const [left, right] = [(cells[a] as ParentCell).key, (cells[b] as ParentCell).key];
    return left < right ? -1 : left > right ? 1 : 0;
  });
  const rounded = roundCells(
    order.map((index) => weighted[index] as CellWeights),
    createRng(hashSeed(seed, "quota-cells", field.name)),
  );
  const counts: number[][] = new Array(cells.length);
  order.forEach((index, position) => (counts[index] = rounded[position] as number[]));
  return weighted.map((cell, index) => ({ keys: cell.keys, counts: counts[index] as number[] }));
}

function drawNumeric(spec: NumericSpec, uniform: number): number {
  const value = truncatedNormalQuantile(spec, uniform);
  if (!spec.integer) return value;
  const low = Math.ceil(spec.min);
  const high = Math.floor(spec.max);
  return Math.min(high, Math.max(low, Math.round(value)));
}

/** Rejection attempts before a constraint's thin feasible region is targeted directly. */
const TARGETED_AFTER = 50;

/**
 * Redraws the last redrawable field of a failing constraint from its truncated normal restricted
 * to the values where the constraint holds (others fixed). The satisfying set of a monotone
 * expression in one variable is an interval; its edge is found by bisection. Returns false when
 * no field has a non-empty feasible interval (rejection then carries on, and fails loudly).
 */
function redrawWithinFeasible(
  constraint: CompiledConstraint,
  names: ReadonlySet<string>,
  specs: ReadonlyMap<string, NumericSpec>,
  values: SampledValues,
  lookup: (name: string) => number | undefined,
  recomputeDerived: () => void,
  uniform: number,
): boolean {
  const { op } = constraint.constraint;
  if (op === "==" || op === "!=") return false;
  const holds = (name: string, value: number): boolean => {
    values[name] = value;
    recomputeDerived();
    const left = evaluateExpression(constraint.lhs, lookup);
    const right = evaluateExpression(constraint.rhs, lookup);
    return left !== undefined && right !== undefined && compare(left, op, right);
  };
  for (const name of [...names].reverse()) {
    const spec = specs.get(name);
    if (!spec) continue;
    const original = values[name] as number;
    const low = spec.integer ? Math.ceil(spec.min) : spec.min;
    const high = spec.integer ? Math.floor(spec.max) : spec.max;
    const lowHolds = holds(name, low);
    const highHolds = holds(name, high);
    let interval: [number, number] | undefined;
    if (lowHolds && highHolds) interval = [low, high];
    else if (lowHolds || highHolds) {
      // Bisect for the edge between the failing and the holding end.
      let failing = lowHolds ? high : low;
      let holding = lowHolds ? low : high;
      for (let step = 0; step < 60 && Math.abs(failing - holding) > (spec.integer ? 1 : 1e-9 * Math.max(1, Math.abs(holding))); step++) {
        const middle = spec.integer ? Math.round((failing + holding) / 2) : (failing + holding) / 2;
        if (middle === failing || middle === holding) break;
        if (holds(name, middle)) holding = middle;
        else failing = middle;
      }
      interval = lowHolds ? [low, holding] : [holding, high];
    }
    if (interval) {
      const [from, to] = interval;
      const draw = spec.sd > 0 && to > from ? drawNumeric({ ...spec, min: from, max: to }, uniform) : Math.min(to, Math.max(from, spec.integer ? Math.round(spec.mean) : spec.mean));
      if (holds(name, draw)) return true;
    }
    values[name] = original;
    recomputeDerived();
  }
  return false;
}

/** Derived values are rounded to 9 decimals so `0.1 + 0.2` reads as 0.3 on the wire. */
function roundDerived(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/**
 * A numeric field's distribution for a persona: the first conditional with a numeric distribution
 * whose `when` the persona's values meet (compared as strings), else the field's own: what
 * `matchingConditional` answers, with each conditional's keys and values read once per sampling
 * rather than once per persona.
 */
function numericDistribution(field: Field): (values: SampledValues) => NumericSpec | undefined {
  const conditionals = (field.conditionals ?? []).filter((conditional) => conditional.numeric !== undefined);
  if (conditionals.length === 0) return () => field.numeric;
  const keys = conditionals.map((conditional) => Object.keys(conditional.when));
  const wanted = conditionals.map((conditional) => Object.values(conditional.when));
  return (values) => {
    for (let index = 0; index < conditionals.length; index++) {
      const names = keys[index] as string[];
      const expected = wanted[index] as string[];
      let matches = true;
      for (let key = 0; key < names.length; key++) {
        const value = values[names[key] as string];
        if (value === undefined || String(value) !== expected[key]) {
          matches = false;
          break;
        }
      }
      if (matches) return (conditionals[index] as (typeof conditionals)[number]).numeric;
    }
    return field.numeric;
  };
}

interface PreparedField {
  field: Field;
  formula?: Expression;
}

/**
 * The structured values of `count` personas. Same blueprint, count and seed ⇒ identical output.
 * Throws `BlueprintError` for an unsamplable blueprint and `SamplingError` when a constraint cannot
 * be met for some persona.
 */
export function sampleStructured(blueprint: Blueprint | BlueprintInput, count: number, seed: number): SampledValues[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  assertSamplable(blueprint);
  const personas: SampledValues[] = Array.from({ length: count }, () => ({}));

  // Categoricals first, all personas at once: quotas need the whole population. Categoricals never
  // depend on numerics (a numeric parent would make cells continuous), so this keeps `order`.
  for (const field of samplingOrder(blueprint)) if (field.kind === "categorical") sampleCategorical(field, personas, seed);
  return numericsOf(blueprint, personas, seed, 0);
}

/**
 * The numeric and derived fields (and constraints) of personas whose categoricals are set, in
 * place: persona `i` of the list is persona `firstIndex + i` of its population, whose draws come
 * from its own stream. A shard completes its own personas this way (`pipeline/shards.ts`).
 */
export function sampleNumerics(blueprint: Blueprint | BlueprintInput, personas: SampledValues[], seed: number, firstIndex: number): SampledValues[] {
  assertSamplable(blueprint);
  return numericsOf(blueprint, personas, seed, firstIndex);
}

/** `sampleNumerics` of a blueprint its caller has just checked. */
function numericsOf(blueprint: Blueprint | BlueprintInput, personas: SampledValues[], seed: number, firstIndex: number): SampledValues[] {
  const count = personas.length;
  const sequence: PreparedField[] = samplingOrder(blueprint).map((field) =>
    field.kind === "derived" ? { field, formula: parseExpression(field.formula as string) } : { field },
  );

  const numericFields = sequence.filter(({ field }) => field.kind !== "categorical");
  const constraints: CompiledConstraint[] = (blueprint.constraints ?? []).map((constraint) => compileConstraint(constraint));
  const kindOf = new Map(blueprint.fields.map((field) => [field.name, field.kind]));
  // Which numeric fields to redraw when a constraint fails: those it reads, directly or through derived fields.
  const formulaOf = new Map(numericFields.filter(({ formula }) => formula).map(({ field, formula }) => [field.name, formula as Expression]));
  const redrawable = constraints.map((constraint) => {
    const names = new Set<string>();
    const visit = (name: string): void => {
      if (kindOf.get(name) === "numeric") names.add(name);
      else if (kindOf.get(name) === "derived") {
        const field = blueprint.fields.find((candidate) => candidate.name === name);
        if (field) for (const dependency of dependenciesOf(field)) visit(dependency);
      }
    };
    for (const name of constraint.fields) visit(name);
    return names;
  });

  // Made once, not per persona (a closure per persona, and a map, were a fifth of sampling a shard):
  // `values` is the persona being sampled; `specs` is overwritten field by field for each one.
  let values: SampledValues = {};
  const specs = new Map<string, NumericSpec>();
  const lookup = (name: string): number | undefined => {
    const value = values[name];
    return typeof value === "number" ? value : undefined;
  };
  const recomputeDerived = (): void => {
    for (const { field, formula } of numericFields) {
      if (field.kind === "derived" && formula) values[field.name] = roundDerived(evaluateExpression(formula, lookup) as number);
    }
  };
  const distributions = numericFields.map(({ field }) => (field.kind === "numeric" ? numericDistribution(field) : undefined));
  // `hashSeed(seed, "persona", i)` is the hash of the joined parts: the same text, its prefix joined once.
  const streamPrefix = `${seed}\u241fpersona\u241f`;
  for (let index = 0; index < count; index++) {
    values = personas[index] as SampledValues;
    // One stream per persona: persona i's draws do not depend on how many draws persona i-1 needed.
    const stream = createRng(hashText(streamPrefix + (firstIndex + index)));
    for (let position = 0; position < numericFields.length; position++) {
      const { field, formula } = numericFields[position] as PreparedField;
      const distribution = distributions[position];
      if (distribution) {
        const spec = distribution(values);
        if (!spec) throw new SamplingError(`numeric field '${field.name}' has no distribution for persona ${firstIndex + index}`);
        specs.set(field.name, spec);
        values[field.name] = drawNumeric(spec, stream.float());
      } else if (formula) {
        const result = evaluateExpression(formula, lookup);
        if (result === undefined) throw new SamplingError(`derived field '${field.name}' (${field.formula}) cannot be computed for persona ${firstIndex + index}`);
        values[field.name] = roundDerived(result);
      }
    }
    if (constraints.length === 0) continue;
    for (let attempt = 0; ; attempt++) {
      let failed = -1;
      for (let k = 0; k < constraints.length; k++) {
        const constraint = constraints[k] as CompiledConstraint;
        const left = evaluateExpression(constraint.lhs, lookup);
        const right = evaluateExpression(constraint.rhs, lookup);
        // Not applicable (reads a non-numeric value): nothing to enforce, as in validate.
        if (left === undefined || right === undefined) continue;
        if (!compare(left, constraint.constraint.op, right)) {
          failed = k;
          break;
        }
      }
      if (failed < 0) break;
      const constraint = constraints[failed] as CompiledConstraint;
      const names = redrawable[failed] as Set<string>;
      if (names.size === 0 || attempt >= MAX_CONSTRAINT_RETRIES) {
        const left = evaluateExpression(constraint.lhs, lookup) as number;
        const right = evaluateExpression(constraint.rhs, lookup) as number;
        const cell = Object.entries(values)
          .filter(([name]) => kindOf.get(name) === "categorical")
          .map(([name, value]) => `${name}=${value}`)
          .join(", ");
        throw new SamplingError(
          `constraint '${constraint.constraint.name}' (${constraint.constraint.lhs} ${constraint.constraint.op} ${constraint.constraint.rhs}) ` +
            (names.size === 0
              ? `fails and reads no numeric field that could be redrawn`
              : `could not be satisfied after ${MAX_CONSTRAINT_RETRIES} redraws`) +
            ` for persona ${firstIndex + index}${cell ? ` (${cell})` : ""}; last: ${constraint.constraint.lhs}=${formatNumber(left)} ${constraint.constraint.op} ${constraint.constraint.rhs} (${formatNumber(right)})`,
          constraint.constraint.name,
        );
      }
      // Plain rejection first (it keeps the joint distribution of the redrawn fields); when the
      // feasible region is thin, draw one field from its distribution restricted to where the
      // constraint holds, which is exactly what rejection on that field alone would give.
      if (attempt >= TARGETED_AFTER && redrawWithinFeasible(constraint, names, specs, values, lookup, recomputeDerived, stream.float())) continue;
      for (const { field } of numericFields) {
        if (field.kind === "numeric" && names.has(field.name)) values[field.name] = drawNumeric(specs.get(field.name) as NumericSpec, stream.float());
      }
      recomputeDerived();
    }
  }
  return personas;
}

/** Sampled values as wire strings (`34`, `2.5`). */
export function toFieldStrings(values: SampledValues): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) strings[name] = typeof value === "number" ? formatNumber(value) : value;
  return strings;
}
