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

/** Items already written as JSON (each one's text as `JSON.stringify` wrote it), passed through as they are. */
export class JsonTexts {
  constructor(readonly items: readonly string[]) {}
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
    for await (const batch of piece.batches()) {
      const written = batch instanceof JsonTexts;
      for (const item of written ? batch.items : batch) {
        const text = written ? (item as string) : (JSON.stringify(item) ?? "null");
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
