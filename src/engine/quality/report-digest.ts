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
import { featureFields, FieldSurvey, type FeatureField, type PersonaFields, type SurveyState } from "./similarity.ts";

/** Bumped whenever what a digest holds or how it is counted changes: a digest of another version is not used. */
export const DIGEST_VERSION = 1;

export interface ShardDigest {
  personas: number;
  survey: SurveyState;
  /** The declared text fields' names the frequencies were counted over, in order. */
  textFields: string[];
  /** Dimensions in ascending order, and in how many (persona, text field) blocks each occurs. */
  dimensions: Int32Array;
  counts: Int32Array;
}

/** The blueprint's declared text fields, whose terms a digest counts. */
export function declaredTextFields(blueprint: BlueprintInput | undefined): FeatureField[] {
  return featureFields([], blueprint).filter((field) => field.kind === "text");
}

/** The digest of these personas (a shard's, in order). */
export function shardDigest(personas: readonly PersonaFields[], blueprint: BlueprintInput | undefined): ShardDigest {
  const survey = new FieldSurvey(blueprint);
  survey.add(personas);
  const textFields = declaredTextFields(blueprint);
  const { ids, length } = hashedTermsOf(personas, textFields).store;
  // Counted in a table, then only the distinct dimensions sorted: a shard has ~20 term occurrences
  // per distinct dimension, and sorting every occurrence was half the digest's CPU.
  let capacity = 1024;
  while (capacity < length * 2) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Int32Array(capacity).fill(-1);
  const tallies = new Int32Array(capacity);
  let distinct = 0;
  for (let k = 0; k < length; k++) {
    const dimension = ids[k] as number;
    let slot = Math.imul(dimension, 0x85ebca6b) & mask;
    while (keys[slot] !== -1 && keys[slot] !== dimension) slot = (slot + 1) & mask;
    if (keys[slot] === -1) {
      keys[slot] = dimension;
      distinct++;
    }
    tallies[slot] = (tallies[slot] as number) + 1;
  }
  const dimensions = new Int32Array(distinct);
  let position = 0;
  for (let slot = 0; slot < capacity; slot++) if (keys[slot] !== -1) dimensions[position++] = keys[slot] as number;
  dimensions.sort();
  const counts = new Int32Array(distinct);
  for (let k = 0; k < distinct; k++) {
    let slot = Math.imul(dimensions[k] as number, 0x85ebca6b) & mask;
    while (keys[slot] !== dimensions[k]) slot = (slot + 1) & mask;
    counts[k] = tallies[slot] as number;
  }
  return { personas: personas.length, survey: survey.state(), textFields: textFields.map((field) => field.name), dimensions, counts };
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
  });
}

interface EncodedDigest {
  version: number;
  personas: number;
  names: string[];
  surveyed: [string, number, number, number, number | string, number | string][];
  text_fields: string[];
  dimensions: number[];
  counts: number[];
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
  const dimensions = new Int32Array(encoded.dimensions.length);
  let previous = 0;
  for (let k = 0; k < dimensions.length; k++) dimensions[k] = previous += encoded.dimensions[k] as number;
  return {
    personas: encoded.personas,
    survey: { names: encoded.names, surveyed: encoded.surveyed.map(([name, present, numeric, wordCount, low, high]) => [name, present, numeric, wordCount, decodedNumber(low), decodedNumber(high)]) },
    textFields: encoded.text_fields,
    dimensions,
    counts: Int32Array.from(encoded.counts),
  };
}

/** What the diversity report's survey gives its vectors pass: the surveyed fields, and the document frequencies not yet inverted. */
export interface SurveyedPopulation {
  survey: FieldSurvey;
  table: DimensionTable;
}

/** Digests merged in shard order: the survey of the whole population, as `surveyChunks` would make it reading the rows. */
export class DigestSurvey {
  private readonly survey: FieldSurvey;
  private readonly table = DimensionTable.take();
  private readonly textNames: string;

  constructor(blueprint: BlueprintInput | undefined) {
    this.survey = new FieldSurvey(blueprint);
    this.textNames = declaredTextFields(blueprint)
      .map((field) => field.name)
      .join("\u0000");
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
  }

  surveyed(): SurveyedPopulation {
    return { survey: this.survey, table: this.table };
  }
}
