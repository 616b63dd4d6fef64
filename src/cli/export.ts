/** Population exports for the CLI: json (the API's result), jsonl, csv, md. */
import type { Persona, PopulationResult } from "../engine/persona.ts";
import { renderedJson, SYSTEM_PROMPT_ENDINGS } from "../engine/render.ts";

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
      for (const [index, persona] of result.personas.entries()) yield markdownOf(persona, index);
      yield "\n";
      return;
  }
}

function markdownOf(persona: Persona, index: number): string {
  return `${index > 0 ? "\n\n---\n\n" : ""}${persona.markdown.trimEnd()}`;
}

/**
 * An export written while the population is made: its personas in order, a batch at a time as they
 * are rendered (`personas`), then the rest of the result (`end`). The same bytes as `exportChunks` of
 * the whole result with `personas` its first key (`generatePopulation`'s), with no persona kept:
 * the CLI's memory at 100,000 personas was mostly their rendered texts, held to be written at the end.
 *
 * The csv's columns are the blueprint's fields, known before any persona: a persona with a field the
 * blueprint does not declare (never one the pipeline renders) is refused rather than written under
 * a header that lacks it.
 */
export class PopulationExport {
  private written = 0;
  private readonly columns: readonly string[];
  private readonly columnSet: ReadonlySet<string>;

  constructor(
    private readonly format: ExportFormat,
    blueprint: PopulationResult["blueprint"],
  ) {
    this.columns = csvColumns(blueprint);
    this.columnSet = new Set(this.columns);
  }

  /** How many personas have been exported. */
  get count(): number {
    return this.written;
  }

  /** The export of these personas, which follow every persona exported so far. */
  *personas(personas: readonly Persona[]): Generator<string> {
    for (const persona of personas) {
      const index = this.written++;
      switch (this.format) {
        case "json":
          if (index === 0) yield `{${jsonKey("personas", 0)}[`;
          yield personaJson(persona, index, youngTextJson, true);
          break;
        case "jsonl":
          yield `${JSON.stringify(persona)}\n`;
          break;
        case "csv":
          if (index === 0) yield csvHeader(this.columns);
          for (const name of Object.keys(persona.fields)) if (!this.columnSet.has(name)) throw new Error(`persona ${persona.persona_id} has a field the blueprint does not declare (${name}): no csv column for it`);
          yield csvRow(persona, this.columns);
          break;
        case "md":
          yield markdownOf(persona, index);
          break;
      }
    }
  }

  /** The end of the export: the rest of the result (its keys after `personas`), once every persona is exported. */
  *end(rest: Omit<PopulationResult, "personas">): Generator<string> {
    const empty = this.written === 0;
    switch (this.format) {
      case "json": {
        yield empty ? `{${jsonKey("personas", 0)}[]` : "\n  ]";
        for (const [position, [key, value]] of jsonEntries(rest).entries()) yield `${jsonKey(key, position + 1)}${jsonValue(value)}`;
        yield "\n}\n";
        return;
      }
      case "jsonl":
        if (empty) yield "\n";
        return;
      case "csv":
        if (empty) yield csvHeader(this.columns);
        return;
      case "md":
        yield "\n";
        return;
    }
  }
}

/** `JSON.stringify(result, null, 2)` and a newline, one top-level key and one persona at a time. */
function* prettyJsonChunks(result: PopulationResult): Generator<string> {
  const entries = jsonEntries(result);
  if (entries.length === 0) {
    yield "{}\n";
    return;
  }
  yield "{";
  for (const [position, [key, value]] of entries.entries()) {
    yield jsonKey(key, position);
    if (key === "personas" && Array.isArray(value) && value.length > 0) {
      yield "[";
      for (const [index, persona] of value.entries()) yield personaJson(persona, index, textJson, false);
      yield "\n  ]";
    } else yield jsonValue(value);
  }
  yield "\n}\n";
}

/** The keys JSON.stringify writes, found without stringifying the personas (that string is what this avoids). */
function jsonEntries(result: object): Array<[string, unknown]> {
  return Object.entries(result).filter(([, value]) => value !== undefined && typeof value !== "function" && typeof value !== "symbol");
}

/** A top-level key of the pretty JSON, after the one before it. */
function jsonKey(key: string, position: number): string {
  return `${position > 0 ? "," : ""}\n  ${JSON.stringify(key)}: `;
}

/** A top-level value of the pretty JSON, one level in. */
function jsonValue(value: unknown): string {
  return (JSON.stringify(value, null, 2) as string).replace(/\n/g, "\n  ");
}

/**
 * A persona of the pretty JSON's `personas` array, nested two levels deep: each line of its own
 * pretty JSON moves four spaces in (JSON text has no raw line breaks inside strings, so every "\n"
 * is a line of the layout).
 */
