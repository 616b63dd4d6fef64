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
export function wordsPattern(words: readonly string[]): RegExp {
  return new WholeWords(words);
}

const NOT_ASCII = /[^\x00-\x7f]/;
/** The two characters outside ASCII that case-insensitive Unicode matching folds to ASCII letters: ſ (s) and the Kelvin sign (k). */
const ASCII_FOLDING = /[\u017f\u212a]/;

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * `(?<![\p{L}])(?:word|word|…)(?![\p{L}])` with flags `iu`: the pattern itself, whose `test` reads an
 * ASCII text (every drawn sentence, mostly) with the same words and no look-behind — a pattern that
 * starts with a look-behind is tried at every character, and one without can skip ahead to where a
 * word may begin (3.3× faster for the 573 words of the things a year of 1925 did not yet have, 1.6×
 * for 170) — and checks the letter before each hit itself. In an ASCII text, `\p{L}` is [A-Za-z] and
 * case folding is ASCII's, so the answer is the same; a text outside ASCII is read by the pattern itself.
 */
class WholeWords extends RegExp {
  private readonly ascii: RegExp | undefined;

  /** Whether no word can be found in an ASCII text (every one has a character outside ASCII). */
  private readonly noneInAscii: boolean;

  constructor(words: readonly string[]) {
    super(`(?<![\\p{L}])(?:${words.map(escape).join("|")})(?![\\p{L}])`, "iu");
    // A word with a character outside ASCII is never in an ASCII text ("café", "bánh mì"): only the
    // long s and the Kelvin sign fold to ASCII letters, and a word holding one is read by the pattern.
    const inAscii = words.filter((word) => !NOT_ASCII.test(word));
    const foldsToAscii = words.some((word) => ASCII_FOLDING.test(word));
    this.noneInAscii = inAscii.length === 0 && !foldsToAscii;
    this.ascii = foldsToAscii || inAscii.length === 0 ? undefined : new RegExp(`(?:${inAscii.map(escape).join("|")})(?![A-Za-z])`, "gi");
  }

  override test(text: string): boolean {
    const ascii = this.ascii;
    if (typeof text !== "string" || (ascii === undefined && !this.noneInAscii) || NOT_ASCII.test(text)) return super.test(text);
    if (ascii === undefined) return false;
    ascii.lastIndex = 0;
    for (let match = ascii.exec(text); match !== null; match = ascii.exec(text)) {
      const at = match.index;
      if (at === 0 || !isAsciiLetter(text.charCodeAt(at - 1))) return true;
      // No word matches here (the letter before is the same for every one): look from the next character.
      ascii.lastIndex = at + 1;
    }
    return false;
  }
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
  /** The same narrowed lists by a hash of the refused positions (each entry keeps its positions to compare): found without making the key. */
  private readonly narrowedByHash = new WeakMap<PhraseList, Map<number, Array<{ refused: Int32Array; list: PhraseList }>>>();

  /** The list without the phrases at the first `count` (sorted, unique) positions of `refused`, made once per list and positions. */
  narrowedTo(list: PhraseList, refused: Int32Array, count: number): PhraseList {
    let hash = FNV_OFFSET;
    for (let index = 0; index < count; index++) hash = Math.imul(hash ^ (refused[index] as number), FNV_MULTIPLIER);
    let byHash = this.narrowedByHash.get(list);
    if (!byHash) this.narrowedByHash.set(list, (byHash = new Map()));
    const same = byHash.get(hash);
    if (same) for (const entry of same) if (samePositions(entry.refused, refused, count)) return entry.list;
    const positions = refused.slice(0, count);
    const key = Array.from(positions).join(",");
    let cache = this.narrowed.get(list);
    if (!cache) this.narrowed.set(list, (cache = new Map()));
    let narrowed = cache.get(key);
    if (!narrowed) {
      const kept: number[] = [];
      for (let position = 0, next = 0; position < list.items.length; position++) {
        if (next < count && positions[next] === position) next++;
        else kept.push(position);
      }
      cache.set(key, (narrowed = subList(list, kept)));
    }
    if (same) same.push({ refused: positions, list: narrowed });
    else byHash.set(hash, [{ refused: positions, list: narrowed }]);
    return narrowed;
  }

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

const FNV_OFFSET = 0x811c9dc5;
const FNV_MULTIPLIER = 0x01000193;

function samePositions(kept: Int32Array, refused: Int32Array, count: number): boolean {
  if (kept.length !== count) return false;
  for (let index = 0; index < count; index++) if (kept[index] !== refused[index]) return false;
  return true;
}

/** Scratch: the positions one list's narrowing refuses (the first `refusedCount`), reused from list to list. */
let refusedScratch = new Int32Array(64);
let refusedCount = 0;

function refuse(position: number): void {
  if (refusedCount === refusedScratch.length) {
    const grown = new Int32Array(refusedScratch.length * 2);
    grown.set(refusedScratch);
    refusedScratch = grown;
  }
  refusedScratch[refusedCount++] = position;
}

/** Sorts the first `count` numbers ascending in place, drops repeats, and returns how many are left. */
function sortedUnique(numbers: Int32Array, count: number): number {
  // Mostly few (the phrases of one list that a persona's values rule out): insertion sort, no comparator calls; many, the typed array's numeric sort.
  if (count > 32) numbers.subarray(0, count).sort();
  else for (let index = 1; index < count; index++) {
    const value = numbers[index] as number;
    let at = index - 1;
    while (at >= 0 && (numbers[at] as number) > value) {
      numbers[at + 1] = numbers[at] as number;
      at--;
    }
    numbers[at + 1] = value;
  }
  let unique = 0;
  for (let index = 0; index < count; index++) if (unique === 0 || numbers[unique - 1] !== numbers[index]) numbers[unique++] = numbers[index] as number;
  return unique;
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

  /** The last persona's values and what they say for every list (a persona's ~30 lists are narrowed one after another with one values object). */
  private lastValues: object | undefined;
  private alone = false;
  private young = false;

  /** The list without the phrases naming a category other than the persona's own (or a partner they do not have, or grandchildren they are too young for); undefined when none is left. */
  filter(list: PhraseList, values: Readonly<Record<string, string>>): PhraseList | undefined {
    if (values !== this.lastValues) {
      this.alone = hasNoPartner(values);
      this.young = tooYoungForOldAge(values);
      this.lastValues = values;
    }
    const alone = this.alone;
    const young = this.young;
    const lived = waysOf(values);
    if (this.tables.categories.length === 0 && !alone && !young && lived.length === 0) return list;
    const { named, naming, partner, oldAge } = this.tables.mentionsOf(list);
    // Only the phrases that name a category (or a partner, or old age) can be ruled out: the rest are kept unread.
    // Their positions are gathered in a scratch array (no Set, key or closure per list per persona), then sorted once.
    refusedCount = 0;
    if (alone) for (const position of partner) refuse(position);
    if (young) for (const position of oldAge) refuse(position);
    for (const way of lived) for (const position of mentionsOfWay(way, list)) refuse(position);
    for (const position of naming) {
      for (const [field, category] of named[position] as Array<[string, string]>) {
        if (values[field] !== category) {
          refuse(position);
          break;
        }
      }
    }
    if (refusedCount === 0) return list;
    const count = sortedUnique(refusedScratch, refusedCount);
    if (count === list.items.length) return undefined;
    return this.tables.narrowedTo(list, refusedScratch, count);
  }
}
