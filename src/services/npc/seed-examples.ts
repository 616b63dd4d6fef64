/**
 * Ships the example NPCs (`examples/npc/*.json`) into the local account, published, so a fresh
 * `npm start` has something to play. Idempotent: an example already there (same owner, same name) is
 * left alone when unchanged and updated in place (machine ids kept) when the file changed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { fileURLToPath } from "node:url";
import type { Db } from "../../store/database.ts";
import { NpcRepository } from "../../store/npc.ts";
import { validateDefinition } from "../../npc/index.ts";
import { withIds, withoutIds, type StoredDefinition } from "./stored-definition.ts";

const EXAMPLES_FOLDER = fileURLToPath(new URL("../../../examples/npc/", import.meta.url));

export interface SeedResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

export async function seedExampleNpcs(db: Db, ownerId: string, folder = EXAMPLES_FOLDER): Promise<SeedResult> {
  const npc = new NpcRepository(db);
  const result: SeedResult = { created: [], updated: [], unchanged: [] };
  const files = readdirSync(folder).filter((file) => file.endsWith(".json")).sort();
  for (const file of files) {
    const validated = validateDefinition(JSON.parse(readFileSync(join(folder, file), "utf8")));
    if (!validated.ok) throw new Error(`example NPC ${file} is invalid: ${JSON.stringify(validated.issues)}`);
    const definition = validated.definition;
    const existing = await npc.findPersonaByName(ownerId, definition.name);
    if (!existing) {
      await npc.insertPersona(db, { userId: ownerId, name: definition.name, description: definition.description, isPublic: true, definition: withIds(definition) });
      result.created.push(definition.name);
      continue;
    }
    const stored = existing.definition as StoredDefinition;
    // jsonb does not keep key order, so compare as values.
    if (isDeepStrictEqual(withoutIds(stored), JSON.parse(JSON.stringify(definition))) && existing.isPublic) {
      result.unchanged.push(definition.name);
      continue;
    }
    await npc.updatePersona(db, existing.id, { description: definition.description, isPublic: true, definition: withIds(definition, stored) });
    result.updated.push(definition.name);
  }
  return result;
}
