/**
 * Offline play of a Foil Engine definition: transitions with a `decision_type` and no `when`. The
 * offline judge must not be a pushover (no insult, threat or off-topic remark advances the machine)
 * and must not be a wall (a cooperative, on-topic answer does).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PersonaDefinition } from "./definition.ts";
import { openSession, step, type StepResult } from "./play.ts";
import { validateDefinition } from "./validate-definition.ts";

const AT = "2026-01-01T00:00:00Z";

interface Ways {
  scoring_mode?: "scoring" | "pass_fail";
  redirect?: boolean;
  reject?: boolean;
  kick_out?: boolean;
}

function definitionOf(body: unknown): PersonaDefinition {
  const result = validateDefinition(body);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

/** The review's ferry: Foil names only, every transition without `when`. */
function ferry(ways: Ways = {}): PersonaDefinition {
  const { scoring_mode = "pass_fail", redirect = true, reject = true, kick_out = true } = ways;
  return definitionOf({
    name: "Ferryman Oro",
    description: "Rows travellers across the grey river",
    persona_identity_prompt: "You are Oro, a ferryman of few words.",
    machines: [
      {
        machine_key: "fare",
        name: "The fare",
        creator_objective: "Pay the ferryman to cross the river.",
        creator_win_condition: "The traveller pays the fare.",
        creator_lose_condition: "The traveller insults or threatens Oro.",
        scoring_mode,
        states: [
          { state_key: "ask", label: "Ask for the fare", prompt_instruction: "Ask the traveler for the fare to cross the river.", is_initial_state: true },
          { state_key: "crossed", label: "Crossed", prompt_instruction: "Row the traveler across.", is_terminal_state: true },
          { state_key: "refused", label: "Refused", prompt_instruction: "Refuse the traveler.", is_terminal_state: true, outcome: "REJECT" },
          { state_key: "overboard", label: "Thrown overboard", prompt_instruction: "Throw the traveler out of the boat.", is_terminal_state: true },
        ],
        transitions: [
          { from_state_key: "ask", to_state_key: "crossed", decision_type: "pass", score_delta: 10 },
          ...(reject ? [{ from_state_key: "ask", to_state_key: "refused", decision_type: "reject", score_delta: -5 }] : []),
          ...(kick_out ? [{ from_state_key: "ask", to_state_key: "overboard", decision_type: "kick_out", score_delta: -20 }] : []),
          ...(redirect ? [{ from_state_key: "ask", to_state_key: "ask", decision_type: "redirect" }] : []),
        ],
      },
    ],
  });
}

/** One state asking `instruction`, with Foil transitions: pass to a win, reject, redirect. */
function asking(instruction: string, extra: { objective?: string; passes?: Array<{ to: string; label: string }> } = {}): PersonaDefinition {
  const passes = extra.passes ?? [{ to: "won", label: "Won" }];
  return definitionOf({
    name: "Test Npc",
    description: "Asks one thing",
    persona_identity_prompt: "You ask one thing.",
    machines: [
      {
        machine_key: "m",
        name: "One question",
        creator_objective: extra.objective ?? "",
        scoring_mode: "pass_fail",
        states: [
          { state_key: "ask", label: "", prompt_instruction: instruction, is_initial_state: true },
          ...passes.map((pass) => ({ state_key: pass.to, label: pass.label, is_terminal_state: true })),
          { state_key: "lost", label: "Lost", is_terminal_state: true },
        ],
        transitions: [
          ...passes.map((pass) => ({ from_state_key: "ask", to_state_key: pass.to, decision_type: "pass", label: pass.label })),
          { from_state_key: "ask", to_state_key: "lost", decision_type: "reject" },
          { from_state_key: "ask", to_state_key: "ask", decision_type: "redirect" },
        ],
      },
    ],
  });
}

async function say(definition: PersonaDefinition, ...messages: string[]): Promise<StepResult> {
  const machine = definition.machines[0]!;
  let { session } = await openSession(definition, machine.machine_key, { at: AT, player_name: "Arin", seed: 1 });
  let result: StepResult | null = null;
  for (const message of messages) {
    result = await step(definition, machine, session, message, { at: AT });
    session = result.session;
  }
  return result as StepResult;
}

const HOSTILE = [
  "Shut up, old fool, I will throw you in the river",
  "You idiot, row the boat",
  "Give me the boat or I'll burn your ferry",
  "I will kill you",
  "Fuck off",
  "Here is your fare, you stupid crook",
  "Liar!",
  "Screw you and your river",
  "pay? drop dead",
  "I'll slit your throat, ferryman",
];

