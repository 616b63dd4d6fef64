/**
 * Session 10's reading of the offline engine on prompts nobody tuned it for (issue 16, O): each case
 * is a class of defect found with one prompt and checked here with another. Each failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { sampleStructured } from "../../src/engine/sampler.ts";
import { OfflineModeller } from "../../src/offline/modeller.ts";
import { OfflineWriter } from "../../src/offline/writer.ts";

const modeller = new OfflineModeller();
const design = (prompt: string) => modeller.designSync({ prompt, count: 40, grounding: "off", seed: 1 });

/** Every written field of `count` personas of the prompt, one string a persona. */
async function textsOf(prompt: string, count = 40): Promise<string[]> {
  const blueprint = design(prompt);
  const sampled = sampleStructured(blueprint, count, 1);
  const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 1, count: sampled.length }).writeBatch(sampled, 0);
  return written.map((persona) => Object.values(persona).join(" "));
}

describe("the week of the country they live in", () => {
  // Pearl divers in Bahrain had 'Sunday lie-ins' and 'Sunday dinner', Sherpas in Nepal too: the
  // weekend is Friday-Saturday in most Arab states, Saturday alone in Nepal.
  it.each([
    ["pharmacists in Doha", "Friday"],
    ["accountants in Amman", "Friday"],
    ["schoolteachers in Pokhara", "Saturday"],
  ])("%s rest on %s, not on Sunday", async (prompt, day) => {
    const texts = await textsOf(prompt);
    expect(texts.filter((text) => /\bSundays?\b/.test(text))).toEqual([]);
    expect(texts.some((text) => text.includes(day))).toBe(true);
  });

  it("where the weekend starts on Friday, the night out is Thursday", async () => {
    const texts = await textsOf("young engineers in Kuwait City", 60);
    expect(texts.filter((text) => /out with friends on a Friday/.test(text))).toEqual([]);
  });

  it("elsewhere Sunday stays the day off", async () => {
    const texts = await textsOf("pharmacists in Lyon");
    expect(texts.some((text) => /\bSunday/.test(text))).toBe(true);
  });
});

describe("a people named by where they live", () => {
  // 'Villagers in Bangladesh' were all 'villagers' by trade, 17 of 30 in Dhaka: a villager lives in a
  // village, whatever the job, as 'rural' or 'islanders' say.
  it.each([
    ["villagers in Kenya", ["Nairobi", "Mombasa"]],
    ["townsfolk in Ohio", ["Columbus", "Cleveland", "Cincinnati"]],
  ])("%s live in towns, not the largest cities, and hold everyday jobs", (prompt, cities) => {
    const blueprint = design(prompt);
    const personas = sampleStructured(blueprint, 60, 1);
    expect(personas.filter((persona) => cities.includes(String(persona.city)))).toEqual([]);
    expect(new Set(personas.map((persona) => persona.occupation)).size).toBeGreaterThan(3);
    expect(blueprint.unmodelled.join(" ")).not.toMatch(/villagers|townsfolk/i);
  });
});

describe("a closed community's people", () => {
  // 'Hutterites in Manitoba' were 'hutterites' by trade ('helping colleagues who are stuck') named
  // Joshua Scott in Winnipeg; the Amish without a job named were job seekers at the employment office.
  it("Hutterites in Saskatchewan are a faith, live in small places, carry Hutterite names and work the colony's trades", async () => {
    const prompt = "Hutterites in Saskatchewan";
    const blueprint = design(prompt);
    const personas = sampleStructured(blueprint, 60, 1);
    expect(personas.every((persona) => persona.religion === "Hutterite")).toBe(true);
    expect(personas.filter((persona) => ["Saskatoon", "Regina"].includes(String(persona.city)))).toEqual([]);
    expect(personas.filter((persona) => ["hutterite", "job seeker", "administrative assistant", "shop assistant"].includes(String(persona.occupation)))).toEqual([]);
    const texts = await textsOf(prompt);
    const hutteriteFamilies = /\b(?:Hofer|Waldner|Wipf|Kleinsasser|Wollman|Tschetter|Gross|Maendel|Entz|Stahl|Decker|Glanzer|Walter|Wurz|Knels|Mendel)\b/;
    expect(texts.filter((text) => !hutteriteFamilies.test(text))).toEqual([]);
    expect(texts.filter((text) => /mortgage|colleagues who are stuck|employment office/.test(text))).toEqual([]);
  });

  it("the Amish of Indiana, no job named, work the community's trades", () => {
    const personas = sampleStructured(design("the Amish of Indiana"), 80, 1);
    expect(personas.filter((persona) => ["job seeker", "administrative assistant", "factory worker", "shop assistant", "construction worker"].includes(String(persona.occupation)))).toEqual([]);
  });
});
