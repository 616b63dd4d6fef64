import { describe, expect, it } from "vitest";
import { EXACT_PAIRS_LIMIT } from "./engine/quality/diversity.ts";
import { loadReportEngine } from "./load-providers.ts";

describe("the CLI's diversity report on an engine thread", () => {
  it("shares a large population's report with an engine thread, and compares a small one exactly on its own", async () => {
    expect(await loadReportEngine(EXACT_PAIRS_LIMIT)).toBeUndefined();
    const engine = await loadReportEngine(EXACT_PAIRS_LIMIT + 1);
    expect(engine).toBeDefined();
    expect(typeof engine?.diversity).toBe("function");
  });
});
