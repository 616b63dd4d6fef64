/** Search grounding: the `SearchProvider` port, its SearXNG, Tavily and Brave implementations, and evidence gathering. */
export { cleanResults, isWebUrl, SearchError, type SearchOptions, type SearchProvider, type SearchResult } from "./search-provider.ts";
export { SearxngSearch, type SearxngSettings } from "./searxng.ts";
export { TavilySearch, TAVILY_BASE_URL, type TavilySettings } from "./tavily.ts";
export { BraveSearch, BRAVE_BASE_URL, type BraveSettings } from "./brave.ts";
export { createSearchProvider, parseSearchSetting, SearchConfigurationError, SEARCH_FORMS, type SearchSettings, type SearchSpec } from "./search-settings.ts";
export { SearchEvidenceSource, queriesFromPrompt, type GroundingBudget, type SearchEvidenceOptions } from "./search-evidence.ts";
export { readPage, type PageReaderOptions } from "./page-reader.ts";
export { htmlToText, decodeCharacterReferences } from "./html-text.ts";
