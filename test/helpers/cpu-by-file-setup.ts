/**
 * Runs before each test file (vitest `setupFiles`): when the run measures CPU by file
 * (`DRAMATIS_TEST_CPU`, see cpu-by-file.ts), takes the fork's CPU now, before the file is loaded,
 * and records what it cost once the file's last hook has run. Otherwise does nothing.
 */
import { relative } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, expect, inject } from "vitest";
import { cpuSample, recordFileCpu } from "./cpu-by-file.ts";

const reportPath = inject("cpuByFileReport");
if (reportPath) {
  const start = cpuSample();
  const startedAt = Date.now();
  // The fork's longest blocked stretch: vitest's messages to its main process time out after 60 s
  // of a blocked event loop ("Timeout calling onTaskUpdate", failing the run), and a file that
  // blocks for seconds idle blocks ten times longer on a loaded machine.
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  // The file this setup runs for, read now rather than from an after-hook's arguments: vitest 3
  // hands that hook the suite, vitest 4 its fixtures first (and insists they be destructured).
  const file = relative(process.cwd(), expect.getState().testPath ?? "");
  // Registered before the file's own hooks, so it runs after them (vitest runs after-hooks in reverse).
  afterAll(() => {
    delay.disable();
    recordFileCpu(reportPath, file, start, startedAt, delay.max / 1e9);
  });
}
