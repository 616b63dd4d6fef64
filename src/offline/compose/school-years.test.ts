/**
 * School years and years of study in a prompt: the ages they mean for the people in them, and what
 * they mean when they come before a working role instead.
 */
import { describe, expect, it } from "vitest";
import { assertSamplable } from "../../engine/blueprint-check.ts";
import { sampleStructured } from "../../engine/sampler.ts";
import { OfflineModeller } from "../modeller.ts";

const modeller = new OfflineModeller();

function population(prompt: string, count = 200, seed = 5) {
  const blueprint = modeller.designSync({ prompt, count, grounding: "off", seed });
  assertSamplable(blueprint);
  return { blueprint, personas: sampleStructured(blueprint, count, seed) };
}

const ages = (personas: readonly Record<string, unknown>[]) => personas.map((persona) => Number(persona.age));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

describe("a school year in the prompt", () => {
  it.each([
    ["Third-grade schoolchildren in Ohio", 8, 9, "third grade", "elementary school student"],
    ["3rd graders in Texas", 8, 9, "third grade", "elementary school student"],
    ["Year 9 pupils in Manchester", 13, 14, "Year 9", "secondary school pupil"],
    ["high school seniors in Atlanta", 17, 18, "twelfth grade (senior year)", "high school student"],
    ["middle schoolers in Denver", 11, 14, "middle school", "middle school student"],
    ["kindergarteners in Seattle", 5, 6, "kindergarten", "kindergarten pupil"],
  ])("%s: everyone is %i-%i, in that year, at school", (prompt, min, max, year, occupation) => {
    const { blueprint, personas } = population(prompt);
    expect(Math.min(...ages(personas))).toBeGreaterThanOrEqual(min);
    expect(Math.max(...ages(personas))).toBeLessThanOrEqual(max);
    expect(new Set(personas.map((persona) => persona.school_year))).toEqual(new Set([year]));
    expect(new Set(personas.map((persona) => persona.occupation))).toEqual(new Set([occupation]));
    expect(blueprint.unmodelled).toEqual([]);
  });

  it("schoolchildren with no year are of every school age, not only secondary", () => {
    const { personas } = population("schoolchildren in Lyon");
    expect(Math.min(...ages(personas))).toBeLessThanOrEqual(8);
    expect(Math.max(...ages(personas))).toBeGreaterThanOrEqual(15);
  });
});

describe("a school or study year before a working role", () => {
  it("says what teachers teach, and leaves them adults", () => {
    const { personas } = population("third-grade teachers in Ohio");
    expect(Math.min(...ages(personas))).toBeGreaterThanOrEqual(21);
    expect(new Set(personas.map((persona) => persona.teaches))).toEqual(new Set(["third grade"]));
    expect(personas.every((persona) => persona.school_year === undefined && persona.occupation === "teacher")).toBe(true);
  });

  it("says how far into the job they are: first-year teachers have under a year and are mostly young", () => {
    const { personas } = population("first-year teachers in Chicago");
    expect(new Set(personas.map((persona) => persona.years_experience))).toEqual(new Set([0]));
    expect(personas.every((persona) => persona.year_of_study === undefined)).toBe(true);
    expect(median(ages(personas))).toBeLessThanOrEqual(30);
  });

  it("keeps a student's year of study, with the ages of that year", () => {
    const { personas } = population("first-year students in Boston");
    expect(new Set(personas.map((persona) => persona.year_of_study))).toEqual(new Set(["first year"]));
    expect(new Set(personas.map((persona) => persona.occupation))).toEqual(new Set(["university student"]));
    expect(median(ages(personas))).toBeLessThanOrEqual(21);
  });
});

describe("early-career workers", () => {
  it("are mostly near the age people start the work", () => {
    expect(median(ages(population("junior nurses in Manchester").personas))).toBeLessThanOrEqual(30);
    expect(median(ages(population("experienced nurses in Manchester").personas))).toBeGreaterThan(35);
  });
});

describe("a primary-school child's prose", () => {
  it("speaks of a child's school, comforts and goals, not a teenager's or an adult's", async () => {
    const { generatePopulation } = await import("../../pipeline/generate.ts");
    const { createProviders } = await import("../../providers.ts");
    const result = await generatePopulation({ prompt: "Third-grade schoolchildren in Ohio", count: 40, seed: 3, grounding: "off" }, createProviders("offline"));
    const prose = result.personas.map((persona) => `${persona.fields.backstory} ${persona.fields.goals}`).join(" ");
    for (const adult of ["coffee", "choose the right subjects", "good university", "whenever friends visit", "Sunday dinner", "colleagues"]) expect(prose).not.toContain(adult);
  });
});
