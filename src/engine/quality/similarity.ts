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

function hashString(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
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

/** How each field is compared: declared kinds win; undeclared fields are guessed from their values. */
export function featureFields(personas: readonly PersonaFields[], blueprint?: BlueprintInput): FeatureField[] {
  const declared = new Map<string, FieldInput>((blueprint?.fields ?? []).map((field) => [field.name, field]));
  const names: string[] = [];
  const seen = new Set<string>();
  for (const field of blueprint?.fields ?? []) if (!seen.has(field.name)) (seen.add(field.name), names.push(field.name));
  for (const persona of personas) for (const name of Object.keys(persona.fields)) if (!seen.has(name)) (seen.add(name), names.push(name));

  return names.map((name) => {
    const field = declared.get(name);
    let kind: FeatureKind;
    if (field) kind = field.kind === "text" ? "text" : field.kind === "categorical" ? "categorical" : "numeric";
    else {
      let numeric = 0;
      let wordCount = 0;
      let present = 0;
      for (const persona of personas) {
        const value = ownValue(persona.fields, name);
        if (value === undefined) continue;
        present++;
        if (numericValue(value) !== undefined) numeric++;
        wordCount += value.split(/\s+/).filter(Boolean).length;
      }
      kind = present > 0 && numeric === present ? "numeric" : present > 0 && wordCount / present >= TEXT_WORDS ? "text" : "categorical";
    }
    if (kind !== "numeric") return { name, kind };
    const specs = [field?.numeric, ...(field?.conditionals ?? []).map((conditional) => conditional.numeric)].filter((spec) => spec !== undefined);
    let low = specs.length > 0 ? Math.min(...specs.map((spec) => spec.min)) : Infinity;
    let high = specs.length > 0 ? Math.max(...specs.map((spec) => spec.max)) : -Infinity;
    if (specs.length === 0) {
      for (const persona of personas) {
        const value = numericValue(ownValue(persona.fields, name));
        if (value === undefined) continue;
        if (value < low) low = value;
        if (value > high) high = value;
      }
    }
    return { name, kind, low, high };
  });
}

function numericBin(value: number, field: FeatureField): number {
  const low = field.low ?? value;
  const high = field.high ?? value;
  if (!(high > low)) return 0;
  return Math.min(NUMERIC_BINS - 1, Math.max(0, Math.floor(((value - low) / (high - low)) * NUMERIC_BINS)));
}

/** Sorted, distinct term ids of one text with how often each occurs. */
interface TermList {
  ids: Int32Array;
  counts: Uint16Array;
}

/**
 * Word unigram and bigram ids of one text, with counts. Sorted typed arrays, not Maps: this runs
 * for every text field of every persona (millions of terms at 100,000 personas).
 */
function textTerms(text: string, fieldHash: number): TermList {
  const raw: number[] = [];
  let previous: number | undefined;
  for (const word of words(text)) {
    const unigram = hashString(word, fieldHash) | 0;
    raw.push(unigram);
    if (previous !== undefined) raw.push(mix(previous, unigram) | 0);
    previous = unigram;
  }
  const sorted = Int32Array.from(raw).sort();
  const ids = new Int32Array(sorted.length);
  const counts = new Uint16Array(sorted.length);
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    const id = sorted[i] as number;
    if (distinct > 0 && ids[distinct - 1] === id) counts[distinct - 1] = (counts[distinct - 1] as number) + 1;
    else {
      ids[distinct] = id;
      counts[distinct] = 1;
      distinct++;
    }
  }
  return { ids: ids.subarray(0, distinct), counts: counts.subarray(0, distinct) };
}

/** The sum of two sparse vectors given as sorted ids with weights. */
function addSorted(aIds: Int32Array, aWeights: Float64Array, bIds: Int32Array, bWeights: Float64Array): FeatureVector {
  const ids = new Int32Array(aIds.length + bIds.length);
  const weights = new Float64Array(aIds.length + bIds.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < aIds.length || j < bIds.length) {
    const left = i < aIds.length ? (aIds[i] as number) : Infinity;
    const right = j < bIds.length ? (bIds[j] as number) : Infinity;
    if (left === right) {
      ids[n] = left;
      weights[n++] = (aWeights[i++] as number) + (bWeights[j++] as number);
    } else if (left < right) {
      ids[n] = left;
      weights[n++] = aWeights[i++] as number;
    } else {
      ids[n] = right;
      weights[n++] = bWeights[j++] as number;
    }
  }
  return { ids: ids.subarray(0, n), weights: weights.subarray(0, n) };
}

