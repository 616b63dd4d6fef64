/**
 * The `dramatis` CLI bundled into plain JavaScript, for tests that start many processes.
 *
 * A process started through tsx spends ~3 CPU-s loading our TypeScript module by module (the
 * loader's thread, a transform lookup and a source map per file), and each engine thread as much
 * again: the topology test's nine processes spent most of their CPU starting. Bundled, the same
 * code loads in about half that, and the engine thread's entry is bundled too.
 *
 * The bundle runs the sources as they are: every `import.meta.url`, `import.meta.dirname` and
 * `import.meta.filename` is replaced by the source file's own, so data files, migrations, the web
 * UI and thread entries are found where the sources find them, and packages resolve from the
 * checkout's node_modules. Only what loads the code changes; `bin/dramatis.js` itself is started
 * by the CLI tests.
 */
import { build, type BuildOptions, type Plugin } from "esbuild";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { alive } from "../../src/store/data-dir-lock.ts";

const root = join(import.meta.dirname, "..", "..");

/**
 * Thread entries started by `new URL("./<file>", import.meta.url)` that load TypeScript: each is
 * bundled too (without the tsx loader it registers), and the bundle starts its bundled copy.
 */
const THREAD_ENTRIES = ["src/workers/engine-thread.mjs"];

/** Where the bundled CLI is, per process: built on first use (~1 s, mostly in esbuild's own threads). */
let built: Promise<string> | undefined;

/** The path of the bundled `src/cli/main.ts`, to start with `node <path> <command>`. */
export function dramatisBundle(): Promise<string> {
  built ??= buildBundle();
  return built;
}

async function buildBundle(): Promise<string> {
  // Inside the checkout, so that the bundle's package imports resolve from its node_modules; one
  // folder per test process, removed when the process ends.
  const parent = join(root, "node_modules", ".cache", "dramatis");
  const folder = join(parent, `test-bundle-${process.pid}`);
  // vitest ends its test processes with a signal, so no exit handler removes their bundles: those of
  // processes no longer running are removed here.
  for (const name of existsSync(parent) ? readdirSync(parent) : []) {
    const pid = Number(/^test-bundle-(\d+)$/.exec(name)?.[1]);
    if (pid && !alive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
  const bundledThreads = new Map(THREAD_ENTRIES.map((entry) => [join(root, entry), join(folder, `${entry.replaceAll("/", "-").replace(/\.mjs$/, "")}.mjs`)]));
  const common: BuildOptions = {
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages load from node_modules as they do for the sources (and native or WASM parts stay where they are).
    packages: "external",
    logLevel: "error",
    plugins: [sourceLocations(bundledThreads)],
  };
  await Promise.all([
    build({ ...common, entryPoints: [join(root, "src/cli/main.ts")], outfile: join(folder, "main.mjs") }),
    ...[...bundledThreads].map(([entry, outfile]) => build({ ...common, entryPoints: [entry], outfile })),
  ]);
  return join(folder, "main.mjs");
}


/**
 * Gives each of our files its own location back (see above), points thread entries at their
 * bundled copies, and leaves out the tsx loader a thread entry registers (the bundle is JavaScript).
 */
function sourceLocations(bundledThreads: ReadonlyMap<string, string>): Plugin {
  return {
    name: "source-locations",
    setup(builder) {
      builder.onResolve({ filter: /^tsx\/esm\/api$/ }, () => ({ path: "tsx-not-needed", namespace: "tsx-not-needed" }));
      builder.onLoad({ filter: /.*/, namespace: "tsx-not-needed" }, () => ({ contents: "export function register() {}", loader: "js" }));
      builder.onLoad({ filter: /\.(ts|mjs)$/ }, (arguments_) => {
        if (relative(root, arguments_.path).startsWith("node_modules")) return undefined;
        const fileUrl = pathToFileURL(arguments_.path).href;
        let contents = readFileSync(arguments_.path, "utf8");
        for (const [entry, bundled] of bundledThreads) {
          const relativeEntry = relative(dirname(arguments_.path), entry);
          contents = contents.replaceAll(`new URL("./${relativeEntry}", import.meta.url)`, `new URL(${JSON.stringify(pathToFileURL(bundled).href)})`);
        }
        const locations: Record<string, string> = { url: fileUrl, dirname: dirname(arguments_.path), filename: arguments_.path };
        // Not where the words are quoted: code that itself rewrites `import.meta.url` in a string
        // (the engine's thread bundler) must keep its string.
        contents = contents.replace(/(?<!["'`])\bimport\.meta\.(url|dirname|filename)\b/g, (_match, name: string) => JSON.stringify(locations[name]));
        return { contents, loader: arguments_.path.endsWith(".ts") ? "ts" : "js" };
      });
    },
  };
}
