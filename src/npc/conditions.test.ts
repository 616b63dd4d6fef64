import { describe, expect, it } from "vitest";
import { conditionProblems, ConditionSchema, describeCondition, evaluateCondition, parseVarPath, type Condition, type ConditionContext } from "./conditions.ts";
import { containsPhrase, tokenize } from "./text.ts";

const context: ConditionContext = {
  message: "I come to PRÉY at the temple, and I offer 3 coins",
  vars: { offer: 3, business: "pilgrimage", writ: true },
  score: 12,
  total_score: 40,
  relationship_level: 15,
  turn: 2,
  turns_in_state: 1,
  machines: { haggle: { outcome: "ACCEPT", score: 30 } },
  visited: ["halt", "business"],
  intents: { greeting: ["hello", "good day"], bribe: ["look the other way"] },
};

const holds = (condition: Condition, overrides: Partial<ConditionContext> = {}) => evaluateCondition(condition, { ...context, ...overrides }).holds;

describe("keywords", () => {
  it("match whole tokens after lowercasing and folding accents", () => {
    expect(holds({ keywords: ["prey"] })).toBe(true);
    expect(holds({ keywords: ["pray"] }, { message: "I pray" })).toBe(true);
    expect(holds({ keywords: ["pray"] }, { message: "a prayer for you" })).toBe(false);
    expect(holds({ keywords: ["café"] }, { message: "the CAFE is closed" })).toBe(true);
  });
  it("match phrases as consecutive tokens", () => {
    expect(holds({ keywords: ["the temple"] })).toBe(true);
    expect(holds({ keywords: ["temple the"] })).toBe(false);
    expect(containsPhrase(tokenize("I don't have it"), "don't have")).toBe(true);
  });
  it("take any of a list, {any}, or {all}", () => {
    expect(holds({ keywords: { any: ["market", "temple"] } })).toBe(true);
    expect(holds({ keywords: { all: ["temple", "coins"] } })).toBe(true);
    expect(holds({ keywords: { all: ["temple", "market"] } })).toBe(false);
  });
});

