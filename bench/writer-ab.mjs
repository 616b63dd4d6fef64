// The offline writer of two trees (a base and a change) A/B'd in one process: both write the same
// population of a prompt in alternating slices, and the CPU each spends is summed. On a loaded
// machine, separate runs differ by ±5% and cannot see a 3% change; side by side, both sides run under
// the same load (same prompt and tree on both sides: 0.98–1.02). See decision 0011, "Session 22".
//
// Each side is an ES module exporting { hashSeed, sampleStructured, OfflineModeller, OfflineWriter },
// e.g. in each clone a file `zz-entry.ts` of three re-exports (src/engine/rng.ts, src/engine/sampler.ts,
// src/offline/index.ts) bundled by `node_modules/.bin/esbuild zz-entry.ts --bundle --platform=node
// --format=esm --packages=external --outfile=zz-entry.mjs` (bundles keep tsx out of the measurement).
//
// Usage: `A=/tmp/base/zz-entry.mjs B=/tmp/new/zz-entry.mjs node bench/writer-ab.mjs "<prompt>" [count] [rounds]`.
// Prints {prompt, base, new, ratio}: write CPU-s per 100,000 (one writing session per side per round,
// so higher than bench/writer.ts's per-shard sessions) and new/base.
const [baseUrl, newUrl] = [process.env.A, process.env.B];
if (!baseUrl || !newUrl) throw new Error("set A and B to the two sides' entry modules");
const prompt = process.argv[2] ?? "Night-shift nurses in Leeds";
const count = Number(process.argv[3] ?? 12000);
const rounds = Number(process.argv[4] ?? 2);
const SEED = 20261122;
/** generatePopulation's batch at this size. */
const BATCH = 200;
const SLICE = 1000;
const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const sides = [];
for (const url of [baseUrl, newUrl]) {
  const code = await import(url);
  const blueprint = { ...(await new code.OfflineModeller().design({ prompt, count, grounding: "off", seed: code.hashSeed(SEED, "design") })), seed: SEED };
  sides.push({ code, blueprint, structured: code.sampleStructured(blueprint, count, code.hashSeed(SEED, "sample")), cpu: 0 });
}
for (let round = 0; round < rounds; round++) {
  const sessions = sides.map((side) => new side.code.OfflineWriter().begin({ prompt, blueprint: side.blueprint, seed: side.code.hashSeed(SEED, "write"), count }));
  for (let start = 0; start < count; start += SLICE) {
    // Which side goes first alternates, slice by slice and round by round.
    for (const index of (start / SLICE + round) % 2 === 0 ? [0, 1] : [1, 0]) {
      const side = sides[index];
      const started = cpu();
      for (let batch = start; batch < Math.min(count, start + SLICE); batch += BATCH) await sessions[index].writeBatch(side.structured.slice(batch, batch + BATCH), batch);
      side.cpu += cpu() - started;
    }
  }
}
const per100k = (seconds) => Number(((seconds * 100_000) / (count * rounds)).toFixed(2));
console.log(JSON.stringify({ prompt, base: per100k(sides[0].cpu), new: per100k(sides[1].cpu), ratio: Number((sides[1].cpu / sides[0].cpu).toFixed(3)) }));
