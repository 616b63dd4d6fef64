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

export type HttpMethod = "GET" | "POST" | "DELETE";

export interface Transport {
  /** One JSON exchange: the parsed body of a 2xx answer, or a typed error. */
  request(method: HttpMethod, path: string, body: unknown, options?: RequestOptions): Promise<unknown>;
  /**
   * An exchange whose 2xx body is read as it arrives (server-sent events): the answer once its
   * headers are in. The request timeout covers the wait for them; the caller's signal also stops
   * the reading. A non-2xx answer is read whole and thrown as a typed error, as `request` does.
   */
  stream(method: HttpMethod, path: string, body: unknown, options?: RequestOptions): Promise<Response>;
  /** A GET whose 2xx body is text of another type than JSON (`accept`: e.g. JSON Lines, CSV), with the answer's headers. */
  text(path: string, accept: string, options?: RequestOptions): Promise<{ text: string; headers: Headers }>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const BODY_EXCERPT_CHARS = 200;

export function createTransport(options: TransportOptions): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const fetchFunction: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  /**
   * Sends one request and hands the answer to `read`, with the caller's signal and the request
   * timeout wired to one controller. `keepSignal` (streams): the timeout ends with the headers, and
   * the caller's signal stays wired so it can still stop the reading of the body.
   */
  async function exchange<T>(
    method: HttpMethod,
    path: string,
    body: unknown,
    requestOptions: RequestOptions,
    accept: string,
    read: (response: Response, url: string) => Promise<T>,
    keepSignal = false,
  ): Promise<T> {
    const url = `${baseUrl}${path}`;
    const callerSignal = requestOptions.signal;
    callerSignal?.throwIfAborted();

    const controller = new AbortController();
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${requestTimeoutMs} ms`)), requestTimeoutMs);
    let handedOver = false;

    try {
      try {
        const response = await fetchFunction(url, {
          method,
          headers: {
            accept,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
            ...options.headers,
            ...requestOptions.headers,
            authorization: `Bearer ${options.token}`,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: controller.signal,
        });
        // A stream may rightly last longer than any one exchange; its headers came in time.
        if (keepSignal) clearTimeout(timer);
        const result = await read(response, url);
        handedOver = keepSignal && response.ok;
        return result;
      } catch (error) {
        if (DramatisApiError.isInstance(error) || DramatisInvalidResponseError.isInstance(error)) throw error;
        if (callerSignal?.aborted) throw callerSignal.reason;
        const cause = controller.signal.aborted ? controller.signal.reason : error;
        throw new DramatisConnectionError(`${method} ${url} failed: ${describe(cause)}`, url, { cause });
      }
    } finally {
      clearTimeout(timer);
      if (!handedOver) callerSignal?.removeEventListener("abort", onCallerAbort);
    }
  }

  return {
    request: (method, path, body, requestOptions = {}) =>
      exchange(method, path, body, requestOptions, "application/json", async (response, url) => {
        const text = await response.text();
        const requestId = response.headers.get("x-request-id") ?? undefined;
        const parsed = parseJson(text);
        if (!response.ok) throw apiError(response, text, parsed, requestId);
        if (parsed === NOT_JSON) {
          throw new DramatisInvalidResponseError(`${method} ${url} answered ${response.status} with a body that is not JSON: ${excerpt(text)}`, response.status, text, requestId);
        }
        return parsed;
      }),
    text: (path, accept, requestOptions = {}) =>
      exchange("GET", path, undefined, requestOptions, accept, async (response) => {
        const text = await response.text();
        if (!response.ok) throw apiError(response, text, parseJson(text), response.headers.get("x-request-id") ?? undefined);
        return { text, headers: response.headers };
      }),
    stream: (method, path, body, requestOptions = {}) =>
      exchange(
        method,
        path,
        body,
        requestOptions,
        "text/event-stream",
        async (response) => {
          if (response.ok) return response;
          const text = await response.text();
          throw apiError(response, text, parseJson(text), response.headers.get("x-request-id") ?? undefined);
        },
        true,
      ),
  };
}

/** `?a=1&b=2` from the entries that are set, or "" when none is. */
export function queryString(parameters: Record<string, string | number | boolean | undefined | null>): string {
  const entries = Object.entries(parameters).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== null && entry[1] !== "");
  return entries.length === 0 ? "" : `?${new URLSearchParams(entries.map(([name, value]): [string, string] => [name, String(value)])).toString()}`;
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
