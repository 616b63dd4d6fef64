/**
 * The validate report (spec 003, DESIGN §4): per-persona scorecards and batch gates.
 *
 * The caller's blueprint is taken as given: gates check what it declares and nothing else (the spec's
 * own example has `order` entries with no definition and personas with undeclared fields, and passes).
 * Per persona: `structure` without a blueprint; with one, `schema`, one gate per constraint (named by
 * the constraint, spec wording), `ordered_values` when any field declares them, and `consistency`.
 * Batch (more than one persona): `unique_persona_ids`, `diversity_floor`, and `marginal_fidelity`
 * when a blueprint declares root categoricals.
 */
import type { Persona } from "../persona.ts";
import type { Diversity, Marginal } from "../persona.ts";
import { normaliseWeights, optimalTvd } from "../apportion.ts";
import { declaredCategories, matchingConditional, type BlueprintInput } from "../blueprint-check.ts";
import { evaluateConstraint, formatNumber, numericValue } from "../constraints.ts";
import { createRng, hashSeed } from "../rng.ts";
import { describeContradiction, findContradictions } from "./consistency.ts";
import { computeDiversity, DUPLICATE_SIMILARITY, type DiversityReport } from "./diversity.ts";
import { computeMarginals, fieldShares, rootCategoricalFields } from "./marginals.ts";
import { round4, totalVariationDistance } from "./tvd.ts";
import { nullPrototypeRecord } from "./own-fields.ts";

/** `diversity_floor` passes when the mean pairwise similarity is below this (and no pair is a duplicate). */
export const MEAN_SIMILARITY_THRESHOLD = 0.5;
/** For populations we generated (quota sampling): TVD may exceed the optimum for N by this (report rounding). */
export const GENERATED_TVD_TOLERANCE = 0.0001;
/** For other populations: TVD may reach this percentile of independent multinomial draws at that N. */
export const EXTERNAL_TVD_PERCENTILE = 0.95;
/** Replicates of the multinomial simulation behind the external threshold. */
export const TVD_SIMULATION_REPLICATES = 1_000;

export interface Gate {
  name: string;
  passed: boolean;
  score: number | null;
  detail: string;
}

export interface Scorecard {
  persona_id: string;
  gates: Gate[];
}

export interface EvaluationReport {
  passed: boolean;
  gates: Gate[];
  scorecards: Scorecard[];
  diversity?: Diversity | DiversityReport;
  marginals?: Marginal[];
}

export interface EvaluationOptions {
  /** `generated`: the population came from our quota sampler, so hold it to the optimum for N. */
  origin?: "generated" | "external";
  seed?: number;
}

type PersonaInput = Partial<Persona> & { fields?: unknown };

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === "string");
}

function structureProblems(persona: PersonaInput): string[] {
  const problems: string[] = [];
  if (typeof persona.persona_id !== "string" || persona.persona_id.trim() === "") problems.push("persona_id is empty");
  if (!isStringRecord(persona.fields)) problems.push("fields must be a map of strings");
  if (typeof persona.system_prompt !== "string" || persona.system_prompt.trim() === "") problems.push("system_prompt is empty");
  if (typeof persona.markdown !== "string" || persona.markdown.trim() === "") problems.push("markdown is empty");
  return problems;
}

function schemaProblems(fields: Record<string, string>, blueprint: BlueprintInput): string[] {
  const problems: string[] = [];
  for (const field of blueprint.fields ?? []) {
    const value = fields[field.name];
    if (value === undefined) {
      problems.push(`missing field '${field.name}'`);
      continue;
    }
    if (field.kind === "categorical") {
      const spec = matchingConditional(field.conditionals, fields, (conditional) => conditional.categorical !== undefined)?.categorical ?? field.categorical;
      const allowed = spec ? Object.keys(spec.weights) : declaredCategories(field);
      if (allowed.length > 0 && !allowed.includes(value)) {
        problems.push(`'${field.name}' is '${value}', not one of ${allowed.join(", ")}`);
      }
    } else if (field.kind === "numeric" || field.kind === "derived") {
      const number = numericValue(value);
      if (number === undefined) {
        problems.push(`'${field.name}' is '${value}', not a number`);
        continue;
      }
      const spec = matchingConditional(field.conditionals, fields, (conditional) => conditional.numeric !== undefined)?.numeric ?? field.numeric;
      if (spec && (number < spec.min || number > spec.max)) {
        problems.push(`'${field.name}' is ${formatNumber(number)}, outside [${formatNumber(spec.min)}, ${formatNumber(spec.max)}]`);
      }
    }
  }
  return problems;
}

