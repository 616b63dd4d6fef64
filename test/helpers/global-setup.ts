/**
 * Runs once per `vitest run`, before any test file: makes (or finds) the migrated database
 * template every test app copies, and a scratch folder for those copies that is removed when the
 * run ends, whatever a test forgot to close.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { databaseTemplate, removeStale, scratchRoot } from "./database-template.ts";

const SCRATCH_PREFIX = "dramatis-tests-";

export default async function setup(project: TestProject): Promise<() => void> {
  removeStale(scratchRoot(), SCRATCH_PREFIX);
  const scratch = mkdtempSync(join(scratchRoot(), SCRATCH_PREFIX));
  project.provide("scratchFolder", scratch);
  project.provide("databaseTemplate", await databaseTemplate());
  return () => rmSync(scratch, { recursive: true, force: true });
}
