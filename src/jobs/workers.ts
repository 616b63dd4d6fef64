/**
 * What a worker does with each kind of job, and how it fails (`failure.ts`): a blueprint the
 * checker refuses or constraints the sampler cannot meet fail at once with their own category; a
 * provider's failure and our own (the store, a bug) are retried by the queue and recorded on the
 * last attempt as `provider_error` or `internal_error`. A failed job is refunded, exactly once. A
 * job this process stops working on (shutdown) is handed back, never failed.
 *
 * With a model (`providers.populationModel`), a job also records its calls and tokens as they are
 * spent, and a population keeps a checkpoint (its blueprint, then each batch as it lands) so a retry
 * pays only for what is missing; designed blueprints are cached per account, prompt, grounding and
 * model. A model part that gives up (`ModelFailureError`) has spent its own retries: the job fails
 * at once with the part's category, and the queue does not repeat the paid calls.
 *
 * A population generated from a blueprint the caller gave samples that blueprint: no design, no
 * cache. A panel survey asks the population's personas in batches (`providers.panel`), with its
 * progress moving as each batch is answered; without a model it fails (`provider_error`, refunded).
 */
import { createHash } from "node:crypto";
import type { AccountRepository } from "../store/accounts.ts";
import type { JobRepository, JobTableKind, ModelUsageDelta, PanelSurveyRow, PopulationRow } from "../store/jobs.ts";
import type { Blueprint } from "../engine/blueprint.ts";
import type { Persona, PopulationResult } from "../engine/persona.ts";
import { ModelFailureError, type EvidenceSource, type Grounding } from "../engine/ports.ts";
import { generatePopulation, type GenerateOptions } from "../pipeline/generate.ts";
import { enhancePersona } from "../pipeline/enhance.ts";
import { evaluatePopulation } from "../pipeline/validate.ts";
import { UsageTally } from "../pipeline/usage.ts";
import type { PopulationModelIdentity, Providers } from "../providers.ts";
import { attributeToProviders, failureOf, ProviderError, type ProviderSet } from "./failure.ts";
import { panelReport, respondentsOf, type PanelAnswer, type PanelRespondents } from "./panel-survey.ts";
import type { JobContext, JobQueue } from "./queue.ts";
import { describeError } from "../store/describe-error.ts";

export interface WorkerDependencies {
  jobs: JobRepository;
  accounts: AccountRepository;
  providers: Providers;
}

interface RunDependencies {
  jobs: JobRepository;
  accounts: AccountRepository;
  providers: ProviderSet;
  /** Model-backed populations' evidence sources (built-in figures, search); absent offline. */
  evidence?: readonly EvidenceSource[];
  /** The model behind the parts; absent offline (no usage, no checkpoint, no cache). */
  model?: PopulationModelIdentity;
  /** Who answers panel questions; absent offline. */
  panel?: PanelRespondents;
}

/** Panel batches in flight at once per survey; the model's limiter bounds the calls themselves. */
const PANEL_PARALLEL_BATCHES = 4;

export function startWorkers(queue: JobQueue, dependencies: WorkerDependencies): void {
  const { providers } = dependencies;
  const attributed = attributeToProviders(providers);
  const run: RunDependencies = {
    jobs: dependencies.jobs,
    accounts: dependencies.accounts,
    providers: attributed,
    ...(providers.evidence ? { evidence: providers.evidence } : {}),
    ...(providers.populationModel ? { model: providers.populationModel } : {}),
    ...(providers.panel ? { panel: providers.panel } : {}),
  };
  const handlers: Record<JobTableKind, (context: JobContext, dependencies: RunDependencies) => Promise<void>> = {
    population: runPopulation,
    enhancement: runEnhancement,
    evaluation: runEvaluation,
    panel: runPanel,
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
          await failAbandoned(kind, context.id, `could not run the job: ${describeError(error)}`, run);
        }
      },
      handedBack: (id) => run.jobs.requeue(kind, id),
    });
  }
}

