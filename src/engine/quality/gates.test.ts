import { describe, expect, it } from "vitest";
import { evaluatePersonas, marginalThreshold } from "./gates.ts";
import { optimalTvd } from "../apportion.ts";
import type { BlueprintInput } from "../blueprint-check.ts";
import { specValidateRequest } from "../../../test/fixtures/spec-examples.ts";

// The spec's validate request (003), verbatim.
const specRequest = specValidateRequest();

describe("evaluatePersonas", () => {
  it("passes the spec's validate example with the spec's detail wording", () => {
    const report = evaluatePersonas(specRequest.personas, specRequest.blueprint);
    expect(report.passed).toBe(true);
    const gates = report.scorecards[0]?.gates ?? [];
    expect(gates[0]).toEqual({ name: "schema", passed: true, score: null, detail: "all blueprint fields present" });
    expect(gates[1]).toEqual({ name: "hours_nonneg", passed: true, score: null, detail: "hours_per_week=34 >= 0 (0)" });
    expect(report.diversity).toBeUndefined();
    expect(report.marginals).toBeUndefined();
  });

  it("fails exactly the constraint gate of the spec's failing example", () => {
    const persona = { ...specRequest.personas[0]!, persona_id: "p_02", fields: { ...specRequest.personas[0]!.fields, hours_per_week: "-3" } };
    const report = evaluatePersonas([persona], specRequest.blueprint);
    expect(report.passed).toBe(false);
    expect(report.gates).toEqual([]);
    const failing = report.scorecards[0]!.gates.filter((gate) => !gate.passed);
    expect(failing).toEqual([{ name: "hours_nonneg", passed: false, score: null, detail: "hours_per_week=-3 >= 0 (0)" }]);
  });

  it("reports a constraint on a missing field as not applicable, and passed", () => {
    const persona = { ...specRequest.personas[0]!, fields: { region: "KR", rank: "Gold" } };
    const gate = evaluatePersonas([persona], specRequest.blueprint).scorecards[0]!.gates.find((g) => g.name === "hours_nonneg");
    expect(gate?.passed).toBe(true);
    expect(gate?.detail).toMatch(/hours_per_week.*missing.*not applicable/);
  });

  it("fails schema with a precise detail for an undeclared category and a missing field", () => {
    const persona = { ...specRequest.personas[0]!, fields: { rank: "Platinum" } };
    const schema = evaluatePersonas([persona], specRequest.blueprint).scorecards[0]!.gates[0]!;
    expect(schema.passed).toBe(false);
    expect(schema.detail).toBe("missing field 'region'; 'rank' is 'Platinum', not one of Gold, Diamond");
  });

  it("runs structural checks alone without a blueprint", () => {
    const report = evaluatePersonas([{ persona_id: "", fields: {}, system_prompt: "x", markdown: "" }]);
    expect(report.scorecards[0]!.gates).toEqual([{ name: "structure", passed: false, score: null, detail: "persona_id is empty; markdown is empty" }]);
  });

  it("flags duplicate personas and repeated ids in batch gates, and reports diversity and marginals", () => {
    const persona = specRequest.personas[0]!;
    const report = evaluatePersonas([persona, persona], specRequest.blueprint);
    const byName = Object.fromEntries(report.gates.map((gate) => [gate.name, gate]));
    expect(byName.unique_persona_ids?.passed).toBe(false);
    expect(byName.diversity_floor?.passed).toBe(false);
    expect(report.diversity?.duplicate_pairs).toBe(1);
    expect(report.marginals?.map((marginal) => marginal.attribute)).toEqual(["region", "rank"]);
  });

  it("flags text that contradicts a structured field", () => {
    const persona = { ...specRequest.personas[0]!, fields: { ...specRequest.personas[0]!.fields, backstory: "Stuck in Gold for three seasons and counting wards." } };
    const gate = evaluatePersonas([persona], specRequest.blueprint).scorecards[0]!.gates.find((g) => g.name === "consistency");
    expect(gate?.passed).toBe(false);
    expect(gate?.detail).toBe("backstory mentions rank 'Gold' but the persona's rank is 'Diamond'");
  });
});

describe("marginalThreshold", () => {
  it("is the optimum plus tolerance for generated populations and looser for external ones", () => {
    const weights = { a: 0.5, b: 0.3, c: 0.2 };
    expect(marginalThreshold(weights, 7, "generated")).toBeCloseTo(optimalTvd(weights, 7) + 0.0001, 12);
    expect(marginalThreshold(weights, 7, "external")).toBeGreaterThan(marginalThreshold(weights, 7, "generated"));
    expect(marginalThreshold(weights, 5000, "external")).toBe(marginalThreshold(weights, 5000, "external"));
    expect(marginalThreshold(weights, 5000, "external")).toBeLessThan(marginalThreshold(weights, 50, "external"));
  });
});
