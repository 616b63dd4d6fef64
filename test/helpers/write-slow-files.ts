/**
 * Writes test/helpers/slow-files.json, the order SlowFilesFirst starts the longest files in, from a
 * run's per-file table: `DRAMATIS_TEST_CPU=/tmp/run.tsv npm test`, then
 * `node --import tsx test/helpers/write-slow-files.ts /tmp/run.tsv`. Take the table of a full run
 * on an idle machine: on a loaded one a file's wall time says more about the load than about it.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readFileCpu } from "./cpu-by-file.ts";
import { SLOW_FILES_PATH, type SlowFiles } from "./slow-files-first.ts";

/** Files shorter than this keep vitest's order: they are the small change at the end that evens the forks out. */
const LISTED_FROM_SECONDS = 5;

const [table, measured] = process.argv.slice(2);
if (!table) {
  console.error("usage: node --import tsx test/helpers/write-slow-files.ts <per-file table .tsv> [what run it is]");
  process.exit(1);
}
const files = readFileCpu(table)
  .filter((entry) => entry.wallSeconds >= LISTED_FROM_SECONDS)
  .sort((first, second) => second.wallSeconds - first.wallSeconds)
  .map((entry) => ({ file: entry.file, wallSeconds: entry.wallSeconds }));
const slowFiles: SlowFiles = { measured: measured ?? table, files };
writeFileSync(SLOW_FILES_PATH, `${JSON.stringify(slowFiles, null, 2)}\n`);
console.log(`${files.length} files of ${LISTED_FROM_SECONDS} s or more written to ${join("test", "helpers", "slow-files.json")}`);
