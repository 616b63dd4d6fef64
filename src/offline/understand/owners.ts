/**
 * People who own or run a business or a workplace: "veterans running small businesses", "families who
 * own vineyards", "brothers running a hotel", "couples running a farm", "nuns running a school", "gym
 * owners", "hotel owners". The business is theirs — its owner's or manager's job — never "running" as a
 * sport, and never a bare "owner". Read before the phrase table, which would take the workplace alone.
 */
import { knowledge, type Occupation } from "../knowledge/index.ts";
import { tokenise, type Token } from "../knowledge/words.ts";
import type { PromptParts, RoleReading } from "./parts.ts";
import { spanOf } from "./spans.ts";

/** Verbs whose object is a business the people own or run ("running small businesses", "who own vineyards"). */
const OWNING_VERBS = new Set(["run", "runs", "running", "ran", "own", "owns", "owning", "operate", "operates", "operating", "manage", "manages", "managing"]);
/** Of those, the verbs that say only that they own it. */
const OWN_ONLY = new Set(["own", "owns", "owning"]);
/** Words between such a verb and what it owns that say nothing of the business's kind. */
const OWNED_DETERMINERS = new Set(["a", "an", "the", "their", "his", "her", "its", "own", "several", "two", "three"]);
/** Words before a business that say only its size or who runs it: dropped, what is left is still the business. */
const DESCRIBING_WORDS = new Set(["small", "little", "independent", "family", "local"]);
/** Nouns for the one who owns a business, after its name ("hotel owners", "farm proprietors"). */
const OWNER_NOUNS = new Set(["owner", "proprietor"]);

type Indexes = { owners: Map<string, Occupation>; runners: Map<string, { occupation: Occupation; name: string }>; workplaces: Map<string, { value: string; industry: string }> };
let indexes: Indexes | undefined;

/**
 * What an occupation owns, from its names "<thing> owner" and "owner of a <thing>" ("bakery" → small-bakery
 * owner); what it runs, from "<thing> manager" and "<thing> principal" ("hotel" → hotel manager, "school"
 * → school principal); and the workplaces a prompt may name (terms.json), by their singular words.
 */
function ownedIndexes(): Indexes {
  if (indexes) return indexes;
  const owners = new Map<string, Occupation>();
  const runners = new Map<string, { occupation: Occupation; name: string }>();
  for (const occupation of knowledge().occupations) {
    for (const name of [occupation.name, ...occupation.aliases]) {
      const words = tokenise(name).map((token) => token.singular);
      const last = words.at(-1);
      if ((last === "manager" || last === "principal") && words.length > 1 && !runners.has(words.slice(0, -1).join(" "))) runners.set(words.slice(0, -1).join(" "), { occupation, name });
      const thing = last === "owner" ? words.slice(0, -1) : words[0] === "owner" && words[1] === "of" ? words.slice(2).filter((word) => !OWNED_DETERMINERS.has(word)) : [];
      if (thing.length === 0) continue;
      const key = thing.join(" ");
      if (!owners.has(key)) owners.set(key, occupation);
      // "small-bakery owner" owns a bakery too; a "funeral home" or "food truck" is not a home or a truck.
      if (thing.length > 1 && DESCRIBING_WORDS.has(thing[0] as string) && !owners.has(thing.slice(1).join(" "))) owners.set(thing.slice(1).join(" "), occupation);
    }
  }
  const workplaces = new Map<string, { value: string; industry: string }>();
  for (const workplace of knowledge().terms.workplaces) {
    // A workplace people live in (a prison, a care home) is run by staff, not owned by its people.
    if (workplace.residents) continue;
    for (const alias of workplace.aliases) {
      const words = tokenise(alias).map((token) => token.singular).filter((word) => !OWNED_DETERMINERS.has(word));
      if (words.length > 0 && !workplaces.has(words.join(" "))) workplaces.set(words.join(" "), { value: workplace.value, industry: workplace.industry });
    }
  }
  indexes = { owners, runners, workplaces };
  return indexes;
}

