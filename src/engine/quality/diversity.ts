/**
 * The `diversity` report (spec 002/003, DESIGN §4): mean and max pairwise cosine similarity and the
 * number of duplicate pairs (similarity ≥ 0.9).
 *
 * - The mean is always exact, for any N, in linear time: for unit vectors,
 *   Σ_{i≠j} u_i·u_j = ‖Σ u_i‖² − N (`mean_method: "exact"`).
 * - Up to `EXACT_PAIRS_LIMIT` personas every pair is compared (through an inverted index):
 *   `method: "exact"`, and the max and the duplicate count are exact.
 * - Above it (`method: "lsh"`), identical personas are grouped and counted combinatorially, and
 *   near-duplicates are the candidate pairs of a weighted MinHash LSH (near-duplicates.ts: every
 *   part of a persona weighs in it as in the cosine), each verified by its exact cosine, so every
 *   duplicate pair counted is one and the closest pairs listed are exact; a duplicate pair is missed
 *   only when LSH does not make it a candidate (the tests plant near-duplicates and find them all).
 *   The max is the largest among the candidates and a seeded sample of random pairs
 *   (`max_method: "candidates"`; `"exact"` once it reaches the duplicate threshold). The report
 *   states the parameters (`lsh`: bands, rows, candidate pairs). DESIGN §4's first choice, an exact
 *   prefix filter on an inverted index, took 20–30 s at 100,000 personas and still had to cap its
 *   candidate lists; this takes about a second.
 * - Text fields are also read as sentences: a sentence that comes back in another persona with only
 *   its names and numbers changed is a *templated* sentence ("Weekends are for digging through record
 *   shops." in half the population). Whole-persona cosine hides it (the rest of the persona differs);
 *   counting templates shows it (`sentences`, `repeated_sentences`, `templated_sentences`,
 *   `templated_share`, and the most repeated templates as `near_duplicate_sentences`).
 */
import type { BlueprintInput } from "../blueprint-check.ts";
import type { Diversity } from "../persona.ts";
import { createRng, hashSeed } from "../rng.ts";
import { cosine, vectorise, type FeatureField, type FeatureVector, type PersonaFields } from "./similarity.ts";
import { round4 } from "./tvd.ts";
import { ownValue } from "./own-fields.ts";
import { IdTable } from "./id-table.ts";
import { findCandidatePairs, type CandidateSearch, type LshParameters } from "./near-duplicates.ts";

export const DUPLICATE_SIMILARITY = 0.9;
export const EXACT_PAIRS_LIMIT = 2_000;
/** Random pairs examined for the max above the exact limit (besides the LSH candidates). */
export const SAMPLED_PAIRS = 20_000;
/** Duplicate pairs explained in the report, at most. */
export const DUPLICATES_LISTED = 20;
/** Field names one explanation lists as the same (and, separately, as different), at most; beyond it they are counted. */
export const FIELDS_LISTED = 50;
const EPSILON = 1e-9;
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

export interface DuplicatePair {
  persona_ids: [string, string];
  similarity: number;
  /** Fields whose values are identical in both personas. */
  same_fields: string[];
  /** Fields whose values differ. */
  different_fields: string[];
  /** How many fields are the same, when there are more than `FIELDS_LISTED` (only the first are listed). */
  same_field_count?: number;
  different_field_count?: number;
}

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

export interface DiversityReport extends Diversity, SentenceReport {
  /** `exact`: every pair compared; `lsh`: candidate pairs from LSH, each compared exactly. */
  method: "exact" | "lsh";
  /** The mean is exact at any size (see above). */
  mean_method: "exact";
  pairs_compared: number;
  /** Above the exact limit: the max is exact when it reaches the duplicate threshold, else the largest among the candidates and sampled pairs. */
  max_method?: "exact" | "candidates";
  /** How LSH chose its candidates, with `method: "lsh"`. */
  lsh?: LshParameters;
  /** Some LSH bucket was too large to compare whole: the duplicate count may miss pairs in it. */
  truncated?: boolean;
  duplicates?: DuplicatePair[];
}

