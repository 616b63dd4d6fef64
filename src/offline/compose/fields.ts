/** Small builders for blueprint fields, so the composing code reads as what it decides. */
import type { Field } from "../../engine/blueprint.ts";

export type Weights = Record<string, number>;

export function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Weights scaled to sum to 1, rounded; zero and negative entries dropped. */
export function normalise(weights: Weights): Weights {
  const entries = Object.entries(weights).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (total <= 0) return {};
  const out: Weights = {};
  for (const [key, weight] of entries) out[key] = Math.max(0.0001, round(weight / total));
  return out;
}

/** The same value in every persona: what the prompt fixed. */
export function fixedField(name: string, label: string, value: string, description: string): Field {
  return { name, kind: "categorical", label, description, parents: [], categorical: { weights: { [value]: 1 } }, conditionals: [] };
}

export function categoricalField(name: string, label: string, description: string, weights: Weights, extra: Partial<Field> = {}): Field {
  return { name, kind: "categorical", label, description, parents: [], categorical: { weights: normalise(weights) }, conditionals: [], ...extra };
}

export function uniform(values: readonly string[]): Weights {
  return Object.fromEntries(values.map((value) => [value, 1]));
}

export function textField(name: string, label: string, description: string, parents: string[]): Field {
  return { name, kind: "text", label, description, parents, conditionals: [] };
}

/** "hospital pharmacist" → "hospital_pharmacist", a blueprint-safe slug. */
export function slug(text: string): string {
  return text.normalize("NFKD").replace(/[^\p{L}\p{N}]+/gu, "_").replace(/^_|_$/g, "").toLowerCase().slice(0, 48) || "person";
}

/** The one value a field holds in every persona (a fixed field's), or undefined. */
export function fixedValueOf(field: Field): string | undefined {
  if (field.kind !== "categorical" || field.parents.length > 0) return undefined;
  const values = Object.keys(field.categorical?.weights ?? {});
  return values.length === 1 ? values[0] : undefined;
}
