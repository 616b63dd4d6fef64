/**
 * Operator routes for `dramatis keys` and `dramatis credits` while a server holds the embedded
 * database. Loopback only, and only with the operator token the server wrote (0600) into its data
 * folder at start: whoever can read that folder is the operator. Not part of the public API.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { parseBody } from "../validate-body.ts";
import { OperatorError, OperatorService } from "../../services/operator-service.ts";

export const OPERATOR_HEADER = "x-dramatis-operator";

const Account = z.string().min(1).max(200);

function isLoopback(request: FastifyRequest): boolean {
  return ["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(request.ip);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function registerOperatorRoutes(server: FastifyInstance, context: AppContext, operatorToken: string): void {
  const service = new OperatorService(context.accounts, context.config.devCredits);
  const guard = (request: FastifyRequest) => {
    const given = request.headers[OPERATOR_HEADER];
    if (!isLoopback(request) || typeof given !== "string" || !sameSecret(given, operatorToken)) throw ApiError.forbidden("operator routes answer only the local operator");
  };
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof OperatorError) throw new ApiError("VALIDATION_ERROR", error.message);
      throw error;
    }
  };

  server.post("/operator/keys", async (request) => {
    guard(request);
    const body = parseBody(z.object({ account: Account, create: z.boolean().optional(), name: z.string().min(1).max(100) }), request.body);
    return run(() => service.createKey(body));
  });
  server.get("/operator/keys", async (request) => {
    guard(request);
    const query = parseBody(z.object({ account: Account.optional() }), request.query);
    return run(() => service.listKeys(query));
  });
  server.post("/operator/keys/revoke", async (request) => {
    guard(request);
    const body = parseBody(z.object({ key: z.string().min(1).max(200) }), request.body);
    return { revoked: await run(() => service.revokeKey(body)) };
  });
  server.post("/operator/credits/grant", async (request) => {
    guard(request);
    const body = parseBody(z.object({ account: Account, create: z.boolean().optional(), amount: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), note: z.string().max(500) }), request.body);
    return run(() => service.grant(body));
  });
  server.get("/operator/credits", async (request) => {
    guard(request);
    const query = parseBody(z.object({ account: Account, limit: z.coerce.number().int().min(0).max(1000) }), request.query);
    return run(() => service.show(query));
  });
}
