/**
 * What a process (or one of its threads, or a Postgres server) has cost the machine, read from
 * Linux's /proc: on a machine shared with other work, CPU seconds per component say where a
 * benchmark's time goes more steadily than wall time. Every function answers 0 (or nothing)
 * elsewhere. Used by bench:scale and bench:queue.
 */
import { readdirSync, readFileSync } from "node:fs";

/** CPU seconds a process has used so far, all its threads, ended ones included (`file`: a thread's stat instead). */
export function cpuSeconds(pid: number | undefined, file = `/proc/${pid}/stat`): number {
  try {
    const fields = readFileSync(file, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime are the 12th and 13th fields after the command name, in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds a process's main thread has used so far: the thread that runs its statements and answers HTTP. */
export function mainThreadCpuSeconds(pid: number | undefined): number {
  return cpuSeconds(pid, `/proc/${pid}/task/${pid}/stat`);
}

/** Resident memory of a process now, in MB. */
export function residentMegabytes(pid: number | undefined): number {
  try {
    const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kilobytes ? Math.round(Number(kilobytes) / 1024) : 0;
  } catch {
    return 0;
  }
}

/**
 * The Postgres server's processes (the postmaster listening on `port` and its children), so its CPU
 * can be told apart from the workers'. A backend that ended takes its CPU with it: the figure is a
 * floor (pooled connections live for the whole run).
 */
export function postgresPids(port: string): number[] {
  try {
    const pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).map(Number);
    const postmaster = pids.find((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return argv.some((arg) => arg.endsWith("postgres")) && argv.join(" ").includes(`-p ${port}`);
      } catch {
        return false;
      }
    });
    if (postmaster === undefined) return [];
    return [postmaster, ...pids.filter((pid) => parentOf(pid) === postmaster)];
  } catch {
    return [];
  }
}

/** CPU seconds the Postgres server on `port` has used so far (a floor: see `postgresPids`). */
export function postgresCpuSeconds(port: string): number {
  return postgresPids(port).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

function parentOf(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
  } catch {
    return null;
  }
}
