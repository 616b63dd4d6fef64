/**
 * The `dramatis` CLI bundled into plain JavaScript, for tests that start many processes.
 *
 * A process started through tsx spends ~3 CPU-s loading our TypeScript module by module (the
 * loader's thread, a transform lookup and a source map per file): the topology test's processes
 * spent most of their CPU starting. Bundled, the same code loads in about half that.
 *
 * The bundle is the engine's own (`bundledEntry`, src/workers/engine-bundle.ts): each file keeps its
 * own `import.meta` locations, so data files, migrations, the web UI and thread entries are found
 * where the sources find them (an engine thread starts from the engine's bundle, as in production),
 * packages resolve from the checkout's node_modules, and it is made once per version of the sources
 * for every test process. Only what loads the code changes; `bin/dramatis.js` itself is started by
 * the CLI tests.
 */
import { fileURLToPath } from "node:url";
import { bundledEntry } from "../../src/workers/engine-bundle.ts";

const CLI_ENTRY = new URL("../../src/cli/main.ts", import.meta.url);

let built: Promise<string> | undefined;

/** The path of the bundled `src/cli/main.ts`, to start with `node <path> <command>`. */
export function dramatisBundle(): Promise<string> {
  built ??= (async () => {
    const bundle = await bundledEntry(CLI_ENTRY, "cli");
    // bundledEntry falls back to the sources, which plain Node cannot start: say so here.
    if (bundle.href === CLI_ENTRY.href) throw new Error("the CLI could not be bundled for the process tests (is esbuild installed?)");
    return fileURLToPath(bundle);
  })();
  return built;
}
