import type { Command } from "commander";
import { withOperator } from "./operator.ts";

export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("manage API keys (works whether or not the server is running)");
  keys
    .command("create")
    .description("make a new API key and print it (it is shown once)")
    .option("-a, --account <id|name>", "account (default: local)", "local")
    .option("--create", "make the account if it does not exist")
    .option("--name <name>", "a label for the key", "cli")
    .action(async (options: { account: string; create?: boolean; name: string }) => {
      await withOperator(async (operator) => {
        const { key, id, account } = await operator.createKey(options);
        console.log(`API key: ${key}`);
        console.error(`(key ${id} for account ${account.name} ${account.id}; store it now, it is not shown again)`);
      });
    });
  keys
    .command("list")
    .description("list keys (their ids and prefixes, never the keys)")
    .option("-a, --account <id|name>", "only this account's keys")
    .action(async (options: { account?: string }) => {
      await withOperator(async (operator) => {
        const rows = await operator.listKeys(options);
        for (const row of rows) {
          console.log(`${row.id}  ${row.prefix}…  ${row.name.padEnd(12)}  account ${row.accountId}  ${row.revokedAt ? `revoked ${row.revokedAt}` : "active"}`);
        }
        if (rows.length === 0) console.log("no keys");
      });
    });
  keys
    .command("revoke")
    .description("revoke a key by its id (or the start of it, 8+ characters) or its ak_ prefix")
    .argument("<id|prefix>")
    .action(async (idOrPrefix: string) => {
      await withOperator(async (operator) => {
        const count = await operator.revokeKey({ idOrPrefix });
        console.log(`revoked ${count} key${count === 1 ? "" : "s"}`);
      });
    });
}
