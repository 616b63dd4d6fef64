/**
 * Search grounding as an `EvidenceSource`. `web`: one round of searches on the population's key
 * attributes; `research`: several rounds (each looking for what the previous ones missed) plus the
 * text of the top pages. Queries come from a `SearchQueryPlanner` (the model, from the prompt); the
 * counts are bounded here. Every evidence item is a real retrieval: its URL is the one the search
 * provider returned.
 *
 * A failed query is skipped; when every query fails, `gather` throws `SearchError` and the pipeline
 * says in `sources` that search failed and what was used instead.
 */
import type { Evidence, EvidenceRequest, EvidenceSource, SearchQueryPlanner } from "../engine/ports.ts";
import { SearchError, type SearchProvider } from "./search-provider.ts";

export interface GroundingBudget {
  rounds: number;
  queriesPerRound: number;
  resultsPerQuery: number;
  /** Top pages read after the searches (research only). */
  pagesRead: number;
}

export interface SearchEvidenceOptions {
  web?: Partial<GroundingBudget>;
  research?: Partial<GroundingBudget>;
  /** Search results kept in all (default 15), so the modeller's prompt stays bounded. */
  maxResults?: number;
  /** Characters of a page's text kept as evidence (default 4,000). */
  pageExcerptCharacters?: number;
}

const WEB: GroundingBudget = { rounds: 1, queriesPerRound: 3, resultsPerQuery: 5, pagesRead: 0 };
const RESEARCH: GroundingBudget = { rounds: 3, queriesPerRound: 3, resultsPerQuery: 5, pagesRead: 3 };

/** Without a planner: the prompt itself, and the prompt asking for figures. */
export function queriesFromPrompt(prompt: string, round: number): string[] {
  if (round > 1) return [];
  const flat = prompt.replace(/\s+/g, " ").trim().slice(0, 200);
  return flat === "" ? [] : [flat, `${flat} statistics`];
}

function urlKey(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}

export class SearchEvidenceSource implements EvidenceSource {
  readonly kind = "search" as const;
  readonly name: string;

  constructor(
    private readonly provider: SearchProvider,
    private readonly planner?: SearchQueryPlanner,
    private readonly options: SearchEvidenceOptions = {},
  ) {
    this.name = provider.name;
  }

  async gather(request: EvidenceRequest): Promise<Evidence[]> {
    if (request.grounding === "off") return [];
    const budget = request.grounding === "research" ? { ...RESEARCH, ...this.options.research } : { ...WEB, ...this.options.web };
    const maxResults = this.options.maxResults ?? 15;
    const found: Evidence[] = [];
    const seen = new Set<string>();
    const asked = new Set<string>();
    const failures: string[] = [];
    let searches = 0;
    for (let round = 1; round <= budget.rounds && found.length < maxResults; round++) {
      const queries = (await this.plan(request, round, budget.queriesPerRound, found)).filter((query) => !asked.has(query.toLowerCase()));
      if (queries.length === 0) break;
      for (const query of queries) {
        asked.add(query.toLowerCase());
        searches += 1;
        try {
          const results = await this.provider.search(query, { limit: budget.resultsPerQuery, signal: request.signal });
          for (const result of results) {
            const key = urlKey(result.url);
            if (seen.has(key) || found.length >= maxResults) continue;
            seen.add(key);
            found.push({ kind: "search", title: result.title, url: result.url, excerpt: result.snippet });
          }
        } catch (error) {
          request.signal?.throwIfAborted();
          failures.push(SearchError.isInstance(error) ? error.message : String(error));
        }
      }
    }
    if (searches > 0 && failures.length === searches) throw new SearchError(`every search failed (${failures.length}): ${failures[0]}`);
    return [...found, ...(await this.readTopPages(found, budget.pagesRead, request.signal))];
  }

  private async plan(request: EvidenceRequest, round: number, maxQueries: number, found: readonly Evidence[]): Promise<string[]> {
    if (!this.planner) return queriesFromPrompt(request.prompt, round).slice(0, maxQueries);
    try {
      const queries = await this.planner.plan({ prompt: request.prompt, round, maxQueries, found: [...found], usage: request.usage, signal: request.signal });
      return queries.slice(0, maxQueries);
    } catch {
      request.signal?.throwIfAborted();
      // A planner that cannot answer still leaves the prompt itself to search for; a model that is
      // really down fails the job at the design step, honestly.
      return queriesFromPrompt(request.prompt, round).slice(0, maxQueries);
    }
  }

  private async readTopPages(found: readonly Evidence[], count: number, signal: AbortSignal | undefined): Promise<Evidence[]> {
    const read = this.provider.read?.bind(this.provider);
    if (!read || count <= 0) return [];
    const pages: Evidence[] = [];
    const limit = this.options.pageExcerptCharacters ?? 4_000;
    for (const result of found.slice(0, count)) {
      if (!result.url) continue;
      try {
        const text = (await read(result.url, { signal })).trim();
        if (text !== "") pages.push({ kind: "page", title: result.title, url: result.url, excerpt: text.slice(0, limit) });
      } catch {
        signal?.throwIfAborted();
        // An unreadable page leaves its search snippet as the evidence.
      }
    }
    return pages;
  }
}
