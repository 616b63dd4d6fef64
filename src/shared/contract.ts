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
    /**
     * Dramatis extension (the studio's "edit the weights, re-sample with the same seed"): sample this
     * blueprint instead of designing one. Checked strictly before the job is accepted; a blueprint
     * the checker refuses is a 422 naming each problem under `blueprint`.
     */
    blueprint: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({
        description:
          "Dramatis extension: a `Blueprint` to sample (e.g. an earlier population's `result.blueprint`, edited) instead of designing one; `prompt` still labels the population and guides the texts. Checked strictly (422 with the checker's messages).",
      }),
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
export type PopulationListQuery = z.infer<typeof PopulationListQuerySchema>;
export type InterviewRequest = z.infer<typeof InterviewRequestSchema>;
export type InterviewMessage = z.infer<typeof InterviewMessageSchema>;
export type AskPanelRequest = z.infer<typeof AskPanelRequestSchema>;
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

/** Dramatis extension: the caller's credits now. */
export const BalanceSchema = z.object({ account_id: z.string(), balance: z.number().int() });

// ── The studio's routes (Dramatis extensions, additive) ──────────────────────────────────────────

export const POPULATION_LIST_DEFAULT_LIMIT = 20;
export const POPULATION_LIST_MAX_LIMIT = 100;

/** `GET /v1/personas/repositories/Population?limit=&cursor=`: the caller's populations, newest first. */
export const PopulationListQuerySchema = z.object({
  limit: LaxIntegerSchema.pipe(z.number().min(1).max(POPULATION_LIST_MAX_LIMIT))
    .default(POPULATION_LIST_DEFAULT_LIMIT)
    .meta({ description: `Populations per page (default ${POPULATION_LIST_DEFAULT_LIMIT}).`, minimum: 1, maximum: POPULATION_LIST_MAX_LIMIT, default: POPULATION_LIST_DEFAULT_LIMIT }),
  cursor: z.string().min(1).max(200).optional().meta({ description: "The `next_cursor` of the previous page (opaque)." }),
});

/** A population as the history lists it: never its result (a list of big populations stays cheap). */
export const PopulationSummarySchema = z.object({
  id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  status: JobStatusSchema,
  prompt: z.string(),
  count: z.number().int(),
  grounding: GroundingSchema,
  progress: ProgressSchema,
  /** Additive: the population's seed, to re-sample it. */
  seed: z.number().int(),
  /** Additive: the failure category of a failed population, else null. */
  error: z.string().nullable(),
});

export const PopulationListSchema = z.object({
  items: z.array(PopulationSummarySchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: z.string().nullable(),
});

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A population's id in a body: a UUID, worded as pydantic words a bad one. */
const PopulationIdSchema = z
  .string()
  .refine((id) => UUID_PATTERN.test(id), { message: "Input should be a valid UUID", params: { pydantic: "uuid_parsing" } })
  .meta({ description: "The population's id.", format: "uuid" });

const PersonaIdSchema = z.string().min(1).max(32).meta({ description: "A persona's id in the population, e.g. `p0001`.", examples: ["p0001"] });

/** Refuses repeats in a list of strings (case-insensitive), naming each repeat where it is. */
function distinct(what: string) {
  return (values: readonly string[], context: z.RefinementCtx) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      const key = value.trim().toLowerCase();
      if (seen.has(key)) context.addIssue({ code: "custom", path: [index], message: `${what} '${value}' is given twice`, params: { pydantic: "value_error" } });
      seen.add(key);
    });
  };
}

export const INTERVIEW_MAX_MESSAGES = 40;
export const INTERVIEW_MAX_MESSAGE_CHARS = 4_000;
export const INTERVIEW_ROLES = ["user", "persona"] as const;

export const InterviewMessageSchema = z.object({
  role: z.enum(INTERVIEW_ROLES),
  content: nonBlank(INTERVIEW_MAX_MESSAGE_CHARS),
});

