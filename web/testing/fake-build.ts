/**
 * A built web UI of our own making (a page and one hashed asset) in a temporary folder, for server
 * tests that must not depend on `npm run build:web` having run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const FAKE_ASSET = "app-abc123.js";

export function fakeWebUiBuild(): { directory: string; remove(): void } {
  const directory = mkdtempSync(join(tmpdir(), "dramatis-web-"));
  mkdirSync(join(directory, "assets"));
  writeFileSync(join(directory, "index.html"), `<!doctype html><html><head><script type="module" src="/assets/${FAKE_ASSET}"></script></head><body><div id="root"></div></body></html>`);
  writeFileSync(join(directory, "assets", FAKE_ASSET), "console.log('ui');");
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/** A folder with no UI in it: the server as installed from the package. */
export function noWebUiBuild(): { directory: string; remove(): void } {
  const directory = mkdtempSync(join(tmpdir(), "dramatis-web-"));
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
