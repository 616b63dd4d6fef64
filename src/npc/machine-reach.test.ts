import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MachineSchema, type Machine, type PersonaDefinition } from "./definition.ts";
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
