/**
 * Runs in each test process (vitest `setupFiles`), before each file: lowers the process's CPU
 * priority a little below vitest's own, once.
 *
 * A test process reports every test's progress to vitest's main process and fails the whole run if
 * an answer takes 60 s ("[vitest-worker]: Timeout calling onTaskUpdate", not configurable). On a
 * loaded machine (load 25 on 2 cores here) two full runs ended with 81 of those errors each (they
 * fail a run whose tests all pass), while no test process's event loop was blocked for more than
 * 21 s: the answers most likely came late from a main process starved by everything else
 * (vitest-dev/vitest#11082 reports the same on loaded CI runners). Below it, the test processes
 * (and the servers, threads and browsers they start, which inherit the priority) leave it the CPU
 * it needs to answer; they stay above the type checks `npm test` runs beside them
 * (test/checks-beside-tests.ts). On an idle machine nothing changes.
 */
import { getPriority, setPriority } from "node:os";

/** Nice value added to the test processes (0 is normal, 19 the lowest; the type checks run at 15). */
const TEST_PROCESS_NICENESS = 5;
const LOWERED = Symbol.for("dramatis.test-process-priority-lowered");
const marks = globalThis as { [LOWERED]?: boolean };

if (!marks[LOWERED]) {
  marks[LOWERED] = true;
  try {
    // Each file's process runs this before every file (isolate: false keeps the process): once.
    setPriority(Math.min(19, getPriority() + TEST_PROCESS_NICENESS));
  } catch {
    // Not allowed on this system: the tests run at the priority they were given.
  }
}
