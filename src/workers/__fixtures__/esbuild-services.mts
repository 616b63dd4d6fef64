/**
 * Run in a process of its own by engine-bundle.test.ts: makes a bundle and prints how many esbuild
 * service processes this process has before and after (its TypeScript loader keeps one of its own).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundledEntry } from "../engine-bundle.ts";

const services = () => execFileSync("ps", ["-o", "args=", "--ppid", String(process.pid)], { encoding: "utf8" }).split("\n").filter((line) => /esbuild.*--service/.test(line)).length;
const folder = mkdtempSync(join(tmpdir(), "esbuild-services-"));
const before = services();
await bundledEntry(new URL("./bundled-entry/entry.mjs", import.meta.url), "fixture", folder);
const after = services();
rmSync(folder, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ before, after }));
