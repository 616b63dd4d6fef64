/**
 * Turns a state's `prompt_instruction` (written by an author, to the NPC, about the player) into what
 * the NPC says to the player, but only where it recognises the instruction's shape with confidence:
 * "Ask the traveler what business brings them to the city." → "What business brings you to the city?".
 *
 * A sentence is split into clauses; a clause is spoken when its leading verb is one listed in
 * `CLAUSES` and what follows has a shape that verb knows ("ask X what …", "tell X that …", "offer to
 * …"). Everything else says nothing: conditions ("If the player …"), negations ("Never …"), stage
 * directions ("Stay in character"), descriptions of the scene or of the NPC, and text whose pronouns
 * could mean someone other than the player ("he", "she", "they" after "the guards"). When nothing is
 * spoken the reply writer says a neutral line in the persona's voice instead: a plain line beats a
 * broken one, and authored `lines` beat both.
 */
import { ACT_PHRASES, type PersonaVoice } from "./persona-voice.ts";
import {
  AFTER_ADDRESSEE,
  AUXILIARIES,
  DETERMINERS,
  HANDED_OVER,
  IRREGULAR_PAST,
  MANNER,
  NPC_WORDS,
  OFFERS,
  PARTICIPLES,
  PLAYER_NOUNS,
  PLAYER_PRONOUNS,
  PLURAL_MARKERS,
  SUBJECT_OPENERS,
  THIRD_PERSON,
  TOLD,
} from "./speech-lexicon.ts";
import type { VariableValue } from "./values.ts";

export interface SpeechContext {
  voice: PersonaVoice;
  /** The persona's names ("Merchant Kael", "Kael"): the instruction's "Kael" is the NPC itself. */
  persona_names: readonly string[];
  /** Known variables: "the chosen item" becomes "the lantern" when `item` is set. */
  vars: Readonly<Record<string, VariableValue>>;
  /** Chooses among equivalent wordings (the writer passes its seeded rng). */
  pick: (options: readonly string[]) => string;
}

export interface Speech {
  /** Sentences to say, with `{address}` where the player is addressed and `{greeting}` for a greeting; "" for nothing. */
  text: string;
  /** Whether the speech already greets the player (the opening then needs no other greeting). */
  greets: boolean;
}

function bare(word: string): string {
  return word.toLowerCase().replace(/’/g, "'").replace(/^[^a-z0-9']+|[^a-z0-9']+$/g, "");
}

function capitalize(text: string): string {
  const index = text.search(/\p{L}/u);
  return index < 0 ? text : text.slice(0, index) + text.charAt(index).toUpperCase() + text.slice(index + 1);
}

/** One sentence with its end mark: "tell me your name" → "Tell me your name.". */
function sentence(text: string, mark: "." | "?" | "!" = "."): string {
  const trimmed = text.trim().replace(/[\s,;:]+$/, "").replace(/[.!?]+$/, "");
  return trimmed === "" ? "" : `${capitalize(trimmed)}${mark}`;
}

/** Third-person singular → base form, for "the customer wants" → "you want". */
function baseForm(verb: string): string {
  const lower = verb.toLowerCase();
  const irregular = new Map([["is", "are"], ["was", "were"], ["has", "have"], ["does", "do"]]);
  if (irregular.has(lower)) return irregular.get(lower) as string;
  if (/(?:ss|us|is)$/.test(lower) || !lower.endsWith("s")) return verb;
  if (lower.endsWith("ies")) return `${verb.slice(0, -3)}y`;
  if (/(?:ches|shes|sses|xes|zes|oes)$/.test(lower)) return verb.slice(0, -2);
  return verb.slice(0, -1);
}

