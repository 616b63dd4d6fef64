/**
 * What a worker does with each kind of job, and how it fails (`failure.ts`): a blueprint the
 * checker refuses or constraints the sampler cannot meet fail at once with their own category; a
 * provider's failure and our own (the store, a bug) are retried by the queue and recorded on the
 * last attempt as `provider_error` or `internal_error`. A failed job is refunded, exactly once. A
 * job this process stops working on (shutdown) is handed back, never failed.
 *
 * A population is sharded (`runPopulation`, `runPopulationShard`, `pipeline/shards.ts`): its first
 * job designs the blueprint and samples the whole population, then each shard of 1,000 personas is a
 * queue job of its own that any worker process takes; the offline engine runs in worker threads
 * (`workers/engine-pool.ts`), and the shard that stores the last personas computes the reports.
 *
 * With a model (`providers.populationModel`), a job also records its calls and tokens as they are
 * spent, the population's blueprint is checkpointed on its row, and a shard stores each batch as it
 * lands so a retry pays only for what is missing; designed blueprints are cached per account,
 * prompt, grounding and model. A model part that gives up (`ModelFailureError`) has spent its own
 * retries: the job fails at once with the part's category, and the queue does not repeat the paid calls.
 *
 * A population generated from a blueprint the caller gave samples that blueprint: no design, no
 * cache. A panel survey asks the population's personas in batches (`providers.panel`), with its
 * progress moving as each batch is answered; without a model it fails (`provider_error`, refunded).
 */
import { createHash, randomUUID } from "node:crypto";
import { BroadcastChannel } from "node:worker_threads";
import type { AccountRepository } from "../store/accounts.ts";
import { SURVEY_RANGE, type FailureCategory, type JobRepository, type JobTableKind, type ModelUsageDelta, type PanelSurveyRow, type PopulationRow, type PopulationShardRow } from "../store/jobs.ts";
import type { Blueprint } from "../engine/blueprint.ts";
import type { Persona } from "../engine/persona.ts";
import { ModelFailureError, type EvidenceSource, type Grounding } from "../engine/ports.ts";
import { populationBlueprint, reusableBatches, writeShard, writingBatchSize, type GenerateOptions, type PopulationShard } from "../pipeline/generate.ts";
import { POPULATION_SHARD_SIZE, sampledShard, shardRanges } from "../pipeline/shards.ts";
import { designsInThreads, EnginePool, sharedEnginePool, writesInThreads } from "../workers/engine-pool.ts";
import { digestJsonOf, personaFields, type RangesApart, type RowAnswer, type RowRequest } from "../workers/engine-tasks.ts";
import { reportMemoryMark, startReportMemorySampling } from "../workers/report-memory-log.ts";
import { collectGarbage } from "../workers/collect-garbage.ts";
import { HELD_TERM_ENTRIES } from "../engine/quality/diversity.ts";
import { enhancePersona } from "../pipeline/enhance.ts";
import { evaluatePopulation } from "../pipeline/validate.ts";
import { UsageTally } from "../pipeline/usage.ts";
import type { PopulationModelIdentity, Providers } from "../providers.ts";
import { attributeToProviders, failureOf, ProviderError, type ProviderSet } from "./failure.ts";
import { panelReport, respondentsOf, type PanelAnswer, type PanelRespondents } from "./panel-survey.ts";
import type { JobContext, JobQueue } from "./queue.ts";
import { describeError } from "../store/describe-error.ts";
import { finishWholePopulations, startSmallPopulations, type WholePopulation } from "../store/small-populations.ts";
import { Coalesced, SameTurn } from "./coalesced.ts";
import type { WholePopulationInput, WholePopulationOutput } from "../workers/whole-population-task.ts";

export interface WorkerDependencies {
  jobs: JobRepository;
  accounts: AccountRepository;
  providers: Providers;
  /** Where the engine's CPU-bound steps run; default the process's pool of worker threads. */
  engine?: EnginePool;
  /**
   * The one-task report's terms budget (`HELD_TERM_ENTRIES`), past which a population is reported
   * by persona ranges; tests give a smaller one so that a few thousand personas take that path.
   */
  reportTermsBudget?: number;
  /** Rows a report range holds at most (report-ranges.ts `RANGE_ROWS`); tests give fewer, for more ranges. */
  reportRangeRows?: number;
  /** Personas from which a report on a Postgres server has a thread of its own read its rows' terms (`REPORT_HELPER_FROM`); tests give fewer. */
  reportHelperFrom?: number;
}

