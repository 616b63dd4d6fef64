/**
 * Which expansion of a frame pool each persona writes, so a population does not repeat itself.
 *
 * Drawing each persona's sentence at random repeats one within a population as soon as a pool is
 * not much larger than the square of the population (the birthday problem): 20 personas drawing
 * from 200 sentences repeat one about two times in three. Instead the personas of a writing
 * session (a shard of the population, written in order) who would write the same sentences from a
 * pool — a class: same frames, lists and slot values, names and numbers aside — take its
 * expansions one each, persona i the first one free at or after place `i mod size` of its class's
 * walk (`(a·k + b) mod size`, `a` coprime to `size`). A class takes every expansion once before
 * any twice, and persona i's text is a function of (seed, prompt, i, the personas before it in its
 * session), whatever the batch or worker. `a` and `b` come from the population's seed, its prompt,
 * the pool's name and the class, so another population walks the pool in another order and
 * unrelated populations do not share frames.
 */
import { FNV_OFFSET_BASIS, FNV_PRIME, hashSeed, type Rng } from "../../engine/rng.ts";
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

/** A walk over `size` expansions: a start and a step coprime to the size, from the seed and labels. */
function walkOf(size: number, ...labels: Array<string | number>): Walk {
  const offset = (hashSeed(...labels, "offset") >>> 0) % size;
  let step = size <= 1 ? 1 : ((hashSeed(...labels, "step") >>> 0) % (size - 1)) + 1;
  while (gcd(step, size) !== 1) step = step + 1 >= size ? 1 : step + 1;
  return { offset, step };
}

/**
 * The expansions of one pool that one class of personas of a session has taken: personas of a
 * class (same pool, same lists, same slot values but names and numbers) write the same sentence
 * from the same expansion, so each takes one no other persona of its class has taken — the first
 * free one at or after its own place in the class's walk — until the class has taken them all;
 * then the walk starts again (a second round, whose sentences are the first round's again).
 * Drawing among the free expansions, not drawing and refusing the taken ones, is what keeps
 * writing cheap once a small pool is mostly used (a pool of 146 in a session of 1,000 personas).
 */
export class ExpansionClass {
  /**
   * Taken positions of the walk, each pointing at a later position to look at (a union-find's
   * parent), stored plus one so that 0 reads "free": in a map while few are taken (most classes
   * have a few members: personas of a varied population seldom share every slot value), in a
   * typed array once more are and the pool is at most `DENSE_EXPANSIONS` large.
   */
  private dense: Uint32Array | undefined;
  private readonly sparse = new Map<number, number>();
  private taken = 0;
  /** True once the class has taken every expansion: what it takes now, it has written before. */
  repeated = false;

  constructor(
    readonly total: number,
    private readonly walk: Walk,
  ) {}

  private nextOf(position: number): number {
    return (this.dense ? (this.dense[position] as number) : (this.sparse.get(position) ?? 0)) - 1;
  }

  private point(position: number, at: number): void {
    if (this.dense) this.dense[position] = at + 1;
    else this.sparse.set(position, at + 1);
  }

  /** Takes the first free position at or after `start` (wrapping) and returns its expansion number. */
  take(start: number): number {
    const first = start % this.total;
    let position = first;
    for (let next = this.nextOf(position); next >= 0; next = this.nextOf(position)) position = next;
    // Every position passed on the way points at the free one found (path compression).
    for (let walked = first; walked !== position; ) {
      const next = this.nextOf(walked);
      this.point(walked, position);
      walked = next;
    }
    this.point(position, (position + 1) % this.total);
    if (++this.taken >= this.total) {
      this.dense = undefined;
      this.sparse.clear();
      this.taken = 0;
      this.repeated = true;
    } else if (this.dense === undefined && this.taken === SPARSE_TAKEN && this.total <= DENSE_EXPANSIONS) {
      this.dense = new Uint32Array(this.total);
      for (const [taken, next] of this.sparse) this.dense[taken] = next;
      this.sparse.clear();
    }
    return (multiplyModulo(this.walk.step, position, this.total) + this.walk.offset) % this.total;
  }
}

/** Positions a class takes before it keeps them in a typed array (when its pool is small enough for one). */
const SPARSE_TAKEN = 16;
/** Pools up to this many expansions keep their taken positions in a typed array (4 bytes each). */
const DENSE_EXPANSIONS = 1 << 16;

/** What a writing session shares between its personas: walks, and the expansions each class has taken. */
export class SessionVariety {
  readonly walks: Walks = new Map();
  /** Classes by the pool's fillable frames (which frames, lists and slots), site and content hash (see `Variety.classOf`). */
  readonly classes = new WeakMap<Fillable, Map<string, Map<number, ExpansionClass>>>();
}

export class Variety {
  constructor(
    private readonly seed: number,
    /** The persona's index in the population. */
    readonly index: number,
    /** Shared by the personas of one session (same seed): their walks and taken expansions. */
    private readonly session: SessionVariety = new SessionVariety(),
  ) {}

