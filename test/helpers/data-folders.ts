/**
 * Throwaway data folders for test files, each holding a copy of the migrated template
 * (database-template.ts): in this run's scratch folder, which the global setup removes at the end.
 * Apart from database-template.ts because it reads what the global setup provides (vitest's
 * `inject`), which the global setup itself cannot import.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { databaseTemplate, scratchRoot, seedDataFolder } from "./database-template.ts";

let processScratch: string | undefined;

/**
 * The folder for this run's throwaway data folders: the one the global setup made (and removes at
 * the end of the run), or one of this process's own when a file runs without it.
 */
function scratchFolder(): string {
  const provided = inject("scratchFolder");
  if (provided) return provided;
  if (!processScratch) {
    const folder = mkdtempSync(join(scratchRoot(), "dramatis-tests-"));
    process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
    processScratch = folder;
  }
  return processScratch;
}

/**
 * A data folder of its own holding a copy of the migrated template: a database no other app sees,
 * ready in about a second instead of the 4–5 s of CPU a new one costs. Removed by `remove()`.
 * `withDatabase: false` leaves the copy out (for an app whose database a reused thread serves).
 */
export async function freshDataFolder({ withDatabase = true } = {}): Promise<{ dataDir: string; remove(): void }> {
  const parent = scratchFolder();
  mkdirSync(parent, { recursive: true });
  const dataDir = mkdtempSync(join(parent, "app-"));
  if (withDatabase) await seedDataFolder(dataDir, await databaseTemplate());
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}
