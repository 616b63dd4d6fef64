/**
 * Interviewing one persona of a finished population: the model plays the persona's `system_prompt`
 * and answers the conversation's last message, synchronously. A turn costs
 * `INTERVIEW_CREDITS_PER_TURN`: charged before the model is asked (so two turns at once can never
 * spend the same last credit) and refunded in full when the model fails, so only an answer costs
 * anything.
 *
 * The model is a port (`Interviewer`), chosen by `providers.ts`; offline there is none, and the
 * route says so plainly instead of inventing an answer.
 */
import { randomUUID } from "node:crypto";
import type { Persona } from "../engine/persona.ts";
import type { ModelUsage } from "../engine/ports.ts";
import { interviewCost } from "../billing/pricing.ts";
import type { AccountRepository } from "../store/accounts.ts";
import type { JobRepository } from "../store/jobs.ts";
import type { InterviewMessage, InterviewRequest, InterviewResponse } from "../shared/contract.ts";
import { charge } from "./charge.ts";
import { ServiceError } from "./errors.ts";

export interface InterviewInput {
  persona: Persona;
  /** The conversation, oldest first; the last message is the user's. */
  messages: readonly InterviewMessage[];
  signal?: AbortSignal;
}

export interface InterviewReply {
  message: string;
  usage: ModelUsage;
}

/** A model playing a persona. Throws `ModelFailureError` when the provider fails for good. */
export interface Interviewer {
  /** Reported as the answer's `usage.model`, e.g. `openai:gpt-4.1-mini`. */
  readonly model: string;
  reply(input: InterviewInput): Promise<InterviewReply>;
}

/**
 * What the studio's model-backed routes need from the composition root: the interviewer, and
 * whether the workers can answer panel questions. Absent when no model is configured.
 */
export interface StudioModelParts {
  interviewer: Interviewer;
  panel: boolean;
}

export class InterviewService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly jobs: JobRepository,
    private readonly interviewer: Interviewer,
  ) {}

  async interview(accountId: string, request: InterviewRequest, signal?: AbortSignal): Promise<InterviewResponse> {
    const persona = await this.personaOf(accountId, request.population_id, request.persona_id);
    // Each turn has an id of its own in the ledger, so its refund is exactly its charge.
    const turnId = randomUUID();
    await charge(this.accounts, accountId, interviewCost(), "interview", turnId, async () => undefined);
    try {
      const reply = await this.interviewer.reply({ persona, messages: request.messages, ...(signal ? { signal } : {}) });
      return { message: reply.message, usage: { ...reply.usage, model: this.interviewer.model } };
    } catch (error) {
      await this.accounts.refund(turnId, "interview turn failed");
      throw error;
    }
  }

  private async personaOf(accountId: string, populationId: string, personaId: string): Promise<Persona> {
    const found = await this.jobs.getPopulationPersona(populationId, accountId, personaId);
    if (!found) throw ServiceError.notFound("population");
    if (found.status !== "succeeded") {
      throw ServiceError.conflict(`population ${found.id} is ${found.status}: its personas can be interviewed once it has succeeded`);
    }
    if (!found.persona) throw ServiceError.notFound("persona", `no persona '${personaId}' in population ${found.id}`);
    return found.persona as Persona;
  }
}
