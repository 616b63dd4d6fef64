/**
 * "People who cook for a living", "women who sew for a living", "men who drive for Uber", "people who
 * dance professionally", "men who paint houses for a living": a verb with a word that says it is their
 * work names their job — the verb's agent (cook, tailor, driver, dancer, house painter) — never the verb
 * as a pastime, and never the everyday mix. The agent is found by English's own agent-noun endings in the
 * occupation data (teach → teacher, dance → dancer, act → actor, swim → swimmer); terms.json
 * `agents_of_verbs` holds the agents English forms otherwise (sew → tailor, fish → fisherman). An agent
 * the data does not know is the role as written ("juggler"), declared.
 */
import { knowledge, type Occupation } from "../knowledge/index.ts";
import { tokenise, type Token } from "../knowledge/words.ts";
import type { RoleReading } from "./parts.ts";
import { spanOf } from "./spans.ts";

/** Words after the verb (and its object) that make it their work: "for a living", "professionally" ("for work", "full time" do not: "who travel for work", "who study full time"). */
const LIVING_MARKERS: ReadonlyArray<readonly string[]> = [
  ["for", "a", "living"],
  ["for", "their", "living"],
  ["for", "a", "job"],
  ["as", "a", "job"],
  ["as", "their", "job"],
  ["as", "a", "career"],
  ["for", "money"],
  ["for", "pay"],
  ["for", "wages"],
  ["professionally"],
];

/** Words that may open the clause of the verb ("who sew", "that drive", "who still teach"). */
const CLAUSE_OPENERS = new Set(["who", "that"]);

/** Verbs after "now" that name no trade of their own ("now live in Spain", "now work in tech": read elsewhere). */
const NOT_A_TRADE = new Set(["live", "lives", "living", "work", "works", "working", "retired", "retire", "study", "studying", "raise", "raising", "care", "caring", "look", "looking", "have", "has", "having", "are", "is", "run", "running", "own", "owning"]);

/** Words that end a verb's object after "now": where, with whom, or the next clause. */
const OBJECT_ENDS = new Set(["in", "at", "on", "for", "from", "near", "across", "around", "and", "or", "who", "that", "with", "since", "after", "while"]);

/** Small words inside a verb's object ("drive a taxi", "cut people's hair", "paint the houses"). */
const OBJECT_ARTICLES = new Set(["a", "an", "the", "their", "other", "people's"]);

export type LivingRole = { role: Exclude<RoleReading, { kind: "general" }>; rank: number; start: number; end: number; declared?: string };

function occupationNamed(phrase: string): Occupation | undefined {
  const words = tokenise(phrase);
  const match = knowledge().lexicon.matchAt(words, 0);
  return match?.entry.kind === "occupation" && match.length === words.length ? match.entry.occupation : undefined;
}

/** The verb's plain form from what the prompt wrote: "teaches" → teach, "drives" → drive, "sewing" → sew, "running" → run. */
function plainForms(word: string): string[] {
  if (word.endsWith("ing") && word.length > 5) {
    const stem = word.slice(0, -3);
    return [stem, `${stem}e`, /(.)\1$/.test(stem) ? stem.slice(0, -1) : ""].filter(Boolean);
  }
  if (/(?:ch|sh|ss|x)es$/.test(word)) return [word.slice(0, -2), word];
  if (/[^s]s$/.test(word) && word.length > 3) return [word.slice(0, -1), word];
  return [word];
}

/** English agent nouns of a verb, most usual first: teach → teacher, dance → dancer, swim → swimmer, act → actor, type → typist. */
function agentForms(verb: string): string[] {
  const stem = verb.endsWith("e") ? verb.slice(0, -1) : verb;
  // One syllable ending consonant-vowel-consonant doubles its last letter: run → runner, swim → swimmer.
  const doubled = /^[^aeiou]*[aeiou][bdgklmnprt]$/.test(verb) ? [`${verb}${verb.slice(-1)}er`] : [];
  return [...new Set([...doubled, verb.endsWith("e") ? `${verb}r` : `${verb}er`, `${stem}or`, `${stem}ist`])];
}

/** Whether the verb's -ing form names a sport (run → running, swim → swimming, box → boxing). */
function sportOfVerb(verb: string): boolean {
  const forms = [`${verb}ing`, verb.endsWith("e") ? `${verb.slice(0, -1)}ing` : "", /^[^aeiou]*[aeiou][bdgklmnprt]$/.test(verb) ? `${verb}${verb.slice(-1)}ing` : ""].filter(Boolean);
  return forms.some((form) => {
    const match = knowledge().lexicon.matchAt(tokenise(form), 0);
    return match?.entry.kind === "activity" && match.entry.activity.kind === "sport";
  });
}

/** Whether the words at `index` name a place ("for Dubai" is where they went, no platform they work for). */
function namesAPlace(tokens: readonly Token[], index: number): boolean {
  const kind = knowledge().lexicon.matchAt(tokens, index)?.entry.kind;
  return kind === "city" || kind === "country" || kind === "region" || kind === "area";
}

/** The marker's length when one starts at `index`, else 0. */
function markerAt(tokens: readonly Token[], index: number): number {
  for (const marker of LIVING_MARKERS) if (marker.every((word, offset) => tokens[index + offset]?.text === word)) return marker.length;
  return 0;
}

