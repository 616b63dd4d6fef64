/**
 * Named periods and events as a time ("Farmers during the Great Depression", "Poets in the Tang dynasty",
 * "Students in Paris in May 1968"): read before places and conditions, so the Depression is no illness and
 * the Renaissance no place. A period in the table (data/periods.json) is its middle year and, where it
 * happened in one country and the prompt names no place, that country; "<Month> <YYYY>" is the year; an
 * unknown "the <Capitalised> War/Revolution/Dynasty/…" is declared, never a place. A period the people
 * look back on ("Vietnam War veterans", "historians of the Renaissance") is not when they live: declared.
 */
import { z } from "zod";
import file from "../data/periods.json" with { type: "json" };
import { checkedAtTestTime } from "../knowledge/checked.ts";
import { knowledge } from "../knowledge/index.ts";
import { tokenise, type Token } from "../knowledge/words.ts";
import type { PromptParts } from "./parts.ts";
import type { YearReading } from "./patterns.ts";
import { spanOf } from "./spans.ts";

const PeriodSchema = z
  .object({
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).min(1),
    years: z.tuple([z.number().int(), z.number().int()]),
    kind: z.enum(["war", "revolution", "era", "dynasty", "event", "crisis", "movement"]),
    country: z.string().length(2).optional(),
  })
  .refine((period) => period.years[0] <= period.years[1], { message: "a period's years run forwards" });

const FileSchema = z.object({ about: z.string().min(1), sources: z.array(z.string().min(1)).min(1), periods: z.array(PeriodSchema).min(100) });

/** The data file and its schema, checked at test time (data-files style). */
export const PERIODS_FILE = [FileSchema, file] as const;

export type NamedPeriod = z.infer<typeof PeriodSchema>;

/** A period read from the prompt: its year (the middle of its span) and, when it is one, its country. */
export type PeriodReading = YearReading & { name: string; from: number; to: number; country?: string };

/** Words of time after which a one-word period is one ("during Prohibition", "under apartheid", "in the Renaissance"). */
const TIME_LEADS = new Set(["during", "under", "throughout", "before", "after", "since", "amid", "amidst", "through", "pre", "post"]);
/** Words before "the" that make the next word a time: "in the Renaissance", "of the Reformation". */
const THE_LEADS = new Set([...TIME_LEADS, "in", "of", "from", "until", "till", "to"]);
/** Heads of a named period the table may lack ("the Zorblaxian War", "the Velvet Uprising"). */
const PERIOD_HEADS = new Set(["war", "wars", "revolution", "revolutions", "rebellion", "uprising", "dynasty", "era", "age", "period", "crisis", "famine", "epoch", "insurgency", "occupation", "reign", "genocide", "intifada", "blockade", "siege"]);
/** Heads that name a period even without "the" before them ("Ming dynasty China", "Meiji-era Japan"). */
const BARE_HEADS = new Set(["dynasty", "era", "period"]);
/** People who look back on a period: they live today ("Vietnam War veterans", "survivors of the Great Famine"). */
const RETROSPECT = /^(?:veterans?|survivors?|historians?|scholars?|experts?|re-?enactors?|reenactments?|buffs?|enthusiasts?|memorabilia|collectors?|museums?|novels?|films?|movies?|documentar(?:y|ies)|refugees?|orphans?|widows?|victims?|specialists?|researchers?)$/;
/** Built things a period may date ("post-war housing estates", "Georgian townhouses"): the thing's age, not the people's time. */
const BUILT_THINGS = new Set(["house", "houses", "home", "homes", "housing", "estate", "estates", "building", "buildings", "apartment", "apartments", "flat", "flats", "block", "blocks", "terrace", "terraces", "townhouse", "townhouses", "architecture", "furniture", "car", "cars", "villa", "villas", "mansion", "mansions", "cottage", "cottages", "church", "churches", "bungalow", "bungalows", "tenement", "tenements", "farmhouse", "farmhouses", "pub", "pubs", "hotel", "hotels", "theatre", "theatres", "ship", "ships", "train", "trains", "costume", "costumes", "clothing", "fashion", "music", "novels", "films", "art", "antiques"]);
const MONTHS = new Set(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "spring", "summer", "autumn", "fall", "winter"]);

