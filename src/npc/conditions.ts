/**
 * The condition language of DESIGN §6: a JSON tree an author can write by hand, a UI can render and
 * the engine evaluates offline.
 *
 * @example
 * {"any":[{"keywords":["temple","pray"]},{"gte":[{"var":"vars.offer"},3]}]}
 *
 * Forms (each an object with exactly one key):
 * - `all: [c…]`, `any: [c…]`, `not: c`
 * - `eq ne gt gte lt lte: [a, b]`; `in: [a, [b…]]`; `exists: a` — operands are literals or `{"var": path}`
 * - `keywords: [phrases] | {any:[…]} | {all:[…]}` — whole-token phrase match, see `text.ts`
 * - `regex: "pattern" | {pattern, flags}` — tested on the raw message; a bare string is case-insensitive
 * - `intent: name` — any phrase of the persona's `intents[name]` list
 * - `visited: state_key` — the state was entered in this machine session
 *
 * Rules a newcomer would ask about:
 * - A comparison with an operand that is not set is false, `ne` included (use `not`/`exists` for absence).
 * - Strings compare case- and accent-insensitively; `gt gte lt lte` need numbers (numeric strings count).
 * - Paths: `vars.<key>`, `score`, `total_score`, `relationship_level`, `turn`, `turns_in_state`,
 *   `machines.<machine_key>.outcome|score`, `message`. `turn` is the 1-based number of the message being
 *   judged; `turns_in_state` counts the messages received in the current state, this one included.
 */
import { z } from "zod";
import { compileRegex, compileSafeRegex, containsPhrase, execCapped, foldText, regexHazard, tokenize } from "./text.ts";
import type { Outcome, VariableValue } from "./values.ts";

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

/** What a condition is checked against; every field is data, nothing is looked up elsewhere. */
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

/** Names a condition may refer to; a set left out is not checked (e.g. machine links have no states). */
export interface ConditionScope {
  intents?: ReadonlySet<string>;
  variables?: ReadonlySet<string>;
  machines?: ReadonlySet<string>;
  states?: ReadonlySet<string>;
}

