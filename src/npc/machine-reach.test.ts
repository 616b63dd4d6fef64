import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MachineSchema, StateSchema, TransitionSchema, type Machine, type PersonaDefinition } from "./definition.ts";
import { linkNeverHoldsReason, machineReach, type MachineReach } from "./machine-reach.ts";
import { openSession, step } from "./play.ts";
import type { Judge } from "./ports.ts";
import type { Outcome } from "./values.ts";

const AT = "2026-01-01T00:00:00Z";

function machine(input: Record<string, unknown>): Machine {
  return MachineSchema.parse({ machine_key: "m", name: "M", ...input });
}

/** start → middle → end (ACCEPT), with what each test adds. */
function line(transitions: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): Machine {
  return machine({
    states: [
      { state_key: "start", is_initial_state: true },
      { state_key: "middle" },
      { state_key: "end", is_terminal_state: true },
      { state_key: "failed", is_terminal_state: true, outcome: "REJECT" },
      { state_key: "out", is_terminal_state: true },
    ],
    transitions,
    ...extra,
  });
}

const reachOf = (value: Machine) => machineReach(value) as MachineReach;
const outcomesOf = (value: Machine) => [...reachOf(value).outcomes].sort();

describe("machineReach: outcomes, as step plays them", () => {
  it("a pass into a terminal state ends with its outcome, ACCEPT by default", () => {
    expect(outcomesOf(line([{ from_state_key: "start", to_state_key: "end", decision_type: "pass" }]))).toEqual(["ACCEPT"]);
    expect(outcomesOf(line([{ from_state_key: "start", to_state_key: "failed", decision_type: "pass" }]))).toEqual(["REJECT"]);
  });

  it("a kick_out ends KICK_OUT whatever its state says; a pass_fail reject ends REJECT", () => {
    expect(outcomesOf(line([{ from_state_key: "start", to_state_key: "end", decision_type: "kick_out" }]))).toEqual(["KICK_OUT"]);
    expect(outcomesOf(line([{ from_state_key: "start", to_state_key: "end", decision_type: "reject" }], { scoring_mode: "pass_fail" }))).toEqual(["REJECT"]);
  });

  it("a scoring reject moves on and never ends REJECT by itself; pointing back at its state, it follows the state's first pass", () => {
    const alongPass = line([
      { from_state_key: "start", to_state_key: "start", decision_type: "reject", score_delta: -5 },
      { from_state_key: "start", to_state_key: "end", decision_type: "pass", priority: 2 },
      { from_state_key: "start", to_state_key: "middle", decision_type: "pass", priority: 1 },
    ]);
    // The reject leads to "middle" (the first pass by priority), which never ends: only the pass to "end" does.
    expect(reachOf(alongPass)).toEqual({ outcomes: new Set(["ACCEPT"]), minScore: 0, maxScore: 0 });
    expect(outcomesOf(line([{ from_state_key: "start", to_state_key: "failed", decision_type: "reject" }]))).toEqual(["REJECT"]);
  });

  it("a machine whose terminal states no path reaches can never end", () => {
    const stuck = line([
      { from_state_key: "start", to_state_key: "start", decision_type: "redirect" },
      { from_state_key: "middle", to_state_key: "end", decision_type: "pass" },
    ]);
    expect(reachOf(stuck).outcomes.size).toBe(0);
    expect(machineReach(machine({ states: [{ state_key: "only", is_initial_state: true, is_terminal_state: true }] }))?.outcomes.size).toBe(0);
  });

  it("gives up (null) on a machine without a single initial state", () => {
    expect(machineReach(machine({ states: [{ state_key: "a", is_terminal_state: true }] }))).toBeNull();
  });
});

