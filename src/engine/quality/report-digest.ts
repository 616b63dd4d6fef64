/**
 * A shard's digest for the reports: what the diversity report's survey reads of a shard's personas
 * (`FieldSurvey`'s state, and the document frequency of each hashed dimension of the blueprint's
 * text fields), made while the shard's personas are in memory and kept beside its stored row.
 *
 * Why: above the exact limit the report of a stored population read every row once only to survey
 * it (the fields' kinds and ranges, the inverse frequencies the vectors need before any exists:
 * decision 0008), tokenising every text a second time — about a third of the vectors' work. The
 * survey merges exactly: names in order of first appearance, counts summed, ranges widened, integer
 * frequencies summed per dimension, so the digests merged in shard order (`DigestSurvey`) give the
 * same fields and the same inverse frequencies as reading the rows, and the report the same bytes.
 *
 * A digest holds the frequencies of the text fields the blueprint declares; when fields it does not
 * declare turn out to be text over the whole population, their terms are counted by reading the rows
 * as before (`surveyChunks` in diversity.ts).
 */
import type { BlueprintInput } from "../blueprint-check.ts";
import { DimensionTable, hashedTermsOf } from "./hashed-features.ts";
import { IdTable } from "./id-table.ts";
import { featureFields, FieldSurvey, type FeatureField, type PersonaFields, type SurveyState } from "./similarity.ts";
import { SentenceCounter, SentenceMerge, TEMPLATE_PERSONAS_LISTED as TEMPLATE_WRITERS, type SentenceShard } from "./sentences.ts";
import { StructuredCounts, type CountsState } from "./structured-counts.ts";

/** Bumped whenever what a digest holds or how it is counted changes: a digest of another version is not used. */
export const DIGEST_VERSION = 2;

export interface ShardDigest {
  personas: number;
  survey: SurveyState;
  /** The declared text fields' names the frequencies were counted over, in order. */
  textFields: string[];
  /** Dimensions in ascending order, and in how many (persona, text field) blocks each occurs. */
  dimensions: Int32Array;
  counts: Int32Array;
  /**
   * The sentence counts of the declared text fields (sentences.ts), `null` when a persona has no
   * id of its own or one of the form `#n` (the report names such a persona by its place in the
   * whole population, which a shard does not know): the report step counts them then.
   */
  sentences: SentenceShard | null;
  /**
   * What the marginals and fidelity read (structured-counts.ts), `null` when a field they read holds
   * a value that is no text (stored as JSON, it would not read back the same): they read the rows then.
   */
  structured: CountsState | null;
}

/** The blueprint's declared text fields, whose terms a digest counts. */
export function declaredTextFields(blueprint: BlueprintInput | undefined): FeatureField[] {
  return featureFields([], blueprint).filter((field) => field.kind === "text");
}

/** The digest of these personas (a shard's, in order). */
export function shardDigest(personas: readonly PersonaFields[], blueprint: BlueprintInput | undefined): ShardDigest {
  const digest = new ShardDigestBuilder(blueprint);
  digest.add(personas);
  return digest.digest();
}

/**
 * A shard's digest made batch by batch, in persona order, as its personas are written: the same
 * digest as `shardDigest` of them all, without keeping every persona's fields to the shard's end
 * (kept, they survived each scavenge and were promoted: old space that full collections mark).
 */
export class ShardDigestBuilder {
  private readonly survey: FieldSurvey;
  private readonly textFields: FeatureField[];
  private readonly dimensions = new IdTable();
  private readonly ids: string[] = [];
  /** `null` once a persona had no id of its own (see `ShardDigest.sentences`). */
  private sentences: SentenceCounter | null;
  /** `null` without a blueprint, or once a field they read held a value that is no text (see `ShardDigest.structured`). */
  private structured: StructuredCounts | null;
  private readonly structuredNames: string[];
  private personas = 0;

