/**
 * Reads a blueprint a caller sent to `validate`, as leniently as DESIGN §1 asks: whatever is
 * well-formed is kept and checked; whatever is not (a `fields` that is not a list, a field with no
 * name, weights that are not numbers, a constraint with an unknown operator, …) is dropped and
 * reported as an issue with its path, never a crash and never a silent pass. Numbers given where
 * the spec has strings (`"rhs": 0`) are read as the numbers they are.
 *
 * Reading is bounded whatever the caller sends: every list is read up to its cap
 * (`CALLER_BLUEPRINT_LIMITS`) and the whole blueprint up to a total of entries, a name or an
 * expression over its length is dropped, and only the first `MAX_LISTED_BLUEPRINT_ISSUES` issues are
 * worded (the others are counted). A 14 MB blueprint of bad entries once became 7 million issues and
 * a 73 MB poll. What went over a cap is also returned on its own (`exceeded`): the API refuses such
 * a blueprint before accepting the job, so only rows stored before the caps existed are read cut short.
 */
import { CONSTRAINT_OPS, FIELD_KINDS, type ConstraintOp, type FieldKind } from "./blueprint.ts";
import type { BlueprintInput, BlueprintIssue } from "./blueprint-check.ts";
import { userRecordOf } from "./user-record.ts";

type Path = Array<string | number>;
type Input = Record<string, unknown>;

/**
 * The most a caller's blueprint may hold. Each is far above a real blueprint (the spec's example has
 * 4 fields; the offline modeller's largest ~30 fields, ~2,000 entries) and keeps reading it, checking
 * every persona against it and the report it yields small.
 */
export const CALLER_BLUEPRINT_LIMITS = {
  /** Fields of the blueprint. */
  fields: 500,
  /** Constraints: each is one gate on every persona's scorecard. */
  constraints: 50,
  /** Entries of `order`. */
  order: 500,
  /** Parents of one field, and keys of one conditional's `when`. */
  parents: 20,
  /** Conditionals of one field. */
  conditionals: 500,
  /** Categories (weights) of one categorical spec, and ordered values of one field. */
  categories: 1_000,
  /** Everything above counted together: fields, constraints, order entries, parents, `when` keys, conditionals, categories, ordered values. */
  entries: 20_000,
  /** Characters of a name: a field, a category, a parent, an order entry, a constraint. */
  nameChars: 100,
  /** Characters of an expression: a constraint's side, a derived field's formula. */
  expressionChars: 100,
} as const;

/** Issues worded in full; the rest are counted. */
export const MAX_LISTED_BLUEPRINT_ISSUES = 20;

/** A cap the blueprint went over: pydantic-style, so the API can refuse it with a 422 as it is. */
export interface BlueprintLimitProblem {
  path: Path;
  msg: string;
  type: "too_long" | "string_too_long";
}

export interface CallerBlueprint {
  blueprint: BlueprintInput;
  /** The first `MAX_LISTED_BLUEPRINT_ISSUES` issues, in reading order. */
  issues: BlueprintIssue[];
  /** How many issues there were in all (listed or not). */
  issueCount: number;
  /** Every cap the blueprint went over (at most one per list, listed within `MAX_LISTED_BLUEPRINT_ISSUES`). */
  exceeded: BlueprintLimitProblem[];
}

function isObject(value: unknown): value is Input {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/** Collects what a reading finds, wording only the first few, and counts what the blueprint holds. */
class Reading {
  readonly issues: BlueprintIssue[] = [];
  readonly exceeded: BlueprintLimitProblem[] = [];
  issueCount = 0;
  private entries = 0;
  private overEntries = false;

  issue(path: Path, message: string): void {
    this.issueCount++;
    if (this.issues.length < MAX_LISTED_BLUEPRINT_ISSUES) this.issues.push({ path, message });
  }

  private over(problem: BlueprintLimitProblem): void {
    if (this.exceeded.length < MAX_LISTED_BLUEPRINT_ISSUES) this.exceeded.push(problem);
    this.issue(problem.path, `${problem.msg}; the rest is ignored`);
  }

  /** The first items of `list` that its own cap and the blueprint's total of entries allow. */
  take<T>(list: readonly T[], path: Path, cap: number, what: string): T[] {
    if (list.length > cap) {
      this.over({ path, msg: `List should have at most ${formatCount(cap)} items after validation, not ${formatCount(list.length)}: at most ${formatCount(cap)} ${what}`, type: "too_long" });
    }
    const wanted = Math.min(list.length, cap);
    const allowed = Math.max(0, Math.min(wanted, CALLER_BLUEPRINT_LIMITS.entries - this.entries));
    this.entries += allowed;
    if (allowed < wanted && !this.overEntries) {
      this.overEntries = true;
      const cap = formatCount(CALLER_BLUEPRINT_LIMITS.entries);
      this.over({ path, msg: `List should have at most ${formatCount(allowed)} items after validation, not ${formatCount(list.length)}: at most ${cap} entries in a blueprint in all (fields, constraints, order entries, parents, conditionals, categories, ordered values)`, type: "too_long" });
    }
    return list.slice(0, allowed);
  }

  /** True when `text` is within `cap` characters; reports it otherwise. */
  fits(text: string, path: Path, cap: number): boolean {
    if (text.length <= cap) return true;
    this.over({ path, msg: `String should have at most ${formatCount(cap)} characters`, type: "string_too_long" });
    return false;
  }
}

function stringList(value: unknown, path: Path, cap: number, what: string, reading: Reading): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    reading.issue(path, "should be a list of strings; ignored");
    return [];
  }
  const strings: string[] = [];
  reading.take(value, path, cap, what).forEach((item, index) => {
    if (typeof item !== "string") reading.issue([...path, index], "should be a string; ignored");
    else if (reading.fits(item, [...path, index], CALLER_BLUEPRINT_LIMITS.nameChars)) strings.push(item);
  });
  return strings;
}

