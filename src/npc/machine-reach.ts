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
 *   makes the maximum unbounded (`Infinity`), one with a negative total the minimum. In a large
 *   tangle of cycles (over 64 states strongly connected) whose cycles do not all sum to zero, any
 *   positive step counts as such a cycle: looser bounds, never a wrong refusal.
 *
 * It runs in time linear in the states and transitions (strongly connected components, then one
 * pass in topological order), with no recursion, so save stays fast at any size the caps allow.
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

/** Each state's first `pass` by priority (ties in definition order): where a scoring `reject` that points back at its own state goes. */
function firstPassByState(transitions: readonly Transition[]): Map<string, Transition> {
  const first = new Map<string, Transition>();
  for (const transition of transitions) {
    if (transition.decision_type !== "pass") continue;
    const current = first.get(transition.from_state_key);
    if (current === undefined || transition.priority < current.priority) first.set(transition.from_state_key, transition);
  }
  return first;
}

/** Moving from `from` into `to`: the end of the machine when `to` is another, terminal state. */
function arrive(states: ReadonlyMap<string, State>, from: string, to: string, delta: number): Effect | null {
  const state = states.get(to);
  if (!state) return null;
  if (to !== from && state.is_terminal_state) return { kind: "end", from, outcome: state.outcome ?? "ACCEPT", delta };
  return { kind: "move", from, to, delta };
}

/** Where `transition` leads, as `step` would apply it; null when it names an unknown state. */
function effectOf(machine: Machine, states: ReadonlyMap<string, State>, firstPass: ReadonlyMap<string, Transition>, transition: Transition): Effect | null {
  const from = transition.from_state_key;
  const delta = transition.score_delta;
  // Plain functions, no closure per transition: this runs for every transition of every machine saved.
  switch (transition.decision_type) {
    case "pass":
      return arrive(states, from, transition.to_state_key, delta);
    case "redirect":
      return { kind: "move", from, to: from, delta };
    case "kick_out":
      return { kind: "end", from, outcome: "KICK_OUT", delta };
    case "reject": {
      if (machine.scoring_mode === "pass_fail") return { kind: "end", from, outcome: "REJECT", delta };
      if (transition.to_state_key !== from) return arrive(states, from, transition.to_state_key, delta);
      return arrive(states, from, firstPass.get(from)?.to_state_key ?? from, delta);
    }
  }
}

/** A weighted directed graph over states 0…n-1, its edges grouped by source. */
interface Graph {
  size: number;
  /** Edges of state `s` are `edgeStart[s]` … `edgeStart[s + 1] - 1`. */
  edgeStart: Int32Array;
  edgeSource: Int32Array;
  edgeTarget: Int32Array;
  edgeWeight: Float64Array;
}

function graphOf(size: number, moves: ReadonlyArray<{ from: number; to: number; weight: number }>): Graph {
  const edgeStart = new Int32Array(size + 1);
  for (const move of moves) edgeStart[move.from + 1]! += 1;
  for (let state = 0; state < size; state++) edgeStart[state + 1]! += edgeStart[state]!;
  const next = edgeStart.slice(0, size);
  const edgeSource = new Int32Array(moves.length);
  const edgeTarget = new Int32Array(moves.length);
  const edgeWeight = new Float64Array(moves.length);
  for (const move of moves) {
    const slot = next[move.from]!++;
    edgeSource[slot] = move.from;
    edgeTarget[slot] = move.to;
    edgeWeight[slot] = move.weight;
  }
  return { size, edgeStart, edgeSource, edgeTarget, edgeWeight };
}

/**
 * The strongly connected components reachable from `start` (Tarjan's algorithm, with an explicit
 * stack: a chain of thousands of states needs no recursion), in topological order: a component comes
 * before every component it has an edge to. `component[s]` is the component of `s`, -1 if unreached.
 */
