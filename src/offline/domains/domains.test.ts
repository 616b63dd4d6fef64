import { describe, expect, it } from "vitest";
import { checkBlueprint } from "../../engine/blueprint-check.ts";
import { sampleStructured } from "../../engine/sampler.ts";
import { parsePrompt } from "../prompt.ts";
import { pickDomain } from "./index.ts";

const PROMPTS = [
  "10 League of Legends players from around the globe",
  "Korean LoL players in their 20s",
  "female League players on EUW",
  "US software developers over 40",
  "a dozen nurses in rural Ohio",
  "nurses under 30",
  "retired teachers in Japan",
  "people",
  "teenage girls from Brazil",
  "bakers in Europe",
  "🙂",
];

describe("built-in domains", () => {
  it.each(PROMPTS)("%s → a blueprint the engine accepts and can sample", (prompt) => {
    const blueprint = pickDomain(parsePrompt(prompt)).blueprint(parsePrompt(prompt));
    expect(checkBlueprint(blueprint)).toEqual([]);
    expect(blueprint.sources?.length).toBeGreaterThan(0);
    expect(() => sampleStructured(blueprint, 50, 3)).not.toThrow();
  });

  it("matches prompts to their domain", () => {
    const domainOf = (prompt: string) => pickDomain(parsePrompt(prompt)).blueprint(parsePrompt(prompt)).domain;
    expect(domainOf("10 League of Legends players from around the globe")).toBe("lol_player");
    expect(domainOf("backend developers in Berlin")).toBe("software_developer");
    expect(domainOf("ICU nurses")).toBe("registered_nurse");
    expect(domainOf("people")).toBe("generic_person");
    expect(domainOf("retired teachers")).toBe("retired_teacher");
  });

  it("does not apply United States nursing figures to nurses elsewhere", () => {
    const domainOf = (prompt: string) => pickDomain(parsePrompt(prompt)).blueprint(parsePrompt(prompt)).domain;
    expect(domainOf("nurses in Ohio")).toBe("registered_nurse");
    expect(domainOf("nurses in Tokyo")).toBe("nurse");
    expect(domainOf("nurses in Seattle and Tokyo")).toBe("nurse");
  });

  it("LoL: ranks are ordered Iron..Challenger and weekly hours rise with rank", () => {
    const blueprint = pickDomain(parsePrompt("LoL players")).blueprint(parsePrompt("LoL players"));
    const rank = blueprint.fields.find((field) => field.name === "rank");
    expect(rank?.ordered_values?.[0]).toBe("Iron");
    expect(rank?.ordered_values?.at(-1)).toBe("Challenger");
    const hours = blueprint.fields.find((field) => field.name === "hours_per_week");
    const means = (rank?.ordered_values ?? []).map((tier) => hours?.conditionals.find((conditional) => conditional.when.rank === tier)?.numeric?.mean ?? NaN);
    expect(means.every((mean, index) => index === 0 || mean > (means[index - 1] as number))).toBe(true);
    expect(blueprint.constraints.map((constraint) => constraint.name)).toContain("hours_nonneg");
  });

  it("adapts to hints: Korean players queue on KR, ages fit 'in their 20s'", () => {
    const parsed = parsePrompt("Korean LoL players in their 20s");
    const personas = sampleStructured(pickDomain(parsed).blueprint(parsed), 200, 9);
    expect(personas.every((persona) => persona.region === "KR")).toBe(true);
    expect(personas.every((persona) => (persona.age as number) >= 20 && (persona.age as number) <= 29)).toBe(true);
  });

  it("keeps developers' coding start plausible and nurses licensed as adults", () => {
    for (const prompt of ["software developers", "nurses"]) {
      const parsed = parsePrompt(prompt);
      for (const persona of sampleStructured(pickDomain(parsed).blueprint(parsed), 300, 4)) {
        const experience = (persona.years_coding ?? persona.years_experience) as number;
        expect((persona.age as number) - experience).toBeGreaterThanOrEqual(8);
      }
    }
  });
});
