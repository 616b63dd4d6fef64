import { describe, expect, it } from "vitest";
import { citiesInPart, countryByCode, gazetteer, mainCities, nativePeopleOf, regionNamed, type CompassPart } from "./gazetteer.ts";

const country = (code: string) => {
  const found = countryByCode(code);
  if (!found) throw new Error(`no country ${code}`);
  return found;
};
const names = (code: string, part: CompassPart, region?: string) => {
  const place = country(code);
  const cities = region ? place.regions.find((candidate) => candidate.name === region)?.cities ?? [] : place.cities;
  return citiesInPart(cities, part).map((city) => city.name);
};

describe("the main body of a country's cities", () => {
  it("leaves out far islands, by the listed regions and by coordinates", () => {
    const without = (code: string) => {
      const main = new Set(mainCities(country(code).cities));
      return country(code).cities.filter((city) => !main.has(city)).map((city) => city.name);
    };
    expect(without("PT")).toEqual(expect.arrayContaining(["Funchal", "Ponta Delgada"]));
    expect(without("US")).toEqual(expect.arrayContaining(["Honolulu", "Anchorage", "Juneau"]));
    expect(without("EC")).toEqual(expect.arrayContaining(["Puerto Baquerizo Moreno"]));
    expect(without("ES")).toEqual(expect.arrayContaining(["Las Palmas", "Santa Cruz de Tenerife"]));
    expect(without("CO")).toContain("San Andres");
  });

  it("keeps the ends of a mainland and islands near it", () => {
    const main = (code: string) => mainCities(country(code).cities).map((city) => city.name);
    expect(main("DK")).toEqual(expect.arrayContaining(["Esbjerg", "København"]));
    expect(main("NL")).toEqual(expect.arrayContaining(["Maastricht", "Groningen"]));
    expect(main("IT")).toEqual(expect.arrayContaining(["Palermo", "Cagliari"]));
    expect(main("CL")).toEqual(expect.arrayContaining(["Punta Arenas", "Arica"]));
  });
});

describe("a part of a place by direction", () => {
  it("reads a part of the mainland, not of a span stretched by islands", () => {
    const west = names("PT", "west");
    expect(west).toEqual(expect.arrayContaining(["Lisbon", "Porto"]));
    expect(west).not.toContain("Ponta Delgada");
    const ecuador = names("EC", "west");
    expect(ecuador).toContain("Guayaquil");
    expect(ecuador).not.toContain("Puerto Ayora");
    expect(names("US", "north")).not.toContain("Anchorage");
    const southSpain = names("ES", "south");
    expect(southSpain).toEqual(expect.arrayContaining(["Seville", "Málaga"]));
    expect(southSpain).not.toContain("Barcelona");
  });

  it("reads two directions at once, and the centre", () => {
    const southeast = names("BR", "southeast");
    expect(southeast).toContain("Rio de Janeiro");
    for (const city of ["Manaus", "Fortaleza", "Porto Alegre"]) expect(southeast).not.toContain(city);
    const southwest = names("US", "southwest");
    expect(southwest).toEqual(expect.arrayContaining(["Phoenix", "San Diego"]));
    for (const city of ["Honolulu", "Seattle", "Boston"]) expect(southwest).not.toContain(city);
    // The geometric middle: Madrid for Spain (for Mexico it misses Mexico City, south of the middle).
    const central = names("ES", "central");
    expect(central).toContain("Madrid");
    for (const city of ["Barcelona", "Seville", "Bilbao"]) expect(central).not.toContain(city);
  });

  it("reads a part of a region by its own cities", () => {
    const south = names("CL", "south");
    expect(south).toContain("Punta Arenas");
    expect(south).not.toContain("Antofagasta");
    const northQueensland = names("AU", "north", "Queensland");
    expect(northQueensland).toEqual(expect.arrayContaining(["Cairns", "Townsville"]));
    expect(northQueensland).not.toContain("Brisbane");
  });

  it("finds nothing where a place has too few cities to tell", () => {
    expect(names("SG", "north")).toEqual([]);
  });
});

