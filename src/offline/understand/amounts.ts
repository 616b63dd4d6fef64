/**
 * A stated income ("earning less than $40,000 a year", "living on under $2 a day", "on €500 a month",
 * "making six figures", "minimum-wage workers"): the amount, its currency and period, and the same as US
 * dollars a year (data/currencies.json), for the design to bound a wage field by; an amount clearly low or
 * high is also the existing `income` qualifier (low income / high income), which shapes the jobs drawn.
 * The words are claimed, so "earning less" is never declared as if it were unread. "High rollers" and "big
 * spenders" are wealthy people (high income), whatever the activity reader makes of the noun.
 */
import { z } from "zod";
import file from "../data/currencies.json" with { type: "json" };
import { checkedAtTestTime } from "../knowledge/checked.ts";
import type { Situation } from "../knowledge/index.ts";
import type { Token } from "../knowledge/words.ts";
import type { IncomePeriod, IncomeReading, PromptParts, Span } from "./parts.ts";

export type { IncomePeriod, IncomeReading };

const CurrencySchema = z.object({ code: z.string().length(3), symbols: z.array(z.string().min(1)).min(1), words: z.array(z.string().min(1)), usd: z.number().positive() });
const FileSchema = z.object({ about: z.string().min(1), sources: z.array(z.string().min(1)).min(1), low_income_usd_year: z.number().positive(), low_income_basis: z.string().min(1), high_income_usd_year: z.number().positive(), high_income_basis: z.string().min(1), currencies: z.array(CurrencySchema).min(10) });

/** The data file and its schema, checked at test time. */
export const CURRENCIES_FILE = [FileSchema, file] as const;



const PER_YEAR: Record<IncomePeriod, number> = { hour: 2080, day: 365, week: 52, month: 12, year: 1 };

const data = () => checkedAtTestTime(FileSchema, file);

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

let patterns: { amount: RegExp; figures: RegExp; symbolOf: Map<string, string>; wordOf: Map<string, string> } | undefined;

/** The income patterns, built once from the currency table (longest symbols and words first). */
function compiled() {
  if (patterns) return patterns;
  const symbolOf = new Map<string, string>();
  const wordOf = new Map<string, string>();
  for (const currency of data().currencies) {
    for (const symbol of currency.symbols) symbolOf.set(symbol.toLowerCase(), currency.code);
    for (const word of currency.words) wordOf.set(word.toLowerCase(), currency.code);
  }
  const byLength = (a: string, b: string) => b.length - a.length;
  const symbols = [...symbolOf.keys()].sort(byLength).map(escape).join("|");
  const words = [...wordOf.keys()].sort(byLength).map(escape).join("|");
  const lead = String.raw`(?:earning|earn|earns|making|make|makes|(?:being\s+)?paid|on|living\s+on|surviving\s+on|getting\s+by\s+on|scraping\s+by\s+on|live\s+on|lives\s+on|survive\s+on|survives\s+on|with(?:\s+an?)?(?:\s+(?:annual|monthly|yearly|weekly|household|gross|net|average))?\s+(?:income|incomes|salary|salaries|wage|wages|pension|pensions|budget|budgets|earnings)(?:\s+of)?|(?:income|incomes|salary|salaries|wage|wages|pension|pensions|earnings)(?:\s+of)?|who\s+earn|who\s+make|bringing\s+in|taking\s+home)`;
  const bound = String.raw`(under|less\s+than|below|no\s+more\s+than|not\s+more\s+than|up\s+to|at\s+most|over|more\s+than|above|at\s+least|upwards\s+of|in\s+excess\s+of|north\s+of|around|about|roughly|approximately|some|nearly|almost|close\s+to|between)`;
  const number = String.raw`(\d{1,3}(?:[,.\s]\d{3})+|\d+(?:\.\d+)?)\s*(k|m|bn|thousand|million|grand)?`;
  const amount = String.raw`(?:(${symbols})\s*${number}(?:\s*(${words}))?|${number}\s*(${words}|${symbols}))`;
  const second = String.raw`(?:\s*(?:-|–|to|and)\s*(?:${symbols})?\s*(\d{1,3}(?:[,.\s]\d{3})+|\d+(?:\.\d+)?)\s*(k|m|bn|thousand|million|grand)?)?`;
  const period = String.raw`(?:\s*(?:(?:a|an|per|each|every|\/)\s*(year|yr|annum|month|mo|week|wk|day|hour|hr)\b|(annually|yearly|a\s+year|monthly|weekly|daily|hourly|p\.?a\.?)(?![\p{L}])))?`;
  return (patterns = {
    amount: new RegExp(String.raw`\b${lead}\s+(?:${bound}\s+)?${amount}${second}${period}`, "iu"),
    figures: /\b(?:(?:earning|making|on|with|earn|make)\s+)?(?:(?:a|an)\s+)?(five|six|seven)[- ]figures?(?:\s+(?:salary|salaries|income|incomes|sums|pay))?/iu,
    symbolOf,
    wordOf,
  });
}

