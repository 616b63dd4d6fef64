/** The hosted service's account surface (DESIGN §1): usage summary and whoami. */
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";
import { summariseUsage } from "../../billing/usage.ts";

export function registerAccountRoutes(server: FastifyInstance, context: AppContext): void {
  const { auth, accounts, jobs } = context;

  server.post("/v1/credits/projections/usage-summary", async (request) => {
    const account = await auth.require(request);
    const now = new Date();
    const since = new Date(now.getTime() - 30 * 24 * 3600 * 1000);
    return summariseUsage(await accounts.billingEntriesSince(account.id, since), now, await jobs.modelUsageSince(account.id, since));
  });

  server.post("/v1/turn-taking/actions/whoami", async (request) => {
    const account = await auth.require(request);
    return { user_id: account.id };
  });
}
