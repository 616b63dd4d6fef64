/**
 * `generatePopulationStreamed`: the population of `generatePopulation`, its personas handed on in
 * persona order as they are rendered instead of kept, and its reports the same.
 */
import { describe, expect, it } from "vitest";
import type { Persona } from "../engine/persona.ts";
import type { Writer } from "../engine/ports.ts";
import { OfflineModeller, OfflineWriter } from "../offline/index.ts";
import { generatePopulation, generatePopulationStreamed, STREAMED_PIECE, type GenerateInput } from "./generate.ts";

const request: GenerateInput = { prompt: "Night-shift nurses in Leeds", count: 130, grounding: "off", seed: 17 };

/** What `onPersonas` was handed, piece by piece. */
function collector() {
  const personas: Persona[] = [];
  const pieces: Array<{ start: number; size: number }> = [];
  return {
    personas,
    pieces,
    onPersonas: (handed: readonly Persona[], startIndex: number) => {
      pieces.push({ start: startIndex, size: handed.length });
      personas.push(...handed);
    },
  };
}

/**
 * The offline writer behind lanes that land out of order: batches are asked for in order (the
 * offline session's state stays as one lane's), and each later one answers sooner than the one before.
 */
function outOfOrderWriter(lanes: number): Writer {
  const offline = new OfflineWriter();
  return {
    name: "out of order",
    parallelBatches: lanes,
    begin: (context) => {
      const session = offline.begin(context);
      let asked = 0;
      return {
        writeBatch: async (personas, startIndex) => {
          const texts = await session.writeBatch(personas, startIndex);
          const delay = 30 - 10 * (asked++ % 3);
          await new Promise((resolve) => setTimeout(resolve, delay));
          return texts;
        },
      };
    },
  };
}

describe("generatePopulationStreamed", () => {
  it("hands on every persona of generatePopulation once, in order, a few at a time, with the same blueprint and reports", async () => {
    const offline = () => ({ modeller: new OfflineModeller(), writer: new OfflineWriter() });
    const whole = await generatePopulation(request, offline(), { batchSize: 25 });
    const handed = collector();
    const streamed = await generatePopulationStreamed(request, offline(), { batchSize: 25, onPersonas: handed.onPersonas });
    expect(JSON.stringify({ personas: handed.personas, ...streamed })).toBe(JSON.stringify(whole));
    let next = 0;
    for (const piece of handed.pieces) {
      expect(piece.start).toBe(next);
      expect(piece.size).toBeLessThanOrEqual(STREAMED_PIECE);
      next += piece.size;
    }
    expect(next).toBe(request.count);
  });

  it("hands personas on in persona order when a writer's batches land out of order", async () => {
    const dependencies = () => ({ modeller: new OfflineModeller(), writer: outOfOrderWriter(3) });
    const landed: number[] = [];
    const whole = await generatePopulation(request, dependencies(), { batchSize: 20, onBatch: (_personas, start) => void landed.push(start) });
    // The writer does land them out of order: else this test would not test the reordering.
    expect(landed).not.toEqual([...landed].sort((a, b) => a - b));
    const handed = collector();
    const streamed = await generatePopulationStreamed(request, dependencies(), { batchSize: 20, onPersonas: handed.onPersonas });
    expect(handed.personas.map((persona) => persona.persona_id)).toEqual(whole.personas.map((persona) => persona.persona_id));
    expect(JSON.stringify({ personas: handed.personas, ...streamed })).toBe(JSON.stringify(whole));
  });

  it("hands on the batches an earlier attempt stored, in their places, with those it writes", async () => {
    const offline = () => ({ modeller: new OfflineModeller(), writer: new OfflineWriter() });
    const whole = await generatePopulation(request, offline(), { batchSize: 25 });
    const writtenBatches = new Map([[25, whole.personas.slice(25, 50)], [100, whole.personas.slice(100, 125)]]);
    const resumed = await generatePopulation(request, offline(), { batchSize: 25, blueprint: whole.blueprint, writtenBatches });
    const handed = collector();
    const written: number[] = [];
    const streamed = await generatePopulationStreamed(request, offline(), {
      batchSize: 25,
      blueprint: whole.blueprint,
      writtenBatches,
      onPersonas: handed.onPersonas,
      onProgress: (progress) => void (progress.phase === "generating" && written.push(progress.produced)),
    });
    expect(JSON.stringify({ personas: handed.personas, ...streamed })).toBe(JSON.stringify(resumed));
    expect(handed.personas[30]).toBe(whole.personas[30]);
    // Progress starts from the stored personas and moves once per written batch, not per piece.
    expect(written).toEqual([50, 75, 100, 125, 130]);
  });
});
