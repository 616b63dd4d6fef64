/**
 * ETags for the poll routes, so a client polling a finished 3 MB population gets a 304 with no body.
 *
 * The tag is computed from what identifies a version of a job row (id, `updated_at`, status and
 * progress), never by hashing the body: every write to a row moves `updated_at`, and the body is a
 * pure function of the row. It is weak (`W/`) because the same version is sent as gzip, brotli or
 * identity bytes (RFC 9110 §8.8.1); If-None-Match compares weakly anyway.
 */
import { hash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

export interface RowVersion {
  id: string;
  updatedAt: Date;
  status: string;
  phase?: string | null;
  produced?: number;
  total?: number;
}

export function versionTag(row: RowVersion): string {
  const identity = [row.id, row.updatedAt.getTime(), row.status, row.phase ?? "", row.produced ?? 0, row.total ?? 0].join("|");
  return `W/"${hash("sha256", identity, "base64url").slice(0, 27)}"`;
}

/** True when the request's `If-None-Match` names `tag` (or `*`), by the weak comparison of RFC 9110 §13.1.2. */
export function matchesIfNoneMatch(request: FastifyRequest, tag: string): boolean {
  const header = request.headers["if-none-match"];
  if (!header) return false;
  const opaque = (value: string) => value.trim().replace(/^W\//, "");
  const wanted = opaque(tag);
  return header.split(",").some((candidate) => candidate.trim() === "*" || opaque(candidate) === wanted);
}

/**
 * Answers with `body()` and its ETag, or 304 with none when the client already holds this
 * version. `private, no-cache`: a shared cache must never hand one account's job to another, and a
 * client revalidates every time, which costs a 304.
 */
export function sendVersioned<T>(request: FastifyRequest, reply: FastifyReply, row: RowVersion, body: () => T): T | FastifyReply {
  const tag = versionTag(row);
  reply.header("etag", tag).header("cache-control", "private, no-cache");
  if (matchesIfNoneMatch(request, tag)) return reply.code(304).send();
  return body();
}
