/**
 * Constraint evaluation with the spec's `detail` wording (spec 003):
 * `hours_per_week=34 >= 0 (0)`, i.e. `${lhsText}=${lhsValue} ${op} ${rhsText} (${rhsValue})`.
 * A constraint that reads a missing or non-numeric field is *not applicable*, which counts as passed.
 */
import type { Constraint, ConstraintOp } from "./blueprint.ts";
import { evaluateExpression, parseExpression, referencedFields, type Expression } from "./expression.ts";

export interface ConstraintResult {
  applicable: boolean;
  passed: boolean;
  detail: string;
}

export interface CompiledConstraint {
  constraint: Constraint;
  lhs: Expression;
  rhs: Expression;
  fields: string[];
}

/** Parses both sides once; throws `ExpressionError` on a malformed side. */
export function compileConstraint(constraint: Constraint): CompiledConstraint {
  const lhs = parseExpression(constraint.lhs);
  const rhs = parseExpression(constraint.rhs);
  const fields = [...new Set([...referencedFields(lhs), ...referencedFields(rhs)])];
  return { constraint, lhs, rhs, fields };
}

export function compare(left: number, op: ConstraintOp, right: number): boolean {
  switch (op) {
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    case "==":
      return left === right;
    case "!=":
      return left !== right;
    default:
      // An operator outside the closed set never holds (callers' blueprints are read leniently).
      return false;
  }
}

/** A wire value as a number: numbers pass through, strings must be a plain decimal number. */
export function numericValue(value: string | number | undefined): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Shortest faithful text for a number (`34`, `2.5`), without float noise like `0.30000000000000004`. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

export function evaluateConstraint(
  constraint: Constraint | CompiledConstraint,
  values: Readonly<Record<string, string | number>>,
): ConstraintResult {
  const compiled = typeof constraint.lhs === "string" ? null : (constraint as CompiledConstraint);
  let prepared: CompiledConstraint;
  try {
    prepared = compiled ?? compileConstraint(constraint as Constraint);
  } catch (error) {
    const source = constraint as Constraint;
    return {
      applicable: false,
      passed: true,
      detail: `constraint '${source.lhs} ${source.op} ${source.rhs}' is malformed (${(error as Error).message}); not applicable`,
    };
  }
  const { lhs, rhs } = prepared;
  const { lhs: lhsText, op, rhs: rhsText } = prepared.constraint;
  for (const field of prepared.fields) {
    if (!Object.hasOwn(values, field) || values[field] === undefined) {
      return { applicable: false, passed: true, detail: `field '${field}' is missing; constraint not applicable` };
    }
    if (numericValue(values[field]) === undefined) {
      return {
        applicable: false,
        passed: true,
        detail: `field '${field}' is not numeric (${JSON.stringify(String(values[field]))}); constraint not applicable`,
      };
    }
  }
  const lookup = (name: string): number | undefined => numericValue(values[name]);
  const left = evaluateExpression(lhs, lookup);
  const right = evaluateExpression(rhs, lookup);
  if (left === undefined || right === undefined) {
    return { applicable: false, passed: true, detail: `'${lhsText} ${op} ${rhsText}' divides by zero; constraint not applicable` };
  }
  return {
    applicable: true,
    passed: compare(left, op, right),
    detail: `${lhsText}=${formatNumber(left)} ${op} ${rhsText} (${formatNumber(right)})`,
  };
}
