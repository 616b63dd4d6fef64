/**
 * 64-bit keys of texts and vectors without keeping the texts: two 32-bit hash halves and an
 * open-addressing table giving each new key the next entry number (sentences.ts counts sentences
 * and templates by them, diversity.ts groups equal vectors by their fingerprint).
 */
/** A text's 64-bit key is two 32-bit halves: FNV-1a, and a multiply-xorshift from this seed (`secondStep`, `secondEnd`). */
export const SECOND_HASH_START = 0x9747b28c;

/** One character more of the second half. */
export function secondStep(hash: number, code: number): number {
  const mixed = Math.imul(hash ^ code, 0x5bd1e995);
  return mixed ^ (mixed >>> 15);
}

/** The second half's last step: the length, so that the two halves are independent. */
export function secondEnd(hash: number, length: number): number {
  return Math.imul(hash ^ length, 0x85ebca6b) ^ (hash >>> 13);
}

/**
 * An open-addressing table keyed by 64-bit hashes (two 32-bit halves) giving each new key the next
 * entry number: a million sentences are counted without keeping their text (a `Map` keyed by
 * strings held every distinct sentence, ~150 bytes each, and hashed each one again per lookup).
 * Two texts share a key with probability 2⁻⁶⁴.
 */
export class HashEntries {
  /**
   * Per slot, side by side: the key's first half, its second half, and its entry number + 1 (0:
   * free). Why one array: a probe reads all three, and three arrays of a table grown past the cache
   * (a million sentences) cost three misses a probe where this costs one.
   */
  private slots = new Int32Array(3 * 1024);
  private mask = 1023;
  size = 0;

  /** The entry of the key, or −1 − (the entry it gets) when it is new (and now added). */
  entryOf(first: number, second: number): number {
    // Up to three quarters full: at a million distinct sentences the table is most of the counter's memory.
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const { slots, mask } = this;
    let slot = (first ^ Math.imul(second, 0x9e3779b1)) & mask;
    while (slots[slot * 3 + 2] !== 0) {
      if (slots[slot * 3] === first && slots[slot * 3 + 1] === second) return (slots[slot * 3 + 2] as number) - 1;
      slot = (slot + 1) & mask;
    }
    slots[slot * 3] = first;
    slots[slot * 3 + 1] = second;
    slots[slot * 3 + 2] = ++this.size;
    return -this.size;
  }

  /** The entry of the key, or −1 when it is not in the table (nothing is added). */
  find(first: number, second: number): number {
    const { slots, mask } = this;
    let slot = (first ^ Math.imul(second, 0x9e3779b1)) & mask;
    while (slots[slot * 3 + 2] !== 0) {
      if (slots[slot * 3] === first && slots[slot * 3 + 1] === second) return (slots[slot * 3 + 2] as number) - 1;
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  /** Every key by its entry number: the halves of entry `e` at `2e` and `2e + 1`. */
  keysByEntry(): Int32Array<ArrayBuffer> {
    const keys = new Int32Array(this.size * 2);
    const slots = this.slots;
    for (let slot = 0; slot <= this.mask; slot++) {
      const entry = (slots[slot * 3 + 2] as number) - 1;
      if (entry < 0) continue;
      keys[entry * 2] = slots[slot * 3] as number;
      keys[entry * 2 + 1] = slots[slot * 3 + 1] as number;
    }
    return keys;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(3 * capacity);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] === 0) continue;
      const first = old[at] as number;
      const second = old[at + 1] as number;
      let slot = (first ^ Math.imul(second, 0x9e3779b1)) & mask;
      while (slots[slot * 3 + 2] !== 0) slot = (slot + 1) & mask;
      slots[slot * 3] = first;
      slots[slot * 3 + 1] = second;
      slots[slot * 3 + 2] = old[at + 2] as number;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

export function grownTo(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  let length = array.length;
  while (length <= size) length *= 2;
  const larger = new Int32Array(length);
  larger.set(array);
  return larger;
}
