/** The `Idempotency-Key` header of a POST action (Stripe's semantics; see JobsService). */
import type { FastifyRequest } from "fastify";
import { ApiError } from "../errors.ts";
import { IDEMPOTENCY_KEY_LOC, type IdempotencyRequest } from "../../services/jobs-service.ts";

/** Stripe's bound on an idempotency key. */
export const MAX_IDEMPOTENCY_KEY_CHARACTERS = 255;

/** The request's `Idempotency-Key`, if it sent one: 1 to 255 characters. */
export function idempotencyOf(request: FastifyRequest): IdempotencyRequest | undefined {
  const header = request.headers["idempotency-key"];
  if (header === undefined) return undefined;
  const key = (Array.isArray(header) ? header.join(",") : header).trim();
  if (key === "") throw ApiError.validation([{ loc: IDEMPOTENCY_KEY_LOC, msg: "String should have at least 1 character", type: "string_too_short" }]);
  if (key.length > MAX_IDEMPOTENCY_KEY_CHARACTERS) {
    throw ApiError.validation([{ loc: IDEMPOTENCY_KEY_LOC, msg: `String should have at most ${MAX_IDEMPOTENCY_KEY_CHARACTERS} characters`, type: "string_too_long" }]);
  }
  return { key, body: request.body };
}
