/**
 * `GET /metrics` for Prometheus, and the hook that times every request for it.
 *
 * Who may scrape: anyone on this machine (a loopback address, not relayed by a proxy: a request
 * carrying `X-Forwarded-For` or `Forwarded` came from elsewhere), else a caller with
 * `Authorization: Bearer <DRAMATIS_METRICS_TOKEN>` or the operator token of the data folder.
 * Anyone else gets 401 in the envelope: job counts and model usage are the operator's business.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "../errors.ts";
import type { AppMetrics } from "../../observability/metrics.ts";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export function registerMetrics(server: FastifyInstance, metrics: AppMetrics, tokens: ReadonlyArray<string | undefined>): void {
  // A callback hook: an async one costs every request a promise for work that never waits.
  server.addHook("onResponse", (request, reply, done) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? "unmatched", reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  const accepted = tokens.filter((token): token is string => Boolean(token)).map((token) => Buffer.from(token));
  server.get("/metrics", { config: { rateLimit: false }, logLevel: "warn" }, async (request, reply) => {
    if (!fromThisMachine(request) && !bearsOneOf(request, accepted)) {
      throw new ApiError("UNAUTHORIZED", "metrics are open on loopback only; elsewhere send Authorization: Bearer <DRAMATIS_METRICS_TOKEN>");
    }
    const { contentType, body } = await metrics.render();
    return reply.type(contentType).send(body);
  });
}

function fromThisMachine(request: FastifyRequest): boolean {
  const relayed = request.headers["x-forwarded-for"] !== undefined || request.headers.forwarded !== undefined;
  return !relayed && LOOPBACK.has(request.socket.remoteAddress ?? "");
}

function bearsOneOf(request: FastifyRequest, accepted: readonly Buffer[]): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1] as string);
  return accepted.some((token) => token.length === given.length && timingSafeEqual(token, given));
}
