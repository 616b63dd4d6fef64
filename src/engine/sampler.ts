/**
 * Samples the structured fields of a population (DESIGN §3): categoricals by quota (exact counts by
 * largest remainder, then a seeded shuffle; nested quotas inside each parent cell), numerics by a
 * truncated normal drawn through the inverse CDF from a per-persona stream, derived fields from their
 * formula, and constraints enforced by resampling the numerics they read. Text fields are left to a
 * Writer.
 */
import type { Blueprint, Field, NumericSpec } from "./blueprint.ts";
import { apportion } from "./apportion.ts";
import { assertSamplable, dependenciesOf, matchingConditional, type BlueprintInput } from "./blueprint-check.ts";
import { compileConstraint, compare, formatNumber, type CompiledConstraint } from "./constraints.ts";
import { evaluateExpression, parseExpression, type Expression } from "./expression.ts";
import { truncatedNormalQuantile } from "./normal.ts";
import type { SampledValues } from "./persona.ts";
import { createRng, hashSeed } from "./rng.ts";

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

function weightsList(weights: Readonly<Record<string, number>>): { keys: string[]; values: number[] } {
  const keys = Object.keys(weights);
  return { keys, values: keys.map((key) => Math.max(0, weights[key] as number)) };
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
  for (const [key, members] of cells) {
    const first = personas[members[0] as number] as SampledValues;
    const spec = matchingConditional(field.conditionals, first, (conditional) => conditional.categorical !== undefined)?.categorical ?? field.categorical;
    if (!spec) throw new SamplingError(`categorical field '${field.name}' has no weights for cell ${key}`);
    const { keys, values } = weightsList(spec.weights);
    const counts = apportion(values, members.length);
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

function drawNumeric(spec: NumericSpec, uniform: number): number {
  const value = truncatedNormalQuantile(spec, uniform);
  if (!spec.integer) return value;
  const low = Math.ceil(spec.min);
  const high = Math.floor(spec.max);
  return Math.min(high, Math.max(low, Math.round(value)));
}

/** Derived values are rounded to 9 decimals so `0.1 + 0.2` reads as 0.3 on the wire. */
function roundDerived(value: number): number {
  return Math.round(value * 1e9) / 1e9;
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
  const sequence: PreparedField[] = samplingOrder(blueprint).map((field) =>
    field.kind === "derived" ? { field, formula: parseExpression(field.formula as string) } : { field },
  );
  const personas: SampledValues[] = Array.from({ length: count }, () => ({}));

  // Categoricals first, all personas at once: quotas need the whole population. Categoricals never
  // depend on numerics (a numeric parent would make cells continuous), so this keeps `order`.
  for (const { field } of sequence) if (field.kind === "categorical") sampleCategorical(field, personas, seed);

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

  for (let index = 0; index < count; index++) {
    const values = personas[index] as SampledValues;
    // One stream per persona: persona i's draws do not depend on how many draws persona i-1 needed.
    const stream = createRng(hashSeed(seed, "persona", index));
    const specs = new Map<string, NumericSpec>();
    const lookup = (name: string): number | undefined => {
      const value = values[name];
      return typeof value === "number" ? value : undefined;
    };
    for (const { field, formula } of numericFields) {
      if (field.kind === "numeric") {
        const spec = matchingConditional(field.conditionals, values, (conditional) => conditional.numeric !== undefined)?.numeric ?? field.numeric;
        if (!spec) throw new SamplingError(`numeric field '${field.name}' has no distribution for persona ${index}`);
        specs.set(field.name, spec);
        values[field.name] = drawNumeric(spec, stream.float());
      } else if (formula) {
        const result = evaluateExpression(formula, lookup);
        if (result === undefined) throw new SamplingError(`derived field '${field.name}' (${field.formula}) cannot be computed for persona ${index}`);
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
            ` for persona ${index}${cell ? ` (${cell})` : ""}; last: ${constraint.constraint.lhs}=${formatNumber(left)} ${constraint.constraint.op} ${constraint.constraint.rhs} (${formatNumber(right)})`,
          constraint.constraint.name,
        );
      }
      for (const { field, formula } of numericFields) {
        if (field.kind === "numeric") {
          if (names.has(field.name)) values[field.name] = drawNumeric(specs.get(field.name) as NumericSpec, stream.float());
        } else if (formula) {
          values[field.name] = roundDerived(evaluateExpression(formula, lookup) as number);
        }
      }
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
