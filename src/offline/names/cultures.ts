/**
 * Naming cultures: our curated lists (data/names.json: romanised, cohort-aware where the data has
 * birth-year tables, patronymics and family-first order where the culture uses them) and, for the
 * rest, @faker-js/faker's Latin-script locales. A culture that borrows another's lists says so.
 */
import { createRequire } from "node:module";
import { z } from "zod";
import file from "../data/names.json" with { type: "json" };
import familyFile from "../data/family-names.json" with { type: "json" };
import type { Rng } from "../../engine/rng.ts";
import { checkedAtTestTime } from "../knowledge/checked.ts";
import { countryNamed } from "../knowledge/gazetteer.ts";

const BySexSchema = z.object({ female: z.array(z.string()).min(3), male: z.array(z.string()).min(3) });
const CultureSchema = z.object({
  based_on: z.string().optional(),
  /** A culture only one faith's people are named by (Sikh's Singh and Kaur), or a few faiths' (Tamils are Hindu or Christian): never given to someone of another faith. */
  faith: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  family_first: z.boolean().optional(),
  pattern: z.object({ female: z.string(), male: z.string() }).optional(),
  /** `before_1925` where the data has it (people of a past year: "1920s Chicago"); older cohorts fall back to `before_1965`. */
  cohorts: z.object({ before_1925: BySexSchema.optional(), before_1965: BySexSchema, "1965_1989": BySexSchema, from_1990: BySexSchema }).optional(),
  given: BySexSchema.optional(),
  /** One name where a people share it (every Sherpa is a Sherpa). */
  family: z.array(z.string()).min(1).optional(),
  family_female: z.array(z.string()).min(3).optional(),
  family_male: z.array(z.string()).min(3).optional(),
  family_note: z.string().optional(),
  given_note: z.string().optional(),
  /** Family names of those born before 1925, where today's list holds names that came later (no Nguyen in 1890s Maine). */
  family_before_1925: z.array(z.string()).min(3).optional(),
  family_before_1925_note: z.string().optional(),
});
/** Naming cultures' shares among a faith's people (data/names.json `religion_names_about`). */
const SharesSchema = z.record(z.string(), z.number().positive());
const ReligionNamesSchema = z.object({ keep: z.array(z.string()).optional(), by_country: z.record(z.string().length(2), SharesSchema).optional(), default: SharesSchema.optional(), basis: z.string().min(1) });
const FileSchema = z.object({
  sources: z.array(z.string()).min(1),
  religion_names: z.record(z.string(), ReligionNamesSchema),
  /** A faith → the denominations that are named as its people are ("Catholic" → Christian). */
  faith_families: z.record(z.string(), z.array(z.string().min(1))),
  /** By country code, then the gazetteer's region name. */
  region_names: z.record(z.string().length(2), z.record(z.string(), SharesSchema)),
  region_names_basis: z.string().min(1),
  /** By country code: the first year its region shares hold (they are today's people). */
  region_names_since: z.record(z.string().length(2), z.number().int()),
  regions_named_apart: z.record(z.string().length(2), z.array(z.string().min(1))),
  regions_named_apart_basis: z.string().min(1),
  /** Job words that also name a people (a Sherpa): by country, the cultures those who do the job there are named by. */
  occupation_names: z.record(z.string(), z.record(z.string().length(2), SharesSchema)),
  occupation_names_basis: z.string().min(1),
  /** By people (an `ethnicity` value): the cultures that people is named by wherever it lives (data/names.json `people_names_about`). */
  people_names: z.record(z.string(), SharesSchema),
  /** Peoples whose names are their country's (Roma): named as the place's people, nothing to declare. */
  peoples_named_as_their_country: z.array(z.string().min(1)),
  /** By people, then country code (`*`: any other): a people named by the country it lives in (Asian Americans, British Asians), before `people_names`. */
  people_names_by_country: z.record(z.string(), z.record(z.union([z.string().length(2), z.literal("*")]), SharesSchema)),
  /** By origin code, then host code: the cultures people of that origin long settled there are named by. */
  diaspora_names: z.record(z.string().length(2), z.record(z.string().length(2), SharesSchema)),
  cultures: z.record(z.string(), CultureSchema),
  /** A setting's names in one country (person-name.ts checks each entry's shape). */
  period_names: z.record(z.string(), z.unknown()),
  /** Entries of a faker locale's family-name list that are not family names there (given names listed by mistake). */
  faker_not_family_names: z.record(z.string(), z.array(z.string()).min(1)).optional(),
  /** Family names only one sex carries, by culture ("Kaur" is a Sikh woman's): never given to the other sex. */
  family_names_of_one_sex: z.record(z.string(), z.object({ female: z.array(z.string()).optional(), male: z.array(z.string()).optional() })).optional(),
  /** By culture: endings of given names that mark one sex in the great majority of its names (a name the lists lack is read by them). */
  given_name_endings: z.record(z.string(), z.object({ female: z.array(z.string().min(1)), male: z.array(z.string().min(1)) })),
  /** By culture: middle names that mark the sex (Vietnamese Thị, Văn). */
  sex_marking_middle_names: z.record(z.string(), z.object({ female: z.array(z.string().min(1)), male: z.array(z.string().min(1)) })),
  /** Entries of a faker locale's given-name list for one sex that are the other sex's names there (or not names). */
  faker_wrong_sex_given_names: z.record(z.string(), z.object({ female: z.array(z.string()).optional(), male: z.array(z.string()).optional() })).optional(),
});

