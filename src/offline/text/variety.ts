/**
 * Which expansion of a frame pool each persona writes, so a population does not repeat itself.
 *
 * Drawing each persona's sentence at random repeats one within a population as soon as a pool is
 * not much larger than the square of the population (the birthday problem): 20 personas drawing
 * from 200 sentences repeat one about two times in three. Instead persona i of a population writes
 * expansion `(a·i + b) mod size` of each pool, with `a` coprime to `size`: different personas get
 * different expansions until the pool is used up, and nothing is shared between batches — persona
 * i's text stays a pure function of (seed, prompt, i), whatever the batch or worker. `a` and `b`
 * come from the population's seed, its prompt and the pool's name, so another population walks the
 * pool in another order and unrelated populations do not share frames.
 */
import { hashSeed, type Rng } from "../../engine/rng.ts";
import { capitalise, compile, listsOf, prune, renderSized, sized, slotsOf, type Lists, type PhraseList, type SizedTemplate, type Slots, type Template } from "./grammar.ts";
import { inVariety, type EnglishVariety } from "./english.ts";

function gcd(a: number, b: number): number {
  while (b > 0) [a, b] = [b, a % b];
  return a;
}

/** (a × b) mod m without losing precision past 2^53. */
function multiplyModulo(a: number, b: number, m: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) return product % m;
  return Number((BigInt(a) * BigInt(b)) % BigInt(m));
}

/** Where a pool's walk starts and how far it steps: the same for every persona of a population. */
interface Walk {
  offset: number;
  step: number;
}

/** Walks by site and pool size; a writing session shares one between its personas. */
export type Walks = Map<string, Map<number, Walk>>;

export class Variety {
  constructor(
    private readonly seed: number,
    private readonly index: number,
    /** Shared by the personas of one population (same seed): their walks are the same. */
    private readonly walks: Walks = new Map(),
  ) {}

  private walk(site: string, size: number): Walk {
    let bySize = this.walks.get(site);
    if (!bySize) this.walks.set(site, (bySize = new Map()));
    let walk = bySize.get(size);
    if (!walk) {
      const offset = (hashSeed(this.seed, site, "offset") >>> 0) % size;
      let step = ((hashSeed(this.seed, site, "step") >>> 0) % (size - 1)) + 1;
      while (gcd(step, size) !== 1) step = step + 1 >= size ? 1 : step + 1;
      bySize.set(size, (walk = { offset, step }));
    }
    return walk;
  }

  /** The expansion number this persona writes from a pool of `size` expansions named `site`. */
  /** The last answer: every attempt at a line asks it again. */
  private last: { site: string; size: number; number: number } | undefined;

  number(site: string, size: number): number {
    if (size <= 1) return 0;
    const last = this.last;
    if (last !== undefined && last.site === site && last.size === size) return last.number;
    const { offset, step } = this.walk(site, size);
    const number = (multiplyModulo(step, this.index % size, size) + offset) % size;
    this.last = { site, size, number };
    return number;
  }
}

/**
 * Sentence frames for one idea. Each frame is compiled once per English variety; the frames a
 * persona can fill (every slot and list it reads is known) make one pool of expansions, and the
 * persona's `Variety` says which one it writes. `attempt` moves to another expansion when the one
 * written was refused (it named something the persona's fields contradict).
 */
interface Fillable {
  /** The frames these slots and lists can fill, sized for the lists. */
  usable: SizedTemplate[];
  sizes: number[];
  total: number;
}

/** One step of the cache of fillable frames: the lists given so far, in the pool's order. */
interface ByLists {
  fillable?: Fillable;
  next: WeakMap<object, ByLists>;
}

const NO_LIST = {};

/** Which of the named slots are filled: a bit each (a number, not a string built per persona), or a string past 30. */
function filledSlots(names: readonly string[], hasSlot: (name: string) => boolean): number | string {
  if (names.length > 30) return names.map((name) => (hasSlot(name) ? "1" : "0")).join("");
  let bits = 0;
  for (let position = 0; position < names.length; position++) if (hasSlot(names[position] as string)) bits |= 1 << position;
  return bits;
}

export class FramePool {
  private readonly compiled = new Map<EnglishVariety, Template[]>();

