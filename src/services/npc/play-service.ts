/**
 * NPC play over the store: opening machine sessions, one player message → one NPC turn, progress,
 * history and reset. The engine (`src/npc/`) decides; this file loads, locks and records.
 *
 * A turn (`init-session`, `message`) is computed outside any transaction, because the engine may
 * wait seconds on a language model and a transaction would hold a connection and the player's lock
 * that long (on embedded PGlite, the only connection: the whole server would wait). The turn then
 * commits in one atomic write that checks the player is still at the version the turn was computed
 * from, and writes the turn's events (`npc_events`), chat lines (`npc_messages`), session state
 * (`npc_sessions`) and the player's ledger together or not at all (`commit`). When another turn of
 * the same player committed meanwhile, the turn is computed again from the new state (at most
 * `TURN_ATTEMPTS` times in all), then answers 409 `conflict`.
 *
 * A turn costs the same at turn 1,000 as at turn 1: it reads the player's ledger (their events
 * folded, `npc/player-ledger.ts`) and the sessions that can matter, never the event list, and hands
 * a model only the latest lines of the session (`CONVERSATION_WINDOW`; none offline).
 *
 * Under load a turn costs one statement, shared: the player as this process last knew them
 * (`player-cache.ts`) and the persona row it last read (`PersonaService.playable`) are trusted to
 * compute the turn, and its write checks both versions — a player or persona changed elsewhere
 * writes nothing and the turn is computed again from a fresh read (not counted as an attempt).
 * Offline only: with a model provider, computing a turn twice would ask the model twice, so those
 * turns start from fresh reads. Concurrent turns are written in one statement
 * (`NpcRepository.commitTurn`).
 *
 * Rules chosen here (documented in docs/npc.md):
 * - `init-session` on a machine with a session still in play resumes it (same `session_id`, the
 *   NPC's last line as `message`); on a finished machine it starts a replay; on a locked one: 403.
 * - A message to a machine with no session opens one implicitly (its opening line is recorded in
 *   the history) and plays the message; to a finished machine: 409 `conflict`.
 * - No `machine_id`: the player's current machine, else the first available entry machine.
 * - `machine_id` takes a machine's id (or, for convenience, its `machine_key`); unknown: 404.
 * - When a machine ends and an `auto_advance` link unlocks a machine, that machine's session is
 *   opened in the same commit as the turn: it becomes the player's current machine.
 * - A session the author's edits left behind (its state removed, or made terminal: the engine's
 *   `staleSessionReason`) is not resumed: `init-session` opens a fresh one from the initial state,
 *   its `machine-start` saying why, and a message to it is 409 `conflict` asking for init-session.
 * - Resetting is exact: the SDK's reset removes one machine's sessions, chat and events (the machine
 *   named, else the one `…/session` shows: the current machine, else the first entry machine), so
 *   other machines keep their results and what those results unlocked; the web's
 *   `DELETE …/progress` removes the whole player on the persona.
 * - A request may carry the caller's model settings (`CallerLlmSettings`, Foil's `X-LLM-*`): with a
 *   model provider configured its turns are played with them; offline they change nothing.
 */
