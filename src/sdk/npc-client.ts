/**
 * The NPC half of the SDK (`client.npc`): Foil Engine's routes as Dramatis serves them. Personas
 * (list, read, save, publish, delete), a player's progress, and chat over the game-SDK surface
 * (`/api/v1/sdk/chat/…`): open a session, send messages (whole or streamed as server-sent events),
 * read the session and its history, reset a machine. Bodies and answers use the wire's names.
 *
 * @example
 * const kael = (await client.npc.personas.list()).find((persona) => persona.name === "Merchant Kael")!;
 * const opening = await client.npc.chat.initSession(kael.id, { user_session_id: "player-1", player_name: "Arin" });
 * for await (const event of await client.npc.chat.messageStream(kael.id, { user_session_id: "player-1", message: "Hello!" })) {
 *   if (event.event === "text_delta") write(event.data.text);
 * }
 */
import type { z } from "zod";
import type {
  ChatHistory,
  InitSessionBody,
  InitSessionResponse,
  MachineInfo,
  MessageBody,
  MessageResponse,
  PersonaDetail,
  PersonaSummary,
  ProgressReset,
  ResetResult,
  SdkPersona,
  SessionStatus,
  StreamMetadata,
} from "../shared/npc-contract.ts";
import { DramatisApiError } from "./errors/dramatis-api-error.ts";
import { DramatisInvalidResponseError } from "./errors/dramatis-invalid-response-error.ts";
import { readEventStream } from "./event-stream.ts";
import type { NpcAvailableMachine, NpcDeleteResult, NpcPersonaDefinition, NpcPersonaFull, NpcProgress, NpcPublishResult, NpcSaveResult } from "./npc-wire.ts";
import { queryString, type RequestOptions, type Transport } from "./transport.ts";

export type NpcInitSessionInput = z.input<typeof InitSessionBody>;
export type NpcMessageInput = z.input<typeof MessageBody>;
/** Which player, and optionally which machine (else the one the player is in, or the entry). */
export interface NpcPlayerInput {
  user_session_id: string;
  machine_id?: string;
}

export interface NpcPersonaListQuery {
  /** Only published personas. */
  public_only?: boolean;
  /** Only the caller's own (drafts included unless `public_only`). */
  my_personas?: boolean;
  limit?: number;
}

/** One event of `…/message/stream`, in the order the server sends them: metadata, text deltas, then done (or error). */
export type NpcStreamEvent =
  | { event: "metadata"; data: StreamMetadata }
  | { event: "text_delta"; data: { text: string } }
  | { event: "done"; data: MessageResponse }
  | { event: "error"; data: { error: { code: string; message: string; details?: unknown; trace_id?: string } } };

/** The events of one streamed turn; iterate them once, or let `finish()` read them to the end. */
export interface NpcMessageStream extends AsyncIterable<NpcStreamEvent> {
  /**
   * Reads the stream to its end and answers the `done` turn, calling `onText` with each piece of
   * the reply as it arrives. An `error` event throws `DramatisApiError` (status 200: the stream had started).
   */
  finish(onText?: (text: string) => void): Promise<MessageResponse>;
}

export interface NpcClient {
  personas: {
    /** `GET /api/v1/personas`: what the caller may see (theirs and the published ones). */
    list(query?: NpcPersonaListQuery, options?: RequestOptions): Promise<PersonaSummary[]>;
    /** `GET /api/v1/sdk/personas`: the caller's published personas, a page at a time. */
    listPublished(page?: { limit?: number; offset?: number }, options?: RequestOptions): Promise<SdkPersona[]>;
    get(personaId: string, options?: RequestOptions): Promise<PersonaDetail>;
    /** The persona with its machines, variables and links; what `save` takes back to edit it. */
    full(personaId: string, options?: RequestOptions): Promise<NpcPersonaFull>;
    /** `POST /api/v1/creator/save`: a new persona, or a new version of `personaId`; `warnings` say what offline play cannot decide. */
    save(definition: NpcPersonaDefinition, options?: RequestOptions & { personaId?: string }): Promise<NpcSaveResult>;
    publish(personaId: string, options?: RequestOptions): Promise<NpcPublishResult>;
    delete(personaId: string, options?: RequestOptions): Promise<NpcDeleteResult>;
    /** A player's standing: finished machines, score, relationship, what is available now. */
    progress(personaId: string, userSessionId: string, options?: RequestOptions): Promise<NpcProgress>;
    /** Forgets everything the player did with the persona. */
    resetProgress(personaId: string, userSessionId: string, options?: RequestOptions): Promise<ProgressReset>;
    availableMachines(personaId: string, userSessionId: string, options?: RequestOptions): Promise<NpcAvailableMachine[]>;
  };
  chat: {
    /** Opens (or resumes) the player's session; the NPC's opening line is in `message`. */
    initSession(personaId: string, input: NpcInitSessionInput, options?: RequestOptions): Promise<InitSessionResponse>;
    message(personaId: string, input: NpcMessageInput, options?: RequestOptions): Promise<MessageResponse>;
    /**
     * The same turn as `message`, its reply read as server-sent events while it arrives. Resolves
     * once the server has answered 200 (a refused turn throws `DramatisApiError`, as `message` does).
     */
    messageStream(personaId: string, input: NpcMessageInput, options?: RequestOptions): Promise<NpcMessageStream>;
    session(personaId: string, input: NpcPlayerInput, options?: RequestOptions): Promise<SessionStatus>;
    history(personaId: string, input: NpcPlayerInput, options?: RequestOptions): Promise<ChatHistory>;
    /** Resets exactly one machine's session and result (the current one when `machine_id` is absent). */
    reset(personaId: string, input: NpcPlayerInput, options?: RequestOptions): Promise<ResetResult>;
    /** Every machine of the persona, with whether the player has a session in it and how it ended. */
    machines(personaId: string, userSessionId: string, options?: RequestOptions): Promise<MachineInfo[]>;
  };
}

