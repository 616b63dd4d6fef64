/**
 * A shard's personas as the UTF-8 bytes the store keeps: the personas' JSON and their ids and
 * fields' JSON (what the reports read), written batch by batch while the shard is written instead
 * of stringified whole at its end.
 *
 * Why: stringifying a shard's 1,000 rendered personas made one 3.5–8 MB string (two-byte whenever
 * one name was outside Latin-1, a sixth of League personas), encoded in turn into bytes; and every
 * rendered text stayed alive to the shard's end, so each scavenge copied and promoted it. Here each
 * persona's pieces are encoded into a buffer as its batch lands and only its ids and fields stay
 * (the digest reads them). The buffers are kept between shards: a fresh growing buffer per shard
 * (megabytes outside the heap, several times a shard) made V8 start full collections of the
 * writer's large old space more often, which cost more than the stringify saved. At most two
 * buffers of up to 16 MB are kept per thread (a shard's JSON is 3–8 MB).
 *
 * Measured (loaded machine, same process, shard task with its digest): in an engine thread (48 MB
 * young generation) League 117–123 → 99–108 process CPU-ms a shard; prose prompts (blacksmiths, taxi
 * drivers) within noise (1.01, 1.03); in a main thread, League −23%, blacksmiths −22%.
 *
 * The bytes are exactly `JSON.stringify(personas)` and `JSON.stringify(personaFields(personas))`
 * encoded as UTF-8 (shard-json.test.ts), so a seeded population's stored bytes do not change.
 */
import type { Persona } from "../engine/persona.ts";
import type { PersonaFields } from "../engine/quality/similarity.ts";
import type { Writer } from "../engine/ports.ts";
import { SYSTEM_PROMPT_ENDINGS } from "../engine/render.ts";
import { writeShard, type PopulationShard, type ShardWritingOptions } from "./generate.ts";
import { ShardDigestBuilder, type ShardDigest } from "../engine/quality/report-digest.ts";

const encoder = new TextEncoder();
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const CLOSE_OBJECT = 0x7d;
const SYSTEM_PROMPT_KEY = encoder.encode(',"system_prompt":');
const MARKDOWN_KEY = encoder.encode(',"markdown":');
/** A rendered persona's keys, in the order `writeShard` makes them: only such a persona is composed from pieces. */
const RENDERED_KEYS = ["persona_id", "fields", "system_prompt", "markdown"];
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** The character after the backslash of JSON's two-character escapes, by the escaped byte (0: none). */
const SHORT_ESCAPES = new Uint8Array(256);
for (const [code, letter] of [[0x08, "b"], [0x09, "t"], [0x0a, "n"], [0x0c, "f"], [0x0d, "r"], [QUOTE, '"'], [BACKSLASH, "\\"]] as const) SHORT_ESCAPES[code] = letter.charCodeAt(0);
/** Bytes JSON.stringify adds for a byte: one for a two-character escape, five for `\u00xx` (the other control characters), else none. */
const ESCAPE_EXTRA = new Uint8Array(256);
for (let code = 0; code < 0x20; code++) ESCAPE_EXTRA[code] = SHORT_ESCAPES[code] === 0 ? 5 : 1;
ESCAPE_EXTRA[QUOTE] = 1;
ESCAPE_EXTRA[BACKSLASH] = 1;
const HEX_DIGITS = encoder.encode("0123456789abcdef");

