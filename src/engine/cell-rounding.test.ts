import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundCells, type CellWeights } from "./cell-rounding.ts";
import { createRng, hashSeed } from "./rng.ts";

function expectedCounts(cell: CellWeights): number[] {
  const sum = cell.weights.reduce((total, weight) => total + Math.max(0, weight), 0);
  return cell.weights.map((weight) => (Math.max(0, weight) / sum) * cell.size);
}

/** A cell's counts sum to its size, each the floor or ceiling of what it expects, none where it gives no weight. */
function expectCellRounded(cell: CellWeights, got: readonly number[]): void {
  expect(got.reduce((sum, count) => sum + count, 0)).toBe(cell.size);
  expectedCounts(cell).forEach((expected, slot) => {
    expect(got[slot]).toBeGreaterThanOrEqual(Math.floor(expected + 1e-9));
    expect(got[slot]).toBeLessThanOrEqual(Math.ceil(expected - 1e-9));
    if (!((cell.weights[slot] as number) > 0)) expect(got[slot]).toBe(0);
  });
}

const cellsArbitrary = fc
  .tuple(fc.integer({ min: 2, max: 8 }), fc.array(fc.string({ minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 10 }))
  .chain(([cellCount, names]) => {
    const keys = [...new Set(names)];
    const cell = fc.record({
      weights: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 10, noNaN: true })), { minLength: keys.length, maxLength: keys.length }),
      size: fc.integer({ min: 0, max: 40 }),
    });
    return fc.array(cell, { minLength: cellCount, maxLength: cellCount }).map((cells) =>
      cells
        .map((entry) => ({ keys, weights: entry.weights.some((weight) => weight > 0) ? entry.weights : entry.weights.map((_, index) => (index === 0 ? 1 : 0)), size: entry.size }))
        .filter((entry) => entry.weights.length > 0),
    );
  });

describe("rounding the nested quotas of several parent cells together", () => {
  it("fills every cell to its size with counts that are the floor or ceiling of what the cell expects, never a category it gives no weight", () => {
    fc.assert(
      fc.property(cellsArbitrary, fc.integer(), (cells, seed) => {
        const counts = roundCells(cells, createRng(seed));
        cells.forEach((cell, index) => expectCellRounded(cell, counts[index] as number[]));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps each category's total over the cells within one of its expected total", () => {
    fc.assert(
      fc.property(cellsArbitrary, fc.integer(), (cells, seed) => {
        const counts = roundCells(cells, createRng(seed));
        const keys = cells[0]?.keys ?? [];
        keys.forEach((_, slot) => {
          const expected = cells.reduce((sum, cell) => sum + (expectedCounts(cell)[slot] as number), 0);
          const got = counts.reduce((sum, cellCounts) => sum + (cellCounts[slot] as number), 0);
          expect(got).toBeGreaterThanOrEqual(Math.floor(expected + 1e-9));
          expect(got).toBeLessThanOrEqual(Math.ceil(expected - 1e-9));
        });
      }),
      { numRuns: 300 },
    );
  });

  it("keeps every guarantee on a dense graph, where walks are continued rather than retraced (hundreds of cells sharing hundreds of categories)", () => {
    const rng = createRng(hashSeed(5, "dense"));
    const keys = Array.from({ length: 120 }, (_, index) => `job ${index}`);
    const cells: CellWeights[] = Array.from({ length: 240 }, () => ({
      keys,
      weights: keys.map(() => (rng.float() < 0.3 ? 0 : rng.float() ** 2)),
      size: Math.floor(rng.float() * 300),
    }));
    const counts = roundCells(cells, createRng(11));
    const totals = new Map<string, { expected: number; got: number }>();
    cells.forEach((cell, index) => {
      const got = counts[index] as number[];
      expectCellRounded(cell, got);
      expectedCounts(cell).forEach((expected, slot) => {
        const total = totals.get(keys[slot] as string) ?? { expected: 0, got: 0 };
        totals.set(keys[slot] as string, { expected: total.expected + expected, got: total.got + (got[slot] as number) });
      });
    });
    for (const { expected, got } of totals.values()) {
      expect(got).toBeGreaterThanOrEqual(Math.floor(expected + 1e-9));
      expect(got).toBeLessThanOrEqual(Math.ceil(expected - 1e-9));
    }
  });

  it("lets small cells with the same mix take turns instead of all taking its mode", () => {
    const mix = { keys: ["shop assistant", "cleaner", "teacher", "driver"], weights: [0.4, 0.2, 0.2, 0.2], size: 1 };
    const counts = roundCells([mix, mix, mix, mix, mix], createRng(7));
    const shopAssistants = counts.reduce((sum, cell) => sum + (cell[0] as number), 0);
    expect(shopAssistants).toBe(2); // 5 × 0.4, where rounding each cell alone gives 5
  });

  it("gives each cell its own probabilities: over many seeds a lone member takes each category as often as its weight", () => {
    const cells: CellWeights[] = [
      { keys: ["retired", "working"], weights: [0.9, 0.1], size: 1 },
      { keys: ["working", "student", "retired"], weights: [0.6, 0.3, 0.1], size: 1 },
      { keys: ["working", "retired"], weights: [0.5, 0.5], size: 3 },
    ];
    const runs = 4_000;
    const tallies = cells.map((cell) => cell.keys.map(() => 0));
    for (let seed = 0; seed < runs; seed++) {
      roundCells(cells, createRng(hashSeed(seed, "cells"))).forEach((cellCounts, index) => cellCounts.forEach((count, slot) => (tallies[index]![slot]! += count)));
    }
    cells.forEach((cell, index) => {
      expectedCounts(cell).forEach((expected, slot) => {
        const mean = (tallies[index]![slot] as number) / runs;
        // Five standard errors of a mean of `runs` draws with at most one unit of spread.
        expect(Math.abs(mean - expected)).toBeLessThan(5 * Math.sqrt(0.25 / runs));
      });
    });
  });

  it("is a pure function of the cells and the seeded stream", () => {
    const cells: CellWeights[] = [
      { keys: ["a", "b", "c"], weights: [1, 2, 3], size: 5 },
      { keys: ["c", "d", "a"], weights: [3, 1, 1], size: 4 },
    ];
    expect(roundCells(cells, createRng(42))).toEqual(roundCells(cells, createRng(42)));
  });
});
