/**
 * The offline judge as a whole: an author's conditions decide first, exactly as before; only when
 * none holds are the transitions without `when` weighed (offline-judge.test.ts has the weighing).
 */
import { describe, expect, it } from "vitest";
import type { PersonaDefinition, Transition } from "./definition.ts";
import { openSession, step } from "./play.ts";
import type { Judge } from "./ports.ts";
import { validateDefinition } from "./validate-definition.ts";

const AT = "2026-01-01T00:00:00Z";

function vault(transitions: Array<Partial<Transition> & Pick<Transition, "to_state_key" | "decision_type">>): PersonaDefinition {
  const result = validateDefinition({
    name: "Vault Keeper",
    description: "Keeps the vault",
    persona_identity_prompt: "You keep the vault.",
    machines: [
      {
        machine_key: "vault",
        name: "The vault",
        creator_objective: "Open the vault with the password.",
        scoring_mode: "pass_fail",
        states: [
          { state_key: "door", label: "Door", prompt_instruction: "Ask the player for the vault password.", is_initial_state: true, lines: ["Password?"] },
          { state_key: "open", label: "Open", is_terminal_state: true, lines: ["Enter."] },
          { state_key: "shut", label: "Shut", is_terminal_state: true, outcome: "REJECT", lines: ["No."] },
          { state_key: "out", label: "Out", is_terminal_state: true, lines: ["Out."] },
        ],
        transitions: transitions.map((transition) => ({ from_state_key: "door", ...transition })),
      },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

async function say(definition: PersonaDefinition, message: string, judge?: Judge) {
  const machine = definition.machines[0]!;
  const { session } = await openSession(definition, machine.machine_key, { at: AT, seed: 1 });
  return step(definition, machine, session, message, { at: AT, ...(judge ? { judge } : {}) });
}

describe("RulesJudge", () => {
  it("takes the first transition whose condition holds, even over what the message sounds like", async () => {
    const definition = vault([
      { to_state_key: "open", decision_type: "pass", when: { keywords: ["swordfish"] } },
      { to_state_key: "out", decision_type: "kick_out" },
    ]);
    const result = await say(definition, "swordfish, you idiot");
    expect(result.response).toMatchObject({ decision: "pass", outcome: "ACCEPT" });
    expect(result.decision.reason).toBe('pass door → open: message mentions "swordfish"');
  });

  it("with conditions and a redirect without one (the seeded examples' shape), redirects exactly as before, whatever the message", async () => {
    const definition = vault([
      { to_state_key: "open", decision_type: "pass", when: { keywords: ["swordfish"] } },
      { to_state_key: "door", decision_type: "redirect", priority: 9 },
    ]);
    for (const message of ["hmm", "the vault password, please", "Shut up, you fool", "I will kill you"]) {
      const result = await say(definition, message);
      expect(result.response).toMatchObject({ decision: "redirect", current_state: "door" });
      expect(result.decision.reason).toBe("redirect door → door: default (no condition held)");
    }
  });

  it("with no transition without `when`, stays and lists the conditions that failed", async () => {
    const definition = vault([{ to_state_key: "open", decision_type: "pass", when: { keywords: ["swordfish"] } }]);
    const result = await say(definition, "You idiot");
    expect(result.response).toMatchObject({ decision: null, current_state: "door" });
    expect(result.decision.reason).toBe('no condition held (message does not mention "swordfish")');
  });

  it("weighs the transitions without `when` once no condition holds: an insult takes the reject, never the pass", async () => {
    const definition = vault([
      { to_state_key: "out", decision_type: "kick_out", when: { keywords: ["dynamite"] } },
      { to_state_key: "open", decision_type: "pass" },
      { to_state_key: "shut", decision_type: "reject" },
    ]);
    expect((await say(definition, "You idiot")).response).toMatchObject({ decision: "reject", outcome: "REJECT" });
    expect((await say(definition, "The vault password is swordfish")).response).toMatchObject({ decision: "pass", outcome: "ACCEPT" });
    expect((await say(definition, "I brought dynamite")).response).toMatchObject({ decision: "kick_out", outcome: "KICK_OUT" });
  });

  it("in hybrid mode the conditions go first and the rest is the model's to judge, not the heuristic's", async () => {
    const definition = vault([
      { to_state_key: "open", decision_type: "pass" },
      { to_state_key: "shut", decision_type: "reject" },
    ]);
    const asked: string[] = [];
    const judge: Judge = { name: "fake", choose: (input) => (asked.push(input.message), { index: null, reason: "thinking" }) };
    const result = await say(definition, "You idiot", judge);
    expect(asked).toEqual(["You idiot"]);
    expect(result.decision).toMatchObject({ decided_by: "judge", decision_type: null });
  });
});
