/**
 * The engine threads' entry as one JavaScript file, so that a thread starts without a TypeScript
 * loader. Through tsx each engine thread loaded our modules one by one with a loader thread of its
 * own (a transform lookup and a source map per file, and the loader's disk-cache sweep): ~2–3 CPU-s
 * per thread before its first task, paid again by every worker process and every thread that idled
 * out. Bundled, the thread loads one file.
 *
 * Built with esbuild (a development dependency: without it, or if building fails, threads start
 * through tsx as before) into `node_modules/.cache/dramatis/`, beside the packages it imports, once
 * per version of the sources: a manifest lists every file the bundle was made of with its size and
 * modification time, and a bundle whose files changed is made again. The bundle runs the sources as
 * they are: each file's `import.meta.url` is its own, so data files and packages are found where
 * the sources find them. Writes are atomic (a temporary file renamed), so processes starting
 * together may both build and neither reads half a file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The thread entry this bundles: the one `engine-pool.ts` starts by default. (Written without "./":
 * the test helper that bundles the CLI points `new URL("./engine-thread.mjs", …)` at its own bundled
 * copy, which is started as it is.)
 */
export const ENGINE_THREAD_ENTRY = new URL("engine-thread.mjs", import.meta.url);

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cacheFolder = join(root, "node_modules", ".cache", "dramatis");

interface Manifest {
  /**
   * The checkout it was made from. Two checkouts can share one node_modules (a worktree or a copy
   * with node_modules linked): the bundle holds its checkout's paths (import.meta.url), and the
   * other's files may match the manifest's sizes and times (a copy keeps them), so a bundle made by
   * one is never taken as the other's.
   */
  root: string;
  /** Each file the bundle was made of (relative to the checkout), with what it was then. */
  inputs: Array<{ path: string; size: number; modified: number }>;
}

/**
 * The URL to start engine threads from: the bundle of `entry` when it is the engine's own entry and
 * a bundle is (or can now be) made of the current sources, else `entry` itself. `DRAMATIS_ENGINE_BUNDLE=0`
 * keeps the sources (through tsx).
 */
export async function engineThreadUrl(entry: URL, folder = cacheFolder): Promise<URL> {
  if (entry.href !== ENGINE_THREAD_ENTRY.href || process.env.DRAMATIS_ENGINE_BUNDLE === "0") return entry;
  return bundledEntry(entry, "engine-thread", folder);
}

/**
 * Any of our entry files as one JavaScript file made from the current sources (`<name>.mjs` in
 * `folder`, with `<name>.manifest.json`), or the entry itself when no bundle can be made. The
 * process's own entry can start this way too (`bin/dramatis.js` importing the CLI's bundle instead
 * of registering tsx): a thread entry it starts by `new URL(…, import.meta.url)` still names the
 * source, which is bundled in turn.
 */
export async function bundledEntry(entry: URL, name: string, folder = cacheFolder): Promise<URL> {
  const bundle = join(folder, `${name}.mjs`);
  const manifest = join(folder, `${name}.manifest.json`);
  try {
    if (upToDate(manifest)) return pathToFileURL(bundle);
    await buildBundle(fileURLToPath(entry), bundle, manifest);
    return pathToFileURL(bundle);
  } catch {
    // No esbuild (installed without development dependencies) or a build that failed: the sources.
    return entry;
  }
}

function upToDate(manifestPath: string): boolean {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  } catch {
    return false;
  }
  return manifest.root === root && manifest.inputs.length > 0 && manifest.inputs.every(({ path, size, modified }) => {
    try {
      const stats = statSync(join(root, path));
      return stats.size === size && stats.mtimeMs === modified;
    } catch {
      return false;
    }
  });
}

/** Builds under way in this process: esbuild's service process is stopped when the last one ends. */
let buildsUnderWay = 0;

