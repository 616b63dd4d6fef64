/**
 * `DRAMATIS_REPORT_MEMORY_LOG=<file>`: a worker's report steps append one JSON line each to that
 * file with the process's memory at that point (rss, and the calling thread's heap, external memory
 * and array buffers), and on the thread that called `startReportMemorySampling` (a worker's main
 * thread) the highest RSS sampled since its previous line, with the heap and array buffers at that
 * moment. Which step holds a reporting worker's memory at a million personas was a guess for three
 * sessions (decision 0008, "Session 16"): this says it, in a real worker, at no cost when unset.
 */
import { appendFileSync } from "node:fs";
import { threadId } from "node:worker_threads";

const file = process.env.DRAMATIS_REPORT_MEMORY_LOG;
const megabytes = (bytes: number) => Math.round(bytes / 1e6);

let sampler: ReturnType<typeof setInterval> | undefined;
let peak: NodeJS.MemoryUsage | undefined;

/** Samples this process's RSS every 50 ms while the log is on, for the peak between two marks. */
export function startReportMemorySampling(): void {
  if (!file || sampler) return;
  sampler = setInterval(() => {
    const usage = process.memoryUsage();
    if (!peak || usage.rss > peak.rss) peak = usage;
  }, 50);
  sampler.unref();
}

/** One line for `step` (with `detail`), when the log is on. */
export function reportMemoryMark(step: string, detail: Record<string, unknown> = {}): void {
  if (!file) return;
  const usage = process.memoryUsage();
  const since = peak && peak.rss > usage.rss ? peak : usage;
  peak = undefined;
  const line = {
    at: new Date().toISOString(),
    pid: process.pid,
    thread: threadId,
    step,
    ...detail,
    rss: megabytes(usage.rss),
    heapUsed: megabytes(usage.heapUsed),
    heapTotal: megabytes(usage.heapTotal),
    external: megabytes(usage.external),
    arrayBuffers: megabytes(usage.arrayBuffers),
    ...(sampler ? { peakRssSince: megabytes(since.rss), atPeakHeapUsed: megabytes(since.heapUsed), atPeakArrayBuffers: megabytes(since.arrayBuffers) } : {}),
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}
