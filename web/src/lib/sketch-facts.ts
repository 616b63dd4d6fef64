/**
 * Where a sketch's facts landed in the enhanced persona: which fields took a value the sketch
 * stated ("30", "Lyon", "support"), and which words of the written text repeat the sketch. The
 * enhance page marks both, so an author sees at once what was kept and what was invented.
 */
import { fold } from "./persona-filter.ts";

/** Words that carry no fact on their own. */
const STOP_WORDS = new Set(
  "the and for with from that this who whom whose which what when where why how are was were been being has have had his her hers him she he they them their its it's you your our not but all any can will would could should into onto over under about after before than then also very just only more most some such year years old plays play likes like loves love is a an of in on at to by as or be do does did".split(" "),
);

const WORD = /[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu;

export interface SketchFacts {
  /** Fields whose whole value the sketch stated. */
  fields: string[];
  /** Folded words of the sketch worth marking where they appear. */
  terms: Set<string>;
}

export function sketchTerms(sketch: string): Set<string> {
  const terms = new Set<string>();
  for (const match of fold(sketch).matchAll(WORD)) {
    const word = match[0];
    if (/^\d+$/.test(word) || (word.length >= 3 && !STOP_WORDS.has(word))) terms.add(word);
  }
  return terms;
}

export function sketchFacts(sketch: string, fields: Record<string, string>, textFields: ReadonlySet<string> = new Set()): SketchFacts {
  const terms = sketchTerms(sketch);
  const foldedSketch = ` ${[...fold(sketch).matchAll(WORD)].map((match) => match[0]).join(" ")} `;
  const stated = Object.entries(fields)
    .filter(([name, value]) => {
      if (textFields.has(name)) return false;
      const words = [...fold(value).matchAll(WORD)].map((match) => match[0]);
      // The value, as a run of whole words, appears in the sketch ("support main", "30", "Lyon").
      return words.length > 0 && foldedSketch.includes(` ${words.join(" ")} `) && words.some((word) => terms.has(word));
    })
    .map(([name]) => name);
  return { fields: stated, terms };
}

export interface Segment {
  text: string;
  marked: boolean;
}

/** The text cut where its words are sketch terms, so those words can be marked; joined, the segments give the text back. */
export function highlightSegments(text: string, terms: ReadonlySet<string>): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    if (!terms.has(fold(match[0]))) continue;
    const start = match.index ?? 0;
    if (start > last) segments.push({ text: text.slice(last, start), marked: false });
    segments.push({ text: match[0], marked: true });
    last = start + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), marked: false });
  // Neighbouring marked words separated only by spaces read as one mark.
  return segments.reduce<Segment[]>((merged, segment) => {
    const previous = merged[merged.length - 1];
    const beforePrevious = merged[merged.length - 2];
    if (segment.marked && previous && !previous.marked && /^\s+$/.test(previous.text) && beforePrevious?.marked) {
      merged.splice(-2, 2, { text: beforePrevious.text + previous.text + segment.text, marked: true });
    } else merged.push(segment);
    return merged;
  }, []);
}
