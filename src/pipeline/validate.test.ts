/**
 * What a caller's blueprint can make an evaluation cost: however many of its entries are wrong, and
 * however many fields it declares, the report stays small (D3 through `validate`'s blueprint).
 */
import { describe, expect, it } from "vitest";
import { evaluatePopulation } from "./validate.ts";
import { CALLER_BLUEPRINT_LIMITS, MAX_LISTED_BLUEPRINT_ISSUES, readCallerBlueprint } from "../engine/caller-blueprint.ts";
import { MAX_DETAIL_CHARS } from "../engine/quality/listing.ts";
import { evaluatePersonas } from "../engine/quality/gates.ts";

const persona = (index: number) => ({ persona_id: `p${index}`, fields: { a: "1" }, system_prompt: "s", markdown: "m" });

describe("blueprint_issues", () => {
  it("lists the first 20 issues and counts the rest, for a blueprint of 100,000 bad entries", () => {
    const fields = [{ name: "f", kind: "categorical", categorical: { weights: Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`c${index}`, "x"])) } }];
    const report = evaluatePopulation([persona(0)], { fields });
    const issues = "blueprint_issues" in report ? report.blueprint_issues : [];
    expect(issues).toHaveLength(MAX_LISTED_BLUEPRINT_ISSUES + 1);
    expect(issues[0]).toEqual({
      loc: ["fields", 0, "categorical", "weights"],
      msg: `List should have at most ${CALLER_BLUEPRINT_LIMITS.categories.toLocaleString("en-US")} items after validation, not 100,000: at most ${CALLER_BLUEPRINT_LIMITS.categories.toLocaleString("en-US")} categories per distribution; the rest is ignored`,
    });
    expect(issues.at(-1)).toEqual({ loc: [], msg: expect.stringMatching(/^… and [\d,]+ more issues$/) });
    expect(JSON.stringify(report).length).toBeLessThan(20_000);
  });

  it("reads a list only up to its cap: the entries past it are neither read nor reported one by one", () => {
    const parents = Array.from({ length: 100_000 }, () => 1);
    const read = readCallerBlueprint({ fields: Array.from({ length: 10 }, (_, index) => ({ name: `f${index}`, kind: "categorical", parents })) });
    // Each field's first 20 parents are read (and are not strings); the 99,980 others of each are not.
    expect(read.issueCount).toBe(10 * (1 + CALLER_BLUEPRINT_LIMITS.parents));
    expect(read.issues).toHaveLength(MAX_LISTED_BLUEPRINT_ISSUES);
    expect(read.exceeded).toHaveLength(10);
  });

  it("stops reading at the total of entries a blueprint may hold, and says so once", () => {
    const wide = Array.from({ length: 40 }, (_, field) => ({
      name: `f${field}`,
      kind: "categorical",
      categorical: { weights: Object.fromEntries(Array.from({ length: 1_000 }, (_, category) => [`c${category}`, 1])) },
    }));
    const read = readCallerBlueprint({ fields: wide });
    const categories = read.blueprint.fields.reduce((sum, field) => sum + Object.keys(field.categorical?.weights ?? {}).length, 0);
    expect(categories + read.blueprint.fields.length).toBe(CALLER_BLUEPRINT_LIMITS.entries);
    expect(read.exceeded.filter((problem) => problem.msg.includes("entries in a blueprint in all"))).toHaveLength(1);
  });
});

describe("scorecards of a blueprint with many fields", () => {
  it("name a few missing fields and count the others, so 10,000 fields × 50 personas stays small", () => {
    // Straight to the gates: the reader would keep only the first 500 fields.
    const fields = Array.from({ length: 10_000 }, (_, index) => ({ name: `field_${index}`, kind: "text" as const }));
    const personas = Array.from({ length: 50 }, (_, index) => persona(index));
    const report = evaluatePersonas(personas, { domain: "x", fields });
    for (const scorecard of report.scorecards) {
      const schema = scorecard.gates.find((gate) => gate.name === "schema")!;
      expect(schema.detail.length).toBeLessThanOrEqual(MAX_DETAIL_CHARS);
      expect(schema.detail).toMatch(/^missing field 'field_0'; missing field 'field_1'; .* … and [\d,]+ more$/);
    }
    // Once 11.5 MB.
    expect(JSON.stringify(report).length).toBeLessThan(100_000);
  });

  it("quote a caller's long value and a long list of categories in a few characters", () => {
    const categories = Object.fromEntries(Array.from({ length: 500 }, (_, index) => [`category_${index}`, 1]));
    const report = evaluatePopulation([{ ...persona(0), fields: { kind: "v".repeat(100_000) } }], { fields: [{ name: "kind", kind: "categorical", categorical: { weights: categories } }] });
    const schema = report.scorecards[0]!.gates.find((gate) => gate.name === "schema")!;
    expect(schema.detail).toMatch(/^'kind' is 'v+…', not one of category_0, category_1, .* … and 490 more$/);
    expect(schema.detail.length).toBeLessThanOrEqual(MAX_DETAIL_CHARS);
  });
});

describe("marginals of values nobody declared", () => {
  it("list a few undeclared values and sum the others in one cell", () => {
    const personas = Array.from({ length: 200 }, (_, index) => ({ ...persona(index), fields: { rank: `own value ${index}` } }));
    const report = evaluatePopulation(personas, { fields: [{ name: "rank", kind: "categorical", categorical: { weights: { Gold: 1, Silver: 1 } } }] });
    const cells = report.marginals![0]!.cells;
    expect(cells.map((cell) => cell.key).slice(0, 2)).toEqual(["Gold", "Silver"]);
    expect(cells).toHaveLength(2 + 20 + 1);
    expect(cells.at(-1)).toEqual({ key: "(other values)", requested: 0, achieved: 0.9 });
    expect(report.marginals![0]!.total_variation_distance).toBe(1);
  });
});
