/**
 * The report by ranges (report-ranges.ts) is the one-task report of the same stored rows
 * (`populationReportsOfChunks` over the merged digests), byte for byte: whatever the ranges, the
 * window of ranges the merge holds, equal vectors, empty ones and duplicate pairs to explain.
 */
import { describe, expect, it } from "vitest";
import type { Blueprint } from "../engine/blueprint.ts";
import { createRng } from "../engine/rng.ts";
import type { PersonaFields } from "../engine/quality/similarity.ts";
import { decodeShardDigest, DigestSurvey } from "../engine/quality/report-digest.ts";
import { BroadcastChannel } from "node:worker_threads";
import { digestJsonOf, populationReportsOfChunks, rangeSurveyOfChunks, storedReportsByRanges, type RowAnswer, type RowRequest } from "./engine-tasks.ts";
import { decodeSurvey, mergeRanges, packBytes, rangePartOfChunks, rowRanges, unpackBytes } from "./report-ranges.ts";
import type { ChunkReading } from "../engine/quality/diversity.ts";
import type { RangeOutput } from "./report-ranges.ts";

const blueprint: Blueprint = {
  domain: "players",
  order: ["region", "role", "hours", "bio"],
  constraints: [],
  fields: [
    { name: "region", kind: "categorical", parents: [], categorical: { weights: { NA: 0.4, EUW: 0.3, KR: 0.3 } }, conditionals: [] },
    { name: "role", kind: "categorical", parents: ["region"], categorical: { weights: { top: 0.5, mid: 0.5 } }, conditionals: [] },
    { name: "hours", kind: "numeric", parents: [], numeric: { min: 1, max: 40, mean: 12, sd: 6, integer: true }, conditionals: [] },
    { name: "bio", kind: "text", parents: [], conditionals: [] },
  ],
};

const words = Array.from({ length: 400 }, (_, index) => `w${index.toString(36)}`);

/**
 * Personas with a small vocabulary (near-duplicates), some copies of earlier ones (equal vectors), and
 * some with nothing (empty vectors). `nearCopies`: the copies get one more word in their text, so they
 * are near-duplicates found among the candidate pairs, not equal vectors listed first.
 */
function population(count: number, seed: number, nearCopies = false): PersonaFields[] {
  const rng = createRng(seed);
  const personas: PersonaFields[] = [];
  for (let index = 0; index < count; index++) {
    const persona_id = `p${String(index + 1).padStart(6, "0")}`;
    const roll = rng.int(0, 99);
    if (roll < 2 && index > 0) {
      const fields = { ...(personas[rng.int(0, index - 1)] as PersonaFields).fields };
      if (nearCopies && typeof fields.bio === "string") fields.bio = `${fields.bio} ${rng.pick(words)}`;
      personas.push({ persona_id, fields });
    }
    else if (roll < 3) personas.push({ persona_id, fields: {} });
    else {
      const bio = Array.from({ length: rng.int(3, 12) }, () => rng.pick(words)).join(" ");
      personas.push({ persona_id, fields: { region: rng.pick(["NA", "EUW", "KR"]), role: rng.pick(["top", "mid"]), hours: String(rng.int(1, 40)), bio: `${bio}. Plays about ${rng.int(1, 40)} hours a week.` } });
    }
  }
  return personas;
}

function rowsOf(personas: readonly PersonaFields[], rowSize: number): PersonaFields[][] {
  const rows: PersonaFields[][] = [];
  for (let start = 0; start < personas.length; start += rowSize) rows.push(personas.slice(start, start + rowSize));
  return rows;
}

/** Runs a reading over rows in memory, each read a copy (as a stored row is parsed again), letting the test runner's messages through between reads. */
async function run<Result>(reading: ChunkReading<Result>, rows: readonly (readonly PersonaFields[])[], reads?: number[]): Promise<Result> {
  let step = reading.next();
  while (!step.done) {
    reads?.push(step.value);
    const row = structuredClone(rows[step.value]) as PersonaFields[];
    await new Promise((resolve) => setImmediate(resolve));
    step = reading.next(row);
  }
  return step.value;
}

