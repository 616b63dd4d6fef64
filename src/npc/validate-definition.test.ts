import { describe, expect, it } from "vitest";
import { validateDefinition, type ValidationIssue } from "./validate-definition.ts";

/** A small valid body; each test breaks one thing. */
function body(): any {
  return {
    name: "Kael",
    description: "A trader",
    persona_identity_prompt: "You are Kael.",
    intents: { greeting: ["hello"] },
    machines: [
      {
        machine_key: "haggle",
        name: "Haggle",
        states: [
          { state_key: "start", label: "Start", prompt_instruction: "Greet.", is_initial_state: true, is_terminal_state: false, display_order: 0 },
          { state_key: "done", label: "Done", prompt_instruction: "Close.", is_initial_state: false, is_terminal_state: true, display_order: 1 },
        ],
        transitions: [
          { from_state_key: "start", to_state_key: "done", decision_type: "pass", when: { intent: "greeting" } },
          { from_state_key: "start", to_state_key: "start", decision_type: "redirect" },
        ],
        variables: [{ key: "offer", type: "number", extract: [{ regex: "(\\d+) gold" }] }],
      },
      {
        machine_key: "bonus",
        name: "Bonus",
        states: [
          { state_key: "only", label: "Only", prompt_instruction: "", is_initial_state: true, display_order: 0 },
          { state_key: "over", label: "Over", prompt_instruction: "", is_terminal_state: true, display_order: 1 },
        ],
        transitions: [{ from_state_key: "only", to_state_key: "over", decision_type: "pass" }],
      },
    ],
    machine_links: [{ source_machine_key: "haggle", target_machine_key: "bonus", condition: { type: "outcome", value: "ACCEPT" } }],
  };
}

function issuesOf(input: unknown): ValidationIssue[] {
  const result = validateDefinition(input);
  if (result.ok) throw new Error("expected the body to be invalid");
  return result.issues;
}

