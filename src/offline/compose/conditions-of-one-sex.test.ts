/**
 * A condition some people cannot have decides who the people are: pregnant teachers are women
 * whatever share of teachers are, of the ages pregnancy happens at, and a pregnancy is not counted
 * in years like a chronic illness. The same whichever model the role takes (a built-in domain's
 * nurses included).
 */
import { describe, expect, it } from "vitest";
import { generatePopulation } from "../../pipeline/generate.ts";
import { OfflineModeller } from "../modeller.ts";
import { OfflineWriter } from "../writer.ts";

const people = async (prompt: string) =>
  (await generatePopulation({ prompt, count: 40, grounding: "off", seed: 5 }, { modeller: new OfflineModeller(), writer: new OfflineWriter() })).personas.map((persona) => persona.fields as Record<string, unknown>);

describe("conditions of one sex and one stage of life", () => {
  it.each(["Pregnant teachers in Madrid", "Pregnant nurses in Texas", "Pregnant software developers in Berlin", "Expectant mothers working as bus drivers in Leeds", "Women with endometriosis in Sydney", "Cleaners with PCOS in Lagos"])(
    "%s: every one a woman of an age the condition happens at",
    async (prompt) => {
      const found = await people(prompt);
      expect(found.filter((fields) => fields.gender !== "female")).toEqual([]);
      expect(found.filter((fields) => Number(fields.age) > 55 || Number(fields.age) < 16)).toEqual([]);
    },
  );

  it("draws pregnant workers as old as pregnant women are (mean about 30), not as old as the job's workers", async () => {
    for (const prompt of ["Pregnant nurses in Texas", "Pregnant teachers in Madrid", "Pregnant lawyers in Toronto"]) {
      const ages = (await people(prompt)).map((fields) => Number(fields.age));
      expect(ages.reduce((sum, age) => sum + age, 0) / ages.length).toBeLessThan(35);
    }
  });

  it("counts no years of pregnancy, and says nothing of living with it for years", async () => {
    const generated = await generatePopulation({ prompt: "Pregnant teachers in Madrid", count: 40, grounding: "off", seed: 5 }, { modeller: new OfflineModeller(), writer: new OfflineWriter() });
    expect(generated.personas.filter((persona) => "years_with_condition" in persona.fields)).toEqual([]);
    expect(generated.personas.map((persona) => persona.markdown).join("\n")).not.toMatch(/with pregnancy for \d+ years?/);
  });

  it("leaves conditions both sexes have to the role's own mix", async () => {
    const found = await people("Teachers with diabetes in Madrid");
    expect(new Set(found.map((fields) => fields.gender))).toEqual(new Set(["female", "male"]));
  });
});
