/**
 * Persona feature vectors for similarity (DESIGN §4): `field=value` tokens for categorical and numeric
 * fields (numerics binned), and TF-IDF-weighted word unigrams and bigrams for each text field. Each
 * structured token weighs 1 and each text field's block is scaled to length 1, so the cosine of two
 * personas reads as "how many of their fields agree", text fields counting by how much they overlap.
 * Tokens are hashed to 32-bit ids, never joined into strings, so 100,000 personas vectorise quickly.
 */
import type { BlueprintInput, FieldInput } from "../blueprint-check.ts";
import { numericValue } from "../constraints.ts";
import { ownValue } from "./own-fields.ts";
import { IdTable } from "./id-table.ts";
import { FNV_OFFSET_BASIS, FNV_PRIME } from "../rng.ts";

/** Numeric fields are compared by which of this many equal-width bins of their range they fall in. */
export const NUMERIC_BINS = 10;
/** An undeclared field whose values average at least this many words is treated as text. */
const TEXT_WORDS = 4;

export interface PersonaFields {
  persona_id?: string;
  fields: Readonly<Record<string, string>>;
}

/** Sorted feature ids with their weights; the whole vector has length 1 (or 0 when empty). */
export interface FeatureVector {
  ids: Int32Array;
  weights: Float64Array;
}

export type FeatureKind = "categorical" | "numeric" | "text";

export interface FeatureField {
  name: string;
  kind: FeatureKind;
  /** Binning range of a numeric field. */
  low?: number;
  high?: number;
}

export function hashString(text: string, seed = FNV_OFFSET_BASIS): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash;
}

