/**
 * Session 18's reading of the offline engine (issue 16, O1): people who live in institutions,
 * situations that change the working day, text that contradicts the persona, and where the later
 * generations were born. Each describe is a class of defect, found with a witness (the review's
 * R17 findings, the lead's untuned reads in /work/notes/s18/O-shared.md) and checked here with
 * prompts the fix was not written for.
 */
import { describe, expect, it } from "vitest";
import { workGroupOf } from "../../src/offline/text/profile.ts";
import { design, possibleValues, personasOf } from "./offline-reading.ts";

type Persona = Record<string, string>;
const textOf = (persona: Persona) => `${persona.backstory} ${persona.goals}`;
/** The sentences of the personas that match `pattern`, by name, for a readable failure. */
const saying = (personas: Persona[], pattern: RegExp) =>
  personas.flatMap((persona) => textOf(persona).split(/(?<=[.!?])\s+/).filter((sentence) => pattern.test(sentence)).map((sentence) => `${persona.name} (${persona.age}): ${sentence}`));
const withText = (personas: Persona[], pattern: RegExp) => personas.filter((persona) => pattern.test(textOf(persona))).length;

/** The everyday mix's jobs: none is the job of someone who lives in an institution. */
const EVERYDAY_JOBS = ["chef", "administrative assistant", "cleaner", "factory worker", "car mechanic", "bus driver", "shop assistant", "truck driver", "electrician", "graphic designer", "teacher", "home health aide", "homemaker", "civil servant", "farmer"];
/** A town's life outside: no one who lives in a prison, a hospital ward, a hospice or a care home goes to it. */
const TOWN_LIFE = /\b(?:after work|book club|walking in the hills|cooking for friends|whenever friends visit|for a crowd|fixing things around the house|phone charger|ticket stub|houseplants|coffee shop|the late-night shop|takeaway menus|bus (?:timetable|schedule)|at (?:her|his|their) place|mugs from every trip)\b/i;

describe("class 1: people who live in an institution are its residents, living its life", () => {
  // R17-13 'Patients in a psychiatric hospital in Ontario': chefs and bus drivers whose workplace was the hospital; R17-33 lifers "by trade".
  it.each(["Psychiatric inpatients in Manchester", "Patients on a psychiatric ward in Melbourne", "Hospice patients in Dublin", "Hospice residents in Arizona"])("%s: no job and no workplace — they are patients there, not staff", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "workplace")).toEqual([]);
    expect(blueprint.fields.some((field) => field.name === "occupation")).toBe(false);
    expect(possibleValues(blueprint, "housing")).toHaveLength(1);
  });

  it.each(["Lifers in Ohio", "Death row inmates in Florida", "Nursing home residents in Osaka", "Psychiatric patients in Glasgow"])("%s: none of the everyday jobs", (prompt) => {
    expect(possibleValues(design(prompt), "occupation").filter((job) => EVERYDAY_JOBS.includes(job))).toEqual([]);
  });

  it.each([
    ["Psychiatric inpatients in Leeds", /\b(?:ward|hospital|day room|group sessions?)\b/i],
    ["Hospice patients in Vancouver", /\b(?:hospice|bedside|visits?|family)\b/i],
    ["Lifers in Michigan", /\b(?:prison|the wing|the cell|the yard|parole)\b/i],
    ["Nursing home residents in Leeds", /\b(?:the home|the lounge|residents?|carers?|visitors)\b/i],
  ])("%s: their days are the institution's, with no town life outside it", async (prompt, theirLife) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, TOWN_LIFE)).toEqual([]);
    expect(withText(personas, theirLife)).toBe(16);
  });

  it.each(["Psychiatric inpatients in Bristol", "Hospice patients in Denver"])("%s: no working day is written for someone who holds no job", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:the job|working (?:day|week)s?|earns a living|by trade|at (?:her|his|their) workplace|Outside work|customers|colleagues)\b/i)).toEqual([]);
  });
});

/** Whether the persona's text says they work from home (the remote situation's places). */
const atHome = (persona: Persona) => /\b(?:home office|spare room|kitchen table|corner of the living room|bedroom window|remote worker)\b/i.test(textOf(persona));

