/**
 * Session 19's reading of the offline engine (issue 16, O1): people who live in institutions (a
 * second pass), the later generations in the text, and situations the text must not contradict.
 * Each describe is a class of defect, found with a witness (the review's R18 findings, the lead's
 * reads) and checked with prompts the fix was not written for.
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, possibleValues, sentencesMatching } from "./offline-reading.ts";

type Persona = Record<string, string>;
const textOf = (persona: Persona) => `${persona.backstory} ${persona.goals}`;

/** The everyday mix's jobs: none is the job of someone who lives in an institution. */
const EVERYDAY_JOBS = ["chef", "administrative assistant", "cleaner", "factory worker", "car mechanic", "bus driver", "shop assistant", "truck driver", "electrician", "graphic designer", "teacher", "home health aide", "homemaker", "civil servant", "farmworker", "police officer", "university student"];
const everydayJobsOf = (prompt: string) => possibleValues(design(prompt), "occupation").filter((job) => EVERYDAY_JOBS.includes(job));
/** A job's frames: what no one held in a prison, or in training for a calling, has. */
const JOB_FRAMES = /\b(?:colleagues|the job|working (?:day|week)s?|after work|Outside work|customers|days off)\b/i;

describe("class 1: people who live in an institution are its residents, and every slot that assumes a job, a home or a town checks it", () => {
  // R18-20 'Inmates in a Brazilian prison': "the job also brings lockdowns", "his working days go on mopping the landing", "Outside work…".
  it.each(["Inmates in a Brazilian prison", "Prisoners in Ohio", "Lifers in Michigan", "Women in prison in Scotland", "Death row inmates in Florida", "Condemned prisoners in Alabama"])("%s: being held is no job — no colleagues, working days or 'Outside work'", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 16), JOB_FRAMES)).toEqual([]);
  });

  // The lead's read: death-row prisoners given workshop jobs and parole hopes.
  it.each(["Death row inmates in Florida", "Prisoners on death row in California", "Condemned prisoners in Alabama"])("%s: on death row, with no workshop shifts, diploma classes or parole", async (prompt) => {
    expect(possibleValues(design(prompt), "occupation")).toEqual(["death row prisoner"]);
    expect(sentencesMatching(await personasOf(prompt, 16), /\b(?:parole|workshop|laundry|diploma|association)\b/i)).toEqual([]);
  });

  // R18-9 'Young men in a juvenile detention center in Texas': ages 19-26 with adult jobs.
  it.each(["Young men in a juvenile detention center in Texas", "Young women in juvenile detention in California", "Young people in youth detention in Victoria"])("%s: held by age, so under 18 and in school, not at adult jobs", async (prompt) => {
    expect(everydayJobsOf(prompt)).toEqual([]);
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => Number(persona.age) >= 18).map((persona) => `${persona.name} ${persona.age}`)).toEqual([]);
  });

  // R18-3 'Men in a homeless shelter in Seattle': workplace "a food bank" with chefs and civil servants.
  it.each(["Homeless shelter residents in Denver", "People staying in homeless shelters in Chicago", "Men in a night shelter in Manchester"])("%s: they stay in the shelter, nobody works at it", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "housing")).toEqual(["stays in a homeless shelter"]);
    expect(possibleValues(blueprint, "workplace")).toEqual([]);
    expect(possibleValues(blueprint, "occupation").filter((job) => ["chef", "civil servant", "homemaker", "graphic designer"].includes(job))).toEqual([]);
  });

  // R18-9 'Residents of a retirement village in Auckland': everyday jobs aged 23-65; O2's ask: sheltered housing read as an occupation.
  it.each([
    ["Residents of sheltered housing in Leeds", "lives in sheltered housing"],
    ["Retirement village residents in Brisbane", "lives in a retirement village"],
    ["People living in retirement communities in Florida", "lives in a retirement village"],
    ["Assisted living residents in Phoenix", "lives in assisted living"],
  ])("%s: retired residents (%s), none at a job", async (prompt, housing) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "housing")).toEqual([housing]);
    expect(possibleValues(blueprint, "occupation")).toEqual(["retiree"]);
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => Number(persona.age) < 60).map((persona) => `${persona.name} ${persona.age}`)).toEqual([]);
  });

  // O1's read: 'Patients in a drug rehab clinic in Arizona' and 'Asylum seekers in a detention centre' drawn as staff and everyday workers.
  it.each([
    ["Asylum seekers in immigration detention in Australia", "in immigration detention"],
    ["Migrants held in detention centres in England", "in immigration detention"],
    ["Young women in rehab in Arizona", "in residential rehab"],
    ["Men in residential rehab in Scotland", "in residential rehab"],
  ])("%s: they live %s, holding no job there and written with no working day", async (prompt, housing) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "housing")).toEqual([housing]);
    expect(blueprint.fields.some((field) => field.name === "occupation")).toBe(false);
    expect(sentencesMatching(await personasOf(prompt, 12), JOB_FRAMES)).toEqual([]);
  });
  it.each(["Refugees in refugee camps in Kenya", "Syrian families living in refugee camps in Jordan"])("%s: life in the camp, with no mortgage, commute or book club", async (prompt) => {
    expect(possibleValues(design(prompt), "housing")).toEqual(["lives in a refugee camp"]);
    expect(sentencesMatching(await personasOf(prompt, 12), /\b(?:mortgage|commute|book club|dishwasher|the pub)\b/i)).toEqual([]);
  });

  // R18-9 'Cadets at a military academy', 'Trainee priests at a seminary' (two of eight women).
  it.each(["Seminarians in Poland", "Student priests in Rome", "Trainee priests in Ireland"])("%s: men in formation for the priesthood, with no partner and no job's frames", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(personas.filter((persona) => persona.gender !== "male").map((persona) => persona.name)).toEqual([]);
    expect(sentencesMatching(personas, /\b(?:partner|wife|married|book club|gigs)\b/i)).toEqual([]);
    expect(sentencesMatching(personas, JOB_FRAMES)).toEqual([]);
  });
  it.each(["Officer cadets in Texas", "Naval cadets in Maryland", "Military cadets in Colorado"])("%s: cadets of academy age, not the everyday jobs, and no job's frames", async (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "occupation").filter((job) => !/\bcadet$/.test(job))).toEqual([]);
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => Number(persona.age) > 26).map((persona) => `${persona.name} ${persona.age}`)).toEqual([]);
    expect(sentencesMatching(personas, JOB_FRAMES)).toEqual([]);
  });

  // The lead's read: UK care-home residents called "a nursing-home resident".
  it.each(["Care home residents in Leeds", "Nursing home residents in Cardiff", "Care home residents in Auckland"])("%s: in British English they are care-home residents", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(sentencesMatching(personas, /nursing-home resident/i)).toEqual([]);
    expect(personas.filter((persona) => /care-home resident/i.test(textOf(persona))).length).toBeGreaterThan(0);
  });
  it("'Nursing home residents in Ohio' are nursing-home residents in American English", async () => {
    expect(sentencesMatching(await personasOf("Nursing home residents in Ohio", 16), /care-home resident/i)).toEqual([]);
  });
});

