import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertSamplable, BlueprintError, checkBlueprint, checkedBlueprint, matchingConditional, type BlueprintInput, type FieldInput } from "./blueprint-check.ts";
import { sampleNumerics, sampleStructured } from "./sampler.ts";

const valid = (): BlueprintInput => ({
  domain: "test",
  order: ["rank", "hours"],
  fields: [
    { name: "rank", kind: "categorical", categorical: { weights: { Gold: 1, Diamond: 1 } }, ordered_values: ["Gold", "Diamond"] },
    { name: "hours", kind: "numeric", parents: ["rank"], numeric: { min: 0, max: 60, mean: 10, sd: 5 }, conditionals: [{ when: { rank: "Diamond" }, numeric: { min: 10, max: 60, mean: 30, sd: 5 } }] },
    { name: "backstory", kind: "text", parents: ["rank"] },
  ],
  constraints: [{ name: "hours_nonneg", lhs: "hours", op: ">=", rhs: "0" }],
});

function issuesAfter(change: (blueprint: BlueprintInput) => void) {
  const blueprint = structuredClone(valid());
  change(blueprint);
  return checkBlueprint(blueprint);
}

describe("checkBlueprint", () => {
  it("accepts a valid blueprint", () => {
    expect(checkBlueprint(valid())).toEqual([]);
    expect(() => assertSamplable(valid())).not.toThrow();
  });
  it("flags a duplicate field name", () => {
    expect(issuesAfter((b) => b.fields.push({ name: "rank", kind: "text" }))).toContainEqual({ path: ["fields", 3, "name"], message: "duplicate field name 'rank' (first declared at fields[0])" });
  });
  it("flags an unknown parent", () => {
    expect(issuesAfter((b) => (b.fields[2]!.parents = ["mood"]))).toContainEqual({ path: ["fields", 2, "parents", 0], message: "unknown parent 'mood'" });
  });
  it("flags a parent cycle", () => {
    const issues = issuesAfter((b) => (b.fields[0]!.parents = ["hours"]));
    expect(issues.some((issue) => /parent cycle: (rank -> hours -> rank|hours -> rank -> hours)/.test(issue.message))).toBe(true);
  });
  it("flags an order that is not topological, and a sampled field missing from order", () => {
    expect(issuesAfter((b) => (b.order = ["hours", "rank"]))).toContainEqual({ path: ["order", 0], message: "'hours' comes before its parent 'rank' in order" });
    expect(issuesAfter((b) => (b.order = ["rank"]))).toContainEqual({ path: ["fields", 1], message: "numeric field 'hours' is missing from order" });
  });
  it("flags a conditional on a non-parent or on a value the parent cannot take", () => {
    expect(issuesAfter((b) => (b.fields[1]!.conditionals![0]!.when = { region: "KR" }))).toContainEqual({ path: ["fields", 1, "conditionals", 0, "when", "region"], message: "'region' is not a parent of 'hours'" });
    expect(issuesAfter((b) => (b.fields[1]!.conditionals![0]!.when = { rank: "Iron" }))).toContainEqual({ path: ["fields", 1, "conditionals", 0, "when", "rank"], message: "'Iron' is not a category of 'rank' (declared: Gold, Diamond)" });
  });
  it("flags categorical weights that are missing, negative or all zero", () => {
    expect(issuesAfter((b) => delete b.fields[0]!.categorical)).toContainEqual({ path: ["fields", 0, "categorical"], message: "categorical field 'rank' has no weights" });
    expect(issuesAfter((b) => (b.fields[0]!.categorical = { weights: { Gold: -1, Diamond: 1 } }))).toContainEqual({ path: ["fields", 0, "categorical", "weights", "Gold"], message: "weight of 'Gold' is negative (-1)" });
    expect(issuesAfter((b) => (b.fields[0]!.categorical = { weights: { Gold: 0, Diamond: 0 } }))).toContainEqual({ path: ["fields", 0, "categorical", "weights"], message: "all weights are zero" });
  });
  it("reads a category named like an inherited key (__proto__, constructor) as any other, each once", () => {
    // As JSON.parse and the request schema's user records give them: own keys.
    const weights = JSON.parse('{"__proto__": -1, "constructor": 1, "Gold": 0}') as Record<string, number>;
    expect(issuesAfter((b) => (b.fields[0]!.categorical = { weights }))).toContainEqual({ path: ["fields", 0, "categorical", "weights", "__proto__"], message: "weight of '__proto__' is negative (-1)" });
    expect(issuesAfter((b) => (b.fields[0]!.categorical = { weights: {} }))).toContainEqual({ path: ["fields", 0, "categorical", "weights"], message: "no categories declared (weights is empty)" });
    const conditioned = issuesAfter((b) => {
      b.fields[0]!.categorical = { weights: JSON.parse('{"__proto__": 1}') as Record<string, number> };
      b.fields[0]!.parents = [];
      b.fields.push({ name: "tier", kind: "categorical", parents: ["rank"], conditionals: [{ when: { rank: "__proto__" }, categorical: { weights: JSON.parse('{"__proto__": 1, "b": 1}') as Record<string, number> } }], ordered_values: ["__proto__", "b", "__proto__"] });
      b.order = [...(b.order ?? []), "tier"];
    });
    expect(conditioned).toContainEqual({ path: ["fields", 3, "ordered_values"], message: "ordered_values must list each category of 'tier' exactly once (repeated: __proto__)" });
  });
  it("flags bad numeric specs, also inside conditionals", () => {
    expect(issuesAfter((b) => (b.fields[1]!.numeric = { min: 5, max: 1, mean: 3, sd: 1 }))).toContainEqual({ path: ["fields", 1, "numeric", "min"], message: "min (5) is greater than max (1)" });
    expect(issuesAfter((b) => (b.fields[1]!.conditionals![0]!.numeric = { min: 0, max: 10, mean: 20, sd: -1 }))).toEqual(
      expect.arrayContaining([
        { path: ["fields", 1, "conditionals", 0, "numeric", "sd"], message: "sd (-1) is negative" },
        { path: ["fields", 1, "conditionals", 0, "numeric", "mean"], message: "mean (20) is outside [0, 10]" },
      ]),
    );
  });
  it("flags a numeric field whose parent cells are not all covered", () => {
    expect(issuesAfter((b) => delete b.fields[1]!.numeric)).toContainEqual({ path: ["fields", 1, "numeric"], message: "numeric field 'hours' has no base 'numeric' and no conditional covers rank=Gold" });
  });
  it("flags constraints with unknown fields, malformed expressions, or that can never hold", () => {
    expect(issuesAfter((b) => (b.constraints![0]!.lhs = "age"))).toContainEqual({ path: ["constraints", 0, "lhs"], message: "unknown field 'age'" });
    expect(issuesAfter((b) => (b.constraints![0]!.rhs = "3 +"))).toContainEqual({ path: ["constraints", 0, "rhs"], message: "malformed expression '3 +': expected a number, a field name or '(' but found end of expression" });
    expect(issuesAfter((b) => (b.constraints![0]!.rhs = "100"))).toContainEqual({ path: ["constraints", 0], message: "constraint 'hours_nonneg' (hours >= 100) can never hold: hours - (100) ranges over [-100, -40] within the fields' bounds" });
  });
  it("flags ordered_values that do not match the categories", () => {
    expect(issuesAfter((b) => (b.fields[0]!.ordered_values = ["Gold", "Iron"]))).toContainEqual({ path: ["fields", 0, "ordered_values"], message: "ordered_values must list each category of 'rank' exactly once (missing Diamond; not a category: Iron)" });
  });
  it("throws a BlueprintError carrying the issues", () => {
    const broken = structuredClone(valid());
    broken.order = [];
    try {
      assertSamplable(broken);
      expect.unreachable();
    } catch (error) {
      expect(BlueprintError.isInstance(error)).toBe(true);
      expect((error as BlueprintError).issues.length).toBeGreaterThan(0);
    }
  });
});

