/**
 * Operator commands act on accounts, keys and credits. With a Postgres server, or with the embedded
 * database while no server has it open, they open the store themselves; while a local server holds
 * the embedded database, they ask that server through its loopback operator routes.
 *
 * They never create an embedded database: one made by mistake (a command run from another folder)
 * holds a new account with a fresh balance and keys the real server has never heard of. Every run
 * says which database it used.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import type { OperatorActions } from "../../services/operator-service.ts";
import type { CliContext } from "../context.ts";
import { OPERATOR_TOKEN_FILE } from "../operator-token.ts";

export interface DataDirOption {
  dataDir?: string;
}

/** `--data-dir`, on every command that opens the store. */
export function dataDirOption(command: Command): Command {
  return command.option("--data-dir <folder>", "the data folder the server uses (default: $DRAMATIS_DATA_DIR, else ./.dramatis)");
}

export async function withOperator<T>(context: CliContext, options: DataDirOption, work: (actions: OperatorActions) => Promise<T>): Promise<T> {
  const config = context.config();
  if (options.dataDir) config.dataDir = context.path(options.dataDir);
  // The store's modules load when a command runs, not for every command (nor for --help).
  const { acquire, currentHolder } = await import("../../store/data-dir-lock.ts");
  if (!config.databaseUrl) {
    const databaseFolder = join(config.dataDir, "db");
    if (!existsSync(databaseFolder)) {
      throw new Error(
        `no Dramatis database in ${config.dataDir} (looked for ${databaseFolder}). Operator commands never create one: ` +
          `it would hold a new account that the server does not use. Run the command where "dramatis serve" runs, ` +
          `or point it at the server's data folder with --data-dir <folder> or DRAMATIS_DATA_DIR=<folder> ` +
          `(or at its Postgres server with DATABASE_URL).`,
      );
    }
    const holder = currentHolder(config.dataDir);
    const tokenFile = join(config.dataDir, OPERATOR_TOKEN_FILE);
    if (holder?.url && existsSync(tokenFile)) {
      context.note(`Data folder: ${config.dataDir} (through the server running on it at ${holder.url})`);
      return work(await remoteOperator(holder.url, readFileSync(tokenFile, "utf8").trim()));
    }
  }
  const [{ openStore }, { AccountRepository }, { OperatorService }] = await Promise.all([
    import("../../store/database.ts"),
    import("../../store/accounts.ts"),
    import("../../services/operator-service.ts"),
  ]);
  const release = config.databaseUrl ? () => undefined : acquire(config.dataDir);
  try {
    const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, "db") });
    context.note(config.databaseUrl ? `Database: ${store.location} (DATABASE_URL)` : `Data folder: ${config.dataDir}`);
    try {
      return await work(new OperatorService(new AccountRepository(store.db), config.devCredits));
    } finally {
      await store.close();
    }
  } finally {
    release();
  }
}

async function remoteOperator(baseUrl: string, token: string): Promise<OperatorActions> {
  const { OPERATOR_HEADER } = await import("../../api/routes/operator.ts");
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { [OPERATOR_HEADER]: token, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    if (!response.ok) throw new Error(answer.error?.message ?? `the running server answered ${response.status}`);
    return answer as any;
  };
  return {
    createKey: (input) => call("POST", "/operator/keys", input),
    listKeys: (input) => call("GET", `/operator/keys${input.account ? `?account=${encodeURIComponent(input.account)}` : ""}`),
    revokeKey: async (input) => (await call("POST", "/operator/keys/revoke", input)).revoked,
    grant: (input) => call("POST", "/operator/credits/grant", input),
    show: (input) => call("GET", `/operator/credits?account=${encodeURIComponent(input.account)}&limit=${input.limit}`),
  };
}
