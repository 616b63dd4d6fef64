/**
 * Real `dramatis` processes for topology tests: an API and worker processes on one database,
 * started with the CLI as an operator would, stopped with a signal (SIGKILL for a crash), with their
 * peak memory read from the kernel. A worker is `dramatis serve` with its listener on a free port
 * (`dramatis worker` works the same queue without HTTP); the API is `serve` with no workers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

export interface DramatisProcess {
  child: ChildProcess;
  /** The API's base URL (a worker listens too, unused). */
  url: string;
  /** The local account's key, as the process printed it. */
  key: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Peak resident memory in MB so far (the kernel's VmHWM), or null once the process is gone. */
  peakMegabytes(): number | null;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface DramatisOptions {
  databaseUrl: string;
  /** Jobs of each kind worked at once; 0: an API that only accepts and answers. */
  workers: number;
  env?: Record<string, string>;
}

const started: DramatisProcess[] = [];
const folders: string[] = [];

export async function startDramatis({ databaseUrl, workers, env = {} }: DramatisOptions): Promise<DramatisProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "dramatis-topology-"));
  folders.push(dataDir);
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), "serve"], {
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
  const { url, key } = await new Promise<{ url: string; key: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dramatis did not start:\n${output}`)), 60_000);
    const check = () => {
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      const key = /API key: (ak_\S+)/.exec(output)?.[1];
      if (url && key) {
        clearTimeout(timer);
        resolve({ url, key });
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dramatis exited (${code}):\n${output}`));
    });
  });
  const process_: DramatisProcess = {
    child,
    url,
    key,
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
  return process_;
}

/** Calls the API of a process with its key; the parsed JSON body. */
export async function callDramatis(target: Pick<DramatisProcess, "url" | "key">, method: string, path: string, body?: unknown): Promise<any> {
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
