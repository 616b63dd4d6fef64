/**
 * Session 20, the lead: a share of one sex the prompt states is the population's share, never
 * everyone (R20-17: "Nurses in Ohio, 30% men" were all men). Other instances than R's.
 */
import { describe, expect, it } from "vitest";
import { design, weightsOf } from "./offline-reading.ts";

describe("a stated share of one sex", () => {
  it.each([
    ["Pharmacists in Leeds, 40% men", 0.6],
    ["Plumbers in Dublin, 5 percent women", 0.05],
    ["Bakers in Lyon, mostly women", 0.75],
    ["Mostly female engineers in Stockholm", 0.75],
    ["Librarians in Boston, a third of them men", 2 / 3],
    ["Registered nurses in Texas, 25% male", 0.75],
  ])("%s: women weigh %d", (prompt, women) => {
    const weights = weightsOf(design(prompt), "gender");
    expect(weights.female ?? 0).toBeCloseTo(women, 2);
    expect(weights.male ?? 0).toBeCloseTo(1 - women, 2);
  });

  it("a sex named without a share still fixes it", () => {
    expect(weightsOf(design("Female pharmacists in Leeds"), "gender")).toEqual({ female: 1 });
  });
});
