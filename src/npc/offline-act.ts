/**
 * What a `pass` transition asks the player to do, and whether a message does it — the offline
 * judge's stand-in for a model reading "The player pays the fare". Being on topic is not enough:
 * "I have no money", "Take me across for free", "I'll pay you later" and "Could you take me
 * across?" are all about the fare, and none of them pays it.
 *
 * The act is read from the first text that names one, in this order:
 * 1. the transition's own `label` and `description` ("pays the fare", "agrees to join");
 * 2. the machine's `creator_win_condition`, when the transition ends the machine;
 * 3. the state's `prompt_instruction`, worded from the NPC's side: asking for something handed
 *    over ("Ask the traveller for the fare") asks the player to give it; a commitment cue
 *    ("Convince the player to join") to commit; anything else to answer.
 *
 * Acts, and what doing one takes (any message that only greets, or only asks questions, does none
 * but `greet` or `ask`):
 * - `transfer` (pay, give, show, hand over): a message that hands it over now ("here is", "take
 *   this", "I pay", "*hands over*"), or names only what is asked for ("One silver coin."); not one
 *   that denies having it ("no money"), asks for it free, puts it off ("later"), or offers
 *   something else (copper where silver is asked, a flower for the fare);
 * - `commit`: agreement ("yes", "count me in", "I'll join");
 * - `greet`, `thank`, `apologize`: a greeting, thanks, an apology that is not denied ("not sorry");
 * - `ask`: a question about what the state is about;
 * - `answer`: a statement on the state's topic, or the kind of answer its instruction asks for.
 *
 * All word lists are data in `offline-lexicon.ts`; nothing here knows any one persona.
 */
import type { Machine, State, Transition } from "./definition.ts";
import {
  ACT_VERBS,
  ADDRESS_WORDS,
  APOLOGY_PHRASES,
  COMMITMENT_CUES,
  CONTRAST_SETS,
  DEFERRAL_PHRASES,
  DENIALS,
  FIRST_PERSON_LINKS,
  FREE_SERVICE_PHRASES,
  GIVING_GESTURES,
  GIVING_PHRASES,
  GREETING_WORDS,
  HANDED_OVER,
  QUESTION_OPENERS,
  RELATED_WORDS,
  REQUEST_VERBS,
  STOPWORDS,
  THANKS_PHRASES,
} from "./offline-lexicon.ts";
import { findStem, MAX_MESSAGE_CHARS_READ, MAX_TEXT_CHARS_READ, stemOf, withRelatedWords, type MessageReading, type StemIndex, type Topic } from "./offline-reading.ts";
import { containsPhrase, leadingText, mentions, readText, tokenize, type ReadText } from "./text.ts";

export type ActKind = "transfer" | "commit" | "greet" | "ask" | "apologize" | "thank" | "answer";

export interface RequiredAct {
  kind: ActKind;
  /** The words that ask for it ("pays the fare"), quoted in decision reasons; "" for a plain answer. */
  phrase: string;
  /** What the act is about (the verb's objects), with related words: "fare" brings "coin". */
  objects: StemIndex;
  /** The object words as written, for contrasts ("silver" rules out "copper"). */
  named: ReadonlySet<string>;
}

/** Whether a message does the act, and if not, why (null when it simply has nothing to do with it). */
export interface ActVerdict {
  done: boolean;
  why: string | null;
}

const KIND_OF_VERB = new Map<string, Exclude<ActKind, "answer">>();
for (const [kind, verbs] of Object.entries(ACT_VERBS) as Array<[Exclude<ActKind, "answer">, readonly string[]]>) for (const verb of verbs) KIND_OF_VERB.set(verb, kind);
const TRANSFER_VERBS = new Set(ACT_VERBS.transfer);
const REQUESTING = new Set(REQUEST_VERBS);
const HANDED = new Set(HANDED_OVER.map(stemOf));
const PRICE_STEMS = new Set((RELATED_WORDS.find((group) => group.includes("price")) ?? []).map(stemOf));
const STOP = new Set(STOPWORDS);
const LINKS = new Set(FIRST_PERSON_LINKS);
const DENYING = new Set(DENIALS);
const GREETING = new Set(GREETING_WORDS);
const ADDRESS = new Set(ADDRESS_WORDS);
const OPENERS = new Set(QUESTION_OPENERS);
const GESTURES = new Set(GIVING_GESTURES);
/** A denial counts this many tokens ahead: "no money", "not paying", "can't really pay". */
const DENIAL_REACH = 3;

/** Object words after the act's verb: what is paid, joined, shown. */
function objectWords(tokens: readonly string[], from: number, excluded: ReadonlySet<string>): string[] {
  return tokens.slice(from).filter((token) => !STOP.has(token) && !excluded.has(token) && !KIND_OF_VERB.has(token));
}

