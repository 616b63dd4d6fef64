/**
 * The data folder holds every key hash, balance, persona and chat: no other user of the machine
 * may read or change any of it. Folders are 0700 and files 0600, whatever the umask, for a new
 * folder and for one an earlier version left world-writable.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquire } from "../src/store/data-dir-lock.ts";
import { openStore } from "../src/store/database.ts";
import { startTestApp } from "./helpers/app.ts";
import { scratchRoot, seedDataFolder } from "./helpers/database-template.ts";

// In memory when the machine has room (the first test's initdb writes a whole database).
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
  it("is private to its owner from the first start, even under a permissive umask", async () => {
    const dataDir = join(root, "fresh");
    const previousUmask = process.umask(0o000);
    try {
      const release = acquire(dataDir);
      const app = await startTestApp({ dataDir }, { inMemory: false, seedExamples: false });
      await app.close();
      release();
    } finally {
      process.umask(previousUmask);
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
