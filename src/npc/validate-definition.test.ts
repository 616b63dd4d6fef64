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
      [
        "a regex with a backreference, which RE2 cannot run",
        (input) => (input.machines[0].transitions[0].when = { regex: "(\\w)\\1" }),
        ["machines", 0, "transitions", 0, "when", "regex"],
        /unsupported regex: backreferences such as \\1 or \\k<name> are not supported: patterns run on RE2, which guarantees time linear in the message/,
      ],
      [
        "a lookbehind in a condition's object form",
        (input) => (input.machines[0].transitions[0].when = { any: [{ intent: "greeting" }, { regex: { pattern: "(?<!not )sure", flags: "i" } }] }),
        ["machines", 0, "transitions", 0, "when", "any", 1, "regex", "pattern"],
        /unsupported regex: lookahead and lookbehind/,
      ],
      ["a regex longer than 500 characters", (input) => (input.machines[0].transitions[0].when = { regex: "a".repeat(501) }), ["machines", 0, "transitions", 0, "when", "regex"], /501 characters long; at most 500/],
      ["a regex too large once compiled", (input) => (input.machines[0].transitions[0].when = { regex: "[a-z]{600}" }), ["machines", 0, "transitions", 0, "when", "regex"], /regex too large: the pattern compiles to \d+ instructions; at most 500/],
      ["a lookahead in an extraction regex", (input) => (input.machines[0].variables[0].extract[0].regex = "(\\d+)(?= gold)"), ["machines", 0, "variables", 0, "extract", 0, "regex"], /unsupported regex: lookahead/],
      ["an extraction group name that does not exist", (input) => (input.machines[0].variables[0].extract[0].group = "constructor"), ["machines", 0, "variables", 0, "extract", 0, "group"], /no group named "constructor"/],
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

  it("accepts patterns a backtracking engine chokes on, in conditions and extraction rules: RE2 runs them in linear time", () => {
    const input = body();
    input.machines[0].transitions[0].when = { any: [{ regex: "^(a|a)*$" }, { regex: { pattern: "^(a+)+$", flags: "" } }] };
    input.machines[0].variables[0].extract = [{ regex: "^(?:a|a)*c" }, { regex: "((\\d+)\\s*)+gold" }];
    expect(validateDefinition(input)).toMatchObject({ ok: true });
  });
});

