/**
 * The offline reply writer. A state with `lines` speaks them in rotation (first visit: the first line),
 * with `{{vars.key}}`, `{{vars.key|fallback}}`, `{{player_name}}`, `{{persona_name}}` and `{{score}}`
 * filled in. A state without lines gets a reply composed from its `prompt_instruction` in the
 * persona's voice, drawn from a small grammar with the session's seed. Either way the reply is never
 * the text of the previous one: a repeat is rephrased with a "pressing" preface.
 */
import { createRng, hashSeed, type Rng } from "../engine/rng.ts";
import type { PersonaDefinition } from "./definition.ts";
import type { ReplyInput, ReplyOutput, ReplyWriter } from "./ports.ts";
import type { VariableValue } from "./values.ts";

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

/**
 * Fills `{{…}}` placeholders. A variable that is not set renders its `|fallback`, or nothing (and
 * the spacing around it is tidied), so a line never shows braces or "undefined" to a player.
 */
export function interpolate(template: string, values: InterpolationValues): string {
  const filled = template.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*(?:\|([^}]*))?\}\}/g, (_whole, name: string, fallback: string | undefined) => {
    let value: VariableValue | null | undefined;
    if (name === "player_name") value = values.player_name ?? fallback?.trim() ?? "traveler";
    else if (name === "persona_name") value = values.persona_name;
    else if (name === "score") value = values.score;
    else if (name.startsWith("vars.")) value = values.vars[name.slice("vars.".length)];
    if (value === undefined || value === null || value === "") return fallback?.trim() ?? "";
    return String(value);
  });
  return filled
    .replace(/[ \t]{2,}/g, " ")
    .replace(/\s+([,.!?;:])/g, "$1")
    .trim();
}

const OPENERS: Record<NonNullable<ReplyInput["decision"]> | "stay" | "end", readonly string[]> = {
  open: ["Well met, {{player_name}}.", "You there, {{player_name}}.", "Ah. {{player_name}}, is it?", "Another face. Speak, {{player_name}}."],
  pass: ["Good.", "Very well.", "That will do.", "Fair enough.", "So be it."],
  redirect: ["That is not what I asked.", "Let us stay on the matter.", "Hm. Try again.", "You are wandering, {{player_name}}."],
  stay: ["Go on.", "I am listening.", "And?", "Hm."],
  reject: ["I do not like that answer.", "That costs you.", "A poor choice, {{player_name}}."],
  kick_out: ["Enough. We are done here.", "Out. Now.", "I have heard all I need. Leave."],
  end: ["That settles it.", "Then we are finished.", "So it ends."],
};

const PRESSING_PREFACES = ["As I said:", "Again:", "I will say it once more:", "Listen closely:", "Once more, {{player_name}}:"];

const PLAYER_NOUNS = "(?:the )?(?:player|traveler|traveller|stranger|visitor|customer|user|newcomer)";
const ADDRESSEE = `(?:${PLAYER_NOUNS}|them|him|her)`;

/** Third-person instructions about the player, turned to the second person. */
function toSecondPerson(text: string): string {
  return text
    .replace(new RegExp(`\\b${PLAYER_NOUNS}(?:'s|’s)`, "gi"), "your")
    .replace(new RegExp(`\\b${PLAYER_NOUNS}\\b`, "gi"), "you")
    .replace(/\bthey're\b/gi, "you're")
    .replace(/\bthey are\b/gi, "you are")
    .replace(/\bthey were\b/gi, "you were")
    .replace(/\bthey\b/gi, "you")
    .replace(/\bthem\b/gi, "you")
    .replace(/\btheir\b/gi, "your")
    .replace(/\bthemselves\b/gi, "yourself")
    .replace(/\bhis or her\b/gi, "your");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(text: string): string {
  const trimmed = text.trim().replace(/[.!?]+$/, "");
  return trimmed === "" ? "" : `${capitalize(trimmed)}.`;
}

/**
 * What the NPC says about its current objective, from the state's instruction: "Ask the traveler
 * their name and business." → "Tell me your name and business."
 */
export function instructionToSpeech(instruction: string, label: string): string {
  const first = (instruction.trim().replace(/\s+/g, " ").split(/(?<=[.!?])\s/)[0] ?? "").trim();
  const rules: Array<[RegExp, (rest: string) => string]> = [
    [new RegExp(`^ask ${ADDRESSEE} (?:for |about )?(.+)$`, "i"), (rest) => `Tell me ${toSecondPerson(rest)}`],
    [new RegExp(`^(?:tell|inform|warn|remind) ${ADDRESSEE} (?:that )?(.+)$`, "i"), (rest) => toSecondPerson(rest)],
    [/^(?:demand|request|require|insist on) (.+)$/i, (rest) => `I need ${toSecondPerson(rest)}`],
    [new RegExp(`^(?:thank|congratulate|praise) ${ADDRESSEE}(?: for (.+))?$`, "i"), (rest) => (rest ? `My thanks for ${toSecondPerson(rest)}` : "My thanks")],
  ];
  for (const [pattern, render] of rules) {
    const match = pattern.exec(first);
    if (match) return sentence(render(match[1] ?? ""));
  }
  return label.trim() ? sentence(`Now, ${label.trim().toLowerCase()}`) : "";
}

function pick(rng: Rng, items: readonly string[], avoid: string | null): string {
  const options = items.filter((item) => item !== avoid);
  return rng.pick(options.length > 0 ? options : items);
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
      const last = session.last_line_index[state.state_key];
      lineIndex = last === undefined ? 0 : (last + 1) % lines.length;
      message = interpolate(lines[lineIndex] as string, values);
    } else {
      const kind = state.is_terminal_state && input.decision !== "open" ? (input.decision === "kick_out" ? "kick_out" : "end") : (input.decision ?? "stay");
      const opener = interpolate(pick(rng, OPENERS[kind], null), values);
      message = [opener, instructionToSpeech(state.prompt_instruction, state.label)].filter(Boolean).join(" ");
    }
    if (message === session.last_reply) {
      message = `${interpolate(pick(rng, PRESSING_PREFACES, null), values)} ${message}`;
    }
    return { message, line_index: lineIndex };
  }
}