export interface DiversityOptions {
  seed?: number;
  /** Compare every pair up to this many personas (default `EXACT_PAIRS_LIMIT`). */
  exactLimit?: number;
  sampledPairs?: number;
}

function explain(a: PersonaFields, b: PersonaFields, similarity: number, indexA: number, indexB: number): DuplicatePair {
  const names = [...new Set([...Object.keys(a.fields), ...Object.keys(b.fields)])];
  const same = names.filter((name) => ownValue(a.fields, name) === ownValue(b.fields, name));
  const different = names.filter((name) => ownValue(a.fields, name) !== ownValue(b.fields, name));
  return {
    persona_ids: [a.persona_id ?? `#${indexA}`, b.persona_id ?? `#${indexB}`],
    similarity: round4(similarity),
    same_fields: same.slice(0, FIELDS_LISTED),
    different_fields: different.slice(0, FIELDS_LISTED),
    ...(same.length > FIELDS_LISTED ? { same_field_count: same.length } : {}),
    ...(different.length > FIELDS_LISTED ? { different_field_count: different.length } : {}),
  };
}

/**
 * The mean cosine over all pairs, exactly, in one pass: for unit vectors Σ_{i≠j} u_i·u_j =
 * ‖Σ u_i‖² − (number of non-empty vectors).
 */
function exactMean(vectors: readonly FeatureVector[]): number {
  const sum = new IdTable(4096);
  let selfSimilarity = 0;
  for (const vector of vectors) {
    for (let k = 0; k < vector.ids.length; k++) sum.add(vector.ids[k] as number, vector.weights[k] as number);
    if (vector.ids.length > 0) selfSimilarity += 1;
  }
  let squared = 0;
  sum.forEachValue((value) => (squared += value * value));
  const n = vectors.length;
  return Math.max(0, (squared - selfSimilarity) / (n * (n - 1)));
}

interface PairScan {
  max: number;
  duplicatePairs: number;
  duplicates: DuplicatePair[];
  pairsCompared: number;
  truncated?: boolean;
  /** How LSH chose the candidate pairs, when it did. */
  search?: CandidateSearch;
}

function exactScan(personas: readonly PersonaFields[], vectors: readonly FeatureVector[]): PairScan {
  const n = vectors.length;
  // Inverted index: feature id → personas holding it (ascending) and their weights.
  const postings = new Map<number, { members: number[]; weights: number[] }>();
  vectors.forEach((vector, index) => {
    for (let k = 0; k < vector.ids.length; k++) {
      const id = vector.ids[k] as number;
      let posting = postings.get(id);
      if (!posting) postings.set(id, (posting = { members: [], weights: [] }));
      posting.members.push(index);
      posting.weights.push(vector.weights[k] as number);
    }
  });
  const dots = new Float64Array(n);
  const scan: PairScan = { max: 0, duplicatePairs: 0, duplicates: [], pairsCompared: (n * (n - 1)) / 2 };
  for (let i = 0; i < n; i++) {
    const vector = vectors[i] as FeatureVector;
    for (let k = 0; k < vector.ids.length; k++) {
      const posting = postings.get(vector.ids[k] as number) as { members: number[]; weights: number[] };
      const weight = vector.weights[k] as number;
      const members = posting.members;
      // Members are ascending: skip to those after i.
      let low = 0;
      let high = members.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((members[middle] as number) <= i) low = middle + 1;
        else high = middle;
      }
      for (let m = low; m < members.length; m++) {
        const member = members[m] as number;
        dots[member] = (dots[member] as number) + weight * (posting.weights[m] as number);
      }
    }
    for (let j = i + 1; j < n; j++) {
      const similarity = Math.min(1, dots[j] as number);
      dots[j] = 0;
      if (similarity > scan.max) scan.max = similarity;
      if (similarity >= DUPLICATE_SIMILARITY - EPSILON) {
        scan.duplicatePairs++;
        if (scan.duplicates.length < DUPLICATES_LISTED) scan.duplicates.push(explain(personas[i] as PersonaFields, personas[j] as PersonaFields, similarity, i, j));
      }
    }
  }
  return scan;
}

