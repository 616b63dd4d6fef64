/**
 * The player's name across a `user_session_id`: a game passes `player_name` to init-session once,
 * or the player states it in conversation ("my name is Arin"); either way every later machine of the
 * same player should know it, rather than calling them "traveller" again.
 */
import type { NpcEvent } from "./session.ts";
import type { VariableValue } from "./values.ts";

/** Variables that hold the name the player gave in conversation (`stated_name`, `player_name`, `name`, …). */
export const NAME_VARIABLE = /^(?:(?:player|stated|given|user|character|real|my|true|full)_?)?name$/i;

/** The first name-like variable with a non-empty string value, or null. */
export function statedPlayerName(vars: Readonly<Record<string, VariableValue>>): string | null {
  for (const [key, value] of Object.entries(vars)) {
    if (NAME_VARIABLE.test(key) && typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return null;
}

/**
 * The player's name as the NPC knows it: the one given to this session (at init-session, or carried
 * over from an earlier session), else a name the player stated in conversation, else null.
 */
export function knownPlayerName(playerName: string | null, vars: Readonly<Record<string, VariableValue>>): string | null {
  if (playerName !== null && playerName.trim() !== "") return playerName.trim();
  return statedPlayerName(vars);
}

/**
 * The name to carry into a new machine session from a player's recorded events: the latest name
 * given at a session's start, else the latest name-like variable the player stated, else null.
 */
export function playerNameFromEvents(events: readonly NpcEvent[]): string | null {
  let stated: string | null = null;
  for (let index = events.length - 1; index >= 0; index--) {
    const event = events[index] as NpcEvent;
    if (event.type === "machine-start" && event.player_name !== null && event.player_name.trim() !== "") return event.player_name.trim();
    if (stated === null && event.type === "variable-set" && NAME_VARIABLE.test(event.key) && typeof event.value === "string" && event.value.trim() !== "") stated = event.value.trim();
  }
  return stated;
}
