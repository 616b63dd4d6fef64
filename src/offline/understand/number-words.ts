/**
 * Numbers written in words, as one small grammar every reader of ages shares: units and teens ("five",
 * "nineteen"), tens ("forty"), their compounds hyphenated or spaced ("twenty-five", "sixty one"), and
 * hundreds ("a hundred", "one hundred and two"). `numeralView` gives a prompt with each such number in
 * digits and a map back to the prompt's own offsets, so the digit patterns read "Twenty-five-year-olds"
 * as they read "25-year-olds" and every span they return is still the prompt's own text.
 */

const UNITS: Readonly<Record<string, number>> = { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19 };
const TENS: Readonly<Record<string, number>> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

const UNIT = Object.keys(UNITS).sort((a, b) => b.length - a.length).join("|");
const DIGIT = Object.keys(UNITS).filter((word) => UNITS[word] !== undefined && (UNITS[word] as number) >= 1 && (UNITS[word] as number) <= 9).join("|");
const TEN = Object.keys(TENS).join("|");
/** Below a hundred: "forty-five", "sixty one", "forty", "twelve". */
const BELOW_HUNDRED = String.raw`(?:(?:${TEN})(?:[\s-](?:${DIGIT}))?|(?:${UNIT}))`;
/** "a hundred", "one hundred and two", "a hundred five", or a number below a hundred. */
const NUMBER = new RegExp(String.raw`\b(?:(?:a|one)[\s-]+hundred(?:[\s-]+(?:and[\s-]+)?${BELOW_HUNDRED})?|${BELOW_HUNDRED})\b`, "gi");
/** Cheap test first: most prompts hold no number word and keep their text as it is. */
const ANY_NUMBER_WORD = new RegExp(String.raw`\b(?:${UNIT}|${TEN}|hundred)\b`, "i");

/** The value of a number in words ("forty-five" → 45, "a hundred and two" → 102), or undefined. */
export function wordedNumber(words: string): number | undefined {
  let total = 0;
  let seen = false;
  for (const word of words.toLowerCase().split(/[\s-]+/)) {
    if (word === "and" || word === "a" || word === "") continue;
    if (word === "hundred") total = Math.max(total, 1) * 100;
    else if (TENS[word] !== undefined) total += TENS[word] as number;
    else if (UNITS[word] !== undefined) total += UNITS[word] as number;
    else return undefined;
    seen = true;
  }
  return seen ? total : undefined;
}

export interface NumeralView {
  /** The text with every number in words as digits. */
  text: string;
  /** The prompt's own offset of an offset of `text` (a start, or an end: one past the last character). */
  original: (offset: number) => number;
}

/** The text with its numbers in words written in digits, and the way back to the prompt's own offsets. */
export function numeralView(text: string): NumeralView {
  if (!ANY_NUMBER_WORD.test(text)) return { text, original: (offset) => offset };
  let view = "";
  // origins[i]: the prompt's offset of the view's character i; one more entry for the end.
  const origins: number[] = [];
  let last = 0;
  for (const match of text.matchAll(NUMBER)) {
    const value = wordedNumber(match[0]);
    if (value === undefined) continue;
    for (let index = last; index < match.index; index += 1) origins.push(index);
    view += text.slice(last, match.index);
    const digits = String(value);
    for (let index = 0; index < digits.length; index += 1) origins.push(match.index);
    view += digits;
    last = match.index + match[0].length;
  }
  for (let index = last; index < text.length; index += 1) origins.push(index);
  view += text.slice(last);
  origins.push(text.length);
  return {
    text: view,
    // A span's end right after digits maps to the end of the words they stand for: the next character's offset.
    original: (offset) => origins[Math.max(0, Math.min(offset, origins.length - 1))] as number,
  };
}
