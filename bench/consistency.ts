/**
 * The contradiction check alone (`consistencyChecker`, which the offline writer runs for every
 * persona and the report step again), CPU-seconds per 100,000 personas: the writer's personas of
 * each prompt are written first, then checked `ROUNDS` times. A/B a change by running this before
 * and after it on the same machine, back to back.
 *
 * Usage: `node --import tsx bench/consistency.ts [count per prompt] [--prompt "…"]…`.
 * Prints one JSON line per prompt: {prompt, domain, personas, contradictions, checkCpuPer100k}.
 */
import { hashSeed } from "../src/engine/rng.ts";
import { assertSamplable } from "../src/engine/blueprint-check.ts";
import { sampleStructured } from "../src/engine/sampler.ts";
import { consistencyChecker } from "../src/engine/quality/consistency.ts";
import { toFieldStrings } from "../src/pipeline/generate.ts";
import { OfflineModeller, OfflineWriter } from "../src/offline/index.ts";

const SEED = 20261122;
const ROUNDS = 5;
/** Prose prompts of several kinds (occupation and place, migrants, a historical setting) and the bench's League prompt. */
const PROMPTS = [
  "Night-shift nurses in Leeds",
  "Syrian refugees who settled in Berlin",
  "Pirates in the Caribbean in 1710",
  "Mexican immigrants running taco trucks in Los Angeles",
  "League of Legends players from around the globe",
];

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

const count = Number(process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : 2000);
const asked = process.argv.flatMap((argument, position) => (argument === "--prompt" && process.argv[position + 1] !== undefined ? [process.argv[position + 1] as string] : []));
for (const prompt of asked.length > 0 ? asked : PROMPTS) {
  const blueprint = { ...(await new OfflineModeller().design({ prompt, count, grounding: "off", seed: hashSeed(SEED, "design") })), seed: SEED };
  assertSamplable(blueprint);
  const structured = sampleStructured(blueprint, count, hashSeed(SEED, "sample"));
  const session = new OfflineWriter().begin({ prompt, blueprint, seed: hashSeed(SEED, "write"), count });
  const personas: Record<string, string>[] = [];
  for (let start = 0; start < count; start += 200) {
    const batch = structured.slice(start, start + 200);
    const texts = await session.writeBatch(batch, start);
    batch.forEach((values, offset) => personas.push(toFieldStrings(blueprint, values, texts[offset] ?? {})));
  }
  const check = consistencyChecker(blueprint);
  let contradictions = 0;
  const started = cpuSeconds();
  for (let round = 0; round < ROUNDS; round++) for (const fields of personas) contradictions += check(fields).length;
  const seconds = (cpuSeconds() - started) / ROUNDS;
  console.log(JSON.stringify({ prompt, domain: blueprint.domain, personas: personas.length, contradictions: contradictions / ROUNDS, checkCpuPer100k: Number(((seconds * 100_000) / personas.length).toFixed(2)) }));
}
