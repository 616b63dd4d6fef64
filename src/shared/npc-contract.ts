/**
 * The NPC API's wire contract (spec 004, DESIGN §6, Foil Engine's SDK v0.4.0 models): request query
 * strings, bodies and headers, and the responses, as zod schemas. One schema per concept, used by
 * the server to validate what comes in and to type what goes out, and by docs and clients.
 *
 * Response field names are the ones Foil's SDK reads (`ChatResponse`, `ChatStreamMetadata`,
 * `SessionStatus`, `ChatHistory`, `ResetResult`, `Persona`, `MachineInfo`, `ValidateLlmKeyResult`);
 * a few keys of ours ride along where they harm no client (an SDK ignores keys it does not know).
 */
import { z } from "zod";
import { LaxIntegerSchema } from "./contract.ts";

// ---------------------------------------------------------------------------------------------
// Requests

const UserSessionId = z.string().trim().min(1).max(200);
const OptionalMachineId = z.string().max(200).optional();

/** What pydantic reads as a boolean in a query string, case-insensitively (FastAPI clients send `True`). */
const TRUE_WORDS = new Set(["true", "t", "yes", "y", "on", "1"]);
const FALSE_WORDS = new Set(["false", "f", "no", "n", "off", "0"]);

const QueryBoolean = z.string().transform((value, context) => {
  const folded = value.toLowerCase();
  if (TRUE_WORDS.has(folded)) return true;
  if (FALSE_WORDS.has(folded)) return false;
  context.addIssue({ code: "custom", message: "Input should be a valid boolean, unable to interpret input", params: { pydantic: "bool_parsing" } });
  return z.NEVER;
});

/** A query-string integer read as pydantic reads one: `limit=abc` and `limit=` are `int_parsing`. */
const queryInteger = (minimum: number, maximum: number) => LaxIntegerSchema.pipe(z.number().min(minimum).max(maximum));

export const MAX_CHAT_MESSAGE_CHARS = 4000;

export const PersonaListQuery = z.object({
  /** Absent is not the same as `true`: with `my_personas=true`, only an explicit `public_only=true` hides drafts. */
  public_only: QueryBoolean.optional(),
  my_personas: QueryBoolean.default(false),
  limit: queryInteger(1, 100).default(20),
});

/** The most personas one page of `GET /api/v1/sdk/personas` holds (the default page is all of them up to this). */
export const SDK_PERSONA_PAGE_MAX = 1000;

export const SdkPersonaListQuery = z.object({
  limit: queryInteger(1, SDK_PERSONA_PAGE_MAX).default(SDK_PERSONA_PAGE_MAX),
  offset: queryInteger(0, Number.MAX_SAFE_INTEGER).default(0),
});

export const PlayerQuery = z.object({ user_session_id: UserSessionId });
export const PlayerMachineQuery = z.object({ user_session_id: UserSessionId, machine_id: OptionalMachineId });
export const MachineQuery = z.object({ machine_id: OptionalMachineId });
export const SaveQuery = z.object({ persona_id: z.string().optional() });
export const PublishQuery = z.object({ persona_id: z.string().min(1) });

export const InitSessionBody = z.object({
  user_session_id: UserSessionId,
  player_name: z.string().max(200).nullish(),
  player_gender: z.string().max(100).nullish(),
  /** The SDK surface may name the machine in the body instead of the query. */
  machine_id: OptionalMachineId,
});

export const MessageBody = z.object({
  message: z.string().min(1).max(MAX_CHAT_MESSAGE_CHARS),
  user_session_id: UserSessionId,
  machine_id: OptionalMachineId,
});

/** The SDK's reset takes `user_session_id` (and optionally `machine_id`) from the query or the body. */
export const ResetInput = z.object({ user_session_id: UserSessionId, machine_id: OptionalMachineId });

