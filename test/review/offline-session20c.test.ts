/**
 * Session 20, the lead: a share of one sex the prompt states is the population's share, never
 * everyone (R20-17: "Nurses in Ohio, 30% men" were all men). Other instances than R's.
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, weightsOf } from "./offline-reading.ts";

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

describe("a negated sex (R20-15's gender part)", () => {
  it.each([
    ["Pilots in Brazil who are not men", "female"],
    ["Midwives in Leeds who are not women", "male"],
  ])("%s: all %s, and nothing left out for it", (prompt, sex) => {
    const blueprint = design(prompt);
    expect(weightsOf(blueprint, "gender")).toEqual({ [sex]: 1 });
    expect(blueprint.unmodelled.join(" ")).not.toMatch(/\bnot\b/);
  });
  it("other negations are still declared", () => {
    expect(design("Adults in Lagos who are not drivers").unmodelled.join(" ")).toMatch(/not drivers/);
  });
});

describe("a place the prompt leaves out (R20-16)", () => {
  it.each([
    ["Bakers in Germany but not in Berlin", /^Berlin$/],
    ["Fishermen in Norway, not in Bergen", /^Bergen$/],
    ["Students in the United Kingdom except London", /^London$/],
  ])("%s: none of its cities, the rest of the country, nothing left undeclared", async (prompt, left) => {
    const personas = await personasOf(prompt, 30);
    expect(personas.filter((persona) => left.test(persona.city ?? ""))).toEqual([]);
    expect(new Set(personas.map((persona) => persona.city)).size).toBeGreaterThan(3);
    expect(design(prompt).unmodelled.join(" ")).not.toMatch(/\b(?:not|except|but)\b/);
  });
});

describe("'adults' are adults (R20-36)", () => {
  it.each(["Dyslexic adults in Glasgow", "Adults with epilepsy in Quebec", "Deaf adults in Melbourne"])("%s: nobody under 18", async (prompt) => {
    const ages = (await personasOf(prompt, 30)).map((persona) => Number(persona.age));
    expect(ages.filter((age) => age < 18)).toEqual([]);
  });
});
