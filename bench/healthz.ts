/**
 * `node --import tsx bench/healthz.ts`: does anything hold the server's event loop? A `dramatis
 * serve` process (embedded database, its own workers) generates `BENCH_HEALTHZ_COUNT` personas
 * (default 100,000), then its finished result is polled `BENCH_HEALTHZ_POLLS` times (default 3),
 * while this process asks `/healthz` every 20 ms. Prints p50 / p99 / max latency of those probes
 * per phase (writing the shards, computing the reports once every persona is stored, polling the
 * result) and how many took over 100 ms, and the server's peak RSS and CPU seconds (its threads
 * included, and its main thread's alone) after each phase. Target: max under 100 ms in every phase; peak RSS under 600 MB.
 *
 * The server runs in a process of its own so the probes' timers are not delayed by the work they
 * measure; `BENCH_HEALTHZ_DATABASE_URL` runs it on a Postgres server instead, and
 * `BENCH_HEALTHZ_SERVER_NODE_ARGS` gives it Node arguments (`--cpu-prof`: a profile of every thread).
 * `BENCH_HEALTHZ_MEMORY_KINDS=1` prints, for each phase, where the server's resident memory was at its
 * peak (V8's heaps, glibc's malloc, other anonymous mappings, files: `residentByKind`).
 */
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const COUNT = Number(process.env.BENCH_HEALTHZ_COUNT ?? 100_000);
const POLLS = Number(process.env.BENCH_HEALTHZ_POLLS ?? 3);
const PROBE_EVERY_MS = 20;
/** How long the server is watched idle after the last poll: is the memory of the job given back? */
const AFTER_SECONDS = Number(process.env.BENCH_HEALTHZ_AFTER_SECONDS ?? 15);
const TARGET_MS = 100;
const bin = join(import.meta.dirname, "..", "bin", "dramatis.js");

interface Phase {
  name: string;
  latencies: number[];
  /** The server's highest RSS seen while this phase ran (MB, sampled every `RSS_EVERY_MS`). */
  peakMb: number;
  /** With `BENCH_HEALTHZ_MEMORY_KINDS=1`: the server's resident memory by kind at that peak (`residentByKind`). */
  peakKinds?: string;
}

const RSS_EVERY_MS = 100;

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

