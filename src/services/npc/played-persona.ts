import type { NpcPersonaRow } from "../../store/npc.ts";

/**
 * The persona a turn is played on: its row, and — when the row may be one this process read earlier
 * (`PersonaService.playable`) — the row's version, which the turn's write checks, and how to read it
 * again when it changed.
 */
export interface PlayedPersona {
  row: NpcPersonaRow;
  /** The row's version as read (`NpcRepository.getVersionedPersona`); null: not checked. */
  version: string | null;
  /** Whether the row is what this process read earlier rather than what the store holds now. */
  remembered: boolean;
  /** Reads the row again, as the caller may see it (404 when they no longer may). */
  reload?: () => Promise<PlayedPersona>;
}
