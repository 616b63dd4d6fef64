/**
 * Browser tests' equipment: Debian's Chromium driven by playwright-core, the built UI (built once
 * if missing), axe-core run in the page, and screenshots in a temporary folder whose path is
 * printed so a person can look at them.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";
import { webUiIsStale } from "../scripts/build-if-stale.ts";

const execFileAsync = promisify(execFile);

export const CHROMIUM = "/usr/bin/chromium";
/**
 * How long a step waits for the page: Playwright's default. A step that waits for what the page
 * will do does not depend on this; it only bounds how long a broken step takes to fail, and CI
 * machines are slower than any idle run (a loaded one took 15 s for a step that needs 1).
 */
export const PAGE_TIMEOUT_MS = 30_000;
/** A browser test: many steps, each a browser round trip and often a server's work, on a loaded machine. */
export const BROWSER_TEST_TIMEOUT_MS = 180_000;
/** A browser file's setup: a server, a browser, and the UI built first if it is stale (a minute on a small machine). */
export const BROWSER_SETUP_TIMEOUT_MS = 300_000;
export const CHROMIUM_ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`browser tests need ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGUMENTS });
}

export interface BrowserSession<App extends { url: string; devKey: string; close(): Promise<void> }> {
  app: App;
  browser: Browser;
  /** One page, reused by the file's tests in order. */
  page: Page;
  /** What went wrong in `page` (see collectPageErrors). */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A server (started by `start`, while the UI is built if it must be), a browser and one page on
 * it; with `signedIn`, this browser holds the server's key, as after the Account page.
 */
export async function openBrowserSession<App extends { url: string; devKey: string; close(): Promise<void> }>(start: () => Promise<App>, options: { signedIn?: boolean } = {}): Promise<BrowserSession<App>> {
  // The browser starts beside the server (its own processes; the server's start is this one's CPU):
  // one after the other, each waited for the other.
  const [started, launched, built] = await Promise.allSettled([start(), launchBrowser(), ensureWebUiBuilt()]);
  if (started.status === "rejected" || launched.status === "rejected" || built.status === "rejected") {
    if (launched.status === "fulfilled") await launched.value.close();
    if (started.status === "fulfilled") await started.value.close();
    throw [started, launched, built].find((outcome) => outcome.status === "rejected")!.reason;
  }
  const [app, browser] = [started.value, launched.value];
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  const errors = collectPageErrors(page);
  if (options.signedIn) {
    await page.goto(`${app.url}/account`);
    await page.evaluate((key) => localStorage.setItem("dramatis-api-key", key), app.devKey);
  }
  return {
    app,
    browser,
    page,
    errors,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

/** While one test process builds the UI, the others wait for it instead of building over it. */
const BUILD_LOCK = join(tmpdir(), "dramatis-web-ui-build.lock");
const BUILD_LOCK_STALE_MS = 5 * 60_000;

/** The built UI, built now when it is missing or stale (`npm test` builds it first; a single test file run may not have). */
export async function ensureWebUiBuilt(): Promise<void> {
  while (webUiIsStale()) {
    try {
      mkdirSync(BUILD_LOCK);
    } catch {
      // Another process is building: wait for it (or take over a lock its crash left behind).
      const lockedAt = statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - lockedAt > BUILD_LOCK_STALE_MS) rmSync(BUILD_LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      // In a process of its own (the script `npm test` runs first): Rollup's work is long synchronous
      // stretches, and in this test process it held the event loop for 172 s on a loaded machine,
      // past the minute after which vitest fails a run whose test process does not answer.
      await execFileAsync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("../scripts/build-if-stale.ts", import.meta.url))], { cwd: fileURLToPath(new URL("../..", import.meta.url)) });
    } finally {
      rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
  }
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

/**
 * Photographs pages into a temporary folder (printed once, so whoever runs the tests can open
 * them) and fails on any serious or critical accessibility violation of the page photographed.
 */
export function pageChecker(name: string): { folder: string; check(page: Page, file: string): Promise<void> } {
  // One folder per test file, emptied at each run, so runs do not pile up pictures in /tmp.
  const folder = join(tmpdir(), "dramatis-ui-screenshots", name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  console.log(`[web ui] screenshots of ${name}: ${folder}`);
  return {
    folder,
    async check(page, file) {
      await page.screenshot({ path: join(folder, `${file}.png`), fullPage: true });
      expect(await seriousViolations(page), `axe on ${file}`).toEqual([]);
    },
  };
}

/**
 * What went wrong in the page while a test drove it: uncaught errors, console errors (a refused
 * Content-Security-Policy says so there), and API answers of 400 and above, with their request.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`page error: ${error.stack ?? error.message}`));
  page.on("console", (message) => {
    // Failed requests are reported below, with their method and path.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(`console: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  return errors;
}
