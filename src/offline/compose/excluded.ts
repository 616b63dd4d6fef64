/**
 * "Non-Muslim residents of Dubai", "Non-Hispanic nurses": a value the prompt excludes (read by
 * understand.ts as `excludedValues`) is taken out of a field the design draws anyway — its weight set
 * to none and the rest renormalised — and the words are then modelled. A field that does not exist,
 * or holds nothing but that value, leaves the words declared.
 */
import type { Field } from "../../engine/blueprint.ts";
import { fold } from "../knowledge/words.ts";
import type { PromptParts } from "../understand/parts.ts";
import { normalise } from "./fields.ts";

/** Without the excluded value, if it leaves something to draw; else undefined. */
function withoutValue(weights: Readonly<Record<string, number>>, value: string): Record<string, number> | undefined {
  const key = Object.keys(weights).find((candidate) => fold(candidate) === fold(value));
  if (key === undefined) return undefined;
  const rest = Object.entries(weights).filter(([candidate, weight]) => candidate !== key && weight > 0);
  // The value stays declared at no weight: conditionals on it elsewhere remain valid.
  return rest.length > 0 ? { ...normalise(Object.fromEntries(rest)), [key]: 0 } : undefined;
}

/** The fields with each excluded value left out where it can be, and the spans that were thereby modelled. */
export function excludeValues(fields: readonly Field[], parts: PromptParts): { fields: Field[]; modelled: string[] } {
  const modelled: string[] = [];
  let result = [...fields];
  for (const { field: name, value, span } of parts.excludedValues ?? []) {
    const field = result.find((candidate) => candidate.name === name && candidate.kind === "categorical");
    if (!field) continue;
    const root = field.categorical ? withoutValue(field.categorical.weights, value) : undefined;
    const conditionals = field.conditionals.map((conditional) => (conditional.categorical ? withoutValue(conditional.categorical.weights, value) : undefined));
    if (!root && !conditionals.some(Boolean)) continue;
    result = result.map((candidate) => (candidate !== field ? candidate : { ...field, ...(root ? { categorical: { weights: root } } : {}), conditionals: field.conditionals.map((conditional, index) => (conditionals[index] ? { ...conditional, categorical: { weights: conditionals[index] as Record<string, number> } } : conditional)) }));
    modelled.push(span.text);
  }
  return { fields: result, modelled };
}
