/**
 * Accepting the billable jobs (generate, enhance, validate, ask-panel): price the request, charge it and create its row in one
 * transaction (or answer 402 with nothing changed), then hand it to the queue.
 *
 * With an `Idempotency-Key` (Stripe's semantics), the same key and the same body within 24 hours
 * answer with the job the first request created, charged once, even when that first answer was
 * lost on the way back; the same key with another body is refused (422). The key is recorded in
 * the charging transaction, so of concurrent duplicates exactly one is charged and the others
 * answer with its job. A request refused before it started (422, 402) records nothing.
 */
import { createHash, randomInt, randomUUID } from "node:crypto";
import type { AccountRepository } from "../store/accounts.ts";
import type { JobRepository } from "../store/jobs.ts";
import { isDuplicateKey, type IdempotencyRepository } from "../store/idempotency.ts";
import type { JobKind, JobQueue } from "../jobs/queue.ts";
import type { AskPanelRequest, EnhanceRequest, GenerateRequest, ValidateRequest } from "../shared/contract.ts";
import { askPanelCost, enhanceCost, generateCost, validateCost } from "../billing/pricing.ts";
import { personaId } from "../engine/persona.ts";
import { charge } from "./charge.ts";
import { ServiceError } from "./errors.ts";
import { checkGivenBlueprint } from "./given-blueprint.ts";

type Action = "generate" | "enhance" | "validate" | "ask-panel";
type CreateJob = Parameters<AccountRepository["chargeAndCreate"]>[4];

/** What makes a request idempotent: the caller's key and the body exactly as it was sent. */
export interface IdempotencyRequest {
  key: string;
  body: unknown;
}

/** Where a refused key is reported, as FastAPI names a header parameter. */
export const IDEMPOTENCY_KEY_LOC = ["header", "idempotency-key"];