describe("class 2: the second and third generation were born where they live, and the text says so at every age", () => {
  // R18-16 'Second-generation Nigerians in London': "He grew up in Nigeria", "Her family is still in Nigeria", "has settled in London".
  it.each(["Second-generation Nigerians in London", "Second-generation Turks in Berlin", "Children of immigrants in Toronto", "Third-generation Italian Americans in Boston", "Grandchildren of immigrants in Sydney"])("%s: no childhood in the family's country, no family still there, nothing missed, no settling in", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    const elsewhere = personas.flatMap((persona) => {
      const origin = persona.origin_country;
      const grewUpThere = origin ? new RegExp(`grew up in (?:the )?${origin}`) : /$^/;
      return textOf(persona).split(/(?<=[.!?])\s+/).filter((sentence) => grewUpThere.test(sentence) || /\b(?:family is still in|misses? most about|has settled in|moved a while ago to|still learning the ways)\b/.test(sentence)).map((sentence) => `${persona.name}: ${sentence}`);
    });
    expect(elsewhere).toEqual([]);
  });

  // The lead's read: a 75-year-old third generation "hearing the grandparents' stories".
  it.each(["Third-generation Japanese Americans over 70 in Hawaii", "Elderly grandchildren of Irish immigrants in Boston", "Second-generation Italians over 65 in Melbourne"])("%s: the old are the ones who tell the family's story, not a grandchild hearing it", async (prompt) => {
    const old = (await personasOf(prompt, 16)).filter((persona) => Number(persona.age) >= 60);
    expect(old.length).toBeGreaterThan(0);
    expect(sentencesMatching(old, /\b(?:hearing the grandparents' stories|the distance from grandparents|dying with the grandparents|filling in forms for older relatives)\b/i)).toEqual([]);
  });
});

describe("class 3: a situation is checked by the lines of the text that assume something else", () => {
  // The lead's read: people on sick leave still "juggling school runs and work".
  it.each(["Single parents on sick leave in Leeds", "Single mothers on strike in Glasgow", "Retired single fathers in Ohio", "Single parents on parental leave in Oslo"])("%s: no job to juggle while away from it or without one", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 16), /\bjuggling (?:school runs and work|work and)\b/i)).toEqual([]);
  });

  // The lead's read: 'Oil workers on the Caspian Sea' written as coal miners.
  it.each(["Oil workers on the Caspian Sea", "Offshore workers in Aberdeen", "Roughnecks in North Dakota", "Oil rig workers in Nigeria"])("%s: a rig's or a field's work, never a coal mine's", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(sentencesMatching(personas, /\b(?:coal face|the cage going down|back up into daylight|the pit|helmet lamp|dust)\b/i)).toEqual([]);
    expect(personas.filter((persona) => /\b(?:rig|platform|drill floor|wellhead|refinery|hitch|crew change)\b/i.test(textOf(persona))).length).toBeGreaterThanOrEqual(8);
  });
});