describe("machineReach: score bounds", () => {
  it("are the extremes over the paths that end the machine", () => {
    const value = line([
      { from_state_key: "start", to_state_key: "middle", decision_type: "pass", score_delta: 10 },
      { from_state_key: "start", to_state_key: "out", decision_type: "kick_out", score_delta: -20 },
      { from_state_key: "middle", to_state_key: "end", decision_type: "pass", score_delta: 5 },
      { from_state_key: "middle", to_state_key: "failed", decision_type: "pass", score_delta: -3 },
    ]);
    expect(reachOf(value)).toEqual({ outcomes: new Set(["ACCEPT", "REJECT", "KICK_OUT"]), minScore: -20, maxScore: 15 });
  });

  it("are unbounded when a repeatable cycle keeps adding or keeps taking away", () => {
    const rising = line([
      { from_state_key: "start", to_state_key: "start", decision_type: "redirect", score_delta: 1 },
      { from_state_key: "start", to_state_key: "end", decision_type: "pass" },
    ]);
    expect(reachOf(rising)).toMatchObject({ minScore: 0, maxScore: Number.POSITIVE_INFINITY });
    // A scoring reject with nowhere to go stays, and may be taken again and again.
    const falling = line([
      { from_state_key: "start", to_state_key: "start", decision_type: "reject", score_delta: -5 },
      { from_state_key: "start", to_state_key: "end", decision_type: "kick_out" },
    ]);
    expect(reachOf(falling)).toMatchObject({ minScore: Number.NEGATIVE_INFINITY, maxScore: 0 });
    // A cycle through two states counts as well.
    const loop = line([
      { from_state_key: "start", to_state_key: "middle", decision_type: "pass", score_delta: 3 },
      { from_state_key: "middle", to_state_key: "start", decision_type: "pass", score_delta: -1 },
      { from_state_key: "middle", to_state_key: "end", decision_type: "pass" },
    ]);
    expect(reachOf(loop)).toMatchObject({ minScore: 3, maxScore: Number.POSITIVE_INFINITY });
  });
});

describe("linkNeverHoldsReason", () => {
  const reach: MachineReach = { outcomes: new Set<Outcome>(["ACCEPT", "KICK_OUT"]), minScore: -10, maxScore: 30 };
  it("explains an outcome the source cannot produce and a score outside its bounds", () => {
    expect(linkNeverHoldsReason("m", { type: "outcome", value: "REJECT" }, reach)).toBe('machine "m" can never end REJECT: it can only end ACCEPT or KICK_OUT');
    expect(linkNeverHoldsReason("m", { type: "score_gte", value: 31 }, reach)).toBe('machine "m" ends with a score of at most 30, never 31 or more');
    expect(linkNeverHoldsReason("m", { type: "score_lte", value: -11 }, reach)).toBe('machine "m" ends with a score of at least -10, never -11 or less');
  });
  it("lets through what can hold, the bounds themselves included", () => {
    for (const condition of [
      { type: "outcome", value: "ACCEPT" },
      { type: "score_gte", value: 30 },
      { type: "score_lte", value: -10 },
      { type: "always" },
    ] as const) {
      expect(linkNeverHoldsReason("m", condition, reach)).toBeNull();
    }
  });
  it("refuses every link from a machine that can never end", () => {
    const never: MachineReach = { outcomes: new Set(), minScore: Number.POSITIVE_INFINITY, maxScore: Number.NEGATIVE_INFINITY };
    expect(linkNeverHoldsReason("m", { type: "always" }, never)).toMatch(/can never end/);
  });
});

/**
 * Soundness against the engine itself: random machines played by a judge that picks any allowed
 * transition (or none) at random. Every ending the engine produces must lie within what
 * `machineReach` claims, so save can never reject a link that could hold.
 */
