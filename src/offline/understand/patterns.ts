/**
 * Parts a prompt states in numbers: how many, what ages, which year. Each returns the span it read
 * so the parser can mark those words as understood.
 */
import { parseCount } from "../prompt.ts";
import { PRESENT_YEAR } from "../names/person-name.ts";
import type { Span } from "./parts.ts";
import { numeralView } from "./number-words.ts";

export interface AgeReading {
  min: number;
  max: number;
  /** Only an upper bound was given ("under 12", "under-30s"): words for the people ("teenagers") may raise the lower one. */
  upperOnly?: true;
  /** Only a lower bound was given ("over 50", "65+"): `max` is the oldest anyone is taken to be. */
  openEnded?: true;
  span: Span;
}

/** The oldest age an open range ("over 50") reaches. */
export const OPEN_AGE_MAX = 95;

export interface YearReading {
  year: number;
  span: Span;
}

function span(text: string, start: number, end: number): Span {
  return { start, end, text: text.slice(start, end) };
}

export function readCount(text: string): { count?: number; span?: Span } {
  const { count, consumed } = parseCount(text);
  if (consumed === 0) return {};
  // "Single mothers", "a single parent": "single" describes them, it does not count them.
  if (/^\s*(?:a\s+)?single\b/i.test(text)) return {};
  const leading = text.length - text.trimStart().length;
  return { ...(count !== undefined ? { count } : {}), span: span(text, leading, Math.min(text.length, leading + consumed)) };
}

const DECADE_WORDS: Record<string, number> = { twenties: 20, thirties: 30, forties: 40, fifties: 50, sixties: 60, seventies: 70, eighties: 80, nineties: 90 };

function decade(start: number, part: string | undefined): { min: number; max: number } {
  if (part === "early") return { min: start, max: start + 3 };
  if (part === "mid") return { min: start + 3, max: start + 6 };
  if (part === "late") return { min: start + 6, max: start + 9 };
  return { min: start, max: start + 9 };
}

/** The ages of people born in a year or a decade, after or before a year, this year. */
function bornIn(relation: string, year: number, decade: boolean): { min: number; max: number; openEnded?: boolean } {
  const last = decade ? year + 9 : year;
  if (relation === "after" || relation === "since") return { min: 0, max: Math.max(0, PRESENT_YEAR - year - (relation === "after" ? 1 : 0)) };
  if (relation === "before") return { min: PRESENT_YEAR - year + 1, max: OPEN_AGE_MAX, openEnded: true };
  return { min: Math.max(0, PRESENT_YEAR - last - 1), max: PRESENT_YEAR - year };
}

/**
 * The ages of a group named by an upper bound ("under-30s", "under-18s", "12 and under"): adults from 18
 * when the bound is an adult's age; children over the twelve years below it when it is not (under-18s
 * are 6-17, under-5s 0-4).
 */
function underAge(bound: number): { min: number; max: number } {
  return bound > 18 ? { min: 18, max: bound - 1 } : { min: Math.max(0, bound - 12), max: bound - 1 };
}

