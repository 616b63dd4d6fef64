/**
 * Keeps a persona's prose from naming what its fields contradict before a sentence is written: a
 * phrase that names a declared category of a categorical field ("quartermaster", "night", a city)
 * is usable only by personas whose value of that field is that category. An able seaman does not
 * dream of being elected quartermaster in the text while the crew-role field says otherwise.
 * (The writer still checks the finished text with the engine's consistency gate.)
 *
 * What each phrase names depends only on the blueprint's categories, not on the persona: it is
 * worked out once per list for every population declaring the same categories (phrase lists are
 * shared between populations), and a persona's narrowing looks only at the phrases that name one.
 */
import type { Blueprint } from "../../engine/blueprint.ts";
import { subList, type PhraseList } from "./grammar.ts";
import { textKnowledge } from "../knowledge/text-data.ts";
import { countryNamed } from "../knowledge/index.ts";
import { climateOf, PLACE_FIELD_NAMES, seaCoastOf } from "./profile.ts";
import datedFile from "../data/text/dated.json" with { type: "json" };

/** Phrases that presume a partner at home ("a partner of many decades", "dinner with her husband"). */
const PARTNER = /(?<![\p{L}])(?:partner|spouse|husband|wife|married)(?![\p{L}])/iu;

/** Phrases that presume old age: grandchildren, an old person's fears ("a fall nobody sees"). */
const OLD_AGE = /(?<![\p{L}])(?:grandchild|grandchildren|grandkids?|grandsons?|granddaughters?|a fall nobody sees|becoming a burden)(?![\p{L}])/iu;
/** Younger than this, a persona has no grandchildren to visit (a retired footballer of 34). */
const GRANDPARENT_AGE = 45;

function tooYoungForOldAge(values: Readonly<Record<string, string>>): boolean {
  const age = Number(values.age);
  return Number.isFinite(age) && values.age !== undefined && values.age !== "" && age < GRANDPARENT_AGE;
}

/** People whose fields say there is no partner at home: they live alone, raise children alone, are widowed or single. */
function hasNoPartner(values: Readonly<Record<string, string>>): boolean {
  return /^(?:lives alone|single parent)$/.test(values.household ?? "") || /^(?:widowed|divorced|single|separated)$/.test(values.marital_status ?? "");
}

/** A way of life (data/text/life.json `ways`): when a persona lives it, and the phrases it rules out. */
interface Way {
  id: string;
  /** Any of these, each a set of fields whose values must all match. */
  when: Array<Array<[field: string, pattern: RegExp]>>;
  absent: RegExp;
  /** The words `absent` is made of. */
  words: readonly string[];
  /** Per list: the positions of its phrases holding an absent word. */
  mentions: WeakMap<PhraseList, number[]>;
}

let ways: { all: Way[]; fields: string[] } | undefined;

/**
 * Values no field holds but ways of life are keyed by, with the fields they are read from:
 * `country_income`, "lower" where the country lived in is one of the World Bank's low- or
 * lower-middle-income economies (data/text/life.json `lower_income_countries`), "higher" elsewhere;
 * `climate`, the climate zone of the place lived in (data/text/places.json: no frost in the tropics);
 * `sea_coast`, "coastal" or "inland" for a city the gazetteer lists (no seafront in Madrid).
 */
const DERIVED: Readonly<Record<string, { from: readonly string[]; value: (values: Readonly<Record<string, string>>) => string | undefined }>> = {
  country_income: { from: ["country"], value: (values) => incomeOf(values.country) },
  climate: { from: [...PLACE_FIELD_NAMES, "setting"], value: (values) => (values.setting ? undefined : climateOf(values)) },
  sea_coast: { from: [...PLACE_FIELD_NAMES, "setting"], value: (values) => (values.setting ? undefined : seaCoastOf(values)) },
};

let lowerIncome: Set<string> | undefined;

function incomeOf(country: string | undefined): string | undefined {
  const known = country === undefined || country === "" ? undefined : countryNamed(country);
  if (!known) return undefined;
  lowerIncome ??= new Set(textKnowledge().life.lower_income_countries);
  return lowerIncome.has(known.code) ? "lower" : "higher";
}

function valueOf(values: Readonly<Record<string, string>>, field: string): string | undefined {
  const derived = DERIVED[field];
  return derived ? derived.value(values) : values[field];
}

