/**
 * `node --expose-gc --import tsx bench/reports-memory.ts [count]`: the memory and CPU of the report
 * step of a stored population of `count` personas (default 1,000,000), as a worker thread runs it
 * (`populationReportsOfChunks`, read a row of 1,000 at a time). The rows are made on demand from a
 * seed (synthetic personas: four structured fields, a unique name, two sentences of text from a
 * 3,000-word vocabulary, a tenth of them templated), so nothing but the report step holds memory.
 * Prints one JSON line: {count, reads, cpuSeconds, baselineRssMb, peakRssMb, atPeakHeapUsedMb,
 * atPeakArrayBuffersMb, method, candidatePairs}. Target (issue 16): peak RSS under 600 MB at any N.
 *
 * `--part vectors` or `--part sentences`: that part alone on this thread, as one report-part job
 * computes it (`reportPartOfChunks`, after merging the digests as each part does): the parts' balance.
 *
 * `--task`: as a worker with one engine thread runs it (`storedReports` in one engine thread, the rows
 * asked for as in `--parts`): the same process baseline as `--parts`, to compare their peaks.
 *
 * `--ranges`: the report by persona ranges (src/workers/report-ranges.ts) on this thread, step after
 * step as separate jobs would run them: the survey, each range of `RANGE_ROWS` rows, the merge; each
 * range's output written to a scratch folder (as to the store) and read back by the merge. Adds
 * `steps`: each step's CPU seconds and the peak RSS sampled during it (a collection forced between
 * steps: what a process running that step alone would hold, less its own baseline), and
 * `reportSha` (also printed by the other modes on this thread: the same report, byte for byte).
 *
 * `--ranges --postgres`: the same survey and ranges, then the merge as a worker runs it: in an engine
 * thread (`reportMerge`), the ranges' outputs stored in a Postgres server's `population_report_ranges`
 * and asked for over the task's channel, answered on this thread either as node-postgres gives a
 * bytea (`hex`: text twice its size, decoded here, cloned to the thread) or by a binary COPY into
 * shared memory (`copy`, `JobRepository.reportRangeBytes`), alternately (`--rounds`, default 2 each;
 * `--modes copy,copy-plain` for others: `copy-plain` copies the COPY's bytes into a plain
 * `ArrayBuffer`, which the channel clones into the thread).
 * `--keep DIR`: the survey's and ranges' outputs written to DIR, and read from there by a later run
 * with the same count and `--range-rows` instead of computed again (the merges alone, A/B).
 * `--range-rows N` rows a range (default `RANGE_ROWS`), `--budget N` the terms budget (default
 * `HELD_TERM_ENTRIES`; lower it for windows of a few ranges, as a million personas' merge has).
 * Adds `merges`: each merge's mode, wall and CPU seconds (this main thread's, and the whole
 * process's), the terms read, the peak RSS, and the report's sha256 (the same for both).
 *
 * `--parts`: as a worker with two engine threads or more runs it (`finishWhenComplete`): the two
 * parts (`storedReportPart`: the vectors; the sentences, marginals and fidelity) in two engine
 * threads at once, each asking this thread for the rows (JSON text over a `BroadcastChannel`, made
 * here on demand). Adds `wallSeconds` and `mode`; the CPU is the whole process's (this thread makes
 * the rows), the peak RSS sampled every 20 ms.
 *
 * Each row has its digest (report-digest.ts), as the shards store it, made here on demand: the
 * report merges them instead of reading every row to survey it, count its sentences and the
 * marginals' and fidelity's values. The CPU spent making them (shard work, not the report step's;
 * with `--parts` each part asks for every row's digest) is measured apart (`digestCpuSeconds`) and
 * not in `cpuSeconds`. `--no-digests`: rows as an earlier version stored them, without one.
 */