export type Sex = "female" | "male";
export type Cohort = "before_1925" | "before_1965" | "1965_1989" | "from_1990";

/** Everything needed to name someone of one culture. */
export interface NamingCulture {
  key: string;
  familyFirst: boolean;
  pattern?: { female: string; male: string };
  given(sex: Sex, cohort: Cohort): readonly string[];
  /** `cohort`: those born before 1925 carry the names of their day where the data has them. */
  family(sex: Sex, cohort?: Cohort): readonly string[];
  /** Whether given names follow birth cohorts (else one list for every age: a gap). */
  cohortAware: boolean;
  /** The culture whose lists are used when this one has none of its own. */
  borrowedFrom?: string;
}

/** Faker locales written in Latin script, usable as they are for a romanised `name`. */
export const LATIN_FAKER = new Set(["af_ZA", "az", "cs_CZ", "da", "de", "de_AT", "de_CH", "en", "en_AU", "en_GH", "en_IN", "en_NG", "en_NP", "en_ZA", "es", "es_MX", "fi", "fr", "fr_BE", "fr_CH", "fr_SN", "hr", "hu", "id_ID", "it", "lv", "nb_NO", "nl", "nl_BE", "pl", "pt_BR", "pt_PT", "ro", "ro_MD", "sk", "sl_SI", "sr_RS_latin", "sv", "tr", "uz_UZ_latin", "vi", "yo_NG", "zu_ZA"]);
/** Faker locales whose cultures write the family name first. */
const FAKER_FAMILY_FIRST = new Set(["hu", "vi"]);

type FakerNames = { generic?: readonly string[]; female?: readonly string[]; male?: readonly string[] } | null | undefined;

function bySex(entry: FakerNames, sex: Sex): readonly string[] {
  const own = entry?.[sex];
  if (own?.length) return own;
  if (entry?.generic?.length) return entry.generic;
  return entry?.[sex === "female" ? "male" : "female"] ?? [];
}

/**
 * One faker locale's definitions, loaded the first time a culture needs it: requiring all of faker
 * evaluates every locale (~0.5 CPU-s), which each process and engine thread paid as it started, though
 * most populations are named from the curated lists alone; one locale's module is ~0.1 CPU-s. A
 * locale's `rawDefinitions` merge in `en` and its base language only for categories it lacks: its
 * `person` lists are its own. Loaded synchronously (`require` of an ES module, Node >= 20.19), as names
 * are made inside the synchronous engine.
 */
