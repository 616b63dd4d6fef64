/**
 * The import rules of `.dependency-cruiser.cjs` (docs/architecture.md), run on a small tree of
 * files written for each case: `npm test` shows they hold on our code; this shows they would
 * catch a break of the design, so a rule loosened by mistake fails here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type IConfiguration } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const config = require("../.dependency-cruiser.cjs") as Required<Pick<IConfiguration, "allowed" | "allowedSeverity" | "forbidden">> & { options: Record<string, unknown> };
const root = mkdtempSync(join(tmpdir(), "dramatis-import-rules-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let trees = 0;
/** The rules broken by a tree of files (path → source), as `rule: from → to`. */
async function violationsOf(files: Record<string, string>): Promise<string[]> {
  const baseDir = join(root, String(trees++));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(baseDir, path)), { recursive: true });
    writeFileSync(join(baseDir, path), source);
  }
  // The project's own options, without its tsconfig (the tree has none) and its cache.
  const { tsConfig: _tsConfig, ...options } = config.options;
  const result = await cruise(["src"], {
    ...options,
    baseDir,
    validate: true,
    ruleSet: { allowed: config.allowed, allowedSeverity: config.allowedSeverity, forbidden: config.forbidden },
  });
  const output = result.output as { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> } };
  return output.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`);
}

describe("the import rules", () => {
  it("allow what the architecture allows", async () => {
    expect(
      await violationsOf({
        "src/engine/blueprint.ts": 'import { z } from "zod"; export const schema = z.string();',
        "src/pipeline/generate.ts": 'import { schema } from "../engine/blueprint.ts"; export const generate = schema;',
        "src/jobs/workers.ts": 'import { generate } from "../pipeline/generate.ts"; export const work = generate;',
        "src/services/jobs.ts": 'import { work } from "../jobs/workers.ts"; export const service = work;',
        "src/api/routes.ts": 'import { service } from "../services/jobs.ts"; export const routes = service;',
      }),
    ).toEqual([]);
  });

  it("refuse a service that reaches into HTTP (services → api)", async () => {
    expect(
      await violationsOf({
        "src/api/errors.ts": "export class ApiError extends Error {}",
        "src/services/jobs.ts": 'import { ApiError } from "../api/errors.ts"; export const fail = () => new ApiError();',
      }),
    ).toEqual(["not-in-allowed: src/services/jobs.ts → src/api/errors.ts"]);
  });

  it("refuse production code that imports a test helper", async () => {
    const violations = await violationsOf({
      "test/helpers/app.ts": "export const helper = 1;",
      "src/jobs/workers.ts": 'import { helper } from "../../test/helpers/app.ts"; export const worker = helper;',
    });
    expect(violations).toContain("no-test-code-in-production: src/jobs/workers.ts → test/helpers/app.ts");
  });

  it("keep the engine pure: no Node built-in (no I/O, no clock)", async () => {
    expect(
      await violationsOf({
        "src/engine/sampler.ts": 'import { readFileSync } from "node:fs"; export const read = readFileSync;',
      }),
    ).toEqual(["not-in-allowed: src/engine/sampler.ts → fs"]);
  });

  it("keep the offline and model implementations apart", async () => {
    const violations = await violationsOf({
      "src/offline/writer.ts": "export const offline = 1;",
      "src/llm/writer.ts": 'import { offline } from "../offline/writer.ts"; export const model = offline;',
    });
    expect(violations).toContain("offline-and-llm-are-siblings: src/llm/writer.ts → src/offline/writer.ts");
  });

  it("refuse an import cycle", async () => {
    const violations = await violationsOf({
      "src/store/a.ts": 'import { b } from "./b.ts"; export const a = () => b;',
      "src/store/b.ts": 'import { a } from "./a.ts"; export const b = () => a;',
    });
    expect(violations).toContainEqual(expect.stringMatching(/^no-circular: src\/store\/(a|b)\.ts → src\/store\/(a|b)\.ts$/));
  });
});
