/**
 * Whether a blueprint honours what its prompt fixes. "Dairy farmers in New Zealand aged 30–50" must
 * give a population that is all in New Zealand and all 30 to 50: a categorical field whose every
 * category is the fixed value, a numeric field whose every distribution lies within the fixed range,
 * or constraints that bound it. A model lists the fixed attributes (a cheap call); this check is
 * ours, deterministic, and its findings go back to the modeller word for word.
 */
import { declaredCategories, type BlueprintInput, type FieldInput } from "../../engine/blueprint-check.ts";
import type { NumericSpec } from "../../engine/blueprint.ts";
import type { FixedAttribute } from "./wire-schemas.ts";
import { containsWords, foldText } from "./text-matching.ts";

/** The words a model may use for a gender category; a fixed "women" is honoured by "female". */
const GENDER_WORDS: Record<string, string> = {
  f: "female", female: "female", females: "female", woman: "female", women: "female", girl: "female", girls: "female", mother: "female", mothers: "female",
  m: "male", male: "male", males: "male", man: "male", men: "male", boy: "male", boys: "male", father: "male", fathers: "male",
};

function canonical(kind: FixedAttribute["kind"], text: string): string {
  const folded = foldText(text);
  return kind === "gender" ? (GENDER_WORDS[folded] ?? folded) : folded;
}

/** A category honours a fixed value when it names it (it may be more specific: "rural New Zealand"). */
function categoryHonours(kind: FixedAttribute["kind"], category: string, values: readonly string[]): boolean {
  return values.some((value) => canonical(kind, category) === canonical(kind, value) || containsWords(category, value));
}

function isAgeField(field: FieldInput): boolean {
  return /(^|_)age($|_)/i.test(field.name) || /\bage\b/i.test(field.label ?? "");
}

/** Numeric fields that could carry the attribute: age fields for an age, else any field speaking of its unit or kind. */
function candidateNumericFields(attribute: FixedAttribute, fields: readonly FieldInput[]): FieldInput[] {
  const numeric = fields.filter((field) => field.kind === "numeric");
  if (attribute.kind === "age") return numeric.filter(isAgeField);
  const words = [attribute.kind, ...(attribute.unit ? [attribute.unit] : []), ...(attribute.kind === "era" ? ["year"] : [])].map(foldText);
  return numeric.filter((field) => {
    const about = foldText([field.name.replace(/_/g, " "), field.label ?? "", field.description ?? "", field.numeric?.unit ?? ""].join(" "));
    return words.some((word) => word !== "" && ` ${about} `.match(new RegExp(` ${word}s? `)) !== null);
  });
}

function specsOf(field: FieldInput): NumericSpec[] {
  return [field.numeric, ...(field.conditionals ?? []).map((conditional) => conditional.numeric)].filter((spec): spec is NumericSpec => spec !== undefined);
}

/** The tightest bounds the blueprint's constraints put on `field` alone (`age >= 30`, `65 <= age`). */
function constraintBounds(blueprint: BlueprintInput, field: string): { low?: number; high?: number } {
  const bounds: { low?: number; high?: number } = {};
  for (const constraint of blueprint.constraints ?? []) {
    const lhs = constraint.lhs.trim();
    const rhs = constraint.rhs.trim();
    const flipped = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=" } as const;
    const [op, number] =
      lhs === field && /^-?\d+(\.\d+)?$/.test(rhs) ? [constraint.op, Number(rhs)] : rhs === field && /^-?\d+(\.\d+)?$/.test(lhs) ? [flipped[constraint.op], Number(lhs)] : [undefined, NaN];
    if (op === ">=" || op === ">" || op === "==") bounds.low = Math.max(bounds.low ?? -Infinity, number);
    if (op === "<=" || op === "<" || op === "==") bounds.high = Math.min(bounds.high ?? Infinity, number);
  }
  return bounds;
}

function rangeHonoured(blueprint: BlueprintInput, field: FieldInput, attribute: FixedAttribute): boolean {
  const specs = specsOf(field);
  if (specs.length === 0) return false;
  const low = Math.min(...specs.map((spec) => spec.min));
  const high = Math.max(...specs.map((spec) => spec.max));
  const constrained = constraintBounds(blueprint, field.name);
  const effectiveLow = Math.max(low, constrained.low ?? -Infinity);
  const effectiveHigh = Math.min(high, constrained.high ?? Infinity);
  const tolerance = 1e-9;
  return (attribute.min === null || effectiveLow >= attribute.min - tolerance) && (attribute.max === null || effectiveHigh <= attribute.max + tolerance);
}

function describeRange(attribute: FixedAttribute): string {
  const unit = attribute.unit ? ` ${attribute.unit}` : "";
  if (attribute.min !== null && attribute.max !== null) return `${attribute.min} to ${attribute.max}${unit}`;
  if (attribute.min !== null) return `at least ${attribute.min}${unit}`;
  return `at most ${attribute.max}${unit}`;
}

/** Keeps the attributes a prompt really states: a quote that is not in the prompt is the model's invention. */
export function statedAttributes(prompt: string, attributes: readonly FixedAttribute[]): FixedAttribute[] {
  return attributes.filter((attribute) => {
    const hasContent = attribute.values.some((value) => value.trim() !== "") || attribute.min !== null || attribute.max !== null;
    return hasContent && (attribute.quote.trim() === "" || containsWords(prompt, attribute.quote));
  });
}

/**
 * What the blueprint fails to honour, one sentence per attribute, worded as an instruction the
 * modeller can follow. Empty when every fixed attribute is honoured.
 */
export function fixedAttributeGaps(blueprint: BlueprintInput, attributes: readonly FixedAttribute[]): string[] {
  const fields = blueprint.fields ?? [];
  const gaps: string[] = [];
  for (const attribute of attributes) {
    const values = attribute.values.map((value) => value.trim()).filter((value) => value !== "");
    const hasRange = attribute.min !== null || attribute.max !== null;
    const byCategory =
      values.length > 0 &&
      fields.some((field) => {
        if (field.kind !== "categorical") return false;
        const categories = declaredCategories(field);
        return categories.length > 0 && categories.every((category) => categoryHonours(attribute.kind, category, values));
      });
    const byRange = hasRange && candidateNumericFields(attribute, fields).some((field) => rangeHonoured(blueprint, field, attribute));
    if (byCategory || byRange) continue;
    const source = attribute.quote.trim() ? ` (the prompt says "${attribute.quote.trim()}")` : "";
    const fixes: string[] = [];
    if (values.length > 0) {
      fixes.push(`a categorical field (e.g. '${suggestedField(attribute.kind)}') whose only categor${values.length === 1 ? "y is" : "ies are"} ${values.map((value) => `'${value}'`).join(", ")}`);
    }
    if (hasRange) {
      const name = attribute.kind === "age" ? "age" : suggestedField(attribute.kind);
      fixes.push(`a numeric field '${name}' whose min and max (in every conditional too) lie within ${describeRange(attribute)}, or constraints bounding it`);
    }
    const what = [values.length > 0 ? values.join(" / ") : "", hasRange ? describeRange(attribute) : ""].filter(Boolean).join(", ");
    gaps.push(`the prompt fixes ${attribute.kind} = ${what}${source}, but no field holds every persona to it: add ${fixes.join(", or ")}`);
  }
  return gaps;
}

function suggestedField(kind: FixedAttribute["kind"]): string {
  return { place: "country", age: "age", gender: "gender", era: "era", condition: "condition", platform: "platform" }[kind];
}
