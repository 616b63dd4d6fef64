import type { Command } from "commander";
import { integerOption } from "../options.ts";
import { resolveAccount, withAccounts } from "./operator.ts";

export function registerCredits(program: Command): void {
  const credits = program.command("credits").description("account balances and the credit ledger");
  credits
    .command("grant")
    .description("add credits to an account (negative to take away)")
    .argument("<amount>", "credits", integerOption("amount"))
    .option("-a, --account <id|name>", "account (default: local)", "local")
    .option("--create", "make the account if it does not exist")
    .option("--note <text>", "why, for the ledger", "operator grant")
    .action(async (amount: number, options: { account: string; create?: boolean; note: string }) => {
      await withAccounts(async (accounts) => {
        const account = await resolveAccount(accounts, options.account, options.create);
        const balance = await accounts.grant(account.id, amount, options.note);
        console.log(`${account.name} (${account.id}): balance ${balance}`);
      });
    });
  credits
    .command("show")
    .description("balance and recent ledger entries")
    .option("-a, --account <id|name>", "account (default: local)", "local")
    .option("--limit <n>", "ledger entries to show", integerOption("limit", { min: 0 }), 20)
    .action(async (options: { account: string; limit: number }) => {
      await withAccounts(async (accounts) => {
        const account = await resolveAccount(accounts, options.account);
        console.log(`${account.name} (${account.id}): balance ${account.balance}`);
        for (const entry of await accounts.ledger(account.id, options.limit)) {
          const sign = entry.delta > 0 ? "+" : "";
          console.log(`  ${entry.createdAt.toISOString()}  ${`${sign}${entry.delta}`.padStart(8)}  ${entry.kind.padEnd(6)}  ${entry.component ?? ""}${entry.jobId ? ` ${entry.jobId}` : ""}${entry.note ? `  ${entry.note}` : ""}`);
        }
      });
    });
}
