/** A persona as the spec returns it, and the population and reports around it. */
import { z } from "zod";
import { BlueprintSchema } from "./blueprint.ts";
import { userRecord } from "./user-record.ts";

/** Values are always strings on the wire, numbers included ("age": "30"). */
export const PersonaSchema = z.object({
  persona_id: z.string().min(1),
  fields: userRecord(z.string(), z.string()),
  system_prompt: z.string().min(1),
  markdown: z.string().min(1),
});

export const DiversitySchema = z
  .object({
    max_pairwise_similarity: z.number(),
    mean_pairwise_similarity: z.number(),
    duplicate_pairs: z.number().int(),
  })
  .passthrough();

export const MarginalCellSchema = z.object({ key: z.string(), requested: z.number(), achieved: z.number() });
export const MarginalSchema = z.object({
  attribute: z.string(),
  cells: z.array(MarginalCellSchema),
  total_variation_distance: z.number(),
});

/**
 * Beyond the spec (DESIGN §4): fidelity inside parent cells, per numeric field and of category
 * coverage. The full shape is `FidelityReport` in quality/fidelity.ts; here only what every reader may rely on.
 */
export const FidelitySchema = z
  .object({
    contingency: z.array(z.object({ attribute: z.string(), tvd: z.number(), optimal_tvd: z.number() }).passthrough()),
    numeric: z.array(z.object({ attribute: z.string(), ks: z.number(), mean_abs_error_sd: z.number() }).passthrough()),
    coverage: z.object({ share: z.number() }).passthrough(),
  })
  .passthrough();

export const PopulationResultSchema = z
  .object({
    personas: z.array(PersonaSchema),
    blueprint: BlueprintSchema,
    diversity: DiversitySchema.optional(),
    marginals: z.array(MarginalSchema).optional(),
    fidelity: FidelitySchema.optional(),
  })
  .passthrough();

export type Persona = z.infer<typeof PersonaSchema>;
export type Diversity = z.infer<typeof DiversitySchema>;
export type MarginalCell = z.infer<typeof MarginalCellSchema>;
export type Marginal = z.infer<typeof MarginalSchema>;
export type PopulationResult = z.infer<typeof PopulationResultSchema>;
export type Fidelity = z.infer<typeof FidelitySchema>;

/** A sampled persona before rendering: structured values are numbers or strings, text fields come later. */
export type SampledValues = Record<string, string | number>;

/** `p0001`, `p0002`, …; wider when the population is larger than 9,999. */
export function personaId(index: number, total: number): string {
  const width = Math.max(4, String(total).length);
  return `p${String(index + 1).padStart(width, "0")}`;
}
