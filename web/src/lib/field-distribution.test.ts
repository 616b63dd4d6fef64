import { describe, expect, it } from "vitest";
import { categoryCounts, histogram } from "./field-distribution.ts";
import type { Persona } from "./dramatis.ts";

const with_ = (values: string[], field = "x"): Persona[] => values.map((value, index) => ({ persona_id: `p${index}`, fields: { [field]: value }, system_prompt: "", markdown: "" }));

describe("what a population achieved for a field", () => {
  it("counts categories, most frequent first, the tail folded into 'others'", () => {
    expect(categoryCounts(with_(["a", "b", "a", "c", "d", "e", "a"]), "x", 3)).toEqual([
      { label: "a", count: 3 },
      { label: "b", count: 1 },
      { label: "3 others", count: 3 },
    ]);
  });

  it("bins integers in whole numbers without splitting a value, and counts every persona once", () => {
    const bins = histogram(with_(["21", "22", "30", "45", "70"]), "x", 7);
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
    expect(bins[0]!.label).toBe("21–28");
    expect(bins[bins.length - 1]!.label.endsWith("70")).toBe(true);
    expect(histogram(with_(["5", "5"]), "x")).toEqual([{ label: "5", count: 2 }]);
    expect(histogram(with_(["n/a"]), "x")).toEqual([]);
  });
});
