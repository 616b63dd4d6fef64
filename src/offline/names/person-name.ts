/**
 * A persona's name from what they are: a setting's own naming (period lists, Roman tria nomina,
 * Norse patronymics, invented syllables for fantasy and science fiction), else the culture of the
 * country they come from (immigrants and refugees keep their origin's names), else of the country
 * they live in; given names from the persona's birth cohort where the data has one, family name
 * first where the culture writes it so. A pure function of the request and the random stream.
 */
import { z } from "zod";
import type { Rng } from "../../engine/rng.ts";
import namesFile from "../data/names.json" with { type: "json" };
import { checkedAtTestTime } from "../knowledge/checked.ts";
import { knowledge, type Country, type Setting } from "../knowledge/index.ts";
import { cohortOf, diasporaCultures, namingCulture, occupationCultures, peopleInCountry, pickFamilyName, regionCultures, religionCultures, type Sex } from "./cultures.ts";

export interface NameRequest {
  sex: Sex;
  age: number;
  /** The year they live in: the setting's or the prompt's year, else the present. */
  year: number;
  setting?: Setting;
  /** Where they come from, when it differs from where they live. */
  origin?: Country;
  country?: Country;
  /** The faith the prompt gives them ("Sikh", "Muslim"): named as its people in the country mostly are. */
  religion?: string;
  /** The region they live in, or their city (whose region counts): some regions name people their own way. */
  region?: string;
  /** The named area whose towns a setting's place is (medieval Wales): a period named its people its own way there. */
  area?: string;
  city?: string;
  /** Their job as written: a job word that names a people names them as that people (a Sherpa in Nepal). */
  occupation?: string;
  /** The people they belong to (an `ethnicity` value: "Tibetan", "Kurdish"): named as that people wherever they live, before their origin's or home's majority. */
  people?: string;
}

export interface PersonalName {
  given: string;
  family: string;
  /** As the culture writes it. */
  full: string;
  /** The naming culture or setting used. */
  culture: string;
  familyFirst: boolean;
}

/** The year an undated prompt lives in; names follow birth cohorts counted back from it. */
export const PRESENT_YEAR = 2025;