function componentsFrom(graph: Graph, start: number): { component: Int32Array; members: number[][] } {
  const { size, edgeStart, edgeTarget } = graph;
  const order = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const nextEdge = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const component = new Int32Array(size).fill(-1);
  const stack: number[] = [];
  const calls: number[] = [];
  const finished: number[][] = [];
  let counter = 0;
  const enter = (state: number) => {
    order[state] = low[state] = counter++;
    nextEdge[state] = edgeStart[state]!;
    stack.push(state);
    onStack[state] = 1;
    calls.push(state);
  };
  enter(start);
  while (calls.length > 0) {
    const state = calls[calls.length - 1]!;
    if (nextEdge[state]! < edgeStart[state + 1]!) {
      const target = edgeTarget[nextEdge[state]!++]!;
      if (order[target] === -1) enter(target);
      else if (onStack[target]) low[state] = Math.min(low[state]!, order[target]!);
      continue;
    }
    calls.pop();
    const caller = calls[calls.length - 1];
    if (caller !== undefined) low[caller] = Math.min(low[caller]!, low[state]!);
    if (low[state] !== order[state]) continue;
    const members: number[] = [];
    let member: number;
    do {
      member = stack.pop()!;
      onStack[member] = 0;
      members.push(member);
    } while (member !== state);
    finished.push(members);
  }
  // Tarjan finishes a component after every component it reaches: reversed, that is topological.
  const members = finished.reverse();
  members.forEach((states, index) => {
    for (const state of states) component[state] = index;
  });
  return { component, members };
}

/**
 * A component with more states than this has its best totals over-approximated rather than computed
 * exactly by Bellman–Ford (which costs states × edges). Below it the cost is at most this many passes
 * over the component's edges, so the whole analysis stays linear in the size of the machine.
 */
const EXACT_COMPONENT_STATES = 64;

/**
 * Settles the best totals inside one strongly connected component, given the totals its states are
 * entered with (`best`, -Infinity where not entered from outside). Exact when every cycle in it sums
 * to zero (then a total is path-independent: potentials) or when it is small (Bellman–Ford); else an
 * over-approximation that is still sound: a component with a positive edge counts as unbounded, and
 * one without can only lose along the way, so its best is at most the best total it is entered with.
 */
function settleComponent(graph: Graph, states: readonly number[], component: Int32Array, best: Float64Array): void {
  const { edgeStart, edgeSource, edgeTarget, edgeWeight } = graph;
  const here = component[states[0]!]!;
  const internal: number[] = [];
  let unbounded = false;
  for (const state of states) {
    if (best[state] === Number.POSITIVE_INFINITY) unbounded = true;
    for (let edge = edgeStart[state]!; edge < edgeStart[state + 1]!; edge++) if (component[edgeTarget[edge]!] === here) internal.push(edge);
  }
  // Most components are one state with no loop (a chain's states, say): nothing to settle, and no
  // closure made for them, since this runs once per state of every machine saved.
  if (internal.length === 0) return;
  const setAll = (value: (state: number) => number) => {
    for (const state of states) best[state] = value(state);
  };
  if (unbounded) return setAll(() => Number.POSITIVE_INFINITY);

  // Potentials: one total per state such that every internal edge adds exactly the difference.
  const potential = new Map<number, number>([[states[0]!, 0]]);
  const queue = [states[0]!];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    for (let edge = edgeStart[state]!; edge < edgeStart[state + 1]!; edge++) {
      const target = edgeTarget[edge]!;
      if (component[target] === here && !potential.has(target)) {
        potential.set(target, potential.get(state)! + edgeWeight[edge]!);
        queue.push(target);
      }
    }
  }
  const consistent = internal.every((edge) => potential.get(edgeSource[edge]!)! + edgeWeight[edge]! === potential.get(edgeTarget[edge]!));
  if (consistent) {
    let offset = Number.NEGATIVE_INFINITY;
    for (const state of states) offset = Math.max(offset, best[state]! - potential.get(state)!);
    return setAll((state) => potential.get(state)! + offset);
  }

  if (states.length <= EXACT_COMPONENT_STATES) {
    for (let round = 1; round <= states.length; round++) {
      let changed = false;
      internal.forEach((edge) => {
        const from = best[edgeSource[edge]!]!;
        const target = edgeTarget[edge]!;
        if (from !== Number.NEGATIVE_INFINITY && from + edgeWeight[edge]! > best[target]!) {
          best[target] = from + edgeWeight[edge]!;
          changed = true;
        }
      });
      if (!changed) return;
    }
    // Still improving after as many rounds as states: a cycle with a positive total, and every state of the component lies on a path through it.
    return setAll(() => Number.POSITIVE_INFINITY);
  }

  if (internal.some((edge) => edgeWeight[edge]! > 0)) return setAll(() => Number.POSITIVE_INFINITY);
  let entered = Number.NEGATIVE_INFINITY;
  for (const state of states) entered = Math.max(entered, best[state]!);
  setAll(() => entered);
}

