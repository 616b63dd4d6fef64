/**
 * What a use case can refuse, in the services' own words: no HTTP status lives here. `api/` maps
 * each kind to the spec's envelope in one place (`api/server.ts`), so a second transport (the CLI,
 * a worker) gets the same errors without inheriting HTTP.
 *
 * One class with a closed `kind` union, recognised by a marker symbol (as the AI SDK's errors are)
 * rather than `instanceof`, which two copies of a module would break.
 */
import type { ValidationDetail } from "../shared/validation-details.ts";

export type ServiceErrorKind = "not_found" | "forbidden" | "conflict" | "unauthenticated" | "invalid_input" | "payment_required" | "over_limit";

const MARKER = Symbol.for("dramatis.service-error");

export class ServiceError extends Error {
  private readonly [MARKER] = true;

  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    /** For `invalid_input`: where each problem is, worded as pydantic words it. */
    readonly details?: ValidationDetail[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ServiceError";
  }

  static isInstance(error: unknown): error is ServiceError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }

  static notFound(what: string, message = `${what} not found`): ServiceError {
    return new ServiceError("not_found", message);
  }

  static forbidden(message: string): ServiceError {
    return new ServiceError("forbidden", message);
  }

  static conflict(message: string): ServiceError {
    return new ServiceError("conflict", message);
  }

  static unauthenticated(): ServiceError {
    return new ServiceError("unauthenticated", "Authentication failed.");
  }

  static invalidInput(details: ValidationDetail[]): ServiceError {
    return new ServiceError("invalid_input", "request validation failed", details);
  }

  static paymentRequired(cost: number, cause?: unknown): ServiceError {
    return new ServiceError("payment_required", `insufficient credits (this request costs ${cost})`, undefined, { cause });
  }

  /** A request over one of the server's documented limits (the spec's 400 `VALIDATION_ERROR`). */
  static overLimit(message: string): ServiceError {
    return new ServiceError("over_limit", message);
  }
}
