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

/** How instructions name the player. "character" is not one: "stay in character" is about the NPC. */
const PLAYER_NOUNS = new Set([
  "player", "traveler", "traveller", "stranger", "visitor", "customer", "user", "newcomer", "recruit", "guest", "buyer",
  "adventurer", "patron", "client", "petitioner", "applicant", "suspect", "hero", "outsider", "pilgrim",
]);
const DETERMINERS = new Set(["the", "this", "that", "a", "an"]);
/** Words before a plural noun: "the guards … they" may mean the guards, so such a "they" is not read. */
const PLURAL_MARKERS = new Set(["the", "these", "those", "some", "many", "all", "several", "few", "my", "your", "their", "his", "her", "its", "our", "two", "three", "four", "five"]);
/** After these, "you" starts a clause and is its subject ("that you are…" → "that I am…"); elsewhere it is an object ("follow you" → "follow me"). */
const SUBJECT_OPENERS = new Set(["that", "and", "but", "or", "while", "when", "if", "because", "as", "until", "before", "after", "so", "what", "where", "whether", "unless", "since", "then", "how", "why", "which", "who", "once"]);
const AUXILIARIES = new Set(["are", "were", "will", "would", "can", "could", "should", "shall", "may", "might", "must", "do", "did"]);
/** Words that may follow a person being spoken to: "Ask the knight what …", "Tell the hero that …". */
const AFTER_ADDRESSEE = new Set(["what", "which", "who", "whom", "whose", "where", "when", "why", "how", "whether", "if", "for", "about", "to", "that", "not", "their"]);
const MANNER =
  /\b(?:warmly|politely|firmly|coldly|gently|gruffly|briefly|dryly|drily|sternly|kindly|curtly|angrily|cheerfully|sarcastically|bluntly|softly|quietly|loudly|suspiciously|respectfully|courteously|calmly|flatly|nervously|eagerly|grudgingly|sharply|plainly|clearly|simply|immediately|at once|by name)\b|\b(?:with|in) (?:a|an) (?:[a-z-]+ ){0,2}(?:remark|smile|nod|word|joke|sigh|shrug|grin|tone|voice|look|glare|laugh|scowl|frown|wink|manner|way)\b/gi;
const IRREGULAR_PAST: Record<string, string> = {
  saw: "see", came: "come", went: "go", did: "do", heard: "hear", found: "find", lost: "lose", got: "get", made: "make", took: "take",
  brought: "bring", met: "meet", left: "leave", thought: "think", knew: "know", said: "say", paid: "pay", bought: "buy", sold: "sell",
  spent: "spend", gave: "give", told: "tell", felt: "feel", kept: "keep", ran: "run", wrote: "write", stole: "steal", hid: "hide",
  chose: "choose", swore: "swear", understood: "understand", forgot: "forget", began: "begin", broke: "break", fought: "fight", flew: "fly",
};
const PARTICIPLES: Record<string, string> = {
  dismiss: "dismissed", relieve: "relieved", bar: "barred", ban: "banned", banish: "banished", release: "released", excuse: "excused",
  pardon: "pardoned", forgive: "forgiven", arrest: "under arrest", jail: "jailed", imprison: "imprisoned", detain: "detained", expel: "expelled",
  exile: "exiled", hire: "hired", promote: "promoted", free: "free to go",
};
/** What "ask for X" asks for: information is told, tokens and money are handed over, offers are made. */
const TOLD = /\b(?:name|password|answer|reason|story|opinion|quest|news|address|age|purpose|business|plan|secret|truth|code|details?|location|destination|report|explanation|excuse|origin)\b/i;
const HANDED_OVER = /\b(?:papers|writ|pass|permit|documents?|proof|seal|token|badge|credentials|ticket|coins?|gold|payment|money|fee|toll|weapons?|sword|blade|key|deposit|tribute|fare)\b/i;
const OFFERS = /\b(?:offer|counter-offer|counteroffer|bid)\b/i;

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
  const irregular: Record<string, string> = { is: "are", was: "were", has: "have", does: "do" };
  if (irregular[lower]) return irregular[lower] as string;
  if (/(?:ss|us|is)$/.test(lower) || !lower.endsWith("s")) return verb;
  if (lower.endsWith("ies")) return `${verb.slice(0, -3)}y`;
  if (/(?:ches|shes|sses|xes|zes|oes)$/.test(lower)) return verb.slice(0, -2);
  return verb.slice(0, -1);
}