  constructor(blueprint: BlueprintInput | undefined) {
    this.survey = new FieldSurvey(blueprint);
    this.textFields = declaredTextFields(blueprint);
    this.sentences = new SentenceCounter(featureFields([], blueprint), (index) => this.ids[index] as string);
    this.structured = blueprint ? new StructuredCounts(blueprint) : null;
    const counted = this.structured;
    this.structuredNames = counted ? [...new Set([...counted.roots, ...counted.fields].flatMap((field) => [field.name, ...(field.parents ?? [])]))] : [];
  }

  /** The next personas of the shard. */
  add(personas: readonly PersonaFields[]): void {
    this.survey.add(personas);
    const { ids, length } = hashedTermsOf(personas, this.textFields).store;
    for (let k = 0; k < length; k++) this.dimensions.add(ids[k] as number, 1);
    for (const persona of personas) {
      const id = persona.persona_id;
      if (typeof id !== "string" || id.startsWith("#")) this.sentences = null;
      if (!this.sentences || typeof id !== "string") break;
      this.ids.push(id);
      // Every persona before this one has its id listed: the list's last place is this persona's in the shard.
      this.sentences.add(persona, this.ids.length - 1);
    }
    if (this.structured && personas.some((persona) => this.structuredNames.some((name) => Object.hasOwn(persona.fields, name) && typeof persona.fields[name] !== "string"))) this.structured = null;
    this.structured?.add(personas);
    this.personas += personas.length;
  }

  digest(): ShardDigest {
    const table = this.dimensions;
    const dimensions = new Int32Array(table.size);
    let position = 0;
    table.forEach((dimension) => (dimensions[position++] = dimension));
    dimensions.sort();
    const counts = new Int32Array(dimensions.length);
    for (let k = 0; k < dimensions.length; k++) counts[k] = table.get(dimensions[k] as number);
    return {
      personas: this.personas,
      survey: this.survey.state(),
      textFields: this.textFields.map((field) => field.name),
      dimensions,
      counts,
      sentences: this.sentences ? this.sentences.shardState(this.ids) : null,
      structured: this.structured ? this.structured.state() : null,
    };
  }
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUES = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 64; digit++) BASE64_VALUES[BASE64.charCodeAt(digit)] = digit;
const BASE64_CODES = new TextEncoder().encode(BASE64);
const asciiDecoder = new TextDecoder();

/**
 * 32-bit integers as base64 text, little-endian, unpadded (sentence keys: 64-bit hashes, ~11 characters each instead of ~22 as JSON numbers).
 * The digits are written as character codes and decoded once: a text grown digit by digit made a
 * string per digit (1.5 MB of garbage a shard's digest).
 */
export function int32Base64(values: Int32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const digits = new Uint8Array(Math.ceil((bytes.length * 8) / 6));
  let written = 0;
  for (let at = 0; at < bytes.length; at += 3) {
    const chunk = ((bytes[at] as number) << 16) | ((bytes[at + 1] ?? 0) << 8) | (bytes[at + 2] ?? 0);
    const count = Math.min(4, Math.ceil(((bytes.length - at) * 8) / 6));
    for (let digit = 0; digit < count; digit++) digits[written++] = BASE64_CODES[(chunk >>> (18 - 6 * digit)) & 63] as number;
  }
  return asciiDecoder.decode(digits);
}

/** `int32Base64`'s integers, or `undefined` when the text is not such a list. */
export function base64Int32(text: unknown): Int32Array | undefined {
  if (typeof text !== "string") return undefined;
  const byteLength = Math.floor((text.length * 6) / 8);
  if (byteLength % 4 !== 0 || Math.ceil((byteLength * 8) / 6) !== text.length) return undefined;
  const bytes = new Uint8Array(byteLength);
  let bits = 0;
  let held = 0;
  let at = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const value = code < 128 ? (BASE64_VALUES[code] as number) : -1;
    if (value < 0) return undefined;
    held = ((held << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (at < byteLength) bytes[at++] = (held >>> bits) & 255;
    }
  }
  return new Int32Array(bytes.buffer);
}

