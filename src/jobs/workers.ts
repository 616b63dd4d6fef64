/**
 * What a worker does with each kind of job, and how it fails (`failure.ts`): a blueprint the
 * checker refuses or constraints the sampler cannot meet fail at once with their own category; a
 * provider's failure and our own (the store, a bug) are retried by the queue and recorded on the
 * last attempt as `provider_error` or `internal_error`. A failed job is refunded, exactly once. A
 * job this process stops working on (shutdown) is handed back, never failed.
 */
import type { AccountRepository } from "../store/accounts.ts";
import type { JobRepository, JobTableKind } from "../store/jobs.ts";
import type { Persona } from "../engine/persona.ts";
import type { Grounding } from "../engine/ports.ts";
import { generatePopulation } from "../pipeline/generate.ts";
import { enhancePersona } from "../pipeline/enhance.ts";
import { evaluatePopulation } from "../pipeline/validate.ts";
import type { Providers } from "../providers.ts";
import { attributeToProviders, categorise, isDeterministic, type ProviderSet } from "./failure.ts";
import type { JobContext, JobQueue } from "./queue.ts";

export interface WorkerDependencies {
  jobs: JobRepository;
  accounts: AccountRepository;
  providers: Providers;
}

interface RunDependencies {
  jobs: JobRepository;
  accounts: AccountRepository;
  providers: ProviderSet;
}

export function startWorkers(queue: JobQueue, dependencies: WorkerDependencies): void {
  const run: RunDependencies = { jobs: dependencies.jobs, accounts: dependencies.accounts, providers: attributeToProviders(dependencies.providers) };
  const handlers: Record<JobTableKind, (context: JobContext, dependencies: RunDependencies) => Promise<void>> = {
    population: runPopulation,
    enhancement: runEnhancement,
    evaluation: runEvaluation,
  };
  for (const [kind, handle] of Object.entries(handlers) as Array<[JobTableKind, typeof runPopulation]>) {
    queue.work(kind, {
      async run(context) {
        try {
          await handle(context, run);
        } catch (error) {
          // Whatever failed outside the work itself (reading or claiming the row): retried by the
          // queue, and on the last attempt the row is failed with a reason so no accepted job hangs.
          if (!context.isLastAttempt || context.signal.aborted) throw error;
          await failAbandoned(kind, context.id, `could not run the job: ${(error as Error).message}`, run);
        }
      },
      handedBack: (id) => run.jobs.requeue(kind, id),
    });
  }
}

async function runPopulation(context: JobContext, { jobs, accounts, providers }: RunDependencies): Promise<void> {
  const row = await jobs.getPopulation(context.id);
  if (!row || !(await jobs.start("population", row.id, "designing", row.count))) return;
  await guarded("population", context, { jobs, accounts }, async () => {
    const result = await generatePopulation(
      { prompt: row.prompt, count: row.count, grounding: row.grounding as Grounding, seed: row.seed },
      { modeller: providers.modeller, writer: providers.writer },
      {
        signal: context.signal,
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

async function runEnhancement(context: JobContext, { jobs, accounts, providers }: RunDependencies): Promise<void> {
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

async function runEvaluation(context: JobContext, { jobs, accounts }: RunDependencies): Promise<void> {
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
  { jobs, accounts }: Pick<RunDependencies, "jobs" | "accounts">,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    // Stopped by this process (shutdown): not the job's failure; the queue hands it back.
    if (context.signal.aborted) throw error;
    const category = categorise(error);
    if (!isDeterministic(category) && !context.isLastAttempt) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    console.error(`[worker] ${kind} ${context.id} failed (${category}): ${detail}`);
    if (await jobs.fail(kind, context.id, category, detail)) await accounts.refund(context.id, `${kind} failed: ${category}`);
  }
}

/**
 * Marks a job that can no longer succeed (the queue gave up on it, or it could not even be run)
 * as failed, as our own fault, and refunds it. Used by the reconciler too.
 */
export async function failAbandoned(kind: JobTableKind, id: string, reason: string, dependencies: Pick<RunDependencies, "jobs" | "accounts">) {
  if (await dependencies.jobs.fail(kind, id, "internal_error", reason)) await dependencies.accounts.refund(id, reason);
}
