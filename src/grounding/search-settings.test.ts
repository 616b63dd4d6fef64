import { describe, expect, it } from "vitest";
import { BraveSearch } from "./brave.ts";
import { SearxngSearch } from "./searxng.ts";
import { createSearchProvider, parseSearchSetting } from "./search-settings.ts";
import { TavilySearch } from "./tavily.ts";

describe("parseSearchSetting", () => {
  it("reads the DRAMATIS_SEARCH forms", () => {
    expect(parseSearchSetting(undefined)).toBeUndefined();
    expect(parseSearchSetting(" off ")).toBeUndefined();
    expect(parseSearchSetting("none")).toBeUndefined();
    expect(parseSearchSetting("searxng:http://127.0.0.1:8888")).toEqual({ provider: "searxng", baseUrl: "http://127.0.0.1:8888" });
    expect(parseSearchSetting("Tavily")).toEqual({ provider: "tavily" });
    expect(parseSearchSetting("brave:https://proxy.example/brave")).toEqual({ provider: "brave", baseUrl: "https://proxy.example/brave" });
  });

  it("refuses an unknown provider, a searxng without URL and a URL that is not http(s)", () => {
    expect(() => parseSearchSetting("google")).toThrow('DRAMATIS_SEARCH=google: unknown search provider "google"; use one of: off, searxng:<base URL>, tavily, brave');
    expect(() => parseSearchSetting("searxng")).toThrow("DRAMATIS_SEARCH=searxng: searxng needs the instance's base URL: searxng:http://host:port");
    expect(() => parseSearchSetting("searxng:ftp://x")).toThrow('DRAMATIS_SEARCH=searxng:ftp://x: "ftp://x" is not an http(s) base URL');
  });
});

describe("createSearchProvider", () => {
  it("builds the named provider, and needs the key of a keyed one", () => {
    expect(createSearchProvider({})).toBeUndefined();
    expect(createSearchProvider({ search: "searxng:http://127.0.0.1:8888/search" })).toBeInstanceOf(SearxngSearch);
    expect(createSearchProvider({ search: "searxng:http://127.0.0.1:8888/search" })?.name).toBe("searxng at http://127.0.0.1:8888");
    expect(createSearchProvider({ search: "tavily", tavilyApiKey: "tvly-x" })).toBeInstanceOf(TavilySearch);
    expect(createSearchProvider({ search: "brave", braveApiKey: "b" })).toBeInstanceOf(BraveSearch);
    expect(() => createSearchProvider({ search: "tavily" })).toThrow("DRAMATIS_SEARCH=tavily: TAVILY_API_KEY is not set");
    expect(() => createSearchProvider({ search: "brave" })).toThrow("DRAMATIS_SEARCH=brave: BRAVE_API_KEY is not set");
  });
});
