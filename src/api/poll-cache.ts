/**
 * Answering polls cheaply, whatever the size of the job. 500 clients polling one finished
 * 1,000-persona population once cost 500 reads of its 3 MB result, 500 serialisations and 500
 * compressions (85 s, /healthz 50 s behind them); one poll of a 100,000-persona population held
 * the event loop for 8 s and 6 GB of memory. Now:
 *
 * - the version (the ETag) is read alone, so a 304 never reads the result; a version that is final
 *   (a job that succeeded: no write ever touches its row again) is remembered for its owner, so a
 *   poll of a finished job reads nothing from the store at all, only its unfinished jobs' polls do;
 * - the body is written as a stream of JSON chunks (stream-json.ts), a population's personas read
 *   from the store a batch at a time: no poll ever holds its whole body as one value or one string;
 * - a body that ends within `MAX_CACHED_BODY_BYTES` is kept: serialised once, compressed once per
 *   encoding (in zlib's thread pool), the same bytes sent to every poll of that version; concurrent
 *   polls of a version not yet cached wait for the one load under way. The cache is an LRU bounded
 *   in bytes (`POLL_CACHE_BYTES`), keyed by the job and its version: a body is only reached after
 *   the version read has checked the caller owns the job;
 * - a bigger body is never kept: every poll writes it from the store again, compressed on the way
 *   by a zlib stream, with the socket's backpressure holding the reading back; the cache only
 *   remembers that this version is big, so the next poll streams at once;
 * - the writer waits for a turn of the event loop between chunks, so a health check is answered
 *   while a 300 MB poll is on its way.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { matchesIfNoneMatch, versionTag, type RowVersion } from "./conditional-get.ts";
import { jsonChunks } from "./stream-json.ts";
import { compress, preferredEncoding, sendChunks, type Encoding } from "./stream-response.ts";

/** Bytes of poll bodies kept (serialised and compressed forms together). */
export const POLL_CACHE_BYTES = 64 * 1024 * 1024;
/**
 * Bodies up to this size are kept; bigger ones are streamed from the store on every poll. Set by
 * `DRAMATIS_POLL_CACHE_BODY_BYTES` (the tests of streaming use a small one: what they check starts
 * past the limit, and a population of several times 8 MB costs seconds to store and read).
 */
export const MAX_CACHED_BODY_BYTES = 8 * 1024 * 1024;

/** The kept-body limit a setting asks for: unset or blank, `MAX_CACHED_BODY_BYTES`; anything but a whole number of bytes is refused, naming the variable. */
export function cachedBodyLimit(setting: string | undefined): number {
  if (setting === undefined || setting.trim() === "") return MAX_CACHED_BODY_BYTES;
  const bytes = Number(setting);
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new Error(`DRAMATIS_POLL_CACHE_BODY_BYTES must be a whole number of bytes (0 or more), got '${setting}'`);
  return bytes;
}
/** Versions remembered at most (a big version costs an entry and no bytes); final versions too. */
const MAX_ENTRIES = 10_000;
/** Bodies at least this big are sent after a turn of the event loop. */
const YIELD_BYTES = 64 * 1024;
/** Bodies below this size go out as they are: compressing them saves less than it costs. */
const COMPRESS_MIN_BYTES = 1024;

/** One version of a poll body: its JSON, and its compressed forms as they are asked for. */
class PollBody {
  /** Each encoding's bytes: the compression under way, then the bytes themselves (sent without waiting a turn). */
  private readonly encoded = new Map<Encoding, Promise<Buffer> | Buffer>();

  constructor(
    readonly tag: string,
    readonly json: Buffer,
    private readonly grew: (bytes: number) => void,
  ) {}

  bytes(encoding: Encoding | undefined): Promise<Buffer> | Buffer {
    if (encoding === undefined || this.json.length < COMPRESS_MIN_BYTES) return this.json;
    const encoded = this.encoded.get(encoding);
    if (encoded) return encoded;
    const compressing = compress(this.json, encoding);
    this.encoded.set(encoding, compressing);
    compressing.then(
      (buffer) => {
        this.encoded.set(encoding, buffer);
        this.grew(buffer.length);
      },
      () => this.encoded.delete(encoding),
    );
    return compressing;
  }

  get size(): number {
    return this.json.length;
  }
}

/** A version too big to keep: what the cache remembers of it is that it must be streamed. */
const TOO_BIG = Symbol("too big to keep");