describe("checkedBlueprint: a blueprint checked once is not checked again when it is sampled", () => {
  it("refuses a blueprint the checker refuses, with the checker's issues", () => {
    const broken = structuredClone(valid());
    broken.order = [];
    expect(() => checkedBlueprint(broken)).toThrowError(BlueprintError);
    // Refused, so not remembered: sampling it still refuses it.
    expect(() => sampleStructured(broken, 5, 1)).toThrowError(BlueprintError);
  });
  it("remembers the object that passed, not its contents: a copy changed after the check is checked again", () => {
    const checked = checkedBlueprint(valid());
    expect(sampleStructured(checked, 20, 3)).toEqual(sampleStructured(valid(), 20, 3));
    const copy = structuredClone(checked) as BlueprintInput;
    copy.order = ["hours", "rank"];
    expect(() => sampleStructured(copy, 5, 1)).toThrowError(/'hours' comes before its parent 'rank'/);
    expect(() => sampleNumerics(copy, [{ rank: "Gold" }], 1, 0)).toThrowError(BlueprintError);
  });
  it("takes a copy sharing the parts the checker read (fields, order, constraints) as checked, and checks one with any of them replaced", () => {
    const checked = checkedBlueprint(valid());
    const withSeed = { ...checked, seed: 9 };
    const replaced = [{ ...withSeed, fields: [...checked.fields] }, { ...withSeed, order: [...(checked.order ?? [])] }, { ...withSeed, constraints: [...(checked.constraints ?? [])] }];
    // Made visible by what the contract forbids (a checked blueprint changed in place): only a copy that is checked again sees it.
    const hours = checked.fields[1] as FieldInput;
    hours.numeric = { min: 5, max: 1, mean: 3, sd: 1 };
    expect(() => assertSamplable(withSeed)).not.toThrow();
    expect(() => checkedBlueprint({ ...checked, seed: 10 })).not.toThrow();
    for (const copy of replaced) expect(() => assertSamplable(copy)).toThrowError(/min \(5\) is greater than max \(1\)/);
  });
});

