/** A condition in one line of English, for the editor UI and decision traces. */
import { conditionOversize } from "./check.ts";
import { renderValue, SYMBOLS } from "./evaluate.ts";
import { isPlainObject, operatorOf, regexTestParts, type Condition, type KeywordSet, type Literal, type Operand, type RegexTest, type VarReference } from "./language.ts";
import { regexLabel } from "../creator-regex.ts";

function describeOperand(operand: Operand): string {
  return isPlainObject(operand) ? (operand as VarReference).var : renderValue(operand as Literal);
}

function joinAlternatives(phrases: readonly string[], conjunction: "or" | "and"): string {
  const quoted = phrases.map((phrase) => JSON.stringify(phrase));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted[quoted.length - 1]}`;
}

function describeNode(condition: Condition): string {
  const { operator, argument } = operatorOf(condition);
  const nested = (child: Condition): string => {
    const key = operatorOf(child).operator;
    return key === "all" || key === "any" ? `(${describeNode(child)})` : describeNode(child);
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
    case "regex": {
      const { pattern, flags } = regexTestParts(argument as RegexTest);
      return `message matches ${regexLabel(pattern, flags)}`;
    }
    case "intent":
      return `player expresses "${String(argument)}"`;
    case "visited":
      return `state "${String(argument)}" was visited`;
    default:
      return `unknown condition "${operator}"`;
  }
}

/** A one-line English rendering: `message mentions "temple" or "pray", or vars.offer ≥ 3`. */
export function describeCondition(condition: Condition): string {
  const oversize = conditionOversize(condition);
  return oversize === null ? describeNode(condition) : `a condition too large to describe (${oversize})`;
}
