/**
 * The offline writer: names from `names/` (the persona's setting, origin or country, and birth
 * cohort), prose composed from what the persona is (`text/profile.ts`, `text/persona-prose.ts`),
 * with no sentence naming what the persona's setting does not have or what its fields contradict
 * (such a sentence is written again from another expansion, or left out). A session keeps the
 * population's used names; everything else about persona i is a pure function of (seed, prompt,
 * i), so batch boundaries and retries never change the output, and two prompts with the same
 * seed do not share frames.
 */
import type { Blueprint } from "../engine/blueprint.ts";
import { formatNumber } from "../engine/constraints.ts";
import type { SampledValues } from "../engine/persona.ts";
import type { WritingContext, WritingSession, Writer } from "../engine/ports.ts";
import { createRng, hashSeed, hashText, type Rng } from "../engine/rng.ts";
import { consistencyChecker, type Contradiction } from "../engine/quality/consistency.ts";
import { nameWords } from "../engine/quality/sentences.ts";
import { cityIn, countryByCode, countryForPlace, type Country } from "./geo.ts";
import { countryByCode as countryByIsoCode, countryNamed as gazetteerCountryNamed, knowledge, thingsAfter, type Country as GazetteerCountry } from "./knowledge/index.ts";
import { gamerTag, NameRegistry, nameSeed, countryOfPlace, type Sex } from "./names.ts";
import { personName, PRESENT_YEAR, type NameRequest } from "./names/person-name.ts";
import type { PersonaText, TextWriter } from "./text/context.ts";
import { writeLolText } from "./text/lol.ts";
import { writeFallbackField } from "./text/fallback.ts";
import { MIDDLE_SENTENCES, proseLines, type ProseField, type ProseLine } from "./text/persona-prose.ts";
import { farmNamedIn, readProfile } from "./text/profile.ts";
import { textKnowledge, type WorkGroup } from "./knowledge/text-data.ts";
import { CategoryGuard, wordsPattern } from "./text/category-guard.ts";
import { SessionVariety, Variety } from "./text/variety.ts";

/** Domains with a writer of their own; every other persona is written from what it is. */
const DOMAIN_WRITERS: Record<string, TextWriter> = {
  lol_player: writeLolText,
};
/**
 * A sentence that says the same two words twice ("every morning every morning", "to write down the
 * family stories, and one day to write down the family stories"): two picks from overlapping lists.
 */
function repeatsPhrase(text: string): boolean {
  // Pairs of neighbouring words of four letters or more, lower-cased, compared where they stand:
  // no lower-cased copy, no pair strings (this runs on every acceptable attempt at every line).
  // Outside ASCII, lower-casing may change lengths or make ASCII letters (İ → i̇): a copy is read.
  return repeatsPhraseIn(text, false);
}

/** Word starts and ends of the pairs seen so far (four numbers a pair), reused between calls. */
const pairs: number[] = [];

/**
 * `repeatsPhrase` of a text, read in one pass: `lowered` says the text is already lower-cased;
 * otherwise the first character outside ASCII starts again on a lower-cased copy.
 */
function repeatsPhraseIn(text: string, lowered: boolean): boolean {
  pairs.length = 0;
  let previousStart = -1;
  let previousEnd = -1;
  let start = -1;
  for (let index = 0; index <= text.length; index++) {
    const read = index < text.length ? text.charCodeAt(index) : 0;
    if (read >= 128 && !lowered) return repeatsPhraseIn(text.toLowerCase(), true);
    // An ASCII letter of either case, and only one, lands in a-z with the case bit set.
    const code = read | 0x20;
    if (code >= LOWER_A && code <= LOWER_Z) {
      if (start < 0) start = index;
      continue;
    }
    if (start < 0) continue;
    const wordStart = start;
    start = -1;
    if (index - wordStart < 4) {
      previousStart = -1;
      continue;
    }
    if (previousStart >= 0) {
      for (let pair = 0; pair < pairs.length; pair += 4) {
        if (sameWord(text, pairs[pair] as number, pairs[pair + 1] as number, previousStart, previousEnd) && sameWord(text, pairs[pair + 2] as number, pairs[pair + 3] as number, wordStart, index)) return true;
      }
      pairs.push(previousStart, previousEnd, wordStart, index);
    }
    previousStart = wordStart;
    previousEnd = index;
  }
  return false;
}

