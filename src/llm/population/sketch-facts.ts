/**
 * The facts a persona sketch states that an enhanced persona must keep: every number and every
 * proper noun. A deterministic check, so "keeps every stated fact" is something we verify rather
 * than ask for.
 */
import { containsWords } from "./text-matching.ts";

export interface SketchFacts {
  numbers: string[];
  properNouns: string[];
}

/** All-capital words longer than this are emphasis ("NEVER"), not acronyms ("NHS", "NASA"). */
const LONGEST_ACRONYM = 5;

/**
 * Numbers, and capitalised words that name something. A capital at a sentence start proves
 * nothing ("Sells bread", "Ignore this"), so such a word counts only when the sketch also writes
 * it capitalised mid-sentence, when a capitalised word follows it ("Maria Okafor runs…"), or when
 * it opens the sketch followed by a comma ("Maria, 34, …"). Missing a name is cheaper than
 * re-asking for a word that was never a fact.
 */
export function sketchFacts(sketch: string): SketchFacts {
  const numbers = new Set<string>();
  for (const match of sketch.matchAll(/\d+(?:[.,]\d+)*/g)) numbers.add(normaliseNumber(match[0]));
  const words = [...sketch.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((match) => {
    const before = sketch.slice(0, match.index).trimEnd();
    return {
      text: match[0].replace(/['’]s$/u, ""),
      startsSentence: before === "" || /[.!?:;"“(\n]$/.test(before),
      opensSketch: before === "",
      followedByComma: sketch.slice((match.index ?? 0) + match[0].length).startsWith(","),
    };
  });
  const shouted = (text: string) => text === text.toUpperCase() && text.replace(/[^\p{L}]/gu, "").length > LONGEST_ACRONYM;
  const capitalised = (text: string) => /^\p{Lu}/u.test(text) && text.length > 1 && !shouted(text);
  const midSentence = new Set(words.filter((word) => !word.startsSentence && capitalised(word.text)).map((word) => word.text));
  const properNouns = new Set<string>();
  words.forEach((word, position) => {
    if (!capitalised(word.text)) return;
    const next = words[position + 1];
    const adjacentCapital = next !== undefined && capitalised(next.text) && !next.startsSentence;
    if (!word.startsSentence || midSentence.has(word.text) || adjacentCapital || (word.opensSketch && word.followedByComma)) properNouns.add(word.text);
  });
  return { numbers: [...numbers], properNouns: [...properNouns] };
}

/** "40,000" and "40000" are the same number; "2.5" stays as written. */
function normaliseNumber(text: string): string {
  return /^\d{1,3}(,\d{3})+$/.test(text) ? text.replace(/,/g, "") : text;
}

/** The sketch's facts that appear in none of `values`, worded for the model. */
export function missingFacts(facts: SketchFacts, values: readonly string[]): string[] {
  const text = values.join("\n");
  const numbersStated = new Set([...text.matchAll(/\d+(?:[.,]\d+)*/g)].map((match) => normaliseNumber(match[0])));
  const missing: string[] = [];
  for (const number of facts.numbers) if (!numbersStated.has(number)) missing.push(`the number ${number} (stated in the sketch) appears in no field`);
  for (const noun of facts.properNouns) if (!containsWords(text, noun)) missing.push(`'${noun}' (named in the sketch) appears in no field`);
  return missing;
}
