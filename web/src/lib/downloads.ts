/**
 * Downloads of a population: the whole result as JSON, personas as JSON Lines and CSV, and
 * Character Card V2 files (what SillyTavern and character platforms import). The formats are the
 * SDK's (`toJsonl`, `toCsv`, `toCharacterCardV2`); this file only names and saves the files.
 */
import { toCharacterCardV2, toCsv, toJsonl, type Blueprint, type Persona, type PopulationResult } from "./dramatis.ts";

/** Saves text as a file through a temporary object URL (no server round trip). */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from free text: letters, digits and dashes, at most 60 characters. */
export function fileStem(text: string): string {
  const stem = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return stem || "population";
}

export function downloadPopulationJson(result: PopulationResult, stem: string): void {
  saveFile(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`, "application/json");
}

export function downloadJsonl(personas: Persona[], stem: string): void {
  saveFile(`${stem}.jsonl`, toJsonl(personas), "application/x-ndjson");
}

export function downloadCsv(personas: Persona[], blueprint: Blueprint | undefined, stem: string): void {
  saveFile(`${stem}.csv`, toCsv(personas, blueprint ? { blueprint } : {}), "text/csv");
}

export function downloadCharacterCard(persona: Persona, population: { prompt?: string; blueprint?: Blueprint }): void {
  const card = toCharacterCardV2(persona, { population });
  saveFile(`${fileStem(card.data.name)}.card.json`, `${JSON.stringify(card, null, 2)}\n`, "application/json");
}

/** Every persona's card, one JSON object per line (import them one by one, or split the file). */
export function downloadCharacterCards(personas: Persona[], population: { prompt?: string; blueprint?: Blueprint }, stem: string): void {
  saveFile(`${stem}.cards.jsonl`, personas.map((persona) => JSON.stringify(toCharacterCardV2(persona, { population }))).join("\n") + "\n", "application/x-ndjson");
}