function waysOfLife(): { all: Way[]; fields: string[] } {
  if (!ways) {
    const all = textKnowledge().life.ways.map((way): Way => ({
      id: way.id,
      when: way.when.map((condition) => Object.entries(condition).map(([field, pattern]): [string, RegExp] => [field, new RegExp(pattern, "iu")])),
      absent: wordsPattern(way.absent),
      words: way.absent,
      mentions: new WeakMap(),
    }));
    // A derived value is remembered by the field it comes from; the things of a year by the year, the setting and the fields that may name them.
    const read = [...all.flatMap((way) => way.when.flatMap((condition) => condition.flatMap(([field]) => DERIVED[field]?.from ?? [field]))), "year", "setting", ...OWN_FIELDS];
    ways = { all, fields: [...new Set(read)] };
  }
  return ways;
}

/** A thing of data/text/dated.json: the year it became ordinary, and its words. */
interface DatedThing {
  from: number;
  words: readonly string[];
  /** Any of its words, to find in a persona's own fields. */
  named: RegExp;
}

let datedThings: DatedThing[] | undefined;

/** Fields whose values say what a persona has whatever the year: a telephone operator of 1910 has the telephone, a radio operator of 1915 the radio. */
const OWN_FIELDS = ["occupation", "role", "workplace", "activity", "industry", "volunteer_role", "teaches"] as const;

/** The ways "not yet ordinary in <year>" made so far, by the things they hold (a population has one year, or a few). */
const notYetWays = new Map<string, Way>();

/**
 * The things not yet ordinary in a persona's year (data/text/dated.json), as one way of life whose
 * words are theirs: none for the present day (no year), for a built-in setting (its text is its
 * period's own) or when every thing was ordinary by then. A thing the persona's own fields name is theirs.
 */
function notYetOrdinary(values: Readonly<Record<string, string>>): Way | undefined {
  const yearValue = values.year;
  if (yearValue === undefined || yearValue === "" || values.setting) return undefined;
  const year = Number(yearValue);
  if (!Number.isFinite(year)) return undefined;
  datedThings ??= datedFile.things.map((thing) => ({ from: thing.from, words: thing.words, named: wordsPattern(thing.words) }));
  let key = "";
  const later: DatedThing[] = [];
  datedThings.forEach((thing, position) => {
    if (thing.from <= year || OWN_FIELDS.some((field) => values[field] !== undefined && thing.named.test(values[field] as string))) return;
    later.push(thing);
    key += `${position},`;
  });
  if (later.length === 0) return undefined;
  let way = notYetWays.get(key);
  if (!way) {
    const words = later.flatMap((thing) => thing.words);
    way = { id: `not yet ordinary: ${key}`, when: [], absent: wordsPattern(words), words, mentions: new WeakMap() };
    notYetWays.set(key, way);
  }
  return way;
}