export interface Vectorised {
  fields: FeatureField[];
  vectors: FeatureVector[];
}

export function vectorise(personas: readonly PersonaFields[], blueprint?: BlueprintInput): Vectorised {
  const fields = featureFields(personas, blueprint);
  const textFields = fields.filter((field) => field.kind === "text");
  const fieldHashes = textFields.map((field) => hashString(`t:${field.name}`));
  // Terms per persona per text field, then document frequency per term (by sorting all of them once).
  const empty: TermList = { ids: new Int32Array(0), counts: new Uint16Array(0) };
  const terms: TermList[][] = personas.map((persona) =>
    textFields.map((field, index) => {
      const value = ownValue(persona.fields, field.name);
      return value === undefined ? empty : textTerms(value, fieldHashes[index] as number);
    }),
  );
  let occurrences = 0;
  for (const perPersona of terms) for (const list of perPersona) occurrences += list.ids.length;
  const everyTerm = new Int32Array(occurrences);
  let offset = 0;
  for (const perPersona of terms) for (const list of perPersona) (everyTerm.set(list.ids, offset), (offset += list.ids.length));
  everyTerm.sort();
  const total = personas.length;
  // One logarithm per distinct term, not per occurrence.
  const inverseFrequency = new Map<number, number>();
  for (let start = 0; start < everyTerm.length; ) {
    let end = start + 1;
    while (end < everyTerm.length && everyTerm[end] === everyTerm[start]) end++;
    inverseFrequency.set(everyTerm[start] as number, Math.log((1 + total) / (1 + (end - start))) + 1);
    start = end;
  }
  const structured = fields.filter((field) => field.kind !== "text");

  const vectors: FeatureVector[] = new Array(personas.length);
  for (let index = 0; index < personas.length; index++) {
    const persona = personas[index] as PersonaFields;
    const tokenIds: number[] = [];
    for (const field of structured) {
      const value = ownValue(persona.fields, field.name);
      if (value === undefined) continue;
      let token: string;
      if (field.kind === "numeric") {
        const number = numericValue(value);
        token = number === undefined ? `${field.name}=${value}` : `${field.name}#${numericBin(number, field)}`;
      } else token = `${field.name}=${value}`;
      tokenIds.push(hashString(token) | 0);
    }
    // Structured tokens weigh 1 each (summed if two fields hash alike).
    const sortedTokens = Int32Array.from(tokenIds).sort();
    let vector = collapse({ ids: sortedTokens, weights: new Float64Array(sortedTokens.length).fill(1) });
    for (const list of terms[index] as TermList[]) {
      // Each text field's block has length 1.
      const blockWeights = new Float64Array(list.ids.length);
      let norm = 0;
      for (let k = 0; k < list.ids.length; k++) {
        const count = list.counts[k] as number;
        const weight = (count === 1 ? 1 : 1 + Math.log(count)) * (inverseFrequency.get(list.ids[k] as number) as number);
        blockWeights[k] = weight;
        norm += weight * weight;
      }
      if (norm === 0) continue;
      const scale = 1 / Math.sqrt(norm);
      for (let k = 0; k < blockWeights.length; k++) blockWeights[k] = (blockWeights[k] as number) * scale;
      vector = addSorted(vector.ids, vector.weights, list.ids, blockWeights);
    }
    let norm = 0;
    for (let k = 0; k < vector.weights.length; k++) norm += (vector.weights[k] as number) ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < vector.weights.length; k++) vector.weights[k] = (vector.weights[k] as number) / norm;
    vectors[index] = vector;
  }
  return { fields, vectors };
}

/** Equal neighbouring ids of a sorted vector summed into one. */
function collapse(vector: FeatureVector): FeatureVector {
  const ids = new Int32Array(vector.ids.length);
  const weights = new Float64Array(vector.ids.length);
  let n = 0;
  for (let k = 0; k < vector.ids.length; k++) {
    if (n > 0 && ids[n - 1] === vector.ids[k]) weights[n - 1] = (weights[n - 1] as number) + (vector.weights[k] as number);
    else {
      ids[n] = vector.ids[k] as number;
      weights[n++] = vector.weights[k] as number;
    }
  }
  return { ids: ids.subarray(0, n), weights: weights.subarray(0, n) };
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
