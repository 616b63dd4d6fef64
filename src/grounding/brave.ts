/**
 * Brave Search: `GET https://api.search.brave.com/res/v1/web/search?q=…&count=…` with
 * `X-Subscription-Token: <BRAVE_API_KEY>` → `{web: {results: [{title, url, description}]}}`
 * (descriptions carry `<strong>` highlights, removed here).
 */
import { htmlToText } from "./html-text.ts";
import { listOf, property, requestJson } from "./http-json.ts";
import { readPage, type PageReaderOptions } from "./page-reader.ts";
import { cleanResults, type SearchOptions, type SearchProvider, type SearchResult } from "./search-provider.ts";

export const BRAVE_BASE_URL = "https://api.search.brave.com";
/** Brave answers at most 20 results per request. */
const BRAVE_MAX_COUNT = 20;

export interface BraveSettings {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  pages?: PageReaderOptions;
}

export class BraveSearch implements SearchProvider {
  readonly name: string;
  private readonly baseUrl: string;

  constructor(private readonly settings: BraveSettings) {
    this.baseUrl = (settings.baseUrl ?? BRAVE_BASE_URL).replace(/\/+$/, "");
    this.name = this.baseUrl === BRAVE_BASE_URL ? "brave" : `brave at ${this.baseUrl}`;
  }

  async search(query: string, options: SearchOptions): Promise<SearchResult[]> {
    const parameters = new URLSearchParams({ q: query, count: String(Math.min(BRAVE_MAX_COUNT, Math.max(1, options.limit))) });
    const answer = await requestJson(
      `${this.baseUrl}/res/v1/web/search?${parameters}`,
      { headers: { accept: "application/json", "x-subscription-token": this.settings.apiKey } },
      { provider: "brave", timeoutMs: this.settings.timeoutMs ?? 15_000, signal: options.signal },
    );
    const results = listOf(property(property(answer, "web"), "results")).map((result) => {
      const title = property(result, "title");
      const description = property(result, "description");
      return {
        title: typeof title === "string" ? htmlToText(title) : title,
        url: property(result, "url"),
        snippet: typeof description === "string" ? htmlToText(description) : description,
      };
    });
    return cleanResults(results, options.limit);
  }

  read(url: string, options: { signal?: AbortSignal } = {}): Promise<string> {
    return readPage(url, this.settings.pages, options.signal);
  }
}
