/**
 * The offline writer and the renderer alone, over several prompts (the bench's League prompt, the
 * built-in domains and prompts no domain covers), CPU-seconds per phase: what `npm run bench`'s
 * write and render columns cost, without the reports around them. `--dump <file>` writes every
 * persona (fields, system prompt, markdown) as one JSON line, so a change to the writer can be
 * checked byte for byte against the output before it (`diff before.jsonl after.jsonl`).
 *
 * Personas are written as the pipeline writes them: a writing session per shard of
 * `POPULATION_SHARD_SIZE` (a session keeps its shard's used names and sentences), in batches of
 * 200. `--one-session` writes the whole population in one session, as `bench/phases.ts` does.
 *
 * Usage: `node --import tsx bench/writer.ts [count per prompt] [--dump file] [--one-session] [--prompt "…"]…`.
 * Prints one JSON line per prompt and a total: {prompt, count, writeCpu, renderCpu, per100k}.
 */
import { createWriteStream } from "node:fs";
import { hashSeed } from "../src/engine/rng.ts";
import { personaId } from "../src/engine/persona.ts";
import { assertSamplable } from "../src/engine/blueprint-check.ts";
import { sampleStructured } from "../src/engine/sampler.ts";
import { renderPersona } from "../src/engine/render.ts";
import { toFieldStrings } from "../src/pipeline/generate.ts";
import { POPULATION_SHARD_SIZE } from "../src/pipeline/shards.ts";
import { OfflineModeller, OfflineWriter } from "../src/offline/index.ts";

export const WRITER_PROMPTS = [
  "League of Legends players from around the globe",
  "Crypto day traders in Singapore",
  "Retired teachers in rural Japan who keep bees",
  "Nurses working night shifts in Manchester",
  "Pirates of the Caribbean in the 1710s",
  "Small business owners in Lagos",
];
const SEED = 20261122;
/** generatePopulation's batch size at 100,000 personas: batch boundaries must not change a byte. */
const BATCH_SIZE = 200;

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function argumentValues(flag: string): string[] {
  const values: string[] = [];
  process.argv.forEach((argument, position) => {
    if (argument === flag && process.argv[position + 1] !== undefined) values.push(process.argv[position + 1] as string);
  });
  return values;
}

const count = Number(process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : 2000);
const prompts = argumentValues("--prompt").length > 0 ? argumentValues("--prompt") : WRITER_PROMPTS;
const dumpPath = argumentValues("--dump")[0];
const dump = dumpPath ? createWriteStream(dumpPath) : undefined;
const sessionSize = process.argv.includes("--one-session") ? Number.POSITIVE_INFINITY : POPULATION_SHARD_SIZE;
let totalWrite = 0;
let totalRender = 0;
for (const prompt of prompts) {
  const blueprint = { ...(await new OfflineModeller().design({ prompt, count, grounding: "off", seed: hashSeed(SEED, "design") })), seed: SEED };
  assertSamplable(blueprint);
  const structured = sampleStructured(blueprint, count, hashSeed(SEED, "sample"));
  const writer = new OfflineWriter();
  let session = writer.begin({ prompt, blueprint, seed: hashSeed(SEED, "write"), count });
  let writeCpu = 0;
  let renderCpu = 0;
  for (let start = 0; start < count; start += BATCH_SIZE) {
    const batch = structured.slice(start, start + BATCH_SIZE);
    let started = cpuSeconds();
    if (start > 0 && start % sessionSize === 0) session = writer.begin({ prompt, blueprint, seed: hashSeed(SEED, "write"), count });
    const texts = await session.writeBatch(batch, start);
    writeCpu += cpuSeconds() - started;
    started = cpuSeconds();
    const rendered = batch.map((values, offset) => {
      const id = personaId(start + offset, count);
      const fields = toFieldStrings(blueprint, values, texts[offset] ?? {});
      return { persona_id: id, fields, ...renderPersona(blueprint, fields, id, { prompt, voiceSection: false }) };
    });
    renderCpu += cpuSeconds() - started;
    if (dump) for (const persona of rendered) dump.write(`${JSON.stringify(persona)}\n`);
  }
  totalWrite += writeCpu;
  totalRender += renderCpu;
  const per100k = (seconds: number) => Number(((seconds * 100_000) / count).toFixed(2));
  console.log(JSON.stringify({ prompt, domain: blueprint.domain, count, writeCpu: Number(writeCpu.toFixed(3)), renderCpu: Number(renderCpu.toFixed(3)), per100k: { write: per100k(writeCpu), render: per100k(renderCpu) } }));
}
const personas = count * prompts.length;
console.log(JSON.stringify({ total: personas, writeCpu: Number(totalWrite.toFixed(3)), renderCpu: Number(totalRender.toFixed(3)), per100k: { write: Number(((totalWrite * 100_000) / personas).toFixed(2)), render: Number(((totalRender * 100_000) / personas).toFixed(2)) } }));
if (dump) await new Promise((resolve) => dump.end(resolve));
