/** Parses a request body with a zod schema; failures become the spec's 422 with pydantic details. */
import type { z } from "zod";
import { issuesToDetails } from "../shared/validation-details.ts";
import { ApiError } from "./errors.ts";

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {}, { reportInput: true });
  if (!parsed.success) throw ApiError.validation(issuesToDetails(parsed.error.issues));
  return parsed.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A `by-id` route's id must look like one of ours; anything else is 400 `invalid id`. */
export function parseId(id: string): string {
  if (!UUID.test(id)) throw ApiError.invalidId();
  return id.toLowerCase();
}