describe("a Foil definition offline: hostile messages never advance", () => {
  it("a threat takes the kick_out (the review's message ended ACCEPT before)", async () => {
    const result = await say(ferry(), "Shut up, old fool, I will throw you in the river");
    expect(result.response).toMatchObject({ decision: "kick_out", outcome: "KICK_OUT", current_state: "overboard" });
    expect(result.decision.reason).toBe('kick_out ask → overboard: offline judge: the message threatens ("throw you in")');
  });

  it("violence aimed at the NPC is a threat; a rude message takes the reject", async () => {
    expect((await say(ferry(), "Give me the boat or I'll burn your ferry")).response).toMatchObject({ decision: "kick_out", outcome: "KICK_OUT" });
    expect((await say(ferry(), "I'll burn down your hut")).decision.reason).toMatch(/threatens \("burn down your"\)/);
    const rude = await say(ferry(), "You idiot, just row");
    expect(rude.response).toMatchObject({ decision: "reject", outcome: "REJECT", current_state: "refused" });
    expect(rude.decision.reason).toBe('reject ask → refused: offline judge: the message is rude ("idiot")');
  });

  it("a threat with no kick_out takes the reject; rudeness with no reject stays (redirect), it never kicks out", async () => {
    expect((await say(ferry({ kick_out: false }), "I will kill you")).response).toMatchObject({ decision: "reject", outcome: "REJECT" });
    const stayed = await say(ferry({ reject: false }), "Shut up");
    expect(stayed.response).toMatchObject({ decision: "redirect", outcome: null, current_state: "ask" });
    expect(stayed.decision.reason).toBe('redirect ask → ask: offline judge: the message is rude ("shut up"), and no reject without a condition leaves this state');
  });

  it("with neither reject, kick_out nor redirect the NPC stays with no decision, and says why", async () => {
    const result = await say(ferry({ reject: false, kick_out: false, redirect: false }), "Shut up, old fool, I will throw you in the river");
    expect(result.response).toMatchObject({ decision: null, outcome: null, current_state: "ask", score: 0 });
    expect(result.decision.reason).toBe('no transition applies; offline judge: the message threatens ("throw you in"), and no kick_out or reject without a condition leaves this state; the NPC stays');
  });

  it("in scoring mode a reject that would move on along the pass into a winning state is not taken", async () => {
    // Foil's scoring reject: a penalty, then on along the pass. Here that pass ends ACCEPT: an insult would win.
    const definition = ferry({ scoring_mode: "scoring", kick_out: false, redirect: false });
    const machine = definition.machines[0]!;
    machine.transitions[1]!.to_state_key = "ask";
    const result = await say(definition, "You idiot");
    expect(result.response).toMatchObject({ decision: null, outcome: null, current_state: "ask" });
  });

  it("no hostile message, whatever else it says, ever wins ACCEPT or takes a pass, in any shape of Foil machine", async () => {
    const shapes = fc.record({
      scoring_mode: fc.constantFrom("scoring" as const, "pass_fail" as const),
      redirect: fc.boolean(),
      reject: fc.boolean(),
      kick_out: fc.boolean(),
    });
    const cooperative = fc.constantFrom("", "Here is one silver coin for the fare. ", "Yes, I'll pay the fare. ", "I need to cross the river. ");
    await fc.assert(
      fc.asyncProperty(shapes, cooperative, fc.constantFrom(...HOSTILE), async (ways, prefix, hostile) => {
        const result = await say(ferry(ways), `${prefix}${hostile}`);
        expect(result.response.outcome).not.toBe("ACCEPT");
        expect(result.response.decision).not.toBe("pass");
      }),
      { numRuns: 150 },
    );
  });
});

describe("a Foil definition offline: off-topic and reluctant messages do not advance", () => {
  it.each(["What's your favourite colour?", "Nice weather today", "hmm", "...", "Do you like cheese?", "Tell me a joke"])("%s → redirect", async (message) => {
    const result = await say(ferry(), message);
    expect(result.response).toMatchObject({ decision: "redirect", outcome: null, current_state: "ask", follow_up: true });
    expect(result.decision.reason).toBe("redirect ask → ask: default (no condition held)");
  });

  it.each(["No.", "I don't know", "Nah, not today", "I refuse", "Maybe later, I'm not interested"])("%s → redirect (reluctant)", async (message) => {
    const result = await say(ferry(), message);
    expect(result.response).toMatchObject({ decision: "redirect", current_state: "ask" });
    expect(result.decision.reason).toMatch(/offline judge: the message refuses or hesitates/);
  });

  it("without a redirect an off-topic message leaves the NPC where it is, with no decision", async () => {
    const result = await say(ferry({ redirect: false }), "Nice weather today");
    expect(result.response).toMatchObject({ decision: null, outcome: null, current_state: "ask" });
  });
});

