import { describe, expect, it } from "vitest";
import { createRng } from "../engine/rng.ts";
import type { PersonaDefinition, State } from "./definition.ts";
import { composeReply, DEFAULT_PLAYER_NAME, interpolate, LinesReplyWriter, nextLineIndex, shortPersonaName } from "./lines-reply-writer.ts";
import { MOMENT_PHRASES, personaVoice, PROMPT_PHRASES } from "./persona-voice.ts";
import type { ReplyInput } from "./ports.ts";
import type { MachineSession } from "./session.ts";
import { validateDefinition } from "./validate-definition.ts";
import { MAX_INTERPOLATED_VALUE_CHARS } from "./limits.ts";
import type { Outcome } from "./values.ts";

const values = { vars: { offer: 90, item: "map" }, player_name: "Ana", persona_name: "Kael", score: 3 };

describe("interpolate", () => {
  it("fills variables, the player's name, the persona's name and the score", () => {
    expect(interpolate("{{player_name}}, {{vars.offer}} for the {{ vars.item }}? {{persona_name}} says no. ({{score}})", values)).toBe("Ana, 90 for the map? Kael says no. (3)");
  });
  it("renders a missing variable as its fallback, or as nothing with tidy spacing", () => {
    expect(interpolate("Take the {{vars.gift|coin}}.", values)).toBe("Take the coin.");
    expect(interpolate("Your offer of {{vars.missing}} gold .", values)).toBe("Your offer of gold.");
  });
  it("calls a player with no known name by one default spelling", () => {
    expect(DEFAULT_PLAYER_NAME).toBe("traveller");
    expect(interpolate("Hello {{player_name}}.", { ...values, player_name: null })).toBe("Hello traveller.");
  });
  it("uses a name the player stated (a name-like variable) when no name was given to the session", () => {
    expect(interpolate("Hello {{player_name}}.", { ...values, player_name: null, vars: { stated_name: "Tom" } })).toBe("Hello Tom.");
    expect(interpolate("Hello {{player_name}}.", { ...values, player_name: "Ana", vars: { stated_name: "Tom" } })).toBe("Hello Ana.");
    expect(interpolate("Hello {{player_name}}.", { ...values, player_name: null, vars: { sponsor_name: "Tom" } })).toBe("Hello traveller.");
  });
  it("reads only the variables that are set: '{{vars.constructor}}' is an unset variable, not Object's", () => {
    expect(interpolate("Made by {{vars.constructor|nobody}}.", values)).toBe("Made by nobody.");
    expect(interpolate("Hello {{vars.toString}} there.", values)).toBe("Hello there.");
  });
  it("capitalises a value that starts a sentence, and only there", () => {
    const trade = { ...values, vars: { player_business: "trade" } };
    expect(interpolate("{{vars.player_business|That}} is an acceptable reason.", trade)).toBe("Trade is an acceptable reason.");
    expect(interpolate("Good. {{vars.player_business}} it is!", trade)).toBe("Good. Trade it is!");
    expect(interpolate("So, {{vars.player_business}}. Fine.", trade)).toBe("So, trade. Fine.");
    expect(interpolate("{{vars.missing}} trade is fine.", trade)).toBe("Trade is fine.");
    expect(interpolate('He said "no." {{vars.player_business}} then.', trade)).toBe('He said "no." Trade then.');
  });
  it(`cuts a filled-in value at ${MAX_INTERPOLATED_VALUE_CHARS} characters, so a line repeating a player's message cannot make a huge reply`, () => {
    const long = { ...values, vars: { said: `x${"y".repeat(3998)}z` }, player_name: "N".repeat(500) };
    const reply = interpolate(`{{vars.said}} ${"{{vars.said}}".repeat(150)} {{player_name}}`, long);
    expect(reply.length).toBeLessThanOrEqual(152 * (MAX_INTERPOLATED_VALUE_CHARS + 1));
    expect(reply.startsWith(`X${"y".repeat(MAX_INTERPOLATED_VALUE_CHARS - 2)}…`)).toBe(true);
    expect(reply.endsWith(`${"N".repeat(MAX_INTERPOLATED_VALUE_CHARS - 1)}…`)).toBe(true);
    // Never half a surrogate pair at the cut.
    const emoji = interpolate("{{vars.said}}", { ...values, vars: { said: "😀".repeat(300) } });
    expect((emoji as unknown as { isWellFormed(): boolean }).isWellFormed()).toBe(true);
  });
  it("tidies long runs of whitespace in a player's value in linear time (a line of 199 placeholders once took 20 s)", () => {
    const runs = { ...values, vars: { said: `a${"\n \u00a0".repeat(1330)}b` } };
    const reply = interpolate("{{vars.said}}".repeat(199), runs);
    expect(reply.length).toBeLessThanOrEqual(199 * MAX_INTERPOLATED_VALUE_CHARS);
    expect(interpolate("Well {{vars.said}} .", { ...values, vars: { said: "then  \n\u00a0 " } })).toBe("Well then.");
  });
});

