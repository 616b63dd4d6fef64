/**
 * A throwaway Postgres server for tests that need a real one (DATABASE_URL mode, several
 * workers on one database): a copy of a data folder `initdb` made (once per version of the
 * binaries, `clusterTemplate`) in a temporary folder, started on a free loopback port, removed
 * afterwards. Uses the machine's PostgreSQL binaries (`.ci/run` installs them); when none are
 * installed, `findPostgresBinaries()` returns null and those tests say why they are skipped.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { removeStale, scratchRoot } from "./database-template.ts";

const execFileAsync = promisify(execFile);
/**
 * How long pg_ctl waits for the server to start (its default is 60 s): a loaded machine takes
 * that long, and starting is never what a test tests.
 */
const START_WAIT_SECONDS = 300;
/** Starts tried on a new port when the one chosen was taken by another process meanwhile. */
const START_ATTEMPTS = 3;

export interface PostgresServer {
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

export function findPostgresBinaries(): string | null {
  const candidates = [
    process.env.PG_BIN,
    ...(existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort().reverse().map((version) => `/usr/lib/postgresql/${version}/bin`) : []),
  ].filter((dir): dir is string => Boolean(dir));
  return candidates.find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) ?? null;
}

function readLog(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Postgres refuses to run as root: as root, its programs run as the `postgres` user the package creates. */
const asRoot = process.getuid?.() === 0;

/** A new private folder in the scratch root that the user running Postgres owns. */
function folderForPostgres(parent: string, prefix: string): string {
  const folder = mkdtempSync(join(parent, prefix));
  if (asRoot) {
    const postgresUser = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
    const postgresGroup = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
    chownSync(folder, Number(postgresUser), Number(postgresGroup));
    chmodSync(folder, 0o700);
  }
  return folder;
}

function commandOf(bin: string, name: string, args: string[]): [string, string[]] {
  return asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, name), ...args]] : [join(bin, name), args];
}

/**
 * Runs a program without blocking: initdb, a copy and a start take seconds, and much longer on a
 * loaded machine, during which a blocked test process misses vitest's messages (it fails the run
 * after 60 s).
 */
async function runAsync(name: string, [file, args]: [string, string[]], env?: NodeJS.ProcessEnv): Promise<void> {
  try {
    await execFileAsync(file, args, { encoding: "utf8", env });
  } catch (error) {
    const { stderr = "", stdout = "" } = error as { stderr?: string; stdout?: string };
    throw new Error(`${name} failed: ${stderr || stdout || (error as Error).message}`);
  }
}

const CLUSTER_TEMPLATE_PREFIX = "dramatis-pg-template-";

/**
 * A data folder `initdb` made with these binaries, for every server to start from a copy of it:
 * initdb is ~1.3 CPU-s and seconds of wall (its single-user bootstrap runs several times), a copy
 * of its 39 MB 0.2 CPU-s, and seven test files start servers. Made once per version of the
 * binaries (their size and time, in the folder's name), beside the servers' folders; safe when
 * several processes ask at once (each builds aside and the first rename wins). A server changes
 * only its copy.
 */