function surveyed(rows: readonly (readonly PersonaFields[])[]) {
  const merged = new DigestSurvey(blueprint);
  for (const row of rows) merged.add(decodeShardDigest(digestJsonOf(row, blueprint)) as NonNullable<ReturnType<typeof decodeShardDigest>>);
  return merged.surveyed();
}

/** `numbered`: the dimensions up to which the ranges and the merge number them (`NUMBERED_DIMENSIONS_LIMIT`; 0: the 2^22 table). */
async function byRanges(rows: readonly (readonly PersonaFields[])[], seed: number, rowsPerRange: number, heldTermEntries?: number, numbered?: { ranges: number; merge: number }) {
  const sizes = rows.map((row) => row.length);
  const survey = await run(rangeSurveyOfChunks(blueprint, seed, sizes, surveyed(rows)), rows);
  if (!survey) throw new Error("expected a survey for ranges");
  const ranges = rowRanges(sizes.length, rowsPerRange);
  const decoded = decodeSurvey(survey);
  // Each range as another process computes it: its own reads, its output through bytes.
  const outputs: RangeOutput[] = new Array(ranges.length);
  for (let range = ranges.length - 1; range >= 0; range--) {
    const { from, to } = ranges[range] as (typeof ranges)[number];
    const reads: number[] = [];
    outputs[range] = await run(rangePartOfChunks(decoded, seed, sizes, from, to, numbered?.ranges), rows, reads);
    expect(reads).toEqual(Array.from({ length: to - from }, (_, offset) => from + offset));
  }
  const termLoads: number[] = [];
  let lentLoads = 0;
  // As a Postgres server's COPY gives them (copy-bytes.ts): in new shared memory, or in the memory
  // the merge lends back when they fit — scribbled over first, so that a view the merge still used
  // of that memory's earlier bytes would change the report.
  const loaded = (bytes: Uint8Array, into?: SharedArrayBuffer): Uint8Array => {
    if (into) lentLoads++;
    const fits = into !== undefined && bytes.length <= into.byteLength;
    const memory = fits ? new Uint8Array(into) : new Uint8Array(new SharedArrayBuffer(bytes.length));
    memory.fill(0xa5);
    memory.set(bytes);
    return memory.subarray(0, bytes.length);
  };
  const reports = await mergeRanges(decodeSurvey(survey), seed, sizes, ranges, {
    summary: async (range, into) => loaded((outputs[range] as (typeof outputs)[number]).summary, into),
    terms: async (range, into) => {
      termLoads.push(range);
      return loaded((outputs[range] as (typeof outputs)[number]).terms, into);
    },
    read: async (chunk) => structuredClone(rows[chunk]) as PersonaFields[],
  }, heldTermEntries, numbered?.merge);
  return { reports, ranges, termLoads, lentLoads, termCounts: outputs.map((output) => (unpackBytes(output.terms).arrays[1] as Uint32Array).length) };
}

async function oneTask(rows: readonly (readonly PersonaFields[])[], seed: number) {
  return run(populationReportsOfChunks(blueprint, seed, rows.map((row) => row.length), surveyed(rows)), rows);
}

/** The one-task report's JSON of `rows` with `seed`, made once for the tests that compare with it. */
const oneTaskJson = new Map<string, Promise<string>>();
function expectedJson(rows: readonly (readonly PersonaFields[])[], seed: number, name: string): Promise<string> {
  const key = `${name} ${seed}`;
  let json = oneTaskJson.get(key);
  if (!json) oneTaskJson.set(key, (json = oneTask(rows, seed).then((reports) => JSON.stringify(reports))));
  return json;
}