/** Whether two words of the text (ASCII letters) are the same, whatever their case. */
function sameWord(text: string, start: number, end: number, otherStart: number, otherEnd: number): boolean {
  if (end - start !== otherEnd - otherStart) return false;
  for (let offset = 0; offset < end - start; offset++) if ((text.charCodeAt(start + offset) | 0x20) !== (text.charCodeAt(otherStart + offset) | 0x20)) return false;
  return true;
}
const LOWER_A = 97;
const LOWER_Z = 122;
/** Sentences a line draws, at most, before the first acceptable one stays (or the line is left out). */
const REWRITES = 12;
/** Domains whose names carry an in-game tag. */
const GAMING_DOMAINS = new Set(["lol_player"]);
/**
 * Prompts about video games get gamer tags too; "players" alone does not (chess, football and
 * poker players have no in-game handle).
 */
const VIDEO_GAME_PROMPT =
  /\b(?:gamers?|gaming|streamers?|twitch|e-?sports?|pro[\s-]?gamers?|video[\s-]?games?|league of legends|lol|dota\s?2?|valorant|fortnite|overwatch|counter[\s-]?strike|cs:?go|cs2|minecraft|apex legends|pubg|rocket league|call of duty|starcraft|world of warcraft|wow|speedrunners?|roblox|genshin|smash bros)\b/i;
/** The handle quoted inside a display name ("Ji-woo 'Onyx' Park"). */
const HANDLE_IN_NAME = / '([^']+)' /;

/** Letters that end a handle made unique ("OnyxX"), the ones handles use most first. */
const HANDLE_LETTERS = "XZQKVJ";

/** Draws of a fresh handle before a numbered one is made: the heads × tails space is 880 handles, so most populations of a few hundred never need a number. */
const HANDLE_DRAWS = 12;

/** Whose handle is part of how they are known at any age: streamers and competitive players. */
const HANDLE_PROMPT = /\b(?:streamers?|twitch|e-?sports?|pro[\s-]?gamers?|professional (?:gamers?|players?)|competitive)\b/i;
/** Other gamers write a gamer tag into their name only while young: a 79-year-old mobile gamer is "Thomas Allen". */
const TAGGED_UNDER_AGE = 45;
const PLACE_FIELDS = ["country", "nationality", "region", "server", "location", "home_country", "city"];
const NAMING_PLACE_FIELDS = [...PLACE_FIELDS, "place"];

/** The area of one country (Wales, Scotland) that lists a town among its own, by the gazetteer's areas. */
function areaOfTown(town: string, countryCode: string | undefined): { name: string; country: string } | undefined {
  const area = knowledge().gazetteer.areas.find((candidate) => candidate.countries.length === 1 && (countryCode === undefined || candidate.countries[0] === countryCode) && candidate.places?.[candidate.countries[0] as string]?.includes(town));
  return area ? { name: area.name, country: area.countries[0] as string } : undefined;
}
const NAME_FIELDS = new Set(["name", "full_name", "display_name", "persona_name"]);

function sexOf(values: Readonly<Record<string, string>>): Sex | undefined {
  const raw = (values.gender ?? values.sex ?? "").toLowerCase();
  if (/^(female|woman|f|girl)$/.test(raw)) return "female";
  if (/^(male|man|m|boy)$/.test(raw)) return "male";
  return undefined;
}

export function stringValues(values: SampledValues): Record<string, string> {
  const strings: Record<string, string> = {};
  // The own keys in `Object.entries`' order, without an array of pairs per persona (a seventh of
  // the League writer's own time went to those arrays).
  for (const name in values) {
    if (!Object.hasOwn(values, name)) continue;
    const value = values[name];
    strings[name] = typeof value === "number" ? formatNumber(value) : String(value);
  }
  return strings;
}

/** Countries by place value: every persona asks about its place fields' few values, up to three times. */
const countriesByName = new Map<string, GazetteerCountry | undefined>();
/** Values remembered at most (place values are open text); past it the memory starts again. */
const REMEMBERED_NAMES = 10_000;

