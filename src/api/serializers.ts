/** Rows → poll bodies, with every key DESIGN §1 lists (absent values are `null`, never missing). */
import type { EnhancementRow, EvaluationRow, PopulationRow } from "../store/jobs.ts";

function timestamps(row: { createdAt: Date; updatedAt: Date }) {
  return { created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString() };
}

/**
 * Additive: what a job's model calls cost (`{calls, prompt_tokens, completion_tokens, model}`), only
 * when a model was used; an offline poll is unchanged.
 */
function usage(row: { model: string | null; modelCalls: number; promptTokens: number; completionTokens: number }) {
  if (row.model === null) return {};
  return { usage: { calls: row.modelCalls, prompt_tokens: row.promptTokens, completion_tokens: row.completionTokens, model: row.model } };
}

function progress(row: { status: string; phase: string | null; produced: number; total: number }, firstPhase: string) {
  const phase = row.status === "succeeded" ? "complete" : (row.phase ?? firstPhase);
  return { phase, produced: row.produced, total: row.total };
}

export function populationPoll(row: PopulationRow) {
  return {
    id: row.id,
    ...timestamps(row),
    status: row.status,
    progress: progress(row, "designing"),
    prompt: row.prompt,
    count: row.count,
    grounding: row.grounding,
    result: row.status === "succeeded" ? row.result : null,
    error: row.status === "failed" ? row.error : null,
    ...usage(row),
  };
}

export function enhancementPoll(row: EnhancementRow) {
  return {
    id: row.id,
    ...timestamps(row),
    status: row.status,
    source: row.source,
    grounding: row.grounding,
    persona: row.status === "succeeded" ? row.persona : null,
    error: row.status === "failed" ? row.error : null,
    ...usage(row),
  };
}

export function evaluationPoll(row: EvaluationRow) {
  return {
    id: row.id,
    ...timestamps(row),
    status: row.status,
    progress: progress(row, "evaluating"),
    result: row.status === "succeeded" ? row.result : null,
    error: row.status === "failed" ? row.error : null,
  };
}