interface Entry {
  period: NamedPeriod;
  words: string[];
}

let index: Map<string, Entry[]> | undefined;

/** Aliases by their first word, longest first: one lookup a token. */
function entries(): Map<string, Entry[]> {
  if (index) return index;
  index = new Map();
  for (const period of checkedAtTestTime(FileSchema, file).periods) {
    for (const alias of period.aliases) {
      const words = tokenise(alias).map((token) => token.text);
      const first = words[0] as string;
      index.set(first, [...(index.get(first) ?? []), { period, words }]);
    }
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
}

/** The periods table, for tests and the data check. */
export function namedPeriods(): NamedPeriod[] {
  return checkedAtTestTime(FileSchema, file).periods;
}

const capitalised = (token: Token | undefined): boolean => token !== undefined && /^\p{Lu}/u.test(token.raw);

/** Whether the words before `at` make a one-word period a time ("during Prohibition", "in the Renaissance"). */
function timeLead(tokens: readonly Token[], at: number): boolean {
  const before = tokens[at - 1]?.text;
  if (before && TIME_LEADS.has(before)) return true;
  return before === "the" && THE_LEADS.has(tokens[at - 2]?.text ?? "");
}

/** Whether a word of time ("during", "under", "after") stands right before `at`, or before its "the". */
function pureTimeLead(tokens: readonly Token[], at: number): boolean {
  const before = tokens[at - 1]?.text;
  return TIME_LEADS.has(before ?? "") || (before === "the" && TIME_LEADS.has(tokens[at - 2]?.text ?? ""));
}

/** The length of a place name the phrase table reads at `at` (0 if none). */
function placeAt(tokens: readonly Token[], at: number, usable: (position: number) => boolean): number {
  const match = knowledge().lexicon.matchAt(tokens, at, usable);
  return match && ["city", "region", "country", "area"].includes(match.entry.kind) ? match.length : 0;
}

/** A setting's alias starts here ("the Middle Ages", "the Victorian era"): the setting reads it, not this module. */
function settingAt(tokens: readonly Token[], at: number, usable: (position: number) => boolean): number {
  const match = knowledge().lexicon.matchAt(tokens, at, usable);
  return match && (match.entry.kind === "setting" || match.entry.kind === "setting-role") ? match.length : 0;
}

/** The table's longest period starting at `at`, with its length in tokens. */
function tableMatch(tokens: readonly Token[], at: number, usable: (position: number) => boolean): { entry: Entry; length: number } | undefined {
  for (const entry of entries().get((tokens[at] as Token).text) ?? []) {
    const fits = entry.words.every((word, offset) => tokens[at + offset]?.text === word && usable(at + offset));
    if (!fits) continue;
    // A one-word period ("Prohibition", "Reconstruction", "Raj") is a time only where the words before say so;
    // a capitalised era adjective ("Edwardian servants") is one anywhere.
    // "in WW1", "in Prohibition": after "in", a capitalised one-word period that no place shares.
    const afterIn = tokens[at - 1]?.text === "in" && capitalised(tokens[at]) && placeAt(tokens, at, usable) === 0;
    if (entry.words.length === 1 && !afterIn && !timeLead(tokens, at) && !(capitalised(tokens[at]) && /(?:ian|ean)$/.test(entry.words[0] as string))) continue;
    // "Gold prospectors in the Klondike": a period's name that is also a place's is the place after a
    // locative; only a word of time ("during the Klondike") makes it the period.
    if (placeAt(tokens, at, usable) >= entry.words.length && !pureTimeLead(tokens, at)) continue;
    return { entry, length: entry.words.length };
  }
  return undefined;
}

/** "May 1968", "9 November 1989", "November 9, 1989", "the summer of 1976": the year, with the span from the month. */
function monthYear(tokens: readonly Token[], at: number): { year: number; length: number } | undefined {
  if (!MONTHS.has((tokens[at] as Token).text)) return undefined;
  // "may" and "march" are verbs, "fall" and "spring" nouns: only before a year are they a month or season.
  let next = at + 1;
  if (tokens[next]?.text === "of") next++;
  else if (/^\d{1,2}(?:st|nd|rd|th)?$/.test(tokens[next]?.text ?? "")) next++;
  const year = /^\d{4}$/.test(tokens[next]?.text ?? "") ? Number(tokens[next]?.text) : undefined;
  if (year === undefined || year < 1000 || year > 2200) return undefined;
  return { year, length: next + 1 - at };
}

/**
 * The named period of the prompt, read before places and conditions: its tokens are claimed (with "the"
 * before them). A period they look back on, or one the table lacks, is declared in `parts.unmodelled` and
 * gives no year. Returns the year to read the prompt in, or undefined.
 */
export function readNamedPeriod(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): PeriodReading | undefined {
  const usable = (position: number) => position < tokens.length && !claimed[position];
  for (let at = 0; at < tokens.length; at++) {
    if (claimed[at]) continue;
    const setting = settingAt(tokens, at, usable);
    if (setting > 0) {
      at += setting - 1;
      continue;
    }
    const month = monthYear(tokens, at);
    if (month) {
      claim(claimed, at, month.length);
      const span = spanOf(text, tokens, at, month.length);
      return { year: month.year, span, name: span.text, from: month.year, to: month.year };
    }
    const found = tableMatch(tokens, at, usable);
    const unknown = found ? undefined : unknownPeriod(tokens, at, usable);
    if (!found && !unknown) continue;
    const length = found?.length ?? (unknown as number);
    // "Post-war housing", "Edwardian houses": a period before a built thing dates the thing, not the people.
    if (BUILT_THINGS.has(tokens[at + length]?.text ?? "")) {
      at += length - 1;
      continue;
    }
    const start = tokens[at - 1]?.text === "the" && usable(at - 1) ? at - 1 : at;
    claim(claimed, start, at + length - start);
    const span = spanOf(text, tokens, start, at + length - start);
    if (lookedBack(tokens, start, at + length)) {
      parts.unmodelled.push(`${span.text} (a time they look back on; they live today)`);
      return undefined;
    }
    if (!found) {
      parts.unmodelled.push(`${span.text} (a period the engine does not know: its years and place)`);
      return undefined;
    }
    const { period } = found.entry;
    const [from, to] = period.years;
    return { year: Math.round((from + to) / 2), span, name: period.name, from, to, ...(period.country ? { country: period.country } : {}) };
  }
  return undefined;
}

/** The length of an unknown named period at `at` ("Zorblaxian War", "Velvet Uprising", "Ming dynasty"), or undefined. */
function unknownPeriod(tokens: readonly Token[], at: number, usable: (position: number) => boolean): number | undefined {
  if (!capitalised(tokens[at])) return undefined;
  let end = at;
  while (usable(end) && capitalised(tokens[end]) && !PERIOD_HEADS.has((tokens[end] as Token).text)) end++;
  const head = tokens[end];
  if (end === at || !head || !usable(end) || !PERIOD_HEADS.has(head.text)) return undefined;
  // "the Zorblaxian War" or "Ming dynasty": after "the", or a head that is a period on its own.
  if (tokens[at - 1]?.text !== "the" && !BARE_HEADS.has(head.text)) return undefined;
  return end + 1 - at;
}

/** "Vietnam War veterans", "survivors of the Great Famine", "historians of the Renaissance": they look back on it. */
function lookedBack(tokens: readonly Token[], start: number, end: number): boolean {
  if (RETROSPECT.test(tokens[end]?.text ?? "")) return true;
  return tokens[start - 1]?.text === "of" && RETROSPECT.test(tokens[start - 2]?.text ?? "");
}

function claim(claimed: boolean[], start: number, length: number): void {
  for (let position = start; position < start + length; position++) claimed[position] = true;
}

/**
 * Where a period that happened in one country places its people when the prompt names no place ("Students
 * during the Cultural Revolution": China), declared as drawn from the period. Call once places are read.
 */
export function placeOfPeriod(parts: PromptParts, period: PeriodReading): void {
  if (!period.country || parts.places.length > 0 || parts.origins.length > 0) return;
  const country = knowledge().gazetteer.byCode.get(period.country);
  if (!country) return;
  parts.places.push({ kind: "country", country, span: period.span, byDemonym: false, impliedBy: `${period.name} (${yearText(period.from)}-${yearText(period.to)}), drawn as today's ${country.name}` });
}

const yearText = (year: number): string => (year < 0 ? `${-year} BC` : String(year));
