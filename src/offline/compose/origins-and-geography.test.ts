import { describe, expect, it } from "vitest";
import { assertSamplable } from "../../engine/blueprint-check.ts";
import { sampleStructured } from "../../engine/sampler.ts";
import { OfflineModeller } from "../modeller.ts";
import { OfflineWriter } from "../writer.ts";
import { PRESENT_YEAR } from "../names/person-name.ts";
import { knowledge } from "../knowledge/index.ts";

const modeller = new OfflineModeller();

function population(prompt: string, count = 200, seed = 5) {
  const blueprint = modeller.designSync({ prompt, count, grounding: "off", seed });
  assertSamplable(blueprint);
  return { blueprint, personas: sampleStructured(blueprint, count, seed) };
}

const years = (personas: ReadonlyArray<Record<string, string | number | undefined>>, field: string) => personas.map((persona) => Number(persona[field]));

describe("years of something never reach back before it began", () => {
  it("nobody has traded crypto for longer than since Bitcoin (2009), whatever their age", () => {
    const { blueprint, personas } = population("Crypto day traders in Singapore");
    expect(Math.max(...years(personas, "years_experience"))).toBeLessThanOrEqual(PRESENT_YEAR - 2009);
    expect(blueprint.constraints).toContainEqual({ name: "experience_not_before_the_work_began", lhs: "years_experience", op: "<=", rhs: String(PRESENT_YEAR - 2009) });
    expect(blueprint.rationale).toContain("2009");
  });

  it("a kind of the work named by the prompt keeps its own origin: stock day traders may have traded since the 1990s", () => {
    const { personas } = population("Day traders in Chicago");
    expect(Math.max(...years(personas, "years_experience"))).toBeGreaterThan(PRESENT_YEAR - 2009);
    expect(Math.max(...years(personas, "years_experience"))).toBeLessThanOrEqual(PRESENT_YEAR - 1997);
  });

  it("a kind of creator named by its platform counts from the platform's launch (Twitch, 2011)", () => {
    const { personas } = population("Twitch streamers in Brazil");
    expect(Math.max(...years(personas, "years_experience"))).toBeLessThanOrEqual(PRESENT_YEAR - 2011);
  });

  it("nobody has played a game for longer than it has existed (Valorant, 2020)", () => {
    const { personas } = population("Competitive Valorant players in South Korea");
    expect(Math.max(...years(personas, "years_active"))).toBeLessThanOrEqual(PRESENT_YEAR - 2020);
  });

  it("counts to the prompt's own year when it names one, and keeps a prompt set before the work began as asked", () => {
    const later = population("YouTubers in 2030");
    expect(Math.max(...years(later.personas, "years_experience"))).toBeLessThanOrEqual(2030 - 2005);
    const before = population("Crypto day traders in 1990");
    expect(before.blueprint.rationale).toContain("after the prompt's year 1990");
  });
});

describe("where an activity's people live when the prompt names no place", () => {
  it("places players where the data says the activity is played", () => {
    const { personas } = population("American football players");
    expect(new Set(personas.map((persona) => persona.country))).toEqual(new Set(["United States"]));
  });

  it("says so when the data does not know where its players live, instead of inventing it", () => {
    const { blueprint } = population("Dungeon Masters who run weekly D&D games");
    expect(blueprint.unmodelled).toContain("where Dungeons & Dragons is played");
    expect(blueprint.rationale).toContain("no player geography for Dungeons & Dragons");
  });

  it("a place in the prompt wins, and leaves nothing unmodelled about geography", () => {
    const { blueprint } = population("Dungeon Masters in Leeds");
    expect(blueprint.unmodelled).not.toContain("where Dungeons & Dragons is played");
  });
});

