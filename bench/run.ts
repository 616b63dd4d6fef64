/**
 * `npm run bench`: structured sampling alone at 100,000, offline throughput and peak memory at
 * N = 1,000 / 10,000 / 100,000 (each in a fresh process, end to end), and the TVD table. Targets
 * are in bench/README.md.
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tvdRows } from "./tvd.ts";
import { SAMPLER_COUNT, SAMPLER_TARGET_SECONDS, samplerSeconds } from "./sampler.ts";

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "cli.mjs");
const sizes = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
const TARGET_SECONDS_100K = 60;

console.log("Dramatis offline benchmark");
console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
const sampling = samplerSeconds();
console.log(
  `Structured sampling alone, six-field blueprint, ${SAMPLER_COUNT.toLocaleString("en-US")} personas (median of 3): ${sampling.toFixed(2)} s` +
    `  (target < ${SAMPLER_TARGET_SECONDS} s: ${sampling < SAMPLER_TARGET_SECONDS ? "met" : "MISSED"})\n`,
);
console.log("End to end (design, sample, write, render, diversity + marginals), offline, one fresh process per size:");
console.log("      N   seconds   personas/s   peak RSS (MB)   mean sim   dup pairs   diversity method");
for (const n of sizes) {
  const output = execFileSync(process.execPath, ["--max-old-space-size=8192", tsx, join(here, "generate-once.ts"), String(n)], { encoding: "utf8" });
  const line = output.trim().split("\n").at(-1)!;
  const figure = JSON.parse(line);
  const target = n === 100_000 ? (figure.seconds < TARGET_SECONDS_100K ? `  (target < ${TARGET_SECONDS_100K} s: met, ratio ${(figure.seconds / TARGET_SECONDS_100K).toFixed(2)})` : `  (target < ${TARGET_SECONDS_100K} s: MISSED)`) : "";
  console.log(
    `${String(n).padStart(7)}   ${figure.seconds.toFixed(2).padStart(7)}   ${String(figure.personasPerSecond).padStart(10)}   ${String(figure.maxRssMb).padStart(13)}   ${String(figure.diversity?.mean_pairwise_similarity ?? "-").padStart(8)}   ${String(figure.diversity?.duplicate_pairs ?? "-").padStart(9)}   ${figure.diversity?.method ?? "-"}${target}`,
  );
}

console.log("\nTVD of root categoricals, League of Legends blueprint: quota sampler vs optimum vs independent sampling (mean of 200 trials):");
console.log("      N   field           achieved   optimum   independent   achieved = optimum   independent / optimum");
let allOptimal = true;
for (const row of await tvdRows()) {
  const equal = Math.abs(row.achieved - row.optimum) < 1e-4;
  allOptimal &&= equal;
  const ratio = row.optimum > 0 ? (row.independent / row.optimum).toFixed(1) : "∞";
  console.log(
    `${String(row.n).padStart(7)}   ${row.field.padEnd(14)}  ${row.achieved.toFixed(4).padStart(8)}   ${row.optimum.toFixed(4).padStart(7)}   ${row.independent.toFixed(4).padStart(11)}   ${String(equal).padStart(18)}   ${ratio.padStart(21)}`,
  );
}
console.log(`\nTVD target (achieved equals the optimum for every field and N): ${allOptimal ? "met" : "MISSED"}`);
