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
 * The Postgres server's processes (the postmaster listening on `port` first, then its children), so
 * its CPU can be told apart from the workers'.
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

/**
 * CPU seconds the Postgres server on `port` has used so far: its live processes', plus what the
 * processes that ended had used (the postmaster's reaped children, `cutime + cstime`). The difference
 * of two readings is exact over the window between them: a backend alive at both counts its delta; one
 * that ended in between counts its whole CPU in the reaped figure less what the first reading had of
 * it live; one born and ended in between counts whole. Without the reaped part the figure was a floor,
 * and a low one: pools close connections idle for 10 s, and 17-27 backends ended while 30 shards were
 * generated, which took 0.1-0.15 CPU-s per 1,000 personas with them against 0.02-0.03 counted
 * (decision 0012, "Session 16").
 */
export function postgresCpuSeconds(port: string): number {
  const [postmaster, ...children] = postgresPids(port);
  if (postmaster === undefined) return 0;
  return cpuSeconds(postmaster) + reapedChildrenCpuSeconds(postmaster) + children.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}

/** CPU seconds of a process's children that ended and were waited for (`cutime + cstime`). */
export function reapedChildrenCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // cutime and cstime follow utime and stime (fields 14 and 15 of stat, 13th and 14th after the name).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
  } catch {
    return null;
  }
}
