import { describe, expect, it } from "vitest";
import { PairBlocks, PairHits, PairList } from "./pairs.ts";

describe("pairs of personas in blocks", () => {
  it("reads back every pair pushed, across blocks, and another thread's view of shared blocks reads the same", () => {
    const blocks = new PairBlocks(true);
    const list = new PairList();
    for (let pair = 0; pair < 200_000; pair++) {
      blocks.push(pair, pair * 3 + 1);
      list.push(pair, pair * 3 + 1);
    }
    expect(blocks.blocks.length).toBe(4);
    expect(blocks.blocks.every((block) => block.buffer instanceof SharedArrayBuffer)).toBe(true);
    const view = PairBlocks.view(blocks.blocks, 150_000);
    for (const pair of [0, 65_535, 65_536, 131_072, 149_999]) {
      expect([blocks.first(pair), blocks.second(pair)]).toEqual([pair, pair * 3 + 1]);
      expect([view.first(pair), view.second(pair)]).toEqual([list.first(pair), list.second(pair)]);
    }
    expect(new PairBlocks().blocks.length).toBe(0);
  });
});

describe("the pairs that reached the duplicate threshold", () => {
  it("grow in place up to the most there can be, and are put in pair order only when they came otherwise", () => {
    const hits = PairHits.upTo(1_000);
    for (let hit = 0; hit < 1_000; hit++) hits.add(hit * 2, hit / 1_000);
    expect(hits.length).toBe(1_000);
    expect([hits.pair(999), hits.similarity(999)]).toEqual([1_998, 0.999]);
    expect(() => hits.add(5_000, 1)).toThrow();
    const inOrder = hits.inPairOrder();
    expect(inOrder[0]).toBe(0);
    expect(inOrder[999]).toBe(999);

    const unordered = PairHits.upTo(4);
    for (const pair of [30, 10, 20]) unordered.add(pair, 0.95);
    expect(Array.from(unordered.inPairOrder())).toEqual([1, 2, 0]);
  });

  it("written by another thread in shared memory are read by the one that handed it, once published", () => {
    const handed = PairHits.upTo(500, true).sharing();
    const writer = PairHits.writing(handed);
    for (let hit = 0; hit < 300; hit++) writer.add(hit + 7, 0.9 + hit / 10_000);
    expect(PairHits.written(handed).length).toBe(0);
    writer.publish();
    const read = PairHits.written(handed);
    expect(read.length).toBe(300);
    expect([read.pair(299), read.similarity(299)]).toEqual([306, 0.9 + 299 / 10_000]);
    expect(() => PairHits.upTo(3).sharing()).toThrow(/not in shared memory/);
  });
});
