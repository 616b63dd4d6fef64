/**
 * One HTTP exchange with a spec-speaking server: bearer auth, JSON in and out, and every failure
 * turned into a typed error. Nothing here assumes the server is Dramatis: an error body that is
 * not our envelope (a proxy's HTML page, FastAPI's `{"detail": …}`) still gives a useful error.
 */
import type { ValidationDetail } from "../shared/validation-details.ts";
import { DramatisApiError } from "./errors/dramatis-api-error.ts";
import { DramatisConnectionError } from "./errors/dramatis-connection-error.ts";
import { DramatisInvalidResponseError } from "./errors/dramatis-invalid-response-error.ts";
import { parseRetryAfter } from "./backoff.ts";

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  baseUrl: string;
  token: string;
  fetch?: FetchFunction;
  headers?: Record<string, string>;
  /** One HTTP exchange that takes longer than this fails as a connection error (retried by `wait()`). */
  requestTimeoutMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface Transport {
  request(method: "GET" | "POST", path: string, body: unknown, options?: RequestOptions): Promise<unknown>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const BODY_EXCERPT_CHARS = 200;

export function createTransport(options: TransportOptions): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const fetchFunction: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  return {
    async request(method, path, body, requestOptions = {}) {
      const url = `${baseUrl}${path}`;
      const callerSignal = requestOptions.signal;
      callerSignal?.throwIfAborted();

      const controller = new AbortController();
      const onCallerAbort = () => controller.abort(callerSignal?.reason);
      callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
      const timer = setTimeout(() => controller.abort(new Error(`no answer within ${requestTimeoutMs} ms`)), requestTimeoutMs);

      try {
        let response: Response;
        let text: string;
        try {
          response = await fetchFunction(url, {
            method,
            headers: {
              accept: "application/json",
              ...(body === undefined ? {} : { "content-type": "application/json" }),
              ...options.headers,
              ...requestOptions.headers,
              authorization: `Bearer ${options.token}`,
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: controller.signal,
          });
          text = await response.text();
        } catch (error) {
          if (callerSignal?.aborted) throw callerSignal.reason;
          const cause = controller.signal.aborted ? controller.signal.reason : error;
          throw new DramatisConnectionError(`${method} ${url} failed: ${describe(cause)}`, url, { cause });
        }

        const requestId = response.headers.get("x-request-id") ?? undefined;
        const parsed = parseJson(text);
        if (!response.ok) throw apiError(response, text, parsed, requestId);
        if (parsed === NOT_JSON) {
          throw new DramatisInvalidResponseError(`${method} ${url} answered ${response.status} with a body that is not JSON: ${excerpt(text)}`, response.status, text, requestId);
        }
        return parsed;
      } finally {
        clearTimeout(timer);
        callerSignal?.removeEventListener("abort", onCallerAbort);
      }
    },
  };
}

const NOT_JSON = Symbol("not json");

function parseJson(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** Reads our envelope first, then FastAPI's `{"detail": …}`, then falls back to the status and raw text. */
function apiError(response: Response, text: string, parsed: unknown, requestId: string | undefined): DramatisApiError {
  const envelope = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  const detail = isRecord(parsed) ? parsed.detail : undefined;

  const code = typeof envelope?.code === "string" ? envelope.code : fallbackCode(response.status);
  const details = toDetails(envelope?.details) ?? toDetails(detail) ?? [];
  const message =
    (typeof envelope?.message === "string" && envelope.message) ||
    (typeof detail === "string" && detail) ||
    (typeof envelope?.error === "string" && envelope.error) ||
    (typeof parsed === "string" && parsed) ||
    (parsed === NOT_JSON && text.trim() !== "" ? `HTTP ${response.status}: ${excerpt(text)}` : `HTTP ${response.status} ${response.statusText}`.trim());

  return new DramatisApiError({
    status: response.status,
    code,
    message,
    details,
    traceId: typeof envelope?.trace_id === "string" ? envelope.trace_id : undefined,
    requestId,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    body: parsed === NOT_JSON ? text : parsed,
  });
}

/** The spec's codes for the statuses it names; `http_<status>` for the rest. */
function fallbackCode(status: number): string {
  const known: Record<number, string> = { 400: "VALIDATION_ERROR", 401: "UNAUTHORIZED", 402: "PAYMENT_REQUIRED", 403: "forbidden", 404: "not_found", 422: "validation_failed", 502: "UPSTREAM_ERROR" };
  return known[status] ?? `http_${status}`;
}

function toDetails(value: unknown): ValidationDetail[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((entry) => ({
    loc: Array.isArray(entry.loc) ? entry.loc.filter((part): part is string | number => typeof part === "string" || typeof part === "number") : [],
    msg: typeof entry.msg === "string" ? entry.msg : String(entry.msg ?? ""),
    type: typeof entry.type === "string" ? entry.type : "",
  }));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > BODY_EXCERPT_CHARS ? `${flat.slice(0, BODY_EXCERPT_CHARS)}…` : flat;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = isRecord(cause) && typeof cause.code === "string" ? ` (${cause.code})` : "";
    return `${error.message}${code}`;
  }
  return String(error);
}
