/**
 * The studio's routes (Dramatis extensions, additive; the web UI uses them through the SDK):
 *
 * - `GET /v1/personas/repositories/Population?limit=&cursor=`: the caller's populations, newest
 *   first, without their results;
 * - `POST /v1/personas/actions/interview`: one turn of a conversation with a persona, synchronous;
 * - `POST /v1/personas/actions/ask-panel`: one question to a population's personas, a job like
 *   generate, polled at `GET /v1/personas/repositories/PanelSurvey/by-id/{id}`.
 *
 * Interviews and panels need a language model. Offline they answer 503 `unavailable` and nothing is
 * accepted or charged: a persona's answers made up without a model would read like data and mean
 * nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ModelFailureError } from "../../engine/ports.ts";
import { AskPanelRequestSchema, InterviewRequestSchema, PopulationListQuerySchema } from "../../shared/contract.ts";
import { InterviewService, type StudioModelParts } from "../../services/interview-service.ts";
import { listPopulations } from "../../services/population-history.ts";
import type { PanelSurveyRow, PopulationSummaryRow } from "../../store/jobs.ts";
import { sendVersioned } from "../conditional-get.ts";
import type { AppContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { parseBody, parseId } from "../validate-body.ts";
import { idempotencyOf } from "./idempotency-key.ts";
import { IdempotencyRepository } from "../../store/idempotency.ts";
import { keyEntry, onceForKey } from "../../services/npc/idempotent-request.ts";

export const INTERVIEW_NEEDS_MODEL = "interviews need a language model: set DRAMATIS_MODEL";
export const PANEL_NEEDS_MODEL = "panel questions need a language model: set DRAMATIS_MODEL";

export function registerPopulationStudioRoutes(server: FastifyInstance, context: AppContext): void {
  const { auth, jobs, accounts, jobsService } = context;
  const keys = new IdempotencyRepository(context.store.db);

  server.get("/v1/personas/repositories/Population", async (request) => {
    const account = await auth.require(request);
    const query = parseBody(PopulationListQuerySchema, request.query);
    const page = await listPopulations(jobs, account.id, query);
    return { items: page.rows.map(populationSummary), next_cursor: page.nextCursor };
  });

  server.post("/v1/personas/actions/interview", async (request, reply) => {
    const account = await auth.require(request);
    const studio = context.studio;
    if (!studio) throw new ApiError("unavailable", INTERVIEW_NEEDS_MODEL);
    const body = parseBody(InterviewRequestSchema, request.body);
    const service = new InterviewService(accounts, jobs, studio.interviewer);
    const ask = () => service.interview(account.id, body, abortedWhenGone(reply));
    // A turn is charged: with an Idempotency-Key it is asked (and charged) at most once.
    const keyed = idempotencyOf(request);
    try {
      return keyed ? await onceForKey(keys, keyEntry(account.id, "interview", keyed), ask) : await ask();
    } catch (error) {
      throw modelFailureAsUpstream(error, request);
    }
  });

  server.post("/v1/personas/actions/ask-panel", async (request) => {
    const account = await auth.require(request);
    if (!context.studio?.panel) throw new ApiError("unavailable", PANEL_NEEDS_MODEL);
    const body = parseBody(AskPanelRequestSchema, request.body);
    return { id: await jobsService.acceptAskPanel(account.id, body, idempotencyOf(request)), status: "pending" as const };
  });

  server.get<{ Params: { id: string } }>("/v1/personas/repositories/PanelSurvey/by-id/:id", async (request, reply) => {
    const account = await auth.require(request);
    const row = await jobs.getPanelSurvey(parseId(request.params.id), account.id);
    if (!row) throw ApiError.notFound("panel survey");
    return sendVersioned(request, reply, row, () => panelSurveyPoll(row));
  });
}

/** Aborted when the client hangs up before its answer: the model call stops and the turn is refunded. */
function abortedWhenGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once("close", () => {
    if (!reply.raw.writableEnded) controller.abort(new Error("the client closed the connection"));
  });
  return controller.signal;
}

/**
 * A model that failed for good is the upstream's failure (502), told without its detail: the
 * detail may name the provider's base URL. The detail goes to the log.
 */
function modelFailureAsUpstream(error: unknown, request: FastifyRequest): unknown {
  if (!ModelFailureError.isInstance(error)) return error;
  request.log.warn({ err: error }, "interview turn failed");
  console.error(`[api] interview turn failed: ${error.message}`);
  return new ApiError("UPSTREAM_ERROR", "the language model did not answer; nothing was charged, try again");
}

function timestamps(row: { createdAt: Date; updatedAt: Date }) {
  return { created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString() };
}

function progressOf(row: { status: string; phase: string | null; produced: number; total: number }, firstPhase: string) {
  return { phase: row.status === "succeeded" ? "complete" : (row.phase ?? firstPhase), produced: row.produced, total: row.total };
}

function populationSummary(row: PopulationSummaryRow) {
  return {
    id: row.id,
    ...timestamps(row),
    status: row.status,
    prompt: row.prompt,
    count: row.count,
    grounding: row.grounding,
    progress: progressOf(row, "designing"),
    seed: row.seed,
    error: row.status === "failed" ? row.error : null,
  };
}

function panelSurveyPoll(row: PanelSurveyRow) {
  return {
    id: row.id,
    ...timestamps(row),
    status: row.status,
    progress: progressOf(row, "answering"),
    population_id: row.populationId,
    question: row.question,
    choices: (row.choices as string[] | null) ?? null,
    result: row.status === "succeeded" ? row.result : null,
    error: row.status === "failed" ? row.error : null,
    ...(row.model === null
      ? {}
      : { usage: { calls: row.modelCalls, prompt_tokens: row.promptTokens, completion_tokens: row.completionTokens, model: row.model } }),
  };
}
