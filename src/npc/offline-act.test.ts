/**
 * The offline judge takes a `pass` only when the message does what the transition asks: on Foil
 * style machines (labels and descriptions, no `when`) that are not the seeded examples, a table of
 * messages with the decision a careful reader would make. Greetings, questions, refusals, promises
 * and requests for free service never pass, unless greeting or asking is what is asked.
 */
import { describe, expect, it } from "vitest";
import type { PersonaDefinition } from "./definition.ts";
import { readFoilBody } from "./foil-body.ts";
import { openSession, step } from "./play.ts";
import { validateDefinition } from "./validate-definition.ts";

const AT = "2026-01-01T00:00:00Z";

function definitionOf(body: unknown): PersonaDefinition {
  const result = validateDefinition(readFoilBody(body).body);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

interface Way {
  label?: string;
  description?: string;
}

/**
 * One Foil machine: an opening state, a win reached by `pass`, a loss by `kick_out`, and a redirect
 * that keeps the player talking; states and transitions named by ids as Foil's page shows them.
 */
function foilPersona(persona: { name: string; identity: string }, machine: { name: string; win?: string; instruction: string; label: string; pass: Way }): PersonaDefinition {
  return definitionOf({
    name: persona.name,
    description: `${persona.name}, written from Foil Engine's docs`,
    persona_identity_prompt: persona.identity,
    machines: [
      {
        id: "m1",
        name: machine.name,
        creator_win_condition: machine.win ?? "",
        creator_lose_condition: "The player insults or threatens them",
        scoring_mode: "scoring",
        states: [
          { id: "s1", label: machine.label, prompt_instruction: machine.instruction, is_initial_state: true },
          { id: "s2", label: "Won", prompt_instruction: "Thank them warmly.", is_terminal_state: true },
          { id: "s3", label: "Thrown out", prompt_instruction: "Send them away.", is_terminal_state: true, outcome: "KICK_OUT" },
        ],
        transitions: [
          { id: "t1", from_state_id: "s1", to_state_id: "s2", decision_type: "pass", score_delta: 10, ...machine.pass },
          { id: "t2", from_state_id: "s1", to_state_id: "s3", decision_type: "kick_out", score_delta: -10, label: "insults them" },
          { id: "t3", from_state_id: "s1", to_state_id: "s1", decision_type: "redirect", label: "off topic" },
        ],
      },
    ],
  });
}

const MACHINES: Record<string, PersonaDefinition> = {
  // The review's ferry: the fare is one silver coin.
  ferry: foilPersona(
    { name: "Ferryman Oskar", identity: "You are Oskar, a gruff old ferryman. You take travellers across for one silver coin." },
    {
      name: "Pay the fare",
      win: "The player pays the fare of one silver coin",
      label: "Greeting",
      instruction: "Ask the traveller for the fare of one silver coin.",
      pass: { label: "pays the fare", description: "The player pays the silver coin" },
    },
  ),
  // Showing a document, worded only in the win condition and the instruction.
  gate: foilPersona(
    { name: "Sergeant Holt", identity: "You are Holt, who guards the north gate of Varn." },
    { name: "The north gate", win: "The player shows their travel papers to the guard", label: "Checkpoint", instruction: "Demand to see the traveller's papers.", pass: {} },
  ),
  // Committing, worded in the transition.
  guild: foilPersona(
    { name: "Mistress Vey", identity: "You are Vey, who recruits for the Cartographers' Guild." },
    { name: "Recruitment", label: "Pitch", instruction: "Tell the player about the guild and its maps.", pass: { label: "agrees to join the guild" } },
  ),
  // Apologising.
  bakery: foilPersona(
    { name: "Baker Lune", identity: "You are Lune, a baker whose window a ball just broke." },
    { name: "The broken window", label: "Angry", instruction: "Complain about the broken window.", pass: { label: "apologises for the window", description: "The player says sorry for breaking it" } },
  ),
  // Paying, asked only by the NPC's instruction (no label, no win condition).
  bridge: foilPersona(
    { name: "Troll Grubb", identity: "You are Grubb, who keeps the toll bridge." },
    { name: "The toll", label: "Blocking the bridge", instruction: "Demand the toll of three gold coins before anyone crosses.", pass: {} },
  ),
  // Greeting is what is asked.
  inn: foilPersona(
    { name: "Innkeeper Mara", identity: "You are Mara, who keeps the Sleeping Fox inn." },
    { name: "Welcome", label: "At the door", instruction: "Wait for the guest to say something.", pass: { label: "greets the innkeeper" } },
  ),
};

const PASS = "pass";
const STAY = "stay";

const TABLE: Array<[machine: keyof typeof MACHINES, message: string, decision: typeof PASS | typeof STAY]> = [
  // The ferry: only paying the silver coin pays.
  ["ferry", "hello", STAY],
  ["ferry", "hi", STAY],
  ["ferry", "Good morning!", STAY],
  ["ferry", "Greetings, friend", STAY],
  ["ferry", "I have no money", STAY],
  ["ferry", "Take me across for free", STAY],
  ["ferry", "I'll pay you later", STAY],
  ["ferry", "Here is a copper coin", STAY],
  ["ferry", "Could you take me across?", STAY],
  ["ferry", "How much is the crossing?", STAY],
  ["ferry", "I can't pay, I lost my purse", STAY],
  ["ferry", "Here is a flower for you", STAY],
  ["ferry", "Here is one silver coin for the fare", PASS],
  ["ferry", "Hello Oskar, I would like to cross. Here is your silver coin.", PASS],
  ["ferry", "*hands over a silver coin*", PASS],
  ["ferry", "Alright, I pay the fare.", PASS],
  ["ferry", "Take this silver coin and row", PASS],
  ["ferry", "Fine. *gives him a silver coin*", PASS],
  ["ferry", "*sighs* I have no coin", STAY],
  // The gate: showing the papers.
  ["gate", "Good evening, sergeant", STAY],
  ["gate", "Can I go through?", STAY],
  ["gate", "I forgot my papers at home", STAY],
  ["gate", "I'll show you my papers tomorrow", STAY],
  ["gate", "Let me through for nothing", STAY],
  ["gate", "Here are my papers", PASS],
  ["gate", "I show the guard my travel papers", PASS],
  ["gate", "*presents the papers*", PASS],
  // The guild: agreeing to join.
  ["guild", "What does the guild do?", STAY],
  ["guild", "Hello there", STAY],
  ["guild", "I will never join your guild", STAY],
  ["guild", "Maybe later", STAY],
  ["guild", "Your maps are pretty", STAY],
  ["guild", "Yes, I'll join the guild", PASS],
  ["guild", "Count me in!", PASS],
  ["guild", "Sure, sign me up", PASS],
  // The bakery: an apology that is meant.
  ["bakery", "Hi", STAY],
  ["bakery", "Why are you so upset?", STAY],
  ["bakery", "I'm not sorry at all", STAY],
  ["bakery", "It was the wind", STAY],
  ["bakery", "I'm so sorry about your window", PASS],
  ["bakery", "Please forgive me, it was my fault", PASS],
  // The bridge: three gold coins, asked only by the instruction.
  ["bridge", "Greetings, troll", STAY],
  ["bridge", "Can I cross for free?", STAY],
  ["bridge", "I'll give you the gold on the other side", STAY],
  ["bridge", "Here are three silver coins", STAY],
  ["bridge", "Here are three gold coins", PASS],
  ["bridge", "I hand over the toll", PASS],
  // The inn: greeting is the point.
  ["inn", "Good evening!", PASS],
  ["inn", "Hello Mara", PASS],
  ["inn", "Give me a room", STAY],
  ["inn", "What's on the menu?", STAY],
];

async function decide(definition: PersonaDefinition, message: string) {
  const machine = definition.machines[0]!;
  const { session } = await openSession(definition, machine.machine_key, { at: AT, seed: 1 });
  return step(definition, machine, session, message, { at: AT });
}

describe("a pass is taken only when the message does what the transition asks", () => {
  it("the table covers at least 40 messages on at least 4 machines", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
    expect(new Set(TABLE.map(([machine]) => machine)).size).toBeGreaterThanOrEqual(4);
  });

  it.each(TABLE)("%s: %j → %s", async (machine, message, expected) => {
    const result = await decide(MACHINES[machine]!, message);
    if (expected === PASS) expect(result.response).toMatchObject({ decision: "pass", outcome: "ACCEPT" });
    else expect(result.response).toMatchObject({ decision: "redirect", outcome: null, current_state: MACHINES[machine]!.machines[0]!.states[0]!.state_key });
  });

  it("says why a message on topic does not pass", async () => {
    const reasons = await Promise.all(["I have no money", "A coin? Take me for free", "I'll pay you later", "Here is a copper coin", "hello", "How much is the fare?"].map(async (message) => (await decide(MACHINES.ferry!, message)).decision.reason));
    expect(reasons).toEqual([
      expect.stringContaining('says it does not ("no money")'),
      expect.stringContaining('asks for it without giving anything ("for free")'),
      expect.stringContaining('puts it off ("later")'),
      expect.stringContaining('offers "copper" where "silver" is asked for'),
      expect.stringContaining("only greets"),
      expect.stringContaining("asks rather than answers"),
    ]);
  });
});
