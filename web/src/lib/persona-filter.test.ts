import { describe, expect, it } from "vitest";
import { facetsOf, filterPersonas } from "./persona-filter.ts";
import type { Blueprint, Persona } from "./dramatis.ts";

const persona = (id: string, fields: Record<string, string>): Persona => ({ persona_id: id, fields, system_prompt: "p", markdown: "m" });
const personas = [
  persona("p0001", { name: "Zoé Martin", city: "Lyon", age: "34", backstory: "Plays chess in the park." }),
  persona("p0002", { name: "Ada Obi", city: "Lagos", age: "51", backstory: "Bakes bread at dawn." }),
  persona("p0003", { name: "Bo Lind", city: "Lyon", age: "27", backstory: "Rides a bike to work." }),
];
const blueprint = {
  domain: "people",
  order: [],
  constraints: [],
  fields: [
    { name: "city", kind: "categorical", parents: [], conditionals: [], categorical: { weights: { Lyon: 1, Lagos: 1 } } },
    { name: "age", kind: "numeric", parents: [], conditionals: [], numeric: { min: 18, max: 90, mean: 40, sd: 10 } },
    { name: "backstory", kind: "text", parents: [], conditionals: [] },
  ],
} as Blueprint;

describe("persona search and filters", () => {
  it("search needs every word somewhere in the persona, ignoring case and accents", () => {
    expect(filterPersonas(personas, { search: "zoe lyon", filters: {} }).map((found) => found.persona_id)).toEqual(["p0001"]);
    expect(filterPersonas(personas, { search: "BREAD", filters: {} }).map((found) => found.persona_id)).toEqual(["p0002"]);
    expect(filterPersonas(personas, { search: "  ", filters: {} })).toHaveLength(3);
  });

  it("filters a categorical field by value and a numeric one by range, together", () => {
    const lyon = filterPersonas(personas, { search: "", filters: { city: { kind: "value", value: "Lyon" } } });
    expect(lyon.map((found) => found.persona_id)).toEqual(["p0001", "p0003"]);
    const older = filterPersonas(personas, { search: "", filters: { city: { kind: "value", value: "Lyon" }, age: { kind: "range", min: 30 } } });
    expect(older.map((found) => found.persona_id)).toEqual(["p0001"]);
    expect(filterPersonas(personas, { search: "", filters: { age: { kind: "range", max: 30 } } }).map((found) => found.persona_id)).toEqual(["p0003"]);
  });

  it("a persona without the filtered field does not match, and an inherited name is no field", () => {
    expect(filterPersonas([persona("p9", { name: "X" })], { search: "", filters: { age: { kind: "range", min: 1 } } })).toEqual([]);
    expect(filterPersonas(personas, { search: "", filters: { toString: { kind: "value" as const, value: "x" } } })).toEqual([]);
  });

  it("offers a filter for every categorical and numeric field, declared or read from the values; free text is left to search", () => {
    const facets = facetsOf(personas, blueprint);
    expect(facets.map((facet) => [facet.field, facet.kind])).toEqual([
      ["city", "categorical"],
      ["age", "numeric"],
      ["name", "categorical"],
    ]);
    expect(facets[0]!.values).toEqual([
      { value: "Lyon", count: 2 },
      { value: "Lagos", count: 1 },
    ]);
    expect(facets[1]).toMatchObject({ min: 27, max: 51 });
    expect(facetsOf(personas).map((facet) => [facet.field, facet.kind])).toEqual([
      ["name", "categorical"],
      ["city", "categorical"],
      ["age", "numeric"],
    ]);
  });
});
