/**
 * Why a job failed, as a stable category (`FailureCategory`), and whether trying again can help.
 * Categories come from the real error classes, never from message text:
 * - the engine's `BlueprintError` (the checker refused the blueprint) → `invalid_blueprint`;
 * - the engine's `SamplingError` (constraints the sampler cannot meet) → `impossible_constraints`;
 * - a model part's `ModelFailureError` → its own category (`provider_error`, `invalid_blueprint`);
 *   it has already used its retries with backoff, so the queue never retries it (a retry would only
 *   repeat paid calls);
 * - anything else a provider (modeller, writer, enhancer) threw, wrapped in `ProviderError` by
 *   `attributeToProviders` → `provider_error`;
 * - anything else (a bug of ours, the store unavailable) → `internal_error`.
 * The first two are deterministic for a request (the pipeline is seeded), so retrying them only
 * delays the answer; the last two may be transient and are retried.
 */
import { BlueprintError } from "../engine/blueprint-check.ts";
import { ModelFailureError, type Enhancer, type Modeller, type Writer } from "../engine/ports.ts";
import { SamplingError } from "../engine/sampler.ts";
import type { FailureCategory } from "../store/jobs.ts";

const providerMarker: unique symbol = Symbol.for("dramatis.jobs.provider-error");

/** A failure of a model or provider, carrying what it threw as `cause`. */
export class ProviderError extends Error {
  private readonly [providerMarker] = true;
  override readonly name = "ProviderError";

  constructor(readonly provider: string, cause: unknown) {
    super(`${provider}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }

  static isInstance(error: unknown): error is ProviderError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[providerMarker] === true;
  }
}

/** The model part's own failure, whether or not `attributeToProviders` wrapped it. */
function modelFailureOf(error: unknown): ModelFailureError | undefined {
  if (ModelFailureError.isInstance(error)) return error;
  if (ProviderError.isInstance(error) && ModelFailureError.isInstance(error.cause)) return error.cause;
  return undefined;
}

export function categorise(error: unknown): FailureCategory {
  const modelFailure = modelFailureOf(error);
  if (modelFailure) return modelFailure.category;
  if (BlueprintError.isInstance(error)) return "invalid_blueprint";
  if (SamplingError.isInstance(error)) return "impossible_constraints";
  if (ProviderError.isInstance(error)) return "provider_error";
  return "internal_error";
}

/** True for categories that the same request reproduces exactly: recorded at once, never retried. */
export function isDeterministic(category: FailureCategory): boolean {
  return category === "invalid_blueprint" || category === "impossible_constraints";
}

/** A failure's category and whether the queue may try the job again. */
export function failureOf(error: unknown): { category: FailureCategory; retry: boolean } {
  const category = categorise(error);
  return { category, retry: modelFailureOf(error) === undefined && !isDeterministic(category) };
}

export interface ProviderSet {
  modeller: Modeller;
  writer: Writer;
  enhancer: Enhancer;
}

/**
 * The same providers, whose failures are marked as theirs. A blueprint or sampling error raised
 * inside a provider (an offline modeller checks its own blueprints) keeps its own category.
 */
export function attributeToProviders({ modeller, writer, enhancer }: ProviderSet): ProviderSet {
  return {
    modeller: { name: modeller.name, design: (request) => attributed(modeller.name, () => modeller.design(request)) },
    writer: {
      name: writer.name,
      // The pipeline reads a model writer's batch settings (personas per call, batches in flight).
      ...(writer.maxBatchSize === undefined ? {} : { maxBatchSize: writer.maxBatchSize }),
      ...(writer.parallelBatches === undefined ? {} : { parallelBatches: writer.parallelBatches }),
      begin(context) {
        const session = attributedNow(writer.name, () => writer.begin(context));
        return { writeBatch: (personas, startIndex) => attributed(writer.name, () => session.writeBatch(personas, startIndex)) };
      },
    },
    enhancer: { name: enhancer.name, enhance: (request) => attributed(enhancer.name, () => enhancer.enhance(request)) },
  };
}

async function attributed<T>(provider: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asProviderFailure(provider, error);
  }
}

function attributedNow<T>(provider: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw asProviderFailure(provider, error);
  }
}

function asProviderFailure(provider: string, error: unknown): unknown {
  const category = categorise(error);
  return category === "internal_error" ? new ProviderError(provider, error) : error;
}