import { randomUUID } from "node:crypto";
import {
  availableMachines,
  openSession,
  playContextOf,
  SessionCompletedError,
  StaleSessionError,
  staleSessionReason,
  step,
  unlockedBy,
  type MachineSession,
  type NpcEvent,
  type PersonaDefinition,
  type Progress,
  type TurnResponse,
} from "../../npc/index.ts";
import { EMPTY_LEDGER, ledgerPlayerName, recordEvents, type PlayerLedger } from "../../npc/player-ledger.ts";
import { progressOf } from "../../npc/progress.ts";
import { CONVERSATION_WINDOW, OFFLINE_NPC_PLAY, type ConversationTurn, type NpcPlayParts } from "../../npc/ports.ts";
import type { Account } from "../../store/accounts.ts";
import { playerVersionOf, type NpcMessageRow, type PlayerEvent, type NpcPersonaRow, type NpcRepository, type NpcSessionRow, type StoredLedger, type TurnGuard, type TurnOutcome, type TurnWrite } from "../../store/npc.ts";
import type {
  ChatHistory,
  HistoryMessage,
  InitSessionResponse,
  MachineInfo,
  MigrateConflictRule,
  MigrateProgressResult,
  ProgressReset,
  ResetResult,
  SessionStatus,
  UnlockedMachineView,
  ValidateLlmKeyResult,
} from "../../shared/npc-contract.ts";
import { ServiceError } from "../errors.ts";
import { hasCallerSettings, OFFLINE_KEY_CHECK_ERROR, type CallerLlmSettings, type NpcPlayProvider } from "./caller-llm.ts";
import { migrateProgress } from "./progress-migration.ts";
import { afterTurn, PlayerCache, type KnownPlayer } from "./player-cache.ts";
import { storedDefinitionOf } from "./persona-service.ts";
import type { PlayedPersona } from "./played-persona.ts";
import { asPlayable, machineById, machineByKey, machineIdOf, type StoredDefinition, type StoredMachine } from "./stored-definition.ts";

export type { InitSessionResponse, UnlockedMachineView };

/** A turn's answer: the engine's response with the session it was played in and what it unlocked. */
export interface MessageResponse extends TurnResponse {
  session_id: string;
  unlocked_machines: UnlockedMachineView[];
}

export interface MessageResult {
  response: MessageResponse;
  machine: { id: string; key: string };
}

export interface ProgressView {
  persona_id: string;
  current_machine_id: string | null;
  relationship_level: number;
  total_score: number;
  completed_machines: Array<{ machine_id: string; machine_key: string; outcome: string; score: number; completed_at: string }>;
  available_machines: Array<{ machine_id: string; machine_key: string; name: string; description: string; is_linked: boolean; is_entry: boolean }>;
  /** Machine ids, in the order the player entered them (a replayed machine appears again). */
  route_path: string[];
  cross_machine_vars: Record<string, unknown>;
  has_links: boolean;
}

/** A persona row read just now (no version to check), or a `PlayedPersona`. */
export type PersonaInPlay = NpcPersonaRow | PlayedPersona;

function played(persona: PersonaInPlay): PlayedPersona {
  return "row" in persona ? persona : { row: persona, version: null, remembered: false };
}

interface PlayerState {
  /** The player's version when this state was read (`NpcRepository.playerVersion`). */
  version: string;
  /** What the player was read as (kept by `PlayerCache`). */
  known: KnownPlayer;
  /** Whether `known` is what this process knew before this turn rather than a fresh read. */
  remembered: boolean;
  stored: StoredDefinition;
  definition: PersonaDefinition;
  /** The player's events folded (`player-ledger.ts`), with the version of the event list it holds. */
  ledger: StoredLedger & { ledger: PlayerLedger };
  /** Whether that ledger was read from its row (else folded from the events: see `playerState`). */
  ledgerStored: boolean;
  progress: Progress;
  /** Per machine, its latest session and its latest unfinished one (`NpcRepository.readPlayer`). */
  sessions: NpcSessionRow[];
}

const stateOf = (row: NpcSessionRow) => row.state as MachineSession;

/** Computing a turn again after another turn of the same player committed first: attempts in all. */
export const TURN_ATTEMPTS = 3;

export const TURN_CONFLICT_MESSAGE = "this player's conversation changed while the reply was being written; send the message again";

interface PlayerIdentity {
  userSessionId: string;
  playerName: string | null;
  playerGender: string | null;
}

/** A machine session to open, computed with no write; `writeOpening` records it. */
interface Opening {
  /** Chosen here so the turn can name the session before it is stored. */
  sessionId: string;
  machineKey: string;
  player: PlayerIdentity;
  session: MachineSession;
  events: NpcEvent[];
  reply: string;
}

/** A turn computed from one read of the player's state: its answer, and the writes that record it. */
interface PreparedTurn<T> {
  result: T;
  /** Absent when the turn changes nothing (init-session resuming a session). */
  write?: TurnWrite;
}