/**
 * Personas from which the one-task report of a population stored on a Postgres server has a second
 * engine thread, started for it and ended with it, parse and tokenise its rows for its vectors pass
 * (engine-tasks.ts `prepareRows`) while the report's thread makes the vectors: after the last shard
 * the worker has nothing else to run, and those reads were ~1.2 of the report's ~7.4 CPU-s at
 * 100,000 League personas (decision 0008, "Session 18"). Not on the embedded database: its server's
 * memory is at its budget, and its pool has a second thread already. Below this, a thread's start
 * (~0.3 CPU-s bundled) is more than the reads it would take.
 */
const REPORT_HELPER_FROM = 20_000;

interface RunDependencies {
  jobs: JobRepository;
  /** Small populations fetched together, claimed in one statement (`startSmallPopulations`). */
  smallStarts: Coalesced<string, PopulationRow | null>;
  /** Small populations made whole while the previous ones were being stored, stored together (`finishWholePopulations`). */
  wholeFinishes: Coalesced<WholePopulation, boolean>;
  /** Small populations claimed together, made whole in one thread task per thread (`wholePopulationsInThreads`). */
  wholeRuns: SameTurn<WholeRun, WholePopulationOutput>;
  accounts: AccountRepository;
  providers: ProviderSet;
  queue: JobQueue;
  engine: EnginePool;
  /** The configured writer is the offline one, which the engine's threads run themselves. */
  writerInThreads: boolean;
  /** Design and writing are both offline: a population of one shard is made whole in one thread task. */
  wholeInThreads: boolean;
  /** Model-backed populations' evidence sources (built-in figures, search); absent offline. */
  evidence?: readonly EvidenceSource[];
  /** The model behind the parts; absent offline (no usage, no checkpoint, no cache). */
  model?: PopulationModelIdentity;
  /** Who answers panel questions; absent offline. */
  panel?: PanelRespondents;
  /** The one-task report's terms budget, and rows a report range holds at most (`WorkerDependencies`). */
  reportTermsBudget: number;
  reportRangeRows?: number;
  reportHelperFrom: number;
}

/** Panel batches in flight at once per survey; the model's limiter bounds the calls themselves. */
const PANEL_PARALLEL_BATCHES = 4;

export function startWorkers(queue: JobQueue, dependencies: WorkerDependencies): void {
  const { providers } = dependencies;
  const attributed = attributeToProviders(providers);
  const engine = dependencies.engine ?? sharedEnginePool();
  const run: RunDependencies = {
    jobs: dependencies.jobs,
    smallStarts: new Coalesced(async (ids) => {
      const started = new Map((await startSmallPopulations(queue.store.db, ids, "designing", POPULATION_SHARD_SIZE)).map((row) => [row.id, row]));
      return ids.map((id) => started.get(id) ?? null);
    }),
    wholeFinishes: new Coalesced(async (populations) => {
      const finished = await finishWholePopulations(queue.store.db, populations);
      return populations.map(({ id }) => finished.has(id));
    }),
    wholeRuns: new SameTurn((runs) => wholePopulationsInThreads(engine, runs)),
    accounts: dependencies.accounts,
    providers: attributed,
    queue,
    engine,
    writerInThreads: writesInThreads(providers.writer),
    wholeInThreads: writesInThreads(providers.writer) && designsInThreads(providers.modeller) && !providers.evidence && !providers.populationModel,
    ...(providers.evidence ? { evidence: providers.evidence } : {}),
    ...(providers.populationModel ? { model: providers.populationModel } : {}),
    ...(providers.panel ? { panel: providers.panel } : {}),
    reportTermsBudget: dependencies.reportTermsBudget ?? HELD_TERM_ENTRIES,
    ...(dependencies.reportRangeRows ? { reportRangeRows: dependencies.reportRangeRows } : {}),
    reportHelperFrom: dependencies.reportHelperFrom ?? REPORT_HELPER_FROM,
  };
  const handlers: Record<JobTableKind, (context: JobContext, dependencies: RunDependencies) => Promise<void>> = {
    population: runPopulation,
    "population-shard": runPopulationShard,
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
    }, engineSlots(kind, run));
  }
  if (run.writerInThreads) void warmEngineThreads(engine);
}

/**
 * Readies the engine thread the pool keeps warm in the background (`warmUp` in
 * whole-population-task.ts: the offline knowledge built, the engine compiled), so that the first
 * jobs a server gets once it is up do not wait for it (~0.9 CPU-s; jobs already waiting when it
 * starts run after it, as they would have after that work). Only that one thread (the pool keeps one
 * whatever the idle time, engine-pool.ts `WARM_THREADS`): each thread readied holds ~110 MB more, and
 * the others would idle out unused; they start with the first jobs that find the warm one busy.
 * The thread runs it at its lower priority, so `/healthz` and the first requests do not wait either.
 * With no threads (`DRAMATIS_ENGINE_THREADS=0`) nothing is warmed: it would hold the thread that
 * answers HTTP.
 */
