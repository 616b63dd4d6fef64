/**
 * Makes `src/store/data-folder.tar.br` and its manifest `src/store/data-folder.json`: a fresh
 * embedded database (initdb's output, no table of ours) that a new data folder is loaded from
 * instead of running initdb (`src/store/data-folder-archive.mjs` says why). Run it after every
 * change of the installed PGlite version:
 *
 *   node --import tsx scripts/stored-data-folder.ts
 *
 * (`src/store/data-folder-archive.test.ts` fails until it is run: the archive must be the version
 * package-lock.json installs.) The database is made the way the embedded database thread makes one
 * with no archive — the same options, initdb in memory — then checkpointed, so every page is in its
 * file and loading it replays nothing, and dumped as PGlite's tar. Brotli at its best quality keeps
 * the ~40 MB tar (most of it a 16 MB WAL segment of zeros) at ~1.4 MB (gzip: 4.5 MB); decompressing
 * it costs ~0.1 CPU-s once per new folder. Takes ~35 CPU-s, nearly all of it the compression.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { installedPgliteVersion, STORED_DATA_FOLDER_MANIFEST, type StoredDataFolderManifest } from "../src/store/data-folder-archive.mjs";
import { openPgliteThread } from "../src/store/pglite-client.ts";

const ARCHIVE_NAME = "data-folder.tar.br";

// A manifest that cannot exist: the thread runs initdb, as it does when no archive fits.
const database = openPgliteThread({ storedDataFolder: join(dirname(STORED_DATA_FOLDER_MANIFEST), "none.json") });
await database.waitReady;
if (database.made?.from !== "initdb") throw new Error("expected the database thread to run initdb");
await database.exec("CHECKPOINT");
const { rows } = await database.query<{ version: string }>("SELECT current_setting('server_version') AS version");
const tar = new Uint8Array(await (await database.dumpDataDir("none")).arrayBuffer());
await database.close();

const archive = brotliCompressSync(tar, {
  params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS, [constants.BROTLI_PARAM_SIZE_HINT]: tar.byteLength },
});
const manifest: StoredDataFolderManifest = {
  about: "A fresh PGlite database (initdb's output, no table of ours) loaded into a new data folder instead of running initdb, by this PGlite version only. Made by scripts/stored-data-folder.ts.",
  pglite: installedPgliteVersion(),
  postgres: rows[0]!.version,
  archive: ARCHIVE_NAME,
  sha256: createHash("sha256").update(archive).digest("hex"),
  tarBytes: tar.byteLength,
};
writeFileSync(join(dirname(STORED_DATA_FOLDER_MANIFEST), ARCHIVE_NAME), archive);
writeFileSync(STORED_DATA_FOLDER_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`${basename(STORED_DATA_FOLDER_MANIFEST)}: PGlite ${manifest.pglite}, Postgres ${manifest.postgres}, ${ARCHIVE_NAME} ${archive.byteLength} bytes (tar ${tar.byteLength})`);
