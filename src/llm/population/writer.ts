/**
 * The LLM writer: the text fields of a batch of personas in one call (10 by default, never one call
 * per field), from each persona's sampled fields, the blueprint's field descriptions and the
 * population prompt (as data). Every answer is checked per persona: answered, no empty text field,
 * no contradiction of its structured fields (the engine's consistency gate: ages, places,
 * categories, years), a name no other persona of the population has (case- and accent-blind). Only
 * the personas that fail are asked again, alone, with exactly what was wrong; after `maxRewrites`
 * the job fails with `provider_error`.
 *
 * With a cheaper writer model, first drafts come from it and rewrites from the main model.
 */
import { findContradictions, describeContradiction } from "../../engine/quality/consistency.ts";
import { ModelFailureError, type Writer, type WritingContext, type WritingSession } from "../../engine/ports.ts";
import type { SampledValues } from "../../engine/persona.ts";
import { toFieldStrings } from "../../engine/sampler.ts";
import { dataBlock, LlmAnswerError } from "../calls.ts";
import type { CallContext, PopulationModel } from "./population-model.ts";
import { describedValues, rewritePrompt, writerPrompt, writerSystem } from "./prompts.ts";
import { clipText, foldText } from "./text-matching.ts";
import { NAME_FIELD_NAMES, writtenBatchSchema, type WrittenBatch } from "./wire-schemas.ts";

export interface LlmWriterOptions {
  /** A cheaper model for first drafts (`DRAMATIS_WRITER_MODEL`); rewrites use the main model. */
  writerModel?: PopulationModel;
  /** Personas per call (default 10). */
  batchSize?: number;
  /** Re-asks of a failing persona (default 2). */
  maxRewrites?: number;
  /** Batches the pipeline may have in flight; the model's limiter bounds the calls (default 8). */
  parallelBatches?: number;
}

export const DEFAULT_WRITER_BATCH_SIZE = 10;
/** Names shown to the model as already taken; uniqueness itself is checked over the whole population. */
const NAMES_SHOWN = 200;
const WRITING_TEMPERATURE = 0.8;

export class LlmWriter implements Writer {
  readonly name: string;
  readonly maxBatchSize: number;
  readonly parallelBatches: number;
  private readonly maxRewrites: number;

  constructor(
    private readonly model: PopulationModel,
    private readonly options: LlmWriterOptions = {},
  ) {
    this.name = `llm ${options.writerModel?.description ?? model.description}`;
    this.maxBatchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_WRITER_BATCH_SIZE));
    this.parallelBatches = Math.max(1, Math.floor(options.parallelBatches ?? 8));
    this.maxRewrites = options.maxRewrites ?? 2;
  }

  begin(context: WritingContext): WritingSession {
    return new LlmWritingSession(context, { drafts: this.options.writerModel ?? this.model, rewrites: this.model }, this.maxRewrites);
  }
}

interface PersonaToWrite {
  index: number;
  /** Structured values as the model sees them (numbers with units). */
  values: Record<string, string>;
  /** Structured values as wire strings, for the consistency gate. */
  fields: Record<string, string>;
}

class LlmWritingSession implements WritingSession {
  private readonly textFields: string[];
  private readonly nameField: string | undefined;
  /** Folded name → the persona index that holds it, over the whole population. */
  private readonly namesTaken = new Map<string, number>();
  private readonly namesInOrder: string[] = [];

  constructor(
    private readonly context: WritingContext,
    private readonly models: { drafts: PopulationModel; rewrites: PopulationModel },
    private readonly maxRewrites: number,
  ) {
    this.textFields = context.blueprint.fields.filter((field) => field.kind === "text").map((field) => field.name);
    this.nameField = NAME_FIELD_NAMES.find((name) => this.textFields.includes(name));
    for (const [index, texts] of context.written ?? []) this.takeName(texts, index);
  }