describe("a Foil definition offline: cooperative, on-topic messages advance", () => {
  it("pays the fare (the review's message redirected forever before)", async () => {
    const result = await say(ferry(), "Here is one silver coin for the fare");
    expect(result.response).toMatchObject({ decision: "pass", outcome: "ACCEPT", current_state: "crossed", score: 10 });
    expect(result.decision.reason).toBe('pass ask → crossed: offline judge: the message does what it asks ("pays the fare"): it hands it over ("here is", names "silver")');
  });

  it("after redirects, the on-topic answer still passes", async () => {
    const result = await say(ferry(), "hmm", "What's that smell?", "Fine, I'll pay to cross the river");
    expect(result.response).toMatchObject({ decision: "pass", outcome: "ACCEPT", redirect_count: 2 });
  });

  it.each([
    ["Ask the traveler what business brings them to the city.", "I come to pray at the temple"],
    ["Ask the traveler their name.", "I'm Arin"],
    ["Ask the player how many guards they saw at the gate.", "Three, I think"],
    ["Ask the suspect where they were on the night of the murder.", "At the docks, with my brother"],
    ["Greet the customer and ask what they are looking for.", "Hello! I'd like a lantern"],
    ["Ask the student to solve the equation on the board.", "The equation gives x = 4"],
    ["Ask the pilot which sector they are flying to.", "Sector seven, past the nebula"],
    ["Ask the knight what oath they swore.", "I swore an oath to protect the queen"],
  ])("%s ← %s", async (instruction, message) => {
    const result = await say(asking(instruction), message);
    expect(result.response).toMatchObject({ decision: "pass", outcome: "ACCEPT" });
  });

  it.each([
    ["Ask the traveler their name.", "Nice boots"],
    ["Ask the player how many guards they saw at the gate.", "I like turtles"],
    ["Ask the student to solve the equation on the board.", "Can we play football instead?"],
  ])("%s ← %s stays (off topic)", async (instruction, message) => {
    const result = await say(asking(instruction), message);
    expect(result.response).toMatchObject({ decision: "redirect", outcome: null });
  });

  it("a state that asks the player to commit passes only on agreement, not on talk about it", async () => {
    const recruit = asking("Convince the player to join the rebellion.", { objective: "Recruit the player to the rebellion." });
    expect((await say(recruit, "Tell me more about the rebellion")).response).toMatchObject({ decision: "redirect" });
    expect((await say(recruit, "I will never join your rebellion")).response).toMatchObject({ decision: "redirect" });
    const joined = await say(recruit, "Yes, I'll join the rebellion");
    expect(joined.response).toMatchObject({ decision: "pass", outcome: "ACCEPT" });
    expect(joined.decision.reason).toMatch(/on topic \(mentions "join"\) and agrees \("yes"\)/);
  });

  it("of several passes, takes the one the message is about", async () => {
    const crossroads = asking("Ask the traveler which road they will take: north or south.", {
      passes: [
        { to: "north_road", label: "North road" },
        { to: "south_road", label: "South road" },
      ],
    });
    expect((await say(crossroads, "The south road, please")).response.current_state).toBe("south_road");
    expect((await say(crossroads, "North, to the mountains")).response.current_state).toBe("north_road");
  });

  it("reads whole words: a quest about slaying is not a threat, 'skill' holds no 'kill', a named liar is an answer", async () => {
    const quest = asking("Ask the hero whether they will slay the dragon.");
    expect((await say(quest, "Yes, I will slay the dragon for you")).response).toMatchObject({ decision: "pass", outcome: "ACCEPT" });
    const tutor = asking("Ask the student which skill they want to practise.");
    expect((await say(tutor, "The skill of archery")).response).toMatchObject({ decision: "pass" });
    const detective = asking("Ask the witness who they think is the liar.");
    expect((await say(detective, "The butler is the liar, I saw him")).response).toMatchObject({ decision: "pass" });
  });

  it("a state with nothing to compare with lets any civil message through, and still refuses insults", async () => {
    const bare = definitionOf({
      name: "Mute",
      description: "Says little",
      persona_identity_prompt: "You say little.",
      machines: [
        {
          machine_key: "m",
          name: "M",
          states: [
            { state_key: "a", is_initial_state: true },
            { state_key: "b", is_terminal_state: true },
          ],
          transitions: [{ from_state_key: "a", to_state_key: "b", decision_type: "pass" }],
        },
      ],
    });
    expect((await say(bare, "Good day")).response).toMatchObject({ decision: "pass", outcome: "ACCEPT" });
    expect((await say(bare, "You moron")).response).toMatchObject({ decision: null, outcome: null });
  });
});
