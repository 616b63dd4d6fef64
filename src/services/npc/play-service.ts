/**
 * NPC play over the store: opening machine sessions, one player message → one NPC turn, progress,
 * history and reset. The engine (`src/npc/`) decides; this file loads, locks and records. Each call
 * that changes anything is one transaction holding the player's lock: the turn's events
 * (`npc_events`), its chat lines (`npc_messages`) and the session state (`npc_sessions`) are written
 * together or not at all.
 *
 * Rules chosen here (documented in docs/npc.md):
 * - `init-session` on a machine with a session still in play resumes it (same `session_id`, the
 *   NPC's last line as `message`); on a finished machine it starts a replay; on a locked one: 403.
 * - A message to a machine with no session opens one implicitly (its opening line is recorded in
 *   the history) and plays the message; to a finished machine: 409 `conflict`.
 * - No `machine_id`: the player's current machine, else the first available entry machine.
 * - `machine_id` takes a machine's id (or, for convenience, its `machine_key`); unknown: 404.
 * - When a machine ends and an `auto_advance` link unlocks a machine, that machine's session is
 *   opened in the same transaction: it becomes the player's current machine.
 */
import {
  availableMachines,
  deriveProgress,
  openSession,
  playContextOf,
  SessionCompletedError,
  step,
  unlockedBy,
  type MachineSession,
  type NpcEvent,
  type PlayDeps,
  type PersonaDefinition,
  type Progress,
  type TurnResponse,
} from "../../npc/index.ts";
import type { Transaction } from "../../store/accounts.ts";
import type { NpcMessageRow, NpcPersonaRow, NpcRepository, NpcSessionRow } from "../../store/npc.ts";
import { ApiError } from "../../api/errors.ts";
import { storedDefinitionOf } from "./persona-service.ts";
import { asPlayable, machineById, machineByKey, machineIdOf, type StoredDefinition, type StoredMachine } from "./stored-definition.ts";

export interface InitSessionResponse {
  message: string;
  session_id: string;
  user_session_id: string;
  persona_name: string;
  persona_description: string;
  player_name: string | null;
  player_gender: string | null;
  machine_id: string;
}

export interface UnlockedMachineView {
  machine_id: string;
  machine_key: string;
  name: string;
  is_auto_advance: boolean;
}

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

interface PlayerState {
  stored: StoredDefinition;
  definition: PersonaDefinition;
  events: NpcEvent[];
  progress: Progress;
  sessions: NpcSessionRow[];
}

const stateOf = (row: NpcSessionRow) => row.state as MachineSession;

/** One line of a machine session's chat, oldest first, as the LLM parts see it. */
export interface ConversationTurn {
  role: "player" | "npc";
  text: string;
}

/**
 * The pluggable parts of NPC play (judge, reply writer, extractor), chosen in `src/providers.ts`:
 * none offline (the engine's rules and lines), an LLM's when `DRAMATIS_MODEL` names one. With a
 * judge the engine plays `hybrid` unless a machine sets its own `decision_mode`.
 */
export interface NpcPlayParts {
  description: string;
  forTurn(conversation: readonly ConversationTurn[]): Pick<PlayDeps, "judge" | "replyWriter" | "extractor">;
}

export const OFFLINE_NPC_PLAY: NpcPlayParts = { description: "offline", forTurn: () => ({}) };

/** The chat of the machine's latest session in `events` (from its last `machine-start`). */
export function conversationOf(events: readonly NpcEvent[], machineKey: string): ConversationTurn[] {
  let start = -1;
  events.forEach((event, index) => {
    if (event.type === "machine-start" && event.machine_key === machineKey) start = index;
  });
  const turns: ConversationTurn[] = [];
  for (const event of events.slice(start + 1)) {
    if (event.machine_key !== machineKey) continue;
    if (event.type === "message-received") turns.push({ role: "player", text: event.message });
    else if (event.type === "reply-sent") turns.push({ role: "npc", text: event.message });
  }
  return turns;
}

/** The session of a machine that matters now: the one in play, else the latest finished one. */
function currentSessionOf(sessions: readonly NpcSessionRow[], machineKey: string): NpcSessionRow | undefined {
  const ofMachine = sessions.filter((row) => row.machineKey === machineKey);
  return ofMachine.filter((row) => !stateOf(row).completed).at(-1) ?? ofMachine.at(-1);
}

export class PlayService {
  constructor(
    private readonly npc: NpcRepository,
    private readonly parts: NpcPlayParts = OFFLINE_NPC_PLAY,
  ) {}

