/**
 * Accounts, API keys and credits. A balance only ever changes together with a ledger row, inside
 * one transaction, and a charge is a conditional UPDATE (`balance >= cost`), so concurrent requests
 * can never overspend an account whichever database is underneath.
 */
import { hash, randomBytes } from "node:crypto";
import { and, desc, eq, gte, isNull, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import { accounts, apiKeys, creditLedger } from "./schema.ts";

export type Account = typeof accounts.$inferSelect;
export type Transaction = Parameters<Parameters<Db["transaction"]>[0]>[0];

export class InsufficientCreditsError extends Error {
  constructor(
    readonly balance: number,
    readonly cost: number,
  ) {
    super(`insufficient credits: balance ${balance}, cost ${cost}`);
  }
}

/** A grant that would take a balance below zero or above what a JavaScript number holds exactly. */
export class BalanceOutOfRangeError extends Error {
  constructor(
    readonly balance: number,
    readonly amount: number,
  ) {
    super(`a grant of ${amount} would take the balance of ${balance} to ${balance + amount}, outside 0…${Number.MAX_SAFE_INTEGER}`);
  }
}

export interface KeyRow {
  id: string;
  accountId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** How much of a key is stored in clear, to tell keys apart in `keys list`. */
export const API_KEY_PREFIX_LENGTH = 10;

/** The account the embedded default makes on first start, whose key `npm start` prints. */
export const DEV_ACCOUNT_NAME = "local";

/** The hosted service's three actions, then the studio's (Dramatis extensions: interview, ask-panel). */
export const BILLABLE_COMPONENTS = ["generate", "enhance", "validate", "interview", "ask-panel"] as const;
export type BillableComponent = (typeof BILLABLE_COMPONENTS)[number];

/** SHA-256 in hex; one call, no Hash object: every request with a key pays it (the credential cache's key). */
export function hashApiKey(key: string): string {
  return hash("sha256", key, "hex");
}

/** `ak_` + 32 random bytes in base64url: 256 bits, safe in headers and shells. */
export function newApiKey(): string {
  return `ak_${randomBytes(32).toString("base64url")}`;
}

/** `text` as a literal inside a LIKE pattern. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export function isApiKeyShaped(token: string): boolean {
  return /^ak_[A-Za-z0-9_-]{16,128}$/.test(token);
}

/**
 * What changed about who a credential is, announced to whoever remembers resolved credentials
 * (the API's credential cache, api/auth.ts) as soon as this process made the change: a key revoked
 * (by its hash, the same hash the cache keys API keys by) or an account's balance moved.
 */
export type CredentialChange = { kind: "key-revoked"; hash: string } | { kind: "account-changed"; accountId: string };
export type CredentialChangeListener = (change: CredentialChange) => void;

/**
 * Listeners by database, not by repository: the operator routes, the CLI and the authenticator
 * each hold a repository of their own over the same `Db`, and a revocation made through any of
 * them must reach the cache at once.
 */
const credentialListeners = new WeakMap<Db, Set<CredentialChangeListener>>();

export class AccountRepository {
  constructor(private readonly db: Db) {}

  /** Calls `listener` after every credential change this process makes on this database; returns the way to stop. */
  onCredentialChange(listener: CredentialChangeListener): () => void {
    let listeners = credentialListeners.get(this.db);
    if (!listeners) credentialListeners.set(this.db, (listeners = new Set()));
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  private announce(change: CredentialChange): void {
    for (const listener of credentialListeners.get(this.db) ?? []) listener(change);
  }

  async create(name: string, initialCredits = 0, externalSubject?: string): Promise<Account> {
    return this.db.transaction(async (tx) => {
      const [account] = await tx
        .insert(accounts)
        .values({ name, balance: initialCredits, externalSubject: externalSubject ?? null })
        .returning();
      if (!account) throw new Error("account insert returned nothing");
      if (initialCredits > 0) {
        await tx.insert(creditLedger).values({ accountId: account.id, delta: initialCredits, kind: "grant", note: "initial balance" });
      }
      return account;
    });
  }

  async get(id: string): Promise<Account | null> {
    const [account] = await this.db.select().from(accounts).where(eq(accounts.id, id));
    return account ?? null;
  }

  async list(): Promise<Account[]> {
    return this.db.select().from(accounts).orderBy(accounts.createdAt);
  }

  async findByName(name: string): Promise<Account | null> {
    const [account] = await this.db.select().from(accounts).where(eq(accounts.name, name)).orderBy(accounts.createdAt).limit(1);
    return account ?? null;
  }

  /** Accounts of users who come with a trusted JWT are made on first sight. */
  async findOrCreateExternal(subject: string, name: string, initialCredits: number): Promise<Account> {
    const [existing] = await this.db.select().from(accounts).where(eq(accounts.externalSubject, subject));
    if (existing) return existing;
    try {
      return await this.create(name, initialCredits, subject);
    } catch (error) {
      // Two first requests at once: the unique index lets one win; the other reads the winner.
      const [winner] = await this.db.select().from(accounts).where(eq(accounts.externalSubject, subject));
      if (winner) return winner;
      throw error;
    }
  }

  async createKey(accountId: string, name = "default", fixedKey?: string): Promise<{ id: string; key: string; prefix: string }> {
    const key = fixedKey ?? newApiKey();
    const prefix = key.slice(0, API_KEY_PREFIX_LENGTH);
    const hash = hashApiKey(key);
    const [existing] = await this.db.select().from(apiKeys).where(eq(apiKeys.hash, hash));
    if (existing) {
      if (existing.accountId !== accountId) throw new Error("that API key already belongs to another account");
      if (existing.revokedAt) await this.db.update(apiKeys).set({ revokedAt: null }).where(eq(apiKeys.id, existing.id));
      return { id: existing.id, key, prefix };
    }
    const [row] = await this.db.insert(apiKeys).values({ accountId, name, prefix, hash }).returning({ id: apiKeys.id });
    if (!row) throw new Error("api key insert returned nothing");
    return { id: row.id, key, prefix };
  }

  async findByKey(key: string): Promise<Account | null> {
    const rows = await this.db
      .select({ account: accounts, keyId: apiKeys.id })
      .from(apiKeys)
      .innerJoin(accounts, eq(apiKeys.accountId, accounts.id))
      .where(and(eq(apiKeys.hash, hashApiKey(key)), isNull(apiKeys.revokedAt)));
    return rows[0]?.account ?? null;
  }

  async listKeys(accountId?: string): Promise<KeyRow[]> {
    const query = this.keyRows();
    return accountId ? query.where(eq(apiKeys.accountId, accountId)).orderBy(apiKeys.createdAt) : query.orderBy(apiKeys.createdAt);
  }

  /** What an operator sees of a key: never its hash. */
  private keyRows() {
    return this.db
      .select({
        id: apiKeys.id,
        accountId: apiKeys.accountId,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        createdAt: apiKeys.createdAt,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .$dynamic();
  }

  /**
   * The keys an operator's reference names, by the first reading that finds any: the whole key (by
   * its hash, whatever its shape, since `DRAMATIS_API_KEY` may be any text), the key's id, the start
   * of its id (8+ characters, as `keys list` shows it), or the start of its `ak_` prefix (a trailing
   * `…` copied from `keys list` is ignored). Revoked keys are included so the caller can say so.
   */
  async findKeys(reference: string): Promise<KeyRow[]> {
    const text = reference.trim().replace(/(?:…|\.\.\.)$/u, "");
    const readings = [eq(apiKeys.hash, hashApiKey(text))];
    if (/^[0-9a-f-]{36}$/i.test(text)) readings.push(eq(apiKeys.id, text.toLowerCase()));
    else if (/^[0-9a-f-]{8,35}$/i.test(text)) readings.push(sql`${apiKeys.id}::text like ${`${text.toLowerCase()}%`}`);
    // Longer than the stored prefix and not the whole key: the rest cannot be checked, so no match.
    if (text.startsWith("ak_") && text.length <= API_KEY_PREFIX_LENGTH) readings.push(sql`${apiKeys.prefix} like ${`${likeEscape(text)}%`}`);
    for (const reading of readings) {
      const rows = await this.keyRows().where(reading).orderBy(apiKeys.createdAt);
      if (rows.length > 0) return rows;
    }
    return [];
  }

  /**
   * Revokes the one active key `reference` names (see `findKeys`); a reference that names several
   * revokes none. Answers how many keys were revoked (0 or 1).
   */
  async revokeKey(reference: string): Promise<number> {
    const active = (await this.findKeys(reference)).filter((key) => key.revokedAt === null);
    return active.length === 1 && (await this.revokeKeyById(active[0]!.id)) ? 1 : 0;
  }

  /** Revokes one key; false when it was revoked already (by someone else in the meantime). */
  async revokeKeyById(id: string): Promise<boolean> {
    const rows = await this.db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ hash: apiKeys.hash });
    for (const row of rows) this.announce({ kind: "key-revoked", hash: row.hash });
    return rows.length > 0;
  }

  /**
   * Adds `amount` (negative to take away) in one conditional UPDATE, so the balance can never leave
   * [0, MAX_SAFE_INTEGER] (balances are read as JavaScript numbers: above 2^53 they would round),
   * however many grants and charges run at once. Throws BalanceOutOfRangeError otherwise.
   */
  async grant(accountId: string, amount: number, note = "operator grant"): Promise<number> {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`a grant must be a safe integer, got ${amount}`);
    const balance = await this.db.transaction(async (tx) => {
      const after = sql`${accounts.balance} + ${amount}`;
      const [row] = await tx
        .update(accounts)
        .set({ balance: after })
        .where(and(eq(accounts.id, accountId), sql`${after} between 0 and ${Number.MAX_SAFE_INTEGER}`))
        .returning({ balance: accounts.balance });
      if (!row) {
        const [current] = await tx.select({ balance: accounts.balance }).from(accounts).where(eq(accounts.id, accountId));
        if (!current) throw new Error(`no account ${accountId}`);
        throw new BalanceOutOfRangeError(current.balance, amount);
      }
      await tx.insert(creditLedger).values({ accountId, delta: amount, kind: "grant", note });
      return row.balance;
    });
    this.announce({ kind: "account-changed", accountId });
    return balance;
  }

  /**
   * Charges `cost` and runs `create` (which inserts the job row) in one transaction: either the
   * job exists and is paid for, or neither happened. Throws InsufficientCreditsError untouched.
   */
  async chargeAndCreate<T>(
    accountId: string,
    cost: number,
    component: BillableComponent,
    jobId: string,
    create: (tx: Transaction) => Promise<T>,
  ): Promise<T> {
    const created = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(accounts)
        .set({ balance: sql`${accounts.balance} - ${cost}` })
        .where(and(eq(accounts.id, accountId), gte(accounts.balance, cost)))
        .returning({ balance: accounts.balance });
      if (!row) {
        const [current] = await tx.select({ balance: accounts.balance }).from(accounts).where(eq(accounts.id, accountId));
        throw new InsufficientCreditsError(current?.balance ?? 0, cost);
      }
      await tx.insert(creditLedger).values({ accountId, delta: -cost, kind: "charge", component, jobId });
      return create(tx);
    });
    this.announce({ kind: "account-changed", accountId });
    return created;
  }

  /** Gives back what a failed job was charged; a second call for the same job does nothing. */
  async refund(jobId: string, note = "job failed"): Promise<boolean> {
    let refunded: string | undefined;
    await this.db.transaction(async (tx) => {
      const [charge] = await tx
        .select()
        .from(creditLedger)
        .where(and(eq(creditLedger.jobId, jobId), eq(creditLedger.kind, "charge")));
      if (!charge) return;
      const inserted = await tx
        .insert(creditLedger)
        .values({ accountId: charge.accountId, delta: -charge.delta, kind: "refund", component: charge.component, jobId, note })
        .onConflictDoNothing()
        .returning({ id: creditLedger.id });
      if (inserted.length === 0) return;
      await tx
        .update(accounts)
        .set({ balance: sql`${accounts.balance} + ${-charge.delta}` })
        .where(eq(accounts.id, charge.accountId));
      refunded = charge.accountId;
    });
    if (refunded === undefined) return false;
    this.announce({ kind: "account-changed", accountId: refunded });
    return true;
  }

  async ledger(accountId: string, limit = 50) {
    return this.db.select().from(creditLedger).where(eq(creditLedger.accountId, accountId)).orderBy(desc(creditLedger.id)).limit(limit);
  }

  /** Charges and refunds since `since`, for the usage summary. */
  async billingEntriesSince(accountId: string, since: Date) {
    return this.db
      .select({ kind: creditLedger.kind, component: creditLedger.component, delta: creditLedger.delta, jobId: creditLedger.jobId, createdAt: creditLedger.createdAt })
      .from(creditLedger)
      .where(and(eq(creditLedger.accountId, accountId), gte(creditLedger.createdAt, since), sql`${creditLedger.kind} in ('charge','refund')`));
  }
}
