/**
 * One error type for the whole API, with the spec's codes, and the one place that turns any error
 * into the envelope `{"error": {"code", "message", "details"?, "trace_id"?}}`.
 */
import { capDetails, type ValidationDetail } from "../shared/validation-details.ts";

export const ERROR_CODES = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal_error: 500,
  UPSTREAM_ERROR: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: ValidationDetail[]; trace_id?: string };
}

export class ApiError extends Error {
  readonly status: number;
  /** Capped here, where every envelope is built, so no error anywhere can list a million details. */
  readonly details?: ValidationDetail[];
  constructor(
    readonly code: ErrorCode,
    message: string,
    details?: ValidationDetail[],
  ) {
    super(message);
    this.name = "ApiError";
    this.status = ERROR_CODES[code];
    if (details) this.details = capDetails(details);
  }

  static isInstance(error: unknown): error is ApiError {
    return error instanceof ApiError;
  }

  static validation(details: ValidationDetail[]): ApiError {
    return new ApiError("validation_failed", "request validation failed", details);
  }

  static unauthorized(): ApiError {
    return new ApiError("UNAUTHORIZED", "Authentication failed.");
  }

  static paymentRequired(): ApiError {
    return new ApiError("PAYMENT_REQUIRED", "insufficient credits");
  }

  static forbidden(message = "You do not have access to this resource."): ApiError {
    return new ApiError("forbidden", message);
  }

  static notFound(what = "resource"): ApiError {
    return new ApiError("not_found", `${what} not found`);
  }

  static invalidId(): ApiError {
    return new ApiError("VALIDATION_ERROR", "invalid id");
  }

  envelope(traceId?: string): ErrorEnvelope {
    const body: ErrorEnvelope["error"] = { code: this.code, message: this.message };
    if (this.details) body.details = this.details;
    if (traceId && this.status >= 500) body.trace_id = traceId;
    return { error: body };
  }
}
