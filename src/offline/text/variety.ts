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
import { capitalise, compile, prune, renderNumbered, sizeOf, type Lists, type Slots, type Template } from "./grammar.ts";
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

export class Variety {
  constructor(
    private readonly seed: number,
    private readonly index: number,
  ) {}

  /** The expansion number this persona writes from a pool of `size` expansions named `site`. */
  number(site: string, size: number): number {
    if (size <= 1) return 0;
    const offset = (hashSeed(this.seed, site, "offset") >>> 0) % size;
    let step = ((hashSeed(this.seed, site, "step") >>> 0) % (size - 1)) + 1;
    while (gcd(step, size) !== 1) step = step + 1 >= size ? 1 : step + 1;
    return (multiplyModulo(step, this.index % size, size) + offset) % size;
  }
}

/**
 * Sentence frames for one idea. Each frame is compiled once per English variety; the frames a
 * persona can fill (every slot and list it reads is known) make one pool of expansions, and the
 * persona's `Variety` says which one it writes. `attempt` moves to another expansion when the one
 * written was refused (it named something the persona's fields contradict).
 */
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
   * every refused attempt with the same slot and list objects, so the pruning is kept per pair.
   */
  private readonly fillable = new WeakMap<Slots, WeakMap<Lists, Map<EnglishVariety, { usable: Template[]; sizes: number[]; total: number }>>>();

  private usableFrames(variety: EnglishVariety, slots: Slots, lists: Lists): { usable: Template[]; sizes: number[]; total: number } {
    let byLists = this.fillable.get(slots);
    if (!byLists) this.fillable.set(slots, (byLists = new WeakMap()));
    let byVariety = byLists.get(lists);
    if (!byVariety) byLists.set(lists, (byVariety = new Map()));
    let found = byVariety.get(variety);
    if (!found) {
      const hasSlot = (name: string) => slots[name] !== undefined && slots[name] !== "";
      const hasList = (name: string) => (Object.hasOwn(lists, name) ? (lists[name]?.items.length ?? 0) : 0) > 0;
      const usable = this.frames(variety).map((frame) => prune(frame, hasSlot, hasList)).filter((frame): frame is Template => frame !== undefined);
      const sizes = usable.map((frame) => sizeOf(frame, lists));
      found = { usable, sizes, total: sizes.reduce((sum, size) => sum + size, 0) };
      byVariety.set(variety, found);
    }
    return found;
  }

  /** Undefined when no frame can be written with these slots and lists. */
  write(variety: EnglishVariety, chooser: Variety, slots: Slots, lists: Lists, rng: Rng, attempt = 0, site = this.name): string | undefined {
    const { usable, sizes, total } = this.usableFrames(variety, slots, lists);
    if (usable.length === 0) return undefined;
    let number = (chooser.number(site, total) + attempt * 7919) % total;
    for (let index = 0; index < usable.length; index++) {
      const size = sizes[index] as number;
      if (number < size) return capitalise(renderNumbered(usable[index] as Template, number, slots, lists, rng));
      number -= size;
    }
    return undefined;
  }
}