function personaGates(persona: PersonaInput, blueprint: BlueprintInput | undefined): Gate[] {
  const structure = structureProblems(persona);
  const fields = isStringRecord(persona.fields) ? persona.fields : {};
  if (!blueprint) {
    return [{ name: "structure", passed: structure.length === 0, score: null, detail: structure.length === 0 ? "persona is well-formed" : structure.join("; ") }];
  }
  const gates: Gate[] = [];
  const problems = [...structure, ...schemaProblems(fields, blueprint)];
  gates.push({ name: "schema", passed: problems.length === 0, score: null, detail: problems.length === 0 ? "all blueprint fields present" : problems.join("; ") });
  for (const constraint of blueprint.constraints ?? []) {
    const result = evaluateConstraint(constraint, fields);
    gates.push({ name: constraint.name, passed: result.passed, score: null, detail: result.detail });
  }
  const ordered = (blueprint.fields ?? []).filter((field) => field.ordered_values !== undefined);
  if (ordered.length > 0) {
    const outside = ordered.filter((field) => fields[field.name] !== undefined && !field.ordered_values?.includes(fields[field.name] as string));
    gates.push({
      name: "ordered_values",
      passed: outside.length === 0,
      score: null,
      detail:
        outside.length === 0
          ? `values on their ordered scales (${ordered.map((field) => field.name).join(", ")})`
          : outside.map((field) => `'${field.name}' is '${fields[field.name]}', not on its scale ${field.ordered_values?.join(" < ")}`).join("; "),
    });
  }
  const contradictions = findContradictions(fields, blueprint);
  gates.push({
    name: "consistency",
    passed: contradictions.length === 0,
    score: null,
    detail: contradictions.length === 0 ? "text fields agree with structured fields" : contradictions.map(describeContradiction).join("; "),
  });
  return gates;
}

const thresholdCache = new Map<string, number>();

/**
 * The `EXTERNAL_TVD_PERCENTILE` quantile of the TVD of `n` independent draws from `weights`, by a
 * seeded simulation (deterministic). Large n uses sequential normal-approximated binomials.
 */
export function multinomialTvdQuantile(weights: Readonly<Record<string, number>>, n: number, percentile = EXTERNAL_TVD_PERCENTILE): number {
  const probabilities = Object.values(normaliseWeights(weights));
  const key = `${n}|${percentile}|${probabilities.join(",")}`;
  const cached = thresholdCache.get(key);
  if (cached !== undefined) return cached;
  const rng = createRng(hashSeed("multinomial-tvd", key));
  const distances: number[] = [];
  const cumulative: number[] = [];
  probabilities.reduce((sum, probability) => (cumulative.push(sum + probability), sum + probability), 0);
  for (let replicate = 0; replicate < TVD_SIMULATION_REPLICATES; replicate++) {
    const counts = new Array<number>(probabilities.length).fill(0);
    if (n <= 2_000) {
      for (let draw = 0; draw < n; draw++) {
        const u = rng.float();
        let index = cumulative.findIndex((bound) => u < bound);
        if (index < 0) index = probabilities.length - 1;
        counts[index] = (counts[index] as number) + 1;
      }
    } else {
      let left = n;
      let mass = 1;
      probabilities.forEach((probability, index) => {
        if (index === probabilities.length - 1 || mass <= 0) {
          counts[index] = left;
          left = 0;
          return;
        }
        const p = Math.min(1, probability / mass);
        // Box–Muller from two uniforms.
        const gaussian = Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
        const count = Math.min(left, Math.max(0, Math.round(left * p + gaussian * Math.sqrt(left * p * (1 - p)))));
        counts[index] = count;
        left -= count;
        mass -= probability;
      });
    }
    let distance = 0;
    probabilities.forEach((probability, index) => (distance += Math.abs(probability - (counts[index] as number) / n)));
    distances.push(distance / 2);
  }
  distances.sort((a, b) => a - b);
  const value = distances[Math.min(distances.length - 1, Math.ceil(percentile * distances.length) - 1)] as number;
  thresholdCache.set(key, value);
  return value;
}