function value(digits: string, scale: string | undefined): number {
  // "40,000", "40.000", "40 000": thousands separators; "2.15": a decimal.
  const plain = /^\d{1,3}(?:[,.\s]\d{3})+$/.test(digits) ? Number(digits.replace(/[,.\s]/g, "")) : Number(digits);
  const factor = { k: 1e3, thousand: 1e3, grand: 1e3, m: 1e6, million: 1e6, bn: 1e9 }[(scale ?? "").toLowerCase()] ?? 1;
  return plain * factor;
}

function periodOf(written: string | undefined): IncomePeriod {
  const word = (written ?? "").toLowerCase().replace(/\s+/g, " ");
  if (/^(?:year|yr|annum|annually|yearly|a year|p\.?a\.?)$/.test(word)) return "year";
  if (/^(?:month|mo|monthly)$/.test(word)) return "month";
  if (/^(?:week|wk|weekly)$/.test(word)) return "week";
  if (/^(?:day|daily)$/.test(word)) return "day";
  if (/^(?:hour|hr|hourly)$/.test(word)) return "hour";
  // No period: a salary is a year's ("earning over £60,000").
  return "year";
}

const PERIOD_WORDS: Record<IncomePeriod, string> = { hour: "an hour", day: "a day", week: "a week", month: "a month", year: "a year" };

function money(amount: number, symbol: string): string {
  const shown = Number.isInteger(amount) ? amount.toLocaleString("en-US") : amount.toFixed(2);
  return /^\p{L}/u.test(symbol) ? `${shown} ${symbol}` : `${symbol}${shown}`;
}

