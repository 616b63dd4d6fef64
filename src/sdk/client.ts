/**
 * The Dramatis SDK: a typed client for any server that speaks the Populations API (Dramatis, or the
 * hosted Humalike service with only `baseUrl` changed).
 *
 * @example
 * const client = createClient({ baseUrl: "http://127.0.0.1:8787", token: process.env.DRAMATIS_TOKEN! });
 * const population = await client.populations.generate({ prompt: "10 nurses in Lagos", count: 10 });
 * const poll = await population.wait({ onProgress: (progress) => console.log(progress.produced, "/", progress.total) });
 * if (poll.status === "succeeded") console.log(poll.result?.personas.length);
 *
 * Beyond the spec (Dramatis servers): the history of populations (`populations.list`), generating
 * from a given blueprint, interviews, panel questions and the balance.
 */
import type { z } from "zod";
import type {
  AskPanelRequest,
  Balance,
  EnhanceRequest,
  EnhancementPoll,
  EvaluationPoll,
  EvaluationReport,
  GenerateRequest,
  InterviewRequest,
  InterviewResponse,
  PanelSurveyPoll,
  PanelSurveyResult,
  PopulationList,
  PopulationPoll,
  UsageSummary,
  ValidateRequest,
  WhoamiSchema,
} from "../shared/contract.ts";
import type { Blueprint } from "../engine/blueprint.ts";
import type { Persona, PopulationResult } from "../engine/persona.ts";
import { DramatisInvalidResponseError } from "./errors/dramatis-invalid-response-error.ts";
import { createJobHandle, type JobHandle, type JobRoute } from "./job-handle.ts";
import { createNpcClient, type NpcClient } from "./npc-client.ts";
import { createTransport, isRecord, queryString, type FetchFunction, type RequestOptions, type Transport } from "./transport.ts";

export interface ClientOptions {
  /** The server's root, e.g. `http://127.0.0.1:8787` or `https://api.humalike.com`. */
  baseUrl: string;
  /** Bearer token: an API key (`ak_…`) or a JWT. */
  token: string;
  /** A `fetch` to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: FetchFunction;
  /** Sent with every request. */
  headers?: Record<string, string>;
  /** Overrides every job kind's default poll interval (3 s generate/enhance, 1 s validate). */
  pollIntervalMs?: number;
  /** Overrides every job kind's default wait budget (900 s generate/enhance, 300 s validate). */
  timeoutMs?: number;
  /** One HTTP exchange that takes longer fails as a connection error (default 60 s). */
  requestTimeoutMs?: number;
}

/**
 * `prompt` is required; the server applies the spec's defaults (`count` 1, `grounding` off).
 * `blueprint` (Dramatis): sample this blueprint instead of designing one (e.g. an earlier
 * population's `result.blueprint` with edited weights; with its `seed`, the same personas again).
 */
export type GenerateInput = Pick<GenerateRequest, "prompt"> &
  Partial<Pick<GenerateRequest, "count" | "grounding" | "seed">> & { blueprint?: Blueprint | Record<string, unknown> };
export type EnhanceInput = Pick<EnhanceRequest, "persona"> & Partial<Pick<EnhanceRequest, "grounding" | "seed">>;
export type ValidateInput = ValidateRequest;
export type Whoami = z.infer<typeof WhoamiSchema>;
/** A page of the history: `limit` (1–100, default 20) and the previous page's `next_cursor`. */
export interface ListPopulationsInput {
  limit?: number;
  cursor?: string | null;
}
/**
 * Which personas of a population to export (Dramatis): `format` `jsonl` (default) or `csv`; `limit`
 * (1–100,000) for a page, none for every persona from `cursor` on; `cursor` the previous page's
 * `nextCursor`.
 */
export interface ExportPersonasInput {
  format?: PersonaExportFormat;
  limit?: number;
  cursor?: string | null;
}
export type PersonaExportFormat = "jsonl" | "csv";
/** A page of an export: its text (JSON Lines, or CSV with its header row) and the next page's cursor, null on the last. */
export interface PersonaExportPage {
  format: PersonaExportFormat;
  text: string;
  nextCursor: string | null;
}
/** The personas of a big population a page at a time (default 1,000 a page), never all in memory. */
export interface IteratePersonasInput {
  pageSize?: number;
}
export type InterviewInput = InterviewRequest;
/** `choices` (2–12) makes it multiple choice; `persona_ids` asks only those personas. */
export type AskPanelInput = AskPanelRequest;

export type PopulationHandle = JobHandle<PopulationPoll, PopulationResult>;
export type EnhancementHandle = JobHandle<EnhancementPoll, Persona>;
export type EvaluationHandle = JobHandle<EvaluationPoll, EvaluationReport>;
export type PanelSurveyHandle = JobHandle<PanelSurveyPoll, PanelSurveyResult>;