/** A 64-bit fingerprint of a vector (ids and weights to 1e-9); equal vectors share it. */
function signatureOf(vector: FeatureVector): string {
  let first = 0x811c9dc5;
  let second = 0x9747b28c;
  for (let k = 0; k < vector.ids.length; k++) {
    const weight = Math.round((vector.weights[k] as number) * 1e9);
    first = Math.imul(first ^ (vector.ids[k] as number), 0x01000193);
    first = Math.imul(first ^ weight, 0x01000193);
    second = Math.imul(second ^ (vector.ids[k] as number), 0x5bd1e995);
    second = Math.imul(second ^ (weight >>> 0) ^ (weight / 4294967296), 0x5bd1e995);
    second ^= second >>> 15;
  }
  return `${first >>> 0}:${second >>> 0}:${vector.ids.length}`;
}

/**
 * Above the exact limit: identical personas are grouped and their pairs counted without comparing
 * them; near-duplicates among the rest are the candidate pairs of LSH (near-duplicates.ts), each
 * compared exactly; the max also looks at a seeded sample of random pairs.
 */
function lshScan(personas: readonly PersonaFields[], vectors: readonly FeatureVector[], seed: number, sampledPairs: number): PairScan {
  const n = vectors.length;
  const scan: PairScan = { max: 0, duplicatePairs: 0, duplicates: [], pairsCompared: 0 };
  const groups = new Map<string, number[]>();
  vectors.forEach((vector, index) => {
    const key = signatureOf(vector);
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });
  const representatives = new Int32Array(groups.size);
  const groupSize = new Map<number, number>();
  let position = 0;
  for (const members of groups.values()) {
    const first = members[0] as number;
    representatives[position++] = first;
    if (members.length === 1) continue;
    groupSize.set(first, members.length);
    const second = members[1] as number;
    scan.max = 1;
    scan.duplicatePairs += (members.length * (members.length - 1)) / 2;
    if (scan.duplicates.length < DUPLICATES_LISTED) scan.duplicates.push(explain(personas[first] as PersonaFields, personas[second] as PersonaFields, 1, first, second));
  }
  representatives.sort();
  const threshold = DUPLICATE_SIMILARITY - EPSILON;
  // A pair meets in every band it shares: counted once.
  const counted = new Set<number>();
  const search = findCandidatePairs(vectors, representatives, hashSeed(seed, "lsh"), (a, b) => {
    scan.pairsCompared++;
    const similarity = cosine(vectors[a] as FeatureVector, vectors[b] as FeatureVector);
    if (similarity > scan.max) scan.max = similarity;
    if (similarity < threshold || counted.has(a * n + b)) return;
    counted.add(a * n + b);
    scan.duplicatePairs += (groupSize.get(a) ?? 1) * (groupSize.get(b) ?? 1);
    if (scan.duplicates.length < DUPLICATES_LISTED) scan.duplicates.push(explain(personas[a] as PersonaFields, personas[b] as PersonaFields, similarity, a, b));
  });
  if (search.truncated) scan.truncated = true;

  const sampler = createRng(hashSeed(seed, "pairs"));
  for (let s = 0; s < sampledPairs; s++) {
    const i = sampler.int(0, n - 1);
    let j = sampler.int(0, n - 2);
    if (j >= i) j++;
    const similarity = cosine(vectors[i] as FeatureVector, vectors[j] as FeatureVector);
    scan.pairsCompared++;
    if (similarity > scan.max) scan.max = similarity;
  }
  scan.search = search;
  return scan;
}

