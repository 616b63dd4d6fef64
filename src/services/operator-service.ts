/**
 * What an operator can do to accounts, keys and credits: the `dramatis keys` and `dramatis credits`
 * commands. Used directly on the store when no server has it open, and by the server's loopback-only
 * operator routes when one does (embedded PGlite can be opened by one process at a time).
 */
import type { AccountRepository, Account, KeyRow } from "../store/accounts.ts";
import { BalanceOutOfRangeError, DEV_ACCOUNT_NAME } from "../store/accounts.ts";

export interface KeyView {
  id: string;
  accountId: string;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface LedgerView {
  createdAt: string;
  delta: number;
  kind: string;
  component: string | null;
  jobId: string | null;
  note: string | null;
}

export interface AccountView {
  id: string;
  name: string;
  balance: number;
}

export interface OperatorActions {
  createKey(input: { account: string; create?: boolean; name: string }): Promise<{ key: string; id: string; account: AccountView }>;
  listKeys(input: { account?: string }): Promise<KeyView[]>;
  /** `key`: the whole key, its id (or the start of it, 8+ characters) or its `ak_` prefix. */
  revokeKey(input: { key: string }): Promise<KeyView>;
  grant(input: { account: string; create?: boolean; amount: number; note: string }): Promise<AccountView>;
  show(input: { account: string; limit: number }): Promise<{ account: AccountView; ledger: LedgerView[] }>;
}

export class OperatorError extends Error {}

const view = (account: Account): AccountView => ({ id: account.id, name: account.name, balance: account.balance });
const keyView = (row: KeyRow): KeyView => ({ ...row, createdAt: row.createdAt.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null });
const describeKey = (key: KeyView) => `${key.id} (${key.prefix}…, "${key.name}", account ${key.accountId})`;

export class OperatorService implements OperatorActions {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly devCredits: number,
  ) {}

  /**
   * An account by id or name. The dev account is made, with the dev balance, if the server has not
   * made it yet; others only with `create`.
   */
  private async resolve(idOrName: string, create = false): Promise<Account> {
    const byId = /^[0-9a-f-]{36}$/i.test(idOrName) ? await this.accounts.get(idOrName) : null;
    const account = byId ?? (await this.accounts.findByName(idOrName));
    if (account) return account;
    if (idOrName === DEV_ACCOUNT_NAME) return this.accounts.create(DEV_ACCOUNT_NAME, this.devCredits);
    if (create) return this.accounts.create(idOrName, 0);
    throw new OperatorError(`no account "${idOrName}" (use --create to make it)`);
  }

  async createKey(input: { account: string; create?: boolean; name: string }) {
    const account = await this.resolve(input.account, input.create);
    const { key, id } = await this.accounts.createKey(account.id, input.name);
    return { key, id, account: view(account) };
  }

  async listKeys(input: { account?: string }) {
    const account = input.account ? await this.resolve(input.account) : undefined;
    return (await this.accounts.listKeys(account?.id)).map(keyView);
  }

  /** Revokes exactly one active key; a reference that names several is refused, naming them. */
  async revokeKey(input: { key: string }) {
    const matches = (await this.accounts.findKeys(input.key)).map(keyView);
    const active = matches.filter((key) => key.revokedAt === null);
    if (matches.length === 0) {
      throw new OperatorError(`no key matches ${input.key} (give the whole key, its id or the first 8+ characters of it, or the ak_ prefix keys list shows)`);
    }
    if (active.length === 0) throw new OperatorError(`${matches.map((key) => `key ${describeKey(key)} was revoked at ${key.revokedAt}`).join("; ")}; nothing to do`);
    if (active.length > 1) {
      throw new OperatorError(`${input.key} matches ${active.length} active keys, so none was revoked: ${active.map(describeKey).join("; ")}. Give more of the id, or the whole key`);
    }
    const [key] = active as [KeyView];
    if (!(await this.accounts.revokeKeyById(key.id))) throw new OperatorError(`key ${describeKey(key)} was revoked by someone else just now`);
    return { ...key, revokedAt: new Date().toISOString() };
  }

  async grant(input: { account: string; create?: boolean; amount: number; note: string }) {
    if (!Number.isSafeInteger(input.amount)) throw new OperatorError(`amount must be a whole number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`);
    const account = await this.resolve(input.account, input.create);
    try {
      const balance = await this.accounts.grant(account.id, input.amount, input.note);
      return { ...view(account), balance };
    } catch (error) {
      if (!(error instanceof BalanceOutOfRangeError)) throw error;
      if (error.balance + error.amount < 0) {
        throw new OperatorError(`cannot take ${-error.amount} credits from ${account.name}: its balance is ${error.balance}, and a grant may bring a balance down to 0, not below (take at most ${error.balance})`);
      }
      throw new OperatorError(`cannot add ${error.amount} credits to ${account.name}: its balance of ${error.balance} would pass ${Number.MAX_SAFE_INTEGER}, the largest balance kept exactly`);
    }
  }

  async show(input: { account: string; limit: number }) {
    const account = await this.resolve(input.account);
    const ledger = (await this.accounts.ledger(account.id, input.limit)).map((entry) => ({
      createdAt: entry.createdAt.toISOString(),
      delta: entry.delta,
      kind: entry.kind,
      component: entry.component,
      jobId: entry.jobId,
      note: entry.note,
    }));
    return { account: view(account), ledger };
  }
}
