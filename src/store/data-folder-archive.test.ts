/**
 * A new embedded database is loaded from a fresh one stored in the repository instead of running
 * initdb (a process of ~790 MB and ~5 CPU-s; loading: ~340 MB, ~1.3 CPU-s), but only when the
 * stored one is what this PGlite would make: another PGlite version, or an archive that is not
 * the bytes its manifest names, makes the database by initdb as before, and says why.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { scratchRoot } from "../../test/helpers/database-template.ts";
import { installedPgliteVersion, readStoredDataFolder, STORED_DATA_FOLDER_MANIFEST, type StoredDataFolderManifest } from "./data-folder-archive.mjs";
import { openPgliteThread } from "./pglite-client.ts";

/**
 * For the tests that make a folder in processes of their own (the failed load in two, one running initdb): ~30 s
 * alone, and past the suite's 180 s at a load of 24 on 2 cores. Hooks have 300 s (vitest.config.ts).
 */
const PROCESSES_TIMEOUT_MS = 300_000;
const root = mkdtempSync(join(scratchRoot(), "dramatis-stored-folder-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const shipped = JSON.parse(readFileSync(STORED_DATA_FOLDER_MANIFEST, "utf8")) as StoredDataFolderManifest;
const shippedArchive = join(dirname(STORED_DATA_FOLDER_MANIFEST), shipped.archive);

/** A manifest (and a copy of the shipped archive, or other bytes) in a folder of its own. */
function manifestWith(name: string, changes: Partial<StoredDataFolderManifest>, archiveBytes?: Uint8Array): string {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  if (archiveBytes) writeFileSync(join(folder, shipped.archive), archiveBytes);
  else copyFileSync(shippedArchive, join(folder, shipped.archive));
  const path = join(folder, "manifest.json");
  writeFileSync(path, JSON.stringify({ ...shipped, ...changes }));
  return path;
}

/** Every path under `folder` (and itself) that its group or others may use. */
function sharedEntries(folder: string): string[] {
  const shared: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if ((lstatSync(path).mode & 0o077) !== 0) shared.push(path);
    if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) pending.push(join(path, name));
  }
  return shared;
}

describe("the stored fresh database", () => {
  it("is the one the PGlite that package-lock.json installs makes, with the bytes its manifest names (run scripts/stored-data-folder.ts after a PGlite upgrade)", () => {
    const lock = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package-lock.json"), "utf8"));
    expect(shipped.pglite).toBe(lock.packages["node_modules/@electric-sql/pglite"].version);
    expect(shipped.pglite).toBe(installedPgliteVersion());
    const archive = readFileSync(shippedArchive);
    expect(createHash("sha256").update(archive).digest("hex")).toBe(shipped.sha256);
    expect(readStoredDataFolder().tar?.byteLength).toBe(shipped.tarBytes);
  });

  it("makes a new data folder without initdb: loaded beside it, moved in whole, private to its owner", async () => {
    const warnings = vi.spyOn(console, "warn");
    const dataDir = join(root, "new", "db");
    const client = openPgliteThread({ dataDir });
    try {
      await client.waitReady;
      expect(client.made).toEqual({ from: "stored" });
      const { rows } = await client.query<{ name: string }>("SELECT datname AS name FROM pg_database WHERE datname = 'postgres'");
      expect(rows).toEqual([{ name: "postgres" }]);
    } finally {
      await client.close();
    }
    expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(true);
    // Nothing left of the folder it was loaded in.
    expect(readdirSync(dirname(dataDir))).toEqual(["db"]);
    expect(sharedEntries(dataDir)).toEqual([]);
    expect(warnings).not.toHaveBeenCalled();

    // Opened again, it is the database it was: nothing is made.
    const reopened = openPgliteThread({ dataDir });
    await reopened.waitReady;
    expect(reopened.made).toBeUndefined();
    await reopened.close();
  }, PROCESSES_TIMEOUT_MS);

  it("makes a new database in memory without initdb too (the test template, in-memory stores)", async () => {
    const client = openPgliteThread({});
    await client.waitReady;
    expect(client.made).toEqual({ from: "stored" });
    await client.close();
  });

  it("is not used by another PGlite version, and says so naming both", () => {
    // Any reason leads a new database to initdb, logged with that reason, by one path (openFresh in
    // pglite-thread.mjs): the next test runs it end to end. Run here too (in memory), it was a second
    // initdb of this file (~5 CPU-s) proving the same path.
    expect(readStoredDataFolder(manifestWith("other-version", { pglite: "0.0.1" })).reason).toBe(
      `the stored data folder was made by PGlite 0.0.1, this is PGlite ${installedPgliteVersion()} (run scripts/stored-data-folder.ts)`,
    );
  });

  it("that fails to load leaves no half-made folder: the folder is made again by initdb, and the log says why", async () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    // The manifest's bytes and a tar of its size whose first header is the real one, so it is handed to
    // PGlite, but nothing of a database after it: PGlite's load (or the database it made) fails.
    const tarShaped = Buffer.alloc(shipped.tarBytes);
    brotliDecompressSync(readFileSync(shippedArchive)).copy(tarShaped, 0, 0, 512);
    // Brotli's fastest level: its default (11) spent ~1 CPU-s on these 40 MB of zeros.
    const broken = brotliCompressSync(tarShaped, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
    const manifest = manifestWith("not-a-database", { sha256: createHash("sha256").update(broken).digest("hex") }, broken);
    const dataDir = join(root, "failed-load", "db");
    const client = openPgliteThread({ dataDir, storedDataFolder: manifest });
    try {
      await client.waitReady;
      expect(client.made).toEqual({ from: "initdb", reason: expect.stringContaining("making it from the stored data folder failed") });
      const { rows } = await client.query<{ answer: number }>("SELECT 6 * 7 AS answer");
      expect(rows).toEqual([{ answer: 42 }]);
    } finally {
      await client.close();
    }
    expect(warnings).toHaveBeenCalledWith(expect.stringContaining("made by initdb: making it from the stored data folder failed"));
    expect(readdirSync(dirname(dataDir))).toEqual(["db"]);
  }, PROCESSES_TIMEOUT_MS);

  it("is not used when missing, not the bytes its manifest names, or not an archive: a reason instead of an error", () => {
    expect(readStoredDataFolder(join(root, "nowhere.json")).reason).toMatch(/no stored data folder manifest at .*nowhere\.json \(ENOENT\)/);
    expect(readStoredDataFolder(manifestWith("other-bytes", { sha256: "0".repeat(64) })).reason).toMatch(/is not the archive its manifest names/);
    const notBrotli = new TextEncoder().encode("version https://git-lfs.github.com/spec/v1\n");
    const pointer = manifestWith("pointer", { sha256: createHash("sha256").update(notBrotli).digest("hex") }, notBrotli);
    expect(readStoredDataFolder(pointer).reason).toMatch(/does not decompress/);
    // What PGlite would fail on where its failure cannot be caught (a database in memory): refused first.
    const notTar = brotliCompressSync(Buffer.from("not a tar ".repeat(1000)));
    expect(readStoredDataFolder(manifestWith("not-a-tar", { sha256: createHash("sha256").update(notTar).digest("hex") }, notTar)).reason).toMatch(/does not hold the tar archive/);
    const nullManifest = join(root, "null.json");
    writeFileSync(nullManifest, "null");
    expect(readStoredDataFolder(nullManifest).reason).toMatch(/is not an object/);
  });
});
