/** Import rules of DESIGN §2, checked with the tests. */
module.exports = {
  forbidden: [
    {
      name: "engine-is-pure",
      comment: "engine/ imports no other folder of ours: it is the pure, deterministic core.",
      severity: "error",
      from: { path: "^src/engine/" },
      to: { path: "^src/", pathNot: "^src/engine/" },
    },
    {
      name: "offline-not-llm",
      comment: "offline/ and llm/ implement the same interfaces and never import each other.",
      severity: "error",
      from: { path: "^src/offline/" },
      to: { path: "^src/llm/" },
    },
    {
      name: "llm-not-offline",
      severity: "error",
      from: { path: "^src/llm/" },
      to: { path: "^src/offline/" },
    },
    {
      name: "npc-knows-no-http",
      comment: "npc/ is the play engine; HTTP lives in api/.",
      severity: "error",
      from: { path: "^src/npc/" },
      to: { path: "^(src/api/|node_modules/fastify)" },
    },
    {
      name: "sdk-imports-no-server",
      comment: "the SDK ships to clients: only shared schemas/types, never server code.",
      severity: "error",
      from: { path: "^src/sdk/" },
      to: { path: "^src/(api|store|jobs|offline|llm|npc|cli)/" },
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
    exclude: { path: "\\.test\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
