/**
 * `bin/dramatis.js` on Linux starts a `worker` with glibc's malloc thresholds fixed (big buffers kept
 * on malloc's heaps, so each shard reuses pages already faulted in), and every other command with
 * glibc's defaults; an operator's own threshold is a choice about both, and is kept alone. The
 * compose file's workers (whose image sets `MALLOC_ARENA_MAX`, so the launcher starts no process
 * of its own) are given the same settings.
 *
 * The CLI's process is seen through a module loaded before it (`NODE_OPTIONS=--import`): in the
 * process that has `MALLOC_ARENA_MAX` (the one the launcher starts), it reports the settings and
 * exits before the CLI loads, so no database or bundle is involved.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const bin = join(import.meta.dirname, "..", "bin", "dramatis.js");
const folder = mkdtempSync(join(tmpdir(), "dramatis-bin-malloc-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const probe = join(folder, "probe.mjs");
writeFileSync(
  probe,
  `if (process.env.MALLOC_ARENA_MAX !== undefined) {
  console.log(JSON.stringify({ mmap: process.env.MALLOC_MMAP_THRESHOLD_ ?? null, trim: process.env.MALLOC_TRIM_THRESHOLD_ ?? null }));
  process.exit(0);
}
`,
);

/** The malloc thresholds of the process `bin/dramatis.js` runs the CLI in, for these arguments and environment. */
function cliMalloc(args: string[], env: Record<string, string> = {}): Promise<{ mmap: string | null; trim: string | null }> {
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? "", NODE_OPTIONS: `--import ${probe}`, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  return new Promise((resolve, reject) => child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`exit ${code}: ${output}`)))));
}

describe.runIf(process.platform === "linux")("bin/dramatis.js and glibc's malloc thresholds", () => {
  it("gives a worker 32 MB mmap and 256 MB trim thresholds, options before or after the command", async () => {
    const fixed = { mmap: String(32 * 1024 * 1024), trim: String(256 * 1024 * 1024) };
    expect(await cliMalloc(["worker"])).toEqual(fixed);
    expect(await cliMalloc(["worker", "--concurrency", "2"])).toEqual(fixed);
  });

  it("leaves every other command with glibc's defaults", async () => {
    expect(await cliMalloc(["serve"])).toEqual({ mmap: null, trim: null });
    expect(await cliMalloc(["generate", "worker"])).toEqual({ mmap: null, trim: null });
  });

  it("keeps an operator's threshold and adds no other", async () => {
    expect(await cliMalloc(["worker"], { MALLOC_MMAP_THRESHOLD_: "131072" })).toEqual({ mmap: "131072", trim: null });
    expect(await cliMalloc(["worker"], { MALLOC_TRIM_THRESHOLD_: "0" })).toEqual({ mmap: null, trim: "0" });
  });
});

describe.runIf(process.platform === "linux")("deploy/compose.yaml's workers", () => {
  it("have the malloc thresholds bin/dramatis.js gives a worker, and the API glibc's defaults", async () => {
    const compose = parse(readFileSync(join(import.meta.dirname, "..", "deploy", "compose.yaml"), "utf8"), { merge: true }) as { services: Record<string, { environment: Record<string, string> }> };
    const { mmap, trim } = await cliMalloc(["worker"]);
    expect(compose.services.worker?.environment).toMatchObject({ MALLOC_MMAP_THRESHOLD_: mmap, MALLOC_TRIM_THRESHOLD_: trim });
    expect(compose.services.api?.environment).not.toHaveProperty("MALLOC_MMAP_THRESHOLD_");
  });
});
