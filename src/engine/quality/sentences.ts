/**
 * Sentences and their templates (the `sentences` … `near_duplicate_sentences` keys of the diversity
 * report): a sentence that comes back in another persona with only its names and numbers changed is
 * a *templated* sentence. Whole-persona cosine hides it; counting templates shows it.
 */
import { FNV_OFFSET_BASIS, FNV_PRIME } from "../rng.ts";
import type { FeatureField, PersonaFields } from "./similarity.ts";
import { round4 } from "./tvd.ts";
import { ownValue } from "./own-fields.ts";
import { grownTo, HashEntries, SECOND_HASH_START, secondEnd, secondStep } from "./hash-entries.ts";

/** Templates listed in `near_duplicate_sentences`, at most (the most repeated first). */
export const TEMPLATES_LISTED = 20;
/** Persona ids listed per repeated template, at most. */
export const TEMPLATE_PERSONAS_LISTED = 5;
/** A listed template is quoted up to this many characters. */
export const TEMPLATE_CHARACTERS = 160;
/** Sentences shorter than this many words ("Warm.", "Never.") are not counted: they repeat by nature. */
export const SENTENCE_MIN_WORDS = 3;

/** Fields holding the persona's name: their words are what "names" means in a template. */
const NAME_FIELDS = ["name", "full_name", "display_name", "persona_name"] as const;

/** A sentence that comes back, with only names and numbers changed, in more than one place. */
export interface RepeatedTemplate {
  /** The sentence with the persona's own name words as `_` and every number as `#`. */
  template: string;
  /** How many times it was written in the population. */
  count: number;
  /** The first personas that wrote it (at most `TEMPLATE_PERSONAS_LISTED`). */
  persona_ids: string[];
}


export interface SentenceReport {
  /** Sentences of at least `SENTENCE_MIN_WORDS` words in the personas' text fields (names excluded). */
  sentences: number;
  /** Sentences that repeat one written earlier in the population word for word. */
  repeated_sentences: number;
  /** Sentences that repeat an earlier one once names and numbers are masked (exact repeats included). */
  templated_sentences: number;
  /** `templated_sentences / sentences`. */
  templated_share: number;
  /** The most repeated templates, flagged as near-duplicates. */
  near_duplicate_sentences?: RepeatedTemplate[];
}

