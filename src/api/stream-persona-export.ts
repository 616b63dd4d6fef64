/**
 * `GET /v1/personas/repositories/Population/by-id/{id}/personas?format=jsonl|csv&limit=&cursor=`
 * (Dramatis extension): a succeeded population's personas as JSON Lines or CSV, written from the
 * store a row at a time, for clients that want a file or pages rather than one JSON poll.
 *
 * - Without `limit`, every persona from `cursor` (or the first) to the last, in one answer.
 * - With `limit`, at most that many; when more follow, the answer carries `X-Next-Cursor` (and a
 *   `Link: <…>; rel="next"` to the next page). The last page has neither. Pages never repeat or
 *   skip a persona: the cursor is the index of the next one, and a finished population never changes.
 * - JSONL: one persona per line, each line `JSON.stringify(persona)` and `\n` (the SDK's `toJsonl`).
 * - CSV (RFC 4180): the SDK's `toCsv` columns (`persona_id`, every blueprint field in its order,
 *   `system_prompt`, `markdown`), a header row on every page, CRLF line ends.
 * - Compressed (br, gzip, deflate) as the client accepts, on the way.
 *
 * A bad `format`, `limit` or `cursor` is a 422 in the envelope; a population that has not succeeded
 * is 409 `conflict`; another account's or a missing one is 404.
 */
import { z } from "zod";
import type { FastifyReply, FastifyRequest } from "fastify";
import { LaxIntegerSchema } from "../shared/contract.ts";
import type { PopulationRow } from "../store/jobs.ts";
import type { StoredRow } from "../store/population-personas.ts";
import { ApiError } from "./errors.ts";
import { nextTurn, TextPacker } from "./stream-json.ts";
import { preferredEncoding, sendChunks } from "./stream-response.ts";
import { csvLine, personaCsvCells, personaCsvHeader } from "../shared/persona-csv.ts";

export const PERSONA_EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type PersonaExportFormat = (typeof PERSONA_EXPORT_FORMATS)[number];
/** The most personas one page may ask for; without `limit` everything from the cursor is sent. */
export const PERSONA_EXPORT_MAX_LIMIT = 100_000;
/** The response header naming the next page's cursor. */
export const NEXT_CURSOR_HEADER = "x-next-cursor";

export const PersonaExportQuerySchema = z.object({
  format: z.enum(PERSONA_EXPORT_FORMATS).default("jsonl").meta({ description: "`jsonl` (one persona per line) or `csv` (RFC 4180, a header row on every page)." }),
  limit: LaxIntegerSchema.pipe(z.number().min(1).max(PERSONA_EXPORT_MAX_LIMIT))
    .optional()
    .meta({ description: `Personas in this page (1–${PERSONA_EXPORT_MAX_LIMIT.toLocaleString("en-US")}); without it, every persona from the cursor on.`, minimum: 1, maximum: PERSONA_EXPORT_MAX_LIMIT }),
  cursor: z.string().min(1).max(100).optional().meta({ description: "The previous page's `X-Next-Cursor` (opaque)." }),
});
export type PersonaExportQuery = z.infer<typeof PersonaExportQuerySchema>;

const CONTENT_TYPES: Record<PersonaExportFormat, string> = {
  jsonl: "application/jsonl; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
};

/** Bytes gathered before a chunk is handed to the socket. */
const CHUNK_BYTES = 64 * 1024;

/** Where the personas of a succeeded population are read from: its rows (each persona's JSON text) from an index on. */
export type PersonaRows = (row: PopulationRow, from: number) => AsyncIterable<StoredRow>;

/** A persona as it is written out: the spec's keys (fields are strings). */
interface ExportedPersona {
  persona_id: string;
  fields: Record<string, string>;
  system_prompt: string;
  markdown: string;
}

export function encodeExportCursor(index: number): string {
  return Buffer.from(`personas:${index}`).toString("base64url");
}

