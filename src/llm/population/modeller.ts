/**
 * The LLM modeller: prompt (+ evidence) → blueprint. One call designs it; a second, cheap call
 * lists what the prompt fixes (place, age range, gender, era, condition, platform), made in
 * parallel. Our code then checks the answer: the engine's checker, a trial sample (constraints that
 * cannot be met in practice), and whether every fixed attribute is honoured. Whatever fails goes
 * back to the model word for word, at most `maxRepairs` times; then the job fails with
 * `invalid_blueprint` (or `provider_error` when the answers were unusable).
 *
 * `sources` are ours: the URLs and citations of the evidence the model was given, plus "model
 * knowledge". The model's answer has no say in them, so it cannot invent a source.
 */
import type { Blueprint } from "../../engine/blueprint.ts";
import { checkBlueprint, formatPath } from "../../engine/blueprint-check.ts";
import { MODEL_KNOWLEDGE_SOURCE, sourcesOfEvidence, type DesignRequest, type Modeller } from "../../engine/ports.ts";
import { sampleStructured, SamplingError } from "../../engine/sampler.ts";
import { fixedAttributeGaps, statedAttributes } from "./fixed-attributes.ts";
import type { CallContext, PopulationModel } from "./population-model.ts";
import { FIXED_ATTRIBUTES_SYSTEM, fixedAttributesPrompt, MODELLER_SYSTEM, modellerPrompt, repairPrompt } from "./prompts.ts";
import { askUntilValid, type CheckOutcome } from "./repair-loop.ts";
import { blueprintFromWire, BlueprintWireSchema, FixedAttributesWireSchema, type BlueprintWire, type FixedAttribute } from "./wire-schemas.ts";

export interface LlmModellerOptions {
  /** Re-asks after the first answer (default 2). */
  maxRepairs?: number;
}

/** Personas drawn to try a blueprint before accepting it: enough to meet an impossible constraint. */
const TRIAL_SAMPLE_SIZE = 50;

export class LlmModeller implements Modeller {
  readonly name: string;
  private readonly maxRepairs: number;

  constructor(
    private readonly model: PopulationModel,
    options: LlmModellerOptions = {},
  ) {
    this.name = `llm ${model.description}`;
    this.maxRepairs = options.maxRepairs ?? 2;
  }

  async design(request: DesignRequest): Promise<Blueprint> {
    const context: CallContext = { stage: "design", usage: request.usage, signal: request.signal };
    const evidence = request.evidence ?? [];
    const fixed = this.fixedAttributes(request.prompt, { ...context, stage: "fixed-attributes" });
    // Awaited inside the first check; until then a failure must not count as unhandled.
    fixed.catch(() => undefined);
    const designed = await askUntilValid(
      this.model,
      {
        system: MODELLER_SYSTEM,
        prompt: modellerPrompt(request.prompt, request.count, evidence),
        schema: BlueprintWireSchema,
        name: "population_blueprint",
        check: async (answer) => checkDesign(answer, await fixed, request.seed),
        repairMessage: repairPrompt,
        maxRepairs: this.maxRepairs,
      },
      context,
    );
    return { ...designed, sources: [...sourcesOfEvidence(evidence), MODEL_KNOWLEDGE_SOURCE], seed: request.seed | 0 };
  }

  /** What the prompt fixes, as the model reads it, keeping only what the prompt really says. */
  async fixedAttributes(prompt: string, context: CallContext): Promise<FixedAttribute[]> {
    const listed = await askUntilValid(
      this.model,
      {
        system: FIXED_ATTRIBUTES_SYSTEM,
        prompt: fixedAttributesPrompt(prompt),
        schema: FixedAttributesWireSchema,
        name: "fixed_attributes",
        check: (answer) => ({ ok: true, result: answer.attributes }),
        repairMessage: repairPrompt,
        maxRepairs: 1,
      },
      context,
    );
    return statedAttributes(prompt, listed);
  }
}

/** Everything wrong with a blueprint answer, in words the model can act on; or the blueprint. */
export function checkDesign(answer: BlueprintWire, fixed: readonly FixedAttribute[], seed: number): CheckOutcome<Blueprint> {
  const { blueprint, problems } = blueprintFromWire(answer);
  if (!blueprint) return { ok: false, problems, category: "invalid_blueprint" };
  for (const issue of checkBlueprint(blueprint)) problems.push(`${formatPath(issue.path)}: ${issue.message}`);
  if (!blueprint.fields.some((field) => field.kind === "categorical" || field.kind === "numeric")) {
    problems.push("fields: no categorical or numeric field: every persona would be the same; add the fields that vary in this population");
  }
  problems.push(...fixedAttributeGaps(blueprint, fixed));
  if (problems.length === 0) {
    try {
      sampleStructured(blueprint, TRIAL_SAMPLE_SIZE, seed);
    } catch (error) {
      if (!SamplingError.isInstance(error)) throw error;
      problems.push(`sampling failed: ${error.message}`);
    }
  }
  return problems.length === 0 ? { ok: true, result: blueprint } : { ok: false, problems, category: "invalid_blueprint" };
}
