// The entry of every engine worker thread. A worker thread does not inherit the TypeScript loader
// its process runs under (tsx, registered by bin/dramatis.js or `--import tsx`), so it registers
// one of its own before loading the tasks.
import { register } from "tsx/esm/api";

register();
const [{ ENGINE_TASKS }, { WHOLE_POPULATION_TASKS }] = await Promise.all([import("./engine-tasks.ts"), import("./whole-population-task.ts")]);
const TASKS = { ...ENGINE_TASKS, ...WHOLE_POPULATION_TASKS };
// Loaded by the first persona save checked here, so threads that only generate never load the NPC modules.
TASKS.checkNpcSave = async (input) => (await import("./npc-tasks.ts")).NPC_TASKS.checkNpcSave(input);

/**
 * Runs one task: `{ task: name, input }` → `{ output }`, or `{ failure }` with what the main thread
 * needs to throw the same error again (a thrown error would cross the boundary as a bare Error, and
 * a blueprint or sampling failure must keep its class: it decides the job's failure category).
 */
export default async function run({ task, input }) {
  try {
    return { output: await TASKS[task](input) };
  } catch (error) {
    const { name = "Error", message = String(error), issues, constraint } = error instanceof Error ? error : {};
    return { failure: { name, message, issues, constraint, stack: error instanceof Error ? error.stack : undefined } };
  }
}