describe("an area's countries weighed by the places it lists", () => {
  const shares = (name: string) => {
    const weights = gazetteer().areas.find((area) => area.name === name)?.countryWeights ?? {};
    const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
    return Object.fromEntries(Object.entries(weights).map(([code, weight]) => [code, weight / total]));
  };

  it("by the people of its shore, valley or range, not of its whole countries", () => {
    // Kampala's shore outweighs Kenya's Kisumu; Germany is not most of the Alps, India not most of the Andaman Sea.
    const victoria = shares("Lake Victoria");
    expect(victoria.UG).toBeGreaterThan(victoria.KE as number);
    expect(shares("the Alps").DE).toBeLessThan(0.15);
    expect(shares("the Andaman Sea").IN).toBeLessThan(0.2);
    expect(Object.keys(shares("Lake Constance")).sort()).toEqual(["AT", "CH", "DE"]);
  });

  it("only where every country lists places: else the countries' populations weigh them", () => {
    expect(gazetteer().areas.find((area) => area.name === "the Mediterranean")?.countryWeights).toBeUndefined();
  });
});

describe("residents by nationality where most are foreign nationals", () => {
  it("gives the Gulf states' residents' nationalities, their own citizens a minority in Qatar and the Emirates", () => {
    for (const code of ["QA", "AE", "KW"]) {
      const origins = countryByCode(code)?.residentOrigins ?? {};
      expect(Object.values(origins).reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 6);
      expect(origins[code] as number).toBeLessThan(0.5);
      expect(origins.IN as number).toBeGreaterThan(0.1);
      for (const origin of Object.keys(origins)) expect(countryByCode(origin), origin).toBeDefined();
    }
    expect(countryByCode("FR")?.residentOrigins).toBeUndefined();
  });
});

describe("areas named with their country", () => {
  const areaOf = (alias: string) => gazetteer().areas.find((area) => area.aliases.includes(alias));

  it("reads a one-country area with the country's name, demonym or possessive before it", () => {
    expect(areaOf("uk midlands")?.name).toBe("the Midlands");
    expect(areaOf("us rust belt")?.name).toBe("the Rust Belt");
    expect(areaOf("american midwest")?.name).toBe(areaOf("midwest")?.name);
    expect(areaOf("australia's outback")?.countries).toEqual(["AU"]);
  });

  it("makes each country's part of a several-country area an area of its own", () => {
    const part = areaOf("spanish pyrenees");
    expect(part?.countries).toEqual(["ES"]);
    expect(Object.keys(part?.places ?? {})).toEqual(["ES"]);
    expect(areaOf("nepalese himalayas")?.countries).toEqual(["NP"]);
    expect(areaOf("peru's andes")?.countries).toEqual(["PE"]);
  });

  it("takes 'the' before a name of several words, so a shorter name does not take it", () => {
    expect(areaOf("the gulf states")?.countries).toContain("QA");
    expect(areaOf("the international")).toBeUndefined();
  });
});

describe("refugee camps as places", () => {
  it("places a country's camps where they are, with a region and coordinates even where the city source lists no town", () => {
    const uganda = countryByCode("UG")?.refugeeCamps ?? [];
    expect(uganda.map((camp) => camp.name)).toContain("Bidibidi");
    for (const camp of uganda) expect(camp.latitude, camp.name).not.toBe(0);
    const jordan = countryByCode("JO")?.refugeeCamps ?? [];
    expect(jordan.map((camp) => camp.name)).toEqual(["Zaatari", "Azraq"]);
    expect(jordan[0]?.region).toBe("Mafraq");
    expect(countryByCode("NO")?.refugeeCamps).toBeUndefined();
  });
});

describe("towns the city source lacks (data/towns.json)", () => {
  it("is well formed: each row a name, a population under 100,000, coordinates and a coastal flag", async () => {
    const { z } = await import("zod");
    const file = (await import("../data/towns.json", { with: { type: "json" } })).default as unknown;
    const Row = z.tuple([z.string().min(1), z.number().int().positive().lt(100_000), z.number().min(-90).max(90), z.number().min(-180).max(180), z.union([z.literal(0), z.literal(1)])]);
    const Place = z.tuple([z.string().min(1), z.number().int().positive(), z.number().min(-90).max(90), z.number().min(-180).max(180), z.union([z.literal(0), z.literal(1)])]);
    const parsed = z.object({ about: z.string().min(1), sources: z.array(z.string()).min(1), towns: z.record(z.string().length(2), z.record(z.string(), z.array(Row))), holy_places_about: z.string().min(1), holy_places: z.record(z.string().length(2), z.record(z.string(), z.array(Place))) }).parse(file);
    for (const code of [...Object.keys(parsed.towns), ...Object.keys(parsed.holy_places)]) expect(countryByCode(code), code).toBeDefined();
    // Each place in a region its country lists.
    for (const [code, regions] of Object.entries(parsed.holy_places)) for (const region of Object.keys(regions)) expect(country(code).regions.map((listed) => listed.name), `${code} ${region}`).toContain(region);
  });

  it.each(["MT", "MV", "BH", "CV", "WS", "LC"])("%s, whose city source lists one or two towns, now lists at least four, on the coast", (code) => {
    const towns = country(code).cities.filter((city) => city.population < 100_000);
    expect(towns.length).toBeGreaterThanOrEqual(4);
    expect(towns.filter((city) => city.coastal).length).toBeGreaterThanOrEqual(4);
  });

  it("adds no second spelling of a listed place (Nadi beside Nandi, Nukualofa beside Nuku'alofa)", () => {
    const folded = (code: string) => country(code).cities.map((city) => city.name.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase());
    expect(folded("TO").filter((name) => name === "nukualofa")).toHaveLength(1);
    expect(folded("FJ").filter((name) => name === "nadi" || name === "nandi")).toHaveLength(1);
  });
});