/** A word (letters, marks, inner apostrophes and hyphens) or a number (with its separators and ordinal suffix). */
const TOKEN = /\p{N}+(?:[.,:]\p{N}+)*(?:st|nd|rd|th|s)?|[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
/** `TOKEN` with its number alternative captured. A word token holds no digit, so the numbers `TOKEN` finds are exactly those `NUMBER_TOKEN` finds alone. */
const TOKEN_PARTS = /(\p{N}+(?:[.,:]\p{N}+)*(?:st|nd|rd|th|s)?)|[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
const NUMBER_TOKEN = /\p{N}+(?:[.,:]\p{N}+)*(?:st|nd|rd|th|s)?/gu;
const NO_NAMES: ReadonlySet<string> = new Set();
/** A number token's start (a word token starts with a letter or mark). */
const NUMBER_START = /^\p{N}/u;
/** `'`, `’` or `-` in a name word: its parts are name words too. */
const JOINER = /['’-]/;

/** The words of a persona's name: given, family and any nickname, each hyphenated part too. */
export function nameWords(fields: Readonly<Record<string, string>>): Set<string> {
  const words = new Set<string>();
  for (const field of NAME_FIELDS) {
    const value = ownValue(fields, field);
    if (typeof value !== "string" || addScannedNameWords(value, words)) continue;
    for (const word of value.match(TOKEN) ?? []) {
      if (word.length < 2 || NUMBER_START.test(word)) continue;
      words.add(word);
      if (JOINER.test(word)) for (const part of word.split(JOINER)) if (part.length >= 2) words.add(part);
    }
  }
  return words;
}

/**
 * `nameWords`' words of `text` added to `words`, for a text with no character a number may start
 * with (`mayBeNumeric`: no `\p{N}`, no surrogate), by a scan; false (nothing added) for any other
 * text. Such a text's tokens are `TOKEN`'s word alternative alone, runs of letters and marks joined
 * by a single `'`, `’` or `-` (as `maskNameWords` reads them): none starts with a number, and a token
 * holds a joiner exactly when the scan joined two runs, so neither needs the regular expressions
 * (two per word were a third of this function's cost). Why a scan: a regular expression over every
 * persona's name, and the array it made, were a tenth of the sentence counter's allocation at 100,000 personas.
 */
function addScannedNameWords(text: string, words: Set<string>): boolean {
  for (let index = 0; index < text.length; index++) if (mayBeNumeric(text.charCodeAt(index))) return false;
  for (let index = 0; index < text.length; ) {
    if (wordWidth(text, index) === 0) {
      index++;
      continue;
    }
    const start = index;
    let joined = false;
    for (;;) {
      for (let width = wordWidth(text, index); width > 0; width = wordWidth(text, index)) index += width;
      if (index < text.length && isJoiner(text.charCodeAt(index)) && wordWidth(text, index + 1) > 0) {
        index++;
        joined = true;
      } else break;
    }
    if (index - start < 2) continue;
    const word = text.slice(start, index);
    words.add(word);
    if (joined) for (const part of word.split(JOINER)) if (part.length >= 2) words.add(part);
  }
  return true;
}

/**
 * A sentence's template: the persona's own name words become `_` (a possessive keeps its `'s`) and
 * every number `#`. Two personas whose sentences share a template were written from one frame.
 */
export function sentenceTemplate(sentence: string, names: ReadonlySet<string>): string {
  // Without names only numbers change: one native replace, no callback (a million sentences at 100,000 personas).
  if (names.size === 0) return sentence.replace(NUMBER_TOKEN, "#");
  return sentence.replace(TOKEN_PARTS, (token: string, number: string | undefined) => {
    if (number !== undefined) return "#";
    if (names.has(token)) return "_";
    if (token.length > 2 && (token.endsWith("'s") || token.endsWith("’s")) && names.has(token.slice(0, -2))) return `_${token.slice(-2)}`;
    return token;
  });
}

/** Whether each BMP code unit is a letter or a mark (`[\p{L}\p{M}]`): 0 unknown, 1 yes, 2 no. */
const wordUnits = new Uint8Array(65_536);
/** One letter or mark, the whole text (anchored: a lone surrogate before a letter is no letter). */
const WORD_CHARACTER = /^[\p{L}\p{M}]$/u;

/** The width of the letter or mark at `index` (2 for a surrogate pair), 0 when there is none. */
function wordWidth(text: string, index: number): number {
  if (index < 0 || index >= text.length) return 0;
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) return WORD_CHARACTER.test(text.slice(index, index + 2)) ? 2 : 0;
  if (code >= 0xdc00 && code <= 0xdfff) return 0;
  let known = wordUnits[code] as number;
  if (known === 0) wordUnits[code] = known = WORD_CHARACTER.test(String.fromCharCode(code)) ? 1 : 2;
  return known === 1 ? 1 : 0;
}

/** Whether a letter or mark ends just before `end`. */
function wordEndsAt(text: string, end: number): boolean {
  const code = text.charCodeAt(end - 1);
  if (code >= 0xdc00 && code <= 0xdfff) return wordWidth(text, end - 2) === 2;
  return wordWidth(text, end - 1) === 1;
}

/** `'`, `’` or `-`: they join two runs of letters into one word token. */
function isJoiner(code: number): boolean {
  return code === 0x27 || code === 0x2019 || code === 0x2d;
}

/**
 * `sentenceTemplate(sentence, names)` from `sentenceTemplate(sentence, NO_NAMES)` (its numbers
 * already `#`), without a callback per token: only where a name word occurs is the word token
 * there (`TOKEN`'s letters, marks and inner `'’-`) read and masked as `sentenceTemplate` masks it.
 * Numbers become `#`, which is neither a letter nor a joiner, so the word tokens are the same.
 */
export function maskNameWords(template: string, names: ReadonlySet<string>, nameList: readonly string[]): string {
  const masks: number[] = [];
  const count = nameMasks(template, names, nameList, masks);
  return count === 0 ? template : masked(template, masks, count);
}

/**
 * The name-word tokens `maskNameWords` masks in `template`, in order, as triples in `into`: the
 * token's start, its end, and what replaces it (`NAME_MASK`, or the code of the apostrophe of a
 * possessive, `_'s` or `_’s`); returns how many. Why apart: the sentence counter hashes the masked
 * template from them (`SentenceCounter.maskedTemplate`) and writes it out only when its wording is
 * kept: a masked string per named sentence (one a persona at 100,000) was a third of the counter's allocation.
 */
function nameMasks(template: string, names: ReadonlySet<string>, nameList: readonly string[], into: number[]): number {
  const starts = maskStarts;
  starts.length = 0;
  for (const word of nameList) {
    for (let at = template.indexOf(word); at >= 0; at = template.indexOf(word, at + 1)) {
      // A word token starts here unless letters (or letters and a joiner) come just before.
      if (wordEndsAt(template, at) || (isJoiner(template.charCodeAt(at - 1)) && wordEndsAt(template, at - 1))) continue;
      // Kept in order as they come (a handful): a comparator sort copied them into an array of its own each time.
      let place = starts.length;
      starts.push(at);
      for (; place > 0 && (starts[place - 1] as number) > at; place--) starts[place] = starts[place - 1] as number;
      starts[place] = at;
    }
  }
  into.length = 0;
  let cursor = 0;
  for (const start of starts) {
    if (start < cursor) continue;
    let end = start;
    for (;;) {
      for (let width = wordWidth(template, end); width > 0; width = wordWidth(template, end)) end += width;
      if (end < template.length && isJoiner(template.charCodeAt(end)) && wordWidth(template, end + 1) > 0) end++;
      else break;
    }
    const token = template.slice(start, end);
    let replacement: number | undefined;
    if (names.has(token)) replacement = NAME_MASK;
    else if (token.length > 2 && (token.endsWith("'s") || token.endsWith("’s")) && names.has(token.slice(0, -2))) replacement = token.charCodeAt(token.length - 2);
    if (replacement === undefined) continue;
    into.push(start, end, replacement);
    cursor = end;
  }
  return into.length / 3;
}

/** `nameMasks`' replacement of a whole name word, `_`; otherwise the possessive's apostrophe (`_'s`, `_’s`). */
const NAME_MASK = -1;
/** `nameMasks`' scratch: the starts found, before the tokens are read. */
const maskStarts: number[] = [];

/** The replacement `nameMasks` wrote, as text. */
function maskText(replacement: number): string {
  return replacement === NAME_MASK ? "_" : `_${String.fromCharCode(replacement)}s`;
}

/** `template` with its `count` masks (`nameMasks`) written in. */
function masked(template: string, masks: readonly number[], count: number): string {
  // Joined, not concatenated: a flat string, which the template's key is hashed from character by character.
  const pieces: string[] = [];
  let cursor = 0;
  for (let mask = 0; mask < count; mask++) {
    pieces.push(template.slice(cursor, masks[mask * 3] as number), maskText(masks[mask * 3 + 2] as number));
    cursor = masks[mask * 3 + 1] as number;
  }
  pieces.push(template.slice(cursor));
  return pieces.join("");
}

/** Characters that end a sentence when whitespace follows them. */
const SENTENCE_ENDS = new Set([".", "!", "?", "…"].map((character) => character.charCodeAt(0)));

/** `\s` as regular expressions read it. */
function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code >= 0xa0 && (code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff));
}

