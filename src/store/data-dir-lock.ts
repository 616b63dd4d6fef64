/**
 * Embedded PGlite must be opened by one process at a time. The server leaves its pid and URL in
 * the data folder; operator commands check it before opening the database themselves. Like
 * everything in the data folder, the note is readable by its owner only.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makePrivate } from "./database.ts";

export interface LockInfo {
  pid: number;
  url?: string;
}

function lockPath(dataDir: string): string {
  return join(dataDir, "server.json");
}

/** Whether a process is running (EPERM: running, under another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live process holding the embedded database, if any (stale locks are ignored). */
export function currentHolder(dataDir: string): LockInfo | null {
  const path = lockPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    const info = JSON.parse(readFileSync(path, "utf8")) as LockInfo;
    return info.pid !== process.pid && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/** Notes where the holder listens, once it does, so operator commands can reach it. */
export function recordUrl(dataDir: string, url: string): void {
  writeLock(dataDir, { pid: process.pid, url });
}

function writeLock(dataDir: string, info: LockInfo): void {
  writeFileSync(lockPath(dataDir), JSON.stringify(info), { mode: 0o600 });
  // `mode` applies only to a new file: a note left by an earlier version keeps its mode otherwise.
  chmodSync(lockPath(dataDir), 0o600);
}

export function acquire(dataDir: string, url?: string): () => void {
  const holder = currentHolder(dataDir);
  if (holder) {
    throw new Error(
      `the embedded database in ${dataDir} is in use by process ${holder.pid}${holder.url ? ` (${holder.url})` : ""}; ` +
        "stop it first, or point both at a Postgres server with DATABASE_URL",
    );
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Operator commands open the database after this without starting the app: everything an earlier
  // version left readable by others (the folder, the dev key, the operator token, the database) is
  // made private here, on every path that takes the folder, not only when a server starts.
  makePrivate(dataDir);
  writeLock(dataDir, { pid: process.pid, url });
  return () => {
    const path = lockPath(dataDir);
    try {
      const info = JSON.parse(readFileSync(path, "utf8")) as LockInfo;
      if (info.pid === process.pid) rmSync(path, { force: true });
    } catch {
      // Already gone.
    }
  };
}
