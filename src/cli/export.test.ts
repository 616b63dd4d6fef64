import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PopulationResult } from "../engine/persona.ts";
import { renderPersona, SYSTEM_PROMPT_ENDINGS } from "../engine/render.ts";
import { EXPORT_FORMATS, exportChunks, exportPopulation, PopulationExport } from "./export.ts";

const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom("line\nbreak", "=SUM(A1)", 'quote "x"', "\u2028", "__proto__"));
const persona = fc.record({
  persona_id: text,
  fields: fc.dictionary(fc.constantFrom("name", "age", "city", "__proto__", "ünïcode"), text),
  system_prompt: text,
  markdown: text,
});
const result = fc.record(
  {
    blueprint: fc.record({ fields: fc.array(fc.record({ name: fc.constantFrom("name", "age", "job") }), { maxLength: 3 }), seed: fc.integer() }),
    personas: fc.array(persona, { maxLength: 6 }),
    diversity: fc.option(fc.record({ mean: fc.double({ noNaN: true, noDefaultInfinity: true }) }), { nil: undefined }),
    warnings: fc.array(text, { maxLength: 2 }),
  },
  { requiredKeys: ["blueprint", "personas"] },
) as unknown as fc.Arbitrary<PopulationResult>;

describe("exports written a persona at a time", () => {
  it("json is the API's result as JSON.stringify(result, null, 2) writes it, whatever the result holds", () => {
    fc.assert(fc.property(result, (population) => {
          expect(exportPopulation(population, "json")).toBe(`${JSON.stringify(population, null, 2)}\n`);
        }), { numRuns: 300 });
  });

  it("json writes rendered personas by hand and any other persona as JSON.stringify does, with the same bytes", () => {
    const other = fc.oneof(
      persona.map(({ persona_id, fields, system_prompt, markdown }) => ({ fields, persona_id, system_prompt, markdown })),
      persona.map((entry) => ({ ...entry, extra: 1 })),
      persona.map((entry) => ({ ...entry, fields: { ...entry.fields, age: 31 } })),
      persona.map((entry) => ({ ...entry, fields: { ...entry.fields, gone: undefined } })),
      persona.map((entry) => ({ ...entry, fields: Object.assign(Object.create(null) as Record<string, string>, entry.fields) })),
      persona.map((entry) => ({ ...entry, fields: [entry.persona_id] })),
      persona.map((entry) => ({ ...entry, fields: {} })),
      persona.map((entry) => ({ ...entry, markdown: undefined })),
      fc.constant(null),
    );
    fc.assert(fc.property(fc.array(fc.oneof(persona, other), { maxLength: 6 }), (personas) => {
      const population = { blueprint: { fields: [] }, personas } as unknown as PopulationResult;
      expect(exportPopulation(population, "json")).toBe(`${JSON.stringify(population, null, 2)}\n`);
    }), { numRuns: 300 });
  });

  it("jsonl is one persona a line, and an empty population one empty line", () => {
    fc.assert(fc.property(result, (population) => {
          expect(exportPopulation(population, "jsonl")).toBe(`${population.personas.map((entry) => JSON.stringify(entry)).join("\n")}\n`);
        }), { numRuns: 100 });
  });

  it("comes in pieces no larger than one persona, so no string holds the whole population", () => {
    const personas = Array.from({ length: 50 }, (_, index) => ({ persona_id: `p${index}`, fields: { name: `N${index}` }, system_prompt: "s".repeat(1000), markdown: "m" }));
    const population = { blueprint: { fields: [{ name: "name" }] }, personas } as unknown as PopulationResult;
    for (const format of ["json", "jsonl", "csv", "md"] as const) {
      const pieces = [...exportChunks(population, format)];
      expect(pieces.length).toBeGreaterThanOrEqual(50);
      expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(2000);
    }
  });
});

