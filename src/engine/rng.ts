/**
 * Seeded randomness. The engine never touches Math.random: every draw comes from a stream that is a
 * pure function of the population seed and a label, so results do not depend on order of work or
 * concurrency (persona 17's stream is the same whether it is sampled first or last).
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

export interface Rng {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number;
  /** One element, uniformly. Throws on an empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** A new shuffled array (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent stream derived from this one's seed and a label. */
  fork(label: string | number): Rng;
  readonly seed: number;
}

/** 32-bit FNV-1a followed by a murmur3 finaliser: cheap, stable, well mixed. */
export function hashSeed(...parts: Array<string | number>): number {
  return hashText(parts.join("\u241f"));
}

/** 32-bit FNV-1a's offset basis and prime: every string hash of the engine and the writer starts here. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** `hashSeed(text)` of one string, without gathering its parts into an array and joining them (hot in the offline writer). */
export function hashText(text: string): number {
  let h = FNV_OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export function createRng(seed: number): Rng {
  return new SeededRng(seed);
}

/**
 * Methods on the prototype, not closures made per stream: the offline writer makes a stream per
 * name attempt, and building seven closures each time (wrapped again by tsx's `__name`) was ~10% of
 * its CPU. The draws are the same (the same generator and distribution, in the same order).
 */
class SeededRng implements Rng {
  readonly #generator: RandomGenerator;

  constructor(readonly seed: number) {
    this.#generator = xoroshiro128plus(seed | 0);
  }

  float(): number {
    return uniformFloat64(this.#generator);
  }

  int(min: number, max: number): number {
    return min + Math.floor(uniformFloat64(this.#generator) * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("rng.pick: empty list");
    return items[Math.floor(uniformFloat64(this.#generator) * items.length)] as T;
  }

  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0 || items.length !== weights.length) throw new Error("rng.weighted: bad input");
    let total = 0;
    for (const w of weights) total += Math.max(0, w);
    if (total <= 0) return this.pick(items);
    let target = uniformFloat64(this.#generator) * total;
    for (let i = 0; i < items.length; i++) {
      target -= Math.max(0, weights[i] as number);
      if (target < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(uniformFloat64(this.#generator) * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  fork(label: string | number): Rng {
    return new SeededRng(hashSeed(this.seed, label));
  }
}