/** JSON keeps neither infinities nor a negative zero: a range's ends are written as text when they are one. */
function encodedNumber(value: number): number | string {
  return Number.isFinite(value) && !Object.is(value, -0) ? value : String(Object.is(value, -0) ? "-0" : value);
}

function decodedNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (value === "-0") return -0;
  return Number(value);
}

/**
 * A digest as compact JSON text: the dimensions as gaps from the previous one (a few digits each),
 * their counts as they are. About 4–8 bytes a distinct term of the shard.
 */
export function encodeShardDigest(digest: ShardDigest): string {
  const gaps: number[] = new Array(digest.dimensions.length);
  let previous = 0;
  for (let k = 0; k < digest.dimensions.length; k++) {
    gaps[k] = (digest.dimensions[k] as number) - previous;
    previous = digest.dimensions[k] as number;
  }
  return JSON.stringify({
    version: DIGEST_VERSION,
    personas: digest.personas,
    names: digest.survey.names,
    surveyed: digest.survey.surveyed.map(([name, present, numeric, wordCount, low, high]) => [name, present, numeric, wordCount, encodedNumber(low), encodedNumber(high)]),
    text_fields: digest.textFields,
    dimensions: gaps,
    counts: [...digest.counts],
    sentences: digest.sentences === null ? null : encodedSentences(digest.sentences),
    structured: digest.structured,
  });
}

interface EncodedSentences {
  fields: string[];
  count: number;
  template_keys: string;
  template_counts: number[];
  /** Each writer less the one before it (the first writers mostly follow the personas' order: small numbers). */
  writers: number[];
  writer_counts: number[];
  sentence_keys: string;
  /** Gaps from the previous template. */
  sentence_templates: number[];
  wordings: [number, string][];
  ids: string[];
}

function encodedSentences(sentences: SentenceShard): EncodedSentences {
  const deltas = (values: Int32Array): number[] => Array.from(values, (value, index) => value - (index > 0 ? (values[index - 1] as number) : 0));
  return {
    fields: sentences.textFields,
    count: sentences.sentences,
    template_keys: int32Base64(sentences.templateKeys),
    template_counts: [...sentences.templateCounts],
    writers: deltas(sentences.writers),
    writer_counts: [...sentences.writerCounts],
    sentence_keys: int32Base64(sentences.sentenceKeys),
    sentence_templates: deltas(sentences.sentenceTemplates),
    wordings: sentences.wordings,
    ids: sentences.ids,
  };
}

const isInteger = (value: unknown): value is number => Number.isInteger(value);

/** A digest's sentence counts from their encoding, or `undefined` when any part is not what `encodedSentences` writes for `personas` personas. */
function decodedSentences(encoded: EncodedSentences, personas: number): SentenceShard | undefined {
  if (encoded === null || typeof encoded !== "object" || !Array.isArray(encoded.fields) || !encoded.fields.every(isString) || !isCount(encoded.count)) return undefined;
  const lists = [encoded.template_counts, encoded.writers, encoded.writer_counts, encoded.sentence_templates];
  if (!lists.every((list) => Array.isArray(list) && list.every(isInteger)) || !Array.isArray(encoded.ids) || encoded.ids.length !== personas || !encoded.ids.every(isString)) return undefined;
  const templateKeys = base64Int32(encoded.template_keys);
  const sentenceKeys = base64Int32(encoded.sentence_keys);
  const templates = encoded.template_counts.length;
  if (!templateKeys || !sentenceKeys || templateKeys.length !== templates * 2 || sentenceKeys.length % 2 !== 0 || !encoded.template_counts.every(isCount)) return undefined;
  const sums = (deltas: number[]) => {
    const values = new Int32Array(deltas.length);
    let value = 0;
    deltas.forEach((delta, index) => (values[index] = value += delta));
    return values;
  };
  const writers = sums(encoded.writers);
  const sentenceTemplates = sums(encoded.sentence_templates);
  // Each template written once has one writer, each written more `writer_counts`' next (1 to 5).
  const repeated = encoded.template_counts.filter((count) => count >= 2).length;
  const expectedWriters = encoded.template_counts.filter((count) => count === 1).length + encoded.writer_counts.reduce((sum, count) => sum + count, 0);
  if (encoded.writer_counts.length !== repeated || !encoded.writer_counts.every((count) => count >= 1 && count <= TEMPLATE_WRITERS) || writers.length !== expectedWriters) return undefined;
  if (!writers.every((writer) => writer >= 0 && writer < personas) || !sentenceTemplates.every((template, index) => template >= 0 && template < templates && (index === 0 || template > (sentenceTemplates[index - 1] as number)))) return undefined;
  if (!Array.isArray(encoded.wordings) || !encoded.wordings.every((entry) => Array.isArray(entry) && entry.length === 2 && isInteger(entry[0]) && entry[0] >= 0 && entry[0] < templates && isString(entry[1]))) return undefined;
  return {
    textFields: encoded.fields,
    sentences: encoded.count,
    templateKeys,
    templateCounts: Int32Array.from(encoded.template_counts),
    writers,
    writerCounts: Int32Array.from(encoded.writer_counts),
    sentenceKeys,
    sentenceTemplates,
    wordings: encoded.wordings,
    ids: encoded.ids,
  };
}