function act(kind: ActKind, phrase: string, words: readonly string[]): RequiredAct {
  const named = new Set(words);
  return { kind, phrase, objects: withRelatedWords(new Set(words.map(stemOf))), named };
}

/** The act a player-side text names ("pays the fare"), or null. */
function actNamedIn(text: string, excluded: ReadonlySet<string>): RequiredAct | null {
  const tokens = tokenize(leadingText(text, MAX_TEXT_CHARS_READ));
  const index = tokens.findIndex((token) => KIND_OF_VERB.has(token));
  if (index < 0) return null;
  return act(KIND_OF_VERB.get(tokens[index] as string) as ActKind, tokens.slice(index, index + 6).join(" "), objectWords(tokens, index + 1, excluded));
}

/** The act an NPC's instruction asks of the player ("Ask the traveller for the fare" → transfer). */
function actAskedBy(instruction: string, excluded: ReadonlySet<string>): RequiredAct {
  const tokens = tokenize(leadingText(instruction, MAX_TEXT_CHARS_READ));
  const request = tokens.findIndex((token) => REQUESTING.has(token));
  if (request >= 0) {
    const words = objectWords(tokens, request + 1, excluded);
    if (words.some((word) => HANDED.has(stemOf(word)) || PRICE_STEMS.has(stemOf(word)))) return act("transfer", tokens.slice(request, request + 8).join(" "), words);
  }
  if (COMMITMENT_CUES.some((cue) => containsPhrase(tokens, cue))) return act("commit", "", []);
  if (tokens.some((token) => token.startsWith("apolog"))) return act("apologize", "", []);
  return act("answer", "", []);
}

/** What taking `transition` (a `pass`) asks the player to do. `ends`: the transition ends the machine. */
export function requiredAct(transition: Transition, machine: Machine, state: State, ends: boolean, excluded: ReadonlySet<string>): RequiredAct {
  const fromLabel = actNamedIn(transition.label ?? "", excluded);
  const fromDescription = actNamedIn(transition.description ?? "", excluded);
  const own = fromLabel ?? fromDescription;
  // "pays the fare" and "The player pays the silver coin": one act, about the fare and the silver coin.
  if (own && fromDescription && fromDescription !== own && fromDescription.kind === own.kind) {
    return act(own.kind, own.phrase, [...own.named, ...fromDescription.named]);
  }
  if (own) return own;
  const winning = ends ? actNamedIn(machine.creator_win_condition, excluded) : null;
  return winning ?? actAskedBy(state.prompt_instruction, excluded);
}

/** Each sentence asks (ends with "?" or opens like a question): the message asks and says nothing else. */
function onlyAsks(message: string): boolean {
  const sentences = message
    .split(/(?<=[.!?;])/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => tokenize(sentence).length > 0);
  return sentences.length > 0 && sentences.every((sentence) => sentence.endsWith("?") || OPENERS.has(tokenize(sentence)[0] as string));
}

/** Greetings and terms of address alone ("Good morning!", "Greetings, friend", "hello Oskar"). */
function onlyGreets(read: ReadText, excluded: ReadonlySet<string>): boolean {
  return read.tokens.some((token) => GREETING.has(token)) && read.tokens.every((token) => GREETING.has(token) || ADDRESS.has(token) || excluded.has(token));
}

function firstMentioned(read: ReadText, phrases: readonly string[]): string | null {
  return phrases.find((phrase) => mentions(read, phrase)) ?? null;
}

/** A denial just before one of the `at` tokens: "no money", "can't pay", "lost my papers". */
function denied(tokens: readonly string[], at: (token: string) => boolean): string | null {
  for (let index = 0; index < tokens.length; index++) {
    if (!at(tokens[index] as string)) continue;
    for (let back = Math.max(0, index - DENIAL_REACH); back < index; back++) if (DENYING.has(tokens[back] as string)) return tokens.slice(back, index + 1).join(" ");
  }
  return null;
}

/** "I pay", "I'll hand you", "I hereby give": the speaker's own transfer verb, or null. */
function ownTransfer(tokens: readonly string[]): string | null {
  for (let index = 0; index < tokens.length; index++) {
    if (tokens[index] !== "i") continue;
    let next = index + 1;
    while (next < tokens.length && LINKS.has(tokens[next] as string) && next - index <= 3) next++;
    if (TRANSFER_VERBS.has(tokens[next] as string)) return tokens.slice(index, next + 1).join(" ");
  }
  return null;
}

/** How the message hands something over now, or null. */
function handsOver(message: string, read: ReadText): string | null {
  const phrase = firstMentioned(read, GIVING_PHRASES);
  if (phrase) return phrase;
  const own = ownTransfer(read.tokens);
  if (own) return own;
  const first = read.tokens[0] ?? "";
  // Roleplay: an action between asterisks ("Fine. *hands over a coin*"), or told of oneself ("Hands him the writ").
  for (const [, action] of message.matchAll(/\*([^*]+)\*/g)) {
    if (tokenize(action as string).some((token) => TRANSFER_VERBS.has(token) || GESTURES.has(token))) return "an action";
  }
  if (GESTURES.has(first)) return first;
  return null;
}

