/**
 * The spec's `marginals` report: for every root categorical field (no parents), the requested share
 * (normalised weight) and achieved share of each category, in declared order, and their TVD.
 */
import { normaliseWeights } from "../apportion.ts";
import type { BlueprintInput } from "../blueprint-check.ts";
import type { Marginal } from "../persona.ts";
import { round4, totalVariationDistance } from "./tvd.ts";
import { nullPrototypeRecord, ownValue } from "./own-fields.ts";

/** Stands for personas that lack the field, so their share still counts against fidelity. */
export const MISSING_CATEGORY = "(missing)";
/**
 * Values the blueprint does not declare are listed as cells up to this many; the others are summed in
 * one cell `OTHER_VALUES` (every persona naming a value of its own would otherwise be a cell per
 * persona per field). The TVD is computed over every value.
 */
export const UNDECLARED_CELLS_LISTED = 20;
export const OTHER_VALUES = "(other values)";

export interface PersonaFields {
  fields: Readonly<Record<string, string>>;
}

export function rootCategoricalFields(blueprint: BlueprintInput): BlueprintInput["fields"] {
  return (blueprint.fields ?? []).filter(
    (field) => field.kind === "categorical" && (field.parents ?? []).length === 0 && field.categorical !== undefined,
  );
}

/** Requested and achieved shares of one field, unrounded, categories in declared order then extras. */
export function fieldShares(
  weights: Readonly<Record<string, number>>,
  personas: readonly PersonaFields[],
  name: string,
): { requested: Record<string, number>; achieved: Record<string, number>; keys: string[] } {
  const requested = nullPrototypeRecord(Object.entries(normaliseWeights(weights)));
  const counts = new Map<string, number>();
  for (const persona of personas) {
    const value = Object.hasOwn(persona.fields, name) ? String(persona.fields[name]) : MISSING_CATEGORY;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const keys = [...Object.keys(requested), ...[...counts.keys()].filter((key) => !Object.hasOwn(requested, key))];
  const achieved = nullPrototypeRecord(keys.map((key) => [key, personas.length > 0 ? (counts.get(key) ?? 0) / personas.length : 0] as const));
  return { requested, achieved, keys };
}

export function computeMarginals(blueprint: BlueprintInput, personas: readonly PersonaFields[]): Marginal[] {
  return rootCategoricalFields(blueprint).map((field) => {
    const { requested, achieved, keys } = fieldShares(field.categorical?.weights ?? {}, personas, field.name);
    const declared = Object.keys(requested).length;
    const listed = keys.slice(0, declared + UNDECLARED_CELLS_LISTED);
    const cells = listed.map((key) => ({ key, requested: round4(ownValue(requested, key) ?? 0), achieved: round4(ownValue(achieved, key) ?? 0) }));
    if (keys.length > listed.length) {
      const rest = keys.slice(listed.length).reduce((sum, key) => sum + (ownValue(achieved, key) ?? 0), 0);
      cells.push({ key: OTHER_VALUES, requested: 0, achieved: round4(rest) });
    }
    return { attribute: field.name, cells, total_variation_distance: round4(totalVariationDistance(requested, achieved)) };
  });
}