/** The TVD a root categorical may reach at population size n. */
export function marginalThreshold(weights: Readonly<Record<string, number>>, n: number, origin: "generated" | "external"): number {
  const optimum = optimalTvd(weights, n);
  if (origin === "generated") return optimum + GENERATED_TVD_TOLERANCE;
  return Math.max(optimum, multinomialTvdQuantile(weights, n)) + GENERATED_TVD_TOLERANCE;
}

export function evaluatePersonas(
  callerPersonas: readonly PersonaInput[],
  blueprint?: BlueprintInput,
  options: EvaluationOptions = {},
): EvaluationReport {
  // Every check below (and the constraint and conditional readers it calls) looks fields up by
  // name: on null-prototype copies, a field named `toString` is the persona's or nothing.
  const personas = callerPersonas.map((persona) => (isStringRecord(persona.fields) ? { ...persona, fields: nullPrototypeRecord(Object.entries(persona.fields)) } : persona));
  const scorecards: Scorecard[] = personas.map((persona) => ({
    persona_id: typeof persona.persona_id === "string" ? persona.persona_id : "",
    gates: personaGates(persona, blueprint),
  }));
  const gates: Gate[] = [];
  const report: EvaluationReport = { passed: true, gates, scorecards };
  const wellFormed = personas.map((persona) => ({
    persona_id: typeof persona.persona_id === "string" ? persona.persona_id : undefined,
    fields: isStringRecord(persona.fields) ? persona.fields : {},
  }));

  if (personas.length > 1) {
    const counts = new Map<string, number>();
    for (const scorecard of scorecards) counts.set(scorecard.persona_id, (counts.get(scorecard.persona_id) ?? 0) + 1);
    const repeated = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
    gates.push({
      name: "unique_persona_ids",
      passed: repeated.length === 0,
      score: null,
      detail: repeated.length === 0 ? "every persona_id is unique" : `repeated persona_id: ${repeated.slice(0, 10).join(", ")}${repeated.length > 10 ? ", …" : ""}`,
    });

    const diversity = computeDiversity(wellFormed, blueprint, { seed: options.seed ?? 0 });
    report.diversity = diversity;
    const floorPassed = diversity.mean_pairwise_similarity < MEAN_SIMILARITY_THRESHOLD && diversity.duplicate_pairs === 0;
    gates.push({
      name: "diversity_floor",
      passed: floorPassed,
      score: diversity.mean_pairwise_similarity,
      detail: floorPassed
        ? "mean similarity below threshold"
        : [
            diversity.mean_pairwise_similarity >= MEAN_SIMILARITY_THRESHOLD ? `mean similarity ${diversity.mean_pairwise_similarity} is not below ${MEAN_SIMILARITY_THRESHOLD}` : "",
            diversity.duplicate_pairs > 0 ? `${diversity.duplicate_pairs} duplicate pair(s) with similarity ≥ ${DUPLICATE_SIMILARITY}` : "",
          ]
            .filter(Boolean)
            .join("; "),
    });

    if (blueprint) {
      report.marginals = computeMarginals(blueprint, wellFormed);
      const roots = rootCategoricalFields(blueprint).filter((field) => Object.values(field.categorical?.weights ?? {}).some((weight) => weight > 0));
      if (roots.length > 0) {
        const origin = options.origin ?? "external";
        let worst = 0;
        const parts: string[] = [];
        let passed = true;
        for (const field of roots) {
          const weights = field.categorical?.weights ?? {};
          const { requested, achieved } = fieldShares(weights, wellFormed, field.name);
          const distance = totalVariationDistance(requested, achieved);
          const threshold = marginalThreshold(weights, personas.length, origin);
          worst = Math.max(worst, distance);
          const ok = distance <= threshold;
          passed &&= ok;
          parts.push(`${field.name}: TVD ${round4(distance)} ${ok ? "≤" : ">"} ${round4(threshold)}`);
        }
        gates.push({ name: "marginal_fidelity", passed, score: round4(worst), detail: parts.join("; ") });
      }
    }
  }
  report.passed = gates.every((gate) => gate.passed) && scorecards.every((scorecard) => scorecard.gates.every((gate) => gate.passed));
  return report;
}