describe("nextLineIndex", () => {
  it("speaks the first line on entering a state, then rotates through the others while the player stays", () => {
    const spoken: number[] = [nextLineIndex(3, undefined, true)];
    for (let turn = 0; turn < 5; turn++) spoken.push(nextLineIndex(3, spoken.at(-1), false));
    expect(spoken).toEqual([0, 1, 2, 1, 2, 1]);
    expect(nextLineIndex(3, 2, true)).toBe(0);
  });
  it("alternates two lines, so none is said twice in a row", () => {
    expect([nextLineIndex(2, 0, false), nextLineIndex(2, 1, false)]).toEqual([1, 0]);
  });
});

function persona(identity: string, name: string, description: string): PersonaDefinition {
  const result = validateDefinition({
    name,
    description,
    persona_identity_prompt: identity,
    machines: [
      {
        machine_key: "m",
        name: "M",
        scoring_mode: "scoring",
        states: [
          { state_key: "start", label: "Chat", prompt_instruction: "Chat", is_initial_state: true },
          { state_key: "won", label: "Happy", prompt_instruction: "happy", is_terminal_state: true },
        ],
        transitions: [{ from_state_key: "start", to_state_key: "won", decision_type: "pass" }],
      },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

const GUARD = persona(
  "You are Brakka, a gruff old guard at the city gate. Twenty years a soldier, clipped and stern; you bark orders and trust nobody on your watch.",
  "Gate Guard Brakka",
  "A gruff veteran of the gate watch",
);
const MERCHANT = persona(
  "You are Kael, a shrewd merchant who haggles over every coin at his market stall. Call the player 'friend' when pleased and 'customer' when not.",
  "Merchant Kael",
  "A shrewd trader",
);
const INNKEEPER = persona("You are Mira, a warm and kind innkeeper, cheerful and welcoming to every guest.", "Innkeeper Mira", "A friendly innkeeper");

function session(overrides: Partial<MachineSession> = {}): MachineSession {
  return {
    machine_key: "m",
    current_state: "start",
    score: 0,
    turn: 1,
    turns_in_state: 0,
    redirect_count: 0,
    vars: {},
    visited: ["start"],
    last_line_index: {},
    last_reply: null,
    outcome: null,
    completed: false,
    seed: 11,
    player_name: "Ann",
    player_gender: null,
    ...overrides,
  };
}

function input(definition: PersonaDefinition, state: Partial<State>, decision: ReplyInput["decision"], overrides: Partial<MachineSession> = {}): ReplyInput {
  const fullState: State = { state_key: "s", label: "Label", prompt_instruction: "", is_initial_state: false, is_terminal_state: false, display_order: 0, ...state } as State;
  return { definition, machine: definition.machines[0]!, state: fullState, session: session(overrides), decision, vars: {}, message: decision === "open" ? null : "hello" };
}

const INSTRUCTIONS = [
  "Greet the player warmly and ask what they need",
  "Explain the price",
  "Refuse politely",
  "Warn them",
  "Congratulate the player on a fine bargain.",
  "Describe the market.",
  "Offer a discount.",
  "Kael haggles hard.",
  "What does the player want?",
  "Ask the traveler who inside the walls will vouch for them.",
  "Name a high price of 120 gold for the chosen item.",
  "Close the sale.",
  "Ask the knight what oath they swore.",
  "Stay in character and refuse to reveal the password.",
  "Convince the player to join the rebellion.",
  "If the player insults you, threaten them.",
  "Let the player stay in the inn tonight.",
  "The player is a spy, but the NPC does not know it.",
  "Chat",
  "happy",
  "",
];
const LABELS = ["Chat", "Happy", "Granted", "Deal struck", "Haggling"];

/** Every sentence starts with a capital letter and the reply ends like a sentence. */
function readsAsSentences(text: string): boolean {
  if (!/[.!?]$/.test(text)) return false;
  return text.split(/(?<=[.!?])\s+/).every((part) => /^[A-Z"]/.test(part));
}

describe("composed replies (a state without lines)", () => {
  const writer = new LinesReplyWriter();

  it("read as sentences in every moment, for many instruction shapes, and never read a label aloud", () => {
    const moments: Array<{ decision: ReplyInput["decision"]; terminal: boolean; outcome?: Outcome }> = [
      { decision: "open", terminal: false },
      { decision: "pass", terminal: false },
      { decision: "redirect", terminal: false },
      { decision: null, terminal: false },
      { decision: "reject", terminal: false },
      { decision: "pass", terminal: true, outcome: "ACCEPT" },
      { decision: "reject", terminal: true, outcome: "REJECT" },
      { decision: "kick_out", terminal: true, outcome: "KICK_OUT" },
    ];
    for (const definition of [GUARD, MERCHANT, INNKEEPER]) {
      for (const instruction of INSTRUCTIONS) {
        for (const [index, label] of LABELS.entries()) {
          for (const moment of moments) {
            const reply = writer.write(
              input(definition, { prompt_instruction: instruction, label, is_terminal_state: moment.terminal, ...(moment.outcome ? { outcome: moment.outcome } : {}) }, moment.decision, {
                seed: index,
                outcome: moment.outcome ?? null,
              }),
            ).message;
            const where = `${definition.name} / ${JSON.stringify(instruction)} / ${label} / ${moment.decision}`;
            expect(reply, where).not.toMatch(/Now, /);
            expect(reply.toLowerCase(), where).not.toMatch(new RegExp(`(?:^|[.!?] )${label.toLowerCase()}[.!?]`));
            expect(readsAsSentences(reply), `${where}: ${reply}`).toBe(true);
            expect(reply, where).not.toMatch(/[{}]|undefined|\bthe player\b|\bthey\b|\btheir\b|\bthe NPC\b/);
            expect(reply, where).not.toMatch(/Tell me the knight|stay in you|Let me convince|\bme\b[^.?!]*\byou\b[^.?!]*\bme\b/i);
          }
        }
      }
    }
  });

  it("says a neutral line in the persona's voice when the instruction cannot be read with confidence", () => {
    const neutral = writer.write(input(GUARD, { prompt_instruction: "If the player mentions the king, grow suspicious." }, "redirect")).message;
    const leads = MOMENT_PHRASES.stern.redirect.map((phrase) => phrase.replace("{address}", "Ann"));
    const prompts = PROMPT_PHRASES.stern.map((phrase) => phrase.replace("{address}", "Ann"));
    expect(leads.some((lead) => prompts.some((prompt) => neutral === `${lead} ${prompt}`)), neutral).toBe(true);
  });

  it("turns the instruction into speech to the player", () => {
    const reply = writer.write(input(GUARD, { prompt_instruction: "Ask the traveler who inside the walls will vouch for them." }, "redirect")).message;
    expect(reply).toMatch(/ Who inside the walls will vouch for you\?$/);
    const greeting = writer.write(input(MERCHANT, { prompt_instruction: "Greet the player warmly and ask what they need" }, "open")).message;
    expect(MOMENT_PHRASES.shrewd.open.map((phrase) => phrase.replace("{address}", "Ann")).some((phrase) => greeting.startsWith(phrase))).toBe(true);
    expect(greeting).toMatch(/ What do you need\?$/);
  });

  it("takes its tone from the persona's identity: a gruff guard and a shrewd merchant sound different", () => {
    expect(personaVoice(GUARD).kind).toBe("stern");
    expect(personaVoice(MERCHANT)).toEqual({ kind: "shrewd", warm_address: "friend", cold_address: "customer" });
    expect(personaVoice(INNKEEPER).kind).toBe("warm");
    const openings = (definition: PersonaDefinition) =>
      Array.from({ length: 12 }, (_, seed) => writer.write(input(definition, { prompt_instruction: "Ask the player what they need." }, "open", { seed })).message);
    const guardOpenings = openings(GUARD);
    const merchantOpenings = openings(MERCHANT);
    const leads = (kind: "stern" | "shrewd") => MOMENT_PHRASES[kind].open.map((phrase) => phrase.replace("{address}", "Ann"));
    expect(guardOpenings.every((reply) => leads("stern").some((lead) => reply.startsWith(lead)))).toBe(true);
    expect(merchantOpenings.every((reply) => leads("shrewd").some((lead) => reply.startsWith(lead)))).toBe(true);
  });

  it("addresses the player as the identity says: 'friend' when pleased, 'customer' when not", () => {
    const thanks = { prompt_instruction: "Thank the player." };
    expect(writer.write(input(MERCHANT, thanks, "pass")).message).toMatch(/My thanks, friend\.$/);
    expect(writer.write(input(MERCHANT, thanks, "redirect")).message).toMatch(/My thanks, customer\.$/);
    expect(writer.write(input(GUARD, thanks, "pass")).message).toMatch(/My thanks, Ann\.$/);
  });

  it("closes a finished conversation in keeping with its outcome", () => {
    const closing = (outcome: Outcome, decision: ReplyInput["decision"], instruction: string) =>
      writer.write(input(GUARD, { prompt_instruction: instruction, is_terminal_state: true, outcome }, decision, { outcome, completed: true })).message;
    const startsWithOneOf = (reply: string, phrases: readonly string[]) => phrases.some((phrase) => reply.startsWith(phrase.replace("{address}", "Ann")));
    const granted = closing("ACCEPT", "pass", "Let the traveler in under their sponsor's name.");
    expect(startsWithOneOf(granted, MOMENT_PHRASES.stern.end_accept)).toBe(true);
    expect(granted).toMatch(/You may enter under your sponsor's name\.$/);
    const denied = closing("REJECT", "reject", "Deny the appeal.");
    expect(startsWithOneOf(denied, MOMENT_PHRASES.stern.end_reject)).toBe(true);
    expect(denied).toMatch(/Your appeal is denied\.$/);
    const jailed = closing("KICK_OUT", "kick_out", "Have the traveler jailed.");
    expect(startsWithOneOf(jailed, MOMENT_PHRASES.stern.end_kick_out)).toBe(true);
    // An instruction with nothing to say still closes the scene in character.
    expect(closing("ACCEPT", "pass", "Granted")).toMatch(/\.$/);
    expect(closing("ACCEPT", "pass", "Granted")).not.toMatch(/granted/i);
  });

  it("is deterministic for the session's seed, and never the same reply twice in a row", () => {
    const state = { prompt_instruction: "Ask the player for the password." };
    expect(composeReply(input(GUARD, state, "redirect"), createRng(5))).toBe(composeReply(input(GUARD, state, "redirect"), createRng(5)));
    let previous: string | null = null;
    for (let turn = 1; turn <= 30; turn++) {
      const reply: string = writer.write(input(GUARD, state, "redirect", { turn, turns_in_state: turn, last_reply: previous })).message;
      expect(reply).not.toBe(previous);
      previous = reply;
    }
  });
});

describe("shortPersonaName", () => {
  it("names the persona by its last word", () => {
    expect(shortPersonaName({ name: "Guard Captain Sera" })).toBe("Sera");
  });
});