/** A session's chat lines as the pluggable parts see them. */
function conversationOf(messages: readonly NpcMessageRow[]): ConversationTurn[] {
  return messages.map((message) => ({ role: message.role === "user" ? "player" : "npc", text: message.content }));
}

/** The session of a machine that matters now: the one in play, else the latest finished one. */
function currentSessionOf(sessions: readonly NpcSessionRow[], machineKey: string): NpcSessionRow | undefined {
  const ofMachine = sessions.filter((row) => row.machineKey === machineKey);
  return ofMachine.filter((row) => !stateOf(row).completed).at(-1) ?? ofMachine.at(-1);
}

/** How a turn computed from `state` checks, when written, that the player did not change since. */
function guardOf(state: PlayerState): TurnGuard {
  const version = { lastEventId: state.ledger.lastEventId, eventCount: state.ledger.eventCount };
  return state.ledgerStored ? { expected: version } : { absent: version };
}

/** Whether the session goes on: not finished, and still fitting the machine as it is defined now. */
function inPlay(row: NpcSessionRow, machine: StoredMachine): boolean {
  return !stateOf(row).completed && staleSessionReason(machine, stateOf(row)) === null;
}

/** What the `machine-start` of a session replacing a stale `previous` one says, or undefined. */
function replacementReason(previous: NpcSessionRow | undefined, machine: StoredMachine): string | undefined {
  const stale = previous ? staleSessionReason(machine, stateOf(previous)) : null;
  return previous && stale !== null ? `replaces session ${previous.id}, which can no longer be played: ${stale}` : undefined;
}

/** Who is playing, and with which model settings (a request's own, or none). */
interface TurnRequest {
  userSessionId: string;
  machineId?: string;
  llm?: CallerLlmSettings;
}

export class PlayService {
  /** Players as this process last knew them (see `player-cache.ts`). */
  private readonly players = new PlayerCache();

  constructor(
    private readonly npc: NpcRepository,
    private readonly parts: NpcPlayProvider = OFFLINE_NPC_PLAY,
  ) {}

  /** The parts one request plays with: the caller's model settings when a provider can use them. */
  private partsFor(llm: CallerLlmSettings | undefined): NpcPlayParts {
    return hasCallerSettings(llm) && this.parts.forCaller ? this.parts.forCaller(llm) : this.parts;
  }

  /**
   * What a turn needs of the player: the ledger of their events and the sessions that can matter —
   * as this process last knew them when `remembered` allows (a turn, whose write checks the
   * version), else read in one statement whose rows do not grow with their history. A player whose
   * ledger is missing (play recorded before ledgers existed, or a reset) has it folded from the
   * events once; their next turn stores it.
   */
  private async playerState(persona: NpcPersonaRow, userSessionId: string, { remembered = false } = {}): Promise<PlayerState> {
    const stored = storedDefinitionOf(persona);
    const definition = asPlayable(stored);
    const kept = remembered ? this.players.get(persona.id, userSessionId) : undefined;
    const known = kept ?? (await this.readPlayer(persona.id, userSessionId));
    const ledger = known.ledger;
    const playerLedger = ledger.ledger as PlayerLedger;
    return {
      version: playerVersionOf(ledger.lastEventId, ledger.eventCount),
      known,
      remembered: kept !== undefined,
      stored,
      definition,
      ledger: { ...ledger, ledger: playerLedger },
      ledgerStored: known.ledgerStored,
      progress: progressOf(definition, playerLedger),
      sessions: known.sessions,
    };
  }

  /** The player as the store holds them now; kept for their next turn. */
  private async readPlayer(personaId: string, userSessionId: string): Promise<KnownPlayer> {
    const read = await this.npc.readPlayer(personaId, userSessionId);
    const known = { ledger: read.ledger ?? ledgerFromEvents(read.events ?? []), ledgerStored: read.ledger !== null, sessions: read.sessions };
    this.players.set(personaId, userSessionId, known);
    return known;
  }

