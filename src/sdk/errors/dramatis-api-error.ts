/**
 * The server answered with a non-2xx status. `code` is the envelope's stable code
 * (`UNAUTHORIZED`, `PAYMENT_REQUIRED`, `validation_failed`, `VALIDATION_ERROR`, `not_found`, …),
 * `details` the pydantic-style `{loc, msg, type}` list of a 422.
 */
import type { ValidationDetail } from "../../shared/validation-details.ts";
import { DramatisError, hasMarker } from "./dramatis-error.ts";

const marker: unique symbol = Symbol.for("dramatis.sdk.api-error");

export interface DramatisApiErrorInit {
  status: number;
  code: string;
  message: string;
  details?: ValidationDetail[];
  traceId?: string;
  requestId?: string;
  /** From a `Retry-After` header (429, 503), in milliseconds. */
  retryAfterMs?: number;
  /** The raw body, parsed when it was JSON. */
  body?: unknown;
}

export class DramatisApiError extends DramatisError {
  private readonly [marker] = true;
  readonly status: number;
  readonly code: string;
  readonly details: ValidationDetail[];
  readonly traceId: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly body: unknown;

  constructor(init: DramatisApiErrorInit) {
    super(init.message);
    this.name = "DramatisApiError";
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.traceId = init.traceId;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.body = init.body;
  }

  static override isInstance(error: unknown): error is DramatisApiError {
    return hasMarker(error, marker);
  }
}
