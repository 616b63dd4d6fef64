/**
 * The offline engine's knowledge as evidence for a model-backed modeller, for every prompt: what
 * the offline modeller makes of it (the built-in domain when one fits, else the blueprint composed
 * from the prompt's parts: the occupation's ages and gender shares, the place's cities, the
 * condition's onset, the game's ranks…) goes to the model as excerpts with their citations, so it
 * refines real figures instead of inventing them, and `blueprint.sources` cites the data. What the
 * offline engine could not model is said too, so the model knows what it has to add itself.
 */
import type { Blueprint, Field } from "../engine/blueprint.ts";
import type { Evidence, EvidenceRequest, EvidenceSource } from "../engine/ports.ts";
import { OfflineModeller } from "./modeller.ts";

/**
 * An excerpt stays under what the modeller's prompt shows of one evidence item (1,500 characters),
 * so a long domain becomes several items rather than a clipped one.
 */
const EXCERPT_CHARACTERS = 1_400;
/** Categories listed per distribution; a long champion list says how many it left out. */
const CATEGORIES_SHOWN = 12;

export class BuiltInEvidenceSource implements EvidenceSource {
  readonly name = "built-in domains";
  readonly kind = "built-in" as const;
  private readonly modeller = new OfflineModeller();

  async gather(request: EvidenceRequest): Promise<Evidence[]> {
    const designed = this.modeller.designSync({ prompt: request.prompt, count: request.count, grounding: "off", seed: 0 });
    const { unmodelled, ...blueprint } = designed;
    return domainEvidence(blueprint, unmodelled);
  }
}

/** A blueprint as excerpts of its figures, each carrying its citations; `unmodelled` says what the data did not cover. */
export function domainEvidence(blueprint: Blueprint, unmodelled: readonly string[] = []): Evidence[] {
  const name = blueprint.label ?? blueprint.domain;
  const citations = (blueprint.sources ?? []).filter((source) => source.trim() !== "");
  const lines = [
    ...blueprint.fields.flatMap((field) => fieldLines(field)),
    ...blueprint.constraints.map((constraint) => `constraint ${constraint.name}: ${constraint.lhs} ${constraint.op} ${constraint.rhs}`),
    ...(blueprint.rationale ? [`how the figures were chosen: ${blueprint.rationale}`] : []),
    ...(unmodelled.length > 0 ? [`not covered by the built-in data (model these yourself): ${unmodelled.map((word) => `"${word}"`).join(", ")}`] : []),
  ];
  const excerpts: string[] = [];
  let current = "";
  for (const line of lines) {
    const clipped = line.length > EXCERPT_CHARACTERS ? `${line.slice(0, EXCERPT_CHARACTERS - 1)}…` : line;
    if (current !== "" && current.length + 1 + clipped.length > EXCERPT_CHARACTERS) {
      excerpts.push(current);
      current = "";
    }
    current = current === "" ? clipped : `${current}\n${clipped}`;
  }
  if (current !== "") excerpts.push(current);
  return excerpts.map((excerpt, index) => ({
    kind: "built-in",
    title: `Dramatis built-in figures: ${name}${excerpts.length > 1 ? ` (part ${index + 1} of ${excerpts.length})` : ""}`,
    excerpt,
    citations,
  }));
}

function fieldLines(field: Field): string[] {
  if (field.kind === "text") return [];
  const label = field.label ?? field.name;
  const heading = `${field.name}${label !== field.name ? ` (${label})` : ""}`;
  const lines: string[] = [];
  const own = distribution(field.categorical?.weights, field.numeric);
  if (own) lines.push(`${heading}: ${own}`);
  for (const conditional of field.conditionals) {
    const cell = Object.entries(conditional.when).map(([parent, value]) => `${parent}=${value}`).join(", ");
    const figures = distribution(conditional.categorical?.weights, conditional.numeric);
    if (figures) lines.push(`${heading} when ${cell}: ${figures}`);
  }
  if (field.kind === "derived" && field.formula) lines.push(`${heading} = ${field.formula}`);
  if (field.ordered_values?.length) lines.push(`${heading} is ordered: ${field.ordered_values.join(" < ")}`);
  return lines;
}

function distribution(weights: Record<string, number> | undefined, numeric: Field["numeric"]): string | undefined {
  if (weights) {
    const entries = Object.entries(weights).filter(([, weight]) => weight > 0);
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    if (total <= 0) return undefined;
    const shown = entries.slice(0, CATEGORIES_SHOWN).map(([value, weight]) => `${value} ${percent(weight / total)}`);
    const more = entries.length > CATEGORIES_SHOWN ? `, and ${entries.length - CATEGORIES_SHOWN} more` : "";
    return `${shown.join(", ")}${more}`;
  }
  if (numeric) {
    const unit = numeric.unit ? ` ${numeric.unit}` : "";
    return `${numeric.min}–${numeric.max}${unit}, mean ${round(numeric.mean)}, sd ${round(numeric.sd)}${numeric.integer ? ", whole numbers" : ""}`;
  }
  return undefined;
}

function percent(share: number): string {
  const value = share * 100;
  return `${value >= 10 || value === 0 ? Math.round(value) : Math.round(value * 10) / 10}%`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
