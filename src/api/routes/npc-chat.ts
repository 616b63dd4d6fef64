/**
 * Chat with an NPC, as Foil Engine exposes it (DESIGN §6): the web routes under `/api/v1/chat`
 * (no authentication needed for a public persona) and the game-SDK surface under `/api/v1/sdk`
 * (an API key in `X-API-Key`, or a Bearer token). Both play through the same `PlayService`.
 *
 * The SDK routes also read Foil's bring-your-own-key headers (`X-LLM-API-Key`, `X-LLM-Model`,
 * `X-LLM-{Eval,Response,Summarization}-{Model,API-Key}`) for that request; the web routes, which
 * anyone may call, never let a request choose the model the server pays for.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext, NpcServices } from "../context.ts";
import type { Account } from "../../store/accounts.ts";
import { parseId } from "../validate-body.ts";
import type { MessageResult } from "../../services/npc/play-service.ts";
import type { CallerLlmSettings } from "../../services/npc/caller-llm.ts";
import { InitSessionBody, MachineQuery, MessageBody, PlayerMachineQuery, PlayerQuery, ResetInput, SdkPersonaListQuery, type StreamMetadata } from "../../shared/npc-contract.ts";
import { callerLlmSettings, parseQuery } from "./npc-params.ts";
import { sendEventStream } from "./npc-sse.ts";

type ChatRequest = FastifyRequest<{ Params: { id: string } }>;

/** Who calls a group of chat routes, and whether their model settings are honoured. */
interface Surface {
  who: (request: FastifyRequest) => Promise<Account | null>;
  llm: (request: FastifyRequest) => CallerLlmSettings | undefined;
}

/** The stream's `metadata`: the whole turn's state (Foil's `ChatStreamMetadata`) before any text. */
export function streamMetadata(result: MessageResult & { personaId: string; userSessionId: string }): StreamMetadata {
  const { message: _message, ...state } = result.response;
  return { ...state, persona_id: result.personaId, user_session_id: result.userSessionId, machine_id: result.machine.id, machine_key: result.machine.key };
}

export function registerNpcChatRoutes(server: FastifyInstance, context: AppContext, services: NpcServices): void {
  const { auth } = context;
  const { personas, play } = services;

  /** Web routes: anyone may play a public persona; credentials, when sent, must be valid. */
  const web: Surface = { who: (request) => auth.identify(request, { allowApiKeyHeader: true }), llm: () => undefined };
  /** SDK routes: a key is required, and the caller's model settings apply. */
  const sdkCaller = (request: FastifyRequest): Promise<Account> => auth.require(request, { allowApiKeyHeader: true });
  const sdk: Surface = { who: sdkCaller, llm: callerLlmSettings };

  const persona = async (request: ChatRequest, who: Surface["who"]) => personas.visible(parseId(request.params.id), await who(request));
  /** For a turn: possibly the row read last, which the turn's write checks (`PersonaService.playable`). */
  const playable = async (request: ChatRequest, who: Surface["who"]) => personas.playable(parseId(request.params.id), await who(request));

  const initSession = async (request: ChatRequest, surface: Surface) => {
    const row = await playable(request, surface.who);
    const query = parseQuery(MachineQuery, request.query);
    const body = parseQuery(InitSessionBody, request.body);
    return play.initSession(row, {
      userSessionId: body.user_session_id,
      machineId: query.machine_id || body.machine_id,
      playerName: body.player_name,
      playerGender: body.player_gender,
      llm: surface.llm(request),
    });
  };

  const message = async (request: ChatRequest, surface: Surface): Promise<MessageResult & { personaId: string; userSessionId: string }> => {
    const persona = await playable(request, surface.who);
    const query = parseQuery(MachineQuery, request.query);
    const body = parseQuery(MessageBody, request.body);
    const llm = surface.llm(request);
    const result = await play.sendMessage(persona, { userSessionId: body.user_session_id, machineId: query.machine_id || body.machine_id, message: body.message, llm });
    return { ...result, personaId: persona.row.id, userSessionId: body.user_session_id };
  };

  const stream = async (request: ChatRequest, reply: FastifyReply, surface: Surface) => {
    const result = await message(request, surface);
    sendEventStream(reply, streamMetadata(result), result.response.message, result.response);
  };

  for (const [prefix, surface] of [
    ["/api/v1/chat", web],
    ["/api/v1/sdk/chat", sdk],
  ] as const) {
    server.post<{ Params: { id: string } }>(`${prefix}/:id/init-session`, (request) => initSession(request, surface));
    server.post<{ Params: { id: string } }>(`${prefix}/:id/message`, async (request) => (await message(request, surface)).response);
    server.post<{ Params: { id: string } }>(`${prefix}/:id/message/stream`, (request, reply) => stream(request, reply, surface));
  }

  // Foil: "published personas owned by your API key". Pages: `limit` (default and most: 1000) and
  // `offset`; `x-total-count` says how many there are over all pages.
  server.get("/api/v1/sdk/personas", async (request, reply) => {
    const account = await sdkCaller(request);
    const page = await personas.listPublishedBy(account, parseQuery(SdkPersonaListQuery, request.query));
    void reply.header("x-total-count", String(page.total));
    return page.personas;
  });

  server.get<{ Params: { id: string } }>("/api/v1/sdk/chat/:id/machines", async (request) => {
    const row = await persona(request, sdkCaller);
    return play.sdkMachines(row, parseQuery(PlayerQuery, request.query).user_session_id);
  });

  server.get<{ Params: { id: string } }>("/api/v1/sdk/chat/:id/session", async (request) => {
    const row = await persona(request, sdkCaller);
    const query = parseQuery(PlayerMachineQuery, request.query);
    return play.session(row, query.user_session_id, query.machine_id || undefined);
  });

  server.get<{ Params: { id: string } }>("/api/v1/sdk/chat/:id/history", async (request) => {
    const row = await persona(request, sdkCaller);
    const query = parseQuery(PlayerMachineQuery, request.query);
    return play.history(row, query.user_session_id, query.machine_id || undefined);
  });

  // Foil's SDK sends both in the query with no body; older clients of ours sent them in the body.
  server.post<{ Params: { id: string } }>("/api/v1/sdk/chat/:id/reset", async (request) => {
    const row = await persona(request, sdkCaller);
    const query = request.query as Record<string, unknown>;
    const body = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const input = parseQuery(ResetInput, { user_session_id: query.user_session_id ?? body.user_session_id, machine_id: query.machine_id ?? body.machine_id });
    return play.resetMachine(row, input.user_session_id, input.machine_id || undefined);
  });

  // The account routes a game needs beside chat (validate-llm-key, api-keys, auth/me, migrate-progress).
}
