/** What a persona card shows: a name, a few key fields and the backstory, picked from the blueprint. */
import type { Blueprint, Persona } from "./dramatis.ts";

const NAME_FIELDS = ["name", "full_name", "display_name"];
const STORY_FIELDS = ["backstory", "bio", "biography", "background", "story"];

export function personaName(persona: Persona): string {
  for (const field of NAME_FIELDS) {
    const value = Object.hasOwn(persona.fields, field) ? persona.fields[field] : undefined;
    if (value && value.trim()) return value;
  }
  return persona.persona_id;
}

export function personaStory(persona: Persona, blueprint?: Pick<Blueprint, "fields"> | null): string | undefined {
  for (const field of STORY_FIELDS) {
    const value = Object.hasOwn(persona.fields, field) ? persona.fields[field] : undefined;
    if (value) return value;
  }
  // Else the longest text field the blueprint declares.
  const texts = (blueprint?.fields ?? []).filter((field) => field.kind === "text" && !NAME_FIELDS.includes(field.name));
  const values = texts.map((field) => persona.fields[field.name]).filter((value): value is string => Boolean(value));
  return values.sort((a, b) => b.length - a.length)[0];
}

/** Label of a field: the blueprint's `label`, else its name in words. */
export function fieldLabel(name: string, blueprint?: Pick<Blueprint, "fields"> | null): string {
  const label = blueprint?.fields.find((field) => field.name === name)?.label;
  return label ?? name.replace(/_/g, " ").replace(/^./, (first) => first.toUpperCase());
}

/**
 * The fields that tell personas apart at a glance: structured fields in blueprint order that vary
 * in this population (a field every persona shares says nothing on a card), at most `limit`.
 */
export function keyFields(personas: readonly Persona[], blueprint?: Pick<Blueprint, "fields" | "order"> | null, limit = 4): string[] {
  const structured = (blueprint?.fields ?? []).filter((field) => field.kind !== "text" && !NAME_FIELDS.includes(field.name)).map((field) => field.name);
  const candidates = structured.length > 0 ? structured : Object.keys(personas[0]?.fields ?? {}).filter((name) => !NAME_FIELDS.includes(name) && !STORY_FIELDS.includes(name));
  const varying = candidates.filter((name) => new Set(personas.map((persona) => persona.fields[name])).size > 1);
  return (varying.length > 0 ? varying : candidates).slice(0, limit);
}
