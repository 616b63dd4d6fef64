/**
 * Checking a condition tree before it is stored, and sizing one before it is played.
 *
 * Both walk the tree with an explicit stack, never by recursion, so a hostile tree (`not` nested
 * fifty thousand times) costs a loop, not a stack overflow; and both stop as soon as the tree passes
 * `MAX_CONDITION_DEPTH` or `MAX_CONDITION_OPERATORS`. Once a stored condition is known to be within
 * those bounds, evaluating and describing it recursively is safe.
 */
import { inspectCreatorRegex } from "../creator-regex.ts";
import {
  MAX_CONDITION_DEPTH,
  MAX_CONDITION_OPERATORS,
  MAX_IN_VALUES,
  MAX_PHRASE_CHARS,
  MAX_PHRASES_PER_LIST,
  MAX_VALIDATION_ISSUES,
} from "../limits.ts";
import { tokenize } from "../text.ts";
import { CONDITION_OPERATORS, isLiteral, isPlainObject, parseVarPath } from "./language.ts";

/** Names a condition may refer to; a set left out is not checked (e.g. machine links have no states). */
export interface ConditionScope {
  intents?: ReadonlySet<string>;
  variables?: ReadonlySet<string>;
  machines?: ReadonlySet<string>;
  states?: ReadonlySet<string>;
}

export type ConditionPath = Array<string | number>;

export interface ConditionProblem {
  path: ConditionPath;
  message: string;
}

/** The most work evaluating a condition can take, for save's per-turn sums (see `limits.ts`). */
export interface ConditionCost {
  operators: number;
  /** Regex tests that compile. */
  regexes: number;
  /** Compiled instructions of its regexes. */
  regexInstructions: number;
  /** Phrases of its `keywords` tests (an `intent` test costs its intent's phrases: see `intents`). */
  phraseChecks: number;
  /** The intents it tests, once per test. */
  intents: string[];
}

export interface ConditionInspection {
  problems: ConditionProblem[];
  cost: ConditionCost;
}

interface Frame {
  value: unknown;
  path: ConditionPath;
  depth: number;
}

const DEPTH_MESSAGE = `conditions nest at most ${MAX_CONDITION_DEPTH} levels deep ("all", "any" and "not" inside one another); this one goes deeper here`;
const SIZE_MESSAGE = `a condition has at most ${MAX_CONDITION_OPERATORS} operators; this one has more (split it over several transitions)`;

/** The nested conditions of `all`, `any` and `not`, in order, each with its path. */
function childFrames(operator: string, argument: unknown, frame: Frame): Frame[] {
  const depth = frame.depth + 1;
  if (operator === "not") return [{ value: argument, path: [...frame.path, operator], depth }];
  if ((operator === "all" || operator === "any") && Array.isArray(argument)) {
    return argument.map((child, index) => ({ value: child, path: [...frame.path, operator, index], depth }));
  }
  return [];
}

/**
 * Why a condition is too deep or too large to evaluate, or null. Stored conditions were checked at
 * save, but one stored before these limits existed may be deeper: play refuses it cleanly instead of
 * overflowing the stack.
 */
export function conditionOversize(value: unknown): string | null {
  const stack: Frame[] = [{ value, path: [], depth: 1 }];
  let operators = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (frame.depth > MAX_CONDITION_DEPTH) return `it nests deeper than ${MAX_CONDITION_DEPTH} levels`;
    if (++operators > MAX_CONDITION_OPERATORS) return `it has more than ${MAX_CONDITION_OPERATORS} operators`;
    if (!isPlainObject(frame.value)) continue;
    for (const operator of Object.keys(frame.value)) stack.push(...childFrames(operator, frame.value[operator], frame));
  }
  return null;
}