/** The gazetteer's country by name, demonym, alias or code (each value folded and looked up once). */
function countryNamed(value: string): GazetteerCountry | undefined {
  if (countriesByName.has(value)) return countriesByName.get(value);
  const country = gazetteerCountryNamed(value);
  if (countriesByName.size >= REMEMBERED_NAMES) countriesByName.clear();
  countriesByName.set(value, country);
  return country;
}

/** A gazetteer country in the shape the prose writers know (name as it reads in a sentence). */
function proseCountry(country: GazetteerCountry): Country {
  return { code: country.code, name: country.nameInProse, demonym: country.demonym, locale: "en_US", cities: country.cities.slice(0, 8).map((city) => city.name), aliases: country.aliases };
}

/** A place value as a country: any country of the gazetteer by name or code, or a League server's. */
function countryOfValue(value: string, rng: Rng): GazetteerCountry | undefined {
  const named = countryNamed(value);
  if (named) return named;
  const legacy = countryOfPlace(value, rng);
  return legacy ? countryByIsoCode(legacy.code) : undefined;
}

/** The persona's home: a place field when there is one, else the blueprint's default origin. */
function homeOf(values: Readonly<Record<string, string>>, blueprint: Blueprint, rng: Rng): { country?: Country; city?: string; region?: string } {
  for (const field of PLACE_FIELDS) {
    const value = values[field];
    if (!value) continue;
    const known = countryOfPlace(value, rng);
    const country = known ?? (countryNamed(value) ? proseCountry(countryNamed(value) as GazetteerCountry) : undefined);
    if (!country) continue;
    const lowered = value.toLowerCase();
    const namedCity = country.cities.find((city) => city.toLowerCase() === lowered);
    const city = namedCity ?? (values.city || rng.pick(country.cities));
    // The state or province of a known city, so prose can say "Cleveland, Ohio".
    const region = cityIn(city, country.code)?.region;
    return { country, city, ...(region && region !== city ? { region } : {}) };
  }
  const origin = blueprint.name_origins?.default;
  const fallback = origin === "en_US" ? countryByCode("US") : origin ? countryForPlace(origin) : undefined;
  return fallback ? { country: fallback } : {};
}

/** Words of paid work that a population of volunteers ("volunteer firefighters") never writes. */
const UNPAID_WORDS = ["a living", "pension", "salary", "pay rise", "promotion", "wage", "wages", "payday"];

/**
 * Words no sentence of this population may hold: what its setting or year does not have yet, and
 * what a situation every persona shares rules out ("homeschools their children": no school
 * uniforms; "raising grandchildren": not "visiting the grandchildren").
 */
function absentWordsPattern(blueprint: Blueprint): RegExp | undefined {
  const setting = settingOf(blueprint);
  // A past year with no setting ("bootleggers in 1920s Chicago"): nothing that became common later.
  const year = yearOf(fixedValue(blueprint, "year"));
  const situations = textKnowledge().situations;
  const ruledOut = blueprint.fields.flatMap((field) => {
    const value = fixedValue(blueprint, field.name);
    return value === undefined ? [] : (situations[`${field.name}=${value}`]?.absent ?? []);
  });
  // Volunteers are not paid for it: no living made, pension, salary or promotion in what they do unpaid.
  const unpaid = /^volunteer\b/i.test(fixedValue(blueprint, "occupation") ?? "") ? UNPAID_WORDS : [];
  // A year inside a setting's span ("legionaries in AD 100") has none of the setting's things that came later (the frontier wall of AD 122).
  const laterInSetting = setting?.dated && year !== undefined ? thingsAfter(setting.dated, year) : [];
  const absent = [...(setting?.anachronisms ?? (year !== undefined && year < PRESENT_YEAR ? thingsAfter(knowledge().dated, year) : [])), ...laterInSetting, ...ruledOut, ...unpaid];
  if (absent.length === 0) return undefined;
  // The category guard's pattern of whole words (any case), which reads an ASCII sentence faster than the pattern alone.
  return wordsPattern(absent);
}

/** The one value a blueprint's field fixes, if it fixes one. */
function fixedValue(blueprint: Blueprint, name: string): string | undefined {
  const field = blueprint.fields.find((candidate) => candidate.name === name);
  const values = Object.keys(field?.categorical?.weights ?? {});
  return values.length === 1 ? values[0] : undefined;
}

