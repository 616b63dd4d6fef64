/**
 * The English a persona's prose is written in: US spelling and vocabulary for the United States
 * and the countries whose English follows it, Canadian usage for Canada, British English in the UK,
 * Ireland, Australia and New Zealand, and elsewhere British spelling without the UK's own
 * institutions (data/text/places.json `vocabulary_int`). Phrases and frames are written once, in Commonwealth English;
 * `inVariety` rewrites a template's source before it is compiled, so slot values (a field's own
 * words, "shop assistant") are never rewritten.
 */
import { textKnowledge } from "../knowledge/text-data.ts";

/** `en-INT`: British spelling without the UK's own institutions (a main street, not a high street, in Tokyo). */
export type EnglishVariety = "en-GB" | "en-US" | "en-CA" | "en-INT";

export function varietyOf(countryCode: string | undefined): EnglishVariety {
  const varieties = textKnowledge().places.varieties;
  if (!countryCode) return "en-GB";
  if (varieties["en-US"].includes(countryCode)) return "en-US";
  if (varieties["en-CA"].includes(countryCode)) return "en-CA";
  if (varieties["en-GB"].includes(countryCode)) return "en-GB";
  return "en-INT";
}

type Rewrite = readonly [RegExp, string];

const rewrites = new Map<EnglishVariety, Rewrite[]>();

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function rewritesFor(variety: EnglishVariety): Rewrite[] {
  let list = rewrites.get(variety);
  if (list) return list;
  const places = textKnowledge().places;
  const maps = variety === "en-US" ? [places.vocabulary_us, places.spelling_us] : variety === "en-CA" ? [places.vocabulary_ca, places.spelling_ca] : variety === "en-INT" ? [places.vocabulary_int] : [];
  const keepBefore = variety === "en-US" ? places.vocabulary_us_keep_before : {};
  // Longer phrases first ("the school holidays" before "holidays"), vocabulary before spelling.
  const entries = maps.flatMap((map) => Object.entries(map).sort((a, b) => b[0].length - a[0].length));
  list = entries.map(([from, to]): Rewrite => {
    const guards = (keepBefore[from] ?? []).map((word) => `(?<!${escape(word)} )`).join("");
    return [new RegExp(`${guards}(?<![\\p{L}{@])${escape(from)}(?![\\p{L}}])`, "giu"), to];
  });
  rewrites.set(variety, list);
  return list;
}

/** A template source in the persona's English; a capital at the start of a match is kept. */
export function inVariety(source: string, variety: EnglishVariety): string {
  if (variety === "en-GB") return source;
  let out = source;
  for (const [pattern, replacement] of rewritesFor(variety)) {
    out = out.replace(pattern, (match) => (/^\p{Lu}/u.test(match) && !/^\p{Lu}{2}/u.test(match) ? replacement.charAt(0).toUpperCase() + replacement.slice(1) : replacement));
  }
  return out;
}
