/**
 * Session 17's reading of the offline engine (issue 16, O1): situations that reshape a working life,
 * text that contradicts the persona, words of the persona's country, and trades of unseen kinds.
 * Each describe is a class of defect, found with one prompt (the review's and the lead's witnesses,
 * /work/notes/s16/R-findings.md and note/g-left.md) and checked here with prompts the fix was not
 * written for.
 */
import { describe, expect, it } from "vitest";
import { design, possibleValues, personasOf, type Design } from "./offline-reading.ts";

type Persona = Record<string, string>;
const textOf = (persona: Persona) => `${persona.backstory} ${persona.goals}`;
/** The sentences of the personas `which` selects that match `pattern`, by name, for a readable failure. */
const saying = (personas: Persona[], pattern: RegExp, which: (persona: Persona) => boolean = () => true) =>
  personas.filter(which).flatMap((persona) => textOf(persona).split(/(?<=[.!?])\s+/).filter((sentence) => pattern.test(sentence)).map((sentence) => `${persona.name} (${persona.age}): ${sentence}`));
const withText = (personas: Persona[], pattern: RegExp) => personas.filter((persona) => pattern.test(textOf(persona))).length;

/** Jobs done in daylight, face to face or on a site: none is a night job or one done from home. */
const DAY_JOBS_ON_SITE = ["teacher", "hairdresser", "marketing manager", "car mechanic", "construction worker", "farmer", "shop owner", "childcare worker", "physician", "cashier", "carpenter"];
const HANDS_ON_JOBS = ["cleaner", "delivery driver", "hairdresser", "registered nurse", "home health aide", "cashier", "construction worker", "car mechanic", "bus driver", "farmer", "waiter", "chef", "factory worker", "retiree"];

describe("class 1: a situation that reshapes a working life narrows the jobs and is written as lived", () => {
  // R16-7 'Night shift workers in Seoul': a teacher "planning lessons… parents' evening", a marketing manager, a hairdresser on nights.
  it.each(["Night shift workers in Manchester", "Night-shift staff in Johannesburg", "People who work the night shift in Sydney", "Overnight workers in Dallas"])("%s: the jobs that run at night, not the day-job mix", (prompt) => {
    const blueprint = design(prompt);
    const jobs = possibleValues(blueprint, "occupation");
    expect(jobs.filter((job) => DAY_JOBS_ON_SITE.includes(job))).toEqual([]);
    expect(jobs.filter((job) => ["registered nurse", "security guard", "cleaner", "warehouse worker"].includes(job)).length).toBeGreaterThanOrEqual(3);
  });

  it("night-shift workers' text says their nights", async () => {
    const personas = await personasOf("Night shift workers in Glasgow", 12);
    expect(withText(personas, /\b(?:night|overnight|while the city sleeps|sleeping through the afternoon|at dawn)\b/i)).toBeGreaterThanOrEqual(10);
  });

  // R16-19 'Remote workers in Lisbon': cleaners, delivery drivers, physicians, nurses, hairdressers, home health aides, cashiers.
  it.each(["Remote workers in Warsaw", "People working from home in Dublin", "Remote employees in Austin", "Work-from-home parents in Melbourne"])("%s: jobs that can be done from home", (prompt) => {
    const jobs = possibleValues(design(prompt), "occupation");
    expect(jobs.filter((job) => HANDS_ON_JOBS.includes(job))).toEqual([]);
    expect(jobs).toContain("software developer");
  });

  // The lead's read: 'working from home' written at a co-working space, an open-plan floor.
  it.each(["Remote workers in Oslo", "People working from home in Leeds"])("%s: they work at home, not at an office or a co-working space", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:co-working space|open-plan|the office kitchen|meeting rooms across the building|hot desk|a call floor)\b/i)).toEqual([]);
    expect(withText(personas, /\b(?:home office|spare room|living room|kitchen table|bedroom window|at home)\b/i)).toBeGreaterThanOrEqual(8);
  });

  // R16-19 'Digital nomads in Bali': Indonesian cashiers, security guards and hairdressers, nothing declared.
  it.each([
    ["Digital nomads in Lisbon", "Portugal"],
    ["Digital nomads in Chiang Mai", "Thailand"],
    ["Digital nomads in Mexico City", "Mexico"],
  ])("%s: foreigners passing through with remote work, their origins declared", async (prompt, host) => {
    const blueprint = design(prompt);
    const origins = possibleValues(blueprint, "origin_country");
    expect(origins.length).toBeGreaterThanOrEqual(5);
    expect(origins).not.toContain(host);
    expect(blueprint.unmodelled?.some((entry) => /come from/.test(entry))).toBe(true);
    expect(possibleValues(blueprint, "occupation").filter((job) => HANDS_ON_JOBS.includes(job))).toEqual([]);
    expect(blueprint.fields.some((field) => field.name === "activity")).toBe(false);
    const personas = await personasOf(prompt, 8);
    // Passing through, not born there nor settled there.
    expect(saying(personas, new RegExp(`\\b(?:grew up in|has lived for years in|moved a while ago to)\\b[^.]*${host}`))).toEqual([]);
    expect(withText(personas, /\b(?:spending a few months in|digital nomad)\b/i)).toBe(8);
  });

  // The lead's read: people on parental leave written at work.
  it.each([
    ["Nurses on maternity leave in Bristol", /\b(?:baby|pram|nursery|feeding)\b/i],
    ["Teachers on strike in Los Angeles", /\b(?:picket|strike|union|placards)\b/i],
    ["Bus drivers off sick in Cardiff", /\b(?:sick|appointments|doctor)\b/i],
    ["Engineers on sabbatical in Munich", /\b(?:sabbatical|without an alarm|books saved up)\b/i],
    ["Fathers on paternity leave in Stockholm", /\b(?:baby|pram|nursery|feeding)\b/i],
  ])("%s: away from the job for now — its days are the leave's, the job is what they go back to", async (prompt, theirDays) => {
    const personas = await personasOf(prompt, 12);
    expect(personas.every((persona) => persona.work_status !== undefined)).toBe(true);
    expect(withText(personas, theirDays)).toBe(12);
    // The job's days are written as on hold, never as today's.
    expect(saying(personas, /^(?:Most days (?:she|he|they) (?:is|are) at|A typical day:|(?:She|He|They) spends? (?:long hours|most of the week) at)/)).toEqual([]);
    expect(withText(personas, /\b(?:for now|at the moment|for the time being|when (?:she|he|they) (?:is|are) back at work|when (?:she|he|they) (?:is|are) at it|normally)\b/i)).toBe(12);
  });
});