/** The RSS of a process now, in MB (NaN without /proc). */
function rssMbOf(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** The peak RSS of each process the server started (pid → MB), as last sampled. */
const childPeaks = new Map<number, number>();

function childrenOf(pid: number | undefined): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return threads.flatMap((thread) => {
    try {
      return readFileSync(`/proc/${pid}/task/${thread}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    } catch {
      // The thread ended between the listing and the read.
      return [];
    }
  });
}

function peakMbOf(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * The process that serves: on Linux `bin/dramatis.js` starts the CLI again in a child process with
 * glibc's allocator settings (and stays as a small parent that passes signals on); elsewhere, or
 * with `MALLOC_ARENA_MAX` given, the process started here serves.
 */
function servingPid(started: number | undefined): number | undefined {
  return childrenOf(started).find(runsTheCli) ?? started;
}

function runsTheCli(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dramatis.js");
  } catch {
    return false;
  }
}

const MB = 1024 * 1024;
/** V8 allocates its heaps in pages of this size, each an anonymous mapping of its own. */
const V8_PAGE_KB = 256;
/** glibc's arenas other than the main one are mappings at addresses aligned to their maximum size. */
const GLIBC_ARENA_BYTES = 64 * MB;

/**
 * Where a process's resident memory is, from `/proc/<pid>/smaps`: V8's heap pages (every thread's
 * JS heap), glibc's malloc (`[heap]` and its other arenas: buffers of messages between threads,
 * compression, typed arrays under the mmap threshold), the other anonymous mappings (typed arrays
 * and strings' backing stores of their own, PGlite's WebAssembly memory, compiled code, stacks) and
 * files (node itself, libraries). By the mappings' shapes, so approximate: enough to tell which
 * kind grew between two runs. A heap snapshot or a thread's own `process.memoryUsage()` says what
 * is in each.
 */
function residentByKind(pid: number | undefined): string {
  let smaps: string;
  try {
    smaps = readFileSync(`/proc/${pid}/smaps`, "utf8");
  } catch {
    return "unavailable (no /proc)";
  }
  const kinds = { "V8 heap pages": 0, "glibc malloc": 0, "other anonymous": 0, files: 0 };
  let kind: keyof typeof kinds = "files";
  for (const line of smaps.split("\n")) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const [start, end] = [Number.parseInt(mapping[1] as string, 16), Number.parseInt(mapping[2] as string, 16)];
      const name = mapping[3] ?? "";
      if (name === "[heap]" || (name === "" && start % GLIBC_ARENA_BYTES === 0 && end - start <= GLIBC_ARENA_BYTES)) kind = "glibc malloc";
      else if (name === "" && end - start === V8_PAGE_KB * 1024) kind = "V8 heap pages";
      else if (name === "" || name.startsWith("[")) kind = "other anonymous";
      else kind = "files";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) kinds[kind] += Number(rss[1]) / 1024;
  }
  return Object.entries(kinds).map(([name, mb]) => `${name} ${mb.toFixed(0)}`).join(", ");
}

/**
 * Samples the server's RSS every `RSS_EVERY_MS` into the current phase's peak, and, with
 * `BENCH_HEALTHZ_RSS_TIMELINE=1`, prints it once a second: where in a phase the peak is.
 */
function startSamplingRss(server: () => number | undefined, current: () => Phase) {
  const begun = performance.now();
  let lastPrinted = -1;
  const timer = setInterval(() => {
    const pid = server();
    const rss = rssMbOf(pid);
    const phase = current();
    if (rss > phase.peakMb) {
      // Read again only when the peak grows by a few MB: a read of smaps costs milliseconds.
      if (process.env.BENCH_HEALTHZ_MEMORY_KINDS === "1" && rss > phase.peakMb + 4) phase.peakKinds = residentByKind(pid);
      phase.peakMb = rss;
    }
    // Processes the server starts (the embedded database's initialiser, once per data folder) count too.
    for (const child of childrenOf(pid).filter((each) => !runsTheCli(each))) {
      const peak = peakMbOf(child);
      if (peak > (childPeaks.get(child) ?? 0)) childPeaks.set(child, peak);
    }
    const second = Math.floor((performance.now() - begun) / 1000);
    if (process.env.BENCH_HEALTHZ_RSS_TIMELINE === "1" && second !== lastPrinted) {
      lastPrinted = second;
      console.log(`  ${String(second).padStart(4)} s  ${phase.name.padEnd(22)} RSS ${rss.toFixed(0)} MB`);
    }
  }, RSS_EVERY_MS);
  return () => clearInterval(timer);
}

function report({ name, latencies }: Phase): boolean {
  const sorted = [...latencies].sort((a, b) => a - b);
  const max = sorted.at(-1) ?? Number.NaN;
  const over = sorted.filter((ms) => ms > TARGET_MS).length;
  const verdict = max < TARGET_MS ? "met" : "MISSED";
  console.log(
    `${name.padEnd(22)} ${String(sorted.length).padStart(6)} probes   p50 ${percentile(sorted, 0.5).toFixed(1).padStart(7)} ms   p99 ${percentile(sorted, 0.99).toFixed(1).padStart(7)} ms   max ${max.toFixed(1).padStart(8)} ms   over ${TARGET_MS} ms: ${over}   (target max < ${TARGET_MS} ms: ${verdict})`,
  );
  return max < TARGET_MS;
}

/** Probes `/healthz` every 20 ms (without waiting for the previous answer) into the current phase. */
function startProbing(url: string, current: () => Phase) {
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const phase = current();
    const started = performance.now();
    const probe = fetch(`${url}/healthz`)
      .then((response) => response.arrayBuffer())
      .then(() => void phase.latencies.push(performance.now() - started))
      .catch(() => void phase.latencies.push(Number.POSITIVE_INFINITY))
      .finally(() => pending.delete(probe));
    pending.add(probe);
  }, PROBE_EVERY_MS);
  return async () => {
    clearInterval(timer);
    await Promise.all(pending);
  };
}

/** CPU seconds from a /proc stat file: utime and stime are fields 14 and 15, in clock ticks (100 a second on Linux). */
function cpuSecondsOf(statPath: string): number {
  const fields = readFileSync(statPath, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The server's peak RSS so far and the CPU seconds it used: every thread, and its main thread
 * alone (the HTTP thread, whose busy spells are what delay /healthz), from /proc.
 */
function serverFigures(pid: number | undefined): string {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const peak = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
    const cpu = cpuSecondsOf(`/proc/${pid}/stat`);
    const mainThread = cpuSecondsOf(`/proc/${pid}/task/${pid}/stat`);
    return `server peak RSS ${peak.toFixed(0)} MB, CPU ${cpu.toFixed(1)} s (main thread ${mainThread.toFixed(1)} s)`;
  } catch {
    return "server figures unavailable (no /proc)";
  }
}

/**
 * A status poll's answer, read without parsing a finished population's whole result in this process:
 * the answer that says "succeeded" carries the result (336 MB of JSON at 100,000), and parsing it
 * here held this process's event loop ~1.7 s — the probes it sends to /healthz waited with it, and
 * one probe in the report phase measured this process's own stall as the server's (3 of 5 runs,
 * session 21). A small answer is parsed whole; a large one is read to its status and dropped.
 */
async function statusOf(response: Response): Promise<{ status: string; error?: string; progress?: { produced?: number; total?: number } }> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return JSON.parse(text) as { status: string };
    text += decoder.decode(value, { stream: true });
    if (text.length > 1_000_000) {
      await reader.cancel();
      const status = /"status"\s*:\s*"(\w+)"/.exec(text)?.[1];
      if (!status) throw new Error("a poll's answer over 1 MB names no status in its first megabyte");
      return { status };
    }
  }
}

/**
 * A request sent on a kept-alive connection the server closed as it was sent is sent once more, and
 * said. Under load the poll after the status loop's last answer (the whole result, uncompressed:
 * 336 MB at 100,000 personas, read for minutes) failed so, "other side closed" before any answer, in
 * 3 of 8 runs at load 17-45 (session 12), with and without the allocator settings: this process,
 * busy reading that answer, had not yet seen the server end connections idle past its keep-alive
 * timeout (72 s). Any other failure, or a second one, ends the run.
 */
async function fetchOnceMoreIfClosed(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; socket?: { bytesRead?: number } } }).cause;
    if (cause?.code !== "UND_ERR_SOCKET") throw error;
    console.log(`a poll's connection was closed before its answer (it had read ${cause.socket?.bytesRead ?? "?"} bytes before); sent again`);
    return fetch(url, init);
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "dramatis-bench-healthz-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    DRAMATIS_DATA_DIR: dataDir,
    PORT: "0",
    DRAMATIS_RATE_LIMIT_PER_MINUTE: "0",
    DRAMATIS_MAX_COUNT: String(Math.max(COUNT, 1000)),
    DRAMATIS_LOG_LEVEL: "warn",
    // The C library's allocator settings: bin/dramatis.js gives the server `MALLOC_ARENA_MAX=2` unless
    // the environment sets it (`MALLOC_ARENA_MAX=0` measures glibc's default); any MALLOC_* given here is passed on.
    ...Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith("MALLOC_") && entry[1] !== undefined)),
    ...(process.env.BENCH_HEALTHZ_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_HEALTHZ_DATABASE_URL } : {}),
    // The engine's settings given to the bench (threads, renewal, large-task threads) are the server's.
    ...Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith("DRAMATIS_ENGINE_") && entry[1] !== undefined)),
  };
  // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (not allowed in NODE_OPTIONS): where the server's threads spend their long stretches.
  const nodeArguments = (process.env.BENCH_HEALTHZ_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const server = spawn(process.execPath, [...nodeArguments, bin, "serve"], { env, stdio: ["ignore", "pipe", "inherit"] });
  const starting: Phase = { name: "start and idle", latencies: [], peakMb: 0 };
  const generating: Phase = { name: `generate ${COUNT}`, latencies: [], peakMb: 0 };
  const reporting: Phase = { name: "reports (all stored)", latencies: [], peakMb: 0 };
  const polling: Phase = { name: `poll the result ×${POLLS}`, latencies: [], peakMb: 0 };
  const after: Phase = { name: `${AFTER_SECONDS} s after`, latencies: [], peakMb: 0 };
  let phase = starting;
  // Found once the CLI's process has started (until then, the process started here is sampled).
  let serving: number | undefined;
  const serverPid = () => (serving !== undefined && serving !== server.pid ? serving : (serving = servingPid(server.pid)));
  const stopSamplingRss = startSamplingRss(serverPid, () => phase);
  let stopping = false;
  try {
    let output = "";
    // `BENCH_HEALTHZ_SERVER_OUTPUT=<file>`: the server's standard output kept (e.g. `--trace-gc`'s lines, per thread's heap).
    const kept = process.env.BENCH_HEALTHZ_SERVER_OUTPUT;
    if (kept) writeFileSync(kept, "");
    server.stdout.on("data", (chunk) => {
      if (kept) appendFileSync(kept, chunk);
      if (output.length < 100_000) output += chunk;
    });
    const started = await new Promise<{ url: string; key: string }>((resolve, reject) => {
      const check = setInterval(() => {
        const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
        const key = /API key: (ak_\S+)/.exec(output)?.[1];
        if (url && key) {
          clearInterval(check);
          resolve({ url, key });
        }
      }, 50);
      server.once("exit", (code) => reject(new Error(`dramatis serve exited (${code}):\n${output}`)));
    });
    server.once("exit", (code, signal) => {
      if (!stopping) console.error(`the server ended during the run (exit code ${code}, signal ${signal}); ${output.slice(-2_000)}`);
    });
    const headers = { authorization: `Bearer ${started.key}`, "content-type": "application/json" };
    console.log(`/healthz every ${PROBE_EVERY_MS} ms while ${COUNT.toLocaleString("en-US")} personas are generated, then while the result is polled ${POLLS} times`);

    // Idle a second first: what the server holds before any work.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    phase = generating;
    const stopProbing = startProbing(started.url, () => phase);

    const begun = performance.now();
    const accepted = (await (await fetch(`${started.url}/v1/personas/actions/generate`, { method: "POST", headers, body: JSON.stringify({ prompt: "League of Legends players from around the globe", count: COUNT, seed: 7 }) })).json()) as { id: string };
    const pollPath = `${started.url}/v1/personas/repositories/Population/by-id/${accepted.id}`;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // `result` is left out while running (it is null until then), so these polls stay small.
      let poll: { status: string; error?: string; progress?: { produced?: number; total?: number } };
      try {
        poll = await statusOf(await fetch(pollPath, { headers }));
      } catch (error) {
        // A reset connection is counted, not fatal: the server is asked again a second later.
        if (server.exitCode !== null || server.signalCode !== null) throw error;
        console.log(`a poll failed (${(error as Error).cause ?? (error as Error).message}) after ${((performance.now() - begun) / 1000).toFixed(1)} s; asking again`);
        continue;
      }
      if (poll.status === "failed") throw new Error(`the population failed: ${poll.error}`);
      if (poll.status === "succeeded") break;
      if (phase === generating && poll.progress?.produced === COUNT) {
        console.log(`every persona stored after ${((performance.now() - begun) / 1000).toFixed(1)} s; ${serverFigures(serverPid())}`);
        phase = reporting;
      }
    }
    console.log(`generated in ${((performance.now() - begun) / 1000).toFixed(1)} s; ${serverFigures(serverPid())}`);
    phase = polling;
    for (let round = 0; round < POLLS; round++) {
      const response = await fetchOnceMoreIfClosed(pollPath, { headers: { ...headers, "accept-encoding": "gzip" } });
      let bytes = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
      if (round === 0) console.log(`result: ${(bytes / 1e6).toFixed(1)} MB of JSON (sent gzipped)`);
    }
    await stopProbing();
    console.log(`after polling: ${serverFigures(serverPid())}`);
    phase = after;
    await new Promise((resolve) => setTimeout(resolve, AFTER_SECONDS * 1000));
    const rssAfter = rssMbOf(serverPid());
    stopSamplingRss();
    if (serverPid() !== server.pid) console.log(`the bin/dramatis.js process that started the server's (allocator settings): peak RSS ${peakMbOf(server.pid as number).toFixed(0)} MB`);
    if (childPeaks.size > 0) console.log(`processes the server started: ${[...childPeaks.values()].map((peak) => `peak RSS ${peak.toFixed(0)} MB`).join(", ")}`);
    console.log(`server peak RSS by phase: ${[starting, generating, reporting, polling, after].map((each) => `${each.name} ${each.peakMb.toFixed(0)} MB`).join(", ")}; RSS ${AFTER_SECONDS} s after the last poll ${rssAfter.toFixed(0)} MB (target < 600 MB throughout)\n`);
    for (const each of [starting, generating, reporting, polling, after]) if (each.peakKinds) console.log(`  at the peak of '${each.name}' (MB, from smaps): ${each.peakKinds}`);
    const met = [report(generating), report(reporting), report(polling)].every(Boolean);
    console.log(`\n/healthz within ${TARGET_MS} ms throughout: ${met ? "met" : "MISSED"}`);
  } finally {
    stopSamplingRss();
    stopping = true;
    // A server that already ended (it failed to start) has sent its exit event: waiting for it would hang.
    if (server.exitCode === null && server.signalCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
