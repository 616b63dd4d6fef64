/**
 * The seams where a model plugs in. `offline/` implements each with built-in knowledge and grammar;
 * `llm/` (a later step) implements the same with a language model. The pipeline only sees these.
 */
import type { Blueprint } from "./blueprint.ts";
import type { SampledValues } from "./persona.ts";

export const GROUNDING_LEVELS = ["off", "web", "research"] as const;
export type Grounding = (typeof GROUNDING_LEVELS)[number];

export interface DesignRequest {
  prompt: string;
  count: number;
  grounding: Grounding;
  seed: number;
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
}

/**
 * Writes the `text` fields of a population. A session lives for one population so it can keep
 * population-wide state (e.g. names already used); batches arrive in persona order.
 */
export interface Writer {
  readonly name: string;
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
}

/** Reads a free-text persona sketch into fields and fills in what a full persona needs. */
export interface Enhancer {
  readonly name: string;
  enhance(request: EnhanceRequest): Promise<{ fields: Record<string, string>; blueprint?: Blueprint }>;
}
