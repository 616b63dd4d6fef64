/**
 * A job ended `failed`. `wait()` returns such a poll (the spec says to branch on `status`); only
 * `result()` throws this. `category` is the poll's stable `error` (`provider_error`, …): any string,
 * since other servers may add their own categories.
 */
import { DramatisError, hasMarker } from "./dramatis-error.ts";

const marker: unique symbol = Symbol.for("dramatis.sdk.job-failed-error");

export type JobKind = "population" | "enhancement" | "evaluation" | "panel";

export class DramatisJobFailedError extends DramatisError {
  private readonly [marker] = true;

  constructor(
    readonly kind: JobKind,
    readonly jobId: string,
    readonly category: string,
    /** The final poll body, as the server sent it. */
    readonly poll: unknown,
  ) {
    super(`${kind} ${jobId} failed: ${category}`);
    this.name = "DramatisJobFailedError";
  }

  static override isInstance(error: unknown): error is DramatisJobFailedError {
    return hasMarker(error, marker);
  }
}
