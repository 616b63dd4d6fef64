/**
 * The language-model Populations parts: modeller, writer, enhancer and the search query planner,
 * behind the engine's ports. `createLlmPopulationParts` builds them for one configured model (and
 * an optional cheaper writer model), sharing one adaptive limiter per model.
 */
import type { ResolvedModel } from "../model.ts";
import { AdaptiveConcurrencyLimiter, type AdaptiveLimiterOptions } from "./adaptive-limiter.ts";
import { LlmEnhancer } from "./enhancer.ts";
import { LlmModeller } from "./modeller.ts";
import { PopulationModel, type PopulationModelOptions } from "./population-model.ts";
import { LlmQueryPlanner } from "./query-planner.ts";
import { LlmWriter } from "./writer.ts";

export { AdaptiveConcurrencyLimiter, type AdaptiveLimiterOptions, type CallOutcome, type LimiterTicket } from "./adaptive-limiter.ts";
export { decideRetry, retryAfterMs, DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff.ts";
export { LlmEnhancer, type LlmEnhancerOptions } from "./enhancer.ts";
export { LlmModeller, type LlmModellerOptions } from "./modeller.ts";
export { PopulationModel, DEFAULT_POPULATION_TIMEOUT_MS, type PopulationModelOptions, type CallContext } from "./population-model.ts";
export { LlmQueryPlanner } from "./query-planner.ts";
export { LlmWriter, DEFAULT_WRITER_BATCH_SIZE, type LlmWriterOptions } from "./writer.ts";

export interface LlmPopulationSettings {
  model: ResolvedModel;
  /** `DRAMATIS_WRITER_MODEL`: first drafts of text fields; rewrites stay with `model`. */
  writerModel?: ResolvedModel;
  /** Bound on each call (`DRAMATIS_LLM_TIMEOUT_MS`; default 120 s for population calls). */
  timeoutMs?: number;
  maxRetries?: number;
  /** Personas per writer call (default 10). */
  writerBatchSize?: number;
  limiter?: AdaptiveLimiterOptions;
}

export interface LlmPopulationParts {
  /** The main model with its limiter, for other calls that should share it (interviews, panels). */
  model: PopulationModel;
  modeller: LlmModeller;
  writer: LlmWriter;
  enhancer: LlmEnhancer;
  queryPlanner: LlmQueryPlanner;
  description: string;
}

export function createLlmPopulationParts(settings: LlmPopulationSettings): LlmPopulationParts {
  const options = (): PopulationModelOptions => ({
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    limiter: new AdaptiveConcurrencyLimiter(settings.limiter),
  });
  const main = new PopulationModel(settings.model.model, settings.model.description, options());
  const writerModel = settings.writerModel ? new PopulationModel(settings.writerModel.model, settings.writerModel.description, options()) : undefined;
  return {
    model: main,
    modeller: new LlmModeller(main),
    writer: new LlmWriter(main, { writerModel, batchSize: settings.writerBatchSize }),
    enhancer: new LlmEnhancer(main),
    queryPlanner: new LlmQueryPlanner(main),
    description: writerModel ? `${main.description} (texts drafted by ${writerModel.description})` : main.description,
  };
}