export class JobsService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly jobs: JobRepository,
    private readonly queue: JobQueue,
    private readonly idempotency: IdempotencyRepository,
  ) {}

  async acceptGenerate(accountId: string, request: GenerateRequest, idempotent?: IdempotencyRequest): Promise<string> {
    // Checked before anything is charged: a blueprint the sampler would refuse is the caller's 422.
    const givenBlueprint = request.blueprint ? checkGivenBlueprint(request.blueprint) : null;
    const cost = generateCost(request.count, request.grounding, { blueprintGiven: givenBlueprint !== null });
    return this.accept(accountId, "generate", "population", cost, idempotent, (id) => (tx) =>
      this.jobs.insertPopulation(tx, {
        id,
        accountId,
        prompt: request.prompt,
        count: request.count,
        grounding: request.grounding,
        seed: request.seed ?? newSeed(),
        cost,
        phase: "designing",
        total: request.count,
        givenBlueprint,
      }),
    );
  }

  async acceptEnhance(accountId: string, request: EnhanceRequest, idempotent?: IdempotencyRequest): Promise<string> {
    const cost = enhanceCost(request.grounding);
    return this.accept(accountId, "enhance", "enhancement", cost, idempotent, (id) => (tx) =>
      this.jobs.insertEnhancement(tx, {
        id,
        accountId,
        source: request.persona,
        grounding: request.grounding,
        seed: request.seed ?? newSeed(),
        cost,
        total: 1,
      }),
    );
  }

  async acceptValidate(accountId: string, request: ValidateRequest, idempotent?: IdempotencyRequest): Promise<string> {
    const cost = validateCost(request.personas.length);
    return this.accept(accountId, "validate", "evaluation", cost, idempotent, (id) => (tx) =>
      this.jobs.insertEvaluation(tx, {
        id,
        accountId,
        request,
        seed: 0,
        cost,
        phase: "evaluating",
        total: request.personas.length,
      }),
    );
  }

  /**
   * A question for the panel of one of the caller's finished populations: every persona, or those
   * named (each must exist: persona ids are `p0001`… up to the population's count). One credit per
   * persona asked, refunded if the survey fails.
   */
  async acceptAskPanel(accountId: string, request: AskPanelRequest, idempotent?: IdempotencyRequest): Promise<string> {
    const population = await this.jobs.getPopulationSummary(request.population_id, accountId);
    if (!population) throw ServiceError.notFound("population");
    if (population.status !== "succeeded") {
      throw ServiceError.conflict(`population ${population.id} is ${population.status}: a panel can be asked once it has succeeded`);
    }
    const personaIds = request.persona_ids ?? null;
    if (personaIds) {
      const known = new Set(Array.from({ length: population.count }, (_, index) => personaId(index, population.count)));
      const range = `${personaId(0, population.count)} to ${personaId(population.count - 1, population.count)}`;
      const unknown = personaIds.flatMap((id, index) => (known.has(id) ? [] : [{ loc: ["persona_ids", index], msg: `No persona '${id}' in this population (its ids run from ${range})`, type: "value_error" }]));
      if (unknown.length > 0) throw ServiceError.invalidInput(unknown);
    }
    const total = personaIds?.length ?? population.count;
    const cost = askPanelCost(total);
    return this.accept(accountId, "ask-panel", "panel", cost, idempotent, (id) => (tx) =>
      this.jobs.insertPanelSurvey(tx, {
        id,
        accountId,
        populationId: population.id,
        question: request.question,
        choices: request.choices ?? null,
        personaIds,
        seed: 0,
        cost,
        phase: "answering",
        total,
      }),
    );
  }

  /** Charges and creates a new job, or answers with the one this idempotency key already made. */
  private async accept(accountId: string, action: Action, kind: JobKind, cost: number, idempotent: IdempotencyRequest | undefined, create: (id: string) => CreateJob): Promise<string> {
    const store = this.idempotency;
    if (!idempotent) {
      const id = randomUUID();
      await charge(this.accounts, accountId, cost, action, id, create(id));
      await this.enqueue(kind, id);
      return id;
    }
    const entry = { accountId, key: idempotent.key, action, requestHash: requestHash(action, idempotent.body) };
    const replayed = await this.replay(store, entry);
    if (replayed) return replayed;
    const id = randomUUID();
    try {
      await charge(this.accounts, accountId, cost, action, id, async (tx) => {
        await store.record(tx, { ...entry, jobId: id });
        return create(id)(tx);
      });
    } catch (error) {
      // A concurrent duplicate committed first (our transaction rolled back, nothing charged), or
      // took the last credits: its job is the answer.
      const winner = isDuplicateKey(error) || (ServiceError.isInstance(error) && error.kind === "payment_required") ? await this.replay(store, entry) : undefined;
      if (winner) return winner;
      throw error;
    }
    await this.enqueue(kind, id);
    store.sweepExpired().catch((error) => console.error(`[jobs] idempotency sweep failed: ${(error as Error).message}`));
    return id;
  }

  /** The job an earlier request with this key made, if the key is live; 422 if it came with another request. */
  private async replay(store: IdempotencyRepository, entry: { accountId: string; key: string; action: Action; requestHash: string }): Promise<string | undefined> {
    const previous = await store.find(entry.accountId, entry.key);
    if (!previous) return undefined;
    if (previous.requestHash !== entry.requestHash) {
      throw ServiceError.invalidInput([
        {
          loc: IDEMPOTENCY_KEY_LOC,
          msg: `This Idempotency-Key was already used with a different request (${previous.action}); use a new key for a new request`,
          type: "idempotency_key_reused",
        },
      ]);
    }
    return previous.jobId;
  }

  private async enqueue(kind: JobKind, id: string): Promise<void> {
    try {
      await this.queue.enqueue(kind, id);
    } catch (error) {
      // The row is committed and paid for; the reconciler re-queues it. Never lose an accepted job.
      console.error(`[jobs] could not queue ${kind} ${id} now (the reconciler will): ${(error as Error).message}`);
    }
  }
}

/** A fresh seed for a request that sent none, stored with the job so a retry reproduces it. */
function newSeed(): number {
  return randomInt(0, 2 ** 31 - 1);
}

/** SHA-256 of the action and the body's canonical JSON (keys sorted), so key order and spacing do not matter. */
export function requestHash(action: string, body: unknown): string {
  return createHash("sha256").update(`${action}\n${canonicalJson(body)}`).digest("hex");
}

/** JSON with every object's keys sorted. Bodies are depth-bounded by the parser, so recursion is safe. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(",")}}`;
}
