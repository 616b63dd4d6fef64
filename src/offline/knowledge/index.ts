/**
 * The offline engine's knowledge, loaded from data files (validated by zod on first use) and
 * indexed as one phrase table: every alias of every place, setting, occupation, activity,
 * condition, situation, qualifier and term, each with what it means. When two entries share a
 * phrase, the one added first wins (settings, then conditions, activities, occupations,
 * situations, places, qualifiers, terms); the parser prefers the longest phrase at any position.
 */
import { loadActivities, type Activity, type Hours } from "./activities.ts";
import { loadConditions, type Condition } from "./conditions.ts";
import { gazetteer, type Area, type City, type Country, type Gazetteer, type Region } from "./gazetteer.ts";
import { Lexicon } from "./lexicon.ts";
import { loadOccupations, type Occupation } from "./occupations.ts";
import { loadSettings, thingsAfter, type DatedThings, type PeriodFemaleShares, type Setting } from "./settings.ts";
import { loadSituations, type Deployments, type MigrantJobs, type PastOrigins, type Pilgrimage, type Situation } from "./situations.ts";
import { loadTerms, type Terms } from "./terms.ts";
import { fold } from "./words.ts";

export type Meaning =
  | { kind: "setting"; setting: Setting }
  | { kind: "setting-role"; setting: Setting; role: string }
  | { kind: "condition"; condition: Condition }
  | { kind: "activity"; activity: Activity; club?: string }
  | { kind: "activity-role"; activity: Activity; role: string }
  /** `inOtherLanguage`: the alias is not English ("enfermeras"): the occupation is named by its own name. */
  | { kind: "occupation"; occupation: Occupation; inOtherLanguage?: true }
  | { kind: "situation"; situation: Situation }
  | { kind: "qualifier"; qualifier: Situation }
  | { kind: "area"; area: Area }
  | { kind: "country"; country: Country }
  | { kind: "region"; region: Region }
  /** `byDemonym`: read from what its people are called ("Londoners"). */
  | { kind: "city"; city: City; byDemonym?: true }
  | { kind: "settlement"; value: string; trade?: string }
  | { kind: "workplace"; value: string; industry: string }
  | { kind: "study-year"; value: string }
  | { kind: "age-term"; minAge: number; maxAge: number }
  | { kind: "gender-term"; gender: "female" | "male" }
  /** People named by the kind of jobs they hold ("professionals", "blue-collar workers"): ISCO-08 major groups. */
  | { kind: "work-group"; isco: number[] }
  | { kind: "participant"; noun: string };

