/**
 * The OpenAPI 3 document, built from the same zod schemas the server validates with (one schema
 * per concept: DESIGN §2), served at `/openapi.json` and browsable at `/docs`.
 */
import { z } from "zod";
import type { Config } from "../config.ts";
import {
  AcceptedSchema,
  AskPanelRequestSchema,
  BalanceSchema,
  BlueprintSchema,
  enhanceRequestSchema,
  EnhancementPollSchema,
  ErrorEnvelopeSchema,
  EvaluationPollSchema,
  generateRequestSchema,
  InterviewRequestSchema,
  InterviewResponseSchema,
  PanelSurveyPollSchema,
  PopulationListQuerySchema,
  PopulationListSchema,
  PopulationPollSchema,
  UsageSummarySchema,
  ValidateRequestSchema,
  WhoamiSchema,
} from "../shared/contract.ts";
import { PersonaCreateSchema } from "../npc/definition.ts";
import { PersonaExportQuerySchema } from "./stream-persona-export.ts";
import {
  ApiKeyCreatedSchema,
  ChatHistorySchema,
  CreateApiKeyBody,
  InitSessionBody,
  InitSessionResponseSchema,
  LLM_HEADERS,
  MachineInfoSchema,
  MeSchema,
  MessageBody,
  MessageResponseSchema,
  MigrateProgressBody,
  MigrateProgressResultSchema,
  PersonaDetailSchema,
  PersonaSummarySchema,
  ProgressResetSchema,
  ResetInput,
  ResetResultSchema,
  SaveWarningSchema,
  SdkPersonaSchema,
  SessionStatusSchema,
  StreamMetadataSchema,
  ValidateLlmKeyBody,
  ValidateLlmKeyResultSchema,
} from "../shared/npc-contract.ts";

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  return z.toJSONSchema(schema, { unrepresentable: "any", io, target: "openapi-3.0" }) as JsonSchema;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ content: { "application/json": { schema } } });
const error = (description: string) => ({ description, ...json(ref("ErrorEnvelope")) });

const ERRORS = {
  "400": error("`VALIDATION_ERROR`: count (or validated personas) over the cap, or a malformed id (`invalid id`)"),
  "401": error("`UNAUTHORIZED`: the bearer token is missing, invalid or expired (a JWT must carry `exp`)"),
  "402": error("`PAYMENT_REQUIRED`: the balance cannot cover the request; nothing was started or charged"),
  "413": error("`payload_too_large`: the body is over the server's limit"),
  "422": error(
    "`validation_failed`: pydantic-style `details` with `loc`, `msg`, `type`; at most 20, then one `too_many_errors` detail counting the rest. " +
      "Also: JSON nested deeper than 128 levels (`json_invalid`), a list or object of more than 100,000 items (`too_long`), text with NUL or a lone UTF-16 surrogate (`string_unicode`), " +
      "and an `Idempotency-Key` reused for another request (`idempotency_key_reused`) or longer than 255 characters",
  ),
  "429": error("`rate_limited`: too many requests for this account (or, without valid credentials, this address); see `Retry-After`"),
};
const NEEDS_MODEL = error("`unavailable`: no language model is configured (`DRAMATIS_MODEL`); nothing was accepted or charged");

const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string", minLength: 1, maxLength: 255 },
  description: "Retry safely: the same key and body within 24 hours answer with the same job, charged once; the same key with another body is a 422.",
};
const ifNoneMatch = {
  name: "If-None-Match",
  in: "header",
  required: false,
  schema: { type: "string" },
  description: "The `ETag` of the poll you already have: 304 with no body while the job has not changed.",
};

const idParameter = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const query = (name: string, schema: JsonSchema, required = false, description?: string) => ({ name, in: "query", required, schema, ...(description ? { description } : {}) });
const userSession = query("user_session_id", { type: "string" }, true, "the player's session id");
const machineId = query("machine_id", { type: "string" }, false, "a machine's id (or machine_key); default: the player's current machine");

const OBJECT = { type: "object", additionalProperties: true };

