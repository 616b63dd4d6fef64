import { defineConfig } from "vitest/config";
import SlowFilesFirst from "./test/helpers/slow-files-first.ts";

/** How many test processes run files at once (default 2: see maxWorkers below). */
function testForks(): number {
  const asked = Number(process.env.DRAMATIS_TEST_FORKS);
  return Number.isInteger(asked) && asked >= 1 ? asked : 2;
}

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "web/**/*.test.ts"],
    // One migrated database template per run (and a scratch folder removed at the end): every
    // test app opens a copy instead of running initdb and the migrations again.
    globalSetup: ["test/helpers/global-setup.ts"],
    // Test processes run a little below vitest's own priority (fork-priority-setup.ts). Each file's
    // CPU is measured when the run asks for it (DRAMATIS_TEST_CPU=1); otherwise that setup is not even
    // loaded (a setup file is evaluated again before every test file).
    setupFiles: ["test/helpers/fork-priority-setup.ts", ...(process.env.DRAMATIS_TEST_CPU?.trim() ? ["test/helpers/cpu-by-file-setup.ts"] : [])],
    // A test that hangs fails here. Three times what any test takes on an idle machine: CI machines
    // are loaded, and a loaded run here (load 25 on 2 cores) took over 60 s for tests that need 10.
    // Tests that start real processes set their own, longer limits.
    testTimeout: 180_000,
    // Hooks start and stop real servers and embedded Postgres: on a shared 2-core machine under
    // load that alone can take tens of seconds, which is not a failure.
    hookTimeout: 300_000,
    // expect.poll waits for what a page or a server does next; its default of one second is a race
    // on a loaded machine (a browser round trip alone can take that long). A real failure still fails.
    expect: { poll: { timeout: 30_000, interval: 50 } },
    pool: "forks",
    // Two test processes by default. Vitest 3.2.7's pool (tinypool) crashed its main process with
    // three (vitest-dev/vitest#8564: an unhandled "Terminating worker thread" when a fork was let go
    // while others ran); vitest 4 runs a pool of its own (session 17: no crash in 3 runs with three).
    // A fork waits (on a browser, a child process, a Postgres server) about a third of its time,
    // and with two a core then idles: replaying session 17's idle per-file table (each file's CPU
    // over its wall, two cores shared) gives 337 s of files on two forks, 262 s on three. Three are
    // to be measured on an idle machine first. DRAMATIS_TEST_FORKS sets the number.
    maxWorkers: testForks(),
    // Test files share their worker's modules instead of loading the app again for each file:
    // loading it (Fastify, pg-boss, drizzle, the offline knowledge) cost ~5 s of CPU per file,
    // 40% of the suite's CPU. Test files keep no state in modules they share: each starts its own
    // apps and stores, and restores what it spies on.
    isolate: false,
    // One engine thread per test process (production: one per core). The engine still runs in a
    // worker thread as it does in production, but each fork starts one thread, not one per core, each
    // time its threads have idled out: loading the engine into a fresh thread costs ~2 s of CPU, and
    // two forks with two threads each only queued for the same two cores.
    // One engine thread per test process, never renewed: every test app's small jobs counted towards a renewal (a thread's start and warm-up each, ~2 CPU-s, three times a suite).
    env: { DRAMATIS_ENGINE_THREADS: process.env.DRAMATIS_ENGINE_THREADS ?? "1", DRAMATIS_ENGINE_RENEW_AFTER_TASKS: process.env.DRAMATIS_ENGINE_RENEW_AFTER_TASKS ?? "0" },
    // The longest files start first, so that none of them is left running alone at the end.
    sequence: { sequencer: SlowFilesFirst },
  },
});