type FakerPerson = { person?: { first_name?: FakerNames; last_name?: FakerNames } };
const fakerLocales = new Map<string, FakerPerson | undefined>();
function fakerLocale(key: string): FakerPerson | undefined {
  if (!fakerLocales.has(key)) fakerLocales.set(key, (createRequire(import.meta.url)(`@faker-js/faker/locale/${key}`) as { faker: { rawDefinitions: FakerPerson } }).faker.rawDefinitions);
  return fakerLocales.get(key);
}

/** data/family-names.json: deep family-name lists weighted by bearers (`counts`) or by rank (`zipf`). */
const WeightedFamilySchema = z
  .object({ note: z.string().min(1), family: z.array(z.string().min(1)).min(90).optional(), family_female: z.array(z.string().min(1)).min(90).optional(), family_male: z.array(z.string().min(1)).min(90).optional(), counts: z.array(z.number().positive()).optional(), zipf: z.number().positive().optional() })
  .refine((entry) => (entry.family !== undefined) !== (entry.family_female !== undefined && entry.family_male !== undefined), "family, or family_female and family_male")
  .refine((entry) => (entry.counts !== undefined) !== (entry.zipf !== undefined), "counts or zipf")
  .refine((entry) => entry.counts === undefined || entry.counts.length === (entry.family ?? entry.family_male ?? []).length, "a count per name");
const FamilyFileSchema = z.object({ about: z.string().min(1), sources: z.array(z.string().min(1)).min(1), cultures: z.record(z.string(), WeightedFamilySchema) });
type WeightedFamily = z.infer<typeof WeightedFamilySchema>;
let weightedFamilies: Record<string, WeightedFamily> | undefined;
function weightedFamily(key: string): WeightedFamily | undefined {
  weightedFamilies ??= checkedAtTestTime(FamilyFileSchema, familyFile).cultures;
  return weightedFamilies[key];
}

/**
 * Running totals of a weighted list's weights, by the list itself: a name drawn from it is one float
 * and a binary search (the same one draw a uniform pick takes), worked out once per list.
 */
const cumulativeWeights = new WeakMap<readonly string[], Float64Array>();

function weighted(names: readonly string[], entry: WeightedFamily): readonly string[] {
  const totals = new Float64Array(names.length);
  let total = 0;
  for (let rank = 0; rank < names.length; rank++) totals[rank] = total += entry.counts ? (entry.counts[rank] as number) : 1 / (rank + 1) ** (entry.zipf as number);
  cumulativeWeights.set(names, totals);
  return names;
}

/** A family name from a culture's list: by its bearers where the list is weighted, else uniformly. */
export function pickFamilyName(names: readonly string[], rng: Rng): string {
  const totals = cumulativeWeights.get(names);
  if (!totals) return rng.pick(names);
  const target = rng.float() * (totals[totals.length - 1] as number);
  let low = 0;
  let high = totals.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((totals[middle] as number) > target) high = middle;
    else low = middle + 1;
  }
  return names[low] as string;
}

/** Our shipped names files with their schemas: checked by the tests (place-and-name-data.test.ts), taken as typed at run time. */
export const NAME_DATA_FILES = { names: [FileSchema, file], "family-names": [FamilyFileSchema, familyFile] } as const;

let curated: z.infer<typeof FileSchema> | undefined;
function curatedFile(): z.infer<typeof FileSchema> {
  curated ??= checkedAtTestTime(FileSchema, file);
  return curated;
}

/** The ways a culture marks a given name's sex beyond its lists (data/names.json `given_name_endings`, `sex_marking_middle_names`). */
export function sexMarks(): { endings: Readonly<Record<string, Record<Sex, string[]>>>; middles: Readonly<Record<string, Record<Sex, string[]>>> } {
  return { endings: curatedFile().given_name_endings, middles: curatedFile().sex_marking_middle_names };
}

