/**
 * personas (+ blueprint) ─► the spec's evaluation report, by the engine's deterministic gates.
 *
 * A caller's blueprint is taken as sent (DESIGN §1): it is read leniently (malformed parts are
 * dropped, not fatal), gates check what it declares, and everything found wrong with it, by the
 * lenient reader and by the strict checker (an `order` entry with no field, a cycle, …), is
 * reported under the optional key `blueprint_issues`.
 */
import type { Persona } from "../engine/persona.ts";
import { evaluatePersonas } from "../engine/quality/gates.ts";
import { blueprintIssues } from "../engine/blueprint-check.ts";
import { readCallerBlueprint } from "../engine/caller-blueprint.ts";

export function evaluatePopulation(personas: Persona[], rawBlueprint?: Record<string, unknown> | null) {
  if (!rawBlueprint) return evaluatePersonas(personas);
  const { blueprint, issues } = readCallerBlueprint(rawBlueprint);
  const report = evaluatePersonas(personas, blueprint);
  let strict: ReturnType<typeof blueprintIssues>;
  try {
    strict = blueprintIssues(blueprint);
  } catch (error) {
    strict = [{ path: [], message: `blueprint could not be checked: ${(error as Error).message}` }];
  }
  const all = [...issues, ...strict];
  return all.length > 0 ? { ...report, blueprint_issues: all.map((issue) => ({ loc: issue.path, msg: issue.message })) } : report;
}
