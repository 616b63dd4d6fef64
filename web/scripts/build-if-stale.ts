/**
 * Builds the web UI when it is missing or older than its sources (`npm start`, `npm test`), and
 * does nothing otherwise: a build takes a minute on a small machine, and `npm install` has usually
 * made it already. What counts as a source: the UI's files and what it bundles from `src/` (the
 * SDK and the engine).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const built = join(root, "web", "dist", "index.html");
// Not package-lock.json: `npm install` may write it after `prepare` built the UI, and a change of
// dependencies runs `prepare` anyway.
const SOURCES = ["web/src", "web/index.html", "web/vite.config.ts", "src/sdk", "src/engine", "src/shared"];

/** The newest modification time under `path` (a file or a folder), tests included: cheap, and never too old. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, entry) => Math.max(latest, newest(join(path, entry))), stat.mtimeMs);
}

export function webUiIsStale(): boolean {
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.map((source) => join(root, source)).some((path) => existsSync(path) && newest(path) > builtAt);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (webUiIsStale()) {
    console.log("Building the web UI (web/dist)…");
    const { build } = await import("vite");
    await build({ configFile: join(root, "web", "vite.config.ts"), logLevel: "warn" });
  }
}
