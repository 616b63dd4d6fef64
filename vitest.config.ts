import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // A test that hangs fails here. Tests that start real processes set their own, longer limits.
    testTimeout: 60_000,
    // Hooks start and stop real servers and embedded Postgres: on a shared 2-core machine under
    // load that alone can take tens of seconds, which is not a failure.
    hookTimeout: 120_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