function operandProblems(value: unknown, path: ConditionPath, scope: ConditionScope): ConditionProblem[] {
  if (isLiteral(value)) {
    return typeof value === "string" && value.length > MAX_PHRASE_CHARS ? [{ path, message: `a string in a condition has at most ${MAX_PHRASE_CHARS} characters` }] : [];
  }
  if (!isPlainObject(value) || Object.keys(value).length !== 1 || !Object.hasOwn(value, "var")) {
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

function phraseListProblems(value: unknown, path: ConditionPath): ConditionProblem[] {
  if (!Array.isArray(value) || value.length === 0) return [{ path, message: "a phrase list is a non-empty array of strings" }];
  if (value.length > MAX_PHRASES_PER_LIST) return [{ path, message: `a phrase list has at most ${MAX_PHRASES_PER_LIST} phrases, found ${value.length}` }];
  const problems: ConditionProblem[] = [];
  value.forEach((phrase, index) => {
    if (typeof phrase !== "string" || tokenize(phrase).length === 0) {
      problems.push({ path: [...path, index], message: "a phrase is a string with at least one letter or digit" });
    } else if (phrase.length > MAX_PHRASE_CHARS) {
      problems.push({ path: [...path, index], message: `a phrase has at most ${MAX_PHRASE_CHARS} characters` });
    }
  });
  return problems;
}

/** Checks one condition object; returns its nested conditions to check next. */
function checkNode(frame: Frame, scope: ConditionScope, problems: ConditionProblem[], cost: ConditionCost): Frame[] {
  const { value, path } = frame;
  if (!isPlainObject(value)) {
    problems.push({ path, message: "a condition is an object with one operator key" });
    return [];
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    problems.push({ path, message: `a condition has exactly one operator key, found ${keys.length === 0 ? "none" : keys.map((key) => `"${key}"`).join(", ")}` });
    return [];
  }
  const operator = keys[0] as string;
  const argument = value[operator];
  const here = [...path, operator];
  const report = (found: ConditionProblem[]): Frame[] => {
    problems.push(...found);
    return [];
  };
  switch (operator) {
    case "all":
    case "any":
      if (!Array.isArray(argument) || argument.length === 0) return report([{ path: here, message: `"${operator}" takes a non-empty array of conditions` }]);
      return childFrames(operator, argument, frame);
    case "not":
      return childFrames(operator, argument, frame);
    case "eq":
    case "ne":
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      if (!Array.isArray(argument) || argument.length !== 2) return report([{ path: here, message: `"${operator}" takes two operands` }]);
      return report(argument.flatMap((operand, index) => operandProblems(operand, [...here, index], scope)));
    case "in": {
      if (!Array.isArray(argument) || argument.length !== 2 || !Array.isArray(argument[1])) {
        return report([{ path: here, message: '"in" takes an operand and a list: [operand, [values…]]' }]);
      }
      const candidates = argument[1] as unknown[];
      if (candidates.length > MAX_IN_VALUES) return report([{ path: [...here, 1], message: `"in" takes at most ${MAX_IN_VALUES} values, found ${candidates.length}` }]);
      return report([...operandProblems(argument[0], [...here, 0], scope), ...candidates.flatMap((operand, index) => operandProblems(operand, [...here, 1, index], scope))]);
    }
    case "exists":
      return report(operandProblems(argument, here, scope));
    case "keywords": {
      let phrases: unknown = argument;
      let phrasesPath = here;
      if (isPlainObject(argument) && Object.keys(argument).length === 1 && (Object.hasOwn(argument, "any") || Object.hasOwn(argument, "all"))) {
        const mode = Object.hasOwn(argument, "any") ? "any" : "all";
        phrases = argument[mode];
        phrasesPath = [...here, mode];
      } else if (!Array.isArray(argument)) {
        return report([{ path: here, message: '"keywords" takes a list of phrases, {"any": […]} or {"all": […]}' }]);
      }
      if (Array.isArray(phrases)) cost.phraseChecks += phrases.length;
      return report(phraseListProblems(phrases, phrasesPath));
    }
    case "regex": {
      let pattern: unknown = argument;
      let flags: unknown = "i";
      let patternPath = here;
      if (isPlainObject(argument)) {
        pattern = argument.pattern;
        flags = argument.flags ?? "";
        patternPath = [...here, "pattern"];
        if (typeof flags !== "string") return report([{ path: [...here, "flags"], message: "regex flags are a string" }]);
      }
      if (typeof pattern !== "string" || pattern.length === 0) return report([{ path: patternPath, message: '"regex" takes a pattern string or {"pattern", "flags"}' }]);
      const compiled = inspectCreatorRegex(pattern, flags as string);
      if (typeof compiled === "string") return report([{ path: patternPath, message: compiled }]);
      cost.regexes += 1;
      cost.regexInstructions += compiled.instructions;
      return [];
    }
    case "intent":
      if (typeof argument !== "string" || argument.length === 0) return report([{ path: here, message: '"intent" takes the name of an intent' }]);
      if (scope.intents && !scope.intents.has(argument)) return report([{ path: here, message: `unknown intent "${argument}" (declare it in the persona's intents)` }]);
      cost.intents.push(argument);
      return [];
    case "visited":
      if (typeof argument !== "string" || argument.length === 0) return report([{ path: here, message: '"visited" takes a state_key' }]);
      if (scope.states && !scope.states.has(argument)) return report([{ path: here, message: `"visited" names an unknown state "${argument}"` }]);
      return [];
    default:
      return report([{ path: here, message: `unknown operator "${operator}" (use one of ${CONDITION_OPERATORS.join(", ")})` }]);
  }
}

/**
 * Every problem of a condition tree (up to `MAX_VALIDATION_ISSUES`), each with its path inside the
 * tree, and what evaluating it can cost. Shape problems are always reported; references (intents,
 * variables, machines, states) only for the sets `scope` provides. A tree deeper than
 * `MAX_CONDITION_DEPTH` or larger than `MAX_CONDITION_OPERATORS` is reported once, where it passes
 * the limit, and not walked further.
 */
export function inspectCondition(value: unknown, scope: ConditionScope = {}, path: ConditionPath = []): ConditionInspection {
  const problems: ConditionProblem[] = [];
  const cost: ConditionCost = { operators: 0, regexes: 0, regexInstructions: 0, phraseChecks: 0, intents: [] };
  const stack: Frame[] = [{ value, path, depth: 1 }];
  while (stack.length > 0 && problems.length < MAX_VALIDATION_ISSUES) {
    const frame = stack.pop() as Frame;
    if (frame.depth > MAX_CONDITION_DEPTH) {
      problems.push({ path: frame.path, message: DEPTH_MESSAGE });
      break;
    }
    if (++cost.operators > MAX_CONDITION_OPERATORS) {
      problems.push({ path, message: SIZE_MESSAGE });
      break;
    }
    const children = checkNode(frame, scope, problems, cost);
    // Pushed in reverse so that problems come out in document order, as a recursive walk gives them.
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index] as Frame);
  }
  return { problems: problems.slice(0, MAX_VALIDATION_ISSUES), cost };
}

/** The problems of a condition tree (see `inspectCondition`). */
export function conditionProblems(value: unknown, scope: ConditionScope = {}, path: ConditionPath = []): ConditionProblem[] {
  return inspectCondition(value, scope, path).problems;
}
