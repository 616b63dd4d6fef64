/**
 * A tiny template grammar: `{slot}` inserts a persona value, `[a|b|c]` picks one alternative
 * (alternatives may hold slots and nested choices), `{@list}` one phrase of a named phrase list and
 * `{@list&}` two different phrases of it joined by "and". Templates compile once at module load; a
 * render is a walk over parts, cheap enough for 100,000 personas.
 *
 * Every template has a finite number of *expansions* (the product of its choices, lists counted by
 * their phrases). `renderNumbered` writes expansion number k, a bijection from [0, size) to the
 * expansions, so a population can give each persona a different one (see `variety.ts`) instead of
 * drawing at random and repeating itself.
 *
 * @example
 *   const line = compile("[Grew up|Was raised] in {city}.");
 *   render(line, { city: "Seoul" }, rng); // "Was raised in Seoul."
 *   renderNumbered(line, 1, { city: "Seoul" }, {}, rng); // "Was raised in Seoul."
 */
import { withArticle } from "../../engine/articles.ts";
import type { Rng } from "../../engine/rng.ts";

/**
 * A slot's `article` is the "a" or "A" written just before it, said "an" before a vowel sound of the
 * value ("an Italian family"), or "" when none is. Every slot part has it, so they share one shape
 * (renders read it for every slot of every sentence).
 */
type SlotPart = { slot: string; article: "" | "a" | "A" };
type Part = string | SlotPart | { choice: Part[][] } | { list: string; pair: boolean };
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
      const name = source.slice(index + 1, close);
      // "a {heritage_people} family": the article is the value's to choose, so it is written with the value.
      const article = name.startsWith("@") ? undefined : ARTICLE_BEFORE.exec(text)?.[1];
      if (article) text = text.slice(0, -2);
      if (text) parts.push(text);
      text = "";
      if (name.startsWith("@")) parts.push({ list: name.slice(1).replace(/&$/, ""), pair: name.endsWith("&") });
      else parts.push({ slot: name, article: article === "a" || article === "A" ? article : "" });
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

/** The article "a" as a word at the end of written text, just before a slot. */
const ARTICLE_BEFORE = /(?:^|[^\p{L}])([Aa]) $/u;

function slotValue(slots: Slots, name: string): string {
  const value = slots[name];
  if (value === undefined) throw new Error(`template: no value for slot {${name}}`);
  return value;
}

/** A slot's value, with the article written before it in the template made to fit it ("an Italian"). */
function slotText(slots: Slots, part: SlotPart): string {
  return part.article === "" ? slotValue(slots, part.slot) : articled(slotValue(slots, part.slot), part.article === "A");
}

function articled(value: string, capital: boolean): string {
  const phrase = withArticle(value);
  return capital ? capitalise(phrase) : phrase;
}

export function render(template: Template, slots: Slots, rng: Rng): string {
  let out = "";
  for (const part of template) {
    if (typeof part === "string") out += part;
    else if ("slot" in part) out += slotText(slots, part); else if ("choice" in part) out += render(rng.pick(part.choice), slots, rng);
    else throw new Error(`template: list {@${part.list}} needs renderNumbered`);
  }
  return out;
}

// ---------------------------------------------------------------- numbered expansions

/** Sizes saturate here: past it only the first expansions are reachable, which is plenty. */
const SIZE_CAP = 2 ** 48;

function times(a: number, b: number): number {
  return Math.min(SIZE_CAP, a * b);
}

/** A list of phrases (templates without list references of their own), with its expansion counts. */
export interface PhraseList {
  /** The phrases as written, for readers that look at their words. */
  readonly sources: readonly string[];
  readonly items: readonly Template[];
  readonly sizes: readonly number[];
  readonly size: number;
}

export type Lists = Readonly<Record<string, PhraseList>>;

export function compileList(sources: readonly string[]): PhraseList {
  const items = sources.map(compile);
  for (const [position, item] of items.entries()) if (hasList(item)) throw new Error(`phrase list: "${sources[position]}" may not refer to another list`);
  const sizes = items.map((item) => sizeOf(item, {}));
  return { sources, items, sizes, size: Math.min(SIZE_CAP, sizes.reduce((sum, size) => sum + size, 0)) };
}