  /** The machine a request names, or the default one (see the header). */
  private resolveMachine(state: PlayerState, machineId: string | undefined): StoredMachine {
    if (machineId !== undefined && machineId !== "") {
      const machine = machineById(state.stored, machineId) ?? machineByKey(state.stored, machineId);
      if (!machine) throw ServiceError.notFound("machine");
      return machine;
    }
    const current = state.progress.current_machine_key;
    if (current) {
      const machine = machineByKey(state.stored, current);
      if (machine) return machine;
    }
    const available = state.progress.available_machines;
    const entry = available.find((machine) => machine.is_entry || !machine.is_linked) ?? available[0];
    const machine = entry ? machineByKey(state.stored, entry.machine_key) : undefined;
    if (!machine) throw ServiceError.notFound("machine");
    return machine;
  }

  private ensureAvailable(state: PlayerState, machine: StoredMachine): void {
    if (!state.progress.available_machines.some((available) => available.machine_key === machine.machine_key)) {
      throw ServiceError.forbidden(`machine "${machine.machine_key}" is locked for this player: finish the machine that unlocks it first`);
    }
  }

  /**
   * What a turn writes: its sessions, chat lines and events, and the player's ledger folding those
   * events into the one the turn was computed from (so the stored ledger always folds exactly the
   * stored events).
   */
  private turnWrite(persona: NpcPersonaRow, userSessionId: string, state: PlayerState, parts: Omit<TurnWrite, "personaId" | "userSessionId" | "ledger" | "eventCount">): TurnWrite {
    const events = parts.events.map((entry) => entry.event as NpcEvent);
    return { personaId: persona.id, userSessionId, ...parts, ledger: recordEvents(state.ledger.ledger, events), eventCount: state.ledger.eventCount + events.length };
  }

  /**
   * Computes one turn from the player's state, with no transaction open while it runs (it may wait
   * on a model), then commits it if neither the player nor the persona changed since they were read;
   * otherwise computes it again. A turn computed from what this process remembered (player or
   * persona) that turns out out of date, or that writes nothing (whose answer nothing would check),
   * is computed again from fresh reads without counting as an attempt; a conflict with fresh reads
   * counts, `TURN_ATTEMPTS` in all. See the header.
   */
  private async playTurn<T>(
    persona: PersonaInPlay,
    userSessionId: string,
    prepare: (persona: NpcPersonaRow, state: PlayerState) => Promise<PreparedTurn<T>>,
  ): Promise<T> {
    let current = played(persona);
    // With a model, computing a turn again costs a model's time and tokens, a read almost nothing:
    // such turns are computed from fresh reads only.
    let remembered = this.playsOffline();
    if (!remembered && current.remembered && current.reload) current = await current.reload();
    for (let attempt = 1; attempt <= TURN_ATTEMPTS; ) {
      const state = await this.playerState(current.row, userSessionId, { remembered });
      const fromMemory = state.remembered || current.remembered;
      const turn = await prepare(current.row, state);
      const write = turn.write;
      if (!write && !fromMemory) return turn.result;
      const outcome: TurnOutcome = write ? await this.npc.commitTurn(write, guardOf(state), current.version) : { status: "stale" };
      if (outcome.status === "written" && write) {
        this.players.set(current.row.id, userSessionId, afterTurn(state.known, write, outcome));
        return turn.result;
      }
      if (outcome.status === "persona-changed" || (!write && current.remembered)) {
        current = current.reload ? await current.reload() : { ...current, remembered: false };
      }
      if (outcome.status === "stale") this.players.forget(current.row.id, userSessionId, state.known);
      remembered = false;
      if (!fromMemory) attempt += 1;
    }
    throw ServiceError.conflict(TURN_CONFLICT_MESSAGE);
  }