async function buildBundle(entryPath: string, bundlePath: string, manifestPath: string): Promise<void> {
  const esbuild = await import("esbuild");
  buildsUnderWay++;
  try {
    await writeBundle(esbuild.build, entryPath, bundlePath, manifestPath);
  } finally {
    // esbuild keeps a service process alive for further builds (17 MB beside every server that
    // built a bundle, for its whole life); the next build, if any, starts another.
    if (--buildsUnderWay === 0) await esbuild.stop();
  }
}

async function writeBundle(build: typeof import("esbuild").build, entryPath: string, bundlePath: string, manifestPath: string): Promise<void> {
  // Read before building: a file changed during the build then reads as changed next time.
  const inputs = new Map<string, { size: number; modified: number }>();
  const name = basename(bundlePath, ".mjs");
  const result = await build({
    // What an entry imports by `await import()` goes in chunks of its own (shared code too), loaded
    // when it runs: a single file would hoist every package it imports to its top, so `dramatis
    // --help` loaded Fastify, the AI SDKs and faker (~1.9 CPU-s; split, ~0.45).
    entryPoints: { [name]: entryPath },
    splitting: true,
    outdir: dirname(bundlePath),
    outExtension: { ".js": ".mjs" },
    // Named by their contents: a bundle made again leaves the chunks an older one (still running in
    // another process) may yet import, and processes making the same bundle write the same files.
    chunkNames: `${name}-chunks/[name]-[hash]`,
    // The entry names the checkout it was made from (bin/dramatis.js checks it), whatever it holds itself.
    banner: { js: `// made from ${JSON.stringify(pathToFileURL(root).href + "/src/")}` },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages load from node_modules as they do for the sources (native and WASM parts stay where they are).
    packages: "external",
    write: false,
    logLevel: "silent",
    plugins: [
      {
        name: "own-locations",
        setup(builder) {
          // The bundle is JavaScript: the loader the entry registers for the sources is not needed.
          builder.onResolve({ filter: /^tsx\/esm\/api$/ }, () => ({ path: "tsx", namespace: "no-loader" }));
          builder.onLoad({ filter: /.*/, namespace: "no-loader" }, () => ({ contents: "export function register() {}", loader: "js" }));
          builder.onLoad({ filter: /\.(ts|mjs|js)$/ }, (file) => {
            if (relative(root, file.path).startsWith("node_modules")) return undefined;
            const stats = statSync(file.path);
            inputs.set(relative(root, file.path), { size: stats.size, modified: stats.mtimeMs });
            const own = { url: pathToFileURL(file.path).href, dirname: dirname(file.path), filename: file.path };
            // Not where it is quoted (a string that names it, as in this file).
            const contents = readFileSync(file.path, "utf8").replace(/(?<!["'`])import\.meta\.(url|dirname|filename)\b/g, (_, key: keyof typeof own) => JSON.stringify(own[key]));
            return { contents, loader: file.path.endsWith(".ts") ? "ts" : "js" };
          });
        },
      },
    ],
  });
  const entry = result.outputFiles.find((file) => file.path === bundlePath);
  if (!entry) throw new Error("esbuild wrote no bundle");
  const temporary = `.${process.pid}-${Date.now().toString(36)}.tmp`;
  // The chunks first, the entry that imports them last.
  for (const file of [...result.outputFiles.filter((file) => file !== entry), entry]) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path + temporary, file.contents);
    renameSync(file.path + temporary, file.path);
  }
  // Chunks of older bundles, once no process can still be running one (a day unused).
  const chunks = join(dirname(bundlePath), `${name}-chunks`);
  const made = new Set(result.outputFiles.map((file) => file.path));
  for (const chunk of existsSync(chunks) ? readdirSync(chunks) : []) {
    const path = join(chunks, chunk);
    if (!made.has(path) && Date.now() - statSync(path).mtimeMs > 24 * 60 * 60 * 1000) rmSync(path, { force: true });
  }
  const manifest: Manifest = { root, inputs: [...inputs].map(([path, stats]) => ({ path, ...stats })) };
  writeFileSync(manifestPath + temporary, JSON.stringify(manifest));
  renameSync(manifestPath + temporary, manifestPath);
}