describe("no field restates another", () => {
  it("an activity named twice is not also something else they are into, and a role in the game is said once", () => {
    const { blueprint, personas } = population("Dungeon Masters who run weekly D&D games", 20);
    const names = blueprint.fields.map((field) => field.name);
    expect(names).not.toContain("also_into");
    expect(names.filter((name) => name === "main_role" || name === "relation")).toHaveLength(1);
    expect(personas.every((persona) => persona.relation === "Dungeon Master")).toBe(true);
  });

  it("a second, different activity is still kept", () => {
    const { personas } = population("Chess players who also like hiking", 20);
    expect(personas.every((persona) => persona.also_into !== undefined)).toBe(true);
  });
});

describe("how often they do it bounds how long", () => {
  it("a weekly game means at least one sitting's hours a week", () => {
    const { personas } = population("Dungeon Masters who run weekly D&D games");
    expect(Math.min(...years(personas, "hours_per_week"))).toBeGreaterThanOrEqual(3);
  });

  it("with no frequency named, hours keep the kind's own range", () => {
    const { personas } = population("Dungeon Masters in Leeds");
    expect(Math.min(...years(personas, "hours_per_week"))).toBeLessThan(3);
  });
});

describe("a place's cities", () => {
  it("draws a named region's own cities (the source filed Gujarat's under another region)", () => {
    const { personas } = population("Textile workers in Gujarat, India");
    expect(new Set(personas.map((persona) => persona.region))).toEqual(new Set(["Gujarat"]));
    // Every city is one the gazetteer files under Gujarat (the list grows with the city data: Jamnagar, Junagadh…), never the region's own name.
    const gujarat = new Set(knowledge().gazetteer.byCode.get("IN")?.cities.filter((city) => city.region === "Gujarat").map((city) => city.name));
    expect(gujarat.size).toBeGreaterThanOrEqual(9);
    expect(personas.filter((persona) => persona.city === "Gujarat" || !gujarat.has(String(persona.city))).map((persona) => persona.city)).toEqual([]);
  });

  it("never calls a region a city: where the gazetteer lists none, the personas have no city and the blueprint says so", () => {
    const { blueprint, personas } = population("Apricot farmers in Ladakh");
    expect(personas.every((persona) => persona.region === "Ladakh" && persona.city === undefined)).toBe(true);
    expect(blueprint.fields.map((field) => field.name)).not.toContain("city");
    expect(blueprint.unmodelled).toContain("the cities and towns of Ladakh");
  });
});

describe("years with a condition never reach back before it existed", () => {
  it("nobody has lived with long COVID longer than since 2020", () => {
    const { blueprint, personas } = population("People living with long COVID in Germany");
    expect(Math.max(...years(personas, "years_with_condition"))).toBeLessThanOrEqual(PRESENT_YEAR - 2020);
    expect(blueprint.constraints).toContainEqual({ name: "condition_not_before_it_existed", lhs: "years_with_condition", op: "<=", rhs: String(PRESENT_YEAR - 2020) });
  });
});

describe("a situation is what the prompt says, not the nearest one", () => {
  it("first-time homebuyers are buying their first home at the ages people do, not retirees who own one", () => {
    const { personas } = population("First-time homebuyers in Sydney");
    expect(new Set(personas.map((persona) => persona.housing))).toEqual(new Set(["buying a first home"]));
    expect(Math.max(...years(personas, "age"))).toBeLessThanOrEqual(50);
    expect(personas.filter((persona) => persona.occupation === "retiree")).toEqual([]);
  });
});

describe("the people of business prompts", () => {
  it("IT decision makers at mid-size companies are IT managers' ages, in a mid-size employer, with nothing left unmodelled", () => {
    const { blueprint, personas } = population("IT decision makers at mid-size companies in Germany");
    expect(blueprint.unmodelled).toEqual([]);
    expect(new Set(personas.map((persona) => persona.employer_size))).toEqual(new Set(["mid-size (50-249 employees, the EU's medium-sized band)"]));
    expect(new Set(personas.map((persona) => persona.industry))).toEqual(new Set(["technology"]));
    expect(Math.min(...years(personas, "age"))).toBeGreaterThanOrEqual(25);
  });
});

