/**
 * `npm test`: the static checks (`npm run typecheck`, then the dependency rules) and the test
 * suite (`vitest run`, with any arguments given after `--`) at the same time, failing if either fails.
 *
 * The checks are single-threaded tsc and depcruise runs (~45 s of CPU on a fresh clone, no
 * incremental state yet), while the suite leaves a core idle whenever its files wait on processes
 * and servers: side by side, the checks fill those gaps instead of adding their time in front.
 * They run at a lower priority so the tests keep the CPU they need, and their output is printed
 * after the suite's, in one piece.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { setPriority } from "node:os";

const CHECKS = "npm run typecheck && depcruise src --config .dependency-cruiser.cjs --cache node_modules/.cache/dependency-cruiser --cache-strategy content";
/**
 * Nice value of the checks (0 is normal, 19 the lowest): ten steps below the test processes, which
 * run at 5 (test/helpers/fork-priority-setup.ts), as they were when those ran at 0.
 */
const CHECKS_PRIORITY = 15;

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once("close", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const checks = spawn(CHECKS, { shell: true, stdio: ["ignore", "pipe", "pipe"] });
try {
  if (checks.pid !== undefined) setPriority(checks.pid, CHECKS_PRIORITY);
} catch {
  // Not allowed on this system: the checks run at the normal priority.
}
let checksOutput = "";
checks.stdout!.on("data", (chunk) => (checksOutput += chunk));
checks.stderr!.on("data", (chunk) => (checksOutput += chunk));

const tests = spawn("vitest", ["run", ...process.argv.slice(2)], { shell: process.platform === "win32", stdio: "inherit" });
// Ctrl-C reaches both through the terminal; a signal sent to this process alone is passed on.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    checks.kill(signal);
    tests.kill(signal);
  });
}

const [testsCode, checksCode] = await Promise.all([exitCode(tests), exitCode(checks)]);
process.stdout.write(`\n${checksOutput.trimEnd()}\n`);
console.log(checksCode === 0 ? "Type checks and dependency rules passed." : `Type checks or dependency rules FAILED (exit ${checksCode}): see above.`);
process.exit(testsCode !== 0 ? testsCode : checksCode);
