/**
 * A stated length of experience ("with at least 10 years of experience", "with over 20 years in the job",
 * "30-year veterans", "in their first year of teaching", "with no experience"): the bounds of the years they
 * have worked, as a qualifier whose `years_min`/`years_max` bound the design's years-in-the-work field (and,
 * through it, their ages). Read right after the prompt's ages, whose reader may have taken "over 20" for an
 * age: an age inside the experience phrase is dropped.
 */
import type { Situation } from "../knowledge/index.ts";
import type { Token } from "../knowledge/words.ts";
import type { PromptParts, Span } from "./parts.ts";

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, "twenty-five": 25, thirty: 30, forty: 40, fifty: 50,
  few: 3, "a few": 3, several: 5, many: 15,
};
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10 };

const NUMBER = String.raw`(\d{1,2}|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty(?:-five)?|thirty|forty|fifty|few|several|many)`;
const BOUND = String.raw`(at least|a minimum of|no less than|not less than|over|more than|upwards of|in excess of|well over|under|less than|fewer than|up to|no more than|not more than|a maximum of|nearly|almost|about|around|roughly|some|approximately)`;
const UNIT = String.raw`(years?|yrs?|decades?|months?)`;
/** What the years are of: experience, service, "in the job", "on the wards", "behind them". */
const OF_WORK = String.raw`(?:'|’)?\s*(?:of\s+)?(?:(?:professional|work|working|relevant|clinical|teaching|industry|field|hands-on|practical|combined|prior|previous|frontline|front-line|active)\s+)?(?:experience|service|practice)\b|(?:'|’)?\s*(?:in|on|at|behind|under)\s+(?:the|their|his|her)\s+(?!way\b)[\p{L}-]+|(?:'|’)?\s*(?:in|of)\s+(?!the\b|their\b)[\p{L}-]+ing\b|(?:'|’)?\s*(?:under their belts?|behind them|in post|in practice|in service|in business)`;

/** "with at least 10 years of experience", "with 5+ years' experience", "with 3-5 years in the job". */
const WITH_YEARS = new RegExp(String.raw`\b(?:with|having|who have|who've|boasting)\s+(?:${BOUND}\s+)?${NUMBER}(\+|\s*(?:-|–|to|and)\s*\d{1,2}|\s+or\s+(?:more|fewer|less))?\s*${UNIT}(\s+or\s+(?:more|fewer|less))?(?:'|’)?\s*(?:\+\s*)?(?:${OF_WORK})`, "iu");
/** "who have worked for over 20 years", "who have been teaching for 15 years", "having farmed for decades". */
const WORKED_FOR = new RegExp(String.raw`\b(?:who\s+have|who've|who\s+has|having)\s+(?:been\s+)?(?:work(?:ed|ing)|teach(?:ing)|taught|practi[cs](?:ed|ing)|serv(?:ed|ing)|nurs(?:ed|ing)|farm(?:ed|ing)|driv(?:en|ing)|fl(?:own|ying)|employed|trad(?:ed|ing)|fish(?:ed|ing)|coach(?:ed|ing)|cook(?:ed|ing)|operat(?:ed|ing)|in\s+(?:the\s+)?(?:job|business|trade|profession|industry|field|service|practice|classroom))(?:\s+(?:as|in|at)\s+(?:an?\s+|the\s+)?[\p{L}-]+(?:\s+[\p{L}-]+)?|\s+[\p{L}-]+)?\s+for\s+(?:${BOUND}\s+)?(${NUMBER.slice(1, -1)}|decades|a decade)(\+)?\s*(years?|decades?)?`, "iu");
/** "30-year veterans", "20-year-veteran teachers". */
const YEAR_VETERANS = /\b(\d{1,2})[- ]years?[- ](veterans?)\b/iu;
/** "in their first year of teaching", "in their first five years in the job", "in their second year as nurses". */
const NTH_YEAR = new RegExp(String.raw`\bin\s+(?:their|his|her|the)\s+(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:(few|${NUMBER.slice(1, -1)})\s+)?(years?)\s+(?:of|in|on|as|at)\s+(?:the\s+|a\s+)?[\p{L}-]+`, "iu");
/** "with no experience", "with little prior experience". */
const NO_EXPERIENCE = /\b(?:with|having)\s+(no|little|minimal|limited|some)\s+(?:(?:prior|previous|work|professional|relevant)\s+)?experience\b/iu;
/** "with decades of experience", "with two decades in the job". */
const DECADES = new RegExp(String.raw`\bwith\s+(?:${BOUND}\s+)?(decades|a decade|two decades|three decades|four decades)\s+(?:${OF_WORK})`, "iu");

/** The most years anyone has worked, for an open upper bound. */
const MOST_YEARS = 60;

function numberOf(word: string): number | undefined {
  const folded = word.toLowerCase();
  return /^\d+$/.test(folded) ? Number(folded) : NUMBER_WORDS[folded];
}

/** Years [min, max] from a bound word and a number of years ("over 20": 21-60; "under 2": 0-1; "about 10": 8-12). */
function bounded(bound: string | undefined, years: number): [number, number] {
  switch (bound?.toLowerCase().replace(/\s+/g, " ")) {
    case "at least": case "a minimum of": case "no less than": case "not less than": return [years, MOST_YEARS];
    case "over": case "more than": case "upwards of": case "in excess of": case "well over": return [years + 1, MOST_YEARS];
    case "under": case "less than": case "fewer than": return [0, Math.max(0, years - 1)];
    case "up to": case "no more than": case "not more than": case "a maximum of": return [0, years];
    case "nearly": case "almost": return [Math.max(0, years - 2), Math.max(0, years - 1)];
    case "about": case "around": case "roughly": case "some": case "approximately": return [Math.max(0, years - 2), years + 2];
    default: return [years, years];
  }
}