function weights(value: unknown, path: Path, reading: Reading): Record<string, number> | undefined {
  if (!isObject(value) || !isObject(value.weights)) {
    reading.issue(path, "should be {weights: {category: number}}; ignored");
    return undefined;
  }
  // Category names are the caller's: `__proto__` or `constructor` must be categories like any other.
  const result: Record<string, number> = Object.create(null);
  const entries = reading.take(Object.entries(value.weights), [...path, "weights"], CALLER_BLUEPRINT_LIMITS.categories, "categories per distribution");
  for (const [key, weight] of entries) {
    if (!reading.fits(key, [...path, "weights", key.slice(0, CALLER_BLUEPRINT_LIMITS.nameChars)], CALLER_BLUEPRINT_LIMITS.nameChars)) continue;
    if (typeof weight === "number" && Number.isFinite(weight)) result[key] = weight;
    else reading.issue([...path, "weights", key], "weight should be a number; ignored");
  }
  return result;
}

function numericSpec(value: unknown, path: Path, reading: Reading) {
  if (!isObject(value)) {
    reading.issue(path, "should be {min, max, mean, sd}; ignored");
    return undefined;
  }
  const numbers: Record<string, number> = {};
  for (const key of ["min", "max", "mean", "sd"] as const) {
    const number = value[key];
    if (typeof number !== "number" || !Number.isFinite(number)) {
      reading.issue([...path, key], `${key} should be a number; numeric spec ignored`);
      return undefined;
    }
    numbers[key] = number;
  }
  return { min: numbers.min!, max: numbers.max!, mean: numbers.mean!, sd: numbers.sd!, integer: value.integer === true };
}

function side(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim()) return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A conditional's `when` with at most `parents` keys of string values, or undefined when it is malformed. */
function when(conditional: Input, path: Path, reading: Reading): Record<string, string> | undefined {
  if (!isObject(conditional.when)) return undefined;
  const entries = reading.take(Object.entries(conditional.when), [...path, "when"], CALLER_BLUEPRINT_LIMITS.parents, "keys in a conditional's when");
  if (!entries.every(([, value]) => typeof value === "string")) return undefined;
  const fits = entries.every(([key, value]) => reading.fits(key, [...path, "when"], CALLER_BLUEPRINT_LIMITS.nameChars) && reading.fits(value as string, [...path, "when", key], CALLER_BLUEPRINT_LIMITS.nameChars));
  return fits ? userRecordOf(entries as Array<[string, string]>) : undefined;
}