/** 1 for each BMP code unit `isWhitespace` accepts: one lookup a character in the sentence scan (its comparisons were the scan's largest cost). */
const WHITESPACE = Uint8Array.from({ length: 65_536 }, (_, code) => (isWhitespace(code) ? 1 : 0));

/** The text cut after each `.`, `!`, `?` or `…` followed by whitespace, each piece trimmed, by a scan: the text fields of 100,000 personas hold about a million sentences. */
function splitSentences(text: string): string[] {
  const pieces: string[] = [];
  forEachSentence(text, (from, to) => pieces.push(text.slice(from, to)));
  return pieces;
}

/** `splitSentences` without cutting: `visit(from, to)` gets each piece's bounds, trimmed. */
function forEachSentence(text: string, visit: (from: number, to: number) => void): void {
  let start = 0;
  const piece = (to: number) => {
    let from = start;
    while (from < to && isWhitespace(text.charCodeAt(from))) from++;
    while (to > from && isWhitespace(text.charCodeAt(to - 1))) to--;
    visit(from, to);
  };
  for (let index = 1; index < text.length; index++) {
    if (!isWhitespace(text.charCodeAt(index)) || !SENTENCE_ENDS.has(text.charCodeAt(index - 1))) continue;
    piece(index);
    let end = index + 1;
    while (end < text.length && isWhitespace(text.charCodeAt(end))) end++;
    start = end;
    index = end;
  }
  piece(text.length);
}

/** Whether each BMP code unit is a letter or a number (`[\p{L}\p{N}]`): 0 unknown, 1 yes, 2 no. */
const wordCharacters = new Uint8Array(65_536);
/** One letter or number, the whole text (anchored: a lone surrogate before a letter is no letter). */
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

/** The width of the letter or number at `index` (2 for a surrogate pair ending before `end`), 0 when there is none. */
function letterOrNumberWidth(text: string, index: number, end: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) return index + 1 < end && LETTER_OR_NUMBER.test(text.slice(index, index + 2)) ? 2 : 0;
  if (code >= 0xdc00 && code <= 0xdfff) return 0;
  let known = wordCharacters[code] as number;
  if (known === 0) wordCharacters[code] = known = LETTER_OR_NUMBER.test(String.fromCharCode(code)) ? 1 : 2;
  return known === 1 ? 1 : 0;
}

/**
 * Whether `text[from…to)` holds at least `least` words (runs of letters and numbers, as
 * `/[\p{L}\p{N}]+/gu` finds them), by a scan that stops there: a regular expression listed every word of every distinct
 * sentence (a tenth of the sentence counter's time).
 */
function hasWords(text: string, from: number, to: number, least: number): boolean {
  let found = 0;
  let inWord = false;
  for (let index = from; index < to; ) {
    const width = letterOrNumberWidth(text, index, to);
    if (width === 0) {
      inWord = false;
      index++;
      continue;
    }
    if (!inWord && ++found >= least) return true;
    inWord = true;
    index += width;
  }
  return false;
}

/** The sentences of one text, each trimmed; fragments under `SENTENCE_MIN_WORDS` words are left out. */
export function sentencesOf(text: string): string[] {
  return splitSentences(text).filter((sentence) => hasWords(sentence, 0, sentence.length, SENTENCE_MIN_WORDS));
}

function quoted(template: string): string {
  return template.length > TEMPLATE_CHARACTERS ? `${template.slice(0, TEMPLATE_CHARACTERS - 1)}…` : template;
}

/**
 * A copy of `text` that holds on to nothing else: a slice keeps the whole string it was cut from
 * alive, and the counter outlives the personas (a stored population is read a shard at a time).
 */
function detached(text: string): string {
  return (` ${text}`).slice(1);
}

/** `.`, `!`, `?` or `…`: they end a sentence when whitespace follows them (`SENTENCE_ENDS`). */
function endsSentence(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 0x2026;
}

