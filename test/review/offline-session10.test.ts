/**
 * Session 10's reading of the offline engine on prompts nobody tuned it for (issue 16, O): each case
 * is a class of defect found with one prompt and checked here with another. Each failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { sampleStructured } from "../../src/engine/sampler.ts";
import { OfflineModeller } from "../../src/offline/modeller.ts";
import { textKnowledge } from "../../src/offline/knowledge/text-data.ts";
import { OfflineWriter } from "../../src/offline/writer.ts";

const modeller = new OfflineModeller();
const design = (prompt: string) => modeller.designSync({ prompt, count: 40, grounding: "off", seed: 1 });

/** The written fields of `count` personas of the prompt. */
async function writtenOf(prompt: string, count = 40): Promise<Array<Record<string, string>>> {
  const blueprint = design(prompt);
  const sampled = sampleStructured(blueprint, count, 1);
  return new OfflineWriter().begin({ prompt, blueprint, seed: 1, count: sampled.length }).writeBatch(sampled, 0);
}

/** Every written field of `count` personas of the prompt, one string a persona. */
async function textsOf(prompt: string, count = 40): Promise<string[]> {
  return (await writtenOf(prompt, count)).map((persona) => Object.values(persona).join(" "));
}

/** The names `count` personas of the prompt are written with. */
async function namesOf(prompt: string, count: number): Promise<string[]> {
  return (await writtenOf(prompt, count)).map((persona) => String(persona.name));
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

describe("a job the data does not know", () => {
  // The catch-all workplaces were phrases of their own: 'knows a place he knows inside out inside
  // out', 'as anyone at the job he has made his own will tell you' (Amish furniture makers).
  it("ropemakers in Lisbon work somewhere a sentence can name", async () => {
    const texts = await textsOf("ropemakers in Lisbon", 60);
    expect(texts.filter((text) => /inside out inside out|at the job (?:he|she|they) (?:has|have) made|knows? the job (?:he|she|they) (?:has|have) made/.test(text))).toEqual([]);
  });
});

describe("a well-known region that is no first-level division", () => {
  // 'Knitting circle members over 70 in Yorkshire' lost Yorkshire (left in `unmodelled`): no country,
  // so American names ('Shirley Nguyen', 'Margaret Hernandez') and American places.
  it.each([
    ["retired miners in Yorkshire", "United Kingdom"],
    ["potters in Transylvania", "Romania"],
    ["fishermen in Mindanao", "Philippines"],
    ["shepherds in Anatolia", "Turkey"],
  ])("%s live in %s", (prompt, country) => {
    const blueprint = design(prompt);
    expect(blueprint.unmodelled).toEqual([]);
    const personas = sampleStructured(blueprint, 40, 1);
    expect(personas.filter((persona) => persona.country !== country)).toEqual([]);
  });
});

describe("the names of a small country with a language of its own", () => {
  // Retirees in Malta were named from Italy's lists ('Polifemo Quaranta', 'Dodato Zappia'),
  // sheep farmers in the Faroe Islands from Denmark's ('Brian Schmidt', 'Kevin Dalgaard').
  it.each([
    ["bus drivers in Valletta", /^(?:Borg|Camilleri|Vella|Farrugia|Zammit|Galea|Micallef|Grech|Attard|Spiteri|Azzopardi|Mifsud|Agius|Pace|Cassar|Schembri|Fenech|Debono|Caruana|Gauci|Sammut|Bonello|Abela|Cutajar|Muscat)$/],
    ["nurses in Tartu", /^(?:Tamm|Saar|Sepp|Mägi|Kask|Kukk|Rebane|Ilves|Pärn|Koppel|Lepik|Oja|Raudsepp|Luik|Kallas|Vaher|Kuusk|Karu|Põder|Lill|Kivi|Mets)$/],
  ])("%s carry their country's family names", async (prompt, families) => {
    expect((await namesOf(prompt, 30)).map((name) => name.split(" ").at(-1)).filter((family) => !families.test(family ?? ""))).toEqual([]);
  });
});

describe("what a working day holds, in any tense", () => {
  // A task is written after 'Back then, ...' as well as after 'A typical day: ...': 'rehearsing the
  // same passage until it is right' read wrong for a retired musician.
  it("no task of any work group carries a present-tense clause of its own", () => {
    const tensed = textKnowledge().work.flatMap((group) => group.tasks.filter((task) => /\b(?:until|till|once|before) (?:it|they|he|she) (?:is|are)\b/.test(task)).map((task) => `${group.id}: ${task}`));
    expect(tensed).toEqual([]);
  });
});

describe("a job word that names a people", () => {
  // Sherpa guides in Nepal were named like any Nepali ('Raju Basynat', 'Niraj Ghale'): a Sherpa is
  // one of the Sherpa people, named '<given> Sherpa'; a mountain guide or a teacher in Nepal is not.
  it("climbing sherpas in Nepal are Sherpas by name; mountain guides in Nepal mostly not", async () => {
    expect((await namesOf("climbing sherpas in Nepal", 30)).filter((name) => !name.endsWith(" Sherpa"))).toEqual([]);
    expect((await namesOf("mountain guides in Nepal", 30)).filter((name) => name.endsWith(" Sherpa")).length).toBeLessThan(10);
  });
});

describe("migrants of the country's own people", () => {
  // 'Korean immigrants in Seoul' came from India, Mexico and China, and 'Korean' was dropped without a
  // word: returnees and a diaspora's children are not modelled, and `unmodelled` must say so.
  it("Japanese immigrants in Osaka: 'Japanese' is declared, not silently dropped", () => {
    expect(design("Japanese immigrants in Osaka").unmodelled.join(" ")).toContain("Japanese");
  });

  it("Japanese immigrants in São Paulo still come from Japan, with nothing declared", () => {
    const blueprint = design("Japanese immigrants in São Paulo");
    expect(blueprint.unmodelled).toEqual([]);
    expect(sampleStructured(blueprint, 20, 1).every((persona) => persona.origin_country === "Japan")).toBe(true);
  });
});

describe("a farmer named by the animals they keep", () => {
  // 'Sheep farmers in the Faroe Islands' were 'fixing the irrigation before the heat', 'trading seed
  // with the neighbours' and proud of 'a good harvest': a farmer of animals keeps a herd, not crops.
  it("goat farmers in Greece tend animals, not fields of crops", async () => {
    const texts = await textsOf("goat farmers in Greece", 40);
    expect(texts.filter((text) => /irrigation|seed|harvest|walking the rows/i.test(text))).toEqual([]);
  });
});

describe("family names of a past year", () => {
  // Lighthouse keepers in 1890s Maine were 'Roy Sanchez', 'Arthur Flores', 'Raymond Nguyen': given
  // names followed the birth year, family names were today's.
  it("coal miners in 1900s Pennsylvania carry the family names of their day", async () => {
    const later = /\b(?:Nguyen|Garcia|Rodriguez|Martinez|Hernandez|Lopez|Gonzalez|Perez|Sanchez|Ramirez|Torres|Flores|Rivera)\b/;
    expect((await namesOf("coal miners in 1900s Pennsylvania", 60)).filter((name) => later.test(name))).toEqual([]);
  });
});

describe("owners of a thing that is no business", () => {
  // 'Wealthy yacht owners in Monaco' were yacht owners by trade, 'mostly at the till by the entrance'
  // (an owner's head word reads as a shopkeeper): owning a boat or a horse is a pastime, not a shop.
  it.each([
    ["sailboat owners in Maine", "sailing"],
    ["horse owners in Ireland", "horse riding"],
  ])("%s are no owners by trade: they do %s, whatever their job", (prompt, activity) => {
    const personas = sampleStructured(design(prompt), 40, 1);
    // Owners of the thing by trade; a shop owner from the everyday job mix is a job like any other.
    expect(personas.filter((persona) => /^(?:(?:sailboat|boat|yacht|horse) )?owner$/.test(String(persona.occupation)))).toEqual([]);
    expect(personas.every((persona) => persona.activity === activity)).toBe(true);
  });
});

describe("a country that is one city", () => {
  // 'Wealthy yacht owners in Monaco' held farmers among their everyday jobs: a country that is one
  // city is a city, as 'in Paris' is, and a city's everyday jobs hold no farms.
  it("young parents in Monaco hold no farm or fishing jobs", () => {
    const personas = sampleStructured(design("young parents in Monaco"), 200, 1);
    expect(personas.filter((persona) => /farm|fisher|herder/.test(String(persona.occupation)))).toEqual([]);
  });
});

describe("a job named after what it is about", () => {
  // 'Tango teachers in Buenos Aires' were school teachers who danced as a hobby, with nothing in
  // `unmodelled`. Session 11 models jobs that teach or lead an activity (offline-session11.test.ts);
  // a job that neither teaches nor leads the activity it is named after is still declared.
  it("chess journalists in London: the phrase is declared, as written", () => {
    expect(design("Chess journalists in London").unmodelled).toContain("Chess journalists");
  });

  it("teachers in Prague who play the violin declare nothing: the activity is their pastime there", () => {
    expect(design("Teachers in Prague who play the violin").unmodelled).toEqual([]);
  });
});

describe("a setting's goals fit the role's standing", () => {
  // Legionaries were Roman citizens already; earning citizenship on discharge was the auxiliaries'
  // goal — the Roman frontier's shared goals gave it to every legionary.
  it("legionaries on the Rhine never hope to earn citizenship", async () => {
    const blueprint = design("Roman legionaries on the Rhine in 100 AD");
    const personas = sampleStructured(blueprint, 40, 3);
    const texts = await new OfflineWriter().begin({ prompt: "Roman legionaries on the Rhine in 100 AD", blueprint, seed: 3, count: 40 }).writeBatch(personas, 0);
    expect(texts.map((text) => text.goals).join(" ")).not.toMatch(/citizenship/);
  });
});
