/**
 * The Populations API (spec 000, 002, 003): three actions that answer `{id, status:"pending"}` and
 * three repository routes to poll. Another account's id answers 404, exactly like a missing one.
 * `generate` also takes a `blueprint` to sample instead of designing one (a Dramatis extension).
 *
 * The actions honour `Idempotency-Key` (see JobsService); the polls answer with an ETag, and with
 * 304 and no body when `If-None-Match` names the version the client already has.
 */
import type { FastifyInstance } from "fastify";
import { ApiError } from "../errors.ts";
import type { AppContext } from "../context.ts";
import { parseBody, parseId } from "../validate-body.ts";
import type { RowVersion } from "../conditional-get.ts";
import { PollCache, type PollSource } from "../poll-cache.ts";
import type { CountedList } from "../json-body.ts";
import type { JobTableKind, PopulationRow } from "../../store/jobs.ts";
import { PopulationPersonas, type StoredRow } from "../../store/population-personas.ts";
import { answerPersonaExport, PersonaExportQuerySchema } from "../stream-persona-export.ts";
import { JsonTexts, StreamedArray } from "../stream-json.ts";
import { enhanceRequestSchema, generateRequestSchema, ValidateRequestSchema } from "../../shared/contract.ts";
import { enhancementPoll, evaluationPoll, populationPoll } from "../serializers.ts";
import { readCallerBlueprint } from "../../engine/caller-blueprint.ts";
import { gatesPerPersona, MAX_SCORECARD_GATES } from "../../engine/quality/gates.ts";

import { idempotencyOf } from "./idempotency-key.ts";
import { registerPopulationStudioRoutes } from "./population-studio.ts";
import { registerBalanceRoute } from "./balance.ts";

export { MAX_IDEMPOTENCY_KEY_CHARACTERS } from "./idempotency-key.ts";

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
    return accepted(await jobsService.acceptGenerate(account.id, body, idempotencyOf(request)));
  });

  server.post("/v1/personas/actions/enhance", async (request) => {
    const account = await auth.require(request);
    const body = parseBody(enhanceSchema, request.body);
    return accepted(await jobsService.acceptEnhance(account.id, body, idempotencyOf(request)));
  });

  // Counted while the body's shape is read, before anything else is checked (json-body.ts): a
  // million personas never become a million checks, and the answer is this cap's 400, however long
  // the list (even past the 100,000 items any other list may hold).
  const personasCap: CountedList = {
    key: "personas",
    max: config.maxValidatePersonas,
    refuse: (count) => new ApiError("VALIDATION_ERROR", `${count} personas is over the limit of ${config.maxValidatePersonas} personas per validation`),
  };
  server.post("/v1/personas/actions/validate", { config: { countedList: personasCap } }, async (request) => {
    const account = await auth.require(request);
    const body = parseBody(ValidateRequestSchema, request.body);
    refuseOversizedBlueprint(body.personas.length, body.blueprint);
    return accepted(await jobsService.acceptValidate(account.id, body, idempotencyOf(request)));
  });

  // One cache of poll bodies for the three repositories (see poll-cache.ts): a 304 reads only the
  // row's version, and a version's body is serialised and compressed once for every poll of it.
  // A succeeded row is final: every write to a job row but one requires it pending or running, and
  // that one (a model's usage, counted whatever the status) leaves `updated_at` alone. A failed
  // population is not: a shard still running when another failed it may store its personas after.
  const polls = new PollCache();
  const pollRoute = <Row extends RowVersion>(kind: JobTableKind, path: string, read: (id: string, accountId: string) => Promise<Row | null>, toPoll: (row: Row) => unknown) => {
    const source: PollSource = {
      kind,
      version: (id, owner) => jobs.version(kind, id, owner),
      isFinal: (version) => version.status === "succeeded",
      load: async (id, owner) => {
        const row = await read(id, owner);
        return row && { version: row, body: toPoll(row) };
      },
      notFound: () => ApiError.notFound(kind),
    };
    // The poll cache encodes its bodies itself (once per version, not per request) and a GET has no
    // body to inflate: @fastify/compress's three hooks would only cost every poll their time.
    server.get<{ Params: { id: string } }>(`/v1/personas/repositories/${path}/by-id/:id`, { compress: false, decompress: false }, async (request, reply) => {
      const account = await auth.require(request);
      return polls.answer(request, reply, source, parseId(request.params.id), account.id);
    });
  };
  const storedPersonas = new PopulationPersonas(context.store.db);
  const personasOf = (row: PopulationRow) => new StreamedArray(() => rowTexts(storedPersonas.rows(row.id, row.count)));
  pollRoute("population", "Population", (id, accountId) => jobs.getPopulation(id, accountId), (row) => populationPoll(row, personasOf));

  // The personas alone, as JSON Lines or CSV, all at once or in pages (stream-persona-export.ts).
  const personaRows = (row: PopulationRow, from: number) => {
    const inResult = (row.result as { personas?: unknown } | null)?.personas;
    return Array.isArray(inResult) ? rowsInMemory(inResult, from) : storedPersonas.rows(row.id, row.count, from);
  };
  server.get<{ Params: { id: string } }>("/v1/personas/repositories/Population/by-id/:id/personas", async (request, reply) => {
    const account = await auth.require(request);
    const id = parseId(request.params.id);
    const query = parseBody(PersonaExportQuerySchema, request.query);
    const row = await jobs.getPopulation(id, account.id);
    if (!row) throw ApiError.notFound("population");
    return answerPersonaExport(request, reply, row, query, personaRows);
  });
  pollRoute("enhancement", "Enhancement", (id, accountId) => jobs.getEnhancement(id, accountId), enhancementPoll);
  pollRoute("evaluation", "Evaluation", (id, accountId) => jobs.getEvaluation(id, accountId), evaluationPoll);

  // The studio's additive routes (history, interview, panel) and the balance, registered here so
  // that server.ts stays as it is; they belong in its list of route groups.
  registerPopulationStudioRoutes(server, context);
  registerBalanceRoute(server, context);
}