/**
 * Per BMP code unit, whether a number may begin with it (`\p{N}`, and every surrogate: an astral
 * digit is a pair): 0 not known yet, 1 yes, 2 no. A sentence without one has no number to mask, so
 * it is its own template. The typographic apostrophe and accented names are no numbers: most
 * sentences beyond ASCII are plain too, where any character beyond ASCII made a sentence templated
 * by a regular expression before.
 */
const numericUnits = new Uint8Array(65_536);
const NUMERIC_CHARACTER = /^\p{N}$/u;

function mayBeNumeric(code: number): boolean {
  let known = numericUnits[code] as number;
  if (known === 0) numericUnits[code] = known = (code >= 0xd800 && code <= 0xdfff) || NUMERIC_CHARACTER.test(String.fromCharCode(code)) ? 1 : 2;
  return known === 1;
}

/** `_` and `s`, as `SentenceCounter.maskedTemplate` hashes a mask. */
const UNDERSCORE = 0x5f;
const LETTER_S = 0x73;

/** Whether `text[from…to)` can hold no number: no character `NUMBER_TOKEN` could start at. */
function isPlain(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) if (mayBeNumeric(text.charCodeAt(index))) return false;
  return true;
}

/** A sentence not counted (under `SENTENCE_MIN_WORDS` words). */
const NOT_COUNTED = -1;

/**
 * Counts repeated and templated sentences over the personas' text fields (not their names),
 * persona after persona (`add`, in population order). A population of 100,000 writes about a
 * million sentences, a tenth of them distinct. Sentences and templates are known by 64-bit hashes
 * of their text, read in place (`HashEntries`): a distinct sentence is cut out of its text and
 * templated once, a persona's own name words are masked only in the sentences that contain one,
 * and a template's wording is kept only once it is met twice (only repeated templates are listed).
 * Each template keeps its first writers (`TEMPLATE_PERSONAS_LISTED` distinct personas), so that
 * the most repeated ones are listed without reading the texts again.
 */
export class SentenceCounter {
  private readonly textFields: string[];
  private readonly sentenceKeys = new HashEntries();
  /** Per distinct sentence: its template when no name word is in it, or `NOT_COUNTED`. */
  private sentenceTemplates = new Int32Array(1024);
  /** Per distinct sentence: times written so far. */
  private sentenceWritten = new Int32Array(1024);
  private readonly templateKeys = new HashEntries();
  /** Per template: times written, and its first writer. */
  private templateCounts = new Int32Array(1024);
  private firstWriters = new Int32Array(1024);
  /** Per template: 1 + its place among the templates written more than once (0: not yet). */
  private repeatedPlaces = new Int32Array(1024);
  /**
   * Per template: 1 once its first writers are all listed (`TEMPLATE_PERSONAS_LISTED`). Why: the
   * templates written most (thousands of times at 100,000 personas) are looked up in a typed array
   * beside their counts, not through their writers' list, an object of its own for each.
   */
  private writersListed = new Uint8Array(1024);
  /** The templates written more than once, their wording and first writers, in order of their second writing. */
  private readonly repeatedIds: number[] = [];
  private readonly repeatedWordings: string[] = [];
  private readonly repeatedWriters: number[][] = [];
  private sentences = 0;
  private repeated = 0;
  private templated = 0;

  /** `idOf(index)` names the persona at `index` of the population (two indices may share a name). */
  constructor(
    fields: readonly FeatureField[],
    private readonly idOf: (index: number) => string,
  ) {
    this.textFields = SentenceCounter.fieldsOf(fields);
  }

  /** The fields whose sentences are counted: the text fields but the name's, in order. */
  static fieldsOf(fields: readonly FeatureField[]): string[] {
    return fields.filter((field) => field.kind === "text" && !(NAME_FIELDS as readonly string[]).includes(field.name)).map((field) => field.name);
  }

  /** The template numbered for `template`'s text (new ones counted 0 times). */
  private templateOf(template: string): number {
    // Both halves of the key in one pass over the text.
    let first = FNV_OFFSET_BASIS;
    let second = SECOND_HASH_START;
    for (let index = 0; index < template.length; index++) {
      const code = template.charCodeAt(index);
      first = Math.imul(first ^ code, FNV_PRIME);
      second = secondStep(second, code);
    }
    return this.templateOfKey(first, secondEnd(second, template.length));
  }

  /** `nameMasks`' masks of the sentence being counted. */
  private readonly masks: number[] = [];

  /** `templateOf(masked(unmasked, this.masks, count))`, its key hashed piece by piece without writing the masked text. */
  private maskedTemplate(unmasked: string, count: number): number {
    const masks = this.masks;
    let first = FNV_OFFSET_BASIS;
    let second = SECOND_HASH_START;
    let length = 0;
    let cursor = 0;
    for (let mask = 0; mask <= count; mask++) {
      const until = mask < count ? (masks[mask * 3] as number) : unmasked.length;
      for (let index = cursor; index < until; index++) {
        const code = unmasked.charCodeAt(index);
        first = Math.imul(first ^ code, FNV_PRIME);
        second = secondStep(second, code);
      }
      length += until - cursor;
      if (mask === count) break;
      const replacement = masks[mask * 3 + 2] as number;
      // `_`, or `_'s` / `_’s`: the characters `maskText` writes.
      first = Math.imul(first ^ UNDERSCORE, FNV_PRIME);
      second = secondStep(second, UNDERSCORE);
      length++;
      if (replacement !== NAME_MASK) {
        first = Math.imul(Math.imul(first ^ replacement, FNV_PRIME) ^ LETTER_S, FNV_PRIME);
        second = secondStep(secondStep(second, replacement), LETTER_S);
        length += 2;
      }
      cursor = masks[mask * 3 + 1] as number;
    }
    return this.templateOfKey(first, secondEnd(second, length));
  }

