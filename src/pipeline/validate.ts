/**
 * personas (+ blueprint) ─► the spec's evaluation report, by the engine's deterministic gates.
 *
 * A caller's blueprint is taken as sent (DESIGN §1): it is read leniently (malformed parts are
 * dropped, not fatal), gates check what it declares, and everything found wrong with it, by the
 * lenient reader and by the strict checker (an `order` entry with no field, a cycle, …), is
 * reported under the optional key `blueprint_issues`: the first `MAX_LISTED_BLUEPRINT_ISSUES`, then
 * one entry counting the rest (`{"loc": [], "msg": "… and 99,980 more issues"}`), as request errors
 * list their details.
 */
import type { Persona } from "../engine/persona.ts";
import { evaluatePersonas } from "../engine/quality/gates.ts";
import { blueprintIssues, type BlueprintIssue } from "../engine/blueprint-check.ts";
import { MAX_LISTED_BLUEPRINT_ISSUES, readCallerBlueprint } from "../engine/caller-blueprint.ts";

export interface ListedBlueprintIssue {
  loc: Array<string | number>;
  msg: string;
}

export function evaluatePopulation(personas: Persona[], rawBlueprint?: Record<string, unknown> | null) {
  if (!rawBlueprint) return evaluatePersonas(personas);
  const { blueprint, issues, issueCount } = readCallerBlueprint(rawBlueprint);
  const report = evaluatePersonas(personas, blueprint);
  let strict: BlueprintIssue[];
  try {
    strict = blueprintIssues(blueprint);
  } catch (error) {
    strict = [{ path: [], message: `blueprint could not be checked: ${(error as Error).message}` }];
  }
  const total = issueCount + strict.length;
  return total > 0 ? { ...report, blueprint_issues: listIssues([...issues, ...strict.slice(0, MAX_LISTED_BLUEPRINT_ISSUES)], total) } : report;
}

/** The first issues, worded, and one more entry counting those left out. */
function listIssues(issues: readonly BlueprintIssue[], total: number): ListedBlueprintIssue[] {
  const listed = issues.slice(0, MAX_LISTED_BLUEPRINT_ISSUES).map((issue) => ({ loc: issue.path, msg: issue.message }));
  const more = total - listed.length;
  if (more > 0) listed.push({ loc: [], msg: `… and ${more.toLocaleString("en-US")} more issue${more === 1 ? "" : "s"}` });
  return listed;
}