interface EncodedDigest {
  version: number;
  personas: number;
  names: string[];
  surveyed: [string, number, number, number, number | string, number | string][];
  text_fields: string[];
  dimensions: number[];
  counts: number[];
  sentences: EncodedSentences | null;
  structured: CountsState | null;
}

const isString = (value: unknown): value is string => typeof value === "string";
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isEnd = (value: unknown): boolean => typeof value === "number" || (typeof value === "string" && !Number.isNaN(decodedNumber(value)));

/**
 * Whether a parsed value is a digest of this version in every part the merge reads: a stored row's
 * digest is data from the database, and one of the wrong shape (a string count joined as text, a
 * surveyed entry that is no list) must be refused — the row is surveyed instead — not merged or thrown on.
 */
function isEncodedDigest(value: unknown): value is EncodedDigest {
  const encoded = value as EncodedDigest | null;
  if (encoded === null || typeof encoded !== "object" || encoded.version !== DIGEST_VERSION || !isCount(encoded.personas)) return false;
  if (![encoded.names, encoded.surveyed, encoded.text_fields, encoded.dimensions, encoded.counts].every(Array.isArray)) return false;
  if (encoded.dimensions.length !== encoded.counts.length || !encoded.names.every(isString) || !encoded.text_fields.every(isString)) return false;
  if (!encoded.dimensions.every(Number.isInteger) || !encoded.counts.every(isCount)) return false;
  return encoded.surveyed.every((entry) => Array.isArray(entry) && entry.length === 6 && isString(entry[0]) && isCount(entry[1]) && isCount(entry[2]) && isCount(entry[3]) && isEnd(entry[4]) && isEnd(entry[5]));
}

/** A digest from its text, or `undefined` when it is of another version or not one at all (the caller surveys the row instead). */
export function decodeShardDigest(text: string): ShardDigest | undefined {
  let encoded: EncodedDigest;
  try {
    encoded = JSON.parse(text) as EncodedDigest;
  } catch {
    return undefined;
  }
  if (!isEncodedDigest(encoded)) return undefined;
  const sentences = encoded.sentences === null ? null : decodedSentences(encoded.sentences, encoded.personas);
  if (sentences === undefined || (encoded.structured !== null && !isCountsState(encoded.structured, encoded.personas))) return undefined;
  const dimensions = new Int32Array(encoded.dimensions.length);
  let previous = 0;
  for (let k = 0; k < dimensions.length; k++) dimensions[k] = previous += encoded.dimensions[k] as number;
  return {
    personas: encoded.personas,
    survey: { names: encoded.names, surveyed: encoded.surveyed.map(([name, present, numeric, wordCount, low, high]) => [name, present, numeric, wordCount, decodedNumber(low), decodedNumber(high)]) },
    textFields: encoded.text_fields,
    dimensions,
    counts: Int32Array.from(encoded.counts),
    sentences,
    structured: encoded.structured,
  };
}

