import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng } from "../rng.ts";
import { computeDiversity, diversityOfChunks, runOverChunks, sentencesOfChunks, withSentences } from "./diversity.ts";
import { featureFields, type PersonaFields } from "./similarity.ts";
import { DimensionTable, hashedTermsOf } from "./hashed-features.ts";
import { DigestSurvey, shardDigest } from "./report-digest.ts";

const vocabulary = "ward jungle lane climb season night team duo queue ranked coach scrim tilt carry mains enjoys hates after work school weekend friends stream baron dragon tower roam gank farm".split(" ");

const blueprint = {
  domain: "test",
  fields: [
    { name: "region", kind: "categorical" as const, parents: [], categorical: { weights: { NA: 1, EUW: 1, KR: 1 } }, conditionals: [] },
    { name: "hours", kind: "numeric" as const, parents: [], numeric: { min: 1, max: 60, mean: 20, sd: 10 }, conditionals: [] },
    { name: "name", kind: "text" as const, parents: [], conditionals: [] },
    { name: "backstory", kind: "text" as const, parents: [], conditionals: [] },
  ],
};

/**
 * Personas with identical copies, near-copies (one word changed) and, when asked, an undeclared
 * text field and an undeclared numeric one, whose kinds only the whole population tells.
 */
function population(count: number, seed: number, undeclared: boolean): PersonaFields[] {
  const rng = createRng(seed);
  const personas: PersonaFields[] = Array.from({ length: count }, (_, index) => ({
    persona_id: `p${index}`,
    fields: {
      region: rng.pick(["NA", "EUW", "KR"]),
      hours: String(rng.int(1, 60)),
      name: `Name${rng.int(0, 40)} Family${index}`,
      backstory: `${Array.from({ length: 12 }, () => rng.pick(vocabulary)).join(" ")}. Plays ${rng.int(2, 30)} hours a week after work.`,
      ...(undeclared ? { motto: Array.from({ length: 6 }, () => rng.pick(vocabulary)).join(" "), level: String(rng.int(1, 500)) } : {}),
    },
  }));
  for (let copy = 0; copy < 6; copy++) {
    const source = personas[rng.int(0, count - 1)] as PersonaFields;
    const at = rng.int(0, personas.length);
    const fields = copy % 2 === 0 ? source.fields : { ...source.fields, backstory: `${source.fields.backstory} gg` };
    personas.splice(at, 0, { persona_id: `copy${copy}`, fields });
  }
  return personas;
}

/** Cuts the personas into chunks of the sizes given, in turn. */
function chunked(personas: readonly PersonaFields[], sizes: readonly number[]): PersonaFields[][] {
  const chunks: PersonaFields[][] = [];
  for (let start = 0, turn = 0; start < personas.length; turn++) {
    const size = sizes[turn % sizes.length] as number;
    chunks.push(personas.slice(start, start + size));
    start += size;
  }
  return chunks;
}

