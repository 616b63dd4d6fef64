import { describe, expect, it } from "vitest";
import { BuiltInEvidenceSource } from "./built-in-evidence.ts";

const source = new BuiltInEvidenceSource();
const gather = (prompt: string) => source.gather({ prompt, count: 20, grounding: "research" });

describe("built-in evidence", () => {
  it("offers the composed, cited data for any prompt, not only the built-in domains", async () => {
    const evidence = await gather("Fishermen in coastal Norway");
    expect(evidence.length).toBeGreaterThan(0);
    const text = evidence.map((item) => item.excerpt).join("\n");
    expect(text).toMatch(/country.*Norway/);
    expect(text).toMatch(/occupation.*fisherman/);
    expect(text).toMatch(/gender .*female \d/);
    expect(evidence[0]?.citations?.some((citation) => /Bureau of Labor Statistics|ILO|Eurostat/.test(citation))).toBe(true);
    for (const item of evidence) expect(item.excerpt.length).toBeLessThanOrEqual(1_400);
  });

  it("still gives a built-in domain's own figures when one fits", async () => {
    const text = (await gather("nurses in rural Ohio")).map((item) => item.excerpt).join("\n");
    expect(text).toMatch(/setting \(.*\): hospital/i);
  });

  it("says what the built-in data does not cover, so the model adds it", async () => {
    const text = (await gather("Kiteboarders in Tarifa who love flamenco")).map((item) => item.excerpt).join("\n");
    expect(text).toMatch(/not covered by the built-in data/);
  });

  it("gives settings and eras their data too", async () => {
    const evidence = await gather("Pirates in the Caribbean in 1710");
    const text = evidence.map((item) => item.excerpt).join("\n");
    expect(text).toMatch(/Golden Age of Piracy/);
    expect(evidence.flatMap((item) => item.citations ?? []).some((citation) => /Rediker/.test(citation))).toBe(true);
  });
});
