/**
 * The text fields of personas held in memory, packed for another thread: one string of every text
 * one after the other, and each text's length. Why: the diversity report of a population in memory
 * (the CLI's, the bench's) hands its sentence counts and part of its terms to a second engine thread
 * (`src/workers/diversity-in-threads.ts`), and the personas must reach it. One string crosses a
 * thread boundary as one copy of its characters; 100,000 persona objects of a few strings each were
 * serialised and rebuilt field by field.
 *
 * What is packed: each persona's id and its values of the fields named (the report's text fields and
 * the name fields the sentence counter masks); nothing else of the persona is read on the other side.
 */
import { nullPrototypeRecord, ownValue } from "./own-fields.ts";
import type { FeatureField, PersonaFields } from "./similarity.ts";

/**
 * The fields whose words the sentence counter masks as a persona's name (sentences.ts `NAME_FIELDS`,
 * which it does not export): packed whatever their kind, so that the counter masks the same words.
 */
const NAME_FIELDS = ["name", "full_name", "display_name", "persona_name"];

export interface PackedTexts {
  /** The fields packed, in order. */
  names: string[];
  /** Every persona's id and values of `names`, one after the other. */
  text: string;
  /** Per persona: its id's length, then each field's value's (−1: absent). */
  lengths: Int32Array;
  count: number;
}

/** The names of the fields the diversity report reads as text of these fields (its text fields, then the name fields). */
export function packedFieldNames(fields: readonly FeatureField[]): string[] {
  return [...new Set([...fields.filter((field) => field.kind === "text").map((field) => field.name), ...NAME_FIELDS])];
}

/** The ids and `names` fields of `personas[from…to)`, packed. */
export function packTexts(personas: readonly PersonaFields[], names: readonly string[], from = 0, to = personas.length): PackedTexts {
  const width = names.length + 1;
  const lengths = new Int32Array((to - from) * width);
  const parts: string[] = [];
  for (let index = from; index < to; index++) {
    const persona = personas[index] as PersonaFields;
    const at = (index - from) * width;
    const id = persona.persona_id;
    lengths[at] = id === undefined ? -1 : id.length;
    if (id !== undefined) parts.push(id);
    for (let field = 0; field < names.length; field++) {
      const value = ownValue(persona.fields, names[field] as string);
      // A value that is no text would shift every later one (its length is not its packed characters'); the report on one thread fails on it too.
      if (value !== undefined && typeof value !== "string") throw new TypeError(`persona ${index}'s field '${names[field]}' is not text: the diversity report reads text values`);
      lengths[at + field + 1] = value === undefined ? -1 : value.length;
      if (value !== undefined) parts.push(value);
    }
  }
  return { names: [...names], text: parts.join(""), lengths, count: to - from };
}

/** The personas packed, with their ids and packed fields only (the same values: slices of the packed text). */
export function unpackTexts({ names, text, lengths, count }: PackedTexts): PersonaFields[] {
  const width = names.length + 1;
  // A plain object shares its shape with every other persona's; only a field named `__proto__` needs a record.
  const plain = !names.includes("__proto__");
  const personas: PersonaFields[] = new Array(count);
  let position = 0;
  for (let index = 0; index < count; index++) {
    const at = index * width;
    const fields: Record<string, string> = plain ? {} : nullPrototypeRecord();
    let persona_id: string | undefined;
    const idLength = lengths[at] as number;
    if (idLength >= 0) {
      persona_id = text.slice(position, position + idLength);
      position += idLength;
    }
    for (let field = 0; field < names.length; field++) {
      const length = lengths[at + field + 1] as number;
      if (length < 0) continue;
      fields[names[field] as string] = text.slice(position, position + length);
      position += length;
    }
    personas[index] = persona_id === undefined ? { fields } : { persona_id, fields };
  }
  return personas;
}