  /** A new session of `machine` with its opening line (which a model may write); writes nothing. */
  private async prepareOpening(
    parts: NpcPlayParts,
    state: PlayerState,
    machine: StoredMachine,
    player: PlayerIdentity,
    progress: Progress = state.progress,
    reason?: string,
  ): Promise<Opening> {
    // A player who gave a name before (at an earlier init-session, or in conversation) keeps it.
    if (!player.playerName) player = { ...player, playerName: ledgerPlayerName(state.ledger.ledger) };
    const opened = await openSession(state.definition, machine.machine_key, {
      ...(reason === undefined ? {} : { reason }),
      at: new Date().toISOString(),
      user_session_id: player.userSessionId,
      player_name: player.playerName,
      player_gender: player.playerGender,
      context: playContextOf(progress),
      replyWriter: parts.forTurn([]).replyWriter,
    });
    return { sessionId: randomUUID(), machineKey: machine.machine_key, player, session: opened.session, events: opened.events, reply: opened.reply };
  }

  /** An opening's session (in `state`, the session after the turn that opened it), opening line and events. */
  private openingWrite(opening: Opening, state: MachineSession = opening.session, now = new Date()) {
    return {
      session: { id: opening.sessionId, machineKey: opening.machineKey, playerName: opening.player.playerName, playerGender: opening.player.playerGender, state, updatedAt: now },
      message: { sessionId: opening.sessionId, role: "assistant", content: opening.reply, stateKeyAtTime: opening.session.current_state, scoreAtTime: 0 },
      events: opening.events.map((event) => ({ sessionId: opening.sessionId, event })),
    };
  }

  /**
   * The chat a turn hands its pluggable parts: the latest lines of the machine's latest session,
   * as many as the parts read (none offline), never the whole conversation.
   */
  private async conversation(parts: NpcPlayParts, state: PlayerState, machineKey: string, implicit: Opening | undefined): Promise<ConversationTurn[]> {
    if (implicit) return [{ role: "npc", text: implicit.reply }];
    const latest = state.sessions.filter((row) => row.machineKey === machineKey).at(-1);
    const window = parts.conversationWindow ?? CONVERSATION_WINDOW;
    return latest && window > 0 ? conversationOf(await this.npc.recentMessages(latest.id, window)) : [];
  }

  async initSession(persona: PersonaInPlay, request: TurnRequest & { playerName?: string | null; playerGender?: string | null }): Promise<InitSessionResponse> {
    const parts = this.partsFor(request.llm);
    return this.playTurn(persona, request.userSessionId, async (row, state): Promise<PreparedTurn<InitSessionResponse>> => {
      const machine = this.resolveMachine(state, request.machineId);
      const existing = currentSessionOf(state.sessions, machine.machine_key);
      const base = { user_session_id: request.userSessionId, persona_name: row.name, persona_description: row.description, machine_id: machine.id };
      if (existing && inPlay(existing, machine)) {
        const session = stateOf(existing);
        return { result: { ...base, message: session.last_reply ?? "", session_id: existing.id, player_name: existing.playerName, player_gender: existing.playerGender } };
      }
      this.ensureAvailable(state, machine);
      const player = { userSessionId: request.userSessionId, playerName: request.playerName ?? null, playerGender: request.playerGender ?? null };
      const opening = await this.prepareOpening(parts, state, machine, player, state.progress, replacementReason(existing, machine));
      return {
        result: { ...base, message: opening.reply, session_id: opening.sessionId, player_name: opening.player.playerName, player_gender: player.playerGender },
        write: (() => {
          const opened = this.openingWrite(opening);
          return this.turnWrite(row, request.userSessionId, state, { openSessions: [opened.session], messages: [opened.message], events: opened.events });
        })(),
      };
    });
  }

  async sendMessage(persona: PersonaInPlay, request: TurnRequest & { message: string }): Promise<MessageResult> {
    const parts = this.partsFor(request.llm);
    return this.playTurn(persona, request.userSessionId, (row, state) => this.prepareMessage(parts, row, state, request));
  }