function invented(rng: Rng, onsets: readonly string[], middles: readonly string[], endings: readonly string[]): string {
  const parts = [rng.pick(onsets)];
  if (rng.float() < 0.55) parts.push(rng.pick(middles));
  parts.push(rng.pick(endings));
  const word = parts.join("").toLowerCase().replace(/(.)\1\1+/g, "$1$1");
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const PeriodNamesSchema = z.record(
  z.string(),
  z.record(z.string().regex(/^[A-Z]{2}(?::.+)?$/), z.object({ given: z.object({ female: z.array(z.string()).min(3), male: z.array(z.string()).min(3) }), family_female: z.array(z.string()).min(3), family_male: z.array(z.string()).min(3), keep_setting_names_for: z.array(z.string()).optional(), basis: z.string().min(1) })),
);
let periodNames: z.infer<typeof PeriodNamesSchema> | undefined;
/** names.json's period_names with its schema: checked by the tests (place-and-name-data.test.ts), taken as typed at run time. */
export const PERIOD_NAMES_DATA = [PeriodNamesSchema, namesFile.period_names] as const;

/** A setting's names in one country where its own lists are another's (data/names.json `period_names_about`). */
function periodNamesOf(setting: Setting, country: Country | undefined, area: string | undefined) {
  periodNames ??= checkedAtTestTime(PeriodNamesSchema, namesFile.period_names);
  if (!country) return undefined;
  const byPlace = periodNames[setting.id];
  return (area ? byPlace?.[`${country.code}:${area}`] : undefined) ?? byPlace?.[country.code];
}

function settingName(setting: Setting, request: NameRequest, rng: Rng): PersonalName | undefined {
  const names = setting.names;
  const sex = request.sex;
  // Medieval Ireland is Gaelic, medieval Wales Welsh, Roman Egypt Greek and Egyptian: the period's names of the place they live in.
  const period = periodNamesOf(setting, request.country, request.area);
  if (period && !period.keep_setting_names_for?.includes(request.occupation ?? "")) {
    const given = rng.pick(period.given[sex]);
    const family = rng.pick(sex === "female" ? period.family_female : period.family_male);
    return { given, family, full: `${given} ${family}`, culture: `${setting.id} (${request.country?.name})`, familyFirst: false };
  }
  if (names.style === "lists") {
    const lists = (request.country && names.by_country?.[request.country.code]) || names;
    let given = rng.pick(lists.given[sex]);
    const family = rng.pick(lists.family);
    // Period nicknames and street handles, now and then: "Calico Anne Rackham", "Rin 'Static' Kuroda".
    if (names.handles && rng.float() < 0.5) given = `${given} '${rng.pick(names.handles)}'`;
    else if (names.nicknames && rng.float() < 0.25) given = `${rng.pick(names.nicknames)} ${given}`;
    const familyFirst = names.family_first ?? false;
    return { given, family, full: familyFirst ? `${family} ${given}` : `${given} ${family}`, culture: setting.id, familyFirst };
  }
  if (names.style === "patterns") {
    const pattern = names[sex];
    const picked: Record<string, string> = {};
    const full = pattern.replace(/\{(\w+)\}/g, (_match, list: string) => (picked[list] ??= rng.pick(names.lists[list] ?? ["?"])));
    const [given, ...rest] = full.split(" ");
    return { given: given as string, family: rest.join(" "), full, culture: setting.id, familyFirst: false };
  }
  if (names.style === "invented") {
    const given = invented(rng, names.onsets, names.middles, sex === "female" ? names.female_endings : names.male_endings);
    const family = rng.pick(names.family);
    return { given, family, full: `${given} ${family}`, culture: setting.id, familyFirst: false };
  }
  return undefined;
}

/** "earth-mix" settings (a Mars colony): people from Earth's most populous countries. */
function earthCountry(rng: Rng): Country | undefined {
  const countries = knowledge().gazetteer.countries.slice(0, 25);
  return rng.weighted(countries, countries.map((country) => country.populationMillions ** 0.6));
}

/**
 * The country's culture, or, for people of a faith named by the prompt who live there (no origin
 * given), one of the cultures that faith's people there are named by: Sikhs in Vancouver are Singh
 * and Kaur, Muslims in Birmingham mostly carry Pakistani and Bangladeshi names, not "James".
 */
function cultureKey(request: NameRequest, country: Country | undefined, rng: Rng): string {
  const own = country?.names ?? "en_US";
  // Their people names them first; then where they come from; then a job that names a people; then their faith; then a region that names its people its own way.
  const livesThere = !request.origin && country;
  // Someone from a country named by several peoples' lists (Nigerians abroad) is named as one of its peoples;
  // a people long settled where names follow the host's practice (Chinese Indonesians) as the host names them.
  // A people is named by its own names first: a Tibetan in Nepal or Toronto is not named as a Han Chinese, a Kurd in Germany not as a Turk.
  const shares = (request.people ? peopleInCountry(request.people, request.origin ? undefined : country?.code)?.shares : undefined) ?? (livesThere && request.occupation ? occupationCultures(request.occupation, country.code) : undefined) ?? (livesThere && request.religion ? religionCultures(request.religion, country.code, own) : undefined) ?? (livesThere ? regionShares(request, country) : country ? settledShares(request) ?? regionCultures(country.code, "*", request.religion) : undefined);
  if (!shares) return own;
  const keys = Object.keys(shares);
  return keys.length === 1 ? (keys[0] as string) : rng.weighted(keys, keys.map((key) => shares[key] as number));
}

function settledShares(request: NameRequest): Readonly<Record<string, number>> | undefined {
  return request.origin && request.country && request.origin.code !== request.country.code ? diasporaCultures(request.origin.code, request.country.code) : undefined;
}

function regionShares(request: NameRequest, country: Country): Readonly<Record<string, number>> | undefined {
  const region = request.region ?? (request.city ? country.cities.find((city) => city.name === request.city)?.region : undefined);
  // A town named apart from its region first (Darjeeling in West Bengal); then its region; a region without
  // names of its own, or none known: the rest of the country's shares where it has them.
  return (request.city ? regionCultures(country.code, request.city, request.religion, request.year) : undefined) ?? (region ? regionCultures(country.code, region, request.religion, request.year) : undefined) ?? regionCultures(country.code, "*", request.religion, request.year);
}

/**
 * Every culture that may name someone of this place (and origin): the country's own, and those of its
 * town's, region's or whole country's shares and of a settled diaspora — for measures of whether a name
 * fits its place (bench:quality), which must count what personName may choose.
 */
export function culturesNamingPlace(place: { country: Country; origin?: Country; region?: string; city?: string; year?: number }): string[] {
  const named = place.origin && place.origin.code !== place.country.code ? place.origin : place.country;
  const request = { country: place.country, ...(place.origin ? { origin: place.origin } : {}) } as NameRequest;
  const shares = [
    place.origin ? settledShares(request) : undefined,
    ...(named === place.country ? [place.city, place.region].map((key) => (key ? regionCultures(named.code, key, undefined, place.year) : undefined)) : []),
    regionCultures(named.code, "*", undefined, place.year),
  ];
  return [...new Set([named.names, ...shares.flatMap((entry) => Object.keys(entry ?? {}))])];
}

export function personName(request: NameRequest, rng: Rng): PersonalName {
  if (request.setting) {
    const named = settingName(request.setting, request, rng);
    if (named) return named;
  }
  const country = request.origin ?? request.country ?? (request.setting?.names.style === "earth-mix" ? earthCountry(rng) : undefined) ?? knowledge().gazetteer.byCode.get("US");
  const culture = namingCulture(cultureKey(request, country, rng));
  const cohort = cohortOf(request.year - request.age);
  const given = rng.pick(culture.given(request.sex, cohort));
  const family = pickFamilyName(culture.family(request.sex, cohort), rng);
  // Someone from a family-first culture living where the given name comes first writes it that way there ("Weimin Xu" in San Francisco),
  // unless the host's own practice names them (Tan Wei Ming in Kuala Lumpur).
  // So does a people named as a country's own community (Asian Americans): their names are written the country's way.
  const community = request.people && !request.origin && request.country ? peopleInCountry(request.people, request.country.code)?.inCountry === true : false;
  const writtenAsHost = (request.origin && request.country && request.country.code !== request.origin.code && !settledShares(request)) || community;
  const familyFirst = culture.familyFirst && !(writtenAsHost && request.country && !namingCulture(request.country.names).familyFirst);
  const full = culture.pattern ? culture.pattern[request.sex].replace("{given}", given).replace("{family}", family) : familyFirst ? `${family} ${given}` : `${given} ${family}`;
  return { given, family, full, culture: culture.borrowedFrom ? `${culture.key} (lists of ${culture.borrowedFrom})` : culture.key, familyFirst };
}