/** The phrases of a list at the given positions (a list a caller narrowed), with their sizes. */
export function subList(list: PhraseList, positions: readonly number[]): PhraseList {
  const sizes = positions.map((position) => list.sizes[position] as number);
  return {
    sources: positions.map((position) => list.sources[position] as string),
    items: positions.map((position) => list.items[position] as Template),
    sizes,
    size: Math.min(SIZE_CAP, sizes.reduce((sum, size) => sum + size, 0)),
  };
}

const referencesList = new WeakMap<Template, boolean>();

function hasList(template: Template): boolean {
  let found = referencesList.get(template);
  if (found === undefined) {
    found = template.some((part) => typeof part !== "string" && ("list" in part || ("choice" in part && part.choice.some(hasList))));
    referencesList.set(template, found);
  }
  return found;
}

function listNamed(lists: Lists, name: string): PhraseList {
  // Read through the prototype chain (a line's own lists over the persona's); anything that is not
  // a list (a name Object.prototype has) is no list.
  const list = lists[name];
  if (!list || !Array.isArray(list.items) || list.items.length === 0) throw new Error(`template: no phrases for {@${name}}`);
  return list;
}

/**
 * The template with every alternative that needs a missing slot or list left out; undefined when a
 * part outside any choice needs one, or a choice loses all its alternatives. A frame with optional
 * tails ("[, mostly at {@workplaces}|]") so still serves a persona without workplaces.
 */
export function prune(template: Template, hasSlot: (name: string) => boolean, hasList: (name: string) => boolean): Template | undefined {
  const out: Template = [];
  for (const part of template) {
    if (typeof part === "string") out.push(part);
    else if ("slot" in part) {
      if (!hasSlot(part.slot)) return undefined;
      out.push(part);
    } else if ("list" in part) {
      if (!hasList(part.list)) return undefined;
      out.push(part);
    } else {
      const alternatives = part.choice.map((alternative) => prune(alternative, hasSlot, hasList)).filter((alternative): alternative is Template => alternative !== undefined);
      if (alternatives.length === 0) return undefined;
      out.push({ choice: alternatives });
    }
  }
  return out;
}

/** The lists a template refers to, so a caller can tell whether it can be written for a persona. */
export function listsOf(template: Template, into = new Set<string>()): Set<string> {
  for (const part of template) {
    if (typeof part === "string" || "slot" in part) continue;
    if ("list" in part) into.add(part.list);
    else for (const alternative of part.choice) listsOf(alternative, into);
  }
  return into;
}

/** The slots a template reads. */
export function slotsOf(template: Template, into = new Set<string>()): Set<string> {
  for (const part of template) {
    if (typeof part === "string") continue;
    if ("slot" in part) into.add(part.slot);
    else if ("choice" in part) for (const alternative of part.choice) slotsOf(alternative, into);
  }
  return into;
}

/**
 * Sizes of templates that refer to no list, and of their choices: fixed once compiled, and asked
 * for on every expansion written (each attempt at each line of each persona), so computed once.
 */
const listFreeSizes = new WeakMap<Template, number>();
const choiceSizes = new WeakMap<{ choice: Part[][] }, { sizes: number[]; total: number }>();

/** How many different texts a template can expand to with these lists (saturating at 2^48). */
export function sizeOf(template: Template, lists: Lists): number {
  const fixed = listFreeSizes.get(template);
  if (fixed !== undefined) return fixed;
  let size = 1;
  for (const part of template) {
    if (typeof part === "string" || "slot" in part) continue;
    if ("list" in part) {
      const list = listNamed(lists, part.list);
      size = times(size, part.pair ? Math.max(1, list.items.length * (list.items.length - 1)) : list.size);
    } else size = times(size, sizesOfChoice(part, lists).total);
  }
  if (!hasList(template)) listFreeSizes.set(template, size);
  return size;
}

/** The sizes of a choice's alternatives and their sum (saturating). */
function sizesOfChoice(part: { choice: Part[][] }, lists: Lists): { sizes: number[]; total: number } {
  const fixed = choiceSizes.get(part);
  if (fixed) return fixed;
  const sizes = part.choice.map((alternative) => sizeOf(alternative, lists));
  const found = { sizes, total: sizes.reduce((sum, size) => Math.min(SIZE_CAP, sum + size), 0) };
  if (!part.choice.some(hasList)) choiceSizes.set(part, found);
  return found;
}

/**
 * Expansion number `number` (taken modulo the template's size) of the template: each choice and
 * list is a digit of a mixed-radix number, so different numbers below the size give different
 * texts. The two phrases of a pair are numbered; choices inside them are drawn from `rng`.
 */
