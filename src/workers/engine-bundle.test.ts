/**
 * The engine threads start from one bundled JavaScript file made from the current sources, never
 * from a bundle of older ones, and give the same bytes as the sources do.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundledEntry, ENGINE_THREAD_ENTRY, engineThreadUrl } from "./engine-bundle.ts";
import { EnginePool } from "./engine-pool.ts";

// Inside the checkout, as the bundle always is: its package imports resolve from node_modules.
const cache = join(import.meta.dirname, "..", "..", "node_modules", ".cache", "dramatis");
mkdirSync(cache, { recursive: true });
const folder = mkdtempSync(join(cache, "test-engine-bundle-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("the engine threads' bundle", () => {
  it("is made from the engine's entry and every source it loads, and runs a task with the sources' bytes", async () => {
    const url = await engineThreadUrl(ENGINE_THREAD_ENTRY, folder);
    expect(fileURLToPath(url)).toBe(join(folder, "engine-thread.mjs"));
    const manifest = JSON.parse(readFileSync(join(folder, "engine-thread.manifest.json"), "utf8")) as { inputs: Array<{ path: string }> };
    const paths = manifest.inputs.map((input) => input.path);
    expect(paths).toEqual(expect.arrayContaining(["src/workers/engine-thread.mjs", "src/workers/whole-population-task.ts", "src/engine/sampler.ts", "src/offline/writer.ts"]));
    // Started from the bundle (`new URL` of a file outside src/workers), against the same task on this thread.
    const bundled = new EnginePool(1, url);
    try {
      const input = { prompt: "Lighthouse keepers in 1890s Scotland", count: 3, grounding: "off" as const, seed: 11 };
      expect(await bundled.run("wholePopulation", input)).toEqual(await new EnginePool(0).run("wholePopulation", input));
    } finally {
      await bundled.destroy();
    }
  });

  it("is made again when a file it was made of has changed since", async () => {
    await engineThreadUrl(ENGINE_THREAD_ENTRY, folder);
    const manifestPath = join(folder, "engine-thread.manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { inputs: Array<{ path: string; size: number }> };
    // As if src/engine/sampler.ts had been a byte shorter when the bundle was made.
    const sampler = manifest.inputs.find((input) => input.path === "src/engine/sampler.ts");
    if (!sampler) throw new Error("the sampler is not in the bundle");
    sampler.size -= 1;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    writeFileSync(join(folder, "engine-thread.mjs"), "throw new Error('an old bundle');\n");
    await engineThreadUrl(ENGINE_THREAD_ENTRY, folder);
    expect(readFileSync(join(folder, "engine-thread.mjs"), "utf8")).not.toContain("an old bundle");
    const rebuilt = JSON.parse(readFileSync(manifestPath, "utf8")) as { inputs: Array<{ path: string; size: number }> };
    expect(rebuilt.inputs.find((input) => input.path === "src/engine/sampler.ts")?.size).toBe(sampler.size + 1);
  });

  it("is made again when it was made from another checkout sharing node_modules, even with every file the same", async () => {
    await engineThreadUrl(ENGINE_THREAD_ENTRY, folder);
    const manifestPath = join(folder, "engine-thread.manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { root: string };
    const root = manifest.root;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, root: "/elsewhere/a-copy-of-the-checkout" }));
    writeFileSync(join(folder, "engine-thread.mjs"), "throw new Error('a bundle of another checkout');\n");
    await engineThreadUrl(ENGINE_THREAD_ENTRY, folder);
    expect(readFileSync(join(folder, "engine-thread.mjs"), "utf8")).not.toContain("another checkout");
    expect((JSON.parse(readFileSync(manifestPath, "utf8")) as { root: string }).root).toBe(root);
  });

  it("is not made for another entry (a test's), nor with DRAMATIS_ENGINE_BUNDLE=0", async () => {
    const other = new URL("./__fixtures__/broken-thread.mjs", import.meta.url);
    expect(await engineThreadUrl(other, folder)).toBe(other);
    process.env.DRAMATIS_ENGINE_BUNDLE = "0";
    try {
      expect(await engineThreadUrl(ENGINE_THREAD_ENTRY, folder)).toBe(ENGINE_THREAD_ENTRY);
    } finally {
      delete process.env.DRAMATIS_ENGINE_BUNDLE;
    }
  });
});

describe("an entry bundled", () => {
  it("keeps each file's own import.meta (url, dirname, filename), and leaves a string that names it alone", async () => {
    const entry = new URL("./__fixtures__/bundled-entry/entry.mjs", import.meta.url);
    const url = await bundledEntry(entry, "fixture", folder);
    expect(url.href).not.toBe(entry.href);
    const { locations } = (await import(url.href)) as { locations: Record<string, string> };
    const fixtures = join(import.meta.dirname, "__fixtures__", "bundled-entry");
    expect(locations).toEqual({
      entry: entry.href,
      entryFolder: fixtures,
      nestedFile: join(fixtures, "nested", "locations.ts"),
      nestedUrl: new URL("./__fixtures__/bundled-entry/nested/data.json", import.meta.url).href,
      quoted: "import.meta.url",
    });
  });

  it("leaves no esbuild service process of its own running once the bundle is made", () => {
    // In a process of its own: this test process's loaders keep esbuild services of their own.
    const script = fileURLToPath(new URL("./__fixtures__/esbuild-services.mts", import.meta.url));
    const { before, after } = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", env: { ...process.env, DRAMATIS_ENGINE_BUNDLE: "1" } })) as { before: number; after: number };
    expect(after).toBe(before);
  });
});
