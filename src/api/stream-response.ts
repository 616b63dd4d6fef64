/**
 * Answers written as they are produced, compressed on the way when the client accepts it: the big
 * poll bodies and the persona exports. The encodings and their settings are those of the cached
 * poll bodies (and of @fastify/compress), so a client sees the same whatever the size.
 */
import { Readable, pipeline, type Transform } from "node:stream";
import { promisify } from "node:util";
import { brotliCompress, constants as zlibConstants, createBrotliCompress, createDeflate, createGzip, deflate, gzip } from "node:zlib";
import type { FastifyReply } from "fastify";

export type Encoding = "br" | "gzip" | "deflate";
/** In the order preferred when a client accepts several equally (as @fastify/compress prefers them). */
const ENCODINGS: readonly Encoding[] = ["br", "gzip", "deflate"];

/** Quality 4, as @fastify/compress uses: 11 costs seconds on a few megabytes for a few percent. */
const BROTLI_QUALITY = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } };

const compressors: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => promisify(brotliCompress)(body, BROTLI_QUALITY),
  gzip: (body) => promisify(gzip)(body),
  deflate: (body) => promisify(deflate)(body),
};

const compressorStreams: Record<Encoding, () => Transform> = {
  br: () => createBrotliCompress(BROTLI_QUALITY),
  gzip: () => createGzip(),
  deflate: () => createDeflate(),
};

/** A whole body compressed, in zlib's thread pool (off the event loop). */
export function compress(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return compressors[encoding](body);
}

/**
 * Sends chunks as they come, through a zlib stream when an encoding is given. `pipeline` ties the
 * ends together: a client that hangs up stops the compressor and the producer (its generator's
 * `return`, so a reader of the store stops reading), and a failed producer ends the answer rather
 * than hanging it. The socket's backpressure holds the producer back: a slow client costs a few
 * chunks of memory, not the body.
 */
export function sendChunks(reply: FastifyReply, chunks: AsyncIterable<string | Buffer>, encoding: Encoding | undefined): FastifyReply {
  const source = Readable.from(chunks, { objectMode: false });
  reply.header("vary", "accept-encoding");
  if (!encoding) return reply.send(source);
  const compressor = compressorStreams[encoding]();
  pipeline(source, compressor, (error) => {
    if (error && error.name !== "AbortError" && (error as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") {
      reply.log.error({ err: error }, "a streamed answer stopped before its end");
    }
  });
  // @fastify/compress leaves an answer that already names its encoding alone.
  reply.header("content-encoding", encoding);
  return reply.send(compressor);
}

/**
 * The encoding to send, from `Accept-Encoding` (RFC 9110 §12.5.3): the accepted one with the highest
 * weight, ties going to br, gzip, deflate in that order; `*` stands for any not named; `x-gzip` is
 * gzip. Undefined for identity.
 */
export function preferredEncoding(header: string | string[] | undefined): Encoding | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== "string" || header.length > MAX_ANSWERED_HEADER_CHARS) return encodingOf(header);
  // Clients send the same few headers again and again: each is read once.
  if (answeredEncodings.has(header)) return answeredEncodings.get(header);
  const encoding = encodingOf(header);
  if (answeredEncodings.size >= MAX_ANSWERED_ENCODINGS) answeredEncodings.delete(answeredEncodings.keys().next().value!);
  answeredEncodings.set(header, encoding);
  return encoding;
}

/** Accept-Encoding headers already read, and their answer (bounded: any client may send any text). */
const answeredEncodings = new Map<string, Encoding | undefined>();
const MAX_ANSWERED_ENCODINGS = 256;
const MAX_ANSWERED_HEADER_CHARS = 200;

function encodingOf(header: string | string[]): Encoding | undefined {
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