describe("comparisons and var paths", () => {
  it.each<[Condition, boolean]>([
    [{ eq: [{ var: "vars.business" }, "Pilgrimage"] }, true],
    [{ ne: [{ var: "vars.business" }, "trade"] }, true],
    [{ gt: [{ var: "score" }, 10] }, true],
    [{ gte: [{ var: "total_score" }, 40] }, true],
    [{ lt: [{ var: "relationship_level" }, 15] }, false],
    [{ lte: [{ var: "turn" }, 2] }, true],
    [{ eq: [{ var: "turns_in_state" }, 1] }, true],
    [{ eq: [{ var: "machines.haggle.outcome" }, "ACCEPT"] }, true],
    [{ gte: [{ var: "machines.haggle.score" }, 31] }, false],
    [{ eq: [{ var: "vars.writ" }, true] }, true],
    [{ in: [{ var: "vars.business" }, ["trade", "pilgrimage"]] }, true],
    [{ in: [{ var: "vars.business" }, ["trade"]] }, false],
    [{ exists: { var: "vars.offer" } }, true],
    [{ exists: { var: "vars.missing" } }, false],
    [{ regex: { pattern: "^I come", flags: "" } }, true],
    [{ regex: "\\d+ coins" }, true],
    [{ eq: [{ var: "message" }, "i come to prey at the temple, and i offer 3 coins"] }, true],
  ])("%j → %s", (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it("is false for any comparison with an unset operand, ne included", () => {
    expect(holds({ ne: [{ var: "vars.missing" }, "x"] })).toBe(false);
    expect(holds({ gt: [{ var: "machines.other.score" }, -1] })).toBe(false);
    expect(holds({ not: { exists: { var: "vars.missing" } } })).toBe(true);
  });

  it("parses exactly the documented paths", () => {
    expect(parseVarPath("vars.offer")).toEqual({ kind: "vars", key: "offer" });
    expect(parseVarPath("machines.haggle.score")).toEqual({ kind: "machine", machineKey: "haggle", field: "score" });
    for (const bad of ["vars", "vars.", "offer", "machines.haggle", "machines.haggle.name", "scores"]) expect(parseVarPath(bad)).toBeNull();
  });
});

describe("intent, visited, all/any/not", () => {
  it("intent matches any phrase of the persona's named list", () => {
    expect(holds({ intent: "greeting" }, { message: "Good day, captain" })).toBe(true);
    expect(holds({ intent: "bribe" })).toBe(false);
    expect(holds({ intent: "undeclared" })).toBe(false);
  });
  it("visited checks the states entered in this machine session", () => {
    expect(holds({ visited: "business" })).toBe(true);
    expect(holds({ visited: "papers" })).toBe(false);
  });
  it("combines with all, any and not", () => {
    expect(holds({ all: [{ keywords: ["temple"] }, { gte: [{ var: "vars.offer" }, 3] }] })).toBe(true);
    expect(holds({ any: [{ keywords: ["market"] }, { gte: [{ var: "vars.offer" }, 4] }] })).toBe(false);
    expect(holds({ not: { keywords: ["market"] } })).toBe(true);
  });
});

describe("explanations and descriptions", () => {
  const example: Condition = { any: [{ keywords: ["temple", "pray"] }, { gte: [{ var: "vars.offer" }, 3] }] };
  it("explain which part held, with the values seen", () => {
    expect(evaluateCondition(example, context).explanation).toBe('message mentions "temple"');
    expect(evaluateCondition(example, { ...context, message: "nothing" }).explanation).toBe("vars.offer = 3 ≥ 3");
    expect(evaluateCondition({ gte: [{ var: "vars.offer" }, 5] }, context).explanation).toBe("not (vars.offer = 3 ≥ 5)");
  });
  it("describe a condition for humans", () => {
    expect(describeCondition(example)).toBe('message mentions "temple" or "pray", or vars.offer ≥ 3');
    expect(describeCondition({ all: [{ intent: "bribe" }, { not: { visited: "halt" } }] })).toBe('player expresses "bribe" and not state "halt" was visited');
  });
});

describe("schema and problems", () => {
  it("accepts the DESIGN example", () => {
    expect(ConditionSchema.safeParse({ any: [{ keywords: ["temple", "pray"] }, { gte: [{ var: "vars.offer" }, 3] }] }).success).toBe(true);
  });
  it("points at the exact place of a mistake", () => {
    expect(conditionProblems({ any: [{ keywords: ["x"] }, { gte: [{ var: "vars.offer" }] }] })).toEqual([{ path: ["any", 1, "gte"], message: '"gte" takes two operands' }]);
    expect(conditionProblems({ all: [{ between: [1, 2] }] })[0]!.path).toEqual(["all", 0, "between"]);
    expect(conditionProblems({ eq: [{ var: "vars.a.b" }, 1] })[0]!.path).toEqual(["eq", 0, "var"]);
    expect(conditionProblems({ regex: "(" })[0]!.message).toMatch(/^invalid regex/);
    expect(conditionProblems({ regex: { pattern: "a", flags: "g" } })[0]!.path).toEqual(["regex", "pattern"]);
    expect(conditionProblems({ intent: "bribe" }, { intents: new Set(["greeting"]) })[0]!.message).toBe('unknown intent "bribe" (declare it in the persona\'s intents)');
    expect(conditionProblems({ eq: [1, 2], ne: [1, 2] })[0]!.message).toMatch(/exactly one operator key/);
  });
  it("reports through zod with paths", () => {
    const result = ConditionSchema.safeParse({ not: { unknown: 1 } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(["not", "unknown"]);
  });
});

describe("regex safety", () => {
  const evil = `${"a".repeat(30)}b`;

  it("refuses at save a pattern that could run for minutes, at the pattern's place", () => {
    expect(conditionProblems({ regex: "^(a+)+$" })).toEqual([{ path: ["regex"], message: expect.stringMatching(/^unsafe regex: .*nested quantifiers/) }]);
    expect(conditionProblems({ not: { regex: { pattern: "(x+x+)+y", flags: "" } } })).toEqual([{ path: ["not", "regex", "pattern"], message: expect.stringMatching(/^unsafe regex/) }]);
    expect(conditionProblems({ regex: "\\b(9\\d|1\\d\\d)\\s*gold\\b" })).toEqual([]);
  });

  it("never runs an unsafe pattern stored before the check: it does not match, and says why", () => {
    // Run, `^(a+)+$` on this message would block the thread for minutes; skipped, it answers at once.
    const result = evaluateCondition({ regex: "^(a+)+$" }, { ...context, message: evil });
    expect(result.holds).toBe(false);
    expect(result.explanation).toMatch(/^\/\^\(a\+\)\+\$\/i was not run, so it does not match: the pattern could take exponential time/);
    expect(evaluateCondition({ any: [{ regex: "^(a+)+$" }, { keywords: ["aaa"] }] }, { ...context, message: "aaa" }).holds).toBe(true);
  });

  it("looks at the first 4000 characters of a message only", () => {
    expect(holds({ regex: "needle" }, { message: `${" ".repeat(3990)}needle` })).toBe(true);
    expect(holds({ regex: "needle" }, { message: `${" ".repeat(4000)}needle` })).toBe(false);
  });
});