  private async prepareMessage(parts: NpcPlayParts, persona: NpcPersonaRow, state: PlayerState, request: TurnRequest & { message: string }): Promise<PreparedTurn<MessageResult>> {
    const machine = this.resolveMachine(state, request.machineId);
    const existing = currentSessionOf(state.sessions, machine.machine_key);
    let implicit: Opening | undefined;
    let current: { id: string; player: PlayerIdentity; session: MachineSession };
    if (existing) {
      current = { id: existing.id, player: { userSessionId: request.userSessionId, playerName: existing.playerName, playerGender: existing.playerGender }, session: stateOf(existing) };
    } else {
      this.ensureAvailable(state, machine);
      implicit = await this.prepareOpening(parts, state, machine, { userSessionId: request.userSessionId, playerName: null, playerGender: null });
      current = { id: implicit.sessionId, player: implicit.player, session: implicit.session };
    }
    const session = current.session;
    if (session.completed) {
      throw ServiceError.conflict(
        `machine "${machine.machine_key}" already ended (${session.outcome}) for this user_session_id; call init-session to play it again`,
      );
    }

    let result;
    try {
      result = await step(state.definition, machine, session, request.message, {
        at: new Date().toISOString(),
        context: playContextOf(state.progress),
        ...parts.forTurn(await this.conversation(parts, state, machine.machine_key, implicit)),
      });
    } catch (error) {
      if (SessionCompletedError.isInstance(error)) throw ServiceError.conflict(error.message);
      if (StaleSessionError.isInstance(error)) {
        throw ServiceError.conflict(`${error.message}; call init-session to start machine "${machine.machine_key}" again`);
      }
      throw error;
    }

    const unlocked: UnlockedMachineView[] = [];
    let advance: Opening | undefined;
    if (result.response.machine_completed) {
      const after = progressOf(state.definition, recordEvents(state.ledger.ledger, [...(implicit?.events ?? []), ...result.events]));
      for (const machineUnlocked of unlockedBy(state.definition, machine.machine_key, after)) {
        unlocked.push({ machine_id: machineIdOf(state.stored, machineUnlocked.machine_key), ...machineUnlocked });
      }
      const next = unlocked.find((candidate) => candidate.is_auto_advance);
      const nextMachine = next ? machineByKey(state.stored, next.machine_key) : undefined;
      const alreadyOpen = nextMachine ? currentSessionOf(state.sessions, nextMachine.machine_key) : undefined;
      if (nextMachine && !(alreadyOpen && inPlay(alreadyOpen, nextMachine))) {
        advance = await this.prepareOpening(parts, state, nextMachine, current.player, after, replacementReason(alreadyOpen, nextMachine));
      }
    }

    // An implicit opening's session is written once, with its state after this turn.
    const now = new Date();
    const opened = implicit ? this.openingWrite(implicit, result.session, now) : undefined;
    const advanced = advance ? this.openingWrite(advance, advance.session, now) : undefined;
    const common = { sessionId: current.id };
    const write = this.turnWrite(persona, request.userSessionId, state, {
      openSessions: [opened?.session, advanced?.session].filter((session) => session !== undefined),
      ...(implicit ? {} : { updateSession: { id: current.id, state: result.session, updatedAt: now } }),
      messages: [
        ...(opened ? [opened.message] : []),
        { ...common, role: "user", content: request.message, stateKeyAtTime: session.current_state, scoreAtTime: Math.round(session.score) },
        {
          ...common,
          role: "assistant",
          content: result.reply,
          stateKeyAtTime: result.response.current_state,
          scoreAtTime: Math.round(result.response.score),
          decision: result.response.decision,
          followUpTriggered: result.response.follow_up,
        },
        ...(advanced ? [advanced.message] : []),
      ],
      events: [...(opened?.events ?? []), ...result.events.map((event) => ({ sessionId: current.id, event })), ...(advanced?.events ?? [])],
    });
    return {
      result: { response: { ...result.response, session_id: current.id, unlocked_machines: unlocked }, machine: { id: machine.id, key: machine.machine_key } },
      write,
    };
  }

  async progress(persona: NpcPersonaRow, userSessionId: string): Promise<ProgressView> {
    const { stored, progress } = await this.playerState(persona, userSessionId);
    return progressView(persona.id, stored, progress);
  }

  async availableMachines(persona: NpcPersonaRow, userSessionId: string): Promise<ProgressView["available_machines"]> {
    return (await this.progress(persona, userSessionId)).available_machines;
  }

