/** Search grounding as an evidence source, against a scripted search server on 127.0.0.1. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { QueryPlanRequest, SearchQueryPlanner } from "../engine/ports.ts";
import { SearchEvidenceSource } from "./search-evidence.ts";
import { SearchError } from "./search-provider.ts";
import { SearxngSearch } from "./searxng.ts";
import { startScriptedSearchServer, type ScriptedSearchServer } from "./testing/scripted-search-server.ts";

let server: ScriptedSearchServer;
const PROMPT = "Dairy farmers in New Zealand";

/** A planner that records what it was asked and answers fixed queries per round. */
function plannerOf(rounds: string[][]): SearchQueryPlanner & { asked: QueryPlanRequest[] } {
  const asked: QueryPlanRequest[] = [];
  return {
    name: "scripted",
    asked,
    async plan(request) {
      asked.push(request);
      return rounds[request.round - 1] ?? [];
    },
  };
}

beforeAll(async () => {
  server = await startScriptedSearchServer();
  server.setPage("regions", { body: "<h1>Regions</h1><p>Waikato 35%, Canterbury 20%.</p>" });
  server.setPage("ages", { body: "<p>Median farmer age 52.</p>" });
});
afterAll(async () => server?.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setResults((query) => [
    { title: `About ${query}`, url: server.pageUrl(query.includes("age") ? "ages" : "regions"), snippet: `figures for ${query}` },
    { title: "Shared result", url: `${server.pageUrl("gone")}#top`, snippet: "4,900 dairy farms" },
  ]);
});

const provider = () => new SearxngSearch({ baseUrl: server.baseUrl, pages: { allowPrivateNetwork: true } });

describe("SearchEvidenceSource", () => {
  it("web: one round of the planner's queries, each retrieved result once", async () => {
    const planner = plannerOf([["nz dairy farm regions", "nz dairy farmer age"], ["never asked"]]);
    const evidence = await new SearchEvidenceSource(provider(), planner).gather({ prompt: PROMPT, count: 10, grounding: "web" });
    expect(planner.asked.map((request) => [request.round, request.maxQueries])).toEqual([[1, 3]]);
    expect(server.requests.filter((request) => request.protocol === "searxng").map((request) => request.query)).toEqual(["nz dairy farm regions", "nz dairy farmer age"]);
    expect(evidence.map((item) => [item.kind, item.url])).toEqual([
      ["search", server.pageUrl("regions")],
      ["search", `${server.pageUrl("gone")}#top`],
      ["search", server.pageUrl("ages")],
    ]);
    expect(server.requests.some((request) => request.protocol === "page")).toBe(false);
  });

  it("research: several rounds, each seeing what was found, then reads the top pages", async () => {
    const planner = plannerOf([["nz dairy farm regions"], ["nz dairy farmer age"], []]);
    const evidence = await new SearchEvidenceSource(provider(), planner, { research: { pagesRead: 2 } }).gather({ prompt: PROMPT, count: 10, grounding: "research" });
    expect(planner.asked.map((request) => [request.round, request.found.length])).toEqual([[1, 0], [2, 2], [3, 3]]);
    const pages = evidence.filter((item) => item.kind === "page");
    expect(pages).toEqual([{ kind: "page", title: "About nz dairy farm regions", url: server.pageUrl("regions"), excerpt: "Regions\nWaikato 35%, Canterbury 20%." }]);
    // The second top page is gone (404): its snippet stays as the evidence.
    expect(evidence.filter((item) => item.kind === "search")).toHaveLength(3);
  });

  it("searches for the prompt itself when there is no planner or the planner fails", async () => {
    const failing: SearchQueryPlanner = { name: "down", plan: async () => Promise.reject(new Error("model down")) };
    for (const planner of [undefined, failing]) {
      server.requests.length = 0;
      await new SearchEvidenceSource(provider(), planner).gather({ prompt: PROMPT, count: 10, grounding: "web" });
      expect(server.requests.map((request) => request.query)).toEqual([PROMPT, `${PROMPT} statistics`]);
    }
  });

  it("gathers nothing when grounding is off", async () => {
    expect(await new SearchEvidenceSource(provider(), plannerOf([["x"]])).gather({ prompt: PROMPT, count: 10, grounding: "off" })).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it("throws a SearchError when every search fails", async () => {
    const unreachable = new SearxngSearch({ baseUrl: "http://127.0.0.1:9", timeoutMs: 2_000 });
    const failure = await new SearchEvidenceSource(unreachable).gather({ prompt: PROMPT, count: 10, grounding: "web" }).catch((error: unknown) => error);
    expect(SearchError.isInstance(failure)).toBe(true);
    expect((failure as SearchError).message).toMatch(/^every search failed \(2\): searxng: request failed/);
  });
});