export interface DramatisClient {
  populations: {
    /** `POST /v1/personas/actions/generate`; resolves once the job is accepted. */
    generate(input: GenerateInput, options?: RequestOptions): Promise<PopulationHandle>;
    /** `POST /v1/personas/actions/enhance`. */
    enhance(input: EnhanceInput, options?: RequestOptions): Promise<EnhancementHandle>;
    /** `POST /v1/personas/actions/validate`. */
    validate(input: ValidateInput, options?: RequestOptions): Promise<EvaluationHandle>;
    /** A handle on a population started earlier; makes no request until you poll or wait. */
    get(id: string): PopulationHandle;
    getEnhancement(id: string): EnhancementHandle;
    getEvaluation(id: string): EvaluationHandle;
    /** `GET /v1/personas/repositories/Population` (Dramatis): your populations, newest first, without results. */
    list(input?: ListPopulationsInput, options?: RequestOptions): Promise<PopulationList>;
    /**
     * `POST /v1/personas/actions/interview` (Dramatis; needs a model on the server, else 503
     * `unavailable`): the persona's answer to the conversation's last (user) message. 1 credit a turn.
     */
    interview(input: InterviewInput, options?: RequestOptions): Promise<InterviewResponse>;
    /**
     * `POST /v1/personas/actions/ask-panel` (Dramatis; needs a model on the server, else 503
     * `unavailable`): one question to every persona (or those named). 1 credit per persona.
     */
    askPanel(input: AskPanelInput, options?: RequestOptions): Promise<PanelSurveyHandle>;
    getPanelSurvey(id: string): PanelSurveyHandle;
    /**
     * `GET /v1/personas/repositories/Population/by-id/{id}/personas` (Dramatis): a succeeded
     * population's personas as JSON Lines or CSV text, streamed from the server's store; a page with
     * `limit`, else every persona from `cursor` on. 409 `conflict` before the population succeeded.
     */
    exportPersonas(id: string, input?: ExportPersonasInput, options?: RequestOptions): Promise<PersonaExportPage>;
    /** Every page of an export in turn, following `nextCursor` (each page `limit` personas, default 1,000). */
    exportPersonaPages(id: string, input?: ExportPersonasInput, options?: RequestOptions): AsyncGenerator<PersonaExportPage>;
    /** Every persona of a succeeded population, read as JSON Lines a page at a time: a million personas never sit in memory at once. */
    iteratePersonas(id: string, input?: IteratePersonasInput, options?: RequestOptions): AsyncGenerator<Persona>;
  };
  account: {
    /** `POST /v1/credits/projections/usage-summary`. */
    usageSummary(options?: RequestOptions): Promise<UsageSummary>;
    /** `POST /v1/turn-taking/actions/whoami`. */
    whoami(options?: RequestOptions): Promise<Whoami>;
    /** `POST /v1/credits/projections/balance` (Dramatis): the credits left. */
    balance(options?: RequestOptions): Promise<Balance>;
  };
  /** NPC personas and chat (Foil Engine's routes), with the same token. */
  npc: NpcClient;
}

/** Client waiting as the spec's public SDKs do it (DESIGN §1). */
const LONG_JOB = { defaultIntervalMs: 3_000, defaultTimeoutMs: 900_000 };
const SHORT_JOB = { defaultIntervalMs: 1_000, defaultTimeoutMs: 300_000 };

/** Personas per page when paging an export without a `limit`. */
const DEFAULT_EXPORT_PAGE = 1_000;
const EXPORT_CONTENT_TYPES: Record<PersonaExportFormat, string> = { jsonl: "application/jsonl", csv: "text/csv" };

const POPULATION_ROUTE: JobRoute<PopulationPoll, PopulationResult> = { kind: "population", repository: "Population", resultOf: (poll) => poll.result, ...LONG_JOB };
const ENHANCEMENT_ROUTE: JobRoute<EnhancementPoll, Persona> = { kind: "enhancement", repository: "Enhancement", resultOf: (poll) => poll.persona, ...LONG_JOB };
const EVALUATION_ROUTE: JobRoute<EvaluationPoll, EvaluationReport> = { kind: "evaluation", repository: "Evaluation", resultOf: (poll) => poll.result, ...SHORT_JOB };
const PANEL_SURVEY_ROUTE: JobRoute<PanelSurveyPoll, PanelSurveyResult> = { kind: "panel", repository: "PanelSurvey", resultOf: (poll) => poll.result, ...LONG_JOB };

