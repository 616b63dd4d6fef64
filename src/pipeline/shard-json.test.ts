import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Blueprint } from "../engine/blueprint.ts";
import type { Persona, SampledValues } from "../engine/persona.ts";
import type { Writer } from "../engine/ports.ts";
import { checkedBlueprint } from "../engine/blueprint-check.ts";
import { hashSeed } from "../engine/rng.ts";
import { OfflineModeller } from "../offline/index.ts";
import { personaFields, sampleShards, writeOfflineShard } from "../workers/engine-tasks.ts";
import { ShardJsonWriter, writeShardJson } from "./shard-json.ts";
import { writeOfflineShardJson } from "../workers/whole-population-task.ts";
import { SYSTEM_PROMPT_ENDINGS } from "../engine/render.ts";
import { shardDigest } from "../engine/quality/report-digest.ts";
import { OfflineWriter } from "../offline/index.ts";
import { sampledShard } from "./shards.ts";

/** Fixed seed: the same cases every run, so a failure is a regression to reproduce. */
const PROPERTY_SEED = 20261130;
const decoder = new TextDecoder();

function written(personas: readonly Persona[]): { json: string; fieldsJson: string } {
  const writer = new ShardJsonWriter();
  for (const persona of personas) writer.add(persona);
  const { json, fieldsJson } = writer.finish();
  return { json: decoder.decode(json), fieldsJson: decoder.decode(fieldsJson) };
}

const text = fc.string({ unit: fc.oneof(fc.constantFrom("\"", "\\", "\n", "\u0000", "\u2028", "\ud800", "\udc00", "é", "Ł", "😀"), fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code))), maxLength: 40 });
const fields = fc.dictionary(fc.oneof(text, fc.constant("__proto__")), text, { maxKeys: 5 });
const rendered = fc.record({ persona_id: text, fields, system_prompt: text, markdown: text });
/** Personas a store may hand back in other shapes: extra or missing keys, another key order. */
const otherShapes = fc.oneof(
  fc.record({ fields, persona_id: text, markdown: text, system_prompt: text }),
  fc.record({ persona_id: text, fields, system_prompt: text, markdown: text, extra: text }),
  fc.record({ fields, system_prompt: text, markdown: text }),
  fc.record({ persona_id: fc.constant(undefined), fields, system_prompt: text, markdown: text }),
);

describe("ShardJsonWriter: a shard's personas as JSON bytes, persona by persona", () => {
  it("writes exactly the UTF-8 of JSON.stringify of the personas and of their ids and fields, whatever their texts and shapes", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(rendered, otherShapes), { maxLength: 8 }), (personas) => {
        const { json, fieldsJson } = written(personas as Persona[]);
        // Lone surrogates are written escaped by JSON.stringify, so the UTF-8 decodes to the same text.
        expect(json).toBe(JSON.stringify(personas));
        expect(fieldsJson).toBe(JSON.stringify(personaFields(personas as Persona[])));
      }),
      { seed: PROPERTY_SEED, numRuns: 400 },
    );
  });

  it("writes a system prompt that ends as every rendered one does (its ending's bytes encoded once) as JSON.stringify does, whatever comes before the ending", () => {
    const ending = fc.constantFrom(...SYSTEM_PROMPT_ENDINGS);
    // Before the ending: anything, a lone high surrogate (escaped alone, as the whole text's JSON has it), or an ending already.
    const start = fc.oneof(text, text.map((before) => `${before}\ud83d`), ending);
    const endingPrompt = fc.record({ persona_id: text, fields, system_prompt: fc.tuple(start, ending).map(([before, end]) => before + end), markdown: text });
    fc.assert(
      fc.property(fc.array(fc.oneof(endingPrompt, rendered), { maxLength: 6 }), (personas) => {
        expect(written(personas as Persona[]).json).toBe(JSON.stringify(personas));
      }),
      { seed: PROPERTY_SEED, numRuns: 200 },
    );
  });

  it("grows past its first buffer for a persona of several megabytes", () => {
    const persona: Persona = { persona_id: "1", fields: { name: "Zoë Łukasik" }, system_prompt: "ł".repeat(1_500_000), markdown: "m".repeat(2_000_000) };
    expect(written([persona, persona])).toEqual({ json: JSON.stringify([persona, persona]), fieldsJson: JSON.stringify(personaFields([persona, persona])) });
  });

  it("reuses its buffers without carrying a longer shard's bytes into a shorter one", () => {
    const long: Persona[] = Array.from({ length: 50 }, (_, index) => ({ persona_id: String(index), fields: { name: `Zoë ${index}` }, system_prompt: "x".repeat(30_000), markdown: "y".repeat(30_000) }));
    const short: Persona[] = [{ persona_id: "1", fields: { name: "Ana" }, system_prompt: "a", markdown: "b" }];
    expect(written(long).json).toBe(JSON.stringify(long));
    expect(written(short)).toEqual({ json: JSON.stringify(short), fieldsJson: JSON.stringify(personaFields(short)) });
    expect(written([])).toEqual({ json: "[]", fieldsJson: "[]" });
  });

  it("gives two writers at work in one thread their own bytes", () => {
    const first = new ShardJsonWriter();
    const second = new ShardJsonWriter();
    const ones: Persona[] = [1, 2, 3].map((index) => ({ persona_id: String(index), fields: { name: `One ${index}` }, system_prompt: "one", markdown: "# One" }));
    const twos: Persona[] = [1, 2].map((index) => ({ persona_id: String(index), fields: { name: `Two ${index}` }, system_prompt: "two", markdown: "# Two" }));
    first.add(ones[0] as Persona);
    second.add(twos[0] as Persona);
    first.add(ones[1] as Persona);
    second.add(twos[1] as Persona);
    first.add(ones[2] as Persona);
    expect(decoder.decode(second.finish().json)).toBe(JSON.stringify(twos));
    expect(decoder.decode(first.finish().json)).toBe(JSON.stringify(ones));
  });
});

