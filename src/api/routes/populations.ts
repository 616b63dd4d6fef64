/**
 * The Populations API (spec 000, 002, 003): three actions that answer `{id, status:"pending"}` and
 * three repository routes to poll. Another account's id answers 404, exactly like a missing one.
 */
import type { FastifyInstance } from "fastify";
import { ApiError } from "../errors.ts";
import type { AppContext } from "../context.ts";
import { parseBody, parseId } from "../validate-body.ts";
import { enhanceRequestSchema, generateRequestSchema, ValidateRequestSchema } from "../../shared/contract.ts";
import { enhancementPoll, evaluationPoll, populationPoll } from "../serializers.ts";

export function registerPopulationRoutes(server: FastifyInstance, context: AppContext): void {
  const { auth, jobs, jobsService, config } = context;
  const generateSchema = generateRequestSchema(config);
  const enhanceSchema = enhanceRequestSchema(config);

  server.post("/v1/personas/actions/generate", async (request) => {
    const account = await auth.require(request);
    const body = parseBody(generateSchema, request.body);
    if (body.count > config.maxCount) {
      throw new ApiError("VALIDATION_ERROR", `count ${body.count} is over the limit of ${config.maxCount} personas per population`);
    }
    return accepted(await jobsService.acceptGenerate(account.id, body));
  });

  server.post("/v1/personas/actions/enhance", async (request) => {
    const account = await auth.require(request);
    const body = parseBody(enhanceSchema, request.body);
    return accepted(await jobsService.acceptEnhance(account.id, body));
  });

  server.post("/v1/personas/actions/validate", async (request) => {
    const account = await auth.require(request);
    const body = parseBody(ValidateRequestSchema, request.body);
    return accepted(await jobsService.acceptValidate(account.id, body));
  });

  server.get<{ Params: { id: string } }>("/v1/personas/repositories/Population/by-id/:id", async (request) => {
    const account = await auth.require(request);
    const row = await jobs.getPopulation(parseId(request.params.id), account.id);
    if (!row) throw ApiError.notFound("population");
    return populationPoll(row);
  });

  server.get<{ Params: { id: string } }>("/v1/personas/repositories/Enhancement/by-id/:id", async (request) => {
    const account = await auth.require(request);
    const row = await jobs.getEnhancement(parseId(request.params.id), account.id);
    if (!row) throw ApiError.notFound("enhancement");
    return enhancementPoll(row);
  });

  server.get<{ Params: { id: string } }>("/v1/personas/repositories/Evaluation/by-id/:id", async (request) => {
    const account = await auth.require(request);
    const row = await jobs.getEvaluation(parseId(request.params.id), account.id);
    if (!row) throw ApiError.notFound("evaluation");
    return evaluationPoll(row);
  });
}

function accepted(id: string) {
  return { id, status: "pending" as const };
}
