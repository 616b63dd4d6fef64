/**
 * A tiny template grammar: `{slot}` inserts a persona value, `[a|b|c]` picks one alternative
 * (alternatives may hold slots and nested choices). Templates compile once at module load; a
 * render is a walk over parts, cheap enough for 100,000 personas.
 *
 * @example
 *   const line = compile("[Grew up|Was raised] in {city}.");
 *   render(line, { city: "Seoul" }, rng); // "Was raised in Seoul."
 */
import type { Rng } from "../../engine/rng.ts";

type Part = string | { slot: string } | { choice: Part[][] };
export type Template = Part[];
export type Slots = Readonly<Record<string, string>>;

export function compile(source: string): Template {
  const [parts, end] = parseSequence(source, 0, false);
  if (end !== source.length) throw new Error(`template: unbalanced at ${end} in "${source}"`);
  return parts;
}

function parseSequence(source: string, start: number, inChoice: boolean): [Part[], number] {
  const parts: Part[] = [];
  let text = "";
  let index = start;
  while (index < source.length) {
    const char = source[index] as string;
    if (inChoice && (char === "|" || char === "]")) break;
    if (char === "{") {
      const close = source.indexOf("}", index);
      if (close < 0) throw new Error(`template: unclosed slot in "${source}"`);
      if (text) parts.push(text);
      text = "";
      parts.push({ slot: source.slice(index + 1, close) });
      index = close + 1;
    } else if (char === "[") {
      if (text) parts.push(text);
      text = "";
      const alternatives: Part[][] = [];
      index++;
      for (;;) {
        const [alternative, next] = parseSequence(source, index, true);
        alternatives.push(alternative);
        index = next;
        if (source[index] === "|") index++;
        else if (source[index] === "]") {
          index++;
          break;
        } else throw new Error(`template: unclosed choice in "${source}"`);
      }
      parts.push({ choice: alternatives });
    } else {
      text += char;
      index++;
    }
  }
  if (text) parts.push(text);
  return [parts, index];
}

export function render(template: Template, slots: Slots, rng: Rng): string {
  let out = "";
  for (const part of template) {
    if (typeof part === "string") out += part;
    else if ("slot" in part) {
      const value = slots[part.slot];
      if (value === undefined) throw new Error(`template: no value for slot {${part.slot}}`);
      out += value;
    } else out += render(rng.pick(part.choice), slots, rng);
  }
  return out;
}

/** Capitalise the first letter (after any opening quote), leaving the rest as written. */
export function capitalise(text: string): string {
  return text.replace(/^(['"“]?)(\p{Ll})/u, (_match, quote: string, letter: string) => quote + letter.toUpperCase());
}

/** A pool of alternative sentences for one idea; compile once, pick one per persona. */
export class SentencePool {
  private readonly templates: Template[];
  constructor(sources: readonly string[]) {
    this.templates = sources.map(compile);
  }
  write(slots: Slots, rng: Rng): string {
    return capitalise(render(rng.pick(this.templates), slots, rng));
  }
}

/** Sentences in a shuffled order, keeping the first `fixed` in place (an opening that must lead). */
export function compose(sentences: readonly string[], rng: Rng, fixed = 1): string {
  const head = sentences.slice(0, fixed);
  const tail = rng.shuffle(sentences.slice(fixed));
  return [...head, ...tail].join(" ");
}
