/**
 * One end-to-end offline generation (sample, write, render, reports) in a fresh process, so that
 * its peak memory is its own. Prints one JSON line: {count, seconds, personasPerSecond, maxRssMb}.
 */
import { generatePopulation } from "../src/pipeline/generate.ts";
import { createProviders } from "../src/providers.ts";

const count = Number(process.argv[2] ?? 1000);
const prompt = process.argv[3] ?? "League of Legends players from around the globe";
const started = process.hrtime.bigint();
const result = await generatePopulation({ prompt, count, grounding: "off", seed: 20261122 }, createProviders("offline"));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (result.personas.length !== count) throw new Error(`expected ${count} personas, got ${result.personas.length}`);
const maxRssMb = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify({
    count,
    seconds: Number(seconds.toFixed(3)),
    personasPerSecond: Math.round(count / seconds),
    maxRssMb: Math.round(maxRssMb),
    diversity: result.diversity,
  }),
);
