/**
 * Which occupations are written with a working day that contradicts how their work is done: for
 * every occupation in occupations.json, the text group the writer picks (text/profile.ts) and the
 * words of that group's phrases that clash with the occupation's own attributes. A self-employed
 * day trader has no managers upstairs, a poker player no injuries or final whistle, an employed
 * curator no fellow freelancers. `npx tsx src/offline/knowledge/work-text-audit.ts` prints them.
 */
import { pathToFileURL } from "node:url";
import { groupForManner, workGroupOf } from "../text/profile.ts";
import { knowledge, type Occupation } from "./index.ts";
import { WORK_PHRASE_LISTS, type WorkGroup } from "./text-data.ts";

interface ClashRule {
  /** What about the occupation the words contradict. */
  reason: string;
  applies: (occupation: Occupation) => boolean;
  words: RegExp;
}

/**
 * Words that presume a way of working. They are matched in the group's phrases (workplaces, tasks,
 * moments, pride, frustrations, tools, people, lessons, goals), not in whole sentences: the words a
 * persona's day is built from.
 */
const CLASH_RULES: readonly ClashRule[] = [
  { reason: "self-employed: no employer", applies: (occupation) => occupation.self_employed === true, words: /\b(?:promotions?|managers?|boss(?:es)?|payroll|lanyard worn|head office|staff room|(?:get|switch to) (?:more )?(?:daytime |day )?shifts|the managers upstairs|colleagues in other branches|name badge)\b|\b(?:open|start|run|build) (?:a|an) [\w-]+(?: [\w-]+)? of \{their\} own\b/i },
  { reason: "works alone: no team", applies: (occupation) => occupation.solo === true, words: /\b(?:teammates?|the team|colleagues?|the crew|the rest of the company|staff ?room|the other teachers)\b/i },
  { reason: "works at a screen or table: no physical sport", applies: (occupation) => occupation.works_at !== undefined, words: /\b(?:injur(?:y|ies|ed)|training ground|the gym|the beach|final whistle|foam roller|pre-season|bag of kit|training twice a day|injury-free)\b/i },
  { reason: "employed: not a freelancer", applies: (occupation) => occupation.self_employed !== true && occupation.isco <= 3, words: /\b(?:freelancers?|unpaid invoices|invoices)\b/i },
];

export interface WorkTextClash {
  occupation: string;
  group: string;
  reason: string;
  phrases: string[];
}

function clashesOf(occupation: Occupation, group: WorkGroup): WorkTextClash[] {
  const phrases = WORK_PHRASE_LISTS.flatMap((list) => group[list]);
  return CLASH_RULES.filter((rule) => rule.applies(occupation))
    .map((rule) => ({ occupation: occupation.name, group: group.id, reason: rule.reason, phrases: phrases.filter((phrase) => rule.words.test(phrase)) }))
    .filter((clash) => clash.phrases.length > 0);
}

/**
 * Every occupation whose text group holds words that contradict how its work is done, and every
 * one a prompt may call freelance ("freelance accountants": the persona's `employment` says so)
 * whose group would still give it an employer.
 */
export function workTextClashes(): WorkTextClash[] {
  return knowledge().occupations.flatMap((occupation) => {
    const group = workGroupOf(occupation.name);
    if (!group) return [];
    const asFreelance = occupation.self_employed ? [] : clashesOf({ ...occupation, self_employed: true }, groupForManner(group, true)).map((clash) => ({ ...clash, reason: `${clash.reason} (when the prompt says freelance)` }));
    return [...clashesOf(occupation, groupForManner(group, occupation.self_employed === true)), ...asFreelance];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const clashes = workTextClashes();
  for (const clash of clashes) console.log(`${clash.occupation} → ${clash.group} (${clash.reason}): ${clash.phrases.map((phrase) => `"${phrase}"`).join(", ")}`);
  const occupations = new Set(clashes.map((clash) => clash.occupation));
  console.log(`\n${knowledge().occupations.length} occupations, ${occupations.size} written with text that contradicts them (${clashes.length} clashes).`);
}
