/**
 * People named by the organisation they belong to ("Employees of Google in Zurich", "Staff at the NHS",
 * "Members of the Bundestag", "Students at the Sorbonne", "UN staff in Geneva", "Google engineers"): the
 * organisation is their employer or institution — never a place and never their job. A table of
 * well-known organisations (data/organisations.json) gives its kind, home country and, per kind, the jobs
 * such an employer has; an unknown name is an organisation by its structure (a company suffix — Inc, Ltd,
 * GmbH, Bank, Airlines, FC — or "employees of <Name>"), declared. Read before places, so "the Sorbonne"
 * is no unknown place and "Google" no job.
 */
import { z } from "zod";
import file from "../data/organisations.json" with { type: "json" };
import { checkedAtTestTime } from "../knowledge/checked.ts";
import { knowledge, type Situation } from "../knowledge/index.ts";
import { fold, tokenise, type Token } from "../knowledge/words.ts";
import type { PromptParts, Span, OrganisationReading } from "./parts.ts";

export type { OrganisationReading };
import { spanOf } from "./spans.ts";

/** `worldwide`: its people work in many countries (a chain, an NGO): its seat is not their place. */
const KindSchema = z.object({ industry: z.string().min(1), relation: z.enum(["staff", "members"]), jobs: z.record(z.string().min(1), z.number().positive()), worldwide: z.boolean().optional() });
/** `men_only`: it admits men only (the Foreign Legion, Mount Athos); `conscript_ages`: the ages its conscripts serve at; `rules_basis`: where both come from. */
const OrganisationSchema = z.object({ name: z.string().min(1), aliases: z.array(z.string().min(1)).min(1), kind: z.string().min(1), country: z.string().length(2).optional(), city: z.string().min(1).optional(), worldwide: z.boolean().optional(), men_only: z.boolean().optional(), conscript_ages: z.tuple([z.number().int(), z.number().int()]).optional(), rules_basis: z.string().min(1).optional() });
const FileSchema = z.object({ about: z.string().min(1), sources: z.array(z.string().min(1)).min(1), kinds: z.record(z.string().min(1), KindSchema), organisations: z.array(OrganisationSchema).min(100) });

/** The data file and its schema, checked at test time. */
export const ORGANISATIONS_FILE = [FileSchema, file] as const;

export type OrganisationKind = z.infer<typeof KindSchema>;


const data = () => checkedAtTestTime(FileSchema, file);

/** Words for an organisation's people that name no job of their own. */
const GENERAL_STAFF = new Set(["employee", "employees", "staff", "staffer", "staffers", "worker", "workers", "personnel", "workforce", "crew", "intern", "interns", "member", "members", "volunteer", "volunteers", "people", "team", "officials", "official"]);
const STUDENT_NOUNS = new Set(["student", "students", "alumni", "alumnus", "graduates", "graduate", "undergraduates", "postgraduates"]);
const PLAYER_NOUNS = new Set(["player", "players", "footballers", "footballer", "squad"]);
/** Job nouns that say who an organisation's people are ("Google engineers", "NHS nurses", "BBC journalists"). */
const JOB_NOUNS = /^(?:conscripts?|recruits?|draftees?|legionnaires?|marines?|airmen|airwomen|servicemen|servicewomen|cadets?|constables?|sergeants?|engineers?|developers?|programmers?|designers?|scientists?|researchers?|nurses?|doctors?|surgeons?|physicians?|midwives|midwife|paramedics?|journalists?|reporters?|presenters?|producers?|editors?|professors?|lecturers?|academics?|teachers?|pilots?|analysts?|consultants?|bankers?|traders?|lawyers?|partners?|associates?|accountants?|executives?|managers?|directors?|officers?|agents?|diplomats?|soldiers?|troops|sailors?|monks?|nuns?|mps|meps|deputies|senators?|legislators?|representatives|lawmakers?|cashiers?|baristas?|clerks?|coaches?|astronauts?|mechanics?|technicians?|guards?|cleaners?|cooks?|chefs?|interpreters?|translators?|economists?)$/;
/** Words before an organisation's name that make its people belong to it. */
const LEADS = new Set(["of", "at", "for", "with", "on", "from"]);
/** Kinds whose people are "in" them ("Sailors in the Royal Navy", "Members in the Bundestag"); "in" before a company is a place's word. */
const IN_KINDS = new Set(["armed forces", "police force", "legislature", "monastic community", "trade union", "political party"]);
/** The people of a service who are conscripted: of conscription age. */
const CONSCRIPTS = new Set(["conscripts", "conscript", "draftees", "draftee", "recruits", "recruit", "servicemen", "national servicemen"]);
/** Conscription ages where the data gives none: most conscription is at 18-22 (an assumption). */
const CONSCRIPT_AGES: readonly [number, number] = [18, 22];
/** The last word of a name that makes it an organisation's, whatever the name. */
const ORGANISATION_SUFFIXES = new Set(["inc", "ltd", "llc", "gmbh", "ag", "sa", "plc", "corp", "corporation", "co", "company", "group", "holdings", "industries", "technologies", "labs", "systems", "solutions", "bank", "airlines", "airways", "motors", "fc", "foundation", "agency", "ministry", "authority", "partners", "associates", "enterprises", "ventures", "studios", "pharmaceuticals", "insurance", "consulting"]);