function action(summary: string, description: string, requestSchema: string, pollPath: string) {
  return {
    post: {
      summary,
      description: `${description} Poll \`${pollPath}\` until \`status\` is \`succeeded\` or \`failed\`.`,
      tags: ["Populations"],
      security: [{ bearer: [] }],
      parameters: [idempotencyKey],
      requestBody: { required: true, ...json(ref(requestSchema)) },
      responses: { "200": { description: "accepted and queued (or, for a repeated Idempotency-Key, the job it first made)", ...json(ref("Accepted")) }, ...ERRORS },
    },
  };
}

/** The query parameters of a schema, each with its own JSON schema (`limit`, `cursor`, …). */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const properties = (schemaOf(schema, "input").properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).map(([name, property]) => ({ name, in: "query", required: false, schema: property, ...(property.description ? { description: property.description } : {}) }));
}

function poll(summary: string, schema: string) {
  return {
    get: {
      summary,
      tags: ["Populations"],
      security: [{ bearer: [] }],
      parameters: [idParameter, ifNoneMatch],
      responses: {
        "200": {
          description: "the job; `failed` jobs are 200 too, with a stable `error` category. Carries an `ETag`; gzip or brotli when the client accepts it",
          headers: { ETag: { schema: { type: "string" } } },
          ...json(ref(schema)),
        },
        "304": { description: "not modified since the `If-None-Match` ETag" },
        "400": ERRORS["400"],
        "401": ERRORS["401"],
        "404": error("`not_found`: no such job for this account"),
      },
    },
  };
}

