/**
 * Session 16's review (R): what the session's commits were meant to do, read on inputs nobody tuned
 * them for. Each test names the commit it checks; defects found are in /work/notes/s16/R-findings.md
 * (their failing tests in /work/notes/s16/R-session16-failing.test.ts.txt, not committed).
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, weightsOf, type Design } from "./offline-reading.ts";

/** The values a categorical field can take, in its own weights or under any condition (a city under its country). */
function possibleValues(blueprint: Design, name: string): string[] {
  const values = new Set(Object.keys(weightsOf(blueprint, name)));
  for (const conditional of blueprint.fields.find((field) => field.name === name)?.conditionals ?? []) {
    for (const [value, weight] of Object.entries(conditional.categorical?.weights ?? {})) if (weight > 0) values.add(value);
  }
  return [...values];
}

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

describe("towns below the named-city size, unknown places' names, rural sea work, an event's non-entrants (1635402)", () => {
  it("'Teachers in Kumbo' live in Kumbo, Cameroon", () => {
    const blueprint = design("Teachers in Kumbo");
    expect(possibleValues(blueprint, "country")).toEqual(["Cameroon"]);
    expect(possibleValues(blueprint, "city")).toEqual(["Kumbo"]);
  });

  it("'Traders in Techiman' (not in the gazetteer) say their names are not modelled there", () => {
    expect(design("Traders in Techiman").unmodelled.some((entry) => entry.startsWith("names in"))).toBe(true);
  });

  it("'Spectators at the Olympics' are of every adult age, not the athletes' 23 to 35 (R16-16a)", async () => {
    const ages = (await personasOf("Spectators at the Olympics", 20)).map((persona) => Number(persona.age));
    expect(ages.filter((age) => age >= 40).length).toBeGreaterThan(0);
  });

  it("'Subsistence fishermen in rural Tanzania' live on the coast", async () => {
    const personas = await personasOf("Subsistence fishermen in rural Tanzania", 12);
    expect(personas.filter((persona) => persona.settlement !== "coastal").map((persona) => persona.city)).toEqual([]);
  });
});

describe("the built-in domains follow the places the understanding reads, in any country (32ff342, R16-9)", () => {
  it.each(["Pediatric nurses in Latvia", "Nurses in Kumbo", "Nurses in Bendigo"])("%s get no US wages", (prompt) => {
    expect(design(prompt).fields.map((field) => field.name)).not.toContain("annual_wage_usd");
  });

  it.each([
    ["Software developers in Tartu", "Estonia"],
    ["Backend software developers in Rwanda", "Rwanda"],
  ])("%s live in %s", (prompt, country) => {
    expect(possibleValues(design(prompt), "country")).toEqual([country]);
  });
});

describe("a noun that is an age sets the ages (e0055b2, R16-5)", () => {
  it.each([
    ["Nonagenarians in Sweden", 90, 99],
    ["Octogenarian farmers in Okinawa", 80, 89],
  ])("%s are %i to %i", async (prompt, low, high) => {
    const ages = (await personasOf(prompt, 12)).map((persona) => Number(persona.age));
    expect(ages.filter((age) => !(age >= low && age <= high))).toEqual([]);
  });
});

describe("small-vehicle drivers are not written with a car (73ad2b5, R16-14)", () => {
  it.each(["Auto-rickshaw drivers in Chennai", "Pedicab drivers in Manila"])("%s: no car, no airport pick-up lane, no parking tickets", async (prompt) => {
    const text = (await personasOf(prompt, 12)).map((persona) => Object.values(persona).join(" ")).join("\n");
    expect(text.match(/\b(the car|airport pick-up lane|parking tickets)\b/gi) ?? []).toEqual([]);
  });
});
