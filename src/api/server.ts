/**
 * The HTTP server: Fastify with the spec's error envelope on every failure, an `x-request-id` on
 * every response, and thin routes that validate, authorise, call a service and shape the answer.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from "fastify";
import compress from "@fastify/compress";
import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { Config } from "../config.ts";
import type { Logger } from "../observability/logger.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import { ApiError, type ErrorCode } from "./errors.ts";
import { ServiceError, type ServiceErrorKind } from "../services/errors.ts";
import type { AppContext } from "./context.ts";
import type { Authenticator } from "./auth.ts";
import { parseJsonBody, type CountedList, type JsonShapeLimits, MAX_JSON_CONTAINER_ITEMS, MAX_JSON_DEPTH } from "./json-body.ts";
import { LLM_HEADERS } from "../shared/npc-contract.ts";
import { findTextProblem } from "./text-input.ts";
import { answerClientError } from "./parser-errors.ts";
import { describeError, elide, MAX_LOGGED_ERROR_CHARS } from "../store/describe-error.ts";
import { registerPopulationRoutes } from "./routes/populations.ts";
import { registerAccountRoutes } from "./routes/account.ts";
import { registerNpcPersonaRoutes } from "./routes/npc-personas.ts";
import { registerNpcChatRoutes } from "./routes/npc-chat.ts";
import { registerNpcPlayPage } from "./routes/npc-play-page.ts";
import { registerNpcSdkAccountRoutes } from "./routes/npc-sdk-account.ts";
import { registerWebUi } from "./routes/web-ui.ts";
import { registerHealthRoutes, type ReadinessCheck } from "./routes/health.ts";
import { registerMetrics } from "./routes/metrics.ts";
import type { AppMetrics } from "../observability/metrics.ts";

export interface ServerOptions {
  /** A logger for request lines (`reqId` on each, the id of the `x-request-id` header); true: Fastify's own. */
  logger?: boolean | Logger;
  /** What `/readyz` asks (the database, the queue); none: ready whenever the process answers. */
  readiness?: readonly ReadinessCheck[];
  /** `/metrics` and request timing; `tokens` open it beyond loopback (DRAMATIS_METRICS_TOKEN, the operator token). */
  metrics?: { metrics: AppMetrics; tokens: ReadonlyArray<string | undefined> };
  /** Extra route groups (the operator routes of the embedded default). */
  plugins?: Array<(server: FastifyInstance, context: AppContext) => void | Promise<void>>;
}

/** Headers on every answer, errors included. `nosniff`: a JSON error is never run as a script or page. */
const ALWAYS_HEADERS = { "x-content-type-options": "nosniff" } as const;

/** What an HTTP/1.1 request without a Host header is answered. */
const missingHost = () => new ApiError("VALIDATION_ERROR", "an HTTP/1.1 request needs a Host header");

