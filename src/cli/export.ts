/** Population exports for the CLI: json (the API's result), jsonl, csv, md. */
import type { PopulationResult } from "../engine/persona.ts";

export const EXPORT_FORMATS = ["json", "jsonl", "csv", "md"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function exportPopulation(result: PopulationResult, format: ExportFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(result, null, 2)}\n`;
    case "jsonl":
      return result.personas.map((persona) => JSON.stringify(persona)).join("\n") + "\n";
    case "csv":
      return toCsv(result);
    case "md":
      return result.personas.map((persona) => persona.markdown.trimEnd()).join("\n\n---\n\n") + "\n";
  }
}

function toCsv(result: PopulationResult): string {
  const columns: string[] = [];
  for (const field of result.blueprint.fields) if (!columns.includes(field.name)) columns.push(field.name);
  for (const persona of result.personas) for (const name of Object.keys(persona.fields)) if (!columns.includes(name)) columns.push(name);
  const header = ["persona_id", ...columns, "system_prompt"];
  const rows = result.personas.map((persona) => [persona.persona_id, ...columns.map((name) => persona.fields[name] ?? ""), persona.system_prompt]);
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** RFC 4180 quoting; a leading formula character is defused so spreadsheets don't execute it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
