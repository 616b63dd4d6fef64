/**
 * Accepting the three billable jobs: price the request, charge it and create its row in one
 * transaction (or answer 402 with nothing changed), then hand it to the queue.
 */
import { randomInt, randomUUID } from "node:crypto";
import type { AccountRepository } from "../store/accounts.ts";
import { InsufficientCreditsError } from "../store/accounts.ts";
import type { JobRepository } from "../store/jobs.ts";
import type { JobKind, JobQueue } from "../jobs/queue.ts";
import type { EnhanceRequest, GenerateRequest, ValidateRequest } from "../shared/contract.ts";
import { enhanceCost, generateCost, validateCost } from "../billing/pricing.ts";
import { ServiceError } from "./errors.ts";


export class JobsService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly jobs: JobRepository,
    private readonly queue: JobQueue,
  ) {}

  async acceptGenerate(accountId: string, request: GenerateRequest): Promise<string> {
    const id = randomUUID();
    const cost = generateCost(request.count, request.grounding);
    await this.charge(accountId, cost, "generate", id, (tx) =>
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
      }),
    );
    await this.enqueue("population", id);
    return id;
  }

  async acceptEnhance(accountId: string, request: EnhanceRequest): Promise<string> {
    const id = randomUUID();
    const cost = enhanceCost(request.grounding);
    await this.charge(accountId, cost, "enhance", id, (tx) =>
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
    await this.enqueue("enhancement", id);
    return id;
  }

  async acceptValidate(accountId: string, request: ValidateRequest): Promise<string> {
    const id = randomUUID();
    const cost = validateCost(request.personas.length);
    await this.charge(accountId, cost, "validate", id, (tx) =>
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
    await this.enqueue("evaluation", id);
    return id;
  }

  private async charge(
    accountId: string,
    cost: number,
    component: "generate" | "enhance" | "validate",
    id: string,
    create: Parameters<AccountRepository["chargeAndCreate"]>[4],
  ): Promise<void> {
    try {
      await this.accounts.chargeAndCreate(accountId, cost, component, id, create);
    } catch (error) {
      if (error instanceof InsufficientCreditsError) throw ServiceError.paymentRequired(cost, error);
      throw error;
    }
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
