import { describe, expect, it } from "vitest";
import { conditionProblems, ConditionSchema, describeCondition, evaluateCondition, parseVarPath, regexesNotRun, type Condition, type ConditionContext } from "./conditions.ts";
import { regexInput } from "./creator-regex.ts";
import { ownRecord } from "./records.ts";
import { containsPhrase, tokenize } from "./text.ts";
import { TurnBudget } from "./turn-budget.ts";

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

describe("explanations stay short whatever the message and the condition (they are recorded with every turn)", () => {
  it("quote values and matches cut to 80 characters, name 3 parts of an all/any and 5 phrases of a list, and stop at 600 characters", () => {
    const message = "é".repeat(3999) + "😀";
    const wide: Condition = { any: Array.from({ length: 150 }, (_, index) => ({ eq: [{ var: "message" }, `x${index}`] })) };
    const result = evaluateCondition(wide, { ...context, message });
    expect(result.holds).toBe(false);
    expect(result.explanation.length).toBeLessThanOrEqual(601);
    expect(result.explanation).toContain(`not (message = "${"é".repeat(80)}…" = "x0")`);
    expect(result.explanation).toMatch(/and 147 more$/);
    expect(evaluateCondition({ keywords: Array.from({ length: 9 }, (_, index) => `w${index}`) }, context).explanation).toBe('message mentions none of "w0", "w1", "w2", "w3", "w4" and 4 more');
    expect(evaluateCondition({ regex: "é+" }, { ...context, message }).explanation).toBe(`message matches /é+/i ("${"é".repeat(80)}…")`);
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
    expect(conditionProblems({ keywords: Array.from({ length: 101 }, (_, index) => `w${index}`) })[0]!.message).toBe("a phrase list has at most 100 phrases, found 101");
    expect(conditionProblems({ in: [{ var: "message" }, Array.from({ length: 101 }, () => "x")] })[0]!.path).toEqual(["in", 1]);
    expect(conditionProblems({ eq: [{ var: "message" }, "x".repeat(201)] })[0]!.message).toBe("a string in a condition has at most 200 characters");
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

describe("regexes run in linear time (RE2)", () => {
  const manyAs = "a".repeat(3999);

  it("accepts overlapping alternations and nested repeats, and runs them on a 4,000-character message at once", () => {
    // On JavaScript's backtracking engine each of these takes longer than the universe's age on this message.
    for (const [pattern, matches] of [["^(a|a)*$", false], ["^(?:a|a)*c", false], ["^(a+)+$", false], ["(x+x+)+y", false], ["(\\w+\\s?)*$", true]] as const) {
      expect(conditionProblems({ regex: pattern }), pattern).toEqual([]);
      expect(holds({ regex: pattern }, { message: `${manyAs}!` }), pattern).toBe(matches);
    }
    expect(holds({ regex: "^(a|a)*$" }, { message: manyAs })).toBe(true);
  });

  it("refuses at save what RE2 cannot run, at the pattern's place, saying why", () => {
    expect(conditionProblems({ regex: "(a)\\1" })).toEqual([{ path: ["regex"], message: expect.stringMatching(/^unsupported regex: backreferences such as \\1 or \\k<name> are not supported: patterns run on RE2/) }]);
    expect(conditionProblems({ regex: "(?<x>a)\\k<x>" })[0]!.message).toMatch(/^unsupported regex: backreferences/);
    for (const pattern of ["(?=a)b", "a(?!b)", "(?<=a)b", "(?<!a)b"]) {
      expect(conditionProblems({ not: { regex: { pattern, flags: "" } } }), pattern).toEqual([
        { path: ["not", "regex", "pattern"], message: expect.stringMatching(/^unsupported regex: lookahead and lookbehind .* are not supported/) },
      ]);
    }
    // Inside a character class these are plain characters, not lookaround or backreferences.
    expect(conditionProblems({ regex: "[(?=<!]" })).toEqual([]);
    expect(conditionProblems({ regex: "(" })[0]!.message).toMatch(/^invalid regex: missing closing \)/);
    expect(conditionProblems({ regex: "a".repeat(501) })[0]!.message).toBe("regex too large: the pattern is 501 characters long; at most 500 are allowed");
    expect(conditionProblems({ regex: "(?:abc){200}" })[0]!.message).toMatch(/^regex too large: the pattern compiles to \d+ instructions; at most 500 are allowed/);
    expect(conditionProblems({ regex: { pattern: "a", flags: "ii" } })[0]!.message).toMatch(/^invalid regex: flags "ii" are not allowed/);
  });

  it("never runs a stored pattern RE2 cannot run: it does not match, and says why", () => {
    const result = evaluateCondition({ regex: "^(a)\\1$" }, { ...context, message: "aa" });
    expect(result).toEqual({ holds: false, explanation: expect.stringMatching(/^\/\^\(a\)\\1\$\/i was not run, so it does not match: unsupported regex: backreferences/) });
    expect(regexesNotRun({ any: [{ regex: "^(a)\\1$" }, { keywords: ["aaa"] }] })).toEqual([expect.stringMatching(/^\/\^\(a\)\\1\$\/i: unsupported regex/)]);
    expect(evaluateCondition({ any: [{ regex: "^(a)\\1$" }, { keywords: ["aa"] }] }, { ...context, message: "aa" }).holds).toBe(true);
  });

  it("keeps JavaScript's spellings and the flags' meaning: a bare string is case-insensitive", () => {
    expect(holds({ regex: "^i COME" })).toBe(true);
    expect(holds({ regex: { pattern: "^i COME", flags: "" } })).toBe(false);
    expect(holds({ regex: { pattern: "^(?<first>\\w+) come", flags: "i" } })).toBe(true);
    expect(holds({ regex: "caf\\u00e9" }, { message: "the CAFÉ" })).toBe(true);
    expect(holds({ regex: { pattern: "^second$", flags: "m" } }, { message: "first\nsecond" })).toBe(true);
    expect(holds({ regex: { pattern: "first.second", flags: "s" } }, { message: "first\nsecond" })).toBe(true);
    expect(holds({ regex: { pattern: "first.second", flags: "" } }, { message: "first\nsecond" })).toBe(false);
  });

  it("looks at the first 4000 characters of a message only, never cutting a character in two", () => {
    expect(holds({ regex: "needle" }, { message: `${" ".repeat(3990)}needle` })).toBe(true);
    expect(holds({ regex: "needle" }, { message: `${" ".repeat(4000)}needle` })).toBe(false);
    expect(regexInput(`${" ".repeat(3999)}😀`)).toBe(" ".repeat(3999));
  });

  it("draws on the turn's budget: once a turn's regex work is spent, the rest are not run and say so", () => {
    const budget = new TurnBudget({ regexWork: 10 * context.message.length });
    const first = evaluateCondition({ regex: "coins" }, context, budget);
    const second = evaluateCondition({ regex: "temple" }, context, budget);
    expect(first.holds).toBe(true);
    expect(second).toEqual({ holds: false, explanation: expect.stringMatching(/^\/temple\/i was not run, so it does not match: this turn's regex work is spent/) });
    expect(budget.skipped).toEqual([{ kind: "regex", note: expect.stringMatching(/^\/temple\/i: this turn's regex work is spent/) }]);
  });

  it("draws on the turn's budget for phrases too", () => {
    const budget = new TurnBudget({ phraseChecks: 2 });
    expect(evaluateCondition({ keywords: ["market", "coins"] }, context, budget).holds).toBe(true);
    const starved = evaluateCondition({ keywords: ["temple"] }, context, budget);
    expect(starved).toEqual({ holds: false, explanation: expect.stringMatching(/^keywords "temple" not fully checked, taken as not matching: this turn's phrase look-ups are spent/) });
    expect(budget.skipped.map((skipped) => skipped.kind)).toEqual(["phrases"]);
  });
});

describe("depth and size: checked without recursion, bounded at save, refused cleanly in play", () => {
  const nested = (depth: number, operator: "not" | "all", leaf: Condition = { keywords: ["yes"] }): Condition => {
    let condition = leaf;
    for (let level = 1; level < depth; level++) condition = operator === "not" ? { not: condition } : { all: [condition] };
    return condition;
  };

  it("accepts 32 levels and refuses the 33rd, once, at the exact place, however deep the tree goes", () => {
    expect(conditionProblems(nested(32, "not"))).toEqual([]);
    expect(conditionProblems(nested(33, "not"))).toEqual([{ path: Array(32).fill("not"), message: expect.stringMatching(/^conditions nest at most 32 levels deep/) }]);
    // Deep enough to overflow the stack of any recursive walk.
    for (const condition of [nested(50_000, "not"), nested(20_000, "all")]) {
      const problems = conditionProblems(condition);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toMatch(/nest at most 32 levels/);
      expect(ConditionSchema.safeParse(condition).success).toBe(false);
    }
  });

  it("refuses a condition of more than 200 operators, at the condition", () => {
    const wide: Condition = { any: Array.from({ length: 200 }, (_, index) => ({ keywords: [`word${index}`] })) };
    expect(conditionProblems(wide, {}, ["when"])).toEqual([{ path: ["when"], message: expect.stringMatching(/^a condition has at most 200 operators; this one has more/) }]);
    expect(conditionProblems({ any: wide.any.slice(1) })).toEqual([]);
  });

  it("does not evaluate a stored condition over the bounds (saved before them): it does not hold, and says why", () => {
    for (const condition of [nested(3000, "not"), nested(1500, "all"), { any: Array.from({ length: 1000 }, () => ({ keywords: ["i"] })) }]) {
      const budget = new TurnBudget();
      const result = evaluateCondition(condition, context, budget);
      expect(result.holds).toBe(false);
      expect(result.explanation).toMatch(/^condition not evaluated, taken as not holding: it (nests deeper than 32 levels|has more than 200 operators)/);
      expect(budget.skipped[0]!.kind).toBe("condition");
      expect(describeCondition(condition)).toMatch(/^a condition too large to describe/);
      expect(regexesNotRun(condition)).toEqual([]);
    }
    // 31 negations of a leaf that does not hold: evaluated in full, within the bounds.
    expect(evaluateCondition(nested(32, "not"), context)).toMatchObject({ holds: true, explanation: expect.stringMatching(/^not \(/) });
  });
});

describe("names that objects already have (constructor, toString, __proto__)", () => {
  it("are unset until extracted: nothing inherited reads as a value", () => {
    expect(holds({ exists: { var: "vars.constructor" } })).toBe(false);
    expect(holds({ ne: [{ var: "vars.toString" }, "x"] })).toBe(false);
    expect(holds({ eq: [{ var: "vars.__proto__" }, "x"] })).toBe(false);
    expect(holds({ exists: { var: "machines.constructor.score" } })).toBe(false);
    expect(holds({ intent: "toString" }, { intents: {} })).toBe(false);
    expect(holds({ intent: "constructor" })).toBe(false);
  });

  it("work as ordinary names once they are the author's own", () => {
    const vars = ownRecord<string | number | boolean>({ constructor: "oak", toString: 3 });
    vars.__proto__ = "set";
    expect(holds({ eq: [{ var: "vars.constructor" }, "oak"] }, { vars })).toBe(true);
    expect(holds({ gte: [{ var: "vars.toString" }, 3] }, { vars })).toBe(true);
    expect(holds({ eq: [{ var: "vars.__proto__" }, "set"] }, { vars })).toBe(true);
    expect(holds({ intent: "constructor" }, { intents: { constructor: ["build"] }, message: "we build" })).toBe(true);
    expect(holds({ eq: [{ var: "machines.toString.outcome" }, "ACCEPT"] }, { machines: { toString: { outcome: "ACCEPT" as const, score: 1 } } })).toBe(true);
  });
});
