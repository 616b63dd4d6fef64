/**
 * A handle on one asynchronous job (population, enhancement or evaluation): poll it once, wait for
 * it to finish, or wait and take its result. Holding only the id, it can be rebuilt from an id
 * saved earlier (`client.populations.get(id)`), even in another process.
 */
import { DramatisApiError } from "./errors/dramatis-api-error.ts";
import { DramatisInvalidResponseError } from "./errors/dramatis-invalid-response-error.ts";
import { DramatisJobFailedError, type JobKind } from "./errors/dramatis-job-failed-error.ts";
import { isRecord, type RequestOptions, type Transport } from "./transport.ts";
import { waitForJob, type JobPoll, type WaitOptions } from "./wait.ts";

export interface JobHandle<Poll extends JobPoll, Result> {
  readonly id: string;
  readonly kind: JobKind;
  /** One GET of the repository route. */
  poll(options?: RequestOptions): Promise<Poll>;
  /**
   * Polls until `succeeded` or `failed` and returns that poll: a failed job is returned, not thrown
   * (branch on `status`, as the spec says).
   */
  wait(options?: WaitOptions<Poll>): Promise<Poll>;
  /** Like `wait()`, but returns the job's result and throws `DramatisJobFailedError` if it failed. */
  result(options?: WaitOptions<Poll>): Promise<Result>;
}

export interface JobRoute<Poll, Result> {
  kind: JobKind;
  /** `Population`, `Enhancement`, `Evaluation`: the repository in the poll route. */
  repository: string;
  /** Where the poll carries the finished job's product. */
  resultOf(poll: Poll): Result | null | undefined;
  defaultIntervalMs: number;
  defaultTimeoutMs: number;
}

export interface HandleDefaults {
  intervalMs?: number;
  timeoutMs?: number;
}

export function createJobHandle<Poll extends JobPoll, Result>(
  transport: Transport,
  route: JobRoute<Poll, Result>,
  id: string,
  defaults: HandleDefaults,
): JobHandle<Poll, Result> {
  const path = `/v1/personas/repositories/${route.repository}/by-id/${encodeURIComponent(id)}`;

  async function poll(options?: RequestOptions): Promise<Poll> {
    const body = await transport.request("GET", path, undefined, options);
    // The hosted service answers an unknown id with 200 `null`; we answer 404. Both read as not_found.
    if (body === null) throw new DramatisApiError({ status: 200, code: "not_found", message: `${route.kind} ${id} not found`, body });
    if (!isRecord(body) || typeof body.id !== "string" || typeof body.status !== "string") {
      throw new DramatisInvalidResponseError(`GET ${path} answered a body without a string id and status`, 200, body);
    }
    return body as unknown as Poll;
  }

  function wait(options: WaitOptions<Poll> = {}): Promise<Poll> {
    return waitForJob(id, (signal) => poll({ signal }), {
      ...options,
      intervalMs: options.intervalMs ?? defaults.intervalMs ?? route.defaultIntervalMs,
      timeoutMs: options.timeoutMs ?? defaults.timeoutMs ?? route.defaultTimeoutMs,
    });
  }

  async function result(options?: WaitOptions<Poll>): Promise<Result> {
    const final = await wait(options);
    if (final.status === "failed") {
      const category = (final as { error?: unknown }).error;
      throw new DramatisJobFailedError(route.kind, id, typeof category === "string" && category ? category : "unknown", final);
    }
    const product = route.resultOf(final);
    if (product === null || product === undefined) {
      throw new DramatisInvalidResponseError(`${route.kind} ${id} succeeded without a result`, 200, final);
    }
    return product;
  }

  return { id, kind: route.kind, poll, wait, result };
}
