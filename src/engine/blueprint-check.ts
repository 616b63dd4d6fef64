/**
 * The strict blueprint checker. It guards blueprints we *sample from* (`assertSamplable`); for a
 * caller's blueprint in validate its findings are reported, not fatal (`blueprintIssues`). Every issue
 * carries the JSON path of the offending value so a UI or an LLM repair loop can point at it.
 */
import type { z } from "zod";
import type { Blueprint, BlueprintSchema, CategoricalSpec, Constraint, NumericSpec } from "./blueprint.ts";
import { compileConstraint, compare } from "./constraints.ts";
import { ExpressionError, expressionInterval, parseExpression, referencedFields, type Interval } from "./expression.ts";

export { normaliseWeights } from "./apportion.ts";

/** A blueprint as a caller may send it: `parents`, `conditionals`, `order`, `constraints` optional. */
export type BlueprintInput = z.input<typeof BlueprintSchema>;
export type FieldInput = BlueprintInput["fields"][number];

export interface BlueprintIssue {
  path: Array<string | number>;
  message: string;
}

export class BlueprintError extends Error {
  override readonly name = "BlueprintError";
  constructor(readonly issues: BlueprintIssue[]) {
    super(
      `blueprint cannot be sampled:\n${issues.map((issue) => `- ${formatPath(issue.path)}: ${issue.message}`).join("\n")}`,
    );
  }
  static isInstance(error: unknown): error is BlueprintError {
    return error instanceof Error && error.name === "BlueprintError" && Array.isArray((error as BlueprintError).issues);
  }
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`)).join("");
}

const SAMPLED_KINDS = new Set(["categorical", "numeric", "derived"]);
/** Enumerating parent cells beyond this many is not worth it; coverage is then not checked. */
const MAX_CELLS_CHECKED = 10_000;

/** Field names a field depends on: its parents and, for derived fields, what its formula reads. */
export function dependenciesOf(field: FieldInput): string[] {
  const dependencies = [...(field.parents ?? [])];
  if (field.kind === "derived" && typeof field.formula === "string") {
    try {
      for (const name of referencedFields(parseExpression(field.formula))) if (!dependencies.includes(name)) dependencies.push(name);
    } catch {
      // A malformed formula is reported on its own.
    }
  }
  return dependencies;
}

/** Every category a categorical field can take: its base weights, then any only its conditionals add. */
export function declaredCategories(field: FieldInput): string[] {
  const categories = Object.keys(field.categorical?.weights ?? {});
  const conditionals = field.conditionals ?? [];
  if (conditionals.length === 0) return categories;
  // Looked up in a set, not the list: a field conditioned on a 30-category parent declares hundreds of keys.
  const seen = new Set(categories);
  for (const conditional of conditionals) {
    for (const key of Object.keys(conditional.categorical?.weights ?? {})) {
      if (seen.has(key)) continue;
      seen.add(key);
      categories.push(key);
    }
  }
  return categories;
}

/** The first conditional whose `when` matches `values` (all its keys equal), else undefined. */
export function matchingConditional<T extends { when: Record<string, string> }>(
  conditionals: readonly T[] | undefined,
  values: Readonly<Record<string, string | number | undefined>>,
  has: (conditional: T) => boolean,
): T | undefined {
  for (const conditional of conditionals ?? []) {
    if (!has(conditional)) continue;
    let matches = true;
    for (const [key, value] of Object.entries(conditional.when)) {
      if (values[key] === undefined || String(values[key]) !== value) {
        matches = false;
        break;
      }
    }
    if (matches) return conditional;
  }
  return undefined;
}

function checkWeights(spec: CategoricalSpec, path: Array<string | number>, issues: BlueprintIssue[]): void {
  const weights: Record<string, unknown> = spec.weights ?? {};
  let declared = 0;
  let positive = 0;
  // Own keys in `Object.entries` order without building its pairs: a designed blueprint has thousands
  // of weights (cities by country), and this ran for every one-persona job.
  for (const key in weights) {
    if (!Object.hasOwn(weights, key)) continue;
    declared++;
    const weight = weights[key];
    if (typeof weight !== "number" || !Number.isFinite(weight)) {
      issues.push({ path: [...path, "weights", key], message: `weight of '${key}' is not a finite number` });
    } else if (weight < 0) {
      issues.push({ path: [...path, "weights", key], message: `weight of '${key}' is negative (${weight})` });
    } else if (weight > 0) positive++;
  }
  if (declared === 0) issues.push({ path: [...path, "weights"], message: "no categories declared (weights is empty)" });
  else if (positive === 0) issues.push({ path: [...path, "weights"], message: "all weights are zero" });
}

function checkNumeric(spec: NumericSpec, path: Array<string | number>, issues: BlueprintIssue[]): void {
  const { min, max, mean, sd } = spec;
  if (min > max) issues.push({ path: [...path, "min"], message: `min (${min}) is greater than max (${max})` });
  if (sd < 0) issues.push({ path: [...path, "sd"], message: `sd (${sd}) is negative` });
  if (min <= max && (mean < min || mean > max)) {
    issues.push({ path: [...path, "mean"], message: `mean (${mean}) is outside [${min}, ${max}]` });
  }
  if (spec.integer && min <= max && Math.ceil(min) > Math.floor(max)) {
    issues.push({ path: [...path, "integer"], message: `no integer lies in [${min}, ${max}]` });
  }
}

type Cell = Record<string, string>;

/** All combinations of the categorical parents' categories, or undefined when not enumerable. */
function parentCells(parents: readonly string[], byName: ReadonlyMap<string, FieldInput>, categoriesOf: (field: FieldInput) => string[]): Cell[] | undefined {
  let cells: Cell[] = [{}];
  for (const parent of parents) {
    const field = byName.get(parent);
    if (!field || field.kind !== "categorical") return undefined;
    const categories = categoriesOf(field);
    if (cells.length * categories.length > MAX_CELLS_CHECKED) return undefined;
    cells = cells.flatMap((cell) => categories.map((category) => ({ ...cell, [parent]: category })));
  }
  return cells;
}

/**
 * The cells no conditional with a distribution (`has`) covers, as `matchingConditional` would find
 * none for them. Conditionals are grouped by the parents their `when` names, and each group's
 * values are looked up per cell: a field conditioned on a 30-category parent with 30 conditionals
 * was 900 comparisons of every `when`, per check.
 */
function uncoveredCells<T extends { when: Record<string, string> }>(cells: readonly Cell[], conditionals: readonly T[] | undefined, has: (conditional: T) => boolean): Cell[] {
  const groups = new Map<string, { keys: string[]; values: Set<string> }>();
  for (const conditional of conditionals ?? []) {
    if (!has(conditional)) continue;
    const keys = Object.keys(conditional.when);
    const signature = JSON.stringify(keys);
    let group = groups.get(signature);
    if (!group) groups.set(signature, (group = { keys, values: new Set() }));
    group.values.add(JSON.stringify(keys.map((key) => conditional.when[key])));
  }
  const covered = (cell: Cell): boolean => {
    for (const { keys, values } of groups.values()) {
      // A key the cell lacks (not a parent) never matches, as in `matchingConditional`.
      if (keys.some((key) => cell[key] === undefined)) continue;
      if (values.has(JSON.stringify(keys.map((key) => cell[key])))) return true;
    }
    return false;
  };
  return cells.filter((cell) => !covered(cell));
}

function describeCell(cell: Cell): string {
  return Object.entries(cell).map(([key, value]) => `${key}=${value}`).join(", ");
}

/** Bounds each sampled numeric or derived field can take, over its base and every conditional. */
export function fieldIntervals(blueprint: BlueprintInput): Map<string, Interval> {
  const intervals = new Map<string, Interval>();
  const fields = blueprint.fields ?? [];
  for (const field of fields) {
    if (field.kind !== "numeric") continue;
    const specs = [field.numeric, ...(field.conditionals ?? []).map((conditional) => conditional.numeric)].filter(
      (spec): spec is NumericSpec => spec !== undefined && spec.min <= spec.max,
    );
    if (specs.length === 0) continue;
    intervals.set(field.name, {
      low: Math.min(...specs.map((spec) => (spec.integer ? Math.ceil(spec.min) : spec.min))),
      high: Math.max(...specs.map((spec) => (spec.integer ? Math.floor(spec.max) : spec.max))),
    });
  }
  // Derived fields may read each other; a few passes settle any acyclic chain.
  for (let pass = 0; pass < fields.length; pass++) {
    for (const field of fields) {
      if (field.kind !== "derived" || typeof field.formula !== "string" || intervals.has(field.name)) continue;
      try {
        const interval = expressionInterval(parseExpression(field.formula), (name) => intervals.get(name));
        if (interval) intervals.set(field.name, interval);
      } catch {
        // reported elsewhere
      }
    }
  }
  return intervals;
}

/**
 * Whether `lhs op rhs` can hold anywhere in the fields' bounds. Sound: interval arithmetic
 * over-approximates, so "cannot hold" is certain.
 */
function constraintCanHold(constraint: Constraint, intervals: ReadonlyMap<string, Interval>): { canHold: boolean; range?: Interval } {
  const compiled = compileConstraint(constraint);
  const difference = expressionInterval(
    { kind: "binary", operator: "-", left: compiled.lhs, right: compiled.rhs },
    (name) => intervals.get(name),
  );
  if (!difference) return { canHold: true };
  const { low, high } = difference;
  let canHold: boolean;
  switch (constraint.op) {
    case ">=":
    case ">":
      canHold = compare(high, constraint.op, 0);
      break;
    case "<=":
    case "<":
      canHold = compare(low, constraint.op, 0);
      break;
    case "==":
      canHold = low <= 0 && high >= 0;
      break;
    case "!=":
      canHold = !(low === 0 && high === 0);
      break;
  }
  return { canHold, range: difference };
}

export function checkBlueprint(blueprint: BlueprintInput): BlueprintIssue[] {
  const issues: BlueprintIssue[] = [];
  const fields = Array.isArray(blueprint.fields) ? blueprint.fields : [];
  if (!Array.isArray(blueprint.fields)) issues.push({ path: ["fields"], message: "fields must be a list" });
  const byName = new Map<string, FieldInput>();
  const indexOf = new Map<string, number>();
  // Every conditional on a parent asks for the parent's categories: worked out once per field.
  const categoriesByField = new Map<FieldInput, string[]>();
  const categoriesOf = (field: FieldInput): string[] => {
    let categories = categoriesByField.get(field);
    if (!categories) categoriesByField.set(field, (categories = declaredCategories(field)));
    return categories;
  };

  fields.forEach((field, index) => {
    const first = indexOf.get(field.name);
    if (first !== undefined) {
      issues.push({ path: ["fields", index, "name"], message: `duplicate field name '${field.name}' (first declared at fields[${first}])` });
    } else {
      byName.set(field.name, field);
      indexOf.set(field.name, index);
    }
  });

  // Parents, kinds and distributions, field by field.
  fields.forEach((field, index) => {
    const path: Array<string | number> = ["fields", index];
    const parents = field.parents ?? [];
    parents.forEach((parent, parentIndex) => {
      const parentField = byName.get(parent);
      if (!parentField) issues.push({ path: [...path, "parents", parentIndex], message: `unknown parent '${parent}'` });
      else if (SAMPLED_KINDS.has(field.kind) && parentField.kind === "text") {
        issues.push({
          path: [...path, "parents", parentIndex],
          message: `${field.kind} field '${field.name}' cannot depend on text field '${parent}' (text is written after sampling)`,
        });
      }
    });

    (field.conditionals ?? []).forEach((conditional, conditionalIndex) => {
      const conditionalPath = [...path, "conditionals", conditionalIndex];
      for (const [key, value] of Object.entries(conditional.when ?? {})) {
        if (!parents.includes(key)) {
          issues.push({ path: [...conditionalPath, "when", key], message: `'${key}' is not a parent of '${field.name}'` });
          continue;
        }
        const parentField = byName.get(key);
        if (parentField?.kind === "categorical") {
          const categories = categoriesOf(parentField);
          if (!categories.includes(value)) {
            issues.push({
              path: [...conditionalPath, "when", key],
              message: `'${value}' is not a category of '${key}' (declared: ${categories.join(", ")})`,
            });
          }
        }
      }
      if (conditional.categorical) checkWeights(conditional.categorical, [...conditionalPath, "categorical"], issues);
      if (conditional.numeric) checkNumeric(conditional.numeric, [...conditionalPath, "numeric"], issues);
    });

    if (field.kind === "categorical") {
      if (field.categorical) checkWeights(field.categorical, [...path, "categorical"], issues);
      else {
        const cells = parentCells(parents, byName, categoriesOf);
        const uncovered = cells ? uncoveredCells(cells, field.conditionals, (conditional) => conditional.categorical !== undefined) : [];
        if (parents.length === 0 || (field.conditionals ?? []).length === 0 || cells === undefined) {
          issues.push({ path: [...path, "categorical"], message: `categorical field '${field.name}' has no weights` });
        } else if (uncovered.length > 0) {
          issues.push({
            path: [...path, "categorical"],
            message: `categorical field '${field.name}' has no base weights and no conditional covers ${uncovered
              .slice(0, 3)
              .map(describeCell)
              .join("; ")}${uncovered.length > 3 ? ` (and ${uncovered.length - 3} more)` : ""}`,
          });
        }
      }
    }

    if (field.kind === "numeric") {
      if (field.numeric) checkNumeric(field.numeric, [...path, "numeric"], issues);
      else {
        const cells = parentCells(parents, byName, categoriesOf);
        const uncovered = cells ? uncoveredCells(cells, field.conditionals, (conditional) => conditional.numeric !== undefined) : [];
        if (parents.length === 0 || (field.conditionals ?? []).length === 0 || cells === undefined) {
          issues.push({ path: [...path, "numeric"], message: `numeric field '${field.name}' has no base 'numeric' and no conditional distributions` });
        } else if (uncovered.length > 0) {
          issues.push({
            path: [...path, "numeric"],
            message: `numeric field '${field.name}' has no base 'numeric' and no conditional covers ${uncovered
              .slice(0, 3)
              .map(describeCell)
              .join("; ")}${uncovered.length > 3 ? ` (and ${uncovered.length - 3} more)` : ""}`,
          });
        }
      }
    }

    if (field.kind === "derived") {
      if (typeof field.formula !== "string" || field.formula.trim() === "") {
        issues.push({ path: [...path, "formula"], message: `derived field '${field.name}' has no formula` });
      } else {
        try {
          for (const name of referencedFields(parseExpression(field.formula))) {
            const source = byName.get(name);
            if (!source) issues.push({ path: [...path, "formula"], message: `formula reads unknown field '${name}'` });
            else if (source.kind === "text" || source.kind === "categorical") {
              issues.push({ path: [...path, "formula"], message: `formula reads ${source.kind} field '${name}', which is not numeric` });
            }
          }
        } catch (error) {
          issues.push({ path: [...path, "formula"], message: `malformed formula: ${(error as Error).message}` });
        }
      }
    }

    if (field.ordered_values !== undefined) {
      if (field.kind !== "categorical") {
        issues.push({ path: [...path, "ordered_values"], message: `ordered_values is only meaningful on a categorical field` });
      } else {
        const categories = declaredCategories(field);
        const missing = categories.filter((category) => !field.ordered_values?.includes(category));
        const unknown = field.ordered_values.filter((value) => !categories.includes(value));
        const repeated = field.ordered_values.filter((value, position, all) => all.indexOf(value) !== position);
        if (missing.length > 0 || unknown.length > 0 || repeated.length > 0) {
          const parts = [
            missing.length > 0 ? `missing ${missing.join(", ")}` : "",
            unknown.length > 0 ? `not a category: ${unknown.join(", ")}` : "",
            repeated.length > 0 ? `repeated: ${repeated.join(", ")}` : "",
          ].filter(Boolean);
          issues.push({
            path: [...path, "ordered_values"],
            message: `ordered_values must list each category of '${field.name}' exactly once (${parts.join("; ")})`,
          });
        }
      }
    }
  });

  // Cycles over parents and formulas.
  const state = new Map<string, "visiting" | "done">();
  const reportedCycles = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      const key = [...cycle.slice(0, -1)].sort().join("|");
      if (!reportedCycles.has(key)) {
        reportedCycles.add(key);
        issues.push({ path: ["fields", indexOf.get(name) as number, "parents"], message: `parent cycle: ${cycle.join(" -> ")}` });
      }
      return;
    }
    state.set(name, "visiting");
    const field = byName.get(name);
    if (field) for (const dependency of dependenciesOf(field)) if (byName.has(dependency)) visit(dependency, [...stack, name]);
    state.set(name, "done");
  };
  for (const name of byName.keys()) visit(name, []);

  // `order`: known fields, each once, every dependency earlier.
  const order = blueprint.order ?? [];
  const position = new Map<string, number>();
  order.forEach((name, orderIndex) => {
    if (!byName.has(name)) issues.push({ path: ["order", orderIndex], message: `order names unknown field '${name}'` });
    else if (position.has(name)) issues.push({ path: ["order", orderIndex], message: `'${name}' appears more than once in order` });
    else position.set(name, orderIndex);
  });
  order.forEach((name, orderIndex) => {
    const field = byName.get(name);
    if (!field || position.get(name) !== orderIndex) return;
    for (const dependency of dependenciesOf(field)) {
      const dependencyPosition = position.get(dependency);
      if (dependencyPosition !== undefined && dependencyPosition > orderIndex) {
        issues.push({ path: ["order", orderIndex], message: `'${name}' comes before its parent '${dependency}' in order` });
      } else if (dependencyPosition === undefined && byName.get(dependency)?.kind !== "text" && byName.get(dependency)?.kind !== "derived" && byName.has(dependency)) {
        issues.push({ path: ["order", orderIndex], message: `'${name}' depends on '${dependency}', which is missing from order` });
      }
    }
  });
  fields.forEach((field, index) => {
    if ((field.kind === "categorical" || field.kind === "numeric") && !position.has(field.name) && indexOf.get(field.name) === index) {
      issues.push({ path: ["fields", index], message: `${field.kind} field '${field.name}' is missing from order` });
    }
  });

  // Constraints: names, expressions, fields, and whether they can hold at all.
  const constraints = blueprint.constraints ?? [];
  const constraintNames = new Map<string, number>();
  const intervals = fieldIntervals(blueprint);
  constraints.forEach((constraint, index) => {
    const path: Array<string | number> = ["constraints", index];
    const firstIndex = constraintNames.get(constraint.name);
    if (firstIndex !== undefined) issues.push({ path: [...path, "name"], message: `duplicate constraint name '${constraint.name}' (first at constraints[${firstIndex}])` });
    else constraintNames.set(constraint.name, index);
    let wellFormed = true;
    for (const side of ["lhs", "rhs"] as const) {
      try {
        for (const name of referencedFields(parseExpression(constraint[side]))) {
          if (!byName.has(name)) {
            issues.push({ path: [...path, side], message: `unknown field '${name}'` });
            wellFormed = false;
          }
        }
      } catch (error) {
        wellFormed = false;
        issues.push({
          path: [...path, side],
          message: `malformed expression '${constraint[side]}': ${error instanceof ExpressionError ? error.message : String(error)}`,
        });
      }
    }
    if (wellFormed) {
      const { canHold, range } = constraintCanHold(constraint, intervals);
      if (!canHold && range) {
        issues.push({
          path,
          message: `constraint '${constraint.name}' (${constraint.lhs} ${constraint.op} ${constraint.rhs}) can never hold: ${constraint.lhs} - (${constraint.rhs}) ranges over [${range.low}, ${range.high}] within the fields' bounds`,
        });
      }
    }
  });
  return issues;
}

