/**
 * CPU by test file, for finding where `npm test`'s time goes: `DRAMATIS_TEST_CPU=1 npm test`
 * prints the files that cost most at the end of the run (`DRAMATIS_TEST_CPU=<file.tsv>` also
 * writes every file's figures there).
 *
 * A run is bound by CPU on a small machine, and a file's duration says little: it grows with what
 * the other fork does meanwhile. Its CPU does not. A fork runs one file at a time, so what the fork
 * spent from the file's start to its end is that file's: its own threads (engine and database
 * threads included) and the processes it started and saw end (servers, workers, browsers; not a
 * Postgres server, which `pg_ctl` detaches). Work a previous file left running is counted in the
 * next one: a file that costs far more here than alone is a sign of such a leak.
 *
 * The kernel's share (system time: page faults of new processes and WASM memories, copies of data
 * folders, process starts) is kept apart too: on some machines it was a fifth of a run.
 */
import { appendFileSync, readFileSync } from "node:fs";

export interface CpuSample {
  /** CPU-seconds of this process, all its threads. */
  self: number;
  /** CPU-seconds of the child processes that have ended and been waited for. */
  children: number;
  /** The part of `self` spent in the kernel. */
  selfSystem: number;
  /** The part of `children` spent in the kernel. */
  childrenSystem: number;
}

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export function cpuSample(): CpuSample {
  const { user, system } = process.cpuUsage();
  const children = childrenCpuSeconds();
  return { self: (user + system) / 1e6, selfSystem: system / 1e6, children: children.user + children.system, childrenSystem: children.system };
}

/** cutime and cstime of /proc/self/stat; 0 where there is no /proc. */
function childrenCpuSeconds(): { user: number; system: number } {
  try {
    // The process name may hold spaces and parentheses: fields are counted after its last ')'.
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 16 and 17 of proc(5); the list starts at field 3.
    return { user: Number(fields[13]) / TICKS_PER_SECOND, system: Number(fields[14]) / TICKS_PER_SECOND };
  } catch {
    return { user: 0, system: 0 };
  }
}

export interface FileCpu {
  file: string;
  self: number;
  children: number;
  wallSeconds: number;
  /** The longest time the fork's event loop was blocked during the file. */
  longestStallSeconds: number;
  /** The kernel's part of `self + children` (0 in a report written before it was recorded). */
  systemSeconds: number;
}

export function recordFileCpu(reportPath: string, file: string, start: CpuSample, startedAt: number, longestStallSeconds: number): void {
  const end = cpuSample();
  // The fork's pid: the lines of one fork, in order, show which file ran before which (a file
  // charged with children it never started follows the file that left them running).
  const system = end.selfSystem - start.selfSystem + (end.childrenSystem - start.childrenSystem);
  // Its start (seconds since the epoch) last: the lines of both forks then give the run's timeline
  // (when a fork sat idle, and which file ended the run alone).
  const line = [file, (end.self - start.self).toFixed(2), (end.children - start.children).toFixed(2), ((Date.now() - startedAt) / 1000).toFixed(1), process.pid, longestStallSeconds.toFixed(2), system.toFixed(2), (startedAt / 1000).toFixed(1)].join("\t");
  // One short line per append: forks writing at once do not interleave within a line.
  appendFileSync(reportPath, `${line}\n`);
}

export function readFileCpu(reportPath: string): FileCpu[] {
  let text = "";
  try {
    text = readFileSync(reportPath, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [file = "", self, children, wall, _pid, stall, system] = line.split("\t");
      return { file, self: Number(self), children: Number(children), wallSeconds: Number(wall), longestStallSeconds: Number(stall ?? 0), systemSeconds: Number(system ?? 0) };
    });
}

/** Files listed by their longest event-loop stall. */
const STALLS_LISTED = 8;

/** The run's table, most CPU first: the `top` most costly files and the total. */
export function describeFileCpu(files: readonly FileCpu[], top: number): string {
  const cpu = (entry: FileCpu) => entry.self + entry.children;
  const sorted = [...files].sort((first, second) => cpu(second) - cpu(first));
  const total = files.reduce((sum, entry) => sum + cpu(entry), 0);
  const system = files.reduce((sum, entry) => sum + entry.systemSeconds, 0);
  const lines = sorted
    .slice(0, top)
    .map((entry) => `${cpu(entry).toFixed(1).padStart(7)}  ${entry.self.toFixed(1).padStart(6)}  ${entry.children.toFixed(1).padStart(8)}  ${entry.systemSeconds.toFixed(1).padStart(6)}  ${entry.wallSeconds.toFixed(1).padStart(6)}  ${entry.longestStallSeconds.toFixed(2).padStart(7)}  ${entry.file}`);
  const stalls = [...files]
    .sort((first, second) => second.longestStallSeconds - first.longestStallSeconds)
    .slice(0, STALLS_LISTED)
    .map((entry) => `${entry.longestStallSeconds.toFixed(2).padStart(7)}  ${entry.file}`);
  return [
    `CPU by test file: ${total.toFixed(1)} CPU-s (${system.toFixed(1)} of them in the kernel) in ${files.length} files (most costly ${Math.min(top, files.length)} below; vitest's own process and the type checks not included)`,
    "  CPU-s    self  children  system  wall s  stall s  file",
    ...lines,
    "",
    "Longest blocked event loop (vitest fails the run when a fork is blocked for 60 s):",
    ...stalls,
  ].join("\n");
}
