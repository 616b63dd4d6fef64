import type { Command } from "commander";
import { resolveAccount, withAccounts } from "./operator.ts";

export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("manage API keys (embedded store, or DATABASE_URL)");
  keys
    .command("create")
    .description("make a new API key and print it (it is shown once)")
    .option("-a, --account <id|name>", "account (default: local)", "local")
    .option("--create", "make the account if it does not exist")
    .option("--name <name>", "a label for the key", "cli")
    .action(async (options: { account: string; create?: boolean; name: string }) => {
      await withAccounts(async (accounts) => {
        const account = await resolveAccount(accounts, options.account, options.create);
        const { key, id } = await accounts.createKey(account.id, options.name);
        console.log(`API key: ${key}`);
        console.error(`(key ${id} for account ${account.name} ${account.id}; store it now, it is not shown again)`);
      });
    });
  keys
    .command("list")
    .description("list keys (prefixes only)")
    .option("-a, --account <id|name>", "only this account's keys")
    .action(async (options: { account?: string }) => {
      await withAccounts(async (accounts) => {
        const account = options.account ? await resolveAccount(accounts, options.account) : undefined;
        const rows = await accounts.listKeys(account?.id);
        for (const row of rows) {
          console.log(`${row.id}  ${row.prefix}…  ${row.name.padEnd(12)}  account ${row.accountId}  ${row.revokedAt ? `revoked ${row.revokedAt.toISOString()}` : "active"}`);
        }
        if (rows.length === 0) console.log("no keys");
      });
    });
  keys
    .command("revoke")
    .description("revoke a key by its id or its prefix")
    .argument("<id|prefix>")
    .action(async (idOrPrefix: string) => {
      await withAccounts(async (accounts) => {
        const count = await accounts.revokeKey(idOrPrefix);
        if (count === 0) throw new Error(`no active key matches ${idOrPrefix}`);
        console.log(`revoked ${count} key${count === 1 ? "" : "s"}`);
      });
    });
}