  /** The SDK's machine list: the available machines and whether the player has played them. */
  async sdkMachines(persona: NpcPersonaRow, userSessionId: string): Promise<MachineInfo[]> {
    const state = await this.playerState(persona, userSessionId);
    return availableMachines(state.definition, state.progress).map((available) => {
      const session = currentSessionOf(state.sessions, available.machine_key);
      return {
        machine_id: machineIdOf(state.stored, available.machine_key),
        machine_key: available.machine_key,
        name: available.name,
        description: available.description,
        has_session: session !== undefined,
        session_outcome: session ? stateOf(session).outcome : null,
        is_linked: available.is_linked,
      };
    });
  }

  private async sessionFor(persona: NpcPersonaRow, userSessionId: string, machineId: string | undefined) {
    const state = await this.playerState(persona, userSessionId);
    const machine = this.resolveMachine(state, machineId);
    return { state, machine, row: currentSessionOf(state.sessions, machine.machine_key) };
  }

  /** The current session of a machine (the one in play, else the latest finished one); 404 without one. */
  async session(persona: NpcPersonaRow, userSessionId: string, machineId: string | undefined): Promise<SessionStatus> {
    const { machine, row } = await this.sessionFor(persona, userSessionId, machineId);
    if (!row) throw ServiceError.notFound("session", `no session of machine "${machine.machine_key}" for this user_session_id: call init-session first`);
    const session = stateOf(row);
    const times = sessionTimes(row);
    return {
      session_id: row.id,
      persona_id: persona.id,
      machine_id: machine.id,
      machine_key: machine.machine_key,
      user_session_id: row.userSessionId,
      player_name: row.playerName,
      player_gender: row.playerGender,
      current_state: session.current_state,
      score: session.score,
      outcome: session.outcome,
      machine_completed: session.completed,
      scoring_mode: machine.scoring_mode,
      redirect_count: session.redirect_count,
      turn: session.turn,
      variables: session.vars,
      ...times,
      created_at: times.started_at,
      updated_at: times.last_message_at,
    };
  }

  /**
   * Foil's `ChatHistory`: the chat of a machine's current session, oldest first, with the session's
   * summary beside it. Never played: no messages, a null summary and score 0 (what Foil's models
   * read as "nothing yet").
   */
  async history(persona: NpcPersonaRow, userSessionId: string, machineId: string | undefined): Promise<ChatHistory> {
    const { machine, row } = await this.sessionFor(persona, userSessionId, machineId);
    const base = { persona_id: persona.id, machine_id: machine.id };
    if (!row) {
      return { ...base, session_id: null, current_state: null, score: 0, outcome: null, player_name: null, player_gender: null, started_at: null, last_message_at: null, messages: [] };
    }
    const session = stateOf(row);
    const messages = await this.npc.sessionMessages(row.id);
    return {
      ...base,
      session_id: row.id,
      current_state: session.current_state,
      score: session.score,
      outcome: session.outcome,
      player_name: row.playerName,
      player_gender: row.playerGender,
      ...sessionTimes(row),
      messages: messages.map(historyMessage),
    };
  }

  /** `DELETE …/progress`: clears this player's progress, sessions and chats on this persona; other players keep theirs. */
  async resetPlayer(persona: NpcPersonaRow, userSessionId: string): Promise<ProgressReset> {
    const removed = await this.npc.transaction(async (tx) => {
      await this.npc.lockPlayer(tx, persona.id, userSessionId);
      return this.npc.deletePlayer(tx, persona.id, userSessionId);
    });
    this.players.forget(persona.id, userSessionId);
    return { persona_id: persona.id, user_session_id: userSessionId, reset: true, sessions_deleted: removed.sessions };
  }