function mix(a: number, b: number): number {
  let hash = Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export function words(text: string): string[] {
  return text.toLowerCase().match(WORD_PATTERN) ?? [];
}

/** What a survey of an undeclared field (or a declared numeric one without a range) has seen. */
interface FieldSeen {
  present: number;
  numeric: number;
  wordCount: number;
  low: number;
  high: number;
}

/** A survey's state (`FieldSurvey.state`): the names in order of first appearance, and per surveyed field [name, present, numeric, wordCount, low, high]. */
export interface SurveyState {
  names: string[];
  surveyed: [name: string, present: number, numeric: number, wordCount: number, low: number, high: number][];
}

/**
 * How each field is compared: declared kinds win; undeclared fields are guessed from their values.
 * Personas are surveyed in chunks (`add`), in order, with the same answer as all at once: the
 * reports of a stored population read it a shard at a time.
 */
export class FieldSurvey {
  private readonly declared: Map<string, FieldInput>;
  private readonly names: string[] = [];
  private readonly seen = new Set<string>();
  /** Fields whose kind or range the values decide. */
  private readonly surveyed = new Map<string, FieldSeen>();

  constructor(blueprint?: BlueprintInput) {
    this.declared = new Map<string, FieldInput>((blueprint?.fields ?? []).map((field) => [field.name, field]));
    for (const field of blueprint?.fields ?? []) this.name(field.name);
  }

  private name(name: string): void {
    if (this.seen.has(name)) return;
    this.seen.add(name);
    this.names.push(name);
    const field = this.declared.get(name);
    if (!field || (field.kind !== "text" && field.kind !== "categorical" && numericSpecs(field).length === 0)) this.surveyed.set(name, { present: 0, numeric: 0, wordCount: 0, low: Infinity, high: -Infinity });
  }

  add(personas: readonly PersonaFields[]): void {
    for (const persona of personas) {
      for (const name of Object.keys(persona.fields)) this.name(name);
      for (const [name, seen] of this.surveyed) {
        const value = ownValue(persona.fields, name);
        if (value === undefined) continue;
        seen.present++;
        const number = numericValue(value);
        if (number !== undefined) {
          seen.numeric++;
          if (number < seen.low) seen.low = number;
          if (number > seen.high) seen.high = number;
        }
        if (!this.declared.has(name)) seen.wordCount += value.split(/\s+/).filter(Boolean).length;
      }
    }
  }

  /**
   * What the survey has seen, to be merged into another survey (`merge`): a shard's survey, kept
   * beside its stored row (report-digest.ts), so that the reports need not read the rows to survey them.
   */
  state(): SurveyState {
    return { names: [...this.names], surveyed: [...this.surveyed].map(([name, seen]) => [name, seen.present, seen.numeric, seen.wordCount, seen.low, seen.high]) };
  }

  /**
   * Adds what a survey of the personas after those seen so far saw: the same answer as surveying
   * them here (names in order of first appearance; counts summed; a range widened only by a value
   * strictly beyond it, as `add` widens it, so the first of equal extremes stays).
   */
  merge(state: SurveyState): void {
    for (const name of state.names) this.name(name);
    for (const [name, present, numeric, wordCount, low, high] of state.surveyed) {
      this.name(name);
      const seen = this.surveyed.get(name);
      if (!seen) continue;
      seen.present += present;
      seen.numeric += numeric;
      seen.wordCount += wordCount;
      if (low < seen.low) seen.low = low;
      if (high > seen.high) seen.high = high;
    }
  }

  fields(): FeatureField[] {
    return this.names.map((name) => {
      const field = this.declared.get(name);
      const seen = this.surveyed.get(name);
      let kind: FeatureKind;
      if (field) kind = field.kind === "text" ? "text" : field.kind === "categorical" ? "categorical" : "numeric";
      else {
        const { present, numeric, wordCount } = seen as FieldSeen;
        kind = present > 0 && numeric === present ? "numeric" : present > 0 && wordCount / present >= TEXT_WORDS ? "text" : "categorical";
      }
      if (kind !== "numeric") return { name, kind };
      const specs = field ? numericSpecs(field) : [];
      if (specs.length > 0) return { name, kind, low: Math.min(...specs.map((spec) => spec.min)), high: Math.max(...specs.map((spec) => spec.max)) };
      return { name, kind, low: seen?.low ?? Infinity, high: seen?.high ?? -Infinity };
    });
  }
}

function numericSpecs(field: FieldInput) {
  return [field.numeric, ...(field.conditionals ?? []).map((conditional) => conditional.numeric)].filter((spec) => spec !== undefined);
}

/** How each field of these personas is compared (`FieldSurvey` over all of them at once). */
export function featureFields(personas: readonly PersonaFields[], blueprint?: BlueprintInput): FeatureField[] {
  const survey = new FieldSurvey(blueprint);
  survey.add(personas);
  return survey.fields();
}

/** The id of a structured field's `field=value` token (a numeric value by its bin). */
export function structuredTokenId(field: FeatureField, value: string): number {
  let token: string;
  if (field.kind === "numeric") {
    const number = numericValue(value);
    token = number === undefined ? `${field.name}=${value}` : `${field.name}#${numericBin(number, field)}`;
  } else token = `${field.name}=${value}`;
  return hashString(token) | 0;
}

function numericBin(value: number, field: FeatureField): number {
  const low = field.low ?? value;
  const high = field.high ?? value;
  if (!(high > low)) return 0;
  return Math.min(NUMERIC_BINS - 1, Math.max(0, Math.floor(((value - low) / (high - low)) * NUMERIC_BINS)));
}

/** A BMP character's class, by code unit: letter, number or neither; 0 until first seen. */
const characterClass = new Uint8Array(65_536);
const LETTER = 1;
const NUMBER = 2;
const OTHER = 3;
const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;

function classOfCharacter(character: string): number {
  return /\p{L}/u.test(character) ? LETTER : /\p{N}/u.test(character) ? NUMBER : OTHER;
}

/** The class of the BMP character `code` (a surrogate is OTHER here; pairs are read apart). */
function bmpClass(code: number): number {
  const kind = characterClass[code] as number;
  if (kind !== 0) return kind;
  const found = code >= 0xd800 && code <= 0xdfff ? OTHER : classOfCharacter(String.fromCharCode(code));
  characterClass[code] = found;
  return found;
}

/** The class of a surrogate pair starting at `index` (a letter or number beyond the BMP), or OTHER when it is not a pair. */
function pairClass(text: string, index: number): number {
  const high = text.charCodeAt(index);
  const low = text.charCodeAt(index + 1);
  if (high > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return OTHER;
  return classOfCharacter(text.slice(index, index + 2));
}

/**
 * Term ids and counts of many texts, one after another, in arrays that grow; or, with no `counts`,
 * each count packed in the bits of its id above the dimension (hashed-features.ts `PackedCounts`).
 */
export interface TermStore {
  ids: Int32Array;
  counts: Uint16Array;
  length: number;
}

/** Reused between texts: the raw term ids of the text being read. */
let rawTerms = new Int32Array(1024);

function pushRaw(count: number, id: number): void {
  if (count >= rawTerms.length) {
    const larger = new Int32Array(rawTerms.length * 2);
    larger.set(rawTerms);
    rawTerms = larger;
  }
  rawTerms[count] = id;
}

/**
 * Reads the word unigram and bigram ids of one text, in order, into `termIdBuffer()`; returns how
 * many. A word's id is `hashString(word, fieldHash)` for every word `words(text)` gives, computed by
 * scanning the lowered text in place (no regular expression, no string per word: the text fields
 * of 100,000 personas hold tens of millions of words).
 */
export function readTermIds(text: string, fieldHash: number): number {
  const lowered = text.toLowerCase();
  const length = lowered.length;
  const classes = scanClass;
  let count = 0;
  let previous = 0;
  let index = 0;
  while (index < length) {
    let code = lowered.charCodeAt(index);
    let kind = classes[code] as number;
    if (kind === 0) kind = scanClassAt(lowered, index);
    if (kind === OTHER) {
      index++;
      continue;
    }
    let hash = fieldHash;
    // [\p{L}\p{N}]+
    for (;;) {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      if (kind >= PAIR) {
        hash = Math.imul(hash ^ lowered.charCodeAt(index + 1), FNV_PRIME);
        index += 2;
      } else index++;
      if (index >= length) break;
      code = lowered.charCodeAt(index);
      kind = classes[code] as number;
      if (kind === 0) kind = scanClassAt(lowered, index);
      if (kind === OTHER) break;
    }
    // (?:['’][\p{L}]+)?
    if ((code === APOSTROPHE || code === RIGHT_QUOTE) && index + 1 < length) {
      let next = lowered.charCodeAt(index + 1);
      let nextWidth = next >= 0xd800 && next <= 0xdbff && pairClass(lowered, index + 1) === LETTER ? 2 : 1;
      if (nextWidth === 2 || bmpClass(next) === LETTER) {
        hash = Math.imul(hash ^ code, FNV_PRIME);
        index++;
        while (nextWidth === 2 || bmpClass(next) === LETTER) {
          hash = Math.imul(hash ^ next, FNV_PRIME);
          if (nextWidth === 2) hash = Math.imul(hash ^ lowered.charCodeAt(index + 1), FNV_PRIME);
          index += nextWidth;
          if (index >= length) break;
          next = lowered.charCodeAt(index);
          nextWidth = next >= 0xd800 && next <= 0xdbff && pairClass(lowered, index) === LETTER ? 2 : 1;
        }
      }
    }
    const unigram = hash | 0;
    pushRaw(count++, unigram);
    if (count > 1) pushRaw(count++, mix(previous, unigram) | 0);
    previous = unigram;
  }
  return count;
}

/**
 * A word scan's class of each BMP code unit: LETTER, NUMBER or OTHER once seen, and 0 for one
 * not seen yet and for every high surrogate, whose class depends on the unit after it
 * (`scanClassAt`): one lookup a character on the common path.
 */
const scanClass = new Uint8Array(65_536);
/** `scanClassAt`: a letter or number beyond the BMP, two code units wide. */
const PAIR = 4;

/** The class of the character at `index` (PAIR for a letter or number beyond the BMP), remembered for a BMP character. */
function scanClassAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) return pairClass(text, index) === OTHER ? OTHER : PAIR;
  const kind = bmpClass(code);
  scanClass[code] = kind;
  return kind;
}