export async function warmEngineThreads(engine: EnginePool): Promise<void> {
  if (engine.size === 0) return;
  // Never stopped: ending a thread mid-warm-up would only start a cold one in its place. A process
  // that closes its app without exiting waits for it (~1 s); `dramatis serve` and `worker` exit.
  await engine.run("warmUp", undefined).catch((error: unknown) => {
    // Only a warm-up: the first job does the same work, and reports its own failure.
    console.error(`[worker] warming the engine threads failed: ${describeError(error)}`);
  });
}

/**
 * Small populations in flight per engine thread. The jobs fetched together (half of these at a
 * time) share their claim, their thread task (`wholePopulationsInThreads`), their store and their
 * completion statements: on the embedded database each statement is milliseconds of the one thread
 * that runs them all whatever it carries, and with four per thread most stores carried one
 * population (the tasks ended one by one).
 */
const SMALL_POPULATIONS_PER_THREAD = 8;

/**
 * Jobs in flight at once for the kinds whose work is an engine-thread task, so that a thread never
 * waits while this thread reads, claims or stores: offline, a small population is milliseconds of
 * thread work between statements (`SMALL_POPULATIONS_PER_THREAD`); a shard is seconds of it, and
 * one more than the threads is enough. Default (the queue's) otherwise.
 */
function engineSlots(kind: JobTableKind, run: RunDependencies): number | undefined {
  const threads = run.engine.size;
  if (threads === 0) return undefined;
  if (kind === "population" && run.wholeInThreads) return Math.max(run.queue.concurrency, SMALL_POPULATIONS_PER_THREAD * threads);
  if (kind === "population-shard" && run.writerInThreads) return Math.max(run.queue.concurrency, threads + 1);
  return undefined;
}

/**
 * A population's first job: its blueprint (designed once: a model-backed design is checkpointed on
 * the row and cached), the whole population's structured fields sampled in a thread (quotas are
 * apportioned over all of it) and cut into shards, then its shards queued. From then on the shards
 * carry it (`runPopulationShard`); this job ends.
 */
async function runPopulation(context: JobContext, run: RunDependencies): Promise<void> {
  const { jobs, providers, evidence, model, engine } = run;
  if (run.wholeInThreads) {
    // Most populations are small: claimed and read in one statement (with the others fetched
    // with it), and made whole.
    const small = await run.smallStarts.add(context.id);
    if (small) return runWholePopulation(context, run, small);
  }
  const row = await jobs.getPopulation(context.id);
  if (!row) return;
  // An earlier delivery got as far as cutting it into shards: they only need to be queued.
  if (row.shardCount !== null) return enqueueShards(run, row.id);
  if (!(await jobs.start("population", row.id, "designing", row.count))) return;
  await guarded("population", context, run, async () => {
    const input = { prompt: row.prompt, count: row.count, grounding: row.grounding as Grounding, seed: row.seed };
    const given = (row.givenBlueprint ?? row.blueprint) as Blueprint | null;
    let blueprint: Blueprint;
    let structured: string[] | Uint8Array[];
    if (run.wholeInThreads) {
      // Offline, the design is engine work like the sampling: both in one thread task, off the
      // thread that answers HTTP (a thread's first design builds the offline knowledge: seconds).
      ({ blueprint, structured } = await engine.run("designAndSampleShards", { ...input, ...(given ? { blueprint: given } : {}), bytes: true }, context.signal));
    } else {
      const meter = model ? new UsageMeter(jobs, "population", row.id, model.name) : undefined;
      try {
        const design = model && meter ? await checkpointedDesign(jobs, row, model, given) : given ? { blueprint: given } : {};
        blueprint = await populationBlueprint(
          input,
          { modeller: providers.modeller, writer: providers.writer, ...(evidence ? { evidence } : {}) },
          { usage: meter?.tally ?? new UsageTally(), signal: context.signal, ...design },
        );
      } finally {
        await meter?.saveQuietly();
      }
      const sampling = { blueprint, count: row.count, seed: row.seed };
      structured = await engine.run("sampleShardsBytes", sampling, context.signal);
    }
    const shards = shardRanges(row.count).map((range) => ({ ...range, id: shardJobId(row.id, range.index), structuredJson: structured[range.index] as string | Uint8Array }));
    if (await jobs.createShards(row, blueprint, shards)) await enqueueShards(run, row.id);
  });
}

/**
 * A population of one shard, offline, claimed (`startSmallPopulations`, with the jobs fetched with
 * it): designed, sampled, written, rendered and reported in one thread task
 * (`workers/whole-population-task.ts`), then stored and finished in one statement, shared with the
 * populations made whole while the previous one ran: no shard job, no progress writes, no reports
 * read back. The same bytes as the sharded path.
 */
