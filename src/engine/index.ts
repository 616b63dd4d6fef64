/** The engine's public surface, by name (STYLE §1). Everything else is internal. */
export { BlueprintSchema, FieldSchema, ConstraintSchema, CONSTRAINT_OPS, FIELD_KINDS } from "./blueprint.ts";
export type { Blueprint, Field, Constraint, ConstraintOp, NumericSpec, CategoricalSpec, Conditional } from "./blueprint.ts";
export { PersonaSchema, DiversitySchema, MarginalSchema, personaId } from "./persona.ts";
export type { Persona, Diversity, Marginal, SampledValues, PopulationResult } from "./persona.ts";
export { createRng, hashSeed } from "./rng.ts";
export type { Rng } from "./rng.ts";
export { checkBlueprint, assertSamplable, blueprintIssues, BlueprintError, normaliseWeights } from "./blueprint-check.ts";
export type { BlueprintIssue, BlueprintInput } from "./blueprint-check.ts";
export { parseExpression, evaluateExpression, referencedFields, ExpressionError } from "./expression.ts";
export type { Expression } from "./expression.ts";
export { evaluateConstraint, compileConstraint, formatNumber, numericValue } from "./constraints.ts";
export type { ConstraintResult } from "./constraints.ts";
export { apportion, optimalTvd } from "./apportion.ts";
export { normalQuantile, normalCdf, truncatedNormalQuantile } from "./normal.ts";
export { sampleStructured, samplingOrder, toFieldStrings, SamplingError, MAX_CONSTRAINT_RETRIES } from "./sampler.ts";
export { renderPersona } from "./render.ts";
export type { RenderedPersona, RenderContext } from "./render.ts";
export { totalVariationDistance, round4 } from "./quality/tvd.ts";
export { computeMarginals } from "./quality/marginals.ts";
export { vectorise, cosine, personaSimilarity } from "./quality/similarity.ts";
export { computeDiversity, DUPLICATE_SIMILARITY, EXACT_PAIRS_LIMIT } from "./quality/diversity.ts";
export type { DiversityReport, DuplicatePair } from "./quality/diversity.ts";
export { findContradictions } from "./quality/consistency.ts";
export type { Contradiction } from "./quality/consistency.ts";
export {
  evaluatePersonas,
  marginalThreshold,
  multinomialTvdQuantile,
  MEAN_SIMILARITY_THRESHOLD,
  GENERATED_TVD_TOLERANCE,
  EXTERNAL_TVD_PERCENTILE,
} from "./quality/gates.ts";
export type { EvaluationReport, Gate, Scorecard, EvaluationOptions } from "./quality/gates.ts";
