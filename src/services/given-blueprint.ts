/**
 * A blueprint a caller gives to `generate` (the studio's "edit the weights, re-sample with the same
 * seed") is sampled as it is, so it must pass the strict checker before anything is charged: unlike
 * `validate`, which reports what the checker finds in a caller's blueprint and carries on, a job
 * accepted with a blueprint the sampler refuses could only fail. Every problem is named under
 * `blueprint`, with the checker's own words, so an editor can point at the field. The size caps of
 * a caller's blueprint (`CALLER_BLUEPRINT_LIMITS`) come first, as for validate.
 */
import { BlueprintSchema, type Blueprint } from "../engine/blueprint.ts";
import { blueprintIssues } from "../engine/blueprint-check.ts";
import { readCallerBlueprint } from "../engine/caller-blueprint.ts";
import { issuesToDetails, type ValidationDetail } from "../shared/validation-details.ts";
import { ServiceError } from "./errors.ts";

const LOC = "blueprint";

/** The blueprint, parsed and fit to sample from; otherwise a 422 listing every problem. */
export function checkGivenBlueprint(raw: Readonly<Record<string, unknown>>): Blueprint {
  // The caps every caller's blueprint has (validate's too), before anything reads it in full.
  const { exceeded } = readCallerBlueprint({ ...raw });
  if (exceeded.length > 0) throw ServiceError.invalidInput(exceeded.map((problem) => ({ loc: [LOC, ...problem.path], msg: problem.msg, type: problem.type })));
  const parsed = BlueprintSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw ServiceError.invalidInput(issuesToDetails(parsed.error.issues).map(underBlueprint));
  const issues = blueprintIssues(parsed.data);
  if (issues.length > 0) {
    throw ServiceError.invalidInput(issues.map((issue) => ({ loc: [LOC, ...issue.path], msg: issue.message, type: "invalid_blueprint" })));
  }
  return parsed.data;
}

function underBlueprint(detail: ValidationDetail): ValidationDetail {
  return { ...detail, loc: [LOC, ...detail.loc] };
}
