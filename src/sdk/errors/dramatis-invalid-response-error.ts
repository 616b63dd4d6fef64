/** A 2xx answer that does not speak the spec (not JSON, or a poll without `id` and `status`). */
import { DramatisError, hasMarker } from "./dramatis-error.ts";

const marker: unique symbol = Symbol.for("dramatis.sdk.invalid-response-error");

export class DramatisInvalidResponseError extends DramatisError {
  private readonly [marker] = true;

  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "DramatisInvalidResponseError";
  }

  static override isInstance(error: unknown): error is DramatisInvalidResponseError {
    return hasMarker(error, marker);
  }
}