/** The setting a blueprint's `setting` field fixes, if any. */
function settingOf(blueprint: Blueprint) {
  const name = fixedValue(blueprint, "setting");
  return name === undefined ? undefined : knowledge().settings.find((setting) => setting.name === name);
}

/**
 * Each text field without the sentences that name something its setting does not have; a field
 * left empty falls back to the neutral pools (which name no things at all).
 */
function withoutAbsentWords(written: Record<string, string>, pattern: RegExp | undefined): Record<string, string> {
  if (!pattern) return written;
  const out: Record<string, string> = {};
  for (const [field, text] of Object.entries(written)) {
    const kept = text.split(/(?<=[.!?])\s+/).filter((sentence) => !pattern.test(sentence)).join(" ");
    if (kept.trim()) out[field] = kept;
  }
  return out;
}

/** "1710" → 1710, "120 AD" → 120, "300 BC" → -300. */
function yearOf(value: string | undefined): number | undefined {
  const match = /^(\d{1,5})(?:\s*(AD|BC))?$/.exec(value?.trim() ?? "");
  if (!match) return undefined;
  return match[2] === "BC" ? -Number(match[1]) : Number(match[1]);
}


export class OfflineWriterSession implements WritingSession {
  /** The prose of one persona, from what it is. */
  private prose(values: Readonly<Record<string, string>>, identity: ProseIdentityInput, index: number, rng: Rng): Record<string, string> {
    // Read on the first persona written as prose: a domain writer's population (League) never loads the text data for it.
    if (this.farm === null) this.farm = farmNamedIn(this.context.prompt);
    const profile = readProfile(values, this.context.blueprint.label, this.farm);
    const lines = proseLines(profile, identity, new Variety(this.textSeed, index, this.variety), rng, (list) => this.guard.filter(list, values));
    return assembleProse(lines, values, identity.fullName, this.contradictions, this.absentWords, this.usedSentences, rng);
  }

  private readonly registry = new NameRegistry();
  /** Gamer handles already given in this population's writing. */
  private readonly handles = new Set<string>();
  private readonly textFields: string[];
  private readonly domainWriter: TextWriter | undefined;
  /** Mixes the prompt (and the blueprint) into every text choice: another prompt, other frames. */
  private readonly textSeed: number;
  private readonly contradictions: (fields: Readonly<Record<string, string>>) => Contradiction[];
  private readonly guard: CategoryGuard;
  /** How each pool is walked and which expansions each class of personas has taken in this session. */
  private readonly variety = new SessionVariety();
  /** Templates of the sentences this population has written (names and numbers masked), hashed. */
  private readonly usedSentences = new Set<number>();
  private readonly gaming: "any age" | "young" | undefined;
  /** Different domains with the same seed should not share their name sequence. */
  private readonly domainSalt: number;
  /** The kind of farm the prompt's farmers work ("Lentil farmers": field crops), read once (null until then): their occupation may not say it. */
  private farm: WorkGroup | undefined | null = null;

  constructor(private readonly context: WritingContext) {
    this.textFields = context.blueprint.fields.filter((field) => field.kind === "text").map((field) => field.name);
    this.domainSalt = hashSeed(context.blueprint.domain);
    this.absentWords = absentWordsPattern(context.blueprint);
    this.domainWriter = DOMAIN_WRITERS[context.blueprint.domain];
    this.textSeed = hashSeed(context.seed, context.prompt ?? "", context.blueprint.domain, context.blueprint.label ?? "");
    this.contradictions = consistencyChecker(context.blueprint);
    this.guard = new CategoryGuard(context.blueprint);
    // Handles belong to video games: competitive chess or poker players have none.
    const videoGames = VIDEO_GAME_PROMPT.test(context.prompt);
    this.gaming = GAMING_DOMAINS.has(context.blueprint.domain) || (videoGames && HANDLE_PROMPT.test(context.prompt)) ? "any age" : videoGames ? "young" : undefined;
  }

  async writeBatch(personas: readonly SampledValues[], startIndex: number): Promise<Array<Record<string, string>>> {
    return personas.map((values, offset) => this.writeOne(values, startIndex + offset));
  }