/** The diversity report of more than one persona (a single persona has no pairs: all zeros). */
export function computeDiversity(
  personas: readonly PersonaFields[],
  blueprint?: BlueprintInput,
  options: DiversityOptions = {},
): DiversityReport {
  const n = personas.length;
  if (n < 2) return { max_pairwise_similarity: 0, mean_pairwise_similarity: 0, duplicate_pairs: 0, method: "exact", mean_method: "exact", pairs_compared: 0, sentences: 0, repeated_sentences: 0, templated_sentences: 0, templated_share: 0 };
  const { vectors, fields } = vectorise(personas, blueprint);
  const exact = n <= (options.exactLimit ?? EXACT_PAIRS_LIMIT);
  const scan = exact ? exactScan(personas, vectors) : lshScan(personas, vectors, options.seed ?? 0, options.sampledPairs ?? SAMPLED_PAIRS);
  const report: DiversityReport = {
    max_pairwise_similarity: round4(scan.max),
    mean_pairwise_similarity: round4(exactMean(vectors)),
    duplicate_pairs: scan.duplicatePairs,
    method: exact ? "exact" : "lsh",
    mean_method: "exact",
    pairs_compared: scan.pairsCompared,
    ...sentenceReport(personas, fields),
  };
  if (scan.search) {
    report.max_method = scan.max >= DUPLICATE_SIMILARITY - EPSILON ? "exact" : "candidates";
    report.lsh = scan.search.parameters;
  }
  if (scan.truncated) report.truncated = true;
  if (scan.duplicates.length > 0) report.duplicates = scan.duplicates;
  return report;
}

// ---------------------------------------------------------------- sentences and their templates