describe("caps: a 422 that names the cap, refused before the body is walked", () => {
  const states = (count: number) => [
    { state_key: "s0", is_initial_state: true },
    ...Array.from({ length: count - 2 }, (_, index) => ({ state_key: `s${index + 1}` })),
    { state_key: "end", is_terminal_state: true },
  ];
  const chain = (count: number) => ({
    machine_key: "chain",
    name: "Chain",
    states: states(count),
    transitions: Array.from({ length: count - 1 }, (_, index) => ({ from_state_key: `s${index}`, to_state_key: index === count - 2 ? "end" : `s${index + 1}`, decision_type: "pass", score_delta: 1 })),
  });

  it("refuses a chain of 16,000 states with one detail naming the cap", () => {
    const input = { ...body(), machines: [chain(16_000)], machine_links: [] };
    expect(validateDefinition(input)).toEqual({
      ok: false,
      issues: [
        { loc: ["machines", 0, "states"], msg: "List should have at most 200 items after validation, not 16000: at most 200 states per machine", type: "too_long" },
        { loc: ["machines", 0, "transitions"], msg: "List should have at most 1000 items after validation, not 15999: at most 1000 transitions per machine", type: "too_long" },
      ],
    });
  });

  it.each<[string, (input: any) => void, Array<string | number>, string]>([
    ["machines", (input) => (input.machines = Array.from({ length: 51 }, () => input.machines[1])), ["machines"], "at most 50 machines per persona"],
    ["transitions", (input) => (input.machines[0].transitions = Array.from({ length: 1001 }, () => input.machines[0].transitions[1])), ["machines", 0, "transitions"], "at most 1000 transitions per machine"],
    ["links", (input) => (input.machine_links = Array.from({ length: 1001 }, () => input.machine_links[0])), ["machine_links"], "at most 1000 machine links per persona"],
    ["lines", (input) => (input.machines[0].states[0].lines = Array.from({ length: 51 }, () => "Hello.")), ["machines", 0, "states", 0, "lines"], "at most 50 lines per state"],
    ["persona variables", (input) => (input.variables = Array.from({ length: 51 }, (_, index) => ({ key: `v${index}`, type: "string" }))), ["variables"], "at most 50 persona-level variables"],
    ["machine variables", (input) => (input.machines[0].variables = Array.from({ length: 51 }, (_, index) => ({ key: `v${index}`, type: "string" }))), ["machines", 0, "variables"], "at most 50 variables per machine"],
    ["extraction rules", (input) => (input.machines[0].variables[0].extract = Array.from({ length: 11 }, () => ({ regex: "(\\d+)" }))), ["machines", 0, "variables", 0, "extract"], "at most 10 extraction rules per variable"],
    ["phrases of an intent", (input) => (input.intents.greeting = Array.from({ length: 101 }, (_, index) => `hello ${index}`)), ["intents", "greeting"], "at most 100 phrases per intent"],
  ])("%s", (_name, grow, loc, cap) => {
    const input = body();
    grow(input);
    const result = validateDefinition(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ loc, type: "too_long" });
    expect(result.issues[0]!.msg).toMatch(new RegExp(`^List should have at most \\d+ items after validation, not \\d+: ${cap}$`));
  });

  it("counts intents as a dictionary", () => {
    const input = body();
    input.intents = Object.fromEntries(Array.from({ length: 201 }, (_, index) => [`intent${index}`, ["hi"]]));
    expect(issuesOf(input)).toEqual([{ loc: ["intents"], msg: "Dictionary should have at most 200 items after validation, not 201: at most 200 intents per persona", type: "too_long" }]);
  });

  it("caps strings where the save body had none", () => {
    const input = body();
    input.machines[0].machine_key = "k".repeat(101);
    input.machines[0].states[0].lines = ["x".repeat(2001)];
    input.intents = { ["i".repeat(101)]: ["hi"] };
    expect(issuesOf(input)).toEqual([
      { loc: ["intents", "i".repeat(101), "[key]"], msg: "String should have at most 100 characters", type: "string_too_long" },
      { loc: ["machines", 0, "machine_key"], msg: "String should have at most 100 characters", type: "string_too_long" },
      { loc: ["machines", 0, "states", 0, "lines", 0], msg: "String should have at most 2000 characters", type: "string_too_long" },
    ]);
  });

  it("bounds the operators of all a persona's conditions together, at the condition that passes the total", () => {
    const input = body();
    const wide = { any: Array.from({ length: 199 }, (_, index) => ({ eq: [{ var: "turn" }, index] })) };
    input.machines[0].transitions = Array.from({ length: 26 }, (_, index) => ({ from_state_key: "start", to_state_key: "done", decision_type: "pass", priority: index, when: wide }));
    const issues = issuesOf(input);
    expect(issues).toEqual([
      {
        loc: ["machines", 0, "transitions", 25, "when"],
        msg: "Value error, the conditions of a persona have at most 5000 operators in all; this one brings the total to 5200",
        type: "value_error",
      },
    ]);
  });

  it("bounds the regexes of a persona, at the one that passes the total", () => {
    const input = body();
    const sixRegexes = [{ key: "code", type: "string", extract: Array.from({ length: 6 }, (_, rule) => ({ regex: `code (x${rule})` })) }];
    input.machines = Array.from({ length: 50 }, (_, index) => ({ ...structuredClone(input.machines[1]), machine_key: `m${index}`, is_entry: true, variables: sixRegexes }));
    input.machines[0].transitions[0].when = { regex: "hello" };
    input.machine_links = [];
    expect(issuesOf(input)).toEqual([
      {
        loc: ["machines", 49, "variables", 0, "extract", 5, "regex"],
        msg: "Value error, a persona has at most 300 regexes in all (conditions and extraction rules); this brings the total to 301",
        type: "value_error",
      },
    ]);
  });

  it("bounds the regex and phrase work one turn in a state can need, naming the state", () => {
    const input = body();
    const big = "(?:[a-z]{1,40} ){5}"; // ~ 400 instructions
    input.machines[0].transitions = [0, 1].map((priority) => ({ from_state_key: "start", to_state_key: "done", decision_type: "pass", priority, when: { regex: big } }));
    expect(issuesOf(input)).toEqual([
      {
        loc: ["machines", 0, "states", 0],
        msg: expect.stringMatching(/^Value error, the regexes and phrases one turn in state "start" may test .* compile to \d+ instructions in all; one turn may run at most 500/),
        type: "value_error",
      },
    ]);
    const phrases = body();
    phrases.intents.greeting = Array.from({ length: 100 }, (_, index) => `hello ${index}`);
    phrases.machines[0].transitions = Array.from({ length: 21 }, (_, priority) => ({ from_state_key: "start", to_state_key: "done", decision_type: "pass", priority, when: { intent: "greeting" } }));
    expect(issuesOf(phrases)[0]!.msg).toMatch(/hold 2100 phrases in all; one turn may look up at most 2000/);
  });

  it("validates a definition at the caps (linear work, no recursion: this would time out if either were quadratic)", () => {
    // Conditions share the persona's 5000 operators and 300 regexes: per machine 100 operators (one
    // condition 32 levels deep) and 6 regexes.
    const deep = (depth: number): unknown => (depth === 1 ? { keywords: ["go"] } : { not: deep(depth - 1) });
    const conditions = () => [
      deep(32),
      ...Array.from({ length: 6 }, (_, position) => ({ regex: position % 2 === 0 ? "\\bno\\b" : "^(a|a)*$" })),
      ...Array.from({ length: 58 }, (_, position) => ({ keywords: [`word${position}`, "go on"] })),
      { any: [{ intent: "greeting" }, { keywords: ["again", "once more"] }] },
    ];
    const machine = (index: number) => {
      // s0 … s197, end, out: 200 states.
      const chained = 198;
      const whens = conditions();
      const transitions: any[] = [];
      for (let state = 0; transitions.length < 1000; state = (state + 1) % chained) {
        const from = `s${state}`;
        const next = state === chained - 1 ? "end" : `s${state + 1}`;
        const kinds = [
          { to_state_key: next, decision_type: "pass", score_delta: 1 },
          { to_state_key: from, decision_type: "redirect", score_delta: state % 2 === 0 ? 1 : -1 },
          { to_state_key: "s0", decision_type: "pass", score_delta: -1 },
          { to_state_key: "out", decision_type: "kick_out", score_delta: -5 },
          { to_state_key: from, decision_type: "reject", score_delta: -1 },
        ];
        const kind = kinds[transitions.length % kinds.length]!;
        const when = transitions.length % 15 === 0 ? whens.shift() : undefined;
        transitions.push({ from_state_key: from, priority: transitions.length, ...kind, ...(when === undefined ? {} : { when }) });
      }
      return {
        machine_key: `m${index}`,
        name: `Machine ${index}`,
        states: [...states(chained + 1), { state_key: "out", is_terminal_state: true, outcome: "KICK_OUT" }],
        transitions,
        variables: Array.from({ length: 50 }, (_, variable) => ({ key: `v${index}_${variable}`, type: "boolean", extract: [{ keywords: { true: [`yes ${variable}`], false: [`no ${variable}`] } }] })),
      };
    };
    const machines = Array.from({ length: 50 }, (_, index) => machine(index));
    const input = {
      ...body(),
      machines,
      machine_links: Array.from({ length: 49 }, (_, index) => ({ source_machine_key: `m${index}`, target_machine_key: `m${index + 1}`, condition: { type: "score_gte", value: 10 } })),
    };
    const result = validateDefinition(input);
    expect(result.ok ? [] : result.issues.slice(0, 3)).toEqual([]);
  });
});