  /** Words the persona's setting does not have (no airports for knights) or a shared situation rules out (no school uniforms for homeschooled children): sentences naming one are not written. */
  private readonly absentWords: RegExp | undefined;

  /**
   * Who names this persona: the setting, the country they come from (immigrants, refugees), the
   * country they live in, or the blueprint's default origin; and the year their birth cohort counts from.
   */
  private nameRequest(values: Readonly<Record<string, string>>, sex: Sex, rng: Rng): NameRequest {
    const setting = values.setting ? knowledge().settings.find((candidate) => candidate.name === values.setting) : undefined;
    const year = yearOf(values.year) ?? (setting?.years ? Math.round((setting.years[0] + setting.years[1]) / 2) : PRESENT_YEAR);
    const origin = values.origin_country ? countryOfValue(values.origin_country, rng) : undefined;
    let country: GazetteerCountry | undefined;
    // A setting's `place` ("Venice" in medieval Europe) names them too: the period's names of that country.
    for (const field of NAMING_PLACE_FIELDS) {
      const value = values[field];
      if (value && (country = countryOfValue(value, rng))) break;
    }
    const fallback = this.context.blueprint.name_origins?.default;
    country ??= fallback === "en_US" ? countryByIsoCode("US") : fallback ? countryOfValue(fallback, rng) : undefined;
    const request: NameRequest = { sex, age: Number(values.age) || 35, year, ...(setting ? { setting } : {}), ...(origin ? { origin } : {}), ...(country ? { country } : {}) };
    // Faith and region name people where they name them their own way (Sikhs are Singh and Kaur; Tamil Nadu's names are Tamil).
    // A convert was born to another faith: named as the place's families are, not as the faith's people there mostly are.
    if (values.religion && values.faith_journey !== "convert") request.religion = values.religion;
    if (values.region) request.region = values.region;
    // A people named by its own names wherever it lives (Tibetans in Nepal, Kurds in Germany): names.json `people_names`.
    if (values.ethnicity) request.people = values.ethnicity;
    if (values.occupation) request.occupation = values.occupation;
    if (values.city) request.city = values.city;
    // "Weavers in medieval Wales" live in Cardiff or Bangor, towns of the Wales area: the period's names there are Welsh.
    const area = setting && values.place ? areaOfTown(values.place, country?.code) : undefined;
    if (area) {
      request.area = area.name;
      request.country ??= countryByIsoCode(area.country);
    }
    return request;
  }

  /**
   * A gamer handle no one written before holds ("Onyx" was three players of 200): further draws from
   * the same stream while the handle space lasts, then the first free lettered form ("OnyxX", "OnyxZ").
   * Letters, not digits: a number in a name could be read against the persona's age or hours.
   */
  private freeHandle(rng: Rng): string {
    const first = gamerTag(rng);
    for (let attempt = 0, tag = first; attempt < HANDLE_DRAWS; attempt++, tag = gamerTag(rng)) if (!this.handles.has(tag)) return tag;
    for (let index = 0; ; index++) {
      const letters = HANDLE_LETTERS[index % HANDLE_LETTERS.length] + (index < HANDLE_LETTERS.length ? "" : (HANDLE_LETTERS[Math.floor(index / HANDLE_LETTERS.length) % HANDLE_LETTERS.length] as string));
      if (!this.handles.has(`${first}${letters}`)) return `${first}${letters}`;
    }
  }

