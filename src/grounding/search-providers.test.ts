/** SearXNG, Tavily and Brave against a scripted search server on 127.0.0.1 speaking each protocol. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BraveSearch } from "./brave.ts";
import { SearxngSearch } from "./searxng.ts";
import { SearchError, type SearchProvider } from "./search-provider.ts";
import { TavilySearch } from "./tavily.ts";
import { startScriptedSearchServer, type ScriptedSearchServer } from "./testing/scripted-search-server.ts";

let server: ScriptedSearchServer;

const RESULTS = [
  { title: "Dairy statistics  2023", url: "https://www.dairynz.co.nz/stats", snippet: "Waikato holds 35% of\nherds." },
  { title: "Farm census", url: "https://www.stats.govt.nz/farms", snippet: "4,900 dairy farms" },
  { title: "Not a web page", url: "javascript:alert(1)", snippet: "…" },
  { title: "Duplicate", url: "https://www.dairynz.co.nz/stats", snippet: "again" },
  { title: "Herd sizes", url: "https://example.org/herds", snippet: "average herd 440 cows" },
];

beforeAll(async () => {
  server = await startScriptedSearchServer();
});
afterAll(async () => server?.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setResults(() => RESULTS);
});

const providers: Array<[string, () => SearchProvider]> = [
  ["SearXNG", () => new SearxngSearch({ baseUrl: `${server.baseUrl}/` })],
  ["Tavily", () => new TavilySearch({ apiKey: server.apiKey, baseUrl: server.baseUrl })],
  ["Brave", () => new BraveSearch({ apiKey: server.apiKey, baseUrl: server.baseUrl })],
];

describe.each(providers)("%s", (_name, make) => {
  it("returns ranked web results, cleaned: http(s) only, each URL once", async () => {
    const results = await make().search("dairy farmers new zealand statistics", { limit: 5 });
    expect(results).toEqual([
      { title: "Dairy statistics 2023", url: "https://www.dairynz.co.nz/stats", snippet: "Waikato holds 35% of herds." },
      { title: "Farm census", url: "https://www.stats.govt.nz/farms", snippet: "4,900 dairy farms" },
      { title: "Herd sizes", url: "https://example.org/herds", snippet: "average herd 440 cows" },
    ]);
    expect(server.requests.map((request) => request.query)).toEqual(["dairy farmers new zealand statistics"]);
  });
});

describe("protocols", () => {
  it("SearXNG has no result count: the limit is applied to its answer", async () => {
    expect(await new SearxngSearch({ baseUrl: server.baseUrl }).search("kiwi farms", { limit: 2 })).toHaveLength(2);
  });

  it("SearXNG asks its JSON API", async () => {
    await new SearxngSearch({ baseUrl: server.baseUrl }).search("kiwi farms", { limit: 5 });
    expect(server.requests[0]).toMatchObject({ protocol: "searxng", method: "GET", path: "/search", query: "kiwi farms" });
  });

  it("Tavily posts the query with the key as a bearer token and a result limit", async () => {
    await new TavilySearch({ apiKey: server.apiKey, baseUrl: server.baseUrl }).search("kiwi farms", { limit: 4 });
    expect(server.requests[0]).toMatchObject({ protocol: "tavily", method: "POST", limit: 4, body: { query: "kiwi farms", max_results: 4, search_depth: "basic" } });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${server.apiKey}`);
  });

  it("Brave sends the subscription token and a count, and strips its highlight markup", async () => {
    const [first] = await new BraveSearch({ apiKey: server.apiKey, baseUrl: server.baseUrl }).search("kiwi farms", { limit: 4 });
    expect(server.requests[0]).toMatchObject({ protocol: "brave", method: "GET", path: "/res/v1/web/search", limit: 4 });
    expect(server.requests[0]?.headers["x-subscription-token"]).toBe(server.apiKey);
    expect(first?.snippet).toBe("Waikato holds 35% of herds.");
  });

  it("a refused key is a SearchError naming the provider and status, never the key", async () => {
    for (const provider of [new TavilySearch({ apiKey: "wrong-secret-key", baseUrl: server.baseUrl }), new BraveSearch({ apiKey: "wrong-secret-key", baseUrl: server.baseUrl })]) {
      const failure = await provider.search("x", { limit: 1 }).catch((error: unknown) => error);
      expect(SearchError.isInstance(failure)).toBe(true);
      expect((failure as SearchError).message).toMatch(/^(tavily|brave) answered (401|422): /);
      expect((failure as SearchError).message).not.toContain("wrong-secret-key");
    }
  });

  it("an unreachable provider is a SearchError", async () => {
    const failure = await new SearxngSearch({ baseUrl: "http://127.0.0.1:9", timeoutMs: 2_000 }).search("x", { limit: 1 }).catch((error: unknown) => error);
    expect((failure as SearchError).message).toMatch(/^searxng: request failed/);
  });
});