import { BroadcastChannel } from "node:worker_threads";
import type { Blueprint } from "../src/engine/blueprint.ts";
import { createRng, hashSeed } from "../src/engine/rng.ts";
import type { PersonaFields } from "../src/engine/quality/similarity.ts";
import { EnginePool } from "../src/workers/engine-pool.ts";
import { digestJsonOf, mergeReportParts, populationReportsOfChunks, reportPartOfChunks, type ReportPart, type RowAnswer, type RowRequest } from "../src/workers/engine-tasks.ts";
import { decodeShardDigest, DigestSurvey } from "../src/engine/quality/report-digest.ts";
import type { PopulationReports } from "../src/pipeline/generate.ts";
import { createHash, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { openStore } from "../src/store/database.ts";
import { JobRepository } from "../src/store/jobs.ts";
import { populationReportRanges } from "../src/store/schema.ts";
import { startPostgres } from "../test/helpers/postgres.ts";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rangeSurveyOfChunks } from "../src/workers/engine-tasks.ts";
import { decodeSurvey, mergeRanges, rangePartOfChunks, rowRanges } from "../src/workers/report-ranges.ts";

const COUNT = Number(process.argv[2] ?? 1_000_000);
const ROW = 1_000;
const SEED = 20261130;

const blueprint: Blueprint = {
  domain: "players",
  order: ["region", "rank", "role", "hours", "name", "backstory"],
  constraints: [],
  fields: [
    { name: "region", kind: "categorical", parents: [], categorical: { weights: { NA: 0.3, EUW: 0.3, KR: 0.2, BR: 0.1, VN: 0.1 } }, conditionals: [] },
    { name: "rank", kind: "categorical", parents: ["region"], categorical: { weights: { Iron: 0.1, Bronze: 0.2, Silver: 0.3, Gold: 0.25, Platinum: 0.1, Diamond: 0.05 } }, conditionals: [] },
    { name: "role", kind: "categorical", parents: [], categorical: { weights: { top: 0.2, jungle: 0.2, mid: 0.2, bot: 0.2, support: 0.2 } }, conditionals: [] },
    { name: "hours", kind: "numeric", parents: [], numeric: { min: 1, max: 60, mean: 15, sd: 8, integer: true }, conditionals: [] },
    { name: "name", kind: "text", parents: [], conditionals: [] },
    { name: "backstory", kind: "text", parents: [], conditionals: [] },
  ],
};

const vocabulary = Array.from({ length: 3_000 }, (_, index) => `w${index.toString(36)}`);
const syllables = "ka ri mo to na shi lu ve an el or is ur da ne po".split(" ");

/** The personas of row `row`, the same every time it is read. */
function rowOf(row: number): PersonaFields[] {
  const rng = createRng(hashSeed(SEED, `row ${row}`));
  const size = Math.min(ROW, COUNT - row * ROW);
  return Array.from({ length: size }, (_, offset) => {
    const index = row * ROW + offset;
    const name = `${Array.from({ length: 3 }, () => rng.pick(syllables)).join("")} ${Array.from({ length: 3 }, () => rng.pick(syllables)).join("")}${index}`;
    const hours = rng.int(1, 60);
    const sentence = () => Array.from({ length: 14 }, () => rng.pick(vocabulary)).join(" ");
    const templated = rng.int(0, 9) === 0 ? `Plays about ${hours} hours a week, after work.` : `${sentence()}.`;
    return {
      persona_id: `p${String(index + 1).padStart(7, "0")}`,
      fields: {
        region: rng.pick(["NA", "EUW", "KR", "BR", "VN"]),
        rank: rng.pick(["Iron", "Bronze", "Silver", "Gold", "Platinum", "Diamond"]),
        role: rng.pick(["top", "jungle", "mid", "bot", "support"]),
        hours: String(hours),
        name,
        backstory: `${name.split(" ")[0]} ${sentence()}. ${templated}`,
      },
    };
  });
}