async function clusterTemplate(bin: string): Promise<string> {
  const hash = createHash("sha256").update(bin);
  for (const program of ["initdb", "postgres"]) {
    const { size, mtimeMs } = statSync(join(bin, program));
    hash.update(`\n${program} ${size} ${mtimeMs}`);
  }
  const name = `${CLUSTER_TEMPLATE_PREFIX}${hash.digest("hex").slice(0, 16)}`;
  const template = join(scratchRoot(), name);
  if (!existsSync(join(template, "PG_VERSION"))) {
    const staging = folderForPostgres(scratchRoot(), `${name}.building-`);
    try {
      await runAsync("initdb", commandOf(bin, "initdb", ["-D", join(staging, "data"), "-A", "trust", "-U", "dramatis", "--no-sync", "-E", "UTF8"]));
      try {
        renameSync(join(staging, "data"), template);
      } catch (error) {
        // Another process made the same template meanwhile: theirs is as good as ours.
        if (!existsSync(join(template, "PG_VERSION"))) throw error;
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  // In use: what removeStale leaves alone. Templates of other binaries no run used for a day go.
  const now = new Date();
  utimesSync(template, now, now);
  removeStale(scratchRoot(), CLUSTER_TEMPLATE_PREFIX, name);
  return template;
}

/** Folders of the test processes' shared servers: this prefix, then the pid of the run's vitest process. */
export const SHARED_SERVER_PREFIX = "dramatis-pg-shared-";

/** A server whose databases can be dropped while it runs. */
type DroppingServer = PostgresServer & { dropDatabase(name: string): void };

let shared: Promise<DroppingServer> | undefined;

/**
 * A Postgres server for a test file. By default the test process's shared one: its files run one
 * after another, each on databases of its own (`createDatabase`), and its `stop()` drops those
 * databases, not the server, which stops when the process exits or, if it cannot say so (a fork
 * ended by a signal), when the run ends (`stopSharedServers`, global-setup.ts). A server's start
 * is ~0.75 CPU-s (the copy, the start, its processes) and ~4 s of a loaded machine the file only
 * waits through: ten files started one each. `own`: a server of the file's own, for a test that
 * stops it while a process uses it, and outside vitest (benchmarks measure a server of their own).
 */
export async function startPostgres({ own = !process.env.VITEST }: { own?: boolean } = {}): Promise<PostgresServer> {
  if (own) return startServer("dramatis-pg-");
  shared ??= startServer(`${SHARED_SERVER_PREFIX}${process.ppid}-`).then(
    (server) => {
      process.once("exit", () => server.stop());
      return server;
    },
    (error: unknown) => {
      shared = undefined;
      throw error;
    },
  );
  const server = await shared;
  const created: string[] = [];
  return {
    url: server.url,
    async createDatabase(name) {
      created.push(name);
      return server.createDatabase(name);
    },
    stop() {
      // Synchronous, as an owned server's stop is (files call it unawaited in afterAll).
      for (const name of created.splice(0)) server.dropDatabase(name);
    },
  };
}

/**
 * Stops the shared servers the test processes of the vitest run `runPid` left running (a process
 * ended by a signal runs no exit handler) and removes their folders.
 */
export function stopSharedServers(runPid: number): void {
  const bin = findPostgresBinaries();
  const root = scratchRoot();
  for (const name of readdirSync(root)) {
    if (!name.startsWith(`${SHARED_SERVER_PREFIX}${runPid}-`)) continue;
    const folder = join(root, name);
    if (bin && existsSync(join(folder, "data", "postmaster.pid"))) spawnSync(...commandOf(bin, "pg_ctl", ["-D", join(folder, "data"), "-m", "immediate", "-w", "stop"]));
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * glibc's malloc thresholds for the server, as deploy/compose.yaml gives its Postgres (decision 0012,
 * Session 17): a backend storing a shard's megabytes otherwise maps and faults them in afresh each
 * time. The benches start their Postgres here, so they measure the server compose ships. What the
 * environment already sets is kept.
 */
function serverEnvironment(): NodeJS.ProcessEnv {
  const thresholds = process.env.MALLOC_MMAP_THRESHOLD_ !== undefined || process.env.MALLOC_TRIM_THRESHOLD_ !== undefined ? {} : { MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024), MALLOC_TRIM_THRESHOLD_: String(256 * 1024 * 1024) };
  return { ...process.env, ...thresholds };
}

async function startServer(prefix: string): Promise<DroppingServer> {
  const bin = findPostgresBinaries();
  if (!bin) throw new Error("no PostgreSQL binaries found (install the postgresql package or set PG_BIN)");
  // In memory when the machine has room (database-template.ts): the copy and every write skip the disk.
  const folder = folderForPostgres(scratchRoot(), prefix);
  const data = join(folder, "data");
  const command = (name: string, args: string[]) => commandOf(bin, name, args);
  const run = (name: string, args: string[]) => {
    const result = spawnSync(...command(name, args), { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr || result.stdout}`);
  };
  // As the user that owns the template (its modes and owner kept: Postgres checks both).
  const template = await clusterTemplate(bin);
  await runAsync("copying the initdb template", asRoot ? ["runuser", ["-u", "postgres", "--", "cp", "-a", template, data]] : ["cp", ["-a", template, data]]);
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await runAsync("pg_ctl", command("pg_ctl", ["-D", data, "-l", join(folder, "log"), "-w", "-t", String(START_WAIT_SECONDS), "-o", `-p ${port} -h 127.0.0.1 -k ${folder} -c fsync=off -c max_connections=200`, "start"]), serverEnvironment());
      break;
    } catch (error) {
      // The port was free when chosen; another process may have bound it before the server did.
      if (attempt >= START_ATTEMPTS || !/could not bind|Address already in use/.test(readLog(join(folder, "log")))) throw error;
    }
  }
  const url = (database = "postgres") => `postgres://dramatis@127.0.0.1:${port}/${database}`;
  const dropDatabase = (name: string) => run("dropdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "dramatis", "--if-exists", "--force", name]);
  return {
    url,
    async createDatabase(name) {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        // A database of that name left by an earlier file that did not stop (or the same file run again, in watch mode).
        await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, "")}" WITH (FORCE)`);
        await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    dropDatabase,
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