export interface Knowledge {
  lexicon: Lexicon<Meaning>;
  gazetteer: Gazetteer;
  /** Towns below the named-city size by folded name (the largest of a name), read only where a place is expected ("traders in Onitsha"). */
  townsByName: ReadonlyMap<string, City>;
  occupations: Occupation[];
  occupationByName: Map<string, Occupation>;
  /** Women's forms of jobs in other languages ("enfermeras"), folded (data/occupations.json `other_language_feminine_aliases_about`). */
  feminineJobForms: ReadonlySet<string>;
  everydayMix: Record<string, number>;
  /** Factors an income the prompt states puts on everyday jobs, by ISCO-08 major group (data/occupations.json `income_weights_about`). */
  incomeWeights: Record<string, Record<string, number>>;
  ruralIndustries: Set<string>;
  genericAliases: Set<string>;
  /** Words naming an industry people work in → the data's industry. */
  industryWords: Map<string, string>;
  /** Words for people by the kind of work they do → ISCO-08 major groups. */
  occupationGroups: Map<string, number[]>;
  activities: Activity[];
  hoursByKind: Record<string, Hours>;
  /** How long one sitting of an activity usually lasts, by kind: a weekly game means at least that many hours a week. */
  sessionHoursByKind: Record<string, number>;
  conditions: Condition[];
  settings: Setting[];
  settingById: Map<string, Setting>;
  /** Things of everyday life by the year they became common, for people of an earlier year. */
  dated: DatedThings;
  /** Jobs' shares of women in past years, where they differ from today's (data/settings.json). */
  periodFemaleShares: PeriodFemaleShares;
  periodFemaleSharesBasis: string;
  situations: Situation[];
  qualifiers: Situation[];
  /** The largest origins of immigrants living in a destination, by its ISO code (UN DESA 2020). */
  migrantOrigins: ReadonlyMap<string, Readonly<Record<string, number>>>;
  /** Where a host's refugees come from (data/situations.json `refugee_origins`, UNHCR). */
  refugeeOrigins: ReadonlyMap<string, Readonly<Record<string, number>>>;
  /** Where a destination's immigrants came from in past periods (data/situations.json `migrant_origins_past`). */
  migrantOriginsPast: PastOrigins;
  /** Jobs held almost only by migrants in some countries (data/situations.json `migrant_jobs`). */
  migrantJobs: MigrantJobs;
  /** Roles foreign where they live by their word (data/situations.json `foreign_roles`), folded. */
  foreignRoles: { words: ReadonlySet<string>; standIn: ReadonlySet<string>; origins: ReadonlyMap<string, Readonly<Record<string, number>>> };
  /** Armed forces deployed abroad: the words that say so, and the contributing countries by host (data/situations.json `deployments`). */
  deployments: Deployments;
  /** Pilgrimages and their faiths, each with the folded words of where its pilgrims go (data/situations.json `pilgrimages`). */
  pilgrimages: ReadonlyArray<{ pilgrimage: Pilgrimage; at: ReadonlySet<string> }>;
  terms: Terms;
  stopWords: Set<string>;
  participantNouns: Set<string>;
  /** Language names and the roles that teach or translate them (data/terms.json `language_roles_about`). */
  languages: Set<string>;
  languageRoles: Set<string>;
  /** Words a demonym before them describes rather than places ("Viennese waltz"; data/terms.json `styles_after_demonyms_about`). */
  stylesAfterDemonyms: Set<string>;
  /** Fields of study and research (terms.json `disciplines`), folded. */
  disciplines: Set<string>;
  /** Every data file's citations, for `blueprint.sources`, by what they cover. */
  sources: Record<"places" | "occupations" | "activities" | "conditions" | "settings" | "situations" | "terms", string[]>;
}

/** A city this large is read before a region of the same name ("New York" the city, not the state). */
const BIG_CITY = 1_000_000;
/** Cities kept in the phrase table: smaller places collide with common words too often ("Of", "Police"). */
const NAMED_CITY = 100_000;

let loaded: Knowledge | undefined;

const listedPeople = (cities: readonly City[]): number => cities.reduce((sum, city) => sum + city.population, 0);

/**
 * "Nurses in Niger", "in Palau": a region named like another country (Nigeria's Niger state, the
 * Federated States of Micronesia and Palau listed as US regions by country-region-data) names that
 * country, unless the region's listed cities hold more people than the country's (Georgia, the US
 * state, against Georgia the country), or the country is a territory of the region's (Puerto Rico,
 * read as a region of the United States, whose names the lists do not hold).
 */
function countryNamedLikeRegionWins(region: Region, country: Country | undefined): boolean {
  return country !== undefined && country.code !== region.country && country.territoryOf !== region.country && listedPeople(region.cities) <= listedPeople(country.cities);
}

/** How much larger a city elsewhere must be than a region's listed cities to take the region's name. */
const CITY_OVER_REGION = 10;

/**
 * "Nurses in Lae", "Bus drivers in Manchester": a region named like a city of another country (the
 * Marshall Islands' Lae atoll against Papua New Guinea's city of 100,000; Jamaica's Manchester parish
 * against England's city) names that city when the city holds ten times the people of the region's
 * listed cities, its own town of the name among them (Spain's provinces are named after their
 * capitals: Toledo stays Spain's; Malawi's Mwanza region, its town of 11,379, gives way to Tanzania's
 * city). The region stays readable with its country ("Lae, Marshall Islands").
 */