/** Age phrases, most specific first: "aged 10-16", "in their 20s", "over 50", "under 30", "65+". */
const AGE_PATTERNS: ReadonlyArray<readonly [RegExp, (match: RegExpExecArray) => { min: number; max: number; openEnded?: boolean; upperOnly?: boolean }]> = [
  // "born in 1990", "born in the 1960s", "born after 1995", "born before 1950": ages from the years of birth (today's).
  [/\bborn\s+(in|after|since|before)\s+(?:the\s+)?(1[89]\d|20[0-2])(\d)(s)?\b/i, (m) => bornIn((m[1] as string).toLowerCase(), Number(`${m[2]}${m[3]}`), m[4] !== undefined)],
  [/\b(?:aged?|ages|age range)\s+(?:from\s+|between\s+)?(\d{1,3})\s*(?:-|–|—|to|and)\s*(\d{1,3})(?:\s*(?:years?(?:\s+old)?|yrs?|yo))?\b/i, (m) => ({ min: Number(m[1]), max: Number(m[2]) })],
  [/\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})[\s-]*(?:year|yr)s?[\s-]*olds?\b/i, (m) => ({ min: Number(m[1]), max: Number(m[2]) })],
  [/\bbetween\s+(?:the\s+ages\s+of\s+)?(\d{1,3})\s+and\s+(\d{1,3})(?:\s*(?:years?(?:\s+old)?))?\b/i, (m) => ({ min: Number(m[1]), max: Number(m[2]) })],
  // "in their 20s and 30s", "in their twenties or thirties": both decades, the range from the first to the second.
  [/\bin\s+(?:their|his|her)\s+(early|mid|late)?[\s-]*(\d)0s\s*(?:and|or|to|-|–|&)\s*(?:(?:their|the)\s+)?(early|mid|late)?[\s-]*(\d)0s\b/i, (m) => ({ min: decade(Number(m[2]) * 10, m[1]?.toLowerCase()).min, max: decade(Number(m[4]) * 10, m[3]?.toLowerCase()).max })],
  [/\bin\s+(?:their|his|her)\s+(early|mid|late)?[\s-]*(teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\s*(?:and|or|to|-|–|&)\s*(?:(?:their|the)\s+)?(early|mid|late)?[\s-]*(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b/i, (m) => ({ min: (m[2] as string).toLowerCase() === "teens" ? 13 : decade(DECADE_WORDS[(m[2] as string).toLowerCase()] as number, m[1]?.toLowerCase()).min, max: decade(DECADE_WORDS[(m[4] as string).toLowerCase()] as number, m[3]?.toLowerCase()).max })],
  [/\bin\s+(?:their|his|her)\s+(early|mid|late)?[\s-]*(\d)0s\b/i, (m) => decade(Number(m[2]) * 10, m[1]?.toLowerCase())],
  // "30-somethings", "thirty-something professionals".
  [/\b(\d)0[\s-]*somethings?\b/i, (m) => decade(Number(m[1]) * 10, undefined)],
  [/\bin\s+(?:their|his|her)\s+(early|mid|late)?[\s-]*(teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b/i, (m) => ((m[2] as string).toLowerCase() === "teens" ? { min: 13, max: 19 } : decade(DECADE_WORDS[(m[2] as string).toLowerCase()] as number, m[1]?.toLowerCase()))],
  // Not a count of something else: "over 50 employees", "over 20 years of experience", "over 8 hours".
  [/\b(?:over|above|older than|at least)\s+(?:the\s+age\s+of\s+)?(\d{1,3})(?!\s*(?:-|–|to)\s*\d)(?!\s*(?:%|percent|k\b|m\b|bn\b|(?:hundred|thousand|million|billion)\b|,\d|\.\d|years?\s+(?:of|in|at|with|on|as|working|experience|since|ago)|(?:employees|staff|workers|people|members|followers|subscribers|customers|clients|students|hours|hrs|days|weeks|months|times|miles|km|kilomet|kg|pounds|lbs|dollars|euros|countries|books|games|children|kids|patients)\b))(?:\s*(?:years?(?:\s+old)?))?\b/i, (m) => ({ min: Number(m[1]) + (/^(?:over|above|older)/i.test(m[0]) ? 1 : 0), max: Math.max(OPEN_AGE_MAX, Number(m[1]) + 6), openEnded: true })],
  // "aged 100 and over": the oldest is past the bound (never 95-100).
  [/\b(\d{1,3})\s*(?:\+|and\s+(?:over|older|up|above))(?=\s|$|[,.;])/i, (m) => ({ min: Number(m[1]), max: Math.max(OPEN_AGE_MAX, Number(m[1]) + 5), openEnded: true })],
  // "Under-30s", "the under 25s", "18 and under": everyone younger than the number, as a group.
  [/\bunder[\s-]+(\d{1,2})s\b/i, (m) => ({ ...underAge(Number(m[1])), upperOnly: true })],
  [/\b(\d{1,2})\s*(?:and|or)\s+(?:under|younger|below)\b/i, (m) => ({ ...underAge(Number(m[1]) + 1), upperOnly: true })],
  // "under 25", "kids under 5", "children under 12": the group's ages below the bound (never all of them one year under it).
  [/\b(?:under|below|younger than)\s+(?:the\s+age\s+of\s+)?(\d{1,3})\b/i, (m) => ({ ...underAge(Number(m[1])), upperOnly: true })],
  // "the over-65s".
  [/\bover[\s-]+(\d{2})s\b/i, (m) => ({ min: Number(m[1]) + 1, max: OPEN_AGE_MAX, openEnded: true })],
  // "aged 40": that age (a range or "and over" was read above).
  [/\baged?\s+(\d{1,3})\b(?!\s*(?:-|–|to)\s*\d)/i, (m) => ({ min: Number(m[1]), max: Number(m[1]) })],
  [/\b(\d{1,3})[\s-]*(?:year|yr)s?[\s-]*olds?\b/i, (m) => ({ min: Number(m[1]), max: Number(m[1]) })],
];

/** Ages in digits or in words ("Twenty-five-year-olds", "aged forty-five", "between thirty and forty"): one grammar of number words for every pattern. */
export function readAge(text: string): AgeReading | undefined {
  const view = numeralView(text);
  for (const [pattern, read] of AGE_PATTERNS) {
    const match = pattern.exec(view.text);
    if (!match) continue;
    const reading = read(match);
    let { min, max } = reading;
    if (min > max) [min, max] = [max, min];
    if (max > 120 || min < 0) continue;
    return { min, max, ...(reading.openEnded && min < max ? { openEnded: true as const } : {}), ...(reading.upperOnly ? { upperOnly: true as const } : {}), span: span(text, view.original(match.index), view.original(match.index + match[0].length)) };
  }
  return undefined;
}

/**
 * Years and periods: "in 1710", "120 AD", "300 BC", "in the 1920s", "the 18th century", "in 2150".
 * A bare number counts as a year only after "in", "of", "by", "circa" or "year" (so "2150
 * colonists" stays a count) or with an era marker.
 */
const YEAR_PATTERNS: ReadonlyArray<readonly [RegExp, (match: RegExpExecArray) => number]> = [
  [/\b(\d{1,5})\s*(?:BC|BCE|B\.C\.)(?![\p{L}])/iu, (m) => -Number(m[1])],
  [/\b(\d{1,4})\s*(?:AD|CE|A\.D\.)(?![\p{L}])/u, (m) => Number(m[1])],
  [/\b(?:AD|A\.D\.)\s*(\d{1,4})\b/u, (m) => Number(m[1])],
  [/\b(\d{1,2})(?:st|nd|rd|th)[\s-]century\b/i, (m) => (Number(m[1]) - 1) * 100 + 50],
  // "the 1800s", "the early 1900s": a century's hundreds ("1800s" is 1800-1899, not its first decade).
  // ("the 2000s" are a decade: the noughties.)
  [/\b(?:(early|mid|late)[\s-]*)?(1\d)00s\b/i, (m) => Number(`${m[2]}00`) + partOfSpan(m[1], 100)],
  [/\b(?:in\s+)?the\s+(?:(early|mid|late)[\s-]*)?(1\d|20|21)(\d)0s\b/i, (m) => Number(`${m[2]}${m[3]}0`) + partOfSpan(m[1], 10)],
  [/\b(?:(early|mid|late)[\s-]*)?(1\d|20|21)(\d)0s\b/i, (m) => Number(`${m[2]}${m[3]}0`) + partOfSpan(m[1], 10)],
  // "in the fifties", "the late sixties": a decade named in words is the last century's (never "in their fifties", an age).
  [/\bthe\s+(?:(early|mid|late)[\s-]*)?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b/i, (m) => 1900 + (DECADE_WORDS[(m[2] as string).toLowerCase()] as number) + partOfSpan(m[1], 10)],
  [/\b(?:in|of|by|circa|c\.|around|year|the year|from)\s+(\d{4})\b(?!\s*(?:-|–)\s*\d)/i, (m) => Number(m[1])],
];

/** Where in a span of years "early", "mid" or "late" falls, or its middle: a century's 20, 50, 80; a decade's 2, 5, 8. */
function partOfSpan(part: string | undefined, length: number): number {
  const word = part?.toLowerCase();
  return Math.round(length * (word === "early" ? 0.2 : word === "late" ? 0.8 : 0.5));
}

export function readYear(text: string): YearReading | undefined {
  for (const [pattern, read] of YEAR_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const year = read(match);
    if (year > 9999 || year < -100000) continue;
    // "in 2024" or "in 2025" is the present: nothing to model.
    return { year, span: span(text, match.index, match.index + match[0].length) };
  }
  return undefined;
}
