/**
 * A scripted search server on 127.0.0.1 for tests, speaking the three protocols we implement:
 * SearXNG (`GET /search?q=…&format=json`), Tavily (`POST /search`, `Authorization: Bearer …`) and
 * Brave (`GET /res/v1/web/search?q=…&count=…`, `X-Subscription-Token`), plus web pages under
 * `/pages/…` for `research` to read. Results come from a script; every request is kept.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { holdBack, listenOnLoopback, readBody } from "../../llm/testing/scripted-chat-server.ts";

export type SearchProtocol = "searxng" | "tavily" | "brave";

export interface ScriptedResult {
  title: string;
  url: string;
  snippet: string;
}

export interface ScriptedPage {
  body: string;
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  /** Holds the page back (a slow site) unless the client hangs up first. */
  delayMs?: number;
}

export interface RecordedSearchRequest {
  protocol: SearchProtocol | "page";
  method: string;
  path: string;
  query?: string;
  /** Brave's `count`, Tavily's `max_results`. */
  limit?: number;
  headers: IncomingMessage["headers"];
  body?: unknown;
}

export interface ScriptedSearchServer {
  baseUrl: string;
  /** The key Tavily and Brave requests must carry. */
  apiKey: string;
  requests: RecordedSearchRequest[];
  setResults(script: (query: string, protocol: SearchProtocol) => ScriptedResult[]): void;
  setPage(path: string, page: ScriptedPage): void;
  /** `${baseUrl}/pages/${name}`. */
  pageUrl(name: string): string;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export async function startScriptedSearchServer(options: { apiKey?: string } = {}): Promise<ScriptedSearchServer> {
  const apiKey = options.apiKey ?? "test-search-key";
  let script: (query: string, protocol: SearchProtocol) => ScriptedResult[] = () => [];
  const pages = new Map<string, ScriptedPage>();
  const requests: RecordedSearchRequest[] = [];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const record = (entry: Omit<RecordedSearchRequest, "method" | "path" | "headers">) =>
      requests.push({ ...entry, method: request.method ?? "GET", path: url.pathname, headers: request.headers });
    if (request.method === "GET" && url.pathname === "/search") {
      const query = url.searchParams.get("q") ?? "";
      record({ protocol: "searxng", query });
      // SearXNG refuses formats its settings do not enable; the JSON API needs format=json.
      if (url.searchParams.get("format") !== "json") return sendJson(response, 403, { error: "format not allowed" });
      const results = script(query, "searxng").map((result) => ({ title: result.title, url: result.url, content: result.snippet, engine: "scripted" }));
      return sendJson(response, 200, { query, number_of_results: results.length, results, answers: [], suggestions: [] });
    }
    if (request.method === "POST" && url.pathname === "/search") {
      const body = JSON.parse((await readBody(request)) || "{}") as { query?: string; max_results?: number };
      record({ protocol: "tavily", query: body.query, limit: body.max_results, body });
      if (request.headers.authorization !== `Bearer ${apiKey}`) return sendJson(response, 401, { detail: { error: "Unauthorized: missing or invalid API key." } });
      const results = script(body.query ?? "", "tavily")
        .slice(0, body.max_results ?? 5)
        .map((result, rank) => ({ title: result.title, url: result.url, content: result.snippet, score: 1 - rank / 10, raw_content: null }));
      return sendJson(response, 200, { query: body.query, answer: null, images: [], results, response_time: 0.01 });
    }
    if (request.method === "GET" && url.pathname === "/res/v1/web/search") {
      const query = url.searchParams.get("q") ?? "";
      const count = Number(url.searchParams.get("count") ?? 20);
      record({ protocol: "brave", query, limit: count });
      if (request.headers["x-subscription-token"] !== apiKey) {
        return sendJson(response, 422, { type: "ErrorResponse", error: { code: "SUBSCRIPTION_TOKEN_INVALID", status: 422, detail: "The provided subscription token is invalid." } });
      }
      const results = script(query, "brave")
        .slice(0, count)
        .map((result) => ({ type: "search_result", title: result.title, url: result.url, description: result.snippet.replace(/(\w+)/, "<strong>$1</strong>") }));
      return sendJson(response, 200, { type: "search", query: { original: query }, web: { type: "search", results } });
    }
    if (url.pathname.startsWith("/pages/")) {
      record({ protocol: "page" });
      const page = pages.get(url.pathname);
      if (!page) return sendJson(response, 404, { error: "no such page" });
      await holdBack(page.delayMs, response);
      if (response.destroyed) return;
      response.writeHead(page.status ?? 200, { "content-type": page.contentType ?? "text/html; charset=utf-8", ...page.headers });
      response.end(page.body);
      return;
    }
    sendJson(response, 404, { error: `no route ${request.method} ${url.pathname}` });
  });
  const { origin: baseUrl, close } = await listenOnLoopback(server);
  return {
    baseUrl,
    apiKey,
    requests,
    setResults(next) {
      script = next;
    },
    setPage(path, page) {
      pages.set(path.startsWith("/pages/") ? path : `/pages/${path.replace(/^\//, "")}`, page);
    },
    pageUrl: (name) => `${baseUrl}/pages/${name}`,
    close,
  };
}
