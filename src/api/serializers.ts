/** Rows → poll bodies, with every key DESIGN §1 lists (absent values are `null`, never missing). */
import type { EnhancementRow, EvaluationRow, PopulationRow } from "../store/jobs.ts";

function timestamps(row: { createdAt: Date; updatedAt: Date }) {
  return { created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString() };
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
