/**
 * Runs once per `vitest run`, before any test file: makes a scratch folder for the test apps' copies
 * of the migrated database template (made by the first test process that needs one:
 * database-template.ts), removed when the run ends, whatever a test forgot to close (and the test
 * processes' shared Postgres servers with it). With `DRAMATIS_TEST_CPU` set, prints the test files that cost most CPU at the end
 * (cpu-by-file.ts).
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { removeStale, scratchRoot } from "./database-template.ts";
import { describeFileCpu, readFileCpu } from "./cpu-by-file.ts";
import { stopSharedServers } from "./postgres.ts";

const SCRATCH_PREFIX = "dramatis-tests-";
/** Files listed at the end of a run that measures CPU by file. */
const CPU_FILES_LISTED = 25;

export default async function setup(project: TestProject): Promise<() => void> {
  removeStale(scratchRoot(), SCRATCH_PREFIX);
  const scratch = mkdtempSync(join(scratchRoot(), SCRATCH_PREFIX));
  project.provide("scratchFolder", scratch);
  // "1" (or any value that is not a .tsv path) prints the table; a .tsv path also keeps every file's line there.
  const cpuSetting = process.env.DRAMATIS_TEST_CPU?.trim() ?? "";
  const cpuReport = cpuSetting ? join(scratch, "cpu-by-file.tsv") : "";
  project.provide("cpuByFileReport", cpuReport);
  return () => {
    if (cpuReport) {
      console.log(`\n${describeFileCpu(readFileCpu(cpuReport), CPU_FILES_LISTED)}\n`);
      if (cpuSetting.endsWith(".tsv")) copyFileSync(cpuReport, cpuSetting);
    }
    rmSync(scratch, { recursive: true, force: true });
    // The test processes' Postgres servers that a signal ended before they could stop them.
    stopSharedServers(process.pid);
  };
}