const isCountedValue = (value: unknown): boolean => typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
const isEntry = (entry: unknown, isValue: (value: unknown) => boolean): boolean => Array.isArray(entry) && entry.length === 2 && isValue(entry[0]) && isCount(entry[1]);

/** Whether a parsed value is what `StructuredCounts.state()` writes for `personas` personas (its fit to the blueprint is checked when merged). */
function isCountsState(value: unknown, personas: number): value is CountsState {
  const state = value as CountsState;
  if (state === null || typeof state !== "object" || state.personas !== personas || !Array.isArray(state.marginals) || !Array.isArray(state.cells)) return false;
  if (!state.marginals.every((entries) => Array.isArray(entries) && entries.every((entry) => isEntry(entry, isString)))) return false;
  return state.cells.every(
    (cells) =>
      Array.isArray(cells) &&
      cells.every((cell) => Array.isArray(cell) && cell.length === 4 && Array.isArray(cell[0]) && cell[0].every(isString) && isCount(cell[1]) && Array.isArray(cell[2]) && cell[2].every((entry) => isEntry(entry, isCountedValue)) && isCount(cell[3])),
  );
}

/** What the diversity report's survey gives its vectors pass: the surveyed fields, and the document frequencies not yet inverted. */
export interface SurveyedPopulation {
  survey: FieldSurvey;
  table: DimensionTable;
  /** The sentence counts merged from every digest, when each had them. */
  sentences?: SentenceMerge;
  /** The counts the marginals and fidelity read, merged from every digest, when each had them. */
  structured?: StructuredCounts;
}

/** Digests merged in shard order: the survey of the whole population, as `surveyChunks` would make it reading the rows. */
export class DigestSurvey {
  private readonly survey: FieldSurvey;
  private readonly table = DimensionTable.take();
  private readonly textNames: string;
  /** `undefined` once a digest had no sentence counts (their counter then reads the rows). */
  private sentences: SentenceMerge | undefined;
  /** `undefined` once a digest had no counts for the marginals and fidelity (they read the rows then). */
  private structured: StructuredCounts | undefined;
  private personas = 0;

  constructor(blueprint: BlueprintInput | undefined) {
    this.survey = new FieldSurvey(blueprint);
    this.textNames = declaredTextFields(blueprint)
      .map((field) => field.name)
      .join("\u0000");
    this.sentences = new SentenceMerge(SentenceCounter.fieldsOf(featureFields([], blueprint)));
    this.structured = blueprint ? new StructuredCounts(blueprint) : undefined;
  }

  /** Whether `digest` was counted over this blueprint's text fields (else the row is surveyed instead). */
  fits(digest: ShardDigest): boolean {
    return digest.textFields.join("\u0000") === this.textNames;
  }

  /** Adds the next shard's digest. */
  add(digest: ShardDigest): void {
    if (!this.fits(digest)) throw new Error("a shard's digest counted other text fields than the blueprint declares");
    this.survey.merge(digest.survey);
    this.table.addCounts(digest.dimensions, digest.counts, digest.personas);
    if (digest.sentences && this.sentences?.fits(digest.sentences.textFields)) this.sentences.add(digest.sentences, this.personas);
    else this.sentences = undefined;
    if (digest.structured && this.structured?.fits(digest.structured)) this.structured.merge(digest.structured);
    else this.structured = undefined;
    this.personas += digest.personas;
  }

  /** The merged survey; no digest can be added after. */
  surveyed(): SurveyedPopulation {
    this.sentences?.settle();
    return { survey: this.survey, table: this.table, ...(this.sentences ? { sentences: this.sentences } : {}), ...(this.structured ? { structured: this.structured } : {}) };
  }
}
