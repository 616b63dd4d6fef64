/**
 * The offline judge (`decision_mode: "rules"`).
 *
 * 1. The first transition, by priority (lower first, ties in definition order), whose `when` holds.
 * 2. Otherwise a *default* — a transition without `when`: a `redirect` if the state has one (staying
 *    and asking again is the safe fallback), else the first `pass`. `reject` and `kick_out` never fire
 *    without a condition: penalising or ending needs evidence in the message. This is also what keeps a
 *    Foil Engine definition with no `when` at all playable offline: the NPC keeps redirecting.
 * 3. Otherwise none: the NPC stays without a decision.
 */
import type { Judge, JudgeDecision, JudgeInput, TransitionEvaluation } from "./ports.ts";

function describeTransition(evaluation: TransitionEvaluation): string {
  const transition = evaluation.transition;
  const name = transition.label ? ` "${transition.label}"` : "";
  return `${transition.decision_type}${name} ${transition.from_state_key} → ${transition.to_state_key}`;
}

/** The first conditioned transition whose `when` holds, or null. */
export function firstMatchingTransition(evaluations: readonly TransitionEvaluation[]): TransitionEvaluation | null {
  return evaluations.find((evaluation) => evaluation.transition.when !== undefined && evaluation.holds === true) ?? null;
}

/** The default transition (see module comment), or null. */
export function defaultTransition(evaluations: readonly TransitionEvaluation[]): TransitionEvaluation | null {
  const defaults = evaluations.filter((evaluation) => evaluation.transition.when === undefined);
  return (
    defaults.find((evaluation) => evaluation.transition.decision_type === "redirect") ??
    defaults.find((evaluation) => evaluation.transition.decision_type === "pass") ??
    null
  );
}

export class RulesJudge implements Judge {
  readonly name = "rules";
  private readonly useDefaults: boolean;

  /** `useDefaults: false` stops after step 1 (hybrid mode hands the rest to another judge). */
  constructor(options: { useDefaults?: boolean } = {}) {
    this.useDefaults = options.useDefaults ?? true;
  }

  choose(input: JudgeInput): JudgeDecision {
    const matched = firstMatchingTransition(input.evaluations);
    if (matched) return { index: matched.index, reason: `${describeTransition(matched)}: ${matched.explanation}` };
    if (this.useDefaults) {
      const fallback = defaultTransition(input.evaluations);
      if (fallback) return { index: fallback.index, reason: `${describeTransition(fallback)}: default (no condition held)` };
    }
    const conditioned = input.evaluations.filter((evaluation) => evaluation.transition.when !== undefined);
    const detail = conditioned.map((evaluation) => evaluation.explanation).join("; ");
    return { index: null, reason: conditioned.length > 0 ? `no condition held (${detail})` : "no transition applies" };
  }
}
