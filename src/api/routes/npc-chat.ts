/**
 * Chat with an NPC, as Foil Engine exposes it (DESIGN §6): the web routes under `/api/v1/chat`
 * (no authentication needed for a public persona) and the game-SDK surface under `/api/v1/sdk`
 * (an API key in `X-API-Key`, or a Bearer token). Both play through the same `PlayService`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext, NpcServices } from "../context.ts";
import type { Account } from "../../store/accounts.ts";
import { parseId } from "../validate-body.ts";
import type { MessageResult } from "../../services/npc/play-service.ts";
import { InitSessionBody, MachineQuery, MessageBody, parseQuery, PlayerMachineQuery, PlayerQuery, ResetBody } from "./npc-params.ts";
import { sendEventStream } from "./npc-sse.ts";

type ChatRequest = FastifyRequest<{ Params: { id: string } }>;

export function registerNpcChatRoutes(server: FastifyInstance, context: AppContext, services: NpcServices): void {
  const { auth } = context;
  const { personas, play } = services;

  /** Web routes: anyone may play a public persona; credentials, when sent, must be valid. */
  const webCaller = (request: FastifyRequest) => auth.identify(request, { allowApiKeyHeader: true });
  /** SDK routes: a key is required. */
  const sdkCaller = (request: FastifyRequest): Promise<Account> => auth.require(request, { allowApiKeyHeader: true });

  const persona = async (request: ChatRequest, who: (request: FastifyRequest) => Promise<Account | null>) =>
    personas.visible(parseId(request.params.id), await who(request));

  const initSession = async (request: ChatRequest, who: typeof webCaller) => {
    const row = await persona(request, who);
    const query = parseQuery(MachineQuery, request.query);
    const body = parseQuery(InitSessionBody, request.body);
    return play.initSession(row, {
      userSessionId: body.user_session_id,
      machineId: query.machine_id || body.machine_id,
      playerName: body.player_name,
      playerGender: body.player_gender,
    });
  };

  const message = async (request: ChatRequest, who: typeof webCaller): Promise<MessageResult & { personaId: string; userSessionId: string }> => {
    const row = await persona(request, who);
    const query = parseQuery(MachineQuery, request.query);
    const body = parseQuery(MessageBody, request.body);
    const result = await play.sendMessage(row, { userSessionId: body.user_session_id, machineId: query.machine_id || body.machine_id, message: body.message });
    return { ...result, personaId: row.id, userSessionId: body.user_session_id };
  };

  const stream = async (request: ChatRequest, reply: FastifyReply, who: typeof webCaller) => {
    const result = await message(request, who);
    const { response } = result;
    const metadata = {
      session_id: response.session_id,
      persona_id: result.personaId,
      user_session_id: result.userSessionId,
      machine_id: result.machine.id,
      machine_key: result.machine.key,
      current_state: response.current_state,
      scoring_mode: response.scoring_mode,
    };
    sendEventStream(reply, metadata, response.message, response);
  };

  for (const [prefix, who] of [
    ["/api/v1/chat", webCaller],
    ["/api/v1/sdk/chat", sdkCaller],
  ] as const) {
    server.post<{ Params: { id: string } }>(`${prefix}/:id/init-session`, (request) => initSession(request, who));
    server.post<{ Params: { id: string } }>(`${prefix}/:id/message`, async (request) => (await message(request, who)).response);
    server.post<{ Params: { id: string } }>(`${prefix}/:id/message/stream`, (request, reply) => stream(request, reply, who));
  }

  server.get("/api/v1/sdk/personas", async (request) => personas.listPlayable(await sdkCaller(request)));

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

  server.post<{ Params: { id: string } }>("/api/v1/sdk/chat/:id/reset", async (request) => {
    const row = await persona(request, sdkCaller);
    const fromQuery = (request.query as { user_session_id?: unknown }).user_session_id;
    const body = parseQuery(ResetBody, fromQuery !== undefined ? { user_session_id: fromQuery } : request.body);
    return play.reset(row, body.user_session_id);
  });
}
