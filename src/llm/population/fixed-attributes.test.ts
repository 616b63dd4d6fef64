import { describe, expect, it } from "vitest";
import type { BlueprintInput } from "../../engine/blueprint-check.ts";
import { fixedAttributeGaps, statedAttributes } from "./fixed-attributes.ts";
import type { FixedAttribute } from "./wire-schemas.ts";

const attribute = (overrides: Partial<FixedAttribute>): FixedAttribute => ({ kind: "place", quote: "", values: [], min: null, max: null, unit: null, ...overrides });

function blueprintWith(fields: BlueprintInput["fields"], constraints: BlueprintInput["constraints"] = []): BlueprintInput {
  return { domain: "test", fields, order: fields.map((field) => field.name), constraints };
}

describe("fixedAttributeGaps", () => {
  const place = attribute({ kind: "place", quote: "in Mexico", values: ["Mexico"] });

  it("accepts a categorical field whose every category names the fixed value", () => {
    expect(fixedAttributeGaps(blueprintWith([{ name: "country", kind: "categorical", categorical: { weights: { Mexico: 1 } } }]), [place])).toEqual([]);
    expect(fixedAttributeGaps(blueprintWith([{ name: "setting", kind: "categorical", categorical: { weights: { "urban México": 0.8, "rural Mexico": 0.2 } } }]), [place])).toEqual([]);
  });

  it("refuses a field that also allows other values, and says what to add", () => {
    const gaps = fixedAttributeGaps(blueprintWith([{ name: "country", kind: "categorical", categorical: { weights: { Mexico: 0.9, Guatemala: 0.1 } } }]), [place]);
    expect(gaps).toEqual([`the prompt fixes place = Mexico (the prompt says "in Mexico"), but no field holds every persona to it: add a categorical field (e.g. 'country') whose only category is 'Mexico'`]);
  });

  it("reads gender words as the same gender", () => {
    const women = attribute({ kind: "gender", quote: "women", values: ["women"] });
    expect(fixedAttributeGaps(blueprintWith([{ name: "gender", kind: "categorical", categorical: { weights: { female: 1 } } }]), [women])).toEqual([]);
    expect(fixedAttributeGaps(blueprintWith([{ name: "gender", kind: "categorical", categorical: { weights: { female: 0.5, male: 0.5 } } }]), [women])).toHaveLength(1);
  });

  it("accepts an age range within the fixed one, in every conditional, or bounded by constraints", () => {
    const age = attribute({ kind: "age", quote: "aged 30 to 45", min: 30, max: 45, unit: "years" });
    const within = blueprintWith([{ name: "age", kind: "numeric", numeric: { min: 30, max: 45, mean: 38, sd: 4, integer: true } }]);
    expect(fixedAttributeGaps(within, [age])).toEqual([]);
    const wide = blueprintWith([
      { name: "band", kind: "categorical", categorical: { weights: { young: 1, old: 1 } } },
      { name: "age", kind: "numeric", parents: ["band"], conditionals: [
        { when: { band: "young" }, numeric: { min: 30, max: 37, mean: 33, sd: 2 } },
        { when: { band: "old" }, numeric: { min: 38, max: 60, mean: 45, sd: 5 } },
      ] },
    ]);
    expect(fixedAttributeGaps(wide, [age])).toEqual([
      `the prompt fixes age = 30 to 45 years (the prompt says "aged 30 to 45"), but no field holds every persona to it: add a numeric field 'age' whose min and max (in every conditional too) lie within 30 to 45 years, or constraints bounding it`,
    ]);
    const constrained = { ...wide, constraints: [{ name: "at_most_45", lhs: "age", op: "<=" as const, rhs: "45" }] };
    expect(fixedAttributeGaps(constrained, [age])).toEqual([]);
  });

  it("takes a one-sided bound ('over 65')", () => {
    const over = attribute({ kind: "age", quote: "over 65", min: 65 });
    expect(fixedAttributeGaps(blueprintWith([{ name: "age_years", kind: "numeric", numeric: { min: 65, max: 95, mean: 74, sd: 6 } }]), [over])).toEqual([]);
    expect(fixedAttributeGaps(blueprintWith([{ name: "age_years", kind: "numeric", numeric: { min: 60, max: 95, mean: 74, sd: 6 } }]), [over])).toHaveLength(1);
  });

  it("accepts an era as a category or as a range of years", () => {
    const era = attribute({ kind: "era", quote: "in the 1920s", values: ["1920s"], min: 1920, max: 1929 });
    expect(fixedAttributeGaps(blueprintWith([{ name: "era", kind: "categorical", categorical: { weights: { "the 1920s": 1 } } }]), [era])).toEqual([]);
    expect(fixedAttributeGaps(blueprintWith([{ name: "year", kind: "numeric", numeric: { min: 1920, max: 1929, mean: 1925, sd: 3, integer: true } }]), [era])).toEqual([]);
  });
});

describe("statedAttributes", () => {
  it("drops attributes whose quote the prompt does not contain, and empty ones", () => {
    const listed = [
      attribute({ quote: "in New Zealand", values: ["New Zealand"] }),
      attribute({ kind: "gender", quote: "women only", values: ["female"] }),
      attribute({ kind: "era", quote: "", values: [] }),
    ];
    expect(statedAttributes("Dairy farmers in New Zealand", listed)).toEqual([listed[0]]);
  });
});