const STREAM_EVENTS = new Set(["metadata", "text_delta", "done", "error"]);

export function createNpcClient(transport: Transport): NpcClient {
  const get = <Answer>(path: string, options?: RequestOptions) => transport.request("GET", path, undefined, options) as Promise<Answer>;
  const post = <Answer>(path: string, body: unknown, options?: RequestOptions) => transport.request("POST", path, body, options) as Promise<Answer>;
  const persona = (personaId: string) => `/api/v1/personas/${encodeURIComponent(personaId)}`;
  const chat = (personaId: string) => `/api/v1/sdk/chat/${encodeURIComponent(personaId)}`;
  /** The machine goes in the query, where Foil's routes read it; the rest is the body. */
  const turn = <Input extends { machine_id?: string }>(input: Input) => {
    const { machine_id, ...body } = input;
    return { query: queryString({ machine_id }), body };
  };

  return {
    personas: {
      list: (query = {}, options) => get(`/api/v1/personas${queryString({ ...query })}`, options),
      listPublished: (page = {}, options) => get(`/api/v1/sdk/personas${queryString({ ...page })}`, options),
      get: (personaId, options) => get(persona(personaId), options),
      full: (personaId, options) => get(`${persona(personaId)}/full`, options),
      save: (definition, { personaId, ...options } = {}) => post(`/api/v1/creator/save${queryString({ persona_id: personaId })}`, definition, options),
      publish: (personaId, options) => post(`/api/v1/creator/publish${queryString({ persona_id: personaId })}`, undefined, options),
      delete: (personaId, options) => transport.request("DELETE", persona(personaId), undefined, options) as Promise<NpcDeleteResult>,
      progress: (personaId, userSessionId, options) => get(`${persona(personaId)}/progress${queryString({ user_session_id: userSessionId })}`, options),
      resetProgress: (personaId, userSessionId, options) =>
        transport.request("DELETE", `${persona(personaId)}/progress${queryString({ user_session_id: userSessionId })}`, undefined, options) as Promise<ProgressReset>,
      availableMachines: (personaId, userSessionId, options) => get(`${persona(personaId)}/available-machines${queryString({ user_session_id: userSessionId })}`, options),
    },
    chat: {
      initSession: (personaId, input, options) => {
        const { query, body } = turn(input);
        return post(`${chat(personaId)}/init-session${query}`, body, options);
      },
      message: (personaId, input, options) => {
        const { query, body } = turn(input);
        return post(`${chat(personaId)}/message${query}`, body, options);
      },
      messageStream: async (personaId, input, options) => {
        const { query, body } = turn(input);
        const path = `${chat(personaId)}/message/stream${query}`;
        const response = await transport.stream("POST", path, body, options);
        if (!response.body) throw new DramatisInvalidResponseError(`POST ${path} answered 200 without a body`, response.status, null);
        const events = streamEvents(response.body, path, response.status);
        return { [Symbol.asyncIterator]: () => events, finish: (onText) => finishStream(events, onText) };
      },
      session: (personaId, input, options) => get(`${chat(personaId)}/session${queryString({ ...input })}`, options),
      history: (personaId, input, options) => get(`${chat(personaId)}/history${queryString({ ...input })}`, options),
      reset: (personaId, input, options) => post(`${chat(personaId)}/reset${queryString({ ...input })}`, undefined, options),
      machines: (personaId, userSessionId, options) => get(`${chat(personaId)}/machines${queryString({ user_session_id: userSessionId })}`, options),
    },
  };
}

/** The stream's events with their JSON read; an event we do not know is skipped (servers may add some). */
async function* streamEvents(body: ReadableStream<Uint8Array>, path: string, status: number): AsyncGenerator<NpcStreamEvent> {
  for await (const { event, data } of readEventStream(body)) {
    if (!STREAM_EVENTS.has(event)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw new DramatisInvalidResponseError(`POST ${path} sent a ${event} event whose data is not JSON`, status, data);
    }
    yield { event, data: parsed } as NpcStreamEvent;
  }
}

async function finishStream(events: AsyncIterable<NpcStreamEvent>, onText?: (text: string) => void): Promise<MessageResponse> {
  for await (const item of events) {
    if (item.event === "text_delta") onText?.(item.data.text);
    if (item.event === "done") return item.data;
    if (item.event === "error") throw new DramatisApiError({ status: 200, code: item.data.error.code, message: item.data.error.message, traceId: item.data.error.trace_id, body: item.data });
  }
  throw new DramatisInvalidResponseError("the stream ended without a done event", 200, null);
}
