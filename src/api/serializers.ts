/** Rows → poll bodies, with every key DESIGN §1 lists (absent values are `null`, never missing). */
import type { EnhancementRow, EvaluationRow, PopulationRow } from "../store/jobs.ts";
import type { StreamedArray } from "./stream-json.ts";

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

/**
 * A population's poll. A result stored without `personas` (the sharded shape: its personas are rows
 * of their own) gets them back first, where the spec puts them, as a list read from the store while
 * the body is written; a result that still holds its personas (populations finished before) is
 * written as it is. Both shapes give the same bytes for the same population.
 */
export function populationPoll(row: PopulationRow, storedPersonas: (row: PopulationRow) => StreamedArray) {
  return {
    id: row.id,
    ...timestamps(row),
    status: row.status,
    progress: progress(row, "designing"),
    prompt: row.prompt,
    count: row.count,
    grounding: row.grounding,
    result: row.status === "succeeded" ? withPersonas(row, storedPersonas) : null,
    error: row.status === "failed" ? row.error : null,
    ...usage(row),
  };
}

function withPersonas(row: PopulationRow, storedPersonas: (row: PopulationRow) => StreamedArray): unknown {
  const result = row.result;
  if (typeof result !== "object" || result === null || Array.isArray(result) || "personas" in result) return result;
  return { personas: storedPersonas(row), ...result };
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
