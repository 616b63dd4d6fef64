/**
 * How offline play reads a player's message when no condition decides: its tone (threatening, rude,
 * reluctant, agreeing or plain) and whether it is about what the state is about. Word lists live in
 * `offline-lexicon.ts`; everything matches whole tokens after folding (`tokenize`), never substrings,
 * so "skill" holds no "kill" and "Scunthorpe" no swear word.
 *
 * Pure and cheap: a few passes over the message's tokens per list.
 */
import type { Machine, PersonaDefinition, State } from "./definition.ts";
import {
  AFFIRMATIONS,
  COMMITMENT_CUES,
  INSULTS,
  LEADING_NEGATIVES,
  NEGATION_ENDS,
  NEGATION_WORDS,
  NEGATIVE_LOOKALIKES,
  NUMBER_WORDS,
  PROFANITY,
  QUESTION_KINDS,
  RELATED_WORDS,
  RELUCTANT_PHRASES,
  RUDE_PHRASES,
  SECOND_PERSON,
  SHORT_OUTBURST_TOKENS,
  STOPWORDS,
  THREAT_PHRASES,
  VIOLENCE_PARTICLES,
  VIOLENCE_VERBS,
} from "./offline-lexicon.ts";
import { containsPhrase, leadingText, mentions, readText, tokenize, type ReadText } from "./text.ts";

export type Tone = "threat" | "rude" | "reluctant" | "agreeing" | "plain";

/** What a state is about, as words to compare a message with. */
export interface Topic {
  /** Stems of the content words of the state, its machine and its transitions, related words included. */
  stems: StemIndex;
  /** The kinds of answer the state's instruction asks for (`QUESTION_KINDS`): "name", "number", … */
  kinds: ReadonlySet<string>;
  /** The instruction asks the player to commit (join, swear, say whether they are ready). */
  asks_commitment: boolean;
  /** Persona-name tokens: never evidence of anything. */
  excluded: ReadonlySet<string>;
}

export interface MessageReading {
  tone: Tone;
  /** The words that set the tone ("burn your", "idiot"), or null for a plain message. */
  tone_evidence: string | null;
  on_topic: boolean;
  /** Why it is on topic: a shared word, or the kind of answer it gives. */
  topic_evidence: string | null;
}

const STOP = new Set(STOPWORDS);
const VIOLENT = new Set(VIOLENCE_VERBS);
const SWEARING = new Set(PROFANITY);
const INSULTING = new Set(INSULTS);
const SECOND_PERSON_SET = new Set(SECOND_PERSON);
const PARTICLES = new Set(VIOLENCE_PARTICLES);
const NUMBERS = new Set(NUMBER_WORDS);
/**
 * How much of each text a reading looks at: the start of a message, of each of a state's texts, and
 * of at most `MAX_WAYS_READ` transitions. A turn's reading thus costs the same for a definition at
 * the save caps as for a small one; what matters in a text is said early.
 */
export const MAX_MESSAGE_CHARS_READ = 4000;
export const MAX_TEXT_CHARS_READ = 1000;
export const MAX_WAYS_READ = 50;

/** Stems shorter than this only ever match exactly: "art" is not "artist", "pray" is "prayer". */
const MIN_PREFIX_STEM = 4;

/** A crude stem, so that "praying", "prays", "prayed" and "pray" meet; it only has to agree with itself. */
export function stemOf(token: string): string {
  let stem = token;
  if (stem.length > 5 && stem.endsWith("ing")) stem = stem.slice(0, -3);
  else if (stem.length > 4 && stem.endsWith("ies")) stem = `${stem.slice(0, -3)}y`;
  else if (stem.length > 4 && stem.endsWith("ied")) stem = `${stem.slice(0, -3)}y`;
  else if (stem.length > 4 && stem.endsWith("ed")) stem = stem.slice(0, -2);
  else if (stem.length > 4 && /(?:ches|shes|sses|xes|zes)$/.test(stem)) stem = stem.slice(0, -2);
  else if (stem.length > 3 && stem.endsWith("s") && !/(?:ss|us|is)$/.test(stem)) stem = stem.slice(0, -1);
  if (stem.length > 4 && stem.endsWith("e")) stem = stem.slice(0, -1);
  return stem;
}

/**
 * A set of stems that answers "is there one the same as this?" in time independent of its size:
 * the same stem, one that is a prefix of it, or one it is a prefix of (the shorter at least
 * `MIN_PREFIX_STEM` long), so a long machine description does not slow every turn.
 */
export interface StemIndex {
  exact: ReadonlySet<string>;
  sorted: readonly string[];
}

export function stemIndex(stems: Iterable<string>): StemIndex {
  const exact = new Set(stems);
  return { exact, sorted: [...exact].sort() };
}

