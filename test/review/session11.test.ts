/**
 * Review of session 11 (issue 16): `git diff fcf60d3..HEAD`. The offline engine read on prompts of
 * the classes of e9cbe56 (jobs that teach an activity, volunteers) and 55bd8bd (regions named their
 * own way, converts, grandparents, unknown roles) that nobody tuned it for. Each test states what a
 * user is promised and pins what the review checked and found holding; the defects found (F1-F8,
 * each with its cause and proposed fix) are in /work/notes/s11/R-findings.md and the review's report.
 */
import { describe, expect, it } from "vitest";
import { sampleStructured } from "../../src/engine/sampler.ts";
import { OfflineModeller } from "../../src/offline/modeller.ts";
import { OfflineWriter } from "../../src/offline/writer.ts";
import { generatePopulation } from "../../src/pipeline/generate.ts";

const modeller = new OfflineModeller();
const design = (prompt: string) => modeller.designSync({ prompt, count: 40, grounding: "off", seed: 1 });

/** The sampled and written fields of `count` personas of the prompt, one record a persona. */
async function personasOf(prompt: string, count = 30, seed = 1): Promise<Array<Record<string, string>>> {
  const blueprint = design(prompt);
  const sampled = sampleStructured(blueprint, count, seed);
  const written = await new OfflineWriter().begin({ prompt, blueprint, seed, count: sampled.length }).writeBatch(sampled, 0);
  return sampled.map((persona, index) => ({ ...persona, ...written[index] }) as Record<string, string>);
}

const textOf = (persona: Record<string, string>) => `${persona.backstory} ${persona.goals}`;

describe("a region whose people carry names of their own is declared (55bd8bd)", () => {
  // 'Taxi drivers in Bilbao' declared "names in País Vasco"; the same drivers "in the Basque Country"
  // (the area's name has "the") and teachers in Glasgow or Cardiff (the gazetteer's region of a
  // British city is its council area) declared nothing and were named as England's people are.
  it.each([
    ["Taxi drivers in the Basque Country", /^names in (?:the )?(?:Basque Country|País Vasco)$/],
    ["Taxi drivers in Basque Country", /^names in (?:the )?(?:Basque Country|País Vasco)$/],
    // Scotland's and Wales's names are in the lists since session 19 (names.json en_scotland, en_wales): their dishes are still declared.
    ["Teachers in Glasgow", /^dishes of (?:Scotland|Glasgow(?: City)?)$/],
    ["Farmers in Cardiff", /^dishes of (?:Wales|Cardiff)$/],
    ["Nurses in Swansea", /^dishes of (?:Wales|Swansea)$/],
  ])("F1: %s: the names there are listed in unmodelled", (prompt, declared) => {
    expect(design(prompt).unmodelled.filter((entry) => declared.test(entry))).toHaveLength(1);
  });

  it.each(["Taxi drivers in Bilbao", "Shepherds in Northern Ireland", "Golf coaches in Belfast", "Nurses in Catalonia", "Nurses in Bengaluru"])("%s: the names there are listed in unmodelled", (prompt) => {
    expect(design(prompt).unmodelled.filter((entry) => entry.startsWith("names in"))).toHaveLength(1);
  });
});

describe("F9: a city named with its region or country is that one, not a bigger namesake elsewhere", () => {
  // 'Nurses in Valencia, Spain' were nurses in Valencia, Venezuela and in Barcelona: the city was
  // read as the most populous Valencia, and ", Spain" as a second place.
  it.each([
    ["Nurses in Valencia, Spain", "Spain", "Valencia"],
    ["Teachers in Cambridge, Massachusetts", "United States", "Cambridge"],
    ["Farmers in London, Ontario", "Canada", "London"],
    ["Nurses in Perth, Scotland", "United Kingdom", "Perth"],
  ])("F9: %s live in %s, in %s", (prompt, country, city) => {
    const personas = sampleStructured(design(prompt), 40, 1);
    expect(personas.filter((persona) => persona.country !== country || persona.city !== city)).toEqual([]);
  });

  it.each([
    ["Teachers in Córdoba, Argentina", "Argentina", "Córdoba"],
    ["Nurses in Santiago, Chile", "Chile", "Santiago"],
  ])("%s live in %s, in %s (checked, holding)", (prompt, country, city) => {
    const personas = sampleStructured(design(prompt), 40, 1);
    expect(personas.filter((persona) => persona.country !== country || persona.city !== city)).toEqual([]);
  });
});

describe("volunteers in a role that is also a career (e9cbe56; checked, holding)", () => {
  it("F2: a volunteer without a job is never said to give the hours 'on top of their own work'", async () => {
    // 'Volunteer teachers in rural Kenya': Lucy, 55, a retiree, "is not paid for her hours as a
    // volunteer teacher: they come on top of her own work".
    const personas = [...(await personasOf("Volunteer teachers in rural Kenya", 60)), ...(await personasOf("Volunteer coastguards in Wales", 60))];
    const withoutJob = personas.filter((persona) => /^(?:retiree|student|unemployed|homemaker|looking for work)$/.test(String(persona.occupation)));
    expect(withoutJob.length).toBeGreaterThan(5);
    expect(withoutJob.map(textOf).filter((text) => /on top of (?:his|her|their) own work/.test(text))).toEqual([]);
  });

  it("F3: a volunteer role the text has no day for is declared and not written as a charity's volunteering", async () => {
    // 'Volunteer coastguards in Wales' declared "coastguards", then packed food parcels and drove
    // older neighbours to their appointments: another volunteer's work.
    expect(design("Volunteer coastguards in Wales").unmodelled).toContain("coastguards");
    const texts = (await personasOf("Volunteer coastguards in Wales", 40)).map(textOf);
    expect(texts.filter((text) => /food parcels|packing parcels|making tea for whoever comes|driving older neighbours/.test(text))).toEqual([]);
  });

  it("volunteers with a day job hold it and give the role unpaid hours (checked, holding)", async () => {
    const personas = await personasOf("Volunteer police officers in London", 30);
    expect(personas.every((persona) => persona.occupation !== "police officer" && persona.volunteer_role === "police officer")).toBe(true);
    expect(personas.map(textOf).filter((text) => /\bunpaid\b|not paid|Nobody pays/.test(text)).length).toBeGreaterThan(10);
  });
});

