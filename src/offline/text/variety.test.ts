import { describe, expect, it } from "vitest";
import { createRng } from "../../engine/rng.ts";
import { compileList } from "./grammar.ts";
import { ExpansionClass, FramePool, PoolSentence, SessionVariety, Variety } from "./variety.ts";

/** Every expansion a class takes in `takes` draws by personas `0, 1, 2, …`. */
function taken(expansions: ExpansionClass, takes: number, firstIndex = 0): number[] {
  return Array.from({ length: takes }, (_, offset) => expansions.take(firstIndex + offset));
}

describe("ExpansionClass", () => {
  it("takes every expansion once before any twice, whichever personas ask and in what order", () => {
    for (const total of [1, 2, 7, 146, 1000]) {
      const expansions = new ExpansionClass(total, { offset: total > 1 ? 3 % total : 0, step: 1 });
      // Personas far apart and close together: each takes the first free place at or after its own.
      const round = Array.from({ length: total }, (_, position) => expansions.take((position * 7919) % 5000));
      expect(new Set(round).size, `total ${total}`).toBe(total);
      expect(expansions.repeated).toBe(true);
      const second = taken(expansions, total, 12_345);
      expect(new Set(second).size).toBe(total);
    }
  });

  it("a persona alone in its class takes the expansion at its own place in the walk", () => {
    const expansions = new ExpansionClass(146, { offset: 11, step: 5 });
    expect(expansions.take(1_000)).toBe((5 * (1_000 % 146) + 11) % 146);
    expect(expansions.repeated).toBe(false);
  });

  it("keeps what it took when it moves its record from a map to a typed array", () => {
    // The record moves after 16 takes: taking 40 of 100 from crowded places still gives 40 different ones.
    const expansions = new ExpansionClass(100, { offset: 0, step: 3 });
    expect(new Set(taken(expansions, 40)).size).toBe(40);
    expect(new Set([...taken(expansions, 60, 500)]).size).toBe(60);
    expect(expansions.repeated).toBe(true);
  });
});

describe("PoolSentence", () => {
  const pool = new FramePool("test.pool", ["{given}, {age}, likes {@things}.", "{given} [sometimes|often] thinks about {@things}."]);
  const lists = { things: compileList(["tea", "rain", "maps"]) };

  /** Each persona's first sentence from the pool in one session, and whether it was a repeat. */
  function session(count: number, slotsOf: (index: number) => Record<string, string>) {
    const shared = new SessionVariety();
    return Array.from({ length: count }, (_, index) => new PoolSentence(pool, "en-GB", new Variety(7, index, shared), slotsOf(index), lists, createRng(index), pool.name).draw());
  }

  it("personas of one class write every sentence of the pool (9) once before any twice; names and numbers do not make a class", () => {
    // The diversity report's templates mask names and numbers: personas who differ only in those write the same template.
    const drawn = session(18, (index) => ({ given: `Person${index}`, age: String(20 + index) }));
    const sentences = drawn.map((sentence) => sentence?.text.replace(/^Person\d+/, "_").replace(/\d+/, "#"));
    expect(new Set(sentences.slice(0, 9)).size).toBe(9);
    expect(drawn.slice(0, 9).every((sentence) => sentence?.repeated === false)).toBe(true);
    expect(drawn.slice(9).every((sentence) => sentence?.repeated === true)).toBe(true);
    expect(new Set(sentences.slice(9)).size).toBe(9);
  });

  it("personas whose other slot values differ (a place, a pronoun) are classes of their own: each starts the pool afresh", () => {
    const pooled = new FramePool("test.places", ["In {place}, {given} likes {@things}."]);
    const shared = new SessionVariety();
    const drawn = Array.from({ length: 6 }, (_, index) => new PoolSentence(pooled, "en-GB", new Variety(7, index, shared), { given: "A", place: index < 3 ? "Leeds" : "York" }, lists, createRng(index), pooled.name).draw());
    expect(drawn.every((sentence) => sentence?.repeated === false)).toBe(true);
    expect(new Set(drawn.map((sentence) => sentence?.text)).size).toBe(6);
  });
});

describe("FramePool's class of a persona", () => {
  // fillableFor reads each slot once for both which frames can be filled and what makes the class
  // (`lastContentHash`): it must be `contentHash` of the same slots, and fill the same frames, for
  // slots read through a prototype, empty values, digits, the names that make no class, and more
  // than 30 slot names (read the other way).
  /** The class hash as it was first written (FNV over each classed value, a digit run as '#', a separator after each slot). */
  function referenceHash(names: readonly string[], slots: Readonly<Record<string, string>>): number {
    let hash = 0x811c9dc5;
    for (const name of names) {
      if (["given", "workplace", "at_workplace", "At_workplace", "colleagues_at"].includes(name)) continue;
      const value = slots[name];
      if (value !== undefined) for (const piece of value.replace(/\d+/g, "#")) hash = Math.imul(hash ^ piece.charCodeAt(0), 0x01000193);
      hash = Math.imul(hash ^ 0x10000, 0x01000193);
    }
    return hash >>> 0;
  }
  const many = Array.from({ length: 33 }, (_, position) => `{s${position}}`).join(" ");
  const pools = [
    new FramePool("test.class", ["{given} ({age}) works {at_workplace} in {place}[, {colleagues_at}|].", "In {place}, {given} is {occupation}[ near {workplace}|]."]),
    new FramePool("test.many", [`${many}.`, "{given} only."]),
  ];
  const base: Record<string, string> = { given: "Ada", age: "41", place: "Leeds 2", at_workplace: "on the ward", occupation: "", workplace: "the ward", s3: "x", s31: "12 and 345", s32: "y" };
  const layered = Object.assign(Object.create(base) as Record<string, string>, { occupation: "nurse", place: "", colleagues_at: "at 9" });
  for (const pool of pools) {
    for (const [label, slots] of [["plain", base], ["layered", layered], ["empty", {}]] as const) {
      it(`${pool.name}, ${label} slots: the class hash read with the frames is contentHash`, () => {
        pool.fillableFor("en-GB", slots, {});
        expect(pool.lastContentHash).toBe(pool.contentHash("en-GB", slots));
        expect(pool.contentHash("en-GB", slots)).toBe(referenceHash(pool.readsOf("en-GB").slots, slots));
      });
    }
  }
});
