/** sketch ─► fields (enhancer) ─► system_prompt + markdown (renderer). */
import type { Blueprint } from "../engine/blueprint.ts";
import type { Persona } from "../engine/persona.ts";
import type { Enhancer, Grounding } from "../engine/ports.ts";
import { renderPersona } from "../engine/render.ts";

export interface EnhanceInput {
  sketch: string;
  grounding: Grounding;
  seed: number;
}

/** The persona id of an enhanced persona: one persona, so the first id of a population. */
export const ENHANCED_PERSONA_ID = "p0001";

export async function enhancePersona(input: EnhanceInput, dependencies: { enhancer: Enhancer }): Promise<Persona> {
  const { fields, blueprint } = await dependencies.enhancer.enhance(input);
  const described = blueprint ?? blueprintOfTextFields(fields);
  return { persona_id: ENHANCED_PERSONA_ID, fields, ...renderPersona(described, fields, ENHANCED_PERSONA_ID) };
}

/** When the enhancer declares no blueprint, the renderer still needs the field list. */
function blueprintOfTextFields(fields: Record<string, string>): Blueprint {
  return {
    domain: "enhanced_persona",
    order: [],
    fields: Object.keys(fields).map((name) => ({ name, kind: "text" as const, parents: [], conditionals: [] })),
    constraints: [],
  };
}
