import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { PersonaDefinition } from "./definition.ts";
import { offlinePlayWarnings } from "./offline-warnings.ts";
import { validateDefinition } from "./validate-definition.ts";

function definitionOf(body: unknown): PersonaDefinition {
  const result = validateDefinition(body);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

function example(name: string): PersonaDefinition {
  return definitionOf(JSON.parse(readFileSync(new URL(`../../examples/npc/${name}.json`, import.meta.url), "utf8")));
}

function persona(machine: Record<string, unknown>): PersonaDefinition {
  return definitionOf({ name: "Ferryman Oro", description: "Rows travellers", persona_identity_prompt: "You are Oro.", machines: [{ machine_key: "fare", name: "The fare", ...machine }] });
}

const LINES = { lines: ["Well?"] };

describe("offlinePlayWarnings", () => {
  it("finds nothing to say about a machine decided by conditions, with lines everywhere (Merchant Kael)", () => {
    expect(offlinePlayWarnings(example("merchant-kael"))).toEqual([]);
  });

  it("points Guard Captain Sera's author at the states of the appeal that have no lines", () => {
    expect(offlinePlayWarnings(example("guard-captain-sera"))).toEqual([
      {
        loc: ["machines", 2, "states"],
        type: "offline_composed_replies",
        msg: 'states "plea", "granted", "denied", "jailed" of machine "appeal" have no `lines`: without a model the NPC composes replies from `prompt_instruction`, and says a neutral line in the persona\'s voice when it cannot read the instruction. Write `lines` for what the NPC should say there.',
      },
    ]);
  });

  it("tells the author of a Foil Engine body (no `when` anywhere) who decides offline, and what will end ACCEPT unexpectedly", () => {
    const foil = persona({
      scoring_mode: "scoring",
      states: [
        { state_key: "ask", label: "Ask for the fare", prompt_instruction: "Ask the traveler for the fare.", is_initial_state: true },
        { state_key: "crossed", label: "Crossed", is_terminal_state: true },
        { state_key: "refused", label: "Refused", is_terminal_state: true },
      ],
      transitions: [
        { from_state_key: "ask", to_state_key: "crossed", decision_type: "pass", score_delta: 10 },
        { from_state_key: "ask", to_state_key: "refused", decision_type: "reject", score_delta: -5 },
        { from_state_key: "ask", to_state_key: "ask", decision_type: "redirect" },
      ],
    });
    const warnings = offlinePlayWarnings(foil);
    expect(warnings.map((warning) => [warning.type, warning.loc])).toEqual([
      ["offline_heuristic_judge", ["machines", 0, "transitions"]],
      ["offline_loss_ends_accept", ["machines", 0, "states", 2, "outcome"]],
      ["offline_composed_replies", ["machines", 0, "states"]],
    ]);
    expect(warnings[0]!.msg).toMatch(/^no transition of machine "fare" has a `when` condition, so without a model its turns are decided by the offline heuristic judge: insults and threats take a reject or kick_out/);
    expect(warnings[0]!.msg).toContain("configure a model (DRAMATIS_MODEL)");
    expect(warnings[1]!.msg).toBe('terminal state "refused" has no `outcome`, so entering it ends machine "fare" ACCEPT (even after a reject). If the player loses there, set "outcome": "REJECT" (or "KICK_OUT").');
  });

  it("a state whose only way forward is a redirect (or nothing) can never be finished", () => {
    const stuck = persona({
      states: [
        { state_key: "ask", is_initial_state: true, ...LINES },
        { state_key: "wait", ...LINES },
        { state_key: "limbo", ...LINES },
        { state_key: "done", is_terminal_state: true, ...LINES },
      ],
      transitions: [
        { from_state_key: "ask", to_state_key: "wait", decision_type: "pass", when: { keywords: ["yes"] } },
        { from_state_key: "ask", to_state_key: "limbo", decision_type: "pass", when: { keywords: ["maybe"] } },
        { from_state_key: "ask", to_state_key: "done", decision_type: "pass", when: { keywords: ["now"] } },
        { from_state_key: "wait", to_state_key: "wait", decision_type: "redirect" },
      ],
    });
    expect(offlinePlayWarnings(stuck)).toEqual([
      {
        loc: ["machines", 0, "states"],
        type: "offline_no_way_forward",
        msg: 'states "wait", "limbo" of machine "fare" are not terminal and no transition but a redirect leaves them: a player who reaches one can never finish the machine. Add a pass (or reject, kick_out) out of each.',
      },
    ]);
    const machine = stuck.machines[0]!;
    const onlyWait = { ...stuck, machines: [{ ...machine, states: machine.states.filter((state) => state.state_key !== "limbo"), transitions: machine.transitions.filter((transition) => transition.to_state_key !== "limbo") }] };
    expect(offlinePlayWarnings(onlyWait)).toEqual([
      {
        loc: ["machines", 0, "states", 1],
        type: "offline_no_way_forward",
        msg: 'state "wait" of machine "fare" is not terminal and no transition but a redirect leaves it: a player who reaches it can never finish the machine. Add a pass (or reject, kick_out) out of it.',
      },
    ]);
  });

  it("a machine whose conditions only punish, with the win left to a pass without `when`", () => {
    const lopsided = persona({
      scoring_mode: "pass_fail",
      states: [
        { state_key: "ask", is_initial_state: true, ...LINES },
        { state_key: "middle", ...LINES },
        { state_key: "won", is_terminal_state: true, ...LINES },
        { state_key: "lost", is_terminal_state: true, outcome: "REJECT", ...LINES },
      ],
      transitions: [
        { from_state_key: "ask", to_state_key: "lost", decision_type: "reject", when: { keywords: ["no"] } },
        { from_state_key: "ask", to_state_key: "middle", decision_type: "pass", when: { keywords: ["yes"] } },
        { from_state_key: "middle", to_state_key: "won", decision_type: "pass" },
      ],
    });
    expect(offlinePlayWarnings(lopsided)).toEqual([
      {
        loc: ["machines", 0, "transitions"],
        type: "offline_win_by_heuristic",
        msg: 'machine "fare" can be won only through pass transitions without `when` (transitions[2] middle → won): without a model the offline heuristic judge takes them on any civil, on-topic message. Give them `when` conditions to say what wins.',
      },
    ]);
  });

  it("a machine that no path lets the player win", () => {
    const unwinnable = persona({
      states: [
        { state_key: "ask", is_initial_state: true, ...LINES },
        { state_key: "lost", is_terminal_state: true, outcome: "REJECT", ...LINES },
      ],
      transitions: [{ from_state_key: "ask", to_state_key: "lost", decision_type: "pass", when: { keywords: ["no"] } }],
    });
    expect(offlinePlayWarnings(unwinnable).map((warning) => warning.type)).toEqual(["offline_never_won"]);
    expect(offlinePlayWarnings(unwinnable)[0]!.loc).toEqual(["machines", 0, "states"]);
  });

  it("a losing terminal state entered by a pass without an outcome; one state without lines is named with its own loc", () => {
    const passIntoLoss = persona({
      states: [
        { state_key: "ask", is_initial_state: true, ...LINES },
        { state_key: "won", is_terminal_state: true, ...LINES },
        { state_key: "game_over", label: "Game over", is_terminal_state: true },
      ],
      transitions: [
        { from_state_key: "ask", to_state_key: "won", decision_type: "pass", when: { keywords: ["yes"] } },
        { from_state_key: "ask", to_state_key: "game_over", decision_type: "pass", when: { keywords: ["no"] } },
      ],
    });
    expect(offlinePlayWarnings(passIntoLoss)).toEqual([
      {
        loc: ["machines", 0, "states", 2, "outcome"],
        type: "offline_loss_ends_accept",
        msg: 'terminal state "game_over" has no `outcome`, so entering it ends machine "fare" ACCEPT. If the player loses there, set "outcome": "REJECT" (or "KICK_OUT").',
      },
      {
        loc: ["machines", 0, "states", 2, "lines"],
        type: "offline_composed_replies",
        msg: 'state "game_over" of machine "fare" has no `lines`: without a model the NPC composes replies from `prompt_instruction`, and says a neutral line in the persona\'s voice when it cannot read the instruction. Write `lines` for what the NPC should say there.',
      },
    ]);
  });

  it("names at most five states in one warning, however many lack lines", () => {
    const states = Array.from({ length: 40 }, (_, index) => ({ state_key: `s${index}`, is_initial_state: index === 0, is_terminal_state: index === 39 }));
    const transitions = states.slice(0, -1).map((state, index) => ({ from_state_key: state.state_key, to_state_key: `s${index + 1}`, decision_type: "pass", when: { keywords: ["go"] } }));
    const [warning] = offlinePlayWarnings(persona({ states, transitions }));
    expect(warning!.msg).toMatch(/^states "s0", "s1", "s2", "s3", "s4" and 35 more of machine "fare" have no `lines`/);
  });
});
