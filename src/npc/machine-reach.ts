/**
 * What a machine can end with, read from its states and transitions alone: the outcomes it can
 * produce and bounds on its final score. Save uses it to reject a machine link whose condition can
 * never hold (a link waiting for an ACCEPT its source cannot give, or a score it cannot reach).
 *
 * It over-approximates, so that save never rejects a link that could in fact hold:
 * - every transition is taken to be able to fire. Conditions are not analysed, and with an LLM
 *   judge (`llm`, `hybrid`) even a `reject` or `kick_out` without `when` may be picked;
 * - the bounds are the extremes over every path from the initial state that ends the machine. A
 *   cycle that can repeat with a positive total (a redirect with a positive `score_delta`, say)
 *   makes the maximum unbounded (`Infinity`), one with a negative total the minimum.
 *
 * Each transition's effect follows `step` in play.ts exactly:
 * - `pass` moves to `to_state_key`;
 * - `redirect` stays;
 * - `reject` in pass_fail mode ends REJECT; in scoring mode it moves to its own `to_state_key`, or,
 *   when that is its own state, along the state's first `pass` by priority (else it stays);
 * - `kick_out` ends KICK_OUT;
 * - otherwise, moving into a terminal state ends the machine with that state's `outcome` (ACCEPT
 *   by default). Every taken transition adds its `score_delta`.
 */
import type { LinkCondition, Machine, State, Transition } from "./definition.ts";
import type { Outcome } from "./values.ts";

export interface MachineReach {
  /** The outcomes some path can end with; empty when the machine can never end. */
  outcomes: ReadonlySet<Outcome>;
  /** The lowest final score over those paths (`-Infinity` when unbounded, `Infinity` when none). */
  minScore: number;
  /** The highest final score over those paths (`Infinity` when unbounded, `-Infinity` when none). */
  maxScore: number;
}

type Effect = { kind: "move"; from: string; to: string; delta: number } | { kind: "end"; from: string; outcome: Outcome; delta: number };

/** Where `transition` leads, as `step` would apply it; null when it names an unknown state. */
function effectOf(machine: Machine, states: ReadonlyMap<string, State>, transition: Transition): Effect | null {
  const from = transition.from_state_key;
  const delta = transition.score_delta;
  const arrive = (to: string): Effect | null => {
    const state = states.get(to);
    if (!state) return null;
    if (to !== from && state.is_terminal_state) return { kind: "end", from, outcome: state.outcome ?? "ACCEPT", delta };
    return { kind: "move", from, to, delta };
  };
  switch (transition.decision_type) {
    case "pass":
      return arrive(transition.to_state_key);
    case "redirect":
      return { kind: "move", from, to: from, delta };
    case "kick_out":
      return { kind: "end", from, outcome: "KICK_OUT", delta };
    case "reject": {
      if (machine.scoring_mode === "pass_fail") return { kind: "end", from, outcome: "REJECT", delta };
      if (transition.to_state_key !== from) return arrive(transition.to_state_key);
      const passOn = machine.transitions
        .map((candidate, candidateIndex) => ({ candidate, candidateIndex }))
        .filter(({ candidate }) => candidate.from_state_key === from && candidate.decision_type === "pass")
        .sort((left, right) => left.candidate.priority - right.candidate.priority || left.candidateIndex - right.candidateIndex)[0];
      return arrive(passOn?.candidate.to_state_key ?? from);
    }
  }
}

/**
 * The best total (largest, for the weights given) of a path from `start` to each state, with
 * `Infinity` where a cycle of positive total can be repeated on the way (Bellman–Ford).
 */
