/**
 * `node --import tsx bench/poll-memory.ts [count]`: the server's peak memory and responsiveness
 * while a big finished population is polled (issue 16: peak RSS < 600 MB at any N; /healthz within
 * 100 ms while a population is polled).
 *
 * 1. A population of `count` personas (default 100,000; about 3.3 KB each, as offline personas are)
 *    is written straight into a throwaway embedded database in the sharded shape (rows of
 *    `BENCH_POLL_BATCH`, default 1,000 personas), through an app started in this process.
 * 2. `dramatis serve` is started on that folder as a child process on a free loopback port.
 * 3. The population is polled once as identity bytes and once gzip, then exported as JSONL and as
 *    CSV gzip (by curl, in a process of its
 *    own, reading as fast as it can into /dev/null), while /healthz is probed every 50 ms from this
 *    process and the server's VmRSS and VmHWM (peak resident set) are read from /proc every 50 ms.
 * 4. Printed: bytes, time to first byte, total time, worst /healthz latency, peak RSS of the server
 *    process, and its RSS before, during and 5 s after the polls (memory given back), with the
 *    server's own `process.memoryUsage()` (JS heap, external, array buffers; the rest of RSS is
 *    code and the embedded database's WebAssembly memory).
 *
 * `BENCH_POLL_DATA_DIR=<folder>` keeps the database there and reuses it on the next run (writing
 * 100,000 personas takes minutes on a loaded machine). `BENCH_POLL_ENCODINGS` (default
 * `identity,gzip`) and `BENCH_POLL_EXPORTS` (default `jsonl,csv:gzip`: format, then `:encoding`)
 * choose the reads; an empty value skips them.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { loadConfig } from "../src/config.ts";
import { startApp } from "../src/app.ts";
import { storeShardedPopulation, SYNTHETIC_BLUEPRINT, syntheticPersona } from "./stored-population.ts";

const run = promisify(execFile);
const COUNT = Number(process.argv[2] ?? 100_000);
const BATCH = Number(process.env.BENCH_POLL_BATCH ?? 1_000);
const TEXT_CHARACTERS = 2_200;
const TARGET_PEAK_MB = 600;

async function main(): Promise<void> {
  const kept = process.env.BENCH_POLL_DATA_DIR;
  const dataDir = kept ?? mkdtempSync(join(tmpdir(), "dramatis-poll-memory-"));
  const idFile = join(dataDir, `bench-population-${COUNT}`);
  let child: ReturnType<typeof spawn> | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    const id = kept && existsSync(idFile) ? readFileSync(idFile, "utf8") : await writePopulation(dataDir);
    writeFileSync(idFile, id);
    const port = await freePort();
    // SIGUSR2 makes the server print its own view of its memory (this bench's probe, nothing else).
    // With BENCH_POLL_GC=1 it collects garbage first, to tell memory held from garbage not yet collected.
    const collect = process.env.BENCH_POLL_GC === "1";
    const reportMemory = `data:text/javascript,process.on("SIGUSR2",()=>{${collect ? "globalThis.gc();" : ""}process.stderr.write("MEMORY "+JSON.stringify(process.memoryUsage())+"\\n")})`;
    child = spawn(process.execPath, [...(collect ? ["--expose-gc"] : []), "--import", reportMemory, "--import", "tsx", "src/cli/main.ts", "serve"], {
      env: { ...process.env, DRAMATIS_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", DRAMATIS_RATE_LIMIT_PER_MINUTE: "0", DRAMATIS_WORKERS: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.startsWith("MEMORY ")) {
          const usage = JSON.parse(line.slice(7)) as Record<string, number>;
          console.log(`  server's own count: ${Object.entries(usage).map(([name, bytes]) => `${name} ${mb(bytes)} MB`).join(", ")}`);
        } else if (line.trim() !== "") process.stderr.write(`${line}\n`);
      }
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(base, child);
    const key = readFileSync(join(dataDir, "dev-key"), "utf8").trim();
    const pid = child.pid as number;
    const idle = memoryOf(pid);
    console.log(`server up: pid ${pid}, RSS ${mb(idle.rss)} MB idle`);
    await askMemory(child);

    const population = `${base}/v1/personas/repositories/Population/by-id/${id}`;
    const reads = [
      ...(process.env.BENCH_POLL_ENCODINGS ?? "identity,gzip").split(",").filter((encoding) => encoding !== "").map((encoding) => ({ name: `poll (${encoding})`, url: population, encoding })),
      ...(process.env.BENCH_POLL_EXPORTS ?? "jsonl,csv:gzip").split(",").filter((read) => read !== "").map((read) => {
        const [format, encoding = "identity"] = read.split(":");
        return { name: `export ${format} (${encoding})`, url: `${population}/personas?format=${format}`, encoding };
      }),
    ];
    for (const { name, url, encoding } of reads) {
      const probe = startProbes(base, pid);
      const poll = await timedGet(url, { authorization: `Bearer ${key}`, "accept-encoding": encoding });
      const seen = await probe.stop();
      console.log(
        `${name}: status ${poll.status}, ${mb(poll.bytes)} MB on the wire, first byte ${poll.firstByteMs.toFixed(0)} ms, total ${poll.totalMs.toFixed(0)} ms; ` +
          `/healthz over ${seen.probes} probes: median ${seen.medianHealthMs.toFixed(0)} ms, p99 ${seen.p99HealthMs.toFixed(0)} ms, worst ${seen.worstHealthMs.toFixed(0)} ms, ${seen.overTarget} over 100 ms; server RSS max ${mb(seen.maxRss)} MB`,
      );
      await askMemory(child);
    }
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const after = memoryOf(pid);
    const peak = after.hwm;
    console.log(`server RSS 5 s after the polls: ${mb(after.rss)} MB (idle before: ${mb(idle.rss)} MB)`);
    await askMemory(child);
    console.log(`peak RSS of the server (VmHWM): ${mb(peak)} MB; target < ${TARGET_PEAK_MB} MB: ${peak / 2 ** 20 < TARGET_PEAK_MB ? "met" : "MISSED"}`);
  } finally {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child?.once("exit", resolve));
    }
    if (!kept) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The population in the sharded shape, written by an app in this process (closed before the server opens the folder). */
