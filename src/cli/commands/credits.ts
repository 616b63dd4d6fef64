import type { Command } from "commander";
import { integerOption } from "../options.ts";
import { withOperator } from "./operator.ts";

export function registerCredits(program: Command): void {
  const credits = program.command("credits").description("account balances and the credit ledger (works whether or not the server is running)");
  credits
    .command("grant")
    .description("add credits to an account (negative to take away)")
    .argument("<amount>", "credits", integerOption("amount"))
    .option("-a, --account <id|name>", "account (default: local)", "local")
    .option("--create", "make the account if it does not exist")
    .option("--note <text>", "why, for the ledger", "operator grant")
    .action(async (amount: number, options: { account: string; create?: boolean; note: string }) => {
      await withOperator(async (operator) => {
        const account = await operator.grant({ ...options, amount });
        console.log(`${account.name} (${account.id}): balance ${account.balance}`);
      });
    });
  credits
    .command("show")
    .description("balance and recent ledger entries")
    .option("-a, --account <id|name>", "account (default: local)", "local")
    .option("--limit <n>", "ledger entries to show", integerOption("limit", { min: 0 }), 20)
    .action(async (options: { account: string; limit: number }) => {
      await withOperator(async (operator) => {
        const { account, ledger } = await operator.show(options);
        console.log(`${account.name} (${account.id}): balance ${account.balance}`);
        for (const entry of ledger) {
          const sign = entry.delta > 0 ? "+" : "";
          console.log(`  ${entry.createdAt}  ${`${sign}${entry.delta}`.padStart(8)}  ${entry.kind.padEnd(6)}  ${entry.component ?? ""}${entry.jobId ? ` ${entry.jobId}` : ""}${entry.note ? `  ${entry.note}` : ""}`);
        }
      });
    });
}
