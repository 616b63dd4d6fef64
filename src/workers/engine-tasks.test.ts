import { BroadcastChannel } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import type { Blueprint } from "../engine/blueprint.ts";
import { createRng } from "../engine/rng.ts";
import type { PersonaFields } from "../engine/quality/similarity.ts";
import { SentenceCounter, TEMPLATES_LISTED } from "../engine/quality/sentences.ts";
import { StructuredCounts } from "../engine/quality/structured-counts.ts";
import { populationReports } from "../pipeline/generate.ts";
import { digestJsonOf, mergeReportParts, prepareRows, storedReportPart, storedReports, storedReportsByRanges, type RowAnswer, type RowRequest } from "./engine-tasks.ts";

const blueprint: Blueprint = {
  domain: "players",
  order: ["region", "rank", "hours", "name", "backstory"],
  constraints: [],
  fields: [
    { name: "region", kind: "categorical", parents: [], categorical: { weights: { NA: 0.5, EUW: 0.3, KR: 0.2 } }, conditionals: [] },
    {
      name: "rank",
      kind: "categorical",
      parents: ["region"],
      categorical: { weights: { Gold: 0.5, Silver: 0.5 } },
      conditionals: [{ when: { region: "KR" }, categorical: { weights: { Gold: 0.2, Silver: 0.3, Diamond: 0.5 } } }],
    },
    { name: "hours", kind: "numeric", parents: [], numeric: { min: 1, max: 60, mean: 20, sd: 10, integer: true }, conditionals: [] },
    { name: "name", kind: "text", parents: [], conditionals: [] },
    { name: "backstory", kind: "text", parents: [], conditionals: [] },
  ],
};

const words = "ward jungle lane climb season night team duo queue ranked coach scrim tilt carry mains enjoys hates after work school weekend friends stream baron dragon tower roam gank farm".split(" ");

/** Rendered personas (with the texts the reports do not read), some of them copies. */
function population(count: number): Record<string, unknown>[] {
  const rng = createRng(11);
  return Array.from({ length: count }, (_, index) => {
    const region = rng.pick(["NA", "NA", "EUW", "KR"]);
    const fields =
      index % 500 === 499
        ? { region: "NA", rank: "Gold", hours: "20", name: "Copy Cat", backstory: "A copy of a copy. Plays every night after work." }
        : { region, rank: rng.pick(region === "KR" ? ["Gold", "Silver", "Diamond"] : ["Gold", "Silver"]), hours: String(rng.int(1, 60)), name: `Name${rng.int(0, 99)} Family${index}`, backstory: `${Array.from({ length: 10 }, () => rng.pick(words)).join(" ")}. Plays ${rng.int(2, 30)} hours a week after work.` };
    return { persona_id: `p${String(index + 1).padStart(4, "0")}`, fields, system_prompt: `You are ${fields.name}.`, markdown: `# ${fields.name}` };
  });
}

/**
 * A store of rows as `finishWhenComplete` answers them: each read answers one row, with its ids and
 * fields when kept, else its whole personas; what the task hands back is kept. A row's digest is
 * `digests`' (null when it has none: stored by an earlier version).
 */
function answerFromRows(channel: string, rows: Record<string, unknown>[][], keptFields: Map<number, string>, digests: ReadonlyMap<number, string> = new Map()) {
  const reads: { chunk: number; personas: number; whole: boolean }[] = [];
  const port = new BroadcastChannel(channel);
  port.onmessage = (event) => {
    const message = (event as { data: RowRequest | RowAnswer }).data;
    if (message.kind === "keep") keptFields.set(message.chunk, message.fieldsJson);
    if (message.kind === "digest") port.postMessage({ kind: "row", request: message.request, digest: digests.get(message.chunk) ?? null } satisfies RowAnswer);
    if (message.kind !== "read") return;
    const row = rows[message.chunk] as Record<string, unknown>[];
    const fields = keptFields.get(message.chunk);
    reads.push({ chunk: message.chunk, personas: row.length, whole: fields === undefined });
    port.postMessage((fields !== undefined ? { kind: "row", request: message.request, fields } : { kind: "row", request: message.request, personas: JSON.stringify(row) }) satisfies RowAnswer);
  };
  return { reads, close: () => port.close() };
}

function rowsOf(personas: Record<string, unknown>[], size: number): Record<string, unknown>[][] {
  const rows: Record<string, unknown>[][] = [];
  for (let start = 0; start < personas.length; start += size) rows.push(personas.slice(start, start + size));
  return rows;
}

