/**
 * The seams where a model plugs in. `offline/` implements each with built-in knowledge and grammar;
 * `llm/` implements the same with a language model; `grounding/` gathers evidence from search. The
 * pipeline only sees these.
 */
import type { Blueprint } from "./blueprint.ts";
import type { SampledValues } from "./persona.ts";

export const GROUNDING_LEVELS = ["off", "web", "research"] as const;
export type Grounding = (typeof GROUNDING_LEVELS)[number];

export const EVIDENCE_KINDS = ["search", "page", "built-in"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * Something retrieved that a modeller may turn into distributions: a search result's snippet, a
 * page's text, or a built-in domain's cited figures. Only our code creates evidence, so its `url`s
 * are real retrievals, never a model's invention.
 */
export interface Evidence {
  title: string;
  /** Where it was retrieved from; absent for built-in evidence. */
  url?: string;
  excerpt: string;
  kind: EvidenceKind;
  /** For built-in evidence: how the domain library cites its figures (goes to `blueprint.sources`). */
  citations?: string[];
}

/** What `sources` says for knowledge no evidence backs. */
export const MODEL_KNOWLEDGE_SOURCE = "model knowledge";

/**
 * The `blueprint.sources` entries for the evidence a modeller was given: the URL of each retrieved
 * result or page, the citations of built-in evidence; in order, each once.
 */
export function sourcesOfEvidence(evidence: readonly Evidence[]): string[] {
  const sources: string[] = [];
  for (const item of evidence) {
    const cited = item.kind === "built-in" ? (item.citations?.length ? item.citations : [item.url ?? item.title]) : item.url ? [item.url] : [];
    for (const source of cited) if (source.trim() !== "" && !sources.includes(source)) sources.push(source);
  }
  return sources;
}

/** Model calls and tokens spent on one job (an additive report; offline it stays at zero). */
export interface ModelUsage {
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** Where a part that calls a model records what each call cost; one per job, shared by its parts. */
export interface UsageRecorder {
  record(usage: ModelUsage): void;
}

export interface DesignRequest {
  prompt: string;
  count: number;
  grounding: Grounding;
  seed: number;
  /** Gathered by the pipeline's `EvidenceSource`s; a modeller turns it into distributions and cites it. */
  evidence?: Evidence[];
  usage?: UsageRecorder;
  signal?: AbortSignal;
}

/** Infers the field model of a population from its prompt. */
export interface Modeller {
  readonly name: string;
  design(request: DesignRequest): Promise<Blueprint>;
}

export interface WritingContext {
  prompt: string;
  blueprint: Blueprint;
  seed: number;
  count: number;
  usage?: UsageRecorder;
  signal?: AbortSignal;
  /**
   * A resumed population: the texts an earlier attempt wrote, by persona index. A writer that keeps
   * population-wide state (unique names) takes them into account; one that does not ignores them.
   */
  written?: ReadonlyMap<number, Readonly<Record<string, string>>>;
}

/**
 * Writes the `text` fields of a population. A session lives for one population so it can keep
 * population-wide state (e.g. names already used); batches arrive in persona order.
 */
export interface Writer {
  readonly name: string;
  /** The most personas one `writeBatch` should get (an LLM writer answers a batch in one call). */
  readonly maxBatchSize?: number;
  /**
   * How many batches may be in flight at once (default 1: one after the other, in order). A writer
   * that allows more must keep its session state consistent when batches land out of order.
   */
  readonly parallelBatches?: number;
  begin(context: WritingContext): WritingSession;
}

export interface WritingSession {
  /**
   * `personas[i]` holds the structured values of persona `startIndex + i`; returns for each the
   * values of every text field, as strings.
   */
  writeBatch(personas: readonly SampledValues[], startIndex: number): Promise<Array<Record<string, string>>>;
}

export interface EnhanceRequest {
  sketch: string;
  grounding: Grounding;
  seed: number;
  usage?: UsageRecorder;
  signal?: AbortSignal;
}

/** Reads a free-text persona sketch into fields and fills in what a full persona needs. */
export interface Enhancer {
  readonly name: string;
  enhance(request: EnhanceRequest): Promise<{ fields: Record<string, string>; blueprint?: Blueprint }>;
}

export interface EvidenceRequest {
  prompt: string;
  count: number;
  grounding: Grounding;
  usage?: UsageRecorder;
  signal?: AbortSignal;
}

/**
 * Gathers evidence for a population: the built-in domain library's cited distributions
 * (`kind: "built-in"`) or search grounding (`kind: "search"`). An empty list means nothing relevant.
 */
export interface EvidenceSource {
  readonly name: string;
  readonly kind: "search" | "built-in";
  gather(request: EvidenceRequest): Promise<Evidence[]>;
}

export interface QueryPlanRequest {
  prompt: string;
  /** 1 for the first round; later rounds see what was found so far and look for what is missing. */
  round: number;
  maxQueries: number;
  found: readonly Evidence[];
  usage?: UsageRecorder;
  signal?: AbortSignal;
}

/** Turns a population prompt into a few web search queries on its key attributes. */
export interface SearchQueryPlanner {
  readonly name: string;
  plan(request: QueryPlanRequest): Promise<string[]>;
}

/** The failure categories a model-backed part can end a job with (a subset of the poll's `error`). */
export type ModelFailureCategory = "provider_error" | "invalid_blueprint";

/**
 * A model-backed part gave up: the provider failed, timed out or answered unusably after bounded
 * retries (`provider_error`), or its blueprint stayed unsamplable after the repairs
 * (`invalid_blueprint`). Never answered with an offline result instead; the worker fails the job
 * with `category`.
 */
export class ModelFailureError extends Error {
  override readonly name = "ModelFailureError";
  constructor(
    readonly category: ModelFailureCategory,
    /** Which part gave up: `design`, `fixed-attributes`, `write`, `enhance`, `plan-search`. */
    readonly stage: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${stage}: ${message}`, options);
  }
  static isInstance(error: unknown): error is ModelFailureError {
    return error instanceof Error && error.name === "ModelFailureError" && typeof (error as ModelFailureError).category === "string";
  }
}
