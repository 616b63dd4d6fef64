import { describe, expect, it } from "vitest";
import { dairyFarmerBlueprint } from "./testing/scripted-population.ts";
import { blueprintFromWire, dependencyOrder, type BlueprintWire } from "./wire-schemas.ts";

type WireField = BlueprintWire["fields"][number];

describe("blueprintFromWire", () => {
  it("turns weight lists into maps and drops what is null", () => {
    const { blueprint, problems } = blueprintFromWire(dairyFarmerBlueprint());
    expect(problems).toEqual([]);
    const country = blueprint?.fields.find((field) => field.name === "country");
    expect(country).toEqual({ name: "country", kind: "categorical", label: "Country", description: "country they farm in", parents: [], conditionals: [], categorical: { weights: { "New Zealand": 1 } } });
    expect(blueprint?.sources).toBeUndefined();
  });

  it("derives a working order when the model's does not put parents first", () => {
    const wire = { ...dairyFarmerBlueprint(), order: ["herd_size", "voice", "role"] };
    expect(blueprintFromWire(wire).blueprint?.order).toEqual(["voice", "role", "herd_size", "country", "region", "age", "years_farming", "name", "backstory"]);
  });

  it("adds the name and voice text fields a model forgot", () => {
    const wire = dairyFarmerBlueprint();
    wire.fields = wire.fields.filter((field) => field.name !== "name" && field.name !== "voice");
    const names = blueprintFromWire(wire).blueprint?.fields.map((field) => field.name);
    expect(names?.slice(-2)).toEqual(["name", "voice"]);
  });

  it("reports a category listed twice and a name that is not text", () => {
    const wire = dairyFarmerBlueprint();
    (wire.fields[1] as WireField).categories = [{ value: "Waikato", weight: 1 }, { value: "Waikato", weight: 2 }];
    (wire.fields[6] as WireField).kind = "categorical";
    expect(blueprintFromWire(wire).problems).toEqual([
      "fields[1] 'region': category 'Waikato' is listed twice",
      `fields[6] 'name': a person's name must be a text field (kind "text"), written per persona`,
    ]);
  });
});

describe("dependencyOrder", () => {
  it("is undefined for a cycle, so the checker reports it", () => {
    const fields = [
      { name: "a", kind: "categorical" as const, parents: ["b"] },
      { name: "b", kind: "categorical" as const, parents: ["a"] },
    ];
    expect(dependencyOrder(fields, ["a", "b"])).toBeUndefined();
  });
});
