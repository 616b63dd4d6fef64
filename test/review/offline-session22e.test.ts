/**
 * Session 22, O4 (composing the design from what was read): R's open findings fixed as classes, each
 * with R's instances and others of the same class (/work/notes/s21/R-findings.md).
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, possibleValues } from "./offline-reading.ts";

describe("R21-16: a fantasy people the prompt names is a people of the realm — never a job named after it, never the default realm's elves", () => {
  // R's instances and other peoples: listed ones with their own callings, and legendary creatures the data gives none (a generic people, declared).
  it.each([
    ["Ogres in a fantasy kingdom", "ogre"],
    ["Centaurs in a fantasy forest", "centaur"],
    ["Trolls in a fantasy world", "troll"],
    ["Giants in a fantasy realm", "giant"],
    ["Mermaids in a fantasy kingdom", "mermaid"],
    ["Pixies in a fantasy forest", "fairy"],
    ["Minotaurs in a fantasy realm", "minotaur"],
    ["Kobolds in a fantasy kingdom", "kobold"],
    ["Werewolves in a fantasy forest", "werewolf"],
    ["Satyrs in a fantasy world", "satyr"],
    ["Merfolk in a fantasy world", "merfolk"],
    // The people field keeps the prompt's own word when the data has it ("mermaid", "pixie"): the people's entry gives their callings.
  ])("R21-16 %s are the realm's %s people, no occupation of that name, no elves", (prompt, people) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "people")).toEqual([people]);
    const word = people.slice(0, 4);
    expect(possibleValues(blueprint, "occupation").filter((job) => job.toLowerCase().includes(word))).toEqual([]);
    expect(possibleValues(blueprint, "occupation").filter((job) => /elven|forest guard|bladesinger/.test(job))).toEqual([]);
  });
  it("a creature with no callings of its own in the data says so", () => {
    expect(design("Gnolls in a fantasy realm").unmodelled.some((item) => /gnolls.*generic/i.test(item))).toBe(true);
  });
  it.each(["Knights in a fantasy kingdom", "Paladins in a fantasy realm", "Bards in a fantasy world"])("%s stay a role of the realm, not a people", (prompt) => {
    expect(possibleValues(design(prompt), "people")).toEqual([]);
  });
});

describe("A place inside a fantasy realm (the lead's hook read): 'Elves in halls under the mountain' live there, not anywhere in the realm", () => {
  it.each([
    ["Elves in halls under the mountain", /halls under the mountain/],
    ["Goblins in the deep tunnels of a fantasy realm", /deep tunnels/],
    ["Centaurs in a fantasy forest", /forest/],
    ["Trolls in a fantasy swamp", /swamp/],
    ["Dwarves in the great forge-hall", /forge-hall/],
  ])("%s: every place is %s", (prompt, place) => {
    const blueprint = design(prompt);
    const places = possibleValues(blueprint, "place");
    expect(places.length).toBeGreaterThan(0);
    expect(places.filter((value) => !place.test(value))).toEqual([]);
    // The realm's own words ("realm", "kingdom") and the place's words are read, not left over.
    expect(blueprint.unmodelled.filter((item) => /^(realm|kingdom|world|forest|swamp|halls|deep tunnels)$/i.test(item))).toEqual([]);
  });
});

// Keep vitest from flagging an unused import when sections are added over the session.
void personasOf;

describe("R21-42 (R20-33's class): troops deployed abroad are the sending countries' people stationed in the host, not its locals", () => {
  it.each([
    ["Soldiers deployed in Afghanistan", "Afghanistan"],
    ["Troops deployed in Mali", "Mali"],
    ["Soldiers deployed in Somalia", "Somalia"],
    ["Troops on deployment in Lebanon", "Lebanon"],
    ["Marines deployed in Djibouti", "Djibouti"],
    ["Soldiers deployed in Kosovo", "Kosovo"],
  ])("%s come from the contributing countries, never from %s, and live there", (prompt, host) => {
    const blueprint = design(prompt);
    const origins = possibleValues(blueprint, "origin_country");
    expect(origins.length).toBeGreaterThan(0);
    expect(origins).not.toContain(host);
    expect(possibleValues(blueprint, "country")).toEqual([host]);
    expect(blueprint.unmodelled).not.toContain("deployed");
  });
  it.each([
    ["US Marines in Okinawa", "United States", "Japan"],
    ["Canadian soldiers in Latvia", "Canada", "Latvia"],
    ["US troops in South Korea", "United States", "South Korea"],
    ["British soldiers in Cyprus", "United Kingdom", "Cyprus"],
  ])("%s: from %s, stationed in %s", (prompt, origin, host) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "origin_country")).toEqual([origin]);
    expect(possibleValues(blueprint, "country")).toEqual([host]);
  });
  it.each(["Soldiers deployed in Iraq", "Canadian soldiers in Latvia", "American soldiers in Iraq in 2005"])("%s are marked as deployed abroad (for the text: stationed, not settled)", (prompt) => {
    expect(possibleValues(design(prompt), "deployment")).toEqual(["deployed abroad"]);
  });
  it.each(["Soldiers in Kabul", "Nurses deployed in Lagos"])("%s are not deployed abroad", (prompt) => {
    expect(possibleValues(design(prompt), "deployment")).toEqual([]);
  });
  it("a host the data lists no deployment for says where they come from is unknown", () => {
    expect(design("Soldiers deployed in Bolivia").unmodelled.some((item) => /where the soldiers deployed in Bolivia come from/.test(item))).toBe(true);
  });
  it.each(["Soldiers in Kabul", "Soldiers stationed in Germany", "Police officers deployed in Lagos"])("%s: no foreign origin (no deployment, or no soldiers)", (prompt) => {
    expect(possibleValues(design(prompt), "origin_country")).toEqual([]);
  });
});

describe("R21-27 (O2's request): Arab as an ethnicity the design sets, so that names can follow it", () => {
  it.each(["Arab Israelis in Haifa", "Arab Canadians in Montreal", "Arab Britons in London"])("%s: ethnicity Arab", (prompt) => {
    expect(possibleValues(design(prompt), "ethnicity")).toEqual(["Arab"]);
  });
});

describe("R21-2 (O1's parts.shares, composed): a trait only a share of them has is held by about that share, not by everyone", () => {
  /** The share of `count` personas of the prompt for which `holds` is true. */
  async function shareWhere(prompt: string, holds: (persona: Record<string, string>) => boolean, count = 60): Promise<number> {
    const personas = await personasOf(prompt, count);
    return personas.filter(holds).length / personas.length;
  }
  it.each([
    ["Doctors in Madrid, half of them over 55", (persona: Record<string, string>) => Number(persona.age) > 55, 0.3, 0.7],
    ["Engineers in Seoul, a quarter of them under 30", (persona: Record<string, string>) => Number(persona.age) < 30, 0.1, 0.45],
    ["People in Glasgow, one in five unemployed", (persona: Record<string, string>) => persona.occupation === "job seeker", 0.08, 0.4],
    ["Villagers in Portugal, most of them retired", (persona: Record<string, string>) => persona.occupation === "retiree", 0.5, 0.92],
    ["Adults in Texas, one in ten with diabetes", (persona: Record<string, string>) => /^type 2 diabetes$/.test(String(persona.condition)), 0.02, 0.25],
    ["Construction workers in Berlin, half of them from Poland", (persona: Record<string, string>) => persona.origin_country === "Poland", 0.3, 0.7],
  ])("%s: the share holding it lies in range", async (prompt, holds, least, most) => {
    const share = await shareWhere(prompt, holds);
    expect(share).toBeGreaterThanOrEqual(least);
    expect(share).toBeLessThanOrEqual(most);
  });
  it.each(["Doctors in Madrid, half of them over 55", "Construction workers in Berlin, half of them from Poland", "Nurses in London, 30% of them international"])("%s: the share is modelled, not declared, and they all live where the prompt puts them", async (prompt) => {
    expect(design(prompt).unmodelled.filter((item) => /a share of them/.test(item))).toEqual([]);
    const countries = new Set((await personasOf(prompt, 20)).map((persona) => persona.country));
    expect(countries.size).toBe(1);
  });
});