async function writePopulation(dataDir: string): Promise<string> {
  const started = Date.now();
  const app = await startApp({ ...loadConfig({}), dataDir, port: 0, host: "127.0.0.1" }, { workers: false, listen: false, seedExamples: false });
  try {
    const id = await storeShardedPopulation(app.context.store.db, app.context.jobs, {
      accountId: app.devAccount.id,
      count: COUNT,
      batchSize: BATCH,
      personaAt: (index) => syntheticPersona(index, COUNT, TEXT_CHARACTERS),
      result: { blueprint: SYNTHETIC_BLUEPRINT, diversity: { mean_pairwise_similarity: 0.2, max_pairwise_similarity: 0.5, duplicate_pairs: 0 }, marginals: [] },
    });
    console.log(`stored ${COUNT.toLocaleString("en-US")} personas in rows of ${BATCH} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return id;
  } finally {
    await app.close();
  }
}

/**
 * One GET by curl in a process of its own, so that reading hundreds of megabytes never delays this
 * process's /healthz probes (their latency is the server's, not the client's).
 */
async function timedGet(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; firstByteMs: number; totalMs: number }> {
  const headerArguments = Object.entries(headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]);
  const { stdout } = await run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_starttransfer} %{time_total}", ...headerArguments, url], { maxBuffer: 1024 * 1024 });
  const [status = "0", bytes = "0", firstByte = "0", total = "0"] = stdout.trim().split(" ");
  return { status: Number(status), bytes: Number(bytes), firstByteMs: Number(firstByte) * 1000, totalMs: Number(total) * 1000 };
}

/** /healthz every 50 ms (its latency) and the server's memory every 50 ms, until stopped. */
function startProbes(base: string, pid: number) {
  const latencies: number[] = [];
  let maxRss = 0;
  let running = true;
  const health = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(`${base}/healthz`).then((response) => response.arrayBuffer());
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const memory = setInterval(() => (maxRss = Math.max(maxRss, memoryOf(pid).rss)), 50);
  return {
    async stop() {
      running = false;
      clearInterval(memory);
      await health;
      const sorted = [...latencies].sort((first, second) => first - second);
      const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
      return { probes: sorted.length, medianHealthMs: at(0.5), p99HealthMs: at(0.99), worstHealthMs: sorted.at(-1) ?? 0, overTarget: sorted.filter((latency) => latency > 100).length, maxRss };
    },
  };
}

async function askMemory(child: ReturnType<typeof spawn>): Promise<void> {
  child.kill("SIGUSR2");
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/** Resident and peak resident bytes of a process, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rss: kilobytes("VmRSS"), hwm: kilobytes("VmHWM") };
}

async function waitForHealth(base: string, server: ReturnType<typeof spawn>): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode} before answering /healthz`);
    const ok = await fetch(`${base}/healthz`).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the server did not answer /healthz within 60 s");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

await main();
