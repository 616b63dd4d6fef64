/**
 * The HTTP server: Fastify with the spec's error envelope on every failure, an `x-request-id` on
 * every response, and thin routes that validate, authorise, call a service and shape the answer.
 */
import { randomUUID } from "node:crypto";
import { createHash } from "node:crypto";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { buildOpenApiDocument } from "./openapi.ts";
import { ApiError, type ErrorCode } from "./errors.ts";
import { ServiceError, type ServiceErrorKind } from "../services/errors.ts";
import type { AppContext } from "./context.ts";
import { registerPopulationRoutes } from "./routes/populations.ts";
import { registerAccountRoutes } from "./routes/account.ts";
import { registerNpcPersonaRoutes } from "./routes/npc-personas.ts";
import { registerNpcChatRoutes } from "./routes/npc-chat.ts";
import { registerNpcPlayPage } from "./routes/npc-play-page.ts";

export interface ServerOptions {
  logger?: boolean;
  /** Extra route groups (the operator routes of the embedded default). */
  plugins?: Array<(server: FastifyInstance, context: AppContext) => void | Promise<void>>;
}

export async function buildServer(context: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const server = Fastify({
    logger: options.logger ? { level: "info" } : false,
    bodyLimit: context.config.bodyLimitBytes,
    requestIdHeader: "x-request-id",
    // `/v1/personas/actions/generate/` is the same route as without the slash.
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: () => randomUUID(),
    // Errors Fastify raises before routing (a malformed URL) get the envelope and a request id too.
    frameworkErrors: (error, request, reply: FastifyReply) => {
      void reply
        .status(400)
        .header("x-request-id", request.id)
        .send(new ApiError("VALIDATION_ERROR", error.code === "FST_ERR_BAD_URL" ? "malformed URL" : error.message).envelope());
    },
  });

  server.addHook("onRequest", async (request, reply) => {
    const supplied = request.headers["x-request-id"];
    const id = typeof supplied === "string" && /^[\w.:-]{1,128}$/.test(supplied) ? supplied : request.id;
    reply.header("x-request-id", id);
  });

  installBodyParsers(server);
  // Postgres text cannot hold NUL: refuse it at the edge, naming where it is, instead of failing later.
  server.addHook("preValidation", async (request) => {
    const where = findNul(request.body) ?? findNul(request.query);
    if (where) throw ApiError.validation([{ loc: where, msg: "String should not contain NUL (\\u0000) characters", type: "string_pattern_mismatch" }]);
  });
  if (context.config.rateLimitPerMinute > 0) {
    await server.register(rateLimit, {
      max: context.config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: rateLimitKey,
      errorResponseBuilder: (_request, limit) =>
        new ApiError("rate_limited", `rate limit of ${limit.max} requests per minute exceeded; retry in ${Math.ceil(limit.ttl / 1000)} s`),
    });
  }

  server.setErrorHandler((error: FastifyError | ApiError | Error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) request.log.error({ err: error }, "request failed");
    if (apiError.status >= 500 && !options.logger) console.error(`[api] ${request.method} ${request.url}: ${(error as Error).stack ?? error}`);
    void reply.status(apiError.status).send(apiError.envelope(String(reply.getHeader("x-request-id") ?? request.id)));
  });

  server.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(new ApiError("not_found", `no route for ${request.method} ${request.url.split("?")[0]}`).envelope());
  });

  server.get("/healthz", async () => ({ status: "ok" }));
  const openApi = buildOpenApiDocument(context.config);
  server.get("/openapi.json", async () => openApi);
  await server.register(swagger, { mode: "static", specification: { document: openApi as never } });
  await server.register(swaggerUi, { routePrefix: "/docs" });
  registerPopulationRoutes(server, context);
  registerAccountRoutes(server, context);
  registerNpcPersonaRoutes(server, context, context.npc);
  registerNpcChatRoutes(server, context, context.npc);
  registerNpcPlayPage(server, context, context.npc);
  for (const plugin of options.plugins ?? []) await plugin(server, context);
  return server;
}

/**
 * JSON bodies are parsed here so that every malformed body gets the envelope: an empty body reads
 * as `{}` (the missing fields are then named), bad JSON is a 422 `json_invalid`, and a body sent
 * with another content type (curl's default form type, say) is still read when it is JSON.
 */
function installBodyParsers(server: FastifyInstance): void {
  server.removeAllContentTypeParsers();
  const parseJson = (body: string) => {
    if (body.trim() === "") return {};
    try {
      return JSON.parse(body);
    } catch (error) {
      throw new ApiError("validation_failed", "request validation failed", [
        { loc: [], msg: `JSON decode error: ${(error as Error).message}`, type: "json_invalid" },
      ]);
    }
  };
  server.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, parseJson(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  server.addContentTypeParser("*", { parseAs: "string" }, (request, body, done) => {
    try {
      done(null, parseJson(body as string));
    } catch {
      done(new ApiError("unsupported_media_type", `send a JSON body with Content-Type: application/json (got ${request.headers["content-type"]})`), undefined);
    }
  });
}

/** The path of the first string (or object key) holding a NUL character, if any. */
function findNul(value: unknown, path: Array<string | number> = [], depth = 0): Array<string | number> | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (depth > 64 || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findNul(value[index], [...path, index], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key.includes("\u0000")) return [...path, key];
    const found = findNul(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** Per credential (hashed, so no key is kept in memory as-is), else per client address. */
function rateLimitKey(request: FastifyRequest): string {
  const credential = request.headers.authorization ?? request.headers["x-api-key"];
  const text = Array.isArray(credential) ? credential[0] : credential;
  return text ? `key:${createHash("sha256").update(text).digest("base64url").slice(0, 22)}` : `ip:${request.ip}`;
}

/** The code each refusal of a service answers with (the spec's codes, DESIGN §1). */
const SERVICE_ERROR_CODES: Record<ServiceErrorKind, ErrorCode> = {
  not_found: "not_found",
  forbidden: "forbidden",
  conflict: "conflict",
  unauthenticated: "UNAUTHORIZED",
  invalid_input: "validation_failed",
  payment_required: "PAYMENT_REQUIRED",
  over_limit: "VALIDATION_ERROR",
};

/** The one place any error becomes the envelope's code, message and details. */
export function toApiError(error: unknown): ApiError {
  if (ApiError.isInstance(error)) return error;
  if (ServiceError.isInstance(error)) {
    const code = SERVICE_ERROR_CODES[error.kind];
    // The spec words 401 and 402 exactly; a service's own wording stays in the cause.
    if (code === "UNAUTHORIZED") return ApiError.unauthorized();
    if (code === "PAYMENT_REQUIRED") return ApiError.paymentRequired();
    return new ApiError(code, error.message, error.details);
  }
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiError("payload_too_large", "request body is too large");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError("unsupported_media_type", "send a JSON body with Content-Type: application/json");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new ApiError("VALIDATION_ERROR", "the Content-Length header does not match the body");
  }
  if (fastifyError.statusCode === 405) return new ApiError("method_not_allowed", fastifyError.message);
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new ApiError("VALIDATION_ERROR", fastifyError.message);
  }
  return new ApiError("internal_error", "internal server error");
}
