/**
 * Stand-ins for the SDK's download formats until they land in `src/sdk` (U-api contract item 6);
 * this file is deleted then, and downloads.ts imports them from the SDK.
 */
import type { Blueprint, Persona } from "./dramatis.ts";

export function toJsonl(personas: Persona[]): string {
  return personas.map((persona) => JSON.stringify(persona)).join("\n") + "\n";
}

export function toCsv(personas: Persona[], options: { blueprint?: Blueprint }): string {
  const names = options.blueprint?.fields.map((field) => field.name) ?? [...new Set(personas.flatMap((persona) => Object.keys(persona.fields)))];
  const quote = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const rows = [["persona_id", ...names], ...personas.map((persona) => [persona.persona_id, ...names.map((name) => persona.fields[name] ?? "")])];
  return rows.map((row) => row.map(quote).join(",")).join("\r\n") + "\r\n";
}

export function toCharacterCardV2(persona: Persona, _options: { population?: { prompt?: string; blueprint?: Blueprint } }) {
  const name = persona.fields.name ?? persona.persona_id;
  return {
    spec: "chara_card_v2" as const,
    spec_version: "2.0" as const,
    data: { name, description: persona.markdown, personality: "", scenario: "", first_mes: "", mes_example: "", creator_notes: "", system_prompt: persona.system_prompt, post_history_instructions: "", alternate_greetings: [], tags: [], creator: "Dramatis", character_version: "1", extensions: {} },
  };
}