  /** The template numbered for the text whose key is (`first`, `second`), hashed already. */
  private templateOfKey(first: number, second: number): number {
    const entry = this.templateKeys.entryOf(first, second);
    if (entry >= 0) return entry;
    const id = -1 - entry;
    if (id >= this.templateCounts.length) {
      this.templateCounts = grownTo(this.templateCounts, id);
      this.firstWriters = grownTo(this.firstWriters, id);
      this.repeatedPlaces = grownTo(this.repeatedPlaces, id);
      const listed = new Uint8Array(this.templateCounts.length);
      listed.set(this.writersListed);
      this.writersListed = listed;
    }
    return id;
  }

  /**
   * Counts one sentence of `template`, `text[from…to)` with its names masked already, written by the
   * persona at `index`. (No closure for the text: a million sentences at 100,000 personas.)
   */
  private count(template: number, index: number, text: string, from: number, to: number): void {
    this.sentences++;
    const count = this.templateCounts[template] as number;
    this.templateCounts[template] = count + 1;
    if (count === 0) {
      this.firstWriters[template] = index;
      return;
    }
    this.templated++;
    if (this.writersListed[template] === 1) return;
    let place = (this.repeatedPlaces[template] as number) - 1;
    if (place < 0) {
      place = this.repeatedIds.length;
      this.repeatedPlaces[template] = place + 1;
      this.repeatedIds.push(template);
      this.repeatedWordings.push(detached(sentenceTemplate(text.slice(from, to), NO_NAMES)));
      this.repeatedWriters.push([this.firstWriters[template] as number]);
    }
    const writers = this.repeatedWriters[place] as number[];
    if (writers.length >= TEMPLATE_PERSONAS_LISTED || writers[writers.length - 1] === index) return;
    const id = this.idOf(index);
    if (!writers.some((writer) => this.idOf(writer) === id)) writers.push(index);
    if (writers.length >= TEMPLATE_PERSONAS_LISTED) this.writersListed[template] = 1;
  }

  /** The persona being read: its name words, when one of its sentences needed them. */
  private names: Set<string> | undefined;
  private nameList: string[] = [];
  /** Where each name word occurs next in the text being read (−1: nowhere further), once looked for (`nextNameRead`): one array for every text. */
  private readonly nextName: number[] = [];
  private nextNameRead = false;

  /**
   * Counts the sentences of the persona at `index` of the population. Each text is read once: the
   * sentences' bounds (as `splitSentences` cuts them, trimmed) and both halves of their keys.
   */
  add(persona: PersonaFields, index: number): void {
    this.names = undefined;
    for (const field of this.textFields) {
      const text = ownValue(persona.fields, field);
      if (typeof text !== "string") continue;
      this.nextNameRead = false;
      let from = -1;
      let to = 0;
      let first = FNV_OFFSET_BASIS;
      let second = SECOND_HASH_START;
      let firstToEnd = FNV_OFFSET_BASIS;
      let secondToEnd = SECOND_HASH_START;
      let previous = -1;
      const whitespace = WHITESPACE;
      for (let position = 0; position < text.length; position++) {
        const code = text.charCodeAt(position);
        if (whitespace[code] === 1) {
          if (endsSentence(previous)) {
            this.sentence(persona, index, text, from, to, firstToEnd, secondEnd(secondToEnd, to - from));
            from = -1;
          } else if (from >= 0) {
            first = Math.imul(first ^ code, FNV_PRIME);
            second = secondStep(second, code);
          }
          previous = code;
          continue;
        }
        if (from < 0) {
          from = position;
          first = FNV_OFFSET_BASIS;
          second = SECOND_HASH_START;
        }
        first = Math.imul(first ^ code, FNV_PRIME);
        second = secondStep(second, code);
        to = position + 1;
        firstToEnd = first;
        secondToEnd = second;
        previous = code;
      }
      if (from < 0) this.sentence(persona, index, text, text.length, text.length, FNV_OFFSET_BASIS, secondEnd(SECOND_HASH_START, 0));
      else this.sentence(persona, index, text, from, to, firstToEnd, secondEnd(secondToEnd, to - from));
    }
  }

