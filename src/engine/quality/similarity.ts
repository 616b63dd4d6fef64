/**
 * Persona feature vectors for similarity (DESIGN §4): `field=value` tokens for categorical and numeric
 * fields (numerics binned), and TF-IDF-weighted word unigrams and bigrams for each text field. Each
 * structured token weighs 1 and each text field's block is scaled to length 1, so the cosine of two
 * personas reads as "how many of their fields agree", text fields counting by how much they overlap.
 * Tokens are hashed to 32-bit ids, never joined into strings, so 100,000 personas vectorise quickly.
 */
import type { BlueprintInput, FieldInput } from "../blueprint-check.ts";
import { numericValue } from "../constraints.ts";

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
        const value = persona.fields[name];
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
        const value = numericValue(persona.fields[name]);
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

/** Word unigram and bigram ids of one text, with counts. */
function textTerms(text: string, fieldHash: number): Map<number, number> {
  const terms = new Map<number, number>();
  let previous: number | undefined;
  for (const word of words(text)) {
    const unigram = hashString(word, fieldHash);
    terms.set(unigram, (terms.get(unigram) ?? 0) + 1);
    if (previous !== undefined) {
      const bigram = mix(previous, unigram);
      terms.set(bigram, (terms.get(bigram) ?? 0) + 1);
    }
    previous = unigram;
  }
  return terms;
}

export interface Vectorised {
  fields: FeatureField[];
  vectors: FeatureVector[];
  /** Set of feature ids per persona, unweighted, for MinHash. */
}

export function vectorise(personas: readonly PersonaFields[], blueprint?: BlueprintInput): Vectorised {
  const fields = featureFields(personas, blueprint);
  const textFields = fields.filter((field) => field.kind === "text");
  // Terms per persona per text field, then document frequency per term.
  const terms: Array<Array<Map<number, number>>> = personas.map((persona) =>
    textFields.map((field) => {
      const value = persona.fields[field.name];
      return value === undefined ? new Map() : textTerms(value, hashString(`t:${field.name}`));
    }),
  );
  const documentFrequency = new Map<number, number>();
  for (const perPersona of terms) for (const fieldTerms of perPersona) for (const id of fieldTerms.keys()) documentFrequency.set(id, (documentFrequency.get(id) ?? 0) + 1);
  const total = personas.length;
  // One logarithm per distinct term, not per occurrence: this loop runs over millions of terms.
  const inverseFrequency = new Map<number, number>();
  for (const [id, frequency] of documentFrequency) inverseFrequency.set(id, Math.log((1 + total) / (1 + frequency)) + 1);
  const termWeight = (id: number, count: number) => (count === 1 ? 1 : 1 + Math.log(count)) * (inverseFrequency.get(id) as number);
  const structured = fields.filter((field) => field.kind !== "text");

  const vectors: FeatureVector[] = new Array(personas.length);
  for (let index = 0; index < personas.length; index++) {
    const persona = personas[index] as PersonaFields;
    const entries = new Map<number, number>();
    for (const field of structured) {
      const value = persona.fields[field.name];
      if (value === undefined) continue;
      let token: string;
      if (field.kind === "numeric") {
        const number = numericValue(value);
        token = number === undefined ? `${field.name}=${value}` : `${field.name}#${numericBin(number, field)}`;
      } else token = `${field.name}=${value}`;
      const id = hashString(token) | 0;
      entries.set(id, (entries.get(id) ?? 0) + 1);
    }
    for (const fieldTerms of terms[index] as Array<Map<number, number>>) {
      // Each text field's block has length 1: compute its norm first, then add it scaled.
      let norm = 0;
      for (const [id, count] of fieldTerms) {
        const weight = termWeight(id, count);
        norm += weight * weight;
      }
      if (norm === 0) continue;
      const scale = 1 / Math.sqrt(norm);
      for (const [id, count] of fieldTerms) {
        const key = id | 0;
        entries.set(key, (entries.get(key) ?? 0) + termWeight(id, count) * scale);
      }
    }
    const ids = Int32Array.from(entries.keys()).sort();
    const weights = new Float64Array(ids.length);
    let norm = 0;
    for (let position = 0; position < ids.length; position++) {
      const weight = entries.get(ids[position] as number) as number;
      weights[position] = weight;
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] as number) / norm;
    vectors[index] = { ids, weights };
  }
  return { fields, vectors };
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