/** The index a cursor points at, checked against the population's size: a cursor is never a 500. */
export function decodeExportCursor(cursor: string, count: number): number {
  const match = /^personas:(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const index = match ? Number(match[1]) : Number.NaN;
  if (Number.isSafeInteger(index) && index < count) return index;
  throw ApiError.validation([{ loc: ["cursor"], msg: "Invalid cursor: pass the X-Next-Cursor of the previous page as it is", type: "value_error" }]);
}

/**
 * Answers an export of `row` (already checked to be the caller's): headers first (the next cursor
 * is known from the population's size), then the personas as they are read.
 */
export function answerPersonaExport(request: FastifyRequest, reply: FastifyReply, row: PopulationRow, query: PersonaExportQuery, rows: PersonaRows): FastifyReply {
  if (row.status !== "succeeded") throw new ApiError("conflict", `population ${row.id} is ${row.status}: its personas can be exported once it has succeeded`);
  const from = query.cursor === undefined ? 0 : decodeExportCursor(query.cursor, row.count);
  const end = query.limit === undefined ? row.count : Math.min(row.count, from + query.limit);
  if (end < row.count) {
    const next = encodeExportCursor(end);
    const url = new URL(request.url, "http://placeholder");
    url.searchParams.set("cursor", next);
    reply.header(NEXT_CURSOR_HEADER, next).header("link", `<${url.pathname}${url.search}>; rel="next"`);
  }
  const extension = query.format === "csv" ? "csv" : "jsonl";
  reply
    .header("content-type", CONTENT_TYPES[query.format])
    .header("content-disposition", `attachment; filename="population-${row.id}${from > 0 ? `-from-${from}` : ""}.${extension}"`)
    .header("cache-control", "private, no-cache");
  const personas = personasBetween(rows(row, from), end - from);
  const lines = query.format === "csv" ? csvLines(personas, blueprintFieldNames(row.result)) : jsonLines(personas);
  return sendChunks(reply, chunked(lines), preferredEncoding(request.headers["accept-encoding"]));
}

/**
 * Exactly `wanted` personas' JSON texts (as bytes) from the rows, then the reading stops (the rows
 * after are never read).
 *
 * Each row's texts leave the JavaScript heap as soon as the row arrives (`TextPacker`): a 100,000-persona
 * CSV export kept as strings grew the server's heap by about 250 MB of dead texts.
 */
async function* personasBetween(rows: AsyncIterable<StoredRow>, wanted: number): AsyncGenerator<Buffer> {
  let left = wanted;
  if (left <= 0) return;
  // Each slice is copied (jsonLines' chunks) or decoded (csvLines) before the next row is packed.
  const packer = new TextPacker();
  for await (const row of rows) {
    const texts = packer.pack(row.personas, left);
    left -= texts.length;
    yield* texts;
    if (left === 0) return;
  }
}

const NEWLINE = Buffer.from("\n");

/** A stored persona's text is already `JSON.stringify(persona)` (population-personas.ts): it is the line as it is. */
async function* jsonLines(personas: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const persona of personas) {
    yield persona;
    yield NEWLINE;
  }
}

/** The CSV of the SDK's `toCsv` with the blueprint given (see the module comment for its columns). */
async function* csvLines(personas: AsyncIterable<Buffer>, fields: readonly string[]): AsyncGenerator<string> {
  yield csvRow(personaCsvHeader(fields));
  for await (const text of personas) {
    const persona = JSON.parse(text.toString("utf8")) as ExportedPersona;
    yield csvRow(personaCsvCells(persona, fields));
  }
}

function csvRow(values: readonly string[]): string {
  return `${csvLine(values)}\r\n`;
}

function blueprintFieldNames(result: unknown): string[] {
  const fields = (result as { blueprint?: { fields?: Array<{ name?: unknown }> } } | null)?.blueprint?.fields;
  return Array.isArray(fields) ? fields.map((field) => field.name).filter((name): name is string => typeof name === "string") : [];
}

/**
 * Lines gathered into chunks of at most `CHUNK_BYTES` (or one line, when longer), a turn of the
 * event loop before each. Each line is copied into its chunk as it comes: a line may be a slice of
 * a buffer that is reused for the next row (`TextPacker`).
 */
async function* chunked(lines: AsyncIterable<string | Buffer>): AsyncGenerator<Buffer> {
  let chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  let used = 0;
  for await (const line of lines) {
    const bytes = typeof line === "string" ? Buffer.byteLength(line) : line.length;
    if (used + bytes > chunk.length) {
      if (used > 0) {
        await nextTurn();
        yield chunk.subarray(0, used);
      }
      chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, bytes));
      used = 0;
    }
    used += typeof line === "string" ? chunk.write(line, used) : line.copy(chunk, used);
  }
  if (used > 0) yield chunk.subarray(0, used);
}