describe("an export written while the population is made (PopulationExport)", () => {
  /** The personas cut into consecutive batches at the given places (batches may be empty). */
  const inBatches = <T>(items: readonly T[], cuts: readonly number[]): T[][] => {
    const places = [0, ...cuts.map((cut) => cut % (items.length + 1)).sort((a, b) => a - b), items.length];
    return places.slice(1).map((end, position) => items.slice(places[position], end));
  };
  const streamed = (population: PopulationResult, format: (typeof EXPORT_FORMATS)[number], cuts: readonly number[]): string => {
    const { personas, ...rest } = population;
    const exported = new PopulationExport(format, population.blueprint);
    let text = "";
    for (const batch of inBatches(personas, cuts)) for (const piece of exported.personas(batch)) text += piece;
    expect(exported.count).toBe(personas.length);
    for (const piece of exported.end(rest)) text += piece;
    return text;
  };
  /** A result as the pipeline makes it: personas first, each with only fields its blueprint declares. */
  const pipelineResult = result.map(({ personas, blueprint, ...rest }) => {
    const names = new Set(personas.flatMap((entry) => Object.keys(entry.fields)));
    return { personas, blueprint: { ...blueprint, fields: [...blueprint.fields, ...[...names].map((name) => ({ name }))] }, ...rest } as PopulationResult;
  });

  it("writes the bytes of the whole result's export, in every format, however the personas come in batches", () => {
    fc.assert(
      fc.property(pipelineResult, fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom(...EXPORT_FORMATS), (population, cuts, format) => {
        expect(streamed(population, format, cuts)).toBe(exportPopulation(population, format));
      }),
      { numRuns: 400 },
    );
  });

  it("writes a system prompt that ends as rendered ones do (its ending escaped once) with JSON.stringify's bytes", () => {
    // Any start before the ending, lone surrogates included, and texts that only hold part of one.
    const ending = fc.constantFrom(...SYSTEM_PROMPT_ENDINGS);
    const systemPrompt = fc.oneof(
      fc.tuple(text, ending).map(([start, end]) => `${start}${end}`),
      fc.tuple(fc.constantFrom("\ud83d", "\ude00", "x\ud83d", ""), ending).map(([start, end]) => `${start}${end}`),
      ending.map((end) => end.slice(0, -1)),
      ending.map((end) => end.slice(1)),
    );
    const rendered = fc.record({ persona_id: text, fields: fc.dictionary(fc.constantFrom("name", "age", "city"), text), system_prompt: systemPrompt, markdown: fc.oneof(text, ending) });
    fc.assert(
      fc.property(fc.array(rendered, { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 2 }), (personas, cuts) => {
        const population = { personas, blueprint: { fields: [{ name: "name" }, { name: "age" }, { name: "city" }] } } as unknown as PopulationResult;
        expect(streamed(population, "json", cuts)).toBe(`${JSON.stringify(population, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it("writes personas rendered with their JSON (RenderContext.json) with JSON.stringify's bytes, whatever their fields hold", () => {
    const shape = { domain: "baker", label: 'a "baker"', fields: [{ name: "name", kind: "text" as const }, { name: "age", kind: "numeric" as const }, { name: "story", kind: "text" as const }] };
    const fields = fc.dictionary(fc.constantFrom("name", "age", "story", "town", "__proto__"), fc.oneof(text, fc.string({ minLength: 121, maxLength: 300 }), fc.constantFrom("It was late. She baked.", "\\ud83d")));
    fc.assert(
      fc.property(fc.array(fields, { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 2 }), fc.option(text, { nil: undefined }), (people, cuts, prompt) => {
        const personas = people.map((own, index) => ({ persona_id: `p${index}`, fields: own, ...renderPersona(shape, own, `p${index}`, { prompt, json: true }) }));
        const population = { personas, blueprint: { fields: [...shape.fields, { name: "town" }, { name: "__proto__" }] } } as unknown as PopulationResult;
        expect(streamed(population, "json", cuts)).toBe(`${JSON.stringify(population, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it("writes an empty population as the whole result's export does", () => {
    const population = { personas: [], blueprint: { fields: [{ name: "age" }] }, diversity: { mean: 0.5 } } as unknown as PopulationResult;
    for (const format of EXPORT_FORMATS) expect(streamed(population, format, [])).toBe(exportPopulation(population, format));
  });

  it("refuses a csv persona with a field its blueprint does not declare (the header, already written, has no column for it)", () => {
    const exported = new PopulationExport("csv", { fields: [{ name: "age" }] } as unknown as PopulationResult["blueprint"]);
    const personas = [{ persona_id: "p0001", fields: { age: "30", city: "Leeds" }, system_prompt: "s", markdown: "m" }];
    expect(() => [...exported.personas(personas)]).toThrow(/p0001 has a field the blueprint does not declare \(city\)/);
  });
});
