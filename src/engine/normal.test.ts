import { describe, expect, it } from "vitest";
import { truncatedNormalQuantile } from "./normal.ts";

describe("truncatedNormalQuantile", () => {
  it("stays inside the window at every quantile", () => {
    for (const u of [0, 0.001, 0.3, 0.5, 0.999, 1]) {
      const value = truncatedNormalQuantile({ min: 18, max: 65, mean: 40, sd: 12 }, u);
      expect(value).toBeGreaterThanOrEqual(18);
      expect(value).toBeLessThanOrEqual(65);
    }
  });

  it("treats a subnormal spread as a point: the mean, or the window's edge nearest it (never NaN)", () => {
    // Both edges are infinitely many sds away: the review's counterexample.
    expect(truncatedNormalQuantile({ min: 2, max: 100, mean: 100.00000000000001, sd: 5e-324 }, 0.3)).toBe(100);
    expect(truncatedNormalQuantile({ min: 2, max: 100, mean: 1, sd: 5e-324 }, 0.7)).toBe(2);
    expect(truncatedNormalQuantile({ min: 2, max: 100, mean: 50, sd: 5e-324 }, 0.5)).toBe(50);
  });
});