/** The buffer `readTermIds` reads into (replaced when it grows). */
export function termIdBuffer(): Int32Array {
  return rawTerms;
}

/** Makes room in `store` for `count` more terms. */
export function reserveTerms(store: TermStore, count: number): void {
  if (store.length + count <= store.ids.length) return;
  // A quarter more: a store sized for its texts (`termStoreFor`) is seldom short by much.
  const capacity = Math.max(Math.ceil(store.ids.length * 1.25), store.length + count);
  const ids = new Int32Array(capacity);
  ids.set(store.ids.subarray(0, store.length));
  store.ids = ids;
  // A store whose counts are packed in its ids (`termStoreFor(…, true)`) has none apart.
  if (store.counts.length === 0) return;
  const counts = new Uint16Array(capacity);
  counts.set(store.counts.subarray(0, store.length));
  store.counts = counts;
}

/**
 * Appends the distinct word unigram and bigram ids of one text (sorted) with their counts to
 * `store`; returns how many.
 */
function appendTextTerms(text: string, fieldHash: number, store: TermStore): number {
  const count = readTermIds(text, fieldHash);
  const sorted = rawTerms.subarray(0, count).sort();
  reserveTerms(store, count);
  const start = store.length;
  let position = start - 1;
  for (let i = 0; i < count; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      store.ids[++position] = sorted[i] as number;
      store.counts[position] = 0;
    }
    store.counts[position] = (store.counts[position] as number) + 1;
  }
  store.length = position + 1;
  return store.length - start;
}

