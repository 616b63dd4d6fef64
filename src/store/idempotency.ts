/**
 * `Idempotency-Key`s of accepted POST actions. A key is remembered (per account) with the hash of
 * the request it came with and what that request created (a job; for the NPC routes, the persona
 * saved or published; for an interview, the turn charged), for `IDEMPOTENCY_WINDOW_MS`; older keys
 * are forgotten, and swept from the table now and then.
 *
 * The row is inserted in the same transaction that charges the account and creates the job, so
 * exactly one of several concurrent requests with one key can commit: the others hit the primary
 * key, roll back (nothing charged) and read the winner's row.
 */
import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "./database.ts";
import type { Transaction } from "./accounts.ts";
import { idempotencyKeys } from "./schema.ts";

/** Stripe's window: a key is honoured for 24 hours after its first use. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
/** The whole table is swept of expired keys at most this often (per process). */
const SWEEP_INTERVAL_MS = 3600 * 1000;

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

export type KeyVerdict = { kind: "fresh" } | { kind: "replay"; id: string } | { kind: "reused"; action: string };

export interface IdempotencyEntry {
  accountId: string;
  key: string;
  action: string;
  requestHash: string;
  jobId: string;
}

export class IdempotencyRepository {
  private lastSweep = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The live entry for this account's key, if any. */
  async find(accountId: string, key: string): Promise<IdempotencyRow | null> {
    const [row] = await this.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key), gt(idempotencyKeys.createdAt, this.expiredBefore())));
    return row ?? null;
  }

  /**
   * Records a key inside the transaction that creates its job. An expired entry of the same key
   * gives way; a live one makes the insert fail (see `isDuplicateKey`) and the transaction roll back.
   */
  async record(tx: Transaction, entry: IdempotencyEntry): Promise<void> {
    await tx
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.accountId, entry.accountId), eq(idempotencyKeys.key, entry.key), lt(idempotencyKeys.createdAt, this.expiredBefore())));
    await tx.insert(idempotencyKeys).values({ ...entry, createdAt: this.now() });
  }

  /**
   * What a request with this key is: the first (`fresh`), a retry of an earlier identical request
   * (`replay`, with what that one created), or a reuse of the key for another request (`reused`,
   * with the action it was first used for). The caller refuses a reuse (422).
   */
  async verdict(entry: Omit<IdempotencyEntry, "jobId">): Promise<KeyVerdict> {
    const previous = await this.find(entry.accountId, entry.key);
    if (!previous) return { kind: "fresh" };
    if (previous.requestHash !== entry.requestHash || previous.action !== entry.action) return { kind: "reused", action: previous.action };
    return { kind: "replay", id: previous.jobId };
  }

  /**
   * Records a key in a transaction of its own, for a request whose work is not one transaction (an
   * interview turn waits for a model); false when a concurrent request took the key first.
   */
  async claim(entry: IdempotencyEntry): Promise<boolean> {
    try {
      await this.db.transaction((tx) => this.record(tx, entry));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Forgets a key whose request failed after it was recorded, so a retry with it runs again. */
  async release(accountId: string, key: string): Promise<void> {
    await this.db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key)));
  }

  /** Deletes expired keys, at most once per `SWEEP_INTERVAL_MS`; returns how many went. */
  async sweepExpired(): Promise<number> {
    const now = this.now().getTime();
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return 0;
    this.lastSweep = now;
    const deleted = await this.db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, this.expiredBefore())).returning({ key: idempotencyKeys.key });
    return deleted.length;
  }

  private expiredBefore(): Date {
    return new Date(this.now().getTime() - IDEMPOTENCY_WINDOW_MS);
  }
}

/** True for the unique violation a concurrent duplicate key causes (Postgres and PGlite alike, however wrapped). */
export function isDuplicateKey(error: unknown): boolean {
  let cause = error as { code?: unknown; constraint?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; cause && depth < 5; depth++, cause = cause.cause as typeof cause) {
    if (cause.code === "23505") return cause.constraint === undefined || String(cause.constraint).startsWith("idempotency_keys");
  }
  return false;
}
