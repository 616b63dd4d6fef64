/**
 * A migrated embedded database, made once and copied for every test app.
 *
 * A new PGlite database runs initdb, our migrations and pg-boss's schema before it answers: 4–5 s
 * of CPU each time on this 2-core machine (and 15 s or more on a host folder), for ~50 apps per
 * `npm test`. Opening a folder that already holds a migrated database takes about a second, and is
 * what every restart of a real server does. So the suite makes one such folder and each app opens
 * a copy of its own: same engine, same migrations (the app still runs them, finding nothing to do),
 * same pg-boss schema, no state shared between apps.
 *
 * The folder is cached under `node_modules/.cache`, named by a hash of everything it is made from
 * (our migration files, the PGlite and pg-boss versions): a new migration makes a new folder, and
 * a second `npm test` reuses the first's.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync, statSync, writeFileSync, type Dirent } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openStore } from "../../src/store/database.ts";
import { JobQueue } from "../../src/jobs/queue.ts";
import { wasmModules } from "../../src/store/pglite-client.ts";

/** What the global setup hands every test file (`inject`), declared here where both sides import it. */
declare module "vitest" {
  export interface ProvidedContext {
    /** Where this run's throwaway data folders go. */
    scratchFolder: string;
    /** Where each test file appends its CPU (cpu-by-file.ts), or "" when the run does not measure it. */
    cpuByFileReport: string;
  }
}

const root = join(import.meta.dirname, "..", "..");
const cacheFolder = join(root, "node_modules", ".cache", "dramatis-tests");
const migrationsFolder = join(root, "src", "store", "migrations");
const TEMPLATE_PREFIX = "pglite-template-";
/** Bump when the way the template is made changes (not its inputs, which the hash covers). */
const TEMPLATE_FORMAT = 2;

function packageVersion(name: string): string {
  return JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
}

/** Every file under `folder`, sorted, so the hash does not depend on the order readdir gives. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function templateKey(): string {
  const hash = createHash("sha256");
  hash.update(`format ${TEMPLATE_FORMAT}\npglite ${packageVersion("@electric-sql/pglite")}\npg-boss ${packageVersion("pg-boss")}\n`);
  for (const file of filesUnder(migrationsFolder)) hash.update(`${file.slice(migrationsFolder.length)}\n`).update(readFileSync(file));
  return hash.digest("hex").slice(0, 16);
}

/** This process's template, once it has found or made it: the key hashes every migration file. */
let templateOfThisProcess: Promise<string> | undefined;

/**
 * The path of a PGlite data folder (the contents of a `db` folder) holding our schema and
 * pg-boss's, and no account. Made when missing, by the first process of a run that needs one (not
 * by the global setup: on a fresh clone its ~8 CPU-s then held back both test processes, whose first
 * files start Postgres servers and need no template); the others wait for it.
 */
export function databaseTemplate(): Promise<string> {
  templateOfThisProcess ??= foundOrMade().catch((error: unknown) => {
    templateOfThisProcess = undefined;
    throw error;
  });
  return templateOfThisProcess;
}

/** How often a process waiting for another's template looks for it. */
const TEMPLATE_WAIT_PAUSE_MS = 100;
/** A lock whose maker has not written its pid after this long was left by a process killed at once. */
const UNCLAIMED_LOCK_MS = 60_000;
/**
 * A lock older than this is stale whoever its pid names: a build takes seconds (~8 CPU-s), and the
 * pid of a run killed mid-build can name another live process after pids wrap or the machine restarts.
 */
const STALE_LOCK_MS = 10 * 60_000;
/** After this long waiting, say once what for, so a stuck run is never silent. */
const TEMPLATE_WAIT_NOTICE_MS = 30_000;

