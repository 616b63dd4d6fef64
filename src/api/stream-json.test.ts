/**
 * jsonChunks writes exactly what JSON.stringify writes, in bounded chunks, with streamed lists
 * expanded in their places.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { jsonChunks, JsonTexts, StreamedArray, TextPacker } from "./stream-json.ts";

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

describe("a stored row on its way out (TextPacker)", () => {
  // A row's thousand texts are written out over many turns of the event loop: kept as strings they
  // were promoted to the old generation by every collection in between (~250 MB of dead texts in a
  // 100,000-persona CSV export). Packed, the row's list lets go of them at once.
  const decode = (slices: Buffer[]) => slices.map((bytes) => bytes.toString("utf8"));

  it("hands the texts out byte for byte, multi-byte characters included, and empties the row's list", () => {
    const texts = [JSON.stringify({ name: "Zoë Ångström" }), JSON.stringify({ city: "東京", mood: "🙂" }), "", JSON.stringify({ plain: "ascii" })];
    const expected = [...texts];
    expect(decode(new TextPacker().pack(texts))).toEqual(expected);
    expect(texts).toEqual([]);
  });

  it("takes only the first texts a page still needs, and reuses its buffer for the next row, longer or shorter", () => {
    const packer = new TextPacker();
    const first = ["a", "bé", "c", "d"];
    expect(decode(packer.pack(first, 2))).toEqual(["a", "bé"]);
    expect(first).toEqual([]);
    const longer = Array.from({ length: 30 }, (_, index) => `${"ü".repeat(index)}${index}`);
    expect(decode(packer.pack([...longer]))).toEqual(longer);
    expect(decode(packer.pack(["x", "yz"]))).toEqual(["x", "yz"]);
  });

  it("a streamed list lets go of a batch of written texts as soon as it arrives, before its first chunk is handed out", async () => {
    const batch = new JsonTexts(Array.from({ length: 50 }, (_, index) => JSON.stringify({ index, text: "é".repeat(40) })));
    const next = new JsonTexts(["\"after\"", "2"]);
    const expected = `[${[...batch.items, ...next.items].join(",")}]`;
    const chunks = jsonChunks(
      new StreamedArray(async function* () {
        yield batch;
        yield next;
      }),
      { chunkCharacters: 100 },
    );
    const first = await chunks.next();
    expect(batch.items).toEqual([]);
    let written = first.value as string;
    for await (const chunk of chunks) written += chunk;
    expect(written).toBe(expected);
  });
});
