import { describe, expect, it } from "vitest";
import { readCallerBlueprint } from "./caller-blueprint.ts";
import { evaluatePersonas } from "./quality/gates.ts";

const persona = { persona_id: "p1", fields: { a: "-2", rank: "Gold" }, system_prompt: "x", markdown: "x" };

describe("readCallerBlueprint", () => {
  it("drops what is malformed and says where, instead of failing", () => {
    for (const raw of [{ fields: "oops" }, { constraints: "x" }, { fields: [null] }, { fields: [{ name: "a", kind: "weird" }] }]) {
      const { blueprint, issues } = readCallerBlueprint(raw);
      expect(issues.length, JSON.stringify(raw)).toBeGreaterThan(0);
      expect(() => evaluatePersonas([persona], blueprint)).not.toThrow();
    }
    expect(readCallerBlueprint({ fields: "oops" }).issues[0]).toEqual({ path: ["fields"], message: "should be a list of fields; ignored" });
  });

  it("reads a number where the spec has a string, so the constraint is really checked", () => {
    const { blueprint, issues } = readCallerBlueprint({ constraints: [{ name: "c", lhs: "a", op: ">=", rhs: 0 }] });
    expect(issues).toEqual([]);
    const gate = evaluatePersonas([persona], blueprint).scorecards[0]!.gates.find((entry) => entry.name === "c");
    expect(gate).toEqual({ name: "c", passed: false, score: null, detail: "a=-2 >= 0 (0)" });
  });

  it("reports an unknown operator and leaves the constraint out, never a nameless gate", () => {
    const { blueprint, issues } = readCallerBlueprint({ constraints: [{ lhs: "a", op: "~", rhs: "2" }] });
    expect(issues).toEqual([{ path: ["constraints", 0, "op"], message: "op should be one of < <= > >= == !=; constraint 'constraint_0' ignored" }]);
    const report = evaluatePersonas([persona], blueprint);
    for (const gate of report.scorecards[0]!.gates) expect(gate).toMatchObject({ name: expect.any(String), passed: expect.any(Boolean) });
  });

  it("keeps the spec's own example as it is", () => {
    const { issues, blueprint } = readCallerBlueprint({
      domain: "lol_player",
      order: ["region", "rank", "main_role", "hours_per_week"],
      fields: [{ name: "rank", kind: "categorical", parents: [], categorical: { weights: { Gold: 0.6, Diamond: 0.4 } }, ordered_values: ["Gold", "Diamond"] }],
      constraints: [{ name: "hours_nonneg", lhs: "hours_per_week", op: ">=", rhs: "0" }],
    });
    expect(issues).toEqual([]);
    expect(blueprint.fields[0]).toMatchObject({ name: "rank", categorical: { weights: { Gold: 0.6, Diamond: 0.4 } } });
  });
});
