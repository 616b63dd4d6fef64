/**
 * A map from 32-bit feature ids to numbers, in one typed buffer with open addressing. The diversity
 * report counts and sums over every term of every persona (tens of millions at 100,000 personas);
 * a `Map<number, number>` boxes each entry and costs several times more per lookup.
 *
 * A slot is 16 bytes: the id, whether the slot is used, and the value, side by side, so that a
 * lookup touches one cache line (the table outgrows the caches at 100,000 personas, and a lookup
 * that waits for memory three times costs three times as much).
 */
const SLOT_INTEGERS = 4;
const SLOT_FLOATS = 2;

export class IdTable {
  private integers: Int32Array;
  private floats: Float64Array;
  private mask: number;
  /** Entries held. */
  size = 0;

  constructor(expected = 1024) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    const buffer = new ArrayBuffer(capacity * SLOT_INTEGERS * 4);
    this.integers = new Int32Array(buffer);
    this.floats = new Float64Array(buffer);
    this.mask = capacity - 1;
  }

  /** The slot of `id`: where it is, or the empty slot where it would go. */
  private slotOf(id: number): number {
    // Feature ids are already hashes, but sorted runs of near ids would cluster: mix once more.
    let slot = Math.imul(id, 0x9e3779b1) & this.mask;
    const integers = this.integers;
    while (integers[slot * SLOT_INTEGERS + 1] === 1 && integers[slot * SLOT_INTEGERS] !== id) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** Adds `amount` to the value of `id` (0 when absent). */
  add(id: number, amount: number): void {
    let slot = this.slotOf(id);
    if (this.integers[slot * SLOT_INTEGERS + 1] === 0) {
      if ((this.size + 1) * 2 > this.mask + 1) {
        this.grow();
        slot = this.slotOf(id);
      }
      this.integers[slot * SLOT_INTEGERS] = id;
      this.integers[slot * SLOT_INTEGERS + 1] = 1;
      this.size++;
    }
    this.floats[slot * SLOT_FLOATS + 1] = (this.floats[slot * SLOT_FLOATS + 1] as number) + amount;
  }

  /** The value of `id`, or `fallback` when absent. */
  get(id: number, fallback = 0): number {
    const slot = this.slotOf(id);
    return this.integers[slot * SLOT_INTEGERS + 1] === 1 ? (this.floats[slot * SLOT_FLOATS + 1] as number) : fallback;
  }

  /** Replaces every value by `change(value)`. */
  update(change: (value: number) => number): void {
    for (let slot = 0; slot <= this.mask; slot++) {
      if (this.integers[slot * SLOT_INTEGERS + 1] === 1) this.floats[slot * SLOT_FLOATS + 1] = change(this.floats[slot * SLOT_FLOATS + 1] as number);
    }
  }

  /** Visits every entry (in no particular order). */
  forEach(visit: (id: number, value: number) => void): void {
    for (let slot = 0; slot <= this.mask; slot++) if (this.integers[slot * SLOT_INTEGERS + 1] === 1) visit(this.integers[slot * SLOT_INTEGERS] as number, this.floats[slot * SLOT_FLOATS + 1] as number);
  }

  /** Visits every value (in no particular order). */
  forEachValue(visit: (value: number) => void): void {
    for (let slot = 0; slot <= this.mask; slot++) if (this.integers[slot * SLOT_INTEGERS + 1] === 1) visit(this.floats[slot * SLOT_FLOATS + 1] as number);
  }

  private grow(): void {
    const integers = this.integers;
    const floats = this.floats;
    const capacity = (this.mask + 1) * 2;
    const buffer = new ArrayBuffer(capacity * SLOT_INTEGERS * 4);
    this.integers = new Int32Array(buffer);
    this.floats = new Float64Array(buffer);
    this.mask = capacity - 1;
    for (let slot = 0; slot < integers.length / SLOT_INTEGERS; slot++) {
      if (integers[slot * SLOT_INTEGERS + 1] === 0) continue;
      const target = this.slotOf(integers[slot * SLOT_INTEGERS] as number);
      this.integers[target * SLOT_INTEGERS] = integers[slot * SLOT_INTEGERS] as number;
      this.integers[target * SLOT_INTEGERS + 1] = 1;
      this.floats[target * SLOT_FLOATS + 1] = floats[slot * SLOT_FLOATS + 1] as number;
    }
  }
}