async function runWholePopulation(context: JobContext, run: RunDependencies, row: PopulationRow): Promise<void> {
  await guarded("population", context, run, async () => {
    const given = (row.givenBlueprint ?? row.blueprint) as Blueprint | null;
    const input = { prompt: row.prompt, count: row.count, grounding: row.grounding as Grounding, seed: row.seed, ...(given ? { blueprint: given } : {}) };
    const { personas, result } = await run.wholeRuns.add({ input: { ...input, bytes: true }, signal: context.signal });
    await run.wholeFinishes.add({ id: row.id, personas, result, count: row.count });
  });
}

/** A small population to make whole, and what stops its job. */
interface WholeRun {
  input: WholePopulationInput;
  signal: AbortSignal;
}

/**
 * Small populations claimed together, made whole in one thread task per thread (each thread gets
 * an even share, so none waits while another works through the group); each answered on its own.
 * A group is stopped by any of its jobs' signals: they are all this process's (a shutdown, a lost
 * lock connection) and stop together.
 */
export async function wholePopulationsInThreads(engine: EnginePool, runs: readonly WholeRun[]): Promise<Array<PromiseSettledResult<WholePopulationOutput>>> {
  const tasks = Math.max(1, Math.min(engine.size, runs.length));
  const shares = Array.from({ length: tasks }, (_, task) => runs.slice(Math.floor((task * runs.length) / tasks), Math.floor(((task + 1) * runs.length) / tasks)));
  const answered = await Promise.all(
    shares.map((share) =>
      engine.runEach("wholePopulation", share.map((run) => run.input), AbortSignal.any(share.map((run) => run.signal))).catch((error: unknown) =>
        share.map((): PromiseSettledResult<WholePopulationOutput> => ({ status: "rejected", reason: error })),
      ),
    ),
  );
  return answered.flat();
}

/** A population's shards, queued in one statement (a hundred shards were two hundred round trips before any could start). */
async function enqueueShards({ jobs, queue }: RunDependencies, populationId: string): Promise<void> {
  await queue.enqueueMany("population-shard", await jobs.shardIds(populationId));
}

