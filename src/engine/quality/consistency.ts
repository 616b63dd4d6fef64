/**
 * The offline consistency check (DESIGN §4): text fields must not contradict structured ones. Two
 * pattern checks, tuned to flag only clear contradictions:
 * - numbers: an age (`34-year-old`, `aged 34`, `34 years old`) or a number followed by a numeric
 *   field's words (`12 years playing`, `34 hours a week`) that differs from the field's value;
 * - categories: text naming another declared category of a categorical field (a country, a rank, a
 *   region) while never naming the persona's own value.
 *
 * Its cost does not grow with the product of the blueprint and the text: what the blueprint
 * declares is prepared once (`consistencyChecker`), and a text is read once for all the categories
 * of every field (a rolling hash over its words finds every declared phrase it holds), instead of
 * one regular expression per category per text; in an ASCII text only the words that may begin a
 * declared phrase (by first character and length) are hashed. A text's numbers are read only when a
 * field asks, only around its digits, and not at all when the text has no digit or not the field's
 * first word. Only the start of each text is read
 * (`MAX_TEXT_CHARS_CHECKED`), and at most `MAX_TEXT_FIELDS_CHECKED` text fields per persona.
 */
import type { BlueprintInput, FieldInput } from "../blueprint-check.ts";
import { numericValue } from "../constraints.ts";
import { ownValue } from "./own-fields.ts";
import { FNV_OFFSET_BASIS, FNV_PRIME } from "../rng.ts";

export interface Contradiction {
  text_field: string;
  field: string;
  expected: string;
  found: string;
}

/** Characters of one text field read: contradictions worth reporting are stated early, and a caller's text may be megabytes. */
export const MAX_TEXT_CHARS_CHECKED = 10_000;
/** Text fields of one persona read, in the order the persona lists them. */
export const MAX_TEXT_FIELDS_CHECKED = 50;