export function renderNumbered(template: Template, number: number, slots: Slots, lists: Lists, rng: Rng): string {
  let rest = number % sizeOf(template, lists);
  let out = "";
  for (const part of template) {
    if (typeof part === "string") out += part;
    else if ("slot" in part) out += slotText(slots, part); else if ("list" in part) {
      const list = listNamed(lists, part.list);
      if (part.pair && list.items.length > 1) {
        const count = list.items.length;
        const digit = rest % (count * (count - 1));
        rest = Math.floor(rest / (count * (count - 1)));
        const first = Math.floor(digit / (count - 1));
        let second = digit % (count - 1);
        if (second >= first) second++;
        out += `${render(list.items[first] as Template, slots, rng)} and ${render(list.items[second] as Template, slots, rng)}`;
        continue;
      }
      const digit = rest % list.size;
      rest = Math.floor(rest / list.size);
      out += pickNumbered(list.items, list.sizes, digit, slots, lists, rng);
    } else {
      const { sizes, total } = sizesOfChoice(part, lists);
      const digit = rest % total;
      rest = Math.floor(rest / total);
      out += pickNumbered(part.choice, sizes, digit, slots, lists, rng);
    }
  }
  return out;
}

/** The alternative holding expansion `digit` among alternatives of the given sizes, written. */
function pickNumbered(alternatives: readonly Template[], sizes: readonly number[], digit: number, slots: Slots, lists: Lists, rng: Rng): string {
  let remaining = digit;
  for (let index = 0; index < alternatives.length; index++) {
    const size = sizes[index] as number;
    if (remaining < size) return renderNumbered(alternatives[index] as Template, remaining, slots, lists, rng);
    remaining -= size;
  }
  return renderNumbered(alternatives[alternatives.length - 1] as Template, 0, slots, lists, rng);
}

// ---------------------------------------------------------------- sized templates

/**
 * A template with the size of every choice and list worked out for one set of lists. Every attempt
 * at every line of every persona writes one expansion; `renderNumbered` recomputes the sizes on its
 * way down on each call, `renderSized` reads them: the same texts, drawn the same way.
 */
export interface SizedTemplate {
  readonly parts: readonly SizedPart[];
  readonly size: number;
  /** `startsCapitalised` of the template. */
  readonly capitalised: boolean;
}

const TEXT = 0;
const SLOT = 1;
const LIST = 2;
const PAIR = 3;
const CHOICE = 4;
/** A slot after the template's "a" (`total` 1 for a capital "A"). */
const ARTICLED_SLOT = 5;

/** One shape for every kind of part, so the walk reads its fields from one hidden class. */
class SizedPart {
  constructor(
    readonly kind: typeof TEXT | typeof SLOT | typeof LIST | typeof PAIR | typeof CHOICE | typeof ARTICLED_SLOT,
    /** The text, or the slot's name. */
    readonly text: string,
    /** A list's phrases (sized) or a choice's alternatives. */
    readonly alternatives: readonly SizedTemplate[],
    readonly sizes: readonly number[],
    /** A list's size (`list.size`, as `renderNumbered` takes its digit) or a choice's. */
    readonly total: number,
    /** The paired list's phrases, written at random as `render` writes them. */
    readonly items: readonly Template[],
  ) {}
}

const NO_TEMPLATES: readonly SizedTemplate[] = [];
const NO_SIZES: readonly number[] = [];
const sizedLists = new WeakMap<PhraseList, SizedTemplate[]>();

function sizedItems(list: PhraseList): SizedTemplate[] {
  let items = sizedLists.get(list);
  if (!items) sizedLists.set(list, (items = list.items.map((item) => sized(item, {}))));
  return items;
}

/** The template sized for these lists: `renderSized(sized(t, lists), n, …)` writes `renderNumbered(t, n, …, lists, …)`. */
export function sized(template: Template, lists: Lists): SizedTemplate {
  const parts = template.map((part): SizedPart => {
    if (typeof part === "string") return new SizedPart(TEXT, part, NO_TEMPLATES, NO_SIZES, 0, []);
    if ("slot" in part) return part.article === "" ? new SizedPart(SLOT, part.slot, NO_TEMPLATES, NO_SIZES, 0, []) : new SizedPart(ARTICLED_SLOT, part.slot, NO_TEMPLATES, NO_SIZES, part.article === "A" ? 1 : 0, []);
    if ("list" in part) {
      const list = listNamed(lists, part.list);
      if (part.pair && list.items.length > 1) return new SizedPart(PAIR, part.list, NO_TEMPLATES, NO_SIZES, list.items.length, list.items);
      return new SizedPart(LIST, part.list, sizedItems(list), list.sizes, list.size, []);
    }
    const { sizes, total } = sizesOfChoice(part, lists);
    return new SizedPart(CHOICE, "", part.choice.map((alternative) => sized(alternative, lists)), sizes, total, []);
  });
  return { parts, size: sizeOf(template, lists), capitalised: startsCapitalised(template) };
}

