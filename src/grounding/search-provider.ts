/**
 * The `SearchProvider` port (DESIGN §2, STYLE 3): one interface, with SearXNG, Tavily and Brave
 * behind it. `search` returns ranked results; `read` (for `research` grounding) returns a page's text.
 */

export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
}

export interface SearchOptions {
  /** At most this many results. */
  limit: number;
  signal?: AbortSignal;
}

export interface SearchProvider {
  /** e.g. "searxng at http://127.0.0.1:8888" (never a key). */
  readonly name: string;
  search(query: string, options: SearchOptions): Promise<SearchResult[]>;
  /** A page's readable text (HTML stripped), bounded in size and time. */
  read?(url: string, options?: { signal?: AbortSignal }): Promise<string>;
}

/** A search or page read failed; the message names the provider and status, never a key. */
export class SearchError extends Error {
  override readonly name = "SearchError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
  static isInstance(error: unknown): error is SearchError {
    return error instanceof Error && error.name === "SearchError";
  }
}

/** Only http(s) results are kept: a `javascript:` or `file:` URL is never cited or fetched. */
export function isWebUrl(url: string): boolean {
  try {
    const protocol = new URL(url).protocol;
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** Results a provider returned, cleaned: web URLs only, trimmed text, each URL once, at most `limit`. */
export function cleanResults(results: ReadonlyArray<{ title?: unknown; url?: unknown; snippet?: unknown }>, limit: number): SearchResult[] {
  const seen = new Set<string>();
  const cleaned: SearchResult[] = [];
  for (const result of results) {
    if (typeof result.url !== "string" || !isWebUrl(result.url) || seen.has(result.url)) continue;
    seen.add(result.url);
    const title = typeof result.title === "string" ? result.title.replace(/\s+/g, " ").trim() : "";
    const snippet = typeof result.snippet === "string" ? result.snippet.replace(/\s+/g, " ").trim() : "";
    cleaned.push({ title: title || result.url, url: result.url, snippet });
    if (cleaned.length >= limit) break;
  }
  return cleaned;
}