describe("checkBlueprint: cells of a field's parents no conditional covers", () => {
  const regions = ["north", "south", "east"];
  const tiers = ["low", "mid", "high"];
  const conditionalArbitrary = fc.record({
    region: fc.option(fc.constantFrom(...regions), { nil: undefined }),
    tier: fc.option(fc.constantFrom(...tiers), { nil: undefined }),
    hasNumeric: fc.boolean(),
  });
  it("are the cells `matchingConditional` (what the sampler uses) finds no distribution for", () => {
    fc.assert(
      fc.property(fc.array(conditionalArbitrary, { maxLength: 8 }), (drawn) => {
        const conditionals: NonNullable<FieldInput["conditionals"]> = drawn.map(({ region, tier, hasNumeric }) => ({
          when: { ...(region ? { region } : {}), ...(tier ? { tier } : {}) },
          ...(hasNumeric ? { numeric: { min: 0, max: 10, mean: 5, sd: 1 } } : { categorical: { weights: { a: 1 } } }),
        }));
        const blueprint: BlueprintInput = {
          domain: "cells",
          order: ["region", "tier", "hours"],
          fields: [
            { name: "region", kind: "categorical", categorical: { weights: Object.fromEntries(regions.map((region) => [region, 1])) } },
            { name: "tier", kind: "categorical", categorical: { weights: Object.fromEntries(tiers.map((tier) => [tier, 1])) } },
            { name: "hours", kind: "numeric", parents: ["region", "tier"], conditionals },
          ],
        };
        const cells = regions.flatMap((region) => tiers.map((tier) => ({ region, tier })));
        const uncovered = cells.filter((cell) => !matchingConditional(conditionals, cell, (conditional) => conditional.numeric !== undefined));
        const issue = checkBlueprint(blueprint).find((found) => found.path.join(".") === "fields.2.numeric");
        const listed = uncovered.slice(0, 3).map((cell) => `region=${cell.region}, tier=${cell.tier}`).join("; ");
        const expected =
          conditionals.length === 0
            ? "numeric field 'hours' has no base 'numeric' and no conditional distributions"
            : uncovered.length === 0
              ? undefined
              : `numeric field 'hours' has no base 'numeric' and no conditional covers ${listed}${uncovered.length > 3 ? ` (and ${uncovered.length - 3} more)` : ""}`;
        expect(issue?.message).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