  writeOne(sampled: SampledValues, index: number): Record<string, string> {
    const seed = this.context.seed;
    const rng = createRng(hashSeed(this.textSeed, "text", index));
    const values = stringValues(sampled);
    const home = homeOf(values, this.context.blueprint, rng);
    const sex = sexOf(values) ?? (rng.float() < 0.5 ? "female" : "male");
    // Its own stream: choosing a server's country for the name must not shift the prose's choices.
    const request = this.nameRequest(values, sex, createRng(hashSeed(seed, "name-place", index)));
    const { name, display } = this.registry.claim(
      (attempt) => personName(request, createRng(nameSeed(seed ^ this.domainSalt, index, attempt))),
      this.gaming === "any age" || (this.gaming === "young" && !(Number(values.age) >= TAGGED_UNDER_AGE)) ? (candidate) => `${candidate.given} '${this.freeHandle(createRng(hashSeed(candidate.full, seed, index)))}' ${candidate.family}` : undefined,
    );
    const handle = HANDLE_IN_NAME.exec(display)?.[1];
    if (handle && this.gaming) this.handles.add(handle);
    const given = name.given;
    // Object.assign, not `{ ...home, gender }`: V8 gives an object spread followed by more
    // properties a hidden class of its own, for every persona (see `lol.ts`).
    const gender = sexOf(values);
    const persona: PersonaText = Object.assign({ values, given, fullName: display }, home, { gender });
    let written: Record<string, string>;
    if (this.domainWriter) written = withoutAbsentWords(this.domainWriter(persona, rng), this.absentWords);
    else {
      const identity: ProseIdentityInput = { given, fullName: display };
      if (gender) identity.gender = gender;
      if (home.country) identity.homeCountry = home.country.name;
      written = this.prose(values, identity, index, rng);
    }
    const out: Record<string, string> = {};
    for (const field of this.textFields) {
      if (NAME_FIELDS.has(field)) out[field] = display;
      else out[field] = written[field] ?? writeFallbackField(field, this.context.blueprint, persona, rng);
    }
    return out;
  }
}

export interface ProseIdentityInput {
  given: string;
  /** The name as the persona's `name` field shows it, so templates mask every part of it. */
  fullName: string;
  gender?: "female" | "male";
  homeCountry?: string;
}

/**
 * Writes the lines of a persona's prose and refuses what does not fit: a sentence naming what the
 * setting does not have, or what the persona's fields contradict, is drawn again (up to `REWRITES`
 * draws a line) and otherwise left out.
 */
function assembleProse(
  lines: readonly ProseLine[],
  values: Readonly<Record<string, string>>,
  fullName: string,
  check: (fields: Readonly<Record<string, string>>) => Contradiction[],
  absentWords: RegExp | undefined,
  used: Set<number>,
  rng: Rng,
): Record<ProseField, string> {
  /** A line, its sentence so far, the template key of that sentence once worked out, and how many it has drawn. */
  interface Written { line: ProseLine; drawn: number; text: string | undefined; key: number | undefined }
  const templateKey = templateHasher(fullName);
  const acceptable = (text: string): boolean => !(absentWords && absentWords.test(text)) && !repeatsPhrase(text);
  // A sentence another persona of the session already wrote (names and numbers aside) is drawn
  // again; when every draw is taken, the first acceptable one stays. A line whose class has written
  // all its sentences (`repeated`) writes the first acceptable one without looking: every one is taken.
  const write = (entry: Written): void => {
    let fallback: string | undefined;
    let fallbackKey: number | undefined;
    while (entry.drawn < REWRITES) {
      entry.drawn++;
      const drawn = entry.line.draw();
      if (drawn === undefined) break;
      if (!acceptable(drawn.text)) continue;
      if (drawn.repeated) {
        entry.text = drawn.text;
        entry.key = undefined;
        return;
      }
      const key = templateKey(drawn.text);
      if (!used.has(key)) {
        entry.text = drawn.text;
        entry.key = key;
        return;
      }
      if (fallback === undefined) {
        fallback = drawn.text;
        fallbackKey = key;
      }
    }
    entry.text = fallback;
    entry.key = fallbackKey;
  };
  const written: Written[] = lines.map((line) => ({ line, drawn: 0, text: undefined, key: undefined }));
  // The opening leads; the rest by priority, cut to a paragraph, then in a shuffled order. Only the
  // lines the paragraph will hold are written (writing is most of the writer's time): by priority,
  // until the paragraph is full, a refused line making room for the next.
  const [openingLine, ...middleLines] = written.filter((entry) => entry.line.field === "backstory");
  if (openingLine) write(openingLine);
  const chosen: Written[] = [];
  for (const entry of middleLines.filter((candidate) => candidate.line.priority > 0).sort((a, b) => a.line.priority - b.line.priority)) {
    if (chosen.length >= MIDDLE_SENTENCES + (openingLine?.text === undefined ? 1 : 0)) break;
    write(entry);
    if (entry.text !== undefined) chosen.push(entry);
  }
  const opening = openingLine?.text !== undefined ? openingLine : chosen.shift();
  const ordered = [...(opening ? [opening] : []), ...rng.shuffle(chosen)];
  const goals = written.filter((entry) => entry.line.field === "goals");
  for (const entry of goals) write(entry);
  // Rendered once a round: the text checked is the text returned when the check finds nothing.
  let prose: Record<ProseField, string> = { backstory: sentencesOf(ordered), goals: sentencesOf(goals) };
  // A sentence naming what the fields contradict is written again, or dropped.
  for (let round = 0; round < REWRITES; round++) {
    const problems = check(Object.assign({}, values, prose));
    if (problems.length === 0) break;
    for (const problem of problems) {
      const field = problem.text_field as ProseField;
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${problem.found.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "iu");
      for (const entry of field === "goals" ? goals : ordered) {
        if (entry.text === undefined || !pattern.test(entry.text)) continue;
        do write(entry);
        while (entry.text !== undefined && pattern.test(entry.text) && entry.drawn < REWRITES);
        if (entry.text !== undefined && pattern.test(entry.text)) entry.text = undefined;
      }
    }
    prose = { backstory: sentencesOf(ordered), goals: sentencesOf(goals) };
  }
  for (const entry of ordered) if (entry.text !== undefined) used.add(entry.key ?? templateKey(entry.text));
  for (const entry of goals) if (entry.text !== undefined) used.add(entry.key ?? templateKey(entry.text));
  return prose;
}