export interface Vectorised {
  fields: FeatureField[];
  vectors: FeatureVector[];
}

/** The distinct terms of each persona's text fields: block `p × fields + f` spans `start[b]…start[b+1]` of `store`. */
export interface TextTerms {
  store: TermStore;
  start: Int32Array;
}

/** Appends one text's distinct terms and their counts to a store; returns how many. */
export type TermAppender = (text: string, fieldHash: number, store: TermStore) => number;

/**
 * An empty store sized for the texts' terms: a word and the space after it take at least two
 * characters and make at most two terms (its unigram and a bigram), and a text's distinct terms are
 * fewer, so one term per 2.5 characters is a bound in practice that seldom needs growing. Sized by
 * a guess per persona it grew twice at 100,000 personas (270 MB of arrays allocated and copied for
 * 90 MB of terms).
 */
export function termStoreFor(personas: readonly PersonaFields[], textFields: readonly FeatureField[], packed = false, shared = false): TermStore {
  let characters = 0;
  for (const persona of personas) {
    for (const field of textFields) characters += ownValue(persona.fields, field.name)?.length ?? 0;
  }
  const capacity = Math.ceil(characters / 2.5) + 16;
  // Shared: for another thread to make vectors from (`TermVectors.sharing`).
  return { ids: shared ? new Int32Array(new SharedArrayBuffer(capacity * 4)) : new Int32Array(capacity), counts: new Uint16Array(packed ? 0 : capacity), length: 0 };
}

/**
 * The distinct terms of each persona's text fields. `reuse`: a store whose terms are no longer
 * needed, emptied and filled again (a stored population read chunk by chunk would otherwise
 * allocate and drop megabytes a chunk, which the allocator does not all give back).
 */
export function textTermsOf(personas: readonly PersonaFields[], textFields: readonly FeatureField[], append: TermAppender = appendTextTerms, reuse?: TermStore): TextTerms {
  const fieldHashes = textFields.map((field) => hashString(`t:${field.name}`));
  const store: TermStore = reuse ?? termStoreFor(personas, textFields);
  store.length = 0;
  const start = new Int32Array(personas.length * textFields.length + 1);
  personas.forEach((persona, index) => {
    textFields.forEach((field, fieldIndex) => {
      const block = index * textFields.length + fieldIndex;
      const value = ownValue(persona.fields, field.name);
      if (value !== undefined) append(value, fieldHashes[fieldIndex] as number, store);
      start[block + 1] = store.length;
    });
  });
  return { store, start };
}

/**
 * Document frequencies of the text terms (in how many personas' field each term occurs), counted
 * chunk by chunk; `inverse` turns them into the TF-IDF weights' inverse frequencies once every
 * persona was counted.
 */
export class TermFrequencies {
  private readonly table: IdTable;
  private readonly textFields: FeatureField[];
  private personas = 0;

  constructor(fields: readonly FeatureField[], expected = 1024) {
    this.textFields = fields.filter((field) => field.kind === "text");
    this.table = new IdTable(expected * 4);
  }

  add(personas: readonly PersonaFields[]): void {
    this.count(textTermsOf(personas, this.textFields), personas.length);
  }

