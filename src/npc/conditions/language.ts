/**
 * The vocabulary of the condition language: its types, operators and `var` paths, and the context a
 * condition is evaluated in. See `../conditions.ts` for the language itself.
 */
import type { Outcome, VariableValue } from "../values.ts";

export type Literal = string | number | boolean | null;
export type VarReference = { var: string };
export type Operand = Literal | VarReference;
export type KeywordSet = string[] | { any: string[] } | { all: string[] };
export type RegexTest = string | { pattern: string; flags?: string };

export const COMPARISON_OPERATORS = ["eq", "ne", "gt", "gte", "lt", "lte"] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { eq: [Operand, Operand] }
  | { ne: [Operand, Operand] }
  | { gt: [Operand, Operand] }
  | { gte: [Operand, Operand] }
  | { lt: [Operand, Operand] }
  | { lte: [Operand, Operand] }
  | { in: [Operand, Operand[]] }
  | { exists: Operand }
  | { keywords: KeywordSet }
  | { regex: RegexTest }
  | { intent: string }
  | { visited: string };

export const CONDITION_OPERATORS = [
  "all",
  "any",
  "not",
  ...COMPARISON_OPERATORS,
  "in",
  "exists",
  "keywords",
  "regex",
  "intent",
  "visited",
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** A parsed `var` path. */
export type VarPath =
  | { kind: "vars"; key: string }
  | { kind: "machine"; machineKey: string; field: "outcome" | "score" }
  | { kind: "number"; name: "score" | "total_score" | "relationship_level" | "turn" | "turns_in_state" }
  | { kind: "message" };

const NUMBER_PATHS = ["score", "total_score", "relationship_level", "turn", "turns_in_state"] as const;

export function parseVarPath(path: string): VarPath | null {
  if ((NUMBER_PATHS as readonly string[]).includes(path)) {
    return { kind: "number", name: path as (typeof NUMBER_PATHS)[number] };
  }
  if (path === "message") return { kind: "message" };
  const variable = /^vars\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(path);
  if (variable) return { kind: "vars", key: variable[1] as string };
  const machine = /^machines\.([A-Za-z0-9_-]+)\.(outcome|score)$/.exec(path);
  if (machine) return { kind: "machine", machineKey: machine[1] as string, field: machine[2] as "outcome" | "score" };
  return null;
}

/**
 * What a condition is checked against; every field is data, nothing is looked up elsewhere. The
 * records are keyed by authors' and players' names and are read by own keys only (`vars.toString`
 * is unset, not a function).
 */
export interface ConditionContext {
  message: string;
  vars: Readonly<Record<string, VariableValue>>;
  score: number;
  total_score: number;
  relationship_level: number;
  turn: number;
  turns_in_state: number;
  machines: Readonly<Record<string, { outcome: Outcome | null; score: number }>>;
  visited: readonly string[];
  intents: Readonly<Record<string, readonly string[]>>;
}

export interface ConditionResult {
  holds: boolean;
  /** Why, in words, for recorded reasons: `vars.offer = 120 ≥ 100`, `message mentions "pray"`. */
  explanation: string;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isLiteral(value: unknown): value is Literal {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** The one operator key of a condition object and its argument (shape is not checked here). */
export function operatorOf(condition: object): { operator: string; argument: unknown } {
  const operator = Object.keys(condition)[0] as string;
  return { operator, argument: (condition as Record<string, unknown>)[operator] };
}

/** A regex test in its two spellings, as one pattern and flags (a bare string is case-insensitive). */
export function regexTestParts(test: RegexTest): { pattern: string; flags: string } {
  return typeof test === "string" ? { pattern: test, flags: "i" } : { pattern: test.pattern, flags: test.flags ?? "" };
}