  /**
   * Counts the sentence `text[from…to)`, whose key is (`first`, `second`), written by the persona at
   * `index`. Whether it is `plain` (holds no number, so it is its own template and its key the
   * template's) is read only where it matters, for a new sentence or one holding a name word: the
   * scan tested every character of every sentence for it, and five in six sentences are repeats.
   */
  private sentence(persona: PersonaFields, index: number, text: string, from: number, to: number, first: number, second: number): void {
    const entry = this.sentenceKeys.entryOf(first, second);
    let sentenceId: number;
    /** A new sentence's template, kept for masking its name words. */
    let unnamed: string | undefined;
    if (entry < 0) {
      sentenceId = -1 - entry;
      if (sentenceId >= this.sentenceTemplates.length) {
        this.sentenceTemplates = grownTo(this.sentenceTemplates, sentenceId);
        this.sentenceWritten = grownTo(this.sentenceWritten, sentenceId);
      }
      const sentence = text.slice(from, to);
      const plain = isPlain(text, from, to);
      // Every distinct sentence numbers its template, counted or not: templates met equally often are listed in that order.
      unnamed = plain ? sentence : sentenceTemplate(sentence, NO_NAMES);
      const template = plain ? this.templateOfKey(first, second) : this.templateOf(unnamed);
      this.sentenceTemplates[sentenceId] = hasWords(text, from, to, SENTENCE_MIN_WORDS) ? template : NOT_COUNTED;
    } else sentenceId = entry;
    const template = this.sentenceTemplates[sentenceId] as number;
    if (template === NOT_COUNTED) return;
    if ((this.sentenceWritten[sentenceId] as number) > 0) this.repeated++;
    this.sentenceWritten[sentenceId] = (this.sentenceWritten[sentenceId] as number) + 1;
    if (!this.names) this.nameList = [...(this.names = nameWords(persona.fields))];
    const { names, nameList } = this;
    const nextName = this.nextName;
    if (!this.nextNameRead) {
      nextName.length = nameList.length;
      for (let word = 0; word < nameList.length; word++) nextName[word] = text.indexOf(nameList[word] as string);
      this.nextNameRead = true;
    }
    // A name word can only be masked where it occurs: each word's next occurrence is looked up
    // once the reading has passed the last one, so a text is searched once per name word.
    let named = false;
    for (let word = 0; word < nameList.length; word++) {
      let at = nextName[word] as number;
      if (at >= 0 && at < from) nextName[word] = at = text.indexOf(nameList[word] as string, from);
      if (at >= 0 && at + (nameList[word] as string).length <= to) named = true;
    }
    if (named) {
      // A sentence met before is templated again (its template is not kept) to mask its names the same way.
      const unmasked = unnamed ?? (isPlain(text, from, to) ? text.slice(from, to) : sentenceTemplate(text.slice(from, to), NO_NAMES));
      const masks = nameMasks(unmasked, names, nameList, this.masks);
      // A name word inside another word masks nothing: the sentence's own template, hashed already.
      if (masks > 0) {
        const maskedTemplate = this.maskedTemplate(unmasked, masks);
        // Its wording is written out only when `count` keeps it (the template's second writing).
        const wording = (this.templateCounts[maskedTemplate] as number) > 0 && this.repeatedPlaces[maskedTemplate] === 0 ? masked(unmasked, this.masks, masks) : unmasked;
        return this.count(maskedTemplate, index, wording, 0, wording.length);
      }
    }
    this.count(template, index, text, from, to);
  }

  /** The report. */
  report(): SentenceReport {
    const report = countsReport(this.sentences, this.repeated, this.templated);
    if (this.templated === 0) return report;
    report.near_duplicate_sentences = mostRepeated(this.repeatedIds, this.templateCounts, TEMPLATES_LISTED).map((id) => {
      const place = (this.repeatedPlaces[id] as number) - 1;
      return { template: quoted(this.repeatedWordings[place] as string), count: this.templateCounts[id] as number, persona_ids: (this.repeatedWriters[place] as number[]).map(this.idOf) };
    });
    return report;
  }

  /**
   * What this counter holds, for `SentenceMerge` to merge with the other shards' in shard order: the
   * counter has counted one shard's personas from index 0 (`ids`: their persona ids, each present).
   */
  shardState(ids: readonly string[]): SentenceShard {
    const templates = this.templateKeys.size;
    const templateCounts = this.templateCounts.slice(0, templates);
    const writers: number[] = [];
    const writerCounts: number[] = [];
    for (let template = 0; template < templates; template++) {
      const count = templateCounts[template] as number;
      if (count === 1) writers.push(this.firstWriters[template] as number);
      if (count < 2) continue;
      const list = this.repeatedWriters[(this.repeatedPlaces[template] as number) - 1] as number[];
      writerCounts.push(list.length);
      for (const writer of list) writers.push(writer);
    }
    // A sentence that is its own template (no number, no name: most of them) is named by its template's place, not its key again.
    const sentenceKeys: number[] = [];
    const sentenceTemplates: number[] = [];
    const keys = this.sentenceKeys.keysByEntry();
    for (let sentence = 0; sentence < this.sentenceKeys.size; sentence++) {
      if (this.sentenceTemplates[sentence] === NOT_COUNTED) continue;
      const first = keys[sentence * 2] as number;
      const second = keys[sentence * 2 + 1] as number;
      const template = this.templateKeys.find(first, second);
      if (template >= 0) sentenceTemplates.push(template);
      else sentenceKeys.push(first, second);
    }
    sentenceTemplates.sort((a, b) => a - b);
    const wordings = mostRepeated(this.repeatedIds, this.templateCounts, SHARD_WORDINGS).map((id) => [id, quoted(this.repeatedWordings[(this.repeatedPlaces[id] as number) - 1] as string)] as [number, string]);
    return {
      textFields: [...this.textFields],
      sentences: this.sentences,
      templateKeys: this.templateKeys.keysByEntry(),
      templateCounts,
      writers: Int32Array.from(writers),
      writerCounts: Int32Array.from(writerCounts),
      sentenceKeys: Int32Array.from(sentenceKeys),
      sentenceTemplates: Int32Array.from(sentenceTemplates),
      wordings,
      ids: [...ids],
    };
  }

