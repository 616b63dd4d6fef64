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
      for (const [index, persona] of value.entries()) yield `${index > 0 ? "," : ""}\n    ${renderedPersonaJson(persona) ?? (JSON.stringify(persona, null, 2) ?? "null").replace(/\n/g, "\n    ")}`;
      yield "\n  ]";
    } else yield (JSON.stringify(value, null, 2) as string).replace(/\n/g, "\n  ");
  }
  yield "\n}\n";
}

/** A rendered persona's keys, in the order the pipeline makes them: only such a persona is written by `renderedPersonaJson`. */
const RENDERED_KEYS = ["persona_id", "fields", "system_prompt", "markdown"];

/**
 * `JSON.stringify(text)`, read through a new string that holds the text after one character (`#`,
 * which JSON writes as itself). Why: a rendered persona's texts are concatenations, kept by V8 as
 * trees of their pieces, and by the time of the export in the old generation; JSON.stringify makes a
 * text one flat string before reading it, in place — a flat copy made in the old generation and kept
 * for as long as the persona lives. The first export of 100,000 League personas made 260 MB of such
 * copies of system prompts and character sheets: 56,000–68,000 pages faulted in, 3.3–3.7 CPU-s
 * (loaded; 1.4 for the same export again). Through a new, young string the copy is young too and
 * dies with its piece: 1.6–1.7 CPU-s, no page faulted in, the persona's texts as they were.
 */
function textJson(text: string): string {
  return `"${JSON.stringify(`#${text}`).slice(2)}`;
}

/**
 * `JSON.stringify(persona, null, 2)` with every line after the first four spaces in, for a rendered
 * persona ({persona_id, fields, system_prompt, markdown}: texts and a plain object of texts); else undefined.
 */
function renderedPersonaJson(persona: unknown): string | undefined {
  if (typeof persona !== "object" || persona === null || Object.getPrototypeOf(persona) !== Object.prototype) return undefined;
  const keys = Object.keys(persona);
  if (keys.length !== RENDERED_KEYS.length || !keys.every((key, position) => key === RENDERED_KEYS[position])) return undefined;
  const { persona_id: id, fields, system_prompt: systemPrompt, markdown } = persona as Record<string, unknown>;
  if (typeof id !== "string" || typeof systemPrompt !== "string" || typeof markdown !== "string") return undefined;
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) return undefined;
  const prototype = Object.getPrototypeOf(fields);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  let fieldsJson = "";
  for (const name of Object.keys(fields)) {
    const value = (fields as Record<string, unknown>)[name];
    if (typeof value !== "string") return undefined;
    fieldsJson += `${fieldsJson === "" ? "" : ","}\n        ${JSON.stringify(name)}: ${JSON.stringify(value)}`;
  }
  return `{\n      "persona_id": ${JSON.stringify(id)},\n      "fields": ${fieldsJson === "" ? "{}" : `{${fieldsJson}\n      }`},\n      "system_prompt": ${textJson(systemPrompt)},\n      "markdown": ${textJson(markdown)}\n    }`;
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