/** A string matching `pattern`, refused in pydantic's words when it does not. */
const matching = (pattern: RegExp, shown: string, maxChars: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(maxChars)
    .refine((text) => pattern.test(text), { message: `String should match pattern '${shown}'`, params: { pydantic: "string_pattern_mismatch" } });

/** A model name as LiteLLM and the providers write them (`gpt-4o`, `anthropic/claude-3-5-sonnet`, `llama3.1:8b`). */
export const ModelName = matching(/^[A-Za-z0-9._:/@+-]+$/, "^[A-Za-z0-9._:/@+-]+$", 200);

/** A provider key: printable ASCII without spaces (it goes into an HTTP header upstream). */
export const LlmApiKey = matching(/^[\x21-\x7e]+$/, "^[\\x21-\\x7e]+$", 500);

export const ValidateLlmKeyBody = z.object({ model: ModelName.nullish() });

/**
 * Foil's bring-your-own-key headers (lower-cased, as Node gives them). `eval` is the judge,
 * `response` the reply writer, `summarization` the extractor; unset parts use the plain ones.
 */
export const LLM_HEADERS = {
  apiKey: "x-llm-api-key",
  model: "x-llm-model",
  evalModel: "x-llm-eval-model",
  evalApiKey: "x-llm-eval-api-key",
  responseModel: "x-llm-response-model",
  responseApiKey: "x-llm-response-api-key",
  summarizationModel: "x-llm-summarization-model",
  summarizationApiKey: "x-llm-summarization-api-key",
} as const;

export const LlmHeaders = z.object({
  [LLM_HEADERS.apiKey]: LlmApiKey.optional(),
  [LLM_HEADERS.model]: ModelName.optional(),
  [LLM_HEADERS.evalModel]: ModelName.optional(),
  [LLM_HEADERS.evalApiKey]: LlmApiKey.optional(),
  [LLM_HEADERS.responseModel]: ModelName.optional(),
  [LLM_HEADERS.responseApiKey]: LlmApiKey.optional(),
  [LLM_HEADERS.summarizationModel]: ModelName.optional(),
  [LLM_HEADERS.summarizationApiKey]: LlmApiKey.optional(),
});

export const CreateApiKeyBody = z.object({ name: z.string().trim().min(1).max(200).default("default") });

export const MIGRATE_CONFLICT_RULES = ["fail", "skip"] as const;

export const MigrateProgressBody = z.object({
  /** The player's handle to move progress away from (Foil: the anonymous session). */
  old_session_id: UserSessionId,
  /** Where it goes; default: the caller's account id (Foil: "the authenticated user's account"). */
  new_session_id: UserSessionId.optional(),
  /** Only this persona (default: every persona of the caller's). */
  persona_id: z.string().optional(),
  /** When the target already has play data on a persona: `fail` (409, nothing moved) or `skip` that persona. */
  on_conflict: z.enum(MIGRATE_CONFLICT_RULES).default("fail"),
});

// ---------------------------------------------------------------------------------------------
// Responses

const Timestamp = z.string();

export const PersonaSummarySchema = z.object({ id: z.string(), name: z.string(), description: z.string(), is_public: z.boolean(), created_at: Timestamp });

/** Foil's SDK `Persona`: the list entry plus `updated_at`. */
export const SdkPersonaSchema = PersonaSummarySchema.extend({ updated_at: Timestamp });

export const PersonaDetailSchema = PersonaSummarySchema.extend({
  persona_identity_prompt: z.string(),
  user_id: z.string(),
  updated_at: Timestamp,
  perplexity_description: z.string().optional(),
});

export const InitSessionResponseSchema = z.object({
  message: z.string(),
  session_id: z.string(),
  user_session_id: z.string(),
  persona_name: z.string(),
  persona_description: z.string(),
  player_name: z.string().nullable(),
  player_gender: z.string().nullable(),
  machine_id: z.string(),
});

export const UnlockedMachineSchema = z.object({ machine_id: z.string(), machine_key: z.string(), name: z.string(), is_auto_advance: z.boolean() });

/** The state of a turn, as `ChatResponse` and `ChatStreamMetadata` both carry it. */
export const TurnStateSchema = z.object({
  current_state: z.string(),
  score: z.number(),
  outcome: z.string().nullable(),
  decision: z.string().nullable(),
  follow_up: z.boolean(),
  session_id: z.string(),
  scoring_mode: z.string(),
  redirect_count: z.number(),
  machine_completed: z.boolean(),
  unlocked_machines: z.array(UnlockedMachineSchema),
});

export const MessageResponseSchema = TurnStateSchema.extend({ message: z.string() });

/** The stream's first event: the whole turn's state before any text, plus where it was played. */
export const StreamMetadataSchema = TurnStateSchema.extend({
  persona_id: z.string(),
  user_session_id: z.string(),
  machine_id: z.string(),
  machine_key: z.string(),
});

export const SessionStatusSchema = z.object({
  session_id: z.string(),
  persona_id: z.string(),
  machine_id: z.string(),
  machine_key: z.string(),
  user_session_id: z.string(),
  player_name: z.string().nullable(),
  player_gender: z.string().nullable(),
  current_state: z.string(),
  score: z.number(),
  outcome: z.string().nullable(),
  machine_completed: z.boolean(),
  scoring_mode: z.string(),
  redirect_count: z.number(),
  turn: z.number(),
  variables: z.record(z.string(), z.unknown()),
  started_at: Timestamp,
  last_message_at: Timestamp,
  /** Earlier names of the two times, kept for clients written against them. */
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const HistoryMessageSchema = z.object({
  id: z.string(),
  role: z.string(),
  content: z.string(),
  state_key_at_time: z.string().nullable(),
  score_at_time: z.number().nullable(),
  decision: z.string().nullable(),
  follow_up_triggered: z.boolean(),
  created_at: Timestamp,
});

/** Foil's `ChatHistory`: the session's summary beside its messages (nulls, score 0, before any session). */
export const ChatHistorySchema = z.object({
  session_id: z.string().nullable(),
  persona_id: z.string(),
  machine_id: z.string(),
  current_state: z.string().nullable(),
  score: z.number(),
  outcome: z.string().nullable(),
  player_name: z.string().nullable(),
  player_gender: z.string().nullable(),
  started_at: Timestamp.nullable(),
  last_message_at: Timestamp.nullable(),
  messages: z.array(HistoryMessageSchema),
});

/** Foil's `ResetResult` (`session_id`, `message`), with what exactly was reset. */
export const ResetResultSchema = z.object({
  session_id: z.string().nullable(),
  message: z.string(),
  persona_id: z.string(),
  user_session_id: z.string(),
  machine_id: z.string().nullable(),
  reset: z.literal(true),
  sessions_deleted: z.number(),
});

/** `DELETE /api/v1/personas/{id}/progress`: the whole player on the persona. */
export const ProgressResetSchema = z.object({ persona_id: z.string(), user_session_id: z.string(), reset: z.literal(true), sessions_deleted: z.number() });

export const MachineInfoSchema = z.object({
  machine_id: z.string(),
  machine_key: z.string(),
  name: z.string(),
  description: z.string(),
  has_session: z.boolean(),
  session_outcome: z.string().nullable(),
  is_linked: z.boolean(),
});

export const ValidateLlmKeyResultSchema = z.object({ valid: z.boolean(), model: z.string().nullable(), error: z.string().nullable() });

export const ApiKeyCreatedSchema = z.object({ id: z.string(), name: z.string(), key: z.string(), key_prefix: z.string(), created_at: Timestamp });

export const MeSchema = z.object({ id: z.string(), email: z.string().nullable(), display_name: z.string(), created_at: Timestamp });

export const MigrateProgressResultSchema = z.object({
  old_session_id: z.string(),
  new_session_id: z.string(),
  migrated: z.array(z.object({ persona_id: z.string(), sessions: z.number(), messages: z.number(), events: z.number() })),
  skipped: z.array(z.object({ persona_id: z.string(), reason: z.string() })),
});

/** What offline play of a saved persona cannot decide sensibly (shaped like a validation detail; never refuses a save). */
export const SaveWarningSchema = z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() });

export type PersonaSummary = z.infer<typeof PersonaSummarySchema>;
export type SdkPersona = z.infer<typeof SdkPersonaSchema>;
export type PersonaDetail = z.infer<typeof PersonaDetailSchema>;
export type InitSessionResponse = z.infer<typeof InitSessionResponseSchema>;
export type UnlockedMachineView = z.infer<typeof UnlockedMachineSchema>;
export type MessageResponse = z.infer<typeof MessageResponseSchema>;
export type StreamMetadata = z.infer<typeof StreamMetadataSchema>;
export type SessionStatus = z.infer<typeof SessionStatusSchema>;
export type HistoryMessage = z.infer<typeof HistoryMessageSchema>;
export type ChatHistory = z.infer<typeof ChatHistorySchema>;
export type ResetResult = z.infer<typeof ResetResultSchema>;
export type ProgressReset = z.infer<typeof ProgressResetSchema>;
export type MachineInfo = z.infer<typeof MachineInfoSchema>;
export type ValidateLlmKeyResult = z.infer<typeof ValidateLlmKeyResultSchema>;
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;
export type Me = z.infer<typeof MeSchema>;
export type MigrateProgressResult = z.infer<typeof MigrateProgressResultSchema>;
export type MigrateConflictRule = (typeof MIGRATE_CONFLICT_RULES)[number];
