/** Population exports for the CLI: json (the API's result), jsonl, csv, md. */
import type { PopulationResult } from "../engine/persona.ts";

export const EXPORT_FORMATS = ["json", "jsonl", "csv", "md"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function exportPopulation(result: PopulationResult, format: ExportFormat): string {
  return [...exportChunks(result, format)].join("");
}

/**
 * The export as pieces, a persona at a time: the same bytes as `exportPopulation`, written without
 * one string of the whole population (a JavaScript string stops at ~512 MB, ~150,000 personas of JSON,
 * and the whole string doubled the CLI's memory at the end of a big run).
 */
export function* exportChunks(result: PopulationResult, format: ExportFormat): Generator<string> {
  switch (format) {
    case "json":
      yield* prettyJsonChunks(result);
      return;
    case "jsonl":
      for (const persona of result.personas) yield `${JSON.stringify(persona)}\n`;
      if (result.personas.length === 0) yield "\n";
      return;
    case "csv":
      yield* csvChunks(result);
      return;
    case "md":
      for (const [index, persona] of result.personas.entries()) yield `${index > 0 ? "\n\n---\n\n" : ""}${persona.markdown.trimEnd()}`;
      yield "\n";
      return;
  }
}

/** `JSON.stringify(result, null, 2)` and a newline, one top-level key and one persona at a time. */
function* prettyJsonChunks(result: PopulationResult): Generator<string> {
  // The keys JSON.stringify leaves out, found without stringifying the personas (that string is what this avoids).
  const entries = Object.entries(result).filter(([, value]) => value !== undefined && typeof value !== "function" && typeof value !== "symbol");
  if (entries.length === 0) {
    yield "{}\n";
    return;
  }
  yield "{";
  for (const [position, [key, value]] of entries.entries()) {
    yield `${position > 0 ? "," : ""}\n  ${JSON.stringify(key)}: `;
    if (key === "personas" && Array.isArray(value) && value.length > 0) {
      // Nested two levels deep: each line of a persona's own pretty JSON moves four spaces in (JSON
      // text has no raw line breaks inside strings, so every "\n" is a line of the layout).
      yield "[";
      for (const [index, persona] of value.entries()) yield `${index > 0 ? "," : ""}\n    ${(JSON.stringify(persona, null, 2) ?? "null").replace(/\n/g, "\n    ")}`;
      yield "\n  ]";
    } else yield (JSON.stringify(value, null, 2) as string).replace(/\n/g, "\n  ");
  }
  yield "\n}\n";
}

function* csvChunks(result: PopulationResult): Generator<string> {
  const columns: string[] = [];
  for (const field of result.blueprint.fields) if (!columns.includes(field.name)) columns.push(field.name);
  const seen = new Set(columns);
  for (const persona of result.personas) for (const name of Object.keys(persona.fields)) if (!seen.has(name)) (seen.add(name), columns.push(name));
  yield `${["persona_id", ...columns, "system_prompt"].map(csvCell).join(",")}\r\n`;
  for (const persona of result.personas) yield `${[persona.persona_id, ...columns.map((name) => persona.fields[name] ?? ""), persona.system_prompt].map(csvCell).join(",")}\r\n`;
}

/** RFC 4180 quoting; a leading formula character is defused so spreadsheets don't execute it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