/** The base form of a past tense, or null when it cannot be told safely ("noticed" stays unknown). */
function baseOfPast(verb: string): string | null {
  if (IRREGULAR_PAST.has(verb)) return IRREGULAR_PAST.get(verb) as string;
  if (!verb.endsWith("ed") || verb.endsWith("eed") || verb.length < 5) return null;
  if (verb.endsWith("ied")) return `${verb.slice(0, -3)}y`;
  const stem = verb.slice(0, -2);
  const [before, last] = [stem.charAt(stem.length - 2), stem.charAt(stem.length - 1)];
  if (last === before && !"lsfz".includes(last)) return stem.slice(0, -1);
  if (!"aeiou".includes(last) && !"aeiou".includes(before)) return stem;
  if ("aeiou".includes(before) && "tdkpnlmr".includes(last)) return stem;
  return null;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `replacement` in the place of `first`…`last`: the first word's case and leading marks, the last word's trailing ones. */
function inPlaceOf(first: string, last: string, replacement: string): string {
  const lead = /^[^A-Za-z0-9'’]*/.exec(first)?.[0] ?? "";
  const trail = /[^A-Za-z0-9'’]*$/.exec(last)?.[0] ?? "";
  return `${lead}${/^\p{Lu}/u.test(first.slice(lead.length)) ? capitalize(replacement) : replacement}${trail}`;
}

/** "the guards … they": a plural noun (after a determiner or number) before `index`, whom "they" may mean. */
function pluralBefore(words: readonly string[], index: number): boolean {
  return words.slice(0, index).some((word, position) => {
    const lower = bare(word);
    return lower.length > 3 && lower.endsWith("s") && !/(?:ss|us|is|'s)$/.test(lower) && PLURAL_MARKERS.has(bare(words[position - 1] ?? ""));
  });
}

/**
 * Rewords text the author wrote to the NPC about the player as the NPC speaking to the player: the
 * NPC ("you", its name) becomes "I"/"me"/"my", the player ("the customer", "they") becomes "you",
 * with the verb agreeing ("the customer wants" → "you want"). Null when a pronoun could mean someone
 * else: "he"/"she", or "they" after a plural noun ("the guards are coming and they…").
 */
export function toSpeakerView(text: string, personaNames: readonly string[] = []): string | null {
  let source = text;
  for (const name of [...personaNames].sort((left, right) => right.length - left.length)) {
    source = source.replace(new RegExp(`\\b${escapeRegex(name)}(?:'s|’s)`, "g"), "your").replace(new RegExp(`\\b${escapeRegex(name)}\\b`, "g"), "you");
  }
  const words = source.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let agree = false; // the next verb agrees with "you" standing for one player: "the customer wants" → "you want"
  let npcSubject = false; // the previous word is the NPC's "I": "you are" → "I am"
  for (let index = 0; index < words.length; index++) {
    const lower = bare(words[index] as string);
    const next = bare(words[index + 1] ?? "");
    const put = (replacement: string, span = 1) => {
      out.push(inPlaceOf(words[index] as string, words[index + span - 1] as string, replacement));
      index += span - 1;
    };
    const [agreeing, afterNpc] = [agree, npcSubject];
    agree = npcSubject = false;
    if (agreeing && /^[a-z]+s$/.test(lower)) put(baseForm(lower));
    else if (afterNpc && (lower === "are" || lower === "were")) put(lower === "are" ? "am" : "was");
    else if (lower === "you") {
      npcSubject = index === 0 || SUBJECT_OPENERS.has(bare(words[index - 1] as string)) || /[,;:]$/.test(words[index - 1] as string);
      put(npcSubject ? "I" : "me");
    } else if (NPC_WORDS.has(lower)) put(NPC_WORDS.get(lower) as string);
    else if (DETERMINERS.has(lower) && PLAYER_NOUNS.has(next.replace(/'s$/, ""))) {
      const possessive = next.endsWith("'s");
      put(possessive ? "your" : "you", 2);
      agree = !possessive && !/[,;:.]$/.test(words[index] as string);
      // "does the player want" → "do you want".
      const auxiliary = out.length >= 2 ? bare(out[out.length - 2] as string) : "";
      if (agree && ["does", "is", "was", "has"].includes(auxiliary)) {
        out[out.length - 2] = inPlaceOf(out[out.length - 2] as string, out[out.length - 2] as string, baseForm(auxiliary));
        agree = false;
      }
    } else if (PLAYER_PRONOUNS.has(lower)) {
      // "them" after "the walls" is still the player ("who inside the walls will vouch for them"); "they" may not be.
      if (lower !== "them" && pluralBefore(words, index)) return null;
      put(PLAYER_PRONOUNS.get(lower) as string);
    } else if (THIRD_PERSON.has(lower)) {
      if (next !== "or" || !THIRD_PERSON.has(bare(words[index + 2] ?? ""))) return null;
      agree = lower === "he" || lower === "she";
      put(lower === "his" ? "your" : "you", 3);
    } else out.push(words[index] as string);
  }
  return out.join(" ");
}

/** "the chosen item" → "the lantern" when `item` is a known variable. */
function withKnownVars(text: string, vars: Readonly<Record<string, VariableValue>>): string {
  return text.replace(/\bthe (?:chosen |selected |requested |desired |agreed |player's |customer's )?([a-z_]+)\b/gi, (whole, key: string) => {
    const value = Object.hasOwn(vars, key.toLowerCase()) ? vars[key.toLowerCase()] : undefined;
    return typeof value === "string" && value.trim() !== "" ? `the ${value}` : whole;
  });
}

/**
 * "what they are looking for" → "What are you looking for?"; "whether the customer takes it or leaves
 * it" → "Do you take it or leave it?"; null unless the clause is a question about the player, or one
 * whose wh-word is its own subject ("what business brings them…").
 */
function embeddedQuestion(clause: string, context: SpeechContext): string | null {
  const colon = clause.indexOf(":");
  const main = withKnownVars((colon < 0 ? clause : clause.slice(0, colon)).trim(), context.vars);
  const choices = colon < 0 ? "" : toSpeakerView(clause.slice(colon + 1).trim(), context.persona_names);
  if (choices === null || /[,;]/.test(main)) return null;
  const words = main.split(/\s+/);
  const wh = bare(words[0] ?? "");
  const yesNo = wh === "whether" || wh === "if";
  // The player as the clause's subject: "they", "the customer", "he or she".
  let subject: { start: number; end: number; singular: boolean } | null = null;
  for (let index = 1; index < Math.min(words.length, 6) && subject === null; index++) {
    const word = bare(words[index] as string);
    if (word === "they") subject = { start: index, end: index + 1, singular: false };
    else if (DETERMINERS.has(word) && PLAYER_NOUNS.has(bare(words[index + 1] ?? ""))) subject = { start: index, end: index + 2, singular: true };
    else if ((word === "he" || word === "she") && bare(words[index + 1] ?? "") === "or") subject = { start: index, end: index + 3, singular: true };
    else if (yesNo) break;
  }
  let question: string | null;
  if (subject === null) {
    // The wh-phrase is the subject: "who inside the walls will vouch for you"; not "what the weather is like".
    const second = bare(words[1] ?? "");
    if (yesNo || !["what", "which", "who", "whose", "how"].includes(wh) || DETERMINERS.has(second) || ["i", "it", "its", "my", "our", "we", "their", "your", "his", "her"].includes(second)) return null;
    question = toSpeakerView(main, context.persona_names);
  } else {
    const raw = bare(words[subject.end] ?? "");
    const verb = subject.singular ? baseForm(raw) : raw;
    const prefix = toSpeakerView(words.slice(yesNo ? 1 : 0, subject.start).join(" "), context.persona_names);
    const rest = toSpeakerView(words.slice(subject.end + 1).join(" "), context.persona_names);
    if (prefix === null || rest === null) return null;
    const participle = /(?:ed|en)$|^(?:been|got|had|made|found|lost|brought|seen|done|met|heard)$/.test(bare(rest.split(" ")[0] ?? ""));
    let head: string;
    if (AUXILIARIES.has(verb) || verb === "are" || verb === "were" || ((verb === "have" || verb === "had") && participle)) head = `${verb} you`;
    else if (baseOfPast(verb)) head = `did you ${baseOfPast(verb) as string}`;
    else if (/^[a-z]+$/.test(verb) && !/[^e]ed$/.test(verb)) head = `do you ${verb}`;
    else return null;
    question = [prefix, head, rest].filter(Boolean).join(" ");
  }
  if (question === null) return null;
  const text = question.replace(/\b(or|and) ([a-z]+s)\b(?=\s+(?:it|them|me|this|that|you)\b|$)/gi, (_whole, joiner: string, verb: string) => `${joiner} ${baseForm(verb)}`);
  return sentence(choices ? `${text}: ${choices}` : text, "?");
}

/** A clause: its verb, what follows, and the person spoken to where there is one. */
interface Clause {
  verb: string;
  /** Everything after the verb. */
  rest: string;
  /** `rest` without the person spoken to ("the player", "them", "the knight" before "what …"). */
  object: string;
  /** Whether a person spoken to was found, and whether it is surely the player (a player noun or pronoun), not just "the knight". */
  found_addressee: boolean;
  to_player: boolean;
  politely: boolean;
}

/** The person a clause speaks to, at the start of `rest`, and what follows it. */
function splitAddressee(rest: string): Pick<Clause, "object" | "found_addressee" | "to_player"> {
  const words = rest.split(/\s+/).filter(Boolean);
  const first = bare(words[0] ?? "");
  const after = (count: number, toPlayer: boolean) => ({ object: words.slice(count).join(" ").replace(/^(?:again|once more)\s+/i, ""), found_addressee: true, to_player: toPlayer });
  if (["them", "him", "her"].includes(first)) return after(1, true);
  if (DETERMINERS.has(first) && PLAYER_NOUNS.has(bare(words[1] ?? ""))) return after(2, true);
  // "the knight", "the crew member": one or two words, singular, before what the verb asks of them.
  for (const length of [2, 3]) {
    const noun = bare(words[length - 1] ?? "");
    if (first === "the" && /^[a-z-]+$/.test(noun) && !noun.endsWith("s") && AFTER_ADDRESSEE.has(bare(words[length] ?? ""))) return after(length, false);
  }
  return { object: rest, found_addressee: false, to_player: false };
}

/** A noun phrase that can follow "Tell me" or "I need": no clause hidden in it. */
function nounPhrase(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= 8 && !words.some((word) => ["that", "what", "which", "who", "whether", "if", "when", "because", "and", "but"].includes(bare(word)));
}

function spoken(text: string, context: SpeechContext): string | null {
  return toSpeakerView(withKnownVars(text, context.vars), context.persona_names);
}

/**
 * One shape a verb knows. `pattern` is tried on the clause's object; its group 1, if any, is reworded
 * for the player (`spoken`, or left as written with `raw`) and put in `say` at "{}" (a final "!" or
 * "?" is the end mark). `noun`: group 1 must be a plain noun phrase. `to_player`: only when the person
 * spoken to is surely the player. `order`: group 1 is an order to the person spoken to, so one that
 * names the player while that person may be someone else ("Tell the guard to seize the player") is
 * not said. When the first matching shape cannot be said, nothing is.
 */
interface Shape {
  pattern: RegExp;
  say: string | ((text: string, clause: Clause, context: SpeechContext) => string | null);
  noun?: boolean;
  raw?: boolean;
  to_player?: boolean;
  order?: boolean;
}

const PLAYER_POSSESSIVE = `(?:their|his or her|the (?:${[...PLAYER_NOUNS].join("|")})['’]s)`;
const THAT = (lead: string): Shape => ({ pattern: /^(?:to (?:the player|them) )?that (.+)$/i, say: `${lead}{}` });
const TO = (lead: string): Shape => ({ pattern: /^to (.+)$/i, say: `${lead}{}`, order: true });
const NOT_TO = (lead: string): Shape => ({ pattern: /^not to (.+)$/i, say: `${lead}{}`, order: true });
const ABOUT = (lead: string): Shape => ({ pattern: /^(?:about|of) (.+)$/i, say: `${lead}{}`, noun: true });
/** A wording of the voice's own, whatever follows (`pattern` says when). */
const ACT = (pattern: RegExp, act: keyof (typeof ACT_PHRASES)["plain"]): Shape => ({ pattern, say: (_text, _clause, context) => context.pick(ACT_PHRASES[context.voice.kind][act]) });
const NOTHING = /^$/;
const ANYTHING = /^.*$/;

function askFor(thing: string, _clause: Clause, context: SpeechContext): string {
  if (OFFERS.test(thing)) return sentence(`make me ${thing}`);
  if (TOLD.test(thing)) return sentence(`tell me ${thing}`);
  return sentence(HANDED_OVER.test(thing) ? context.pick([`hand over ${thing}`, `I need ${thing}`]) : `I need ${thing}`);
}

const ASK: Shape[] = [
  { pattern: /^((?:what|which|who|whom|whose|where|when|why|how|whether|if)\b.*)$/i, raw: true, say: (text, _clause, context) => embeddedQuestion(text, context) },
  { pattern: /^for (.+)$/i, noun: true, say: askFor },
  { pattern: new RegExp(`^${PLAYER_POSSESSIVE} (.+)$`, "i"), noun: true, say: "tell me your {}" },
  { pattern: /^to (.+)$/i, order: true, say: (text, _clause, context) => sentence(`${context.voice.kind === "warm" ? "please " : ""}${text}`) },
  ABOUT("tell me about "),
];

const TELL: Shape[] = [
  { pattern: /^((?:what|which|who|where|when|why|how)\b[^,;]*)$/i, say: (text, clause) => (clause.found_addressee ? sentence(`let me tell you ${text}`) : null) },
  THAT(""),
  NOT_TO("do not "),
  TO(""),
  ABOUT("let me tell you about "),
  // "Tell the customer they owe an apology": a statement about the player, said to them.
  { pattern: new RegExp(`^((?:they|the (?:${[...PLAYER_NOUNS].join("|")}))\\b.+)$`, "i"), say: (text, clause) => (clause.found_addressee ? sentence(text) : null) },
];

function thanks(context: SpeechContext): string {
  return context.voice.kind === "warm" ? "thank you" : "my thanks";
}

const WARN: Shape[] = [
  ACT(NOTHING, "warn"),
  { pattern: /^(?:about|of|against) (.+)$/i, noun: true, say: "beware of {}" },
  NOT_TO("do not {}!"),
  TO("you had better "),
  { pattern: /^that (.+)$/i, say: (text) => `Be warned: ${sentence(text).replace(/^\p{Lu}(?!\p{Lu}|\b)/u, (letter) => letter.toLowerCase())}` },
];

const DEMAND: Shape[] = [
  { pattern: /^(?:(?:on|upon|of) )?(?:(?:them|the player) )?to (.+)$/i, order: true, say: "{}!" },
  { pattern: /^that\b/i, say: () => null },
  {
    pattern: /^(?:(?:on|upon) )?(.+)$/i,
    noun: true,
    say: (thing, _clause, context) => sentence(context.pick(context.voice.kind === "stern" ? [`I need ${thing}`, `${thing}. Now`] : [`I need ${thing}`, `I'll have ${thing}`])),
  },
];

/** "Admit/let the traveler in (to the city)", "let the customer go", "allow the player to rest", "let the player stay the night". */
const LET_IN: Shape[] = [
  { pattern: /^(?:in|through|pass)?$/i, to_player: true, say: "you may pass" },
  { pattern: /^(?:go|leave)$/i, to_player: true, say: "go, then" },
  { pattern: /^(?:in |through )?under (.+)$/i, to_player: true, say: "you may enter under {}" },
  { pattern: /^(?:in\s+|enter\s+)?(?:into\s+|to\s+)?((?:the|this|our|my|your) .+)$/i, to_player: true, say: (text, clause) => (clause.verb === "admit" || /^(?:in|enter|into)\b/i.test(clause.object) ? sentence(`you may enter ${text}`) : null) },
  { pattern: /^that (.+)$/i, say: (text, clause) => (clause.verb === "admit" && !clause.found_addressee ? sentence(text) : null) },
  { pattern: /^(?:to )?((?!know|see|think|feel|down|off|out|up|away|slip|go|in|through)[a-z]+\b.*)$/i, to_player: true, say: (text, clause) => (/^to /i.test(clause.object) === (clause.verb === "allow") ? sentence(`you may ${text}`) : null) },
];

const SEND_AWAY: Shape[] = [
  { pattern: /^out\b\s*(.*)$/i, to_player: true, say: "get out {}!" },
  { pattern: /^home\b/i, to_player: true, say: "go home, {address}" },
  { pattern: /^back\b\s*(.*)$/i, to_player: true, say: (where) => sentence(`go back ${where || "the way you came"}`) },
  { pattern: /^(?:off|away)\b\s*(.*)$/i, to_player: true, say: "be on your way {}" },
];

/** "Name a price of 120 gold for the chosen item", "Make a final offer of 90 gold" (read from the clause's whole rest). */
function namePrice(clause: Clause, context: SpeechContext): string | null {
  let match: RegExpExecArray | null;
  if ((match = /^(?:a |an |the |my |your )?((?:final |last |first |opening |best |counter-)?)offer of ([^,;]+)$/i.exec(clause.rest))) {
    const amount = spoken(match[2] as string, context);
    return amount === null ? null : sentence(`my ${match[1] as string}offer: ${amount}`);
  }
  if ((match = /^(?:a |an |the |my |your )?(?:[a-z]+ )?price of ([^,;]+?)(?: for (.+))?$/i.exec(clause.rest))) {
    const amount = spoken(match[1] as string, context);
    const item = match[2] ? spoken(withKnownVars(match[2] as string, context.vars).replace(/^the (?:chosen|selected) /i, "this "), context) : "";
    return amount === null || item === null ? null : sentence(`my price is ${amount}${item ? ` for ${item}` : ""}`);
  }
  return null;
}

/** "Have the traveler jailed." → "You will be jailed."; "Relieve the player of duty." → "You are relieved of duty.". */
function passive(clause: Clause, context: SpeechContext): string | null {
  const have = clause.verb === "have" ? /^([a-z]+(?:ed|en|wn))\b\s*(.*)$/i.exec(clause.object) : null;
  if (!clause.to_player || (clause.verb === "have" && !have)) return null;
  const rest = spoken(have ? (have[2] as string) : clause.object, context);
  return rest === null ? null : sentence(have ? `you will be ${have[1] as string} ${rest}` : `you are ${PARTICIPLES.get(clause.verb) as string} ${rest}`);
}

/** The verbs this module speaks, each with the shapes it knows. */
const CLAUSES: Record<string, Shape[] | ((clause: Clause, context: SpeechContext) => string | null) | "greet" | "welcome"> = {
  greet: "greet", hail: "greet", salute: "greet", welcome: "welcome",
  ask: ASK, inquire: ASK, enquire: ASK, query: ASK, question: ASK, interrogate: ASK,
  tell: TELL, inform: TELL, instruct: TELL, order: TELL, command: TELL, advise: TELL,
  remind: [THAT("remember: "), NOT_TO("remember not to "), TO("remember to "), ABOUT("remember ")],
  warn: WARN,
  demand: DEMAND, request: DEMAND, require: DEMAND, insist: DEMAND,
  thank: [{ pattern: NOTHING, say: (_text, _clause, context) => sentence(`${thanks(context)}, {address}`) }, { pattern: /^(?:for|on) (.+)$/i, noun: true, say: (text, _clause, context) => sentence(`${thanks(context)} for ${text}`) }],
  congratulate: [{ pattern: NOTHING, say: "congratulations, {address}" }, { pattern: /^(?:on|for) (.+)$/i, noun: true, say: "congratulations on {}, {address}" }],
  apologize: [{ pattern: NOTHING, say: "my apologies, {address}" }, { pattern: /^for (.+)$/i, noun: true, say: "my apologies for {}" }],
  praise: [ACT(ANYTHING, "praise")],
  explain: [THAT(""), { pattern: /^([^,;]+)$/, say: (text, clause) => (clause.object.split(/\s+/).length > 10 ? null : sentence(`let me explain ${text}`)) }],
  describe: [{ pattern: /^([^,;]+)$/, say: (text, clause) => sentence(nounPhrase(clause.object) ? `let me tell you about ${text}` : `let me describe ${text}`) }],
  show: [
    { pattern: /^(?:out|the door)\b/i, to_player: true, say: "the door is that way, {address}" },
    THAT(""),
    { pattern: /^((?:the|a|an|my|your|their|this|these|some)\b.+?)(?: to (?:the player|them))?$/i, noun: true, say: "take a look at {}" },
  ],
  offer: [TO("I can "), { pattern: /^(.+)$/, noun: true, say: "I can offer you {}" }],
  refuse: [TO("I won't "), { pattern: ANYTHING, say: (_text, clause, context) => context.pick(ACT_PHRASES[context.voice.kind][clause.politely ? "refuse_politely" : "refuse"]) }],
  deny: [ACT(NOTHING, "refuse"), { pattern: /^the ([a-z-]+(?: [a-z-]+)?)$/i, say: "your {} is denied" }],
  accept: [ACT(/^(?:to\b.*)?$/i, "agree"), { pattern: /^the ([a-z-]+(?: [a-z-]+)?)$/i, say: "I accept your {}" }],
  admit: LET_IN, allow: LET_IN, let: LET_IN,
  throw: SEND_AWAY, kick: SEND_AWAY, chase: SEND_AWAY, send: SEND_AWAY, turn: SEND_AWAY, drive: SEND_AWAY,
  hand: [{ pattern: /^(?:over\s+)?((?:the|a|an|my|your|their|this)\b.+?)(?:\s+(?:over )?to (?:the player|them))?$/i, noun: true, say: "here, take {}" }],
  name: namePrice, set: namePrice, make: namePrice, bid: namePrice,
  say: [THAT("")], mention: [THAT("")], hint: [THAT("")], note: [THAT("")], remark: [THAT("")], claim: [THAT("")], announce: [THAT("")],
  declare: [THAT("")], confirm: [THAT("")], acknowledge: [THAT("")], reply: [THAT("")], answer: [THAT("")], suggest: [THAT("")],
  convince: [THAT(""), TO("you should ")], persuade: [THAT(""), TO("you should ")],
  encourage: [TO("go on, ")], urge: [TO("go on, ")], beg: [TO("please, I beg you, ")], plead: [TO("please, I beg you, ")],
  invite: [{ pattern: /^to ((?:the|a|an|my|your|our)\b.+)$/i, say: "you are invited to {}" }, TO("you are welcome to ")],
  close: [{ pattern: /^((?:the|this|our) (?:sale|deal|bargain|trade|transaction|conversation|matter|business|talk|interview|negotiation))$/i, say: (text, clause) => sentence(`consider ${text.toLowerCase()} ${clause.verb === "seal" ? "sealed" : clause.verb === "close" ? "closed" : "done"}`) }],
  have: passive, ...Object.fromEntries([...PARTICIPLES.keys()].map((verb) => [verb, passive])),
};
// Verbs spoken like another: "caution" as "warn", "decline" as "refuse".
const SYNONYMS = { caution: "warn", apologise: "apologize", commend: "praise", compliment: "praise", present: "show", reveal: "show", display: "show", decline: "refuse", reject: "refuse", agree: "accept", pass: "hand", quote: "name", seal: "close", conclude: "close", finish: "close", end: "close" };
for (const [synonym, verb] of Object.entries(SYNONYMS)) CLAUSES[synonym] = CLAUSES[verb] as Shape[];

/** What `shapes` say for a clause: the first shape whose pattern matches decides. */
function sayShapes(shapes: readonly Shape[], clause: Clause, context: SpeechContext): string | null {
  for (const shape of shapes) {
    const match = shape.pattern.exec(clause.object);
    if (!match) continue;
    const group = match[1] ?? "";
    if ((shape.to_player && !clause.to_player) || (shape.noun && !nounPhrase(group))) return null;
    const text = shape.raw ? group : spoken(group, context);
    if (text === null || (shape.order && clause.found_addressee && !clause.to_player && /\byou\b/i.test(text))) return null;
    if (typeof shape.say === "function") return shape.say(text, clause, context);
    const mark = /[!?]$/.test(shape.say) ? (shape.say.slice(-1) as "!" | "?") : ".";
    return sentence(shape.say.replace(/[!?]$/, "").replace("{}", text), mark);
  }
  return null;
}

/** The verb a clause starts with, in its base form ("asks" → "ask"), when this module knows it. */
function knownVerb(word: string): string | null {
  const lower = bare(word);
  if (Object.hasOwn(CLAUSES, lower)) return lower;
  const base = baseForm(lower).toLowerCase();
  return Object.hasOwn(CLAUSES, base) ? base : null;
}

/** `Say "Halt! Who goes there?"`: the quoted words are the reply. */
const QUOTED_SPEECH = /^(?:say|says|shout|shouts|whisper|whispers|mutter|mutters|reply|replies|answer|answers|exclaim|exclaims|announce|announces|declare|declares|remark|remarks|call out|calls out)\b[^"“]*["“]([^"”]+)["”]/i;

function speakClause(raw: string, context: SpeechContext): Speech | null {
  const quoted = QUOTED_SPEECH.exec(raw.trim());
  if (quoted) {
    const words = (quoted[1] as string).trim();
    return { text: sentence(words, /[!?]$/.test(words) ? (words.slice(-1) as "!" | "?") : "."), greets: false };
  }
  const politely = /\b(?:politely|courteously|respectfully|gently|kindly)\b/i.test(raw);
  const text = raw.replace(MANNER, "").replace(/\s{2,}/g, " ").replace(/\s+([,.!?;:])/g, "$1").trim().replace(/[,;]$/, "");
  const [verbWord = "", ...restWords] = text.split(/\s+/);
  const verb = knownVerb(verbWord);
  if (verb === null) return null;
  // "Ask the player again for…": "again" after the verb or the person is manner; "try again" keeps it.
  const rest = restWords.join(" ").replace(/^(?:again|once more)\s+/i, "");
  const clause: Clause = { verb, rest, politely, ...splitAddressee(rest) };
  const handler = CLAUSES[verb];
  if (handler === "greet") return { text: "{greeting}", greets: true };
  if (handler === "welcome") {
    const place = /^(?:to|into) ([^,;]+)$/i.exec(clause.object);
    const where = place ? spoken(place[1] as string, context) : null;
    return { text: where ? sentence(`welcome to ${where}, {address}`) : "{greeting}", greets: true };
  }
  const said = typeof handler === "function" ? handler(clause, context) : sayShapes(handler as Shape[], clause, context);
  return said ? { text: said, greets: false } : null;
}

/**
 * "Greet the player and ask what they need" → its two clauses. A clause ends at "and", "then" or a
 * comma before a verb `CLAUSES` knows ("and ask…", ", then ask…"), and at "but": what follows "but"
 * ("but never name the price") is a restriction, not something to say.
 */
function clausesOf(text: string): string[] {
  const words = text.split(/\s+/);
  const clauses: string[][] = [[]];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    const current = clauses[clauses.length - 1] as string[];
    const joiner = /^(?:and|then|but),?$/i.test(word);
    let next = index + 1;
    if (/^then$/i.test(words[next] ?? "")) next += 1;
    if (current.length > 0 && joiner && (/^but/i.test(word) || knownVerb(words[next] ?? "") !== null)) {
      clauses.push([]);
      index = next - 1;
      continue;
    }
    const comma = /[,;]$/.test(word);
    const endsClause = comma && (knownVerb(words[next] ?? "") !== null || /^(?:and|then|but)$/i.test(words[index + 1] ?? ""));
    current.push(endsClause ? word.slice(0, -1) : word);
    if (endsClause) clauses.push([]);
  }
  return clauses.map((clause) => clause.join(" ").replace(/^(?:then|and|but)\s+/i, "").trim()).filter(Boolean);
}

/** A sentence that only applies sometimes, or forbids: nothing in it is said ("If the player…", "Never…"). */
const UNSPOKEN_SENTENCE = /^(?:if|when|whenever|unless|once|until|after|before|while|as soon as|otherwise|in case|only|do not|don't|never|avoid|refrain|under no)\b/i;

/**
 * What the NPC says for an instruction, or `{text: ""}` when no part of it can be said with
 * confidence. Handles imperatives ("Refuse politely"), several clauses ("… and ask …"), the persona
 * or "you"/"the NPC" as subject ("Kael greets the customer and asks…", "The NPC should ask…"), and
 * questions ("What does the player want?" → "What do you want?").
 */
export function speakInstruction(instruction: string, context: SpeechContext): Speech {
  const text = instruction.replace(/\s+/g, " ").trim();
  const quoted = QUOTED_SPEECH.exec(text);
  if (quoted) return { text: (quoted[1] as string).trim(), greets: false };
  const names = context.persona_names.map(escapeRegex).join("|");
  const selfSubject = new RegExp(`^(you|the npc|the character|${names || "(?!)"}|the [a-z]+)\\s+(?:(?:should|must|will|can|needs? to|has to|have to)\\s+)?(?:(?:always|then|first|now|also|[a-z]+ly)\\s+)?(.+)$`, "i");
  const spokenParts: string[] = [];
  let greets = false;
  for (const raw of (text.match(/[^.!?]+[.!?]*/g) ?? []).slice(0, 4)) {
    let body = raw.trim();
    if (/\?$/.test(body)) {
      const question = /^(?:what|which|who|where|when|why|how|do|does|did|is|are|will|can|could|would)\b/i.test(body) ? toSpeakerView(body.replace(/\?+$/, ""), context.persona_names) : null;
      if (question !== null) spokenParts.push(sentence(question, "?"));
      continue;
    }
    body = body.replace(/[.!]+$/, "").replace(/^(?:please|first|then|finally|next|now|also),?\s+/i, "");
    if (UNSPOKEN_SENTENCE.test(body)) continue;
    const self = selfSubject.exec(body);
    if (self) {
      // "The NPC should ask…", "Kael asks…": the NPC's own acts. "The gate closes at dusk", "You are a librarian": not said.
      const subject = bare((self[1] as string).split(/\s+/).at(-1) as string);
      if (PLAYER_NOUNS.has(subject) || knownVerb((self[2] as string).split(/\s+/)[0] ?? "") === null) continue;
      body = self[2] as string;
      if (UNSPOKEN_SENTENCE.test(body)) continue;
    }
    for (const clause of clausesOf(body)) {
      const speech = speakClause(clause, context);
      if (speech) {
        spokenParts.push(speech.text);
        greets ||= speech.greets;
      }
    }
  }
  return { text: spokenParts.filter(Boolean).join(" "), greets };
}

const ACT_GREETING = "Well met, {address}.";

/**
 * `speakInstruction` in a plain voice, taking the first wording wherever there is a choice, with the
 * player addressed as `address`: for callers with no persona at hand. "" when nothing can be said.
 */
export function instructionToSpeech(instruction: string, address = "traveller"): string {
  const speech = speakInstruction(instruction, {
    voice: { kind: "plain", warm_address: null, cold_address: null },
    persona_names: [],
    vars: {},
    pick: (options) => options[0] as string,
  });
  return speech.text.replace("{greeting}", ACT_GREETING).split("{address}").join(address);
}
