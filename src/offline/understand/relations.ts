/**
 * People named by their relation to a thing, a product or a service — "users of a meditation app",
 * "subscribers to The Economist", "iPhone users", "Netflix subscribers", "Kindle owners": the relation
 * is who they are, never a job made of the thing ("works as an iPhone", an economist).
 */
import { withArticle } from "../../engine/articles.ts";
import { knowledge, type Situation } from "../knowledge/index.ts";
import { fold, singularWord, type Token } from "../knowledge/words.ts";
import type { PromptParts, RoleReading } from "./parts.ts";
import { spanOf } from "./spans.ts";

/** Nouns for people by their relation to a thing, a product or a service: "users of", "subscribers to", "owners of". */
const RELATION_NOUNS = new Set(["user", "customer", "subscriber", "listener", "viewer", "reader", "buyer", "client", "follower", "owner", "shopper", "patron", "holder", "fan", "supporter", "admirer", "devotee"]);

/**
 * "Users of a meditation app", "Subscribers of a streaming service", "Owners of electric bikes": a
 * relation noun heading the prompt, before "of"/"to", names their relation to the thing — never a job
 * ("works as an app"). With an activity read in the thing they take part in it ("meditation app
 * user"); otherwise the relation is who they are (a field, declared: the thing is not modelled), and
 * their jobs are the everyday mix. A local place's customers ("customers of a bakery") stay its customers.
 */
export function readRelationOfThing(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[], roleEnd: ReadonlySet<string>): void {
  const index = tokens.findIndex((token) => !knowledge().stopWords.has(token.text) || RELATION_NOUNS.has(token.singular));
  const noun = tokens[index];
  if (!noun || !RELATION_NOUNS.has(noun.singular) || noun.text === noun.singular || !["of", "to"].includes(tokens[index + 1]?.text ?? "")) return;
  // The thing: the words after "of" up to the first word that ends the role ("in Europe", "who …").
  let end = index + 2;
  while (end < tokens.length && !roleEnd.has((tokens[end] as Token).text)) end++;
  const thingStart = ["a", "an", "the"].includes(tokens[index + 2]?.text ?? "") ? index + 3 : index + 2;
  if (thingStart >= end) return;
  // "Subscribers to The Economist": a job's word inside the thing's name is the thing, not their job.
  const inThing = (role: RoleReading) => role.kind !== "general" && role.span.start >= (tokens[thingStart] as Token).start && role.span.end <= (tokens[end - 1] as Token).end;
  if (parts.workplace || parts.roles.some((role) => !inThing(role) && (role.kind === "occupation" || role.kind === "participant" || role.kind === "condition-holder" || role.kind === "setting-role"))) return;
  parts.roles = parts.roles.filter((role) => !inThing(role));
  const thing = text.slice((tokens[thingStart] as Token).start, (tokens[end - 1] as Token).end);
  const span = spanOf(text, tokens, index, end - index);
  const activity = parts.activities.find((entry) => entry.span.start >= (tokens[thingStart] as Token).start && entry.span.end <= span.end);
  const written = text.slice(noun.start, noun.end);
  const nounWord = (/^\p{Lu}\p{Ll}/u.test(written) ? written.toLowerCase() : written).replace(/s$/, "");
  // The role word as read ("app", "subscriber") is no job: it leaves the roles and what was declared of it.
  const asJob = (role: RoleReading) => role.kind === "as-written" || (role.kind === "situation" && role.span.start === noun.start);
  const dropped = parts.roles.filter(asJob).map((role) => (role.kind === "general" ? "" : role.span.text));
  parts.roles = parts.roles.filter((role) => !asJob(role));
  parts.situations = parts.situations.filter((entry) => entry.span.start !== noun.start);
  parts.unmodelled = parts.unmodelled.filter((words) => !dropped.includes(words) && words !== written);
  if (activity) {
    parts.roles = [{ kind: "participant", activity: activity.activity, value: `${fold(thing)} ${singularWord(nounWord)}`, span }];
  } else {
    // "of a budget airline" keeps its article (a/an as the noun takes), "of electric bikes" none.
    const article = thingStart === index + 3 ? (tokens[index + 2] as Token).text : undefined;
    const value = `${singularWord(nounWord)} ${(tokens[index + 1] as Token).text} ${article === "the" ? `the ${thing}` : article ? withArticle(thing) : thing}`;
    const identity: Situation = { id: `identity:${fold(value)}`, aliases: [span.text], field: "relation", value, gender_mix_unknown: true };
    parts.roles = [{ kind: "situation", situation: identity, value, span }];
    parts.situations.push({ situation: identity, span });
    if (!parts.unmodelled.includes(thing)) parts.unmodelled.push(thing);
  }
  for (let position = index; position < end; position++) claimed[position] = true;
}

/**
 * "iPhone users", "Netflix subscribers", "PlayStation owners": a thing the data does not know, before a
 * relation noun, read as the role (as written, or the thing alone with the noun left over) is their
 * relation to it — a field of who they are, the thing declared, their jobs the everyday mix. A thing the
 * data knows as an activity ("Spotify users", "dog owners") or a business ("restaurant owners") was read
 * before; only the unknown ones come here.
 */
export function readRelationCompound(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const role = parts.roles[0];
  if (parts.roles.length !== 1 || role?.kind !== "as-written") return;
  const first = tokens.findIndex((token) => token.start === role.span.start);
  let last = tokens.findIndex((token) => token.end === role.span.end);
  if (first < 0 || last < 0) return;
  // "iPhone users": the role read was the thing alone, the relation noun after it.
  if (!RELATION_NOUNS.has((tokens[last] as Token).singular) && RELATION_NOUNS.has(tokens[last + 1]?.singular ?? "") && tokens[last + 1]?.text !== tokens[last + 1]?.singular) last++;
  const noun = tokens[last] as Token;
  if (last === first || !RELATION_NOUNS.has(noun.singular) || noun.text === noun.singular) return;
  const thing = text.slice((tokens[first] as Token).start, (tokens[last - 1] as Token).end);
  // An owner of a thing we do not know may own a business ("motel owners", "salon owners": their job);
  // only a name ("PlayStation owners", "owners in Ohio of a Kindle") is surely a product they own.
  const named = /\p{Ll}\p{Lu}/u.test(thing) || (first > 0 && /^\p{Lu}/u.test(thing));
  if (noun.singular === "owner" && !named) return;
  const span = spanOf(text, tokens, first, last + 1 - first);
  const value = `${thing} ${singularWord(noun.text)}`;
  const identity: Situation = { id: `identity:${fold(value)}`, aliases: [span.text], field: "relation", value, gender_mix_unknown: true };
  parts.roles = [{ kind: "situation", situation: identity, value, span }];
  parts.situations.push({ situation: identity, span });
  parts.unmodelled = parts.unmodelled.filter((words) => words !== role.span.text && words !== span.text);
  if (!parts.unmodelled.includes(thing)) parts.unmodelled.push(thing);
  for (let position = first; position <= last; position++) claimed[position] = true;
}
