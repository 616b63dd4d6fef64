/**
 * Probes for orchestrators and load balancers, both outside the rate limiter (an anonymous burst
 * must not make a healthy server look down) and logged only when they fail:
 * - `GET /healthz`: liveness. The process answers HTTP; nothing else is asked, so it stays cheap
 *   enough to poll every few milliseconds and tells whether the event loop is free.
 * - `GET /readyz`: readiness. The database and the queue answer a trivial query each (at most
 *   `CHECK_TIMEOUT_MS`); otherwise 503 in the error envelope naming what failed, so traffic goes to
 *   another instance until this one can serve again. Concurrent probes share one round of checks.
 */
import type { FastifyInstance } from "fastify";
import { ApiError } from "../errors.ts";
import { describeError } from "../../store/describe-error.ts";

/** One dependency a request needs: resolves when it answers, rejects (or never settles) when not. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<unknown>;
}

/** A check slower than this counts as failed: a probe must answer before the prober gives up. */
export const CHECK_TIMEOUT_MS = 2_000;

const QUIET_PROBE = { config: { rateLimit: false }, logLevel: "warn" } as const;

export function registerHealthRoutes(server: FastifyInstance, checks: readonly ReadinessCheck[]): void {
  server.get("/healthz", QUIET_PROBE, async () => ({ status: "ok" }));

  let inFlight: Promise<string[]> | null = null;
  const failures = () => {
    inFlight ??= Promise.all(checks.map(async ({ name, check }) => ((await withinTimeout(check)) ? null : name)))
      .then((results) => results.filter((name): name is string => name !== null))
      .finally(() => (inFlight = null));
    return inFlight;
  };
  server.get("/readyz", QUIET_PROBE, async () => {
    const failed = await failures();
    if (failed.length > 0) throw new ApiError("unavailable", `not ready: ${failed.join(" and ")} not reachable`);
    return { status: "ready", checks: Object.fromEntries(checks.map(({ name }) => [name, "ok"])) };
  });
}

/** True when the check answered in time; a failure is logged once here, with its cause. */
async function withinTimeout(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return true;
  } catch (error) {
    console.error(`[readyz] ${describeError(error)}`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