/** The occupation named "<thing>er" ("farm" → farmer, "ranch" → rancher): who works their own. */
function agentOfThing(thing: string): Occupation | undefined {
  const words = tokenise(`${thing}${thing.endsWith("e") ? "r" : "er"}`);
  const match = knowledge().lexicon.matchAt(words, 0);
  return match?.entry.kind === "occupation" && match.length === words.length ? match.entry.occupation : undefined;
}

/** Who owns (`owning`) or runs the business a thing's singular words name, if it is one. */
function businessOf(thing: string, written: string, owning: boolean): { occupation?: Occupation; value: string; workplace?: { value: string; industry: string } } | undefined {
  const { owners, runners, workplaces } = ownedIndexes();
  const owner = owners.get(thing);
  if (owner) return { occupation: owner, value: `${written} owner` };
  const runner = runners.get(thing);
  if (runner) return { occupation: runner.occupation, value: owning ? `${written} owner` : runner.name };
  // Only a workplace's agent: "running a farm" is farming, "operating trucks" no trucker's business.
  const workplace = workplaces.get(thing);
  if (!workplace) return undefined;
  const agent = agentOfThing(thing);
  if (agent) return { occupation: agent, value: owning ? `${written} owner` : agent.name };
  return { value: `${written} owner`, workplace };
}

export type OwnerRole = { role: Exclude<RoleReading, { kind: "general" }>; rank: number; start: number; end: number };

/**
 * Reads "<run/own> <a business>" and "<business> owners": the business's owner or manager as the role —
 * an occupation the data names, else "<business> owner" as written (declared), working at that workplace.
 * The words read are claimed before the phrase table sees them; `written` gives a run of tokens as written,
 * in the singular.
 */
export function readOwnedBusinesses(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[], written: (start: number, end: number) => string): OwnerRole[] {
  const found: OwnerRole[] = [];
  const take = (start: number, end: number, thingStart: number, thingEnd: number, reading: NonNullable<ReturnType<typeof businessOf>>) => {
    const span = spanOf(text, tokens, start, end - start);
    for (let position = start; position < end; position++) claimed[position] = true;
    if (reading.workplace) {
      parts.workplace ??= { ...reading.workplace, span: spanOf(text, tokens, thingStart, thingEnd - thingStart) };
      parts.unmodelled.push(span.text);
    }
    const role: OwnerRole["role"] = reading.occupation ? { kind: "occupation", occupation: reading.occupation, value: reading.value, span } : { kind: "as-written", value: reading.value, span };
    found.push({ role, rank: 1, start, end });
  };
  for (let verb = 0; verb < tokens.length; verb++) {
    if (claimed[verb] || !OWNING_VERBS.has((tokens[verb] as Token).text)) continue;
    let first = verb + 1;
    while (first < tokens.length && OWNED_DETERMINERS.has((tokens[first] as Token).text)) first++;
    // Up to two describing words before the business ("small family restaurants"), the longest name first.
    let taken = false;
    for (let start = first; start <= first + 2 && !taken; start++) {
      for (let length = 3; length >= 1 && !taken; length--) {
        if (start + length > tokens.length || tokens.slice(first, start + length).some((_, offset) => claimed[first + offset])) continue;
        const key = tokens.slice(start, start + length).map((token) => token.singular).join(" ");
        const reading = businessOf(key, written(first, start + length), OWN_ONLY.has((tokens[verb] as Token).text));
        if (!reading) continue;
        take(verb, start + length, first, start + length, reading);
        verb = start + length - 1;
        taken = true;
      }
    }
  }
  // "Hotel owners", "gym owners", "farm owners": the business before the owner's noun.
  for (let noun = 1; noun < tokens.length; noun++) {
    if (claimed[noun] || !OWNER_NOUNS.has((tokens[noun] as Token).singular)) continue;
    for (let length = Math.min(3, noun); length >= 1; length--) {
      const start = noun - length;
      if (tokens.slice(start, noun).some((_, offset) => claimed[start + offset])) continue;
      const key = tokens.slice(start, noun).map((token) => token.singular).join(" ");
      const reading = businessOf(key, written(start, noun), true);
      if (!reading) continue;
      take(start, noun + 1, start, noun, reading);
      break;
    }
  }
  return found;
}
