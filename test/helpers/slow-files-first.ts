/**
 * The order test files start in: the few that take longest first, then vitest's own order.
 *
 * Files wait in one queue for the forks, so a long file that starts last ends the run alone while
 * the other fork idles. Vitest puts the longest files first from the durations of the previous run,
 * but a fresh clone (CI, `npm install && npm test`) has none: it then starts the largest files
 * first, and the longest ones (real processes, a Postgres server, browsers) are not the largest.
 * Those are named here, longest first, from the durations of a full run on an idle machine.
 */
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Longest first; a file missing from the checkout is skipped. */
export const SLOW_FILES = [
  "src/jobs/topology.test.ts",
  "test/postgres-server.test.ts",
  "src/offline/writer.test.ts",
  "src/cli/cli.test.ts",
  "src/jobs/reconcile.test.ts",
  "src/jobs/shutdown.test.ts",
  "web/e2e/population-studio.e2e.test.ts",
  "test/crash-recovery.test.ts",
  // A first `dramatis serve` on a new data folder: a process and an initdb, ~15 CPU-s in a small file.
  "test/data-folder-permissions.test.ts",
  "src/jobs/workers.test.ts",
  "web/e2e/npc-studio.e2e.test.ts",
  "src/api/routes/populations-stored.test.ts",
];

export default class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const position = SLOW_FILES.indexOf(relative(this.ctx.config.root, file.moduleId).split("\\").join("/"));
      return position === -1 ? SLOW_FILES.length : position;
    };
    // Array.prototype.sort is stable: the files not named keep vitest's order after the named ones.
    return sorted.sort((first, second) => rank(first) - rank(second));
  }
}