export function nameSources(): string[] {
  return curatedFile().sources;
}

let denominations: Map<string, string> | undefined;

/** The faith a denomination's people are named as ("Catholic", "Pentecostal" → "Christian"; "Sunni" → "Muslim"). */
export function faithOf(religion: string): string {
  if (!denominations) {
    denominations = new Map();
    for (const [faith, names] of Object.entries(curatedFile().faith_families)) for (const name of names) denominations.set(name.toLowerCase(), faith);
  }
  return denominations.get(religion.toLowerCase()) ?? religion;
}

/**
 * The naming cultures of a region whose names differ from its country's, with their shares; `*`
 * for the rest of a country whose people are named by several peoples' lists (Nigeria).
 */
export function regionCultures(countryCode: string, region: string, religion?: string, year?: number): Readonly<Record<string, number>> | undefined {
  const since = curatedFile().region_names_since[countryCode];
  if (since !== undefined && year !== undefined && year < since) return undefined;
  const shares = curatedFile().region_names[countryCode]?.[region];
  if (!shares || religion === undefined) return shares;
  // A Hindu in Punjab is not named Singh, a Catholic in Kano not Abubakar: cultures of another faith are left out.
  const cultures = curatedFile().cultures;
  const faith = faithOf(religion);
  const fitting = Object.entries(shares).filter(([key]) => {
    const own = cultures[key]?.faith;
    return own === undefined || (typeof own === "string" ? [own] : own).some((name) => faithOf(name) === faith);
  });
  return fitting.length > 0 ? Object.fromEntries(fitting) : undefined;
}

/**
 * Whether a region's people are named their own way, which the lists do not hold (Kerala, Scotland,
 * Puerto Rico): the basis, to say so, or undefined where the lists name them as they are named.
 */
export function regionNamedApart(countryCode: string, region: string): string | undefined {
  const file = curatedFile();
  return file.regions_named_apart[countryCode]?.includes(region) ? file.regions_named_apart_basis : undefined;
}

/** The naming cultures of those who do a job in a country, where the job's word names a people (Sherpas in Nepal). */
export function occupationCultures(occupation: string, countryCode: string): Readonly<Record<string, number>> | undefined {
  return curatedFile().occupation_names[occupation.toLowerCase()]?.[countryCode];
}

/**
 * The naming cultures of a people (the `ethnicity` value: "Tibetan", "Kurdish", "Sami"), wherever they
 * live: `undefined` where the people is named as its country's people or has no list here (see
 * peopleNamesUnknown).
 */
export function peopleCultures(people: string, countryCode?: string): Readonly<Record<string, number>> | undefined {
  return peopleInCountry(people, countryCode)?.shares;
}

/**
 * A people's naming cultures where it lives (data/names.json `people_names_by_country`: Asian Americans
 * by the Census's Asian groups, British Asians by the census's South Asian ones), else wherever it lives
 * (`people_names`). `inCountry`: the shares are that country's own community's, who write their names
 * as the country does (a Chinese American is Wei Chen, not Chen Wei).
 */
export function peopleInCountry(people: string, countryCode?: string): { shares: Readonly<Record<string, number>>; inCountry: boolean } | undefined {
  const file = curatedFile();
  // A kin state's people native elsewhere ("Hungarian" in Transylvania, "Albanian" in Kosovo): named as its kin state names people.
  const kin = Object.hasOwn(file.people_names, people) || Object.hasOwn(file.people_names_by_country, people) ? undefined : countryNamed(people);
  if (kin && kin.demonym.toLowerCase() === people.toLowerCase()) return { shares: { [kin.names]: 1 }, inCountry: false };
  const byCountry = Object.hasOwn(file.people_names_by_country, people) ? file.people_names_by_country[people] : undefined;
  const own = countryCode !== undefined && byCountry && Object.hasOwn(byCountry, countryCode) ? byCountry[countryCode] : undefined;
  if (own) return { shares: own, inCountry: true };
  if (Object.hasOwn(file.people_names, people)) return { shares: file.people_names[people] as Record<string, number>, inCountry: false };
  const elsewhere = byCountry?.["*"];
  return elsewhere ? { shares: elsewhere, inCountry: false } : undefined;
}