/**
 * The best total (largest, for the weights given) of a walk from `start` to each state: -Infinity
 * where no walk reaches, Infinity where a cycle of positive total can be repeated on the way.
 * Components in topological order, each settled inside, then its edges out relaxed: linear in the
 * states and moves, with no recursion.
 */
function longestWalks(size: number, start: number, moves: ReadonlyArray<{ from: number; to: number; weight: number }>): Float64Array {
  const graph = graphOf(size, moves);
  const best = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
  best[start] = 0;
  const { component, members } = componentsFrom(graph, start);
  members.forEach((states, index) => {
    settleComponent(graph, states, component, best);
    for (const state of states) {
      const from = best[state]!;
      if (from === Number.NEGATIVE_INFINITY) continue;
      for (let edge = graph.edgeStart[state]!; edge < graph.edgeStart[state + 1]!; edge++) {
        const target = graph.edgeTarget[edge]!;
        if (component[target] !== index) best[target] = Math.max(best[target]!, from + graph.edgeWeight[edge]!);
      }
    }
  });
  return best;
}

/** The outcomes and score bounds of a machine, or null when it has no single initial state to start from. */
export function machineReach(machine: Machine): MachineReach | null {
  const initial = machine.states.filter((state) => state.is_initial_state);
  if (initial.length !== 1) return null;
  const states = new Map(machine.states.map((state) => [state.state_key, state]));
  const indexOf = new Map([...states.keys()].map((key, index) => [key, index]));
  const firstPass = firstPassByState(machine.transitions);
  const effects = machine.transitions
    .map((transition) => (states.get(transition.from_state_key)?.is_terminal_state === false ? effectOf(machine, states, firstPass, transition) : null))
    .filter((effect): effect is Effect => effect !== null);
  const moves = effects.flatMap((effect) => (effect.kind === "move" ? [{ from: indexOf.get(effect.from)!, to: indexOf.get(effect.to)!, delta: effect.delta }] : []));
  const start = indexOf.get((initial[0] as State).state_key)!;
  const highest = longestWalks(states.size, start, moves.map((move) => ({ from: move.from, to: move.to, weight: move.delta })));
  const lowest = longestWalks(states.size, start, moves.map((move) => ({ from: move.from, to: move.to, weight: -move.delta })));

  const outcomes = new Set<Outcome>();
  let minScore = Number.POSITIVE_INFINITY;
  let maxScore = Number.NEGATIVE_INFINITY;
  for (const end of effects) {
    if (end.kind !== "end") continue;
    const from = indexOf.get(end.from)!;
    const high = highest[from]!;
    if (high === Number.NEGATIVE_INFINITY) continue; // the state is never entered
    outcomes.add(end.outcome);
    maxScore = Math.max(maxScore, high + end.delta);
    minScore = Math.min(minScore, -lowest[from]! + end.delta);
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