  /** Counts terms already read (`vectorise` reads them once for both uses). */
  count(terms: TextTerms, personas: number): void {
    for (let k = 0; k < terms.store.length; k++) this.table.add(terms.store.ids[k] as number, 1);
    this.personas += personas;
  }

  /**
   * The inverse frequencies over every persona counted; the counts are gone after. When most terms
   * are met once (the bigrams of varied prose: 71% of the terms of the League population at
   * 100,000), only the shared ones are kept: a term met once has the weight every absent term is
   * given (`InverseFrequencies.single`), and the table the vectors look up is smaller — in memory,
   * and in the cache every lookup misses.
   */
  inverse(): InverseFrequencies {
    const total = this.personas;
    const weight = (frequency: number) => Math.log((1 + total) / (1 + frequency)) + 1;
    let shared = 0;
    this.table.forEachValue((frequency) => {
      if (frequency > 1) shared++;
    });
    // When most terms are shared (a small vocabulary over many personas), a second table would only
    // double the memory for a moment: the counts become the weights in place, singles included.
    if (shared * 2 > this.table.size) {
      this.table.update(weight);
      return { table: this.table, single: weight(1) };
    }
    const table = new IdTable(shared);
    // One logarithm per distinct term, not per occurrence.
    this.table.forEach((id, frequency) => {
      if (frequency > 1) table.add(id, weight(frequency));
    });
    return { table, single: weight(1) };
  }
}

/** Inverse frequencies of the terms in two texts or more (`table`), and of the terms in one (`single`). */
export interface InverseFrequencies {
  table: IdTable;
  single: number;
}

/**
 * Builds unit feature vectors from the fields and the inverse term frequencies of a whole
 * population, for any of its personas: a persona's vector depends on nothing else, so a stored
 * population is vectorised a shard at a time with the same vectors as all at once.
 */
export class Vectoriser {
  private readonly textFields: FeatureField[];
  private readonly structured: FeatureField[];
  /** A structured field's token id by value: a persona population repeats few values many times. */
  private readonly tokenIds: Map<string, number>[];

  constructor(
    fields: readonly FeatureField[],
    private readonly inverseFrequency: InverseFrequencies,
  ) {
    this.textFields = fields.filter((field) => field.kind === "text");
    this.structured = fields.filter((field) => field.kind !== "text");
    this.tokenIds = this.structured.map(() => new Map<string, number>());
  }

  vectorise(personas: readonly PersonaFields[]): FeatureVector[] {
    return this.vectoriseTerms(personas, textTermsOf(personas, this.textFields));
  }

  /**
   * The vectors are views into two shared arrays (one for ids, one for weights) rather than small
   * buffers each: 100,000 personas make about 15 million entries, and separate buffers would cost
   * the garbage collector dearly.
   */
  vectoriseTerms(personas: readonly PersonaFields[], terms: TextTerms): FeatureVector[] {
    const { textFields, structured, tokenIds, inverseFrequency } = this;
    const allIds = new Int32Array(terms.store.length + personas.length * structured.length);
    const allWeights = new Float64Array(allIds.length);
    const vectors: FeatureVector[] = new Array(personas.length);
    let offset = 0;
    let blockWeights = new Float64Array(256);
    for (let index = 0; index < personas.length; index++) {
      const persona = personas[index] as PersonaFields;
      const start = offset;
      let tokens = 0;
      structured.forEach((field, fieldIndex) => {
        const value = ownValue(persona.fields, field.name);
        if (value === undefined) return;
        const known = tokenIds[fieldIndex] as Map<string, number>;
        let id = known.get(value);
        if (id === undefined) known.set(value, (id = structuredTokenId(field, value)));
        allIds[offset + tokens++] = id;
      });
      // Structured tokens weigh 1 each (summed if two fields hash alike).
      allIds.subarray(offset, offset + tokens).sort();
      let length = 0;
      for (let k = 0; k < tokens; k++) {
        const id = allIds[offset + k] as number;
        if (length > 0 && allIds[offset + length - 1] === id) allWeights[offset + length - 1] = (allWeights[offset + length - 1] as number) + 1;
        else {
          allIds[offset + length] = id;
          allWeights[offset + length++] = 1;
        }
      }
      for (let fieldIndex = 0; fieldIndex < textFields.length; fieldIndex++) {
        const block = index * textFields.length + fieldIndex;
        const from = terms.start[block] as number;
        const count = (terms.start[block + 1] as number) - from;
        // Each text field's block has length 1.
        if (count > blockWeights.length) blockWeights = new Float64Array(count * 2);
        let norm = 0;
        for (let k = 0; k < count; k++) {
          const occurrences = terms.store.counts[from + k] as number;
          const weight = (occurrences === 1 ? 1 : 1 + Math.log(occurrences)) * inverseFrequency.table.get(terms.store.ids[from + k] as number, inverseFrequency.single);
          blockWeights[k] = weight;
          norm += weight * weight;
        }
        if (norm === 0) continue;
        const scale = 1 / Math.sqrt(norm);
        for (let k = 0; k < count; k++) blockWeights[k] = (blockWeights[k] as number) * scale;
        length = mergeInto(allIds, allWeights, offset, length, terms.store.ids.subarray(from, from + count), blockWeights, count);
      }
      let norm = 0;
      for (let k = offset; k < offset + length; k++) norm += (allWeights[k] as number) ** 2;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let k = offset; k < offset + length; k++) allWeights[k] = (allWeights[k] as number) / norm;
      offset += length;
      vectors[index] = { ids: allIds.subarray(start, offset), weights: allWeights.subarray(start, offset) };
    }
    return vectors;
  }
}

