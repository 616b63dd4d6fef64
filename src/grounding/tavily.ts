/** Tavily: `POST https://api.tavily.com/search` with `Authorization: Bearer <TAVILY_API_KEY>` → `{results: [{title, url, content}]}`. */
import { listOf, property, requestJson } from "./http-json.ts";
import { readPage, type PageReaderOptions } from "./page-reader.ts";
import { cleanResults, type SearchOptions, type SearchProvider, type SearchResult } from "./search-provider.ts";

export const TAVILY_BASE_URL = "https://api.tavily.com";

export interface TavilySettings {
  apiKey: string;
  /** A proxy or a test server; default https://api.tavily.com. */
  baseUrl?: string;
  timeoutMs?: number;
  pages?: PageReaderOptions;
}

export class TavilySearch implements SearchProvider {
  readonly name: string;
  private readonly baseUrl: string;

  constructor(private readonly settings: TavilySettings) {
    this.baseUrl = (settings.baseUrl ?? TAVILY_BASE_URL).replace(/\/+$/, "");
    this.name = this.baseUrl === TAVILY_BASE_URL ? "tavily" : `tavily at ${this.baseUrl}`;
  }

  async search(query: string, options: SearchOptions): Promise<SearchResult[]> {
    const answer = await requestJson(
      `${this.baseUrl}/search`,
      {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${this.settings.apiKey}` },
        body: JSON.stringify({ query, max_results: options.limit, search_depth: "basic", include_answer: false }),
      },
      { provider: "tavily", timeoutMs: this.settings.timeoutMs ?? 15_000, signal: options.signal },
    );
    const results = listOf(property(answer, "results")).map((result) => ({ title: property(result, "title"), url: property(result, "url"), snippet: property(result, "content") }));
    return cleanResults(results, options.limit);
  }

  read(url: string, options: { signal?: AbortSignal } = {}): Promise<string> {
    return readPage(url, this.settings.pages, options.signal);
  }
}
