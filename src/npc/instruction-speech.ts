/**
 * Turns a state's `prompt_instruction` (written by an author, to the NPC, about the player) into what
 * the NPC says to the player: "Greet the customer and ask what they are looking for." → "Well met,
 * Ann. What are you looking for?". Offline and rule-based: the instruction is split into clauses, each
 * clause's leading verb picks a speech act (ask, tell, warn, demand, thank, explain, offer, refuse,
 * admit, dismiss, …), and the rest is turned from "the player"/"they" into "you", and from the NPC's
 * "your" into "my". A clause it cannot read as speech says nothing, so a label or a stage direction
 * is never read aloud; the reply writer then falls back on the voice's own words.
 */
import { ACT_PHRASES, type PersonaVoice } from "./persona-voice.ts";
import type { VariableValue } from "./values.ts";

export interface SpeechContext {
  voice: PersonaVoice;
  /** The persona's names ("Merchant Kael", "Kael"): a sentence about them is the NPC speaking of itself. */
  persona_names: readonly string[];
  /** Known variables: "the chosen item" becomes "the lantern" when `item` is set. */
  vars: Readonly<Record<string, VariableValue>>;
  /** Chooses among equivalent wordings (the writer passes its seeded rng). */
  pick: (options: readonly string[]) => string;
}

export interface Speech {
  /** Sentences to say, with `{address}` where the player is addressed; "" when there is nothing to say. */
  text: string;
  /** Whether the speech already greets the player (the opening then needs no other greeting). */
  greets: boolean;
}

const PLAYER_NOUN = "(?:player|traveler|traveller|stranger|visitor|customer|user|newcomer|recruit|guest|buyer|adventurer|patron|client|petitioner|applicant|suspect|hero|outsider|pilgrim|character)";
const PLAYER_NOUNS = `(?:the |this |that )?${PLAYER_NOUN}`;
const ADDRESSEE = `(?:${PLAYER_NOUNS}|them|him|her)`;
const STARTS_WITH_ADDRESSEE = new RegExp(`^${ADDRESSEE}\\b(?!['’])\\s*`, "i");

const MANNER_ADVERBS =
  /\b(?:warmly|politely|firmly|coldly|gently|gruffly|briefly|dryly|drily|sternly|kindly|curtly|angrily|cheerfully|sarcastically|bluntly|softly|quietly|loudly|suspiciously|respectfully|courteously|calmly|flatly|nervously|eagerly|grudgingly|sharply|plainly|clearly|simply|again|once more|immediately|at once|now)\b/gi;
const STAGE_MANNER = /\b(?:with|in) (?:a|an) (?:[a-z-]+ ){0,2}(?:remark|smile|nod|word|joke|sigh|shrug|grin|tone|voice|look|glare|laugh|scowl|frown|wink|manner|way)\b/gi;

/** A few irregular past forms, for "where they saw movement" → "Where did you see movement?". */
const IRREGULAR_PAST: Record<string, string> = {
  saw: "see", came: "come", went: "go", did: "do", heard: "hear", found: "find", lost: "lose", got: "get", made: "make", took: "take",
  brought: "bring", met: "meet", left: "leave", thought: "think", knew: "know", said: "say", paid: "pay", bought: "buy", sold: "sell",
  spent: "spend", gave: "give", told: "tell", felt: "feel", kept: "keep", ran: "run", wrote: "write", stole: "steal", hid: "hide", chose: "choose",
};
const AUXILIARIES: Record<string, string> = {
  are: "are", is: "are", am: "are", were: "were", was: "were", will: "will", would: "would", can: "can", could: "could", should: "should",
  shall: "shall", may: "may", might: "might", must: "must", do: "do", does: "do", did: "did",
};
const PARTICIPLES: Record<string, string> = {
  dismiss: "dismissed", relieve: "relieved", bar: "barred", ban: "banned", banish: "banished", release: "released", excuse: "excused",
  pardon: "pardoned", forgive: "forgiven", arrest: "under arrest", jail: "jailed", imprison: "imprisoned", detain: "detained", expel: "expelled",
  exile: "exiled", hire: "hired", recruit: "recruited", promote: "promoted", sentence: "sentenced", fine: "fined", free: "free to go",
};
/** Words after which a lone "and" joins two verb phrases rather than two nouns ("name and business"). */
const PHRASE_STARTERS = /^(?:the|a|an|this|that|these|those|my|your|their|his|her|its|our|them|him|they|it|what|which|who|whom|where|when|why|how|whether|if|for|about|to|with|into|in|on|at|from|of|off|out|away|back|up|down|over|that|some|any|no|every|one|two|three|\d+|[a-z]+ly)$/i;