describe("a territory that the region sources also list as a region of its country", () => {
  it.each([
    ["US", "Puerto Rico", "San Juan"],
    ["US", "Guam", "Dededo Village"],
  ])("%s's region %s holds the territory's cities (%s)", (code, region, city) => {
    const cities = country(code).regions.find((candidate) => candidate.name === region)?.cities ?? [];
    expect(cities.map((listed) => listed.name)).toContain(city);
    expect(cities.every((listed) => listed.country === code && listed.region === region && listed.outlying)).toBe(true);
  });
});

describe("districts of large cities, read as the city", () => {
  it.each([
    ["Soweto", "Johannesburg"],
    ["Kibera", "Nairobi"],
    ["Neukölln", "Berlin"],
    ["Tondo", "Manila"],
    ["Gangnam", "Seoul"],
  ])("%s is %s", (district, city) => {
    expect(gazetteer().cityAliases[district]).toBe(city);
  });
});

describe("a compass part is the cities that lie that way from the middle, not a band of the span", () => {
  it.each([
    ["FR", "west", "Toulouse", "Nantes"],
    ["CO", "south", "Bogotá", "Pasto"],
    ["DE", "east", "Munich", "Dresden"],
    ["KE", "west", "Nairobi", "Kisumu"],
    ["CA", "east", "Vancouver", "Halifax"],
    ["DE", "north", "Stuttgart", "Kiel"],
  ] as Array<[string, CompassPart, string, string]>)("%s %s: not %s, but %s", (code, part, outside, inside) => {
    const cities = names(code, part);
    expect(cities).not.toContain(outside);
    expect(cities).toContain(inside);
  });

  it("keeps a very narrow country's inland cities in its north (Calama is northern Chile)", () => {
    expect(names("CL", "north")).toEqual(expect.arrayContaining(["Antofagasta", "Calama", "Arica"]));
  });
});

describe("nativePeopleOf: a people native to a place outside its kin state (R21-3's data)", () => {
  it.each([
    ["HU", "RO", ["Transylvania"]],
    ["HU", "RS", []],
    ["AL", "XK", []],
    ["AL", "MK", ["Tetovo"]],
    ["DE", "IT", ["South Tyrol"]],
    ["RU", "LV", ["Riga"]],
    ["PL", "LT", ["Vilniaus"]],
    ["SE", "FI", ["Vaasa"]],
    ["IE", "GB", ["Northern Ireland"]],
  ] as const)("%s people in %s (%j) are natives", (kin, host, places) => {
    expect(nativePeopleOf(kin, host, places)).toBe(true);
  });

  it.each([
    ["TR", "DE", ["Berlin"]],
    ["DE", "IT", ["Rome"]],
    ["HU", "RO", ["Bucharest"]],
    ["IE", "GB", ["London"]],
    ["PL", "GB", []],
  ] as const)("%s people in %s (%j) are not: the immigrant reading stays", (kin, host, places) => {
    expect(nativePeopleOf(kin, host, places)).toBe(false);
  });
});

describe("regionNamed: the region a prompt names with its region word, not the city or country of the name", () => {
  it.each([
    ["Mexico", "MX", "Estado de México"],
    ["Buenos Aires", "AR", "Buenos Aires"],
    ["Santa Fe", "AR", "Santa Fe"],
    ["Rio de Janeiro", undefined, "Rio de Janeiro"],
    ["Lagos", undefined, "Lagos"],
  ])("%s (%s) → %s", (name, code, region) => {
    expect(regionNamed(name, code)?.name).toBe(region);
  });
});
