/**
 * The offline reply writer. A state with `lines` speaks them: on entering the state its first line,
 * then, while the player stays there, the others in rotation (the first line is the state's entry,
 * "A polite one. Good.", and is not repeated as a follow-up while others remain). `{{vars.key}}`,
 * `{{vars.key|fallback}}`, `{{player_name}}`, `{{persona_name}}` and `{{score}}` are filled in, and a
 * sentence that starts with a filled-in value starts with a capital.
 *
 * Lines are the offline contract. A state without lines gets a reply composed in the persona's voice
 * (`persona-voice.ts`, read from its identity): a lead that fits the moment (opening, pass, redirect,
 * a finished conversation's outcome), then the state's `prompt_instruction` spoken to the player
 * (`instruction-speech.ts`) where it can be read with confidence, else a neutral prompt or closing of
 * the voice's own: never a broken sentence. Choices are drawn with the session's seed. Either way the
 * reply is never the text of the previous one: a repeat is rephrased with a "pressing" preface.
 */
import { createRng, hashSeed, type Rng } from "../engine/rng.ts";
import type { PersonaDefinition } from "./definition.ts";
import { speakInstruction } from "./instruction-speech.ts";
import { knownPlayerName } from "./player-name.ts";
import { CLOSING_PHRASES, MOMENT_PHRASES, moodOf, personaVoice, PROMPT_PHRASES, type Moment, type PersonaVoice } from "./persona-voice.ts";
import type { ReplyInput, ReplyOutput, ReplyWriter } from "./ports.ts";
import type { VariableValue } from "./values.ts";
import { ownValue } from "./records.ts";
import { MAX_INTERPOLATED_VALUE_CHARS } from "./limits.ts";

export { instructionToSpeech } from "./instruction-speech.ts";

/** What the NPC calls a player whose name it does not know (one spelling everywhere). */
export const DEFAULT_PLAYER_NAME = "traveller";

/** The name an NPC uses for itself: the last word of the persona name ("Guard Captain Sera" → "Sera"). */
export function shortPersonaName(definition: Pick<PersonaDefinition, "name">): string {
  const words = definition.name.trim().split(/\s+/);
  return words[words.length - 1] ?? definition.name;
}

export interface InterpolationValues {
  vars: Readonly<Record<string, VariableValue>>;
  player_name: string | null;
  persona_name: string;
  score: number;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*(?:\|([^}]*))?\}\}/g;
/** Closing quotes and brackets that may stand between a sentence's end and the next one. */
const SENTENCE_CLOSERS = new Set(['"', "'", "”", "’", ")"]);
/** Whitespace before punctuation, matched from the first character of a run only (see `interpolate`). */
const SPACE_BEFORE_PUNCTUATION = /(?<!\s)\s+(?=[,.!?;:])/g;

/**
 * The text so far ends where a sentence starts: it is blank, or ends in . ! ? (and closing quotes)
 * then whitespace. Looks only at the text's end: a regex anchored at `$` is tried from every
 * position, and this is asked at every placeholder of a reply as it grows.
 */
function atSentenceStart(text: string): boolean {
  const end = text.trimEnd();
  if (end === "") return true;
  if (end.length === text.length) return false;
  let at = end.length - 1;
  while (at > 0 && SENTENCE_CLOSERS.has(end.charAt(at))) at -= 1;
  return ".!?".includes(end.charAt(at));
}

