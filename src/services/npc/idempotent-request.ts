/**
 * `Idempotency-Key` for requests that are not queued jobs (saving and publishing a persona,
 * interview turns), with Stripe's semantics: the same key and the same request within 24 hours
 * answer what the first one did and change nothing again; the same key with another request is a
 * 422. What the first request made is recorded in the same transaction that makes it, so of
 * concurrent duplicates exactly one writes.
 */
import { randomUUID } from "node:crypto";
import type { IdempotencyEntry, IdempotencyRepository } from "../../store/idempotency.ts";
import { IDEMPOTENCY_KEY_LOC, requestHash, type IdempotencyRequest } from "../jobs-service.ts";
import { ServiceError } from "../errors.ts";

export type KeyEntry = Omit<IdempotencyEntry, "jobId">;

/** The entry a keyed request is recorded under: its action and the hash of what it asked. */
export function keyEntry(accountId: string, action: string, request: IdempotencyRequest): KeyEntry {
  return { accountId, key: request.key, action, requestHash: requestHash(action, request.body) };
}

/** The 422 for a key used before with another request (the wording of the job actions). */
export function keyReused(firstAction: string): ServiceError {
  return ServiceError.invalidInput([
    {
      loc: IDEMPOTENCY_KEY_LOC,
      msg: `This Idempotency-Key was already used with a different request (${firstAction}); use a new key for a new request`,
      type: "idempotency_key_reused",
    },
  ]);
}

/** What an earlier identical request made (its id), undefined for a first request; a reused key throws 422. */
export async function earlierResult(store: IdempotencyRepository, entry: KeyEntry): Promise<string | undefined> {
  const verdict = await store.verdict(entry);
  if (verdict.kind === "reused") throw keyReused(verdict.action);
  return verdict.kind === "replay" ? verdict.id : undefined;
}

/**
 * Runs a keyed request at most once: the key is taken before `run` and given back if `run` fails
 * (nothing was charged or done, so a retry with the key runs again). A retry after a success is a
 * 409: the answer is not kept, so it cannot be sent again, and the work is never done twice. (The
 * keys table holds no answers yet; when it does, this replays the answer, as Stripe does.)
 */
export async function onceForKey<T>(store: IdempotencyRepository, entry: KeyEntry, run: () => Promise<T>): Promise<T> {
  const earlier = await earlierResult(store, entry);
  if (earlier !== undefined || !(await store.claim({ ...entry, jobId: randomUUID() }))) {
    throw ServiceError.conflict(`this Idempotency-Key was already used for this ${entry.action} (answered, or still running); its answer is not kept, so ask again with a new key`);
  }
  try {
    return await run();
  } catch (error) {
    await store.release(entry.accountId, entry.key);
    throw error;
  }
}
