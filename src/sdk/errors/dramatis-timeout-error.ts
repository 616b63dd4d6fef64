/** `wait()` ran past its `timeoutMs` before the job reached `succeeded` or `failed`. */
import { DramatisError, hasMarker } from "./dramatis-error.ts";

const marker: unique symbol = Symbol.for("dramatis.sdk.timeout-error");

export class DramatisTimeoutError extends DramatisError {
  private readonly [marker] = true;

  constructor(
    readonly jobId: string,
    readonly timeoutMs: number,
    /** The last poll that arrived, if any: how far the job had got. */
    readonly lastPoll: unknown,
    /** The last transient error, if the server was failing when time ran out. */
    options?: { cause?: unknown },
  ) {
    super(`job ${jobId} did not finish within ${timeoutMs} ms`, options);
    this.name = "DramatisTimeoutError";
  }

  static override isInstance(error: unknown): error is DramatisTimeoutError {
    return hasMarker(error, marker);
  }
}
