/**
 * `bin/dramatis.js` on Linux runs the CLI with glibc's malloc arenas capped (`MALLOC_ARENA_MAX=2`,
 * read by glibc only as a process starts): it starts the CLI again in a process that has the
 * setting, passes its signals on once, exits as the CLI did, and takes the CLI with it when it is
 * killed outright. A value the environment gives is kept, and then nothing is started again.
 *
 * The CLI's process is watched through a module loaded before it (`NODE_OPTIONS=--import`), which
 * reports its environment and a SIGTERM, and keeps it running: no database or server is started.
 * What is tested is the process `bin/dramatis.js` starts, not the CLI's code: the probe's loader hook
 * makes the CLI (its bundle, or its sources) an empty module, since loading it cost ~2 CPU-s a process.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "..", "..", "..", "bin", "dramatis.js");
const folder = mkdtempSync(join(tmpdir(), "dramatis-serve-memory-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// Loaded into every process that runs bin/dramatis.js: reports the process, and (the one that runs
// the CLI) reports a SIGTERM and exits 7 on it, and stays alive until then. The handler is in place
// before the report: the test signals as soon as it reads the report.
const probe = join(folder, "probe.mjs");
/** The CLI's code, bundled (node_modules/.cache/dramatis/cli.mjs) or as sources, as an empty module; everything else as it is. */
const emptyCli = `export async function load(url, context, next) {
  return url.endsWith("/src/cli/main.ts") || url.endsWith("/node_modules/.cache/dramatis/cli.mjs") ? { format: "module", source: "", shortCircuit: true } : next(url, context);
}
`;
writeFileSync(join(folder, "empty-cli-hooks.mjs"), emptyCli);
writeFileSync(
  probe,
  `import { register } from "node:module";
register(${JSON.stringify(pathToFileURL(join(folder, "empty-cli-hooks.mjs")).href)});
if (process.env.MALLOC_ARENA_MAX !== undefined) {
  process.on("SIGTERM", () => { console.error(\`\${process.pid} got SIGTERM\`); process.exit(7); });
  setInterval(() => undefined, 1000);
}
console.error(\`process \${process.pid} of \${process.ppid} MALLOC_ARENA_MAX=\${process.env.MALLOC_ARENA_MAX ?? "unset"}\`);
`,
);

function startBin(env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, "--help"], { env: { PATH: process.env.PATH ?? "", NODE_OPTIONS: `--import ${probe}`, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr.on("data", (chunk) => (errors += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, errors: () => errors, exited };
}

/** False once the process has ended (gone, or a zombie its new parent has not reaped yet). */
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

describe.runIf(process.platform === "linux")("bin/dramatis.js and glibc's malloc arenas", () => {
  it("runs the CLI with MALLOC_ARENA_MAX=2 in a process of its own, passes a SIGTERM on once and exits with the CLI's code", async () => {
    const run = startBin({});
    await expect.poll(() => /MALLOC_ARENA_MAX=2/.test(run.errors())).toBe(true);
    const cli = Number(/process (\d+) of (\d+) MALLOC_ARENA_MAX=2/.exec(run.errors())?.[1]);
    expect(run.errors()).toContain(`process ${run.child.pid} of ${process.pid} MALLOC_ARENA_MAX=unset`);
    expect(run.errors()).toContain(`process ${cli} of ${run.child.pid} MALLOC_ARENA_MAX=2`);
    run.child.kill("SIGTERM");
    expect(await run.exited).toEqual({ code: 7, signal: null });
    expect(run.errors().match(/got SIGTERM/g)).toEqual(["got SIGTERM"]);
    expect(run.errors()).toContain(`${cli} got SIGTERM`);
  });

  it("ends the CLI when it is killed outright", async () => {
    const run = startBin({});
    await expect.poll(() => /MALLOC_ARENA_MAX=2/.test(run.errors())).toBe(true);
    const cli = Number(/process (\d+) of \d+ MALLOC_ARENA_MAX=2/.exec(run.errors())?.[1]);
    run.child.kill("SIGKILL");
    await run.exited;
    await expect.poll(() => isRunning(cli)).toBe(false);
  });

  it("keeps a value the environment gives, in the process it started", async () => {
    const run = startBin({ MALLOC_ARENA_MAX: "4" });
    await expect.poll(() => /MALLOC_ARENA_MAX=4/.test(run.errors())).toBe(true);
    expect(run.errors()).toContain(`process ${run.child.pid} of ${process.pid} MALLOC_ARENA_MAX=4`);
    run.child.kill("SIGTERM");
    expect(await run.exited).toEqual({ code: 7, signal: null });
    expect(run.errors().match(/process \d+ of/g)).toHaveLength(1);
  });
});

/**
 * Every module URL a process of `bin/dramatis.js` resolves, written by a loader hook (loaded before
 * the CLI through `NODE_OPTIONS=--import`) into a file the test reads once the process has ended.
 * The CLI's sources (`src/cli/main.ts`) load as an empty module: which entry was chosen is what is
 * asked, and loading every module of the CLI through tsx cost ~5 CPU-s. The bundle loads whole: what
 * it imports is part of what is asked.
 */
function resolvedBy(run: string, env: Record<string, string>): Promise<string[]> {
  const log = join(folder, `${run}.resolved`);
  const hooks = join(folder, `${run}-hooks.mjs`);
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, resolved.url + "\\n");
  return resolved;
}
export async function load(url, context, next) {
  return url.endsWith("/src/cli/main.ts") ? { format: "module", source: "", shortCircuit: true } : next(url, context);
}
`,
  );
  const register = join(folder, `${run}-register.mjs`);
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(log, "");
  const child = spawn(process.execPath, [bin, "--help"], { env: { PATH: process.env.PATH ?? "", NODE_OPTIONS: `--import ${register}`, ...env }, stdio: "ignore" });
  return new Promise((resolve) => child.once("exit", () => resolve(readFileSync(log, "utf8").split("\n").filter(Boolean))));
}

describe("bin/dramatis.js and the CLI's code", () => {
  it("runs the CLI bundled from the current sources: no TypeScript loader and no module of ours loaded one by one stays in the process", async () => {
    const resolved = await resolvedBy("bundled", {});
    expect(resolved.filter((url) => url.endsWith("/node_modules/.cache/dramatis/cli.mjs"))).toHaveLength(1);
    expect(resolved.filter((url) => url.endsWith(".ts") || url.includes("/tsx/"))).toEqual([]);
  }, 120_000);

  it("runs the sources through tsx when told to (DRAMATIS_CLI_BUNDLE=0), as it does when no bundle can be made", async () => {
    const resolved = await resolvedBy("sources", { DRAMATIS_CLI_BUNDLE: "0" });
    expect(resolved.some((url) => url.endsWith("/src/cli/main.ts"))).toBe(true);
    expect(resolved.some((url) => url.endsWith("/cli.mjs"))).toBe(false);
  }, 60_000);
});
