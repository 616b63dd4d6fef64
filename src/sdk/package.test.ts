/**
 * The npm package as a user installs it: built (`npm run build`), packed with `npm pack` (so only
 * what `files` ships), unpacked into a fresh project's node_modules, then imported by plain Node,
 * type-checked by a default `tsc --init` project, and scanned for anything a browser bundle lacks.
 */
import { execFile } from "node:child_process";
import { builtinModules } from "node:module";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const folder = mkdtempSync(join(tmpdir(), "dramatis-package-"));
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Builds and packs the package, and unpacks it into a new project that has only its runtime dependencies. */
async function installIntoFreshProject(): Promise<string> {
  await run(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root });
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", folder], { cwd: root });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  const project = join(folder, "consumer");
  const installed = join(project, "node_modules", "dramatis");
  mkdirSync(installed, { recursive: true });
  await run("tar", ["-xzf", join(folder, packed!.filename), "-C", installed, "--strip-components=1"]);
  // The engine entry's runtime dependencies, as npm would have installed them next to the package.
  for (const dependency of ["zod", "pure-rand"]) symlinkSync(join(root, "node_modules", dependency), join(project, "node_modules", dependency), "dir");
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  return project;
}

/** Every file reachable by import from `entry`, and every module specifier they name. */
function importGraph(entry: string): { files: string[]; specifiers: Set<string> } {
  const files: string[] = [];
  const specifiers = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const code = withoutComments(readFileSync(file, "utf8"));
    for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)) {
      const specifier = match[1]!;
      if (specifier.startsWith(".")) pending.push(join(dirname(file), specifier));
      else specifiers.add(specifier);
    }
  }
  return { files, specifiers };
}

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

describe("the npm package", () => {
  it(
    "ships built JavaScript with declarations that plain Node imports, a default TypeScript project type-checks, and a browser can bundle",
    async () => {
      const project = await installIntoFreshProject();
      const installed = join(project, "node_modules", "dramatis");
      expect(readdirSync(installed).sort()).toEqual(expect.arrayContaining(["bin", "dist", "package.json"]));

      // (a) Plain Node 20, no loader: the SDK and the main entry.
      writeFileSync(
        join(project, "plain.mjs"),
        `import { createClient, DramatisApiError } from "dramatis/sdk";
import * as dramatis from "dramatis";
const client = createClient({ baseUrl: "http://127.0.0.1:9", token: "ak_x" });
console.log(JSON.stringify({
  generate: typeof client.populations.generate,
  error: new DramatisApiError({ status: 401, code: "UNAUTHORIZED", message: "no" }).code,
  sameClass: dramatis.DramatisApiError === DramatisApiError,
  optimalTvd: dramatis.optimalTvd({ a: 1, b: 1 }, 3),
}));
`,
      );
      const plain = await run(process.execPath, ["plain.mjs"], { cwd: project });
      expect(JSON.parse(plain.stdout)).toEqual({ generate: "function", error: "UNAUTHORIZED", sameClass: true, optimalTvd: expect.any(Number) });

      // (b) A project made by `tsc --init` (no allowImportingTsExtensions, no Node types). That our
      // declarations need no Node types either, tsconfig.build.json's `"types": []` guarantees.
      await run(process.execPath, [tsc, "--init"], { cwd: project });
      writeFileSync(
        join(project, "index.ts"),
        `import { createClient, DramatisApiError, type PopulationPoll } from "dramatis/sdk";
import { sampleStructured, type Blueprint } from "dramatis";

const client = createClient({ baseUrl: "http://127.0.0.1:8787", token: "ak_x" });

export async function personasOf(prompt: string): Promise<number> {
  const handle = await client.populations.generate({ prompt, count: 10 });
  const poll: PopulationPoll = await handle.wait({ onProgress: (progress) => console.log(progress.produced) });
  return poll.result?.personas.length ?? 0;
}

export function isUnauthorised(error: unknown): boolean {
  return DramatisApiError.isInstance(error) && error.status === 401;
}

export const sampled = (blueprint: Blueprint) => sampleStructured(blueprint, 10, 1).length;

// @ts-expect-error count is a number: the declarations carry real types, not \`any\`.
void client.populations.generate({ prompt: "x", count: "ten" });
`,
      );
      await run(process.execPath, [tsc, "-p", ".", "--noEmit"], { cwd: project }).catch((error) => expect.fail(`tsc --init project: ${error.stdout}`));

      // (c) A browser bundle: nothing reachable from the SDK imports a Node built-in or any
      // package, or uses Node's globals.
      const sdk = importGraph(join(installed, "dist", "sdk", "index.js"));
      expect(sdk.files.map((file) => relative(installed, file))).toContain("dist/sdk/transport.js");
      expect([...sdk.specifiers]).toEqual([]);
      for (const file of sdk.files) {
        const code = withoutComments(readFileSync(file, "utf8"));
        expect(code, relative(installed, file)).not.toMatch(/\b(?:process|Buffer|require|__dirname|global)\b(?!\w)/);
      }
      const main = importGraph(join(installed, "dist", "index.js"));
      const nodeBuiltins = [...main.specifiers].filter((specifier) => specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]!));
      expect(nodeBuiltins).toEqual([]);
    },
    // A TypeScript build, npm pack and a type-check: generous for a loaded 2-core machine.
    300_000,
  );

  it("installs on the Node versions it declares: no locked dependency demands a newer Node (no EBADENGINE)", () => {
    // semver is fastify's own dependency; the lock file lists what `npm install` will fetch.
    const semver = createRequire(import.meta.url)("semver") as { minVersion(range: string): { version: string }; satisfies(version: string, range: string): boolean };
    const oldestNode = semver.minVersion(manifest.engines.node).version;
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; engines?: { node?: string } }> };
    const demanding = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines?.node && !semver.satisfies(oldestNode, entry.engines.node))
      .map(([path, entry]) => `${path}@${entry.version} requires node ${entry.engines!.node}`);
    expect(demanding).toEqual([]);
  });
});