describe("children and carers by what the prompt says", () => {
  it("primary school children are 5 to 12", () => {
    const { personas } = population("Primary school children in Helsinki");
    expect(Math.max(...years(personas, "age"))).toBeLessThanOrEqual(12);
    expect(Math.min(...years(personas, "age"))).toBeGreaterThanOrEqual(5);
  });

  it("unpaid family carers care for a relative; they are not volunteers nor paid care workers", () => {
    const { personas } = population("Unpaid family carers in Wales");
    expect(new Set(personas.map((persona) => persona.caring_role))).toEqual(new Set(["cares for a family member"]));
    expect(personas.filter((persona) => persona.employment === "volunteer" || persona.occupation === "carer")).toEqual([]);
  });
});

describe("a nation of a country, named by the prompt", () => {
  it("a region named after its city is not said twice: 'Mexico City, Mexico', not 'Mexico City, Ciudad de México'", async () => {
    const prompt = "Street food vendors in Mexico City";
    const blueprint = new OfflineModeller().designSync({ prompt, count: 10, grounding: "off", seed: 3 });
    const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 3, count: 10 }).writeBatch(sampleStructured(blueprint, 10, 3), 0);
    for (const persona of written) expect(persona.backstory).not.toMatch(/Mexico City, Ciudad de México/);
  });

  it("places its people by it: 'Cardiff, Wales', not 'Cardiff, United Kingdom'", async () => {
    const prompt = "Retired coal miners in Wales";
    const blueprint = new OfflineModeller().designSync({ prompt, count: 20, grounding: "off", seed: 3 });
    const sampled = sampleStructured(blueprint, 20, 3);
    expect(new Set(sampled.map((persona) => persona.region))).toEqual(new Set(["Wales"]));
    const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 3, count: 20 }).writeBatch(sampled, 0);
    for (const persona of written) expect(persona.backstory).not.toMatch(/, United Kingdom/);
    expect(written.some((persona) => /, Wales\b/.test(persona.backstory ?? ""))).toBe(true);
  });
});

describe("immigrants come from where that destination's immigrants come from", () => {
  it.each([
    ["Migrant construction workers in Dubai", ["India", "Bangladesh", "Pakistan"], ["Mexico", "Syria"]],
    ["Immigrants in Germany", ["Poland", "Turkey", "Russia"], ["Mexico", "Philippines"]],
    ["Recent immigrants to Canada looking for work", ["India", "China", "Philippines"], ["Mexico", "Syria"]],
  ])("%s: mostly from %j, never %j", (prompt, largest, never) => {
    const blueprint = new OfflineModeller().designSync({ prompt, count: 200, grounding: "off", seed: 3 });
    const origins = sampleStructured(blueprint, 200, 3).map((persona) => String(persona.origin_country));
    const fromLargest = origins.filter((origin) => largest.includes(origin)).length / origins.length;
    expect(fromLargest).toBeGreaterThan(0.4);
    for (const country of never) expect(origins).not.toContain(country);
    expect(blueprint.rationale).toMatch(/UN DESA International Migrant Stock 2020/);
  });
});

describe("rural people of a region live in several places", () => {
  it("farmers of a state whose gazetteer lists one town are spread over its smallest places too, not all in that town", () => {
    const { personas } = population("Farmers in Tamil Nadu");
    expect(new Set(personas.map((persona) => persona.city)).size).toBeGreaterThanOrEqual(4);
  });
});

