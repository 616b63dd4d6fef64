/**
 * The offline judge (`decision_mode: "rules"`, and the first step of `hybrid`).
 *
 * 1. The first transition, by priority (lower first, ties in definition order), whose `when` holds.
 * 2. Otherwise the transitions without `when` are weighed by `OfflineHeuristicJudge`
 *    (`offline-judge.ts`): a hostile message takes a `kick_out` or `reject` and never a `pass`, an
 *    on-topic cooperative one takes a `pass`, anything else the state's `redirect` (the default).
 *    This is what makes a Foil Engine definition, with no `when` at all, playable offline without
 *    letting an insult win it. A state whose only transition without `when` is a redirect keeps
 *    today's behaviour exactly: it redirects.
 * 3. Otherwise none: the NPC stays without a decision.
 */
import { describeTransition, OfflineHeuristicJudge } from "./offline-judge.ts";
import type { Judge, JudgeDecision, JudgeInput, TransitionEvaluation } from "./ports.ts";

/** The first conditioned transition whose `when` holds, or null. */
export function firstMatchingTransition(evaluations: readonly TransitionEvaluation[]): TransitionEvaluation | null {
  return evaluations.find((evaluation) => evaluation.transition.when !== undefined && evaluation.holds === true) ?? null;
}

/** Conditions named in a "no condition held" reason before the rest are counted. */
const REASON_CONDITIONS = 5;

export class RulesJudge implements Judge {
  readonly name = "rules";
  private readonly useDefaults: boolean;
  private readonly heuristic = new OfflineHeuristicJudge();

  /** `useDefaults: false` stops after step 1 (hybrid mode hands the rest to another judge). */
  constructor(options: { useDefaults?: boolean } = {}) {
    this.useDefaults = options.useDefaults ?? true;
  }

  choose(input: JudgeInput): JudgeDecision {
    const matched = firstMatchingTransition(input.evaluations);
    if (matched) return { index: matched.index, reason: `${describeTransition(matched)}: ${matched.explanation}` };
    const weighed = this.useDefaults ? this.heuristic.choose(input) : null;
    if (weighed && weighed.index !== null) return { index: weighed.index, reason: weighed.reason };
    const conditioned = input.evaluations.filter((evaluation) => evaluation.transition.when !== undefined);
    // A recorded reason stays short whatever the machine's size: the first few conditions, then a count.
    const shown = conditioned.slice(0, REASON_CONDITIONS).map((evaluation) => evaluation.explanation);
    if (conditioned.length > REASON_CONDITIONS) shown.push(`and ${conditioned.length - REASON_CONDITIONS} more`);
    const detail = shown.join("; ");
    const reason = conditioned.length > 0 ? `no condition held (${detail})` : "no transition applies";
    return { index: null, reason: weighed?.explained ? `${reason}; ${weighed.reason}` : reason };
  }
}
