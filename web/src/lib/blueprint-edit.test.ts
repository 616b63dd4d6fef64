import { describe, expect, it } from "vitest";
import { changedFields, distributionsOf, setCategoryWeight, setNumeric, shares } from "./blueprint-edit.ts";
import type { Blueprint } from "./dramatis.ts";

const blueprint = {
  domain: "nurses",
  order: ["gender", "age_band", "age"],
  constraints: [],
  fields: [
    { name: "gender", kind: "categorical", parents: [], conditionals: [], categorical: { weights: { female: 0.87, male: 0.13 } } },
    { name: "age_band", kind: "categorical", parents: [], conditionals: [], categorical: { weights: { young: 1, old: 1 } } },
    {
      name: "age",
      kind: "numeric",
      parents: ["age_band"],
      conditionals: [
        { when: { age_band: "young" }, numeric: { min: 21, max: 39, mean: 30, sd: 5 } },
        { when: { age_band: "old" }, numeric: { min: 40, max: 70, mean: 50, sd: 8 } },
      ],
    },
  ],
} as Blueprint;

describe("editing a blueprint's distributions", () => {
  it("changes one weight and leaves the original untouched", () => {
    const edited = setCategoryWeight(blueprint, { field: "gender" }, "male", 0.5);
    expect(edited.fields[0]!.categorical!.weights).toEqual({ female: 0.87, male: 0.5 });
    expect(blueprint.fields[0]!.categorical!.weights).toEqual({ female: 0.87, male: 0.13 });
    expect(changedFields(blueprint, edited)).toEqual(["gender"]);
  });

  it("changes a range inside one parent cell only", () => {
    const edited = setNumeric(blueprint, { field: "age", conditional: 1 }, "max", 65);
    expect(edited.fields[2]!.conditionals[1]!.numeric!.max).toBe(65);
    expect(edited.fields[2]!.conditionals[0]).toBe(blueprint.fields[2]!.conditionals[0]);
    expect(changedFields(blueprint, edited)).toEqual(["age"]);
  });

  it("refuses what the sampler cannot take, with a message", () => {
    expect(() => setCategoryWeight(blueprint, { field: "gender" }, "male", -1)).toThrow(/at least 0/);
    expect(() => setNumeric(blueprint, { field: "age", conditional: 0 }, "sd", -2)).toThrow(/sd/);
    expect(() => setNumeric(blueprint, { field: "age" }, "min", 1)).toThrow(/no numeric range of its own/);
    expect(() => setCategoryWeight(blueprint, { field: "missing" }, "x", 1)).toThrow(/no field "missing"/);
  });

  it("lists a field's distributions, root first, each cell named by its parents", () => {
    expect(distributionsOf(blueprint.fields[2]!).map((place) => place.cell)).toEqual(["age_band = young", "age_band = old"]);
    expect(distributionsOf(blueprint.fields[0]!).map((place) => place.cell)).toEqual(["all"]);
  });

  it("reads weights as the shares the sampler aims at", () => {
    expect(shares({ a: 3, b: 1 })).toEqual({ a: 0.75, b: 0.25 });
    expect(shares({ a: 0, b: 0 })).toEqual({ a: 0, b: 0 });
  });
});