describe("the report by ranges", () => {
  const personas = population(2_100, 11);
  const rows = rowsOf(personas, 150);

  it("is the one-task report's bytes, over two ranges and over several held in windows", async () => {
    const expected = await expectedJson(rows, 7, "2,100");
    const report = JSON.parse(expected) as { diversity: { duplicate_pairs: number; duplicates?: unknown[] } };
    // The population has what the merge must get right: equal vectors, explained duplicate pairs.
    expect(report.diversity.duplicate_pairs).toBeGreaterThan(0);
    expect(report.diversity.duplicates?.length).toBeGreaterThan(0);
    const two = await byRanges(rows, 7, 25);
    expect(two.ranges.length).toBe(2);
    expect(JSON.stringify(two.reports)).toBe(expected);
    // Held whole, each range's terms are read once.
    expect(two.termLoads).toEqual([0, 1]);
    // In windows of ranges whose terms fit half the budget, the later ranges' terms are read again
    // for each window, once a window: the window's ranges, then each later one (the windows are
    // sized from the ranges' summaries, never by reading a range's terms to see whether it fits);
    // once every range left fits the whole budget, one window of them all, nothing read besides.
    // At 50,000 (each range ~11,000 terms): a window of two, then the three left: 5 + 3 reads, not one
    // window a range's 15; at 16,000 every range is larger than half the budget: windows of that one
    // range, 15 reads.
    for (const [budget, reads] of [[50_000, 8], [16_000, 15]] as const) {
      const windowed = await byRanges(rows, 7, 3, budget);
      expect(windowed.ranges.length).toBe(5);
      const expectedLoads: number[] = [];
      // Loads into memory lent back: every summary but the first; a window's slot that an earlier
      // window had; a range of seconds but the first.
      let expectedLent = 4;
      let slots = 0;
      let secondsLoaded = false;
      for (let from = 0; from < 5; ) {
        let to = from + 1;
        const left = windowed.termCounts.slice(from).reduce((sum, terms) => sum + terms, 0);
        if (left <= budget) to = 5;
        else for (let entries = windowed.termCounts[from] as number; to < 5 && entries + (windowed.termCounts[to] as number) <= budget / 2; to++) entries += windowed.termCounts[to] as number;
        for (let range = from; range < 5; range++) expectedLoads.push(range);
        expectedLent += Math.min(slots, to - from) + Math.max(0, 5 - to - (secondsLoaded ? 0 : 1));
        secondsLoaded ||= to < 5;
        slots = Math.max(slots, to - from);
        from = to;
      }
      expect(expectedLoads.length).toBe(reads);
      expect(windowed.termLoads).toEqual(expectedLoads);
      expect(windowed.lentLoads).toBe(expectedLent);
      expect(JSON.stringify(windowed.reports)).toBe(expected);
    }
  }, 120_000);

  it("lists the near-duplicate pairs in LSH's order, as the one task does, whatever order the windows compare them in", async () => {
    // Copies with one more word: near-duplicates among the candidates (more than are listed), no
    // equal vectors listed before them. The merge keeps the cosines of the candidates at the
    // threshold only and lists them in LSH's order, not in the order the windows compared them.
    const nearRows = rowsOf(population(2_100, 11, true), 150);
    const expected = await expectedJson(nearRows, 7, "2,100 near copies");
    const report = JSON.parse(expected) as { diversity: { duplicate_pairs: number; duplicates?: Array<{ similarity: number }> } };
    expect(report.diversity.duplicates?.length).toBe(20);
    expect(report.diversity.duplicate_pairs).toBeGreaterThan(20);
    expect(report.diversity.duplicates?.filter((pair) => pair.similarity < 1).length).toBeGreaterThan(10);
    for (const budget of [undefined, 16_000]) {
      const merged = await byRanges(nearRows, 7, 3, budget);
      expect(JSON.stringify(merged.reports)).toBe(expected);
    }
  }, 120_000);

  it("is the one-task report's bytes whether the ranges and the merge number the survey's dimensions or span all 2^22, on either side", async () => {
    const expected = await expectedJson(rows, 7, "2,100");
    // Numbered on both sides is the default (the test above); here the 2^22 table on one side, the
    // numbered one on the other: terms stored by a range keyed one way are merged the other (as a
    // range stored by the version before would be).
    for (const [ranges, merge] of [[0, 2 ** 20], [2 ** 20, 0]] as const) {
      const { reports } = await byRanges(rows, 7, 25, undefined, { ranges, merge });
      expect(JSON.stringify(reports)).toBe(expected);
    }
  }, 120_000);

  it("is the one-task report's bytes as the stored-report task computes it in one task, by ranges when the terms pass the budget", async () => {
    const expected = JSON.stringify(await oneTask(rows, 5));
    const sizes = rows.map((row) => row.length);
    const entries = surveyed(rows).table.terms + personas.length * 3;
    // As a worker's main thread answers the task's reads (`answerRowReads`): rows and digests as stored.
    const answering = new BroadcastChannel("report-ranges-test");
    const asked: string[] = [];
    answering.onmessage = (event) => {
      const message = (event as { data: RowRequest | RowAnswer }).data;
      if (message.kind !== "read" && message.kind !== "digest") return;
      asked.push(message.kind);
      const row = rows[message.chunk] as PersonaFields[];
      answering.postMessage((message.kind === "digest" ? { kind: "row", request: message.request, digest: digestJsonOf(row, blueprint) } : { kind: "row", request: message.request, fields: JSON.stringify(row) }) satisfies RowAnswer);
    };
    try {
      // Past the budget, even past twice it (no process holds a million personas' terms then: the ranges are jobs), and within it.
      for (const heldTermEntries of [Math.ceil(entries / 3), undefined]) {
        asked.length = 0;
        const reports = await storedReportsByRanges({ blueprint, seed: 5, sizes, channel: "report-ranges-test", ...(heldTermEntries ? { heldTermEntries } : {}) });
        expect(JSON.stringify(reports)).toBe(expected);
        expect(asked.filter((kind) => kind === "digest").length).toBe(rows.length);
      }
      // Ranges computed elsewhere (a Postgres server's workers): the task ends with the survey and the ranges.
      const apart = await storedReportsByRanges({ blueprint, seed: 5, sizes, channel: "report-ranges-test", heldTermEntries: Math.ceil(entries / 3), rangesApartFrom: 0 });
      expect("survey" in apart && apart.ranges).toEqual([{ from: 0, to: 7 }, { from: 7, to: 14 }]);
      // Within the budget, whatever `rangesApartFrom`, the report.
      expect(JSON.stringify(await storedReportsByRanges({ blueprint, seed: 5, sizes, channel: "report-ranges-test", rangesApartFrom: 0 }))).toBe(expected);
    } finally {
      answering.close();
    }
  }, 120_000);

  it("leaves to the one-task report a population in one row, or with text fields the blueprint does not declare", async () => {
    const rows = rowsOf(personas.slice(0, 2_500), 2_500);
    expect(await run(rangeSurveyOfChunks(blueprint, 1, [2_500], surveyed(rows)), rows)).toBeNull();
    const undeclared = rowsOf(personas.slice(0, 2_500).map((persona, index) => ({ ...persona, fields: { ...persona.fields, motto: `motto ${index % 97} of many words` } })), 500);
    const sizes = undeclared.map((row) => row.length);
    expect(await run(rangeSurveyOfChunks(blueprint, 1, sizes, surveyed(undeclared)), undeclared)).toBeNull();
  });
});

