/**
 * Real `dramatis` processes for topology tests: an API and worker processes on one database,
 * started with the CLI as an operator would, stopped with a signal (SIGKILL for a crash), with their
 * peak memory read from the kernel. The API is `dramatis serve` (with no workers for an API that
 * only accepts); a worker is `dramatis worker` as deploy/compose.yaml runs it, or `dramatis serve`
 * with workers and its listener on a free port (`startDramatis`, as bench/scale.ts measures it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { scratchRoot } from "./database-template.ts";
import { dramatisBundle } from "./dramatis-bundle.ts";

const root = join(import.meta.dirname, "..", "..");

export interface DramatisProcess {
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Peak resident memory in MB so far (the kernel's VmHWM), or null once the process is gone. */
  peakMegabytes(): number | null;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A `dramatis serve` process. */
export interface DramatisServer extends DramatisProcess {
  /** The API's base URL (a serving worker listens too, unused). */
  url: string;
  /** The local account's key, as the process printed it. */
  key: string;
}

export interface DramatisOptions {
  databaseUrl: string;
  /** Jobs of each kind worked at once; 0: an API that only accepts and answers. */
  workers: number;
  env?: Record<string, string>;
  /**
   * Runs the CLI bundled into JavaScript (dramatis-bundle.ts) instead of through tsx: the same
   * code, loaded in about half the CPU. Tests that start many processes use it; benchmarks measure
   * what an operator starts.
   */
  bundled?: boolean;
}

const started: DramatisProcess[] = [];
const folders: string[] = [];

/** Starts `dramatis <command>` and resolves once `ready` finds what it waits for in its output. */
async function startProcess<Ready>(command: "serve" | "worker", { databaseUrl, workers, env = {}, bundled = false }: DramatisOptions, ready: (output: string) => Ready | undefined) {
  const dataDir = mkdtempSync(join(scratchRoot(), "dramatis-topology-"));
  folders.push(dataDir);
  const entry = bundled ? [await dramatisBundle()] : ["--import", "tsx", join(root, "src/cli/main.ts")];
  const child = spawn(process.execPath, [...entry, command], {
    cwd: root,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      DRAMATIS_DATA_DIR: dataDir,
      DRAMATIS_API_KEY: "",
      DRAMATIS_WORKERS: String(workers),
      DRAMATIS_RATE_LIMIT_PER_MINUTE: "0",
      DRAMATIS_MAX_COUNT: "1000000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const found = await new Promise<Ready>((resolve, reject) => {
    // Generous: starting is not what is tested, and a loaded machine takes a minute for it.
    const timer = setTimeout(() => reject(new Error(`dramatis ${command} did not start:\n${output}`)), 180_000);
    const check = () => {
      const value = ready(output);
      if (value !== undefined) {
        clearTimeout(timer);
        resolve(value);
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dramatis ${command} exited (${code}):\n${output}`));
    });
  });
  const process_: DramatisProcess = {
    child,
    output: () => output,
    peakMegabytes() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        const kilobytes = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
        return kilobytes ? Math.round(Number(kilobytes) / 1024) : null;
      } catch {
        return null;
      }
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  started.push(process_);
  return { process_, found };
}

/** `dramatis serve`: with `workers: 0` an API that only accepts, else an API that works jobs too. */
export async function startDramatis(options: DramatisOptions): Promise<DramatisServer> {
  const { process_, found } = await startProcess("serve", options, (output) => {
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    const key = /API key: (ak_\S+)/.exec(output)?.[1];
    return url && key ? { url, key } : undefined;
  });
  return Object.assign(process_, found);
}

/** `dramatis worker`: works `workers` jobs of each kind, no HTTP. */
export async function startDramatisWorker(options: DramatisOptions): Promise<DramatisProcess> {
  const { process_ } = await startProcess("worker", options, (output) => (/Dramatis worker on /.test(output) ? true : undefined));
  return process_;
}

/** Calls the API of a process with its key; the parsed JSON body. */
export async function callDramatis(target: Pick<DramatisServer, "url" | "key">, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${target.key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/** Ends every process these tests started (SIGKILL: nothing of theirs is checked any more) and removes their folders. */
export async function stopAllDramatis(): Promise<void> {
  await Promise.all(started.splice(0).map((process_) => process_.kill("SIGKILL")));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}