/** A filled-in value at most `MAX_INTERPOLATED_VALUE_CHARS` long (cut between characters, with "…"). */
function boundedValue(text: string): string {
  if (text.length <= MAX_INTERPOLATED_VALUE_CHARS) return text;
  let cut = MAX_INTERPOLATED_VALUE_CHARS - 1;
  // Never between the two halves of a surrogate pair: the reply is stored as text.
  if (/[\ud800-\udbff]/.test(text.charAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

function capitalizeFirstLetter(text: string): string {
  const index = text.search(/\p{L}/u);
  if (index < 0) return text;
  return text.slice(0, index) + text.charAt(index).toUpperCase() + text.slice(index + 1);
}

/**
 * Fills `{{…}}` placeholders. A variable that is not set renders its `|fallback`, or nothing (and
 * the spacing around it is tidied), so a line never shows braces or "undefined" to a player. A value
 * that starts a sentence is capitalised ("{{vars.business|That}} is fine." → "Trade is fine."), and
 * so is the word that follows a placeholder rendered as nothing at a sentence start.
 */
export function interpolate(template: string, values: InterpolationValues): string {
  let output = "";
  let capitalizeNext = false;
  let position = 0;
  const appendLiteral = (literal: string) => {
    if (capitalizeNext && /\p{L}/u.test(literal)) {
      output += capitalizeFirstLetter(literal);
      capitalizeNext = false;
    } else {
      output += literal;
      if (/[^\s]/.test(literal)) capitalizeNext = false;
    }
  };
  for (const match of template.matchAll(PLACEHOLDER)) {
    appendLiteral(template.slice(position, match.index));
    position = (match.index ?? 0) + match[0].length;
    const name = match[1] as string;
    const fallback = match[2]?.trim();
    let value: VariableValue | null | undefined;
    if (name === "player_name") value = knownPlayerName(values.player_name, values.vars) ?? (fallback || DEFAULT_PLAYER_NAME);
    else if (name === "persona_name") value = values.persona_name;
    else if (name === "score") value = values.score;
    // Own keys only: "{{vars.constructor}}" is an unset variable, not Object's constructor.
    else if (name.startsWith("vars.") && Object.hasOwn(values.vars, name.slice("vars.".length))) value = values.vars[name.slice("vars.".length)];
    // A player's value is bounded: a line repeating a 4,000-character message 200 times was a
    // 1.6 MB reply, stored with the turn.
    const text = value === undefined || value === null || value === "" ? (fallback ?? "") : boundedValue(String(value));
    const startsSentence: boolean = atSentenceStart(output) || capitalizeNext;
    if (text === "") {
      capitalizeNext = startsSentence;
      continue;
    }
    output += startsSentence ? capitalizeFirstLetter(text) : text;
    capitalizeNext = false;
  }
  appendLiteral(template.slice(position));
  // Linear whatever the whitespace: `\s+([,.!?;:])` retried every position of a long run of
  // whitespace (a player's value repeated by a line's placeholders: 20 s for one turn).
  return output.replace(/[ \t]{2,}/g, " ").replace(SPACE_BEFORE_PUNCTUATION, "").trim();
}

const PRESSING_PREFACES = ["As I said:", "Again:", "I will say it once more:", "Listen closely:", "Once more, {address}:"];

function pick(rng: Rng, items: readonly string[], avoid: string | null): string {
  const options = items.filter((item) => item !== avoid);
  return rng.pick(options.length > 0 ? options : items);
}

/** The moment a composed reply is spoken in: the opening, the turn's decision, or the outcome it ended with. */
function momentOf(input: ReplyInput): Moment {
  const { state, session, decision } = input;
  if (decision === "open") return "open";
  if (state.is_terminal_state) {
    const outcome = decision === "kick_out" ? "KICK_OUT" : (session.outcome ?? state.outcome ?? "ACCEPT");
    return outcome === "KICK_OUT" ? "end_kick_out" : outcome === "REJECT" ? "end_reject" : "end_accept";
  }
  if (decision === "pass" || decision === "redirect" || decision === "reject") return decision;
  return "stay";
}

/** How the NPC addresses the player right now: "friend" when pleased, "customer" when not, else by name. */
function addressFor(voice: PersonaVoice, moment: Moment, playerName: string | null): string {
  const mood = moodOf(moment);
  if (mood === "warm" && voice.warm_address) return voice.warm_address;
  if (mood === "cold" && voice.cold_address) return voice.cold_address;
  return playerName ?? voice.warm_address ?? DEFAULT_PLAYER_NAME;
}

/** A reply for a state without lines, in the persona's voice. */
export function composeReply(input: ReplyInput, rng: Rng): string {
  const { definition, state, vars } = input;
  const voice = personaVoice(definition);
  const moment = momentOf(input);
  const playerName = knownPlayerName(input.session.player_name, vars);
  const speech = speakInstruction(state.prompt_instruction, {
    voice,
    persona_names: [definition.name, shortPersonaName(definition)],
    vars,
    pick: (options) => rng.pick(options),
  });
  const phrases = MOMENT_PHRASES[voice.kind];
  const parts: string[] = [];
  if (!speech.greets) parts.push(rng.pick(phrases[moment]));
  let body = speech.text.replace("{greeting}", rng.pick(phrases.open));
  if (body === "") {
    body = moment === "end_accept" || moment === "end_reject" || moment === "end_kick_out" ? rng.pick(CLOSING_PHRASES[voice.kind][moment]) : rng.pick(PROMPT_PHRASES[voice.kind]);
  }
  parts.push(body);
  const address = addressFor(voice, moment, playerName);
  return parts.join(" ").split("{address}").join(address);
}

export class LinesReplyWriter implements ReplyWriter {
  readonly name = "lines";

  write(input: ReplyInput): ReplyOutput {
    const { definition, state, session } = input;
    const values: InterpolationValues = { vars: input.vars, player_name: session.player_name, persona_name: shortPersonaName(definition), score: session.score };
    const rng = createRng(hashSeed(session.seed, session.machine_key, state.state_key, session.turn));
    const lines = state.lines ?? [];
    let message: string;
    let lineIndex: number | null = null;
    if (lines.length > 0) {
      lineIndex = nextLineIndex(lines.length, ownValue(session.last_line_index, state.state_key), session.turns_in_state === 0);
      message = interpolate(lines[lineIndex] as string, values);
    } else {
      // Another draw of the same grammar usually differs from the previous reply; the preface below is the last resort.
      message = interpolate(composeReply(input, rng), values);
      for (let attempt = 0; attempt < 4 && message === session.last_reply; attempt++) message = interpolate(composeReply(input, rng), values);
    }
    if (message === session.last_reply) {
      const address = knownPlayerName(session.player_name, input.vars) ?? DEFAULT_PLAYER_NAME;
      message = `${pick(rng, PRESSING_PREFACES, null).split("{address}").join(address)} ${message}`;
    }
    return { message, line_index: lineIndex };
  }
}

/**
 * Which line to speak: the first on entering the state; while the player stays, the next one,
 * cycling through the lines after the first when there are at least two of them (the first line
 * greets the arrival and reads wrong as a follow-up), through all of them otherwise.
 */
export function nextLineIndex(count: number, last: number | undefined, entering: boolean): number {
  if (entering || last === undefined) return 0;
  if (count >= 3) return last + 1 >= count ? 1 : last + 1;
  return (last + 1) % count;
}