async function runPopulation(context: JobContext, { jobs, accounts, providers, evidence, model }: RunDependencies): Promise<void> {
  const row = await jobs.getPopulation(context.id);
  if (!row || !(await jobs.start("population", row.id, "designing", row.count))) return;
  await guarded("population", context, { jobs, accounts }, async () => {
    const input = { prompt: row.prompt, count: row.count, grounding: row.grounding as Grounding, seed: row.seed };
    const given = row.givenBlueprint as Blueprint | null;
    const meter = model ? new UsageMeter(jobs, "population", row.id, model.name) : undefined;
    const options: GenerateOptions = {
      signal: context.signal,
      onProgress: async (progress) => {
        await jobs.progress("population", row.id, progress.phase, progress.produced, progress.total);
        // Generation is CPU-bound: give polls and other jobs their turn between batches.
        await new Promise((resolve) => setImmediate(resolve));
      },
      ...(given ? { blueprint: given } : {}),
      ...(model && meter ? await checkpointed(jobs, row, model, meter, given) : {}),
    };
    let population: PopulationResult;
    try {
      // The usage is the poll's (and the row's), not part of the spec's population.
      const { usage: _spent, ...result } = await generatePopulation(input, { modeller: providers.modeller, writer: providers.writer, ...(evidence ? { evidence } : {}) }, options);
      population = result;
    } finally {
      await meter?.saveQuietly();
    }
    await jobs.succeed("population", row.id, { result: population }, row.count);
  });
}

async function runEnhancement(context: JobContext, { jobs, accounts, providers, model }: RunDependencies): Promise<void> {
  const row = await jobs.getEnhancement(context.id);
  if (!row || !(await jobs.start("enhancement", row.id, "enhancing", 1))) return;
  await guarded("enhancement", context, { jobs, accounts }, async () => {
    const meter = model ? new UsageMeter(jobs, "enhancement", row.id, model.name) : undefined;
    let persona: Persona;
    try {
      persona = await enhancePersona(
        { sketch: row.source, grounding: row.grounding as Grounding, seed: row.seed },
        { enhancer: providers.enhancer },
        meter ? { usage: meter.tally, signal: context.signal } : {},
      );
    } finally {
      await meter?.saveQuietly();
    }
    await jobs.succeed("enhancement", row.id, { persona }, 1);
  });
}

async function runPanel(context: JobContext, { jobs, accounts, model, panel }: RunDependencies): Promise<void> {
  const row = await jobs.getPanelSurvey(context.id);
  if (!row || !(await jobs.start("panel", row.id, "answering", row.total))) return;
  await guarded("panel", context, { jobs, accounts }, async () => {
    if (!panel) throw new ModelFailureError("provider_error", "panel", "no language model is configured on the worker that took this survey (DRAMATIS_MODEL)");
    const population = await jobs.getPopulation(row.populationId, row.accountId);
    if (population?.status !== "succeeded" || !population.result) throw new Error(`population ${row.populationId} has no result to ask`);
    const { personas, blueprint } = population.result as PopulationResult;
    const respondents = respondentsOf(personas, row.personaIds as string[] | null);
    const meter = model ? new UsageMeter(jobs, "panel", row.id, model.name) : undefined;
    let answers: PanelAnswer[];
    try {
      answers = await askInBatches({ jobs, panel, row, populationPrompt: population.prompt, respondents, signal: context.signal, meter });
    } finally {
      await meter?.saveQuietly();
    }
    const report = panelReport(answers, respondents, blueprint, row.choices as string[] | null);
    await jobs.succeed("panel", row.id, { result: report }, respondents.length);
  });
}

/**
 * The respondents in batches of `panel.batchSize`, a few batches at a time, each recorded (progress,
 * usage) as it is answered. One batch that fails stops the others and their calls.
 */
async function askInBatches({ jobs, panel, row, populationPrompt, respondents, signal, meter }: {
  jobs: JobRepository;
  panel: PanelRespondents;
  row: PanelSurveyRow;
  populationPrompt: string;
  respondents: readonly Persona[];
  signal: AbortSignal;
  meter: UsageMeter | undefined;
}): Promise<PanelAnswer[]> {
  const batches: Persona[][] = [];
  for (let start = 0; start < respondents.length; start += panel.batchSize) batches.push(respondents.slice(start, start + panel.batchSize));
  const answered: PanelAnswer[][] = new Array(batches.length);
  const stop = new AbortController();
  const stopped = AbortSignal.any([signal, stop.signal]);
  let next = 0;
  let produced = 0;
  const lane = async (): Promise<void> => {
    while (next < batches.length) {
      const position = next++;
      const personas = batches[position] as Persona[];
      try {
        answered[position] = await panel.answerBatch({ question: row.question, choices: row.choices as string[] | null, populationPrompt, personas, usage: meter?.tally, signal: stopped });
      } catch (error) {
        // Stopped by this process: the queue hands the job back. Otherwise the panel's own failure.
        if (signal.aborted) throw error;
        throw ModelFailureError.isInstance(error) ? error : new ProviderError(panel.name, error);
      }
      produced += personas.length;
      await jobs.progress("panel", row.id, "answering", produced, respondents.length);
      await meter?.save();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PANEL_PARALLEL_BATCHES, batches.length) }, lane));
  } catch (error) {
    stop.abort(error);
    throw error;
  }
  return answered.flat();
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
    const { category, retry } = failureOf(error);
    if (retry && !context.isLastAttempt) throw error;
    const detail = describeError(error);
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