/** A body being written from the store: the chunks already read, then the rest. */
interface StreamingBody {
  tag: string;
  read: string[];
  rest: AsyncIterator<string>;
}

/** What a poll route loads when its body is not cached: the row's version and the body it makes. */
export interface LoadedPoll {
  version: RowVersion;
  /** The poll body; it may hold `StreamedArray`s (stream-json.ts) read while it is written. */
  body: unknown;
}

/**
 * A poll route's reads, made once per route: a poll passes the id and the owner (the account
 * asking) instead of closures of its own, which cost every request their allocation.
 */
export interface PollSource {
  /** The job kind: with the id and the version, the cache key. */
  kind: string;
  /** The row's version, read without its result; null when `owner` has no such job. */
  version(id: string, owner: string): Promise<RowVersion | null>;
  /** True when no write will ever change this version again (it is remembered, not read again). */
  isFinal(version: RowVersion): boolean;
  /** The row made into its poll body; null when it is gone. */
  load(id: string, owner: string): Promise<LoadedPoll | null>;
  /** What answers when the caller has no such job (a 404). */
  notFound(): Error;
}

/** One poll: a source, the job's id, who asks (a final version is remembered for that owner alone) and the cache key. */
interface Poll {
  source: PollSource;
  id: string;
  owner: string;
  key: string;
}

/** A body loading or loaded; `settled` once it is, so a cached body is sent without waiting a turn. */
interface Entry {
  loading: Promise<PollBody | typeof TOO_BIG | null>;
  settled?: PollBody | typeof TOO_BIG | null;
}

export class PollCache {
  /** Insertion order is recency: a hit is moved to the end, eviction takes from the start. */
  private readonly entries = new Map<string, Entry>();
  private readonly sizes = new Map<string, number>();
  private total = 0;
  /** Final versions' tags by job and owner, insertion order is recency like `entries`. */
  private readonly finalVersions = new Map<string, string>();

  constructor(
    private readonly maxBytes = POLL_CACHE_BYTES,
    readonly maxBodyBytes = cachedBodyLimit(process.env.DRAMATIS_POLL_CACHE_BODY_BYTES),
  ) {}

  /** Answers a poll: 304 when the client holds this version, else the version's body, compressed when accepted. */
  async answer(request: FastifyRequest, reply: FastifyReply, source: PollSource, id: string, owner: string): Promise<FastifyReply> {
    const poll: Poll = { source, id, owner, key: `${source.kind}|${id}` };
    const tag = this.rememberedTag(poll) ?? (await this.readTag(poll));
    if (tag === null) throw source.notFound();
    reply.header("etag", tag).header("cache-control", "private, no-cache");
    if (matchesIfNoneMatch(request, tag)) return reply.code(304).send();

    const key = `${poll.key}|${tag}`;
    const body = this.cachedBody(key) ?? (await this.body(key, tag, poll));
    if (!body) throw source.notFound();
    // The row moved on between the two reads: this body is newer, and says so.
    if (body.tag !== tag) reply.header("etag", body.tag);
    const encoding = preferredEncoding(request.headers["accept-encoding"]);
    reply.header("content-type", "application/json; charset=utf-8");
    if (!(body instanceof PollBody)) {
      if (request.method !== "HEAD") return sendChunks(reply, chunksOf(body), encoding);
      // A HEAD is answered with the headers alone: the rest is not read from the store for nothing.
      await body.rest.return?.(undefined);
      return reply.header("vary", "accept-encoding").send();
    }

    const encoded = body.bytes(encoding);
    const bytes = Buffer.isBuffer(encoded) ? encoded : await encoded;
    if (bytes.length >= YIELD_BYTES) await new Promise((resolve) => setImmediate(resolve));
    // Compressed bodies vary by what the client accepts; @fastify/compress leaves an encoded body alone.
    if (body.size >= COMPRESS_MIN_BYTES) reply.header("vary", "accept-encoding");
    if (encoding && bytes !== body.json) reply.header("content-encoding", encoding);
    return reply.send(bytes);
  }

  /** The tag of the job's final version, when one was read for this owner. */
  private rememberedTag(poll: Poll): string | undefined {
    const key = `${poll.key}|${poll.owner}`;
    const tag = this.finalVersions.get(key);
    if (tag !== undefined) {
      this.finalVersions.delete(key);
      this.finalVersions.set(key, tag);
    }
    return tag;
  }