describe("converts to a faith (55bd8bd)", () => {
  it("F10: a convert is not written as born into the faith's family, and some say they converted", async () => {
    const texts = (await personasOf("Jewish converts in Texas", 40)).map(textOf);
    expect(texts.filter((text) => /part of a Jewish family/.test(text))).toEqual([]);
    expect(texts.filter((text) => /\bconver(?:t|ted|sion)\b/i.test(text)).length).toBeGreaterThan(10);
  });
});

describe("a job is written as that job, not as the job whose data it borrows", () => {
  it("F4: lifeguards watch the water; they are not surf instructors booking lessons", async () => {
    const personas = await personasOf("Lifeguards in Sydney", 20);
    expect(personas.map(textOf).filter((text) => /booking lessons|teaching beginners|the day's lessons|before a lesson/.test(text))).toEqual([]);
  });

  it("F5: sign language interpreters interpret; they do not calm children at nursery drop-off", async () => {
    const personas = await personasOf("Sign language interpreters in Toronto", 20);
    expect(personas.map(textOf).filter((text) => /children at drop-off|at the nursery|organizing volunteers/.test(text))).toEqual([]);
  });

  it("F6: midwives' days have births in them, not the emergency bay", async () => {
    const texts = (await personasOf("Midwives in Manchester", 20)).map(textOf);
    expect(texts.filter((text) => /\b(?:births?|babies|baby|labour|labor|pregnan\w*|antenatal|newborns?|delivery room)\b/i.test(text)).length).toBeGreaterThan(10);
    expect(texts.filter((text) => /emergency bay/.test(text))).toEqual([]);
  });

  it("F7: librarians and volunteer librarians run a library, not a classroom", async () => {
    // A volunteer librarian whose day job is teaching keeps a teacher's classroom.
    const librarians = [...(await personasOf("Librarians in Ohio", 20)), ...(await personasOf("Volunteer librarians in Ohio", 20))].filter((persona) => persona.occupation !== "teacher");
    const texts = librarians.map(textOf);
    expect(texts.filter((text) => /grading homework|arguments at recess|thirty children on the same page|planning lessons|the other teachers/.test(text))).toEqual([]);
  });
});

describe("jobs that teach an activity and people's words for grandparents (e9cbe56, 55bd8bd; checked, holding)", () => {
  it.each([
    ["Piano teachers in Vienna", "piano teacher", "playing music"],
    ["Boxing coaches in Dublin", "boxing coach", "boxing"],
    ["Swimming coaches in Budapest", "swimming coach", "swimming"],
  ])("%s: the job is the phrase, the activity what they teach, nothing declared", (prompt, job, activity) => {
    const blueprint = design(prompt);
    const only = (name: string) => Object.entries(blueprint.fields.find((field) => field.name === name)?.categorical?.weights ?? {}).filter(([, weight]) => weight > 0).map(([value]) => value);
    expect(blueprint.unmodelled).toEqual([]);
    expect(only("occupation")).toEqual([job]);
    expect(only("teaches")).toEqual([activity]);
  });

  it.each([
    ["Yiayias in Athens", "female"],
    ["Opas in Hamburg", "male"],
    ["Lolas in Manila", "female"],
  ])("%s are %s and of a grandparent's age, no job of that name", (prompt, gender) => {
    const blueprint = design(prompt);
    expect(blueprint.unmodelled).toEqual([]);
    const personas = sampleStructured(blueprint, 60, 2);
    expect(personas.every((persona) => persona.gender === gender && Number(persona.age) >= 45)).toBe(true);
    expect(personas.filter((persona) => /yiayia|opa|lola/i.test(String(persona.occupation)))).toEqual([]);
  });

  it.each(["Falconers in Abu Dhabi", "Bell ringers in Norfolk", "Riding instructors in Kentucky"])("%s: a role the data does not know is declared, its even split said to be assumed", (prompt) => {
    const blueprint = design(prompt);
    expect(blueprint.unmodelled.length).toBeGreaterThan(0);
    expect(blueprint.rationale).toMatch(/an even split \(an assumption/);
  });
});

describe("same request and seed, same bytes, through the whole offline pipeline (checked, holding)", () => {
  // Unrelated prompts were byte-identical at fcf60d3 and 5d637d6 (60 personas, seed 20261130: League
  // players in Korea, nurses in Chicago, retired teachers in Lyon, Muslim teachers in Birmingham,
  // fishermen in Tamil Nadu, students in Berlin who play chess); the session's new readings repeat.
  it.each(["Volunteer firefighters in rural Canada", "Muslim converts in Ireland", "Tango teachers in Buenos Aires", "Nonnas in Palermo"])("%s: two runs, the same JSON", async (prompt) => {
    const run = async () => JSON.stringify(await generatePopulation({ prompt, count: 25, grounding: "off", seed: 20261201 }, { modeller: new OfflineModeller(), writer: new OfflineWriter() }));
    expect(await run()).toBe(await run());
  });
});