/**
 * A model-backed population's resume point and how it keeps one: the blueprint its earlier attempt
 * designed (else a cached design, checkpointed now), the batches stored so far; each new design is
 * checkpointed and cached, each batch stored as it lands, with the usage spent so far.
 */
async function checkpointed(jobs: JobRepository, row: PopulationRow, model: PopulationModelIdentity, meter: UsageMeter, given: Blueprint | null): Promise<GenerateOptions> {
  const cacheKey = blueprintCacheKey(row.accountId, row.prompt, row.grounding as Grounding, model);
  // A blueprint the caller gave is never designed, so neither cached nor looked up.
  let designed = given ?? (row.blueprint as Blueprint | null);
  if (!designed) {
    designed = await jobs.cachedBlueprint<Blueprint>(cacheKey);
    if (designed) await jobs.checkpointBlueprint(row.id, designed);
  }
  return {
    usage: meter.tally,
    ...(designed ? { blueprint: designed } : {}),
    writtenBatches: await jobs.storedBatches<Persona>(row.id),
    onBlueprint: async (blueprint, { lasting }) => {
      await jobs.checkpointBlueprint(row.id, blueprint);
      // A design made while search was failing is not what the next run should get for 30 days.
      if (lasting) await jobs.cacheBlueprint(cacheKey, model.name, blueprint);
    },
    onBatch: async (personas, startIndex) => {
      await jobs.storeBatch(row.id, startIndex, personas);
      await meter.save();
    },
  };
}

/**
 * The blueprint cache's key: the account (another account's prompts stay unobservable, even through
 * what a run costs), the prompt, the grounding level and everything else that shapes a design.
 */
export function blueprintCacheKey(accountId: string, prompt: string, grounding: Grounding, model: PopulationModelIdentity): string {
  return createHash("sha256").update(JSON.stringify([accountId, prompt, grounding, model.designScope])).digest("hex");
}

/**
 * A job's model usage, saved to its row as deltas while it grows (after every batch and when the
 * work ends, however it ends), so the calls of an attempt that crashes or fails are counted too.
 */
class UsageMeter {
  readonly tally = new UsageTally();
  private saved: ModelUsageDelta = { calls: 0, prompt_tokens: 0, completion_tokens: 0 };

  constructor(
    private readonly jobs: JobRepository,
    private readonly kind: JobTableKind,
    private readonly id: string,
    private readonly model: string,
  ) {}

  async save(): Promise<void> {
    const now = this.tally.snapshot();
    const delta = { calls: now.calls - this.saved.calls, prompt_tokens: now.prompt_tokens - this.saved.prompt_tokens, completion_tokens: now.completion_tokens - this.saved.completion_tokens };
    if (delta.calls === 0 && delta.prompt_tokens === 0 && delta.completion_tokens === 0) return;
    // Taken before the write, so saves from parallel batches never count the same calls twice; a
    // failed write gives its delta back to the next save.
    this.saved = now;
    try {
      await this.jobs.addUsage(this.kind, this.id, this.model, delta);
    } catch (error) {
      this.saved = {
        calls: this.saved.calls - delta.calls,
        prompt_tokens: this.saved.prompt_tokens - delta.prompt_tokens,
        completion_tokens: this.saved.completion_tokens - delta.completion_tokens,
      };
      throw error;
    }
  }

  /** At the end of the work, where the work's own outcome must not be hidden by a failed save. */
  async saveQuietly(): Promise<void> {
    await this.save().catch((error: Error) => console.error(`[worker] ${this.kind} ${this.id}: could not record model usage: ${describeError(error)}`));
  }
}
