/**
 * The order test files start in: the ones that took longest in a measured run first, then
 * vitest's own order.
 *
 * Files wait in one queue for the forks, so a long file that starts last ends the run alone while
 * the other fork idles. Vitest puts the longest files first from the durations of the previous run,
 * but a fresh clone (CI, `npm install && npm test`) has none: it then starts the largest files
 * first, and the longest ones (real processes, a Postgres server, browsers) are not the largest.
 * Those are listed in slow-files.json, longest first, with the wall time each took in a full run
 * on an idle machine; write-slow-files.ts writes it again from a newer run's per-file table.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

export const SLOW_FILES_PATH = join(import.meta.dirname, "slow-files.json");

export interface SlowFiles {
  /** Which run the figures are from. */
  measured: string;
  /** Longest first; a file missing from the checkout is skipped. */
  files: Array<{ file: string; wallSeconds: number }>;
}

/** The files slow-files.json lists, longest first; none when it is missing (vitest's order alone). */
export function slowFiles(): string[] {
  try {
    return (JSON.parse(readFileSync(SLOW_FILES_PATH, "utf8")) as SlowFiles).files.map((entry) => entry.file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

export default class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const listed = slowFiles();
    const rank = (file: TestSpecification) => {
      const position = listed.indexOf(relative(this.ctx.config.root, file.moduleId).split("\\").join("/"));
      return position === -1 ? listed.length : position;
    };
    // Array.prototype.sort is stable: the files not named keep vitest's order after the named ones.
    return sorted.sort((first, second) => rank(first) - rank(second));
  }
}
