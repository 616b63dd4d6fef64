/**
 * What the Populations parts ask a model to answer, as zod schemas, and how an answer becomes the
 * engine's types. The wire shapes suit OpenAI's strict structured outputs: no records (weights are
 * `[{value, weight}]` lists), every key required (absent is `null`), no numeric or length bounds (we
 * check those ourselves and say what is wrong, which a model can act on).
 */
import { z } from "zod";
import { BlueprintSchema, CONSTRAINT_OPS, type Blueprint } from "../../engine/blueprint.ts";
import { dependenciesOf, type BlueprintInput, type FieldInput } from "../../engine/blueprint-check.ts";

const WeightedValueWire = z.object({ value: z.string(), weight: z.number() });

const NumericWire = z.object({
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  sd: z.number(),
  integer: z.boolean(),
  unit: z.string().nullable(),
});

const ConditionalWire = z.object({
  when: z.array(z.object({ field: z.string(), value: z.string() })),
  categories: z.array(WeightedValueWire).nullable(),
  numeric: NumericWire.nullable(),
});

export const WIRE_FIELD_KINDS = ["categorical", "numeric", "text"] as const;

const FieldWire = z.object({
  name: z.string(),
  kind: z.enum(WIRE_FIELD_KINDS),
  label: z.string(),
  description: z.string(),
  parents: z.array(z.string()),
  categories: z.array(WeightedValueWire).nullable(),
  ordered_values: z.array(z.string()).nullable(),
  numeric: NumericWire.nullable(),
  conditionals: z.array(ConditionalWire),
});

export const BlueprintWireSchema = z.object({
  domain: z.string(),
  label: z.string(),
  fields: z.array(FieldWire),
  order: z.array(z.string()),
  constraints: z.array(z.object({ name: z.string(), lhs: z.string(), op: z.enum(CONSTRAINT_OPS), rhs: z.string() })),
  rationale: z.string(),
});
export type BlueprintWire = z.infer<typeof BlueprintWireSchema>;

/** The attribute kinds a prompt can fix that a blueprint must then honour. */
export const FIXED_ATTRIBUTE_KINDS = ["place", "age", "gender", "era", "condition", "platform"] as const;
export type FixedAttributeKind = (typeof FIXED_ATTRIBUTE_KINDS)[number];

export const FixedAttributesWireSchema = z.object({
  attributes: z.array(
    z.object({
      kind: z.enum(FIXED_ATTRIBUTE_KINDS),
      /** The prompt's own words that fix it ("in New Zealand"). */
      quote: z.string(),
      /** The only values it allows ("New Zealand"); empty for a pure numeric range. */
      values: z.array(z.string()),
      min: z.number().nullable(),
      max: z.number().nullable(),
      unit: z.string().nullable(),
    }),
  ),
});
export type FixedAttribute = z.infer<typeof FixedAttributesWireSchema>["attributes"][number];

export const QueryPlanWireSchema = z.object({ queries: z.array(z.string()) });

export const EnhancedPersonaWireSchema = z.object({
  /** What the person is, in a few words ("retired ferry captain"), the renderer's noun. */
  label: z.string(),
  fields: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(WIRE_FIELD_KINDS),
      value: z.string(),
      description: z.string(),
      unit: z.string().nullable(),
    }),
  ),
});
export type EnhancedPersonaWire = z.infer<typeof EnhancedPersonaWireSchema>;

/** The writer's answer for a batch: one entry per persona, matched by `index`, texts keyed by field. */
export function writtenBatchSchema(textFields: readonly string[]) {
  const texts = z.object(Object.fromEntries(textFields.map((name) => [name, z.string()])));
  return z.object({ personas: z.array(z.object({ index: z.number(), texts })) });
}
export type WrittenBatch = { personas: Array<{ index: number; texts: Record<string, string> }> };

/** Field names that hold a person's name (the renderer's list), most specific first. */
export const NAME_FIELD_NAMES = ["name", "full_name", "display_name", "character_name", "persona_name", "nickname", "handle"] as const;

/** The text fields every LLM population carries, whatever the model designs. */
export const STANDARD_TEXT_FIELDS: readonly FieldInput[] = [
  { name: "name", kind: "text", label: "Name", description: "full name, fitting the person's place, era, gender and birth cohort", parents: [], conditionals: [] },
  {
    name: "voice",
    kind: "text",
    label: "Voice",
    description: "how this person speaks (register, dialect, vocabulary, verbal habits), what they know and care about, and their daily reality",
    parents: [],
    conditionals: [],
  },
];

function weightsOf(entries: ReadonlyArray<{ value: string; weight: number }>, path: string, problems: string[]): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const { value, weight } of entries) {
    const key = value.trim();
    if (key === "") problems.push(`${path}: a category has an empty value`);
    else if (Object.hasOwn(weights, key)) problems.push(`${path}: category '${key}' is listed twice`);
    else weights[key] = weight;
  }
  return weights;
}

