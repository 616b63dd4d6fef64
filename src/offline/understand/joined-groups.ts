/**
 * Two groups of people joined by "and"/"or" at the prompt's head ("Landlords and tenants in Berlin",
 * "Parents and teenagers in Toronto", "Retirees and students in Lisbon", "Coaches and players of youth
 * teams") are both the population: a union, never one group's trait made everyone's. What only one group
 * is (a situation or a qualifier the other has no value of) is not everyone's: it is dropped and declared,
 * and its ages join the population's; a group nothing was read for is declared, never silently lost.
 * A trait both groups hold ("mums and dads": parents) and roles that are jobs ("doctors and nurses",
 * "students and teachers") stay: compose draws each as a share. Two values of one field ("tenants and
 * homeowners") are each one group's: compose would join them into one value, so both are declared.
 */
import type { PromptParts, Span } from "./parts.ts";
import type { Token } from "../knowledge/words.ts";

interface Group {
  first: number;
  last: number;
  span: Span;
}

/** Words that end the head's run of people words: where, who, which, of whom. */
const RUN_END = new Set(["in", "from", "at", "on", "of", "with", "who", "that", "whose", "living", "working", "aged", "between", "over", "under", "for", "across", "around", "near", "during", "by", "their", "his", "her"]);
const JOINERS = new Set(["and", "or", "&"]);
/** Plurals the singular rule keeps as they are: "grandchildren", "townspeople", "folk". */
const PLURAL_PEOPLE = /(?:children|people|folks?|staff|police|clergy)$/;

/** The groups of the prompt's head when it joins two or more plural people words ("Parents and teenagers"), else none. */
function headGroups(text: string, tokens: readonly Token[]): Group[] {
  const groups: Group[] = [];
  let first = 0;
  for (let index = 0; index <= tokens.length; index++) {
    const token = tokens[index];
    const ends = !token || RUN_END.has(token.text) || /[,;:.(]/.test(text.slice(tokens[index - 1]?.end ?? 0, token.start));
    if (ends || JOINERS.has(token.text)) {
      if (index === first) return [];
      const last = tokens[index - 1] as Token;
      // Each group ends in a plural noun ("Black and Hispanic women" is one group of women).
      if (last.text === last.singular && !PLURAL_PEOPLE.test(last.text)) return [];
      const start = (tokens[first] as Token).start;
      groups.push({ first, last: index - 1, span: { start, end: last.end, text: text.slice(start, last.end) } });
      first = index + 1;
      if (ends) break;
    }
  }
  return groups.length >= 2 ? groups : [];
}

const within = (span: Span, group: Group): boolean => span.start >= group.span.start && span.end <= group.span.end;

/** Drops what only one of the joined groups is, declares it and any group nothing was read for, and joins the ages. */
export function readJoinedGroups(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[], readElsewhere: readonly Span[]): void {
  const groups = headGroups(text, tokens);
  if (groups.length === 0) return;
  const traitsOf = (group: Group) => [
    ...parts.situations.filter((entry) => within(entry.span, group)).map((entry) => ({ field: entry.situation.field, value: entry.situation.value, min: entry.situation.min_age, max: entry.situation.max_age, span: entry.span })),
    ...parts.qualifiers.filter((entry) => within(entry.span, group)).map((entry) => ({ field: entry.qualifier.field, value: entry.qualifier.value, min: entry.qualifier.min_age, max: entry.qualifier.max_age, span: entry.span })),
  ];
  const jobOf = (group: Group) => parts.roles.some((role) => (role.kind === "occupation" || role.kind === "setting-role" || role.kind === "as-written") && within(role.span, group));
  const dropped: Span[] = [];
  const ages: Array<[number, number]> = [];
  for (const group of groups) {
    const others = groups.filter((other) => other !== group);
    for (const trait of traitsOf(group)) {
      // Both groups are it ("mums and dads": parents), or both have a job (a trait that is a job): compose draws each.
      // Two values of one field ("tenants and homeowners") would be joined into one value: not everyone's either.
      const shared = others.every((other) => traitsOf(other).some((item) => item.field === trait.field && item.value === trait.value) || (trait.field === "occupation" && jobOf(other)));
      if (shared) continue;
      dropped.push(trait.span);
      if (trait.min !== undefined && trait.max !== undefined) ages.push([trait.min, trait.max]);
    }
    // Read: a word of it was (an age or sex word counts), or a role is its.
    const read = tokens.slice(group.first, group.last + 1).some((token, offset) => claimed[group.first + offset] || readElsewhere.some((span) => span.start <= token.start && span.end >= token.end)) || parts.roles.some((role) => role.kind !== "general" && within(role.span, group));
    if (read) continue;
    parts.unmodelled.push(`${group.span.text} (one of the groups named, not modelled)`);
    for (let index = group.first; index <= group.last; index++) claimed[index] = true;
  }
  if (dropped.length === 0) return;
  const isDropped = (span: Span) => dropped.some((item) => item.start === span.start && item.end === span.end);
  parts.situations = parts.situations.filter((entry) => !isDropped(entry.span));
  parts.qualifiers = parts.qualifiers.filter((entry) => !isDropped(entry.span));
  parts.roles = parts.roles.filter((role) => role.kind !== "situation" || !isDropped(role.span));
  for (const span of new Set(dropped.map((item) => item.text))) parts.unmodelled.push(`${span} (one of the groups named: not everyone)`);
  // The ages the prompt's words gave the other group join those of the dropped trait's people.
  const age = parts.age;
  if (age && groups.some((group) => age.span.start >= group.span.start && age.span.end <= (groups.at(-1) as Group).span.end) && ages.length > 0) {
    parts.age = { min: Math.min(age.min, ...ages.map(([min]) => min)), max: Math.max(age.max, ...ages.map(([, max]) => max)), span: age.span };
  }
}