  private walk(site: string, size: number): Walk {
    const walks = this.session.walks;
    let bySize = walks.get(site);
    if (!bySize) walks.set(site, (bySize = new Map()));
    let walk = bySize.get(size);
    if (!walk) bySize.set(size, (walk = walkOf(size, this.seed, site)));
    return walk;
  }

  /**
   * The class of personas of this session who write the same sentences from a pool's site (see
   * `ExpansionClass`) — the same fillable frames (English variety, which slots are filled, which
   * lists are given) and the same slot values but names and numbers (`FramePool.contentHash`) —
   * and those frames; undefined when no frame can be filled. Two contents of one hash would share
   * a class: fewer sentences tried first, never a wrong one (the session's written templates
   * still refuse a repeat).
   */
  classOf(pool: FramePool, site: string, variety: EnglishVariety, slots: Slots, lists: Lists): { fillable: Fillable; expansions: ExpansionClass } | undefined {
    const fillable = pool.fillableFor(variety, slots, lists);
    if (fillable.usable.length === 0) return undefined;
    // Read in fillableFor's pass over the same slots: each slot value read once a line, not twice.
    const content = pool.lastContentHash;
    const classes = this.session.classes;
    let bySite = classes.get(fillable);
    if (!bySite) classes.set(fillable, (bySite = new Map()));
    let byContent = bySite.get(site);
    if (!byContent) bySite.set(site, (byContent = new Map()));
    let expansions = byContent.get(content);
    // Each class walks its expansions in an order of its own, so classes whose sentences read
    // alike (a frame not naming what tells them apart) do not start on the same ones.
    if (!expansions) byContent.set(content, (expansions = new ExpansionClass(fillable.total, walkOf(fillable.total, this.seed, site, content))));
    return { fillable, expansions };
  }

  /** The last answer of `number`. */
  private last: { site: string; size: number; number: number } | undefined;

