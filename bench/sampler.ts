/**
 * Structured sampling alone (no writing, rendering or reports): 100,000 personas of a six-field
 * blueprint shaped like the sampler's property tests (a root categorical, a conditional child, two
 * numerics, a derived field and a constraint). This figure used to be a timed unit test; timing
 * belongs here, where runs are repeated and medians quoted.
 */
import type { BlueprintInput } from "../src/engine/blueprint-check.ts";
import { sampleStructured } from "../src/engine/sampler.ts";

export const SAMPLER_COUNT = 100_000;
export const SAMPLER_TARGET_SECONDS = 5;
const RUNS = 3;

const SIX_FIELDS: BlueprintInput = {
  domain: "bench",
  order: ["root", "child", "x", "y"],
  fields: [
    { name: "root", kind: "categorical", categorical: { weights: { a: 7, b: 3, c: 12, d: 1, e: 5 } } },
    {
      name: "child",
      kind: "categorical",
      parents: ["root"],
      categorical: { weights: { p: 1, q: 1 } },
      conditionals: [{ when: { root: "a" }, categorical: { weights: { k0: 4, k1: 2, k2: 9 } } }],
    },
    { name: "x", kind: "numeric", numeric: { min: -20, max: 60, mean: 15, sd: 18, integer: false } },
    { name: "y", kind: "numeric", parents: ["root"], numeric: { min: 0, max: 100, mean: 50, sd: 30, integer: true } },
    { name: "gap", kind: "derived", formula: "y - x" },
  ],
  constraints: [{ name: "y_above_x", lhs: "y", op: ">=", rhs: "x" }],
};

/** Median wall and CPU time of a few runs, in seconds (CPU time is steadier on a shared machine). */
export function samplerSeconds(): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const personas = sampleStructured(SIX_FIELDS, SAMPLER_COUNT, run + 1);
    const used = process.cpuUsage(cpuStarted);
    wall.push((performance.now() - started) / 1000);
    cpu.push((used.user + used.system) / 1e6);
    if (personas.length !== SAMPLER_COUNT) throw new Error(`expected ${SAMPLER_COUNT} personas, got ${personas.length}`);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
  return { wall: median(wall), cpu: median(cpu) };
}