describe("class 2: a situation that changes the working day is checked by every slot that assumes one", () => {
  // R17-21 'Remote nurses in Texas': "turning and settling patients", "keeping an eye on the monitors" at a home office.
  it.each(["Remote nurses in Ohio", "Remote physiotherapists in Dublin", "Remote teachers in Arizona", "Remote car mechanics in Leeds", "Remote pharmacists in Sydney"])("%s: a job with a site, done from home, writes none of the site's tasks", async (prompt) => {
    const personas = (await personasOf(prompt, 12)).filter(atHome);
    expect(personas.length).toBeGreaterThanOrEqual(6);
    const siteTasks = personas.flatMap((persona) => {
      const group = workGroupOf(persona.occupation ?? prompt.split(" ")[1]?.replace(/s$/, ""));
      if (!group || group.remote === true) return [];
      // The tasks true only on the site: those its remote form (if it has one) does not share.
      const remoteTasks = group.remote?.tasks ?? [];
      return group.tasks.filter((task) => !remoteTasks.includes(task) && textOf(persona).includes(task.replace(/\{[^}]*\}/g, ""))).map((task) => `${persona.name}: ${task}`);
    });
    expect(siteTasks).toEqual([]);
  });

  // R17-32 'Software engineers working remotely from Portugal': "as anyone at a desk in the corner of the living room will tell you".
  it.each(["Remote accountants in Berlin", "People working from home in Cape Town", "Telecommuters in Denver"])("%s: nobody 'at the kitchen table' tells of their habits", async (prompt) => {
    const personas = await personasOf(prompt, 24);
    expect(saying(personas, /\bas anyone (?:at|in|on|by) (?:a home office|a desk in the corner|the kitchen table|a small desk)/i)).toEqual([]);
  });

  // R17-22 'Copper miners on strike in Chile': "at the one supermarket in Lota… after work"; sick leave: "never starts the working day without a red pen".
  it.each(["Bus drivers on strike in London", "Nurses on maternity leave in Auckland", "Teachers on sabbatical in Oregon", "Factory workers on sick leave in Ohio"])("%s: no 'after work', days off or working day while away from the job", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:after work|Outside work|(?:her|his|their) days off|starts? (?:work|the working day) without)\b/i)).toEqual([]);
  });

  it.each(["Night shift nurses in Leeds", "Night-shift security guards in Houston"])("%s: nights end in the morning, not 'after work' in the evening", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:after work|(?:her|his|their) days off)\b/i)).toEqual([]);
  });
});

describe("class 4: the later generations were born where they live", () => {
  // R16-3 / R17-31: the second and third generations drawn "born abroad" half and half.
  it.each([
    ["Second-generation Korean Americans in Los Angeles", "United States"],
    ["Third-generation Italian Americans in Boston", "United States"],
    ["Children of Nigerian immigrants in London", "United Kingdom"],
    ["Third-generation Turkish Germans in Cologne", "Germany"],
  ])("%s: born in %s, nobody abroad", (prompt, home) => {
    expect(possibleValues(design(prompt), "birthplace")).toEqual([home]);
  });

  it.each(["Third-generation Italian Americans in Chicago", "Third-generation Japanese Peruvians in Lima"])("%s: the grandparents made the move, not the parents", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:her|his|their) parents came to\b/i)).toEqual([]);
    expect(withText(personas, /\bgrand(?:parents|child)\b/i)).toBeGreaterThanOrEqual(8);
  });
});

describe("class 3: text that contradicts who the persona is", () => {
  // The lead's read 'Widowed farmers over 70 in Ireland': "fixing the irrigation before the heat", "carrying water to the seedlings".
  it.each(["Sheep farmers in Wales", "Dairy farmers in Norway", "Potato farmers in Ireland", "Farmers in Scotland"])("%s: no farm lines of a hot, dry climate where it rains all year", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:irrigation|before the heat|in the heat|before the rains|the rains are late|carrying water to the seedlings|monsoon|dry season|drought)\b/i)).toEqual([]);
  });

  // The lead's read 'Sherpas guiding climbers': climbing as a weekly hobby of 5 hours, "often at the bouldering gym".
  it.each(["Sherpas guiding climbers in Nepal", "Mountain guides taking climbers up Mont Blanc", "High-altitude porters guiding climbers on K2"])("%s: the climbing is their job, not a pastime beside it", async (prompt) => {
    const blueprint = design(prompt);
    expect(blueprint.fields.filter((field) => ["hours_per_week", "years_active", "level"].includes(field.name)).map((field) => field.name)).toEqual([]);
    const personas = await personasOf(prompt, 12);
    expect(saying(personas, /\b(?:hours a week into|bouldering gym|free hours go on|as a hobby)\b/i)).toEqual([]);
  });

  // The lead's read 'Parents of autistic children': not one line about the child's autism.
  it.each([
    ["Parents of autistic children in Leeds", /\bchild with autism\b/],
    ["Fathers of children with ADHD in Dallas", /\bchild with ADHD\b/],
    ["Caregivers of parents with dementia in Kent", /\bparent with dementia\b/],
  ])("%s: the relative's condition shapes the days of the one who cares", async (prompt, relative) => {
    const personas = await personasOf(prompt, 16);
    expect(withText(personas, relative)).toBeGreaterThanOrEqual(12);
  });
});
