import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { integerOption } from "../options.ts";
import { dataDirOption, withOperator, type DataDirOption } from "./operator.ts";

export function registerCredits(program: Command, context: CliContext): void {
  const credits = program.command("credits").description("account balances and the credit ledger (works whether or not the server is running)");
  dataDirOption(
    credits
      .command("grant")
      .description("add credits to an account (negative to take away, down to a balance of 0)")
      .argument("<amount>", "credits", integerOption("amount"))
      .option("-a, --account <id|name>", "account (default: local)", "local")
      .option("--create", "make the account if it does not exist")
      .option("--note <text>", "why, for the ledger", "operator grant"),
  ).action(async (amount: number, options: DataDirOption & { account: string; create?: boolean; note: string }) => {
    await withOperator(context, options, async (operator) => {
      const account = await operator.grant({ account: options.account, create: options.create, note: options.note, amount });
      context.print(`${account.name} (${account.id}): balance ${account.balance}`);
    });
  });
  dataDirOption(
    credits
      .command("show")
      .description("balance and recent ledger entries")
      .option("-a, --account <id|name>", "account (default: local)", "local")
      .option("--limit <n>", "ledger entries to show", integerOption("limit", { min: 0 }), 20),
  ).action(async (options: DataDirOption & { account: string; limit: number }) => {
    await withOperator(context, options, async (operator) => {
      const { account, ledger } = await operator.show({ account: options.account, limit: options.limit });
      context.print(`${account.name} (${account.id}): balance ${account.balance}`);
      for (const entry of ledger) {
        const sign = entry.delta > 0 ? "+" : "";
        context.print(`  ${entry.createdAt}  ${`${sign}${entry.delta}`.padStart(8)}  ${entry.kind.padEnd(6)}  ${entry.component ?? ""}${entry.jobId ? ` ${entry.jobId}` : ""}${entry.note ? `  ${entry.note}` : ""}`);
      }
    });
  });
}