/**
 * A blueprint over its documented caps (`CALLER_BLUEPRINT_LIMITS`: fields, categories,
 * conditionals, …) is a 422 naming each list over its cap; one whose constraints, checked on every
 * persona, would make more than `MAX_SCORECARD_GATES` gates is a 400, like too many personas. Both
 * before the job is accepted (and paid for), so no worker ever reads such a blueprint.
 */
function refuseOversizedBlueprint(personas: number, raw: Record<string, unknown> | null | undefined): void {
  if (!raw) return;
  const { blueprint, exceeded } = readCallerBlueprint(raw);
  if (exceeded.length > 0) throw ApiError.validation(exceeded.map((problem) => ({ loc: ["blueprint", ...problem.path], msg: problem.msg, type: problem.type })));
  const gates = personas * gatesPerPersona(blueprint);
  if (gates > MAX_SCORECARD_GATES) {
    const constraints = blueprint.constraints?.length ?? 0;
    throw new ApiError(
      "VALIDATION_ERROR",
      `${personas.toLocaleString("en-US")} personas checked against ${constraints} constraints make ${gates.toLocaleString("en-US")} scorecard gates, over the limit of ${MAX_SCORECARD_GATES.toLocaleString("en-US")} per validation; send fewer personas or constraints`,
    );
  }
}

/** A population finished before sharding holds its personas in its result: given out in rows as the store gives them. */
async function* rowsInMemory(personas: unknown[], from: number): AsyncGenerator<StoredRow> {
  const size = 1_000;
  for (let start = from; start < personas.length; start += size) {
    yield { startIndex: start, personas: personas.slice(start, start + size).map((persona) => JSON.stringify(persona)) };
  }
}

/** Stored rows as they are: their text is the JSON of their personas (see population-personas.ts). */
async function* rowTexts(rows: AsyncIterable<StoredRow>): AsyncGenerator<JsonTexts> {
  for await (const row of rows) yield new JsonTexts(row.personas);
}

function accepted(id: string) {
  return { id, status: "pending" as const };
}

