/**
 * Evaluating a condition against a turn's context, with the reason in words.
 *
 * Safe on any stored condition: a tree too deep or too large (stored before save bounded them) is
 * not walked and does not hold; a regex RE2 cannot run is not run and does not match; and every
 * regex and phrase test draws on the turn's `TurnBudget`, so one turn's work is bounded whatever the
 * definition. Everything user-keyed (variables, intents, machines) is read by own keys only.
 */
import { compileCreatorRegex, regexLabel, runCreatorRegex } from "../creator-regex.ts";
import { ownValue } from "../records.ts";
import { clipText, mentions } from "../text.ts";
import { TurnBudget } from "../turn-budget.ts";
import { conditionOversize } from "./check.ts";
import {
  isPlainObject,
  operatorOf,
  parseVarPath,
  regexTestParts,
  type ComparisonOperator,
  type Condition,
  type ConditionContext,
  type ConditionResult,
  type KeywordSet,
  type Literal,
  type Operand,
  type RegexTest,
  type VarReference,
} from "./language.ts";

type Resolved = { value: Literal | undefined; label: string };

/**
 * Reasons are recorded with every turn: a quoted message or match is cut to this many characters,
 * and a phrase list to `QUOTED_PHRASES` phrases, so a reason stays small whatever the message.
 */
const QUOTED_CHARS = 80;
const QUOTED_PHRASES = 5;
/** Parts of an `all` or `any` named in its explanation, and the longest explanation of a condition. */
const EXPLAINED_PARTS = 3;
const EXPLANATION_CHARS = 600;

/** The first `EXPLAINED_PARTS` explanations joined, and how many more there were. */
function joinExplanations(results: readonly ConditionResult[], separator: string): string {
  const shown = results.slice(0, EXPLAINED_PARTS).map((result) => result.explanation).join(separator);
  return results.length > EXPLAINED_PARTS ? `${shown}${separator}and ${results.length - EXPLAINED_PARTS} more` : shown;
}

export function renderValue(value: Literal | undefined): string {
  if (value === undefined) return "unset";
  return typeof value === "string" ? JSON.stringify(clipText(value, QUOTED_CHARS)) : String(value);
}

function resolveOperand(operand: Operand, context: ConditionContext): Resolved {
  if (!isPlainObject(operand)) return { value: operand as Literal, label: renderValue(operand as Literal) };
  const path = (operand as VarReference).var;
  const parsed = parseVarPath(path);
  let value: Literal | undefined;
  if (!parsed) value = undefined;
  else if (parsed.kind === "vars") value = ownValue(context.vars, parsed.key);
  else if (parsed.kind === "number") value = context[parsed.name];
  else if (parsed.kind === "message") value = context.message;
  else {
    const machine = ownValue(context.machines, parsed.machineKey);
    value = machine ? (parsed.field === "outcome" ? machine.outcome : machine.score) : undefined;
  }
  return { value, label: value === undefined ? path : `${path} = ${renderValue(value)}` };
}

function isSet(value: Literal | undefined): boolean {
  return value !== undefined && value !== null && value !== "";
}

function toNumber(value: Literal | undefined): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function valuesEqual(left: Literal, right: Literal, budget: TurnBudget): boolean {
  if (typeof left === "string" && typeof right === "string") return budget.fold(left.trim()) === budget.fold(right.trim());
  const leftNumber = toNumber(left);
  const rightNumber = toNumber(right);
  if (leftNumber !== null && rightNumber !== null && (typeof left === "number" || typeof right === "number")) return leftNumber === rightNumber;
  return left === right;
}