export function buildOpenApiDocument(config: Config) {
  const npc = (summary: string, extra: Record<string, unknown> = {}) => ({ summary, tags: ["NPC personas"], ...extra });
  const chat = (summary: string, extra: Record<string, unknown> = {}) => ({ summary, tags: ["NPC chat"], ...extra });
  const sdk = (summary: string, extra: Record<string, unknown> = {}) => ({ summary, tags: ["NPC game SDK"], security: [{ apiKey: [] }, { bearer: [] }], ...extra });
  const ok = (description: string, schema: JsonSchema = OBJECT) => ({ responses: { "200": { description, ...json(schema) }, "404": error("`not_found`") } });
  const personaPath = (suffix = "") => `/api/v1/personas/{id}${suffix}`;
  // Foil's bring-your-own-key headers: honoured on the game-SDK routes when a model provider is configured.
  const byok = Object.values(LLM_HEADERS).map((name) => ({ name, in: "header", required: false, schema: { type: "string" }, description: "bring your own model key/name for this request (never stored)" }));
  const stream = (description: string) => ({ "200": { description, content: { "text/event-stream": { schema: { type: "string", description: "events `metadata` (StreamMetadata), `text_delta` `{text}`, `done` (MessageResponse), `error`" } } } } });

  return {
    openapi: "3.0.3",
    info: {
      title: "Dramatis API",
      version: "0.1.0",
      description:
        "Populations API (wire-compatible with the Humalike Personas API) and NPC engine (wire-compatible with Foil Engine's Personas and Chat APIs). " +
        "Every error uses the envelope `{\"error\":{\"code\",\"message\",\"details\"?,\"trace_id\"?}}` and every response carries `x-request-id` and `X-Content-Type-Options: nosniff`. " +
        "A wrong method on an existing path is 405 with `Allow`. Answers are compressed (gzip, brotli) for clients that accept it.",
    },
    servers: [{ url: config.publicUrl ?? "/" }],
    tags: [{ name: "Populations" }, { name: "Account" }, { name: "NPC personas" }, { name: "NPC chat" }, { name: "NPC game SDK" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "an API key `ak_…` or a JWT" },
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
      },
      schemas: {
        GenerateRequest: schemaOf(generateRequestSchema(config), "input"),
        EnhanceRequest: schemaOf(enhanceRequestSchema(config), "input"),
        ValidateRequest: schemaOf(ValidateRequestSchema, "input"),
        Accepted: schemaOf(AcceptedSchema),
        PopulationPoll: schemaOf(PopulationPollSchema),
        EnhancementPoll: schemaOf(EnhancementPollSchema),
        EvaluationPoll: schemaOf(EvaluationPollSchema),
        UsageSummary: schemaOf(UsageSummarySchema),
        Balance: schemaOf(BalanceSchema),
        Blueprint: schemaOf(BlueprintSchema, "input"),
        PopulationList: schemaOf(PopulationListSchema),
        InterviewRequest: schemaOf(InterviewRequestSchema, "input"),
        InterviewResponse: schemaOf(InterviewResponseSchema),
        AskPanelRequest: schemaOf(AskPanelRequestSchema, "input"),
        PanelSurveyPoll: schemaOf(PanelSurveyPollSchema),
        Whoami: schemaOf(WhoamiSchema),
        ErrorEnvelope: schemaOf(ErrorEnvelopeSchema),
        PersonaCreate: schemaOf(PersonaCreateSchema, "input"),
        InitSession: schemaOf(InitSessionBody, "input"),
        ChatMessage: schemaOf(MessageBody, "input"),
        PersonaSummary: schemaOf(PersonaSummarySchema),
        PersonaDetail: schemaOf(PersonaDetailSchema),
        SdkPersona: schemaOf(SdkPersonaSchema),
        InitSessionResponse: schemaOf(InitSessionResponseSchema),
        MessageResponse: schemaOf(MessageResponseSchema),
        StreamMetadata: schemaOf(StreamMetadataSchema),
        SessionStatus: schemaOf(SessionStatusSchema),
        ChatHistory: schemaOf(ChatHistorySchema),
        ResetInput: schemaOf(ResetInput, "input"),
        ResetResult: schemaOf(ResetResultSchema),
        ProgressReset: schemaOf(ProgressResetSchema),
        MachineInfo: schemaOf(MachineInfoSchema),
        SaveWarning: schemaOf(SaveWarningSchema),
        ValidateLlmKey: schemaOf(ValidateLlmKeyBody, "input"),
        ValidateLlmKeyResult: schemaOf(ValidateLlmKeyResultSchema),
        CreateApiKey: schemaOf(CreateApiKeyBody, "input"),
        ApiKeyCreated: schemaOf(ApiKeyCreatedSchema),
        Me: schemaOf(MeSchema),
        MigrateProgress: schemaOf(MigrateProgressBody, "input"),
        MigrateProgressResult: schemaOf(MigrateProgressResultSchema),
      },
    },
    paths: {
      "/v1/personas/actions/generate": action(
        "Generate a population",
        `Infers a blueprint from the prompt and samples \`count\` personas (offline by default; \`seed\` makes it reproducible); this server takes up to ${config.maxCount.toLocaleString("en-US")} personas per population (\`DRAMATIS_MAX_COUNT\`), more is a 400. ` +
          "Dramatis extension: with `blueprint`, that blueprint is sampled instead (no design; priced at the `off` rate); it must pass the strict checker, else 422 with one detail per problem under `blueprint` (`type` `invalid_blueprint`). The same blueprint and `seed` give the same structured fields.",
        "GenerateRequest",
        "/v1/personas/repositories/Population/by-id/{id}",
      ),
      "/v1/personas/repositories/Population": {
        get: {
          summary: "List your populations (Dramatis extension)",
          description: "Newest first, without their results (cheap however large they are). Pass `next_cursor` as `cursor` for the next page; it is null on the last page.",
          tags: ["Populations"],
          security: [{ bearer: [] }],
          parameters: queryParameters(PopulationListQuerySchema),
          responses: { "200": { description: "a page of populations", ...json(ref("PopulationList")) }, "401": ERRORS["401"], "422": ERRORS["422"] },
        },
      },
      "/v1/personas/repositories/Population/by-id/{id}": (() => {
        const polled = poll("Poll a population", "PopulationPoll");
        return {
          get: {
            ...polled.get,
            description:
              "A succeeded population's `result.personas` is written from the store as the answer goes out (chunked, compressed as the client accepts), so any size polls in bounded memory; " +
              "bodies up to 8 MB are also kept and answered from memory. For pages of personas, or a file, see `…/by-id/{id}/personas`.",
          },
        };
      })(),
      "/v1/personas/repositories/Population/by-id/{id}/personas": {
        get: {
          summary: "Export a population's personas as JSON Lines or CSV (Dramatis extension)",
          description:
            "A succeeded population's personas, streamed from the store. Without `limit`, every persona from `cursor` (or the first) in one answer; with `limit`, a page: " +
            "when more follow, the answer carries `X-Next-Cursor` (pass it as `cursor`) and `Link: <…>; rel=\"next\"`; the last page has neither. Pages never repeat or skip a persona. " +
            "`jsonl`: one persona per line (`JSON.stringify(persona)` + `\\n`, as the SDK's `toJsonl`). `csv`: RFC 4180 with CRLF line ends and a header row on every page; columns `persona_id`, each blueprint field in its order, `system_prompt`, `markdown` (the SDK's `toCsv` with the blueprint). " +
            "Compressed (br, gzip, deflate) as the client accepts.",
          tags: ["Populations"],
          security: [{ bearer: [] }],
          parameters: [idParameter, ...queryParameters(PersonaExportQuerySchema)],
          responses: {
            "200": {
              description: "the personas",
              headers: {
                "X-Next-Cursor": { schema: { type: "string" }, description: "the next page's cursor; absent on the last page" },
                Link: { schema: { type: "string" }, description: "`<path?…&cursor=…>; rel=\"next\"`; absent on the last page" },
              },
              content: {
                "application/jsonl": { schema: { type: "string", description: "one Persona (JSON) per line" } },
                "text/csv": { schema: { type: "string", description: "RFC 4180, header row first" } },
              },
            },
            "400": ERRORS["400"],
            "401": ERRORS["401"],
            "404": error("`not_found`: no such population for this account"),
            "409": error("`conflict`: the population has not succeeded"),
            "422": error("`validation_failed`: a `format` other than jsonl or csv, a `limit` outside 1–100,000, or a `cursor` that is not a previous page's `X-Next-Cursor` for this population"),
          },
        },
      },
      "/v1/personas/actions/interview": {
        post: {
          summary: "Interview a persona (Dramatis extension)",
          description:
            "Synchronous: the model plays the persona's `system_prompt` and answers the last message (the user's) of `messages` (at most 40, each at most 4,000 characters). " +
            "Costs 1 credit per turn, charged only when the persona answers (refunded when the model fails). Needs a model: offline, 503 `unavailable`. " +
            "404 `not_found` for another account's or a missing population or persona; 409 `conflict` while the population is not `succeeded`; 502 `UPSTREAM_ERROR` when the model fails.",
          tags: ["Populations"],
          security: [{ bearer: [] }],
          requestBody: { required: true, ...json(ref("InterviewRequest")) },
          responses: {
            "200": { description: "the persona's answer, and what the model call cost", ...json(ref("InterviewResponse")) },
            "401": ERRORS["401"],
            "402": ERRORS["402"],
            "404": error("`not_found`: no such population or persona for this account"),
            "409": error("`conflict`: the population has not succeeded"),
            "422": ERRORS["422"],
            "502": error("`UPSTREAM_ERROR`: the model failed; nothing was charged"),
            "503": NEEDS_MODEL,
          },
        },
      },
      "/v1/personas/actions/ask-panel": (() => {
        const asked = action(
          "Ask a population's panel (Dramatis extension)",
          "One question (free text, or multiple choice with 2 to 12 `choices`) to every persona of a succeeded population, or to `persona_ids`. " +
            "Costs 1 credit per persona asked, charged when accepted and refunded if the survey fails. Answers come in batches of 10 personas per model call; `progress.produced` counts the personas answered. " +
            "The result tabulates the answers (tallies per choice, and breakdowns per categorical field of the blueprint) with a warning: simulated respondents vary less than real people. Needs a model: offline, 503 `unavailable`. 409 `conflict` while the population is not `succeeded`.",
          "AskPanelRequest",
          "/v1/personas/repositories/PanelSurvey/by-id/{id}",
        );
        return { post: { ...asked.post, responses: { ...asked.post.responses, "404": error("`not_found`: no such population for this account"), "409": error("`conflict`: the population has not succeeded"), "503": NEEDS_MODEL } } };
      })(),
      "/v1/personas/repositories/PanelSurvey/by-id/{id}": poll("Poll a panel survey (Dramatis extension)", "PanelSurveyPoll"),
      "/v1/personas/actions/enhance": action("Enhance a persona sketch", "Reads a rough sketch into fields and fills in a full persona.", "EnhanceRequest", "/v1/personas/repositories/Enhancement/by-id/{id}"),
      "/v1/personas/repositories/Enhancement/by-id/{id}": poll("Poll an enhancement", "EnhancementPoll"),
      "/v1/personas/actions/validate": action("Validate personas", "Runs the deterministic quality gates (see docs/quality-gates.md).", "ValidateRequest", "/v1/personas/repositories/Evaluation/by-id/{id}"),
      "/v1/personas/repositories/Evaluation/by-id/{id}": poll("Poll an evaluation", "EvaluationPoll"),
      "/v1/credits/projections/usage-summary": {
        post: { summary: "Usage over 30 days", tags: ["Account"], security: [{ bearer: [] }], requestBody: json({ type: "object" }), responses: { "200": { description: "calls and credits", ...json(ref("UsageSummary")) }, "401": ERRORS["401"] } },
      },
      "/v1/credits/projections/balance": {
        post: { summary: "Credits left (Dramatis extension)", tags: ["Account"], security: [{ bearer: [] }], requestBody: json({ type: "object" }), responses: { "200": { description: "the balance", ...json(ref("Balance")) }, "401": ERRORS["401"] } },
      },
      "/v1/turn-taking/actions/whoami": {
        post: { summary: "Who am I", tags: ["Account"], security: [{ bearer: [] }], requestBody: json({ type: "object" }), responses: { "200": { description: "the account", ...json(ref("Whoami")) }, "401": ERRORS["401"] } },
      },
      "/api/v1/personas": {
        get: npc("List personas (public by default; newest first)", {
          parameters: [query("public_only", { type: "boolean", default: true }), query("my_personas", { type: "boolean", default: false }), query("limit", { type: "integer", default: 20, minimum: 1, maximum: 100 })],
          ...ok("personas", { type: "array", items: ref("PersonaSummary") }),
        }),
      },
      [personaPath()]: {
        get: npc("Get a persona", { parameters: [idParameter], ...ok("the persona", ref("PersonaDetail")) }),
        delete: npc("Delete a persona and everything played on it (owner only)", { security: [{ bearer: [] }], parameters: [idParameter], ...ok("deleted") }),
      },
      [personaPath("/full")]: { get: npc("Get a persona with machines, states, transitions, variables and links", { parameters: [idParameter], ...ok("the full definition") }) },
      [personaPath("/progress")]: {
        get: npc("A player's progress", { parameters: [idParameter, userSession], ...ok("progress") }),
        delete: npc("Reset a player's progress and chats (every machine)", { parameters: [idParameter, userSession], ...ok("reset", ref("ProgressReset")) }),
      },
      [personaPath("/available-machines")]: { get: npc("Machines a player can play now", { parameters: [idParameter, userSession], ...ok("machines", { type: "array", items: OBJECT }) }) },
      "/api/v1/creator/save": {
        post: npc("Create or update a persona (validated whole; atomic)", {
          security: [{ bearer: [] }],
          parameters: [query("persona_id", { type: "string" }, false, "update this persona")],
          requestBody: { required: true, ...json(ref("PersonaCreate")) },
          responses: {
            "200": { description: "the saved persona with ids, and `warnings` about offline play (SaveWarning[])", ...json(OBJECT) },
            "401": ERRORS["401"],
            "403": error("`forbidden`: not the owner"),
            "413": error("`payload_too_large`: the body is over the save limit"),
            "422": ERRORS["422"],
          },
        }),
      },
      "/api/v1/creator/publish": {
        post: npc("Publish a persona", { security: [{ bearer: [] }], parameters: [query("persona_id", { type: "string" }, true)], ...ok("`{play_link, persona_id}`") }),
      },
      "/api/v1/chat/{id}/init-session": { post: chat("Open (or resume) a machine session", { parameters: [idParameter, machineId], requestBody: json(ref("InitSession")), ...ok("the NPC's opening line", ref("InitSessionResponse")) }) },
      "/api/v1/chat/{id}/message": { post: chat("Send a message; the NPC replies and the machine may move", { parameters: [idParameter, machineId], requestBody: json(ref("ChatMessage")), ...ok("the turn", ref("MessageResponse")) }) },
      "/api/v1/chat/{id}/message/stream": {
        post: chat("Send a message, reply as server-sent events (`metadata`, `text_delta`, `done`, `error`)", {
          parameters: [idParameter, machineId],
          requestBody: json(ref("ChatMessage")),
          responses: stream("an event stream"),
        }),
      },
      "/api/v1/sdk/personas": {
        get: sdk("The key owner's published personas (newest first; `x-total-count` header)", {
          parameters: [query("limit", { type: "integer", minimum: 1, maximum: 1000 }), query("offset", { type: "integer", minimum: 0, default: 0 })],
          ...ok("personas", { type: "array", items: ref("SdkPersona") }),
        }),
      },
      "/api/v1/sdk/chat/{id}/machines": { get: sdk("Machines with session state", { parameters: [idParameter, userSession], ...ok("machines", { type: "array", items: ref("MachineInfo") }) }) },
      "/api/v1/sdk/chat/{id}/init-session": { post: sdk("Open a machine session", { parameters: [idParameter, machineId, ...byok], requestBody: json(ref("InitSession")), ...ok("opening line", ref("InitSessionResponse")) }) },
      "/api/v1/sdk/chat/{id}/message": { post: sdk("Send a message", { parameters: [idParameter, machineId, ...byok], requestBody: json(ref("ChatMessage")), ...ok("the turn", ref("MessageResponse")) }) },
      "/api/v1/sdk/chat/{id}/message/stream": { post: sdk("Send a message, streamed", { parameters: [idParameter, machineId, ...byok], requestBody: json(ref("ChatMessage")), responses: stream("an event stream") }) },
      "/api/v1/sdk/chat/{id}/session": { get: sdk("The current session", { parameters: [idParameter, userSession, machineId], ...ok("session", ref("SessionStatus")) }) },
      "/api/v1/sdk/chat/{id}/history": { get: sdk("Chat history with the session summary", { parameters: [idParameter, userSession, machineId], ...ok("history", ref("ChatHistory")) }) },
      "/api/v1/sdk/chat/{id}/reset": {
        post: sdk("Reset one machine's session for a player (others keep their results)", {
          parameters: [idParameter, query("user_session_id", { type: "string" }), machineId],
          requestBody: json(ref("ResetInput")),
          ...ok("reset", ref("ResetResult")),
        }),
      },
      "/api/v1/sdk/validate-llm-key": {
        post: sdk("Check a bring-your-own model key (the X-LLM-* headers) against the configured provider", { parameters: byok, requestBody: json(ref("ValidateLlmKey")), ...ok("verdict", ref("ValidateLlmKeyResult")) }),
      },
      "/api/v1/sdk/api-keys": {
        post: sdk("Create an API key for the caller (Bearer only)", { security: [{ bearer: [] }], requestBody: json(ref("CreateApiKey")), ...ok("the new key, shown once", ref("ApiKeyCreated")) }),
      },
      "/api/v1/auth/me": { get: sdk("The caller's identity", ok("identity", ref("Me"))) },
      "/api/v1/auth/migrate-progress": {
        post: sdk("Move a player's progress to another user_session_id on the caller's personas (atomic; 409 on conflict)", {
          requestBody: json(ref("MigrateProgress")),
          responses: { "200": { description: "what moved", ...json(ref("MigrateProgressResult")) }, "409": error("`conflict`: the target already has progress"), "401": ERRORS["401"] },
        }),
      },
      "/play/{id}": { get: { summary: "Play link: JSON manifest, or a play page for browsers", tags: ["NPC chat"], parameters: [idParameter], ...ok("manifest") } },
    },
  };
}