/** The indexed stem that `stem` matches, or null. */
export function findStem(index: StemIndex, stem: string): string | null {
  if (index.exact.has(stem)) return stem;
  if (stem.length < MIN_PREFIX_STEM) return null;
  for (let length = MIN_PREFIX_STEM; length < stem.length; length++) if (index.exact.has(stem.slice(0, length))) return stem.slice(0, length);
  let low = 0;
  let high = index.sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((index.sorted[middle] as string) < stem) low = middle + 1;
    else high = middle;
  }
  const candidate = index.sorted[low];
  return candidate !== undefined && candidate.startsWith(stem) ? candidate : null;
}

/** Stems of the words of `text` that can tell a topic: no stopwords, no persona names. */
export function contentStems(text: string, excluded: ReadonlySet<string> = new Set()): Set<string> {
  const stems = new Set<string>();
  for (const token of tokenize(text)) {
    const stem = stemOf(token);
    if (!STOP.has(token) && !STOP.has(stem) && !excluded.has(token)) stems.add(stem);
  }
  return stems;
}

const RELATED_STEMS = RELATED_WORDS.map((group) => group.map(stemOf));

/** `stems` with every word related to one of them (`RELATED_WORDS`: "greet" brings "hello"), indexed. */
export function withRelatedWords(stems: Set<string>): StemIndex {
  const given = stemIndex(stems);
  for (const group of RELATED_STEMS) if (group.some((stem) => findStem(given, stem) !== null)) for (const stem of group) stems.add(stem);
  return stemIndex(stems);
}

/** The topic of a state: its instruction and label, the machine's purpose, its ways out. */
export function topicOf(definition: Pick<PersonaDefinition, "name">, machine: Machine, state: State): Topic {
  const excluded = new Set(tokenize(definition.name));
  const labels = new Map(machine.states.map((candidate) => [candidate.state_key, candidate.label]));
  const ways = machine.transitions.filter((transition) => transition.from_state_key === state.state_key).slice(0, MAX_WAYS_READ);
  const destinations = ways.map((transition) => labels.get(transition.to_state_key) ?? "");
  const texts = [
    state.prompt_instruction,
    state.label,
    machine.name,
    machine.description,
    machine.creator_objective,
    machine.creator_win_condition,
    ...ways.flatMap((transition) => [transition.label ?? "", transition.description ?? ""]),
    ...destinations,
  ];
  const stems = withRelatedWords(contentStems(texts.map((text) => leadingText(text, MAX_TEXT_CHARS_READ)).join(" . "), excluded));
  const instruction = tokenize(leadingText(state.prompt_instruction, MAX_TEXT_CHARS_READ));
  const kinds = new Set(QUESTION_KINDS.filter((kind) => kind.cues.some((cue) => containsPhrase(instruction, cue))).map((kind) => kind.kind));
  const asksCommitment = COMMITMENT_CUES.some((cue) => containsPhrase(instruction, cue));
  return { stems, kinds, asks_commitment: asksCommitment, excluded };
}

function firstPhrase(message: ReadText, phrases: readonly string[]): string | null {
  return phrases.find((phrase) => mentions(message, phrase)) ?? null;
}

/** "burn your stall", "slay you": a violent verb aimed at the one spoken to. */
function aimedViolence(tokens: readonly string[], topic: Topic): string | null {
  for (let index = 0; index < tokens.length; index++) {
    const verb = tokens[index] as string;
    if (!VIOLENT.has(verb) || findStem(topic.stems, stemOf(verb)) !== null) continue;
    for (let next = index + 1; next < Math.min(tokens.length, index + 3); next++) {
      const word = tokens[next] as string;
      if (SECOND_PERSON_SET.has(word)) return tokens.slice(index, next + 1).join(" ");
      if (!PARTICLES.has(word)) break;
    }
  }
  return null;
}

/**
 * An insult aimed at the one spoken to, unless the state is about that word: in a sentence that says
 * "you" ("Here is your fare, you crook"), or in a short outburst ("I need to cross. Liar!").
 */
function directedInsult(message: string, topic: Topic): string | null {
  for (const sentence of message.split(/[.!?;]+/)) {
    const tokens = tokenize(sentence);
    const aimed = tokens.length <= SHORT_OUTBURST_TOKENS || tokens.some((token) => SECOND_PERSON_SET.has(token));
    const insult = aimed ? tokens.find((token) => INSULTING.has(token) && findStem(topic.stems, stemOf(token)) === null) : undefined;
    if (insult) return insult;
  }
  return null;
}