/** The income the prompt states, or undefined. */
export function readIncomeAmount(text: string): IncomeReading | undefined {
  const { amount: pattern, figures, symbolOf, wordOf } = compiled();
  const thresholds = data();
  const match = pattern.exec(text);
  let reading: Omit<IncomeReading, "usdPerYear" | "band"> | undefined;
  if (match) {
    const [, rawBound, symbolA, digitsA, scaleA, wordA, digitsB, scaleB, wordOrSymbolB, digitsTo, scaleTo, periodA, periodB] = match;
    const digits = (digitsA ?? digitsB) as string;
    const scale = scaleA ?? scaleB;
    const currencyWritten = (symbolA ?? wordA ?? wordOrSymbolB ?? "").toLowerCase();
    const currency = symbolOf.get(currencyWritten) ?? wordOf.get(currencyWritten) ?? "USD";
    // "60 grand": a thousand dollars each.
    const amount = value(digits, scale) * (currencyWritten === "grand" && !scale ? 1000 : 1);
    // "with a monthly income of 2,000 euros": the period is in the lead words.
    const period = periodOf(periodA ?? periodB ?? /\b(monthly|weekly)\b/i.exec(match[0])?.[1]);
    const bound = (rawBound ?? "").toLowerCase().replace(/\s+/g, " ");
    const to = digitsTo ? value(digitsTo, scaleTo ?? scale) : undefined;
    let min: number | undefined;
    let max: number | undefined;
    if (to !== undefined) [min, max] = [amount, to];
    else if (/^(?:under|less than|below|no more than|not more than|up to|at most)$/.test(bound)) max = amount;
    else if (/^(?:over|more than|above|at least|upwards of|in excess of|north of)$/.test(bound)) min = amount;
    else [min, max] = [Math.round(amount * 0.9 * 100) / 100, Math.round(amount * 1.1 * 100) / 100];
    const symbol = data().currencies.find((entry) => entry.code === currency)?.symbols[0] ?? "$";
    const shown = to !== undefined ? `${money(amount, symbol)}-${money(to, symbol)}` : `${bound ? `${bound} ` : ""}${money(amount, symbol)}`;
    const start = match.index;
    const end = start + match[0].trimEnd().length;
    reading = { span: { start, end, text: text.slice(start, end) }, text: `${shown} ${PERIOD_WORDS[period]}`, currency, period, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  } else {
    const named = figures.exec(text);
    if (!named) return undefined;
    const digits = { five: 5, six: 6, seven: 7 }[(named[1] as string).toLowerCase() as "five" | "six" | "seven"];
    const start = named.index;
    const end = start + named[0].length;
    reading = { span: { start, end, text: text.slice(start, end) }, text: `${named[1]}-figure income (at least $${(10 ** (digits - 1)).toLocaleString("en-US")} a year)`, currency: "USD", period: "year", min: 10 ** (digits - 1), ...(digits < 7 ? { max: 10 ** digits - 1 } : {}) };
  }
  const rate = (data().currencies.find((entry) => entry.code === reading.currency)?.usd ?? 1) * PER_YEAR[reading.period];
  const usdPerYear = { ...(reading.min !== undefined ? { min: Math.round(reading.min * rate) } : {}), ...(reading.max !== undefined ? { max: Math.round(reading.max * rate) } : {}) };
  const band = usdPerYear.max !== undefined && usdPerYear.max <= thresholds.low_income_usd_year ? "low income" : usdPerYear.min !== undefined && usdPerYear.min >= thresholds.high_income_usd_year ? "high income" : undefined;
  return { ...reading, usdPerYear, ...(band ? { band } : {}) };
}

/** "minimum-wage workers", "on the minimum wage", "earning the minimum wage". */
const MINIMUM_WAGE = /\b(?:(?:on|earning|making|paid|at|earn|earns|make|makes)\s+(?:the\s+)?)?minimum[- ]wage\b/iu;
/**
 * Words of pay or poverty with no amount, and the income band each says: "low-paid workers", "the working
 * poor", "below the poverty line", "well-paid engineers", "in extreme poverty".
 */
const PAY_WORDS: ReadonlyArray<readonly [RegExp, "low income" | "high income"]> = [
  [/\b(?:(?:living|who\s+live|who\s+are)\s+)?(?:below|under|beneath|near|at|on)\s+the\s+poverty\s+line\b/iu, "low income"],
  [/\b(?:living\s+)?in\s+(?:extreme\s+|deep\s+|absolute\s+)?poverty\b/iu, "low income"],
  [/\b(?:low|lower|poorly|badly|under)[- ]?(?:paid|wage|waged|earning)\b/iu, "low income"],
  [/\bworking[- ]poor\b/iu, "low income"],
  [/\b(?:high|higher|highly|well|top)[- ]?(?:paid|earning|salaried)\b/iu, "high income"],
];
/** Pay adjectives the role reader also reads ("low-wage workers": a kind of work): their words stay unclaimed. */
const SHARED_WITH_ROLES = new Set([2]);
/** People named by their spending or stakes: wealthy, whatever else the noun is read as. */
const WEALTHY_NOUNS = /\b(?:high[- ]rollers?|big[- ]spenders?|big[- ]earners?|top[- ]earners?|whales|millionaires?|multimillionaires?|billionaires?|the\s+ultra[- ]rich|the\s+super[- ]rich)\b/iu;

/**
 * Reads the stated income into a qualifier (field `income`: its band, or the amount in words) and claims its
 * words; the exact amount is declared in `unmodelled` unless the design bounds a wage by it. Returns the
 * reading for `parts.income`.
 */
export function readIncome(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): IncomeReading | undefined {
  const claim = (span: Span) => tokens.forEach((token, index) => {
    if (token.start >= span.start && token.end <= span.end) claimed[index] = true;
  });
  const push = (value: string, span: Span) => {
    const qualifier: Situation = { id: `income:${value}`, aliases: [span.text], field: "income", value };
    parts.qualifiers.push({ qualifier, span });
  };
  const reading = readIncomeAmount(text);
  if (reading) {
    claim(reading.span);
    push(reading.band ?? reading.text, reading.span);
    if (reading.band) parts.unmodelled.push(`${reading.text} (read as ${reading.band}; the amount itself not modelled)`);
    return reading;
  }
  const minimum = MINIMUM_WAGE.exec(text);
  if (minimum) {
    const span = { start: minimum.index, end: minimum.index + minimum[0].length, text: minimum[0] };
    claim(span);
    push("low income", span);
    parts.unmodelled.push(`${span.text} (read as low income; the country's minimum wage itself not modelled)`);
    return { span, text: "the minimum wage", currency: "USD", period: "hour", usdPerYear: {}, band: "low income", level: "minimum wage" };
  }
  for (const [position, [pattern, band]] of PAY_WORDS.entries()) {
    const words = pattern.exec(text);
    if (!words) continue;
    const span = { start: words.index, end: words.index + words[0].length, text: words[0] };
    if (!SHARED_WITH_ROLES.has(position)) claim(span);
    push(band, span);
    return { span, text: span.text, currency: "USD", period: "year", usdPerYear: {}, band };
  }
  const wealthy = WEALTHY_NOUNS.exec(text);
  if (wealthy) {
    // The noun stays for the role or activity reader: only the wealth is added.
    push("high income", { start: wealthy.index, end: wealthy.index + wealthy[0].length, text: wealthy[0] });
  }
  return undefined;
}