/** A word (letters, marks, inner apostrophes and hyphens) or a number (with its separators and ordinal suffix). */
const TOKEN = /\p{N}+(?:[.,:]\p{N}+)*(?:st|nd|rd|th|s)?|[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const NO_NAMES: ReadonlySet<string> = new Set();

/** The words of a persona's name: given, family and any nickname, each hyphenated part too. */
export function nameWords(fields: Readonly<Record<string, string>>): Set<string> {
  const words = new Set<string>();
  for (const field of NAME_FIELDS) {
    const value = ownValue(fields, field);
    if (typeof value !== "string") continue;
    for (const word of value.match(TOKEN) ?? []) {
      if (/^\p{N}/u.test(word) || word.length < 2) continue;
      words.add(word);
      for (const part of word.split(/['’-]/)) if (part.length >= 2) words.add(part);
    }
  }
  return words;
}

/**
 * A sentence's template: the persona's own name words become `_` (a possessive keeps its `'s`) and
 * every number `#`. Two personas whose sentences share a template were written from one frame.
 */
export function sentenceTemplate(sentence: string, names: ReadonlySet<string>): string {
  return sentence.replace(TOKEN, (token) => {
    if (/^\p{N}/u.test(token)) return "#";
    if (names.has(token)) return "_";
    const possessive = /^(.+)(['’]s)$/u.exec(token);
    if (possessive && names.has(possessive[1] as string)) return `_${possessive[2]}`;
    return token;
  });
}

/** Characters that end a sentence when whitespace follows them. */
const SENTENCE_ENDS = new Set([".", "!", "?", "…"].map((character) => character.charCodeAt(0)));

/** `\s` as regular expressions read it. */
function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code >= 0xa0 && (code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff));
}

/** The text cut after each `.`, `!`, `?` or `…` followed by whitespace, each piece trimmed, by a scan: the text fields of 100,000 personas hold about a million sentences. */
function splitSentences(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let index = 1; index < text.length; index++) {
    if (!isWhitespace(text.charCodeAt(index)) || !SENTENCE_ENDS.has(text.charCodeAt(index - 1))) continue;
    pieces.push(text.slice(start, index).trim());
    let end = index + 1;
    while (end < text.length && isWhitespace(text.charCodeAt(end))) end++;
    start = end;
    index = end;
  }
  pieces.push(text.slice(start).trim());
  return pieces;
}

function wordCount(sentence: string): number {
  return sentence.match(WORD)?.length ?? 0;
}

/** The sentences of one text, each trimmed; fragments under `SENTENCE_MIN_WORDS` words are left out. */
export function sentencesOf(text: string): string[] {
  return splitSentences(text).filter((sentence) => wordCount(sentence) >= SENTENCE_MIN_WORDS);
}

function quoted(template: string): string {
  return template.length > TEMPLATE_CHARACTERS ? `${template.slice(0, TEMPLATE_CHARACTERS - 1)}…` : template;
}

/** A template and how often it was written. */
interface TemplateCount {
  template: string;
  count: number;
}

/** What a distinct sentence's counting needs, whoever wrote it: read once however often it repeats. */
interface SentenceFacts {
  counted: boolean;
  /** Times written so far. */
  written: number;
  /** Its template when none of the writer's name words is in it (every number masked). */
  template: TemplateCount;
}

/**
 * Counts repeated and templated sentences over the personas' text fields (not their names). A
 * population of 100,000 writes about a million sentences, a tenth of them distinct: each distinct
 * sentence is read once (kept by its text, with its template), and a persona's own name words are
 * masked only in the sentences that contain one. The most repeated templates are then listed with
 * their wording and first writers from what the count kept, without reading the texts again.
 */
export function sentenceReport(personas: readonly PersonaFields[], fields: readonly FeatureField[]): SentenceReport {
  const textFields = fields.filter((field) => field.kind === "text" && !(NAME_FIELDS as readonly string[]).includes(field.name)).map((field) => field.name);
  const templates = new Map<string, TemplateCount>();
  const templateOf = (template: string): TemplateCount => {
    let known = templates.get(template);
    if (!known) templates.set(template, (known = { template, count: 0 }));
    return known;
  };
  const facts = new Map<string, SentenceFacts>();
  let sentences = 0;
  let repeated = 0;
  let templated = 0;
  // Every counted sentence's template and writer, in order, for listing the worst templates afterwards.
  const written: TemplateCount[] = [];
  const writers: number[] = [];
  const count = (template: TemplateCount, index: number): void => {
    sentences++;
    if (template.count > 0) templated++;
    template.count++;
    written.push(template);
    writers.push(index);
  };
  personas.forEach((persona, index) => {
    let names: Set<string> | undefined;
    let nameList: string[] = [];
    for (const field of textFields) {
      const text = ownValue(persona.fields, field);
      if (typeof text !== "string") continue;
      for (const sentence of splitSentences(text)) {
        let known = facts.get(sentence);
        if (!known) {
          known = { counted: wordCount(sentence) >= SENTENCE_MIN_WORDS, written: 0, template: templateOf(sentenceTemplate(sentence, NO_NAMES)) };
          facts.set(sentence, known);
        }
        if (!known.counted) continue;
        if (known.written > 0) repeated++;
        known.written++;
        if (!names) nameList = [...(names = nameWords(persona.fields))];
        // A name word can only be masked where it occurs.
        let named = false;
        for (let word = 0; word < nameList.length && !named; word++) named = sentence.includes(nameList[word] as string);
        count(named ? templateOf(sentenceTemplate(sentence, names)) : known.template, index);
      }
    }
  });
  const report: SentenceReport = { sentences, repeated_sentences: repeated, templated_sentences: templated, templated_share: sentences > 0 ? round4(templated / sentences) : 0 };
  if (templated === 0) return report;
  const worst = [...templates.values()].filter((template) => template.count > 1).sort((a, b) => b.count - a.count).slice(0, TEMPLATES_LISTED);
  const listed = new Map<TemplateCount, RepeatedTemplate>(worst.map((template) => [template, { template: quoted(template.template), count: template.count, persona_ids: [] }]));
  written.forEach((template, position) => {
    const entry = listed.get(template);
    if (!entry || entry.persona_ids.length >= TEMPLATE_PERSONAS_LISTED) return;
    const index = writers[position] as number;
    const id = personas[index]?.persona_id ?? `#${index}`;
    if (!entry.persona_ids.includes(id)) entry.persona_ids.push(id);
  });
  report.near_duplicate_sentences = [...listed.values()];
  return report;
}
