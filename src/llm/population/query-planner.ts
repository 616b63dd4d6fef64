/**
 * Search queries for grounding, written by the model from the population prompt (as data). The
 * grounding module decides how many rounds and how many queries; the answer is trimmed to that
 * bound and to sane lengths here, so a chatty model cannot turn into a flood of searches.
 */
import type { QueryPlanRequest, SearchQueryPlanner } from "../../engine/ports.ts";
import type { PopulationModel } from "./population-model.ts";
import { QUERY_PLANNER_SYSTEM, queryPlannerPrompt, repairPrompt } from "./prompts.ts";
import { askUntilValid } from "./repair-loop.ts";
import { foldText } from "./text-matching.ts";
import { QueryPlanWireSchema } from "./wire-schemas.ts";

const MAX_QUERY_CHARACTERS = 200;

export class LlmQueryPlanner implements SearchQueryPlanner {
  readonly name: string;

  constructor(private readonly model: PopulationModel) {
    this.name = `llm ${model.description}`;
  }

  async plan(request: QueryPlanRequest): Promise<string[]> {
    return askUntilValid(
      this.model,
      {
        system: QUERY_PLANNER_SYSTEM,
        prompt: queryPlannerPrompt(request.prompt, request.round, request.maxQueries, request.found),
        schema: QueryPlanWireSchema,
        name: "search_queries",
        check: (answer) => {
          const queries = distinctQueries(answer.queries).slice(0, request.maxQueries);
          return queries.length > 0 ? { ok: true, result: queries } : { ok: false, problems: ["no query given: write at least one"] };
        },
        repairMessage: repairPrompt,
        maxRepairs: 1,
      },
      { stage: "plan-search", usage: request.usage, signal: request.signal },
    );
  }
}

function distinctQueries(queries: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const query of queries) {
    const flat = query.replace(/\s+/g, " ").trim().slice(0, MAX_QUERY_CHARACTERS);
    const key = foldText(flat);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    kept.push(flat);
  }
  return kept;
}
