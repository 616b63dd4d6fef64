/**
 * The usage summary of `POST /v1/credits/projections/usage-summary`: calls and credits per
 * component (generate, enhance, validate, and the studio's interview and ask-panel) over 30 days (a refunded call costs nothing but still counts as a call) and a
 * zero-filled 7-day UTC series of requests. With the jobs' model usage, an additive `model_usage`:
 * calls and tokens in all and per model.
 */
import { BILLABLE_COMPONENTS } from "../store/accounts.ts";
import type { ModelUsageTotal } from "../store/jobs.ts";

export interface BillingEntry {
  kind: string;
  component: string | null;
  delta: number;
  createdAt: Date;
}

export function summariseUsage(entries: readonly BillingEntry[], now: Date, modelUsage?: readonly ModelUsageTotal[]) {
  // Every component is listed, used or not.
  const components = new Set<string>(BILLABLE_COMPONENTS);
  const perComponent = new Map<string, { calls: number; credits: number }>([...components].map((component) => [component, { calls: 0, credits: 0 }]));
  const days: string[] = [];
  for (let back = 6; back >= 0; back--) days.push(new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10));
  const requestsByDay = new Map(days.map((day) => [day, 0]));

  for (const entry of entries) {
    const component = entry.component ?? "other";
    const totals = perComponent.get(component) ?? { calls: 0, credits: 0 };
    perComponent.set(component, totals);
    totals.credits -= entry.delta;
    if (entry.kind === "charge") {
      totals.calls++;
      const day = entry.createdAt.toISOString().slice(0, 10);
      if (requestsByDay.has(day)) requestsByDay.set(day, (requestsByDay.get(day) ?? 0) + 1);
    }
  }
  const per_component = [...perComponent].map(([component, totals]) => ({ component, calls: totals.calls, credits: totals.credits }));
  return {
    total_calls: per_component.reduce((sum, row) => sum + row.calls, 0),
    total_credits: per_component.reduce((sum, row) => sum + row.credits, 0),
    per_component,
    daily_series: days.map((date) => ({ date, requests: requestsByDay.get(date) ?? 0 })),
    ...(modelUsage ? { model_usage: summariseModelUsage(modelUsage) } : {}),
  };
}

function summariseModelUsage(perModel: readonly ModelUsageTotal[]) {
  const sum = (key: "calls" | "prompt_tokens" | "completion_tokens") => perModel.reduce((total, row) => total + row[key], 0);
  return {
    calls: sum("calls"),
    prompt_tokens: sum("prompt_tokens"),
    completion_tokens: sum("completion_tokens"),
    per_model: perModel.map(({ calls, prompt_tokens, completion_tokens, model }) => ({ calls, prompt_tokens, completion_tokens, model })),
  };
}