/**
 * Blueprints `checkedBlueprint` passed, by identity. A pipeline checks a blueprint once and hands the
 * same object to the sampler, whose own `assertSamplable` then answers from here: a one-persona job
 * checked its blueprint three times (the pipeline, `sampleStructured`, `sampleNumerics`), a third of
 * its engine time. Only the object that passed is remembered, so a copy, a blueprint parsed again
 * or one never checked is always checked; a checked blueprint is a value, never changed in place.
 */
const checkedBlueprints = new WeakSet<object>();
/**
 * What the checker reads of a blueprint that passed (its `fields`, `order` and `constraints`, by
 * identity), by its `fields`: a design remembered for a prompt (whole-population-task.ts) comes back
 * as a copy with the job's seed, sharing those parts, and was checked again for every job of a
 * repeated prompt. A copy sharing all three with a blueprint that passed passes; one whose parts
 * were replaced or rebuilt is checked.
 */
const checkedParts = new WeakMap<object, Array<Pick<BlueprintInput, "order" | "constraints">>>();

function partsChecked(blueprint: BlueprintInput): boolean {
  const fields = blueprint.fields as unknown;
  if (typeof fields !== "object" || fields === null) return false;
  return checkedParts.get(fields)?.some((parts) => parts.order === blueprint.order && parts.constraints === blueprint.constraints) ?? false;
}

