import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { dataDirOption, withOperator, type DataDirOption } from "./operator.ts";

export function registerKeys(program: Command, context: CliContext): void {
  const keys = program.command("keys").description("manage API keys (works whether or not the server is running)");
  dataDirOption(
    keys
      .command("create")
      .description("make a new API key and print it (it is shown once)")
      .option("-a, --account <id|name>", "account (default: local)", "local")
      .option("--create", "make the account if it does not exist")
      .option("--name <name>", "a label for the key", "cli"),
  ).action(async (options: DataDirOption & { account: string; create?: boolean; name: string }) => {
    await withOperator(context, options, async (operator) => {
      const { key, id, account } = await operator.createKey(options);
      context.print(`API key: ${key}`);
      context.note(`(key ${id} for account ${account.name} ${account.id}; store it now, it is not shown again)`);
    });
  });
  dataDirOption(
    keys
      .command("list")
      .description("list keys (their ids and prefixes, never the keys)")
      .option("-a, --account <id|name>", "only this account's keys"),
  ).action(async (options: DataDirOption & { account?: string }) => {
    await withOperator(context, options, async (operator) => {
      const rows = await operator.listKeys(options);
      for (const row of rows) {
        context.print(`${row.id}  ${row.prefix}…  ${row.name.padEnd(12)}  account ${row.accountId}  ${row.revokedAt ? `revoked ${row.revokedAt}` : "active"}`);
      }
      if (rows.length === 0) context.print("no keys");
    });
  });
  dataDirOption(
    keys
      .command("revoke")
      .description("revoke one key, named by the key itself, its id (or its first 8+ characters) or the ak_ prefix keys list shows")
      .argument("<key|id|prefix>"),
  ).action(async (reference: string, options: DataDirOption) => {
    await withOperator(context, options, async (operator) => {
      const key = await operator.revokeKey({ key: reference });
      context.print(`revoked key ${key.id} (${key.prefix}…, "${key.name}", account ${key.accountId})`);
    });
  });
}
