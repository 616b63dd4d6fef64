/**
 * NPC conditions (the `when` JSON tree of a transition, a link's condition) as a sentence an author
 * reads at a glance: `{"any":[{"keywords":["temple","pray"]},{"gte":[{"var":"vars.offer"},3]}]}` →
 * `says "temple" or "pray", or offer ≥ 3`. Anything it does not know is shown as JSON, never hidden.
 */

const COMPARISONS: Record<string, string> = { eq: "=", ne: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" };

const VARIABLE_NAMES: Record<string, string> = {
  score: "score",
  total_score: "total score",
  relationship_level: "relationship",
  turn: "turn",
  turns_in_state: "turns in this state",
  message: "the message",
};

type Node = Record<string, unknown>;

function isObject(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function quoted(text: unknown): string {
  return `"${String(text)}"`;
}

/** An operand: `{var: "vars.offer"}` → `offer`, `machines.haggle.outcome` → `haggle's outcome`, literals as written. */
export function operandText(operand: unknown): string {
  if (isObject(operand) && typeof operand.var === "string") {
    const path = operand.var;
    if (path.startsWith("vars.")) return path.slice(5);
    const machine = /^machines\.([^.]+)\.(outcome|score)$/.exec(path);
    if (machine) return `${machine[1]}'s ${machine[2]}`;
    return VARIABLE_NAMES[path] ?? path;
  }
  if (typeof operand === "string") return quoted(operand);
  if (Array.isArray(operand)) return `[${operand.map(operandText).join(", ")}]`;
  return JSON.stringify(operand);
}

function phrases(list: unknown[], joiner: "or" | "and"): string {
  const items = list.map(quoted);
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${joiner} ${items[items.length - 1]}`;
}

function keywordsText(value: unknown): string {
  if (Array.isArray(value)) return `says ${phrases(value, "or")}`;
  if (isObject(value)) {
    if (Array.isArray(value.all)) return `says ${phrases(value.all, "and")}`;
    if (Array.isArray(value.any)) return `says ${phrases(value.any, "or")}`;
  }
  return `keywords ${JSON.stringify(value)}`;
}

/** Wraps a compound part in parentheses when it sits inside another compound. */
function part(node: unknown, depth: number): string {
  const text = conditionText(node, depth + 1);
  return isObject(node) && ("all" in node || "any" in node) && Object.keys(node).length === 1 ? `(${text})` : text;
}

export function conditionText(condition: unknown, depth = 0): string {
  if (condition === undefined || condition === null) return "always";
  if (!isObject(condition)) return JSON.stringify(condition);
  const keys = Object.keys(condition);
  if (keys.length !== 1) return JSON.stringify(condition);
  const key = keys[0] as string;
  const value = condition[key];
  if (depth > 32) return "…";
  const comparison = Object.hasOwn(COMPARISONS, key) ? COMPARISONS[key] : undefined;
  if (comparison) return Array.isArray(value) && value.length === 2 ? `${operandText(value[0])} ${comparison} ${operandText(value[1])}` : JSON.stringify(condition);
  switch (key) {
    case "all":
      return Array.isArray(value) ? value.map((item) => part(item, depth)).join(" and ") || "always" : JSON.stringify(condition);
    case "any":
      return Array.isArray(value) ? value.map((item) => part(item, depth)).join(" or ") || "never" : JSON.stringify(condition);
    case "not":
      return `not ${part(value, depth)}`;
    case "in":
      return Array.isArray(value) && value.length === 2 && Array.isArray(value[1]) ? `${operandText(value[0])} is one of ${value[1].map(operandText).join(", ")}` : JSON.stringify(condition);
    case "exists":
      return `${operandText(value)} is known`;
    case "keywords":
      return keywordsText(value);
    case "regex": {
      const pattern = isObject(value) ? value.pattern : value;
      return `matches /${String(pattern)}/`;
    }
    case "intent":
      return `shows intent "${String(value)}"`;
    case "visited":
      return `has visited ${quoted(value)}`;
    default:
      return JSON.stringify(condition);
  }
}

/** A machine link's condition: `{type:"outcome", value:"ACCEPT"}` → `ends ACCEPT`. */
export function linkConditionText(condition: unknown): string {
  if (!isObject(condition)) return "always";
  switch (condition.type) {
    case "outcome":
      return `ends ${String(condition.value)}`;
    case "score_gte":
      return `score ≥ ${String(condition.value)}`;
    case "score_lte":
      return `score ≤ ${String(condition.value)}`;
    case "always":
      return "always";
    case "when":
      return conditionText(condition.when);
    default:
      return JSON.stringify(condition);
  }
}
