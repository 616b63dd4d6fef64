import { describe, expect, it } from "vitest";
import type { Variable } from "./definition.ts";
import { coerceVariableValue, extractVariable } from "./pattern-extractor.ts";

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

describe("unsafe patterns", () => {
  it("skips an unsafe extraction pattern stored before save refused them, and goes on to the next rule", () => {
    const variable: Variable = { key: "offer", type: "number", extract: [{ regex: "^((\\d+)\\s*)+$" }, { regex: "(\\d+)\\s*gold" }] };
    // Run, the first pattern would backtrack through 2^30 ways of splitting the digits.
    const message = `${"1".repeat(30)}x, or 40 gold`;
    expect(extractVariable(variable, message)).toEqual({ key: "offer", value: 40, reason: 'regex /(\\d+)\\s*gold/ matched "40 gold"' });
  });
});
