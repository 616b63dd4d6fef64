/**
 * One language model as the Populations parts use it: every call goes through the model's adaptive
 * limiter, is bounded in time, retried with backoff on transient failures, and counted in the job's
 * usage. The modeller, writer and enhancer of one model share one `PopulationModel` (and so one
 * limiter); a cheaper writer model is a second one.
 *
 * Failures are honest: a provider that keeps failing, times out or refuses ends in
 * `ModelFailureError` (`provider_error`), never in an offline result. An answer that arrives but does
 * not fit its schema is an `LlmAnswerError`, left to the caller, which re-asks with the problem.
 */
import type { LanguageModel } from "ai";
import { ModelFailureError, type UsageRecorder } from "../../engine/ports.ts";
import { describeLlmError, generateStructuredWithUsage, LlmAnswerError, type StructuredRequest } from "../calls.ts";
import { AdaptiveConcurrencyLimiter } from "./adaptive-limiter.ts";
import { decideRetry, DEFAULT_BACKOFF, isRateLimited, type BackoffPolicy } from "./backoff.ts";

export interface PopulationModelOptions {
  /** Bound on each call (default 120 s: a batch of personas is a long answer). */
  timeoutMs?: number;
  /** Retries of a transient failure (429, 5xx, timeout, network); default 3. */
  maxRetries?: number;
  /** Shared with the other parts of this model; a private one when absent. */
  limiter?: AdaptiveConcurrencyLimiter;
  backoff?: Partial<BackoffPolicy>;
  /** Waits between retries (tests record the delays instead of waiting). */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface CallContext {
  /** Which part asks (`design`, `write`, …), named in errors. */
  stage: string;
  usage?: UsageRecorder;
  signal?: AbortSignal;
}

export const DEFAULT_POPULATION_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_RETRIES = 3;

function sleepFor(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export class PopulationModel {
  readonly limiter: AdaptiveConcurrencyLimiter;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoff: BackoffPolicy;
  private readonly sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(
    readonly model: LanguageModel,
    /** e.g. "openai:gpt-4.1-mini" (never a key); for logs and reports. */
    readonly description: string,
    options: PopulationModelOptions = {},
  ) {
    this.limiter = options.limiter ?? new AdaptiveConcurrencyLimiter();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_POPULATION_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.sleep = options.sleep ?? sleepFor;
    this.random = options.random ?? Math.random;
  }

  /**
   * A structured answer. Throws `LlmAnswerError` when the model answered but not usably (the caller
   * re-asks), `ModelFailureError` when the provider failed for good, the abort reason when cancelled.
   */
  async structured<T>(request: StructuredRequest<T>, context: CallContext): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const ticket = await this.limiter.acquire(context.signal);
      try {
        const { value, usage } = await generateStructuredWithUsage(this.model, request, {
          timeoutMs: this.timeoutMs,
          maxRetries: 0,
          signal: context.signal,
        });
        ticket.release("answered");
        context.usage?.record({ calls: 1, prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens });
        return value;
      } catch (error) {
        if (error instanceof LlmAnswerError) {
          ticket.release("answered");
          context.usage?.record({ calls: 1, prompt_tokens: error.usage?.promptTokens ?? 0, completion_tokens: error.usage?.completionTokens ?? 0 });
          throw error;
        }
        ticket.release(isRateLimited(error) ? "rate-limited" : "failed");
        if (context.signal?.aborted) throw context.signal.reason;
        const decision = decideRetry(error, attempt, this.maxRetries, this.backoff, this.random);
        if (!decision.retry) {
          const attempts = attempt + 1;
          const why = decision.reason ? `${describeLlmError(error)}; ${decision.reason}` : describeLlmError(error);
          throw new ModelFailureError("provider_error", context.stage, `${this.description}: ${why} (${attempts} attempt${attempts === 1 ? "" : "s"})`, { cause: error });
        }
        await this.sleep(decision.delayMs, context.signal);
      }
    }
  }
}
