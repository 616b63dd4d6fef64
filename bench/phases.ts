/**
 * One offline population, phase by phase, in a fresh process so that its peak memory is its own:
 * design, sample, write, render, diversity, marginals (with fidelity) and serialise (the pretty JSON
 * the CLI writes). It runs the same steps as `generatePopulationStreamed` (`dramatis generate`'s) with
 * a timer around each; the writing, the rendering and the serialising, interleaved there batch by
 * batch, are timed apart here. As the CLI does, each batch is serialised as soon as it is rendered and
 * only the personas' ids and fields stay for the reports (decision 0011, "Session 17"). `--check`
 * also runs `generatePopulation` (its report on the main thread alone) and fails when the pretty JSON
 * of the two populations differs by a byte, so the phases measured are the pipeline's and the report
 * made on two threads is the one made on one. The diversity phase runs on the main thread alone; `--threads`
 * (what `npm run bench` runs: the CLI's way for a population above the exact comparison's 2,000)
 * runs it on the main thread and an engine thread (`diversityInThreads`, decision 0011
 * "Session 16": the same bytes, the vectors made on the engine thread from terms in shared memory
 * while the main thread counts sentences — the main thread's path about a quarter shorter).
 * Its CPU is that of every thread of the process.
 *
 * Usage: `node --import tsx bench/phases.ts <count> [--check] [--profile-phase <name>] [--prompt "…"]
 * [--diversity-runs <k>] [--threads]`. Prints one JSON line: {count, seconds, cpuSeconds, personasPerSecond,
 * maxRssMb, phases, phaseCpu, rssMbAfter, phaseFaults, diversity}. `--profile-phase` writes a V8 CPU profile of that phase
 * alone (`phases-<name>.cpuprofile` in the working directory): a whole-process profile mixes the
 * report with generation. `--diversity-runs` runs the report k times over the same personas (the
 * bench's heap and all) and adds each run's CPU seconds (`diversityRunsCpu`): A/B within one process.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { hashSeed } from "../src/engine/rng.ts";
import { personaId, type Persona } from "../src/engine/persona.ts";
import type { PersonaFields } from "../src/engine/quality/similarity.ts";
import { assertSamplable } from "../src/engine/blueprint-check.ts";
import { renderPersona } from "../src/engine/render.ts";
import { diversityInThreads } from "../src/workers/diversity-in-threads.ts";
import { sharedEnginePool } from "../src/workers/engine-pool.ts";
import { computeDiversity, EXACT_PAIRS_LIMIT } from "../src/engine/quality/diversity.ts";
import { computeMarginals } from "../src/engine/quality/marginals.ts";
import { computeFidelity } from "../src/engine/quality/fidelity.ts";
import { generatePopulation, STREAMED_PIECE, toFieldStrings } from "../src/pipeline/generate.ts";
import { sampledShard, shardRanges, shardSamplingsInProcess, type ShardQuota } from "../src/pipeline/shards.ts";
import { OfflineModeller, OfflineWriter } from "../src/offline/index.ts";
import type { Writer } from "../src/engine/ports.ts";
import { exportChunks, PopulationExport } from "../src/cli/export.ts";

export const BENCH_PROMPT = "League of Legends players from around the globe";
export const BENCH_SEED = 20261122;
/** Mirrors generatePopulation's batch sizing for a writer without `maxBatchSize`. */
const MAX_BATCH_SIZE = 200;
const TARGET_BATCHES = 20;

export type PhaseName = "design" | "sample" | "write" | "render" | "diversity" | "marginals" | "serialise";

export interface PhaseFigures {
  count: number;
  seconds: number;
  cpuSeconds: number;
  personasPerSecond: number;
  maxRssMb: number;
  /** Wall seconds per phase. */
  phases: Record<PhaseName, number>;
  /** CPU seconds per phase (every thread of the process): steadier than wall time on a loaded machine. */
  phaseCpu: Record<PhaseName, number>;
  /** The process's resident memory at the end of each phase (MB): where the peak builds up. */
  rssMbAfter: Record<PhaseName, number>;
  /**
   * Minor page faults per phase, in thousands: memory the phase touched for the first time. On the
   * 2-core virtual machine of issue 16 a fault cost ~20 µs of CPU (loaded: a fresh 300 MB typed array
   * written once, 73,000 faults, 1.5 CPU-s; 0.1 CPU-s and 900 faults with glibc's malloc on
   * transparent huge pages, `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`), so a phase's new memory is a
   * large part of its CPU.
   */
  phaseFaults: Record<PhaseName, number>;
  diversity?: Record<string, unknown>;
  /** With `--check`: the phased population's pretty JSON is byte-identical to that of generatePopulation's. */
  identical?: boolean;
  /** With `--diversity-runs`: the CPU seconds of each run of the report after the first. */
  diversityRunsCpu?: number[];
  /**
   * The diversity phase's CPU seconds on the main thread and on the others: the engine thread that
   * makes the vectors, band keys and fingerprints (`diversityInThreads`), the collector's helpers,
   * the compiler.
   */
  diversityThreads?: { main: number; others: number; byName?: Record<string, number> };
}