/**
 * The job a "who <verb> … for a living" clause names, claimed before the phrase table reads the verb as
 * a job's word or a pastime. `for <Name>` after the verb ("drive for Uber", "deliver for Deliveroo") is a
 * platform they work for: "<Name> <agent>" when the data has it, else the agent with the name declared.
 */
export function readLivingVerb(text: string, tokens: readonly Token[], claimed: boolean[]): LivingRole | undefined {
  const irregular = knowledge().terms.agents_of_verbs;
  for (let verb = 0; verb < tokens.length; verb++) {
    const token = tokens[verb] as Token;
    const opened = CLAUSE_OPENERS.has(tokens[verb - 1]?.text ?? "") || (tokens[verb - 1]?.text === "still" && CLAUSE_OPENERS.has(tokens[verb - 2]?.text ?? ""));
    // "Ex-teachers now driving taxis", "former nurses who now teach": "now" before a verb says it is their work.
    const now = tokens[verb - 1]?.text === "now" && !NOT_A_TRADE.has(token.text);
    if (claimed[verb] || !(opened || now || (token.text.endsWith("ing") && verb > 0))) continue;
    // The object: up to three words before the marker ("paint houses", "drive a taxi").
    let marker = verb + 1;
    while (marker < tokens.length && marker - verb <= 4 && markerAt(tokens, marker) === 0 && !(tokens[marker]?.text === "for" && /^\p{Lu}/u.test(tokens[marker + 1]?.raw ?? ""))) marker++;
    let markerLength = markerAt(tokens, marker);
    const platform = markerLength === 0 && tokens[marker]?.text === "for" && /^\p{Lu}/u.test(tokens[marker + 1]?.raw ?? "") && !namesAPlace(tokens, marker + 1) ? (tokens[marker + 1] as Token) : undefined;
    if (markerLength === 0 && !platform && now) {
      // With "now" the object runs to where, with whom or the clause's end ("now driving taxis in Lagos").
      marker = verb + 1;
      while (marker < tokens.length && marker - verb <= 3 && !OBJECT_ENDS.has((tokens[marker] as Token).text)) marker++;
      markerLength = 0;
    } else if (markerLength === 0 && !platform) continue;
    const object = tokens.slice(verb + 1, marker).filter((word) => !OBJECT_ARTICLES.has(word.text));
    if (tokens.slice(verb + 1, marker).some((_, offset) => claimed[verb + 1 + offset])) continue;
    const objectWords = object.map((word) => word.singular).join(" ");
    const objectAsWritten = object.map((word) => word.text).join(" ");
    const listedWith = (plain: string) => (object.length > 0 ? (irregular[`${plain} ${objectAsWritten}`] ?? irregular[`${plain} ${objectWords}`]) : undefined);
    let found: { occupation?: Occupation; value: string; objectRead: boolean } | undefined;
    for (const plain of plainForms(token.text)) {
      const listed = listedWith(plain) ?? irregular[plain];
      const agents = [...(listed ? [listed] : []), plain, ...agentForms(plain)];
      for (const agent of agents) {
        const phrases = [...(platform ? [`${platform.raw} ${agent}`] : []), ...(objectWords ? [`${objectWords} ${agent}`] : []), agent];
        for (const phrase of phrases) {
          const occupation = occupationNamed(phrase);
          if (occupation) {
            found = { occupation, value: phrase, objectRead: phrase !== agent || listedWith(plain) !== undefined };
            break;
          }
        }
        if (found) break;
      }
      if (found) break;
    }
    // After "now" or before "for <Name>" only a job the data knows is read: "now live in Spain", "who left
    // Manila for Dubai" name none.
    if (((now && markerLength === 0) || platform) && !found?.occupation) continue;
    const plain = plainForms(token.text)[0] as string;
    // "who run for a living", "who swim professionally": a sport's verb is a professional athlete's work.
    if (!found && sportOfVerb(plain)) {
      const athlete = occupationNamed("professional athlete");
      if (athlete) found = { occupation: athlete, value: agentForms(plain)[0] as string, objectRead: false };
    }
    const regular = irregular[plain] ?? (agentForms(plain)[0] as string);
    found ??= { value: listedWith(plain) ?? (objectWords ? `${objectWords} ${regular}` : regular), objectRead: true };
    const end = platform ? marker + 2 : marker + markerLength;
    const start = opened ? (tokens[verb - 1]?.text === "still" ? verb - 2 : verb - 1) : verb;
    const span = spanOf(text, tokens, start, end - start);
    for (let position = start; position < end; position++) claimed[position] = true;
    const declared = [!found.objectRead && object.length > 0 ? object.map((word) => word.raw).join(" ") : "", platform && !found.value.startsWith(platform.raw) ? platform.raw : ""].filter(Boolean).join(", ");
    const role: LivingRole["role"] = found.occupation ? { kind: "occupation", occupation: found.occupation, value: found.value, span } : { kind: "as-written", value: found.value, span };
    return { role, rank: 1, start, end, ...(declared ? { declared } : {}), ...(found.occupation ? {} : { declared: `${span.text} (${found.value}: occupation as written; no survey data)` }) };
  }
  return undefined;
}