describe("problems are collected up to 100, and checking stops there", () => {
  it("semantic problems", () => {
    const input = body();
    input.machines[0].transitions = Array.from({ length: 1000 }, () => ({ from_state_key: "nowhere", to_state_key: "nothing", decision_type: "pass" }));
    const result = validateDefinition(input);
    expect(result).toMatchObject({ ok: false, truncated: true });
    if (!result.ok) expect(result.issues).toHaveLength(100);
  });

  it("shape problems, parsing no further than the machine where the hundredth is found", () => {
    const input = body();
    input.machines = Array.from({ length: 50 }, () => ({ machine_key: 1, name: 2, states: Array.from({ length: 200 }, () => ({ state_key: 3 })) }));
    const result = validateDefinition(input);
    expect(result).toMatchObject({ ok: false, truncated: true });
    if (!result.ok) expect(result.issues).toHaveLength(100);
  });
});

describe("problems are collected up to 100: a megabyte of broken transitions", () => {
  it("is parsed only as far as its first hundred problems", () => {
    const input = body();
    input.machines = Array.from({ length: 50 }, () => ({ machine_key: "m", name: "M", states: [{ state_key: "a", is_initial_state: true }], transitions: Array.from({ length: 1000 }, () => ({ decision_type: 1 })) }));
    const result = validateDefinition(input);
    expect(result).toMatchObject({ ok: false, truncated: true });
    if (result.ok) return;
    expect(result.issues).toHaveLength(100);
    expect(result.issues[0]).toEqual({ loc: ["machines", 0, "transitions", 0, "from_state_key"], msg: "Field required", type: "missing" });
    expect(result.issues.every((issue) => issue.loc[1] === 0)).toBe(true);
  });
});