function longestPaths(stateKeys: readonly string[], start: string, moves: ReadonlyArray<{ from: string; to: string; weight: number }>): Map<string, number> {
  const best = new Map(stateKeys.map((key) => [key, Number.NEGATIVE_INFINITY]));
  best.set(start, 0);
  for (let round = 1; round < stateKeys.length; round++) {
    let changed = false;
    for (const move of moves) {
      const from = best.get(move.from) as number;
      if (from !== Number.NEGATIVE_INFINITY && from + move.weight > (best.get(move.to) as number)) {
        best.set(move.to, from + move.weight);
        changed = true;
      }
    }
    if (!changed) return best;
  }
  // Whatever can still improve lies on or after a repeatable positive cycle: unbounded.
  const unbounded = moves.filter((move) => (best.get(move.from) as number) !== Number.NEGATIVE_INFINITY && (best.get(move.from) as number) + move.weight > (best.get(move.to) as number)).map((move) => move.to);
  while (unbounded.length > 0) {
    const key = unbounded.pop() as string;
    if (best.get(key) === Number.POSITIVE_INFINITY) continue;
    best.set(key, Number.POSITIVE_INFINITY);
    for (const move of moves) if (move.from === key) unbounded.push(move.to);
  }
  return best;
}

/** The outcomes and score bounds of a machine, or null when it has no single initial state to start from. */
export function machineReach(machine: Machine): MachineReach | null {
  const initial = machine.states.filter((state) => state.is_initial_state);
  if (initial.length !== 1) return null;
  const start = (initial[0] as State).state_key;
  const states = new Map(machine.states.map((state) => [state.state_key, state]));
  const effects = machine.transitions
    .map((transition) => (states.get(transition.from_state_key)?.is_terminal_state === false ? effectOf(machine, states, transition) : null))
    .filter((effect): effect is Effect => effect !== null);
  const moves = effects.filter((effect) => effect.kind === "move");
  const ends = effects.filter((effect) => effect.kind === "end");
  const keys = [...states.keys()];
  const highest = longestPaths(keys, start, moves.map((move) => ({ from: move.from, to: move.to, weight: move.delta })));
  const lowest = longestPaths(keys, start, moves.map((move) => ({ from: move.from, to: move.to, weight: -move.delta })));

  const outcomes = new Set<Outcome>();
  let minScore = Number.POSITIVE_INFINITY;
  let maxScore = Number.NEGATIVE_INFINITY;
  for (const end of ends) {
    const high = highest.get(end.from) as number;
    if (high === Number.NEGATIVE_INFINITY) continue; // the state is never entered
    outcomes.add(end.outcome);
    maxScore = Math.max(maxScore, high + end.delta);
    minScore = Math.min(minScore, -(lowest.get(end.from) as number) + end.delta);
  }
  return { outcomes, minScore, maxScore };
}

/** Room for floating-point sums: a bound is compared with a small tolerance, never to reject wrongly. */
function exceeds(value: number, bound: number): boolean {
  return value - bound > 1e-9 * Math.max(1, Math.abs(value), Math.abs(bound));
}

function listOutcomes(outcomes: ReadonlySet<Outcome>): string {
  return [...outcomes].sort().join(" or ");
}

/**
 * Why a link from the machine with `reach` can never hold, or null when it may. Conditions of type
 * `when` are not analysed (they may hold whenever the source can end).
 */
export function linkNeverHoldsReason(sourceKey: string, condition: LinkCondition, reach: MachineReach): string | null {
  const source = `machine "${sourceKey}"`;
  if (reach.outcomes.size === 0) return `${source} can never end (no terminal state can be reached from its initial state), so no link from it can ever hold`;
  switch (condition.type) {
    case "outcome":
      return reach.outcomes.has(condition.value) ? null : `${source} can never end ${condition.value}: it can only end ${listOutcomes(reach.outcomes)}`;
    case "score_gte":
      return exceeds(condition.value, reach.maxScore) ? `${source} ends with a score of at most ${reach.maxScore}, never ${condition.value} or more` : null;
    case "score_lte":
      return exceeds(reach.minScore, condition.value) ? `${source} ends with a score of at least ${reach.minScore}, never ${condition.value} or less` : null;
    case "always":
    case "when":
      return null;
  }
}