/** Methods probed to tell "no such path" (404) from "not with this method" (405 with `Allow`). */
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export async function buildServer(context: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const { config } = context;
  const serverOptions: FastifyServerOptions & { http?: { requireHostHeader: boolean }; https?: { cert: Buffer; key: Buffer; requireHostHeader: boolean } } = {
    ...(typeof options.logger === "object" ? { loggerInstance: options.logger } : { logger: options.logger ? { level: "info" } : false }),
    bodyLimit: config.bodyLimitBytes,
    // Behind a proxy every request comes from the proxy's address: anonymous callers would share
    // one rate-limit bucket, so one of them could exhaust it for all. The operator says which
    // proxies to believe (DRAMATIS_TRUST_PROXY); `request.ip` is then the client's.
    trustProxy: typeof config.trustProxy === "number" ? trustHops(config.trustProxy) : config.trustProxy,
    // The caller's `x-request-id` when it is a plausible id, else a new one: the same id is logged
    // on every line of the request and answered in the header.
    requestIdHeader: false,
    genReqId: (request) => {
      const supplied = request.headers["x-request-id"];
      return typeof supplied === "string" && /^[\w.:-]{1,128}$/.test(supplied) ? supplied : randomUUID();
    },
    // `/v1/personas/actions/generate/` is the same route as without the slash.
    routerOptions: { ignoreTrailingSlash: true },
    // Node's own parser errors (431, bad request line, bad chunk) in the envelope too.
    clientErrorHandler: answerClientError,
    // Errors Fastify raises before routing (a malformed URL) get the envelope and a request id too.
    frameworkErrors: (error, request, reply: FastifyReply) => {
      void reply
        .status(400)
        .headers(ALWAYS_HEADERS)
        .header("x-request-id", request.id)
        .send(new ApiError("VALIDATION_ERROR", error.code === "FST_ERR_BAD_URL" ? "malformed URL" : error.message).envelope());
    },
  };
  const tls = tlsFiles(config);
  // Node answers an HTTP/1.1 request without Host with a bare 400 of its own, outside the envelope;
  // it reaches us instead, and the onRequest hook answers it.
  serverOptions.http = { requireHostHeader: false };
  if (tls) serverOptions.https = { ...tls, requireHostHeader: false };
  // The HTTPS server has the same Fastify surface; only its Node server type differs.
  const server = Fastify(serverOptions) as unknown as FastifyInstance;

  // Hooks every request runs are callback hooks, not async ones: an async hook costs each request
  // a promise and a turn of the microtask queue for work that never waits.
  server.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id).headers(ALWAYS_HEADERS);
    // HTTP/1.1 requires Host (RFC 9112 §3.2): a 400, as Node gave, in the envelope.
    done(request.headers.host === undefined && request.raw.httpVersion === "1.1" ? missingHost() : undefined);
  });

  installBodyParsers(server);
  // Every caller text (body strings and keys, query values, route params) is checked once, here.
  server.addHook("preValidation", (request, _reply, done) => {
    const problem = findTextProblem(request.body) ?? findTextProblem(request.query) ?? findTextProblem(request.params);
    done(problem ? ApiError.validation([problem]) : undefined);
  });
  if (config.corsOrigins.length > 0) await registerCors(server, config.corsOrigins);
  await server.register(compress, {
    global: true,
    onUnsupportedRequestEncoding: (encoding) => new ApiError("unsupported_media_type", `Content-Encoding ${encoding} is not supported; send gzip, deflate, br or none`),
  });
  if (config.rateLimitPerMinute > 0) {
    await server.register(rateLimit, {
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => rateLimitKey(context.auth, request),
      errorResponseBuilder: (_request, limit) =>
        new ApiError("rate_limited", `rate limit of ${limit.max} requests per minute exceeded; retry in ${Math.ceil(limit.ttl / 1000)} s`),
    });
  }

  server.setErrorHandler((error: FastifyError | ApiError | Error, request, reply) => {
    const apiError = toApiError(error, { bodyLimit: request.routeOptions.bodyLimit ?? config.bodyLimitBytes });
    if (apiError.status >= 500) {
      // Bounded: a failed query's error carries every parameter of the query.
      const description = describeError(error, MAX_LOGGED_ERROR_CHARS, { stack: true });
      if (options.logger) request.log.error({ error: description }, "request failed");
      else console.error(`[api] ${request.method} ${elide(request.url, 200)}: ${description}`);
    }
    void reply.status(apiError.status).send(apiError.envelope(String(reply.getHeader("x-request-id") ?? request.id)));
  });

  // A route that matches every path (the CORS plugin's `OPTIONS *`) says nothing about whether a
  // path exists: it must not turn every unknown path's 404 into a 405.
  const everyPathHandlers = new Map<string, unknown>();
  const matchesEveryPath = (method: string, handler: unknown) => {
    if (!everyPathHandlers.has(method)) everyPathHandlers.set(method, server.findRoute({ method, url: `/${randomUUID()}/${randomUUID()}` })?.handler ?? null);
    return everyPathHandlers.get(method) === handler;
  };
  const routeFor = (method: string, path: string) => {
    const route = server.findRoute({ method, url: path });
    return route !== null && !matchesEveryPath(method, route.handler);
  };
  server.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    // A route of this very method sent us here (a static file route that found no file, say): the
    // method is fine, the thing is missing — a 404, not a 405 naming the other methods.
    const allowed = routeFor(request.method, path) ? [] : METHODS.filter((method) => method !== request.method && routeFor(method, path));
    if (allowed.length > 0) {
      void reply.status(405).header("allow", allowed.join(", ")).send(new ApiError("method_not_allowed", `${request.method} is not allowed on ${path}; use ${allowed.join(", ")}`).envelope());
      return;
    }
    void reply.status(404).send(new ApiError("not_found", `no route for ${request.method} ${path}`).envelope());
  });

  // After the error handler (a route keeps the handler of its time) and before the routes it times.
  registerHealthRoutes(server, options.readiness ?? []);
  if (options.metrics) registerMetrics(server, options.metrics.metrics, options.metrics.tokens);
  const openApi = buildOpenApiDocument(config);
  server.get("/openapi.json", async () => openApi);
  await server.register(swagger, { mode: "static", specification: { document: openApi as never } });
  await server.register(swaggerUi, {
    routePrefix: "/docs",
    // The documentation page gets a Content-Security-Policy like every page we serve (the plugin's),
    // never framed; its styles inline like the web UI's (Swagger UI sets some); and without
    // upgrade-insecure-requests, which would make a plain-HTTP server's page (on a LAN address, say)
    // fetch its assets over HTTPS. Checked in Chromium: the page renders every operation, no CSP error.
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace(/\s*upgrade-insecure-requests;/, "")
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';"),
  });
  registerPopulationRoutes(server, context);
  registerAccountRoutes(server, context);
  registerNpcPersonaRoutes(server, context, context.npc);
  registerNpcChatRoutes(server, context, context.npc);
  registerNpcPlayPage(server, context, context.npc);
  registerNpcSdkAccountRoutes(server, context, context.npc);
  // The web UI at `/` (the front door), its assets and its pages (web/, built into web/dist).
  await registerWebUi(server);
  for (const plugin of options.plugins ?? []) await plugin(server, context);
  return server;
}

