import { describe, expect, it } from "vitest";
import { InputError, readBlueprint, readPersonas } from "./personas-input.ts";

const persona = { persona_id: "p0001", fields: { name: "Ada", age: "34" }, system_prompt: "You are Ada.", markdown: "# Ada" };

describe("reading pasted personas", () => {
  it("takes a list, a population, a whole poll, or JSON Lines", () => {
    expect(readPersonas(JSON.stringify([persona])).personas).toEqual([persona]);
    const population = readPersonas(JSON.stringify({ personas: [persona], blueprint: { domain: "x", fields: [] } }));
    expect(population.blueprint).toEqual({ domain: "x", fields: [] });
    expect(readPersonas(JSON.stringify({ id: "j", status: "succeeded", result: { personas: [persona] } })).personas).toHaveLength(1);
    expect(readPersonas(`${JSON.stringify(persona)}\n${JSON.stringify({ ...persona, persona_id: "p0002" })}\n`).personas.map((read) => read.persona_id)).toEqual(["p0001", "p0002"]);
  });

  it("repairs what it safely can and says so", () => {
    const read = readPersonas(JSON.stringify([{ name: "Bo", age: 40 }]));
    expect(read.personas).toEqual([{ persona_id: "p0001", fields: { name: "Bo", age: "40" }, system_prompt: "", markdown: "" }]);
    expect(read.notes).toHaveLength(3);
  });

  it("says what is wrong and where", () => {
    expect(() => readPersonas("")).toThrow(InputError);
    expect(() => readPersonas("{not json")).toThrow(/not valid JSON/);
    expect(() => readPersonas("[]")).toThrow(/empty/);
    expect(() => readPersonas("[1]")).toThrow(/persona #1 is not an object/);
    expect(() => readPersonas(JSON.stringify([{ fields: { tags: ["a"] } }]))).toThrow(/field "tags"/);
    expect(() => readPersonas('{"a":1}\n{oops')).toThrow(/line 2/);
  });

  it("takes a blueprint object, or none", () => {
    expect(readBlueprint("  ")).toBeUndefined();
    expect(readBlueprint('{"domain":"x"}')).toEqual({ domain: "x" });
    expect(readBlueprint('{"blueprint":{"domain":"y"}}')).toEqual({ domain: "y" });
    expect(() => readBlueprint("[1]")).toThrow(/must be a JSON object/);
  });
});
