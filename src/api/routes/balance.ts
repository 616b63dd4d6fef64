/** `POST /v1/credits/projections/balance` `{}` → `{account_id, balance}` (Dramatis extension): the caller's credits now. */
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";

export function registerBalanceRoute(server: FastifyInstance, context: AppContext): void {
  const { auth, accounts } = context;
  server.post("/v1/credits/projections/balance", async (request) => {
    const account = await auth.require(request);
    // Read now, not from the authentication's copy: a charge may have landed since.
    const current = await accounts.get(account.id);
    return { account_id: account.id, balance: current?.balance ?? 0 };
  });
}