  /** The wording of the template keyed (`first`, `second`), when it was written twice or more. */
  wordingOf(first: number, second: number): string | undefined {
    const template = this.templateKeys.find(first, second);
    const place = template < 0 ? -1 : (this.repeatedPlaces[template] as number) - 1;
    return place < 0 ? undefined : this.repeatedWordings[place];
  }
}

/** A shard keeps the wordings of this many of its most written templates: the report lists `TEMPLATES_LISTED`. */
const SHARD_WORDINGS = 2 * TEMPLATES_LISTED;

/** The counts' part of the report. */
function countsReport(sentences: number, repeated: number, templated: number): SentenceReport {
  return { sentences, repeated_sentences: repeated, templated_sentences: templated, templated_share: sentences > 0 ? round4(templated / sentences) : 0 };
}

/** The `limit` templates written most, the first numbered first among equals. */
function mostRepeated(ids: readonly number[], counts: Int32Array, limit: number): number[] {
  return [...ids].sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b).slice(0, limit);
}

/**
 * A shard's sentence counts (`SentenceCounter.shardState`), merged in shard order by `SentenceMerge`
 * into the counts of the whole population: the shard counts them while it holds its personas.
 */
export interface SentenceShard {
  /** The fields counted, in order (`SentenceCounter.fieldsOf`). */
  textFields: string[];
  /** Counted sentences written. */
  sentences: number;
  /** Every template in order of numbering: the halves of template `t`'s key at `2t` and `2t + 1`. */
  templateKeys: Int32Array;
  /** Times each template was written (0: numbered only, by a sentence not counted or written with a name). */
  templateCounts: Int32Array;
  /**
   * The first writers (places in the shard, distinct persona ids) of each template written, in
   * template order: one for a template written once, `writerCounts`' next for one written more.
   */
  writers: Int32Array;
  writerCounts: Int32Array;
  /** The keys (two halves each) of the distinct sentences counted that are no template's key. */
  sentenceKeys: Int32Array;
  /** The templates (ascending) whose key is a distinct counted sentence's too. */
  sentenceTemplates: Int32Array;
  /** The wordings (quoted) of the shard's most written templates, by template. */
  wordings: [number, string][];
  /** The persona id of each of the shard's personas. */
  ids: string[];
}

/**
 * Sentence counts merged from the shards' (`SentenceShard`, in shard order): the same report as one
 * `SentenceCounter` over the whole population. A repeat is a counted sentence written again, so the
 * repeats are the sentences written less the distinct ones over all shards; a templated sentence is
 * one whose template was written before, so they are the sentences less the templates written.
 * Templates are numbered in the order they were first met, which the shards' lists, merged in
 * order, keep; a template's first writers are the first distinct ids of the shards' lists one after
 * the other. A listed template whose wording no shard kept is worded from its first writer's
 * personas again (`listed`, `templateWordingOf`).
 */
export class SentenceMerge {
  private sentenceKeys = new HashEntries();
  private templateKeys = new HashEntries();
  private counts = new Int32Array(1024);
  private firstWriters = new Int32Array(1024);
  private repeatedPlaces = new Int32Array(1024);
  private repeatedIds: number[] = [];
  private repeatedWriters: number[][] = [];
  private wordings = new Map<number, string>();
  private ids: string[] = [];
  private sentences = 0;
  /** Templates written at least once. */
  private written = 0;
  /** Once every shard is merged (`settle`): the distinct sentences and the listed templates, all the report still needs. */
  private settled: { distinct: number; listed: ListedTemplate[] } | undefined;

  constructor(private readonly textFields: readonly string[]) {}

  /** Whether the shards counted these fields (`SentenceCounter.fieldsOf` of the population's fields). */
  fits(textFields: readonly string[]): boolean {
    return textFields.join("\u0000") === this.textFields.join("\u0000");
  }

  private idOf = (index: number): string => this.ids[index] ?? `#${index}`;

