/**
 * What the validate page accepts as pasted or uploaded personas, read into the request's shape: a
 * JSON array of personas, a population (`{personas, blueprint}`, or a whole poll with `result`),
 * or JSON Lines. Friendly repairs (a missing `system_prompt`, a number where the wire wants a
 * string, a flat object of fields) are made and listed in `notes`, never silently; anything else is
 * an `InputError` that says where.
 */
import type { Persona } from "./dramatis.ts";

export class InputError extends Error {
  override name = "InputError";
}

export interface ReadPersonas {
  personas: Persona[];
  /** A blueprint found beside the personas (a pasted population). */
  blueprint?: Record<string, unknown>;
  notes: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** JSON, or JSON Lines when the text is several JSON values one per line. */
function parseJsonOrLines(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") throw new InputError("paste or upload personas first");
  try {
    return JSON.parse(trimmed);
  } catch (jsonError) {
    const lines = trimmed.split(/\r?\n/).filter((line) => line.trim() !== "");
    if (lines.length < 2) throw new InputError(`the personas are not valid JSON: ${(jsonError as Error).message}`);
    return lines.map((line, index) => parseJson(line, `line ${index + 1}`));
  }
}

function asString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function readPersonas(text: string): ReadPersonas {
  const parsed = parseJsonOrLines(text);
  const notes: string[] = [];
  let list: unknown;
  let blueprint: Record<string, unknown> | undefined;
  const container = isObject(parsed) && isObject(parsed.result) ? parsed.result : parsed;
  if (Array.isArray(container)) list = container;
  else if (isObject(container) && Array.isArray(container.personas)) {
    list = container.personas;
    if (isObject(container.blueprint)) blueprint = container.blueprint;
  } else if (isObject(container) && isObject(container.fields)) list = [container];
  else throw new InputError("expected a list of personas, or an object with a `personas` list");
  const items = list as unknown[];
  if (items.length === 0) throw new InputError("the list of personas is empty");

  let filledPrompts = 0;
  let converted = 0;
  let wrapped = 0;
  const personas = items.map((item, index): Persona => {
    if (!isObject(item)) throw new InputError(`persona #${index + 1} is not an object`);
    let fieldsSource = item.fields;
    if (!isObject(fieldsSource)) {
      // A flat object of fields (`{"name": "Ana", "age": 30}`) is read as the persona's fields.
      const { persona_id: _id, system_prompt: _prompt, markdown: _markdown, ...rest } = item;
      fieldsSource = rest;
      wrapped++;
    }
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(fieldsSource as Record<string, unknown>)) {
      const text = asString(value);
      if (text === undefined) throw new InputError(`persona #${index + 1}: field "${name}" is not text or a number`);
      if (typeof value !== "string") converted++;
      fields[name] = text;
    }
    const system_prompt = asString(item.system_prompt);
    const markdown = asString(item.markdown);
    if (system_prompt === undefined || markdown === undefined) filledPrompts++;
    const id = asString(item.persona_id) ?? `p${String(index + 1).padStart(4, "0")}`;
    return { persona_id: id, fields, system_prompt: system_prompt ?? "", markdown: markdown ?? "" };
  });
  if (wrapped > 0) notes.push(`${wrapped} persona(s) had no "fields" object: their keys were read as fields.`);
  if (converted > 0) notes.push(`${converted} value(s) were numbers or booleans and are sent as text (persona fields are always strings).`);
  if (filledPrompts > 0) notes.push(`${filledPrompts} persona(s) had no system_prompt or markdown: sent as empty.`);
  return blueprint ? { personas, blueprint, notes } : { personas, notes };
}

export function readBlueprint(text: string): Record<string, unknown> | undefined {
  if (text.trim() === "") return undefined;
  const parsed = parseJson(text.trim(), "the blueprint");
  const blueprint = isObject(parsed) && isObject(parsed.blueprint) ? parsed.blueprint : parsed;
  if (!isObject(blueprint)) throw new InputError("the blueprint must be a JSON object");
  return blueprint;
}