describe("the kind of place the prompt asks for chooses the towns", () => {
  const { gazetteer } = knowledge();
  const cityNamed = (code: string, name: string) => gazetteer.byCode.get(code)?.cities.find((city) => city.name === name);

  it("coastal villages are towns on the coast: every city drawn is within a few km of the sea and under 100,000 people", () => {
    const { blueprint, personas } = population("Fishermen in coastal villages of Portugal");
    const drawn = new Set(personas.map((persona) => String(persona.city)));
    expect(drawn.size).toBeGreaterThan(3);
    for (const name of drawn) {
      const city = cityNamed("PT", name);
      expect(city?.coastal, name).toBe(true);
      expect(city?.population, name).toBeLessThan(100_000);
    }
    expect(blueprint.unmodelled ?? []).toEqual([]);
    expect(blueprint.rationale).toContain("within 12 km of the sea");
  });

  it("a coast the place does not have is said, not invented: Switzerland's cities are drawn and the coast is unmodelled", () => {
    const { blueprint } = population("Retirees on the coast of Switzerland");
    expect(blueprint.unmodelled).toContain("on the coast (Switzerland)");
  });

  it("towns of an area known by its cities are its smaller ones, and too few towns is said", () => {
    const { blueprint, personas } = population("Shopkeepers in market towns of England");
    expect(personas.some((persona) => ["London", "Birmingham", "Manchester"].includes(String(persona.city)))).toBe(false);
    expect(blueprint.unmodelled).toContain("towns of England (fewer than 4 listed)");
  });

  it("a city's people by their own name live in that city: Geordies in Newcastle, England", () => {
    const { personas } = population("Retired Geordies", 50);
    expect(new Set(personas.map((persona) => `${persona.city}, ${persona.country}`))).toEqual(new Set(["Newcastle, United Kingdom"]));
  });
});

describe("when migrants arrived is not when they live", () => {
  it("'who immigrated to Ireland in the 2000s' dates their arrival: they live now, 17 to 26 years after it", () => {
    const { blueprint, personas } = population("Poles who immigrated to Ireland in the 2000s");
    expect(blueprint.fields.some((field) => field.name === "year")).toBe(false);
    const since = years(personas, "years_since_arrival");
    expect(Math.min(...since)).toBeGreaterThanOrEqual(PRESENT_YEAR - 2009);
    expect(Math.max(...since)).toBeLessThanOrEqual(PRESENT_YEAR - 2000);
    expect(new Set(personas.map((persona) => persona.origin_country))).toEqual(new Set(["Poland"]));
    expect(new Set(personas.map((persona) => persona.country))).toEqual(new Set(["Ireland"]));
  });

  it("without a verb of arriving, a decade is still when they live ('Irish immigrants in New York in the 1850s')", () => {
    const { blueprint } = population("Irish immigrants in New York in the 1850s");
    expect(blueprint.fields.find((field) => field.name === "year")).toBeDefined();
  });
});

describe("a setting found by its year keeps the prompt's place and role", () => {
  it("Victorian coal miners in Wales live in Welsh towns, not the setting's Manchester or London", () => {
    const { personas } = population("Coal miners in Wales in 1900", 60);
    const places = new Set(personas.map((persona) => String(persona.place)));
    for (const place of places) expect(["Cardiff", "Swansea", "Newport", "Wrexham", "Bangor", "St Davids", "Aberystwyth", "Merthyr Tydfil"], place).toContain(place);
  });

  it("a word for one of the setting's roles is that role: cowboys are cowhands, not any Wild West trade", () => {
    const { personas } = population("Cowboys in Texas in 1880", 60);
    expect(new Set(personas.map((persona) => persona.occupation))).toEqual(new Set(["cowhand"]));
  });

  it("a year alone puts people in a regional setting only inside its region: Chicago in 1890 is no Wild West, and its daily life is said to be unmodelled", () => {
    const { blueprint, personas } = population("Women in Chicago in 1890", 40);
    expect(blueprint.fields.some((field) => field.name === "setting")).toBe(false);
    expect(personas.some((persona) => ["cowhand", "prospector", "homesteader"].includes(String(persona.occupation)))).toBe(false);
    expect(blueprint.unmodelled).toContain("daily life in 1890");
  });
});

describe("retired from a job the data does not know", () => {
  it("retired glassblowers are retired: 'retired glassblower', 55 and over, never working it", () => {
    const { personas } = population("Retired glassblowers in Venice", 60);
    expect(new Set(personas.map((persona) => persona.occupation))).toEqual(new Set(["retired glassblower"]));
    expect(Math.min(...years(personas, "age"))).toBeGreaterThanOrEqual(55);
  });
});
