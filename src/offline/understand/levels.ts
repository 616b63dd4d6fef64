/**
 * A level on an activity's own scale ("Black belts in karate", "Brown-belt judoka", "3rd-dan aikido
 * teachers", "Grade 8 pianists", "C1-level English learners", "V5 boulderers", "single-figure handicap
 * golfers"): the level of everyone, as a qualifier (field `level`) that fixes the design's level field —
 * read before the phrase table, so a belt's colour is no ethnicity ("Black belts") and "belts" no job.
 * Each scale is a structure (colour + belt, dan/kyu, a music grade, a CEFR band, a climbing grade), not a
 * list of the prompts seen.
 */
import type { Situation } from "../knowledge/index.ts";
import type { Token } from "../knowledge/words.ts";
import type { PromptParts } from "./parts.ts";
import { spanOf } from "./spans.ts";

/** Martial arts belt colours, lowest to highest as most syllabuses order them (karate, judo, taekwondo, BJJ). */
const BELT_COLOURS = new Set(["white", "yellow", "orange", "green", "blue", "purple", "brown", "red", "black", "grey", "gray"]);
const ORDINAL = /^(\d{1,2})(?:st|nd|rd|th)?$/;
const ORDINAL_WORDS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10 };
const CEFR = /^(a1|a2|b1|b2|c1|c2)$/;
/** A noun for people who practise ("judoka", "holders", "students", "fighters"). */
const PERSON_NOUN = /(?:ers?|ists?|ka|ists|holders?|students?|athletes?|practitioners?|kids|adults|women|men)$/;
/** Bouldering (V-scale) and sport climbing (French) grades. */
const CLIMBING = /^(?:v\d{1,2}|[5-9][abc]\+?|5\.\d{1,2}[abcd]?)$/;

interface LevelRead {
  start: number;
  length: number;
  value: string;
}

/** The words at `at` that name a level on a known scale, or undefined. */
function levelAt(tokens: readonly Token[], at: number): LevelRead | undefined {
  const word = (tokens[at] as Token).text;
  const next = tokens[at + 1]?.text;
  const after = tokens[at + 2]?.text;
  // "Black belts", "brown-belt judoka", "black belt holders".
  // A belt in the singular names people only before a person noun ("brown-belt judoka"): "the green belt" is land.
  if (BELT_COLOURS.has(word) && (next === "belts" || (next === "belt" && PERSON_NOUN.test(after ?? "")))) return { start: at, length: 2, value: `${word === "gray" ? "grey" : word} belt` };
  // "3rd dan", "third-dan", "1st kyu": a dan is a black belt's degree, a kyu a grade below it.
  const degree = ORDINAL.exec(word)?.[1] ?? (ORDINAL_WORDS[word] !== undefined ? String(ORDINAL_WORDS[word]) : undefined);
  if (degree && (next === "dan" || next === "kyu")) return { start: at, length: 2, value: next === "dan" ? `black belt (${ordinal(Number(degree))} dan)` : `${ordinal(Number(degree))} kyu` };
  // "dan-ranked", "dan grades", "dan holders": black belts of some degree.
  if (word === "dan" && (next === "ranked" || next === "grade" || next === "grades" || next === "grading" || next === "holders")) return { start: at, length: 2, value: "black belt (dan grade)" };
  // "Grade 8 pianists", "grade-5 violinists" (ABRSM/Trinity grades 1-8).
  if (word === "grade" && next && /^[1-8]$/.test(next)) return { start: at, length: 2, value: `Grade ${next}` };
  // "C1-level English learners", "B2 Spanish speakers".
  if (CEFR.test(word) && (next === "level" || after === "learners" || after === "speakers" || next === "learners")) return { start: at, length: next === "level" ? 2 : 1, value: `${word.toUpperCase()} (CEFR)` };
  // "V5 boulderers", "7a climbers", "5.12 climbers".
  if (CLIMBING.test(word) && next && /^(?:climbers?|boulderers?|climbing|bouldering)$/.test(next)) return { start: at, length: 1, value: `${(tokens[at] as Token).raw} grade` };
  // "HSK 5 learners", "JLPT N2 holders", "TOPIK 4": a language test's own levels.
  if ((word === "hsk" || word === "topik") && next && /^[1-9]$/.test(next)) return { start: at, length: 2, value: `${word.toUpperCase()} ${next}` };
  if (word === "jlpt" && next && /^n[1-5]$/.test(next)) return { start: at, length: 2, value: `JLPT ${next.toUpperCase()}` };
  // "10-handicap golfers", "golfers with a handicap of 5": single figures low, into the teens mid, above high.
  const handicap = word === "handicap" && next === "of" && after && /^\d{1,2}$/.test(after) ? Number(after) : /^\d{1,2}$/.test(word) && (next === "handicap" || next === "handicappers") ? Number(word) : undefined;
  if (handicap !== undefined) {
    const length = word === "handicap" ? 3 : 2;
    return { start: at, length, value: handicap <= 9 ? "low handicapper" : handicap <= 19 ? "mid handicapper" : "high handicapper" };
  }
  // "single-figure handicap golfers", "low-handicap golfers": golf's own words.
  if ((word === "single" && next === "figure" && after === "handicap") || ((word === "low" || word === "high" || word === "mid") && next === "handicap")) {
    const length = word === "single" ? 3 : 2;
    return { start: at, length, value: word === "high" ? "high handicapper" : word === "mid" ? "mid handicapper" : "low handicapper" };
  }
  return undefined;
}

function ordinal(value: number): string {
  const tens = value % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : value % 10 === 1 ? "st" : value % 10 === 2 ? "nd" : value % 10 === 3 ? "rd" : "th";
  return `${value}${suffix}`;
}

/**
 * Reads the first level of an activity's own scale into a `level` qualifier and claims its words. A level
 * qualifier fixes the design's level field to its value; the activity itself is read by the phrase table.
 */
export function readActivityLevel(parts: PromptParts, text: string, tokens: readonly Token[], claimed: boolean[]): void {
  for (let at = 0; at < tokens.length; at++) {
    if (claimed[at]) continue;
    const level = levelAt(tokens, at);
    if (!level || tokens.slice(level.start, level.start + level.length).some((_, offset) => claimed[level.start + offset])) continue;
    for (let position = level.start; position < level.start + level.length; position++) claimed[position] = true;
    const span = spanOf(text, tokens, level.start, level.length);
    const qualifier: Situation = { id: `level:${level.value}`, aliases: [span.text], field: "level", value: level.value };
    parts.qualifiers.push({ qualifier, span });
    return;
  }
}