  /** Adds the next shard's counts; its personas start at `start` in the population. */
  add(shard: SentenceShard, start: number): void {
    if (this.settled) throw new Error("the sentence counts were settled: no shard can be added");
    if (!this.fits(shard.textFields)) throw new Error("a shard's sentences were counted over other fields");
    shard.ids.forEach((id, offset) => (this.ids[start + offset] = id));
    this.sentences += shard.sentences;
    const templates = shard.templateCounts.length;
    const merged = new Int32Array(templates);
    for (let template = 0; template < templates; template++) {
      const entry = this.templateKeys.entryOf(shard.templateKeys[template * 2] as number, shard.templateKeys[template * 2 + 1] as number);
      const id = entry >= 0 ? entry : -1 - entry;
      if (id >= this.counts.length) {
        this.counts = grownTo(this.counts, id);
        this.firstWriters = grownTo(this.firstWriters, id);
        this.repeatedPlaces = grownTo(this.repeatedPlaces, id);
      }
      merged[template] = id;
    }
    let writer = 0;
    let listed = 0;
    for (let template = 0; template < templates; template++) {
      const count = shard.templateCounts[template] as number;
      if (count === 0) continue;
      const writers = count === 1 ? 1 : (shard.writerCounts[listed++] as number);
      const id = merged[template] as number;
      const before = this.counts[id] as number;
      this.counts[id] = before + count;
      let from = writer;
      if (before === 0) {
        this.written++;
        this.firstWriters[id] = start + (shard.writers[writer] as number);
        from++;
      }
      if (before + count >= 2) {
        const list = this.writersOf(id);
        for (let next = from; next < writer + writers && list.length < TEMPLATE_PERSONAS_LISTED; next++) {
          const index = start + (shard.writers[next] as number);
          const name = this.idOf(index);
          if (!list.some((listedWriter) => this.idOf(listedWriter) === name)) list.push(index);
        }
      }
      writer += writers;
    }
    for (const template of shard.sentenceTemplates) this.sentenceKeys.entryOf(shard.templateKeys[template * 2] as number, shard.templateKeys[template * 2 + 1] as number);
    for (let key = 0; key < shard.sentenceKeys.length; key += 2) this.sentenceKeys.entryOf(shard.sentenceKeys[key] as number, shard.sentenceKeys[key + 1] as number);
    for (const [template, wording] of shard.wordings) {
      const id = merged[template] as number;
      if (!this.wordings.has(id)) this.wordings.set(id, wording);
    }
  }

  /** A template's first writers, from its first writer on: it is written twice or more now. */
  private writersOf(id: number): number[] {
    let place = (this.repeatedPlaces[id] as number) - 1;
    if (place < 0) {
      place = this.repeatedIds.length;
      this.repeatedPlaces[id] = place + 1;
      this.repeatedIds.push(id);
      this.repeatedWriters.push([this.firstWriters[id] as number]);
    }
    return this.repeatedWriters[place] as number[];
  }

  /**
   * The templates the report lists, in order: each with its key, its first writer (whose personas
   * hold its wording) and its wording when a shard kept it.
   */
  listed(): ListedTemplate[] {
    if (this.settled) return this.settled.listed;
    if (this.sentences - this.written === 0) return [];
    const keys = this.templateKeys.keysByEntry();
    return mostRepeated(this.repeatedIds, this.counts, TEMPLATES_LISTED).map((template) => {
      const wording = this.wordings.get(template);
      const personaIds = (this.repeatedWriters[(this.repeatedPlaces[template] as number) - 1] as number[]).map(this.idOf);
      return { template, first: keys[template * 2] as number, second: keys[template * 2 + 1] as number, writer: this.firstWriters[template] as number, count: this.counts[template] as number, personaIds, ...(wording === undefined ? {} : { wording }) };
    });
  }

  /**
   * Every shard merged: keeps only what the report needs (the distinct sentences' number and the
   * listed templates) and lets go of the tables, the ids and the writers — a few hundred megabytes
   * at a million personas, no longer held while the diversity report makes its vectors.
   */
  settle(): void {
    if (this.settled) return;
    this.settled = { distinct: this.sentenceKeys.size, listed: this.listed() };
    this.sentenceKeys = new HashEntries();
    this.templateKeys = new HashEntries();
    this.counts = this.firstWriters = this.repeatedPlaces = new Int32Array(0);
    this.repeatedIds = [];
    this.repeatedWriters = [];
    this.wordings = new Map();
    this.ids = [];
  }

  /** The report, with the wordings of listed templates no shard kept (`listed`) by template. */
  report(worded: ReadonlyMap<number, string> = new Map(), listed = this.listed()): SentenceReport {
    const templated = this.sentences - this.written;
    const report = countsReport(this.sentences, this.sentences - (this.settled?.distinct ?? this.sentenceKeys.size), templated);
    if (templated === 0) return report;
    report.near_duplicate_sentences = listed.map(({ template, wording, count, personaIds }) => {
      const text = wording ?? worded.get(template);
      if (text === undefined) throw new Error("a listed template's wording was not found");
      return { template: quoted(text), count, persona_ids: personaIds };
    });
    return report;
  }
}

/** A template the sentence report lists, with its key, its first writer (whose personas hold its wording) and its wording when a shard kept it. */
export interface ListedTemplate {
  template: number;
  first: number;
  second: number;
  writer: number;
  count: number;
  personaIds: string[];
  wording?: string;
}

/** The wording of the template keyed (`first`, `second`) among the sentences `persona` writes in these fields, as `SentenceCounter` words it. */
export function templateWordingOf(persona: PersonaFields, fields: readonly FeatureField[], first: number, second: number): string | undefined {
  // Counted twice, every template the persona writes is kept with its wording.
  const counter = new SentenceCounter(fields, () => "");
  counter.add(persona, 0);
  counter.add(persona, 1);
  return counter.wordingOf(first, second);
}

/** Counts repeated and templated sentences over the personas' text fields (`SentenceCounter`). */
export function sentenceReport(personas: readonly PersonaFields[], fields: readonly FeatureField[]): SentenceReport {
  const counter = new SentenceCounter(fields, (index) => personas[index]?.persona_id ?? `#${index}`);
  personas.forEach((persona, index) => counter.add(persona, index));
  return counter.report();
}