describe("R22-6: staff of a kind of workplace hold that workplace's jobs, never its whole industry's (gym staff are no jockeys)", () => {
  it.each([
    ["Staff of a gym in London", /trainer|instructor/],
    ["Employees at a gym in Toronto", /trainer|instructor/],
    ["Staff of a museum in Madrid", /curator|guide|security/],
  ])("%s: the workplace's own jobs", (prompt, own) => {
    const jobs = possibleValues(design(prompt), "occupation");
    expect(jobs.some((job) => own.test(job))).toBe(true);
    expect(jobs.filter((job) => /jockey|caddie|sumo|climber|surf instructor|hairdresser|police officer|bank teller|farmer/.test(job))).toEqual([]);
  });
  it("every staff job of the staff data is a job of the occupation data", async () => {
    const { loadWorkplaceStaff } = await import("../../src/offline/knowledge/staff.ts");
    const { knowledge } = await import("../../src/offline/knowledge/index.ts");
    const unknown = Object.entries(loadWorkplaceStaff()).flatMap(([workplace, { staff }]) => Object.keys(staff).filter((job) => !knowledge().occupationByName.has(job.toLowerCase())).map((job) => `${workplace}: ${job}`));
    expect(unknown).toEqual([]);
  });
});

describe("R21-19: a stated income bounds every yearly wage field the design draws, never a field that says the opposite", () => {
  it.each([
    ["Nurses earning less than $40,000 a year in Texas", undefined, 40000],
    ["Nurses earning under $45k in Florida", undefined, 45000],
    ["Nurses earning more than $120,000 a year in California", 120000, undefined],
    ["Nurses earning between $50,000 and $60,000 in Ohio", 50000, 60000],
    ["Nurses paid less than $20 an hour in Georgia", undefined, 41600],
  ])("%s: every annual wage within the bounds", async (prompt, least, most) => {
    const wages = (await personasOf(prompt, 30)).map((persona) => Number(persona.annual_wage_usd));
    expect(wages.length).toBeGreaterThan(0);
    expect(wages.filter((wage) => Number.isNaN(wage) || (least !== undefined && wage < least) || (most !== undefined && wage > most))).toEqual([]);
  });
  it.each(["Families living on under $2 a day in Malawi", "Farmers surviving on less than $3 a day in Niger"])("%s: the income band is extreme poverty", (prompt) => {
    expect(possibleValues(design(prompt), "income_level")).toEqual(["extreme poverty"]);
  });
  it("a stated income outside the work's own wages is kept and warned of", () => {
    expect((design("Nurses earning less than $30,000 a year in Texas") as { warnings?: string[] }).warnings?.some((warning) => /annual_wage_usd/.test(warning))).toBe(true);
  });
});