/** Every persona's unit feature vector, with the inverse term frequencies of these personas. */
export function vectorise(personas: readonly PersonaFields[], blueprint?: BlueprintInput): Vectorised {
  const fields = featureFields(personas, blueprint);
  // The terms are read once, counted, then weighed.
  const terms = textTermsOf(personas, fields.filter((field) => field.kind === "text"));
  const frequencies = new TermFrequencies(fields, personas.length);
  frequencies.count(terms, personas.length);
  return { fields, vectors: new Vectoriser(fields, frequencies.inverse()).vectoriseTerms(personas, terms) };
}

/** Scratch space of `mergeInto`. */
let mergedIds = new Int32Array(1024);
let mergedWeights = new Float64Array(1024);

/**
 * Adds the sparse block (`ids`, `weights`, first `count` entries, sorted) to the sorted vector held
 * at `ids[offset…offset+length)` of the shared arrays, in place; returns the vector's new length.
 * The shared arrays have room: a vector never has more entries than its tokens and terms.
 */
function mergeInto(allIds: Int32Array, allWeights: Float64Array, offset: number, length: number, ids: Int32Array, weights: Float64Array, count: number): number {
  if (length + count > mergedIds.length) {
    mergedIds = new Int32Array((length + count) * 2);
    mergedWeights = new Float64Array((length + count) * 2);
  }
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < length || j < count) {
    const left = i < length ? (allIds[offset + i] as number) : Infinity;
    const right = j < count ? (ids[j] as number) : Infinity;
    if (left === right) {
      mergedIds[n] = left;
      mergedWeights[n++] = (allWeights[offset + i++] as number) + (weights[j++] as number);
    } else if (left < right) {
      mergedIds[n] = left;
      mergedWeights[n++] = allWeights[offset + i++] as number;
    } else {
      mergedIds[n] = right;
      mergedWeights[n++] = weights[j++] as number;
    }
  }
  allIds.set(mergedIds.subarray(0, n), offset);
  allWeights.set(mergedWeights.subarray(0, n), offset);
  return n;
}

/** Cosine similarity of two unit vectors (a merge over sorted ids). */
export function cosine(a: FeatureVector, b: FeatureVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const left = a.ids[i] as number;
    const right = b.ids[j] as number;
    if (left === right) dot += (a.weights[i++] as number) * (b.weights[j++] as number);
    else if (left < right) i++;
    else j++;
  }
  return Math.min(1, dot);
}

/** Similarity of two personas on their own (both vectorised against each other). */
export function personaSimilarity(a: PersonaFields, b: PersonaFields, blueprint?: BlueprintInput): number {
  const { vectors } = vectorise([a, b], blueprint);
  return cosine(vectors[0] as FeatureVector, vectors[1] as FeatureVector);
}
