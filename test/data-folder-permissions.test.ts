/**
 * The data folder holds every key hash, balance, persona and chat: no other user of the machine
 * may read or change any of it. Folders are 0700 and files 0600, whatever the umask, for a new
 * folder and for one an earlier version left world-writable.
 */
import { spawn } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquire } from "../src/store/data-dir-lock.ts";
import { openStore } from "../src/store/database.ts";
import { startTestApp } from "./helpers/app.ts";
import { scratchRoot, seedDataFolder } from "./helpers/database-template.ts";
import { dramatisBundle } from "./helpers/dramatis-bundle.ts";

// In memory when the machine has room (the first test writes a whole new database).
const root = mkdtempSync(join(scratchRoot(), "dramatis-permissions-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every path under `folder` (and itself) that its group or others may use, with its mode. */
function sharedEntries(folder: string): string[] {
  const shared: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const path = pending.pop()!;
    const stats = lstatSync(path);
    if ((stats.mode & 0o077) !== 0) shared.push(`${path} ${(stats.mode & 0o777).toString(8)}`);
    if (stats.isDirectory()) for (const name of readdirSync(path)) pending.push(join(path, name));
  }
  return shared;
}

function countEntries(folder: string): number {
  return readdirSync(folder, { recursive: true }).length;
}

/**
 * What earlier versions left: a migrated database whose folders are 0755 and files 0666 (PGlite's
 * own modes, before the data folder was made private), made from the test template rather than by
 * a third initdb on a host folder.
 */
async function folderLeftWorldWritable(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  await seedDataFolder(dataDir);
  const pending = [join(dataDir, "db")];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (lstatSync(path).isDirectory()) {
      chmodSync(path, 0o755);
      for (const name of readdirSync(path)) pending.push(join(path, name));
    } else {
      chmodSync(path, 0o666);
    }
  }
  chmodSync(dataDir, 0o755);
}

describe("the data folder", () => {
  /**
   * The first start of a server on a folder that holds nothing yet, as an operator makes it: a
   * `dramatis serve` process (the CLI bundled, the same code) under umask 000. It also shows that
   * the new database is made by a process of its own (pglite-thread.mjs), which loads the stored
   * fresh database (src/store/data-folder.tar.br, ~340 MB; initdb only when the archive does not fit
   * the installed PGlite): made in a thread of the serving process, initdb's instance left ~350 MB
   * more in it (a first start peaked at ~800-900 MB); made apart, this server (no engine threads)
   * peaks at ~340 MB, so the line sits halfway. One process, one new database, for both checks (each was a test of its own, with a new database's ~5 CPU-s;
   * the other one, in pglite-client.test.ts, measured a process that only opened the store, ~200 MB
   * against 450).
   */
  it("is private to its owner from the first start, even under a permissive umask; the server never holds what making its database takes", async () => {
    const dataDir = join(root, "fresh");
    const cli = await dramatisBundle();
    // A process starts with its parent's umask of the moment.
    const previousUmask = process.umask(0o000);
    const server = (() => {
      try {
        return spawn(process.execPath, [cli, "serve", "--port", "0"], { env: { PATH: process.env.PATH ?? "", DRAMATIS_DATA_DIR: dataDir, DRAMATIS_ENGINE_THREADS: "0" }, stdio: ["ignore", "pipe", "pipe"] });
      } finally {
        process.umask(previousUmask);
      }
    })();
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
    let output = "";
    server.stdout!.on("data", (chunk) => (output += chunk));
    server.stderr!.on("data", (chunk) => (output += chunk));
    try {
      for (;;) {
        if (/listening on http:\/\/\S+/.test(output) && /API key: ak_\S+/.test(output)) break;
        if (server.exitCode !== null) throw new Error(`dramatis serve exited (${server.exitCode}):\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const url = /listening on (http:\/\/\S+)/.exec(output)![1]!;
      const key = /API key: (ak_\S+)/.exec(output)![1]!;
      const whoami = await fetch(`${url}/v1/turn-taking/actions/whoami`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: "{}" });
      expect(whoami.status).toBe(200);
      const peakMegabytes = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))![1]) / 1024;
      expect(peakMegabytes).toBeLessThan(520);
    } finally {
      server.kill("SIGTERM");
      await exited;
    }
    expect(countEntries(join(dataDir, "db"))).toBeGreaterThan(100);
    expect(sharedEntries(dataDir)).toEqual([]);
  }, 120_000);

  it("is made private when opened, if an earlier version left it world-writable", async () => {
    const dataDir = join(root, "old");
    // What earlier versions left: folders 0755, PGlite's files 0666, the server note 0644.
    await folderLeftWorldWritable(dataDir);
    writeFileSync(join(dataDir, "server.json"), "{}", { mode: 0o644 });
    chmodSync(join(dataDir, "server.json"), 0o644);
    expect(sharedEntries(dataDir).length).toBeGreaterThan(100);

    const app = await startTestApp({ dataDir }, { inMemory: false, seedExamples: false });
    await app.close();
    expect(sharedEntries(dataDir)).toEqual([]);
  }, 120_000);

  it("is made private by operator commands too, which lock the folder and open the store without the app", async () => {
    const dataDir = join(root, "operator");
    await folderLeftWorldWritable(dataDir);
    expect(sharedEntries(dataDir).length).toBeGreaterThan(100);

    const release = acquire(dataDir);
    const store = await openStore({ dataDir: join(dataDir, "db") });
    await store.close();
    release();
    expect(sharedEntries(dataDir)).toEqual([]);
  }, 120_000);
});
