/**
 * What an operator can do to accounts, keys and credits: the `dramatis keys` and `dramatis credits`
 * commands. Used directly on the store when no server has it open, and by the server's loopback-only
 * operator routes when one does (embedded PGlite can be opened by one process at a time).
 */
import type { AccountRepository, Account } from "../store/accounts.ts";
import { DEV_ACCOUNT_NAME } from "../store/accounts.ts";

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
  revokeKey(input: { idOrPrefix: string }): Promise<number>;
  grant(input: { account: string; create?: boolean; amount: number; note: string }): Promise<AccountView>;
  show(input: { account: string; limit: number }): Promise<{ account: AccountView; ledger: LedgerView[] }>;
}

export class OperatorError extends Error {}

const view = (account: Account): AccountView => ({ id: account.id, name: account.name, balance: account.balance });

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
    const rows = await this.accounts.listKeys(account?.id);
    return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null }));
  }

  async revokeKey(input: { idOrPrefix: string }) {
    const count = await this.accounts.revokeKey(input.idOrPrefix);
    if (count === 0) throw new OperatorError(`no active key matches ${input.idOrPrefix} (give the key's id, the start of its id, or its ak_ prefix)`);
    return count;
  }

  async grant(input: { account: string; create?: boolean; amount: number; note: string }) {
    const account = await this.resolve(input.account, input.create);
    const balance = await this.accounts.grant(account.id, input.amount, input.note);
    return { ...view(account), balance };
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