/**
 * The HTTP surface of a process that serves no API (`dramatis worker --metrics-port`): `/healthz`,
 * `/readyz` and `/metrics` only, with the same envelope on errors, so its job and shard durations
 * can be scraped like the API's.
 */
export async function buildProbeServer(options: Required<Pick<ServerOptions, "readiness" | "metrics">>): Promise<FastifyInstance> {
  const server = Fastify({ logger: false, genReqId: () => randomUUID() });
  server.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id).headers(ALWAYS_HEADERS);
  });
  server.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    void reply.status(apiError.status).send(apiError.envelope(request.id));
  });
  server.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(new ApiError("not_found", `no route for ${request.method} ${request.url.split("?")[0]}; this process serves /healthz, /readyz and /metrics`).envelope());
  });
  registerHealthRoutes(server, options.readiness);
  registerMetrics(server, options.metrics.metrics, options.metrics.tokens);
  return server;
}

/** The nearest `hops` proxies are believed (Fastify takes a hop count at run time; its types do not). */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** The certificate and key, when both are configured; read at start so a wrong path fails loudly. */
function tlsFiles(config: Config): { cert: Buffer; key: Buffer } | undefined {
  if (!config.tlsCert || !config.tlsKey) return undefined;
  const read = (path: string, name: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`${name}: cannot read ${path} (${(error as Error).message})`);
    }
  };
  return { cert: read(config.tlsCert, "DRAMATIS_TLS_CERT"), key: read(config.tlsKey, "DRAMATIS_TLS_KEY") };
}

/**
 * Browsers on the configured origins may call every route (`*`: any origin). Credentials travel
 * in headers, never cookies, so no `Access-Control-Allow-Credentials`.
 */
async function registerCors(server: FastifyInstance, origins: string[]): Promise<void> {
  await server.register(cors, {
    origin: origins.includes("*") ? "*" : origins,
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    // Named one by one: a preflight compares names literally, so `x-llm-*` would allow no header at all.
    allowedHeaders: ["authorization", "content-type", "x-api-key", "idempotency-key", "x-request-id", "if-none-match", ...Object.values(LLM_HEADERS)],
    exposedHeaders: ["x-request-id", "etag", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "allow", "x-next-cursor", "link"],
    maxAge: 600,
  });
}

/**
 * JSON bodies are parsed here so that every malformed body gets the envelope: an empty body reads
 * as `{}` (the missing fields are then named), bad JSON is a 422 `json_invalid`, a body nested too
 * deep or with too long a list is refused before it is built (see json-body.ts), and a body sent
 * with another content type (curl's default form type, say) is still read when it is JSON.
 */
function installBodyParsers(server: FastifyInstance): void {
  server.removeAllContentTypeParsers();
  server.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    try {
      done(null, parseJsonBody(body as string, undefined, shapeLimitsOf(request)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  server.addContentTypeParser("*", { parseAs: "string" }, (request, body, done) => {
    const notJson = () => new ApiError("unsupported_media_type", `send a JSON body with Content-Type: application/json (got ${request.headers["content-type"]})`);
    try {
      done(null, parseJsonBody(body as string, notJson, shapeLimitsOf(request)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** A route names the list whose count it caps itself in its config (`{ countedList }`); see json-body.ts. */
function shapeLimitsOf(request: FastifyRequest): JsonShapeLimits {
  const countedList = (request.routeOptions.config as { countedList?: CountedList } | undefined)?.countedList;
  return { maxDepth: MAX_JSON_DEPTH, maxContainerItems: MAX_JSON_CONTAINER_ITEMS, ...(countedList ? { countedList } : {}) };
}

/**
 * One bucket per caller, whatever the spelling of the credential: per account for a valid key or
 * token (Bearer or X-API-Key, any case or spacing), per client address for anonymous requests and,
 * separately, for invalid credentials, so inventing keys never buys a fresh bucket.
 */
async function rateLimitKey(auth: Authenticator, request: FastifyRequest): Promise<string> {
  const identity = await auth.callerIdentity(request);
  return identity.kind === "account" ? `account:${identity.accountId}` : `${identity.kind}:${request.ip}`;
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

/** The one place any error becomes the envelope's code, message and details. `bodyLimit`: the route's, in bytes. */
export function toApiError(error: unknown, { bodyLimit }: { bodyLimit?: number } = {}): ApiError {
  if (ApiError.isInstance(error)) return error;
  if (ServiceError.isInstance(error)) {
    const code = SERVICE_ERROR_CODES[error.kind];
    // The spec words 401 and 402 exactly; a service's own wording stays in the cause.
    if (code === "UNAUTHORIZED") return ApiError.unauthorized();
    if (code === "PAYMENT_REQUIRED") return ApiError.paymentRequired();
    return new ApiError(code, error.message, error.details);
  }
  const fastifyError = error as FastifyError;
  // @fastify/compress marks a body that would not inflate this way.
  if ((error as { decompressError?: unknown }).decompressError) return new ApiError("VALIDATION_ERROR", "the request body could not be decompressed");
  switch (fastifyError.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiError("payload_too_large", bodyLimit === undefined ? "request body is too large" : `request body is too large: at most ${bodyLimit} bytes on this route`);
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