/** The written sentences of lines, in order, one space apart. */
function sentencesOf(entries: ReadonlyArray<{ text: string | undefined }>): string {
  let out: string | undefined;
  for (const entry of entries) if (entry.text !== undefined) out = out === undefined ? entry.text : `${out} ${entry.text}`;
  return out ?? "";
}

/**
 * The hash of a sentence with the persona's name words and every number masked: the diversity
 * report's template (`sentenceTemplate`), computed with one pattern per persona because every
 * sentence a line draws before its class has written them all is checked against the session's templates.
 */
function templateHasher(fullName: string): (text: string) => number {
  const names = [...nameWords({ name: fullName })].sort((a, b) => b.length - a.length);
  return (text) => {
    let masked = DIGIT.test(text) ? text.replace(NUMBERS, "#") : text;
    for (const word of names) if (masked.includes(word)) masked = maskWord(masked, word);
    return hashText(masked);
  };
}

const DIGIT = /\d/;
const NUMBERS = /\d+(?:[.,:]\d+)*/g;

/**
 * Every whole-word `word` in the text as `_`: what `text.replace(/(?<![\p{L}\p{M}])word(?![\p{L}\p{M}])/gu, "_")`
 * does, without compiling a pattern per persona.
 */
function maskWord(text: string, word: string): string {
  let out = "";
  let copied = 0;
  for (let at = text.indexOf(word); at >= 0; ) {
    const end = at + word.length;
    if (!letterOrMarkBefore(text, at) && !letterOrMarkAt(text, end)) {
      out += `${text.slice(copied, at)}_`;
      copied = end;
      at = text.indexOf(word, end);
    } else at = text.indexOf(word, at + 1);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;

function isLetterOrMark(codePoint: number): boolean {
  if (codePoint < 128) return (codePoint >= 65 && codePoint <= 90) || (codePoint >= LOWER_A && codePoint <= LOWER_Z);
  return LETTER_OR_MARK.test(String.fromCodePoint(codePoint));
}

/** The code point that ends at `index` (a surrogate pair read whole, as a `u` pattern's look-behind does). */
function letterOrMarkBefore(text: string, index: number): boolean {
  if (index === 0) return false;
  const last = text.charCodeAt(index - 1);
  if (last >= 0xdc00 && last <= 0xdfff && index >= 2) {
    const lead = text.charCodeAt(index - 2);
    if (lead >= 0xd800 && lead <= 0xdbff) return isLetterOrMark(text.codePointAt(index - 2) as number);
  }
  return isLetterOrMark(last);
}

function letterOrMarkAt(text: string, index: number): boolean {
  return index < text.length && isLetterOrMark(text.codePointAt(index) as number);
}

export class OfflineWriter implements Writer {
  readonly name = "offline";
  begin(context: WritingContext): OfflineWriterSession {
    return new OfflineWriterSession(context);
  }
}