interface Entry {
  name: string;
  words: string[];
  kind: string;
  country?: string;
  menOnly: boolean;
  worldwide: boolean;
  city?: string;
  conscriptAges?: readonly [number, number];
  /** A short alias ("un", "who", "bp") read only in capitals, so "who" and "Who" are never the WHO. */
  acronym: boolean;
}

/**
 * A one-word alias of four letters or fewer is an acronym ("un", "who", "bp"), read only in capitals, unless
 * the organisation's name writes it as a word ("the Sejm", "the Duma", "Kia").
 */
function shortAcronym(words: readonly string[], name: string): boolean {
  const word = words[0] as string;
  if (words.length !== 1 || word.length > 4) return false;
  return !tokenise(name).some((token) => token.text === word && /^\p{Lu}\p{Ll}/u.test(token.raw));
}

let index: Map<string, Entry[]> | undefined;

function entries(): Map<string, Entry[]> {
  if (index) return index;
  index = new Map();
  for (const organisation of data().organisations) {
    for (const alias of organisation.aliases) {
      const words = tokenise(alias).map((token) => token.text);
      const entry: Entry = { name: organisation.name, words, kind: organisation.kind, ...(organisation.country ? { country: organisation.country } : {}), menOnly: organisation.men_only === true, worldwide: organisation.worldwide === true || data().kinds[organisation.kind]?.worldwide === true, ...(organisation.city ? { city: organisation.city } : {}), ...(organisation.conscript_ages ? { conscriptAges: organisation.conscript_ages } : {}), acronym: shortAcronym(words, organisation.name) };
      index.set(words[0] as string, [...(index.get(words[0] as string) ?? []), entry]);
    }
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
}

/** The organisations table, for tests. */
export function organisations(): z.infer<typeof FileSchema> {
  return data();
}

const capitalised = (token: Token | undefined): boolean => token !== undefined && /^\p{Lu}/u.test(token.raw);
const allCapitals = (token: Token | undefined): boolean => token !== undefined && /^[\p{Lu}\d&]+$/u.test(token.raw);

/** The table's organisation whose name starts at `at`, written as its name is written (capitals). */
function tableMatch(tokens: readonly Token[], at: number, usable: (position: number) => boolean): { entry: Entry; length: number } | undefined {
  for (const entry of entries().get((tokens[at] as Token).text) ?? []) {
    if (!entry.words.every((word, offset) => tokens[at + offset]?.text === word && usable(at + offset))) continue;
    // A name is written with capitals ("Real Madrid", "the Sorbonne"); a short one all in capitals ("UN", "WHO").
    if (entry.acronym ? !allCapitals(tokens[at]) : !capitalised(tokens[at])) continue;
    return { entry, length: entry.words.length };
  }
  return undefined;
}

/** An unknown organisation's name at `at`: capitalised words ending in a company word ("Zorblax Inc", "Acme Airlines"). */
function unknownByStructure(tokens: readonly Token[], at: number, usable: (position: number) => boolean): number | undefined {
  let end = at;
  while (usable(end) && capitalised(tokens[end]) && !LEADS.has((tokens[end] as Token).text)) end++;
  if (end - at < 2) return undefined;
  return ORGANISATION_SUFFIXES.has((tokens[end - 1] as Token).text) ? end - at : undefined;
}

/** The length of an activity's name the phrase table reads at `at` (0 if none). */
function activityAt(tokens: readonly Token[], at: number, usable: (position: number) => boolean): number {
  const match = knowledge().lexicon.matchAt(tokens, at, usable);
  return match && (match.entry.kind === "activity" || match.entry.kind === "activity-role") ? match.length : 0;
}

/** The place the phrase table reads at `at`, if any ("in Zurich"): a place's name is never an unknown organisation. */
function placeAt(tokens: readonly Token[], at: number, usable: (position: number) => boolean): boolean {
  const match = knowledge().lexicon.matchAt(tokens, at, usable);
  return match !== undefined && ["city", "region", "country", "area", "setting"].includes(match.entry.kind);
}

function relationOf(noun: string | undefined, kind: OrganisationKind | undefined): { relation: OrganisationReading["relation"]; ownJob: boolean } {
  const word = noun ?? "";
  if (STUDENT_NOUNS.has(word)) return { relation: "students", ownJob: true };
  if (PLAYER_NOUNS.has(word)) return { relation: "players", ownJob: true };
  if (kind?.relation === "members") return { relation: "members", ownJob: JOB_NOUNS.test(word) };
  return { relation: "staff", ownJob: JOB_NOUNS.test(word) };
}

function normalised(jobs: Record<string, number>): Record<string, number> | undefined {
  const total = Object.values(jobs).reduce((sum, weight) => sum + weight, 0);
  return total > 0 ? Object.fromEntries(Object.entries(jobs).map(([job, weight]) => [job, weight / total])) : undefined;
}

/**
 * The organisation the prompt's people belong to, read before places: "<people> of/at (the) <Org>" or
 * "<Org> <people>". Claims the organisation's words (and "the" and the lead word before them); an unknown
 * one is declared. The employer is a qualifier (field `employer`) the design shows.
 */
export function readOrganisation(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): OrganisationReading | undefined {
  const usable = (position: number) => position >= 0 && position < tokens.length && !claimed[position];
  for (let at = 0; at < tokens.length; at++) {
    if (!usable(at) || !capitalised(tokens[at])) continue;
    const theBefore = tokens[at - 1]?.text === "the" ? 1 : 0;
    const lead = tokens[at - 1 - theBefore];
    const noun = tokens[at - 2 - theBefore];
    const found = tableMatch(tokens, at, usable);
    // "Employees of Google", "Staff at the NHS", "Students at the Sorbonne".
    const ledBy = lead !== undefined && (LEADS.has(lead.text) || (lead.text === "in" && found !== undefined && IN_KINDS.has(found.entry.kind))) && noun !== undefined && (GENERAL_STAFF.has(noun.text) || STUDENT_NOUNS.has(noun.text) || PLAYER_NOUNS.has(noun.text) || JOB_NOUNS.test(noun.text));
    let length = found?.length;
    let peopleNoun: string | undefined;
    if (found && ledBy) peopleNoun = noun?.text;
    else if (found) {
      // "Google engineers", "NHS nurses", "UN staff", "Toyota factory workers" — not a platform or game of
      // the same name before its people ("Netflix viewers", "Spotify teachers" teach on it).
      const after = [tokens[at + found.length], tokens[at + found.length + 1]];
      const next = after.find((token, offset) => token && (GENERAL_STAFF.has(token.text) || STUDENT_NOUNS.has(token.text) || PLAYER_NOUNS.has(token.text) || JOB_NOUNS.test(token.text)) && (offset === 0 || !LEADS.has((after[0] as Token).text)));
      if (!next || (activityAt(tokens, at, usable) >= found.length && !GENERAL_STAFF.has(next.text))) continue;
      peopleNoun = next.text;
    } else {
      // Unknown: a company word ends the name ("Zorblax Inc"), or staff words lead it ("Employees of Zorblax").
      const structural = unknownByStructure(tokens, at, usable);
      const staffOf = ledBy && GENERAL_STAFF.has(noun?.text ?? "") && !placeAt(tokens, at, usable) ? capitalisedRun(tokens, at, usable) : undefined;
      length = structural ?? staffOf;
      if (length === undefined || (!ledBy && structural === undefined)) continue;
      if (ledBy) peopleNoun = noun?.text;
    }
    const start = at - theBefore;
    const end = at + (length as number);
    for (let position = start; position < end; position++) claimed[position] = true;
    // The lead word too: "of the BBC" is read, so "Staff" is their only role word.
    if (ledBy && lead) claimed[at - 1 - theBefore] = true;
    const span = spanOf(text, tokens, start, end - start);
    const kind = found ? data().kinds[found.entry.kind] : undefined;
    const { relation, ownJob } = relationOf(peopleNoun, kind);
    const name = found ? found.entry.name : span.text.replace(/^the\s+/i, "");
    const jobs = kind && !ownJob && relation !== "students" && relation !== "players" ? normalised(kind.jobs) : undefined;
    const reading: OrganisationReading = {
      name,
      span,
      kind: found ? found.entry.kind : "organisation",
      ...(kind ? { industry: kind.industry } : {}),
      ...(found?.entry.country ? { country: found.entry.country } : {}),
      relation,
      ownJob,
      ...(jobs ? { jobs } : {}),
      known: found !== undefined,
      ...(found?.entry.menOnly ? { menOnly: true as const } : {}),
      ...(found?.entry.worldwide ? { worldwide: true as const } : {}),
      ...(found?.entry.city ? { city: found.entry.city } : {}),
    };
    // "Conscripts in the Israel Defense Forces": of the ages its conscripts serve at, unless the prompt gives ages.
    if (found && !parts.age && CONSCRIPTS.has(peopleNoun ?? "") && found.entry.kind === "armed forces") {
      const [min, max] = found.entry.conscriptAges ?? CONSCRIPT_AGES;
      const nounAt = tokens.findIndex((token, position) => position < at && token.text === peopleNoun);
      parts.age = { min, max, span: nounAt >= 0 ? spanOf(text, tokens, nounAt, 1) : span };
    }
    const qualifier: Situation = { id: `employer:${name}`, aliases: [span.text], field: relation === "students" ? "institution" : relation === "members" ? "member_of" : "employer", value: name };
    parts.qualifiers.push({ qualifier, span });
    // A known one is drawn as one of its kind (a tech company's jobs), not as itself: its name is declared too.
    parts.unmodelled.push(found ? span.text.replace(/^the\s+/i, "") : `${name} (an organisation the engine does not know: its kind, jobs and place)`);
    return reading;
  }
  return undefined;
}

/** A run of capitalised words from `at` (an unknown organisation's name after "employees of"). */
function capitalisedRun(tokens: readonly Token[], at: number, usable: (position: number) => boolean): number | undefined {
  let end = at;
  while (usable(end) && capitalised(tokens[end])) end++;
  return end > at ? end - at : undefined;
}

/**
 * Where an organisation of one country places its people when the prompt names no place ("Members of the
 * Bundestag": Germany), declared as drawn from its seat. Call once places are read.
 */
export function placeOfOrganisation(parts: PromptParts, organisation: OrganisationReading): void {
  // "Soldiers in the French Foreign Legion": an organisation of men only makes them men.
  if (organisation.menOnly && !parts.gender) parts.gender = { gender: "male", span: organisation.span };
  if (!organisation.country || organisation.worldwide || parts.places.length > 0 || parts.origins.length > 0) return;
  const country = knowledge().gazetteer.byCode.get(organisation.country);
  if (!country) return;
  // A one-site organisation is its city's ("Doctors at the Mayo Clinic": Rochester), where the gazetteer lists it.
  const city = organisation.city ? country.cities.find((candidate) => fold(candidate.name) === fold(organisation.city as string)) : undefined;
  if (city) {
    parts.places.push({ kind: "city", city, country, span: organisation.span, namedWithin: true });
    return;
  }
  parts.places.push({ kind: "country", country, span: organisation.span, byDemonym: false, impliedBy: `${organisation.name} (${organisation.kind}) is in ${country.name}: its people are drawn there` });
}