describe("class 2: text that contradicts who the persona is", () => {
  // R16-4 addendum 'Childless couples in Berlin': "visiting the grandchildren".
  it.each(["Childless couples in Vienna", "Child-free women in Toronto", "Married couples without children in Lyon", "Childless retirees in Florida"])("%s: no children or grandchildren in their lives", async (prompt) => {
    const personas = await personasOf(prompt, 24);
    expect(personas.every((persona) => persona.household === "no children")).toBe(true);
    expect(saying(personas, /\b(?:grandchildren|grandkids|grandchild|the kids|their kids|children|baby|school run|toddlers?|teenagers at home)\b/i)).toEqual([]);
  });

  // The lead's read: 'Hospice nurses caring for dying patients in Dublin' — "life as a patient at a hospice", a nurse "at the emergency bay".
  it.each(["Hospice nurses caring for patients in Leeds", "Nurses caring for elderly patients at a hospice in Boston"])("%s: the patients are whom they care for, and the hospice is where they work", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:as|being) a patient\b|\bemergency bay\b|\bthe recovery unit\b/i)).toEqual([]);
  });

  // The lead's read: astronauts written as academics (grant applications, lab meetings, supervising students).
  it.each(["Astronauts in Houston", "Astronauts training in Cologne", "NASA astronauts in Florida"])("%s: a spaceflight training life, not a lab's", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(saying(personas, /\b(?:grant applications?|lab meeting|supervising students|reviewers|manuscript|the department)\b/i)).toEqual([]);
    expect(withText(personas, /\b(?:spacewalk|simulator|mission|crew|launch|flight)\b/i)).toBeGreaterThanOrEqual(10);
  });

  // The lead's read: 'Teenagers in juvenile detention in California' — soccer practice, the park, walking to school.
  it.each(["Teenagers in juvenile detention in Texas", "Boys in a youth detention centre in Victoria", "Prisoners in Georgia", "Inmates in Scotland", "Women in prison in England"])("%s: held where they are — no free outings, no town life", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(personas.every((persona) => /^in (?:prison|juvenile detention)$/.test(persona.housing ?? ""))).toBe(true);
    expect(saying(personas, /\b(?:the park|practice|walking to school|the mall|the beach|weekend trips|going out|whenever friends visit|for a crowd|hiking|walking in the hills|the pub|the gym|neighbou?rs?|can be found)\b/i)).toEqual([]);
    expect(withText(personas, /\b(?:prison|detention|the yard|the wing|the unit|lights out|the cell|visiting day|parole|court date)\b/i)).toBe(16);
  });

  it.each(["Boarding school pupils in Scotland", "Boarding school students in Massachusetts"])("%s: boarders live at school, not on a walk or a bus to it", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(personas.every((persona) => persona.housing === "boards at school")).toBe(true);
    expect(saying(personas, /\b(?:walking to school|the school bus|on the bus|home for dinner)\b/i)).toEqual([]);
  });

  // The lead's read: "at the bus into town" — every venue said with "at".
  it.each(["Teenagers who play mobile games in Bristol", "Amateur radio operators in Oregon", "Quilters in rural Iowa", "Trail runners in Colorado"])("%s: venues said with their own preposition", async (prompt) => {
    const personas = await personasOf(prompt, 24);
    expect(saying(personas, /\bat (?:the|a|an) (?:bus|sofa|trails?|slopes?|riverside path|ridge paths|bridle paths|back garden|kitchen|front room|spare room|doctor's waiting room|radio shack|hills|mat)\b/i)).toEqual([]);
  });
});

describe("class 3: the words of the persona's country", () => {
  // The lead's read: US teens are "secondary school pupils" (British), written as such.
  it.each(["Teenagers in Ohio", "Kids in Seattle", "Ninth graders in Texas", "Teenagers in Toronto"])("%s: pupils named as North American schools name them", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(personas.filter((persona) => /\b(?:primary|secondary) school pupil\b/.test(persona.occupation ?? "")).map((persona) => persona.occupation)).toEqual([]);
    expect(saying(personas, /\bpupils?\b|\bsecondary school\b/i)).toEqual([]);
  });

  it.each(["Sixth graders in Chicago", "Middle schoolers in Denver"])("%s: middle school students", (prompt) => {
    expect(possibleValues(design(prompt), "occupation")).toContain("middle school student");
  });

  it("British and Irish teenagers keep their own words", () => {
    expect(possibleValues(design("Teenagers in Leeds"), "occupation")).toContain("secondary school pupil");
    expect(possibleValues(design("Teenagers in Cork"), "occupation")).toContain("secondary school pupil");
  });

  // The lead's read: a busker in the US moved on by "the council warden".
  it.each(["Street musicians in Chicago", "Buskers in San Francisco", "Nurses in Denver", "Bus drivers in Phoenix", "New mothers in Atlanta", "Students in Boston", "Prisoners in Georgia", "Boarding school students in Massachusetts"])("%s: no British words the US says otherwise", async (prompt) => {
    const personas = await personasOf(prompt, 24);
    expect(saying(personas, /\b(?:council warden|queuing|the pub|mums?|cinemas?|school run|nappies|trolley|timetables?|roundabout|housemaster|exeats?|prefect|revising)\b/i)).toEqual([]);
  });
});

