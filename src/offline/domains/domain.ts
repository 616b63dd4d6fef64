/** What every built-in domain provides: how well it fits a prompt, and a blueprint adapted to it. */
import type { Blueprint, Field } from "../../engine/blueprint.ts";
import { countryByCode } from "../geo.ts";
import type { ParsedPrompt } from "../prompt.ts";

export interface Domain {
  /** The blueprint's `domain` slug. */
  readonly id: string;
  /** 0 when the prompt is not about this population; higher is a better fit. */
  match(prompt: ParsedPrompt): number;
  /** A blueprint adapted to the prompt's hints (locality, ages, gender). */
  blueprint(prompt: ParsedPrompt): Blueprint;
}

export type Weights = Record<string, number>;

/**
 * Whether the prompt names a place outside `country` (an ISO code), by this parser's reading or the
 * understanding step's, or a place nobody can locate: a domain made of one country's figures then
 * does not apply.
 */
export function namesPlaceOutside(prompt: ParsedPrompt, country: string): boolean {
  if (prompt.countries.some((code) => code !== country)) return true;
  const read = prompt.placesRead;
  return read !== undefined && (read.world || read.countries.some((code) => code !== country) || (read.named && read.countries.length === 0));
}

/**
 * Whether the understanding step read where the people live: their places are then composed from
 * its reading (cities, regions, names of the place) rather than drawn from a domain's own mix.
 */
export function placesComposedFromPrompt(prompt: ParsedPrompt): boolean {
  return prompt.placesRead?.named === true;
}

/**
 * Give the named keys `share` of the mass (in their original proportions) and the rest what remains.
 * Every key stays declared, zero-weighted if need be, so conditionals on it remain valid.
 */
export function concentrate(weights: Weights, keys: readonly string[], share = 1): Weights {
  const present = keys.filter((key) => key in weights);
  if (present.length === 0) return weights;
  const result: Weights = {};
  const presentTotal = present.reduce((sum, key) => sum + (weights[key] as number), 0);
  const restTotal = Object.values(weights).reduce((sum, value) => sum + value, 0) - presentTotal;
  for (const [key, value] of Object.entries(weights)) {
    const scaled = present.includes(key) ? (value / presentTotal) * share : restTotal > 0 ? (value / restTotal) * (1 - share) : 0;
    result[key] = round(scaled);
  }
  return result;
}

export function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Clamp a numeric spec's bounds into an age hint, keeping the mean inside and sd sensible. */
export function fitAge<T extends { min: number; max: number; mean: number; sd: number }>(spec: T, prompt: ParsedPrompt): T {
  if (prompt.ageMin === undefined && prompt.ageMax === undefined) return spec;
  const min = Math.max(spec.min, prompt.ageMin ?? spec.min);
  const max = Math.min(spec.max, prompt.ageMax ?? spec.max);
  if (min > max) {
    // The hint lies outside the domain's usual range: the prompt wins, it is what the caller asked for.
    const low = prompt.ageMin ?? spec.min;
    const high = prompt.ageMax ?? Math.max(low, spec.max);
    return { ...spec, min: low, max: high, mean: (low + high) / 2, sd: Math.max(1, (high - low) / 4) };
  }
  const mean = Math.min(max, Math.max(min, spec.mean));
  return { ...spec, min, max, mean, sd: Math.max(1, Math.min(spec.sd, (max - min) / 2)) };
}

/** Score keyword hits: each pattern that matches adds its weight. */
export function keywordScore(text: string, patterns: ReadonlyArray<readonly [RegExp, number]>): number {
  let score = 0;
  for (const [pattern, weight] of patterns) if (pattern.test(text)) score += weight;
  return score;
}

export function groundingNote(grounding: string): string | undefined {
  if (grounding === "off") return undefined;
  return `grounding=${grounding} requested: no search provider configured; built-in reference data used`;
}

/**
 * Where personas live when the prompt names cities or regions ("baristas in Seattle", "nurses in
 * Ohio"): a `city` field under `country`, each named place an equal share split over its cities.
 * A country named without a city gets its best-known cities. Undefined when no place is named.
 */
export function cityField(prompt: ParsedPrompt, countryCodes: readonly string[]): Field | undefined {
  if (prompt.places.length === 0) return undefined;
  const conditionals = countryCodes.map((code) => {
    const named = prompt.places.filter((place) => place.country === code);
    const weights: Weights = {};
    if (named.length > 0) {
      for (const place of named) for (const city of place.cities) weights[city] = (weights[city] ?? 0) + 1 / named.length / place.cities.length;
    } else {
      const cities = countryByCode(code)?.cities ?? [];
      for (const city of cities) weights[city] = 1 / cities.length;
    }
    for (const city of Object.keys(weights)) weights[city] = round(weights[city] as number);
    return { when: { country: code }, categorical: { weights } };
  });
  const named = prompt.places.map((place) => place.name).join(", ");
  return {
    name: "city", kind: "categorical", label: "City", description: `city they live in (the prompt names ${named})`,
    parents: ["country"], conditionals,
  };
}
