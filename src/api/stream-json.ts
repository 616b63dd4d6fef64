/**
 * JSON written a piece at a time: the same bytes as `JSON.stringify(value)`, produced as chunks of
 * about `chunkBytes`, where a `StreamedArray` in the value is a list read while it is written (a
 * population's personas from the store). Neither the whole text nor, for a streamed list, the whole
 * list ever exists at once.
 *
 * Containers near the top (`walkDepth` levels: a poll, its result, the personas list) are walked
 * key by key and item by item; anything deeper is one `JSON.stringify` (a persona, a blueprint), so a
 * value made of small leaves costs no more than stringify does. Between chunks of a streamed list
 * the writer waits for a turn of the event loop, so a health check is answered while a 300 MB poll
 * is being written.
 *
 * @example
 * const body = { id, result: { personas: new StreamedArray(() => readBatches()), blueprint } };
 * for await (const chunk of jsonChunks(body)) socket.write(chunk);
 */

/**
 * Items already written as JSON (each one's text as `JSON.stringify` wrote it), passed through as
 * they are. The list is emptied as it is written (`TextPacker`): give one made for the purpose.
 */
export class JsonTexts {
  constructor(readonly items: string[]) {}
}

/** A JSON array whose items arrive in batches while it is written; only `jsonChunks` can write it. */
export class StreamedArray {
  constructor(readonly batches: () => AsyncIterable<readonly unknown[] | JsonTexts>) {}

  /** A streamed list inside a value given to `JSON.stringify` would be written as `{}`: refuse instead. */
  toJSON(): never {
    throw new TypeError("a StreamedArray can only be written by jsonChunks, within its walked levels");
  }
}

export interface JsonChunkOptions {
  /** About this many characters per chunk (default 64 KiB). */
  chunkCharacters?: number;
  /** Levels walked piece by piece; a `StreamedArray` must sit within them (default 3). */
  walkDepth?: number;
}

const DEFAULT_CHUNK_CHARACTERS = 64 * 1024;
const DEFAULT_WALK_DEPTH = 3;

/** The JSON text of `value` in chunks, byte for byte `JSON.stringify(value)` with streamed lists expanded. */
export async function* jsonChunks(value: unknown, options: JsonChunkOptions = {}): AsyncGenerator<string> {
  const chunkCharacters = options.chunkCharacters ?? DEFAULT_CHUNK_CHARACTERS;
  let pending: string[] = [];
  let pendingCharacters = 0;
  // Every chunk waits for a turn of the event loop first: a value already in memory (an old row of
  // 300 MB) is written between other requests, not in one go before them.
  const take = async (): Promise<string> => {
    await nextTurn();
    const chunk = pending.join("");
    pending = [];
    pendingCharacters = 0;
    return chunk;
  };
  for (const piece of pieces(serialisable(value, ""), options.walkDepth ?? DEFAULT_WALK_DEPTH)) {
    if (typeof piece === "string") {
      pending.push(piece);
      pendingCharacters += piece.length;
      if (pendingCharacters >= chunkCharacters) yield await take();
      continue;
    }
    pending.push("[");
    let first = true;
    // A batch's texts are decoded one at a time, each before the next batch is packed.
    const packer = new TextPacker();
    for await (const batch of piece.batches()) {
      for (const text of batch instanceof JsonTexts ? decoded(packer.pack(batch.items)) : stringified(batch)) {
        pending.push(first ? text : `,${text}`);
        pendingCharacters += text.length + 1;
        first = false;
        if (pendingCharacters >= chunkCharacters) yield await take();
      }
      // A batch is the unit of work between turns of the event loop, however fast the reader is.
      await nextTurn();
    }
    pending.push("]");
  }
  if (pending.length > 0) yield await take();
}

function* decoded(texts: Iterable<Buffer>): Generator<string> {
  for (const bytes of texts) yield bytes.toString("utf8");
}

function* stringified(items: readonly unknown[]): Generator<string> {
  for (const item of items) yield JSON.stringify(item) ?? "null";
}

/**
 * Copies lists of texts out of the JavaScript heap into one buffer it reuses, handing each text
 * out as a slice of it; a list it packs is emptied. A slice is valid until the next `pack`.
 *
 * For the texts of a stored row (a thousand personas, 3.5 MB, arriving together from the database)
 * that are written out over many turns of the event loop. Kept as strings, every young-generation
 * collection in between copied the ones not yet written and then promoted them to the old
 * generation, where they stayed until the next full collection: a 100,000-persona CSV export grew
 * the embedded server's heap to 363 MB of dead texts (V8 lets the old generation grow to a few
 * times what is live before it collects). Copied out at once, the strings die young. The buffer is
 * reused so that the copies are not garbage of their own (a fresh buffer a row was 350 MB of
 * external memory to collect at 100,000 personas, a dozen more full collections).
 */
export class TextPacker {
  private buffer = Buffer.alloc(0);

  /** The first `most` texts (all by default) as slices, in order; `texts` is emptied. */
  pack(texts: string[], most = texts.length): Buffer[] {
    const taken = Math.min(most, texts.length);
    let bytes = 0;
    for (let index = 0; index < taken; index++) bytes += Buffer.byteLength(texts[index]!);
    if (this.buffer.length < bytes) this.buffer = Buffer.allocUnsafeSlow(Math.max(bytes, 2 * this.buffer.length));
    const slices: Buffer[] = new Array(taken);
    for (let index = 0, at = 0; index < taken; index++) {
      const end = at + this.buffer.write(texts[index]!, at);
      slices[index] = this.buffer.subarray(at, end);
      at = end;
    }
    texts.length = 0;
    return slices;
  }
}

/** The JSON text in pieces (strings) and the streamed lists in their places; `value` is already through `serialisable`. */
function* pieces(value: unknown, depth: number): Generator<string | StreamedArray> {
  if (value instanceof StreamedArray) {
    yield value;
    return;
  }
  if (depth <= 0 || typeof value !== "object" || value === null) {
    yield JSON.stringify(value) ?? "null";
    return;
  }
  if (Array.isArray(value)) {
    yield "[";
    for (let index = 0; index < value.length; index++) {
      if (index > 0) yield ",";
      const item = serialisable(value[index], String(index));
      if (omitted(item)) yield "null";
      else yield* pieces(item, depth - 1);
    }
    yield "]";
    return;
  }
  yield "{";
  let first = true;
  for (const name of Object.keys(value)) {
    const item = serialisable((value as Record<string, unknown>)[name], name);
    if (omitted(item)) continue;
    yield `${first ? "" : ","}${JSON.stringify(name)}:`;
    first = false;
    yield* pieces(item, depth - 1);
  }
  yield "}";
}

/** What `JSON.stringify` writes for a value: its `toJSON()` when it has one (a Date's ISO string). */
function serialisable(value: unknown, key: string): unknown {
  if (value instanceof StreamedArray) return value;
  if (typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  return value;
}

/** Values `JSON.stringify` leaves out of objects (and writes as null in arrays). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** A macrotask turn: I/O callbacks (a health check, a socket's drain) run before the next batch. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