  /** The expansion number this persona takes from `size` choices named `site` (its season), whatever others took. */
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
 * persona's `Variety` says which one it writes, and which one next when the writer refuses it.
 */
export interface Fillable {
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
function filledSlots(names: readonly string[], slots: Slots): number | string {
  if (names.length > 30) return names.map((name) => (hasSlot(slots, name) ? "1" : "0")).join("");
  let bits = 0;
  for (let position = 0; position < names.length; position++) if (hasSlot(slots, names[position] as string)) bits |= 1 << position;
  return bits;
}

/**
 * Slots whose values do not make another class (see `FramePool.contentHash`): a name, and the
 * persona's one place of work: sentences differ by them without being another class's.
 */
const UNCLASSED_SLOTS = new Set(["given", "workplace", "at_workplace", "At_workplace", "colleagues_at"]);

/** `hash` and the value of one slot, as `FramePool.contentHash` adds each (digit runs as one mark, then a separator). */
function hashSlotValue(hash: number, value: string | undefined): number {
  if (value !== undefined) {
    let inDigits = false;
    for (let index = 0; index < value.length; index++) {
      const code = value.charCodeAt(index);
      const digit = code >= DIGIT_0 && code <= DIGIT_9;
      if (digit && inDigits) continue;
      inDigits = digit;
      hash = Math.imul(hash ^ (digit ? HASH_MARK : code), FNV_PRIME);
    }
  }
  return Math.imul(hash ^ SEPARATOR, FNV_PRIME);
}

// Module functions, not closures made per call: the TypeScript loader names every closure it makes
// (a property set per closure), and this runs for every line of every persona.
function hasSlot(slots: Slots, name: string): boolean {
  const value = slots[name];
  return value !== undefined && value !== "";
}

function hasList(lists: Lists, name: string): boolean {
  // Through the prototype chain, as `listNamed` reads it: a line's own lists over the persona's.
  const list = lists[name];
  return list !== undefined && Array.isArray(list.items) && list.items.length > 0;
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
   * The frames these slots and lists can fill, with their sizes. It depends only on which slots
   * are filled and which lists are given, so it is shared between the personas (each has its own
   * slot and list objects) that fill the same ones.
   */
  private readonly fillableByContent = new Map<EnglishVariety, Map<number | string, ByLists>>();
  /** The slot and list names the frames read, in a fixed order: what `prune` and `sizeOf` look at. */
  private readonly reads = new Map<EnglishVariety, { slots: string[]; lists: string[] }>();

  /** The slot and list names the frames read. */
  readsOf(variety: EnglishVariety): { slots: string[]; lists: string[] } {
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
    return reads;
  }

  fillableFor(variety: EnglishVariety, slots: Slots, lists: Lists): Fillable {
    const reads = this.readsOf(variety);
    let byFilled = this.fillableByContent.get(variety);
    if (!byFilled) this.fillableByContent.set(variety, (byFilled = new Map()));
    let filled: number | string;
    if (reads.slots.length > 30) {
      filled = filledSlots(reads.slots, slots);
      this.lastContentHash = this.contentHash(variety, slots);
    } else {
      // Which slots are filled and what makes the class, in one read of each slot's value.
      const classed = this.classedSlots(variety);
      let bits = 0;
      let hash = FNV_OFFSET_BASIS;
      for (let position = 0; position < reads.slots.length; position++) {
        const value = slots[reads.slots[position] as string];
        if (value !== undefined && value !== "") bits |= 1 << position;
        if (classed[position] === 1) hash = hashSlotValue(hash, value);
      }
      filled = bits;
      this.lastContentHash = hash >>> 0;
    }
    let node: ByLists | undefined = byFilled.get(filled);
    if (!node) byFilled.set(filled, (node = { next: new WeakMap() }));
    // Lists are keyed by identity (weakly: a session's narrowed lists go with it); a missing one by a marker.
    for (const name of reads.lists) {
      const key = hasList(lists, name) ? (lists[name] as PhraseList) : NO_LIST;
      let next: ByLists | undefined = node.next.get(key);
      if (!next) node.next.set(key, (next = { next: new WeakMap() }));
      node = next;
    }
    if (!node.fillable) {
      const usable = this.frames(variety)
        .map((frame) => prune(frame, (name) => hasSlot(slots, name), (name) => hasList(lists, name)))
        .filter((frame): frame is Template => frame !== undefined)
        .map((frame) => sized(frame, lists));
      const sizes = usable.map((frame) => frame.size);
      node.fillable = { usable, sizes, total: sizes.reduce((sum, size) => sum + size, 0) };
    }
    return node.fillable;
  }

  /** `contentHash` of the slots `fillableFor` was last asked about (its pass reads them once for both). */
  lastContentHash = 0;
  private readonly classed = new Map<EnglishVariety, Uint8Array>();

  /** Per slot the frames read (`readsOf`), 1 when its value makes the class (`contentHash`). */
  private classedSlots(variety: EnglishVariety): Uint8Array {
    let classed = this.classed.get(variety);
    if (!classed) {
      const names = this.readsOf(variety).slots;
      classed = new Uint8Array(names.length);
      names.forEach((name, position) => {
        if (!UNCLASSED_SLOTS.has(name)) (classed as Uint8Array)[position] = 1;
      });
      this.classed.set(variety, classed);
    }
    return classed;
  }

  /** Expansion `number` of the fillable frames, capitalised. */
  expansion({ usable, sizes }: Fillable, number: number, slots: Slots, rng: Rng): string {
    let rest = number;
    for (let index = 0; index < usable.length; index++) {
      const size = sizes[index] as number;
      if (rest < size) {
        const frame = usable[index] as SizedTemplate;
        const text = renderSized(frame, rest, slots, rng);
        return frame.capitalised ? text : capitalise(text);
      }
      rest -= size;
    }
    throw new Error(`frame pool ${this.name}: expansion ${number} past its ${usable.length} frames`);
  }

  /**
   * What makes this pool's sentences differ between personas who fill the same frames and lists,
   * hashed: the values of the slots its frames read, without what the diversity report masks (the
   * persona's name, and each run of digits read as one "#"). A number, not a string: every line of
   * every persona asks.
   */
  contentHash(variety: EnglishVariety, slots: Slots): number {
    let hash = FNV_OFFSET_BASIS;
    for (const name of this.readsOf(variety).slots) if (!UNCLASSED_SLOTS.has(name)) hash = hashSlotValue(hash, slots[name]);
    return hash >>> 0;
  }
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
/** What a run of digits counts as ("#"), and what ends a slot's value (not a character of text). */
const HASH_MARK = 35;
const SEPARATOR = 0x10000;

/**
 * One persona's sentence from a pool: each `draw` takes an expansion no persona of its class has
 * taken in this session (`Variety.classOf`), or, once the class has taken them all, the next one
 * again (`repeated`: a sentence the session has written). Undefined when no frame can be written
 * with these slots and lists.
 */
export class PoolSentence {
  /** Worked out at the first draw; a line draws again with the same slots and lists. */
  private fillable: Fillable | undefined;
  private expansions: ExpansionClass | undefined;

  constructor(
    private readonly pool: FramePool,
    private readonly variety: EnglishVariety,
    private readonly chooser: Variety,
    private readonly slots: Slots,
    private readonly lists: Lists,
    private readonly rng: Rng,
    private readonly site: string,
  ) {}

  draw(): Drawn | undefined {
    let fillable = this.fillable;
    let expansions = this.expansions;
    if (fillable === undefined || expansions === undefined) {
      const found = this.chooser.classOf(this.pool, this.site, this.variety, this.slots, this.lists);
      if (found === undefined) return undefined;
      ({ fillable, expansions } = found);
      this.fillable = fillable;
      this.expansions = expansions;
    }
    // Read before taking: the take that completes the first round is not a repeat.
    const repeated = expansions.repeated;
    return { text: this.pool.expansion(fillable, expansions.take(this.chooser.index), this.slots, this.rng), repeated };
  }
}

/** A sentence drawn from a pool; `repeated` when its class had written every sentence it has before. */
export interface Drawn {
  text: string;
  repeated: boolean;
}

const DIGIT_RUNS = /\d+/g;
