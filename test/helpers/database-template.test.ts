/**
 * The template's lock: a process waits while the template's builder lives, and takes over the lock
 * of one that died without removing it (a test process killed mid-build must not leave every later
 * run waiting). The build itself is what every test app opens.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { databaseTemplate, lockHolderGone } from "./database-template.ts";

const folder = mkdtempSync(join(tmpdir(), "dramatis-template-lock-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function lockOf(name: string, pid?: number): string {
  const lock = join(folder, name);
  mkdirSync(lock);
  if (pid !== undefined) writeFileSync(join(lock, "pid"), String(pid));
  return lock;
}

describe("the template's lock", () => {
  it("is held while its builder runs", () => {
    expect(lockHolderGone(lockOf("alive", process.pid))).toBe(false);
  });

  it("is left by a builder that has ended", () => {
    // A process that has ended and been waited for: its pid names no process now.
    const ended = spawnSync(process.execPath, ["-e", ""]).pid!;
    expect(lockHolderGone(lockOf("dead", ended))).toBe(true);
  });

  it("is stale after ten minutes even if its pid names a live process (a killed run's pid reused after a restart)", () => {
    const lock = lockOf("reused", process.pid);
    const longAgo = new Date(Date.now() - 11 * 60_000);
    utimesSync(join(lock, "pid"), longAgo, longAgo);
    expect(lockHolderGone(lock)).toBe(true);
  });

  it("is held just after it is made, before its maker writes its pid, and left when never claimed", () => {
    const fresh = lockOf("unclaimed");
    expect(lockHolderGone(fresh)).toBe(false);
    const longAgo = new Date(Date.now() - 10 * 60_000);
    utimesSync(fresh, longAgo, longAgo);
    expect(lockHolderGone(fresh)).toBe(true);
  });

  it("gives every caller in a process the same template", async () => {
    const [first, second] = await Promise.all([databaseTemplate(), databaseTemplate()]);
    expect(second).toBe(first);
    expect(first).toMatch(/pglite-template-[0-9a-f]{16}$/);
  });
});