export const SYMBOLS: Record<ComparisonOperator, string> = { eq: "=", ne: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" };

function compare(operator: ComparisonOperator, left: Resolved, right: Resolved, budget: TurnBudget): ConditionResult {
  const text = `${left.label} ${SYMBOLS[operator]} ${right.label}`;
  if (!isSet(left.value) && left.value !== null) return { holds: false, explanation: `${text}: not set` };
  if (!isSet(right.value) && right.value !== null) return { holds: false, explanation: `${text}: not set` };
  const leftValue = left.value as Literal;
  const rightValue = right.value as Literal;
  let holds: boolean;
  if (operator === "eq") holds = valuesEqual(leftValue, rightValue, budget);
  else if (operator === "ne") holds = !valuesEqual(leftValue, rightValue, budget);
  else {
    const a = toNumber(leftValue);
    const b = toNumber(rightValue);
    if (a === null || b === null) return { holds: false, explanation: `${text}: not numbers` };
    holds = operator === "gt" ? a > b : operator === "gte" ? a >= b : operator === "lt" ? a < b : a <= b;
  }
  return { holds, explanation: holds ? text : `not (${text})` };
}

function quotePhrases(phrases: readonly string[]): string {
  const quoted = phrases.slice(0, QUOTED_PHRASES).map((phrase) => JSON.stringify(clipText(phrase, QUOTED_CHARS))).join(", ");
  return phrases.length > QUOTED_PHRASES ? `${quoted} and ${phrases.length - QUOTED_PHRASES} more` : quoted;
}

const PHRASES_SPENT = "this turn's phrase look-ups are spent (a definition saved before the per-state phrase limit can ask for more)";

/**
 * The phrases the message mentions, checked in order until `enough` are found, each check drawn
 * from the budget; `complete` is false when the budget ran out first.
 */
function mentionedPhrases(phrases: readonly string[], message: string, budget: TurnBudget, enough: number): { found: string[]; complete: boolean } {
  const read = budget.read(message);
  const found: string[] = [];
  for (const phrase of phrases) {
    if (found.length >= enough) break;
    if (!budget.spendPhraseCheck()) return { found, complete: false };
    if (mentions(read, phrase)) found.push(phrase);
  }
  return { found, complete: true };
}

function evaluateKeywords(set: KeywordSet, context: ConditionContext, budget: TurnBudget): ConditionResult {
  const mode = Array.isArray(set) ? "any" : "all" in set ? "all" : "any";
  const phrases = Array.isArray(set) ? set : "all" in set ? set.all : set.any;
  const { found, complete } = mentionedPhrases(phrases, context.message, budget, mode === "all" ? phrases.length : 1);
  if (mode === "all") {
    if (found.length === phrases.length) return { holds: true, explanation: `message mentions all of ${quotePhrases(phrases)}` };
    if (!complete) return skippedPhrases(`keywords ${quotePhrases(phrases)}`, budget);
    return { holds: false, explanation: `message does not mention ${quotePhrases(phrases.filter((phrase) => !found.includes(phrase)))}` };
  }
  if (found.length > 0) return { holds: true, explanation: `message mentions ${quotePhrases(found)}` };
  if (!complete) return skippedPhrases(`keywords ${quotePhrases(phrases)}`, budget);
  return { holds: false, explanation: phrases.length === 1 ? `message does not mention ${quotePhrases(phrases)}` : `message mentions none of ${quotePhrases(phrases)}` };
}

function skippedPhrases(what: string, budget: TurnBudget): ConditionResult {
  budget.skip("phrases", `${what}: ${PHRASES_SPENT}`);
  return { holds: false, explanation: `${what} not fully checked, taken as not matching: ${PHRASES_SPENT}` };
}

function evaluateNode(condition: Condition, context: ConditionContext, budget: TurnBudget): ConditionResult {
  const { operator, argument } = operatorOf(condition);
  switch (operator) {
    case "all": {
      const results: ConditionResult[] = [];
      for (const child of argument as Condition[]) {
        const result = evaluateNode(child, context, budget);
        if (!result.holds) return { holds: false, explanation: result.explanation };
        results.push(result);
      }
      return { holds: true, explanation: joinExplanations(results, " and ") };
    }
    case "any": {
      const results: ConditionResult[] = [];
      for (const child of argument as Condition[]) {
        const result = evaluateNode(child, context, budget);
        if (result.holds) return result;
        results.push(result);
      }
      return { holds: false, explanation: `none of: ${joinExplanations(results, "; ")}` };
    }
    case "not": {
      const result = evaluateNode(argument as Condition, context, budget);
      return { holds: !result.holds, explanation: result.holds ? `not (${result.explanation})` : `not (${result.explanation}) holds` };
    }
    case "eq":
    case "ne":
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const [left, right] = argument as [Operand, Operand];
      return compare(operator, resolveOperand(left, context), resolveOperand(right, context), budget);
    }
    case "in": {
      const [subject, list] = argument as [Operand, Operand[]];
      const resolved = resolveOperand(subject, context);
      const candidates = list.map((operand) => resolveOperand(operand, context));
      const text = `${resolved.label} in [${candidates.map((candidate) => renderValue(candidate.value)).join(", ")}]`;
      if (!isSet(resolved.value)) return { holds: false, explanation: `${text}: not set` };
      const holds = candidates.some((candidate) => candidate.value !== undefined && valuesEqual(resolved.value as Literal, candidate.value, budget));
      return { holds, explanation: holds ? text : `not (${text})` };
    }
    case "exists": {
      const resolved = resolveOperand(argument as Operand, context);
      const holds = isSet(resolved.value);
      return { holds, explanation: holds ? `${resolved.label} is set` : `${resolved.label} is not set` };
    }
    case "keywords":
      return evaluateKeywords(argument as KeywordSet, context, budget);
    case "regex": {
      const { pattern, flags } = regexTestParts(argument as RegexTest);
      const label = regexLabel(pattern, flags);
      const run = runCreatorRegex(pattern, flags, context.message, budget);
      if (!run.ran) return { holds: false, explanation: `${label} was not run, so it does not match: ${run.reason}` };
      return run.match
        ? { holds: true, explanation: `message matches ${label} (${renderValue(run.match.text)})` }
        : { holds: false, explanation: `message does not match ${label}` };
    }
    case "intent": {
      const name = argument as string;
      const { found, complete } = mentionedPhrases(ownValue(context.intents, name) ?? [], context.message, budget, 1);
      if (found.length > 0) return { holds: true, explanation: `intent "${name}" (message mentions ${quotePhrases(found)})` };
      if (!complete) return skippedPhrases(`intent "${name}"`, budget);
      return { holds: false, explanation: `no phrase of intent "${name}" in message` };
    }
    case "visited": {
      const state = argument as string;
      const holds = context.visited.includes(state);
      return { holds, explanation: holds ? `state "${state}" was visited` : `state "${state}" was not visited` };
    }
    default:
      return { holds: false, explanation: `unknown condition operator "${operator}", taken as not holding` };
  }
}