/** Any of the words, whole (letters do not run on either side), in any case. */
function wordsPattern(words: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}])(?:${words.map(escape).join("|")})(?![\\p{L}])`, "iu");
}

/** The ways of life a persona's values meet, remembered by the values of the fields they read (a population has a few). */
const waysByValues = new Map<string, Way[]>();
const WAYS_REMEMBERED = 1_000;
const NO_WAYS: Way[] = [];

/**
 * The last persona's: its lists are all narrowed one after another with one values object, about
 * thirty times (a WeakMap of every persona's values cost the collector more than it saved).
 */
let lastValues: object | undefined;
let lastWays: Way[] = NO_WAYS;

function waysOf(values: Readonly<Record<string, string>>): Way[] {
  if (values !== lastValues) {
    lastWays = waysByKey(values);
    lastValues = values;
  }
  return lastWays;
}

function waysByKey(values: Readonly<Record<string, string>>): Way[] {
  const { all, fields } = waysOfLife();
  let key = "";
  for (const field of fields) {
    const value = values[field];
    if (value !== undefined) key += `${field.length}:${field}${value.length}:${value}`;
  }
  if (key === "") return NO_WAYS;
  let found = waysByValues.get(key);
  if (!found) {
    found = all.filter((way) => way.when.some((condition) => condition.every(([field, pattern]) => pattern.test(valueOf(values, field) ?? ""))));
    const notYet = notYetOrdinary(values);
    if (notYet) found.push(notYet);
    if (waysByValues.size >= WAYS_REMEMBERED) waysByValues.clear();
    waysByValues.set(key, found);
  }
  return found;
}

/** Sentence patterns by the ways of life and situations that rule words out: a population has a few. */
const sentencePatterns = new Map<string, RegExp | undefined>();

/**
 * The words no sentence about this persona may hold, wherever the sentence got them (a frame's own
 * words as well as its lists'): those of the ways of life it lives (a recluse cooks for no crowd)
 * and of its situations' `absent` lists. Undefined when nothing is ruled out.
 */
export function wordsRuledOut(values: Readonly<Record<string, string>>, situations: ReadonlyArray<{ key: string; text: { absent?: readonly string[] | undefined } }>): RegExp | undefined {
  const lived = waysOf(values);
  let key = "";
  for (const way of lived) key += `${way.id}|`;
  for (const situation of situations) if (situation.text.absent) key += `${situation.key}|`;
  if (key === "") return undefined;
  if (sentencePatterns.has(key)) return sentencePatterns.get(key);
  const words = [...lived.flatMap((way) => way.words), ...situations.flatMap((situation) => situation.text.absent ?? [])];
  const pattern = words.length > 0 ? wordsPattern(words) : undefined;
  if (sentencePatterns.size >= WAYS_REMEMBERED) sentencePatterns.clear();
  sentencePatterns.set(key, pattern);
  return pattern;
}

function mentionsOfWay(way: Way, list: PhraseList): number[] {
  let found = way.mentions.get(list);
  if (!found) {
    found = [];
    list.sources.forEach((source, position) => {
      if (way.absent.test(source)) (found as number[]).push(position);
    });
    way.mentions.set(list, found);
  }
  return found;
}

/** Category words shorter than this are not looked for: "A", "NA" and the like are everywhere. */
const SHORTEST_CATEGORY = 3;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface Category {
  field: string;
  category: string;
  pattern: RegExp;
}

/** What the phrases of one list name, for one set of categories. */
interface ListMentions {
  /** Per phrase: the [field, category] pairs it names (in the categories' order). */
  named: Array<Array<[string, string]>>;
  /** The phrases that name at least one category: the only ones a persona's values can rule out. */
  naming: number[];
  /** The phrases that presume a partner. */
  partner: number[];
  /** The phrases that presume old age. */
  oldAge: number[];
}

/** A phrase's words, as the categories' patterns bound them (letters and digits). */
const WORD = /[\p{L}\p{N}]+/gu;
const ASCII_ONLY = /^[\x00-\x7f]*$/;
/** The two characters outside ASCII that a case-insensitive pattern takes for ASCII letters: ſ for s, the Kelvin sign for k. */
const ASCII_FOLDS = /[\u017f\u212a]/g;

/** The categories of one blueprint and what they have found in each list. */
class CategoryTables {
  readonly categories: Category[];
  /**
   * ASCII categories by their first word (lower case): where such a category's pattern matches, the
   * phrase has a word that lower-cases to that first word (letters and digits bound both), so only
   * the categories whose first word the phrase has are tested. Others are tested on every phrase.
   */
  private readonly byFirstWord = new Map<string, number[]>();
  private readonly testedEverywhere: number[] = [];
  readonly mentions = new WeakMap<PhraseList, ListMentions>();
  readonly narrowed = new WeakMap<PhraseList, Map<string, PhraseList>>();

  constructor(categories: Category[]) {
    this.categories = categories;
    categories.forEach(({ category }, position) => {
      const lower = category.toLowerCase();
      const first = /^[a-z0-9]+/.exec(lower)?.[0];
      if (first === undefined || !ASCII_ONLY.test(category) || lower.length !== category.length) this.testedEverywhere.push(position);
      else {
        const same = this.byFirstWord.get(first);
        if (same) same.push(position);
        else this.byFirstWord.set(first, [position]);
      }
    });
  }

  /** The positions of the categories a phrase names, ascending. */
  private namedIn(source: string): number[] {
    const candidates = new Set<number>(this.testedEverywhere);
    const folded = source.replace(ASCII_FOLDS, (letter) => (letter === "\u017f" ? "s" : "k")).toLowerCase();
    for (const word of folded.match(WORD) ?? []) for (const position of this.byFirstWord.get(word) ?? []) candidates.add(position);
    return [...candidates].filter((position) => (this.categories[position] as Category).pattern.test(source)).sort((a, b) => a - b);
  }

  mentionsOf(list: PhraseList): ListMentions {
    let found = this.mentions.get(list);
    if (!found) {
      const named = list.sources.map((source) => this.namedIn(source).map((position): [string, string] => [(this.categories[position] as Category).field, (this.categories[position] as Category).category]));
      const naming: number[] = [];
      const partner: number[] = [];
      const oldAge: number[] = [];
      list.sources.forEach((source, position) => {
        if ((named[position] as Array<[string, string]>).length > 0) naming.push(position);
        if (PARTNER.test(source)) partner.push(position);
        if (OLD_AGE.test(source)) oldAge.push(position);
      });
      found = { named, naming, partner, oldAge };
      this.mentions.set(list, found);
    }
    return found;
  }
}

/** Tables by the blueprint's categories: populations of one prompt share them, and their narrowed lists. */
const tablesByCategories = new Map<string, CategoryTables>();
/** Sets of categories remembered at most; past it the oldest is forgotten. */
const REMEMBERED_BLUEPRINTS = 64;

function tablesFor(categories: ReadonlyArray<readonly [field: string, category: string]>): CategoryTables {
  const key = JSON.stringify(categories);
  let tables = tablesByCategories.get(key);
  if (tables) return tables;
  // Patterns are made for new tables only: a blueprint of many categories costs milliseconds of them.
  tables = new CategoryTables(categories.map(([field, category]) => ({ field, category, pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escape(category)}(?![\\p{L}\\p{N}])`, "iu") })));
  if (tablesByCategories.size >= REMEMBERED_BLUEPRINTS) tablesByCategories.delete(tablesByCategories.keys().next().value as string);
  tablesByCategories.set(key, tables);
  return tables;
}