async function foundOrMade(): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${templateKey()}`;
  const folder = join(cacheFolder, name);
  // One process builds (it holds `<name>.lock`, a folder: making one is atomic); the others wait
  // for the template, or take over the lock of a builder that died.
  const lock = `${folder}.lock`;
  const waitingSince = Date.now();
  let noticed = false;
  for (;;) {
    if (existsSync(folder)) return folder;
    mkdirSync(cacheFolder, { recursive: true });
    try {
      mkdirSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (lockHolderGone(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!noticed && Date.now() - waitingSince > TEMPLATE_WAIT_NOTICE_MS) {
        noticed = true;
        console.warn(`waiting for the test database template: another test process holds ${lock} (its pid inside); the lock is taken over when that process ends, or after ${STALE_LOCK_MS / 60_000} minutes`);
      }
      await new Promise((resolve) => setTimeout(resolve, TEMPLATE_WAIT_PAUSE_MS));
      continue;
    }
    try {
      writeFileSync(join(lock, "pid"), String(process.pid));
      await buildTemplate(name, folder);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    removeStale(cacheFolder, TEMPLATE_PREFIX, name);
    return folder;
  }
}

/** Whether the process that made `lock` has ended without removing it (killed: SIGKILL, a crash). */
export function lockHolderGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, "pid"), "utf8"));
  } catch {
    // Made but not yet claimed (the maker writes its pid next), or already removed.
    try {
      return Date.now() - statSync(lock).mtimeMs > UNCLAIMED_LOCK_MS;
    } catch {
      return false;
    }
  }
  try {
    if (Date.now() - statSync(join(lock, "pid")).mtimeMs > STALE_LOCK_MS) return true;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: alive, someone else's.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

async function buildTemplate(name: string, folder: string): Promise<void> {
  const staging = mkdtempSync(join(cacheFolder, `${name}.building-`));
  try {
    // Made in memory (initdb on a host folder is several times slower), then written out whole.
    const store = await openStore({ inMemory: true });
    const queue = new JobQueue(store);
    await queue.start();
    await queue.stop();
    const dump = await (store.db as unknown as { $client: PGlite }).$client.dumpDataDir("none");
    await store.close();
    // With the module the store's thread compiled: compiling its own cost ~1-5 CPU-s more.
    const written = new PGlite({ dataDir: join(staging, "db"), loadDataDir: dump, pgliteWasmModule: (await wasmModules()).pgliteWasmModule });
    await written.waitReady;
    await written.close();
    try {
      renameSync(join(staging, "db"), folder);
    } catch (error) {
      // Another run on this checkout (not holding our lock: one from before it existed) made it meanwhile.
      if (!existsSync(folder)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** How old a template or scratch folder must be before a run removes it: no run lasts a day. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Removes folders starting with `prefix` that no run has touched for a day: templates of older
 * migrations, and what a killed run left. Never a newer one, which another engineer's run on this
 * checkout (with other migrations in progress) may be copying right now.
 */
export function removeStale(parent: string, prefix: string, keep?: string): void {
  for (const name of readdirSync(parent)) {
    const path = join(parent, name);
    if (!name.startsWith(prefix) || name === keep) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another run meanwhile.
    }
  }
}

/**
 * Puts a copy of the template at `<dataDir>/db`, where `startApp` and the CLI look for the
 * embedded database: the folder then looks like one an earlier start left behind.
 */
export async function seedDataFolder(dataDir: string, template?: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const source = template ?? (await databaseTemplate());
  const target = join(dataDir, "db");
  const { folders, files } = templateEntries(source);
  for (const folder of folders) mkdirSync(join(target, folder), { recursive: true, mode: 0o700 });
  for (const file of files) copyFileSync(join(source, file), join(target, file));
}

const entriesOfTemplates = new Map<string, { folders: string[]; files: string[] }>();

/**
 * The template's folders (parents first) and files, listed once per process: a template never
 * changes once made, and `cpSync` looked up both sides of each of its ~1,100 files for every app.
 */
function templateEntries(template: string): { folders: string[]; files: string[] } {
  let entries = entriesOfTemplates.get(template);
  if (!entries) {
    const listed = readdirSync(template, { recursive: true, withFileTypes: true });
    const path = (entry: Dirent) => relative(template, join(entry.parentPath, entry.name));
    entries = { folders: ["", ...listed.filter((entry) => entry.isDirectory()).map(path).sort()], files: listed.filter((entry) => entry.isFile()).map(path) };
    entriesOfTemplates.set(template, entries);
  }
  return entries;
}

/** Room a run's throwaway databases may need at once (three test processes, several apps each, ~40 MB apiece). */
const SCRATCH_SPACE_NEEDED_BYTES = 2 * 1024 ** 3;

/**
 * Where throwaway data folders go: memory-backed `/dev/shm` when the machine has it with room to
 * spare (a database's writes then never wait on a disk shared with other jobs; containers often
 * give it only 64 MB), the system's temporary folder otherwise.
 */
export function scratchRoot(): string {
  try {
    const { bavail, bsize } = statfsSync("/dev/shm");
    if (bavail * bsize >= SCRATCH_SPACE_NEEDED_BYTES) return "/dev/shm";
  } catch {
    // No /dev/shm on this system.
  }
  return tmpdir();
}
