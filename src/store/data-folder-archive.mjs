// A fresh embedded database stored in the repository, loaded instead of running initdb.
//
// PGlite makes a new database by running initdb against a second instance of itself and copying
// that instance's whole memory: a process making one peaked at ~790 MB and spent ~5 CPU-s, while
// loading the same files from an archive (PGlite's `loadDataDir`) peaks at ~340 MB and takes ~1.3
// CPU-s. The archive is initdb's output only — no table of ours: the migrations run after it is
// loaded, as they run on any folder — and is tied to the PGlite that made it (its Postgres, its
// initdb, its catalog). `scripts/stored-data-folder.ts` makes it again; when the installed PGlite
// is another version, or the archive is missing or not the bytes its manifest names, the caller
// runs initdb as before and says why. Plain JavaScript: the database thread imports it without a
// TypeScript loader.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync } from "node:zlib";

/** The manifest of the archive this version of Dramatis ships: `{ pglite, archive, sha256, … }`. */
export const STORED_DATA_FOLDER_MANIFEST = fileURLToPath(new URL("./data-folder.json", import.meta.url));

/** The version of PGlite this process runs (its package.json is not among the package's exports). */
export function installedPgliteVersion() {
  let folder = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  for (;;) {
    try {
      const found = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
      if (found.name === "@electric-sql/pglite") return found.version;
    } catch {
      // No package.json at this level: look one folder up.
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error("cannot find @electric-sql/pglite's package.json");
    folder = parent;
  }
}

/**
 * The stored data folder as an uncompressed tar for PGlite's `loadDataDir`, or why it cannot be
 * used (then the caller runs initdb). Never throws: a missing or damaged archive costs a slower
 * first start, never a database that does not open.
 */
export function readStoredDataFolder(manifestPath = STORED_DATA_FOLDER_MANIFEST) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (error) {
    return { reason: `no stored data folder manifest at ${manifestPath} (${error.code ?? error.message})` };
  }
  if (!manifest || typeof manifest !== "object") return { reason: `the stored data folder manifest at ${manifestPath} is not an object` };
  let installed;
  try {
    installed = installedPgliteVersion();
  } catch (error) {
    return { reason: error.message };
  }
  if (manifest.pglite !== installed) return { reason: `the stored data folder was made by PGlite ${manifest.pglite}, this is PGlite ${installed} (run scripts/stored-data-folder.ts)` };
  const archivePath = join(dirname(manifestPath), String(manifest.archive));
  let archive;
  try {
    archive = readFileSync(archivePath);
  } catch (error) {
    return { reason: `the stored data folder ${archivePath} cannot be read (${error.code ?? error.message})` };
  }
  // A truncated checkout, a Git LFS pointer or a hand-edited file must not become someone's database.
  const sha256 = createHash("sha256").update(archive).digest("hex");
  if (sha256 !== manifest.sha256) return { reason: `the stored data folder ${archivePath} is not the archive its manifest names (sha256 ${sha256.slice(0, 12)}…, expected ${String(manifest.sha256).slice(0, 12)}…)` };
  let tar;
  try {
    tar = brotliDecompressSync(archive);
  } catch (error) {
    return { reason: `the stored data folder ${archivePath} does not decompress (${error.message})` };
  }
  // PGlite cannot be stopped from failing on what it cannot load (its promises reject where nobody can
  // catch them, which ends a database in memory): what is handed to it is first checked to be the tar it expects.
  if (!isTarOf(tar, manifest.tarBytes)) return { reason: `the stored data folder ${archivePath} does not hold the tar archive of ${manifest.tarBytes} bytes its manifest names` };
  return { tar };
}

/** A POSIX tar of the expected size whose first entry has a valid header (the "ustar" magic and a checksum that adds up). */
function isTarOf(tar, expectedBytes) {
  if (tar.length !== expectedBytes || tar.length < 512 || tar.toString("latin1", 257, 262) !== "ustar") return false;
  const recorded = Number.parseInt(tar.toString("latin1", 148, 156).replace(/\0.*$/s, "").trim(), 8);
  let sum = 0;
  for (let index = 0; index < 512; index++) sum += index >= 148 && index < 156 ? 32 : tar[index];
  return sum === recorded;
}