/**
 * Evaluates a stored condition. Deterministic, and never throws: a condition too deep or too large
 * to walk does not hold (and the budget records why), as does a regex that cannot run or a test the
 * turn's budget no longer covers. `budget` is the turn's, shared by all its tests; without one, the
 * condition gets a whole turn's budget to itself.
 */
export function evaluateCondition(condition: Condition, context: ConditionContext, budget: TurnBudget = new TurnBudget()): ConditionResult {
  const oversize = conditionOversize(condition);
  if (oversize !== null) {
    const reason = `condition not evaluated, taken as not holding: ${oversize} (a definition saved before conditions were bounded)`;
    budget.skip("condition", reason);
    return { holds: false, explanation: reason };
  }
  const result = evaluateNode(condition, context, budget);
  return { holds: result.holds, explanation: clipText(result.explanation, EXPLANATION_CHARS) };
}

/**
 * The regex tests in a condition that can never run, because RE2 cannot compile them (a definition
 * stored before save refused them), each as `/pattern/flags: why`. Play reports the tests a turn
 * skipped through its `TurnBudget`; this is for tools that inspect a stored definition.
 */
export function regexesNotRun(condition: Condition): string[] {
  if (conditionOversize(condition) !== null) return [];
  const notRun: string[] = [];
  const stack: unknown[] = [condition];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isPlainObject(node)) continue;
    const { operator, argument } = operatorOf(node);
    if (operator === "all" || operator === "any") stack.push(...[...(argument as unknown[])].reverse());
    else if (operator === "not") stack.push(argument);
    else if (operator === "regex") {
      const { pattern, flags } = regexTestParts(argument as RegexTest);
      const compiled = compileCreatorRegex(pattern, flags);
      if (typeof compiled === "string") notRun.push(`${regexLabel(pattern, flags)}: ${compiled}`);
    }
  }
  return notRun;
}