function cityNamedLikeRegionWins(region: Region, country: Country, cities: ReadonlyMap<string, City>): boolean {
  const city = cities.get(fold(region.name));
  if (!city || city.country === region.country || city.population < NAMED_CITY) return false;
  // The region's own town of the name counts among its people (Malawi's Mwanza, 11,379, against Tanzania's
  // Mwanza, 465,373): a small town gives way as the region's other places do; Toledo's stays Spain's.
  const own = country.cities.find((candidate) => fold(candidate.name) === fold(region.name))?.population ?? 0;
  return city.population > CITY_OVER_REGION * Math.max(listedPeople(region.cities), own);
}

export function knowledge(): Knowledge {
  loaded ??= build();
  return loaded;
}

function build(): Knowledge {
  const places = gazetteer();
  const occupationData = loadOccupations();
  const activityData = loadActivities();
  const conditionData = loadConditions();
  const settingData = loadSettings();
  const situationData = loadSituations();
  const terms = loadTerms();
  // A workplace's residents are one of the situations (terms.json `workplaces[].residents`).
  for (const workplace of terms.workplaces) if (workplace.residents && !situationData.situations.some((situation) => situation.id === workplace.residents)) throw new Error(`data/terms.json workplaces: ${workplace.value}'s residents "${workplace.residents}" is no situation in data/situations.json`);
  const lexicon = new Lexicon<Meaning>();
  // A setting's people ("starship crews") before its names: they say the setting and the role.
  for (const setting of settingData.settings) for (const alias of setting.role_aliases) lexicon.add(alias, { kind: "setting-role", setting, role: alias });
  for (const setting of settingData.settings) for (const alias of [setting.name, ...setting.aliases]) lexicon.add(alias, { kind: "setting", setting });
  // Named events before places and activities: "the Tour de France" is no stay in Tours, "the Boston Marathon" no home in Boston.
  for (const event of terms.events) {
    const situation: Situation = { id: `event:${event.value}`, aliases: event.aliases, field: "event", value: event.value, min_age: event.min_age, max_age: event.max_age, mean_age: event.mean_age, age_note: event.age_note };
    for (const alias of event.aliases) lexicon.add(alias, { kind: "situation", situation });
  }
  for (const condition of conditionData.conditions) for (const alias of [condition.name, ...condition.aliases]) lexicon.add(alias, { kind: "condition", condition });
  for (const club of activityData.clubs) {
    const sport = activityData.activities.find((activity) => activity.name === club.sport) as Activity;
    for (const alias of [club.name, ...club.aliases]) lexicon.add(alias, { kind: "activity", activity: sport, club: club.name });
  }
  for (const activity of activityData.activities) {
    for (const alias of [activity.name, ...activity.aliases]) lexicon.add(alias, { kind: "activity", activity });
    // "Dungeon Masters", "support mains": a game's own roles name its players.
    for (const role of activity.roles ?? []) if (role.split(/\s+/).length > 1) lexicon.add(role, { kind: "activity-role", activity, role });
  }
  for (const occupation of occupationData.occupations) for (const alias of [occupation.name, ...occupation.aliases]) lexicon.add(alias, { kind: "occupation", occupation });
  for (const { name, occupation } of occupationData.cropWork) lexicon.add(name, { kind: "occupation", occupation });
  for (const { alias, occupation } of occupationData.otherLanguageAliases) lexicon.add(alias, { kind: "occupation", occupation, inOtherLanguage: true });
  for (const { alias, occupation } of occupationData.genreAliases) lexicon.add(alias, { kind: "occupation", occupation });
  for (const situation of situationData.situations) for (const alias of situation.aliases) lexicon.add(alias, { kind: "situation", situation });
  for (const area of places.areas) for (const alias of area.aliases) lexicon.add(alias, { kind: "area", area });
  const cities = places.countries.flatMap((country) => country.cities);
  for (const city of cities) if (city.population >= BIG_CITY) lexicon.add(city.name, { kind: "city", city });
  // The largest city of each exact name, the first listed on a tie (as a stable sort by population would give): one pass, not a scan of every city per alias.
  const largestByName = new Map<string, City>();
  for (const city of cities) {
    const known = largestByName.get(city.name);
    if (!known || known.population < city.population) largestByName.set(city.name, city);
  }
  for (const [alias, name] of Object.entries(places.cityAliases)) {
    // An alias of a city the gazetteer does not list by that name would read nothing, silently ("Munich" → "München" did).
    // Of several cities of the name, the largest: "Firenze" is Florence, Italy, not Florence, Alabama.
    const city = largestByName.get(name);
    if (!city) throw new Error(`data/countries.json city_aliases: ${alias} names no city ${name} in the gazetteer`);
    lexicon.add(alias, { kind: "city", city });
  }
  for (const [key, demonyms] of Object.entries(places.cityDemonyms)) {
    // "Newcastle@GB": the country code picks one of several cities of the name; without it, the largest.
    const [name, code] = key.split("@");
    const city = cities.filter((candidate) => candidate.name === name && (!code || candidate.country === code)).sort((a, b) => b.population - a.population)[0];
    if (!city) throw new Error(`data/countries.json city_demonyms: no city ${key} in the gazetteer`);
    for (const demonym of demonyms) lexicon.add(demonym, { kind: "city", city, byDemonym: true });
  }
  // A region named like a people ("Somali" in Ethiopia, "Afar") would take the word from its people.
  const peoples = new Set(places.countries.map((country) => fold(country.demonym)));
  const countryByName = new Map(places.countries.flatMap((country) => [country.name, ...country.aliases].map((name) => [fold(name), country] as const)));
  // The largest city of each name, for regions named like a city elsewhere.
  const largestCityByName = new Map<string, City>();
  for (const city of cities) {
    const known = largestCityByName.get(fold(city.name));
    if (!known || known.population < city.population) largestCityByName.set(fold(city.name), city);
  }
  for (const country of places.countries) {
    const countryNames = new Set([fold(country.name), ...country.aliases.map(fold)]);
    // A region named after its main city ("Glasgow", "Bangkok"): the city is meant; after its
    // country ("México" the state): the country is.
    const cityNames = new Set(country.cities.filter((city) => city.population >= NAMED_CITY).map((city) => fold(city.name)));
    for (const region of country.regions) if (region.name.length > 2 && !cityNames.has(fold(region.name)) && !countryNames.has(fold(region.name)) && !peoples.has(fold(region.name)) && !countryNamedLikeRegionWins(region, countryByName.get(fold(region.name))) && !cityNamedLikeRegionWins(region, country, largestCityByName)) lexicon.add(region.name, { kind: "region", region });
  }
  for (const country of places.countries) {
    for (const alias of country.aliases) lexicon.add(alias, { kind: "country", country });
    // "Kenyans", "Filipinos", "Norwegians": a demonym's plural names the people of the country.
    lexicon.add(`${country.demonym}s`, { kind: "country", country });
  }
  // "US" in capitals is the country; the parser refuses the pronoun "us".
  const unitedStates = places.byCode.get("US");
  if (unitedStates) lexicon.add("us", { kind: "country", country: unitedStates });
  for (const city of cities) if (city.population >= NAMED_CITY && city.population < BIG_CITY) lexicon.add(city.name, { kind: "city", city });
  // A smaller town whose name is several words ("Idaho Falls", "Fort William") is no common word: read
  // whole, it is not its state plus an unknown word.
  for (const city of cities) if (city.population < NAMED_CITY && /\s/.test(city.name.trim())) lexicon.add(city.name, { kind: "city", city });
  for (const qualifier of situationData.qualifiers) for (const alias of qualifier.aliases) lexicon.add(alias, { kind: "qualifier", qualifier });
  for (const term of terms.age_terms) for (const alias of term.aliases) lexicon.add(alias, { kind: "age-term", minAge: term.min_age, maxAge: term.max_age });
  // Gender words are read by their own scan (they count inside longer phrases too), never as a phrase here:
  // "monks" is first of all an occupation.
  for (const settlement of terms.settlements) for (const alias of settlement.aliases) lexicon.add(alias, { kind: "settlement", value: settlement.value, ...(settlement.trade ? { trade: settlement.trade } : {}) });
  for (const workplace of terms.workplaces) for (const alias of workplace.aliases) lexicon.add(alias, { kind: "workplace", value: workplace.value, industry: workplace.industry });
  for (const year of terms.study_years) for (const alias of year.aliases) lexicon.add(alias, { kind: "study-year", value: year.value });
  for (const noun of terms.participant_nouns) lexicon.add(noun, { kind: "participant", noun });
  for (const [name, isco] of occupationData.occupationGroups) lexicon.add(name, { kind: "work-group", isco });
  const townsByName = new Map<string, City>();
  for (const city of cities) {
    const key = fold(city.name);
    if (city.population < NAMED_CITY && city.population > (townsByName.get(key)?.population ?? -1)) townsByName.set(key, city);
  }
  return {
    lexicon,
    gazetteer: places,
    townsByName,
    occupations: occupationData.occupations,
    feminineJobForms: new Set(occupationData.otherLanguageAliases.filter((entry) => entry.feminine).map((entry) => fold(entry.alias))),
    occupationByName: new Map([...occupationData.cropWork.map(({ name, occupation }) => [fold(name), occupation] as const), ...occupationData.occupations.flatMap((occupation) => [occupation.name, ...occupation.aliases].map((alias) => [fold(alias), occupation] as const))].reverse()),
    everydayMix: occupationData.everydayMix,
    incomeWeights: occupationData.incomeWeights,
    ruralIndustries: occupationData.ruralIndustries,
    genericAliases: occupationData.genericAliases,
    industryWords: occupationData.industryWords,
    occupationGroups: occupationData.occupationGroups,
    activities: activityData.activities,
    hoursByKind: activityData.hoursByKind,
    sessionHoursByKind: activityData.sessionHoursByKind,
    conditions: conditionData.conditions,
    settings: settingData.settings,
    settingById: new Map(settingData.settings.map((setting) => [setting.id, setting])),
    dated: settingData.dated,
    periodFemaleShares: settingData.periodFemaleShares,
    periodFemaleSharesBasis: settingData.periodFemaleSharesBasis,
    situations: situationData.situations,
    qualifiers: situationData.qualifiers,
    migrantOrigins: new Map(Object.entries(situationData.migrant_origins)),
    refugeeOrigins: new Map(Object.entries(situationData.refugee_origins)),
    migrantOriginsPast: situationData.migrant_origins_past,
    migrantJobs: situationData.migrant_jobs,
    deployments: situationData.deployments,
    foreignRoles: { words: new Set(situationData.foreign_roles.words.map(fold)), standIn: new Set(situationData.foreign_roles.stand_in.map(fold)), origins: new Map(Object.entries(situationData.foreign_roles.origins).map(([word, origins]) => [fold(word), origins])) },
    pilgrimages: situationData.pilgrimages.map((pilgrimage) => ({ pilgrimage, at: new Set(pilgrimage.at.map(fold)) })),
    terms,
    stopWords: new Set(terms.stop_words.map(fold)),
    participantNouns: new Set(terms.participant_nouns.map(fold)),
    languages: new Set(terms.languages.map(fold)),
    languageRoles: new Set(terms.language_roles.map(fold)),
    stylesAfterDemonyms: new Set(terms.styles_after_demonyms.map(fold)),
    disciplines: new Set(terms.disciplines.map(fold)),
    sources: {
      places: places.sources,
      occupations: occupationData.sources,
      activities: activityData.sources,
      conditions: conditionData.sources,
      settings: settingData.sources,
      situations: situationData.sources,
      terms: terms.sources,
    },
  };
}

export type { Activity, Area, City, Condition, Country, Occupation, Region, Setting, Situation };
export { COAST_KM, countryByCode, countryNamed, cityOf } from "./gazetteer.ts";
export { thingsAfter };
export { followsRatherThanPlays } from "./activities.ts";
