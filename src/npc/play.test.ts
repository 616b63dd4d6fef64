import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Machine, PersonaDefinition } from "./definition.ts";
import { openSession, SessionCompletedError, staleSessionReason, StaleSessionError, step } from "./play.ts";
import type { Judge } from "./ports.ts";
import { validateDefinition } from "./validate-definition.ts";

const AT = "2026-01-01T00:00:00Z";

/** One machine: start → middle → end, with a transition of each decision type out of `start`. */
function definitionWith(scoringMode: "scoring" | "pass_fail", extra: Partial<Machine> = {}): PersonaDefinition {
  const result = validateDefinition({
    name: "Test Keeper",
    description: "Keeps tests",
    persona_identity_prompt: "You keep tests.",
    machines: [
      {
        machine_key: "m",
        name: "M",
        scoring_mode: scoringMode,
        states: [
          { state_key: "start", label: "Start", prompt_instruction: "Ask the player for the password.", is_initial_state: true, lines: ["Password?", "The password, {{player_name}}.", "Still waiting, {{vars.nick|friend}}."] },
          { state_key: "middle", label: "Middle", prompt_instruction: "Ask the player their quest.", lines: ["What is your quest?"] },
          { state_key: "end", label: "End", is_terminal_state: true, lines: ["Pass."] },
          { state_key: "failed", label: "Failed", is_terminal_state: true, outcome: "REJECT", lines: ["No."] },
          { state_key: "out", label: "Out", is_terminal_state: true, lines: ["Begone."] },
        ],
        transitions: [
          { from_state_key: "start", to_state_key: "out", decision_type: "kick_out", score_delta: -30, priority: 0, when: { keywords: ["attack"] } },
          { from_state_key: "start", to_state_key: scoringMode === "pass_fail" ? "failed" : "start", decision_type: "reject", score_delta: -10, priority: 1, when: { keywords: ["wrong"] } },
          { from_state_key: "start", to_state_key: "middle", decision_type: "pass", score_delta: 5, priority: 2, when: { keywords: ["swordfish"] } },
          { from_state_key: "start", to_state_key: "start", decision_type: "redirect", score_delta: -1, priority: 3 },
          { from_state_key: "middle", to_state_key: "end", decision_type: "pass", score_delta: 7, when: { keywords: ["grail"] } },
        ],
        variables: [{ key: "nick", type: "string", extract: [{ regex: "call me (\\w+)" }] }],
        ...extra,
      },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

async function afterMessages(definition: PersonaDefinition, messages: string[], deps: { judge?: Judge } = {}) {
  const machine = definition.machines[0]!;
  let { session } = await openSession(definition, "m", { at: AT, player_name: "Ana", seed: 1 });
  const results = [];
  for (const message of messages) {
    const result = await step(definition, machine, session, message, { at: AT, ...deps });
    results.push(result);
    session = result.session;
  }
  return { session, results, last: results[results.length - 1]! };
}

describe("step: decision types", () => {
  for (const mode of ["scoring", "pass_fail"] as const) {
    describe(`${mode} mode`, () => {
      const definition = definitionWith(mode);

      it("pass advances and adds its score_delta", async () => {
        const { last } = await afterMessages(definition, ["swordfish"]);
        expect(last.response).toMatchObject({ current_state: "middle", decision: "pass", score: 5, outcome: null, follow_up: false, machine_completed: false });
        expect(last.reply).toBe("What is your quest?");
        expect(last.decision.reason).toBe('pass start → middle: message mentions "swordfish"');
      });

      it("redirect stays, counts and follows up", async () => {
        const { last } = await afterMessages(definition, ["hello", "hmm"]);
        expect(last.response).toMatchObject({ current_state: "start", decision: "redirect", score: -2, redirect_count: 2, follow_up: true });
        expect(last.decision.reason).toMatch(/default \(no condition held\)/);
      });

      it("kick_out ends with KICK_OUT", async () => {
        const { last } = await afterMessages(definition, ["I attack!"]);
        expect(last.response).toMatchObject({ current_state: "out", decision: "kick_out", outcome: "KICK_OUT", score: -30, machine_completed: true });
        expect(last.events.map((event) => event.type)).toEqual(["message-received", "transition-taken", "machine-end", "reply-sent"]);
      });

      it("reaching a terminal state by pass ends with ACCEPT", async () => {
        const { last } = await afterMessages(definition, ["swordfish", "the grail"]);
        expect(last.response).toMatchObject({ current_state: "end", outcome: "ACCEPT", score: 12 });
      });
    });
  }

  it("reject in scoring mode penalises and advances along the state's pass transition", async () => {
    const { last } = await afterMessages(definitionWith("scoring"), ["wrong"]);
    expect(last.response).toMatchObject({ decision: "reject", current_state: "middle", score: -10, outcome: null });
  });

  it("reject in pass_fail mode ends with REJECT", async () => {
    const { last } = await afterMessages(definitionWith("pass_fail"), ["wrong"]);
    expect(last.response).toMatchObject({ decision: "reject", current_state: "failed", outcome: "REJECT", machine_completed: true });
  });

  it("stays with decision null when nothing fires and there is no default", async () => {
    const definition = definitionWith("scoring");
    definition.machines[0]!.transitions.splice(3, 1);
    const { last } = await afterMessages(definition, ["hello"]);
    expect(last.response).toMatchObject({ decision: null, current_state: "start", follow_up: false });
    expect(last.events.map((event) => event.type)).toContain("state-held");
    expect(last.decision.reason).toMatch(/^no condition held/);
  });

  it("refuses messages after the machine ended", async () => {
    const definition = definitionWith("scoring");
    const { session } = await afterMessages(definition, ["attack"]);
    await expect(step(definition, definition.machines[0]!, session, "hi", { at: AT })).rejects.toSatisfy(SessionCompletedError.isInstance);
  });

  it("extracts variables before deciding and interpolates them", async () => {
    const { last } = await afterMessages(definitionWith("scoring"), ["call me Zed", "hmm"]);
    expect(last.session.vars).toEqual({ nick: "Zed" });
    expect(last.reply).toBe("Still waiting, Zed.");
  });
});

describe("replies", () => {
  it("rotate lines and never repeat the previous reply, whatever the player says", async () => {
    const definition = definitionWith("scoring");
    const machine = definition.machines[0]!;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom("hi", "hmm", "call me Ana", "swordfish", "?", "grail"), { minLength: 1, maxLength: 12 }), async (messages) => {
        let { session, reply: previous } = await openSession(definition, "m", { at: AT, player_name: "Ana", seed: 3 });
        for (const message of messages) {
          if (session.completed) break;
          const result = await step(definition, machine, session, message, { at: AT });
          expect(result.reply).not.toBe(previous);
          previous = result.reply;
          session = result.session;
        }
      }),
      { numRuns: 100 },
    );
  });

  it("compose a reply from the instruction when a state has no lines", async () => {
    const definition = definitionWith("scoring");
    for (const state of definition.machines[0]!.states) delete state.lines;
    const opened = await openSession(definition, "m", { at: AT, player_name: "Ana", seed: 5 });
    expect(opened.reply).toMatch(/Tell me the password\.$/);
    const { last } = await afterMessages(definition, ["swordfish"]);
    expect(last.reply).toMatch(/Tell me your quest\.$/);
  });
});

describe("determinism and ports", () => {
  it("the same inputs give the same results", async () => {
    const definition = definitionWith("scoring");
    for (const state of definition.machines[0]!.states) delete state.lines;
    const messages = ["hi", "hmm", "call me Bo", "swordfish", "grail"];
    expect(await afterMessages(definition, messages)).toEqual(await afterMessages(definition, messages));
  });

  it("an llm judge picks among allowed transitions; hybrid asks it only when no condition holds", async () => {
    const calls: string[] = [];
    const judge: Judge = {
      name: "fake",
      choose(input) {
        calls.push(input.message);
        const redirect = input.candidates.find((candidate) => candidate.transition.decision_type === "redirect");
        return { index: redirect?.index ?? null, reason: "the player is stalling" };
      },
    };
    const hybrid = await afterMessages(definitionWith("scoring"), ["swordfish"], { judge });
    expect(hybrid.last.decision).toMatchObject({ decided_by: "rules", decision_type: "pass" });
    const stalled = await afterMessages(definitionWith("scoring"), ["hmm"], { judge });
    expect(stalled.last.decision).toMatchObject({ decided_by: "judge", decision_type: "redirect", reason: "judge fake: the player is stalling" });
    expect(calls).toEqual(["hmm"]);
  });

  it("a judge's choice of a transition whose condition fails is refused", async () => {
    const judge: Judge = { name: "rogue", choose: () => ({ index: 0, reason: "kick them" }) };
    const { last } = await afterMessages(definitionWith("scoring", { decision_mode: "llm" }), ["hello"], { judge });
    expect(last.response).toMatchObject({ decision: null, outcome: null });
    expect(last.decision.reason).toMatch(/not allowed/);
  });
});

describe("a session the definition no longer fits", () => {
  it("throws StaleSessionError (not a plain Error) when its state was removed or made terminal; a finished session is never stale", async () => {
    const before = definitionWith("scoring");
    const { session } = await afterMessages(before, ["swordfish"]);
    expect(session.current_state).toBe("middle");

    const renamed = definitionWith("scoring");
    const machine = renamed.machines[0]!;
    machine.states = machine.states.filter((state) => state.state_key !== "middle");
    expect(staleSessionReason(machine, session)).toBe('the persona was edited since it started and machine "m" has no state "middle" any more');
    const error = await step(renamed, machine, session, "grail", { at: AT }).catch((caught: unknown) => caught);
    expect(StaleSessionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('the session of machine "m" can no longer be played: the persona was edited since it started and machine "m" has no state "middle" any more');

    const ended = definitionWith("scoring");
    ended.machines[0]!.states.find((state) => state.state_key === "middle")!.is_terminal_state = true;
    expect(staleSessionReason(ended.machines[0]!, session)).toMatch(/state "middle" of machine "m" is now a terminal state/);

    const finished = (await afterMessages(before, ["swordfish", "grail"])).session;
    expect(staleSessionReason(machine, { ...finished, current_state: "gone" })).toBeNull();
    expect(staleSessionReason(before.machines[0]!, session)).toBeNull();
  });
});

describe("hostile and legacy definitions: every turn is answered, with bounded work", () => {
  it("a pattern that backtracking engines choke on answers a 4,000-character message at once (RE2)", async () => {
    const definition = definitionWith("scoring", {
      variables: [{ key: "nick", type: "string", extract: [{ regex: "^(?:a|a)*c" }, { regex: "call me (\\w+)" }] }],
    });
    definition.machines[0]!.transitions[2]!.when = { regex: "^(a|a)*$" };
    const { last } = await afterMessages(definition, ["a".repeat(4000)]);
    expect(last.response).toMatchObject({ decision: "pass", current_state: "middle" });
    // The reason quotes the match cut short: reasons are recorded with every turn.
    expect(last.decision.reason).toBe(`pass start → middle: message matches /^(a|a)*$/i ("${"a".repeat(80)}…")`);
  });

  it("a stored condition nested past the bounds (saved before them) fails its transition cleanly, not with a RangeError", async () => {
    const definition = definitionWith("scoring");
    let deep: any = { keywords: ["swordfish"] };
    for (let level = 0; level < 3000; level++) deep = { not: { not: deep } };
    definition.machines[0]!.transitions[2]!.when = deep;
    const { last } = await afterMessages(definition, ["swordfish"]);
    expect(last.response).toMatchObject({ decision: "redirect", current_state: "start" });
    expect(last.decision.reason).toMatch(/\[not checked, taken as not matching: condition not evaluated, taken as not holding: it nests deeper than 32 levels/);
    expect(last.trace.evaluations.find((evaluation) => evaluation.index === 2)!.when).toMatch(/^a condition too large to describe/);
  });

  it("a stored regex RE2 cannot run is skipped, and the reason names it", async () => {
    const definition = definitionWith("scoring");
    definition.machines[0]!.transitions[2]!.when = { any: [{ regex: "(sword)\\1" }, { keywords: ["swordfish"] }] };
    const { last } = await afterMessages(definition, ["swordswordfish swordfish"]);
    expect(last.response).toMatchObject({ decision: "pass" });
    expect(last.decision.reason).toMatch(/\[regex not run, taken as not matching: \/\(sword\)\\1\/i: unsupported regex: backreferences/);
  });

  it("a stored definition asking for more regex work than a turn has runs what fits and says what it skipped", async () => {
    const definition = definitionWith("scoring");
    const heavy = "(?:[a-z]{1,40} ){5}[a-z]*"; // ~ 420 instructions: three of them on 4000 characters pass the budget
    definition.machines[0]!.transitions.splice(0, 3, ...[0, 1, 2].map((priority) => ({ from_state_key: "start", to_state_key: "middle", decision_type: "pass" as const, score_delta: 0, priority, when: { regex: `${heavy}x${priority}` } })));
    const { last } = await afterMessages(definition, [`${"b ".repeat(1999)}x`]);
    expect(last.response).toMatchObject({ decision: "redirect" });
    expect(last.decision.reason).toMatch(/\[regex not run, taken as not matching: .*x2\/i: this turn's regex work is spent/);
  });

  it("names that objects already have are ordinary names: variables, states and intents called constructor, toString, __proto__", async () => {
    const result = validateDefinition({
      name: "Proto",
      description: "Tests names",
      persona_identity_prompt: "You test names.",
      intents: { toString: ["bonjour"] },
      machines: [
        {
          machine_key: "m",
          name: "M",
          states: [
            { state_key: "constructor", is_initial_state: true, lines: ["Name?", "Again: {{vars.toString|nobody}}, {{vars.__proto__|nothing}}.", "Still {{vars.constructor|unset}}."] },
            { state_key: "end", is_terminal_state: true, lines: ["Done, {{vars.constructor}}."] },
          ],
          transitions: [
            { from_state_key: "constructor", to_state_key: "end", decision_type: "pass", when: { all: [{ intent: "toString" }, { exists: { var: "vars.__proto__" } }] } },
            { from_state_key: "constructor", to_state_key: "constructor", decision_type: "redirect" },
          ],
          variables: [
            { key: "constructor", type: "string", extract: [{ regex: "i am (\\w+)" }] },
            { key: "__proto__", type: "string", extract: [{ regex: "from (\\w+)" }] },
            { key: "toString", type: "number", extract: [{ regex: "(\\d+) years" }] },
          ],
        },
      ],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const definition = result.definition;
    const machine = definition.machines[0]!;
    let { session, reply } = await openSession(definition, "m", { at: AT, seed: 1 });
    expect(reply).toBe("Name?");
    let turn = await step(definition, machine, session, "hmm", { at: AT });
    // Nothing extracted: no inherited function or prototype stands in for a value.
    expect(turn.reply).toBe("Again: nobody, nothing.");
    expect(Object.keys(turn.session.vars)).toEqual([]);
    // The session goes through JSON, as the store keeps it: plain objects again.
    session = JSON.parse(JSON.stringify(turn.session));
    turn = await step(definition, machine, session, "I am Ada, 30 years", { at: AT });
    expect(turn.reply).toBe("Still Ada.");
    session = JSON.parse(JSON.stringify(turn.session));
    turn = await step(definition, machine, session, "bonjour, from Paris", { at: AT });
    expect(turn.response).toMatchObject({ decision: "pass", outcome: "ACCEPT" });
    expect({ ...turn.session.vars }).toEqual(JSON.parse('{"constructor": "Ada", "toString": 30, "__proto__": "Paris"}'));
    expect(Object.hasOwn(turn.session.vars, "__proto__")).toBe(true);
    expect(turn.reply).toBe("Done, Ada.");
    expect(JSON.parse(JSON.stringify(turn.session)).vars).toEqual(JSON.parse('{"constructor": "Ada", "toString": 30, "__proto__": "Paris"}'));
  });
});
