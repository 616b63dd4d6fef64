/**
 * Answering polls of big jobs cheaply. 500 clients polling one finished 1,000-persona population
 * once cost 500 reads of its 3 MB result, 500 serialisations and 500 compressions (85 s, /healthz
 * 50 s behind them). Now:
 *
 * - the version (the ETag) is read alone, so a 304 never reads the result;
 * - a version's body is serialised once, and compressed once per encoding (in zlib's thread pool,
 *   off the event loop), then the same bytes are sent to every poll of that version; concurrent
 *   polls of a version not yet cached wait for the one load under way;
 * - bodies live in a least-recently-used cache bounded in bytes (`POLL_CACHE_BYTES`), keyed by the
 *   job, its version and nothing else: a body is only reached after the version read has checked
 *   the caller owns the job;
 * - before sending a big body the handler yields to the event loop, so a health check waiting
 *   behind a burst of polls is answered between them.
 */
import { promisify } from "node:util";
import { brotliCompress, constants as zlibConstants, deflate, gzip } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";
import { matchesIfNoneMatch, versionTag, type RowVersion } from "./conditional-get.ts";

/** Bytes of poll bodies kept (serialised and compressed forms together). */
export const POLL_CACHE_BYTES = 64 * 1024 * 1024;
/** Bodies at least this big are sent after a turn of the event loop. */
const YIELD_BYTES = 64 * 1024;
/** Bodies below this size go out as they are: compressing them saves less than it costs. */
const COMPRESS_MIN_BYTES = 1024;

export type Encoding = "br" | "gzip" | "deflate";
/** In the order preferred when a client accepts several equally (as @fastify/compress prefers them). */
const ENCODINGS: readonly Encoding[] = ["br", "gzip", "deflate"];

const compressors: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  // Quality 4, as @fastify/compress uses: 11 costs seconds on a few megabytes for a few percent.
  br: (body) => promisify(brotliCompress)(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } }),
  gzip: (body) => promisify(gzip)(body),
  deflate: (body) => promisify(deflate)(body),
};

/** One version of a poll body: its JSON, and its compressed forms as they are asked for. */
class PollBody {
  private readonly encoded = new Map<Encoding, Promise<Buffer>>();

  constructor(
    readonly tag: string,
    readonly json: Buffer,
    private readonly grew: (bytes: number) => void,
  ) {}

  bytes(encoding: Encoding | undefined): Promise<Buffer> | Buffer {
    if (encoding === undefined || this.json.length < COMPRESS_MIN_BYTES) return this.json;
    let encoded = this.encoded.get(encoding);
    if (!encoded) {
      encoded = compressors[encoding](this.json);
      this.encoded.set(encoding, encoded);
      encoded.then((buffer) => this.grew(buffer.length), () => this.encoded.delete(encoding));
    }
    return encoded;
  }

  get size(): number {
    return this.json.length;
  }
}

/** What a poll route loads when its body is not cached: the row's version and the body it makes. */
export interface LoadedPoll {
  version: RowVersion;
  body: unknown;
}

export interface PollRequest {
  /** The job kind and id: with the version, the cache key. */
  key: string;
  /** The row's version, read without its result; null when the caller has no such job. */
  version: () => Promise<RowVersion | null>;
  /** The whole row made into its poll body; null when it is gone. */
  load: () => Promise<LoadedPoll | null>;
  /** What answers when the caller has no such job (a 404). */
  notFound: () => Error;
}

export class PollCache {
  /** Insertion order is recency: a hit is moved to the end, eviction takes from the start. */
  private readonly entries = new Map<string, Promise<PollBody | null>>();
  private readonly sizes = new Map<string, number>();
  private total = 0;

  constructor(private readonly maxBytes = POLL_CACHE_BYTES) {}

  /** Answers a poll: 304 when the client holds this version, else the version's body, compressed when accepted. */
  async answer(request: FastifyRequest, reply: FastifyReply, poll: PollRequest): Promise<FastifyReply> {
    const version = await poll.version();
    if (!version) throw poll.notFound();
    const tag = versionTag(version);
    reply.header("etag", tag).header("cache-control", "private, no-cache");
    if (matchesIfNoneMatch(request, tag)) return reply.code(304).send();

    const body = await this.body(`${poll.key}|${tag}`, tag, poll);
    if (!body) throw poll.notFound();
    // The row moved on between the two reads: this body is newer, and says so.
    if (body.tag !== tag) reply.header("etag", body.tag);
    const encoding = preferredEncoding(request.headers["accept-encoding"]);
    const bytes = await body.bytes(encoding);
    if (bytes.length >= YIELD_BYTES) await new Promise((resolve) => setImmediate(resolve));
    reply.header("content-type", "application/json; charset=utf-8");
    // Compressed bodies vary by what the client accepts; @fastify/compress leaves an encoded body alone.
    if (body.size >= COMPRESS_MIN_BYTES) reply.header("vary", "accept-encoding");
    if (encoding && bytes !== body.json) reply.header("content-encoding", encoding);
    return reply.send(bytes);
  }

  private body(key: string, tag: string, poll: PollRequest): Promise<PollBody | null> {
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const loading = poll.load().then((loaded) => {
      if (!loaded) return null;
      const loadedTag = versionTag(loaded.version);
      const body = new PollBody(loadedTag, Buffer.from(JSON.stringify(loaded.body)), (bytes) => this.grow(key, bytes));
      // A newer version than the one asked for is sent, not kept under the older version's key.
      if (loadedTag !== tag) this.forget(key);
      else this.grow(key, body.size);
      return body;
    });
    this.entries.set(key, loading);
    loading.catch(() => this.forget(key));
    return loading;
  }

  private grow(key: string, bytes: number): void {
    if (!this.entries.has(key)) return;
    this.sizes.set(key, (this.sizes.get(key) ?? 0) + bytes);
    this.total += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.total <= this.maxBytes) break;
      this.forget(oldest);
    }
  }

  private forget(key: string): void {
    this.entries.delete(key);
    this.total -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }
}

/**
 * The encoding to send, from `Accept-Encoding` (RFC 9110 §12.5.3): the accepted one with the highest
 * weight, ties going to br, gzip, deflate in that order; `*` stands for any not named; `x-gzip` is
 * gzip. Undefined for identity.
 */
export function preferredEncoding(header: string | string[] | undefined): Encoding | undefined {
  if (header === undefined) return undefined;
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(",") : header).toLowerCase().split(",")) {
    const [name = "", ...parameters] = part.split(";").map((piece) => piece.trim());
    if (name === "") continue;
    const quality = parameters.find((parameter) => parameter.startsWith("q="));
    const weight = quality === undefined ? 1 : Number(quality.slice(2));
    weights.set(name === "x-gzip" ? "gzip" : name, Number.isFinite(weight) ? weight : 0);
  }
  let best: Encoding | undefined;
  let bestWeight = 0;
  for (const encoding of ENCODINGS) {
    const weight = weights.get(encoding) ?? weights.get("*") ?? 0;
    if (weight > bestWeight) (best = encoding), (bestWeight = weight);
  }
  return best;
}
