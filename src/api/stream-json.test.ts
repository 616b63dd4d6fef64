/**
 * jsonChunks writes exactly what JSON.stringify writes, in bounded chunks, with streamed lists
 * expanded in their places.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { jsonChunks, JsonTexts, StreamedArray } from "./stream-json.ts";

async function text(value: unknown, options: Parameters<typeof jsonChunks>[1] = {}): Promise<string> {
  let written = "";
  for await (const chunk of jsonChunks(value, options)) written += chunk;
  return written;
}

function streamed(items: readonly unknown[], batchSize: number): StreamedArray {
  return new StreamedArray(async function* () {
    for (let start = 0; start < items.length; start += batchSize) yield items.slice(start, start + batchSize);
  });
}

describe("jsonChunks", () => {
  it("writes any JSON value byte for byte as JSON.stringify does, at any walk depth and chunk size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 64 }), async (value, walkDepth, chunkCharacters) => {
        expect(await text(value, { walkDepth, chunkCharacters })).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it("follows JSON.stringify on what JSON has no word for: toJSON, undefined, functions, NaN", async () => {
    const value = { at: new Date(0), gone: undefined, call: () => 1, list: [undefined, () => 1, Number.NaN, -0], nested: { date: new Date(1) } };
    expect(await text(value)).toBe(JSON.stringify(value));
  });

  it("puts a streamed list in its place, as the same list in memory would be written", async () => {
    const personas = Array.from({ length: 25 }, (_, index) => ({ persona_id: `p${String(index + 1).padStart(4, "0")}`, fields: { age: String(20 + index) } }));
    const stored = { id: "x", result: { personas: streamed(personas, 7), blueprint: { fields: [] } }, error: null };
    const inMemory = { id: "x", result: { personas, blueprint: { fields: [] } }, error: null };
    expect(await text(stored, { chunkCharacters: 100 })).toBe(JSON.stringify(inMemory));
    expect(await text({ personas: streamed([], 3) })).toBe('{"personas":[]}');
  });

  it("passes items already written as JSON through, as the same items in memory would be written", async () => {
    const rows = [[{ a: 1 }, { b: "x,y" }], [], [[1, 2]], [null, "😀"]];
    const list = new StreamedArray(async function* () {
      for (const row of rows) yield new JsonTexts(row.map((item) => JSON.stringify(item)));
      yield [{ c: true }];
    });
    expect(await text({ list, after: 1 }, { chunkCharacters: 3 })).toBe(JSON.stringify({ list: [...rows.flat(), { c: true }], after: 1 }));
  });

  it("hands out chunks near the asked size, never the whole text at once", async () => {
    const personas = Array.from({ length: 2_000 }, (_, index) => ({ persona_id: `p${index}`, markdown: "x".repeat(100) }));
    const sizes: number[] = [];
    for await (const chunk of jsonChunks({ result: { personas: streamed(personas, 500) } }, { chunkCharacters: 4_096 })) sizes.push(chunk.length);
    expect(sizes.length).toBeGreaterThan(40);
    // A chunk ends at the first item that takes it over the size, so it is at most one item over.
    expect(Math.max(...sizes)).toBeLessThan(4_096 + 200);
  });

  it("refuses a streamed list where it would be stringified whole (it would silently become {})", async () => {
    await expect(text({ a: { b: streamed([1], 1) } }, { walkDepth: 1 })).rejects.toThrow(/StreamedArray/);
    expect(() => JSON.stringify({ list: streamed([1], 1) })).toThrow(/StreamedArray/);
  });
});