describe("rowRanges", () => {
  it("cuts the rows into at least two ranges of at most the given rows, in order, without gaps", () => {
    for (const rows of [2, 3, 24, 25, 26, 100, 1_000, 1_001]) {
      const ranges = rowRanges(rows);
      expect(ranges[0]?.from).toBe(0);
      expect(ranges[ranges.length - 1]?.to).toBe(rows);
      ranges.forEach((range, index) => {
        expect(range.to).toBeGreaterThan(range.from);
        expect(range.to - range.from).toBeLessThanOrEqual(25);
        if (index > 0) expect(range.from).toBe(ranges[index - 1]?.to);
      });
      expect(ranges.length).toBe(Math.max(2, Math.ceil(rows / 25)));
    }
  });
});

describe("packBytes", () => {
  it("gives back the header and arrays, from bytes at any offset", () => {
    const arrays = [Int32Array.from([1, -2, 3]), Uint32Array.from([4_000_000_000]), Float64Array.from([0.1, -0, Infinity])];
    const packed = packBytes({ a: 1, b: "x" }, arrays);
    const shifted = new Uint8Array(packed.length + 3).subarray(3);
    shifted.set(packed);
    const { header, arrays: read } = unpackBytes<{ a: number; b: string }>(shifted);
    expect(header).toEqual({ a: 1, b: "x" });
    expect(read.map((array) => [...array])).toEqual(arrays.map((array) => [...array]));
    expect(Object.is((read[2] as Float64Array)[1], -0)).toBe(true);
  });
});

