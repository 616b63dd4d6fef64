/**
 * Session 21's reading of the offline engine (issue 16, O1). Each describe is a class of defect the
 * review found (R20-N, /work/notes/s20/R-findings.md), checked with R's witnesses and with other
 * instances of the class the fix was not written for.
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, possibleValues } from "./offline-reading.ts";

/** The share of `count` personas of the prompt whose gender is `sex`. */
async function shareOf(prompt: string, sex: string, count = 40): Promise<number> {
  const personas = await personasOf(prompt, count);
  return personas.filter((persona) => persona.gender === sex).length / personas.length;
}

describe("R20-8: a people-noun the data lacks is their job as written; only a listed way of life is an identity", () => {
  it.each([
    ["Bellhops in Las Vegas", /bellhop/],
    ["Cabbies in London", /cabbie|cab driver|taxi/],
    ["Mahouts in Thailand", /mahout/],
    ["Gauchos in Argentina", /gaucho/],
    ["Grooms at racing stables in Newmarket", /groom/],
    // Other instances: jobs no list of ours holds.
    ["Stevedores in Rotterdam", /stevedore/],
    ["Farriers in Kentucky", /farrier/],
    ["Coopers in Scotland", /cooper/],
    ["Ostlers in Victorian London", /ostler/],
    ["Deckhands in Alaska", /deckhand/],
  ])("%s: every persona's occupation is the prompt's job", async (prompt, job) => {
    const others = (await personasOf(prompt, 12)).filter((persona) => !job.test(String(persona.occupation))).map((persona) => `${persona.name}: ${persona.occupation}`);
    expect(others).toEqual([]);
  });

  it.each([
    ["Hobos in Ohio", "hobo"],
    ["Socialites in Monaco", "socialite"],
    ["Rednecks in Alabama", "redneck"],
    ["Geeks in Seattle", "geek"],
  ])("%s: a listed way of life stays an identity (%s) over the everyday mix", (prompt, identity) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "identity")).toEqual([identity]);
    expect(possibleValues(blueprint, "occupation")).not.toContain(identity);
  });
});

describe("R20-15: a negated trait is excluded from the people, never given to all of them", () => {
  it.each([
    ["Teachers who are not men in Madrid", "male"],
    ["Engineers who aren't women in Seoul", "female"],
    ["Students who are not female in Lagos", "female"],
    ["Non-female doctors in Rome", "female"],
    ["Doctors, not women, in Rome", "female"],
    // Other instances.
    ["Pilots who aren't men in Chicago", "male"],
    ["Nurses who weren't women in 1960s Ohio", "female"],
  ])("%s: nobody is %s", async (prompt, excluded) => {
    expect(await shareOf(prompt, excluded)).toBe(0);
  });

  it.each([
    ["Non-Muslim residents of Dubai", "religion", "Muslim"],
    ["Non-Catholic teachers in Poland", "religion", "Catholic"],
    ["Non-English speakers in London", "language", "English"],
    ["Non-Hispanic white nurses in Texas", "ethnicity", "Latino/Hispanic"],
    ["Non-Indigenous teachers in Darwin", "ethnicity", "Indigenous"],
    // Other instances: other faiths, languages, peoples, and the noun form.
    ["Non-Jewish families in Israel", "religion", "Jewish"],
    ["Non-Hindu students in Delhi", "religion", "Hindu"],
    ["Non-French speakers in Quebec", "language", "French"],
    ["Non-Spanish-speaking parents in Miami", "language", "Spanish"],
    ["Non-Muslims in Jakarta", "religion", "Muslim"],
  ])("%s: no %s is %s, and the negation is declared", (prompt, field, excluded) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, field)).not.toContain(excluded);
    expect(blueprint.unmodelled.some((entry) => /^non-/i.test(entry))).toBe(true);
  });

  it.each(["Non-binary people in Berlin", "Non-native English speakers in Toronto"])("%s: a phrase the data knows whole keeps its reading", (prompt) => {
    expect(design(prompt).unmodelled.filter((entry) => /^non-\p{L}+$/iu.test(entry))).toEqual([]);
  });
});

describe("O3's and the lead's requests: a diet, a crop, a trade each its own, never a stricter or narrower one", () => {
  it.each([
    ["Vegetarians in Chennai", "vegetarianism"],
    ["Vegetarian students in Pune", "vegetarianism"],
    ["Vegan chefs in Berlin", "veganism"],
    ["Pescatarians in Lisbon", "pescetarianism"],
  ])("%s: activity %s", (prompt, diet) => {
    expect(possibleValues(design(prompt), "activity")).toEqual([diet]);
  });

  it.each([
    ["Lentil farmers in Saskatchewan", "lentil farmer"],
    ["Millet farmers in Niger", "millet farmer"],
    ["Walnut growers in California", "walnut grower"],
    ["Quinoa farmers in Bolivia", "quinoa farmer"],
  ])("%s: the crop stays in the job (%s), nothing declared", (prompt, job) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "occupation")).toEqual([job]);
    expect(blueprint.unmodelled.filter((entry) => !/size of rural places/.test(entry))).toEqual([]);
  });

  it.each(["Traders in Kano", "Traders in medieval Venice", "Cloth traders in Accra"])("%s: a trader is no day trader at a screen", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "industry")).not.toContain("finance");
  });
});