export function createClient(options: ClientOptions): DramatisClient {
  if (!options.baseUrl) throw new TypeError("createClient: baseUrl is required");
  if (!options.token) throw new TypeError("createClient: token is required");
  const transport = createTransport(options);
  const defaults = { intervalMs: options.pollIntervalMs, timeoutMs: options.timeoutMs };

  function start<Poll extends { id: string; status: EvaluationPoll["status"] }, Result>(route: JobRoute<Poll, Result>, action: string) {
    return async (body: Record<string, unknown>, requestOptions?: RequestOptions): Promise<JobHandle<Poll, Result>> => {
      const accepted = await transport.request("POST", `/v1/personas/actions/${action}`, body, requestOptions);
      if (!isRecord(accepted) || typeof accepted.id !== "string" || accepted.id === "") {
        throw new DramatisInvalidResponseError(`POST /v1/personas/actions/${action} answered without an id`, 200, accepted);
      }
      return createJobHandle(transport, route, accepted.id, defaults);
    };
  }
  const startGenerate = start(POPULATION_ROUTE, "generate");
  const startEnhance = start(ENHANCEMENT_ROUTE, "enhance");
  const startValidate = start(EVALUATION_ROUTE, "validate");
  const startAskPanel = start(PANEL_SURVEY_ROUTE, "ask-panel");

  const exportPersonas = async (id: string, input: ExportPersonasInput = {}, requestOptions?: RequestOptions): Promise<PersonaExportPage> => {
    const format = input.format ?? "jsonl";
    const path = `/v1/personas/repositories/Population/by-id/${encodeURIComponent(id)}/personas${queryString({ format, limit: input.limit, cursor: input.cursor })}`;
    const { text, headers } = await transport.text(path, EXPORT_CONTENT_TYPES[format], requestOptions);
    return { format, text, nextCursor: headers.get("x-next-cursor") || null };
  };
  async function* exportPersonaPages(id: string, input: ExportPersonasInput = {}, requestOptions?: RequestOptions): AsyncGenerator<PersonaExportPage> {
    let cursor = input.cursor ?? null;
    do {
      const page = await exportPersonas(id, { format: input.format, limit: input.limit ?? DEFAULT_EXPORT_PAGE, cursor }, requestOptions);
      yield page;
      cursor = page.nextCursor;
    } while (cursor);
  }
  async function* iteratePersonas(id: string, input: IteratePersonasInput = {}, requestOptions?: RequestOptions): AsyncGenerator<Persona> {
    for await (const page of exportPersonaPages(id, { format: "jsonl", limit: input.pageSize ?? DEFAULT_EXPORT_PAGE }, requestOptions)) {
      for (const line of page.text.split("\n")) if (line !== "") yield JSON.parse(line) as Persona;
    }
  }

  return {
    populations: {
      generate: (input, requestOptions) =>
        startGenerate(withoutUndefined({ prompt: input.prompt, count: input.count, grounding: input.grounding, seed: input.seed, blueprint: input.blueprint }), requestOptions),
      enhance: (input, requestOptions) => startEnhance(withoutUndefined({ persona: input.persona, grounding: input.grounding, seed: input.seed }), requestOptions),
      validate: (input, requestOptions) => startValidate(withoutUndefined({ personas: input.personas, blueprint: input.blueprint }), requestOptions),
      get: (id) => createJobHandle(transport, POPULATION_ROUTE, id, defaults),
      getEnhancement: (id) => createJobHandle(transport, ENHANCEMENT_ROUTE, id, defaults),
      getEvaluation: (id) => createJobHandle(transport, EVALUATION_ROUTE, id, defaults),
      list: async (input = {}, requestOptions) => {
        const path = `/v1/personas/repositories/Population${queryString({ limit: input.limit, cursor: input.cursor })}`;
        const body = await transport.request("GET", path, undefined, requestOptions);
        if (!isRecord(body) || !Array.isArray(body.items)) throw new DramatisInvalidResponseError(`GET ${path} answered without an items list`, 200, body);
        return body as unknown as PopulationList;
      },
      interview: async (input, requestOptions) => {
        const body = await postObject<InterviewResponse>(
          transport,
          "/v1/personas/actions/interview",
          requestOptions,
          { population_id: input.population_id, persona_id: input.persona_id, messages: input.messages },
        );
        if (typeof body.message !== "string") throw new DramatisInvalidResponseError("POST /v1/personas/actions/interview answered without a message", 200, body);
        return body;
      },
      askPanel: (input, requestOptions) =>
        startAskPanel(withoutUndefined({ population_id: input.population_id, question: input.question, choices: input.choices, persona_ids: input.persona_ids }), requestOptions),
      getPanelSurvey: (id) => createJobHandle(transport, PANEL_SURVEY_ROUTE, id, defaults),
      exportPersonas,
      exportPersonaPages,
      iteratePersonas,
    },
    account: {
      usageSummary: (requestOptions) => postObject<UsageSummary>(transport, "/v1/credits/projections/usage-summary", requestOptions),
      whoami: (requestOptions) => postObject<Whoami>(transport, "/v1/turn-taking/actions/whoami", requestOptions),
      balance: (requestOptions) => postObject<Balance>(transport, "/v1/credits/projections/balance", requestOptions),
    },
    npc: createNpcClient(transport),
  };
}

async function postObject<Body>(transport: Transport, path: string, requestOptions?: RequestOptions, payload: Record<string, unknown> = {}): Promise<Body> {
  const body = await transport.request("POST", path, payload, requestOptions);
  if (!isRecord(body)) throw new DramatisInvalidResponseError(`POST ${path} answered something other than an object`, 200, body);
  return body as Body;
}

/**
 * Only what the caller gave goes on the wire: `seed` is our extension and other servers should not
 * see it unless asked, and omitted fields keep the server's own defaults.
 */
function withoutUndefined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}
