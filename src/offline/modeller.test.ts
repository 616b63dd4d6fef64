import { describe, expect, it } from "vitest";
import { OfflineModeller } from "./modeller.ts";

describe("OfflineModeller", () => {
  const modeller = new OfflineModeller();

  it("says when web or research grounding fell back to built-in data", async () => {
    const blueprint = await modeller.design({ prompt: "10 League of Legends players from around the globe", count: 10, grounding: "web", seed: 1 });
    expect(blueprint.domain).toBe("lol_player");
    expect(blueprint.sources).toContain("grounding=web requested: no search provider configured; built-in reference data used");
    const off = await modeller.design({ prompt: "nurses", count: 3, grounding: "off", seed: 1 });
    expect(off.sources?.some((source) => source.startsWith("grounding="))).toBe(false);
  });

  it("is deterministic", async () => {
    const request = { prompt: "fifty Korean LoL players in their 20s", count: 50, grounding: "research" as const, seed: 3 };
    expect(await modeller.design(request)).toEqual(await modeller.design(request));
  });
});
