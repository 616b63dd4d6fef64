/**
 * The Personas API of spec 004: list, read, read in full, delete, save, publish, and a player's
 * progress and available machines. Who may see or change what is decided in `PersonaService`.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext, NpcServices } from "../context.ts";
import { parseId } from "../validate-body.ts";
import { personaDetail, personaFull, saveResponse } from "../../services/npc/persona-service.ts";
import { PersonaListQuery, PlayerQuery, PublishQuery, SaveQuery } from "../../shared/npc-contract.ts";
import { MAX_SAVE_BODY_BYTES } from "../../npc/limits.ts";
import { parseQuery } from "./npc-params.ts";
import { ApiError } from "../errors.ts";
import { SaveQueueFullError } from "../../services/npc/save-admission.ts";
import { idempotencyOf } from "./idempotency-key.ts";

type PersonaRequest = FastifyRequest<{ Params: { id: string } }>;

/** Where a published persona is played: our own host, `DRAMATIS_PUBLIC_URL` when set. */
export function playLink(publicUrl: string | undefined, request: FastifyRequest, personaId: string): string {
  const origin = publicUrl ? publicUrl.replace(/\/+$/, "") : `${request.protocol}://${request.host}`;
  return `${origin}/play/${personaId}`;
}

export function registerNpcPersonaRoutes(server: FastifyInstance, context: AppContext, services: NpcServices): void {
  const { auth, config } = context;
  const { personas, play } = services;
  const caller = (request: FastifyRequest) => auth.identify(request, { allowApiKeyHeader: true });
  const visiblePersona = async (request: PersonaRequest) => personas.visible(parseId(request.params.id), await caller(request));

  server.get("/api/v1/personas", async (request) => {
    const query = parseQuery(PersonaListQuery, request.query);
    return personas.list(await caller(request), { publicOnly: query.public_only, myPersonas: query.my_personas, limit: query.limit });
  });

  server.get<{ Params: { id: string } }>("/api/v1/personas/:id", async (request) => personaDetail(await visiblePersona(request)));

  server.get<{ Params: { id: string } }>("/api/v1/personas/:id/full", async (request) => personaFull(await visiblePersona(request)));

  server.delete<{ Params: { id: string } }>("/api/v1/personas/:id", async (request) => {
    const id = parseId(request.params.id);
    await personas.delete(await auth.require(request, { allowApiKeyHeader: true }), id);
    return { persona_id: id, deleted: true };
  });

  // The body limit binds before the per-list caps of limits.ts (a definition at every cap is about
  // 5 MB): a bigger body is refused unread, with the envelope's 413.
  server.post("/api/v1/creator/save", { bodyLimit: MAX_SAVE_BODY_BYTES }, async (request, reply) => {
    const account = await auth.require(request, { allowApiKeyHeader: true });
    const query = parseQuery(SaveQuery, request.query);
    const personaId = query.persona_id === undefined || query.persona_id === "" ? undefined : parseId(query.persona_id);
    // The key covers which persona is saved as well as the body.
    const keyed = idempotencyOf(request);
    const idempotent = keyed && { key: keyed.key, body: { persona_id: personaId ?? null, body: request.body } };
    try {
      return saveResponse(await personas.save(account, request.body, personaId, idempotent));
    } catch (error) {
      // Too many large saves already waiting: a capacity refusal, not the caller's fault (503, not 429).
      if (!SaveQueueFullError.isInstance(error)) throw error;
      void reply.header("retry-after", String(error.retryAfterSeconds));
      throw new ApiError("unavailable", error.message);
    }
  });

  server.post("/api/v1/creator/publish", async (request) => {
    const account = await auth.require(request, { allowApiKeyHeader: true });
    const personaId = parseId(parseQuery(PublishQuery, request.query).persona_id);
    const keyed = idempotencyOf(request);
    const row = await personas.publish(account, personaId, keyed && { key: keyed.key, body: { persona_id: personaId } });
    return { play_link: playLink(config.publicUrl, request, row.id), persona_id: row.id };
  });

  // Progress needs no authentication (spec 004): the user_session_id is the player's handle.
  server.get<{ Params: { id: string } }>("/api/v1/personas/:id/progress", async (request) => {
    const persona = await visiblePersona(request);
    return play.progress(persona, parseQuery(PlayerQuery, request.query).user_session_id);
  });

  server.delete<{ Params: { id: string } }>("/api/v1/personas/:id/progress", async (request) => {
    const persona = await visiblePersona(request);
    return play.resetPlayer(persona, parseQuery(PlayerQuery, request.query).user_session_id);
  });

  server.get<{ Params: { id: string } }>("/api/v1/personas/:id/available-machines", async (request) => {
    const persona = await visiblePersona(request);
    return play.availableMachines(persona, parseQuery(PlayerQuery, request.query).user_session_id);
  });
}