  private async playerState(persona: NpcPersonaRow, userSessionId: string, executor?: Transaction): Promise<PlayerState> {
    const stored = storedDefinitionOf(persona);
    const definition = asPlayable(stored);
    const rows = await this.npc.playerEvents(persona.id, userSessionId, executor);
    const events = rows.map((row) => row.payload as NpcEvent);
    const sessions = await this.npc.playerSessions(persona.id, userSessionId, executor);
    return { stored, definition, events, progress: deriveProgress(definition, events), sessions };
  }

  /** The machine a request names, or the default one (see the header). */
  private resolveMachine(state: PlayerState, machineId: string | undefined): StoredMachine {
    if (machineId !== undefined && machineId !== "") {
      const machine = machineById(state.stored, machineId) ?? machineByKey(state.stored, machineId);
      if (!machine) throw ApiError.notFound("machine");
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
    if (!machine) throw ApiError.notFound("machine");
    return machine;
  }

  private ensureAvailable(state: PlayerState, machine: StoredMachine): void {
    if (!state.progress.available_machines.some((available) => available.machine_key === machine.machine_key)) {
      throw ApiError.forbidden(`machine "${machine.machine_key}" is locked for this player: finish the machine that unlocks it first`);
    }
  }

  private async record(tx: Transaction, persona: NpcPersonaRow, userSessionId: string, sessionId: string, events: readonly NpcEvent[]): Promise<void> {
    await this.npc.appendEvents(
      tx,
      events.map((event) => ({ personaId: persona.id, userSessionId, sessionId, type: event.type, payload: event, createdAt: new Date(event.at) })),
    );
  }

  /** Opens a new session of `machine` and records its start and opening line. */
  private async open(
    tx: Transaction,
    persona: NpcPersonaRow,
    state: PlayerState,
    machine: StoredMachine,
    player: { userSessionId: string; playerName: string | null; playerGender: string | null },
    progress: Progress = state.progress,
  ): Promise<{ row: NpcSessionRow; reply: string; events: NpcEvent[] }> {
    const opened = await openSession(state.definition, machine.machine_key, {
      at: new Date().toISOString(),
      user_session_id: player.userSessionId,
      player_name: player.playerName,
      player_gender: player.playerGender,
      context: playContextOf(progress),
      replyWriter: this.parts.forTurn([]).replyWriter,
    });
    const row = await this.npc.insertSession(tx, {
      personaId: persona.id,
      machineKey: machine.machine_key,
      userSessionId: player.userSessionId,
      playerName: player.playerName,
      playerGender: player.playerGender,
      state: opened.session,
    });
    await this.record(tx, persona, player.userSessionId, row.id, opened.events);
    await this.npc.insertMessages(tx, [
      {
        sessionId: row.id,
        personaId: persona.id,
        userSessionId: player.userSessionId,
        role: "assistant",
        content: opened.reply,
        stateKeyAtTime: opened.session.current_state,
        scoreAtTime: 0,
      },
    ]);
    return { row, reply: opened.reply, events: opened.events };
  }

  async initSession(
    persona: NpcPersonaRow,
    request: { userSessionId: string; machineId?: string; playerName?: string | null; playerGender?: string | null },
  ): Promise<InitSessionResponse> {
    return this.npc.transaction(async (tx) => {
      await this.npc.lockPlayer(tx, persona.id, request.userSessionId);
      const state = await this.playerState(persona, request.userSessionId, tx);
      const machine = this.resolveMachine(state, request.machineId);
      const existing = currentSessionOf(state.sessions, machine.machine_key);
      const base = { user_session_id: request.userSessionId, persona_name: persona.name, persona_description: persona.description, machine_id: machine.id };
      if (existing && !stateOf(existing).completed) {
        const session = stateOf(existing);
        return { ...base, message: session.last_reply ?? "", session_id: existing.id, player_name: existing.playerName, player_gender: existing.playerGender };
      }
      this.ensureAvailable(state, machine);
      const player = { userSessionId: request.userSessionId, playerName: request.playerName ?? null, playerGender: request.playerGender ?? null };
      const opened = await this.open(tx, persona, state, machine, player);
      return { ...base, message: opened.reply, session_id: opened.row.id, player_name: player.playerName, player_gender: player.playerGender };
    });
  }

  async sendMessage(persona: NpcPersonaRow, request: { userSessionId: string; machineId?: string; message: string }): Promise<MessageResult> {
    return this.npc.transaction(async (tx) => {
      await this.npc.lockPlayer(tx, persona.id, request.userSessionId);
      const state = await this.playerState(persona, request.userSessionId, tx);
      const machine = this.resolveMachine(state, request.machineId);
      let sessionRow = currentSessionOf(state.sessions, machine.machine_key);
      const history = [...state.events];
      if (!sessionRow) {
        this.ensureAvailable(state, machine);
        const opened = await this.open(tx, persona, state, machine, { userSessionId: request.userSessionId, playerName: null, playerGender: null });
        sessionRow = opened.row;
        history.push(...opened.events);
      }
      const session = stateOf(sessionRow);
      if (session.completed) {
        throw new ApiError(
          "conflict",
          `machine "${machine.machine_key}" already ended (${session.outcome}) for this user_session_id; call init-session to play it again`,
        );
      }

      let result;
      try {
        result = await step(state.definition, machine, session, request.message, {
          at: new Date().toISOString(),
          context: playContextOf(state.progress),
          ...this.parts.forTurn(conversationOf(history, machine.machine_key)),
        });
      } catch (error) {
        if (SessionCompletedError.isInstance(error)) throw new ApiError("conflict", error.message);
        throw error;
      }
      await this.npc.updateSessionState(tx, sessionRow.id, result.session);
      await this.record(tx, persona, request.userSessionId, sessionRow.id, result.events);
      const common = { sessionId: sessionRow.id, personaId: persona.id, userSessionId: request.userSessionId };
      await this.npc.insertMessages(tx, [
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
      ]);
      history.push(...result.events);

      const unlocked: UnlockedMachineView[] = [];
      if (result.response.machine_completed) {
        const after = deriveProgress(state.definition, history);
        for (const machineUnlocked of unlockedBy(state.definition, machine.machine_key, after)) {
          unlocked.push({ machine_id: machineIdOf(state.stored, machineUnlocked.machine_key), ...machineUnlocked });
        }
        const next = unlocked.find((candidate) => candidate.is_auto_advance);
        const nextMachine = next ? machineByKey(state.stored, next.machine_key) : undefined;
        const alreadyOpen = nextMachine ? currentSessionOf(state.sessions, nextMachine.machine_key) : undefined;
        if (nextMachine && !(alreadyOpen && !stateOf(alreadyOpen).completed)) {
          const player = { userSessionId: request.userSessionId, playerName: sessionRow.playerName, playerGender: sessionRow.playerGender };
          await this.open(tx, persona, state, nextMachine, player, after);
        }
      }
      return {
        response: { ...result.response, session_id: sessionRow.id, unlocked_machines: unlocked },
        machine: { id: machine.id, key: machine.machine_key },
      };
    });
  }

  async progress(persona: NpcPersonaRow, userSessionId: string): Promise<ProgressView> {
    const { stored, progress } = await this.playerState(persona, userSessionId);
    return progressView(persona.id, stored, progress);
  }

  async availableMachines(persona: NpcPersonaRow, userSessionId: string): Promise<ProgressView["available_machines"]> {
    return (await this.progress(persona, userSessionId)).available_machines;
  }

  /** The SDK's machine list: the available machines and whether the player has played them. */
  async sdkMachines(persona: NpcPersonaRow, userSessionId: string) {
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
    return { machine, row: currentSessionOf(state.sessions, machine.machine_key) };
  }

  /** The current session of a machine (the one in play, else the latest finished one); 404 without one. */
  async session(persona: NpcPersonaRow, userSessionId: string, machineId: string | undefined) {
    const { machine, row } = await this.sessionFor(persona, userSessionId, machineId);
    if (!row) throw ApiError.notFound(`session of machine "${machine.machine_key}" for this user_session_id (call init-session first); session`);
    const session = stateOf(row);
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
      created_at: row.createdAt.toISOString(),
      updated_at: row.updatedAt.toISOString(),
    };
  }

  /** The chat of a machine's current session, oldest first (empty when never played). */
  async history(persona: NpcPersonaRow, userSessionId: string, machineId: string | undefined) {
    const { row } = await this.sessionFor(persona, userSessionId, machineId);
    const messages = row ? await this.npc.sessionMessages(row.id) : [];
    return { messages: messages.map(historyMessage) };
  }

  /** Clears this player's progress, sessions and chats on this persona; other players keep theirs. */
  async reset(persona: NpcPersonaRow, userSessionId: string) {
    const removed = await this.npc.transaction(async (tx) => {
      await this.npc.lockPlayer(tx, persona.id, userSessionId);
      return this.npc.deletePlayer(tx, persona.id, userSessionId);
    });
    return { persona_id: persona.id, user_session_id: userSessionId, reset: true, sessions_deleted: removed.sessions };
  }
}

function historyMessage(row: NpcMessageRow) {
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
