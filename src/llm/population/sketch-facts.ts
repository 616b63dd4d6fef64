/**
 * The facts a persona sketch states that an enhanced persona must keep: every number and every
 * proper noun. A deterministic check, so "keeps every stated fact" is something we verify rather
 * than ask for.
 */
import { containsWords } from "./text-matching.ts";

/** Capitalised words that start sentences without naming anything. */
const SENTENCE_STARTERS = new Set(
  `a an the i he she they we you it his her their our my your its this that these those there here
  and but or so yet if when while after before since until because although though as at in on of for from to with by
  has have had is are was were be been being do does did can could will would should may might must
  also then now still just only often always never sometimes usually every each some many most all both no not
  loves likes hates enjoys wants works lives grew born spends prefers believes thinks feels knows speaks plays
  mr mrs ms dr`.split(/\s+/),
);

export interface SketchFacts {
  numbers: string[];
  properNouns: string[];
}

export function sketchFacts(sketch: string): SketchFacts {
  const numbers = new Set<string>();
  for (const match of sketch.matchAll(/\d+(?:[.,]\d+)*/g)) numbers.add(normaliseNumber(match[0]));
  const properNouns = new Set<string>();
  const words = sketch.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
  for (const match of words) {
    const word = match[0].replace(/['’]s$/u, "");
    if (!/^\p{Lu}/u.test(word)) continue;
    const before = sketch.slice(0, match.index).trimEnd();
    const startsSentence = before === "" || /[.!?:;"“(\n]$/.test(before);
    if (startsSentence && SENTENCE_STARTERS.has(word.toLowerCase())) continue;
    if (word.length === 1) continue;
    properNouns.add(word);
  }
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
