/**
 * Session 12's reading of the offline engine on prompts nobody tuned it for (issue 16, O): each
 * describe is a class of defect, found with one prompt and checked here with others the fix was not
 * written for. Each failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { sampleStructured } from "../../src/engine/sampler.ts";
import { knowledge } from "../../src/offline/knowledge/index.ts";
import { design, fixedValue, personasOf, weightsOf } from "./offline-reading.ts";

describe("the gender of a role the data has no shares for", () => {
  // 'Sumo wrestlers in Tokyo', 'Geishas in Kyoto': half women, half men, said nowhere but in a
  // rationale line. A role the knowledge has no share for declares its gender mix as unmodelled.
  it.each([
    ["Drag queens in Sydney", "drag queens"],
    ["Falconers in Abu Dhabi", "falconers"],
    ["Glassblowers in Venice", "glassblowers"],
    ["Lion tamers in Moscow", "lion tamers"],
  ])("%s: the even split is declared, not passed off as knowledge", (prompt, people) => {
    expect(design(prompt).unmodelled).toContain(`the gender mix of ${people}`);
  });

  it.each([
    ["Female glassblowers in Venice", "female"],
    ["Men who work as falconers in Dubai", "male"],
  ])("%s: a gender the prompt states needs no declaration", (prompt, gender) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "gender")).toBe(gender);
    expect(blueprint.unmodelled.filter((entry) => entry.startsWith("the gender mix"))).toEqual([]);
  });

  it.each([
    ["Geishas in Kyoto", "female"],
    ["Maiko in Gion", "female"],
    ["Sumo wrestlers in Osaka", "male"],
    ["Nuns in Ireland", "female"],
    ["Monks in Bhutan", "male"],
  ])("%s: a role that is one gender by its own rules is that gender", (prompt, gender) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "gender")).toBe(gender);
    expect(blueprint.unmodelled.filter((entry) => entry.startsWith("the gender mix"))).toEqual([]);
  });

  it("a role known to the data keeps its own shares, undeclared", () => {
    const blueprint = design("Nurses in Ohio");
    expect(weightsOf(blueprint, "gender").female).toBeGreaterThan(0.8);
    expect(blueprint.unmodelled).toEqual([]);
  });
});

describe("a region's demonym is where they live; a place named by its trade keeps the trade", () => {
  // 'Cornish fishing villages' lived in China and India with 'Cornish' unmodelled and the fishing
  // lost; 'Andalusian olive farmers' had 'Andalusian olive farmer' as their job.
  it.each([
    ["Cornish fishermen", "United Kingdom", "Cornwall"],
    ["Galician fishermen", "Spain", "Galicia"],
    ["Frisian dairy farmers", "Netherlands", undefined],
    ["Calabrian olive growers", "Italy", "Calabria"],
    ["Asturian miners", "Spain", "Principado de Asturias"],
    ["Hebridean crofters", "United Kingdom", "the Hebrides"],
    ["Sicilian lemon growers", "Italy", "Sicily"],
  ])("%s live in %s (%s), and the demonym is no part of the job", (prompt, country, region) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "country")).toBe(country);
    const regions = blueprint.fields.find((field) => field.name === "region")?.conditionals.flatMap((conditional) => Object.keys(conditional.categorical?.weights ?? {}));
    if (region) expect(regions).toEqual([region]);
    // Every persona has a town: no "the cities and towns of …" left unplaced.
    expect(blueprint.unmodelled.filter((entry) => /cities and towns|^(?:Cornish|Galician|Frisian|Calabrian|Asturian|Hebridean|Sicilian)$/.test(entry))).toEqual([]);
    const job = fixedValue(blueprint, "occupation") ?? "";
    expect(job).not.toMatch(/Cornish|Galician|Frisian|Calabrian|Asturian|Hebridean|Sicilian/i);
  });

  it.each(["Andalusian olive farmers", "Tuscan olive farmers", "Greek olive growers"])("%s: a crop after the demonym is what they grow there, not a style of the place", (prompt) => {
    expect(fixedValue(design(prompt), "occupation")).toMatch(/^olive (?:farmer|grower)$/);
  });

  it("a style after a demonym still describes the work ('Viennese waltz dancers'), and beside another place it is not where they live", () => {
    expect(fixedValue(design("Viennese waltz dancers"), "occupation")).toBe("Viennese waltz dancer");
    expect(fixedValue(design("Italian opera singers in New York"), "country")).toBe("United States");
  });

  it.each([
    ["Cornish fishing villages", "fisher", "coastal"],
    ["Fishing villages in Norway", "fisher", "coastal"],
    ["Families in mining towns in West Virginia", "miner", "small town"],
    ["Pit villages in Durham", "miner", "small town"],
  ])("%s: the trade that names the place is among its people's jobs", async (prompt, trade, settlement) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "settlement")).toBe(settlement);
    expect(blueprint.rationale).toMatch(/named by their trade/);
    const jobs = (await personasOf(prompt, 40)).map((persona) => persona.occupation);
    const share = jobs.filter((job) => job === trade).length / jobs.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.5);
  });

  it("a role named in such a place is the population, the trade only its setting", () => {
    const blueprint = design("Teachers in fishing villages in Norway");
    expect(fixedValue(blueprint, "occupation")).toBe("teacher");
    expect(blueprint.rationale).not.toMatch(/named by their trade/);
  });

  it("Cornwall's fishing villages are on its coast", async () => {
    const towns = new Set((await personasOf("Cornish fishing villages", 40)).map((persona) => persona.city));
    expect([...towns].filter((town) => ["Truro", "Bodmin", "Redruth", "Camborne", "St Austell"].includes(String(town)))).toEqual([]);
    expect(towns.size).toBeGreaterThan(3);
  });
});

describe("a region's own dishes", () => {
  // 'Organic farmers in Kerala' cooked aloo paratha (India's north, not Kerala) and nothing said so:
  // a region whose people the data knows to have a language or tradition of their own declares its dishes.
  it.each([
    ["Fishermen in Kerala", "dishes of Kerala"],
    ["Rice farmers in Karnataka", "dishes of Karnataka"],
    ["Teachers in Puerto Rico", "dishes of Puerto Rico"],
    ["Herders in Tibet", "dishes of Tibet"],
  ])("%s declares %s beside its names", (prompt, declared) => {
    const blueprint = design(prompt);
    expect(blueprint.unmodelled).toContain(declared);
    expect(blueprint.rationale).toMatch(/cook its dishes, which the data holds by country only/);
  });

  it.each(["Fishermen in Tamil Nadu", "Teachers in Manchester", "Nurses in Ohio"])("%s declares nothing: the country's dishes are theirs", (prompt) => {
    expect(design(prompt).unmodelled.filter((entry) => entry.startsWith("dishes"))).toEqual([]);
  });
});

describe("an identity is not an occupation", () => {
  // 'Hipsters in Brooklyn' and 'Pilgrims on the Camino' were hipsters and pilgrims by trade ('works as
  // a pilgrim', 'learn the trade properly'): people named by a way of life hold the jobs of the
  // population they live in, and the way of life is their trait.
  it.each([
    ["Hipsters in Portland", "subculture", "hipster"],
    ["Goths in Whitby", "subculture", "goth"],
    ["Hippies in Byron Bay", "subculture", "hippie"],
    ["Preppers in Idaho", "subculture", "prepper"],
    ["Pilgrims in Lourdes", "journey", "on a pilgrimage"],
    ["Drifters in Nevada", "way_of_life", "drifter, no settled home"],
  ])("%s: everyday jobs, the identity a field of its own, written as a way of life", async (prompt, field, value) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, field)).toBe(value);
    expect(blueprint.fields.find((entry) => entry.name === "occupation")?.parents).toEqual(["age_band"]);
    const personas = await personasOf(prompt, 30);
    const noun = value.split(/[ ,]/).at(-1) === "pilgrimage" ? "pilgrim" : value.split(",")[0];
    expect(new Set(personas.map((persona) => persona.occupation)).size).toBeGreaterThan(3);
    expect(personas.filter((persona) => new RegExp(`(?:works as|earns a living as|makes a living as) an? ${noun}`).test(persona.backstory ?? ""))).toEqual([]);
  });

  it.each(["Hipsters in Portland", "Pilgrims in Lourdes", "Goths in Whitby"])("%s: the way of life shows in the text, and its gender mix is declared", async (prompt) => {
    expect(design(prompt).unmodelled.filter((entry) => entry.startsWith("the gender mix of"))).toHaveLength(1);
    const texts = (await personasOf(prompt, 30)).map((persona) => `${persona.backstory} ${persona.goals}`);
    expect(texts.filter((text) => /\b(?:hipster|pilgrim|goth)s?\b/i.test(text)).length).toBeGreaterThan(texts.length / 3);
  });

  it("orphans are children", () => {
    const ages = sampleAges("Orphans in Bucharest");
    expect(Math.max(...ages)).toBeLessThanOrEqual(17);
  });

  it("a job a way of life names is still the job ('punk musicians')", () => {
    expect(fixedValue(design("Punk musicians in London"), "occupation")).toBe("punk musician");
  });
});

function sampleAges(prompt: string): number[] {
  return sampleStructured(design(prompt), 200, 2).map((persona) => Number(persona.age));
}

describe("rural people live near small towns", () => {
  // 'Volunteer firefighters in rural Australia' lived in Darwin and Hobart (state capitals) and in
  // regional cities of 65,000-87,000: the largest places under 100,000 the gazetteer lists.
  // The persona's own town among namesakes in its country (Huntsville, Texas, not Alabama's), by its region when it has one.
  const populationOf = (country: string, city: string, region?: string): number | undefined => knowledge().gazetteer.countries.find((entry) => entry.name === country)?.cities.find((entry) => entry.name === city && (region === undefined || entry.region === region))?.population;

  it.each(["Farmers in rural Australia", "Teachers in rural Canada", "Nurses in small towns in Texas", "Sheep farmers in New Zealand", "Retired farmers in rural Ireland", "Volunteer firefighters in Australia"])("%s: towns of 5,000 to 50,000 people", (prompt) => {
    const personas = sampleStructured(design(prompt), 200, 3);
    const sizes = personas.map((persona) => populationOf(String(persona.country), String(persona.city), persona.region === undefined ? undefined : String(persona.region)));
    expect(sizes.filter((size) => size === undefined || size >= 50_000 || size < 5_000)).toEqual([]);
    expect(new Set(personas.map((persona) => persona.city)).size).toBeGreaterThanOrEqual(4);
  });

  it("volunteer firefighters live outside cities, and the rationale says on what basis; paid ones live where people do", () => {
    expect(design("Volunteer firefighters in Canada").rationale).toMatch(/Volunteer firefighters live mostly outside cities \(NFPA/);
    const paid = sampleStructured(design("Firefighters in Australia"), 200, 3).map((persona) => populationOf("Australia", String(persona.city)) ?? 0);
    expect(paid.some((size) => size > 1_000_000)).toBe(true);
  });

  it.each([["Farmers in rural Germany", "Germany"], ["Rice farmers in rural Japan", "Japan"], ["Farmers in rural Czechia", "Czechia"]])("%s: where the gazetteer lists too few small towns, the size of rural places is declared", (prompt, country) => {
    expect(design(prompt).unmodelled).toContain(`the size of rural places in ${country}`);
  });
});
