import { describe, expect, it } from "vitest";
import type { PersonaDefinition } from "./definition.ts";
import { availableMachines, deriveProgress, relationshipDelta, standingOf, unlockedBy } from "./progress.ts";
import type { NpcEvent } from "./session.ts";
import { validateDefinition } from "./validate-definition.ts";

function machine(key: string, extra: Record<string, unknown> = {}) {
  return {
    machine_key: key,
    name: key.toUpperCase(),
    // Every outcome and any score can be reached, so save accepts every kind of link from it.
    states: [
      { state_key: "s", label: "S", is_initial_state: true },
      { state_key: "won", is_terminal_state: true },
      { state_key: "lost", is_terminal_state: true, outcome: "REJECT" },
    ],
    transitions: [
      { from_state_key: "s", to_state_key: "won", decision_type: "pass" },
      { from_state_key: "s", to_state_key: "lost", decision_type: "pass" },
      { from_state_key: "s", to_state_key: "s", decision_type: "redirect", score_delta: 10 },
    ],
    output_variables: [{ key: "gift" }],
    ...extra,
  };
}

const definition: PersonaDefinition = (() => {
  const result = validateDefinition({
    name: "P",
    description: "D",
    persona_identity_prompt: "I",
    machines: [machine("a"), machine("won"), machine("lost"), machine("rich"), machine("any"), machine("loyal"), machine("free")],
    machine_links: [
      { source_machine_key: "a", target_machine_key: "won", condition: { type: "outcome", value: "ACCEPT" }, auto_advance: true },
      { source_machine_key: "a", target_machine_key: "lost", condition: { type: "outcome", value: "REJECT" } },
      { source_machine_key: "a", target_machine_key: "rich", condition: { type: "score_gte", value: 50 } },
      { source_machine_key: "a", target_machine_key: "any", condition: { type: "always" } },
      { source_machine_key: "a", target_machine_key: "loyal", condition: { type: "when", when: { all: [{ gte: [{ var: "relationship_level" }, 10] }, { eq: [{ var: "vars.gift" }, "rose"] }] } } },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
})();

function run(machineKey: string, outcome: "ACCEPT" | "REJECT" | "KICK_OUT", score: number, at: string, vars: Record<string, string> = {}): NpcEvent[] {
  const base = { machine_key: machineKey, at };
  return [
    { ...base, type: "machine-start", state_key: "s", seed: 1, player_name: null },
    ...Object.entries(vars).map(([key, value]): NpcEvent => ({ ...base, type: "variable-set", key, value, reason: "test" })),
    { ...base, type: "machine-end", state_key: "s", outcome, score },
  ];
}

const keys = (machines: Array<{ machine_key: string }>) => machines.map((item) => item.machine_key);

describe("deriveProgress", () => {
  it("starts with entry and unlinked machines only", () => {
    const progress = deriveProgress(definition, []);
    expect(progress).toMatchObject({ current_machine_key: null, relationship_level: 0, total_score: 0, completed_machines: [], route_path: [], cross_machine_vars: {}, has_links: true });
    expect(keys(progress.available_machines)).toEqual(["a", "free"]);
  });

  it("tracks the current machine, route and completions with their timestamps", () => {
    const events = [...run("a", "ACCEPT", 60, "t1", { gift: "rose" }), { machine_key: "won", at: "t2", type: "machine-start", state_key: "s", seed: 1, player_name: null } as NpcEvent];
    const progress = deriveProgress(definition, events);
    expect(progress.current_machine_key).toBe("won");
    expect(progress.route_path).toEqual(["a", "won"]);
    expect(progress.completed_machines).toEqual([{ machine_key: "a", outcome: "ACCEPT", score: 60, completed_at: "t1" }]);
    expect(progress.total_score).toBe(60);
    expect(progress.relationship_level).toBe(16);
    expect(progress.cross_machine_vars).toEqual({ gift: "rose" });
  });

  it("ignores the events of a machine the author has since removed", () => {
    const events = [
      ...run("a", "ACCEPT", 60, "t1", { gift: "rose" }),
      ...run("removed", "ACCEPT", 90, "t2", { gift: "lily" }),
      { machine_key: "removed", at: "t3", type: "machine-start", state_key: "s", seed: 1, player_name: null } as NpcEvent,
    ];
    const progress = deriveProgress(definition, events);
    expect(progress).toMatchObject({ current_machine_key: null, route_path: ["a"], total_score: 60, relationship_level: 16, cross_machine_vars: { gift: "rose" } });
    expect(keys(progress.completed_machines)).toEqual(["a"]);
  });

  it("unlocks each link only for the right result", () => {
    expect(keys(deriveProgress(definition, run("a", "ACCEPT", 60, "t1", { gift: "rose" })).available_machines)).toEqual(["a", "won", "rich", "any", "loyal", "free"]);
    expect(keys(deriveProgress(definition, run("a", "ACCEPT", 10, "t1", { gift: "tulip" })).available_machines)).toEqual(["a", "won", "any", "free"]);
    expect(keys(deriveProgress(definition, run("a", "REJECT", 60, "t1")).available_machines)).toEqual(["a", "lost", "rich", "any", "free"]);
    expect(keys(deriveProgress(definition, run("a", "KICK_OUT", 0, "t1")).available_machines)).toEqual(["a", "any", "free"]);
  });

  it("a replayed machine replaces its earlier result", () => {
    const progress = deriveProgress(definition, [...run("a", "REJECT", 5, "t1"), ...run("a", "ACCEPT", 20, "t2")]);
    expect(progress.completed_machines).toEqual([{ machine_key: "a", outcome: "ACCEPT", score: 20, completed_at: "t2" }]);
    expect(progress.total_score).toBe(20);
    expect(progress.route_path).toEqual(["a", "a"]);
    expect(keys(progress.available_machines)).not.toContain("lost");
  });

  it("moves the relationship by outcome and clamps it to [-100, 100]", () => {
    expect(relationshipDelta("ACCEPT", 34)).toBe(13);
    expect(relationshipDelta("REJECT", 99)).toBe(-5);
    expect(relationshipDelta("KICK_OUT", 0)).toBe(-15);
    const completions = Array.from({ length: 10 }, (_, index) => ({ machine_key: `m${index}`, outcome: "KICK_OUT" as const, score: 0, completed_at: "t" }));
    expect(standingOf(completions).relationship_level).toBe(-100);
    expect(standingOf([{ machine_key: "x", outcome: "ACCEPT", score: 2000, completed_at: "t" }]).relationship_level).toBe(100);
  });
});

describe("unlockedBy", () => {
  it("names the machines a finish newly unlocked, with auto-advance", () => {
    const progress = deriveProgress(definition, run("a", "ACCEPT", 60, "t1"));
    expect(unlockedBy(definition, "a", progress)).toEqual([
      { machine_key: "won", name: "WON", is_auto_advance: true },
      { machine_key: "rich", name: "RICH", is_auto_advance: false },
      { machine_key: "any", name: "ANY", is_auto_advance: false },
    ]);
    expect(unlockedBy(definition, "free", progress)).toEqual([]);
  });

  it("agrees with availableMachines", () => {
    const progress = deriveProgress(definition, run("a", "REJECT", 0, "t1"));
    expect(keys(availableMachines(definition, progress))).toEqual(keys(progress.available_machines));
    expect(keys(unlockedBy(definition, "a", progress))).toEqual(["lost", "any"]);
  });
});