describe("writeOfflineShardJson: an offline shard written into its stored bytes", () => {
  // League names are often outside Latin-1 (two-byte strings); nurses write prose.
  it.each(["League of Legends players from around the globe", "Night-shift nurses in Leeds"])("gives the bytes and fields the shard task stringified before (%s)", async (prompt) => {
    const count = 120;
    const seed = 7;
    const blueprint = checkedBlueprint({ ...(await new OfflineModeller().design({ prompt, count, grounding: "off", seed: hashSeed(seed, "design") })), seed });
    const input = { prompt, count, seed, blueprint, start: 0, structuredJson: sampleShards({ blueprint, count, seed })[0] as string };
    const before = await writeOfflineShard(input);
    const now = await writeOfflineShardJson(input);
    expect(decoder.decode(now.json)).toBe(before.json);
    expect(decoder.decode(now.fieldsJson)).toBe(before.fieldsJson);
    expect(JSON.stringify(now.fields)).toBe(before.fieldsJson);
    expect(now.size).toBe(count);
  });

  it("makes the shard's digest as its batches land, the same as the digest of its fields, and keeps no fields then", async () => {
    const prompt = "League of Legends players from around the globe";
    const count = 120;
    const seed = 11;
    const blueprint = checkedBlueprint({ ...(await new OfflineModeller().design({ prompt, count, grounding: "off", seed: hashSeed(seed, "design") })), seed });
    const shard = { prompt, count, seed, blueprint, start: 0, structured: sampledShard(blueprint, seed, 0, sampleShards({ blueprint, count, seed })[0] as string) };
    const kept = await writeShardJson(shard, new OfflineWriter(), { batchSize: 25 });
    const digested = await writeShardJson(shard, new OfflineWriter(), { batchSize: 25, digest: true });
    expect(digested.digest).toEqual(shardDigest(kept.fields, blueprint));
    expect(digested.digest?.sentences).not.toBeNull();
    expect(digested.fields).toEqual([]);
    expect(digested.size).toBe(count);
    expect(decoder.decode(digested.json)).toBe(decoder.decode(kept.json));
  });
});

describe("writeShardJson: batches landing out of order", () => {
  const blueprint: Blueprint = checkedBlueprint({
    domain: "test",
    order: ["role", "backstory"],
    fields: [
      { name: "role", kind: "categorical", categorical: { weights: { a: 1, b: 1 } } },
      { name: "backstory", kind: "text" },
    ],
  } as Blueprint);

  /** A writer of three lanes whose batches all wait until three are asked for, then land last first. */
  function reversingWriter(): Writer {
    const waiting: Array<() => void> = [];
    return {
      name: "reversing",
      parallelBatches: 3,
      begin: () => ({
        async writeBatch(personas: readonly SampledValues[], startIndex: number) {
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            if (waiting.length === 3) for (const release of waiting.splice(0).reverse()) release();
          });
          return personas.map((_, offset) => ({ backstory: `Persona ${startIndex + offset}.` }));
        },
      }),
    };
  }

  it("writes the personas in their order whatever order their batches land in", async () => {
    const structured: SampledValues[] = Array.from({ length: 6 }, (_, index) => ({ role: index % 2 === 0 ? "a" : "b" }));
    const shard = { prompt: "test", count: 6, seed: 1, blueprint, start: 0, structured };
    const landed: number[] = [];
    const { json, fields } = await writeShardJson(shard, reversingWriter(), { batchSize: 2, onBatch: (_, start) => void landed.push(start) });
    // Not in order (the case under test), and each batch once.
    expect(landed).not.toEqual([0, 2, 4]);
    expect([...landed].sort()).toEqual([0, 2, 4]);
    const personas = JSON.parse(decoder.decode(json)) as Persona[];
    expect(personas.map((persona) => persona.fields.backstory)).toEqual([0, 1, 2, 3, 4, 5].map((index) => `Persona ${index}.`));
    expect(fields.map((persona) => persona.persona_id)).toEqual(personas.map((persona) => persona.persona_id));
  });
});