/** A shard's queue job id: derived from its population's id and its index, so queuing it again is a no-op. */
export function shardJobId(populationId: string, index: number): string {
  const hex = createHash("sha256").update(`${populationId}:shard:${index}`).digest("hex");
  // Shaped as an RFC 9562 version 8 (custom) UUID, which the queue's uuid column takes.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/**
 * One shard of a population: its personas written and rendered (offline in a worker thread, with a
 * model on this thread, batch by batch, each batch stored as it lands so a retry pays only for what
 * is missing), stored with `produced` counted in the same transaction, and, when they were the
 * last ones missing, the population's reports computed from every stored persona and the
 * population finished. A shard that fails for good fails its population (refunded, once).
 */
async function runPopulationShard(context: JobContext, run: RunDependencies): Promise<void> {
  const { jobs } = run;
  const shard = await jobs.getShard(context.id);
  if (!shard) return;
  const population = await jobs.getPopulation(shard.populationId);
  if (!population) return;
  if (population.status === "succeeded" || population.status === "failed") {
    // Nothing left to do for it; the shard ends the way its population did.
    if (population.status === "failed") await jobs.fail("population-shard", shard.id, (population.error as FailureCategory | null) ?? "internal_error", "its population failed");
    else await jobs.succeed("population-shard", shard.id, {}, shard.total);
    return;
  }
  if (shard.shardIndex < 0) return runReportRange(context, run, shard, population);
  if (!(await jobs.start("population-shard", shard.id, "generating", shard.total))) return;
  await guarded("population-shard", context, run, async () => {
    const blueprint = population.blueprint as Blueprint;
    const stored = await jobs.storedBatches<Persona>(population.id, shard.startIndex, shard.startIndex + shard.total);
    const written = run.writerInThreads ? await writeShardInThread(run, population, shard, blueprint, stored, context.signal) : await writeShardHere(run, population, shard, blueprint, stored, context.signal);
    // Only the shard whose rows completed the population computes the reports, or a retry of a
    // shard whose rows were stored before (its first attempt may have died before the reports):
    // two shards ending together would otherwise both read every row.
    if (written.completedPopulation || written.storedNothing) await finishWhenComplete(run, population, blueprint, context.signal);
    await jobs.succeed("population-shard", shard.id, {}, shard.total);
  }, (category, detail) => failShard(shard, category, detail, run));
}

/** What writing a shard did: whether a row it stored brought the population to its count, or it stored nothing (all found stored). */
interface ShardWritten {
  completedPopulation: boolean;
  storedNothing: boolean;
}

/** Offline: the whole shard in one thread task, stored as one row with its fields (unless a retry finds it stored). */
async function writeShardInThread(run: RunDependencies, population: PopulationRow, shard: PopulationShardRow, blueprint: Blueprint, stored: ReadonlyMap<number, Persona[]>, signal: AbortSignal): Promise<ShardWritten> {
  const { jobs, engine } = run;
  if (stored.size === 1 && stored.get(shard.startIndex)?.length === shard.total) return { completedPopulation: false, storedNothing: true };
  await jobs.dropStoredBatches(population.id, [...stored.keys()]);
  const structuredJson = (await jobs.shardStructured(shard.id)) as string;
  const input = { prompt: population.prompt, count: population.count, seed: population.seed, blueprint, start: shard.startIndex, structuredJson };
  // The shard's JSON goes to the database as bytes, which leave this thread's heap at once (`ShardBytes`);
  // both stores read a bytes parameter as the same text (a Postgres server natively, PGlite's thread in pglite-thread.mjs).
  const personas = await engine.run("writeOfflineShardBytes", input, signal);
  const { stored: storedNow, produced } = await jobs.storeBatch(population.id, shard.startIndex, personas, personas.fieldsJson, personas.digestJson);
  return { completedPopulation: storedNow && produced >= population.count, storedNothing: !storedNow };
}

/** With a model (or a writer given to the workers): batch by batch on this thread, each stored as it lands. */
async function writeShardHere(run: RunDependencies, population: PopulationRow, shard: PopulationShardRow, blueprint: Blueprint, stored: ReadonlyMap<number, Persona[]>, signal: AbortSignal): Promise<ShardWritten> {
  const { jobs, providers, model } = run;
  const structured = sampledShard(blueprint, population.seed, shard.startIndex, (await jobs.shardStructured(shard.id)) as string);
  const input: PopulationShard = { prompt: population.prompt, count: population.count, seed: population.seed, blueprint, start: shard.startIndex, structured };
  const batchSize = writingBatchSize(providers.writer, population.count);
  const reused = reusableBatches(input, batchSize, stored);
  // Rows this run would not reuse (another batch size) would overlap the ones it writes.
  await jobs.dropStoredBatches(population.id, [...stored.keys()].filter((start) => !reused.has(start)));
  const meter = model ? new UsageMeter(jobs, "population", population.id, model.name) : undefined;
  const written: ShardWritten = { completedPopulation: false, storedNothing: true };
  try {
    await writeShard(input, providers.writer, {
      batchSize,
      signal,
      usage: meter?.tally ?? new UsageTally(),
      reused,
      onBatch: async (personas, startIndex) => {
        // A writer batch is small beside the model's time to write it: its digest is made here.
        const fields = personaFields(personas);
        const { stored: storedNow, produced } = await jobs.storeBatch(population.id, startIndex, personas, JSON.stringify(fields), digestJsonOf(fields, blueprint));
        if (storedNow) written.storedNothing = false;
        if (storedNow && produced >= population.count) written.completedPopulation = true;
        await meter?.save();
      },
    });
  } finally {
    await meter?.saveQuietly();
  }
  return written;
}

/**
 * Once every persona is stored, the reports are computed (in a thread) from the stored personas'
 * fields and the population succeeds, its result without `personas` (the poll reads them from the
 * stored rows). Whichever shard sees the population complete does it; finishing twice is harmless
 * (the same reports, and only the first one counts). The thread asks for the stored rows one at a
 * time (`answerRowReads`), a few times over: no statement and no step holds every persona's fields.
 *
 * One task, whatever the threads. The reports in two parts on two threads (`storedReportPart`: the
 * vectors; the sentences, marginals and fidelity) paid while the sentences were a third of the
 * report's CPU; since the shards' digests carry the sentence and structured counts, the sentences'
 * part is merging the digests again, and the vectors' part is the report: at 100,000 personas
 * (bench/reports-memory.ts, loaded) one task 4.48 CPU-s, the vectors' part alone 4.37, the
 * sentences' 1.41; at 1,000,000 one task 56.6, the vectors' part 62.4. Two parts saved no time,
 * and peaked 87-121 MB higher (100k: `--parts` 555 and 542 MB, `--task` 468 and 421); on the
 * embedded server, whose large tasks run one at a time, they ran one after the other.
 *
 * The task (`storedReportsByRanges`) computes it by persona ranges (workers/report-ranges.ts) when
 * the population's terms pass the one-task report's budget (prose at 100,000: 90 → 28 CPU-s, the
 * same bytes), else as before. By ranges on a Postgres server (and past twice the budget on the
 * embedded database), the task ends with the survey, and the ranges are queue jobs that any worker
 * takes (`queueReportRanges`, `runReportRange`), the last of them running the merge.
 */
async function finishWhenComplete(run: RunDependencies, population: PopulationRow, blueprint: Blueprint, signal: AbortSignal): Promise<void> {
  const { jobs, engine } = run;
  const version = await jobs.version("population", population.id, population.accountId);
  if (!version || version.produced < population.count || version.status === "succeeded" || version.status === "failed") return;
  const starts = await jobs.storedRowStarts(population.id);
  const sizes = rowSizes(starts, population.count);
  startReportMemorySampling();
  reportMemoryMark("report start", { personas: population.count });
  const channel = answerRowReads(jobs, population.id, starts, `dramatis-reports-${randomUUID()}`);
  const helper = reportHelper(run, population, starts, signal);
  let outcome: Awaited<ReturnType<typeof engine.run<"storedReportsByRanges">>>;
  try {
    outcome = await engine.run("storedReportsByRanges", { blueprint, seed: population.seed, sizes, channel: channel.name, heldTermEntries: run.reportTermsBudget, rangesApartFrom: rangesApartFrom(run), ...(run.reportRangeRows ? { rowsPerRange: run.reportRangeRows } : {}), ...(helper ? { helper: helper.name } : {}) }, signal);
  } finally {
    channel.close();
    await helper?.end();
  }
  reportMemoryMark("report task done", { apart: "survey" in outcome });
  if ("survey" in outcome) await queueReportRanges(run, population, starts, outcome);
  else await jobs.finishPopulation(population.id, { blueprint, ...outcome }, population.count);
  reportMemoryMark("report task stored");
}

/**
 * The thread that reads a report's rows' terms (`REPORT_HELPER_FROM`), started now so that it is
 * ready by the report's vectors pass (the report merges its rows' digests first): its pool, its own
 * channel for the rows it reads, and the channel it shares with the report (`name`). `end` tells it
 * no more rows are wanted (the report may have ended on another path, or failed, without asking),
 * waits for it and ends its thread. When it fails, the report is told and reads the rows itself.
 */
function reportHelper(run: RunDependencies, population: PopulationRow, starts: readonly number[], signal: AbortSignal): { name: string; end(): Promise<void> } | undefined {
  const { jobs, engine, queue } = run;
  if (engine.size === 0 || queue.store.kind !== "postgres" || population.count < run.reportHelperFrom) return undefined;
  const name = `dramatis-report-helper-${randomUUID()}`;
  const pool = new EnginePool(1);
  const rows = answerRowReads(jobs, population.id, starts, `dramatis-reports-${randomUUID()}`);
  // A channel opened only to say one thing: one kept open here would be handed (and deserialise) every
  // row's terms the two threads exchange on it (R18-15: ~95 MB at 100,000 League personas).
  const say = (message: { kind: "failed"; error: string } | { kind: "done" }) => {
    const port = new BroadcastChannel(name);
    port.postMessage(message);
    port.close();
  };
  const helping = pool.run("prepareRows", { sizes: rowSizes(starts, population.count), channel: rows.name, helper: name }, signal).catch((error: unknown) => {
    if (!signal.aborted) console.error(`[worker] population ${population.id}: the thread reading its report's rows failed (the report reads them itself): ${describeError(error)}`);
    say({ kind: "failed", error: describeError(error) });
  });
  return {
    name,
    async end() {
      say({ kind: "done" });
      await helping;
      rows.close();
      await pool.destroy();
    },
  };
}

/** How many personas each stored row holds, from the rows' first personas and the population's count. */
function rowSizes(starts: readonly number[], count: number): number[] {
  return starts.map((start, row) => (starts[row + 1] ?? count) - start);
}

/**
 * Vector entries from which a population reported by ranges has its ranges computed as queue jobs
 * that any worker takes (`runReportRange`) rather than in the task that surveyed it. On a Postgres
 * server, always: the workers share the ranges, and no process holds every range's output (at a
 * million personas the one task's tables peaked over 1 GB). On the embedded database, only past
 * twice the terms budget, where holding every range's terms in one task would cost more memory
 * than the ranges' rows in the database: below it the one task is the same work without storing
 * tens of megabytes of terms through the database's thread. The same bytes either way
 * (report-ranges.ts): which method reports a population depends on the population alone.
 */
function rangesApartFrom({ queue, reportTermsBudget }: RunDependencies): number {
  return queue.store.kind === "postgres" ? 0 : 2 * reportTermsBudget;
}

/** A range job's id: its population's and `shard_index` −1 − range, as a shard's (so queuing it again is a no-op). */
function reportRangeJobId(populationId: string, range: number): string {
  return shardJobId(populationId, -1 - range);
}

/**
 * Stores a population's survey for a report by ranges and queues its ranges' jobs (once: a
 * retried shard's second survey finds them made). From then on the ranges carry the report.
 */
async function queueReportRanges({ jobs, queue }: RunDependencies, population: PopulationRow, starts: readonly number[], { survey, ranges }: RangesApart): Promise<void> {
  const rows = ranges.map(({ from, to }, range) => ({ id: reportRangeJobId(population.id, range), range, start: starts[from] as number, size: (starts[to] ?? population.count) - (starts[from] as number) }));
  if (await jobs.createReportRanges(population, survey, rows)) await queue.enqueueMany("population-shard", rows.map((row) => row.id));
}

/**
 * One range of a population's report by ranges (workers/report-ranges.ts): its rows read once in a
 * thread (`reportRange`) and its output stored; the job whose range completed the set (or a retry
 * that finds them all stored) runs the merge (`reportMerge`, which reads the ranges' outputs from the
 * store a window at a time) and finishes the population. Two ranges stored at once may both merge:
 * the same report, and only the first finish counts. A range that fails for good fails its
 * population, refunded once (`failShard`); a dead worker's range is handed back by the sweepers
 * (reconcile.ts) like any shard. The population's progress stays as its shards left it (every
 * persona produced) until it succeeds.
 */
async function runReportRange(context: JobContext, run: RunDependencies, shard: PopulationShardRow, population: PopulationRow): Promise<void> {
  const { jobs, engine } = run;
  if (!(await jobs.start("population-shard", shard.id, "reporting", shard.total))) return;
  await guarded("population-shard", context, run, async () => {
    const blueprint = population.blueprint as Blueprint;
    const starts = await jobs.storedRowStarts(population.id);
    const sizes = rowSizes(starts, population.count);
    // The ranges as the survey cut them (its jobs' rows), in rows of the store.
    const rowOf = new Map(starts.map((start, row) => [start, row]));
    const ranges = (await jobs.reportRangeSpans(population.id)).map(({ start, size }) => ({ from: rowOf.get(start) ?? -1, to: rowOf.get(start + size) ?? starts.length }));
    const range = -1 - shard.shardIndex;
    const survey = await jobs.reportRangeBytes(population.id, SURVEY_RANGE, "summary");
    const { from, to } = ranges[range] ?? {};
    if (!survey || from === undefined || to === undefined || ranges.some((span) => span.from < 0)) throw new Error(`population ${population.id} has no survey or no range ${range} to report (${starts.length} rows)`);
    const task = { blueprint, seed: population.seed, sizes, survey };
    const stored = await jobs.storedReportRanges(population.id);
    let storedCount = stored.size;
    startReportMemorySampling();
    if (!stored.has(range)) {
      const channel = answerRowReads(jobs, population.id, starts, `dramatis-reports-${randomUUID()}`);
      try {
        reportMemoryMark("range start", { range });
        // The output is held within this call only: once it returns, the output and the driver's
        // buffers of it (~60 MB at a million League personas) are freed now, not a range or two later.
        const computeAndStore = async () => {
          const output = await engine.run("reportRange", { ...task, channel: channel.name, from, to }, context.signal);
          reportMemoryMark("range done", { range });
          return jobs.storeReportRange(population.id, range, output.summary, output.terms);
        };
        storedCount = await computeAndStore();
        collectGarbage();
        reportMemoryMark("range stored", { range });
      } finally {
        channel.close();
      }
    }
    if (storedCount >= ranges.length) {
      const channel = answerRowReads(jobs, population.id, starts, `dramatis-reports-${randomUUID()}`, (part, what, into) => jobs.reportRangeBytes(population.id, part, what, into));
      try {
        reportMemoryMark("merge start", { range });
        const reports = await engine.run("reportMerge", { ...task, channel: channel.name, ranges, heldTermEntries: run.reportTermsBudget }, context.signal);
        reportMemoryMark("merge done", { range });
        if (await jobs.finishPopulation(population.id, { blueprint, ...reports }, population.count)) await jobs.dropReportRanges(population.id);
        reportMemoryMark("merge stored", { range });
      } catch (error) {
        // Another range's merge finished it first (and dropped the ranges this one was reading).
        if ((await jobs.version("population", population.id, population.accountId))?.status !== "succeeded") throw error;
      } finally {
        channel.close();
      }
    }
    await jobs.succeed("population-shard", shard.id, {}, shard.total);
  }, (category, detail) => failShard(shard, category, detail, run));
}

/**
 * Answers a report task's reads of a population's stored rows (`storedReports` in
 * workers/engine-tasks.ts), each from the store as it is asked for, and keeps the fields the task
 * extracted from a row stored without them, so the next read of it is small.
 */
function answerRowReads(jobs: JobRepository, populationId: string, starts: readonly number[], channel: string, ranges?: (range: number, what: "summary" | "terms", into?: SharedArrayBuffer) => Promise<Uint8Array | null>): BroadcastChannel {
  const port = new BroadcastChannel(channel);
  const answer = (reply: RowAnswer) => {
    try {
      port.postMessage(reply);
    } catch {
      // The task ended (and the channel closed) before this answer came: a row it asked for ahead and never read.
    }
  };
  port.onmessage = (event) => {
    const message = (event as { data: RowRequest | RowAnswer }).data;
    if (message.kind === "range") {
      const { request, range, what, into } = message;
      (ranges ? ranges(range, what, into) : Promise.resolve(null))
        .then((bytes): RowAnswer => (bytes ? { kind: "row", request, bytes } : { kind: "row", request, error: `the report's range ${range} is not stored` }))
        .catch((error: unknown): RowAnswer => ({ kind: "row", request, error: describeError(error) }))
        .then(answer);
      return;
    }
    if (message.kind === "keep") {
      jobs.storeRowFields(populationId, starts[message.chunk] as number, message.fieldsJson).catch(() => {
        // Only a cache: the next read extracts them again.
      });
      return;
    }
    if (message.kind !== "read" && message.kind !== "digest") return;
    const { request, chunk } = message;
    const missing = { kind: "row" as const, request, error: `no stored row starts at persona ${starts[chunk]}` };
    (message.kind === "digest"
      ? jobs.storedRowDigest(populationId, starts[chunk] as number).then((digest) => (digest === undefined ? missing : { kind: "row" as const, request, digest }))
      : jobs.storedRowFields(populationId, starts[chunk] as number).then((row) => (row ? { kind: "row" as const, request, ...row } : missing))
    )
      .catch((error: unknown) => ({ kind: "row" as const, request, error: describeError(error) }))
      .then(answer);
  };
  return port;
}

/**
 * A shard that failed for good fails its population, which is refunded once. Only a shard this call
 * fails: the reconciler reads rows before it asks the queue about them, so it may call this for a
 * shard that finished in between, whose population must not fail.
 */
async function failShard(shard: Pick<PopulationShardRow, "id" | "populationId">, category: FailureCategory, detail: string, { jobs, accounts }: Pick<RunDependencies, "jobs" | "accounts">): Promise<void> {
  if (!(await jobs.fail("population-shard", shard.id, category, detail))) return;
  if (await jobs.fail("population", shard.populationId, category, `a shard failed: ${detail}`)) await accounts.refund(shard.populationId, `population failed: ${category}`);
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
    const blueprint = (population.result as { blueprint: Blueprint }).blueprint;
    const personas = await jobs.populationPersonas<Persona>(population);
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
  failJob: (category: FailureCategory, detail: string) => Promise<void> = async (category, detail) => {
    if (await jobs.fail(kind, context.id, category, detail)) await accounts.refund(context.id, `${kind} failed: ${category}`);
  },
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
    await failJob(category, detail);
  }
}