function personaJson(persona: unknown, index: number, texts: TextJson, justRendered: boolean): string {
  return `${index > 0 ? "," : ""}\n    ${renderedPersonaJson(persona, texts, justRendered) ?? (JSON.stringify(persona, null, 2) ?? "null").replace(/\n/g, "\n    ")}`;
}

/** How a rendered persona's two texts become JSON strings: `textJson` or `youngTextJson`. */
type TextJson = (text: string) => string;

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
 * `JSON.stringify(text)` of a text rendered a moment ago (`PopulationExport`, a few personas at a
 * time as they are rendered): still in the young generation, so its flat copy is young too and the
 * detour of `textJson` is only a cost (a League persona's two texts, 100,000 of them: ~0.25 CPU-s
 * of ~1.25, loaded). A system prompt's ending (`SYSTEM_PROMPT_ENDINGS`, ~700 characters) is
 * escaped once here rather than once per persona: JSON escapes character by character, and an
 * ending starts with a line break, so no surrogate pair is cut where the two meet.
 */
function youngTextJson(text: string): string {
  for (const { ending, json } of ESCAPED_ENDINGS) {
    if (!text.endsWith(ending)) continue;
    const start = JSON.stringify(text.slice(0, text.length - ending.length));
    return `${start.slice(0, -1)}${json}`;
  }
  return JSON.stringify(text);
}

/** Each system prompt ending and its JSON string without the opening quote. */
const ESCAPED_ENDINGS = SYSTEM_PROMPT_ENDINGS.map((ending) => ({ ending, json: JSON.stringify(ending).slice(1) }));

/**
 * `JSON.stringify(persona, null, 2)` with every line after the first four spaces in, for a rendered
 * persona ({persona_id, fields, system_prompt, markdown}: texts and a plain object of texts); else undefined.
 */
function renderedPersonaJson(persona: unknown, texts: TextJson, justRendered: boolean): string | undefined {
  if (typeof persona !== "object" || persona === null || Object.getPrototypeOf(persona) !== Object.prototype) return undefined;
  const keys = Object.keys(persona);
  if (keys.length !== RENDERED_KEYS.length || !keys.every((key, position) => key === RENDERED_KEYS[position])) return undefined;
  const { persona_id: id, fields, system_prompt: systemPrompt, markdown } = persona as Record<string, unknown>;
  if (typeof id !== "string" || typeof systemPrompt !== "string" || typeof markdown !== "string") return undefined;
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) return undefined;
  const prototype = Object.getPrototypeOf(fields);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  for (const name of Object.keys(fields)) if (typeof (fields as Record<string, unknown>)[name] !== "string") return undefined;
  // Texts rendered a moment ago with their JSON (`RenderContext.json`) are not escaped again, nor their fields.
  const json = justRendered ? renderedJson(fields, systemPrompt, markdown) : undefined;
  // Else one stringify of the fields, three levels in: every line break of pretty JSON is its layout's
  // (~0.1 CPU-s less than two stringifies a field over 100,000 League personas, loaded).
  const fieldsJson = json?.fields ? prettyFields(json.fields) : (JSON.stringify(fields, null, 2) as string).replaceAll("\n", "\n      ");
  return `{\n      "persona_id": ${JSON.stringify(id)},\n      "fields": ${fieldsJson},\n      "system_prompt": ${json?.system_prompt ?? texts(systemPrompt)},\n      "markdown": ${json?.markdown ?? texts(markdown)}\n    }`;
}

/** A persona's fields, each `"name": "value"`, as its pretty JSON three levels in. */
function prettyFields(entries: readonly string[]): string {
  if (entries.length === 0) return "{}";
  let text = "{";
  for (let position = 0; position < entries.length; position++) text += `${position > 0 ? "," : ""}\n        ${entries[position] as string}`;
  return `${text}\n      }`;
}

function* csvChunks(result: PopulationResult): Generator<string> {
  const columns = csvColumns(result.blueprint);
  const seen = new Set(columns);
  for (const persona of result.personas) for (const name of Object.keys(persona.fields)) if (!seen.has(name)) (seen.add(name), columns.push(name));
  yield csvHeader(columns);
  for (const persona of result.personas) yield csvRow(persona, columns);
}

/** The blueprint's fields, each once, in declaration order: the columns after `persona_id`. */
function csvColumns(blueprint: PopulationResult["blueprint"]): string[] {
  const columns: string[] = [];
  for (const field of blueprint.fields) if (!columns.includes(field.name)) columns.push(field.name);
  return columns;
}

function csvHeader(columns: readonly string[]): string {
  return `${["persona_id", ...columns, "system_prompt"].map(csvCell).join(",")}\r\n`;
}

function csvRow(persona: Persona, columns: readonly string[]): string {
  return `${[persona.persona_id, ...columns.map((name) => persona.fields[name] ?? ""), persona.system_prompt].map(csvCell).join(",")}\r\n`;
}

/** RFC 4180 quoting; a leading formula character is defused so spreadsheets don't execute it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