describe("R22-7: the countryside of a farming country works the land as the country's farm share says, not the cities' mix", () => {
  const worksLand = (persona: Record<string, string>) => /farm|herder|shepherd|fisher/.test(String(persona.occupation));
  it.each(["Villagers in Nepal", "People in rural Uganda", "Rural families in Mozambique", "People in a small village in Tanzania", "Villagers in Bangladesh"])("%s: at least a fifth work the land", async (prompt) => {
    const personas = await personasOf(prompt, 60);
    expect(personas.filter(worksLand).length / personas.length).toBeGreaterThanOrEqual(0.2);
  });
  it.each(["Villagers in Germany", "People in rural England"])("%s: land work stays a small share", async (prompt) => {
    const personas = await personasOf(prompt, 60);
    expect(personas.filter(worksLand).length / personas.length).toBeLessThan(0.25);
  });
});

describe("Hook reads (the lead's): graduate-entry studies by country; homeschooling parents keep house", () => {
  it.each(["Law students in Chicago", "Medical students in Montreal", "Dental students in Texas", "Veterinary students in Ohio"])("%s study after a first degree: aged 21 and over", async (prompt) => {
    const ages = (await personasOf(prompt, 30)).map((persona) => Number(persona.age));
    expect(ages.filter((age) => age < 21)).toEqual([]);
  });
  it.each(["Medical students in Manchester", "Law students in Madrid"])("%s enter from school where they live: some are under 21", async (prompt) => {
    const ages = (await personasOf(prompt, 40)).map((persona) => Number(persona.age));
    expect(ages.some((age) => age < 21)).toBe(true);
  });
  it.each(["Homeschooling parents in Ohio", "Homeschooling families in Alberta"])("%s: many keep house (a quarter or more homemakers)", async (prompt) => {
    const personas = await personasOf(prompt, 60);
    expect(personas.filter((persona) => persona.occupation === "homemaker").length / personas.length).toBeGreaterThanOrEqual(0.25);
  });
});

describe("R22-30: a place off Earth is a space setting, not today's Earth", () => {
  it.each(["Pilots on a colony ship bound for Alpha Centauri", "Farmers on a moon of Jupiter", "Welders in the asteroid belt", "Nurses on Europa", "Engineers on an orbital habitat", "Scientists orbiting Saturn", "Teachers on the Moon", "Engineers in Mars orbit", "Miners on a terraformed moon"])("%s: a setting off Earth, no Earth country", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "setting").length).toBe(1);
    expect(possibleValues(blueprint, "country")).toEqual([]);
  });
});

describe("R22-44: a stated time on the activity bounds its hours a week", () => {
  it.each([
    ["Cyclists who ride more than 10 hours a week in Utrecht", 11, 168],
    ["Chess players who play less than 2 hours a week in Riga", 0, 1],
    ["Swimmers who train 5 to 8 hours a week in Sydney", 5, 8],
  ])("%s: hours per week in %i-%i", async (prompt, low, high) => {
    const hours = (await personasOf(prompt, 20)).map((persona) => Number(persona.hours_per_week));
    expect(hours.filter((value) => Number.isNaN(value) || value < low || value > high)).toEqual([]);
  });
});