const rows = Math.ceil(COUNT / ROW);
const sizes = Array.from({ length: rows }, (_, row) => Math.min(ROW, COUNT - row * ROW));
(globalThis as { gc?: () => void }).gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
/** The heap and the typed arrays' buffers when the RSS peaked: which of them grows. */
let atPeak = process.memoryUsage();
const sample = () => {
  const usage = process.memoryUsage();
  if (usage.rss > peak) {
    peak = usage.rss;
    atPeak = usage;
  }
};
const digests = !process.argv.includes("--no-digests");
let digestCpu = 0;
/** Row `row`'s digest as its shard would have stored it; its CPU counted in `digestCpu`. */
const digestOf = (row: number): string => {
  const before = process.cpuUsage();
  const text = digestJsonOf(rowOf(row), blueprint);
  const used = process.cpuUsage(before);
  digestCpu += used.user + used.system;
  return text;
};
const cpuBefore = process.cpuUsage();
const started = performance.now();
let reads = 0;
let reports: PopulationReports | undefined;
/** `--part vectors|sentences`: that part alone (`reportPartOfChunks`), as one report-part job computes it. */
const partArgument = process.argv.indexOf("--part");
const onePart = partArgument >= 0 ? (process.argv[partArgument + 1] as ReportPart["part"]) : undefined;
let part: ReportPart | undefined;
const inThreads = process.argv.includes("--parts") ? "parts" : process.argv.includes("--task") ? "task" : undefined;
const byRanges = process.argv.includes("--ranges");
const argumentAfter = (flag: string): number | undefined => {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? Number(process.argv[at + 1]) : undefined;
};
const mergeOnPostgres = process.argv.includes("--postgres");
/** `--postgres`: each merge's mode and costs. */
const merges: Array<Record<string, unknown>> = [];
/** A reading over rows made here, as a task gets them (JSON text, parsed). */
const readAll = <Result>(reading: Iterator<number, Result, readonly PersonaFields[]>): Result => {
  let step = reading.next();
  while (!step.done) {
    reads++;
    const personas = JSON.parse(JSON.stringify(rowOf(step.value))) as PersonaFields[];
    sample();
    step = reading.next(personas);
  }
  return step.value;
};
/** `--ranges`: each step's CPU and peak RSS. */
const steps: Array<{ step: string; cpuSeconds: number; peakRssMb: number }> = [];
if (byRanges) {
  if (!digests) throw new Error("--ranges reports from the rows' digests: not with --no-digests");
  const measured = async <Result>(step: string, work: () => Result | Promise<Result>): Promise<Result> => {
    (globalThis as { gc?: () => void }).gc?.();
    const stepPeak = peak;
    peak = process.memoryUsage().rss;
    const before = process.cpuUsage();
    const digestBefore = digestCpu;
    const result = await work();
    sample();
    const used = process.cpuUsage(before);
    steps.push({ step, cpuSeconds: Number(((used.user + used.system - (digestCpu - digestBefore)) / 1e6).toFixed(2)), peakRssMb: Math.round(peak / 1e6) });
    peak = Math.max(peak, stepPeak);
    return result;
  };
  // `--keep DIR`: the survey's and ranges' outputs kept in DIR, and taken from there when a run
  // left them (same count and range rows): the merges alone, A/B, without the survey and ranges again.
  const keepAt = process.argv.indexOf("--keep");
  const kept = keepAt >= 0 ? (process.argv[keepAt + 1] as string) : undefined;
  const keptKey = `${COUNT} ${argumentAfter("--range-rows") ?? "default"}`;
  const reuse = kept !== undefined && existsSync(join(kept, "key")) && readFileSync(join(kept, "key"), "utf8") === keptKey;
  if (kept) mkdirSync(kept, { recursive: true });
  const scratch = kept ?? mkdtempSync(join(tmpdir(), "reports-ranges-"));
  try {
    const survey = reuse ? new Uint8Array(readFileSync(join(scratch, "survey"))) : await measured("survey", () => {
      const merged = new DigestSurvey(blueprint);
      for (let row = 0; row < rows; row++) merged.add(decodeShardDigest(digestOf(row))!);
      return readAll(rangeSurveyOfChunks(blueprint, SEED, sizes, merged.surveyed()));
    });
    if (!survey) throw new Error("the population gave no survey for ranges");
    const ranges = rowRanges(rows, argumentAfter("--range-rows"));
    if (!reuse) for (const [index, { from, to }] of ranges.entries()) {
      await measured(`range ${index}`, () => {
        const output = readAll(rangePartOfChunks(decodeSurvey(survey), SEED, sizes, from, to));
        writeFileSync(join(scratch, `${index}.summary`), output.summary);
        writeFileSync(join(scratch, `${index}.terms`), output.terms);
      });
    }
    if (mergeOnPostgres) reports = await mergesOnPostgres(survey, ranges, scratch);
    else reports = await measured("merge", () =>
      mergeRanges(decodeSurvey(survey), SEED, sizes, ranges, {
        summary: async (range) => readFileSync(join(scratch, `${range}.summary`)),
        terms: async (range) => readFileSync(join(scratch, `${range}.terms`)),
        read: async (chunk) => {
          reads++;
          return JSON.parse(JSON.stringify(rowOf(chunk))) as PersonaFields[];
        },
      }, argumentAfter("--budget")),
    );
    if (kept && !reuse) {
      writeFileSync(join(scratch, "survey"), survey);
      writeFileSync(join(scratch, "key"), keptKey);
    }
  } finally {
    if (!kept) rmSync(scratch, { recursive: true, force: true });
  }
} else if (inThreads) {
  const engine = new EnginePool(inThreads === "parts" ? 2 : 1);
  const sampling = setInterval(sample, 20);
  /** Answers a part's reads on `channel` as `answerRowReads` does, with rows made here. */
  const answering = (channel: string) => {
    const port = new BroadcastChannel(channel);
    port.onmessage = (event) => {
      const message = (event as { data: RowRequest | RowAnswer }).data;
      if (message.kind === "digest") port.postMessage({ kind: "row", request: message.request, digest: digests ? digestOf(message.chunk) : null } satisfies RowAnswer);
      if (message.kind !== "read") return;
      reads++;
      port.postMessage({ kind: "row", request: message.request, fields: JSON.stringify(rowOf(message.chunk)) } satisfies RowAnswer);
    };
    return port;
  };
  const ports = [answering("reports-memory-vectors"), answering("reports-memory-sentences")];
  try {
    const input = { blueprint, seed: SEED, sizes };
    if (inThreads === "task") reports = await engine.run("storedReports", { ...input, channel: "reports-memory-vectors" });
    else {
      const parts = await Promise.all([engine.run("storedReportPart", { ...input, channel: "reports-memory-vectors", part: "vectors" }), engine.run("storedReportPart", { ...input, channel: "reports-memory-sentences", part: "sentences" })]);
      reports = mergeReportParts(...parts);
    }
  } finally {
    clearInterval(sampling);
    for (const port of ports) port.close();
    await engine.destroy();
  }
} else {
  let surveyed;
  if (digests) {
    // As `storedReports` merges them, a row's digest read as text.
    const merged = new DigestSurvey(blueprint);
    for (let row = 0; row < rows; row++) merged.add(decodeShardDigest(digestOf(row))!);
    surveyed = merged.surveyed();
  }
  const reading: Iterator<number, PopulationReports | ReportPart, readonly PersonaFields[]> = onePart ? reportPartOfChunks(blueprint, SEED, sizes, onePart, surveyed) : populationReportsOfChunks(blueprint, SEED, sizes, surveyed);
  const result = readAll(reading);
  if (onePart) part = result as ReportPart;
  else reports = result as PopulationReports;
}
peak = Math.max(peak, process.memoryUsage().rss);
const cpu = process.cpuUsage(cpuBefore);
// The digests were made on this thread (in either mode): shard work, not the report step's.
cpu.user -= digestCpu;
const diversity = (reports?.diversity ?? (part?.part === "vectors" ? part.diversity : undefined)) as { method?: string; lsh?: { candidate_pairs?: number } } | undefined;
console.log(
  JSON.stringify({
    count: COUNT,
    mode: byRanges ? "by ranges, step after step, this thread" : inThreads === "parts" ? "two parts, two threads" : inThreads === "task" ? "one task, one engine thread" : onePart ? `the ${onePart} part alone, this thread` : "one reading, this thread",
    digests,
    digestCpuSeconds: Number((digestCpu / 1e6).toFixed(2)),
    reads,
    wallSeconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    baselineRssMb: Math.round(baseline / 1e6),
    peakRssMb: Math.round(peak / 1e6),
    atPeakHeapUsedMb: Math.round(atPeak.heapUsed / 1e6),
    atPeakArrayBuffersMb: Math.round(atPeak.arrayBuffers / 1e6),
    method: diversity?.method,
    candidatePairs: diversity?.lsh?.candidate_pairs,
    ...(reports ? { reportSha: createHash("sha256").update(JSON.stringify(reports)).digest("hex").slice(0, 16) } : {}),
    ...(byRanges ? { steps } : {}),
    ...(mergeOnPostgres ? { merges } : {}),
  }),
);