/**
 * Whether a people's own names are missing from the lists (a designer declares it): a people with no
 * culture here and not named as its country's people ("Maasai", "Assyrian", "Tuareg").
 */
export function peopleNamesUnknown(people: string): boolean {
  return peopleCultures(people) === undefined && !Object.hasOwn(curatedFile().people_names_by_country, people) && !curatedFile().peoples_named_as_their_country.includes(people);
}

/** The naming cultures of people of an origin settled in a host country whose names follow the host's practice (Chinese Indonesians). */
export function diasporaCultures(originCode: string, hostCode: string): Readonly<Record<string, number>> | undefined {
  return curatedFile().diaspora_names[originCode]?.[hostCode];
}

/**
 * The naming cultures of a faith's people in a country, with their shares, or undefined when the
 * country's own culture already fits the faith or the data has nothing for the faith.
 */
export function religionCultures(religion: string, countryCode: string, countryCulture: string): Readonly<Record<string, number>> | undefined {
  const entries = curatedFile().religion_names;
  const entry = Object.hasOwn(entries, religion) ? entries[religion] : entries[faithOf(religion)];
  if (!entry || entry.keep?.includes(countryCulture)) return undefined;
  return entry.by_country?.[countryCode] ?? entry.default;
}

const cache = new Map<string, NamingCulture>();

/** The culture for a key (data/names.json, else a Latin-script faker locale, else en_US). */
export function namingCulture(key: string): NamingCulture {
  let culture = cache.get(key);
  if (!culture) {
    culture = build(key, 0);
    cache.set(key, culture);
  }
  return culture;
}

function build(key: string, depth: number): NamingCulture {
  const entry = curatedFile().cultures[key];
  if (entry && depth < 4) {
    // An entry under a faker locale's own key (Italian "it": the names people carry, where faker's
    // are a dictionary of saints and antiquity) replaces the lists it gives; the rest are faker's.
    const hasGiven = Boolean(entry.cohorts || entry.given);
    const hasFamily = Boolean(entry.family || (entry.family_female && entry.family_male) || weightedFamily(key));
    // (faker's module only when it gives something: de and fr give both lists themselves.)
    const base = entry.based_on ? build(entry.based_on, depth + 1) : LATIN_FAKER.has(key) && !(hasGiven && hasFamily) ? fakerCulture(key) : undefined;
    // A deep weighted list (data/family-names.json) takes the place of the culture's own family names.
    const deep = weightedFamily(key);
    const deepFamily = deep ? { female: weighted(deep.family ?? (deep.family_female as string[]), deep), male: deep.family ? (deep.family as string[]) : weighted(deep.family_male as string[], deep) } : undefined;
    return {
      key,
      familyFirst: entry.family_first ?? base?.familyFirst ?? false,
      ...(entry.pattern ? { pattern: entry.pattern } : base?.pattern ? { pattern: base.pattern } : {}),
      given: (sex, cohort) => (entry.cohorts ? (entry.cohorts[cohort] ?? entry.cohorts.before_1965)[sex] : undefined) ?? entry.given?.[sex] ?? base?.given(sex, cohort) ?? [],
      // A narrower list of today's names (the U.S. list without its Hispanic surnames) keeps its base's names of the past.
      family: (sex, cohort) => (cohort === "before_1925" ? (entry.family_before_1925 ?? (entry.based_on ? curatedFile().cultures[entry.based_on]?.family_before_1925 : undefined)) : undefined) ?? deepFamily?.[sex] ?? (sex === "female" ? entry.family_female : entry.family_male) ?? entry.family ?? base?.family(sex, cohort) ?? [],
      cohortAware: Boolean(entry.cohorts) || (!hasGiven && Boolean(base?.cohortAware)),
      ...(!hasGiven && base ? { borrowedFrom: base.borrowedFrom ?? base.key } : {}),
    };
  }
  const faker = fakerCulture(key);
  if (faker) return faker;
  if (key !== "en_US") return { ...build("en_US", depth + 1), key, borrowedFrom: "en_US" };
  throw new Error("names: en_US lists missing from data/names.json");
}

