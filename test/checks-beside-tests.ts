/**
 * `npm test`: the static checks (each command of `npm run typecheck`, and the dependency rules) and
 * the test suite (`vitest run`, with any arguments given after `--`) at the same time, failing if
 * any fails.
 *
 * The checks are TypeScript 7 (native) and depcruise runs (~20 s of CPU on a fresh clone, no
 * incremental state yet), while the suite leaves a core idle whenever its files wait on processes
 * and servers: side by side, the checks fill those gaps instead of adding their time in front.
 * They run at a lower priority so the tests keep the CPU they need, and their output is printed
 * after the suite's, in one piece, with what each cost and when it ended.
 *
 * The checks run as processes of their own, not one after another: at that priority most of their
 * work waits for the suite's end, and one after another they then kept one core busy while the
 * other idled (the server's type check, then the web UI's, then the rules).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { setPriority } from "node:os";
import { join } from "node:path";
import { cpuSample } from "./helpers/cpu-by-file.ts";

const root = join(import.meta.dirname, "..");
/**
 * `npm run typecheck`'s commands (one tsc per project), taken from package.json so that both stay
 * the same, each on one thread here: TypeScript 7 checks a project with four checkers at once by
 * default, which each bind and check the libraries again — 23.6 → 14.5 CPU-s for the server
 * project and 8.1 → 4.4 for the web UI on a fresh clone (2+2 runs, loaded). Beside the suite the
 * CPU is what counts (the cores are busy anyway); `npm run typecheck` alone keeps its threads.
 */
const TYPECHECKS = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.typecheck as string)
  .split(" && ")
  .map((command) => (command.includes("typescript-native/bin/tsc") ? `${command} --singleThreaded` : command));
const RULES = "depcruise src --config .dependency-cruiser.cjs --cache node_modules/.cache/dependency-cruiser --cache-strategy content";
/**
 * Nice value of the checks (0 is normal, 19 the lowest): ten steps below the test processes, which
 * run at 5 (test/helpers/fork-priority-setup.ts), as they were when those ran at 0.
 */
const CHECKS_PRIORITY = 15;

const startedAt = Date.now();
/** The CPU of ended child processes counted so far: each one's CPU is what the count grew by when it ended. */
let childrenCpu = cpuSample();

interface Ended {
  code: number;
  cpuSeconds: number;
  /** The kernel's part of `cpuSeconds`. */
  systemSeconds: number;
  endedAfterSeconds: number;
}

function ended(child: ChildProcess): Promise<Ended> {
  return new Promise((resolve) =>
    child.once("close", (code, signal) => {
      const counted = cpuSample();
      const cpuSeconds = counted.children - childrenCpu.children;
      const systemSeconds = counted.childrenSystem - childrenCpu.childrenSystem;
      resolve({ code: code ?? (signal ? 1 : 0), cpuSeconds, systemSeconds, endedAfterSeconds: (Date.now() - startedAt) / 1000 });
      childrenCpu = counted;
    }),
  );
}

function startCheck(command: string): { child: ChildProcess; output: () => string; ended: Promise<Ended> } {
  const check = spawn(command, { cwd: root, shell: true, stdio: ["ignore", "pipe", "pipe"] });
  try {
    if (check.pid !== undefined) setPriority(check.pid, CHECKS_PRIORITY);
  } catch {
    // Not allowed on this system: the check runs at the normal priority.
  }
  let output = "";
  check.stdout!.on("data", (chunk) => (output += chunk));
  check.stderr!.on("data", (chunk) => (output += chunk));
  return { child: check, output: () => output, ended: ended(check) };
}

const commands = [...TYPECHECKS, RULES];
const checks = commands.map(startCheck);
const tests = spawn("vitest", ["run", ...process.argv.slice(2)], { shell: process.platform === "win32", stdio: "inherit" });
// Ctrl-C reaches all of them through the terminal; a signal sent to this process alone is passed on.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const check of checks) check.child.kill(signal);
    tests.kill(signal);
  });
}

const [testsEnded, ...checksEnded] = await Promise.all([ended(tests), ...checks.map((check) => check.ended)]);
const time = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, "0")}`;
const lines = commands.map((command, index) => {
  const { code, cpuSeconds, endedAfterSeconds } = checksEnded[index]!;
  const output = checks[index]!.output().trimEnd();
  return `${code === 0 ? "passed" : `FAILED (exit ${code})`}: ${command} (${cpuSeconds.toFixed(1)} CPU-s, ended at ${time(endedAfterSeconds)})${output ? `\n${output}` : ""}`;
});
process.stdout.write(`\n${lines.join("\n")}\nThe tests ended at ${time(testsEnded.endedAfterSeconds)} (${testsEnded.cpuSeconds.toFixed(1)} CPU-s, ${testsEnded.systemSeconds.toFixed(1)} of them in the kernel: vitest, its forks and what they started).\n`);
const checksFailed = checksEnded.find((check) => check.code !== 0);
console.log(checksFailed ? "Type checks or dependency rules FAILED: see above." : "Type checks and dependency rules passed.");
process.exit(testsEnded.code !== 0 ? testsEnded.code : (checksFailed?.code ?? 0));
