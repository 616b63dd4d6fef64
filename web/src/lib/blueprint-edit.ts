/**
 * Edits of a blueprint's distributions, as the studio's editor makes them: a category's weight, a
 * numeric field's range, mean or spread, at the root or inside one parent cell (a conditional).
 * Each returns a new blueprint and leaves the given one untouched, so "re-sample" sends exactly
 * what the author sees, and the original stays to compare with.
 */
import type { Blueprint, Field } from "./dramatis.ts";

/** Where a distribution sits: the field's own (root) or the conditional at `conditional`. */
export interface DistributionPlace {
  field: string;
  conditional?: number;
}

export type NumericKey = "min" | "max" | "mean" | "sd";

function updateField(blueprint: Blueprint, name: string, update: (field: Field) => Field): Blueprint {
  let found = false;
  const fields = blueprint.fields.map((field) => {
    if (field.name !== name) return field;
    found = true;
    return update(field);
  });
  if (!found) throw new Error(`the blueprint has no field "${name}"`);
  return { ...blueprint, fields };
}

function updateConditional(field: Field, index: number, update: (conditional: Field["conditionals"][number]) => Field["conditionals"][number]): Field {
  const conditionals = field.conditionals ?? [];
  if (!conditionals[index]) throw new Error(`field "${field.name}" has no conditional #${index}`);
  return { ...field, conditionals: conditionals.map((conditional, position) => (position === index ? update(conditional) : conditional)) };
}

export function setCategoryWeight(blueprint: Blueprint, place: DistributionPlace, category: string, weight: number): Blueprint {
  if (!Number.isFinite(weight) || weight < 0) throw new RangeError("a weight is a number of at least 0");
  return updateField(blueprint, place.field, (field) => {
    if (place.conditional === undefined) {
      if (!field.categorical) throw new Error(`field "${field.name}" has no categorical weights of its own`);
      return { ...field, categorical: { weights: { ...field.categorical.weights, [category]: weight } } };
    }
    return updateConditional(field, place.conditional, (conditional) => {
      if (!conditional.categorical) throw new Error(`this cell of "${field.name}" has no categorical weights`);
      return { ...conditional, categorical: { weights: { ...conditional.categorical.weights, [category]: weight } } };
    });
  });
}

export function setNumeric(blueprint: Blueprint, place: DistributionPlace, key: NumericKey, value: number): Blueprint {
  if (!Number.isFinite(value)) throw new RangeError(`${key} must be a number`);
  if (key === "sd" && value < 0) throw new RangeError("sd must be at least 0");
  return updateField(blueprint, place.field, (field) => {
    if (place.conditional === undefined) {
      if (!field.numeric) throw new Error(`field "${field.name}" has no numeric range of its own`);
      return { ...field, numeric: { ...field.numeric, [key]: value } };
    }
    return updateConditional(field, place.conditional, (conditional) => {
      if (!conditional.numeric) throw new Error(`this cell of "${field.name}" has no numeric range`);
      return { ...conditional, numeric: { ...conditional.numeric, [key]: value } };
    });
  });
}

/** Every distribution of a field, root first, with a readable name for its cell. */
export function distributionsOf(field: Field): Array<{ place: DistributionPlace; cell: string; categorical?: Record<string, number>; numeric?: NonNullable<Field["numeric"]> }> {
  const places: ReturnType<typeof distributionsOf> = [];
  if (field.categorical || field.numeric) {
    places.push({ place: { field: field.name }, cell: "all", categorical: field.categorical?.weights, numeric: field.numeric });
  }
  (field.conditionals ?? []).forEach((conditional, index) => {
    const cell = Object.entries(conditional.when).map(([parent, value]) => `${parent} = ${value}`).join(", ");
    places.push({ place: { field: field.name, conditional: index }, cell, categorical: conditional.categorical?.weights, numeric: conditional.numeric });
  });
  return places;
}

/** Weights as shares of their total (what the sampler aims at), rounded to 4 decimals. */
export function shares(weights: Record<string, number>): Record<string, number> {
  const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  return Object.fromEntries(Object.entries(weights).map(([key, weight]) => [key, total > 0 ? Math.round((weight / total) * 10_000) / 10_000 : 0]));
}

/** Names of the fields whose distributions differ between two blueprints. */
export function changedFields(before: Blueprint, after: Blueprint): string[] {
  const beforeByName = new Map(before.fields.map((field) => [field.name, field]));
  return after.fields
    .filter((field) => {
      const old = beforeByName.get(field.name);
      return !old || JSON.stringify([old.categorical, old.numeric, old.conditionals]) !== JSON.stringify([field.categorical, field.numeric, field.conditionals]);
    })
    .map((field) => field.name);
}
