/**
 * "A job accepted is finished or failed with a reason, across crashes and restarts": a real
 * `dramatis serve` process on the embedded database is killed with SIGKILL in the middle of a
 * population, started again on the same data folder, and the population finishes — identical to
 * the one an uninterrupted run gives for the same seed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePopulation } from "../src/pipeline/generate.ts";
import { createProviders } from "../src/providers.ts";
import { scratchRoot, seedDataFolder } from "./helpers/database-template.ts";
import { dramatisBundle } from "./helpers/dramatis-bundle.ts";

// In memory when the machine has room: the database's writes never wait on a disk.
const dataDir = mkdtempSync(join(scratchRoot(), "dramatis-crash-"));
const children: ChildProcess[] = [];

/**
 * Starting a process and opening the database can take a minute on a loaded machine: not what is
 * tested here, so the waits for it are long.
 */
const START_TIMEOUT_MS = 120_000;

/** `dramatis serve` as a process of its own (the CLI bundled into JavaScript: the same code, started in half the CPU of tsx). */
async function serve(): Promise<{ child: ChildProcess; url: string; key: string }> {
  const child = spawn(process.execPath, [await dramatisBundle(), "serve"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DRAMATIS_DATA_DIR: dataDir, DRAMATIS_API_KEY: "", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), START_TIMEOUT_MS);
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      const key = /API key: (ak_\S+)/.exec(output)?.[1];
      if (url && key) {
        clearTimeout(timer);
        resolve({ child, url, key });
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
}

async function call(url: string, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json() as Promise<any>;
}

// The migrated database a first start leaves (initdb on a host folder costs 10–20 s here): what
// is tested is the kill and the restart.
beforeAll(() => seedDataFolder(dataDir));
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("crash recovery", () => {
  it("finishes a population whose server was killed mid-run, after a restart, with the same personas", async () => {
    const request = { prompt: "1000 League of Legends players from around the globe", count: 1000, seed: 99 };
    const first = await serve();
    const { id } = await call(first.url, first.key, "POST", "/v1/personas/actions/generate", request);
    // Wait until the job is under way, then kill the process without any chance to clean up.
    for (;;) {
      const poll = await call(first.url, first.key, "GET", `/v1/personas/repositories/Population/by-id/${id}`);
      if (poll.status === "running" || poll.status === "succeeded") break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    // Generated here while the second server starts and finishes the job (this process would
    // otherwise only wait): once the kill is done, nothing here is timed.
    const uninterrupted = generatePopulation({ ...request, grounding: "off" }, createProviders("offline"));

    const second = await serve();
    expect(second.key).toBe(first.key);
    let poll;
    // Twice a start's wait: the whole population is made again after the restart, and a run at a
    // load of 24 on 2 cores was still at it after 120 s (the test's own limit is four starts).
    const deadline = Date.now() + 2 * START_TIMEOUT_MS;
    do {
      poll = await call(second.url, second.key, "GET", `/v1/personas/repositories/Population/by-id/${id}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (poll.status !== "succeeded" && poll.status !== "failed" && Date.now() < deadline);
    expect(poll.status).toBe("succeeded");
    expect(poll.result.personas).toHaveLength(1000);

    expect(JSON.stringify(poll.result)).toBe(JSON.stringify(await uninterrupted));
    // Waited for: a process ended after the file is counted (by the CPU table of cpu-by-file.ts)
    // in whichever file this test process runs next, and the whole population's CPU with it.
    const exited = new Promise((resolve) => second.child.once("exit", resolve));
    second.child.kill("SIGTERM");
    await exited;
  }, 4 * START_TIMEOUT_MS);
});