/** CPU seconds of this process's main thread (its thread id is the process id). */
function mainThreadCpuSeconds(): number {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * `--postgres`: the ranges' outputs stored in a Postgres server, then the merge in an engine thread,
 * its reads answered here: `hex` and `copy` alternately (see the header).
 */
async function mergesOnPostgres(survey: Uint8Array, ranges: ReadonlyArray<{ from: number; to: number }>, scratch: string): Promise<PopulationReports> {
  const server = await startPostgres({ own: true });
  const store = await openStore({ databaseUrl: await server.createDatabase("reports_memory") });
  const engine = new EnginePool(1);
  let last: PopulationReports | undefined;
  try {
    const jobs = new JobRepository(store.db);
    const populationId = randomUUID();
    // A scratch database: the ranges without a population row.
    await store.db.execute(sql`ALTER TABLE population_report_ranges DROP CONSTRAINT population_report_ranges_population_id_populations_id_fk`);
    for (let range = 0; range < ranges.length; range++) await store.db.insert(populationReportRanges).values({ populationId, range, summary: readFileSync(join(scratch, `${range}.summary`)), terms: readFileSync(join(scratch, `${range}.terms`)) });
    const hexBytes = async (range: number, what: "summary" | "terms") => {
      const [row] = await store.db.select({ bytes: what === "summary" ? populationReportRanges.summary : populationReportRanges.terms }).from(populationReportRanges).where(and(eq(populationReportRanges.populationId, populationId), eq(populationReportRanges.range, range)));
      return row?.bytes ?? null;
    };
    const rounds = argumentAfter("--rounds") ?? 2;
    // `--modes a,b`: which ways alternate (`copy-plain`: the COPY's bytes copied into a plain ArrayBuffer, cloned over the channel).
    const modesAt = process.argv.indexOf("--modes");
    const modes = (modesAt >= 0 ? (process.argv[modesAt + 1] ?? "hex,copy") : "hex,copy").split(",");
    for (let round = 0; round < modes.length * rounds; round++) {
      const mode = modes[round % modes.length] as string;
      let termReads = 0;
      const port = new BroadcastChannel(`reports-memory-merge-${round}`);
      port.onmessage = (event) => {
        const message = (event as { data: RowRequest | RowAnswer }).data;
        if (message.kind === "read") port.postMessage({ kind: "row", request: message.request, fields: JSON.stringify(rowOf(message.chunk)) } satisfies RowAnswer);
        if (message.kind !== "range") return;
        if (message.what === "terms") termReads++;
        void (mode === "hex" ? hexBytes(message.range, message.what) : jobs.reportRangeBytes(populationId, message.range, message.what, mode === "copy" ? message.into : undefined)).then((bytes) => port.postMessage({ kind: "row", request: message.request, bytes: mode === "copy-plain" ? new Uint8Array(bytes as Uint8Array) : (bytes as Uint8Array) } satisfies RowAnswer));
      };
      (globalThis as { gc?: () => void }).gc?.();
      peak = process.memoryUsage().rss;
      const sampling = setInterval(sample, 20);
      const cpuBefore = process.cpuUsage();
      const mainBefore = mainThreadCpuSeconds();
      const wallBefore = performance.now();
      try {
        last = await engine.run("reportMerge", { blueprint, seed: SEED, sizes, channel: `reports-memory-merge-${round}`, survey, ranges: [...ranges], ...(argumentAfter("--budget") ? { heldTermEntries: argumentAfter("--budget") } : {}) });
      } finally {
        clearInterval(sampling);
        port.close();
      }
      const cpu = process.cpuUsage(cpuBefore);
      merges.push({
        mode,
        wallSeconds: Number(((performance.now() - wallBefore) / 1000).toFixed(2)),
        mainCpuSeconds: Number((mainThreadCpuSeconds() - mainBefore).toFixed(2)),
        processCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
        termReads,
        peakRssMb: Math.round(peak / 1e6),
        reportSha: createHash("sha256").update(JSON.stringify(last)).digest("hex").slice(0, 16),
      });
      console.error(JSON.stringify(merges.at(-1)));
    }
  } finally {
    await engine.destroy();
    await store.close();
    server.stop();
  }
  return last as PopulationReports;
}
