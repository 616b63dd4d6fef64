/**
 * Operator commands open the store directly. With the embedded database that is only safe while
 * no server has it open, which the data-folder lock checks.
 */
import { join } from "node:path";
import { loadConfig } from "../../config.ts";
import { openStore } from "../../store/database.ts";
import { AccountRepository, DEV_ACCOUNT_NAME, type Account } from "../../store/accounts.ts";
import { acquire } from "../../store/data-dir-lock.ts";

export async function withAccounts<T>(work: (accounts: AccountRepository) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const release = config.databaseUrl ? () => undefined : acquire(config.dataDir);
  try {
    const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, "db") });
    try {
      return await work(new AccountRepository(store.db));
    } finally {
      await store.close();
    }
  } finally {
    release();
  }
}

/**
 * An account by id or name; `local` (the dev account) by default. The dev account is made, with
 * the dev balance, if the server has not made it yet; others only with `create`.
 */
export async function resolveAccount(accounts: AccountRepository, idOrName = "local", create = false): Promise<Account> {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrName) ? await accounts.get(idOrName) : null;
  const account = byId ?? (await accounts.findByName(idOrName));
  if (account) return account;
  if (idOrName === DEV_ACCOUNT_NAME) return accounts.create(DEV_ACCOUNT_NAME, loadConfig().devCredits);
  if (create) return accounts.create(idOrName, 0);
  throw new Error(`no account "${idOrName}" (use --create to make it)`);
}
