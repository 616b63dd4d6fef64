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
import { matchingConditional, type BlueprintInput, type FieldInput } from "../blueprint-check.ts";
import type { Constraint } from "../blueprint.ts";
import { compileConstraint, evaluateConstraint, formatNumber, numericValue, type CompiledConstraint } from "../constraints.ts";
import { createRng, hashSeed } from "../rng.ts";
import { consistencyChecker, describeContradiction, type Contradiction } from "./consistency.ts";
import { clip, listNames, ProblemList, quote } from "./listing.ts";
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

/**
 * Gates on all the scorecards of one evaluation, at most: personas × (constraints + 3). A scorecard
 * holds `schema`, one gate per constraint, `ordered_values` and `consistency`, so a blueprint's
 * constraints multiply the report by the number of personas; 150,000 is 20,000 personas with 4
 * constraints, or 2,800 with the 50 a blueprint may have (a gate's detail is at most 300 characters).
 */
export const MAX_SCORECARD_GATES = 150_000;

/** Gates each persona's scorecard has against `blueprint` (at most: `ordered_values` only when a field declares a scale). */
export function gatesPerPersona(blueprint?: BlueprintInput): number {
  return blueprint ? (blueprint.constraints?.length ?? 0) + 3 : 1;
}

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

/** What every persona is checked against, prepared once per evaluation (not once per persona). */
interface PreparedBlueprint {
  blueprint: BlueprintInput;
  fields: FieldInput[];
  /** Each categorical field's categories over its base and every conditional. */
  categories: Map<string, string[]>;
  constraints: Array<Constraint | CompiledConstraint>;
  ordered: FieldInput[];
  contradictions: (fields: Readonly<Record<string, string>>) => Contradiction[];
}

function prepare(blueprint: BlueprintInput): PreparedBlueprint {
  const fields = blueprint.fields ?? [];
  const categories = new Map<string, string[]>();
  for (const field of fields) {
    if (field.kind !== "categorical") continue;
    const all = new Set(Object.keys(field.categorical?.weights ?? {}));
    for (const conditional of field.conditionals ?? []) for (const key of Object.keys(conditional.categorical?.weights ?? {})) all.add(key);
    categories.set(field.name, [...all]);
  }
  const constraints = (blueprint.constraints ?? []).map((constraint) => {
    try {
      return compileConstraint(constraint as Constraint);
    } catch {
      // Evaluated as given, so the gate says what is malformed about it.
      return constraint as Constraint;
    }
  });
  return {
    blueprint,
    fields,
    categories,
    constraints,
    ordered: fields.filter((field) => field.ordered_values !== undefined),
    contradictions: consistencyChecker(blueprint),
  };
}

function schemaProblems(fields: Record<string, string>, prepared: PreparedBlueprint, problems: ProblemList): void {
  for (const field of prepared.fields) {
    const value = fields[field.name];
    if (value === undefined) {
      problems.add(() => `missing field ${quote(field.name)}`);
      continue;
    }
    if (field.kind === "categorical") {
      const spec = matchingConditional(field.conditionals, fields, (conditional) => conditional.categorical !== undefined)?.categorical ?? field.categorical;
      if (spec) {
        if (!Object.hasOwn(spec.weights, value) && Object.keys(spec.weights).length > 0) {
          problems.add(() => `${quote(field.name)} is ${quote(value)}, not one of ${listNames(Object.keys(spec.weights))}`);
        }
      } else {
        const allowed = prepared.categories.get(field.name) ?? [];
        if (allowed.length > 0 && !allowed.includes(value)) problems.add(() => `${quote(field.name)} is ${quote(value)}, not one of ${listNames(allowed)}`);
      }
    } else if (field.kind === "numeric" || field.kind === "derived") {
      const number = numericValue(value);
      if (number === undefined) {
        problems.add(() => `${quote(field.name)} is ${quote(value)}, not a number`);
        continue;
      }
      const spec = matchingConditional(field.conditionals, fields, (conditional) => conditional.numeric !== undefined)?.numeric ?? field.numeric;
      if (spec && (number < spec.min || number > spec.max)) {
        problems.add(() => `${quote(field.name)} is ${formatNumber(number)}, outside [${formatNumber(spec.min)}, ${formatNumber(spec.max)}]`);
      }
    }
  }
}

function personaGates(persona: PersonaInput, prepared: PreparedBlueprint | undefined): Gate[] {
  const structure = structureProblems(persona);
  const fields = isStringRecord(persona.fields) ? persona.fields : {};
  if (!prepared) {
    return [{ name: "structure", passed: structure.length === 0, score: null, detail: structure.length === 0 ? "persona is well-formed" : structure.join("; ") }];
  }
  const gates: Gate[] = [];
  const problems = new ProblemList();
  for (const problem of structure) problems.add(() => problem);
  schemaProblems(fields, prepared, problems);
  gates.push({ name: "schema", passed: problems.empty, score: null, detail: problems.empty ? "all blueprint fields present" : problems.toString() });
  for (const constraint of prepared.constraints) {
    const result = evaluateConstraint(constraint, fields);
    const name = "constraint" in constraint ? constraint.constraint.name : constraint.name;
    gates.push({ name, passed: result.passed, score: null, detail: clip(result.detail) });
  }
  if (prepared.ordered.length > 0) {
    const outside = new ProblemList();
    for (const field of prepared.ordered) {
      const value = fields[field.name];
      if (value !== undefined && !field.ordered_values?.includes(value)) {
        outside.add(() => `${quote(field.name)} is ${quote(value)}, not on its scale ${listNames(field.ordered_values ?? [], " < ")}`);
      }
    }
    gates.push({
      name: "ordered_values",
      passed: outside.empty,
      score: null,
      detail: outside.empty ? clip(`values on their ordered scales (${listNames(prepared.ordered.map((field) => field.name))})`) : outside.toString(),
    });
  }
  const contradictions = new ProblemList();
  for (const contradiction of prepared.contradictions(fields)) contradictions.add(() => describeContradiction(contradiction));
  gates.push({
    name: "consistency",
    passed: contradictions.empty,
    score: null,
    detail: contradictions.empty ? "text fields agree with structured fields" : contradictions.toString(),
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
  const prepared = blueprint ? prepare(blueprint) : undefined;
  const scorecards: Scorecard[] = personas.map((persona) => ({
    persona_id: typeof persona.persona_id === "string" ? persona.persona_id : "",
    gates: personaGates(persona, prepared),
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