function numericOf(wire: z.infer<typeof NumericWire>) {
  return { min: wire.min, max: wire.max, mean: wire.mean, sd: wire.sd, integer: wire.integer, ...(wire.unit?.trim() ? { unit: wire.unit.trim() } : {}) };
}

/**
 * Every field once, each after what it depends on, keeping the given order where it already
 * works; undefined when the dependencies have a cycle (the checker then names it).
 */
export function dependencyOrder(fields: readonly FieldInput[], preferred: readonly string[]): string[] | undefined {
  const names = fields.map((field) => field.name);
  const byName = new Map(fields.map((field) => [field.name, field]));
  const ranked = [...preferred.filter((name, position) => byName.has(name) && preferred.indexOf(name) === position), ...names.filter((name) => !preferred.includes(name))];
  const placed = new Set<string>();
  const order: string[] = [];
  while (order.length < byName.size) {
    const next = ranked.find((name) => !placed.has(name) && dependenciesOf(byName.get(name) as FieldInput).every((dependency) => placed.has(dependency) || !byName.has(dependency)));
    if (next === undefined) return undefined;
    placed.add(next);
    order.push(next);
  }
  return order;
}

export interface ConvertedBlueprint {
  /** Undefined when the answer could not even be read as a blueprint. */
  blueprint?: Blueprint;
  /** What is wrong beyond what the engine's checker finds, worded for the model. */
  problems: string[];
}

/**
 * A model's blueprint answer → the engine's blueprint: lists become weight maps, absent values are
 * dropped, `order` is derived from the dependencies when the model's does not work, and the standard
 * text fields (`name`, `voice`) are added when missing. `sources` is left to the caller: it comes
 * from the evidence we retrieved, never from the model.
 */
export function blueprintFromWire(wire: BlueprintWire): ConvertedBlueprint {
  const problems: string[] = [];
  const fields: FieldInput[] = wire.fields.map((field, index) => {
    const path = `fields[${index}] '${field.name}'`;
    const converted: FieldInput = {
      name: field.name.trim(),
      kind: field.kind,
      ...(field.label.trim() ? { label: field.label.trim() } : {}),
      ...(field.description.trim() ? { description: field.description.trim() } : {}),
      parents: field.parents.map((parent) => parent.trim()),
      conditionals: field.conditionals.map((conditional, conditionalIndex) => {
        const when: Record<string, string> = {};
        for (const { field: parent, value } of conditional.when) {
          if (Object.hasOwn(when, parent)) problems.push(`${path}.conditionals[${conditionalIndex}].when names '${parent}' twice`);
          when[parent.trim()] = value;
        }
        return {
          when,
          ...(conditional.categories ? { categorical: { weights: weightsOf(conditional.categories, `${path}.conditionals[${conditionalIndex}]`, problems) } } : {}),
          ...(conditional.numeric ? { numeric: numericOf(conditional.numeric) } : {}),
        };
      }),
    };
    if (field.kind === "categorical" && field.categories) converted.categorical = { weights: weightsOf(field.categories, path, problems) };
    if (field.kind === "numeric" && field.numeric) converted.numeric = numericOf(field.numeric);
    if (field.kind === "categorical" && field.ordered_values) converted.ordered_values = field.ordered_values;
    if (field.kind !== "text" && (NAME_FIELD_NAMES as readonly string[]).includes(converted.name)) {
      problems.push(`${path}: a person's name must be a text field (kind "text"), written per persona`);
    }
    return converted;
  });
  const declared = new Set(fields.map((field) => field.name));
  const hasName = fields.some((field) => (NAME_FIELD_NAMES as readonly string[]).includes(field.name));
  for (const standard of STANDARD_TEXT_FIELDS) {
    if (declared.has(standard.name) || (standard.name === "name" && hasName)) continue;
    fields.push({ ...standard });
  }
  const order = dependencyOrder(fields, wire.order) ?? wire.order;
  const candidate: BlueprintInput = {
    domain: wire.domain.trim(),
    ...(wire.label.trim() ? { label: wire.label.trim() } : {}),
    order,
    fields,
    constraints: wire.constraints.map((constraint) => ({ name: constraint.name.trim(), lhs: constraint.lhs.trim(), op: constraint.op, rhs: constraint.rhs.trim() })),
    ...(wire.rationale.trim() ? { rationale: wire.rationale.trim() } : {}),
  };
  const parsed = BlueprintSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join(".") || "(blueprint)"}: ${issue.message}`);
    return { problems };
  }
  return { blueprint: parsed.data, problems };
}
