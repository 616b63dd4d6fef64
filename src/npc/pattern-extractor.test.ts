import { describe, expect, it } from "vitest";
import type { Variable } from "./definition.ts";
import { coerceVariableValue, extractVariable } from "./pattern-extractor.ts";
import { TurnBudget } from "./turn-budget.ts";

describe("coerceVariableValue", () => {
  it.each<[Pick<Variable, "type" | "values">, unknown, unknown]>([
    [{ type: "number" }, "1,200", 1200],
    [{ type: "number" }, "$30", 30],
    [{ type: "number" }, "thirty", undefined],
    [{ type: "string" }, "  Arin ", "Arin"],
    [{ type: "string" }, "   ", undefined],
    [{ type: "enum", values: ["Pilgrimage", "trade"] }, "pilgrimage", "Pilgrimage"],
    [{ type: "enum", values: ["trade"] }, "war", undefined],
    [{ type: "boolean" }, "yes", true],
    [{ type: "boolean" }, "false", false],
    [{ type: "boolean" }, "maybe", undefined],
  ])("%j %j → %j", (variable, raw, expected) => {
    expect(coerceVariableValue(variable, raw)).toEqual(expected);
  });
});

describe("extractVariable", () => {
  const offer: Variable = { key: "offer", type: "number", extract: [{ regex: "(\\d[\\d,]*) gold" }, { regex: "pay (\\w+)" }] };
  it("takes the first rule giving a valid value, dropping invalid ones", () => {
    expect(extractVariable(offer, "I pay 1,500 gold")).toMatchObject({ key: "offer", value: 1500 });
    expect(extractVariable(offer, "I pay nothing")).toBeNull();
  });
  it("maps keyword phrases to values, first value in order wins", () => {
    const writ: Variable = { key: "writ", type: "boolean", extract: [{ keywords: { false: ["no papers"], true: ["papers"] } }] };
    expect(extractVariable(writ, "I have no papers")?.value).toBe(false);
    expect(extractVariable(writ, "Here are my PAPERS")?.value).toBe(true);
  });
  it("reads named groups", () => {
    const name: Variable = { key: "name", type: "string", extract: [{ regex: "I am (?<who>\\w+)", group: "who" }] };
    expect(extractVariable(name, "i am Sera")?.value).toBe("Sera");
  });
});

describe("patterns run on RE2, in time linear in the message", () => {
  it("runs a pattern that backtracking engines choke on, on a 4,000-character message, at once", () => {
    const variable: Variable = { key: "offer", type: "number", extract: [{ regex: "^((\\d+)\\s*)+$" }, { regex: "^(?:a|a)*c" }, { regex: "(\\d+)\\s*gold" }] };
    // On JavaScript's engine the first two backtrack through 2^3999 ways of splitting the message.
    expect(extractVariable(variable, `${"1".repeat(3999)}x`)).toBeNull();
    expect(extractVariable(variable, `${"a".repeat(3990)}, 40 gold`)).toEqual({ key: "offer", value: 40, reason: 'regex /(\\d+)\\s*gold/ matched "40 gold"' });
  });

  it("skips a stored pattern RE2 cannot run (a backreference), goes on to the next rule, and the budget says why", () => {
    const budget = new TurnBudget();
    const variable: Variable = { key: "offer", type: "number", extract: [{ regex: "(\\d)\\1" }, { regex: "(\\d+)\\s*gold" }] };
    expect(extractVariable(variable, "11, or 40 gold", budget)?.value).toBe(40);
    expect(budget.skipped).toEqual([{ kind: "regex", note: expect.stringMatching(/^\/\(\\d\)\\1\/i: unsupported regex: backreferences/) }]);
  });

  it("reads JavaScript's named groups, and group names that objects already have", () => {
    const variable: Variable = { key: "who", type: "string", extract: [{ regex: "I am (?<constructor>\\w+)", group: "constructor" }] };
    expect(extractVariable(variable, "i am Sera")?.value).toBe("Sera");
    const unnamed: Variable = { key: "who", type: "string", extract: [{ regex: "I am (\\w+)", group: "toString" }] };
    expect(extractVariable(unnamed, "i am Sera")).toBeNull();
  });

  it("never captures half of a character", () => {
    const variable: Variable = { key: "mark", type: "string", extract: [{ regex: "mark (.)" }] };
    expect(extractVariable(variable, "mark 😀")?.value).toBe("😀");
  });
});
