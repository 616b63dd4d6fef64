/** No HTTP answer at all: DNS, refused or reset connection, or a request that outlived `requestTimeoutMs`. */
import { DramatisError, hasMarker } from "./dramatis-error.ts";

const marker: unique symbol = Symbol.for("dramatis.sdk.connection-error");

export class DramatisConnectionError extends DramatisError {
  private readonly [marker] = true;

  constructor(
    message: string,
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DramatisConnectionError";
  }

  static override isInstance(error: unknown): error is DramatisConnectionError {
    return hasMarker(error, marker);
  }
}
