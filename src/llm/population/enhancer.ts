/**
 * The LLM enhancer: sketch → a full persona that keeps every stated fact (checked by us: every
 * number and proper noun of the sketch survives into the fields; what is missing is sent back, at
 * most `maxRepairs` times), infers the fields the sketch implies and writes voice and detail. The
 * sketch is data, in a block of the user message.
 */
import type { Blueprint, Field } from "../../engine/blueprint.ts";
import type { EnhanceRequest, Enhancer } from "../../engine/ports.ts";
import { numericValue } from "../../engine/constraints.ts";
import type { PopulationModel } from "./population-model.ts";
import { ENHANCER_SYSTEM, enhancerPrompt, missingFactsPrompt } from "./prompts.ts";
import { askUntilValid, type CheckOutcome } from "./repair-loop.ts";
import { missingFacts, sketchFacts, type SketchFacts } from "./sketch-facts.ts";
import { EnhancedPersonaWireSchema, type EnhancedPersonaWire } from "./wire-schemas.ts";

export interface LlmEnhancerOptions {
  /** Re-asks after the first answer (default 2). */
  maxRepairs?: number;
}

export interface EnhancedPersona {
  fields: Record<string, string>;
  blueprint: Blueprint;
}

/** Fields every enhanced persona has. */
const REQUIRED_FIELDS = ["name", "age", "voice"] as const;

export class LlmEnhancer implements Enhancer {
  readonly name: string;
  private readonly maxRepairs: number;

  constructor(
    private readonly model: PopulationModel,
    options: LlmEnhancerOptions = {},
  ) {
    this.name = `llm ${model.description}`;
    this.maxRepairs = options.maxRepairs ?? 2;
  }

  async enhance(request: EnhanceRequest): Promise<EnhancedPersona> {
    const facts = sketchFacts(request.sketch);
    return askUntilValid(
      this.model,
      {
        system: ENHANCER_SYSTEM,
        prompt: enhancerPrompt(request.sketch),
        schema: EnhancedPersonaWireSchema,
        name: "enhanced_persona",
        check: (answer) => checkEnhanced(answer, facts),
        repairMessage: missingFactsPrompt,
        maxRepairs: this.maxRepairs,
        temperature: 0.7,
      },
      { stage: "enhance", usage: request.usage, signal: request.signal },
    );
  }
}

function snakeCase(name: string): string {
  return name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** The persona and the blueprint describing its fields for the renderer; or what to fix. */
export function checkEnhanced(answer: EnhancedPersonaWire, facts: SketchFacts): CheckOutcome<EnhancedPersona> {
  const problems: string[] = [];
  const fields: Record<string, string> = {};
  const described: Field[] = [];
  for (const entry of answer.fields) {
    const name = snakeCase(entry.name);
    const value = entry.value.trim();
    if (name === "") continue;
    if (Object.hasOwn(fields, name)) {
      problems.push(`field '${name}' is given twice: merge them into one`);
      continue;
    }
    if (value === "") {
      problems.push(`field '${name}' is empty: give it a value or leave it out`);
      continue;
    }
    const number = entry.kind === "numeric" ? numericValue(value) : undefined;
    if (entry.kind === "numeric" && number === undefined) problems.push(`field '${name}' is numeric but its value '${value}' is not a number`);
    fields[name] = value;
    const unit = entry.unit?.trim();
    described.push({
      name,
      kind: entry.kind,
      ...(entry.description.trim() ? { description: entry.description.trim() } : {}),
      parents: [],
      conditionals: [],
      ...(entry.kind === "categorical" ? { categorical: { weights: { [value]: 1 } } } : {}),
      ...(entry.kind === "numeric" && number !== undefined ? { numeric: { min: number, max: number, mean: number, sd: 0, ...(unit ? { unit } : {}) } } : {}),
    });
  }
  for (const required of REQUIRED_FIELDS) if (!Object.hasOwn(fields, required)) problems.push(`the field '${required}' is missing`);
  if (fields.age !== undefined && numericValue(fields.age) === undefined) problems.push(`'age' must be a number, not '${fields.age}'`);
  problems.push(...missingFacts(facts, Object.values(fields)));
  if (problems.length > 0) return { ok: false, problems };
  const label = answer.label.trim();
  return {
    ok: true,
    result: {
      fields,
      blueprint: { domain: "enhanced_persona", ...(label ? { label } : {}), order: [], fields: described, constraints: [] },
    },
  };
}