  constructor(
    readonly name: string,
    private readonly sources: readonly string[],
  ) {}

  private frames(variety: EnglishVariety) {
    let frames = this.compiled.get(variety);
    if (!frames) {
      frames = this.sources.map((source) => compile(inVariety(source, variety)));
      this.compiled.set(variety, frames);
    }
    return frames;
  }

  /**
   * The frames these slots and lists can fill, with their sizes. A line writes its pool again on
   * every refused attempt with the same slot and list objects, so the answer is kept per pair; and
   * as it depends only on which slots are filled and which lists are given, it is shared between
   * the personas (each has its own slot and list objects) that fill the same ones.
   */
  private readonly fillableByContent = new Map<EnglishVariety, Map<number | string, ByLists>>();
  /** The slot and list names the frames read, in a fixed order: what `prune` and `sizeOf` look at. */
  private readonly reads = new Map<EnglishVariety, { slots: string[]; lists: string[] }>();

  /** The last answer: a line's attempts (up to `REWRITES`) ask one after another. */
  private last: { variety: EnglishVariety; slots: Slots; lists: Lists; fillable: Fillable } | undefined;

  private usableFrames(variety: EnglishVariety, slots: Slots, lists: Lists): Fillable {
    const last = this.last;
    if (last !== undefined && last.slots === slots && last.lists === lists && last.variety === variety) return last.fillable;
    // Each persona has slot and list objects of its own: the answer is found by what they fill.
    const found = this.fillableFor(variety, slots, lists);
    this.last = { variety, slots, lists, fillable: found };
    return found;
  }

  private fillableFor(variety: EnglishVariety, slots: Slots, lists: Lists): Fillable {
    const hasSlot = (name: string) => slots[name] !== undefined && slots[name] !== "";
    const hasList = (name: string) => (Object.hasOwn(lists, name) ? (lists[name]?.items.length ?? 0) : 0) > 0;
    let reads = this.reads.get(variety);
    if (!reads) {
      const frames = this.frames(variety);
      const slotNames = new Set<string>();
      const listNames = new Set<string>();
      for (const frame of frames) {
        slotsOf(frame, slotNames);
        listsOf(frame, listNames);
      }
      this.reads.set(variety, (reads = { slots: [...slotNames], lists: [...listNames] }));
    }
    let byFilled = this.fillableByContent.get(variety);
    if (!byFilled) this.fillableByContent.set(variety, (byFilled = new Map()));
    const filled = filledSlots(reads.slots, hasSlot);
    let node: ByLists | undefined = byFilled.get(filled);
    if (!node) byFilled.set(filled, (node = { next: new WeakMap() }));
    // Lists are keyed by identity (weakly: a session's narrowed lists go with it); a missing one by a marker.
    for (const name of reads.lists) {
      const key = hasList(name) ? (lists[name] as PhraseList) : NO_LIST;
      let next: ByLists | undefined = node.next.get(key);
      if (!next) node.next.set(key, (next = { next: new WeakMap() }));
      node = next;
    }
    if (!node.fillable) {
      const usable = this.frames(variety)
        .map((frame) => prune(frame, hasSlot, hasList))
        .filter((frame): frame is Template => frame !== undefined)
        .map((frame) => sized(frame, lists));
      const sizes = usable.map((frame) => frame.size);
      node.fillable = { usable, sizes, total: sizes.reduce((sum, size) => sum + size, 0) };
    }
    return node.fillable;
  }

  /** Undefined when no frame can be written with these slots and lists. */
  write(variety: EnglishVariety, chooser: Variety, slots: Slots, lists: Lists, rng: Rng, attempt = 0, site = this.name): string | undefined {
    const { usable, sizes, total } = this.usableFrames(variety, slots, lists);
    if (usable.length === 0) return undefined;
    let number = (chooser.number(site, total) + attempt * 7919) % total;
    for (let index = 0; index < usable.length; index++) {
      const size = sizes[index] as number;
      if (number < size) {
        const frame = usable[index] as SizedTemplate;
        const text = renderSized(frame, number, slots, rng);
        return frame.capitalised ? text : capitalise(text);
      }
      number -= size;
    }
    return undefined;
  }
}
