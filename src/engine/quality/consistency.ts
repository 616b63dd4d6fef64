/**
 * The offline consistency check (DESIGN §4): text fields must not contradict structured ones. Two
 * pattern checks, tuned to flag only clear contradictions:
 * - numbers: an age (`34-year-old`, `aged 34`, `34 years old`) or a number followed by a numeric
 *   field's words (`12 years playing`, `34 hours a week`) that differs from the field's value;
 * - categories: text naming another declared category of a categorical field (a country, a rank, a
 *   region) while never naming the persona's own value.
 */
import type { BlueprintInput } from "../blueprint-check.ts";
import { declaredCategories } from "../blueprint-check.ts";
import { numericValue } from "../constraints.ts";
import { ownValue } from "./own-fields.ts";

export interface Contradiction {
  text_field: string;
  field: string;
  expected: string;
  found: string;
}

const STOP_WORDS = new Set(["per", "a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "num", "number", "count", "total"]);
/** Field-name words that are units rather than topics: `hours_per_week` → unit "hours", topic "week". */
const TOKEN_PATTERN = /[\p{L}\p{N}]+/gu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Short upper-case codes (`IN`, `US`, `KR`, `NA`) are matched case-sensitively: read without case
 * they are ordinary words ("in", "us", "na") and every text would seem to name them.
 */
function containsPhrase(text: string, phrase: string): boolean {
  if (phrase.trim() === "") return false;
  const isCode = /^[A-Z]{2,3}$/.test(phrase);
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(phrase)}(?![\\p{L}\\p{N}])`, isCode ? "u" : "iu").test(text);
}

function isAgeField(name: string): boolean {
  return /(^|_)age($|_)/i.test(name);
}

/** Numbers the text states for an age. */
function statedAges(text: string): number[] {
  const ages: number[] = [];
  for (const match of text.matchAll(/(\d{1,3})[-\s]years?[-\s]old|\baged?\s+(\d{1,3})\b|\bage\s+of\s+(\d{1,3})\b/giu)) {
    ages.push(Number(match[1] ?? match[2] ?? match[3]));
  }
  return ages;
}

/** Numbers the text states next to a field's words: the first word right after the number, the rest within 3 words. */
function statedNumbers(text: string, fieldName: string): number[] {
  const keywords = fieldName
    .toLowerCase()
    .split(/[_\s-]+/)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word));
  if (keywords.length === 0) return [];
  const tokens = text.toLowerCase().match(/\d+(?:\.\d+)?|[\p{L}]+/gu) ?? [];
  const stems = keywords.map((word) => word.replace(/s$/, ""));
  const matchesStem = (token: string | undefined, stem: string): boolean => token !== undefined && token.replace(/s$/, "") === stem;
  const found: number[] = [];
  tokens.forEach((token, index) => {
    if (!/^\d/.test(token)) return;
    if (!matchesStem(tokens[index + 1], stems[0] as string)) return;
    const window = tokens.slice(index + 2, index + 6);
    if (stems.slice(1).every((stem) => window.some((word) => matchesStem(word, stem)))) found.push(Number(token));
  });
  return found;
}

/** "12 years" (but not "12 years old"): durations a text states. */
function statedDurations(text: string): number[] {
  const durations: number[] = [];
  for (const match of text.matchAll(/\b(\d{1,3})\s+years?\b(?![-\s]old)/giu)) durations.push(Number(match[1]));
  return durations;
}

/**
 * The one numeric field counted in years (`years_experience`, `years_coding`), when a blueprint has
 * exactly one besides age: then any "N years" in a text ("11 years into nursing") speaks of it.
 */
function soleYearsField(declared: NonNullable<BlueprintInput["fields"]>): string | undefined {
  const yearFields = declared.filter(
    (field) => (field.kind === "numeric" || field.kind === "derived") && !isAgeField(field.name) && /(^|_)years?(_|$)/i.test(field.name),
  );
  return yearFields.length === 1 ? yearFields[0]!.name : undefined;
}

/** Contradictions between one persona's text fields and its structured fields. */
export function findContradictions(fields: Readonly<Record<string, string>>, blueprint: BlueprintInput): Contradiction[] {
  const declared = blueprint.fields ?? [];
  const yearsField = soleYearsField(declared);
  const declaredNames = new Set(declared.map((field) => field.name));
  // Text: declared text fields, and undeclared fields with several words (the spec's example sends a backstory the blueprint does not declare).
  const textFields = Object.keys(fields).filter((name) => {
    const field = declared.find((candidate) => candidate.name === name);
    if (field) return field.kind === "text";
    return !declaredNames.has(name) && (ownValue(fields, name)?.match(TOKEN_PATTERN)?.length ?? 0) >= 4;
  });
  const contradictions: Contradiction[] = [];
  for (const textField of textFields) {
    const text = ownValue(fields, textField) ?? "";
    for (const field of declared) {
      const value = ownValue(fields, field.name);
      if (value === undefined || field.name === textField) continue;
      if (field.kind === "numeric" || field.kind === "derived") {
        const number = numericValue(value);
        if (number === undefined) continue;
        const stated = isAgeField(field.name)
          ? statedAges(text)
          : field.name === yearsField
            ? [...new Set([...statedNumbers(text, field.name), ...statedDurations(text)])]
            : statedNumbers(text, field.name);
        const wrong = stated.find((candidate) => Math.abs(candidate - number) > (field.numeric?.integer === false ? 0.5 : 0.5));
        if (wrong !== undefined) contradictions.push({ text_field: textField, field: field.name, expected: value, found: String(wrong) });
      } else if (field.kind === "categorical") {
        if (containsPhrase(text, value)) continue;
        const other = declaredCategories(field).find((category) => category !== value && category.length > 1 && containsPhrase(text, category));
        if (other !== undefined) contradictions.push({ text_field: textField, field: field.name, expected: value, found: other });
      }
    }
  }
  return contradictions;
}

export function describeContradiction(contradiction: Contradiction): string {
  return `${contradiction.text_field} mentions ${contradiction.field} '${contradiction.found}' but the persona's ${contradiction.field} is '${contradiction.expected}'`;
}
