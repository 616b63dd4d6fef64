/**
 * `node --expose-gc --import tsx bench/reports-memory.ts [count]`: the memory and CPU of the report
 * step of a stored population of `count` personas (default 1,000,000), as a worker thread runs it
 * (`populationReportsOfChunks`, read a row of 1,000 at a time). The rows are made on demand from a
 * seed (synthetic personas: four structured fields, a unique name, two sentences of text from a
 * 3,000-word vocabulary, a tenth of them templated), so nothing but the report step holds memory.
 * Prints one JSON line: {count, reads, cpuSeconds, baselineRssMb, peakRssMb, atPeakHeapUsedMb,
 * atPeakArrayBuffersMb, method, candidatePairs}. Target (issue 16): peak RSS under 600 MB at any N.
 */
import type { Blueprint } from "../src/engine/blueprint.ts";
import { createRng, hashSeed } from "../src/engine/rng.ts";
import type { PersonaFields } from "../src/engine/quality/similarity.ts";
import { populationReportsOfChunks } from "../src/workers/engine-tasks.ts";

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
(globalThis as { gc?: () => void }).gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
/** The heap and the typed arrays' buffers when the RSS peaked: which of them grows. */
let atPeak = process.memoryUsage();
const cpuBefore = process.cpuUsage();
let reads = 0;
const reading = populationReportsOfChunks(blueprint, SEED, Array.from({ length: rows }, (_, row) => Math.min(ROW, COUNT - row * ROW)));
let step = reading.next();
while (!step.done) {
  reads++;
  // As the task gets it: JSON text, parsed.
  const personas = JSON.parse(JSON.stringify(rowOf(step.value))) as PersonaFields[];
  const usage = process.memoryUsage();
  if (usage.rss > peak) {
    peak = usage.rss;
    atPeak = usage;
  }
  step = reading.next(personas);
}
peak = Math.max(peak, process.memoryUsage().rss);
const cpu = process.cpuUsage(cpuBefore);
const diversity = step.value.diversity as { method?: string; lsh?: { candidate_pairs?: number } } | undefined;
console.log(
  JSON.stringify({
    count: COUNT,
    reads,
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    baselineRssMb: Math.round(baseline / 1e6),
    peakRssMb: Math.round(peak / 1e6),
    atPeakHeapUsedMb: Math.round(atPeak.heapUsed / 1e6),
    atPeakArrayBuffersMb: Math.round(atPeak.arrayBuffers / 1e6),
    method: diversity?.method,
    candidatePairs: diversity?.lsh?.candidate_pairs,
  }),
);
