/**
 * Session 19's review (R): what the session's commits were meant to do, read on inputs nobody tuned
 * them for. Each describe names the commit it checks; defects found are in /work/notes/s19/R-findings.md
 * (their failing tests in /work/notes/s19/R-session19-failing.test.ts.txt, not committed). Every test
 * here failed before the commit it names.
 */
import { describe, expect, it } from "vitest";
import { cityOf, countryNamed } from "../../src/offline/knowledge/gazetteer.ts";
import { OfflineEnhancer } from "../../src/offline/enhancer.ts";
import { namingCulture } from "../../src/offline/names/cultures.ts";
import { design, personasOf, possibleValues, sentencesMatching } from "./offline-reading.ts";

const enhanced = (sketch: string) => new OfflineEnhancer().enhanceSync({ sketch, grounding: "off", seed: 5 }) as Record<string, string | undefined>;
const surnameOf = (fields: Record<string, string | undefined>) => String(fields.name).split(" ").at(-1)!;

describe("a sketch's first name gets a surname of the place's own lists (01caca7)", () => {
  it.each([
    ["Sipho, 33, miner in Johannesburg", "South Africa"],
    ["Jean, 50, baker in Namur", "Belgium"],
  ])("%s: a surname of %s's lists", (sketch, country) => {
    const culture = namingCulture(countryNamed(country)!.names);
    const surnames = new Set([...culture.family("female"), ...culture.family("male")]);
    expect(surnames.has(surnameOf(enhanced(sketch)))).toBe(true);
  });
});

describe("a business a sketch's person runs, with no job stated, is their job (01caca7)", () => {
  it.each([
    ["Dmitri, 44, runs a car repair garage in Riga", "car repair garage owner"],
    ["Amara, 29, runs a hair salon in Accra", "hair salon owner"],
  ])("%s → %s, not a pastime", (sketch, occupation) => {
    const fields = enhanced(sketch);
    expect(fields.occupation).toBe(occupation);
    expect(fields.hobbies ?? "").not.toMatch(/running a/);
  });
});

describe("what a sketch's person runs keeps its whole name, and beside a job stays a pastime (ca7446b)", () => {
  it("'Bea, 35, runs a hotel bar in Lisbon' is a hotel bar owner, not a hotel owner", () => {
    expect(enhanced("Bea, 35, runs a hotel bar in Lisbon").occupation).toBe("hotel bar owner");
  });
  it("'Ravi, 44, accountant in Pune, runs a yoga class on Sundays' keeps the class as a pastime", () => {
    expect(enhanced("Ravi, 44, accountant in Pune, runs a yoga class on Sundays").hobbies ?? "").toMatch(/yoga class/);
  });
});

describe("death row is not a prison job, and no parole is waited for (508209d)", () => {
  it.each(["Prisoners on death row in Japan", "Women on death row in California"])("%s: no workshop, parole or job frames", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(sentencesMatching(personas, /\b(?:parole|prison workshop|the job|Outside work|working days?|colleagues)\b/i)).toEqual([]);
  });
});

describe("a water body or lake as a work area has its shores' countries (28dda09)", () => {
  it.each([
    ["Fish farmers on Lake Titicaca", ["Peru", "Bolivia"]],
    ["Sponge divers in the Aegean", ["Greece", "Turkey"]],
    ["Tuna fishermen in the Gulf of Guinea", ["Ghana", "Côte d'Ivoire", "Nigeria", "Benin", "Togo", "Cameroon", "Equatorial Guinea", "Gabon", "São Tomé and Príncipe"]],
  ])("%s live in %j", (prompt, shores) => {
    const countries = possibleValues(design(prompt), "country");
    expect(countries.length).toBeGreaterThan(0);
    expect(countries.filter((country) => !shores.includes(country))).toEqual([]);
  });
  it("'Fishermen on Lake Malawi' live on the lakeshore (east of 33.9°E), not in Mchinji or Mulanje", () => {
    const malawi = countryNamed("Malawi")!;
    const inland = possibleValues(design("Fishermen on Lake Malawi"), "city").filter((name) => {
      const city = cityOf(malawi, name);
      return city?.longitude !== undefined && city.latitude !== undefined && (city.longitude < 33.9 || city.latitude < -14.6);
    });
    expect(inland).toEqual([]);
  });
});

describe("a city named in its own language is the city (28dda09)", () => {
  it.each([
    ["Taxi drivers in Köln", "Germany"],
    ["Cooks in Praha", "Czechia"],
    ["Teachers in Den Haag", "Netherlands"],
  ])("%s live in %s", (prompt, country) => {
    expect(possibleValues(design(prompt), "country")).toEqual([country]);
  });
});

describe("children of <people> <job> are not the job, and a field of study is kept (28dda09)", () => {
  it("'Children of Cuban exiles in Miami' are born in the United States, not exiles, not all children", async () => {
    const blueprint = design("Children of Cuban exiles in Miami");
    expect(possibleValues(blueprint, "identity")).not.toContain("exile");
    expect(possibleValues(blueprint, "birthplace")).toEqual(["United States"]);
    expect((await personasOf("Children of Cuban exiles in Miami", 12)).filter((persona) => Number(persona.age) >= 18).length).toBeGreaterThan(0);
  });
  it.each([
    ["Graduate students in astrophysics in Chile", /astrophysics/],
    ["Postdocs in neuroscience in Boston", /neuroscience/],
  ])("%s keep the field", (prompt, field) => {
    expect(design(prompt).fields.some((candidate) => Object.keys(candidate.categorical?.weights ?? {}).some((value) => field.test(value)))).toBe(true);
  });
});

describe("rivers and a gulf named after a state are their shores (45e709e)", () => {
  it.each([
    ["Boatmen on the Danube", ["Germany", "Austria", "Slovakia", "Hungary", "Croatia", "Serbia", "Romania", "Bulgaria", "Moldova", "Ukraine"]],
    ["Fishermen on the Volga", ["Russia"]],
    ["Salmon fishermen in the Gulf of Alaska", ["United States", "Canada"]],
  ])("%s live in %j", (prompt, shores) => {
    const countries = possibleValues(design(prompt), "country");
    expect(countries.length).toBeGreaterThan(0);
    expect(countries.filter((country) => !shores.includes(country))).toEqual([]);
  });
});
