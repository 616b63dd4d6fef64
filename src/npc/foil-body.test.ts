/** Reading save bodies written from Foil Engine's docs alone, and `/full` answers sent back. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFoilBody, slugOf } from "./foil-body.ts";
import { validateDefinition } from "./validate-definition.ts";

function example(name: string): any {
  return JSON.parse(readFileSync(new URL(`../../examples/npc/${name}.json`, import.meta.url), "utf8"));
}

/** A persona as someone who read only Foil's docs writes it: no keys, no machine names, ids like `abc123`. */
function foilStyle(): any {
  return {
    name: "Ferryman Oro",
    description: "Rows travellers across the grey river",
    persona_identity_prompt: "You are Oro, a ferryman of few words.",
    machines: [
      {
        id: "abc123",
        name: "The Crossing",
        states: [
          { id: "s1", label: "Asking the fare", is_initial_state: true },
          { id: "s2", label: "Paid", is_terminal_state: true },
          { id: "s3", label: "Refused", is_terminal_state: true, outcome: "REJECT" },
        ],
        transitions: [
          { from_state_id: "s1", to_state_id: "s2", decision_type: "pass", score_delta: 10 },
          { from_state_key: "Asking the fare", to_state_key: "Refused", decision_type: "reject" },
        ],
      },
      { id: "def456", states: [{ label: "Landing", is_initial_state: true }, { label: "Gone", is_terminal_state: true }], transitions: [{ from_state_key: "landing", to_state_key: "gone", decision_type: "pass" }] },
      { states: [{ state_key: "a", is_initial_state: true }, { state_key: "b", is_terminal_state: true }], transitions: [{ from_state_key: "a", to_state_key: "b", decision_type: "pass" }] },
    ],
    machine_links: [
      { source_machine_id: "abc123", target_machine_id: "def456", condition: { type: "outcome", value: "ACCEPT" } },
      { source_machine_key: "The Crossing", target_machine_key: "scenario_3", condition: { type: "always" } },
    ],
  };
}

describe("readFoilBody", () => {
  it("derives machine keys from names (slugs), names from keys, and 'Scenario N' when neither is given", () => {
    const { body } = readFoilBody(foilStyle()) as { body: any };
    expect(body.machines.map((machine: any) => [machine.machine_key, machine.name])).toEqual([
      ["the_crossing", "The Crossing"],
      ["scenario_2", "Scenario 2"],
      ["scenario_3", "Scenario 3"],
    ]);
  });

  it("derives state keys from labels, and resolves transitions naming states by id, label or key", () => {
    const { body } = readFoilBody(foilStyle()) as { body: any };
    expect(body.machines[0].states.map((state: any) => state.state_key)).toEqual(["asking_the_fare", "paid", "refused"]);
    expect(body.machines[0].transitions.map((transition: any) => [transition.from_state_key, transition.to_state_key])).toEqual([
      ["asking_the_fare", "paid"],
      ["asking_the_fare", "refused"],
    ]);
    expect(body.machines[1].transitions[0]).toMatchObject({ from_state_key: "landing", to_state_key: "gone" });
  });

  it("resolves links naming machines by any string id, by name, or by the derived key", () => {
    const { body } = readFoilBody(foilStyle()) as { body: any };
    expect(body.machine_links.map((link: any) => [link.source_machine_key, link.target_machine_key])).toEqual([
      ["the_crossing", "scenario_2"],
      ["the_crossing", "scenario_3"],
    ]);
    const validated = validateDefinition(body);
    expect(validated.ok, JSON.stringify(validated)).toBe(true);
  });

  it("keeps derived keys unique, also against keys the author gave", () => {
    const state = (label: string) => ({ label });
    const { body } = readFoilBody({
      machines: [
        { machine_key: "gate", states: [state("Wait"), state("Wait"), { state_key: "wait" }, state("!!!")] },
        { name: "Gate" },
        { name: "gate" },
      ],
    }) as { body: any };
    expect(body.machines.map((machine: any) => machine.machine_key)).toEqual(["gate", "gate_2", "gate_3"]);
    expect(body.machines[0].states.map((state: any) => state.state_key)).toEqual(["wait_2", "wait_3", "wait", "state_4"]);
  });

  it("reads a /full answer: the persona's fields come from `persona`", () => {
    const full = { persona: { id: "x", name: "Maud", description: "Librarian", persona_identity_prompt: "You are Maud.", is_public: true, user_id: "u" }, machines: [], variables: [], machine_links: [] };
    const { body } = readFoilBody(full) as { body: any };
    expect(body).toMatchObject({ name: "Maud", description: "Librarian", persona_identity_prompt: "You are Maud.", is_public: true });
    // Top-level fields win over `persona`'s.
    expect((readFoilBody({ ...full, name: "Other" }).body as any).name).toBe("Other");
  });

  it("points problems back where the author wrote them", () => {
    const sent = foilStyle();
    sent.machines[0].transitions[0].to_state_id = "nowhere";
    sent.persona = { description: "x" };
    delete sent.description;
    const reading = readFoilBody(sent);
    const result = validateDefinition(reading.body);
    expect(result.ok).toBe(false);
    const locs = !result.ok ? result.issues.map((issue) => reading.originalLoc(issue.loc)) : [];
    expect(locs).toContainEqual(["machines", 0, "transitions", 0, "to_state_id"]);
    expect(reading.originalLoc(["description"])).toEqual(["persona", "description"]);
    expect(reading.originalLoc(["machines", 0, "machine_key"])).toEqual(["machines", 0, "name"]);
    expect(reading.originalLoc(["machines", 1, "machine_key"])).toEqual(["machines", 1]);
    expect(reading.originalLoc(["machines", 0, "states", 1, "state_key"])).toEqual(["machines", 0, "states", 1, "label"]);
    expect(reading.originalLoc(["machine_links", 0, "source_machine_key"])).toEqual(["machine_links", 0, "source_machine_id"]);
    expect(reading.originalLoc(["machines", 2, "states", 0, "state_key"])).toEqual(["machines", 2, "states", 0, "state_key"]);
  });

  it("leaves a body already in our shape exactly as it is (the seeded examples)", () => {
    for (const name of ["merchant-kael", "guard-captain-sera"]) {
      const body = example(name);
      expect(readFoilBody(body).body).toEqual(body);
    }
  });

  it("never throws, never changes its input, and reading twice reads nothing more", () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), fc.array(fc.record({ name: fc.option(fc.string()), machine_key: fc.option(fc.string()), id: fc.option(fc.string()), states: fc.array(fc.record({ label: fc.option(fc.string()), state_key: fc.option(fc.string()) })) }, { requiredKeys: [] })), (anything, machines) => {
        for (const input of [anything, { machines }]) {
          const before = JSON.stringify(input);
          const once = readFoilBody(input).body;
          expect(JSON.stringify(input)).toBe(before);
          expect(readFoilBody(once).body).toEqual(once);
        }
      }),
    );
  });

  it("reads thousands of machines without slowing (linear: keys are minted with a counter per base)", () => {
    const machines = Array.from({ length: 20_000 }, () => ({ name: "Same", states: [] }));
    const { body } = readFoilBody({ machines }) as { body: any };
    expect(body.machines.at(-1).machine_key).toBe("same_20000");
  });

  it("slugs fold accents and drop what is not a letter or digit", () => {
    expect(slugOf("Café Négociation — round 2!")).toBe("cafe_negociation_round_2");
    expect(slugOf("城门")).toBe("");
  });
});
