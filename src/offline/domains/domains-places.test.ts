/**
 * A built-in domain is made of one source's figures: US registered nurses (BLS wages, US settings),
 * the developer survey's respondent countries, League's servers. Where the prompt names a place
 * those figures were not made for, the people live there and the figures that do not fit are not
 * used — whichever country it is, not only the dozen the domains' own parser knows.
 */
import { describe, expect, it } from "vitest";
import type { Blueprint } from "../../engine/blueprint.ts";
import { countryByCode, gazetteer } from "../knowledge/gazetteer.ts";
import { OfflineModeller } from "../modeller.ts";
import { understandPrompt } from "../understand/understand.ts";

const modeller = new OfflineModeller();
const design = (prompt: string): Blueprint => modeller.designSync({ prompt, count: 8, grounding: "off", seed: 1 });
const field = (blueprint: Blueprint, name: string) => blueprint.fields.find((candidate) => candidate.name === name);
/** The values a categorical field can take, in any of its conditionals. */
const values = (blueprint: Blueprint, name: string): string[] => {
  const found = field(blueprint, name);
  if (!found) return [];
  const weights = [found.categorical?.weights ?? {}, ...found.conditionals.map((conditional) => conditional.categorical?.weights ?? {})];
  return [...new Set(weights.flatMap((entry) => Object.entries(entry).filter(([, weight]) => weight > 0).map(([value]) => value)))];
};

describe("built-in domains and the places a prompt names", () => {
  const countries = gazetteer().countries;

  /**
   * The country the understanding step reads the name as: a few names are also another country's
   * region (Georgia, Puerto Rico), which that step decides; the domains follow its reading.
   */
  const readAs = (prompt: string): string | undefined => {
    const place = understandPrompt(prompt).places[0];
    return place && place.kind !== "area" ? place.country.code : undefined;
  };

  it("gives United States nursing figures (wages, settings) to nurses in the United States only, in every country the gazetteer knows", () => {
    const mismatched = countries.filter((country) => {
      const prompt = `Nurses in ${country.name}`;
      return Boolean(field(design(prompt), "annual_wage_usd")) !== (readAs(prompt) === "US");
    });
    expect(mismatched.map((country) => country.name)).toEqual([]);
    expect(countries.filter((country) => readAs(`Nurses in ${country.name}`) === "US").length).toBeLessThan(10);
    expect(field(design("Nurses in Ohio"), "annual_wage_usd")).toBeDefined();
  });

  it("places developers in the country the prompt names, in every country the gazetteer knows", () => {
    const elsewhere = countries.filter((country) => {
      const prompt = `Software developers in ${country.name}`;
      const placed = values(design(prompt), "country");
      const read = countryByCode(readAs(prompt) ?? "");
      return placed.length !== 1 || placed[0] !== read?.name;
    });
    expect(elsewhere.map((country) => country.name)).toEqual([]);
  });

  it("keeps the survey's figures that hold anywhere (developer types, years coding) where it places them itself", () => {
    const estonia = design("Software developers in Tallinn");
    expect(values(estonia, "country")).toEqual(["Estonia"]);
    expect(values(estonia, "city")).toContain("Tallinn");
    expect(field(estonia, "developer_type")).toBeDefined();
    expect(estonia.sources?.join(" ")).toMatch(/Stack Overflow/);
  });

  it("keeps the survey's own country mix for developers from around the world", () => {
    const world = design("Software developers from around the globe");
    expect(values(world, "country")).toEqual(expect.arrayContaining(["US", "DE", "IN"]));
  });

  it("gives nurses worldwide, or in a place nobody can locate, no United States wages", () => {
    expect(field(design("Nurses worldwide"), "annual_wage_usd")).toBeUndefined();
    expect(field(design("Nurses in Wollombi Brook"), "annual_wage_usd")).toBeUndefined();
  });

  it("puts League players on their country's server, and composes players where no server is known", () => {
    expect(values(design("League of Legends players in Estonia"), "region")).toEqual(["EUNE"]);
    expect(values(design("League of Legends players in New Zealand"), "region")).toEqual(["OCE"]);
    const kenya = design("League of Legends players in Kenya");
    expect(field(kenya, "region")).toBeUndefined();
    expect(values(kenya, "country")).toEqual(["Kenya"]);
  });
});