describe("the very old: few still at work, and only in jobs people that old hold (review R16-8)", () => {
  // 'Women over 80 in Okinawa' had a registered nurse of 86 and a car mechanic of 84 (occupations.json: both end at 70).
  it.each(["Widows over 75 in rural Greece", "Deaf adults over 80 in Chicago", "Nonagenarians in Sardinia", "Men over 85 in Scotland"])("%s: no job that ends before their age, and most retired", async (prompt) => {
    const blueprint = design(prompt);
    const occupation = blueprint.fields.find((field) => field.name === "occupation");
    for (const conditional of occupation?.conditionals ?? []) {
      const band = String(conditional.when.age_band ?? "");
      const youngest = Number(/^(\d+)/.exec(band)?.[1]);
      if (!(youngest >= 75)) continue;
      const weights = conditional.categorical?.weights ?? {};
      const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
      expect((weights.retiree ?? 0) / total, band).toBeGreaterThanOrEqual(0.9);
      expect(Object.keys(weights).filter((job) => ["registered nurse", "car mechanic", "truck driver", "waiter", "construction worker"].includes(job)), band).toEqual([]);
    }
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => Number(persona.age) >= 80 && ["registered nurse", "car mechanic", "truck driver", "waiter"].includes(persona.occupation ?? "")).map((persona) => `${persona.name} (${persona.age}) ${persona.occupation}`)).toEqual([]);
  });
});