function readField(field: unknown, path: Path, reading: Reading): BlueprintInput["fields"][number] | undefined {
  if (!isObject(field) || typeof field.name !== "string" || !field.name) {
    reading.issue(path, "a field needs a non-empty string name; ignored");
    return undefined;
  }
  if (!reading.fits(field.name, [...path, "name"], CALLER_BLUEPRINT_LIMITS.nameChars)) return undefined;
  if (!FIELD_KINDS.includes(field.kind as FieldKind)) {
    reading.issue([...path, "kind"], `kind should be one of ${FIELD_KINDS.join(", ")}; field ignored`);
    return undefined;
  }
  const read: BlueprintInput["fields"][number] = { name: field.name, kind: field.kind as FieldKind };
  if (typeof field.description === "string") read.description = field.description;
  if (typeof field.label === "string") read.label = field.label;
  read.parents = stringList(field.parents, [...path, "parents"], CALLER_BLUEPRINT_LIMITS.parents, "parents per field", reading);
  const categorical = field.categorical === undefined ? undefined : weights(field.categorical, [...path, "categorical"], reading);
  if (categorical) read.categorical = { weights: categorical };
  if (field.numeric !== undefined) read.numeric = numericSpec(field.numeric, [...path, "numeric"], reading);
  if (field.ordered_values !== undefined) {
    read.ordered_values = stringList(field.ordered_values, [...path, "ordered_values"], CALLER_BLUEPRINT_LIMITS.categories, "ordered values per field", reading);
  }
  if (typeof field.formula === "string" && reading.fits(field.formula, [...path, "formula"], CALLER_BLUEPRINT_LIMITS.expressionChars)) read.formula = field.formula;
  const conditionals = field.conditionals ?? [];
  if (!Array.isArray(conditionals)) {
    reading.issue([...path, "conditionals"], "should be a list; ignored");
    return read;
  }
  read.conditionals = [];
  reading.take(conditionals, [...path, "conditionals"], CALLER_BLUEPRINT_LIMITS.conditionals, "conditionals per field").forEach((conditional, conditionalIndex) => {
    const conditionalPath: Path = [...path, "conditionals", conditionalIndex];
    const cell = isObject(conditional) ? when(conditional, conditionalPath, reading) : undefined;
    if (!isObject(conditional) || !cell) {
      reading.issue(conditionalPath, "a conditional needs `when: {parent: value}`; ignored");
      return;
    }
    const conditionalWeights = conditional.categorical === undefined ? undefined : weights(conditional.categorical, [...conditionalPath, "categorical"], reading);
    const conditionalNumeric = conditional.numeric === undefined ? undefined : numericSpec(conditional.numeric, [...conditionalPath, "numeric"], reading);
    read.conditionals!.push({
      when: cell,
      ...(conditionalWeights ? { categorical: { weights: conditionalWeights } } : {}),
      ...(conditionalNumeric ? { numeric: conditionalNumeric } : {}),
    });
  });
  return read;
}

function readConstraint(constraint: unknown, index: number, reading: Reading): NonNullable<BlueprintInput["constraints"]>[number] | undefined {
  const path: Path = ["constraints", index];
  if (!isObject(constraint)) {
    reading.issue(path, "should be {name, lhs, op, rhs}; ignored");
    return undefined;
  }
  const lhs = side(constraint.lhs);
  const rhs = side(constraint.rhs);
  const named = typeof constraint.name === "string" && constraint.name !== "";
  if (named && !reading.fits(constraint.name as string, [...path, "name"], CALLER_BLUEPRINT_LIMITS.nameChars)) return undefined;
  const name = named ? (constraint.name as string) : `constraint_${index}`;
  if (!CONSTRAINT_OPS.includes(constraint.op as ConstraintOp)) {
    reading.issue([...path, "op"], `op should be one of ${CONSTRAINT_OPS.join(" ")}; constraint '${name}' ignored`);
    return undefined;
  }
  if (lhs === undefined || rhs === undefined) {
    reading.issue(path, `lhs and rhs should be field names, numbers or expressions; constraint '${name}' ignored`);
    return undefined;
  }
  const { expressionChars } = CALLER_BLUEPRINT_LIMITS;
  if (!reading.fits(lhs, [...path, "lhs"], expressionChars) || !reading.fits(rhs, [...path, "rhs"], expressionChars)) return undefined;
  return { name, lhs, op: constraint.op as ConstraintOp, rhs };
}

export function readCallerBlueprint(raw: Input): CallerBlueprint {
  const reading = new Reading();
  const fields: BlueprintInput["fields"] = [];
  const rawFields = raw.fields ?? [];
  if (!Array.isArray(rawFields)) reading.issue(["fields"], "should be a list of fields; ignored");
  else {
    reading.take(rawFields, ["fields"], CALLER_BLUEPRINT_LIMITS.fields, "fields per blueprint").forEach((field, index) => {
      const read = readField(field, ["fields", index], reading);
      if (read) fields.push(read);
    });
  }

  const constraints: NonNullable<BlueprintInput["constraints"]> = [];
  const rawConstraints = raw.constraints ?? [];
  if (!Array.isArray(rawConstraints)) reading.issue(["constraints"], "should be a list of constraints; ignored");
  else {
    reading.take(rawConstraints, ["constraints"], CALLER_BLUEPRINT_LIMITS.constraints, "constraints per blueprint").forEach((constraint, index) => {
      const read = readConstraint(constraint, index, reading);
      if (read) constraints.push(read);
    });
  }

  return {
    blueprint: {
      domain: typeof raw.domain === "string" && raw.domain ? raw.domain : "unknown",
      order: stringList(raw.order, ["order"], CALLER_BLUEPRINT_LIMITS.order, "order entries", reading),
      fields,
      constraints,
    },
    issues: reading.issues,
    issueCount: reading.issueCount,
    exceeded: reading.exceeded,
  };
}
