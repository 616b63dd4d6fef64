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