export interface PhaseOptions {
  prompt?: string;
  seed?: number;
  check?: boolean;
  /** The phase to take a CPU profile of (`phases-<name>.cpuprofile`). */
  profilePhase?: PhaseName;
  /** How many times to run the diversity report (the first is the phase's time). */
  diversityRuns?: number;
}

type PhaseTimes = Record<PhaseName, number>;

function noTimes(): PhaseTimes {
  return { design: 0, sample: 0, write: 0, render: 0, diversity: 0, marginals: 0, serialise: 0 };
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** CPU seconds of the main thread alone (Linux; NaN elsewhere): the rest of the process's CPU is the collector's helpers and the compiler. */
function mainThreadCpuSeconds(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime, fields 14 and 15 of stat (counted from the pid), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds of each of the process's threads, by name and id (Linux: the main thread, V8's helpers, the engine threads; empty elsewhere). */
function cpuByThreadName(): Record<string, number> {
  const byName: Record<string, number> = {};
  try {
    for (const task of readdirSync("/proc/self/task")) {
      try {
        const stat = readFileSync(`/proc/self/task/${task}/stat`, "utf8");
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
        // Node names its threads alike: the thread id tells them apart (the main thread's is the pid).
        byName[`${name} ${task === String(process.pid) ? "main" : task}`] = (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        // The thread ended meanwhile.
      }
    }
  } catch {
    // No /proc.
  }
  return byName;
}

/** What each thread name spent between two `cpuByThreadName` readings (threads that ended meanwhile are missing from `after`). */
function cpuSpentByName(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([name, seconds]) => [name, Number((seconds - (before[name] ?? 0)).toFixed(2))]).filter(([, seconds]) => (seconds as number) > 0));
}

/** Profiles `phase`: the file holds its last stretch (write and render run batch by batch, the others at once). */
class PhaseProfiler {
  private readonly session = new Session();
  private started = false;

  constructor(readonly phase: PhaseName) {
    this.session.connect();
  }

  async around<T>(phase: PhaseName, run: () => T | Promise<T>): Promise<T> {
    if (phase !== this.phase) return run();
    if (!this.started) {
      await this.session.post("Profiler.enable");
      await this.session.post("Profiler.setSamplingInterval", { interval: 500 });
      this.started = true;
    }
    await this.session.post("Profiler.start");
    const value = await run();
    const { profile } = await this.session.post("Profiler.stop");
    writeFileSync(`phases-${phase}.cpuprofile`, JSON.stringify(profile));
    return value;
  }
}

/** The serialised JSON's length, and with `--check` its digest, piece by piece as the CLI would write it. */
class SerialisedJson {
  length = 0;
  private readonly hash;

  constructor(check: boolean) {
    this.hash = check ? createHash("sha256") : undefined;
  }

  add(pieces: Iterable<string>): void {
    for (const piece of pieces) {
      this.length += piece.length;
      this.hash?.update(piece);
    }
  }

  digest(): string | undefined {
    return this.hash?.digest("hex");
  }
}