function toneOf(message: string, read: ReadText, topic: Topic): { tone: Tone; evidence: string | null } {
  const tokens = read.tokens;
  const threat = firstPhrase(read, THREAT_PHRASES) ?? aimedViolence(tokens, topic);
  if (threat) return { tone: "threat", evidence: threat };
  const rude = firstPhrase(read, RUDE_PHRASES) ?? tokens.find((token) => SWEARING.has(token)) ?? directedInsult(message, topic);
  if (rude) return { tone: "rude", evidence: rude };
  const leading = LEADING_NEGATIVES.includes(tokens[0] ?? "") && firstPhrase(readText(tokens.slice(0, 2).join(" ")), NEGATIVE_LOOKALIKES) === null ? (tokens[0] as string) : null;
  const reluctant = leading ?? firstPhrase(read, RELUCTANT_PHRASES);
  if (reluctant) return { tone: "reluctant", evidence: reluctant };
  const agreeing = firstPhrase(read, AFFIRMATIONS);
  if (agreeing) return { tone: "agreeing", evidence: agreeing };
  return { tone: "plain", evidence: null };
}

/** The kind of answer the message gives to what the state asks, or null. */
function answerKind(read: ReadText, topic: Topic): string | null {
  for (const kind of QUESTION_KINDS) {
    if (!topic.kinds.has(kind.kind)) continue;
    if (kind.kind === "number" && read.tokens.some((token) => /^\d/.test(token) || NUMBERS.has(token))) return kind.kind;
    if (firstPhrase(read, kind.answers)) return kind.kind;
  }
  return null;
}

/** Reads a player's message against a state's topic. */
export function readMessage(whole: string, topic: Topic): MessageReading {
  const message = leadingText(whole, MAX_MESSAGE_CHARS_READ);
  const read = readText(message);
  const { tone, evidence } = toneOf(message, read, topic);
  if (topic.stems.exact.size === 0 && topic.kinds.size === 0) return { tone, tone_evidence: evidence, on_topic: true, topic_evidence: "the state gives nothing to compare with" };
  for (const stem of contentStems(message, topic.excluded)) {
    const shared = findStem(topic.stems, stem);
    if (shared !== null) return { tone, tone_evidence: evidence, on_topic: true, topic_evidence: `mentions "${stem}"` };
  }
  const kind = answerKind(read, topic);
  if (kind) return { tone, tone_evidence: evidence, on_topic: true, topic_evidence: `answers the ${kind} asked for` };
  if (topic.asks_commitment && tone === "agreeing") return { tone, tone_evidence: evidence, on_topic: true, topic_evidence: `agrees ("${evidence}")` };
  return { tone, tone_evidence: evidence, on_topic: false, topic_evidence: null };
}

/** The text split into what it is about and what it says is absent ("without a greeting"). */
function affirmedAndNegated(text: string, excluded: ReadonlySet<string>): { affirmed: string; negated: string } {
  const affirmed: string[] = [];
  const negated: string[] = [];
  let negating = false;
  for (const token of tokenize(text)) {
    if (NEGATION_WORDS.includes(token)) negating = true;
    else if (NEGATION_ENDS.includes(token)) negating = false;
    else if (!excluded.has(token)) (negating ? negated : affirmed).push(token);
  }
  return { affirmed: affirmed.join(" "), negated: negated.join(" ") };
}

/** Message words found in `text` (a word it says is absent counts against), and how many content words `text` has. */
function sharedCount(messageStems: ReadonlySet<string>, text: string, excluded: ReadonlySet<string>): { shared: number; size: number } {
  const parts = affirmedAndNegated(text, excluded);
  const own = contentStems(parts.affirmed, excluded);
  const target = withRelatedWords(new Set(own));
  const absent = stemIndex(contentStems(parts.negated, excluded));
  let shared = 0;
  for (const stem of messageStems) {
    if (findStem(absent, stem) !== null) shared--;
    else if (findStem(target, stem) !== null) shared++;
  }
  return { shared, size: own.size };
}

/**
 * How much the message is about one way forward, to choose among several passes: words shared with
 * the transition's label and description count double, words shared with where it leads once, and
 * the share of the label covered breaks ties, so "Greetings" picks "greets Kael" over "greets Kael
 * and names an item".
 */
export function affinity(message: string, label: string, destination: string, excluded: ReadonlySet<string>): number {
  const words = contentStems(leadingText(message, MAX_MESSAGE_CHARS_READ), excluded);
  const own = sharedCount(words, leadingText(label, MAX_TEXT_CHARS_READ), excluded);
  const there = sharedCount(words, leadingText(destination, MAX_TEXT_CHARS_READ), excluded);
  return 2 * own.shared + there.shared + (own.size > 0 ? Math.max(0, Math.min(own.shared, own.size)) / own.size : 0);
}