const STOP_WORDS = new Set(["per", "a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "num", "number", "count", "total"]);
/** Field-name words that are units rather than topics: `hours_per_week` → unit "hours", topic "week". */
const TOKEN_PATTERN = /[\p{L}\p{N}]+/gu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Short upper-case codes (`IN`, `US`, `KR`, `NA`) are matched case-sensitively: read without case
 * they are ordinary words ("in", "us", "na") and every text would seem to name them.
 */
function isCode(phrase: string): boolean {
  return /^[A-Z]{2,3}$/.test(phrase);
}

/** True when `text` holds `phrase` at `at`, not inside a longer word: `(?<![\p{L}\p{N}])phrase(?![\p{L}\p{N}])`, case-insensitive unless a code. */
function phraseAt(text: string, at: number, phrase: string): boolean {
  if (at < 0 || at + phrase.length > text.length) return false;
  const written = text.slice(at, at + phrase.length);
  if (isCode(phrase) ? written !== phrase : written.toLowerCase() !== phrase.toLowerCase()) return false;
  const before = at > 0 ? String.fromCodePoint(text.codePointAt(at - 1 - (isLowSurrogate(text, at - 1) ? 1 : 0)) ?? 0) : "";
  const after = at + phrase.length < text.length ? String.fromCodePoint(text.codePointAt(at + phrase.length) ?? 0) : "";
  return !WORD_CHARACTER.test(before) && !WORD_CHARACTER.test(after);
}

function isLowSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff && index > 0;
}

/** True when `text` names `phrase` anywhere (`lower` is `text` lowercased). */
function containsPhrase(text: string, lower: string, phrase: string): boolean {
  if (phrase.trim() === "") return false;
  const wanted = isCode(phrase) ? phrase : phrase.toLowerCase();
  const haystack = isCode(phrase) ? text : lower;
  // Lowercasing changed some lengths: positions in `lower` are no longer those of `text`.
  if (haystack.length !== text.length) return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(phrase)}(?![\\p{L}\\p{N}])`, "iu").test(text);
  for (let at = haystack.indexOf(wanted); at >= 0; at = haystack.indexOf(wanted, at + 1)) if (phraseAt(text, at, phrase)) return true;
  return false;
}

function isAgeField(name: string): boolean {
  return /(^|_)age($|_)/i.test(name);
}

/** Numbers the text states for an age. */
function statedAges(text: string): number[] {
  const ages: number[] = [];
  // No `u` flag: the pattern is ASCII, and V8 runs a case-insensitive Unicode pattern ~8× slower (49 vs 387 ms on 20k backstories, same matches).
  for (const match of text.matchAll(/(\d{1,3})[-\s]years?[-\s]old|\baged?\s+(\d{1,3})\b|\bage\s+of\s+(\d{1,3})\b/gi)) {
    ages.push(Number(match[1] ?? match[2] ?? match[3]));
  }
  return ages;
}

/** The stems of a numeric field's words (`hours_per_week` → hour, week): the first must follow the number. */
function fieldStems(fieldName: string): string[] {
  return fieldName
    .toLowerCase()
    .split(/[_\s-]+/)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map((word) => word.replace(/s$/, ""));
}

/** A number a text states and the (up to 5) words right after it: the first is the one it counts. */
interface NumberedWord {
  number: string;
  after: string[];
}

/** Numbers the text states next to a field's words: the first word right after the number, the rest within 3 words. */
function statedNumbers(numbered: ReadonlyMap<string, NumberedWord[]>, stems: readonly string[]): number[] {
  if (stems.length === 0) return [];
  const matchesStem = (token: string | undefined, stem: string): boolean => token !== undefined && token.replace(/s$/, "") === stem;
  const found: number[] = [];
  for (const { number, after } of numbered.get(stems[0] as string) ?? []) {
    const window = after.slice(1, 5);
    if (stems.slice(1).every((stem) => window.some((word) => matchesStem(word, stem)))) found.push(Number(number));
  }
  return found;
}

const YEAR = /year/gi;
/** A duration whose "year" starts at `lastIndex` (sticky). */
const DURATION_AT = /(?<=\b(\d{1,3})\s+)years?\b(?![-\s]old)/iy;

/** "12 years" (but not "12 years old"): durations a text states. */
function statedDurations(text: string): number[] {
  const durations: number[] = [];
  // What `/(?<=\b(\d{1,3})\s+)years?\b(?![-\s]old)/gi` finds, tried only where "year" is written:
  // that pattern ran its look-behind at every character of the text.
  for (const hit of text.matchAll(YEAR)) {
    DURATION_AT.lastIndex = hit.index;
    const match = DURATION_AT.exec(text);
    if (match) durations.push(Number(match[1]));
  }
  return durations;
}

/**
 * The one numeric field counted in years (`years_experience`, `years_coding`), when a blueprint has
 * exactly one besides age: then any "N years" in a text ("11 years into nursing") speaks of it.
 */
function soleYearsField(declared: readonly FieldInput[]): string | undefined {
  const yearFields = declared.filter(
    (field) => (field.kind === "numeric" || field.kind === "derived") && !isAgeField(field.name) && /(^|_)years?(_|$)/i.test(field.name),
  );
  return yearFields.length === 1 ? yearFields[0]!.name : undefined;
}

// ── Finding many phrases in one text ─────────────────────────────────────────────────────────────

interface Word {
  lower: string;
  start: number;
  end: number;
}

/** The words (`TOKEN_PATTERN`) of a text: ASCII text is split by character codes, twice as fast as the pattern. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let start = -1;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 32;
    if (code >= 128) return wordsMatched(text);
    const isWordCharacter = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (isWordCharacter) {
      if (start < 0) start = index;
    } else if (start >= 0) {
      words.push({ lower: text.slice(start, index).toLowerCase(), start, end: index });
      start = -1;
    }
  }
  return words;
}

function wordsMatched(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) words.push({ lower: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length });
  return words;
}

interface Phrase {
  text: string;
  /** Its place in the index's `phrases`: what a text's reading marks. */
  id: number;
  /** Its words, lowercased; a phrase without any is never looked for. */
  words: string[];
  /** Characters before its first word (".NET": 1). */
  lead: number;
}

function wordHash(word: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (let index = 0; index < word.length; index++) hash = Math.imul(hash ^ word.charCodeAt(index), FNV_PRIME);
  return hash >>> 0;
}

/**
 * Every phrase of a set a text holds: a word that begins no phrase is passed over with one lookup,
 * and at a word that begins one, the sum of the hashes of the next words (one sum per phrase
 * length) finds the phrases that may start there; the phrase itself is then compared at that place
 * (so punctuation and case are honoured exactly as a full-text search would).
 */
class PhraseIndex {
  /** By length in words, then by window hash: the phrases that length and hash may be. */
  private readonly byLength = new Map<number, Map<number, Phrase[]>>();
  /**
   * By the hash of a phrase's first word, the lengths (in `byLength`'s order) of the phrases that
   * begin with it: most words of a text begin none, and a word that begins one is looked up only
   * at the lengths of the phrases it may begin.
   */
  private readonly firstWords = new Map<number, number[]>();
  /**
   * By the lower-case code of an ASCII character, the lengths (bit `min(length, 31)`) of the phrases'
   * first words that start with it: a word of an ASCII text that fails this test begins no phrase,
   * and is passed over without being hashed.
   */
  private readonly firstLetters = new Int32Array(128);
  /** The indexed phrases (those with a word), by id. */
  readonly phrases: string[] = [];
  /** Ids by phrase text. */
  readonly ids = new Map<string, number>();
  /**
   * What the last text read names (`find`): a phrase is named when its mark is the current epoch,
   * and `named` lists their ids (the first `namedCount`). Reused from text to text: a Set per text
   * was garbage for every text field of every persona.
   */
  private marks = new Uint32Array(0);
  private epoch = 0;
  readonly named: number[] = [];
  namedCount = 0;

  constructor(phrases: Iterable<string>) {
    const firstHashes: Array<[hash: number, length: number]> = [];
    for (const text of phrases) {
      const read = wordsOf(text);
      const words = read.map((word) => word.lower);
      if (words.length === 0) continue;
      const phrase: Phrase = { text, id: this.phrases.length, words, lead: read[0]!.start };
      this.ids.set(text, phrase.id);
      this.phrases.push(text);
      const hashes = words.map(wordHash);
      firstHashes.push([hashes[0] as number, words.length]);
      const firstCode = (words[0] as string).charCodeAt(0);
      if (firstCode < 128) this.firstLetters[firstCode]! |= lengthBit((words[0] as string).length);
      const hash = windowHash(hashes, 0, words.length);
      let byHash = this.byLength.get(words.length);
      if (!byHash) this.byLength.set(words.length, (byHash = new Map()));
      const same = byHash.get(hash);
      if (same) same.push(phrase);
      else byHash.set(hash, [phrase]);
    }
    const order = [...this.byLength.keys()];
    for (const [hash, length] of firstHashes) {
      const lengths = this.firstWords.get(hash) ?? [];
      if (!lengths.includes(length)) lengths.push(length);
      this.firstWords.set(hash, lengths);
    }
    for (const lengths of this.firstWords.values()) lengths.sort((first, second) => order.indexOf(first) - order.indexOf(second));
  }

  /**
   * Reads which phrases `text` names: afterwards `isNamed(id)` answers for each, and `named` lists
   * them (in the order found: callers never rely on it) until the next text is read.
   */
  find(text: string): void {
    if (this.marks.length !== this.phrases.length) this.marks = new Uint32Array(this.phrases.length);
    // A new epoch unmarks every phrase at once; at the counter's end the marks are cleared for real.
    if (++this.epoch === 0xffffffff) {
      this.marks.fill(0);
      this.epoch = 1;
    }
    this.namedCount = 0;
    const count = asciiWords(text);
    // Outside ASCII, lower-casing may change lengths: the words are read by the pattern, as objects.
    if (count < 0) {
      const words = wordsMatched(text);
      const hashes = words.map((word) => wordHash(word.lower));
      this.search(hashes, words.length, (start, phrase) => namedAt(text, words, start, phrase));
      return;
    }
    this.searchAscii(text, count);
  }

  isNamed(id: number): boolean {
    return this.marks[id] === this.epoch;
  }

  private mark(id: number): void {
    this.marks[id] = this.epoch;
    this.named[this.namedCount++] = id;
  }


  /** `search` over the scratch words of an ASCII text, hashing only the words that may begin a phrase and the words after them. */
  private searchAscii(text: string, count: number): void {
    const starts = scratchStarts;
    const ends = scratchEnds;
    for (let start = 0; start < count; start++) {
      const wordStart = starts[start] as number;
      const wordEnd = ends[start] as number;
      const code = text.charCodeAt(wordStart);
      if ((this.firstLetters[code >= 65 && code <= 90 ? code | 0x20 : code]! & lengthBit(wordEnd - wordStart)) === 0) continue;
      const firstHash = asciiWordHash(text, wordStart, wordEnd);
      const lengths = this.firstWords.get(firstHash);
      if (lengths === undefined) continue;
      for (const length of lengths) {
        if (start + length > count) continue;
        let hash = firstHash;
        for (let offset = 1; offset < length; offset++) hash = (hash + asciiWordHash(text, starts[start + offset] as number, ends[start + offset] as number)) >>> 0;
        const candidates = (this.byLength.get(length) as Map<number, Phrase[]>).get(hash);
        if (candidates === undefined) continue;
        for (const phrase of candidates) {
          if (!this.isNamed(phrase.id) && asciiNamedAt(text, start, phrase)) this.mark(phrase.id);
        }
      }
    }
  }

  /** Marks the phrases whose words' hashes start at a word of `hashes` (the first `count`) and that `named` confirms there. */
  private search(hashes: ArrayLike<number>, count: number, named: (start: number, phrase: Phrase) => boolean): void {
    for (let start = 0; start < count; start++) {
      const lengths = this.firstWords.get(hashes[start] as number);
      if (lengths === undefined) continue;
      for (const length of lengths) {
        if (start + length > count) continue;
        const candidates = (this.byLength.get(length) as Map<number, Phrase[]>).get(windowHash(hashes, start, length));
        if (candidates === undefined) continue;
        for (const phrase of candidates) {
          if (!this.isNamed(phrase.id) && named(start, phrase)) this.mark(phrase.id);
        }
      }
    }
  }
}

/** Word starts and ends of the last ASCII text read (`asciiWords`), reused from text to text. */
let scratchStarts = new Int32Array(256);
let scratchEnds = new Int32Array(256);

function lengthBit(length: number): number {
  return 1 << Math.min(length, 31);
}

/** `wordHash` of the lower case of an ASCII word (letters and digits) written in `text` from `start` to `end`. */
function asciiWordHash(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET_BASIS;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    hash = Math.imul(hash ^ (code >= 65 && code <= 90 ? code | 0x20 : code), FNV_PRIME);
  }
  return hash >>> 0;
}

/**
 * The words of an ASCII text as `wordsOf` finds them (runs of ASCII letters and digits), their
 * starts and ends in the scratch arrays, without a string or an object a word; -1 for a text with
 * a character outside ASCII.
 */
function asciiWords(text: string): number {
  // The scratch arrays in locals: module bindings read for every character kept V8 from keeping them in registers.
  let starts = scratchStarts;
  let ends = scratchEnds;
  let count = 0;
  let start = -1;
  const length = text.length;
  for (let index = 0; index <= length; index++) {
    const code = index < length ? text.charCodeAt(index) : 32;
    if (code >= 128) return -1;
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      if (start < 0) start = index;
    } else if (start >= 0) {
      if (count === starts.length) {
        scratchStarts = starts = grown(starts, new Int32Array(count * 2));
        scratchEnds = ends = grown(ends, new Int32Array(count * 2));
      }
      starts[count] = start;
      ends[count] = index;
      count++;
      start = -1;
    }
  }
  return count;
}

function grown(from: Int32Array, to: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  to.set(from);
  return to;
}

/** `namedAt` over the scratch words of an ASCII text: each word's lower case compared where it stands. */
function asciiNamedAt(text: string, start: number, phrase: Phrase): boolean {
  for (let offset = 0; offset < phrase.words.length; offset++) {
    const wanted = phrase.words[offset] as string;
    const wordStart = scratchStarts[start + offset] as number;
    if ((scratchEnds[start + offset] as number) - wordStart !== wanted.length) return false;
    for (let at = 0; at < wanted.length; at++) {
      const code = text.charCodeAt(wordStart + at);
      const lower = code >= 65 && code <= 90 ? code | 0x20 : code;
      if (lower !== wanted.charCodeAt(at)) return false;
    }
  }
  return phraseAt(text, (scratchStarts[start] as number) - phrase.lead, phrase.text);
}

function windowHash(hashes: ArrayLike<number>, start: number, length: number): number {
  let sum = 0;
  for (let index = start; index < start + length; index++) sum = (sum + (hashes[index] as number)) >>> 0;
  return sum;
}

/** True when `phrase` is written in `text` where its words start at word `start`. */
function namedAt(text: string, words: readonly Word[], start: number, phrase: Phrase): boolean {
  for (let offset = 0; offset < phrase.words.length; offset++) if (words[start + offset]!.lower !== phrase.words[offset]) return false;
  // The phrase's own characters around its words (".NET", "C++") and its boundaries, checked in place.
  return phraseAt(text, words[start]!.start - phrase.lead, phrase.text);
}

// ── The checker ──────────────────────────────────────────────────────────────────────────────────

/**
 * What one text field of a persona says, read once for every field it is compared with. Only the
 * declared categories it names are read at once; its numbers are read the first time a field asks
 * (a blueprint without a numeric field besides age never tokenises prose), and a text that cannot
 * hold what a field asks for (no digit; not the field's first word anywhere) is not scanned for it.
 */
class ReadText {
  private lowerText: string | undefined;
  private numbered: Map<string, NumberedWord[]> | undefined;
  private agesStated: number[] | undefined;
  private durationsStated: number[] | undefined;
  /** Ages, durations and numbered words all need a digit; most written prose has none. */
  private readonly digits: boolean;

  /** Declared categories are read at once, into the index's marks (valid until the next text is read). */
  constructor(readonly text: string) {
    this.digits = DIGIT.test(text);
  }

  get lower(): string {
    return (this.lowerText ??= this.text.toLowerCase());
  }

  /** Numbers the text states for an age. */
  ages(): number[] {
    if (this.agesStated !== undefined) return this.agesStated;
    // An age is stated with "year" and "old" or with "age": a substring search rules most texts out
    // before the pattern tries every digit.
    const lower = this.digits ? this.lower : "";
    const possible = this.digits && ((lower.includes("year") && lower.includes("old")) || lower.includes("age"));
    return (this.agesStated = possible ? statedAges(this.text) : []);
  }

  /** "N years" durations the text states. */
  durations(): number[] {
    if (this.durationsStated !== undefined) return this.durationsStated;
    return (this.durationsStated = this.digits && this.lower.includes("year") ? statedDurations(this.text) : []);
  }

  /** Numbers the text states next to a field's words: the first word right after the number, the rest within 3 words. */
  numbersBefore(stems: readonly string[]): number[] {
    const first = stems[0];
    // A token is a piece of the lower-cased text: one that is `first` (or its plural) needs `first` in that text.
    if (first === undefined || !this.digits || !this.lower.includes(first)) return [];
    this.numbered ??= numberedWords(this.lower);
    return statedNumbers(this.numbered, stems);
  }
}

const DIGIT = /\d/;
const TOKENS_OF_LOWER = /\d+(?:\.\d+)?|[\p{L}]+/gu;
const NEXT_DIGIT = /\d/g;

/**
 * Where a lower-cased text states a number followed by a word, by that word's stem (its trailing
 * "s" dropped), with the words after it: a numeric field's statements are then found by its first
 * word, without reading the text again for every field. The text's tokens are `TOKENS_OF_LOWER`'s;
 * an ASCII text is split by character codes from one digit to the 5th word after the last number, and only
 * those words become strings.
 */
function numberedWords(lower: string): Map<string, NumberedWord[]> {
  const numbered = new Map<string, NumberedWord[]>();
  /** Numbers whose 5 words after are not all read yet. */
  let open: NumberedWord[] = [];
  const next = (token: string, isNumber: boolean): void => {
    for (const entry of open) {
      if (entry.after.length === 0) {
        const stem = token.replace(/s$/, "");
        const found = numbered.get(stem);
        if (found) found.push(entry);
        else numbered.set(stem, [entry]);
      }
      entry.after.push(token);
    }
    if (open.length > 0 && (open[0] as NumberedWord).after.length === 5) open = open.filter((entry) => entry.after.length < 5);
    if (isNumber) open.push({ number: token, after: [] });
  };
  const length = lower.length;
  const isDigit = (at: number): boolean => {
    const code = lower.charCodeAt(at);
    return code >= 48 && code <= 57;
  };
  for (let index = 0; index < length; ) {
    // With no number waiting for its words, the words up to the next digit matter to none: skipped
    // (a digit there starts a number: what precedes it is not a digit, nor a decimal point after one).
    if (open.length === 0) {
      NEXT_DIGIT.lastIndex = index;
      const digit = NEXT_DIGIT.exec(lower);
      if (digit === null) break;
      index = digit.index;
    }
    const code = lower.charCodeAt(index);
    if (code >= 128) return numberedTokens(lower.match(TOKENS_OF_LOWER) ?? []);
    let end = index + 1;
    const isNumber = code >= 48 && code <= 57;
    if (isNumber) {
      while (end < length && isDigit(end)) end++;
      if (end + 1 < length && lower.charCodeAt(end) === 46 && isDigit(end + 1)) for (end += 2; end < length && isDigit(end); end++);
    } else if (code >= 97 && code <= 122) {
      for (let after = lower.charCodeAt(end); end < length && after >= 97 && after <= 122; after = lower.charCodeAt(++end));
    } else {
      index = end;
      continue;
    }
    if (isNumber || open.length > 0) next(lower.slice(index, end), isNumber);
    index = end;
  }
  return numbered;
}

/** `numberedWords` over the tokens of a text outside ASCII, read by the pattern. */
function numberedTokens(tokens: readonly string[]): Map<string, NumberedWord[]> {
  const numbered = new Map<string, NumberedWord[]>();
  tokens.forEach((token, index) => {
    if (!/^\d/.test(token) || index + 1 >= tokens.length) return;
    const entry = { number: token, after: tokens.slice(index + 1, index + 6) };
    const stem = (entry.after[0] as string).replace(/s$/, "");
    const found = numbered.get(stem);
    if (found) found.push(entry);
    else numbered.set(stem, [entry]);
  });
  return numbered;
}

/**
 * A check of personas against one blueprint, prepared once: looking fields up, the numeric fields'
 * words, and the categories of every categorical field, indexed together.
 */
export function consistencyChecker(blueprint: BlueprintInput): (fields: Readonly<Record<string, string>>) => Contradiction[] {
  const declared = blueprint.fields ?? [];
  const yearsField = soleYearsField(declared);
  const byName = new Map(declared.map((field) => [field.name, field] as const));
  /**
   * A field's key: the place in `declared` of the first field of its name (fields are looked up by
   * name, so two declared under one name share their categories).
   */
  const keyOf = new Map<string, number>();
  declared.forEach((field, position) => {
    if (!keyOf.has(field.name)) keyOf.set(field.name, position);
  });
  /** Each category's fields (by key) and its place among their categories (the first named is the one reported). */
  const placesOf = new Map<string, Array<{ field: number; position: number }>>();
  for (const field of declared) {
    if (field.kind !== "categorical") continue;
    const key = keyOf.get(field.name) as number;
    declaredCategorySet(field).forEach((category, position) => {
      const places = placesOf.get(category);
      if (places) places.push({ field: key, position });
      else placesOf.set(category, [{ field: key, position }]);
    });
  }
  const index = new PhraseIndex(placesOf.keys());
  /**
   * Per indexed phrase (by id), the fields it is a category of and its place there; none for a
   * one-letter category, which is never reported as the other category a text names.
   */
  const placesById = index.phrases.map((phrase) => (phrase.length <= 1 ? [] : (placesOf.get(phrase) ?? [])));
  /** What is asked of each declared field, worked out once: kind, the words a number must precede, whether it is the age or the one years field. */
  const checks = declared.map((field) => ({
    name: field.name,
    key: keyOf.get(field.name) as number,
    kind: field.kind === "numeric" || field.kind === "derived" ? ("number" as const) : field.kind === "categorical" ? ("category" as const) : ("other" as const),
    stems: fieldStems(field.name),
    age: isAgeField(field.name),
    years: field.name === yearsField,
  }));
  /** Scratch: a persona's field values and numbers, by the field's place in `declared` (read once a persona, not once a text field). */
  const values: Array<string | undefined> = [];
  const numbers: Array<number | undefined> = [];
  /** Scratch: the text fields of the persona being checked. */
  const textFields: string[] = [];

  const read = (value: string): ReadText => {
    const text = value.length > MAX_TEXT_CHARS_CHECKED ? value.slice(0, MAX_TEXT_CHARS_CHECKED) : value;
    index.find(text);
    return new ReadText(text);
  };
  /** True when the text last read names `phrase`: from the index's marks when it is a declared category, else searched for. */
  const names = (reading: ReadText, phrase: string): boolean => {
    const id = index.ids.get(phrase);
    return id !== undefined ? index.isNamed(id) : containsPhrase(reading.text, reading.lower, phrase);
  };
  /**
   * The first declared category of a field (by key; by its place there, one-letter ones aside) that
   * the text last read names and that is not `value`; of two at one place, the first found.
   */
  const otherNamed = (fieldKey: number, value: string): string | undefined => {
    let found: string | undefined;
    let foundPosition = Number.POSITIVE_INFINITY;
    for (let at = 0; at < index.namedCount; at++) {
      const id = index.named[at] as number;
      const category = index.phrases[id] as string;
      if (category === value) continue;
      for (const place of placesById[id] as Array<{ field: number; position: number }>) {
        if (place.field === fieldKey && place.position < foundPosition) {
          found = category;
          foundPosition = place.position;
        }
      }
    }
    return found;
  };
  /** The first stated number that differs from the field's value by more than half. */
  const firstWrong = (stated: readonly number[], number: number): number | undefined => {
    for (const candidate of stated) if (Math.abs(candidate - number) > 0.5) return candidate;
    return undefined;
  };

  return (fields) => {
    // Text: declared text fields, and undeclared fields with several words (the spec's example sends a backstory the blueprint does not declare).
    // Own enumerable keys in `Object.keys`' order, without the arrays of keys per persona.
    textFields.length = 0;
    for (const name in fields) {
      if (!Object.hasOwn(fields, name)) continue;
      const field = byName.get(name);
      if (field ? field.kind === "text" : (ownValue(fields, name)?.match(TOKEN_PATTERN)?.length ?? 0) >= 4) textFields.push(name);
      if (textFields.length === MAX_TEXT_FIELDS_CHECKED) break;
    }
    const contradictions: Contradiction[] = [];
    if (textFields.length === 0) return contradictions;
    for (let fieldIndex = 0; fieldIndex < checks.length; fieldIndex++) {
      const check = checks[fieldIndex] as (typeof checks)[number];
      const value = ownValue(fields, check.name);
      values[fieldIndex] = value;
      numbers[fieldIndex] = value !== undefined && check.kind === "number" ? numericValue(value) : undefined;
    }
    for (const textField of textFields) {
      const reading = read(ownValue(fields, textField) ?? "");
      for (let fieldIndex = 0; fieldIndex < checks.length; fieldIndex++) {
        const check = checks[fieldIndex] as (typeof checks)[number];
        const value = values[fieldIndex];
        if (value === undefined || check.name === textField) continue;
        if (check.kind === "number") {
          const number = numbers[fieldIndex];
          if (number === undefined) continue;
          // The years field's statements: numbers before its words, then durations (the first wrong one of both, in that order).
          const wrong = check.age
            ? firstWrong(reading.ages(), number)
            : check.years
              ? (firstWrong(reading.numbersBefore(check.stems), number) ?? firstWrong(reading.durations(), number))
              : firstWrong(reading.numbersBefore(check.stems), number);
          if (wrong !== undefined) contradictions.push({ text_field: textField, field: check.name, expected: value, found: String(wrong) });
        } else if (check.kind === "category") {
          const other = otherNamed(check.key, value);
          if (other === undefined || names(reading, value)) continue;
          contradictions.push({ text_field: textField, field: check.name, expected: value, found: other });
        }
      }
    }
    return contradictions;
  };
}

/** A field's categories over its base distribution and every conditional, first mention first, each once. */
function declaredCategorySet(field: FieldInput): string[] {
  const categories = new Set(Object.keys(field.categorical?.weights ?? {}));
  for (const conditional of field.conditionals ?? []) for (const key of Object.keys(conditional.categorical?.weights ?? {})) categories.add(key);
  return [...categories];
}

/** Contradictions between one persona's text fields and its structured fields. */
export function findContradictions(fields: Readonly<Record<string, string>>, blueprint: BlueprintInput): Contradiction[] {
  return consistencyChecker(blueprint)(fields);
}

export function describeContradiction(contradiction: Contradiction): string {
  return `${contradiction.text_field} mentions ${contradiction.field} '${contradiction.found}' but the persona's ${contradiction.field} is '${contradiction.expected}'`;
}