/** `POST /v1/personas/actions/interview`: the conversation so far, ending with the user's message. */
export const InterviewRequestSchema = z.object({
  population_id: PopulationIdSchema,
  persona_id: PersonaIdSchema,
  messages: z
    .array(InterviewMessageSchema)
    .min(1)
    .max(INTERVIEW_MAX_MESSAGES)
    .superRefine((messages, context) => {
      const last = messages.at(-1);
      if (last && last.role !== "user") {
        context.addIssue({ code: "custom", path: [messages.length - 1, "role"], message: "The last message should be the user's: the persona answers it", params: { pydantic: "value_error" } });
      }
    })
    .meta({ description: `The conversation, oldest first (at most ${INTERVIEW_MAX_MESSAGES} messages of at most ${INTERVIEW_MAX_MESSAGE_CHARS} characters); the last is the user's.` }),
});

export const InterviewResponseSchema = z.object({
  message: z.string(),
  usage: ModelUsageSchema.optional(),
});

export const PANEL_MIN_CHOICES = 2;
export const PANEL_MAX_CHOICES = 12;
export const PANEL_MAX_QUESTION_CHARS = 2_000;
export const PANEL_MAX_CHOICE_CHARS = 200;

/** `POST /v1/personas/actions/ask-panel`: one question to every persona of a population (or those named). */
export const AskPanelRequestSchema = z.object({
  population_id: PopulationIdSchema,
  question: nonBlank(PANEL_MAX_QUESTION_CHARS).meta({ description: "The question, in plain words.", examples: ["Would you pay $5 a month for an ad-free version?"] }),
  choices: z
    .array(nonBlank(PANEL_MAX_CHOICE_CHARS))
    .min(PANEL_MIN_CHOICES)
    .max(PANEL_MAX_CHOICES)
    .superRefine(distinct("choice"))
    .optional()
    .meta({ description: `Multiple choice: ${PANEL_MIN_CHOICES} to ${PANEL_MAX_CHOICES} options; each answer picks exactly one. Omit for free text.` }),
  persona_ids: z
    .array(PersonaIdSchema)
    .min(1)
    .superRefine(distinct("persona id"))
    .optional()
    .meta({ description: "Ask only these personas (default: all of the population)." }),
});

export const PanelAnswerSchema = z.object({
  persona_id: z.string(),
  /** What the persona says, in the first person. */
  answer: z.string(),
  /** One of `choices` for a multiple-choice question; null for free text. */
  choice: z.string().nullable(),
  /** Why this persona answers so, from who they are. */
  reason: z.string(),
});

export const PanelSurveyResultSchema = z.object({
  answers: z.array(PanelAnswerSchema),
  /** Multiple choice only: choice → how many picked it (every choice listed). */
  tallies: z.record(z.string(), z.number().int()).optional(),
  /** Multiple choice: categorical field → its value → choice → count (empty for free text). */
  breakdowns: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.number().int()))),
  warning: z.string(),
});

export const PanelSurveyPollSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  status: JobStatusSchema,
  progress: ProgressSchema,
  population_id: z.string(),
  question: z.string(),
  choices: z.array(z.string()).nullable(),
  result: PanelSurveyResultSchema.nullable(),
  error: z.string().nullable(),
  usage: ModelUsageSchema.optional(),
});

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
export type Balance = z.infer<typeof BalanceSchema>;
export type PopulationSummary = z.infer<typeof PopulationSummarySchema>;
export type PopulationList = z.infer<typeof PopulationListSchema>;
export type InterviewResponse = z.infer<typeof InterviewResponseSchema>;
export type PanelAnswer = z.infer<typeof PanelAnswerSchema>;
export type PanelSurveyResult = z.infer<typeof PanelSurveyResultSchema>;
export type PanelSurveyPoll = z.infer<typeof PanelSurveyPollSchema>;