function rememberChecked(blueprint: BlueprintInput): void {
  checkedBlueprints.add(blueprint);
  const fields = blueprint.fields as unknown;
  if (typeof fields !== "object" || fields === null || partsChecked(blueprint)) return;
  const known = checkedParts.get(fields) ?? [];
  known.push({ order: blueprint.order, constraints: blueprint.constraints });
  checkedParts.set(fields, known);
}

declare const checkedMark: unique symbol;
/** A blueprint `checkedBlueprint` found fit to sample from (only that function makes one). */
export type CheckedBlueprint<T extends BlueprintInput = Blueprint> = T & { readonly [checkedMark]: true };

/** Throws `BlueprintError` listing every issue unless the blueprint is fit to sample from. */
export function assertSamplable(blueprint: BlueprintInput): void {
  if (checkedBlueprints.has(blueprint) || partsChecked(blueprint)) return;
  const issues = checkBlueprint(blueprint);
  if (issues.length > 0) throw new BlueprintError(issues);
}

/** The blueprint, checked (`assertSamplable`) and remembered as checked, so sampling it does not check it again. */
export function checkedBlueprint<T extends BlueprintInput>(blueprint: T): CheckedBlueprint<T> {
  assertSamplable(blueprint);
  rememberChecked(blueprint);
  return blueprint as CheckedBlueprint<T>;
}

/**
 * The checker's findings about a caller's blueprint, for validate's report: the same issues, never
 * thrown. A blueprint made only of what the spec's own example sends (order entries with no field
 * definition) yields issues but still gets its gates run.
 */
export function blueprintIssues(blueprint: BlueprintInput): BlueprintIssue[] {
  try {
    return checkBlueprint(blueprint);
  } catch (error) {
    return [{ path: [], message: `blueprint could not be checked: ${(error as Error).message}` }];
  }
}