describe("names that objects already have", () => {
  it("keeps __proto__ as an intent or keyword value name: a user record holds it as data, never as a prototype", () => {
    const input = body();
    input.intents = JSON.parse('{"__proto__": ["hello"], "greeting": ["hello"]}');
    input.machines[0].variables.push(JSON.parse('{"key": "flag", "type": "string", "extract": [{"keywords": {"__proto__": ["x"]}}]}'));
    const validated = validateDefinition(input);
    expect(validated.ok).toBe(true);
    expect(validated.ok && Object.hasOwn(validated.definition.intents ?? {}, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).hello).toBeUndefined();
  });

  it("accepts constructor, toString and __proto__ as keys of variables, intents, machines and states", () => {
    const input = body();
    input.intents = { constructor: ["build"], toString: ["say"] };
    input.machines[0].machine_key = "constructor";
    input.machines[0].states[0].state_key = "toString";
    for (const transition of input.machines[0].transitions) {
      transition.from_state_key = "toString";
      if (transition.decision_type === "redirect") transition.to_state_key = "toString";
    }
    input.machines[0].transitions[0].when = { all: [{ intent: "constructor" }, { exists: { var: "vars.__proto__" } }, { eq: [{ var: "machines.constructor.outcome" }, "ACCEPT"] }] };
    input.machines[0].variables.push({ key: "__proto__", type: "string", extract: [{ regex: "call me (\\w+)" }] });
    input.machine_links[0].source_machine_key = "constructor";
    expect(validateDefinition(input)).toMatchObject({ ok: true });
    const undeclared = body();
    undeclared.machines[0].transitions[0].when = { all: [{ intent: "toString" }, { exists: { var: "vars.constructor" } }] };
    expect(issuesOf(undeclared).map((issue) => issue.msg)).toEqual([
      'Value error, unknown intent "toString" (declare it in the persona\'s intents)',
      'Value error, var path "vars.constructor" names no declared variable',
    ]);
  });
});

