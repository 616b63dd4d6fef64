import { describe, expect, it } from "vitest";
import fc from "fast-check";
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

describe("field and category names that are also Object.prototype's (D10)", () => {
  const PROTOTYPE_NAMES = ["toString", "constructor", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf"];
  const fieldName = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ minLength: 1, maxLength: 6 }));
  /** Built through JSON.parse, as the wire builds them: `__proto__` is then an own key like any other. */
  const fromWire = <T>(value: T): T => JSON.parse(JSON.stringify(value).replace(/"proto_key"/g, '"__proto__"'));
  const wireName = (name: string) => (name === "__proto__" ? "proto_key" : name);

  it("validates any personas and blueprint without throwing, and reads only the personas' own fields", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fieldName, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), fc.string({ maxLength: 30 })), { minLength: 1, maxLength: 6 }),
        (names, rows) => {
          const personas = fromWire(
            rows.map(([present, text], index) => ({
              persona_id: `p${index}`,
              fields: Object.fromEntries(names.filter((_, column) => present[column]).map((name) => [wireName(name), `${text} ${index} words in a longer text`])),
              system_prompt: "x",
              markdown: "x",
            })),
          );
          const raw = fromWire({
            fields: names.map((name, column) => ({
              name: wireName(name),
              kind: column % 2 === 0 ? "categorical" : "text",
              parents: [],
              ...(column % 2 === 0 ? { categorical: { weights: Object.fromEntries(names.map((category) => [wireName(category), 1])) } } : {}),
              conditionals: [{ when: { [wireName(names[0]!)]: "x" }, categorical: { weights: { a: 1 } } }],
            })),
            constraints: names.map((name) => ({ name: `c_${name}`, lhs: name, op: ">=", rhs: "0" })),
          });
          const { blueprint } = readCallerBlueprint(raw);
          const withBlueprint = evaluatePersonas(personas, blueprint);
          const withoutBlueprint = evaluatePersonas(personas);
          for (const report of [withBlueprint, withoutBlueprint]) {
            expect(JSON.stringify(report)).not.toMatch(/NaN|native code|\[object /);
          }
          personas.forEach((persona: { fields: Record<string, string> }, index: number) => {
            const missing = names.filter((name) => !Object.hasOwn(persona.fields, name));
            const schema = withBlueprint.scorecards[index]!.gates.find((gate) => gate.name === "schema")!;
            for (const name of missing) expect(schema.detail).toContain(`missing field '${name}'`);
          });
        },
      ),
      { numRuns: 150, seed: 2026 },
    );
  });

  it("keeps a category named __proto__ or constructor as a category", () => {
    const { blueprint } = readCallerBlueprint(JSON.parse('{"fields":[{"name":"kind","kind":"categorical","categorical":{"weights":{"constructor":1,"__proto__":1}}}]}'));
    expect(Object.keys(blueprint.fields[0]!.categorical!.weights).sort()).toEqual(["__proto__", "constructor"]);
  });
});
