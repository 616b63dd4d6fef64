/**
 * NPC personas: save (create or update, atomically), read, list, publish, delete, and who may do
 * what. Visibility rules, decided once here:
 * - a public persona is readable and playable by anyone, signed in or not;
 * - a private persona is visible only to its owner; to anyone else it answers 404, exactly like a
 *   missing one, so its existence never leaks;
 * - changing a persona (save with `persona_id`, publish, delete) is for its owner: another account
 *   gets 403 on a public persona (it can see it exists) and 404 on a private one.
 */
import type { Account } from "../../store/accounts.ts";
import type { NpcPersonaRow, NpcRepository } from "../../store/npc.ts";
import { validateDefinition } from "../../npc/index.ts";
import { ServiceError } from "../errors.ts";
import { withIds, type StoredDefinition } from "./stored-definition.ts";

export type Caller = Account | null;

export interface PersonaSummary {
  id: string;
  name: string;
  description: string;
  is_public: boolean;
  created_at: string;
}

export interface PersonaDetail extends PersonaSummary {
  persona_identity_prompt: string;
  user_id: string;
  updated_at: string;
  perplexity_description?: string;
}

export function storedDefinitionOf(row: NpcPersonaRow): StoredDefinition {
  return row.definition as StoredDefinition;
}

export function personaSummary(row: NpcPersonaRow): PersonaSummary {
  return { id: row.id, name: row.name, description: row.description, is_public: row.isPublic, created_at: row.createdAt.toISOString() };
}

export function personaDetail(row: NpcPersonaRow): PersonaDetail {
  const definition = storedDefinitionOf(row);
  const detail: PersonaDetail = {
    id: row.id,
    name: row.name,
    description: row.description,
    persona_identity_prompt: definition.persona_identity_prompt,
    is_public: row.isPublic,
    user_id: row.userId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
  if (definition.perplexity_description) detail.perplexity_description = definition.perplexity_description;
  return detail;
}

/** The definition as `/full` and `save` show it: machines with their ids, links with their machines' ids. */
export function definitionView(row: NpcPersonaRow) {
  const definition = storedDefinitionOf(row);
  const idOf = (key: string) => definition.machines.find((machine) => machine.machine_key === key)?.id ?? null;
  return {
    machines: definition.machines,
    variables: definition.variables,
    machine_links: definition.machine_links.map((link) => ({
      ...link,
      source_machine_id: idOf(link.source_machine_key),
      target_machine_id: idOf(link.target_machine_key),
    })),
    ...(definition.intents ? { intents: definition.intents } : {}),
  };
}

export function personaFull(row: NpcPersonaRow) {
  return { persona: personaDetail(row), ...definitionView(row) };
}

/** What `POST /creator/save` answers: the persona's fields, `persona_id`, and the stored definition with ids. */
export function saveResponse(row: NpcPersonaRow) {
  return { persona_id: row.id, ...personaDetail(row), ...definitionView(row) };
}

function isOwner(row: NpcPersonaRow, caller: Caller): boolean {
  return caller !== null && row.userId === caller.id;
}

export class PersonaService {
  constructor(private readonly npc: NpcRepository) {}

  /** The persona if the caller may read (and play) it; 404 otherwise. */
  async visible(personaId: string, caller: Caller): Promise<NpcPersonaRow> {
    const row = await this.npc.getPersona(personaId);
    if (!row || (!row.isPublic && !isOwner(row, caller))) throw ServiceError.notFound("persona");
    return row;
  }

  private checkOwnership(row: NpcPersonaRow | null, caller: Account): NpcPersonaRow {
    if (!row || (!row.isPublic && row.userId !== caller.id)) throw ServiceError.notFound("persona");
    if (row.userId !== caller.id) throw ServiceError.forbidden("only the persona's owner can change it");
    return row;
  }

  async list(caller: Caller, options: { publicOnly: boolean; myPersonas: boolean; limit: number }): Promise<PersonaSummary[]> {
    if (options.myPersonas && !caller) throw ServiceError.unauthenticated();
    const rows = await this.npc.listPersonas(
      options.myPersonas
        ? { includePublic: false, ownerId: caller?.id, limit: options.limit }
        : { includePublic: true, ownerId: options.publicOnly ? undefined : caller?.id, limit: options.limit },
    );
    return rows.map(personaSummary);
  }

  /** Public personas and the caller's own (the SDK's list), newest first. */
  async listPlayable(caller: Account, limit = 100): Promise<PersonaSummary[]> {
    return (await this.npc.listPersonas({ includePublic: true, ownerId: caller.id, limit })).map(personaSummary);
  }

  /**
   * Creates (no `personaId`) or replaces a persona's definition. The whole body is validated first
   * and written in one statement, so a rejected update leaves the old definition as it was.
   */
  async save(caller: Account, body: unknown, personaId?: string): Promise<NpcPersonaRow> {
    if (personaId === undefined) {
      const definition = this.validated(body);
      return this.npc.insertPersona(this.npc.db, {
        userId: caller.id,
        name: definition.name,
        description: definition.description,
        isPublic: definition.is_public ?? false,
        definition: withIds(definition),
      });
    }
    return this.npc.transaction(async (tx) => {
      const row = this.checkOwnership(await this.npc.lockPersona(tx, personaId), caller);
      const definition = this.validated(body);
      const updated = await this.npc.updatePersona(tx, row.id, {
        name: definition.name,
        description: definition.description,
        isPublic: definition.is_public ?? row.isPublic,
        definition: withIds(definition, storedDefinitionOf(row)),
      });
      if (!updated) throw ServiceError.notFound("persona");
      return updated;
    });
  }

  private validated(body: unknown) {
    const result = validateDefinition(body);
    if (!result.ok) throw ServiceError.invalidInput(result.issues);
    return result.definition;
  }

  async publish(caller: Account, personaId: string): Promise<NpcPersonaRow> {
    return this.npc.transaction(async (tx) => {
      const row = this.checkOwnership(await this.npc.lockPersona(tx, personaId), caller);
      return (await this.npc.updatePersona(tx, row.id, { isPublic: true })) ?? row;
    });
  }

  /** The persona and everything played on it (sessions, history, events) go in one transaction. */
  async delete(caller: Account, personaId: string): Promise<void> {
    await this.npc.transaction(async (tx) => {
      const row = this.checkOwnership(await this.npc.lockPersona(tx, personaId), caller);
      await this.npc.deletePersona(tx, row.id);
    });
  }
}
