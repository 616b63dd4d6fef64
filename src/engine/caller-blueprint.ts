/**
 * Reads a blueprint a caller sent to `validate`, as leniently as DESIGN §1 asks: whatever is
 * well-formed is kept and checked; whatever is not (a `fields` that is not a list, a field with no
 * name, weights that are not numbers, a constraint with an unknown operator, …) is dropped and
 * reported as an issue with its path, never a crash and never a silent pass. Numbers given where
 * the spec has strings (`"rhs": 0`) are read as the numbers they are.
 */
import { CONSTRAINT_OPS, FIELD_KINDS, type ConstraintOp, type FieldKind } from "./blueprint.ts";
import type { BlueprintInput, BlueprintIssue } from "./blueprint-check.ts";

type Path = Array<string | number>;
type Input = Record<string, unknown>;

function isObject(value: unknown): value is Input {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, path: Path, issues: BlueprintIssue[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.push({ path, message: "should be a list of strings; ignored" });
    return [];
  }
  return value.filter((item, index) => {
    if (typeof item === "string") return true;
    issues.push({ path: [...path, index], message: "should be a string; ignored" });
    return false;
  });
}

function weights(value: unknown, path: Path, issues: BlueprintIssue[]): Record<string, number> | undefined {
  if (!isObject(value) || !isObject(value.weights)) {
    issues.push({ path, message: "should be {weights: {category: number}}; ignored" });
    return undefined;
  }
  // Category names are the caller's: `__proto__` or `constructor` must be categories like any other.
  const result: Record<string, number> = Object.create(null);
  for (const [key, weight] of Object.entries(value.weights)) {
    if (typeof weight === "number" && Number.isFinite(weight)) result[key] = weight;
    else issues.push({ path: [...path, "weights", key], message: "weight should be a number; ignored" });
  }
  return result;
}

function numericSpec(value: unknown, path: Path, issues: BlueprintIssue[]) {
  if (!isObject(value)) {
    issues.push({ path, message: "should be {min, max, mean, sd}; ignored" });
    return undefined;
  }
  const numbers: Record<string, number> = {};
  for (const key of ["min", "max", "mean", "sd"] as const) {
    const number = value[key];
    if (typeof number !== "number" || !Number.isFinite(number)) {
      issues.push({ path: [...path, key], message: `${key} should be a number; numeric spec ignored` });
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

export interface CallerBlueprint {
  blueprint: BlueprintInput;
  issues: BlueprintIssue[];
}

export function readCallerBlueprint(raw: Input): CallerBlueprint {
  const issues: BlueprintIssue[] = [];
  const fields: BlueprintInput["fields"] = [];
  const rawFields = raw.fields ?? [];
  if (!Array.isArray(rawFields)) issues.push({ path: ["fields"], message: "should be a list of fields; ignored" });
  else {
    rawFields.forEach((field, index) => {
      const path: Path = ["fields", index];
      if (!isObject(field) || typeof field.name !== "string" || !field.name) {
        issues.push({ path, message: "a field needs a non-empty string name; ignored" });
        return;
      }
      if (!FIELD_KINDS.includes(field.kind as FieldKind)) {
        issues.push({ path: [...path, "kind"], message: `kind should be one of ${FIELD_KINDS.join(", ")}; field ignored` });
        return;
      }
      const read: BlueprintInput["fields"][number] = { name: field.name, kind: field.kind as FieldKind };
      if (typeof field.description === "string") read.description = field.description;
      if (typeof field.label === "string") read.label = field.label;
      read.parents = stringList(field.parents, [...path, "parents"], issues);
      const categorical = field.categorical === undefined ? undefined : weights(field.categorical, [...path, "categorical"], issues);
      if (categorical) read.categorical = { weights: categorical };
      if (field.numeric !== undefined) read.numeric = numericSpec(field.numeric, [...path, "numeric"], issues);
      if (field.ordered_values !== undefined) read.ordered_values = stringList(field.ordered_values, [...path, "ordered_values"], issues);
      if (typeof field.formula === "string") read.formula = field.formula;
      const conditionals = field.conditionals ?? [];
      if (!Array.isArray(conditionals)) issues.push({ path: [...path, "conditionals"], message: "should be a list; ignored" });
      else {
        read.conditionals = [];
        conditionals.forEach((conditional, conditionalIndex) => {
          const conditionalPath: Path = [...path, "conditionals", conditionalIndex];
          if (!isObject(conditional) || !isObject(conditional.when) || !Object.values(conditional.when).every((value) => typeof value === "string")) {
            issues.push({ path: conditionalPath, message: "a conditional needs `when: {parent: value}`; ignored" });
            return;
          }
          const conditionalWeights = conditional.categorical === undefined ? undefined : weights(conditional.categorical, [...conditionalPath, "categorical"], issues);
          const conditionalNumeric = conditional.numeric === undefined ? undefined : numericSpec(conditional.numeric, [...conditionalPath, "numeric"], issues);
          read.conditionals!.push({
            when: Object.assign(Object.create(null) as Record<string, string>, conditional.when),
            ...(conditionalWeights ? { categorical: { weights: conditionalWeights } } : {}),
            ...(conditionalNumeric ? { numeric: conditionalNumeric } : {}),
          });
        });
      }
      fields.push(read);
    });
  }

  const constraints: NonNullable<BlueprintInput["constraints"]> = [];
  const rawConstraints = raw.constraints ?? [];
  if (!Array.isArray(rawConstraints)) issues.push({ path: ["constraints"], message: "should be a list of constraints; ignored" });
  else {
    rawConstraints.forEach((constraint, index) => {
      const path: Path = ["constraints", index];
      if (!isObject(constraint)) {
        issues.push({ path, message: "should be {name, lhs, op, rhs}; ignored" });
        return;
      }
      const lhs = side(constraint.lhs);
      const rhs = side(constraint.rhs);
      const name = typeof constraint.name === "string" && constraint.name ? constraint.name : `constraint_${index}`;
      if (!CONSTRAINT_OPS.includes(constraint.op as ConstraintOp)) {
        issues.push({ path: [...path, "op"], message: `op should be one of ${CONSTRAINT_OPS.join(" ")}; constraint '${name}' ignored` });
        return;
      }
      if (lhs === undefined || rhs === undefined) {
        issues.push({ path, message: `lhs and rhs should be field names, numbers or expressions; constraint '${name}' ignored` });
        return;
      }
      constraints.push({ name, lhs, op: constraint.op as ConstraintOp, rhs });
    });
  }

  return {
    blueprint: {
      domain: typeof raw.domain === "string" && raw.domain ? raw.domain : "unknown",
      order: stringList(raw.order, ["order"], issues),
      fields,
      constraints,
    },
    issues,
  };
}
