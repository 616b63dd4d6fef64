/**
 * A player's conversation with one machine played by the engine in memory and written as one turn
 * write: the session, every chat line and event, and the player's ledger — the rows the same
 * messages sent one by one would have left. For benchmarks and tests that need a long history
 * fast (1,000 turns over HTTP take minutes); play itself never uses it.
 */
import { randomUUID } from "node:crypto";
import { openSession, step, type NpcEvent, type PersonaDefinition } from "../../npc/index.ts";
import { EMPTY_LEDGER, recordEvents } from "../../npc/player-ledger.ts";
import type { NpcPersonaRow, NpcRepository, TurnWrite } from "../../store/npc.ts";
import { storedDefinitionOf } from "./persona-service.ts";
import { asPlayable, machineByKey } from "./stored-definition.ts";

/** The write of a new player who opened `machineKey` and sent `messages` to it, in order. */
export async function playedHistory(persona: NpcPersonaRow, machineKey: string, userSessionId: string, messages: readonly string[], at = new Date()): Promise<TurnWrite> {
  const stored = storedDefinitionOf(persona);
  const definition: PersonaDefinition = asPlayable(stored);
  const machine = machineByKey(stored, machineKey);
  if (!machine) throw new Error(`persona "${persona.name}" has no machine "${machineKey}"`);
  const sessionId = randomUUID();
  const time = at.toISOString();
  const opened = await openSession(definition, machineKey, { at: time, user_session_id: userSessionId, player_name: null, player_gender: null });
  const events: NpcEvent[] = [...opened.events];
  const lines: TurnWrite["messages"] = [{ sessionId, role: "assistant", content: opened.reply, stateKeyAtTime: opened.session.current_state, scoreAtTime: 0 }];
  let session = opened.session;
  for (const message of messages) {
    const turn = await step(definition, machine, session, message, { at: time });
    events.push(...turn.events);
    lines.push(
      { sessionId, role: "user", content: message, stateKeyAtTime: session.current_state, scoreAtTime: Math.round(session.score) },
      {
        sessionId,
        role: "assistant",
        content: turn.reply,
        stateKeyAtTime: turn.response.current_state,
        scoreAtTime: Math.round(turn.response.score),
        decision: turn.response.decision,
        followUpTriggered: turn.response.follow_up,
      },
    );
    session = turn.session;
  }
  return {
    personaId: persona.id,
    userSessionId,
    openSessions: [{ id: sessionId, machineKey, playerName: null, playerGender: null, state: session, updatedAt: at }],
    messages: lines,
    events: events.map((event) => ({ sessionId, event })),
    ledger: recordEvents(EMPTY_LEDGER, events),
    eventCount: events.length,
  };
}

/** Each of `players` given the history of `messages` sent to `machineKey`, one atomic write per player. */
export async function writePlayedHistories(
  repository: NpcRepository,
  persona: NpcPersonaRow,
  machineKey: string,
  players: readonly string[],
  messages: readonly string[],
): Promise<{ events: number; messages: number }> {
  let events = 0;
  let lines = 0;
  for (const player of players) {
    const write = await playedHistory(persona, machineKey, player, messages);
    await repository.transaction(async (tx) => {
      await repository.lockPlayer(tx, persona.id, player);
      await repository.writeTurn(tx, write, "replace");
    });
    events += write.events.length;
    lines += write.messages.length;
  }
  return { events, messages: lines };
}
