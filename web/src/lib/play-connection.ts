/**
 * How a play page talks to the server about one persona and one player, through the SDK.
 *
 * With an API key in this browser (a creator testing, a signed-in player) it uses the SDK's chat
 * surface, which also reads a session's history and state back. A visitor without a key plays a
 * public persona on the web chat routes, which need no key: the SDK has no methods for those yet,
 * so the anonymous client sends no credentials and its chat calls go to `/api/v1/chat/…` instead
 * of `/api/v1/sdk/chat/…` (same bodies, same answers). Those routes have no history either, so an
 * anonymous visitor's transcript is kept in this browser (`history` answers null).
 */
import { createClient, type DramatisClient, type InitSessionResponse, type MessageResponse, type NpcAvailableMachine, type NpcPersonaFull, type NpcProgress } from "./dramatis.ts";

export interface TranscriptLine {
  role: "player" | "npc";
  content: string;
}

export interface MachineHistory {
  lines: TranscriptLine[];
  current_state: string | null;
  score: number;
  outcome: string | null;
}

export interface PlayConnection {
  /** Whether history and session state come from the server (else the page keeps the transcript). */
  readonly keepsHistory: boolean;
  full(): Promise<NpcPersonaFull>;
  progress(): Promise<NpcProgress>;
  available(): Promise<NpcAvailableMachine[]>;
  open(machineId: string, playerName: string | null): Promise<InitSessionResponse>;
  say(machineId: string, message: string): Promise<MessageResponse>;
  history(machineId: string): Promise<MachineHistory | null>;
  resetAll(): Promise<void>;
}

const SDK_CHAT = /^(\/api\/v1\/)sdk\/(chat\/[^/]+\/(?:init-session|message))(\?|$)/;

/** A fetch for visitors: no credentials, and chat turns on the web routes that need none. */
export function anonymousFetch(input: string, init: RequestInit): Promise<Response> {
  const url = new URL(input);
  url.pathname = url.pathname.replace(SDK_CHAT, "$1$2$3");
  const headers = new Headers(init.headers);
  headers.delete("authorization");
  return globalThis.fetch(url.toString(), { ...init, headers });
}

export function playConnection(personaId: string, player: string, apiKey: string | null, baseUrl = window.location.origin): PlayConnection {
  const client: DramatisClient = apiKey ? createClient({ baseUrl, token: apiKey }) : createClient({ baseUrl, token: "anonymous", fetch: anonymousFetch });
  const { personas, chat } = client.npc;
  return {
    keepsHistory: apiKey !== null,
    full: () => personas.full(personaId),
    progress: () => personas.progress(personaId, player),
    available: () => personas.availableMachines(personaId, player),
    open: (machineId, playerName) => chat.initSession(personaId, { user_session_id: player, machine_id: machineId, ...(playerName ? { player_name: playerName } : {}) }),
    say: (machineId, message) => chat.message(personaId, { user_session_id: player, machine_id: machineId, message }),
    history: async (machineId) => {
      if (!apiKey) return null;
      const history = await chat.history(personaId, { user_session_id: player, machine_id: machineId });
      return {
        lines: history.messages.map((message) => ({ role: message.role === "user" ? "player" : "npc", content: message.content })),
        current_state: history.current_state,
        score: history.score,
        outcome: history.outcome,
      };
    },
    resetAll: async () => {
      await personas.resetProgress(personaId, player);
    },
  };
}

/** This browser's player id (kept, so a reload or a return visit resumes), made on first visit. */
export function browserPlayerId(storage: Pick<Storage, "getItem" | "setItem"> = window.localStorage): string {
  const existing = storage.getItem("dramatis-player");
  if (existing) return existing;
  const made = typeof crypto.randomUUID === "function" ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
  storage.setItem("dramatis-player", made);
  return made;
}

/**
 * The transcript of an anonymous visitor, kept in this browser per persona, player and machine,
 * with the session it belongs to (a replay starts a new session, so its transcript starts over).
 */
export function localTranscript(personaId: string, player: string, machineId: string, storage: Pick<Storage, "getItem" | "setItem" | "removeItem"> = window.localStorage) {
  const key = `dramatis-transcript:${personaId}:${player}:${machineId}`;
  return {
    read(): { sessionId: string | null; lines: TranscriptLine[] } {
      try {
        const parsed = JSON.parse(storage.getItem(key) ?? "null") as { sessionId?: unknown; lines?: unknown } | null;
        return { sessionId: typeof parsed?.sessionId === "string" ? parsed.sessionId : null, lines: Array.isArray(parsed?.lines) ? (parsed.lines as TranscriptLine[]) : [] };
      } catch {
        return { sessionId: null, lines: [] };
      }
    },
    write(sessionId: string, lines: TranscriptLine[]): void {
      try {
        storage.setItem(key, JSON.stringify({ sessionId, lines: lines.slice(-200) }));
      } catch {
        // Storage refused (full, or a private window): a reload shows the NPC's last line only.
      }
    },
    clear(): void {
      storage.removeItem(key);
    },
  };
}