export class CategoryGuard {
  private readonly tables: CategoryTables;

  constructor(blueprint: Blueprint) {
    const categories: Array<[field: string, category: string]> = [];
    for (const field of blueprint.fields) {
      if (field.kind !== "categorical") continue;
      const declared = new Set([...Object.keys(field.categorical?.weights ?? {}), ...field.conditionals.flatMap((conditional) => Object.keys(conditional.categorical?.weights ?? {}))]);
      // A field with one category cannot be contradicted.
      if (declared.size < 2) continue;
      for (const category of declared) {
        if (category.length < SHORTEST_CATEGORY || /^\d/.test(category)) continue;
        categories.push([field.name, category]);
      }
    }
    this.tables = tablesFor(categories);
  }

  /** The list without the phrases naming a category other than the persona's own (or a partner they do not have, or grandchildren they are too young for); undefined when none is left. */
  filter(list: PhraseList, values: Readonly<Record<string, string>>): PhraseList | undefined {
    const alone = hasNoPartner(values);
    const young = tooYoungForOldAge(values);
    const lived = waysOf(values);
    if (this.tables.categories.length === 0 && !alone && !young && lived.length === 0) return list;
    const { named, naming, partner, oldAge } = this.tables.mentionsOf(list);
    // Only the phrases that name a category (or a partner, or old age) can be ruled out: the rest are kept unread.
    const refused = new Set<number>();
    if (alone) for (const position of partner) refused.add(position);
    if (young) for (const position of oldAge) refused.add(position);
    for (const way of lived) for (const position of mentionsOfWay(way, list)) refused.add(position);
    for (const position of naming) {
      if (!(named[position] as Array<[string, string]>).every(([field, category]) => values[field] === category)) refused.add(position);
    }
    if (refused.size === 0) return list;
    if (refused.size === list.items.length) return undefined;
    const key = [...refused].sort((a, b) => a - b).join(",");
    let cache = this.tables.narrowed.get(list);
    if (!cache) this.tables.narrowed.set(list, (cache = new Map()));
    let narrowed = cache.get(key);
    if (!narrowed) {
      const kept: number[] = [];
      for (let position = 0; position < list.items.length; position++) if (!refused.has(position)) kept.push(position);
      cache.set(key, (narrowed = subList(list, kept)));
    }
    return narrowed;
  }
}
