/** SearXNG's JSON API: `GET <base>/search?q=…&format=json` → `{results: [{title, url, content}]}` (the instance must enable the json format). */
import { listOf, property, requestJson } from "./http-json.ts";
import { readPage, type PageReaderOptions } from "./page-reader.ts";
import { cleanResults, type SearchOptions, type SearchProvider, type SearchResult } from "./search-provider.ts";

export interface SearxngSettings {
  baseUrl: string;
  timeoutMs?: number;
  pages?: PageReaderOptions;
}

export class SearxngSearch implements SearchProvider {
  readonly name: string;
  private readonly baseUrl: string;

  constructor(private readonly settings: SearxngSettings) {
    this.baseUrl = settings.baseUrl.replace(/\/+$/, "").replace(/\/search$/, "");
    this.name = `searxng at ${this.baseUrl}`;
  }

  async search(query: string, options: SearchOptions): Promise<SearchResult[]> {
    const url = `${this.baseUrl}/search?${new URLSearchParams({ q: query, format: "json" })}`;
    const answer = await requestJson(url, { headers: { accept: "application/json" } }, { provider: "searxng", timeoutMs: this.settings.timeoutMs ?? 15_000, signal: options.signal });
    const results = listOf(property(answer, "results")).map((result) => ({ title: property(result, "title"), url: property(result, "url"), snippet: property(result, "content") }));
    return cleanResults(results, options.limit);
  }

  read(url: string, options: { signal?: AbortSignal } = {}): Promise<string> {
    return readPage(url, this.settings.pages, options.signal);
  }
}
