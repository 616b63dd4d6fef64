// The entry of every engine worker thread. A worker thread does not inherit the TypeScript loader
// its process runs under (tsx, registered by bin/dramatis.js or `--import tsx`), so it registers
// one of its own before loading the tasks.
import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { markMovable } from "tinypool";
import { register } from "tsx/esm/api";

/**
 * Engine work is batch work: on a machine with fewer cores than busy threads it yields to the
 * thread that answers HTTP and to the embedded database's thread (they keep the process's
 * niceness), so `/healthz` and polls answer at once while populations are generated, and idle cores
 * still go to the engine. `DRAMATIS_ENGINE_NICENESS` (default 10, 0 to turn it off) is added to the
 * process's own (19 is the lowest priority). On Linux a thread's niceness is its own
 * (`/proc/thread-self` names it); elsewhere the call would lower the whole process, so it is not
 * made. Threads this one starts (the TypeScript loader's) inherit it.
 */
const niceness = Number(process.env.DRAMATIS_ENGINE_NICENESS ?? 10);
try {
  const thread = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (Number.isInteger(niceness) && niceness > 0) setPriority(thread, Math.min(19, getPriority(thread) + niceness));
} catch {
  // No /proc (not Linux), or a sandbox that refuses: the thread runs at the process's priority.
}

register();

/**
 * The tasks, their modules loaded when a task first needs them. A thread that only helps a diversity
 * report (`dramatis generate`'s, `npm run bench`'s: `engineReady`, then `makeVectors`) loads that
 * report's module alone: the other tasks' modules (the pipeline, the offline writer's parts, zod)
 * were ~70 ms of CPU of every such thread's start (bundled, loaded: 82–88 ms to import
 * engine-tasks and whole-population-task, 18–22 ms diversity-in-threads). Any other task loads
 * them all, the diversity tasks among them (one module instance either way).
 */
const DIVERSITY_TASK_NAMES = new Set(["engineReady", "makeVectors"]);
let diversityTasks;
let allTasks;

function tasksFor(task) {
  if (allTasks === undefined && DIVERSITY_TASK_NAMES.has(task)) return (diversityTasks ??= import("./diversity-in-threads.ts").then(({ DIVERSITY_TASKS }) => DIVERSITY_TASKS));
  return (allTasks ??= Promise.all([import("./engine-tasks.ts"), import("./whole-population-task.ts")]).then(([{ ENGINE_TASKS }, { WHOLE_POPULATION_TASKS }]) => ({
    ...ENGINE_TASKS,
    ...WHOLE_POPULATION_TASKS,
    // Loaded by the first persona save checked here, so threads that only generate never load the NPC modules.
    checkNpcSave: async (input) => (await import("./npc-tasks.ts")).NPC_TASKS.checkNpcSave(input),
  })));
}

/**
 * Runs one task: `{ task: name, input }` → `{ output }`, or `{ failure }` with what the main thread
 * needs to throw the same error again (a thrown error would cross the boundary as a bare Error, and
 * a blueprint or sampling failure must keep its class: it decides the job's failure category).
 */
export default async function run({ task, input, inputs }) {
  // Many inputs of one task (small populations fetched together): one hop for all, each answered
  // on its own, so one input's failure is its own.
  if (inputs) {
    const outcomes = [];
    for (const each of inputs) outcomes.push(await runOne(task, each));
    return { outcomes };
  }
  return runOne(task, input);
}

/**
 * An answer whose output has whole byte arrays at its top level (a shard's JSON, fields, digest:
 * megabytes each) hands their buffers to the main thread instead of copying them there: the copy
 * and its fresh pages were the worker main thread's largest cost after Postgres's parameters (G,
 * session 12: main thread 0.050 → 0.019 CPU-s per 1,000 personas, loaded). Only arrays that own
 * their whole buffer move, so no other value shares the memory given away.
 */
function movingBytes(answer) {
  const output = answer.output;
  const values = output !== null && typeof output === "object" ? Object.values(output) : [];
  const buffers = new Set(values.filter((value) => value instanceof Uint8Array && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && !(value.buffer instanceof SharedArrayBuffer)).map((value) => value.buffer));
  if (buffers.size === 0) return answer;
  const moving = { [Symbol.for("Tinypool.transferable")]: [...buffers], [Symbol.for("Tinypool.valueOf")]: answer };
  markMovable(moving);
  return moving;
}

async function runOne(task, input) {
  try {
    const tasks = await tasksFor(task);
    return movingBytes({ output: await tasks[task](input) });
  } catch (error) {
    const { name = "Error", message = String(error), issues, constraint } = error instanceof Error ? error : {};
    return { failure: { name, message, issues, constraint, stack: error instanceof Error ? error.stack : undefined } };
  }
}
