/**
 * Operator commands act on accounts, keys and credits. With a Postgres server, or with the embedded
 * database while no server has it open, they open the store themselves; while a local server holds
 * the embedded database, they ask that server through its loopback operator routes.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../config.ts";
import { openStore } from "../../store/database.ts";
import { AccountRepository } from "../../store/accounts.ts";
import { acquire, currentHolder } from "../../store/data-dir-lock.ts";
import { OperatorService, type OperatorActions } from "../../services/operator-service.ts";
import { OPERATOR_TOKEN_FILE } from "../../app.ts";
import { OPERATOR_HEADER } from "../../api/routes/operator.ts";

export async function withOperator<T>(work: (actions: OperatorActions) => Promise<T>): Promise<T> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const holder = currentHolder(config.dataDir);
    const tokenFile = join(config.dataDir, OPERATOR_TOKEN_FILE);
    if (holder?.url && existsSync(tokenFile)) return work(remoteOperator(holder.url, readFileSync(tokenFile, "utf8").trim()));
  }
  const release = config.databaseUrl ? () => undefined : acquire(config.dataDir);
  try {
    const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, "db") });
    try {
      return await work(new OperatorService(new AccountRepository(store.db), config.devCredits));
    } finally {
      await store.close();
    }
  } finally {
    release();
  }
}

function remoteOperator(baseUrl: string, token: string): OperatorActions {
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