describe("machineReach is sound", () => {
  const OUTCOME_OR_DEFAULT = fc.constantFrom<Outcome | undefined>(undefined, "ACCEPT", "REJECT", "KICK_OUT");
  const arbitraryMachine = fc
    .record({
      scoringMode: fc.constantFrom("scoring" as const, "pass_fail" as const),
      states: fc.array(fc.record({ terminal: fc.boolean(), outcome: OUTCOME_OR_DEFAULT }), { minLength: 2, maxLength: 5 }),
      transitions: fc.array(
        fc.record({
          from: fc.nat(),
          to: fc.nat(),
          type: fc.constantFrom("pass" as const, "redirect" as const, "reject" as const, "kick_out" as const),
          delta: fc.integer({ min: -10, max: 10 }),
          priority: fc.integer({ min: 0, max: 3 }),
        }),
        { maxLength: 8 },
      ),
    })
    .map(({ scoringMode, states, transitions }) => {
      const keys = states.map((_state, index) => `s${index}`);
      const terminal = states.map((state, index) => index > 0 && (state.terminal || index === states.length - 1));
      const terminals = keys.filter((_key, index) => terminal[index]);
      const open = keys.filter((_key, index) => !terminal[index]);
      return machine({
        scoring_mode: scoringMode,
        states: states.map((state, index) => ({
          state_key: keys[index],
          is_initial_state: index === 0,
          is_terminal_state: terminal[index],
          ...(terminal[index] && state.outcome ? { outcome: state.outcome } : {}),
        })),
        // Shaped the way save allows: no way out of a terminal state, a redirect stays, an ending needs a terminal state, penalties are not rewards.
        transitions: transitions.map((transition) => {
          const from = open[transition.from % open.length] as string;
          const ends = transition.type === "kick_out" || (transition.type === "reject" && scoringMode === "pass_fail");
          const to = transition.type === "redirect" ? from : ends ? (terminals[transition.to % terminals.length] as string) : (keys[transition.to % keys.length] as string);
          const delta = transition.type === "reject" || transition.type === "kick_out" ? -Math.abs(transition.delta) : transition.delta;
          return { from_state_key: from, to_state_key: to, decision_type: transition.type, score_delta: delta, priority: transition.priority };
        }),
        decision_mode: "llm",
      });
    });

  it("every ending the engine plays is among the outcomes, within the bounds", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryMachine, fc.array(fc.nat(), { minLength: 1, maxLength: 25 }), async (played, choices) => {
        const definition: PersonaDefinition = { name: "P", description: "D", persona_identity_prompt: "I", machines: [played], variables: [], machine_links: [] };
        let turn = 0;
        const judge: Judge = {
          name: "dice",
          choose(input) {
            const choice = choices[turn % choices.length] as number;
            const picked = input.candidates[choice % (input.candidates.length + 1)];
            return { index: picked?.index ?? null, reason: "dice" };
          },
        };
        let { session } = await openSession(definition, "m", { at: AT, seed: 1 });
        for (turn = 0; turn < choices.length && !session.completed; turn++) {
          session = (await step(definition, played, session, "hello", { at: AT, judge })).session;
        }
        if (!session.completed) return;
        const reach = machineReach(played) as MachineReach;
        expect(reach.outcomes.has(session.outcome as Outcome)).toBe(true);
        expect(session.score).toBeGreaterThanOrEqual(reach.minScore);
        expect(session.score).toBeLessThanOrEqual(reach.maxScore);
      }),
      { numRuns: 300 },
    );
  });
});

/** The textbook answer, for comparison: Bellman–Ford from the initial state, O(states × moves). */
function boundsByBellmanFord(value: Machine): { min: number; max: number } | null {
  const reach = machineReach(value);
  if (!reach || reach.outcomes.size === 0) return null;
  const states = value.states.map((state) => state.state_key);
  const start = value.states.find((state) => state.is_initial_state)!.state_key;
  const terminal = new Set(value.states.filter((state) => state.is_terminal_state).map((state) => state.state_key));
  // Only machines of pass and redirect moves into open states, and kick_outs to end: effects are then plain.
  const moves = value.transitions.filter((transition) => !terminal.has(transition.to_state_key) && transition.decision_type !== "kick_out" && !terminal.has(transition.from_state_key));
  const ends = value.transitions.filter((transition) => !terminal.has(transition.from_state_key) && (terminal.has(transition.to_state_key) || transition.decision_type === "kick_out"));
  const longest = (sign: 1 | -1) => {
    const best = new Map(states.map((state) => [state, Number.NEGATIVE_INFINITY]));
    best.set(start, 0);
    for (let round = 0; round < states.length + 1; round++) {
      for (const move of moves) {
        const from = best.get(move.from_state_key)!;
        if (from + sign * move.score_delta > best.get(move.to_state_key)!) best.set(move.to_state_key, round >= states.length - 1 ? Number.POSITIVE_INFINITY : from + sign * move.score_delta);
      }
    }
    // Whatever a positive cycle reaches is unbounded: spread it.
    for (let round = 0; round < states.length; round++) {
      for (const move of moves) if (best.get(move.from_state_key) === Number.POSITIVE_INFINITY) best.set(move.to_state_key, Number.POSITIVE_INFINITY);
    }
    return best;
  };
  const high = longest(1);
  const low = longest(-1);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const end of ends) {
    if (high.get(end.from_state_key) === Number.NEGATIVE_INFINITY) continue;
    max = Math.max(max, high.get(end.from_state_key)! + end.score_delta);
    min = Math.min(min, -low.get(end.from_state_key)! + end.score_delta);
  }
  return { min, max };
}

