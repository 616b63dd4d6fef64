/**
 * Classes of failure found by running prompts the engine had never seen (the bench's held-out set):
 * each test names the class and holds it on one such prompt.
 */
import { describe, expect, it } from "vitest";
import { assertSamplable } from "../../engine/blueprint-check.ts";
import type { SampledValues } from "../../engine/persona.ts";
import { sampleStructured } from "../../engine/sampler.ts";
import { knowledge } from "../knowledge/index.ts";
import { fold } from "../knowledge/words.ts";
import { OfflineModeller } from "../modeller.ts";

const modeller = new OfflineModeller();

function population(prompt: string, count = 40, seed = 5) {
  const blueprint = modeller.designSync({ prompt, count, grounding: "off", seed });
  assertSamplable(blueprint);
  return { blueprint, personas: sampleStructured(blueprint, count, seed) };
}

const every = (personas: readonly SampledValues[], test: (persona: SampledValues) => boolean) => personas.every(test);

describe("held-out prompts: what the prompt names holds", () => {
  it("one particular kind of a setting's people is everyone's role, not the setting's people in general", () => {
    const gladiators = population("Gladiators in ancient Rome").personas;
    expect(every(gladiators, (persona) => persona.occupation === "gladiator" && persona.gender === "male")).toBe(true);
    // The setting's people in general still sample its roles.
    const pirates = population("Pirates in the Caribbean in 1710").personas;
    expect(new Set(pirates.map((persona) => persona.occupation)).size).toBeGreaterThan(3);
  });

  it("a setting's role named with the word before it is that role, and a named city stays the place", () => {
    const { blueprint, personas } = population("Mill workers in Victorian Manchester");
    expect(every(personas, (persona) => persona.occupation === "mill worker" && persona.place === "Manchester")).toBe(true);
    expect(blueprint.unmodelled).toEqual([]);
    // "workers" is not also read as employees of something (team meetings in 1850).
    expect(blueprint.fields.some((field) => field.name === "relationship")).toBe(false);
  });

  it("a past year with no setting is modelled: the year holds, it is not listed as unmodelled, the text keeps out what came later", () => {
    const { blueprint, personas } = population("Bootleggers in 1920s Chicago");
    expect(every(personas, (persona) => persona.year === "1925" && persona.city === "Chicago")).toBe(true);
    expect(blueprint.unmodelled).not.toContain("1920s");
    expect(blueprint.rationale).toMatch(/nothing that became common after 1925/);
  });

  it("the prompt's ages are spread over their range, not piled at the edge the role's usual mean lies beyond", () => {
    const teenagers = population("Teenage skateboarders in suburban California", 60).personas;
    expect(teenagers.filter((persona) => Number(persona.age) <= 17).length / teenagers.length).toBeGreaterThan(0.5);
    const overFifty = population("Beginner guitarists over 50 in New Zealand", 60).personas;
    expect(overFifty.filter((persona) => Number(persona.age) >= 55).length / overFifty.length).toBeGreaterThan(0.5);
  });

  it("everyday jobs are ones people of that age can hold: no teenage managers, teachers or nurses", () => {
    const { personas } = population("Teenage skateboarders in suburban California", 80);
    const occupations = knowledge().occupationByName;
    for (const persona of personas) {
      const occupation = occupations.get(fold(String(persona.occupation)));
      if (occupation) expect(occupation.min_age, `${persona.age}-year-old ${persona.occupation}`).toBeLessThanOrEqual(Number(persona.age) + 3);
    }
  });

  it("a retired member of a built-in domain's job is composed as retired, with the activity the prompt names", () => {
    const { blueprint, personas } = population("Retired nurses in Florida who play pickleball");
    expect(blueprint.domain).not.toBe("registered_nurse");
    expect(every(personas, (persona) => persona.occupation === "retired nurse" && persona.activity === "pickleball" && persona.region === "Florida")).toBe(true);
  });

  it("a region named by its people's word, or a historical region, is the place", () => {
    const monks = population("Monks in a Tibetan monastery");
    expect(every(monks.personas, (persona) => persona.country === "China" && persona.region === "Tibet")).toBe(true);
    // Tibet's people are read and named by Tibetan names (names.json region_names); their dishes are not in the data, and that is said.
    expect(monks.blueprint.unmodelled).toEqual(["dishes of Tibet"]);
    const prospectors = population("Gold prospectors in the Klondike in 1898").personas;
    expect(every(prospectors, (persona) => persona.country === "Canada" && persona.region === "Yukon" && persona.year === "1898")).toBe(true);
  });

  it("beginners and amateurs of a trade that is also a pastime do it for pleasure; professionals of a pastime do it for a living", () => {
    const beginners = population("Beginner guitarists over 50 in New Zealand").personas;
    expect(every(beginners, (persona) => persona.activity === "playing music" && persona.occupation !== "guitarist" && persona.level === "beginner")).toBe(true);
    const professionals = population("Professional photographers in Lagos").personas;
    expect(every(professionals, (persona) => persona.occupation === "photographer")).toBe(true);
  });

  it("domestic workers are the data's domestic helpers (mostly women), not hotel housekeepers", () => {
    const { personas } = population("Domestic workers in Hong Kong", 60);
    expect(personas.filter((persona) => persona.gender === "female").length / personas.length).toBeGreaterThan(0.8);
  });

  it.each(["Subsistence farmers in Malawi", "Mid-career accountants in Singapore", "Scavengers after a zombie apocalypse in Atlanta", "Elves and dwarves in a high-fantasy kingdom"])(
    "%s: every word is modelled",
    (prompt) => {
      expect(population(prompt).blueprint.unmodelled).toEqual([]);
    },
  );
});
