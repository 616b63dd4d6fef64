/**
 * The NPC answers the SDK reads that `shared/npc-contract.ts` does not declare as schemas yet
 * (progress, available machines, save, publish, delete, `/full`), typed here from what the server
 * sends. Everything else comes from the contract itself.
 */
import type { z } from "zod";
import type { PersonaDetail, SaveWarningSchema } from "../shared/npc-contract.ts";

/** A Foil persona definition as `creator/save` takes it (validated by the server, which names each problem's `loc`). */
export type NpcPersonaDefinition = Record<string, unknown>;

export type NpcSaveWarning = z.infer<typeof SaveWarningSchema>;

/** The stored definition with ids, as `/full` and `creator/save` return it (and save takes back). */
export interface NpcDefinitionView {
  machines: Array<Record<string, unknown> & { id: string; machine_key: string; name: string }>;
  variables: unknown;
  machine_links: Array<Record<string, unknown> & { source_machine_key: string; target_machine_key: string; source_machine_id: string | null; target_machine_id: string | null }>;
  intents?: Record<string, string[]>;
}

export type NpcPersonaFull = NpcDefinitionView & { persona: PersonaDetail };

export type NpcSaveResult = PersonaDetail & NpcDefinitionView & { persona_id: string; warnings: NpcSaveWarning[] };

export interface NpcPublishResult {
  persona_id: string;
  /** Where the persona is played in a browser (`/play/{id}` on the server). */
  play_link: string;
}

export interface NpcDeleteResult {
  persona_id: string;
  deleted: true;
}

export interface NpcAvailableMachine {
  machine_id: string;
  machine_key: string;
  name: string;
  description: string;
  is_linked: boolean;
  is_entry: boolean;
}

export interface NpcCompletedMachine {
  machine_id: string;
  machine_key: string;
  outcome: string;
  score: number;
  completed_at: string;
}

/** `GET /api/v1/personas/{id}/progress`: a player's standing with the persona, derived from what they played. */
export interface NpcProgress {
  persona_id: string;
  current_machine_id: string | null;
  relationship_level: number;
  total_score: number;
  completed_machines: NpcCompletedMachine[];
  available_machines: NpcAvailableMachine[];
  /** Machine ids, in the order the player entered them. */
  route_path: string[];
  cross_machine_vars: Record<string, unknown>;
  has_links: boolean;
}
