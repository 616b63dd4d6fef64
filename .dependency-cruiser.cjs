/**
 * The import rules of DESIGN §2 and docs/architecture.md, checked with every `npm test`.
 *
 * An allow-list: each folder names what it may import (ours, npm packages, Node built-ins), and
 * anything not allowed is an error. Tests are excluded (they may reach across layers to set up
 * real parts), but production code may never import a test, a test helper or a dev dependency.
 */
const ours = (folders) => `^src/(${folders.join("|")})/`;
const npm = "^node_modules/";
const anyNpm = { path: npm, dependencyTypesNot: ["npm-dev"] };
const core = { dependencyTypes: ["core"] };

/** One row of the architecture table: `from` may import the listed folders of ours, npm and Node. */
function layer(name, folders, { pure = false, extraPaths = [] } = {}) {
  const allowedOurs = [ours([name, ...folders]), ...extraPaths];
  const rules = [{ from: { path: ours([name]) }, to: { path: allowedOurs } }];
  if (pure) {
    // The pure core: only its two npm packages, no Node built-ins (no I/O, no clock, no crypto).
    rules.push({ from: { path: ours([name]) }, to: { path: "^(node_modules/)?(zod|pure-rand)(/|$)" } });
  } else {
    rules.push({ from: { path: ours([name]) }, to: anyNpm }, { from: { path: ours([name]) }, to: core });
  }
  return rules;
}

module.exports = {
  allowed: [
    ...layer("engine", [], { pure: true }),
    ...layer("offline", ["engine"]),
    ...layer("llm", ["engine", "npc"]),
    ...layer("grounding", ["engine"]),
    ...layer("pipeline", ["engine"]),
    // npc/ is the play engine: pure like engine/, but it may use the shared wording of details.
    ...layer("npc", ["engine", "shared"]),
    ...layer("store", []),
    ...layer("billing", ["engine", "store"]),
    // observability/ (metrics, logs) is a leaf every layer with I/O may report to.
    ...layer("observability", []),
    // workers/ runs the pure engine and the offline parts in worker threads, for jobs/, and a heavy
    // NPC save's check (the npc/ validation and the ids services/npc gives out), for services/.
    ...layer("workers", ["engine", "pipeline", "offline", "observability", "npc", "shared"], { extraPaths: ["^src/providers\\.ts$", "^src/services/npc/(save-check|stored-definition)\\.ts$"] }),
    ...layer("jobs", ["store", "pipeline", "engine", "workers", "observability"], { extraPaths: ["^src/providers\\.ts$"] }),
    ...layer("services", ["store", "jobs", "npc", "engine", "billing", "shared", "workers"]),
    ...layer("shared", ["engine"]),
    ...layer("sdk", ["shared", "engine"]),
    ...layer("api", ["services", "store", "billing", "shared", "npc", "engine", "observability"], { extraPaths: ["^src/config\\.ts$"] }),
    ...layer("cli", ["api", "services", "store", "jobs", "pipeline", "engine", "shared", "sdk", "billing", "observability"], {
      extraPaths: ["^src/(config|app|providers|provider-parts|load-providers)\\.ts$"],
    }),
    // The engine bundle's builder loads esbuild, a development dependency, by dynamic import and
    // starts threads from the sources when it is missing (an install without dev dependencies).
    { from: { path: "^src/workers/engine-bundle\\.ts$" }, to: { path: "^node_modules/esbuild/" } },
    // The package's public surface: the SDK and the engine, by name (STYLE 1).
    { from: { path: "^src/index\\.ts$" }, to: { path: "^src/(sdk|engine)/" } },
    // The composition root: the only files that see every implementation.
    { from: { path: "^src/(app|providers|provider-parts|load-providers|config)\\.ts$" }, to: { path: "^src/" } },
    { from: { path: "^src/(app|providers|provider-parts|load-providers|config)\\.ts$" }, to: anyNpm },
    { from: { path: "^src/(app|providers|provider-parts|load-providers|config)\\.ts$" }, to: core },
  ],
  allowedSeverity: "error",
  forbidden: [
    {
      name: "offline-and-llm-are-siblings",
      comment: "offline/ and llm/ implement the same ports and never import each other.",
      severity: "error",
      from: { path: "^src/(offline|llm)/" },
      to: { path: "^src/(offline|llm)/", pathNot: "^src/$1/" },
    },
    {
      name: "npc-knows-no-http",
      comment: "npc/ is the play engine; HTTP lives in api/.",
      severity: "error",
      from: { path: "^src/npc/" },
      to: { path: "^node_modules/(fastify|@fastify)/" },
    },
    {
      name: "no-test-code-in-production",
      comment: "production code never imports tests, test helpers or fixtures.",
      severity: "error",
      from: { path: "^src/", pathNot: "\\.test\\.ts$" },
      to: { path: "(^test/|\\.test\\.ts$|/__fixtures__/|/testing/)" },
    },
    {
      name: "not-to-dev-dep",
      comment: "production code imports only runtime dependencies (but the engine bundle's optional builder, see `allowed`).",
      severity: "error",
      from: { path: "^src/", pathNot: "(\\.test\\.ts|^src/workers/engine-bundle\\.ts)$" },
      to: { dependencyTypes: ["npm-dev"] },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true, dependencyTypes: ["local", "import"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(\\.test\\.ts$|/__fixtures__/|/testing/)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // Resolve packages through their `exports` maps (e.g. `@electric-sql/pglite/nodefs`).
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