describe("machineReach in linear time", () => {
  const arbitraryGraph = fc
    .record({
      open: fc.integer({ min: 1, max: 7 }),
      moves: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), delta: fc.integer({ min: -5, max: 5 }), redirect: fc.boolean() }), { maxLength: 16 }),
      ends: fc.array(fc.record({ from: fc.nat(), delta: fc.integer({ min: -5, max: 5 }), kick: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    })
    .map(({ open, moves, ends }) =>
      machine({
        states: [...Array.from({ length: open }, (_, index) => ({ state_key: `s${index}`, is_initial_state: index === 0 })), { state_key: "end", is_terminal_state: true }],
        transitions: [
          ...moves.map((move) => {
            const from = `s${move.from % open}`;
            return { from_state_key: from, to_state_key: move.redirect ? from : `s${move.to % open}`, decision_type: move.redirect ? "redirect" : "pass", score_delta: move.delta };
          }),
          ...ends.map((end) => ({ from_state_key: `s${end.from % open}`, to_state_key: "end", decision_type: end.kick ? "kick_out" : "pass", score_delta: end.kick ? -Math.abs(end.delta) : end.delta })),
        ],
      }),
    );

  it("gives exactly Bellman–Ford's bounds on machines of up to 64 strongly connected states", () => {
    fc.assert(
      fc.property(arbitraryGraph, (value) => {
        const expected = boundsByBellmanFord(value);
        if (expected === null) return;
        expect(reachOf(value)).toMatchObject({ minScore: expected.min, maxScore: expected.max });
      }),
      { numRuns: 500 },
    );
  });

  it("handles a chain of 16,000 states, which a quadratic analysis or a recursive walk could not", () => {
    const count = 16_000;
    // Past save's caps (a definition stored before them, or the engine used directly), so built by hand.
    const chain: Machine = {
      ...machine({ states: [{ state_key: "s0", is_initial_state: true }] }),
      states: Array.from({ length: count }, (_, index) => StateSchema.parse({ state_key: `s${index}`, is_initial_state: index === 0, is_terminal_state: index === count - 1 })),
      // Listed backwards, the worst order for a relaxation that sweeps the list.
      transitions: Array.from({ length: count - 1 }, (_, index) => TransitionSchema.parse({ from_state_key: `s${index}`, to_state_key: `s${index + 1}`, decision_type: "pass", score_delta: 1 })).reverse(),
    };
    expect(reachOf(chain)).toEqual({ outcomes: new Set(["ACCEPT"]), minScore: count - 1, maxScore: count - 1 });
  });

  it("keeps exact bounds through a large cycle whose steps sum to zero, and stays sound through a large tangle that does not", () => {
    const ring = (count: number, delta: (index: number) => number) =>
      machine({
        states: [...Array.from({ length: count }, (_, index) => ({ state_key: `s${index}`, is_initial_state: index === 0 })), { state_key: "end", is_terminal_state: true }],
        transitions: [
          ...Array.from({ length: count }, (_, index) => ({ from_state_key: `s${index}`, to_state_key: `s${(index + 1) % count}`, decision_type: "pass", score_delta: delta(index) })),
          { from_state_key: `s${count - 1}`, to_state_key: "end", decision_type: "pass", score_delta: 0 },
        ],
      });
    // +1 a hundred times and -100 once: every cycle sums to zero, the score at the end is exactly 100.
    expect(reachOf(ring(101, (index) => (index === 100 ? -100 : 1)))).toMatchObject({ minScore: 100, maxScore: 100 });
    // Around the ring the score rises by 100, so it is unbounded above. It never ends below 100, but past
    // 64 states a tangle whose cycles do not sum to zero is bounded by what it is entered with (0): looser, never wrong.
    expect(reachOf(ring(101, (index) => (index === 100 ? 0 : 1)))).toMatchObject({ minScore: 0, maxScore: Number.POSITIVE_INFINITY });
    expect(reachOf(ring(60, (index) => (index === 59 ? 0 : 1)))).toMatchObject({ minScore: 59, maxScore: Number.POSITIVE_INFINITY });
    // Over 64 states and cycles that lose: the lower bound goes (soundly) to -Infinity, the upper stays at the entry's 0.
    expect(reachOf(ring(101, (index) => (index === 100 ? -5 : 0)))).toMatchObject({ minScore: Number.NEGATIVE_INFINITY, maxScore: 0 });
  });
});
