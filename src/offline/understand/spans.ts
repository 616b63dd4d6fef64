/** The prompt's span over a run of tokens: where the words stand, and the words as written. */
import type { Token } from "../knowledge/words.ts";
import type { Span } from "./parts.ts";

export function spanOf(text: string, tokens: readonly Token[], start: number, length: number): Span {
  const first = tokens[start] as Token;
  const last = tokens[start + length - 1] as Token;
  return { start: first.start, end: last.end, text: text.slice(first.start, last.end) };
}