async function phasedPopulation(count: number, options: PhaseOptions, phases: PhaseTimes, phaseCpu: PhaseTimes, rssAfter: PhaseTimes, faults: PhaseTimes, runsCpu: number[], diversityThreads: { main?: number; others?: number; byName?: Record<string, number> }, serialised: SerialisedJson) {
  const prompt = options.prompt ?? BENCH_PROMPT;
  const seed = options.seed ?? BENCH_SEED;
  const profiler = options.profilePhase ? new PhaseProfiler(options.profilePhase) : undefined;
  // The timers' own cost is kept small: ~20,000 timed calls at 100,000 (a render and a serialise per
  // piece of 10 personas). One `resourceUsage` reads both CPU and faults (was `cpuUsage` and
  // `resourceUsage` apart), and the resident memory (`rss`, ~2.7 µs a read: /proc) is read when the
  // phase changes, not after every call: ~0.07 CPU-s of the bench's own at 100,000 (idle).
  let lastPhase: PhaseName | undefined;
  const timed = async <T>(phase: PhaseName, run: () => T | Promise<T>): Promise<T> => {
    if (lastPhase !== undefined && lastPhase !== phase) rssAfter[lastPhase] = Math.round(process.memoryUsage.rss() / 2 ** 20);
    lastPhase = phase;
    const started = performance.now();
    const usageStarted = process.resourceUsage();
    const value = profiler ? await profiler.around(phase, run) : await run();
    phases[phase] += (performance.now() - started) / 1000;
    const usage = process.resourceUsage();
    phaseCpu[phase] += (usage.userCPUTime + usage.systemCPUTime - usageStarted.userCPUTime - usageStarted.systemCPUTime) / 1e6;
    faults[phase] += usage.minorPageFault - usageStarted.minorPageFault;
    return value;
  };
  const modeller = new OfflineModeller();
  const writer: Writer = new OfflineWriter();
  // With --threads, as generatePopulation given an engine: the report's engine thread starts while the population is written.
  const engine = process.argv.includes("--threads") ? sharedEnginePool() : undefined;
  if (engine && engine.size > 0 && count > EXACT_PAIRS_LIMIT) engine.run("engineReady", undefined).catch(() => undefined);
  const diversityOf = (personas: PersonaFields[], blueprint: Parameters<typeof computeDiversity>[1]) =>
    engine ? diversityInThreads(engine, personas, blueprint, { seed: hashSeed(seed, "diversity") }) : Promise.resolve(computeDiversity(personas, blueprint, { seed: hashSeed(seed, "diversity") }));
  const designed = await timed("design", () => modeller.design({ prompt, count, grounding: "off", seed: hashSeed(seed, "design") }));
  const blueprint = { ...designed, seed };
  assertSamplable(blueprint);
  // As the shards sample (shards.ts): each from its quota, one after the other here.
  const structured = await timed("sample", () => {
    const samplings = shardSamplingsInProcess(blueprint, count, seed);
    return shardRanges(count).flatMap((range) => sampledShard(blueprint, seed, range.start, samplings[range.index] as string | ShardQuota));
  });
  const batchSize = Math.max(1, Math.floor(writer.maxBatchSize ?? Math.min(MAX_BATCH_SIZE, Math.ceil(count / TARGET_BATCHES))));
  // What the reports read of each persona: its rendered texts went to the export with its batch.
  const personas: PersonaFields[] = new Array(count);
  const exported = new PopulationExport("json", blueprint);
  // As the pipeline writes (writeShard): a writing session per shard, batches inside the shard.
  for (const shard of shardRanges(count)) {
    // A turn of the event loop per shard: the engine thread started above says it is ready in a message heard between tasks.
    if (engine) await new Promise<void>((resolve) => setImmediate(resolve));
    const session = writer.begin({ prompt, blueprint, seed: hashSeed(seed, "write"), count });
    for (let start = shard.start; start < shard.start + shard.size; start += batchSize) {
      const batch = structured.slice(start, Math.min(start + batchSize, shard.start + shard.size));
      const texts = await timed("write", () => session.writeBatch(batch, start));
      // Rendered and serialised a few personas at a time, as generatePopulationStreamed hands them to
      // the CLI: a whole batch's texts alive at once outlived the young generation (writeShard's `handOnEvery`).
      for (let from = 0; from < batch.length; from += STREAMED_PIECE) {
        const rendered = await timed("render", () =>
          batch.slice(from, from + STREAMED_PIECE).map((values, offset): Persona => {
            const index = start + from + offset;
            const fields = toFieldStrings(blueprint, values, texts[from + offset] ?? {});
            const id = personaId(index, count);
            personas[index] = { persona_id: id, fields };
            return { persona_id: id, fields, ...renderPersona(blueprint, fields, id, { prompt, voiceSection: false, json: true }) };
          }),
        );
        // Measured rather than written, as the CLI writes it (`dramatis generate`, to a file or a pipe).
        await timed("serialise", () => serialised.add(exported.personas(rendered)));
      }
    }
  }
  const result: Record<string, unknown> = { blueprint };
  if (count > 1) {
    const namesBefore = cpuByThreadName();
    const mainBefore = mainThreadCpuSeconds();
    const processBefore = cpuSeconds();
    result.diversity = await timed("diversity", () => diversityOf(personas, blueprint));
    const main = mainThreadCpuSeconds() - mainBefore;
    if (!Number.isNaN(main)) diversityThreads.main = main;
    if (!Number.isNaN(main)) diversityThreads.others = cpuSeconds() - processBefore - main;
    diversityThreads.byName = cpuSpentByName(namesBefore, cpuByThreadName());
    for (let run = 1; run < (options.diversityRuns ?? 1); run++) {
      const cpuStarted = cpuSeconds();
      const again = await diversityOf(personas, blueprint);
      runsCpu.push(Number((cpuSeconds() - cpuStarted).toFixed(3)));
      if (digest(again) !== digest(result.diversity)) throw new Error("the diversity report differs between runs");
    }
    await timed("marginals", () => {
      result.marginals = computeMarginals(blueprint, personas);
      result.fidelity = computeFidelity(blueprint, personas);
    });
  }
  // The export's end: the blueprint and the reports, once every persona is written.
  await timed("serialise", () => serialised.add(exported.end(result as { blueprint: typeof blueprint })));
  rssAfter.serialise = Math.round(process.memoryUsage.rss() / 2 ** 20);
  return result;
}

