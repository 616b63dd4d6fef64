/**
 * A stated amount of time on what they do ("who play more than 40 hours a week", "who train less than 3
 * hours a week", "who give 10 to 15 hours a week", "who commute more than two hours a day", "who work
 * 60-hour weeks"): bounds on hours a week, for the design's own hours field, as a stated length of
 * experience bounds the years (experience.ts). The words are claimed and shown as a `time_spent` qualifier.
 */
import type { Situation } from "../knowledge/index.ts";
import type { Token } from "../knowledge/words.ts";
import type { PromptParts, Span, TimeSpentReading } from "./parts.ts";

export type { TimeSpentReading };


const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, a: 1, an: 1 };
const NUMBER = String.raw`(\d{1,3}(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|an?)`;
const BOUND = String.raw`(more\s+than|over|at\s+least|upwards\s+of|less\s+than|under|fewer\s+than|up\s+to|no\s+more\s+than|at\s+most|about|around|roughly|some|nearly|almost|between)`;
/** "more than 40 hours a week", "10 to 15 hours a week", "two hours a day", "30 minutes a day". */
const AMOUNT = new RegExp(String.raw`(?:${BOUND}\s+)?${NUMBER}(\+)?(?:\s*(?:-|–|to|and)\s*(\d{1,3}))?\s*(hours?|hrs?|minutes?|mins?)\s+(?:a|per|each|every|\/)\s*(day|week|month)\b`, "iu");
/** "60-hour weeks", "80-hour work weeks". */
const HOUR_WEEKS = /\b(\d{2,3})[- ]hour\s+(?:work\s*)?weeks\b/iu;
/** The most hours a week holds. */
const WEEK_HOURS = 168;
const PER_WEEK: Record<string, number> = { day: 7, week: 1, month: 12 / 52 };

const numberOf = (word: string): number => (/^\d/.test(word) ? Number(word) : (NUMBER_WORDS[word.toLowerCase()] ?? 0));

function spanAt(text: string, start: number, end: number): Span {
  return { start, end, text: text.slice(start, end) };
}

/** The prompt's amount of time a week, or undefined. */
export function readTimeSpentAmount(text: string): TimeSpentReading | undefined {
  const weeks = HOUR_WEEKS.exec(text);
  if (weeks) {
    const hours = Number(weeks[1]);
    if (hours > WEEK_HOURS) return undefined;
    const span = spanAt(text, weeks.index, weeks.index + weeks[0].length);
    return { span, text: `${hours} hours a week`, hoursPerWeek: { min: Math.max(0, hours - 5), max: Math.min(WEEK_HOURS, hours + 5) } };
  }
  const match = AMOUNT.exec(text);
  if (!match) return undefined;
  const [, rawBound, count, plus, to, unit, per] = match;
  const scale = (PER_WEEK[(per as string).toLowerCase()] ?? 1) * (/^min/i.test(unit as string) ? 1 / 60 : 1);
  const amount = numberOf(count as string) * scale;
  const upper = to !== undefined ? Number(to) * scale : undefined;
  const bound = (rawBound ?? "").toLowerCase().replace(/\s+/g, " ");
  let min: number | undefined;
  let max: number | undefined;
  if (upper !== undefined) [min, max] = [amount, upper];
  else if (plus || /^(?:more than|over|upwards of)$/.test(bound)) min = plus ? amount : Math.floor(amount) + 1;
  else if (bound === "at least") min = amount;
  else if (/^(?:less than|under|fewer than)$/.test(bound)) max = Math.max(0, Math.ceil(amount) - 1);
  else if (/^(?:up to|no more than|at most)$/.test(bound)) max = amount;
  else [min, max] = [amount * 0.8, amount * 1.2];
  const rounded = { ...(min !== undefined ? { min: Math.min(WEEK_HOURS, Math.round(min)) } : {}), ...(max !== undefined ? { max: Math.min(WEEK_HOURS, Math.round(max)) } : {}) };
  if (rounded.min !== undefined && rounded.max !== undefined && rounded.min > rounded.max) return undefined;
  const span = spanAt(text, match.index, match.index + match[0].length);
  return { span, text: span.text, hoursPerWeek: rounded };
}

/** Reads the amount of time into a `time_spent` qualifier, claims its words, and returns it for `parts.timeSpent`. */
export function readTimeSpent(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): TimeSpentReading | undefined {
  const reading = readTimeSpentAmount(text);
  if (!reading) return undefined;
  tokens.forEach((token, index) => {
    if (token.start >= reading.span.start && token.end <= reading.span.end) claimed[index] = true;
  });
  const qualifier: Situation = { id: `time-spent:${reading.text}`, aliases: [reading.span.text], field: "time_spent", value: reading.text };
  parts.qualifiers.push({ qualifier, span: reading.span });
  return reading;
}