/** Verbs an instruction may start with that this module reads (anything else falls back on "Let me …"). */
const SPEECH_VERBS = new Set([
  "greet", "welcome", "hail", "salute", "ask", "inquire", "enquire", "question", "query", "tell", "inform", "remind", "warn", "caution",
  "demand", "request", "require", "insist", "thank", "congratulate", "praise", "commend", "compliment", "explain", "describe", "show",
  "present", "reveal", "display", "offer", "refuse", "decline", "deny", "reject", "accept", "agree", "admit", "allow", "let", "have",
  "throw", "kick", "chase", "send", "turn", "drive", "hand", "give", "pass", "name", "quote", "state", "set", "make", "hint", "suggest",
  "mention", "say", "answer", "reply", "remark", "note", "claim", "announce", "declare", "promise", "swear", "apologize", "apologise",
  "threaten", "laugh", "sigh", "shrug", "smile", "nod", "frown", "scowl", "grin", "encourage", "invite", "urge", "beg", "plead", "close",
  "seal", "conclude", "finish", "end", "haggle", "bargain", "negotiate", "listen", "wait", "probe", "press", "test", "challenge", "check",
  "verify", "inspect", "examine", "compliment", "comfort", "reassure", "confirm", "acknowledge", "respond", "react", "introduce", "bid",
  "sell", "buy", "put", "take", "keep", "lead", "guide", "escort", "point", "direct", "instruct", "order", "command", "advise", "recommend",
  "share", "tease", "mock", "insult", "scold", "lecture", "interrogate", "stall", "refer", "hold", ...Object.keys(PARTICIPLES),
]);

function capitalize(text: string): string {
  const index = text.search(/\p{L}/u);
  return index < 0 ? text : text.slice(0, index) + text.charAt(index).toUpperCase() + text.slice(index + 1);
}

/** One sentence with its end mark: "tell me your name" → "Tell me your name.". */
function sentence(text: string, mark: "." | "?" | "!" = "."): string {
  const trimmed = text.trim().replace(/[\s,;:]+$/, "").replace(/[.!?]+$/, "");
  return trimmed === "" ? "" : `${capitalize(trimmed)}${mark}`;
}

/** Third-person singular or past → base form, for "the customer wants" → "you want". */
function baseForm(verb: string): string {
  const lower = verb.toLowerCase();
  if (lower === "is" || lower === "was") return "are";
  if (lower === "has") return "have";
  if (lower === "does") return "do";
  if (/(?:ss|us|is|ous)$/.test(lower) || !lower.endsWith("s")) return verb;
  if (lower.endsWith("ies")) return `${verb.slice(0, -3)}y`;
  if (/(?:ches|shes|sses|xes|zes|oes)$/.test(lower)) return verb.slice(0, -2);
  return verb.slice(0, -1);
}

/** The base form of a past tense, or null when it cannot be told safely ("noticed" stays unknown). */
function baseOfPast(verb: string): string | null {
  const lower = verb.toLowerCase();
  if (IRREGULAR_PAST[lower]) return IRREGULAR_PAST[lower];
  if (!lower.endsWith("ed") || lower.endsWith("eed") || lower.length < 5) return null;
  if (lower.endsWith("ied")) return `${lower.slice(0, -3)}y`;
  const stem = lower.slice(0, -2);
  const last = stem.charAt(stem.length - 1);
  const before = stem.charAt(stem.length - 2);
  if (last === before && !"lsfz".includes(last)) return stem.slice(0, -1);
  if (!"aeiou".includes(last) && !"aeiou".includes(before)) return stem;
  if ("aeiou".includes(before) && "tdkpnlmr".includes(last)) return stem;
  return null;
}

/**
 * Rewords text the author wrote to the NPC about the player as the NPC speaking to the player: the
 * NPC's "your" becomes "my", the player ("the customer", "they", "them") becomes "you", with the
 * verb agreeing ("the customer wants" → "you want", "they were" → "you were").
 */