describe("the diversity report read chunk by chunk", () => {
  it("is the report of the whole population, whatever the chunks and however few vectors or terms it may hold", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000 }),
        fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(50, 2_000, 1_000_000),
        fc.constantFrom(0, 1_000_000),
        fc.boolean(),
        (seed, sizes, heldEntries, heldTermEntries, undeclared) => {
          const personas = population(180, seed, undeclared);
          const options = { exactLimit: 40, sampledPairs: 300, seed };
          const whole = computeDiversity(personas, blueprint, options);
          const chunks = chunked(personas, sizes);
          const read = runOverChunks(diversityOfChunks(chunks.map((chunk) => chunk.length), blueprint, { ...options, heldEntries, heldTermEntries }), chunks);
          expect(read).toEqual(whole);
          // The sentences counted apart (another thread's reading) and put in: the same bytes.
          const withoutSentences = runOverChunks(diversityOfChunks(chunks.map((chunk) => chunk.length), blueprint, { ...options, heldEntries, heldTermEntries, sentences: false }), chunks);
          const sentences = runOverChunks(sentencesOfChunks(chunks.map((chunk) => chunk.length), blueprint), chunks);
          expect(JSON.stringify(withSentences(withoutSentences, sentences))).toBe(JSON.stringify(whole));
          // Surveyed and sentences counted by the chunks' digests (merged unless an undeclared field is text): the same bytes.
          const digests = new DigestSurvey(blueprint);
          for (const chunk of chunks) digests.add(shardDigest(chunk, blueprint));
          const merged = runOverChunks(diversityOfChunks(chunks.map((chunk) => chunk.length), blueprint, { ...options, heldEntries, heldTermEntries, surveyed: digests.surveyed() }), chunks);
          expect(JSON.stringify(merged)).toBe(JSON.stringify(whole));
        },
      ),
      { numRuns: 12 },
    );
  });

  it("finds the planted copies through chunks as it does at once", () => {
    const personas = population(300, 5, false);
    const chunks = chunked(personas, [70]);
    const read = runOverChunks(diversityOfChunks(chunks.map((chunk) => chunk.length), blueprint, { exactLimit: 40, heldEntries: 100 }), chunks);
    expect(read.method).toBe("lsh");
    expect(read.duplicate_pairs).toBeGreaterThanOrEqual(6);
    expect(read.duplicates?.map((pair) => pair.persona_ids.join(" "))).toEqual(expect.arrayContaining([expect.stringContaining("copy0")]));
  });

  it("up to the exact limit, compares every pair of the chunks read", () => {
    const personas = population(30, 2, false);
    const chunks = chunked(personas, [7]);
    expect(runOverChunks(diversityOfChunks(chunks.map((chunk) => chunk.length), blueprint), chunks)).toEqual(computeDiversity(personas, blueprint));
  });

  it("reads each chunk a bounded number of times: the survey, the vectors, and the windows of pairs", () => {
    const personas = population(400, 9, false);
    const chunks = chunked(personas, [50]);
    const reads: number[] = [];
    const reading = diversityOfChunks(chunks.map((chunk) => chunk.length), blueprint, { exactLimit: 40 });
    let step = reading.next();
    while (!step.done) {
      reads.push(step.value);
      step = reading.next(chunks[step.value] as PersonaFields[]);
    }
    // Every vector fits: one pass to survey, one to vectorise, one to compare the pairs, and the duplicates' chunks.
    expect(reads.length).toBeLessThanOrEqual(3 * chunks.length + 2 * 20);
    expect(reads.slice(0, chunks.length)).toEqual(chunks.map((_, index) => index));
  });

  it("compares the pairs from the terms it kept when the vectors do not fit, reading no chunk again for them", () => {
    const personas = population(400, 9, false);
    const chunks = chunked(personas, [50]);
    const options = { exactLimit: 40, seed: 3 };
    const readsWith = (heldTermEntries: number) => {
      const reads: number[] = [];
      const reading = diversityOfChunks(chunks.map((chunk) => chunk.length), blueprint, { ...options, heldEntries: 100, heldTermEntries });
      let step = reading.next();
      while (!step.done) {
        reads.push(step.value);
        step = reading.next(chunks[step.value] as PersonaFields[]);
      }
      return { reads, report: step.value };
    };
    const kept = readsWith(1_000_000);
    const reread = readsWith(0);
    expect(kept.report).toEqual(reread.report);
    expect(kept.report).toEqual(computeDiversity(personas, blueprint, options));
    // The survey and the vectors, then only the duplicates' chunks to explain them.
    const duplicatesChunks = new Set(kept.report.duplicates?.flatMap((pair) => pair.persona_ids.map((id) => Math.floor(personas.findIndex((persona) => persona.persona_id === id) / 50)))).size;
    expect(kept.reads.length).toBe(2 * chunks.length + duplicatesChunks);
    expect(reread.reads.length).toBeGreaterThan(3 * chunks.length);
  });

  it("beyond both budgets, compares the pairs a window of first personas' terms at a time, as large as the terms' budget allows (fewer windows read fewer chunks)", () => {
    const personas = population(400, 9, false);
    const chunks = chunked(personas, [50]);
    const options = { exactLimit: 40, seed: 3, sampledPairs: 2_000 };
    const readsWith = (heldEntries: number, heldTermEntries: number) => {
      const reads: number[] = [];
      const reading = diversityOfChunks(chunks.map((chunk) => chunk.length), blueprint, { ...options, heldEntries, heldTermEntries });
      let step = reading.next();
      while (!step.done) {
        reads.push(step.value);
        step = reading.next(chunks[step.value] as PersonaFields[]);
      }
      return { reads: reads.length, report: step.value };
    };
    // Neither the vectors (100 entries) nor the terms (3,000) of the ~8,000 entries fit: windows of 3,000 entries' terms.
    const small = readsWith(100, 3_000);
    expect(small.report).toEqual(computeDiversity(personas, blueprint, options));
    expect(small.reads).toBe(readsWith(3_000, 3_000).reads);
    expect(small.reads).toBeLessThan(readsWith(100, 100).reads);
  });

  it("writes the terms it keeps into the memory of the table of all dimensions it released: the same report", () => {
    const personas = population(5_000, 23, false);
    // This population writes more than an eighth of the table's blocks: the table's memory is handed on, not kept for the next report.
    const table = DimensionTable.take();
    table.count(hashedTermsOf(personas, featureFields(personas, blueprint).filter((field) => field.kind === "text")), personas.length);
    expect(table.releaseMemory()?.byteLength).toBeGreaterThan(0);
    const chunks: PersonaFields[][] = [];
    for (let start = 0; start < personas.length; start += 500) chunks.push(personas.slice(start, start + 500));
    const sizes = chunks.map((chunk) => chunk.length);
    const whole = JSON.stringify(computeDiversity(personas, blueprint, { seed: 3 }));
    // Vectors beyond their budget, terms within theirs: the terms are kept.
    expect(JSON.stringify(runOverChunks(diversityOfChunks(sizes, blueprint, { seed: 3, heldEntries: 1_000 }), chunks))).toBe(whole);
    const merged = new DigestSurvey(blueprint);
    for (const chunk of chunks) merged.add(shardDigest(chunk, blueprint));
    expect(JSON.stringify(runOverChunks(diversityOfChunks(sizes, blueprint, { seed: 3, heldEntries: 1_000, surveyed: merged.surveyed() }), chunks))).toBe(whole);
  });

  it("keeps a term's count exactly however often a text repeats it (beyond what packs beside its dimension)", () => {
    const personas = population(120, 4, false);
    // Two personas alike but for how often one word comes back: 1,030 and 20,000 times, among words met once.
    const rest = vocabulary.join(" ");
    const repeated = { ...(personas[7] as PersonaFields), fields: { ...(personas[7] as PersonaFields).fields, backstory: `${"gank ".repeat(1_030)}${rest}` } };
    personas[7] = repeated;
    personas[90] = { persona_id: "near", fields: { ...repeated.fields, backstory: `${"gank ".repeat(20_000)}${rest}` } };
    const chunks = chunked(personas, [30]);
    const options = { exactLimit: 40, seed: 8 };
    const read = runOverChunks(diversityOfChunks(chunks.map((chunk) => chunk.length), blueprint, { ...options, heldEntries: 10, heldTermEntries: 1_000_000 }), chunks);
    expect(read).toEqual(computeDiversity(personas, blueprint, options));
  });
});
