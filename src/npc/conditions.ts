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
 * - `regex: "pattern" | {pattern, flags}` — tested on the raw message with RE2 (linear time, see
 *   `creator-regex.ts`); a bare string is case-insensitive
 * - `intent: name` — any phrase of the persona's `intents[name]` list
 * - `visited: state_key` — the state was entered in this machine session
 *
 * Rules a newcomer would ask about:
 * - A comparison with an operand that is not set is false, `ne` included (use `not`/`exists` for absence).
 * - Strings compare case- and accent-insensitively; `gt gte lt lte` need numbers (numeric strings count).
 * - Paths: `vars.<key>`, `score`, `total_score`, `relationship_level`, `turn`, `turns_in_state`,
 *   `machines.<machine_key>.outcome|score`, `message`. `turn` is the 1-based number of the message being
 *   judged; `turns_in_state` counts the messages received in the current state, this one included.
 * - A tree nests at most `MAX_CONDITION_DEPTH` levels and holds at most `MAX_CONDITION_OPERATORS`
 *   operators (`limits.ts`); save refuses more, and play does not evaluate more.
 *
 * The parts: `conditions/language.ts` (types and paths), `conditions/check.ts` (save's checks),
 * `conditions/evaluate.ts` (play), `conditions/describe.ts` (words for humans).
 */
import { z } from "zod";
import { conditionProblems } from "./conditions/check.ts";
import type { Condition } from "./conditions/language.ts";

export {
  COMPARISON_OPERATORS,
  CONDITION_OPERATORS,
  parseVarPath,
  type ComparisonOperator,
  type Condition,
  type ConditionContext,
  type ConditionResult,
  type KeywordSet,
  type Literal,
  type Operand,
  type RegexTest,
  type VarPath,
  type VarReference,
} from "./conditions/language.ts";
export {
  conditionOversize,
  conditionProblems,
  inspectCondition,
  type ConditionCost,
  type ConditionInspection,
  type ConditionPath,
  type ConditionProblem,
  type ConditionScope,
} from "./conditions/check.ts";
export { evaluateCondition, regexesNotRun } from "./conditions/evaluate.ts";
export { describeCondition } from "./conditions/describe.ts";

/**
 * The zod schema of a condition. It is hand-checked rather than a `z.union` of shapes because a union
 * reports "invalid input" at the top of the tree, while authors need the exact place of the mistake;
 * and because the check walks the tree without recursion, however deep a hostile body nests it.
 */
export const ConditionSchema = z.unknown().superRefine((value, context) => {
  for (const problem of conditionProblems(value)) {
    context.addIssue({ code: "custom", message: problem.message, path: problem.path });
  }
}) as unknown as z.ZodType<Condition>;