describe("the reports of a stored population (storedReports)", () => {
  it("above the exact limit: the reports of all the personas at once, reading one row per request and each row a bounded number of times", async () => {
    const personas = population(2_600);
    const rows = rowsOf(personas, 400);
    const kept = new Map<number, string>();
    const answering = answerFromRows("test-stored-reports-large", rows, kept);
    try {
      const reports = await storedReports({ blueprint, seed: 5, sizes: rows.map((row) => row.length), channel: "test-stored-reports-large" });
      expect(reports).toEqual(populationReports(blueprint, personas as unknown as PersonaFields[], 5));
      expect(reports.diversity).toMatchObject({ method: "lsh" });
      // No read is larger than a row; each row is read whole once, its fields kept and read from then on.
      expect(Math.max(...answering.reads.map((read) => read.personas))).toBe(400);
      expect(answering.reads.filter((read) => read.whole).map((read) => read.chunk)).toEqual(rows.map((_, index) => index));
      expect(kept.size).toBe(rows.length);
      // A survey, the vectors, the pairs, the listed duplicates' rows: a few reads a row, never one per pair.
      expect(answering.reads.length).toBeLessThanOrEqual(4 * rows.length);
    } finally {
      answering.close();
    }
  });

  it("above the exact limit, with rows stored with their digests: the same reports, without the survey's read of every row; rows stored without one are read for it", async () => {
    const personas = population(2_600);
    const rows = rowsOf(personas, 400);
    const sizes = rows.map((row) => row.length);
    const fieldsOf = (row: Record<string, unknown>[]) => JSON.stringify(row.map(({ persona_id, fields }) => ({ persona_id, fields })));
    const expected = JSON.stringify(populationReports(blueprint, personas as unknown as PersonaFields[], 5));
    const digests = new Map(rows.map((row, index) => [index, digestJsonOf(row as unknown as PersonaFields[], blueprint)] as const));
    const runs = [
      { name: "test-stored-reports-no-digests", digests: new Map<number, string>() },
      { name: "test-stored-reports-digests", digests },
      // Rows 1 and 4 stored by the previous version, row 2 with a digest of another version, row 3 with another row's.
      { name: "test-stored-reports-some-digests", digests: new Map([...digests].filter(([index]) => index !== 1 && index !== 4).map(([index, digest]) => [index, index === 2 ? digest.replace('"version":', '"version":9') : index === 3 ? (digests.get(6) as string) : digest] as const)) },
    ];
    const reads: number[] = [];
    // The personas whose sentences the report step counts: those of the rows without a digest of this version (their digest is made there).
    const counted: number[] = [];
    // And those whose structured fields it counts for the marginals and fidelity.
    const structured: number[] = [];
    const counting = vi.spyOn(SentenceCounter.prototype, "add");
    const structuring = vi.spyOn(StructuredCounts.prototype, "add");
    for (const run of runs) {
      const answering = answerFromRows(run.name, rows, new Map(rows.map((row, index) => [index, fieldsOf(row)] as const)), run.digests);
      counting.mockClear();
      structuring.mockClear();
      try {
        expect(JSON.stringify(await storedReports({ blueprint, seed: 5, sizes, channel: run.name }))).toBe(expected);
        reads.push(answering.reads.length);
        counted.push(counting.mock.calls.length);
        structured.push(structuring.mock.calls.reduce((sum, [personas]) => sum + personas.length, 0));
      } finally {
        answering.close();
      }
    }
    counting.mockRestore();
    structuring.mockRestore();
    expect(structured).toEqual([2_600, 0, 4 * 400]);
    const [withoutDigests, withDigests, withSome] = reads as [number, number, number];
    expect(withDigests).toBe(withoutDigests - rows.length);
    // The four rows without a digest of this version read for the survey, and the row after the last of them asked for ahead (`readingStoredRows`), unread.
    expect(withSome).toBe(withDigests + 4 + 1);
    // The sentences were counted by the shards: merged, not counted again, but for the wording of a
    // listed template that no shard kept (its first writer's sentences, counted twice to word them).
    const wording = counted[1] as number;
    expect(wording).toBeLessThanOrEqual(2 * TEMPLATES_LISTED);
    expect(counted).toEqual([2_600 + wording, wording, 4 * 400 + wording]);
  });

  it("with another thread reading the rows' terms (prepareRows): the same bytes, the report's vectors pass reading no row itself; a row that thread cannot give, or its failure, is read by the report", async () => {
    const personas = population(2_600);
    const rows = rowsOf(personas, 400);
    const sizes = rows.map((row) => row.length);
    const fieldsOf = (row: Record<string, unknown>[]) => JSON.stringify(row.map(({ persona_id, fields }) => ({ persona_id, fields })));
    const kept = () => new Map(rows.map((row, index) => [index, fieldsOf(row)] as const));
    const digests = new Map(rows.map((row, index) => [index, digestJsonOf(row as unknown as PersonaFields[], blueprint)] as const));
    const expected = JSON.stringify(populationReports(blueprint, personas as unknown as PersonaFields[], 5));
    const alone = answerFromRows("test-helper-alone", rows, kept(), digests);
    const reportAlone = JSON.stringify(await storedReportsByRanges({ blueprint, seed: 5, sizes, channel: "test-helper-alone" }));
    alone.close();
    expect(reportAlone).toBe(expected);

    // With the vectors held, and with their terms kept instead (then half the pairs' cosines are the other thread's too).
    for (const heldEntries of [undefined, 1_000]) {
      const answering = answerFromRows("test-helper-report", rows, kept(), digests);
      const helperRows = answerFromRows("test-helper-rows", rows, kept(), digests);
      // What the report hands the other thread, heard on their channel.
      const listening = new BroadcastChannel("test-helper");
      const pairs: number[] = [];
      listening.onmessage = (event) => {
        const message = (event as { data: { kind: string; pairs?: { firsts: Int32Array } } }).data;
        if (message.kind === "pairs") pairs.push(message.pairs?.firsts.length ?? 0);
      };
      try {
        const report = storedReportsByRanges({ blueprint, seed: 5, sizes, channel: "test-helper-report", helper: "test-helper", ...(heldEntries ? { heldEntries } : {}) });
        const prepared = prepareRows({ sizes, channel: "test-helper-rows", helper: "test-helper" });
        expect(JSON.stringify(await report)).toBe(expected);
        expect(await prepared).toBe(rows.length);
        // Every row read once by the other thread; the report itself reads none for its vectors pass.
        expect(helperRows.reads.map((read) => read.chunk)).toEqual(rows.map((_, index) => index));
        expect(answering.reads.length).toBe(alone.reads.length - rows.length);
        if (heldEntries === undefined) expect(pairs).toEqual([]);
        else expect(pairs).toEqual([expect.any(Number)]);
        // About half of the pairs (the sampled 20,000 and the candidates), cut where a first persona's pairs begin.
        if (heldEntries !== undefined) expect(pairs[0]).toBeGreaterThan(10_000);
      } finally {
        listening.close();
        answering.close();
        helperRows.close();
      }
    }

    // The reading thread failed (its caller says so): the report reads its rows itself, the same bytes.
    const unhelped = answerFromRows("test-helper-failed-report", rows, kept(), digests);
    const caller = new BroadcastChannel("test-helper-failed");
    try {
      const report = storedReportsByRanges({ blueprint, seed: 5, sizes, channel: "test-helper-failed-report", helper: "test-helper-failed" });
      caller.postMessage({ kind: "failed", error: "the thread ended" });
      expect(JSON.stringify(await report)).toBe(expected);
      expect(unhelped.reads.length).toBe(alone.reads.length);
    } finally {
      unhelped.close();
      caller.close();
    }
  });

  it("up to the exact limit: the same reports as for the personas in memory, from rows whose fields were kept", async () => {
    const personas = population(900);
    const rows = rowsOf(personas, 300);
    const kept = new Map(rows.map((row, index) => [index, JSON.stringify(row.map(({ persona_id, fields }) => ({ persona_id, fields })))] as const));
    const answering = answerFromRows("test-stored-reports-small", rows, kept);
    try {
      const reports = await storedReports({ blueprint, seed: 8, sizes: rows.map((row) => row.length), channel: "test-stored-reports-small" });
      expect(JSON.stringify(reports)).toBe(JSON.stringify(populationReports(blueprint, personas as unknown as PersonaFields[], 8)));
      expect(answering.reads.every((read) => !read.whole)).toBe(true);
      expect(answering.reads.map((read) => read.chunk)).toEqual([0, 1, 2]);
    } finally {
      answering.close();
    }
  });

  it("above the exact limit, in two parts computed at once (vectors; sentences, marginals, fidelity): the same bytes as in one task", async () => {
    const personas = population(2_600);
    const rows = rowsOf(personas, 400);
    const sizes = rows.map((row) => row.length);
    const kept = new Map<number, string>();
    // The vectors' part surveys the population from the rows' digests, the last row's missing.
    const digests = new Map(rows.slice(0, -1).map((row, index) => [index, digestJsonOf(row as unknown as PersonaFields[], blueprint)] as const));
    const vectorsReads = answerFromRows("test-stored-reports-vectors", rows, kept, digests);
    const sentencesReads = answerFromRows("test-stored-reports-sentences", rows, kept, digests);
    try {
      const parts = await Promise.all([
        storedReportPart({ blueprint, seed: 5, sizes, channel: "test-stored-reports-sentences", part: "sentences" }),
        storedReportPart({ blueprint, seed: 5, sizes, channel: "test-stored-reports-vectors", part: "vectors" }),
      ]);
      expect(JSON.stringify(mergeReportParts(...parts))).toBe(JSON.stringify(populationReports(blueprint, personas as unknown as PersonaFields[], 5)));
      // The sentences' part merges the rows' digests: it reads the row stored without one, and at most the rows of listed templates' first writers.
      expect(sentencesReads.reads[0]?.chunk).toBe(rows.length - 1);
      expect(sentencesReads.reads.length).toBeLessThanOrEqual(1 + TEMPLATES_LISTED);
      expect(vectorsReads.reads.length).toBeLessThanOrEqual(4 * rows.length);
    } finally {
      vectorsReads.close();
      sentencesReads.close();
    }
  });

  it("asks for the next row of a pass while it works on the one read, never more than one ahead: the same reports", async () => {
    const personas = population(2_600);
    const rows = rowsOf(personas, 400);
    const port = new BroadcastChannel("test-stored-reports-ahead");
    // A store that answers a read of a middle row only once the next row is asked for (the first and
    // the last rows at once: nothing would ask before or after them). A reading that asks for one row
    // at a time would wait at every middle row for the deadlock breaker, a timer that only ends the
    // wait — the count of rows released by the next one's request is what the test reads, not time.
    const held = new Map<number, () => void>();
    let releasedByNext = 0;
    let waitingMost = 0;
    port.onmessage = (event) => {
      const message = (event as { data: RowRequest | RowAnswer }).data;
      if (message.kind === "digest") port.postMessage({ kind: "row", request: message.request, digest: null } satisfies RowAnswer);
      if (message.kind !== "read") return;
      const { chunk, request } = message;
      const fields = JSON.stringify((rows[chunk] as Record<string, unknown>[]).map(({ persona_id, fields }) => ({ persona_id, fields })));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const answer = () => {
        clearTimeout(timer);
        held.delete(chunk);
        port.postMessage({ kind: "row", request, fields } satisfies RowAnswer);
      };
      const previous = held.get(chunk - 1);
      if (previous) {
        releasedByNext++;
        previous();
      }
      if (chunk === 0 || chunk === rows.length - 1) return answer();
      timer = setTimeout(answer, 2_000);
      held.set(chunk, answer);
      waitingMost = Math.max(waitingMost, held.size);
    };
    try {
      const reports = await storedReports({ blueprint, seed: 5, sizes: rows.map((row) => row.length), channel: "test-stored-reports-ahead" });
      expect(JSON.stringify(reports)).toBe(JSON.stringify(populationReports(blueprint, personas as unknown as PersonaFields[], 5)));
      // Each pass through the rows (the survey, the vectors) asked for every middle row's next one ahead.
      expect(releasedByNext).toBeGreaterThanOrEqual(2 * (rows.length - 2));
      expect(waitingMost).toBeLessThanOrEqual(2);
    } finally {
      port.close();
    }
  });

  it("fails with the store's reason when a row cannot be read", async () => {
    const port = new BroadcastChannel("test-stored-reports-failing");
    port.onmessage = (event) => {
      const message = (event as { data: RowRequest | RowAnswer }).data;
      if (message.kind === "read") port.postMessage({ kind: "row", request: message.request, error: "connection lost" } satisfies RowAnswer);
    };
    try {
      await expect(storedReports({ blueprint, seed: 1, sizes: [3_000], channel: "test-stored-reports-failing" })).rejects.toThrow(/connection lost/);
    } finally {
      port.close();
    }
  });
});