/** Expansion number `number` of a sized template: what `renderNumbered` writes, without working out a size. */
export function renderSized(template: SizedTemplate, number: number, slots: Slots, rng: Rng): string {
  let rest = number % template.size;
  let out = "";
  for (const part of template.parts) {
    switch (part.kind) {
      case TEXT:
        out += part.text;
        break;
      case SLOT:
        out += slotValue(slots, part.text);
        break;
      case ARTICLED_SLOT:
        out += articled(slotValue(slots, part.text), part.total === 1);
        break;
      case PAIR: {
        const count = part.total;
        const digit = rest % (count * (count - 1));
        rest = Math.floor(rest / (count * (count - 1)));
        const first = Math.floor(digit / (count - 1));
        let second = digit % (count - 1);
        if (second >= first) second++;
        out += `${render(part.items[first] as Template, slots, rng)} and ${render(part.items[second] as Template, slots, rng)}`;
        break;
      }
      default: {
        const digit = rest % part.total;
        rest = Math.floor(rest / part.total);
        out += pickSized(part.alternatives, part.sizes, digit, slots, rng);
      }
    }
  }
  return out;
}

function pickSized(alternatives: readonly SizedTemplate[], sizes: readonly number[], digit: number, slots: Slots, rng: Rng): string {
  let remaining = digit;
  for (let index = 0; index < alternatives.length; index++) {
    const size = sizes[index] as number;
    if (remaining < size) return renderSized(alternatives[index] as SizedTemplate, remaining, slots, rng);
    remaining -= size;
  }
  return renderSized(alternatives[alternatives.length - 1] as SizedTemplate, 0, slots, rng);
}

/**
 * A lower-case letter after an optional opening quote. A module constant: the TypeScript loader
 * rewrites a literal holding "“" into `new RegExp(…)`, which would build it again on every call.
 */
const LOWER_START = /^(['"“]?)(\p{Ll})/u;
const LOWER_A = 97;
const LOWER_Z = 122;
const QUOTES = new Set(["'", '"', "“"]);

/** Capitalise the first letter (after any opening quote), leaving the rest as written. */
export function capitalise(text: string): string {
  // Every sentence of every persona passes here: an ASCII first character is settled without the pattern.
  const first = text.charCodeAt(0);
  if (first >= LOWER_A && first <= LOWER_Z) return String.fromCharCode(first - 32) + text.slice(1);
  if (first < 128 && !QUOTES.has(text.charAt(0))) return text;
  return text.replace(LOWER_START, (_match, quote: string, letter: string) => quote + letter.toUpperCase());
}

/** A pool of alternative sentences for one idea; compile once, pick one per persona. */
export class SentencePool {
  private readonly templates: Template[];
  constructor(sources: readonly string[]) {
    this.templates = sources.map(compile);
  }
  write(slots: Slots, rng: Rng): string {
    const template = rng.pick(this.templates);
    const text = render(template, slots, rng);
    return startsCapitalised(template) ? text : capitalise(text);
  }
}

/**
 * Whether every text of the template starts with written text that `capitalise` leaves as it is
 * (an ASCII character other than a lower-case letter or a quote), so it need not be looked at:
 * looking at a text's first character makes V8 copy the pieces it was built from into one string.
 */
export function startsCapitalised(template: Template): boolean {
  const first = template[0];
  if (typeof first === "string") {
    const code = first.charCodeAt(0);
    return code < 128 && !(code >= LOWER_A && code <= LOWER_Z) && !QUOTES.has(first.charAt(0));
  }
  return first !== undefined && "choice" in first && first.choice.every(startsCapitalised);
}

/** Sentences in a shuffled order, keeping the first `fixed` in place (an opening that must lead). */
export function compose(sentences: readonly string[], rng: Rng, fixed = 1): string {
  const head = sentences.slice(0, fixed);
  const tail = rng.shuffle(sentences.slice(fixed));
  return [...head, ...tail].join(" ");
}