export interface ConditionProblem {
  path: Array<string | number>;
  message: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLiteral(value: unknown): value is Literal {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

function operandProblems(value: unknown, path: Array<string | number>, scope: ConditionScope): ConditionProblem[] {
  if (isLiteral(value)) return [];
  if (!isPlainObject(value) || Object.keys(value).length !== 1 || !("var" in value)) {
    return [{ path, message: 'an operand is a string, number, boolean, null or {"var": path}' }];
  }
  const varPath = value.var;
  if (typeof varPath !== "string") return [{ path: [...path, "var"], message: "a var path is a string" }];
  const parsed = parseVarPath(varPath);
  if (!parsed) {
    return [
      {
        path: [...path, "var"],
        message: `unknown var path "${varPath}" (use vars.<key>, score, total_score, relationship_level, turn, turns_in_state, machines.<machine_key>.outcome|score or message)`,
      },
    ];
  }
  if (parsed.kind === "vars" && scope.variables && !scope.variables.has(parsed.key)) {
    return [{ path: [...path, "var"], message: `var path "${varPath}" names no declared variable` }];
  }
  if (parsed.kind === "machine" && scope.machines && !scope.machines.has(parsed.machineKey)) {
    return [{ path: [...path, "var"], message: `var path "${varPath}" names an unknown machine "${parsed.machineKey}"` }];
  }
  return [];
}

function phraseListProblems(value: unknown, path: Array<string | number>): ConditionProblem[] {
  if (!Array.isArray(value) || value.length === 0) return [{ path, message: "a phrase list is a non-empty array of strings" }];
  const problems: ConditionProblem[] = [];
  value.forEach((phrase, index) => {
    if (typeof phrase !== "string" || tokenize(phrase).length === 0) {
      problems.push({ path: [...path, index], message: "a phrase is a string with at least one letter or digit" });
    }
  });
  return problems;
}

/**
 * Every problem of a condition tree, each with its path inside the tree. Shape problems are always
 * reported; references (intents, variables, machines, states) only for the sets `scope` provides.
 */
export function conditionProblems(value: unknown, scope: ConditionScope = {}, path: Array<string | number> = []): ConditionProblem[] {
  if (!isPlainObject(value)) return [{ path, message: "a condition is an object with one operator key" }];
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    return [{ path, message: `a condition has exactly one operator key, found ${keys.length === 0 ? "none" : keys.map((key) => `"${key}"`).join(", ")}` }];
  }
  const operator = keys[0] as string;
  const argument = value[operator];
  const here = [...path, operator];
  switch (operator) {
    case "all":
    case "any":
      if (!Array.isArray(argument) || argument.length === 0) return [{ path: here, message: `"${operator}" takes a non-empty array of conditions` }];
      return argument.flatMap((child, index) => conditionProblems(child, scope, [...here, index]));
    case "not":
      return conditionProblems(argument, scope, here);
    case "eq":
    case "ne":
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      if (!Array.isArray(argument) || argument.length !== 2) return [{ path: here, message: `"${operator}" takes two operands` }];
      return argument.flatMap((operand, index) => operandProblems(operand, [...here, index], scope));
    case "in":
      if (!Array.isArray(argument) || argument.length !== 2 || !Array.isArray(argument[1])) {
        return [{ path: here, message: '"in" takes an operand and a list: [operand, [values…]]' }];
      }
      return [
        ...operandProblems(argument[0], [...here, 0], scope),
        ...(argument[1] as unknown[]).flatMap((operand, index) => operandProblems(operand, [...here, 1, index], scope)),
      ];
    case "exists":
      return operandProblems(argument, here, scope);
    case "keywords":
      if (Array.isArray(argument)) return phraseListProblems(argument, here);
      if (isPlainObject(argument) && Object.keys(argument).length === 1 && ("any" in argument || "all" in argument)) {
        const mode = "any" in argument ? "any" : "all";
        return phraseListProblems(argument[mode], [...here, mode]);
      }
      return [{ path: here, message: '"keywords" takes a list of phrases, {"any": […]} or {"all": […]}' }];
    case "regex": {
      let pattern: unknown = argument;
      let flags: unknown = "i";
      let patternPath = here;
      if (isPlainObject(argument)) {
        pattern = argument.pattern;
        flags = argument.flags ?? "";
        patternPath = [...here, "pattern"];
        if (typeof flags !== "string") return [{ path: [...here, "flags"], message: "regex flags are a string" }];
      }
      if (typeof pattern !== "string" || pattern.length === 0) return [{ path: patternPath, message: '"regex" takes a pattern string or {"pattern", "flags"}' }];
      const compiled = compileRegex(pattern, flags as string);
      if (typeof compiled === "string") return [{ path: patternPath, message: `invalid regex: ${compiled}` }];
      const hazard = regexHazard(pattern);
      return hazard === null ? [] : [{ path: patternPath, message: `unsafe regex: ${hazard}` }];
    }
    case "intent":
      if (typeof argument !== "string" || argument.length === 0) return [{ path: here, message: '"intent" takes the name of an intent' }];
      if (scope.intents && !scope.intents.has(argument)) return [{ path: here, message: `unknown intent "${argument}" (declare it in the persona's intents)` }];
      return [];
    case "visited":
      if (typeof argument !== "string" || argument.length === 0) return [{ path: here, message: '"visited" takes a state_key' }];
      if (scope.states && !scope.states.has(argument)) return [{ path: here, message: `"visited" names an unknown state "${argument}"` }];
      return [];
    default:
      return [{ path: here, message: `unknown operator "${operator}" (use one of ${CONDITION_OPERATORS.join(", ")})` }];
  }
}

/**
 * The zod schema of a condition. It is hand-checked rather than a `z.union` of shapes because a union
 * reports "invalid input" at the top of the tree, while authors need the exact place of the mistake.
 */
export const ConditionSchema = z.unknown().superRefine((value, context) => {
  for (const problem of conditionProblems(value)) {
    context.addIssue({ code: "custom", message: problem.message, path: problem.path });
  }
}) as unknown as z.ZodType<Condition>;

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface ConditionResult {
  holds: boolean;
  /** Why, in words, for recorded reasons: `vars.offer = 120 ≥ 100`, `message mentions "pray"`. */
  explanation: string;
}

type Resolved = { value: Literal | undefined; label: string };

function resolveOperand(operand: Operand, context: ConditionContext): Resolved {
  if (!isPlainObject(operand)) return { value: operand as Literal, label: renderValue(operand as Literal) };
  const path = (operand as VarReference).var;
  const parsed = parseVarPath(path);
  let value: Literal | undefined;
  if (!parsed) value = undefined;
  else if (parsed.kind === "vars") value = context.vars[parsed.key];
  else if (parsed.kind === "number") value = context[parsed.name];
  else if (parsed.kind === "message") value = context.message;
  else {
    const machine = context.machines[parsed.machineKey];
    value = machine ? (parsed.field === "outcome" ? machine.outcome : machine.score) : undefined;
  }
  return { value, label: value === undefined ? path : `${path} = ${renderValue(value)}` };
}

function renderValue(value: Literal | undefined): string {
  if (value === undefined) return "unset";
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function isSet(value: Literal | undefined): boolean {
  return value !== undefined && value !== null && value !== "";
}

function toNumber(value: Literal | undefined): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function valuesEqual(left: Literal, right: Literal): boolean {
  if (typeof left === "string" && typeof right === "string") return foldText(left.trim()) === foldText(right.trim());
  const leftNumber = toNumber(left);
  const rightNumber = toNumber(right);
  if (leftNumber !== null && rightNumber !== null && (typeof left === "number" || typeof right === "number")) return leftNumber === rightNumber;
  return left === right;
}

const SYMBOLS: Record<ComparisonOperator, string> = { eq: "=", ne: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" };

function compare(operator: ComparisonOperator, left: Resolved, right: Resolved): ConditionResult {
  const text = `${left.label} ${SYMBOLS[operator]} ${right.label}`;
  if (!isSet(left.value) && left.value !== null) return { holds: false, explanation: `${text}: not set` };
  if (!isSet(right.value) && right.value !== null) return { holds: false, explanation: `${text}: not set` };
  const leftValue = left.value as Literal;
  const rightValue = right.value as Literal;
  let holds: boolean;
  if (operator === "eq") holds = valuesEqual(leftValue, rightValue);
  else if (operator === "ne") holds = !valuesEqual(leftValue, rightValue);
  else {
    const a = toNumber(leftValue);
    const b = toNumber(rightValue);
    if (a === null || b === null) return { holds: false, explanation: `${text}: not numbers` };
    holds = operator === "gt" ? a > b : operator === "gte" ? a >= b : operator === "lt" ? a < b : a <= b;
  }
  return { holds, explanation: holds ? text : `not (${text})` };
}

function quotePhrases(phrases: readonly string[]): string {
  return phrases.map((phrase) => JSON.stringify(phrase)).join(", ");
}

/** The test's regex, or why it must not run (a pattern stored before save rejected unsafe ones). */
function regexOf(test: RegexTest): RegExp | string {
  return typeof test === "string" ? compileSafeRegex(test, "i") : compileSafeRegex(test.pattern, test.flags ?? "");
}

function regexLabel(test: RegexTest): string {
  return typeof test === "string" ? `/${test}/i` : `/${test.pattern}/${test.flags ?? ""}`;
}

/**
 * Evaluates a (validated) condition. Deterministic; never throws for a condition `conditionProblems`
 * accepts. A regex that is invalid or unsafe (see `regexHazard`) is not run and does not match.
 */
export function evaluateCondition(condition: Condition, context: ConditionContext): ConditionResult {
  const operator = Object.keys(condition)[0] as (typeof CONDITION_OPERATORS)[number];
  const argument = (condition as Record<string, unknown>)[operator];
  switch (operator) {
    case "all": {
      const results = (argument as Condition[]).map((child) => evaluateCondition(child, context));
      const failed = results.find((result) => !result.holds);
      if (failed) return { holds: false, explanation: failed.explanation };
      return { holds: true, explanation: results.map((result) => result.explanation).join(" and ") };
    }
    case "any": {
      const results: ConditionResult[] = [];
      for (const child of argument as Condition[]) {
        const result = evaluateCondition(child, context);
        if (result.holds) return result;
        results.push(result);
      }
      return { holds: false, explanation: `none of: ${results.map((result) => result.explanation).join("; ")}` };
    }
    case "not": {
      const result = evaluateCondition(argument as Condition, context);
      return { holds: !result.holds, explanation: result.holds ? `not (${result.explanation})` : `not (${result.explanation}) holds` };
    }
    case "eq":
    case "ne":
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const [left, right] = argument as [Operand, Operand];
      return compare(operator, resolveOperand(left, context), resolveOperand(right, context));
    }
    case "in": {
      const [subject, list] = argument as [Operand, Operand[]];
      const resolved = resolveOperand(subject, context);
      const candidates = list.map((operand) => resolveOperand(operand, context));
      const text = `${resolved.label} in [${candidates.map((candidate) => renderValue(candidate.value)).join(", ")}]`;
      if (!isSet(resolved.value)) return { holds: false, explanation: `${text}: not set` };
      const holds = candidates.some((candidate) => candidate.value !== undefined && valuesEqual(resolved.value as Literal, candidate.value));
      return { holds, explanation: holds ? text : `not (${text})` };
    }
    case "exists": {
      const resolved = resolveOperand(argument as Operand, context);
      const holds = isSet(resolved.value);
      return { holds, explanation: holds ? `${resolved.label} is set` : `${resolved.label} is not set` };
    }
    case "keywords": {
      const set = argument as KeywordSet;
      const mode = Array.isArray(set) ? "any" : "all" in set ? "all" : "any";
      const phrases = Array.isArray(set) ? set : "all" in set ? set.all : set.any;
      const messageTokens = tokenize(context.message);
      const found = phrases.filter((phrase) => containsPhrase(messageTokens, phrase));
      if (mode === "all") {
        const missing = phrases.filter((phrase) => !found.includes(phrase));
        return missing.length === 0
          ? { holds: true, explanation: `message mentions all of ${quotePhrases(phrases)}` }
          : { holds: false, explanation: `message does not mention ${quotePhrases(missing)}` };
      }
      return found.length > 0
        ? { holds: true, explanation: `message mentions ${quotePhrases(found.slice(0, 1))}` }
        : { holds: false, explanation: `message mentions none of ${quotePhrases(phrases)}` };
    }
    case "regex": {
      const test = argument as RegexTest;
      const regex = regexOf(test);
      if (typeof regex === "string") return { holds: false, explanation: `${regexLabel(test)} was not run, so it does not match: ${regex}` };
      const match = execCapped(regex, context.message);
      return match
        ? { holds: true, explanation: `message matches ${regexLabel(test)} (${JSON.stringify(match[0])})` }
        : { holds: false, explanation: `message does not match ${regexLabel(test)}` };
    }
    case "intent": {
      const name = argument as string;
      const messageTokens = tokenize(context.message);
      const phrase = (context.intents[name] ?? []).find((candidate) => containsPhrase(messageTokens, candidate));
      return phrase
        ? { holds: true, explanation: `intent "${name}" (message mentions ${JSON.stringify(phrase)})` }
        : { holds: false, explanation: `no phrase of intent "${name}" in message` };
    }
    case "visited": {
      const state = argument as string;
      const holds = context.visited.includes(state);
      return { holds, explanation: holds ? `state "${state}" was visited` : `state "${state}" was not visited` };
    }
    default:
      throw new Error(`unknown condition operator "${String(operator)}"`);
  }
}

/**
 * The regex tests in a condition that are never run, because they are invalid or unsafe (a definition
 * stored before save refused them), each as `/pattern/flags: why`. A decision names them in its reason.
 */
export function regexesNotRun(condition: Condition): string[] {
  const operator = Object.keys(condition)[0];
  const argument = (condition as Record<string, unknown>)[operator as string];
  switch (operator) {
    case "all":
    case "any":
      return (argument as Condition[]).flatMap(regexesNotRun);
    case "not":
      return regexesNotRun(argument as Condition);
    case "regex": {
      const regex = regexOf(argument as RegexTest);
      return typeof regex === "string" ? [`${regexLabel(argument as RegexTest)}: ${regex}`] : [];
    }
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Description for humans (editor UI, traces)

function describeOperand(operand: Operand): string {
  return isPlainObject(operand) ? (operand as VarReference).var : renderValue(operand as Literal);
}

function joinAlternatives(phrases: readonly string[], conjunction: "or" | "and"): string {
  const quoted = phrases.map((phrase) => JSON.stringify(phrase));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted[quoted.length - 1]}`;
}

/** A one-line English rendering: `message mentions "temple" or "pray", or vars.offer ≥ 3`. */
export function describeCondition(condition: Condition): string {
  const operator = Object.keys(condition)[0] as string;
  const argument = (condition as Record<string, unknown>)[operator];
  const nested = (child: Condition): string => {
    const key = Object.keys(child)[0];
    return key === "all" || key === "any" ? `(${describeCondition(child)})` : describeCondition(child);
  };
  switch (operator) {
    case "all":
      return (argument as Condition[]).map(nested).join(" and ");
    case "any":
      return (argument as Condition[]).map(nested).join(", or ");
    case "not":
      return `not ${nested(argument as Condition)}`;
    case "eq":
    case "ne":
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const [left, right] = argument as [Operand, Operand];
      return `${describeOperand(left)} ${SYMBOLS[operator]} ${describeOperand(right)}`;
    }
    case "in": {
      const [subject, list] = argument as [Operand, Operand[]];
      return `${describeOperand(subject)} is one of ${list.map(describeOperand).join(", ")}`;
    }
    case "exists":
      return `${describeOperand(argument as Operand)} is set`;
    case "keywords": {
      const set = argument as KeywordSet;
      if (Array.isArray(set)) return `message mentions ${joinAlternatives(set, "or")}`;
      return "all" in set ? `message mentions ${joinAlternatives(set.all, "and")}` : `message mentions ${joinAlternatives(set.any, "or")}`;
    }
    case "regex":
      return `message matches ${regexLabel(argument as RegexTest)}`;
    case "intent":
      return `player expresses "${String(argument)}"`;
    case "visited":
      return `state "${String(argument)}" was visited`;
    default:
      return `unknown condition "${operator}"`;
  }
}
