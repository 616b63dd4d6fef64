/**
 * Browser tests' equipment: Debian's Chromium driven by playwright-core, the built UI (built once
 * if missing), axe-core run in the page, and screenshots in a temporary folder whose path is
 * printed so a person can look at them.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { WEB_UI_DIRECTORY } from "../../src/api/routes/web-ui.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`browser tests need ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGUMENTS });
}

/** The built UI, built now when it is missing (`npm test` builds it first; a single test file run may not have). */
export async function ensureWebUiBuilt(): Promise<void> {
  if (existsSync(join(WEB_UI_DIRECTORY, "index.html"))) return;
  const { build } = await import("vite");
  await build({ configFile: new URL("../vite.config.ts", import.meta.url).pathname, logLevel: "warn" });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * The page's serious and critical accessibility violations (WCAG 2.1 A and AA rules). axe is
 * evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
 * govern, so the page is tested under its real policy.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")) }));
  });
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/** Where this run's screenshots go; printed once so whoever runs the tests can open them. */
export function screenshotFolder(name: string): { folder: string; shoot(page: Page, file: string): Promise<void> } {
  const folder = mkdtempSync(join(tmpdir(), `dramatis-ui-${name}-`));
  console.log(`[web ui] screenshots of ${name}: ${folder}`);
  return { folder, shoot: async (page, file) => void (await page.screenshot({ path: join(folder, `${file}.png`), fullPage: true })) };
}

/** Fails with the page's own words when something went wrong in it (an uncaught error, a CSP refusal). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`page error: ${error.stack ?? error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !/Failed to load resource: the server responded with a status of (404|503)/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  return errors;
}
