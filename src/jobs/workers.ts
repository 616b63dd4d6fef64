/**
 * What a worker does with each kind of job. Deterministic failures (a blueprint that cannot be
 * sampled) fail at once with a stable category; anything else is retried by the queue, and on the
 * last attempt recorded as `provider_error`. A failed job is refunded, exactly once.
 */
import type { AccountRepository } from "../store/accounts.ts";
import type { FailureCategory, JobRepository, JobTableKind } from "../store/jobs.ts";
import type { Persona } from "../engine/persona.ts";
import type { Grounding } from "../engine/ports.ts";
import { BlueprintError } from "../engine/blueprint-check.ts";
import { generatePopulation } from "../pipeline/generate.ts";
import { enhancePersona } from "../pipeline/enhance.ts";
import { evaluatePopulation } from "../pipeline/validate.ts";
import type { Providers } from "../providers.ts";
import type { JobContext, JobQueue } from "./queue.ts";

export interface WorkerDependencies {
  jobs: JobRepository;
  accounts: AccountRepository;
  providers: Providers;
}

export async function startWorkers(queue: JobQueue, dependencies: WorkerDependencies): Promise<void> {
  const handlers: Record<JobTableKind, (context: JobContext, dependencies: WorkerDependencies) => Promise<void>> = {
    population: runPopulation,
    enhancement: runEnhancement,
    evaluation: runEvaluation,
  };
  for (const [kind, run] of Object.entries(handlers) as Array<[JobTableKind, typeof runPopulation]>) {
    await queue.work(kind, async (context) => {
      try {
        await run(context, dependencies);
      } catch (error) {
        // Whatever failed outside the work itself (the store, say): retried by the queue, and on
        // the last attempt the row is failed with a reason so that no accepted job hangs.
        if (!context.isLastAttempt) throw error;
        await failAbandoned(kind, context.id, `internal_error: ${(error as Error).message}`, dependencies);
      }
    });
  }
}

async function runPopulation(context: JobContext, { jobs, accounts, providers }: WorkerDependencies): Promise<void> {
  const row = await jobs.getPopulation(context.id);
  if (!row || !(await jobs.start("population", row.id, "designing", row.count))) return;
  await guarded("population", context, { jobs, accounts }, async () => {
    const result = await generatePopulation(
      { prompt: row.prompt, count: row.count, grounding: row.grounding as Grounding, seed: row.seed },
      { modeller: providers.modeller, writer: providers.writer },
      {
        onProgress: async (progress) => {
          await jobs.progress("population", row.id, progress.phase, progress.produced, progress.total);
          // Generation is CPU-bound: give polls and other jobs their turn between batches.
          await new Promise((resolve) => setImmediate(resolve));
        },
      },
    );
    await jobs.succeed("population", row.id, { result }, row.count);
  });
}

async function runEnhancement(context: JobContext, { jobs, accounts, providers }: WorkerDependencies): Promise<void> {
  const row = await jobs.getEnhancement(context.id);
  if (!row || !(await jobs.start("enhancement", row.id, "enhancing", 1))) return;
  await guarded("enhancement", context, { jobs, accounts }, async () => {
    const persona = await enhancePersona(
      { sketch: row.source, grounding: row.grounding as Grounding, seed: row.seed },
      { enhancer: providers.enhancer },
    );
    await jobs.succeed("enhancement", row.id, { persona }, 1);
  });
}

async function runEvaluation(context: JobContext, { jobs, accounts }: WorkerDependencies): Promise<void> {
  const row = await jobs.getEvaluation(context.id);
  if (!row) return;
  const request = row.request as { personas: Persona[]; blueprint?: Record<string, unknown> | null };
  if (!(await jobs.start("evaluation", row.id, "evaluating", request.personas.length))) return;
  await guarded("evaluation", context, { jobs, accounts }, async () => {
    const result = evaluatePopulation(request.personas, request.blueprint ?? undefined);
    await jobs.succeed("evaluation", row.id, { result }, request.personas.length);
  });
}

async function guarded(
  kind: JobTableKind,
  context: JobContext,
  { jobs, accounts }: Pick<WorkerDependencies, "jobs" | "accounts">,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const category = categorise(error);
    if (category === "provider_error" && !context.isLastAttempt) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    console.error(`[worker] ${kind} ${context.id} failed (${category}): ${detail}`);
    if (await jobs.fail(kind, context.id, category, detail)) await accounts.refund(context.id, `${kind} failed: ${category}`);
  }
}

function categorise(error: unknown): FailureCategory {
  if (error instanceof BlueprintError) return "invalid_blueprint";
  if (error instanceof Error && error.name === "ImpossibleConstraintError") return "impossible_constraints";
  return "provider_error";
}

/**
 * Marks a job that can no longer succeed (e.g. the queue gave up on it) as failed and refunds it.
 * Used by the reconciler.
 */
export async function failAbandoned(kind: JobTableKind, id: string, reason: string, dependencies: Pick<WorkerDependencies, "jobs" | "accounts">) {
  if (await dependencies.jobs.fail(kind, id, "provider_error", reason)) await dependencies.accounts.refund(id, reason);
}
