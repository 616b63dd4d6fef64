import { describe, expect, it } from "vitest";
import { namingCulture } from "../names/cultures.ts";
import { knowledge } from "./index.ts";
import { fold } from "./words.ts";

describe("knowledge data", () => {
  const data = knowledge();

  it("is broad: every country, hundreds of occupations and activities", () => {
    expect(data.gazetteer.countries.length).toBeGreaterThanOrEqual(195);
    expect(data.occupations.length + data.activities.length).toBeGreaterThanOrEqual(350);
    expect(data.conditions.length).toBeGreaterThanOrEqual(40);
    expect(data.settings.length).toBeGreaterThanOrEqual(15);
  });

  it("cites its sources in every file", () => {
    for (const sources of Object.values(data.sources)) expect(sources.length).toBeGreaterThan(0);
  });

  it("gives each occupation alias one meaning", () => {
    const seen = new Map<string, string>();
    for (const occupation of data.occupations) {
      for (const alias of [occupation.name, ...occupation.aliases].map(fold)) {
        const other = seen.get(alias);
        if (other && other !== occupation.name) throw new Error(`"${alias}" names both ${other} and ${occupation.name}`);
        seen.set(alias, occupation.name);
      }
    }
  });

  it("starts no alias with a word that ends a role or a clause ('who commute' would swallow 'commute by train')", () => {
    const aliases = [
      ...data.situations.flatMap((entry) => entry.aliases),
      ...data.qualifiers.flatMap((entry) => entry.aliases),
      ...data.occupations.flatMap((entry) => entry.aliases),
      ...data.activities.flatMap((entry) => entry.aliases),
      ...data.conditions.flatMap((entry) => entry.aliases),
    ];
    for (const alias of aliases) expect(alias, alias).not.toMatch(/^(?:who|that|which|and|or)\s/i);
  });

  it("refers only to things it has: countries of areas, settings' places, the everyday mix, naming cultures", () => {
    for (const area of data.gazetteer.areas) for (const code of area.countries) expect(data.gazetteer.byCode.has(code), `${area.name}: ${code}`).toBe(true);
    for (const setting of data.settings) {
      for (const [place, code] of Object.entries(setting.place_countries ?? {})) {
        expect(setting.places, `${setting.id}: ${place}`).toContain(place);
        expect(data.gazetteer.byCode.has(code), `${setting.id}: ${code}`).toBe(true);
      }
    }
    for (const name of Object.keys(data.everydayMix)) expect(data.occupationByName.has(fold(name)), name).toBe(true);
    for (const country of data.gazetteer.countries) expect(namingCulture(country.names).given("female", "from_1990").length, country.code).toBeGreaterThan(2);
  });

  it("gives every country cities or regions to live in, and a climate band", () => {
    for (const country of data.gazetteer.countries) {
      expect(country.cities.length + country.regions.length, country.code).toBeGreaterThan(0);
      expect(["tropical", "subtropical", "temperate", "cold", "arid"]).toContain(country.climate);
    }
  });
});

describe("cities listed under two names", () => {
  it("counts a city the source lists twice, under two names in one region, once under the preferred name", () => {
    const denmark = knowledge().gazetteer.countries.find((country) => country.code === "DK")!;
    const names = denmark.cities.map((city) => city.name);
    expect(names.filter((name) => name === "København")).toHaveLength(1);
    expect(names).not.toContain("Copenhagen");
  });

  it("keeps a place of another region whose name is an alias elsewhere (Manhattan, Kansas)", () => {
    const unitedStates = knowledge().gazetteer.countries.find((country) => country.code === "US")!;
    expect(unitedStates.cities.find((city) => city.name === "Manhattan")?.region).toBe("Kansas");
  });
});
