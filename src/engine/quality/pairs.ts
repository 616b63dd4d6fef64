/**
 * Pairs of persona indices as the diversity report compares them (diversity.ts, and the report by
 * ranges' merge, workers/report-ranges.ts), and the few of them whose cosine reached the duplicate
 * threshold. A report keeps no cosine of the others: the scan needs of them only the largest
 * (decision 0008, "Session 17"; decision 0011, "Session 19").
 */

/** Pairs read by position: the candidate pairs (`PairBlocks`) and the sampled pairs (`PairList`). */
export interface Pairs {
  readonly length: number;
  first(pair: number): number;
  second(pair: number): number;
}

/** Growing arrays of pairs of persona indices (the sampled pairs: 20,000 of them). */
export class PairList implements Pairs {
  firsts = new Int32Array(1024);
  seconds = new Int32Array(1024);
  length = 0;

  push(first: number, second: number): void {
    if (this.length === this.firsts.length) {
      this.firsts = doubled(this.firsts);
      this.seconds = doubled(this.seconds);
    }
    this.firsts[this.length] = first;
    this.seconds[this.length++] = second;
  }

  first(pair: number): number {
    return this.firsts[pair] as number;
  }

  second(pair: number): number {
    return this.seconds[pair] as number;
  }
}

function doubled(array: Int32Array): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

const PAIR_BLOCK_BITS = 16;
const PAIR_BLOCK = 1 << PAIR_BLOCK_BITS;

/**
 * Pairs of persona indices (first < second), in blocks of `PAIR_BLOCK` pairs (8 bytes a pair), never
 * copied: a list that doubled its arrays held up to twice the pairs, and the old arrays beside the
 * new at each doubling — at a million League personas ten million candidate pairs (decision 0008,
 * "Session 17"), and for night-shift nurses at 100,000 in one process 2.8 million (decision 0011,
 * "Session 19"). `shared`: the blocks are in shared memory, so that another thread reads a range of
 * the same pairs (`PairBlocks.view`) without a copy.
 */
export class PairBlocks implements Pairs {
  readonly blocks: Int32Array[];
  length: number;

  constructor(
    private readonly shared = false,
    blocks: Int32Array[] = [],
    length = 0,
  ) {
    this.blocks = blocks;
    this.length = length;
  }

  /** The first `length` pairs of `blocks` (another thread's `PairBlocks`, shared), to read. */
  static view(blocks: Int32Array[], length: number): PairBlocks {
    return new PairBlocks(true, blocks, length);
  }

  push(first: number, second: number): void {
    const offset = (this.length & (PAIR_BLOCK - 1)) * 2;
    if (offset === 0) this.blocks.push(new Int32Array(this.shared ? new SharedArrayBuffer(PAIR_BLOCK * 8) : new ArrayBuffer(PAIR_BLOCK * 8)));
    const block = this.blocks[this.blocks.length - 1] as Int32Array;
    block[offset] = first;
    block[offset + 1] = second;
    this.length++;
  }

  first(pair: number): number {
    return (this.blocks[pair >>> PAIR_BLOCK_BITS] as Int32Array)[(pair & (PAIR_BLOCK - 1)) * 2] as number;
  }

  second(pair: number): number {
    return (this.blocks[pair >>> PAIR_BLOCK_BITS] as Int32Array)[(pair & (PAIR_BLOCK - 1)) * 2 + 1] as number;
  }
}

/** `ArrayBuffer` and `SharedArrayBuffer` that grow in place up to a most (ES2024: Node 20 has them; the project's lib does not declare them). */
interface GrowingMemory {
  readonly byteLength: number;
  readonly maxByteLength: number;
}
type GrowingConstructor = new (bytes: number, options: { maxByteLength: number }) => GrowingMemory;

function grow(memory: GrowingMemory, bytes: number): void {
  const growing = memory as { grow?: (bytes: number) => void; resize?: (bytes: number) => void };
  if (growing.grow) growing.grow(bytes);
  else growing.resize?.(bytes);
}

