import { describe, expect, it } from "vitest";
import { Coalesced, SameTurn } from "./coalesced.ts";

/** A flush that waits until released, so the test decides what arrives while it runs. */
function heldFlush() {
  const flushes: string[][] = [];
  let release: () => void = () => undefined;
  const flush = async (items: string[]) => {
    flushes.push(items);
    await new Promise<void>((resolve) => (release = resolve));
    if (items.includes("bad")) throw new Error("refused");
    return items.map((item) => item.toUpperCase());
  };
  return { flushes, flush, release: () => release() };
}

describe("statements coalesced while one runs", () => {
  it("flushes the items added in one turn together at once, and the items that arrive meanwhile together in the next flush, each with its own answer", async () => {
    const held = heldFlush();
    const coalesced = new Coalesced(held.flush);
    const claimedTogether = [coalesced.add("x"), coalesced.add("y")];
    await new Promise((resolve) => setImmediate(resolve));
    expect(held.flushes).toEqual([["x", "y"]]);
    held.release();
    expect(await Promise.all(claimedTogether)).toEqual(["X", "Y"]);
    held.flushes.length = 0;

    const first = coalesced.add("a");
    await new Promise((resolve) => setImmediate(resolve));
    const second = coalesced.add("b");
    const third = coalesced.add("c");
    expect(held.flushes).toEqual([["a"]]);
    held.release();
    expect(await first).toBe("A");
    await new Promise((resolve) => setImmediate(resolve));
    expect(held.flushes).toEqual([["a"], ["b", "c"]]);
    held.release();
    expect(await Promise.all([second, third])).toEqual(["B", "C"]);
  });

  it("fails every item of a failed flush, and the next flush still runs", async () => {
    const held = heldFlush();
    const coalesced = new Coalesced(held.flush);
    const lone = coalesced.add("a");
    await new Promise((resolve) => setImmediate(resolve));
    const failing = [coalesced.add("bad"), coalesced.add("b")];
    held.release();
    await lone;
    await new Promise((resolve) => setImmediate(resolve));
    held.release();
    for (const item of failing) await expect(item).rejects.toThrow("refused");
    const later = coalesced.add("d");
    await new Promise((resolve) => setImmediate(resolve));
    held.release();
    expect(await later).toBe("D");
  });
});

describe("work grouped by the turn it was added in", () => {
  it("runs the items of one turn as one group at once, the next turn's as another without waiting for the first, and settles each item on its own", async () => {
    const groups: string[][] = [];
    const releases: Array<() => void> = [];
    const sameTurn = new SameTurn<string, string>(async (items) => {
      groups.push(items);
      await new Promise<void>((resolve) => releases.push(resolve));
      return items.map((item): PromiseSettledResult<string> => (item === "bad" ? { status: "rejected", reason: new Error(`refused ${item}`) } : { status: "fulfilled", value: item.toUpperCase() }));
    });
    const first = [sameTurn.add("a"), sameTurn.add("bad"), sameTurn.add("b")];
    await new Promise((resolve) => setImmediate(resolve));
    const second = sameTurn.add("c");
    await new Promise((resolve) => setImmediate(resolve));
    // The second group started while the first still ran.
    expect(groups).toEqual([["a", "bad", "b"], ["c"]]);
    for (const release of releases) release();
    expect(await Promise.allSettled(first)).toEqual([
      { status: "fulfilled", value: "A" },
      { status: "rejected", reason: new Error("refused bad") },
      { status: "fulfilled", value: "B" },
    ]);
    expect(await second).toBe("C");
  });

  it("fails every item of a group whose run throws", async () => {
    const sameTurn = new SameTurn<string, string>(async () => {
      throw new Error("the thread died");
    });
    const outcomes = await Promise.allSettled([sameTurn.add("a"), sameTurn.add("b")]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
  });
});