/**
 * Marks a job that can no longer succeed (the queue gave up on it, or it could not even be run)
 * as failed, as our own fault, and refunds it. Used by the reconciler too.
 */
export async function failAbandoned(kind: JobTableKind, id: string, reason: string, dependencies: Pick<RunDependencies, "jobs" | "accounts">) {
  if (kind === "population-shard") {
    // A shard was paid for by its population: the population fails, and is refunded.
    const shard = await dependencies.jobs.getShard(id);
    if (shard) await failShard(shard, "internal_error", reason, dependencies);
    return;
  }
  // A population whose first job ended after cutting it into shards is carried by them (the
  // reconciler may have read it as unfinished just before its shards were made).
  if (kind === "population" && ((await dependencies.jobs.getPopulation(id))?.shardCount ?? null) !== null) return;
  if (await dependencies.jobs.fail(kind, id, "internal_error", reason)) await dependencies.accounts.refund(id, reason);
}

/**
 * A model-backed population's design, paid once: the blueprint its earlier attempt designed or the
 * caller gave (else a cached design, checkpointed now); a new design is checkpointed and cached.
 */
async function checkpointedDesign(jobs: JobRepository, row: PopulationRow, model: PopulationModelIdentity, given: Blueprint | null): Promise<Pick<GenerateOptions, "blueprint" | "onBlueprint">> {
  const cacheKey = blueprintCacheKey(row.accountId, row.prompt, row.grounding as Grounding, model);
  // A blueprint the caller gave is never designed, so neither cached nor looked up.
  let designed = given;
  if (!designed) {
    designed = await jobs.cachedBlueprint<Blueprint>(cacheKey);
    if (designed) await jobs.checkpointBlueprint(row.id, designed);
  }
  return {
    ...(designed ? { blueprint: designed } : {}),
    onBlueprint: async (blueprint, { lasting }) => {
      await jobs.checkpointBlueprint(row.id, blueprint);
      // A design made while search was failing is not what the next run should get for 30 days.
      if (lasting) await jobs.cacheBlueprint(cacheKey, model.name, blueprint);
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