/** Hits `PairHits` makes room for at first; it doubles in place as it meets more. */
const FIRST_HITS = 64;

/**
 * What a thread hands another for the hits it will write (`PairHits.sharing`): the two growing
 * shared memories, and the count, written once the hits are (`publish`).
 */
export interface SharedHits {
  pairs: SharedArrayBuffer;
  similarities: SharedArrayBuffer;
  count: Int32Array;
}

/**
 * The pairs whose cosine reached the duplicate threshold, as the comparisons met them: the pair's
 * place and its cosine (12 bytes a hit). Few in any real population; every candidate in a population
 * of near-copies, so the memory grows in place up to the most hits there can be (reserved, not used,
 * until then). In shared memory (`PairHits.shared`), another thread writes them (`writing`) and the
 * thread that made them reads them once that thread has published their count (`written`).
 */
export class PairHits {
  /** Views that follow their memory's length. */
  private readonly pairs: Int32Array;
  private readonly similarities: Float64Array;
  length = 0;

  private constructor(
    private readonly pairsMemory: GrowingMemory,
    private readonly similaritiesMemory: GrowingMemory,
    private readonly count?: Int32Array,
  ) {
    this.pairs = new Int32Array(pairsMemory as unknown as ArrayBuffer);
    this.similarities = new Float64Array(similaritiesMemory as unknown as ArrayBuffer);
  }

  /** Room for up to `most` hits (`shared`: in shared memory, for `sharing`). */
  static upTo(most: number, shared = false): PairHits {
    const Memory = (shared ? SharedArrayBuffer : ArrayBuffer) as unknown as GrowingConstructor;
    const room = Math.max(1, most);
    const first = Math.min(room, FIRST_HITS);
    return new PairHits(new Memory(first * 4, { maxByteLength: room * 4 }), new Memory(first * 8, { maxByteLength: room * 8 }), shared ? new Int32Array(new SharedArrayBuffer(4)) : undefined);
  }

  /** The shared memory another thread writes its hits in (`writing`). */
  sharing(): SharedHits {
    if (!this.count) throw new Error("these hits are not in shared memory");
    return { pairs: this.pairsMemory as unknown as SharedArrayBuffer, similarities: this.similaritiesMemory as unknown as SharedArrayBuffer, count: this.count };
  }

  /** On the thread that compares: hits written into `handed`, their count said by `publish`. */
  static writing(handed: SharedHits): PairHits {
    return new PairHits(handed.pairs as unknown as GrowingMemory, handed.similarities as unknown as GrowingMemory, handed.count);
  }

  /** On the thread that handed the memory, once the other has published (and the two have synchronised): the hits it wrote. */
  static written(handed: SharedHits): PairHits {
    const hits = PairHits.writing(handed);
    hits.length = handed.count[0] as number;
    return hits;
  }

  /** Says how many hits were written, for `written` on the other thread. */
  publish(): void {
    if (this.count) this.count[0] = this.length;
  }

  add(pair: number, similarity: number): void {
    if (this.length === this.pairs.length) {
      const room = Math.min(this.length * 2, this.pairsMemory.maxByteLength / 4);
      if (room === this.length) throw new Error(`more than ${room} hits: more than the pairs compared`);
      grow(this.pairsMemory, room * 4);
      grow(this.similaritiesMemory, room * 8);
    }
    this.pairs[this.length] = pair;
    this.similarities[this.length++] = similarity;
  }

  pair(hit: number): number {
    return this.pairs[hit] as number;
  }

  similarity(hit: number): number {
    return this.similarities[hit] as number;
  }

  /** The hits' places in order of their pairs (LSH's order: the scan's); sorted only when they came otherwise. */
  inPairOrder(): Int32Array {
    const order = Int32Array.from({ length: this.length }, (_, hit) => hit);
    for (let hit = 1; hit < this.length; hit++) if ((this.pairs[hit] as number) < (this.pairs[hit - 1] as number)) return order.sort((x, y) => (this.pairs[x] as number) - (this.pairs[y] as number));
    return order;
  }
}
