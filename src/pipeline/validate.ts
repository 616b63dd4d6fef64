/**
 * personas (+ blueprint) ─► the spec's evaluation report, by the engine's deterministic gates.
 *
 * A caller's blueprint is taken as sent (DESIGN §1): gates check what it declares. What the strict
 * checker finds wrong with it (an `order` entry with no field, a cycle, …) is reported under the
 * optional key `blueprint_issues`, never fatal.
 */
import type { Blueprint } from "../engine/blueprint.ts";
import type { Persona } from "../engine/persona.ts";
import { evaluatePersonas } from "../engine/quality/gates.ts";
import { blueprintIssues } from "../engine/blueprint-check.ts";

export function evaluatePopulation(personas: Persona[], blueprint?: Blueprint) {
  const report = evaluatePersonas(personas, blueprint);
  if (!blueprint) return report;
  let issues: ReturnType<typeof blueprintIssues>;
  try {
    issues = blueprintIssues(blueprint);
  } catch (error) {
    issues = [{ path: [], message: `blueprint could not be checked: ${(error as Error).message}` }];
  }
  return issues.length > 0 ? { ...report, blueprint_issues: issues.map((issue) => ({ loc: issue.path, msg: issue.message })) } : report;
}
