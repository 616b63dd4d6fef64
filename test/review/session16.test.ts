/**
 * Session 16's review (R): what the session's commits were meant to do, read on inputs nobody tuned
 * them for. Each test names the commit it checks; defects found are in /work/notes/s16/R-findings.md
 * (their failing tests in /work/notes/s16/R-session16-failing.test.ts.txt, not committed).
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, weightsOf, type Design } from "./offline-reading.ts";

/** A categorical field's values of positive weight. */
const possibleValues = (blueprint: Design, name: string): string[] => Object.keys(weightsOf(blueprint, name));

describe("named events are what people are in, not where they live or a weekly pastime (b7e6137)", () => {
  it("'Riders in the Vuelta a España' race for a living: adults, no weekly hours of cycling", async () => {
    const blueprint = design("Riders in the Vuelta a España");
    expect(blueprint.fields.map((field) => field.name)).not.toContain("hours_per_week");
    const ages = (await personasOf("Riders in the Vuelta a España", 12)).map((persona) => Number(persona.age));
    expect(ages.filter((age) => !(age >= 18 && age <= 45))).toEqual([]);
  });

  it("'Pilgrims walking the Camino de Santiago' do not live in Santiago, Chile", () => {
    expect(possibleValues(design("Pilgrims walking the Camino de Santiago"), "country")).not.toContain("Chile");
  });

  it("'Turkish pilgrims performing Umrah' are at the venue and come from Turkey", () => {
    const blueprint = design("Turkish pilgrims performing Umrah");
    expect(possibleValues(blueprint, "country")).toEqual(["Saudi Arabia"]);
    expect(possibleValues(blueprint, "origin_country")).toEqual(["Turkey"]);
  });
});

describe("a workplace of one trade gives its people that trade's job and industry (b7e6137)", () => {
  it.each([
    ["Meatpacking workers in Nebraska", "food"],
    ["Poultry plant workers in Arkansas", "food"],
    ["Abattoir workers in Wales", "food"],
    ["Shipyard workers in Glasgow", "manufacturing"],
  ])("%s work in %s, with no declared gap for their job", (prompt, industry) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "industry")).toEqual([industry]);
    expect(blueprint.unmodelled.filter((entry) => /workers/i.test(entry))).toEqual([]);
  });

  it("'Quarry workers in Cornwall' work at a quarry, not a mine", () => {
    const blueprint = design("Quarry workers in Cornwall");
    expect(possibleValues(blueprint, "workplace")).not.toContain("a mine");
  });
});
