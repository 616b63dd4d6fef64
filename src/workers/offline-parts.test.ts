import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Writer } from "../engine/ports.ts";
import { OfflineEnhancer, OfflineModeller, OfflineWriter } from "../offline/index.ts";
import { generatePopulation } from "../pipeline/generate.ts";
import { OfflineEnhancerOnUse, OfflineModellerOnUse, OfflineWriterOnUse } from "./offline-parts.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The files of src/offline a fresh process imports running `script` (through tsx, as the sources run). */
function offlineImportsOf(script: string): string[] {
  const hooks = `data:text/javascript,${encodeURIComponent(
    `import { writeSync } from "node:fs"; export async function load(url, context, next) { if (url.includes("/src/offline/")) writeSync(2, "IMPORTED " + url.split("/src/")[1] + "\\n"); return next(url, context); }`,
  )}`;
  const register = `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(hooks)});`)}`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "--import", register, "--input-type=module", "--eval", script], { cwd: root, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stderr.split("\n").filter((line) => line.startsWith("IMPORTED ")).map((line) => line.slice("IMPORTED ".length));
}

describe("the offline parts as a process holds them", () => {
  it("design, write and enhance the same bytes as the offline parts themselves", async () => {
    const request = { prompt: "Night-shift bakers in Lyon", count: 6, grounding: "off", seed: 7 } as const;
    const onUse = await generatePopulation(request, { modeller: new OfflineModellerOnUse(), writer: new OfflineWriterOnUse() });
    const direct = await generatePopulation(request, { modeller: new OfflineModeller(), writer: new OfflineWriter() });
    expect(JSON.stringify(onUse)).toBe(JSON.stringify(direct));

    // The enhancer keeps the names it gave out: the same sketches in turn give the same fields.
    const sketches = ["a retired sailor in Brest", "a retired sailor in Brest", "a nurse who plays chess"];
    const enhanced = async (enhancer: { enhance: OfflineEnhancer["enhance"] }) => {
      const fields = [];
      for (const [index, sketch] of sketches.entries()) fields.push(await enhancer.enhance({ sketch, grounding: "off", seed: index + 1 }));
      return fields;
    };
    expect(await enhanced(new OfflineEnhancerOnUse())).toEqual(await enhanced(new OfflineEnhancer()));
  });

  it("say what the offline parts say before any use: the name, and the writer's batches", () => {
    const writer: Writer = new OfflineWriterOnUse();
    const offline: Writer = new OfflineWriter();
    expect([writer.name, writer.maxBatchSize, writer.parallelBatches]).toEqual([offline.name, offline.maxBatchSize, offline.parallelBatches]);
    expect(new OfflineModellerOnUse().name).toBe(new OfflineModeller().name);
    expect(new OfflineEnhancerOnUse().name).toBe(new OfflineEnhancer().name);
  });

  // Their first use imports it (the test above): here, that making them does not, nor anything a
  // worker's main thread imports (app.ts: the queue, the workers, the engine pool and its tasks).
  it("are made, and told to run in engine threads, without importing the offline code", () => {
    const script = `
      await import("./src/app.ts");
      const { offlineProviders } = await import("./src/provider-parts.ts");
      const { designsInThreads, writesInThreads } = await import("./src/workers/engine-pool.ts");
      const providers = offlineProviders({});
      if (!writesInThreads(providers.writer) || !designsInThreads(providers.modeller)) process.exit(3);`;
    expect(offlineImportsOf(script)).toEqual([]);
  });

  it("fail a session's first batch when the session cannot begin, and fail nothing else", async () => {
    const writer = new OfflineWriterOnUse();
    await expect(writer.begin(undefined as never).writeBatch([], 0)).rejects.toThrow();
    // Begun and never asked for a batch: its failure ends nothing (vitest fails a test on an unhandled rejection).
    writer.begin(undefined as never);
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});