/** Node 20 has `String.prototype.isWellFormed`; the lib types we compile against do not yet. */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * The endings every rendered system prompt has (render.ts), with their JSON string's inside as
 * UTF-8 and a closing quote: encoded once here instead of escaped and encoded again for every
 * persona (~700 of a League persona's ~3,200 characters of JSON text). JSON text is escaped
 * character by character, so a text's JSON is its start's without the closing quote, then its
 * ending's inside: an ending starts with a line break, so no surrogate pair is cut between them.
 */
const SYSTEM_PROMPT_ENDING_BYTES = SYSTEM_PROMPT_ENDINGS.map((ending) => ({ ending, bytes: encoder.encode(JSON.stringify(ending).slice(1)) }));

/** Buffers a thread keeps for its next shard: at most this many, each at most this big (a shard's JSON is 3–8 MB). */
const KEPT_BUFFERS = 2;
const KEPT_BUFFER_BYTES = 16 * 2 ** 20;
const FIRST_BUFFER_BYTES = 2 ** 20;
const idleBuffers: Uint8Array[] = [];

/**
 * The largest idle buffer, taken: a shard's personas' array (made first) gets the one that held the
 * last shard's personas, its fields' array the smaller one, so neither grows again shard after shard.
 */
function largestIdleBuffer(): Uint8Array | undefined {
  if (idleBuffers.length === 0) return undefined;
  let largest = 0;
  for (let position = 1; position < idleBuffers.length; position++) if ((idleBuffers[position] as Uint8Array).length > (idleBuffers[largest] as Uint8Array).length) largest = position;
  return idleBuffers.splice(largest, 1)[0];
}

/**
 * A JSON array written as UTF-8 bytes into a buffer taken from the thread's idle ones (or a new
 * one) and given back by `finish`, which returns the bytes in a buffer of their own. Two writers
 * at once (two shards awaiting in one thread) each take their own buffer.
 */
class JsonArrayBytes {
  private buffer = largestIdleBuffer() ?? new Uint8Array(FIRST_BUFFER_BYTES);
  private length = 0;
  private items = 0;

  constructor() {
    this.buffer[this.length++] = OPEN_ARRAY;
  }

  /** Starts the next item (a comma after the first); returns where it starts. */
  item(): number {
    if (this.items++ > 0) this.byte(COMMA);
    return this.length;
  }

  get end(): number {
    return this.length;
  }

  text(text: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit (a surrogate pair's two units take four).
    this.room(text.length * 3);
    this.length += encoder.encodeInto(text, this.buffer.subarray(this.length)).written;
  }

  /**
   * `JSON.stringify(text)`'s UTF-8, without the closing quote unless `close`: the text encoded into
   * the buffer, then escaped there (`escapeWritten`) — no escaped copy of the text is made on the heap.
   * A text with a lone surrogate (which JSON.stringify writes as `\udxxx` and UTF-8 cannot hold) is stringified.
   */
  jsonText(text: string, close = true): void {
    if (!isWellFormed(text)) {
      this.text(JSON.stringify(text));
      if (!close) this.unwrite(QUOTE);
      return;
    }
    this.room(text.length * 3 + 2);
    this.buffer[this.length++] = QUOTE;
    const start = this.length;
    this.length += encoder.encodeInto(text, this.buffer.subarray(start)).written;
    this.escapeWritten(start);
    if (close) this.buffer[this.length++] = QUOTE;
  }

  /**
   * Escapes the bytes written from `start` as JSON.stringify escapes a text's characters: `"` and `\\`,
   * and the control characters below U+0020 (`\n` and its kind, else `\u00xx`). In UTF-8 these are
   * single bytes that no other character's bytes contain, so they are found byte by byte, and the
   * bytes are moved back to front to make room, run by run.
   */
  private escapeWritten(start: number): void {
    const buffer = this.buffer;
    let extra = 0;
    for (let at = start; at < this.length; at++) extra += ESCAPE_EXTRA[buffer[at] as number] as number;
    if (extra === 0) return;
    // Two spare bytes: the caller's closing quote fits without another look at the room.
    this.room(extra + 2);
    const escaped = this.buffer;
    let from = this.length;
    let to = this.length + extra;
    this.length = to;
    for (let at = from - 1; extra > 0; at--) {
      const code = escaped[at] as number;
      const width = ESCAPE_EXTRA[code] as number;
      if (width === 0) continue;
      escaped.copyWithin(to - (from - at - 1), at + 1, from);
      to -= from - at - 1;
      to -= width + 1;
      escaped[to] = BACKSLASH;
      if (width === 1) escaped[to + 1] = SHORT_ESCAPES[code] as number;
      else {
        escaped[to + 1] = 0x75; // u
        escaped[to + 2] = 0x30;
        escaped[to + 3] = 0x30;
        escaped[to + 4] = HEX_DIGITS[code >> 4] as number;
        escaped[to + 5] = HEX_DIGITS[code & 15] as number;
      }
      from = at;
      extra -= width;
    }
  }

  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Bytes this writer wrote earlier, from `start` to `end`. */
  copied(from: JsonArrayBytes, start: number, end: number): void {
    this.bytes(from.buffer.subarray(start, end));
  }

  /** Takes back the last byte written, which must be `byte`. */
  unwrite(byte: number): void {
    if (this.length === 0 || this.buffer[this.length - 1] !== byte) throw new Error(`JsonArrayBytes: the last byte is not ${byte}`);
    this.length--;
  }

  byte(byte: number): void {
    this.room(1);
    this.buffer[this.length++] = byte;
  }

  /** The array's bytes in a buffer of their own (so they can be moved to another thread); the working buffer goes back to the idle ones. */
  finish(): Uint8Array {
    this.byte(CLOSE_ARRAY);
    const bytes = this.buffer.slice(0, this.length);
    if (idleBuffers.length < KEPT_BUFFERS && this.buffer.length <= KEPT_BUFFER_BYTES) idleBuffers.push(this.buffer);
    this.buffer = new Uint8Array(0);
    return bytes;
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/** The personas' JSON and their ids and fields' JSON, as UTF-8, persona by persona. */
export class ShardJsonWriter {
  private readonly personas = new JsonArrayBytes();
  private readonly fields = new JsonArrayBytes();
  /** The ids and fields of every persona added, in order (none when not `keepFields`). */
  readonly personaFields: PersonaFields[] = [];
  /** Personas added. */
  size = 0;

  constructor(private readonly keepFields = true) {}

  /** Adds the next persona; returns its id and fields. */
  add(persona: Persona): PersonaFields {
    const entry: PersonaFields = { persona_id: persona.persona_id, fields: persona.fields };
    if (this.keepFields) this.personaFields.push(entry);
    this.size++;
    const fieldsStart = this.fields.item();
    this.fields.text(JSON.stringify(entry));
    this.personas.item();
    if (isRendered(persona)) {
      // `{"persona_id":…,"fields":{…}` is the entry's JSON without its closing brace: copied, not written again.
      this.personas.copied(this.fields, fieldsStart, this.fields.end - 1);
      this.personas.bytes(SYSTEM_PROMPT_KEY);
      this.systemPrompt(persona.system_prompt);
      this.personas.bytes(MARKDOWN_KEY);
      this.personas.jsonText(persona.markdown);
      this.personas.byte(CLOSE_OBJECT);
    } else this.personas.text(JSON.stringify(persona));
    return entry;
  }

  /** `JSON.stringify(systemPrompt)`, its ending's bytes encoded once (`SYSTEM_PROMPT_ENDING_BYTES`). */
  private systemPrompt(systemPrompt: string): void {
    for (const { ending, bytes } of SYSTEM_PROMPT_ENDING_BYTES) {
      if (!systemPrompt.endsWith(ending)) continue;
      // The start without its closing quote, then the ending's inside and its own closing quote.
      this.personas.jsonText(systemPrompt.slice(0, systemPrompt.length - ending.length), false);
      this.personas.bytes(bytes);
      return;
    }
    this.personas.jsonText(systemPrompt);
  }

  /** The two JSON texts' bytes; the writer is done. */
  finish(): { json: Uint8Array; fieldsJson: Uint8Array } {
    return { json: this.personas.finish(), fieldsJson: this.fields.finish() };
  }
}

/**
 * Whether `JSON.stringify(persona)` is the entry's JSON with the two texts after it: a plain object
 * with exactly the rendered keys in that order, an id and fields (else the entry's JSON is `{}`-like
 * and could not be continued) and two texts.
 */
function isRendered(persona: Persona): boolean {
  if (Object.getPrototypeOf(persona) !== Object.prototype) return false;
  if (typeof persona.persona_id !== "string" || typeof persona.fields !== "object" || persona.fields === null) return false;
  if (typeof persona.system_prompt !== "string" || typeof persona.markdown !== "string") return false;
  const keys = Object.keys(persona);
  return keys.length === RENDERED_KEYS.length && keys.every((key, position) => key === RENDERED_KEYS[position]);
}

export interface ShardJson {
  /** `JSON.stringify(personas)` as UTF-8. */
  json: Uint8Array;
  /** `JSON.stringify(personaFields(personas))` as UTF-8. */
  fieldsJson: Uint8Array;
  /** Each persona's id and fields, in order (the personas' texts are not kept); none with `digest`. */
  fields: PersonaFields[];
  /** With `digest`: the shard's digest for the reports (report-digest.ts), made batch by batch as the batches landed. */
  digest?: ShardDigest;
  size: number;
}

export interface ShardJsonOptions extends Omit<ShardWritingOptions, "reused" | "keepPersonas"> {
  /**
   * Make the shard's digest as its batches land instead of keeping every persona's fields for it:
   * kept to the shard's end, they survived each scavenge and were promoted to the old space.
   */
  digest?: boolean;
}

/**
 * `writeShard`, its personas written into their JSON bytes as each batch lands (in persona order,
 * whatever order a writer's parallel batches land in) rather than kept. No earlier batches are
 * reused: a retried offline shard is written whole.
 */
export async function writeShardJson(shard: PopulationShard, writer: Writer, { digest: digesting = false, ...options }: ShardJsonOptions): Promise<ShardJson> {
  const written = new ShardJsonWriter(!digesting);
  const digest = digesting ? new ShardDigestBuilder(shard.blueprint) : undefined;
  // Batches that landed before an earlier one, by their first persona's index.
  const early = new Map<number, readonly Persona[]>();
  let next = shard.start;
  await writeShard(shard, writer, {
    ...options,
    keepPersonas: false,
    onBatch: async (personas, startIndex) => {
      early.set(startIndex, personas);
      for (let batch = early.get(next); batch !== undefined; batch = early.get(next)) {
        early.delete(next);
        const entries = batch.map((persona) => written.add(persona));
        digest?.add(entries);
        next += batch.length;
      }
      await options.onBatch?.(personas, startIndex);
    },
  });
  const { json, fieldsJson } = written.finish();
  return { json, fieldsJson, fields: written.personaFields, ...(digest ? { digest: digest.digest() } : {}), size: written.size };
}
