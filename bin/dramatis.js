#!/usr/bin/env node
// Runs the CLI in this process: from one JavaScript file bundled from the current sources when it
// can (`node_modules/.cache/dramatis/cli.mjs`, made by src/workers/engine-bundle.ts), through tsx's
// loader otherwise, so `npm install` is all a clone needs. Through tsx, a serving process kept the
// loader's thread and every transformed module's source (~100 MB: an idle embedded server 478 MB
// against 377 bundled); bundled, it loads one file. A bundle older than any of its sources is made
// again first, in a short-lived process of its own (tsx and esbuild never stay in this one); without
// esbuild (installed without development dependencies) or with `DRAMATIS_CLI_BUNDLE=0`, the sources
// run through tsx as before.
//
// On Linux, first with glibc's malloc arenas capped (`MALLOC_ARENA_MAX=2`): glibc gives each thread
// that allocates arenas of its own and keeps what they freed, and the shard bytes passed between
// the HTTP thread, the engine threads and the embedded database's thread left 100-250 MB there in
// a server that generated 100,000 personas (docs/operations.md). glibc reads the setting once, as
// the process starts, so when the environment does not set it this file starts the CLI again in a
// process that has it, and stays as a small parent (no TypeScript loaded) that passes signals on
// and exits as the CLI did. A value the environment sets (the Docker image's, an operator's, `0`
// for glibc's default) is left as it is and nothing is started again. The rest of the environment
// is passed on: an operator's `MALLOC_MMAP_THRESHOLD_=131072` (30-70 MB lower at some peaks for 5-8% more CPU
// per job, decision 0009: not the default) reaches the CLI's process this way.
//
// A `worker` process is started with glibc's malloc thresholds fixed as well (`WORKER_MALLOC`): by
// default glibc maps a buffer of a few megabytes afresh (or trims it off its heap) once freed, so
// every shard's bytes (its JSON made by the engine thread, node-postgres's message of it) were
// faulted in again 4 KB at a time: most of what a stored shard cost the worker's main thread.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ARENAS = "2";
/**
 * glibc's settings for a `worker` process, unless the environment sets them: buffers up to 32 MB
 * (glibc's largest mmap threshold) come from malloc's heaps, and up to 256 MB freed at a heap's top
 * stay there, so the next shard reuses pages already faulted in. Storing 48 League shards
 * (`bench/shard-task.ts 6000 --mode main --store`, loaded, two interleaved pairs): the main
 * thread's CPU per stored shard 49.2 / 54.8 → 10.6 / 15.6 ms (and Postgres, given the same,
 * 90.4 / 93.3 → 22.3 / 26.9). Fixing either one turns off glibc's sliding threshold for both, so
 * both are set. The embedded server (`serve`) keeps glibc's defaults: its peak memory is the one
 * at its budget, and this was not measured there.
 */
const WORKER_MALLOC = { MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024), MALLOC_TRIM_THRESHOLD_: String(256 * 1024 * 1024) };
/** Signals the parent passes on: a terminal's Ctrl-C and hang-up reach only the parent (the CLI runs in a session of its own). */
const PASSED_ON = ["SIGINT", "SIGTERM", "SIGHUP"];
/** Tells the CLI which process started it this way (and is taken out of its environment at once). */
const PARENT = "DRAMATIS_STARTED_BY";

if (process.platform === "linux" && process.env.MALLOC_ARENA_MAX === undefined) {
  const cli = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...process.env, ...mallocFor(process.argv.slice(2), process.env), MALLOC_ARENA_MAX: ARENAS, [PARENT]: String(process.pid) },
    // An IPC channel whose end tells the CLI that this parent is gone (killed, not signalled).
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    // A session of its own: a terminal's signals go to this parent only, which passes each on once
    // (in the terminal's process group the CLI would get Ctrl-C twice, and the second ends `serve`
    // at once instead of letting it finish its jobs).
    detached: true,
  });
  for (const signal of PASSED_ON) process.on(signal, () => cli.kill(signal));
  cli.once("error", (error) => {
    console.error(`dramatis: could not start the CLI (${error.message})`);
    process.exit(1);
  });
  cli.once("exit", (code, signal) => {
    if (signal) {
      // Ended by a signal: end this parent the same way, so a shell sees what it would have seen.
      for (const passed of PASSED_ON) process.removeAllListeners(passed);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
} else {
  const startedBy = process.env[PARENT];
  delete process.env[PARENT];
  // Started by the parent above, which is already gone (killed before this line ran: this process
  // was handed to init, or the channel is closed): end now, as it would have ended with it.
  if (startedBy !== undefined && (startedBy !== String(process.ppid) || !process.connected)) process.exit(1);
  if (startedBy !== undefined && process.channel) {
    // Started by the parent above: when it is killed outright (SIGKILL), its end of the channel
    // closes and this process ends too, as it would have ended with it. The channel alone never
    // keeps the process alive.
    process.once("disconnect", () => process.exit(1));
    process.channel.unref();
  }
  const bundle = process.env.DRAMATIS_CLI_BUNDLE === "0" ? undefined : cliBundle();
  if (bundle) await import(bundle);
  else {
    const { register } = await import("tsx/esm/api");
    register();
    await import("../src/cli/main.ts");
  }
}

/**
 * The malloc settings the command's process is given (`WORKER_MALLOC`): none when the environment
 * sets either threshold (an operator's `MALLOC_MMAP_THRESHOLD_=131072` is a choice about both).
 */
function mallocFor(commandLine, environment) {
  const worker = commandLine.find((argument) => !argument.startsWith("-")) === "worker";
  const chosen = Object.keys(WORKER_MALLOC).some((name) => environment[name] !== undefined);
  return worker && !chosen ? WORKER_MALLOC : {};
}

/** The URL of the CLI bundled from the current sources, made now if it is missing or stale; undefined when it cannot be made. */
function cliBundle() {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const bundle = join(root, "node_modules", ".cache", "dramatis", "cli.mjs");
  if (isUpToDate(root, bundle)) return pathToFileURL(bundle).href;
  const entry = pathToFileURL(join(root, "src", "cli", "main.ts")).href;
  const builder = pathToFileURL(join(root, "src", "workers", "engine-bundle.ts")).href;
  // NODE_OPTIONS is the CLI's (an operator's heap limit, a test's probe), not the builder's.
  const { NODE_OPTIONS: _, ...environment } = process.env;
  const built = spawnSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "--eval", `const { bundledEntry } = await import(${JSON.stringify(builder)}); process.stdout.write((await bundledEntry(new URL(${JSON.stringify(entry)}), "cli")).href);`],
    { cwd: root, env: environment, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 120_000 },
  );
  return built.status === 0 && built.stdout.endsWith(".mjs") && isUpToDate(root, bundle) ? pathToFileURL(bundle).href : undefined;
}

/**
 * True when the bundle was made of the sources as they are: every file its manifest lists (those
 * engine-bundle.ts read to make it) has the size and modification time it had then, and it names
 * this checkout's files (it keeps each file's own location: a moved checkout makes it again).
 */
function isUpToDate(root, bundle) {
  try {
    const { inputs } = JSON.parse(readFileSync(bundle.replace(/\.mjs$/, ".manifest.json"), "utf8"));
    const unchanged = inputs.length > 0 && inputs.every(({ path, size, modified }) => {
      const stats = statSync(join(root, path));
      return stats.size === size && stats.mtimeMs === modified;
    });
    return unchanged && readFileSync(bundle, "utf8").includes(JSON.stringify(pathToFileURL(join(root, "src")).href + "/").slice(0, -1));
  } catch {
    return false;
  }
}