  /**
   * The SDK's reset: exactly one machine's sessions, chat and events for this player (the machine
   * named, else the one `session` shows). Its result leaves progress; the other machines keep
   * theirs, and what they unlocked stays unlocked. Answers Foil's `ResetResult`.
   */
  async resetMachine(persona: NpcPersonaRow, userSessionId: string, machineId: string | undefined): Promise<ResetResult> {
    const { machine, row } = await this.sessionFor(persona, userSessionId, machineId);
    const removed = await this.npc.transaction(async (tx) => {
      await this.npc.lockPlayer(tx, persona.id, userSessionId);
      return this.npc.deletePlayerMachine(tx, persona.id, userSessionId, machine.machine_key);
    });
    this.players.forget(persona.id, userSessionId);
    const count = removed.sessionIds.length;
    const message =
      count === 0
        ? `machine "${machine.machine_key}" had no session for this user_session_id: nothing to reset`
        : `machine "${machine.machine_key}" reset for this user_session_id: ${count} session${count === 1 ? "" : "s"} and ${count === 1 ? "its" : "their"} result removed; other machines keep theirs`;
    return {
      session_id: row?.id ?? removed.sessionIds.at(-1) ?? null,
      message,
      persona_id: persona.id,
      user_session_id: userSessionId,
      machine_id: machine.id,
      reset: true,
      sessions_deleted: count,
    };
  }

  /** Moves a player's progress on the caller's personas to another `user_session_id` (see progress-migration.ts). */
  async migrateProgress(
    caller: Account,
    request: { oldSessionId: string; newSessionId?: string; personaId?: string; onConflict: MigrateConflictRule },
  ): Promise<MigrateProgressResult> {
    try {
      return await migrateProgress(this.npc, caller, request);
    } finally {
      // Not needed for correctness (a moved player's version changed), but their next turns need not find out.
      this.players.forgetPlayers([request.oldSessionId, request.newSessionId ?? caller.id]);
    }
  }

  /** What this process remembers of a player for their next turn (see `player-cache.ts`), if anything. */
  rememberedPlayer(personaId: string, userSessionId: string): KnownPlayer | undefined {
    return this.players.get(personaId, userSessionId);
  }

  /** Whether this server plays with no model provider (offline-play warnings then apply). */
  playsOffline(): boolean {
    return this.parts.checkCaller === undefined;
  }

  /** `validate-llm-key`: one real call with the caller's settings, or why none is made offline. */
  async checkLlmKey(llm: CallerLlmSettings, model: string | undefined): Promise<ValidateLlmKeyResult> {
    if (!this.parts.checkCaller) return { valid: false, model: model ?? llm.model ?? null, error: OFFLINE_KEY_CHECK_ERROR };
    return this.parts.checkCaller(llm, model);
  }
}

/** Foil's names for a session's times: when it opened, and its latest line (every turn updates the row). */
function sessionTimes(row: NpcSessionRow): { started_at: string; last_message_at: string } {
  return { started_at: row.createdAt.toISOString(), last_message_at: row.updatedAt.toISOString() };
}

function historyMessage(row: NpcMessageRow): HistoryMessage {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    state_key_at_time: row.stateKeyAtTime,
    score_at_time: row.scoreAtTime,
    decision: row.decision,
    follow_up_triggered: row.followUpTriggered,
    created_at: row.createdAt.toISOString(),
  };
}

export function progressView(personaId: string, stored: StoredDefinition, progress: Progress): ProgressView {
  const idOf = (key: string) => machineIdOf(stored, key);
  return {
    persona_id: personaId,
    current_machine_id: progress.current_machine_key === null ? null : idOf(progress.current_machine_key),
    relationship_level: progress.relationship_level,
    total_score: progress.total_score,
    completed_machines: progress.completed_machines.map((machine) => ({ machine_id: idOf(machine.machine_key), ...machine })),
    available_machines: progress.available_machines.map((machine) => ({ machine_id: idOf(machine.machine_key), ...machine })),
    route_path: progress.route_path.map(idOf),
    cross_machine_vars: progress.cross_machine_vars,
    has_links: progress.has_links,
  };
}

/** A player with no ledger row: their events (read with them, `PlayerRead.events`) folded into one. */
function ledgerFromEvents(events: readonly PlayerEvent[]): StoredLedger {
  return { ledger: recordEvents(EMPTY_LEDGER, events.map((event) => event.payload as NpcEvent)), lastEventId: events.at(-1)?.id ?? 0, eventCount: events.length };
}
