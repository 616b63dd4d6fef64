import { describe, expect, it } from "vitest";
import * as dramatis from "./index.ts";
import * as sdk from "./sdk/index.ts";

/** The engine's public surface (types are erased). */
const ENGINE_VALUES = [
  "BlueprintError",
  "BlueprintSchema",
  "CONSTRAINT_OPS",
  "ConstraintSchema",
  "DUPLICATE_SIMILARITY",
  "DiversitySchema",
  "EXACT_PAIRS_LIMIT",
  "EXTERNAL_TVD_PERCENTILE",
  "ExpressionError",
  "FIELD_KINDS",
  "FieldSchema",
  "GENERATED_TVD_TOLERANCE",
  "MAX_CONSTRAINT_RETRIES",
  "MEAN_SIMILARITY_THRESHOLD",
  "MarginalSchema",
  "PersonaSchema",
  "SamplingError",
  "apportion",
  "assertSamplable",
  "blueprintIssues",
  "checkBlueprint",
  "compileConstraint",
  "computeDiversity",
  "computeMarginals",
  "cosine",
  "createRng",
  "evaluateConstraint",
  "evaluateExpression",
  "evaluatePersonas",
  "findContradictions",
  "formatNumber",
  "hashSeed",
  "marginalThreshold",
  "multinomialTvdQuantile",
  "normalCdf",
  "normalQuantile",
  "normaliseWeights",
  "numericValue",
  "optimalTvd",
  "parseExpression",
  "personaId",
  "personaSimilarity",
  "referencedFields",
  "renderPersona",
  "round4",
  "sampleStructured",
  "samplingOrder",
  "toFieldStrings",
  "totalVariationDistance",
  "truncatedNormalQuantile",
  "vectorise",
];

describe("the package's main entry", () => {
  it("exports exactly the SDK (listed in sdk/index.test.ts) and these engine values; anything new here is a decision", () => {
    expect(Object.keys(dramatis).sort()).toEqual([...Object.keys(sdk), ...ENGINE_VALUES].sort());
  });

  it("carries the whole SDK, the same objects as dramatis/sdk", () => {
    for (const [name, value] of Object.entries(sdk)) expect((dramatis as Record<string, unknown>)[name], name).toBe(value);
  });
});
