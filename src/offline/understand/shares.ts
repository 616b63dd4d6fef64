/**
 * A trait only a share of them has: "Teachers in Tokyo, half of them over 50", "Workers in Detroit, one in
 * four unemployed", "Residents of Miami, many of them retired", "Farmers in Kenya, though mostly young ones",
 * "Students in Paris, 40% of them international". A share is a mixture: that share has the trait, the rest
 * are the population as if it were not said — never everyone. Whatever the trait's words were read as (an
 * age, a situation, a qualifier, a condition, a place or an origin) is moved out of the population-wide
 * parts into `parts.shares`; a share of one sex stays `parts.gender.femaleShare` (statedSexShare).
 */
import type { PromptParts, Span } from "./parts.ts";
import { wordedNumber } from "./number-words.ts";
import type { Token } from "../knowledge/words.ts";

/** Shares named in words, as the share of the population; "mostly" and its kin a clear majority, "many" and "some" a part. */
export const SHARE_WORDS: Readonly<Record<string, number>> = {
  half: 0.5, "a third": 1 / 3, "one third": 1 / 3, "two thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25, "three quarters": 0.75,
  mostly: 0.75, mainly: 0.75, largely: 0.75, predominantly: 0.8, overwhelmingly: 0.9, "a few": 0.15, "a minority of": 0.3, "a majority of": 0.65,
};

/** Quantifiers that say a part of a group, never a count of people: only in a clause about "them" or after a break. */
const PART_WORDS: Readonly<Record<string, number>> = {
  ...SHARE_WORDS, most: 0.7, many: 0.4, some: 0.25, several: 0.2, few: 0.1, "a handful": 0.1, "a minority": 0.3, "a majority": 0.65, "the majority": 0.65, "the minority": 0.3,
  "nearly all": 0.9, "almost all": 0.9, "nearly half": 0.45, "almost half": 0.45, "over half": 0.6, "more than half": 0.6, "less than half": 0.35, "under half": 0.35,
};

const NUMBER_WORD = String.raw`(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)`;
const WORDS = Object.keys(PART_WORDS).sort((a, b) => b.length - a.length).map((word) => word.replace(/ /g, String.raw`\s+`)).join("|");
/** The amount: "40%", "40 percent", "one in four", "3 out of 10", or a word of PART_WORDS. */
const AMOUNT = String.raw`(\d{1,3}(?:\.\d+)?\s*(?:%|percent|per\s+cent)|${NUMBER_WORD}\s+(?:in|out\s+of)\s+${NUMBER_WORD}|${WORDS})`;
/**
 * A share of the people already named: after a break (a comma, "though", "but", "with", a dash) or with "of
 * them"/"of whom"; the trait runs to the clause's end ("half of them over 50 and most of them women" is two).
 */
const SHARE = new RegExp(
  String.raw`(?:(?:[,;(—–]|\s-)\s*(?:(?:though|although|but|and|with|including|of\s+whom)\s+)?|\b(?:though|although|but|with)\s+)${AMOUNT}(\s+(?:of\s+(?:them|whom|those|these|the\s+\p{L}+)\s+)?(?:(?:are|is|were|being|now|already)\s+)*)([^,;.!?()]*?)(?=\s+(?:and|but|while|whereas|who)\b|[,;.!?()]|$)`,
  "giu",
);
/** A trait of one sex is statedSexShare's. */
const SEX_TRAIT = /^(?:men|women|male|female|males|females|boys|girls)$/i;
/** Someone from abroad: the share's people come from elsewhere, the rest from where they live. */
const FROM_ABROAD = /\b(?:international|foreign(?:ers?)?|from\s+abroad|overseas|immigrants?|from\s+other\s+countries|expats?)\b/i;

export type SharePart = NonNullable<PromptParts["shares"]>[number];

/** The share an amount names, or undefined ("one in four" 0.25, "40%" 0.4, "many" 0.4). */
function shareOf(amount: string): number | undefined {
  const written = amount.toLowerCase().replace(/\s+/g, " ");
  const percent = /^(\d{1,3}(?:\.\d+)?)\s*(?:%|percent|per cent)$/.exec(written);
  if (percent) return Number(percent[1]) / 100;
  const ratio = /^(\S+) (?:in|out of) (\S+)$/.exec(written);
  if (ratio) {
    const part = /^\d+$/.test(ratio[1] as string) ? Number(ratio[1]) : wordedNumber(ratio[1] as string);
    const whole = /^\d+$/.test(ratio[2] as string) ? Number(ratio[2]) : wordedNumber(ratio[2] as string);
    return part !== undefined && whole !== undefined && whole > 0 ? part / whole : undefined;
  }
  return PART_WORDS[written];
}

const inside = (span: Span, within: Span): boolean => span.start >= within.start && span.end <= within.end;

/**
 * Moves what the prompt says of only a share of them into `parts.shares`, claims the amount's words, and
 * declares each share as written (compose draws the mixture from `parts.shares`; the words say what was read).
 */
export function readShares(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  for (const match of text.matchAll(SHARE)) {
    const amount = match[1] as string;
    const trait = (match[3] as string).trim();
    const share = shareOf(amount);
    if (share === undefined || !(share > 0 && share < 1) || trait === "" || SEX_TRAIT.test(trait)) continue;
    const amountStart = (match.index as number) + match[0].indexOf(amount);
    const traitStart = text.indexOf(trait, amountStart + amount.length);
    const traitSpan: Span = { start: traitStart, end: traitStart + trait.length, text: trait };
    const span: Span = { start: amountStart, end: traitSpan.end, text: text.slice(amountStart, traitSpan.end) };
    const entry: SharePart = { share, span, situations: [], qualifiers: [], conditions: [], origins: [] };
    if (parts.age && inside(parts.age.span, traitSpan)) {
      entry.age = parts.age;
      delete parts.age;
    }
    entry.situations = parts.situations.filter((item) => inside(item.span, traitSpan));
    parts.situations = parts.situations.filter((item) => !inside(item.span, traitSpan));
    entry.qualifiers = parts.qualifiers.filter((item) => inside(item.span, traitSpan));
    parts.qualifiers = parts.qualifiers.filter((item) => !inside(item.span, traitSpan));
    entry.conditions = parts.conditions.filter((item) => inside(item.span, traitSpan));
    parts.conditions = parts.conditions.filter((item) => !inside(item.span, traitSpan));
    entry.origins = parts.origins.filter((item) => inside(item.span, traitSpan));
    parts.origins = parts.origins.filter((item) => !inside(item.span, traitSpan));
    // "40% of them international": where they come from, not where they live.
    const places = parts.places.filter((place) => inside(place.span, traitSpan));
    parts.places = parts.places.filter((place) => !inside(place.span, traitSpan));
    if (FROM_ABROAD.test(trait)) entry.international = traitSpan;
    const read = entry.age !== undefined || entry.situations.length + entry.qualifiers.length + entry.conditions.length + entry.origins.length + places.length > 0 || entry.international !== undefined;
    if (!read) continue;
    tokens.forEach((token, index) => {
      // The connective too ("though mostly young ones"): it only joins the share to the people.
      if (token.start >= (match.index as number) && token.end <= span.end) claimed[index] = true;
    });
    (parts.shares ??= []).push(entry);
    parts.unmodelled.push(`${span.text} (a share of them, not everyone)`);
  }
}
