import { describe, expect, it } from "vitest";
import { checkBlueprint } from "../../engine/blueprint-check.ts";
import { sampleStructured } from "../../engine/sampler.ts";
import { parsePrompt } from "../prompt.ts";
import { genericPerson, readRole } from "./generic-person.ts";
import { pickDomain } from "./index.ts";

function sample(prompt: string, count = 400, seed = 5) {
  const parsed = parsePrompt(prompt);
  const blueprint = pickDomain(parsed).blueprint(parsed);
  expect(checkBlueprint(blueprint)).toEqual([]);
  return { blueprint, personas: sampleStructured(blueprint, count, seed) };
}

describe("generic person: roles", () => {
  it.each([
    ["customers of a coffee shop", "relation", "customer of a coffee shop"],
    ["fans of Taylor Swift in Lagos", "relation", "fan of Taylor Swift"],
    ["patients at a rural clinic", "relation", "patient at a rural clinic"],
    ["chess players", "relation", "chess player"],
    ["university students", "relation", "university student"],
    ["dog owners", "relation", "dog owner"],
    ["small business owners", "occupation", "small business owner"],
    ["retired teachers in Japan", "occupation", "retired teacher"],
    ["nannies", "occupation", "nanny"],
    ["baristas in Seattle", "occupation", "barista"],
    ["persona", "general", "person"],
    ["personas", "general", "person"],
    ["people", "general", "person"],
    ["random individuals", "general", "person"],
    ["teenage girls from Brazil", "general", "person"],
    ["Kenyans", "general", "person"],
    ["Kenyan farmers", "occupation", "farmer"],
    ["Vietnamese students", "relation", "student"],
  ])("%s → %s %s", (role, kind, phrase) => {
    expect(readRole(role)).toMatchObject({ kind, phrase });
  });

  it("a relation is its own field and the occupation an everyday one, never the relation", () => {
    const { blueprint, personas } = sample("customers of a coffee shop");
    expect(blueprint.fields.find((field) => field.name === "relation")?.categorical?.weights).toEqual({ "regular customer of a coffee shop": 1 });
    expect(new Set(personas.map((persona) => persona.occupation)).size).toBeGreaterThan(5);
    for (const persona of personas) expect(String(persona.occupation)).not.toMatch(/customer|coffee/);
  });

  it("meaningless roles fall back to the general person model", () => {
    for (const prompt of ["one persona", "5 personas", "people", "individuals", "a person"]) {
      const { blueprint, personas } = sample(prompt, 50);
      expect(blueprint.domain).toBe("generic_person");
      for (const persona of personas) expect(String(persona.occupation)).not.toMatch(/persona|people|person|individual/);
    }
  });

  it("occupations fit ages: students young, retirees old, school pupils under 18", () => {
    const { personas } = sample("people", 1000, 9);
    for (const persona of personas) {
      const age = persona.age as number;
      if (persona.occupation === "retiree") expect(age).toBeGreaterThanOrEqual(55);
      if (persona.occupation === "student") expect(age).toBeLessThanOrEqual(24);
      if (age >= 65) expect(["student", "job seeker", "homemaker"]).not.toContain(persona.occupation);
    }
    const teens = sample("teenage girls from Brazil", 300).personas;
    for (const persona of teens) {
      if ((persona.age as number) < 18) expect(persona.occupation).toMatch(/school|apprentice/);
      expect(persona.gender).toBe("female");
    }
  });
});

describe("generic person: places", () => {
  it.each([
    ["10 baristas in Seattle", "US", ["Seattle"]],
    ["baristas in Lyon", "FR", ["Lyon"]],
    ["street vendors in Lagos", "NG", ["Lagos"]],
    ["teachers in Ohio", "US", ["Columbus", "Cleveland", "Cincinnati", "Toledo", "Akron", "Dayton"]],
  ])("%s: everyone lives in %s, in the named place", (prompt, country, cities) => {
    const { personas } = sample(prompt, 300);
    for (const persona of personas) {
      expect(persona.country).toBe(country);
      expect(cities).toContain(persona.city);
    }
  });

  it("a country named without a city keeps its own cities next to a named one", () => {
    const { personas } = sample("baristas in Seattle and Japan", 300);
    for (const persona of personas) expect(persona.country === "US" ? ["Seattle"] : ["Tokyo", "Osaka", "Nagoya", "Fukuoka", "Sapporo"]).toContain(persona.city);
  });

  it("no place named: no city field, world population weights", () => {
    const blueprint = genericPerson.blueprint(parsePrompt("people"));
    expect(blueprint.fields.some((field) => field.name === "city")).toBe(false);
    expect(Object.keys(blueprint.fields[0]?.categorical?.weights ?? {}).length).toBe(20);
  });
});