  /** The job's version tag from the store (null: the owner has no such job), remembered when final. */
  private async readTag(poll: Poll): Promise<string | null> {
    const version = await poll.source.version(poll.id, poll.owner);
    if (!version) return null;
    const tag = versionTag(version);
    if (poll.source.isFinal(version)) this.rememberFinal(poll, tag);
    return tag;
  }

  /** Remembers a final version's tag for the poll's owner: no write will change it again. */
  private rememberFinal(poll: Poll, tag: string): void {
    this.finalVersions.set(`${poll.key}|${poll.owner}`, tag);
    if (this.finalVersions.size > MAX_ENTRIES) this.finalVersions.delete(this.finalVersions.keys().next().value!);
  }

  /** A body already loaded and kept, moved to the recent end; undefined when it must be loaded, waited for or streamed. */
  private cachedBody(key: string): PollBody | undefined {
    const cached = this.entries.get(key);
    if (!(cached?.settled instanceof PollBody)) return undefined;
    this.entries.delete(key);
    this.entries.set(key, cached);
    return cached.settled;
  }

  /** The cached body of this version, or a load of it: kept whole when small, handed over as a stream when not. */
  private async body(key: string, tag: string, poll: Poll): Promise<PollBody | StreamingBody | null> {
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      const settled = await cached.loading;
      return settled === TOO_BIG ? startStreaming(poll) : settled;
    }
    let handedOver: StreamingBody | undefined;
    const loading = (async () => {
      const loaded = await poll.source.load(poll.id, poll.owner);
      if (!loaded) return null;
      const loadedTag = versionTag(loaded.version);
      const chunks = jsonChunks(loaded.body);
      const read: string[] = [];
      let bytes = 0;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
        read.push(next.value);
        bytes += Buffer.byteLength(next.value);
        if (bytes > this.maxBodyBytes) {
          handedOver = { tag: loadedTag, read, rest: chunks };
          break;
        }
      }
      // A newer version than the one asked for is sent, not kept under the older version's key. A final
      // one (the job finished between the two reads) is remembered and kept under its own key, so the
      // next poll of it reads nothing, as if the version read had already been this one.
      if (loadedTag !== tag) {
        this.forget(key);
        if (!poll.source.isFinal(loaded.version)) return handedOver ? TOO_BIG : new PollBody(loadedTag, Buffer.from(read.join("")), () => {});
        this.rememberFinal(poll, loadedTag);
        if (handedOver) return TOO_BIG;
        const newerKey = `${poll.key}|${loadedTag}`;
        const newer = new PollBody(loadedTag, Buffer.from(read.join("")), (grown) => this.grow(newerKey, grown));
        if (!this.entries.has(newerKey)) {
          this.entries.set(newerKey, { loading: Promise.resolve(newer), settled: newer });
          this.grow(newerKey, newer.size);
        }
        return newer;
      }
      if (handedOver) return TOO_BIG;
      const body = new PollBody(loadedTag, Buffer.from(read.join("")), (grown) => this.grow(key, grown));
      this.grow(key, body.size);
      return body;
    })();
    const entry: Entry = { loading };
    this.entries.set(key, entry);
    this.trim();
    loading.then(
      (settled) => (entry.settled = settled),
      () => this.forget(key),
    );
    const settled = await loading;
    if (settled !== TOO_BIG) return settled;
    return handedOver ?? startStreaming(poll);
  }

  private grow(key: string, bytes: number): void {
    if (!this.entries.has(key)) return;
    this.sizes.set(key, (this.sizes.get(key) ?? 0) + bytes);
    this.total += bytes;
    this.trim();
  }

  private trim(): void {
    for (const oldest of this.entries.keys()) {
      if (this.total <= this.maxBytes && this.entries.size <= MAX_ENTRIES) break;
      this.forget(oldest);
    }
  }

  private forget(key: string): void {
    this.entries.delete(key);
    this.total -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }
}

/** Another poll of a version known to be big: written from the store from its first byte. */
async function startStreaming(poll: Poll): Promise<StreamingBody | null> {
  const loaded = await poll.source.load(poll.id, poll.owner);
  if (!loaded) return null;
  return { tag: versionTag(loaded.version), read: [], rest: jsonChunks(loaded.body) };
}

/** The chunks already read, then the rest; the rest is closed when the answer ends early (a client gone). */
async function* chunksOf(body: StreamingBody): AsyncGenerator<string> {
  try {
    yield* body.read.splice(0);
    for (let next = await body.rest.next(); !next.done; next = await body.rest.next()) yield next.value;
  } finally {
    await body.rest.return?.(undefined);
  }
}