describe("validateDefinition", () => {
  it("accepts a valid body, fills defaults and ignores unknown keys", () => {
    const input = body();
    input.extra_field = 1;
    const result = validateDefinition(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition).not.toHaveProperty("extra_field");
    expect(result.definition.machines[0]!.scoring_mode).toBe("scoring");
    expect(result.definition.machines[0]!.transitions[0]).toMatchObject({ score_delta: 0, priority: 0 });
    expect(result.definition.machine_links[0]!.auto_advance).toBe(false);
    expect(result.definition.variables).toEqual([]);
  });

  describe("shape, in pydantic's words", () => {
    it("missing and empty required fields", () => {
      const input = body();
      delete input.name;
      input.persona_identity_prompt = "";
      expect(issuesOf(input)).toEqual([
        { loc: ["name"], msg: "Field required", type: "missing" },
        { loc: ["persona_identity_prompt"], msg: "String should have at least 1 character", type: "string_too_short" },
      ]);
    });
    it("no machines", () => {
      expect(issuesOf({ ...body(), machines: [] })).toEqual([{ loc: ["machines"], msg: "List should have at least 1 item after validation, not 0", type: "too_short" }]);
    });
    it("a bad enum value", () => {
      const input = body();
      input.machines[0].scoring_mode = "points";
      expect(issuesOf(input)).toEqual([{ loc: ["machines", 0, "scoring_mode"], msg: "Input should be 'scoring' or 'pass_fail'", type: "literal_error" }]);
    });
    it("an unknown link condition type", () => {
      const input = body();
      input.machine_links[0].condition = { type: "sometimes" };
      expect(issuesOf(input)).toEqual([
        {
          loc: ["machine_links", 0, "condition"],
          msg: "Input tag 'sometimes' found using 'type' does not match any of the expected tags: 'outcome', 'score_gte', 'score_lte', 'always' or 'when'",
          type: "union_tag_invalid",
        },
      ]);
    });
    it("a malformed condition, at its exact place", () => {
      const input = body();
      input.machines[0].transitions[0].when = { any: [{ keywords: ["x"] }, { between: [1, 2] }] };
      expect(issuesOf(input)).toEqual([
        {
          loc: ["machines", 0, "transitions", 0, "when", "any", 1, "between"],
          msg: expect.stringMatching(/^Value error, unknown operator "between"/),
          type: "value_error",
        },
      ]);
    });
  });

  describe("semantics, type value_error with a precise loc", () => {
    const cases: Array<[string, (input: any) => void, Array<string | number>, RegExp]> = [
      ["transition to an unknown state", (input) => (input.machines[0].transitions[0].to_state_key = "nowhere"), ["machines", 0, "transitions", 0, "to_state_key"], /unknown state "nowhere"/],
      ["transition from an unknown state", (input) => (input.machines[0].transitions[0].from_state_key = "nowhere"), ["machines", 0, "transitions", 0, "from_state_key"], /unknown state/],
      ["no initial state", (input) => (input.machines[0].states[0].is_initial_state = false), ["machines", 0, "states"], /exactly one initial state, found none/],
      ["two initial states", (input) => (input.machines[0].states[1].is_initial_state = true), ["machines", 0, "states", 1, "is_initial_state"], /found 2/],
      ["no terminal state", (input) => (input.machines[1].states[1].is_terminal_state = false), ["machines", 1, "states"], /at least one terminal state/],
      [
        "a transition out of a terminal state",
        (input) => input.machines[0].transitions.push({ from_state_key: "done", to_state_key: "start", decision_type: "pass" }),
        ["machines", 0, "transitions", 2, "from_state_key"],
        /terminal state/,
      ],
      ["duplicate machine_key", (input) => (input.machines[1].machine_key = "haggle"), ["machines", 1, "machine_key"], /duplicate machine_key "haggle"/],
      ["duplicate state_key", (input) => (input.machines[0].states[1].state_key = "start"), ["machines", 0, "states", 1, "state_key"], /duplicate state_key/],
      ["duplicate variable key", (input) => input.machines[0].variables.push({ key: "offer", type: "string" }), ["machines", 0, "variables", 1, "key"], /duplicate variable key/],
      ["enum without values", (input) => input.machines[0].variables.push({ key: "item", type: "enum" }), ["machines", 0, "variables", 1, "values"], /non-empty "values"/],
      ["invalid extraction regex", (input) => (input.machines[0].variables[0].extract[0].regex = "(\\d+"), ["machines", 0, "variables", 0, "extract", 0, "regex"], /invalid regex/],
      ["extraction group that does not exist", (input) => (input.machines[0].variables[0].extract[0].group = 2), ["machines", 0, "variables", 0, "extract", 0, "group"], /group 2 does not exist/],
      ["link from an unknown machine", (input) => (input.machine_links[0].source_machine_key = "ghost"), ["machine_links", 0, "source_machine_key"], /unknown machine "ghost"/],
      ["link to an unknown machine", (input) => (input.machine_links[0].target_machine_key = "ghost"), ["machine_links", 0, "target_machine_key"], /unknown machine "ghost"/],
      [
        "a machine only a self-link leads to",
        (input) => (input.machine_links[0] = { source_machine_key: "bonus", target_machine_key: "bonus", condition: { type: "always" } }),
        ["machines", 1, "machine_key"],
        /can never be unlocked/,
      ],
      [
        "a link waiting for an outcome its source can never produce",
        (input) => (input.machine_links[0].condition = { type: "outcome", value: "REJECT" }),
        ["machine_links", 0, "condition"],
        /this link can never hold: machine "haggle" can never end REJECT: it can only end ACCEPT/,
      ],
      [
        "…which leaves its target locked forever",
        (input) => (input.machine_links[0].condition = { type: "outcome", value: "KICK_OUT" }),
        ["machines", 1, "machine_key"],
        /machine "bonus" can never be unlocked: the condition of its link from "haggle" \(machine_links\[0\]\) can never hold/,
      ],
      [
        "a link asking for more score than its source can reach",
        (input) => {
          input.machines[0].transitions[0].score_delta = 20;
          input.machine_links[0].condition = { type: "score_gte", value: 21 };
        },
        ["machine_links", 0, "condition"],
        /ends with a score of at most 20, never 21 or more/,
      ],
      [
        "a link asking for less score than its source can fall to",
        (input) => (input.machine_links[0].condition = { type: "score_lte", value: -1 }),
        ["machine_links", 0, "condition"],
        /ends with a score of at least 0, never -1 or less/,
      ],
      [
        "a link from a machine that can never end",
        (input) => (input.machines[0].transitions = [{ from_state_key: "start", to_state_key: "start", decision_type: "redirect" }]),
        ["machine_links", 0, "condition"],
        /machine "haggle" can never end \(no terminal state can be reached/,
      ],
      ["an unsafe regex in a condition", (input) => (input.machines[0].transitions[0].when = { regex: "^(a+)+$" }), ["machines", 0, "transitions", 0, "when", "regex"], /unsafe regex: .*exponential time/],
      [
        "an unsafe regex in a condition's object form",
        (input) => (input.machines[0].transitions[0].when = { any: [{ intent: "greeting" }, { regex: { pattern: "(\\w+\\s?)*$", flags: "i" } }] }),
        ["machines", 0, "transitions", 0, "when", "any", 1, "regex", "pattern"],
        /unsafe regex/,
      ],
      ["a regex longer than 500 characters", (input) => (input.machines[0].transitions[0].when = { regex: "a".repeat(501) }), ["machines", 0, "transitions", 0, "when", "regex"], /501 characters long; at most 500/],
      ["an unsafe extraction regex", (input) => (input.machines[0].variables[0].extract[0].regex = "((\\d+)\\s*)+gold"), ["machines", 0, "variables", 0, "extract", 0, "regex"], /unsafe regex/],
      ["unknown intent", (input) => (input.machines[0].transitions[0].when = { intent: "bribe" }), ["machines", 0, "transitions", 0, "when", "intent"], /unknown intent "bribe"/],
      ["var path naming no variable", (input) => (input.machines[0].transitions[0].when = { gt: [{ var: "vars.price" }, 1] }), ["machines", 0, "transitions", 0, "when", "gt", 0, "var"], /no declared variable/],
      ["var path naming an unknown machine", (input) => (input.machines[0].transitions[0].when = { eq: [{ var: "machines.ghost.outcome" }, "ACCEPT"] }), ["machines", 0, "transitions", 0, "when", "eq", 0, "var"], /unknown machine "ghost"/],
      ["invalid regex in a condition", (input) => (input.machines[0].transitions[0].when = { regex: "[a-" }), ["machines", 0, "transitions", 0, "when", "regex"], /invalid regex/],
      ["visited an unknown state", (input) => (input.machines[0].transitions[0].when = { visited: "attic" }), ["machines", 0, "transitions", 0, "when", "visited"], /unknown state "attic"/],
      ["a redirect to a different state", (input) => (input.machines[0].transitions[1].to_state_key = "done"), ["machines", 0, "transitions", 1, "to_state_key"], /a redirect stays in its state/],
      [
        "a kick_out to a non-terminal state",
        (input) => input.machines[0].transitions.push({ from_state_key: "start", to_state_key: "start", decision_type: "kick_out", when: { intent: "greeting" } }),
        ["machines", 0, "transitions", 2, "to_state_key"],
        /must be a terminal state/,
      ],
      [
        "a pass_fail reject to a non-terminal state",
        (input) => {
          input.machines[0].scoring_mode = "pass_fail";
          input.machines[0].transitions.push({ from_state_key: "start", to_state_key: "start", decision_type: "reject", when: { intent: "greeting" } });
        },
        ["machines", 0, "transitions", 2, "to_state_key"],
        /pass_fail mode a reject ends/,
      ],
      [
        "a reject that rewards",
        (input) => input.machines[0].transitions.push({ from_state_key: "start", to_state_key: "done", decision_type: "reject", score_delta: 5, when: { intent: "greeting" } }),
        ["machines", 0, "transitions", 2, "score_delta"],
        /must not be positive/,
      ],
      [
        "a keyword extraction value that is not a valid enum value",
        (input) => input.machines[0].variables.push({ key: "item", type: "enum", values: ["map"], extract: [{ keywords: { sword: ["sword"] } }] }),
        ["machines", 0, "variables", 1, "extract", 0, "keywords", "sword"],
        /not a valid enum value/,
      ],
      [
        "a malformed link condition",
        (input) => (input.machine_links[0].condition = { type: "when", when: { lte: [{ var: "machines.haggle.score" }, "x", 3] } }),
        ["machine_links", 0, "condition", "when", "lte"],
        /two operands/,
      ],
    ];
    it.each(cases)("%s", (_name, breakIt, loc, message) => {
      const input = body();
      breakIt(input);
      const issues = issuesOf(input);
      expect(issues.map((issue) => issue.loc)).toContainEqual(loc);
      const issue = issues.find((candidate) => JSON.stringify(candidate.loc) === JSON.stringify(loc))!;
      expect(issue.type).toBe("value_error");
      expect(issue.msg).toMatch(/^Value error, /);
      expect(issue.msg).toMatch(message);
    });
  });

  it("accepts links whose condition some play can meet: the exact score bounds, any score past a repeatable bonus, a `when`", () => {
    const input = body();
    input.machines[0].transitions[0].score_delta = 20;
    for (const condition of [
      { type: "score_gte", value: 20 },
      { type: "score_lte", value: 20 },
      { type: "outcome", value: "ACCEPT" },
      { type: "when", when: { gte: [{ var: "relationship_level" }, 1000] } },
    ]) {
      input.machine_links[0].condition = condition;
      expect(validateDefinition(input).ok, JSON.stringify(condition)).toBe(true);
    }
    input.machines[0].transitions[1].score_delta = 1; // the redirect can be repeated: no upper bound
    input.machine_links[0].condition = { type: "score_gte", value: 1_000_000 };
    expect(validateDefinition(input).ok).toBe(true);
  });

  it("lets a machine be an entry despite incoming links, and accepts a chain through a cycle from an entry", () => {
    const input = body();
    input.machine_links.push({ source_machine_key: "bonus", target_machine_key: "haggle", condition: { type: "always" } });
    expect(validateDefinition(input).ok).toBe(false);
    input.machines[0].is_entry = true;
    expect(validateDefinition(input).ok).toBe(true);
  });
});
