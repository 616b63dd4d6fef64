/**
 * The Populations API's wire contract (spec 000/002/003 and DESIGN §1): request bodies and poll
 * bodies. One schema per concept, used by the server to validate, by the SDK to type, and by docs.
 */
import { z } from "zod";
import { BlueprintSchema } from "../engine/blueprint.ts";
import { DiversitySchema, MarginalSchema, PersonaSchema, PopulationResultSchema } from "../engine/persona.ts";
import { GROUNDING_LEVELS } from "../engine/ports.ts";

export const GroundingSchema = z.enum(GROUNDING_LEVELS);

/**
 * pydantic's lax integer: 5, 5.0 and "5" are 5; 5.5 and "five" are errors, worded as pydantic words
 * them. Booleans and null are not numbers. Kept lax so that clients written against the hosted API
 * keep working here. Any integral value is accepted, however large, so that a huge `count` is
 * "over the cap" (400), not a type error.
 */
export const LaxIntegerSchema = z
  .unknown()
  .transform((value, context) => {
    const fail = (type: string, message: string) => {
      context.addIssue({ code: "custom", message, params: { pydantic: type } });
      return z.NEVER;
    };
    let number = value;
    if (typeof value === "string") {
      if (!/^\s*[-+]?\d+(\.0*)?\s*$/.test(value)) return fail("int_parsing", "Input should be a valid integer, unable to parse string as an integer");
      number = Number(value);
    }
    if (typeof number !== "number" || !Number.isFinite(number)) return fail("int_type", "Input should be a valid integer");
    if (!Number.isInteger(number)) return fail("int_from_float", "Input should be a valid integer, got a number with a fractional part");
    return number;
  })
  .meta({ type: "integer" });

/** Dramatis extension: a 32-bit seed makes the result reproducible byte for byte. */
const SeedSchema = LaxIntegerSchema.pipe(z.number().min(-(2 ** 31)).max(2 ** 31 - 1))
  .optional()
  .meta({ description: "Dramatis extension: the same request with the same seed gives the same result.", minimum: -(2 ** 31), maximum: 2 ** 31 - 1 });

/** Not blank: pydantic counts characters; a prompt of spaces is as empty as "" to us. */
const nonBlank = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => text.trim().length > 0, { message: "String should have at least 1 character", params: { pydantic: "string_too_short" } });

export function generateRequestSchema(limits: { maxPromptChars: number }) {
  return z.object({
    prompt: nonBlank(limits.maxPromptChars).meta({ description: "Who to generate, in plain words.", examples: ["10 League of Legends players from around the globe"] }),
    count: LaxIntegerSchema.pipe(z.number().min(1))
      .default(1)
      .meta({ description: "How many personas (at least 1; over the server's cap: 400 VALIDATION_ERROR).", minimum: 1, default: 1 }),
    grounding: GroundingSchema.default("off").meta({ description: "off | web | research; offline, web and research fall back to built-in reference data and say so in blueprint.sources." }),
    /** Our extension: the same request with the same seed gives the same population. */
    seed: SeedSchema,
  });
}

export function enhanceRequestSchema(limits: { maxSketchChars: number }) {
  return z.object({
    persona: nonBlank(limits.maxSketchChars).meta({ description: "The persona sketch to deepen.", examples: ["Sam is a 30-year-old support main. Friendly. Plays Thresh."] }),
    grounding: GroundingSchema.default("off"),
    seed: SeedSchema,
  });
}

export const ValidateRequestSchema = z.object({
  personas: z.array(PersonaSchema.extend({ system_prompt: z.string(), markdown: z.string() })).min(1),
  /** Taken as the caller sent it (DESIGN §1): only "an object" is required; gates check what is declared. */
  blueprint: z.record(z.string(), z.unknown()).optional().nullable(),
});

export type GenerateRequest = z.infer<ReturnType<typeof generateRequestSchema>>;
export type EnhanceRequest = z.infer<ReturnType<typeof enhanceRequestSchema>>;
export type ValidateRequest = z.infer<typeof ValidateRequestSchema>;

export const JOB_STATUSES = ["pending", "running", "succeeded", "failed"] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const AcceptedSchema = z.object({ id: z.string(), status: z.literal("pending") });

export const ProgressSchema = z.object({
  phase: z.string(),
  produced: z.number().int(),
  total: z.number().int(),
});

/** Dramatis extension on polls: what the job's model calls cost; present only when a model was used. */
export const ModelUsageSchema = z.object({
  calls: z.number().int(),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  /** e.g. `openai:gpt-4.1-mini` (`… (writer …)` with a separate writer model). */
  model: z.string(),
});

export const PopulationPollSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  status: JobStatusSchema,
  progress: ProgressSchema.nullable().optional(),
  prompt: z.string().optional(),
  count: z.number().int().optional(),
  grounding: GroundingSchema.optional(),
  result: PopulationResultSchema.nullable().optional(),
  error: z.string().nullable().optional(),
  usage: ModelUsageSchema.optional(),
});

export const EnhancementPollSchema = z.object({
  id: z.string(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  status: JobStatusSchema,
  source: z.string().optional(),
  grounding: GroundingSchema.optional(),
  persona: PersonaSchema.nullable().optional(),
  error: z.string().nullable().optional(),
  usage: ModelUsageSchema.optional(),
});

export const GateResultSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  score: z.number().nullable(),
  detail: z.string(),
});

export const EvaluationReportSchema = z
  .object({
    passed: z.boolean(),
    gates: z.array(GateResultSchema),
    scorecards: z.array(z.object({ persona_id: z.string(), gates: z.array(GateResultSchema) }).passthrough()),
    diversity: DiversitySchema.optional(),
    marginals: z.array(MarginalSchema).optional(),
  })
  .passthrough();

export const EvaluationPollSchema = z.object({
  id: z.string(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  status: JobStatusSchema,
  progress: ProgressSchema.nullable().optional(),
  result: EvaluationReportSchema.nullable().optional(),
  error: z.string().nullable().optional(),
});

export const UsageSummarySchema = z.object({
  total_calls: z.number().int(),
  total_credits: z.number(),
  per_component: z.array(z.object({ component: z.string(), calls: z.number().int(), credits: z.number() })),
  daily_series: z.array(z.object({ date: z.string(), requests: z.number().int() })),
  /** Dramatis extension: model calls and tokens of the same 30 days, in all and per model. */
  model_usage: z
    .object({
      calls: z.number().int(),
      prompt_tokens: z.number().int(),
      completion_tokens: z.number().int(),
      per_model: z.array(ModelUsageSchema),
    })
    .optional(),
});

export const WhoamiSchema = z.object({ user_id: z.string() });

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })).optional(),
    trace_id: z.string().optional(),
  }),
});

export { BlueprintSchema, PersonaSchema };
export type PopulationPoll = z.infer<typeof PopulationPollSchema>;
export type EnhancementPoll = z.infer<typeof EnhancementPollSchema>;
export type EvaluationPoll = z.infer<typeof EvaluationPollSchema>;
export type EvaluationReport = z.infer<typeof EvaluationReportSchema>;
export type UsageSummary = z.infer<typeof UsageSummarySchema>;
export type ModelUsageReport = z.infer<typeof ModelUsageSchema>;