interface Reading {
  span: Span;
  min: number;
  max: number;
}

function spanAt(text: string, start: number, end: number): Span {
  const trimmedEnd = start + text.slice(start, end).trimEnd().length;
  return { start, end: trimmedEnd, text: text.slice(start, trimmedEnd) };
}

/** The experience phrase of the prompt, with its years, or undefined. */
export function readExperienceYears(text: string): Reading | undefined {
  const withYears = WITH_YEARS.exec(text);
  if (withYears) {
    const [, bound, count, before, unit, after] = withYears;
    const tail = `${before ?? ""} ${after ?? ""}`.trim();
    const first = numberOf(count as string) ?? 0;
    const scale = /^decade/i.test(unit as string) ? 10 : /^month/i.test(unit as string) ? 1 / 12 : 1;
    const years = Math.floor(first * scale);
    let [min, max] = bounded(bound, years);
    const range = /(?:-|–|to|and)\s*(\d{1,2})/.exec(tail);
    if (range) [min, max] = [years, Math.floor(Number(range[1]) * scale)];
    else if (tail && /\+|or more/i.test(tail)) [min, max] = [years, MOST_YEARS];
    else if (tail && /or (?:fewer|less)/i.test(tail)) [min, max] = [0, years];
    // "with 6 months of experience": under a year; "with two decades in the job": 20-29.
    else if (scale < 1 && !bound) [min, max] = [0, Math.max(0, years)];
    else if (scale === 10 && !bound) max = years + 9;
    if (min > max) return undefined;
    return { span: spanAt(text, withYears.index, withYears.index + withYears[0].length), min, max };
  }
  const worked = WORKED_FOR.exec(text);
  if (worked) {
    const [, bound, count, plus, unit] = worked;
    const word = (count as string).toLowerCase();
    const decadeWord = word === "decades" || word === "a decade";
    const scale = decadeWord || /^decade/i.test(unit ?? "") ? 10 : 1;
    const years = word === "decades" ? 20 : word === "a decade" ? 10 : (numberOf(word) ?? 0) * scale;
    if (!decadeWord && !unit) return undefined;
    let [min, max] = bounded(bound, years);
    if (plus || word === "decades") [min, max] = [years, MOST_YEARS];
    else if (scale === 10 && !bound) max = years + 9;
    return { span: spanAt(text, worked.index, worked.index + worked[0].length), min, max };
  }
  const decades = DECADES.exec(text);
  if (decades) {
    const word = (decades[2] as string).toLowerCase();
    const count = word === "decades" ? 2 : word === "a decade" ? 1 : (numberOf(word.split(" ")[0] as string) ?? 2);
    const [min, max] = decades[1] ? bounded(decades[1], count * 10) : [count * 10, word === "decades" ? MOST_YEARS : count * 10 + 9];
    return { span: spanAt(text, decades.index, decades.index + decades[0].length), min, max };
  }
  const veterans = YEAR_VETERANS.exec(text);
  if (veterans) {
    const years = Number(veterans[1]);
    // The number and "year" only: "veterans" stays the role's word.
    const end = veterans.index + veterans[0].length - (veterans[2] as string).length - 1;
    return { span: spanAt(text, veterans.index, end), min: years, max: MOST_YEARS };
  }
  const nth = NTH_YEAR.exec(text);
  if (nth) {
    const ordinal = ORDINALS[(nth[1] as string).toLowerCase()] as number;
    const many = nth[2] ? (numberOf(nth[2]) ?? 3) : 1;
    // "their first year": no full year yet; "their third year": two behind them; "their first five years": 0-4.
    const min = ordinal - 1;
    const max = nth[2] ? ordinal - 1 + many - 1 : ordinal - 1;
    return { span: spanAt(text, nth.index, nth.index + nth[0].length), min, max };
  }
  const none = NO_EXPERIENCE.exec(text);
  if (none) {
    const word = (none[1] as string).toLowerCase();
    const [min, max] = word === "no" ? [0, 0] : word === "some" ? [1, 5] : [0, 2];
    return { span: spanAt(text, none.index, none.index + none[0].length), min, max };
  }
  return undefined;
}

function describe(min: number, max: number): string {
  if (max >= MOST_YEARS) return `at least ${min} ${min === 1 ? "year" : "years"} in the work`;
  if (min === max) return min === 0 ? "no full year in the work yet" : `${min} ${min === 1 ? "year" : "years"} in the work`;
  return min === 0 ? `at most ${max} ${max === 1 ? "year" : "years"} in the work` : `${min}-${max} years in the work`;
}

/**
 * Reads the experience phrase into a qualifier (field `experience`, with `years_min`/`years_max`) and claims
 * its words; an age the age reader took from inside it ("over 20 years of experience") is dropped.
 */
export function readExperience(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  const reading = readExperienceYears(text);
  if (!reading) return;
  const { span, min, max } = reading;
  if (parts.age && parts.age.span.start < span.end && span.start < parts.age.span.end) {
    tokens.forEach((token, index) => {
      if (parts.age && token.start >= parts.age.span.start && token.end <= parts.age.span.end) claimed[index] = false;
    });
    delete parts.age;
  }
  tokens.forEach((token, index) => {
    if (token.start >= span.start && token.end <= span.end) claimed[index] = true;
  });
  const value = describe(min, max);
  const qualifier: Situation = { id: `experience:${min}-${max}`, aliases: [span.text], field: "experience", value, years_min: min, ...(max < MOST_YEARS ? { years_max: max } : {}) };
  parts.qualifiers.push({ qualifier, span });
}