/** A Latin-script faker locale's lists as a culture, or undefined where faker has none. */
function fakerCulture(key: string): NamingCulture | undefined {
  const locale = LATIN_FAKER.has(key) ? fakerLocale(key) : undefined;
  if (locale?.person && bySex(locale.person.first_name, "female").length > 0) {
    const person = locale.person;
    const wrongSex = curatedFile().faker_wrong_sex_given_names?.[key];
    const notFamily = new Set(curatedFile().faker_not_family_names?.[key] ?? []);
    return {
      key,
      familyFirst: FAKER_FAMILY_FIRST.has(key),
      // Worked out once a sex: every persona named from this culture asks (a filtered copy of a
      // faker list of hundreds of names was ~20% of the League writer's time).
      given: oncePerSex((sex) => {
        const wrong = new Set(wrongSex?.[sex] ?? []);
        return bySex(person.first_name, sex).filter((name) => !wrong.has(name));
      }),
      family: oncePerSex((sex) => {
        // A family name only the other sex carries ("Kaur" for a man) is left out.
        const otherSex = new Set(curatedFile().family_names_of_one_sex?.[key]?.[sex === "female" ? "male" : "female"] ?? []);
        const kept = bySex(person.last_name, sex).filter((name) => !notFamily.has(name) && !otherSex.has(name));
        const agreeing = sex === "female" && !person.last_name?.female ? feminineFamilyNames(key, kept) : kept;
        return agreeing.length ? agreeing : (weightedFamily("en_US")?.family ?? ["Smith"]);
      }),
      cohortAware: false,
    };
  }
  return undefined;
}

/**
 * Family names that agree with a woman where the language inflects them and the faker list gives
 * only one form: Polish adjectival names end in -ska, -cka, -dzka, -na for a woman (Kowalska, not
 * Kowalski; Konieczna, not Konieczny); nouns (Nowak, Kowalczyk) do not change. Other faker lists that inflect (Czech, Slovak,
 * Latvian, Ukrainian) list each sex's forms themselves.
 */
const FEMININE_FAMILY_ENDINGS: Readonly<Record<string, ReadonlyArray<readonly [RegExp, string]>>> = {
  // Adjectives in -y as well (Konieczny → Konieczna, Cichy → Cicha, Górny → Górna).
  pl: [[/(sk|ck|dzk)i$/, "$1a"], [/([^aeiouyąęó])y$/, "$1a"]],
};

function feminineFamilyNames(key: string, names: readonly string[]): readonly string[] {
  const endings = FEMININE_FAMILY_ENDINGS[key];
  if (!endings) return names;
  return names.map((name) => endings.reduce((changed, [ending, feminine]) => changed.replace(ending, feminine), name));
}

/** A list per sex, made the first time that sex asks. */
function oncePerSex(make: (sex: Sex) => readonly string[]): (sex: Sex) => readonly string[] {
  const made = new Map<Sex, readonly string[]>();
  return (sex) => {
    let list = made.get(sex);
    if (list === undefined) made.set(sex, (list = make(sex)));
    return list;
  };
}

/** The birth cohort of someone `age` years old in `year`. */
export function cohortOf(birthYear: number): Cohort {
  if (birthYear < 1925) return "before_1925";
  if (birthYear < 1965) return "before_1965";
  if (birthYear < 1990) return "1965_1989";
  return "from_1990";
}