function rounded(times: PhaseTimes): PhaseTimes {
  return Object.fromEntries(Object.entries(times).map(([name, value]) => [name, Number(value.toFixed(3))])) as PhaseTimes;
}

function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

export async function measurePhases(count: number, options: PhaseOptions = {}): Promise<PhaseFigures> {
  const prompt = options.prompt ?? BENCH_PROMPT;
  const seed = options.seed ?? BENCH_SEED;
  const phases = noTimes();
  const phaseCpu = noTimes();
  const rssAfter = noTimes();
  const faults = noTimes();
  const runsCpu: number[] = [];
  const diversityThreads: { main?: number; others?: number; byName?: Record<string, number> } = {};
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const serialised = new SerialisedJson(options.check ?? false);
  const result = await phasedPopulation(count, options, phases, phaseCpu, rssAfter, faults, runsCpu, diversityThreads, serialised);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const figures: PhaseFigures = {
    count,
    seconds: Number(seconds.toFixed(3)),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
    personasPerSecond: Math.round(count / seconds),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    phases: rounded(phases),
    phaseCpu: rounded(phaseCpu),
    rssMbAfter: rssAfter,
    phaseFaults: Object.fromEntries(Object.entries(faults).map(([name, value]) => [name, Math.round(value / 1000)])) as PhaseTimes,
    ...(result.diversity ? { diversity: result.diversity as Record<string, unknown> } : {}),
    ...(runsCpu.length > 0 ? { diversityRunsCpu: runsCpu } : {}),
    ...(diversityThreads.main !== undefined ? { diversityThreads: { main: Number(diversityThreads.main.toFixed(2)), others: Number((diversityThreads.others as number).toFixed(2)), byName: diversityThreads.byName } } : {}),
  };
  if (serialised.length === 0) throw new Error("empty population");
  if (options.check) {
    const piped = await generatePopulation({ prompt, count, grounding: "off", seed }, { modeller: new OfflineModeller(), writer: new OfflineWriter() });
    const whole = createHash("sha256");
    for (const piece of exportChunks(piped, "json")) whole.update(piece);
    figures.identical = whole.digest("hex") === serialised.digest();
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 1000);
  const valueOf = (flag: string): string | undefined => {
    const at = process.argv.indexOf(flag);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const profilePhase = valueOf("--profile-phase") as PhaseName | undefined;
  if (profilePhase !== undefined && !(profilePhase in noTimes())) throw new Error(`--profile-phase: one of ${Object.keys(noTimes()).join(", ")}`);
  const figures = await measurePhases(count, { check: process.argv.includes("--check"), prompt: valueOf("--prompt"), profilePhase, diversityRuns: Number(valueOf("--diversity-runs") ?? 1) });
  console.log(JSON.stringify(figures));
}
