/**
 * `DRAMATIS_SEARCH` → a search provider (DESIGN §7). The forms:
 *
 * - unset, empty, `off` or `none` — no search provider: `web`/`research` grounding uses what the
 *   modeller has (model knowledge, built-in data) and `sources` says so.
 * - `searxng:<base URL>` — a SearXNG instance with the JSON format enabled, e.g. `searxng:http://127.0.0.1:8888`.
 * - `tavily` — needs `TAVILY_API_KEY`; `tavily:<base URL>` for a proxy.
 * - `brave` — needs `BRAVE_API_KEY`; `brave:<base URL>` for a proxy.
 */
import { BraveSearch } from "./brave.ts";
import type { PageReaderOptions } from "./page-reader.ts";
import { SearxngSearch } from "./searxng.ts";
import { isWebUrl, type SearchProvider } from "./search-provider.ts";
import { TavilySearch } from "./tavily.ts";

export const SEARCH_FORMS = ["off", "searxng:<base URL>", "tavily", "brave"] as const;

export interface SearchSettings {
  /** The `DRAMATIS_SEARCH` value. */
  search?: string;
  tavilyApiKey?: string;
  braveApiKey?: string;
  /** Bound on each search request (default 15 s). */
  timeoutMs?: number;
  pages?: PageReaderOptions;
}

export type SearchSpec = { provider: "searxng"; baseUrl: string } | { provider: "tavily" | "brave"; baseUrl?: string };

export class SearchConfigurationError extends Error {
  override readonly name = "SearchConfigurationError";
  constructor(value: string, problem: string) {
    super(`DRAMATIS_SEARCH=${value}: ${problem}`);
  }
}

/** Parses a `DRAMATIS_SEARCH` value; undefined means no search provider. */
export function parseSearchSetting(value: string | undefined): SearchSpec | undefined {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "" || /^(off|none)$/i.test(trimmed)) return undefined;
  const colon = trimmed.indexOf(":");
  const provider = (colon < 0 ? trimmed : trimmed.slice(0, colon)).toLowerCase();
  const rest = colon < 0 ? "" : trimmed.slice(colon + 1).trim();
  const forms = `use one of: ${SEARCH_FORMS.join(", ")}`;
  if (provider !== "searxng" && provider !== "tavily" && provider !== "brave") throw new SearchConfigurationError(trimmed, `unknown search provider "${provider}"; ${forms}`);
  if (rest !== "" && !isWebUrl(rest)) throw new SearchConfigurationError(trimmed, `"${rest}" is not an http(s) base URL`);
  if (provider === "searxng") {
    if (rest === "") throw new SearchConfigurationError(trimmed, "searxng needs the instance's base URL: searxng:http://host:port");
    return { provider, baseUrl: rest };
  }
  return rest === "" ? { provider } : { provider, baseUrl: rest };
}

/** The provider `settings.search` names, or undefined for none. Throws `SearchConfigurationError` on a bad value or a missing key. */
export function createSearchProvider(settings: SearchSettings): SearchProvider | undefined {
  const spec = parseSearchSetting(settings.search);
  if (!spec) return undefined;
  const common = { timeoutMs: settings.timeoutMs, pages: settings.pages };
  switch (spec.provider) {
    case "searxng":
      return new SearxngSearch({ baseUrl: spec.baseUrl, ...common });
    case "tavily":
      if (!settings.tavilyApiKey) throw new SearchConfigurationError(settings.search ?? "", "TAVILY_API_KEY is not set");
      return new TavilySearch({ apiKey: settings.tavilyApiKey, baseUrl: spec.baseUrl, ...common });
    case "brave":
      if (!settings.braveApiKey) throw new SearchConfigurationError(settings.search ?? "", "BRAVE_API_KEY is not set");
      return new BraveSearch({ apiKey: settings.braveApiKey, baseUrl: spec.baseUrl, ...common });
  }
}
