// Types of data-folder-archive.mjs (plain JavaScript so the database thread needs no TypeScript loader).

/** The manifest of the archive this version of Dramatis ships. */
export const STORED_DATA_FOLDER_MANIFEST: string;

/** What the manifest records; `scripts/stored-data-folder.ts` writes it. */
export interface StoredDataFolderManifest {
  about: string;
  /** The PGlite version that made the archive: loaded only by that version. */
  pglite: string;
  /** Postgres' major version inside it (the archive's PG_VERSION), for a reader. */
  postgres: string;
  /** The archive's file name, beside the manifest. */
  archive: string;
  /** SHA-256 of the archive's bytes, hex. */
  sha256: string;
  /** The uncompressed tar's size in bytes. */
  tarBytes: number;
}

export function installedPgliteVersion(): string;

export function readStoredDataFolder(manifestPath?: string): { tar: Uint8Array; reason?: undefined } | { tar?: undefined; reason: string };
