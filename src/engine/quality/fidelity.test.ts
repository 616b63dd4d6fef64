import { describe, expect, it } from "vitest";
import type { Blueprint } from "../blueprint.ts";
import { sampleStructured, toFieldStrings } from "../sampler.ts";
import { createRng } from "../rng.ts";
import { computeFidelity, ksLimit, truncatedNormalCdf } from "./fidelity.ts";

/** Nurses are mostly women, mechanics mostly men; ages differ by job. */
const blueprint: Blueprint = {
  domain: "work",
  order: ["job", "gender", "age", "shift"],
  fields: [
    { name: "job", kind: "categorical", parents: [], categorical: { weights: { nurse: 0.5, mechanic: 0.5 } }, conditionals: [] },
    {
      name: "gender", kind: "categorical", parents: ["job"], conditionals: [
        { when: { job: "nurse" }, categorical: { weights: { female: 0.9, male: 0.1 } } },
        { when: { job: "mechanic" }, categorical: { weights: { female: 0.1, male: 0.9 } } },
      ],
    },
    {
      name: "age", kind: "numeric", parents: ["job"], conditionals: [
        { when: { job: "nurse" }, numeric: { min: 22, max: 65, mean: 40, sd: 9, integer: true } },
        { when: { job: "mechanic" }, numeric: { min: 18, max: 65, mean: 35, sd: 10, integer: true } },
      ],
    },
    { name: "shift", kind: "categorical", parents: [], categorical: { weights: { day: 0.4, night: 0.3, evening: 0.2, weekend: 0.1 } }, conditionals: [] },
  ],
  constraints: [],
};

const sampled = (count: number, seed: number) => sampleStructured(blueprint, count, seed).map((values) => ({ fields: toFieldStrings(values) }));

describe("computeFidelity", () => {
  it("a population sampled from its blueprint sits at the optimum within every parent cell", () => {
    const report = computeFidelity(blueprint, sampled(200, 1));
    const gender = report.contingency.find((entry) => entry.attribute === "gender");
    expect(gender).toMatchObject({ parents: ["job"], cell_count: 2 });
    expect(gender?.tvd).toBeCloseTo(gender?.optimal_tvd ?? -1, 4);
    expect(gender?.tvd).toBeLessThan(0.01);
    const age = report.numeric.find((entry) => entry.attribute === "age");
    expect(age?.cell_count).toBe(2);
    expect(age?.cells_over_limit).toBe(0);
    expect(age?.mean_abs_error_sd).toBeLessThan(0.2);
    expect(report.coverage.share).toBe(1);
  });

  it("makes a wrong correlation visible: a child that ignores its parent has a high contingency TVD though its marginal is right", () => {
    // Gender drawn half and half in every job: the overall share of women is still 50%.
    const rng = createRng(5);
    const personas = sampled(400, 2).map((persona) => ({ fields: { ...persona.fields, gender: rng.float() < 0.5 ? "female" : "male" } }));
    const gender = computeFidelity(blueprint, personas).contingency.find((entry) => entry.attribute === "gender");
    expect(gender?.tvd).toBeGreaterThan(0.3);
    expect(gender?.optimal_tvd).toBeLessThan(0.01);
    expect(gender?.cells.map((cell) => cell.when.job).sort()).toEqual(["mechanic", "nurse"]);
  });

  it("makes a numeric field drawn from the wrong distribution visible: KS over its limit, mean off by sds", () => {
    // Every nurse aged 60-65: a plausible range, the wrong distribution.
    const personas = sampled(200, 3).map((persona, index) => (persona.fields.job === "nurse" ? { fields: { ...persona.fields, age: String(60 + (index % 6)) } } : persona));
    const age = computeFidelity(blueprint, personas).numeric.find((entry) => entry.attribute === "age");
    const nurses = age?.cells.find((cell) => cell.when?.job === "nurse");
    expect(nurses?.ks).toBeGreaterThan(nurses?.ks_limit ?? 1);
    expect(nurses?.mean_error_sd).toBeGreaterThan(1.5);
    expect(age?.cells_over_limit).toBe(1);
  });

  it("counts declared categories missing from cells large enough to hold them", () => {
    const personas = sampled(40, 4).map((persona) => ({ fields: { ...persona.fields, shift: persona.fields.shift === "weekend" ? "day" : (persona.fields.shift as string) } }));
    const shift = computeFidelity(blueprint, personas).coverage.fields.find((entry) => entry.attribute === "shift");
    expect(shift).toEqual({ attribute: "shift", declared: 4, present: 3, share: 0.75, missing: ["weekend"] });
    // Three personas cannot hold four shifts: nothing is declared missing.
    expect(computeFidelity(blueprint, sampled(3, 4)).coverage.fields.find((entry) => entry.attribute === "shift")).toBeUndefined();
  });

  it("a cell the blueprint declares nothing for is wholly off, and said to be", () => {
    const personas = sampled(20, 6).map((persona, index) => (index < 5 ? { fields: { ...persona.fields, job: "pilot" } } : persona));
    const gender = computeFidelity(blueprint, personas).contingency.find((entry) => entry.attribute === "gender");
    expect(gender?.undeclared_cells).toBe(1);
    expect(gender?.tvd).toBeGreaterThanOrEqual(0.25);
  });

  it("the truncated normal CDF runs from 0 at min to 1 at max, mirrored windows included", () => {
    const spec = { min: 10, max: 20, mean: 0, sd: 2 };
    expect(truncatedNormalCdf(spec, 9.9)).toBe(0);
    expect(truncatedNormalCdf(spec, 20)).toBe(1);
    const middle = truncatedNormalCdf(spec, 10.5);
    expect(middle).toBeGreaterThan(0.5);
    expect(middle).toBeLessThan(1);
    expect(truncatedNormalCdf({ min: -1, max: 1, mean: 0, sd: 1 }, 0)).toBeCloseTo(0.5, 10);
    expect(ksLimit(20)).toBeCloseTo(0.294, 2);
  });
});