export function toSpeakerView(text: string, personaNames: readonly string[] = []): string {
  let result = text
    .replace(/\byourself\b/gi, "myself")
    .replace(/\byours\b/gi, "mine")
    .replace(/\byour\b/gi, "my")
    .replace(/\byou are\b/gi, "I am")
    .replace(/\byou were\b/gi, "I was")
    .replace(/\b(to|for|with|at|from|about|tell|ask|give|show|trust|believe|help|of) you\b/gi, "$1 me")
    .replace(/\byou\b/gi, "I");
  for (const name of personaNames) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    result = result.replace(new RegExp(`\\b${escaped}(?:'s|’s)`, "g"), "my");
  }
  return result
    .replace(new RegExp(`\\b${PLAYER_NOUNS}(?:'s|’s)`, "gi"), "your")
    .replace(new RegExp(`\\b${PLAYER_NOUNS}\\s+(is|was|has|does|[a-z]+s)\\b`, "gi"), (_whole, verb: string) => `you ${baseForm(verb)}`)
    .replace(new RegExp(`\\b${PLAYER_NOUNS}\\b`, "gi"), "you")
    .replace(/\bhis or her\b/gi, "your")
    .replace(/\bhim or her\b/gi, "you")
    .replace(/\bthey're\b/gi, "you're")
    .replace(/\bthey've\b/gi, "you've")
    .replace(/\bthey'll\b/gi, "you'll")
    .replace(/\bthemselves\b/gi, "yourself")
    .replace(/\bthey\b/gi, "you")
    .replace(/\bthem\b/gi, "you")
    .replace(/\btheirs\b/gi, "yours")
    .replace(/\btheir\b/gi, "your")
    .replace(/\b(does|is|was|has) you\b/gi, (_whole, verb: string) => `${baseForm(verb)} you`)
    .replace(/\b(Does|Is|Was|Has) you\b/g, (_whole, verb: string) => `${capitalize(baseForm(verb))} you`);
}

/** "the chosen item" → "the lantern" when `item` is a known variable. */
function withKnownVars(text: string, vars: Readonly<Record<string, VariableValue>>): string {
  return text.replace(/\bthe (?:chosen |selected |requested |desired |agreed |player's |customer's )?([a-z_]+)\b/gi, (whole, key: string) => {
    const value = vars[key.toLowerCase()];
    return typeof value === "string" && value.trim() !== "" ? `the ${value}` : whole;
  });
}

/**
 * "what they are looking for" → "What are you looking for?"; "whether the customer takes it or
 * leaves it" → "Do you take it or leave it?"; null when the clause cannot be turned safely.
 */
function embeddedQuestion(clause: string, names: readonly string[]): string | null {
  const [main, list] = splitList(clause);
  const words = main.split(/\s+/);
  const first = (words[0] ?? "").toLowerCase();
  const yesNo = first === "whether" || first === "if";
  let subjectStart = -1;
  let subjectEnd = -1;
  for (let index = 1; index < Math.min(words.length, 6); index++) {
    const word = (words[index] ?? "").toLowerCase();
    if (word === "they" || word === "he" || word === "she") {
      subjectStart = index;
      subjectEnd = index + 1;
      break;
    }
    const noun = new RegExp(`^${PLAYER_NOUN}$`, "i");
    if (noun.test(word) || (["the", "this", "that"].includes(word) && noun.test(words[index + 1] ?? ""))) {
      const end = noun.test(word) ? index + 1 : index + 2;
      const next = (words[end] ?? "").toLowerCase();
      if (AUXILIARIES[next] || next === "has" || next === "have" || next.endsWith("s") || baseOfPast(next)) {
        subjectStart = index;
        subjectEnd = end;
      }
      break;
    }
    if (yesNo) break;
  }
  const tail = (text: string) => (list ? `${text}: ${toSpeakerView(list, names)}` : text);
  if (subjectStart < 0) return yesNo ? null : sentence(tail(toSpeakerView(main, names)), "?");
  const prefix = words.slice(yesNo ? 1 : 0, subjectStart).join(" ");
  const verb = words[subjectEnd] ?? "";
  const rest = toSpeakerView(words.slice(subjectEnd + 1).join(" "), names).replace(/\b(or|and) ([a-z]+s)\b(?=\s+(?:it|them|me|this|that|you)\b|$)/gi, (_whole, joiner: string, coordinated: string) => `${joiner} ${baseForm(coordinated)}`);
  const lowerVerb = verb.toLowerCase();
  let head: string;
  if (AUXILIARIES[lowerVerb] && lowerVerb !== "do" && lowerVerb !== "does" && lowerVerb !== "did") head = `${AUXILIARIES[lowerVerb]} you`;
  else if (lowerVerb === "do" || lowerVerb === "does" || lowerVerb === "did") head = `${AUXILIARIES[lowerVerb]} you`;
  else if ((lowerVerb === "have" || lowerVerb === "has" || lowerVerb === "had") && /(?:ed|en)$|^(?:been|got|had|made|found|lost|brought|seen|done)$/i.test(rest.split(" ")[0] ?? "")) head = `${lowerVerb === "had" ? "had" : "have"} you`;
  else {
    const past = baseOfPast(lowerVerb);
    if (past) head = `did you ${past}`;
    else if (lowerVerb.endsWith("ed") && !lowerVerb.endsWith("eed")) return null;
    else head = `do you ${baseForm(lowerVerb)}`;
  }
  return sentence(tail([prefix, head, rest].filter(Boolean).join(" ")), "?");
}

/** "which item they want: the lantern, the map or the dagger" → the clause and its list of choices. */
function splitList(text: string): [string, string | null] {
  const colon = text.indexOf(":");
  if (colon < 0) return [text, null];
  return [text.slice(0, colon).trim(), text.slice(colon + 1).trim() || null];
}

function withoutAddressee(text: string): string {
  return text.replace(STARTS_WITH_ADDRESSEE, "");
}

const THINGS_HANDED_OVER = /\b(?:papers|writ|pass|permit|documents?|proof|seal|token|badge|credentials|ticket|coin|coins|gold|payment|money|fee|toll|weapons?|sword|blade|key|bribe|deposit|tribute)\b/i;
const OFFERS = /\b(?:offer|counter-offer|counteroffer|bid|price)\b/i;

function askFor(thing: string, context: SpeechContext): string {
  const spoken = toSpeakerView(withKnownVars(thing, context.vars), context.persona_names);
  if (OFFERS.test(thing)) return sentence(`make me ${spoken}`);
  if (THINGS_HANDED_OVER.test(thing)) return sentence(context.pick([`hand over ${spoken}`, `I need ${spoken}`]));
  if (/\b(?:help|aid|assistance|favou?r)\b/i.test(thing)) return sentence(`I need ${spoken}`);
  return sentence(`tell me ${spoken}`);
}

function ask(rest: string, context: SpeechContext): string {
  const names = context.persona_names;
  const body = withoutAddressee(rest);
  let match: RegExpExecArray | null;
  if ((match = /^for (.+)$/i.exec(body))) return askFor(match[1] as string, context);
  if ((match = /^about (.+)$/i.exec(body))) return sentence(`tell me about ${toSpeakerView(match[1] as string, names)}`);
  if ((match = /^(?:them |the player )?to (.+)$/i.exec(body))) return sentence(`${context.voice.kind === "warm" ? "please " : ""}${toSpeakerView(match[1] as string, names)}`);
  if (/^(?:what|which|who|whom|whose|where|when|why|how|whether|if)\b/i.test(body)) {
    return embeddedQuestion(withKnownVars(body, context.vars), names) ?? sentence(`tell me ${toSpeakerView(body, names)}`);
  }
  if ((match = /^(a (?:question|riddle|favou?r)\b.*)$/i.exec(body))) return sentence(`let me ask you ${toSpeakerView(match[1] as string, names)}`);
  if (body === "") return "";
  return askFor(body, context);
}

function tell(verb: string, rest: string, context: SpeechContext): string {
  const names = context.persona_names;
  const body = withoutAddressee(rest);
  let match: RegExpExecArray | null;
  if ((match = /^(?:about|of) (.+)$/i.exec(body))) return sentence(verb === "remind" ? `remember ${toSpeakerView(match[1] as string, names)}` : `let me tell you about ${toSpeakerView(match[1] as string, names)}`);
  if ((match = /^not to (.+)$/i.exec(body))) return sentence(`do not ${toSpeakerView(match[1] as string, names)}`);
  if ((match = /^to (.+)$/i.exec(body))) return sentence(verb === "remind" ? `remember to ${toSpeakerView(match[1] as string, names)}` : toSpeakerView(match[1] as string, names));
  if (/^(?:what|which|who|where|when|why|how)\b/i.test(body)) return sentence(`let me tell you ${toSpeakerView(body, names)}`);
  const statement = body.replace(/^that\s+/i, "");
  if (statement === "") return "";
  if (!/^that\s/i.test(body) && /^(?:the|a|an|my|your|their|his|her)\b/i.test(body) && body.split(/\s+/).length <= 4) return sentence(`let me tell you ${toSpeakerView(body, names)}`);
  return sentence(`${verb === "remind" ? "remember: " : ""}${toSpeakerView(statement, names)}`);
}

function warn(rest: string, context: SpeechContext): string {
  const names = context.persona_names;
  const body = withoutAddressee(rest);
  let match: RegExpExecArray | null;
  if (body === "") return context.pick(ACT_PHRASES[context.voice.kind].warn);
  if ((match = /^(?:about|of|against) (.+)$/i.exec(body))) return sentence(`beware of ${toSpeakerView(match[1] as string, names)}`);
  if ((match = /^not to (.+)$/i.exec(body))) return sentence(`do not ${toSpeakerView(match[1] as string, names)}`, "!");
  if ((match = /^to (.+)$/i.exec(body))) return sentence(`you had better ${toSpeakerView(match[1] as string, names)}`);
  return `Be warned: ${sentence(toSpeakerView(body.replace(/^that\s+/i, ""), names)).replace(/^\p{Lu}(?!\p{Lu}|\b)/u, (letter) => letter.toLowerCase())}`;
}

/** What one clause of an instruction says, or null when the clause is not something to say. */
function speakClause(raw: string, context: SpeechContext, thirdPerson: boolean): Speech | null {
  const names = context.persona_names;
  const politely = /\b(?:politely|courteously|respectfully|gently|kindly)\b/i.test(raw);
  const clause = raw.replace(STAGE_MANNER, "").replace(MANNER_ADVERBS, "").replace(/\bby name\b/gi, "").replace(/\s{2,}/g, " ").replace(/\s+([,.!?;:])/g, "$1").trim().replace(/[,;]$/, "");
  const quoted = /^(?:say|shout|whisper|mutter|reply|answer|exclaim|announce|declare|remark)\b[^"“]*["“]([^"”]+)["”]/i.exec(clause);
  if (quoted) return { text: sentence(quoted[1] as string, /[!?]$/.test(quoted[1] as string) ? ((quoted[1] as string).slice(-1) as "!" | "?") : "."), greets: false };
  const [verbWord = "", ...restWords] = clause.split(/\s+/);
  const verb = verbWord.toLowerCase().replace(/[^a-z-]/g, "");
  const rest = restWords.join(" ");
  const object = withoutAddressee(rest);
  const spoken = (text: string) => toSpeakerView(withKnownVars(text, context.vars), names);
  const say = (text: string): Speech | null => (text === "" ? null : { text, greets: false });
  let match: RegExpExecArray | null;
  switch (verb) {
    case "greet":
    case "hail":
    case "salute":
      return { text: "{greeting}", greets: true };
    case "welcome": {
      const place = /^(?:to|into) (.+)$/i.exec(object);
      return place ? { text: sentence(`welcome to ${spoken(place[1] as string)}, {address}`), greets: true } : { text: "{greeting}", greets: true };
    }
    case "ask":
    case "inquire":
    case "enquire":
    case "query":
    case "question":
    case "interrogate":
      return say(ask(rest.replace(/^(?:of|about)\s+(?=(?:the|them|him|her)\b)/i, ""), context));
    case "tell":
    case "inform":
    case "remind":
    case "instruct":
    case "order":
    case "command":
    case "advise":
      return say(tell(verb === "instruct" || verb === "order" || verb === "command" || verb === "advise" ? "tell" : verb, rest, context));
    case "warn":
    case "caution":
    case "threaten":
      return say(warn(verb === "threaten" ? "" : rest, context));
    case "demand":
    case "request":
    case "require":
    case "insist": {
      if ((match = /^that (.+)$/i.exec(object))) return say(sentence(spoken(match[1] as string)));
      const thing = object.replace(/^(?:on|upon)\s+/i, "");
      if ((match = /^(?:of )?(?:them |the player )?to (.+)$/i.exec(thing))) return say(sentence(spoken(match[1] as string), "!"));
      return say(thing === "" ? "" : sentence(context.pick(context.voice.kind === "stern" ? [`I need ${spoken(thing)}`, `${spoken(thing)}. Now`] : [`I need ${spoken(thing)}`, `I'll have ${spoken(thing)}`])));
    }
    case "thank": {
      const reason = /^for (.+)$/i.exec(object);
      const thanks = context.voice.kind === "warm" ? "thank you" : "my thanks";
      return say(sentence(reason ? `${thanks} for ${spoken(reason[1] as string)}` : `${thanks}, {address}`));
    }
    case "congratulate": {
      const reason = /^(?:on|for) (.+)$/i.exec(object);
      return say(sentence(reason ? `congratulations on ${spoken(reason[1] as string)}, {address}` : "congratulations, {address}"));
    }
    case "praise":
    case "commend":
    case "compliment": {
      const reason = /^(?:on|for) (.+)$/i.exec(object);
      return say(reason ? sentence(`I ${verb} you for ${spoken(reason[1] as string)}`) : context.pick(ACT_PHRASES[context.voice.kind].praise));
    }
    case "explain":
    case "describe": {
      if (object === "") return null;
      if ((match = /^(?:to (?:the player|them) )?that (.+)$/i.exec(object))) return say(sentence(spoken(match[1] as string)));
      return say(sentence(verb === "explain" ? `let me explain ${spoken(object)}` : `let me tell you about ${spoken(object)}`));
    }
    case "show":
    case "present":
    case "reveal":
    case "display": {
      if (/^(?:out|the door)\b/i.test(object)) return say(sentence("the door is that way, {address}"));
      const thing = object.replace(new RegExp(`\\s+to ${ADDRESSEE}$`, "i"), "");
      return say(thing === "" ? "" : sentence(`take a look at ${spoken(thing)}`));
    }
    case "offer": {
      if (object === "") return null;
      if ((match = /^to (.+)$/i.exec(object))) return say(sentence(`I can ${spoken(match[1] as string)}`));
      return say(sentence(`I can offer you ${spoken(object)}`));
    }
    case "refuse":
    case "decline":
    case "reject": {
      if ((match = /^to (.+)$/i.exec(object))) return say(sentence(`I won't ${spoken(match[1] as string)}`));
      return say(context.pick(ACT_PHRASES[context.voice.kind][politely ? "refuse_politely" : "refuse"]));
    }
    case "deny": {
      if (object === "") return say(context.pick(ACT_PHRASES[context.voice.kind].refuse));
      return say(sentence(`${spoken(object.replace(/^the\s+/i, "the player's "))} is denied`));
    }
    case "accept":
    case "agree": {
      if (verb === "accept" && object !== "" && !/^to\b/i.test(object)) return say(sentence(`I accept ${spoken(object.replace(/^the\s+/i, "the player's "))}`));
      return say(context.pick(ACT_PHRASES[context.voice.kind].agree));
    }
    case "admit":
    case "allow": {
      if ((match = /^that (.+)$/i.exec(object))) return say(sentence(spoken(match[1] as string)));
      const place = object.replace(/^(?:in|through|to pass|to enter)\b\s*/i, "").replace(/^(?:into|to)\s+/i, "");
      return say(sentence(place === "" ? "you may pass" : `you may enter ${spoken(place)}`));
    }
    case "let": {
      const target = withoutAddressee(rest);
      if ((match = /^(?:in|through|pass|enter)\b\s*(?:(?:into|to)\s+)?(.*)$/i.exec(target))) return say(sentence(match[1] ? `you may enter ${spoken(match[1])}` : "you may pass"));
      if ((match = /^(?:go|leave)\b\s*(.*)$/i.exec(target))) return say(sentence(match[1] ? `go, then, ${spoken(match[1])}` : "go, then"));
      return say(target === "" ? "" : sentence(spoken(target)));
    }
    case "have": {
      if ((match = new RegExp(`^${ADDRESSEE}\\s+([a-z]+(?:ed|en|wn))\\b\\s*(.*)$`, "i").exec(rest))) return say(sentence(`you will be ${match[1]}${match[2] ? ` ${spoken(match[2])}` : ""}`));
      break;
    }
    case "throw":
    case "kick":
    case "chase":
    case "send":
    case "turn":
    case "drive": {
      const direction = /^(out|off|away|back|home)\b\s*(.*)$/i.exec(object);
      if (direction) {
        const where = spoken(direction[2] ?? "");
        switch ((direction[1] as string).toLowerCase()) {
          case "out":
            return say(sentence(`get out${where ? ` ${where}` : ""}`, "!"));
          case "home":
            return say(sentence("go home, {address}"));
          case "back":
            return say(sentence(`go back${where ? ` ${where}` : " the way you came"}`));
          default:
            return say(sentence(`be on your way${where ? ` ${where}` : ""}`));
        }
      }
      break;
    }
    case "hand":
    case "give":
    case "pass": {
      const thing = withoutAddressee(object.replace(/^over\s+/i, "").replace(new RegExp(`\\s+(?:over )?to ${ADDRESSEE}$`, "i"), ""));
      if (thing !== "") return say(sentence(`here, take ${spoken(thing)}`));
      break;
    }
    case "name":
    case "quote":
    case "state":
    case "set":
    case "make":
    case "bid": {
      if ((match = /^(?:a |an |the |my |your )?((?:final |last |first |opening |best |counter-)?)offer of (.+?)$/i.exec(object))) return say(sentence(`my ${(match[1] as string).trim() ? (match[1] as string) : ""}offer: ${spoken(match[2] as string)}`));
      if ((match = /^(?:a |an |the |my |your )?(?:[a-z]+ )?price of (.+?)(?: for (.+))?$/i.exec(object))) {
        return say(sentence(`my price is ${spoken(match[1] as string)}${match[2] ? ` for ${spoken(withKnownVars(match[2] as string, context.vars).replace(/^the (?:chosen|selected) /i, "this "))}` : ""}`));
      }
      break;
    }
    case "hint":
    case "suggest":
    case "mention":
    case "say":
    case "answer":
    case "reply":
    case "remark":
    case "note":
    case "claim":
    case "announce":
    case "declare":
    case "confirm":
    case "acknowledge": {
      const statement = object.replace(/^(?:to (?:the player|them) )?(?:that|at)\s+/i, "");
      if (statement !== "" && statement !== object) return say(sentence(spoken(statement)));
      if (statement !== "" && statement.split(/\s+/).length >= 3) return say(sentence(spoken(statement)));
      break;
    }
    case "promise":
    case "swear": {
      if ((match = /^(?:that )?(.+)$/i.exec(object))) return say(sentence(`I promise ${spoken(match[1] as string)}`));
      break;
    }
    case "apologize":
    case "apologise": {
      const reason = /^for (.+)$/i.exec(object);
      return say(sentence(reason ? `my apologies for ${spoken(reason[1] as string)}` : "my apologies, {address}"));
    }
    case "encourage":
    case "urge":
    case "invite":
    case "beg":
    case "plead": {
      if ((match = /^(?:with (?:the player|them) )?to (.+)$/i.exec(object))) {
        const target = match[1] as string;
        if (verb === "invite" && /^(?:the|a|an|my|your|our)\b/i.test(target)) return say(sentence(`you are invited to ${spoken(target)}`));
        const lead = verb === "invite" ? "you are welcome to " : verb === "beg" || verb === "plead" ? "please, I beg you, " : "go on, ";
        return say(sentence(`${lead}${spoken(target)}`));
      }
      break;
    }
    case "close":
    case "seal":
    case "conclude":
    case "finish":
    case "end": {
      if ((match = /^((?:the|this|our) (?:sale|deal|bargain|trade|transaction|conversation|matter|business|talk|interview|negotiation))\b/i.exec(object))) {
        return say(sentence(`consider ${spoken(match[1] as string)} ${verb === "close" ? "closed" : verb === "seal" ? "sealed" : "done"}`));
      }
      break;
    }
    case "laugh":
      return say("Ha!");
    case "sigh":
      return say("Hm.");
    case "shrug":
    case "smile":
    case "nod":
    case "frown":
    case "scowl":
    case "grin":
    case "listen":
    case "wait":
      return null;
  }
  if (PARTICIPLES[verb] && (STARTS_WITH_ADDRESSEE.test(rest) || rest === "")) {
    const after = withoutAddressee(rest);
    return say(sentence(`you are ${PARTICIPLES[verb]}${after ? ` ${spoken(after)}` : ""}`));
  }
  // Any other verb phrase: the NPC says what it does, in the first person.
  const readsAsVerbPhrase = SPEECH_VERBS.has(verb) || thirdPerson || PHRASE_STARTERS.test(restWords[0] ?? "");
  if (!readsAsVerbPhrase || !/^[a-z-]+$/.test(verb)) return null;
  const phrase = spoken([verb, rest].filter(Boolean).join(" "));
  return say(sentence(thirdPerson ? `I ${phrase}` : `let me ${phrase}`));
}

/** `Say "Halt! Who goes there?"`: the quoted words are the reply. */
const QUOTED_SPEECH = /^(?:say|shout|whisper|mutter|reply|answer|exclaim|announce|declare|remark|call out)\b[^"“]*["“]([^"”]+)["”]/i;

/** Splits "Greet the player and ask what they need" at the "and" that starts a new verb phrase. */
function clausesOf(sentenceText: string): string[] {
  const words = sentenceText.split(/\s+/);
  const clauses: string[] = [];
  let current: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    const next = (words[index + 1] ?? "").toLowerCase().replace(/[^a-z-]/g, "");
    const afterNext = words[index + 2] ?? "";
    const joiner = /^(?:and|then)$/i.test(word) || /^(?:and|then),?$/i.test(word);
    const startsVerbPhrase = SPEECH_VERBS.has(next) && (afterNext === "" || PHRASE_STARTERS.test(afterNext.replace(/[^a-z0-9-]/gi, "")) || next === "greet" || next === "ask");
    if (joiner && current.length > 0 && startsVerbPhrase) {
      clauses.push(current.join(" ").replace(/,$/, ""));
      current = [];
      continue;
    }
    current.push(word);
  }
  if (current.length > 0) clauses.push(current.join(" "));
  return clauses.map((clause) => clause.replace(/^then\s+/i, "").trim()).filter(Boolean);
}

/**
 * What the NPC says for an instruction. Handles imperatives ("Explain the price", "Refuse politely"),
 * several clauses ("… and ask …"), the persona in the third person ("Kael haggles hard" → "I haggle
 * hard."), instructions in the second person ("You greet the player …"), and questions ("What does
 * the player want?" → "What do you want?"). A short fragment with no verb ("Deal struck") says
 * nothing: it is a label, not speech.
 */
export function speakInstruction(instruction: string, context: SpeechContext): Speech {
  const text = instruction.replace(/\s+/g, " ").trim();
  const quoted = QUOTED_SPEECH.exec(text);
  if (quoted) return { text: (quoted[1] as string).trim(), greets: false };
  const sentences = text.match(/[^.!?]+[.!?]*/g) ?? [];
  const spoken: string[] = [];
  let greets = false;
  const nameAlternatives = context.persona_names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  const selfSubject = new RegExp(`^(?:you|the npc|the character|${nameAlternatives || "(?!)"})\\s+(?:should |must |will |need to |has to |have to |always |then |first |now )?(.+)$`, "i");
  for (const raw of sentences.slice(0, 3)) {
    let body = raw.trim();
    if (body === "") continue;
    if (/\?$/.test(body)) {
      spoken.push(sentence(toSpeakerView(body, context.persona_names), "?"));
      continue;
    }
    body = body.replace(/[.!]+$/, "").replace(/^(?:please|first|then|finally|next|now|always),?\s+/i, "");
    let thirdPerson = false;
    const self = selfSubject.exec(body);
    if (self) {
      const [verb = "", ...rest] = (self[1] as string).split(/\s+/);
      const lower = verb.toLowerCase();
      if (lower === "is" || lower === "are") {
        spoken.push(sentence(`I am ${toSpeakerView(rest.join(" "), context.persona_names)}`));
        continue;
      }
      const base = baseForm(verb);
      thirdPerson = !/^(?:should|must|will)$/i.test(body.split(/\s+/)[1] ?? "") && base !== verb;
      // "… and asks what they want": the later verbs of the sentence are the persona's too.
      body = [base, ...rest].join(" ").replace(/\b(and|then) ([a-z]+s)\b/g, (whole, joiner: string, later: string) => (SPEECH_VERBS.has(baseForm(later)) ? `${joiner} ${baseForm(later)}` : whole));
      if (!SPEECH_VERBS.has(base.toLowerCase())) thirdPerson = true;
    } else if ((new RegExp(`^${PLAYER_NOUNS}\\b`, "i").test(body) || /^they\b/i.test(body)) && body.split(/\s+/).length >= 4) {
      spoken.push(sentence(toSpeakerView(withKnownVars(body, context.vars), context.persona_names)));
      continue;
    }
    for (const clause of clausesOf(body)) {
      const speech = speakClause(clause, context, thirdPerson);
      if (speech) {
        spoken.push(speech.text);
        greets ||= speech.greets;
      } else if (clause.split(/\s+/).length >= 5 && !SPEECH_VERBS.has((clause.split(/\s+/)[0] ?? "").toLowerCase())) {
        // A plain description of the scene reads as something the NPC can say ("The gate closes at dusk.").
        spoken.push(sentence(toSpeakerView(clause, context.persona_names)));
      }
    }
  }
  return { text: spoken.filter(Boolean).join(" "), greets };
}

const ACT_GREETING = "Well met, {address}.";

/**
 * `speakInstruction` in a plain voice, taking the first wording wherever there is a choice, with the
 * player addressed as `address`: for callers with no persona at hand.
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
