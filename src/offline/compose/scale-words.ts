/**
 * "Chess grandmasters", "Scratch golfers", "Chess beginners": a word of the activity's own scale
 * (its rank ladder or its levels) in the prompt sets the rank or level, instead of the everyday mix of
 * beginners to masters. The value's first word is the scale's word ("master (2200+)": master); a word
 * that ends in it names it too ("grandmaster" is a master and above).
 */
import { fold, singularWord } from "../knowledge/words.ts";
import type { PromptParts } from "../understand/parts.ts";

/** The prompt's words the reading did not take for a place or a known part: its roles' words, qualifiers and what it left unread. */
function candidateWords(parts: PromptParts): Array<{ word: string; written: string }> {
  const spans = [
    ...parts.roles.flatMap((role) => (role.kind === "as-written" || role.kind === "participant" ? [role.span.text] : [])),
    ...parts.qualifiers.map((entry) => entry.span.text),
    ...parts.unmodelled,
  ];
  return spans.flatMap((written) => fold(written).split(/[^\p{L}-]+/u).filter(Boolean).map((word) => ({ word: singularWord(word), written })));
}

/** The scale's value the prompt names, if one, with the words that named it. */
export function scaleValueNamed(parts: PromptParts, scale: readonly string[] | undefined): { value: string; written: string } | undefined {
  if (!scale || scale.length === 0) return undefined;
  const words = candidateWords(parts);
  for (const value of scale) {
    const head = fold(value).split(/[\s(]+/)[0] ?? "";
    if (head.length < 4) continue;
    const named = words.find(({ word }) => word === head || (word.length > head.length + 2 && word.endsWith(head)));
    if (named) return { value, written: named.written };
  }
  return undefined;
}
