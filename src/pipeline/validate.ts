/** personas (+ blueprint) ─► the spec's evaluation report, by the engine's deterministic gates. */
import type { Blueprint } from "../engine/blueprint.ts";
import type { Persona } from "../engine/persona.ts";
import { evaluatePersonas } from "../engine/quality/gates.ts";

export function evaluatePopulation(personas: Persona[], blueprint?: Blueprint) {
  return evaluatePersonas(personas, blueprint);
}