  async writeBatch(personas: readonly SampledValues[], startIndex: number): Promise<Array<Record<string, string>>> {
    if (this.textFields.length === 0) return personas.map(() => ({}));
    const batch: PersonaToWrite[] = personas.map((values, offset) => ({
      index: startIndex + offset,
      values: describedValues(this.context.blueprint, values),
      fields: toFieldStrings(values),
    }));
    const written = new Map<number, Record<string, string>>();
    let pending = batch;
    let feedback: Array<{ index: number; problems: string[]; texts?: Record<string, string> }> = [];
    for (let round = 0; round <= this.maxRewrites && pending.length > 0; round++) {
      const model = round === 0 ? this.models.drafts : this.models.rewrites;
      const answers = await this.ask(model, pending, feedback);
      feedback = [];
      for (const persona of pending) {
        const texts = answers.texts.get(persona.index);
        const problems = answers.problem ? [answers.problem] : this.problemsOf(persona, texts);
        if (problems.length === 0 && texts) {
          written.set(persona.index, texts);
          this.takeName(texts, persona.index);
        } else feedback.push({ index: persona.index, problems, ...(texts ? { texts } : {}) });
      }
      pending = pending.filter((persona) => !written.has(persona.index));
    }
    if (pending.length > 0) {
      const details = feedback.map((entry) => `persona ${entry.index}: ${entry.problems.map((problem) => clipText(problem, 200)).join("; ")}`);
      throw new ModelFailureError("provider_error", "write", `${pending.length} persona(s) still failing after ${this.maxRewrites} rewrite(s): ${details.join(" | ")}`);
    }
    return batch.map((persona) => written.get(persona.index) as Record<string, string>);
  }

  private async ask(
    model: PopulationModel,
    personas: readonly PersonaToWrite[],
    feedback: ReadonlyArray<{ index: number; problems: string[]; texts?: Record<string, string> }>,
  ): Promise<{ texts: Map<number, Record<string, string>>; problem?: string }> {
    const prompt = writerPrompt({
      prompt: this.context.prompt,
      blueprint: this.context.blueprint,
      textFields: this.textFields,
      personas: personas.map(({ index, values }) => ({ index, values })),
      usedNames: this.namesInOrder.slice(-NAMES_SHOWN),
    });
    const rewrite =
      feedback.length > 0
        ? [
            dataBlock("your previous texts for these personas", feedback.filter((entry) => entry.texts).map((entry) => ({ index: entry.index, texts: entry.texts }))),
            rewritePrompt(feedback),
          ].join("\n\n")
        : "";
    const context: CallContext = { stage: "write", usage: this.context.usage, signal: this.context.signal };
    try {
      const answer: WrittenBatch = await model.structured(
        {
          system: writerSystem(this.textFields),
          prompt: rewrite ? `${prompt}\n\n${rewrite}` : prompt,
          schema: writtenBatchSchema(this.textFields),
          name: "persona_texts",
          temperature: WRITING_TEMPERATURE,
        },
        context,
      );
      const texts = new Map<number, Record<string, string>>();
      for (const entry of answer.personas) if (!texts.has(entry.index)) texts.set(entry.index, entry.texts);
      return { texts };
    } catch (error) {
      if (!(error instanceof LlmAnswerError)) throw error;
      return { texts: new Map(), problem: `the answer could not be used (${error.message}); answer with the JSON object only` };
    }
  }

  /** Everything wrong with one persona's texts, worded for the model. */
  private problemsOf(persona: PersonaToWrite, texts: Record<string, string> | undefined): string[] {
    if (!texts) return ["not answered: write this persona"];
    const problems: string[] = [];
    for (const field of this.textFields) {
      if (typeof texts[field] !== "string" || texts[field].trim() === "") problems.push(`\`${field}\` is empty`);
    }
    const contradictions = findContradictions({ ...persona.fields, ...texts }, this.context.blueprint);
    for (const contradiction of contradictions) problems.push(`${describeContradiction(contradiction)}: the text must agree with the field`);
    const name = this.nameField ? texts[this.nameField]?.trim() : undefined;
    if (name) {
      const holder = this.namesTaken.get(foldText(name));
      if (holder !== undefined && holder !== persona.index) problems.push(`the name '${name}' is already used by another persona of this population: choose a different name`);
    }
    return problems;
  }

  private takeName(texts: Readonly<Record<string, string>>, index: number): void {
    const name = this.nameField ? texts[this.nameField]?.trim() : undefined;
    if (!name) return;
    const folded = foldText(name);
    if (this.namesTaken.has(folded)) return;
    this.namesTaken.set(folded, index);
    this.namesInOrder.push(name);
  }
}
