import { describe, expect, it } from "vitest";
import { namingCulture } from "../names/cultures.ts";
import { createRequire } from "node:module";
import { z } from "zod";
import { CITY_ROW_SCHEMA, CorrectionLedger, cityRowsOf } from "./gazetteer.ts";
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

describe("places the city source gets wrong", () => {
  const country = (code: string) => knowledge().gazetteer.byCode.get(code)!;
  const regionOf = (code: string, city: string) => country(code).cities.find((candidate) => candidate.name === city)?.region;

  it("puts a city the source files under another region in its own (Gujarat's cities, Telangana's since 2014, Buenos Aires Province's)", () => {
    expect(regionOf("IN", "Ahmedabad")).toBe("Gujarat");
    expect(regionOf("IN", "Surat")).toBe("Gujarat");
    expect(regionOf("IN", "Hyderabad")).toBe("Telangana");
    expect(regionOf("IN", "Vijayawada")).toBe("Andhra Pradesh");
    expect(regionOf("AR", "Buenos Aires")).toBe("Capital Federal");
    expect(regionOf("AR", "Mar del Plata")).toBe("Buenos Aires");
    expect(regionOf("UA", "Kherson")).not.toBe("Crimea");
  });

  it("calls renamed regions and cities by their current names (Odisha, Ciudad de México, Free State; Dnipro, Yangon, Aarhus)", () => {
    expect(regionOf("IN", "Cuttack")).toBe("Odisha");
    expect(regionOf("MX", "Mexico City")).toBe("Ciudad de México");
    expect(regionOf("ZA", "Bloemfontein")).toBe("Free State");
    const names = (code: string) => country(code).cities.map((city) => city.name);
    expect(names("UA")).toContain("Dnipro");
    expect(names("UA")).not.toContain("Dnipropetrovsk");
    expect(names("MM")).toContain("Yangon");
    expect(names("DK")).toContain("Aarhus");
    const regions = (code: string) => new Set(country(code).cities.map((city) => city.region));
    for (const stale of ["Orissa", "Uttaranchal", "Dadra and Nagar Haveli"]) expect(regions("IN").has(stale)).toBe(false);
    expect(regions("MX").has("Distrito Federal")).toBe(false);
  });

  it("still reads a renamed city's former name in a prompt, but not a name the source gave the wrong city", () => {
    const aliases = knowledge().gazetteer.cityAliases;
    expect(aliases.Rangoon).toBe("Yangon");
    expect(aliases.Dnipropetrovsk).toBe("Dnipro");
    // The source renamed Aurangabad in Bihar after the Maharashtra city: that name is not Bihar's city's.
    expect(aliases["Chhatrapati Sambhajinagar"]).toBeUndefined();
    expect(regionOf("IN", "Chhatrapati Sambhajinagar")).toBe("Maharashtra");
    expect(regionOf("IN", "Aurangabad")).toBe("Bihar");
  });

  it("refuses a correction that matches nothing in the source, instead of silently doing nothing", () => {
    const ledger = new CorrectionLedger({ IN: { regions: { Orissa: "Odisha", Oriss: "Odisha" }, cities: {}, city_regions: {} } });
    expect(ledger.region("IN", "Cuttack", "Orissa")).toBe("Odisha");
    expect(() => ledger.assertAllUsed()).toThrow(/IN\/regions\/Oriss\b/);
  });
});

describe("city-timezones' rows, read at load without zod", () => {
  const rows: unknown = createRequire(import.meta.url)("city-timezones/data/cityMap.json");

  it("every row of the pinned package fits the schema the gazetteer expects", () => {
    expect(() => z.array(CITY_ROW_SCHEMA).parse(rows)).not.toThrow();
  });

  it("are read as the schema reads them: codes and provinces as strings, every field the gazetteer uses the same", () => {
    const parsed = z.array(CITY_ROW_SCHEMA).parse(rows);
    const read = cityRowsOf(rows);
    const used = (row: z.output<typeof CITY_ROW_SCHEMA>) => [row.city, row.lat, row.lng, row.pop, row.iso2, row.province];
    expect(read.map(used)).toEqual(parsed.map(used));
  });

  it("refuses a file that is not a list", () => {
    expect(() => cityRowsOf({ cities: [] })).toThrow(/not a list/);
  });
});
