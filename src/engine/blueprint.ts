/**
 * The blueprint: the field model a population is sampled from (spec 002, "The population").
 *
 * One schema, reused by the sampler, the validate endpoint, the SDK and the docs. We may add
 * optional keys (`label`, `formula`, `language`, `seed`, …) but never remove or rename the spec's.
 */
import { z } from "zod";
import { userRecord } from "./user-record.ts";

export const FIELD_KINDS = ["categorical", "numeric", "text", "derived"] as const;
export const CONSTRAINT_OPS = ["<", "<=", ">", ">=", "==", "!="] as const;

/** Category → weight. Weights need not sum to 1: they are normalised where used. */
export const CategoricalSpecSchema = z.object({
  weights: userRecord(z.string(), z.number()),
});

/** A truncated normal on [min, max]; `integer` rounds the draw. */
export const NumericSpecSchema = z.object({
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  sd: z.number().nonnegative(),
  integer: z.boolean().optional(),
  unit: z.string().optional(),
});

/** A parent cell (`{ "rank": "Bronze" }`) and the distribution that applies inside it. */
export const ConditionalSchema = z.object({
  when: userRecord(z.string(), z.string()),
  categorical: CategoricalSpecSchema.optional(),
  numeric: NumericSpecSchema.optional(),
});

export const FieldSchema = z.object({
  // A field's name becomes a key of every persona's fields; its values are hot per-persona objects
  // where `__proto__` would set the prototype instead of a value (categories and other user keys
  // keep the name: they are user records, see user-record.ts).
  name: z.string().min(1).refine((name) => name !== "__proto__", { message: "a field cannot be named __proto__: choose another name (a category or any other key may be)" }),
  kind: z.enum(FIELD_KINDS),
  description: z.string().optional(),
  label: z.string().optional(),
  parents: z.array(z.string()).default([]),
  categorical: CategoricalSpecSchema.optional(),
  numeric: NumericSpecSchema.optional(),
  ordered_values: z.array(z.string()).optional(),
  conditionals: z.array(ConditionalSchema).default([]),
  /** For `derived` fields: an arithmetic expression over other fields, e.g. `age - years_playing`. */
  formula: z.string().optional(),
});

/** `lhs op rhs`; each side is a field name, a number, or arithmetic over them (`age - years_playing`). */
export const ConstraintSchema = z.object({
  name: z.string().min(1),
  lhs: z.string().min(1),
  op: z.enum(CONSTRAINT_OPS),
  rhs: z.string().min(1),
});

export const BlueprintSchema = z.object({
  domain: z.string().min(1),
  /** What one member is called, in words ("League of Legends player"); the renderer's noun. */
  label: z.string().optional(),
  order: z.array(z.string()).default([]),
  fields: z.array(FieldSchema),
  constraints: z.array(ConstraintSchema).default([]),
  rationale: z.string().optional(),
  sources: z.array(z.string()).optional(),
  language: z.string().optional(),
  style_axes: z.array(z.string()).optional(),
  name_origins: userRecord(z.string(), z.string()).optional(),
  /** What the prompt asked for that the model could not represent (said, never silently dropped). */
  unmodelled: z.array(z.string()).optional(),
  /** What the model kept as asked though its data says it cannot be ("Surgeons aged 20"). */
  warnings: z.array(z.string()).optional(),
  seed: z.number().int().optional(),
});

export type CategoricalSpec = z.infer<typeof CategoricalSpecSchema>;
export type NumericSpec = z.infer<typeof NumericSpecSchema>;
export type Conditional = z.infer<typeof ConditionalSchema>;
export type Field = z.infer<typeof FieldSchema>;
export type FieldKind = (typeof FIELD_KINDS)[number];
export type Constraint = z.infer<typeof ConstraintSchema>;
export type ConstraintOp = (typeof CONSTRAINT_OPS)[number];
export type Blueprint = z.infer<typeof BlueprintSchema>;
