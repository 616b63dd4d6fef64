/**
 * The spec's `marginals` report: for every root categorical field (no parents), the requested share
 * (normalised weight) and achieved share of each category, in declared order, and their TVD.
 */
import { normaliseWeights } from "../apportion.ts";
import type { BlueprintInput } from "../blueprint-check.ts";
import type { Marginal } from "../persona.ts";
import { round4, totalVariationDistance } from "./tvd.ts";
import { nullPrototypeRecord, ownValue } from "./own-fields.ts";
import { MISSING_CATEGORY, rootCategoricalFields, StructuredCounts } from "./structured-counts.ts";

/** Stands for personas that lack the field, so their share still counts against fidelity. */
export { MISSING_CATEGORY, rootCategoricalFields };
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

/** Requested and achieved shares of one field, unrounded, categories in declared order then extras. */
export function fieldShares(
  weights: Readonly<Record<string, number>>,
  personas: readonly PersonaFields[],
  name: string,
): { requested: Record<string, number>; achieved: Record<string, number>; keys: string[] } {
  const counts = new Map<string, number>();
  for (const persona of personas) {
    const value = Object.hasOwn(persona.fields, name) ? String(persona.fields[name]) : MISSING_CATEGORY;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return sharesOfCounts(weights, counts, personas.length);
}

/** `fieldShares` from the field's value counts (in order of first appearance) over `total` personas. */
function sharesOfCounts(weights: Readonly<Record<string, number>>, counts: ReadonlyMap<string, number>, total: number): { requested: Record<string, number>; achieved: Record<string, number>; keys: string[] } {
  const requested = nullPrototypeRecord(Object.entries(normaliseWeights(weights)));
  const keys = [...Object.keys(requested), ...[...counts.keys()].filter((key) => !Object.hasOwn(requested, key))];
  const achieved = nullPrototypeRecord(keys.map((key) => [key, total > 0 ? (counts.get(key) ?? 0) / total : 0] as const));
  return { requested, achieved, keys };
}

export function computeMarginals(blueprint: BlueprintInput, personas: readonly PersonaFields[]): Marginal[] {
  return marginalsOfCounts(StructuredCounts.of(blueprint, personas, "marginals"));
}

/** The marginals from a population's counts (structured-counts.ts): the same as `computeMarginals` over its personas. */
export function marginalsOfCounts(counts: StructuredCounts): Marginal[] {
  return counts.roots.map((field, position) => {
    const { requested, achieved, keys } = sharesOfCounts(field.categorical?.weights ?? {}, counts.marginals[position] as Map<string, number>, counts.personas);
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