/** The base form of a past tense, or null when it cannot be told safely ("noticed" stays unknown). */
function baseOfPast(verb: string): string | null {
  if (IRREGULAR_PAST[verb]) return IRREGULAR_PAST[verb] as string;
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
  let agree = false;
  let npcSubject = false;
  const pluralBefore = (index: number) =>
    words.slice(0, index).some((word, position) => {
      const lower = bare(word);
      return lower.length > 3 && lower.endsWith("s") && !/(?:ss|us|is|'s)$/.test(lower) && PLURAL_MARKERS.has(bare(words[position - 1] ?? ""));
    });
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    const lower = bare(word);
    const [lead = "", trail = ""] = [/^[^A-Za-z0-9'’]*/.exec(word)?.[0], /[^A-Za-z0-9'’]*$/.exec(word)?.[0]];
    const core = word.slice(lead.length, word.length - trail.length);
    const emit = (replacement: string) => out.push(`${lead}${/^\p{Lu}/u.test(core) ? capitalize(replacement) : replacement}${trail}`);
    const nextBare = bare(words[index + 1] ?? "");
    if (agree || npcSubject) {
      const wasAgree = agree;
      agree = npcSubject = false;
      if (wasAgree && /^[a-z]+$/.test(lower) && (lower.endsWith("s") || lower === "is" || lower === "was")) {
        emit(baseForm(lower));
        continue;
      }
      if (!wasAgree && (lower === "are" || lower === "were")) {
        emit(lower === "are" ? "am" : "was");
        continue;
      }
    }
    const npc: Record<string, string> = { "you're": "I'm", "you've": "I've", "you'll": "I'll", "you'd": "I'd", your: "my", yours: "mine", yourself: "myself" };
    const player: Record<string, string> = { they: "you", them: "you", their: "your", theirs: "yours", themselves: "yourself", themself: "yourself", "they're": "you're", "they've": "you've", "they'll": "you'll", "they'd": "you'd" };
    if (lower === "you") {
      const subject = index === 0 || SUBJECT_OPENERS.has(bare(words[index - 1] as string)) || /[,;:]$/.test(words[index - 1] as string);
      npcSubject = subject;
      out.push(`${lead}${subject ? "I" : core === "You" ? "Me" : "me"}${trail}`);
    } else if (npc[lower]) {
      out.push(`${lead}${npc[lower] === "my" || npc[lower] === "mine" || npc[lower] === "myself" ? (/^\p{Lu}/u.test(core) ? capitalize(npc[lower]) : npc[lower]) : npc[lower]}${trail}`);
    } else if (DETERMINERS.has(lower) && PLAYER_NOUNS.has(nextBare.replace(/'s$/, ""))) {
      const next = words[index + 1] as string;
      const possessive = nextBare.endsWith("'s");
      const nextTrail = /[^A-Za-z0-9'’]*$/.exec(next)?.[0] ?? "";
      out.push(`${lead}${/^\p{Lu}/u.test(core) ? capitalize(possessive ? "your" : "you") : possessive ? "your" : "you"}${nextTrail}`);
      agree = !possessive && nextTrail === "";
      index += 1;
      // "does the player want" → "do you want".
      const auxiliary = out.length >= 2 ? bare(out[out.length - 2] as string) : "";
      if (!possessive && ["does", "is", "was", "has"].includes(auxiliary)) {
        out[out.length - 2] = (out[out.length - 2] as string).replace(/^(\W*)(\w+)/, (_whole, prefix: string, verb: string) => `${prefix}${/^\p{Lu}/u.test(verb) ? capitalize(baseForm(verb)) : baseForm(verb)}`);
        agree = false;
      }
    } else if (player[lower]) {
      // "them" after "the walls" is still the player ("who inside the walls will vouch for them"); "they" may not be.
      if (lower !== "them" && pluralBefore(index)) return null;
      emit(player[lower] as string);
    } else if (["he", "she", "him", "his", "her", "hers", "himself", "herself"].includes(lower)) {
      const pair = bare(words[index + 2] ?? "");
      if (nextBare !== "or" || !["he", "she", "him", "her", "his", "hers"].includes(pair)) return null;
      const trailOfPair = /[^A-Za-z0-9'’]*$/.exec(words[index + 2] as string)?.[0] ?? "";
      out.push(`${lead}${lower === "his" ? "your" : "you"}${trailOfPair}`);
      agree = lower === "he" || lower === "she";
      index += 2;
    } else {
      out.push(word);
    }
  }
  return out.join(" ");
}

/** "the chosen item" → "the lantern" when `item` is a known variable. */
function withKnownVars(text: string, vars: Readonly<Record<string, VariableValue>>): string {
  return text.replace(/\bthe (?:chosen |selected |requested |desired |agreed |player's |customer's )?([a-z_]+)\b/gi, (whole, key: string) => {
    const value = vars[key.toLowerCase()];
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

/** A clause split into its verb and what follows, with the person spoken to found where there is one. */
interface Clause {
  verb: string;
  /** Everything after the verb. */
  rest: string;
  /** `rest` without the person spoken to ("the player", "them", "the knight" before "what …"). */
  object: string;
  /** Whether a person spoken to was found, and whether it is certainly the player (a player noun or pronoun), not just "the knight". */
  found_addressee: boolean;
  to_player: boolean;
  politely: boolean;
}

/** The person a clause speaks to, at the start of `rest`, and what follows it. */
function splitAddressee(rest: string): { object: string; found: boolean; to_player: boolean } {
  const words = rest.split(/\s+/).filter(Boolean);
  const first = bare(words[0] ?? "");
  if (["them", "him", "her"].includes(first)) return { object: words.slice(1).join(" "), found: true, to_player: true };
  if (DETERMINERS.has(first) && PLAYER_NOUNS.has(bare(words[1] ?? "")) && !bare(words[1] ?? "").endsWith("'s")) return { object: words.slice(2).join(" "), found: true, to_player: true };
  // "the knight", "the crew member": one or two words, singular, before what the verb asks of them.
  for (const length of [2, 3]) {
    const noun = bare(words[length - 1] ?? "");
    if (first === "the" && /^[a-z-]+$/.test(noun) && !noun.endsWith("s") && AFTER_ADDRESSEE.has(bare(words[length] ?? ""))) return { object: words.slice(length).join(" "), found: true, to_player: false };
  }
  return { object: rest, found: false, to_player: false };
}

type Say = (clause: Clause, context: SpeechContext) => string | null;

/** A noun phrase that can follow "Tell me" or "I need": no clause hidden in it. */
function nounPhrase(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= 8 && !words.some((word) => ["that", "what", "which", "who", "whether", "if", "when", "because", "and", "but"].includes(bare(word)));
}

function spoken(text: string, context: SpeechContext): string | null {
  return toSpeakerView(withKnownVars(text, context.vars), context.persona_names);
}

/** `Say` for "that …" (the statement itself), "to …" (the imperative), and wh-clauses, with a lead for each. */
function statementOrImperative(clause: Clause, context: SpeechContext, leads: { that?: string; to?: string; not_to?: string; about?: string }): string | null {
  const object = clause.object;
  let match: RegExpExecArray | null;
  const lead = (prefix: string | undefined, text: string | null) => (prefix === undefined || text === null ? null : sentence(`${prefix}${text}`));
  if ((match = /^(?:to (?:the player|them) )?that (.+)$/i.exec(object))) return lead(leads.that, spoken(match[1] as string, context));
  if ((match = /^not to (.+)$/i.exec(object))) return lead(leads.not_to, spoken(match[1] as string, context));
  if ((match = /^to (.+)$/i.exec(object))) {
    const text = spoken(match[1] as string, context);
    // "Tell the guard to seize the player": an order to someone else, not speech to the player.
    return !clause.to_player && text !== null && /\byou\b/i.test(text) ? null : lead(leads.to, text);
  }
  if ((match = /^(?:about|of) (.+)$/i.exec(object)) && nounPhrase(match[1] as string)) return lead(leads.about, spoken(match[1] as string, context));
  return null;
}

const ASK: Say = (clause, context) => {
  const object = clause.object;
  let match: RegExpExecArray | null;
  if (/^(?:what|which|who|whom|whose|where|when|why|how|whether|if)\b/i.test(object)) return embeddedQuestion(object, context);
  if ((match = /^for (.+)$/i.exec(object)) && nounPhrase(match[1] as string)) {
    const thing = spoken(match[1] as string, context);
    if (thing === null) return null;
    if (OFFERS.test(thing)) return sentence(`make me ${thing}`);
    if (TOLD.test(thing)) return sentence(`tell me ${thing}`);
    if (HANDED_OVER.test(thing)) return sentence(context.pick([`hand over ${thing}`, `I need ${thing}`]));
    return sentence(`I need ${thing}`);
  }
  if ((match = /^(?:their|his or her|the player's) (.+)$/i.exec(object)) && nounPhrase(match[1] as string)) return sentence(`tell me your ${spoken(match[1] as string, context) ?? ""}`);
  if ((match = /^(a (?:question|riddle|favou?r)\b.*)$/i.exec(object)) && nounPhrase(match[1] as string)) return sentence(`let me ask you ${spoken(match[1] as string, context) ?? ""}`);
  return statementOrImperative(clause, context, { to: context.voice.kind === "warm" ? "please " : "", about: "tell me about " });
};

const TELL: Say = (clause, context) => {
  const object = clause.object;
  if (/^(?:what|which|who|where|when|why|how)\b/i.test(object) && clause.found_addressee) {
    const text = spoken(object, context);
    return text === null || /[,;]/.test(text) ? null : sentence(`let me tell you ${text}`);
  }
  const story = /^((?:a|an|the) (?:story|joke|tale|secret|riddle|legend)\b.*)$/i.exec(object);
  if (story && nounPhrase(story[1] as string)) return sentence(`let me tell you ${spoken(story[1] as string, context) ?? ""}`);
  const said = statementOrImperative(clause, context, { that: "", to: "", not_to: "do not ", about: "let me tell you about " });
  if (said !== null) return said;
  // "Tell the customer they owe an apology": a statement about the player, said to them.
  const statement = clause.found_addressee ? spoken(object, context) : null;
  return statement !== null && /^you\b/i.test(statement) ? sentence(statement) : null;
};

const REMIND: Say = (clause, context) => statementOrImperative(clause, context, { that: "remember: ", to: "remember to ", not_to: "remember not to ", about: "remember " });

const WARN: Say = (clause, context) => {
  if (clause.object === "") return context.pick(ACT_PHRASES[context.voice.kind].warn);
  const match = /^(?:about|of|against) (.+)$/i.exec(clause.object);
  if (match && nounPhrase(match[1] as string)) return sentence(`beware of ${spoken(match[1] as string, context) ?? ""}`);
  const said = statementOrImperative(clause, context, { to: "you had better ", not_to: "do not " });
  if (said !== null) return said.replace(/^(Do not .*)\.$/, "$1!");
  const that = /^that (.+)$/i.exec(clause.object);
  const statement = that ? spoken(that[1] as string, context) : null;
  return statement === null ? null : `Be warned: ${sentence(statement).replace(/^\p{Lu}(?!\p{Lu}|\b)/u, (letter) => letter.toLowerCase())}`;
};

const THREATEN: Say = (clause, context) => {
  const match = /^to (.+)$/i.exec(clause.object);
  const action = match ? spoken(match[1] as string, context) : null;
  if (match) return action === null ? null : sentence(`careful, or I will ${action}`);
  return clause.object === "" ? context.pick(ACT_PHRASES[context.voice.kind].warn) : null;
};

const DEMAND: Say = (clause, context) => {
  const object = clause.object.replace(/^(?:on|upon|of)\s+/i, "");
  const imperative = /^(?:(?:them|the player) )?to (.+)$/i.exec(object);
  if (imperative) {
    const text = spoken(imperative[1] as string, context);
    return text === null ? null : sentence(text, "!");
  }
  if (/^that\b/i.test(object) || !nounPhrase(object)) return null;
  const thing = spoken(object, context);
  if (thing === null) return null;
  return sentence(context.pick(context.voice.kind === "stern" ? [`I need ${thing}`, `${thing}. Now`] : [`I need ${thing}`, `I'll have ${thing}`]));
};

/** Verbs whose object is the reason: "Thank the player for their help." → "My thanks for your help.". */
function forReason(lead: (reason: string | null, context: SpeechContext) => string): Say {
  return (clause, context) => {
    const match = /^(?:for|on) (.+)$/i.exec(clause.object);
    if (!match) return clause.object === "" ? lead(null, context) : null;
    const reason = spoken(match[1] as string, context);
    return reason === null || !nounPhrase(match[1] as string) ? null : lead(reason, context);
  };
}

const THANK = forReason((reason, context) => {
  const thanks = context.voice.kind === "warm" ? "thank you" : "my thanks";
  return sentence(reason ? `${thanks} for ${reason}` : `${thanks}, {address}`);
});
const CONGRATULATE = forReason((reason) => sentence(reason ? `congratulations on ${reason}, {address}` : "congratulations, {address}"));
const APOLOGIZE = forReason((reason) => sentence(reason ? `my apologies for ${reason}` : "my apologies, {address}"));
const PRAISE: Say = (_clause, context) => context.pick(ACT_PHRASES[context.voice.kind].praise);

const EXPLAIN: Say = (clause, context) => {
  const said = statementOrImperative(clause, context, { that: "" });
  if (said !== null || clause.object === "") return said;
  const text = spoken(clause.object, context);
  if (text === null || /[,;]/.test(text) || clause.object.split(/\s+/).length > 10) return null;
  return sentence(clause.verb === "describe" && nounPhrase(clause.object) ? `let me tell you about ${text}` : `let me ${clause.verb === "describe" ? "describe" : "explain"} ${text}`);
};

const SHOW: Say = (clause, context) => {
  if (clause.to_player && /^(?:out|the door)\b/i.test(clause.object)) return sentence("the door is that way, {address}");
  const thing = clause.object.replace(/\s+to (?:the player|them)$/i, "");
  if (clause.verb === "reveal" && /^that /i.test(thing)) return statementOrImperative(clause, context, { that: "" });
  const text = nounPhrase(thing) && /^(?:the|a|an|my|your|their|this|these|some)\b/i.test(thing) ? spoken(thing, context) : null;
  return text === null ? null : sentence(`take a look at ${text}`);
};

const OFFER: Say = (clause, context) => {
  const match = /^to (.+)$/i.exec(clause.object);
  const text = spoken(match ? (match[1] as string) : clause.object, context);
  if (text === null || clause.object === "" || (!match && !nounPhrase(clause.object))) return null;
  return sentence(match ? `I can ${text}` : `I can offer you ${text}`);
};

const REFUSE: Say = (clause, context) => {
  const match = /^to (.+)$/i.exec(clause.object);
  if (match) {
    const text = spoken(match[1] as string, context);
    return text === null ? null : sentence(`I won't ${text}`);
  }
  return context.pick(ACT_PHRASES[context.voice.kind][clause.politely ? "refuse_politely" : "refuse"]);
};

/** "Deny the appeal." → "Your appeal is denied."; "Accept the apology." → "I accept your apology.". */
const DENY: Say = (clause, context) => {
  if (clause.object === "") return context.pick(ACT_PHRASES[context.voice.kind].refuse);
  const match = /^the ([a-z-]+(?: [a-z-]+)?)$/i.exec(clause.object);
  return match ? sentence(`your ${match[1]} is denied`) : null;
};
const ACCEPT: Say = (clause, context) => {
  if (clause.object === "" || /^to\b/i.test(clause.object)) return context.pick(ACT_PHRASES[context.voice.kind].agree);
  const match = /^the ([a-z-]+(?: [a-z-]+)?)$/i.exec(clause.object);
  return match ? sentence(`I accept your ${match[1]}`) : null;
};

/** "Admit/let the traveler in (to the city)", "allow the player to rest", "let the customer go". */
const LET_IN: Say = (clause, context) => {
  const object = clause.object;
  if (!clause.to_player) return clause.verb === "admit" && !clause.found_addressee ? statementOrImperative(clause, context, { that: "" }) : null;
  let match: RegExpExecArray | null;
  if (/^(?:in|through|pass)?$/i.test(object)) return sentence("you may pass");
  if (/^(?:go|leave)$/i.test(object)) return sentence("go, then");
  let where: string | null = null;
  let prefix = "";
  if ((match = /^(?:in |through )?under (.+)$/i.exec(object))) [where, prefix] = [spoken(match[1] as string, context), "under "];
  else if ((match = /^(?:in\s+|enter\s+)?(?:into\s+|to\s+)?((?:the|this|our|my|your) .+)$/i.exec(object)) && (clause.verb === "admit" || /^(?:in|enter|into)\b/i.test(object))) where = spoken(match[1] as string, context);
  else {
    // "Let the player stay in the inn tonight" → "You may stay in the inn tonight."; "allow the player to rest".
    const action = clause.verb === "allow" ? /^to ([a-z]+\b.*)$/i.exec(object) : clause.verb === "let" ? /^([a-z]+\b.*)$/i.exec(object) : null;
    if (!action || /^(?:know|see|think|feel|down|off|out|up|away|slip|go|in|through)\b/i.test(action[1] as string)) return null;
    const text = spoken(action[1] as string, context);
    return text === null ? null : sentence(`you may ${text}`);
  }
  return where === null ? null : sentence(`you may enter ${prefix}${where}`);
};

const SEND_AWAY: Say = (clause, context) => {
  if (!clause.to_player) return null;
  const direction = /^(out|off|away|back|home)\b\s*(.*)$/i.exec(clause.object);
  if (!direction) return null;
  const where = spoken(direction[2] ?? "", context);
  if (where === null) return null;
  switch ((direction[1] as string).toLowerCase()) {
    case "out":
      return sentence(`get out${where ? ` ${where}` : ""}`, "!");
    case "home":
      return sentence("go home, {address}");
    case "back":
      return sentence(`go back${where ? ` ${where}` : " the way you came"}`);
    default:
      return sentence(`be on your way${where ? ` ${where}` : ""}`);
  }
};

const HAND_OVER: Say = (clause, context) => {
  const thing = clause.object.replace(/^over\s+/i, "").replace(/\s+(?:over )?to (?:the player|them)$/i, "");
  const text = /^(?:the|a|an|my|your|their|this)\b/i.test(thing) && nounPhrase(thing) ? spoken(thing, context) : null;
  return text === null ? null : sentence(`here, take ${text}`);
};

/** "Name a price of 120 gold for the chosen item", "Make a final offer of 90 gold". */
const NAME_PRICE: Say = (clause, context) => {
  let match: RegExpExecArray | null;
  if ((match = /^(?:a |an |the |my |your )?((?:final |last |first |opening |best |counter-)?)offer of ([^,;]+)$/i.exec(clause.rest))) {
    return sentence(`my ${(match[1] as string).trim() ? (match[1] as string) : ""}offer: ${spoken(match[2] as string, context) ?? ""}`);
  }
  if ((match = /^(?:a |an |the |my |your )?(?:[a-z]+ )?price of ([^,;]+?)(?: for (.+))?$/i.exec(clause.rest))) {
    const item = match[2] ? spoken(withKnownVars(match[2] as string, context.vars).replace(/^the (?:chosen|selected) /i, "this "), context) : "";
    return sentence(`my price is ${spoken(match[1] as string, context) ?? ""}${item ? ` for ${item}` : ""}`);
  }
  return null;
};

const SAY_THAT: Say = (clause, context) => statementOrImperative(clause, context, { that: "" });
const PROMISE: Say = (clause, context) => statementOrImperative(clause, context, { that: "I promise ", to: "I promise to " });
const CONVINCE: Say = (clause, context) => (clause.to_player ? statementOrImperative(clause, context, { to: "you should ", that: "" }) : null);

const ENCOURAGE: Say = (clause, context) => {
  const match = /^to (.+)$/i.exec(clause.object);
  const target = match && clause.found_addressee ? spoken(match[1] as string, context) : null;
  // "Encourage the student to try again"; not "urge the guard to arrest the player" (that is not said to the player).
  if (target === null || (!clause.to_player && /\byou\b/i.test(target))) return null;
  if (clause.verb === "invite" && /^(?:the|a|an|my|your|our)\b/i.test(target)) return sentence(`you are invited to ${target}`);
  const lead = clause.verb === "invite" ? "you are welcome to " : clause.verb === "beg" || clause.verb === "plead" ? "please, I beg you, " : "go on, ";
  return sentence(`${lead}${target}`);
};

const CLOSE_DEAL: Say = (clause) => {
  const match = /^((?:the|this|our) (?:sale|deal|bargain|trade|transaction|conversation|matter|business|talk|interview|negotiation))$/i.exec(clause.object);
  const done = clause.verb === "close" ? "closed" : clause.verb === "seal" ? "sealed" : "done";
  return match ? sentence(`consider ${(match[1] as string).toLowerCase()} ${done}`) : null;
};

const HAVE_DONE: Say = (clause, context) => {
  const match = /^([a-z]+(?:ed|en|wn))\b\s*(.*)$/i.exec(clause.object);
  if (!clause.to_player || !match) return null;
  const rest = match[2] ? spoken(match[2] as string, context) : "";
  return rest === null ? null : sentence(`you will be ${match[1]}${rest ? ` ${rest}` : ""}`);
};

const PARTICIPLE: Say = (clause, context) => {
  if (!clause.to_player && clause.object !== "") return null;
  const rest = clause.object ? spoken(clause.object, context) : "";
  return rest === null ? null : sentence(`you are ${PARTICIPLES[clause.verb]}${rest ? ` ${rest}` : ""}`);
};

/** The verbs this module speaks, each with the shapes it knows. */
const CLAUSES: Record<string, Say | "greet" | "welcome"> = {
  greet: "greet", hail: "greet", salute: "greet", welcome: "welcome",
  ask: ASK, inquire: ASK, enquire: ASK, query: ASK, question: ASK, interrogate: ASK,
  tell: TELL, inform: TELL, instruct: TELL, order: TELL, command: TELL, advise: TELL,
  remind: REMIND, warn: WARN, caution: WARN, threaten: THREATEN,
  demand: DEMAND, request: DEMAND, require: DEMAND, insist: DEMAND,
  thank: THANK, congratulate: CONGRATULATE, apologize: APOLOGIZE, apologise: APOLOGIZE, praise: PRAISE, commend: PRAISE, compliment: PRAISE,
  explain: EXPLAIN, describe: EXPLAIN, show: SHOW, present: SHOW, reveal: SHOW, display: SHOW, offer: OFFER,
  refuse: REFUSE, decline: REFUSE, reject: REFUSE, deny: DENY, accept: ACCEPT, agree: ACCEPT,
  admit: LET_IN, allow: LET_IN, let: LET_IN, throw: SEND_AWAY, kick: SEND_AWAY, chase: SEND_AWAY, send: SEND_AWAY, turn: SEND_AWAY, drive: SEND_AWAY,
  hand: HAND_OVER, pass: HAND_OVER, name: NAME_PRICE, quote: NAME_PRICE, state: NAME_PRICE, set: NAME_PRICE, make: NAME_PRICE, bid: NAME_PRICE,
  say: SAY_THAT, mention: SAY_THAT, hint: SAY_THAT, note: SAY_THAT, remark: SAY_THAT, claim: SAY_THAT, announce: SAY_THAT, declare: SAY_THAT,
  confirm: SAY_THAT, acknowledge: SAY_THAT, reply: SAY_THAT, answer: SAY_THAT, suggest: SAY_THAT,
  promise: PROMISE, swear: PROMISE, convince: CONVINCE, persuade: CONVINCE,
  encourage: ENCOURAGE, urge: ENCOURAGE, invite: ENCOURAGE, beg: ENCOURAGE, plead: ENCOURAGE,
  close: CLOSE_DEAL, seal: CLOSE_DEAL, conclude: CLOSE_DEAL, finish: CLOSE_DEAL, end: CLOSE_DEAL,
  have: HAVE_DONE, ...Object.fromEntries(Object.keys(PARTICIPLES).map((verb) => [verb, PARTICIPLE])),
};

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
  const addressee = splitAddressee(rest);
  addressee.object = addressee.object.replace(/^(?:again|once more)\s+/i, "");
  const handler = CLAUSES[verb] as Say | "greet" | "welcome";
  if (handler === "greet") return { text: "{greeting}", greets: true };
  if (handler === "welcome") {
    const place = /^(?:to|into) ([^,;]+)$/i.exec(addressee.object);
    const where = place ? spoken(place[1] as string, context) : null;
    return { text: where ? sentence(`welcome to ${where}, {address}`) : "{greeting}", greets: true };
  }
  const said = handler({ verb, rest, object: addressee.object, to_player: addressee.to_player, found_addressee: addressee.found, politely }, context);
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