/** The first message word of a contrast set whose asked-for word it is not: "copper" where "silver" is asked. */
function contrasting(read: ReadText, required: RequiredAct): { offered: string; asked: string } | null {
  for (const set of CONTRAST_SETS) {
    const asked = set.find((word) => required.named.has(word));
    if (asked === undefined) continue;
    const offered = read.tokens.filter((token) => set.includes(token));
    if (offered.length > 0 && !offered.includes(asked)) return { offered: offered[0] as string, asked };
  }
  return null;
}

function transferVerdict(message: string, read: ReadText, required: RequiredAct, excluded: ReadonlySet<string>): ActVerdict {
  const free = firstMentioned(read, FREE_SERVICE_PHRASES);
  if (free) return { done: false, why: `the message asks for it without giving anything ("${free}")` };
  const deferred = firstMentioned(read, DEFERRAL_PHRASES);
  if (deferred) return { done: false, why: `the message puts it off ("${deferred}")` };
  const isObject = (token: string) => findStem(required.objects, stemOf(token)) !== null;
  const denial = denied(read.tokens, (token) => TRANSFER_VERBS.has(token) || isObject(token));
  if (denial) return { done: false, why: `the message says it does not ("${denial}")` };
  const contrast = contrasting(read, required);
  if (contrast) return { done: false, why: `the message offers "${contrast.offered}" where "${contrast.asked}" is asked for` };
  const content = read.tokens.filter((token) => !STOP.has(token) && !excluded.has(token) && !ADDRESS.has(token));
  const named = content.filter(isObject);
  const giving = handsOver(message, read);
  if (giving) {
    // What it hands over: what is asked for, or nothing named ("Here you go"), never something else alone.
    const other = content.filter((token) => !isObject(token) && !TRANSFER_VERBS.has(token) && !GESTURES.has(token) && !tokenize(giving).includes(token));
    if (named.length === 0 && other.length > 0 && !ownTransfer(read.tokens)) return { done: false, why: `the message offers something else ("${other[0]}")` };
    return { done: true, why: `it hands it over ("${giving}"${named.length > 0 ? `, names "${named[0]}"` : ""})` };
  }
  // "One silver coin.": naming only what is asked for hands it over.
  if (named.length > 0 && named.length === content.length) return { done: true, why: `it names what is asked for ("${named.join(" ")}")` };
  return { done: false, why: `the message gives nothing ("${required.phrase}" is asked for)` };
}

/**
 * Whether `message` does what `required` asks. `reading` is the message's tone and topic as
 * `readMessage` found them; `excluded` the persona's name tokens.
 */
export function actVerdict(whole: string, reading: MessageReading, required: RequiredAct, topic: Topic, excluded: ReadonlySet<string>): ActVerdict {
  const message = leadingText(whole, MAX_MESSAGE_CHARS_READ);
  const read = readText(message);
  const nothingToCompare = topic.stems.exact.size === 0 && topic.kinds.size === 0;
  if (required.kind === "answer" && nothingToCompare) return { done: true, why: null };
  if (required.kind !== "greet" && required.kind !== "thank" && onlyGreets(read, excluded)) return { done: false, why: "the message only greets" };
  if (required.kind !== "ask" && onlyAsks(message)) return { done: false, why: "the message asks rather than answers" };
  switch (required.kind) {
    case "transfer":
      return transferVerdict(message, read, required, excluded);
    case "commit":
      return reading.tone === "agreeing" ? { done: true, why: `it agrees ("${reading.tone_evidence}")` } : { done: false, why: "the transition asks the player to commit and the message does not agree" };
    case "greet": {
      const greeting = read.tokens.find((token) => GREETING.has(token));
      return greeting ? { done: true, why: `it greets ("${greeting}")` } : { done: false, why: null };
    }
    case "thank": {
      const thanks = firstMentioned(read, THANKS_PHRASES);
      return thanks ? { done: true, why: `it thanks ("${thanks}")` } : { done: false, why: null };
    }
    case "apologize": {
      const apology = firstMentioned(read, APOLOGY_PHRASES);
      if (!apology) return { done: false, why: null };
      const denial = denied(read.tokens, (token) => tokenize(apology).includes(token));
      return denial ? { done: false, why: `the message takes it back ("${denial}")` } : { done: true, why: `it apologises ("${apology}")` };
    }
    case "ask":
      return reading.on_topic && (onlyAsks(message) || message.includes("?")) ? { done: true, why: "it asks about it" } : { done: false, why: null };
    case "answer":
      return reading.on_topic ? { done: true, why: null } : { done: false, why: null };
  }
}
