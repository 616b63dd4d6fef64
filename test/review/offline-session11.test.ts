/**
 * Session 11's reading of the offline engine on prompts nobody tuned it for (issue 16, O): each
 * describe is a class of defect found with one prompt ("tango teachers in Buenos Aires") and checked
 * here with others. Each failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { sampleStructured } from "../../src/engine/sampler.ts";
import { OfflineModeller } from "../../src/offline/modeller.ts";
import { OfflineWriter } from "../../src/offline/writer.ts";

const modeller = new OfflineModeller();
const design = (prompt: string) => modeller.designSync({ prompt, count: 40, grounding: "off", seed: 1 });

/** The sampled and written fields of `count` personas of the prompt, one record a persona. */
async function personasOf(prompt: string, count = 30): Promise<Array<Record<string, string>>> {
  const blueprint = design(prompt);
  const sampled = sampleStructured(blueprint, count, 1);
  const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 1, count: sampled.length }).writeBatch(sampled, 0);
  return sampled.map((persona, index) => ({ ...persona, ...written[index] }) as Record<string, string>);
}

const fixedValue = (blueprint: ReturnType<typeof design>, name: string): string | undefined => {
  const weights = blueprint.fields.find((field) => field.name === name)?.categorical?.weights;
  const positive = Object.entries(weights ?? {}).filter(([, weight]) => weight > 0);
  return positive.length === 1 ? positive[0]![0] : undefined;
};

describe("a job that teaches or leads an activity", () => {
  // 'Tango teachers in Buenos Aires' were school teachers ('pupils who find school hard', 'the
  // staffroom') who danced a few hours a week as a pastime; the phrase was only declared.
  const SCHOOL = /\b(?:staffroom|pupils who find school hard|marking homework|head of department|school gate|classroom)\b/i;
  const PASTIME = /hours a week into|(?:has|have) been into|ever since a friend|Outside work, .* goes on (?:dancing|playing music|tennis)/i;

  it.each([
    ["Flamenco teachers in Seville", "flamenco teacher", "dancing", /\b(?:studio|class|routine|dance)/i],
    ["Cello teachers in Boston", "cello teacher", "playing music", /\b(?:lessons?|pupils?|students?|concert|exams?)\b/i],
    ["Knitting teachers in Dublin", "knitting teacher", "knitting", /\b(?:course|class|workshop|students?)\b/i],
    ["Climbing coaches in Sheffield", "climbing coach", "climbing", /\b(?:sessions?|students?|club|competitions?)\b/i],
    ["Pilates instructors in London", "pilates instructor", "pilates", /\b(?:studio|class|students?)\b/i],
    ["Kayaking guides in Norway", "kayaking guide", "kayaking", /\b(?:clients?|trips?|group|guides?)\b/i],
  ])("%s: the job is the prompt's phrase, the activity what they teach, written as their work", async (prompt, job, activity, work) => {
    const blueprint = design(prompt);
    expect(blueprint.unmodelled).toEqual([]);
    expect(fixedValue(blueprint, "occupation")).toBe(job);
    expect(fixedValue(blueprint, "teaches")).toBe(activity);
    // A pastime's measures are not theirs: what they teach is the work.
    expect(blueprint.fields.map((field) => field.name)).not.toEqual(expect.arrayContaining(["hours_per_week"]));
    expect(blueprint.fields.map((field) => field.name)).not.toContain("years_active");
    expect(blueprint.fields.map((field) => field.name)).not.toContain("level");
    const personas = await personasOf(prompt);
    const texts = personas.map((persona) => `${persona.backstory} ${persona.goals}`);
    expect(texts.filter((text) => SCHOOL.test(text))).toEqual([]);
    expect(texts.filter((text) => PASTIME.test(text))).toEqual([]);
    expect(texts.filter((text) => work.test(text)).length).toBeGreaterThan(personas.length / 2);
  });

  it("their ages are an adult working life's, not a schoolteacher's licensing age, and the rationale says it is assumed", () => {
    const blueprint = design("Salsa teachers in Cali");
    expect(blueprint.rationale).toMatch(/assumed adult working-age profile/);
    expect(sampleStructured(blueprint, 400, 3).some((persona) => Number(persona.age) < 21)).toBe(true);
  });

  it("their gender shares are the activity's participants', said to stand in for the teachers' own", () => {
    const blueprint = design("Ballroom dancing teachers in Leeds");
    expect(blueprint.rationale).toMatch(/dancing participants .*standing in for those who teach or lead it/);
  });

  it("a teacher of a sport works in sport, a guide leads clients", () => {
    expect(fixedValue(design("Swimming teachers in Perth"), "industry")).toBe("sport");
    expect(fixedValue(design("Fishing guides in Alaska"), "teaches")).toBe("fishing");
  });

  it("teachers who play the violin are schoolteachers with a pastime", () => {
    const blueprint = design("Teachers in Prague who play the violin");
    expect(fixedValue(blueprint, "occupation")).toBe("teacher");
    expect(fixedValue(blueprint, "activity")).toBe("playing music");
    expect(blueprint.fields.some((field) => field.name === "teaches")).toBe(false);
  });

  it.each([["TikTok teachers in Ohio", "TikTok teachers"], ["Chess journalists in Leeds", "Chess journalists"]])("%s: a job the text has no teaching day for, or that teaches nothing, is still declared", (prompt, phrase) => {
    expect(design(prompt).unmodelled).toContain(phrase);
  });

  it("the same seed writes the same bytes", async () => {
    expect(JSON.stringify(await personasOf("Bachata instructors in Santo Domingo", 12))).toBe(JSON.stringify(await personasOf("Bachata instructors in Santo Domingo", 12)));
  });
});

describe("a volunteer in a role that is also a career", () => {
  // 'Volunteer firefighters in rural Australia' were career firefighters ('see out the years to a
  // pension', 'make station officer'): a volunteer holds a day job and gives unpaid hours to the role.
  it.each([
    ["Volunteer firefighters in rural Canada", "firefighter", /fire station|engine|crew|call|smoke alarms|breathing apparatus/i],
    ["Volunteer paramedics in Israel", "paramedic", /ambulance|patient|call/i],
    ["Volunteer nurses in Ghana", "nurse", /patient|ward|charts|clinic/i],
  ])("%s hold everyday jobs and volunteer as %s, unpaid, doing the role's work", async (prompt, role, work) => {
    const blueprint = design(prompt);
    expect(blueprint.unmodelled).toEqual([]);
    expect(fixedValue(blueprint, "volunteer_role")).toBe(role);
    expect(fixedValue(blueprint, "occupation")).toBeUndefined();
    const personas = await personasOf(prompt, 40);
    expect(personas.filter((persona) => persona.occupation === role || persona.occupation === `registered ${role}`)).toEqual([]);
    expect(new Set(personas.map((persona) => persona.occupation)).size).toBeGreaterThan(2);
    const texts = personas.map((persona) => String(persona.backstory));
    expect(texts.filter((text) => /\bunpaid\b|not paid|Nobody pays/.test(text)).length).toBeGreaterThan(personas.length / 3);
    expect(texts.filter((text) => work.test(text)).length).toBeGreaterThan(personas.length / 3);
    // The charity's food parcels are another volunteer's.
    expect(texts.filter((text) => /food parcels|packing parcels|charity's warehouse/.test(text))).toEqual([]);
  });

  it("those who answer emergencies are on call; the gender shares are the career's, said to stand in", async () => {
    const prompt = "Volunteer firefighters in rural Canada";
    expect(design(prompt).rationale).toMatch(/firefighter \(occupation data\), standing in for its volunteers/);
    const texts = (await personasOf(prompt, 40)).map((persona) => String(persona.backstory));
    expect(texts.some((text) => /on call/.test(text))).toBe(true);
    expect((await personasOf("Volunteer nurses in Ghana", 40)).map((persona) => String(persona.backstory)).filter((text) => /on call/.test(text))).toEqual([]);
  });

  it("share the role with the other volunteers, never with those it serves ('has the public to share volunteering with')", async () => {
    for (const prompt of ["Volunteer firefighters in Australia", "Volunteer paramedics in Israel", "Volunteer librarians in Ohio"]) {
      const texts = (await personasOf(prompt, 40)).map((persona) => String(persona.backstory));
      expect(texts.filter((text) => /(the public|the families|patients|customers|pupils|students) to share|through and through, with (the public|the families|patients|customers)/.test(text))).toEqual([]);
      expect(texts.some((text) => /the other volunteers|got (him|her|them) into it/.test(text))).toBe(true);
    }
  });

  it("a career in the same service is no volunteer's", () => {
    const blueprint = design("Firefighters in Chicago");
    expect(fixedValue(blueprint, "occupation")).toBe("firefighter");
    expect(blueprint.fields.some((field) => field.name === "volunteer_role")).toBe(false);
  });
});

describe("a people's word in another language", () => {
  // 'Abuelas in Mexico City' were abuelas by trade, a third of them men in their thirties, 'helping
  // colleagues who are stuck': a word for grandmothers is an age and a gender, not a job.
  it.each([
    ["Nonnas in Palermo", "female"],
    ["Babushkas in Saint Petersburg", "female"],
    ["Abuelitos in Bogotá", "male"],
  ])("%s are %s grandparents with everyday lives, not a job of that name", (prompt, gender) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "gender")).toBe(gender);
    expect(blueprint.unmodelled).toEqual([]);
    const personas = sampleStructured(blueprint, 60, 1);
    expect(personas.every((persona) => Number(persona.age) >= 45)).toBe(true);
    expect(personas.filter((persona) => /nonna|babushka|abuelito/i.test(String(persona.occupation)))).toEqual([]);
  });

  it("a role the data does not know keeps an even gender split, said to be an assumption, and is declared", () => {
    const blueprint = design("Doulas in Portland");
    expect(blueprint.unmodelled).toContain("Doulas");
    expect(blueprint.rationale).toMatch(/Gender: 50% women, from no data for the role: an even split \(an assumption/);
  });
});

describe("names of a region named its own way", () => {
  // 'Nurses in Kerala' were Jain, Kaul, Bhattacharya and Nehru (north Indian names); Scotland's and
  // Wales's people English ones: where the lists lack a region's names, the blueprint says so.
  // Scotland and Wales are named from their own lists since session 19 (names.json en_scotland, en_wales): only their dishes are declared.
  it.each([["Fishermen in Karnataka", "names in Karnataka"], ["Shepherds in Northern Ireland", "names in Northern Ireland"], ["Shopkeepers in Bilbao", "names in"], ["Teachers in Puerto Rico", "names in Puerto Rico"], ["Fishermen in Belfast", "names in"]])("%s declares %s", (prompt, declared) => {
    expect(design(prompt).unmodelled.filter((entry) => entry.startsWith(declared))).toHaveLength(1);
    expect(design(prompt).rationale).toMatch(/mostly carry names of their own that the name lists do not hold/);
  });

  // Weavers, not fishermen: since session 15 (R3) Tamil Nadu's fishermen live on its coast, where the
  // gazetteer lists too few towns, and that is declared (a place's gap, not its names').
  it.each([["Shepherds in Wales", "Wales"], ["Fishermen in Aberdeen", "Aberdeen"], ["Volunteers in the Scottish Highlands", "the Scottish Highlands"]])("%s declares only the dishes of %s: the lists name its people", (prompt, region) => {
    expect(design(prompt).unmodelled.filter((entry) => / of | in /.test(entry) && /names|dishes/.test(entry))).toEqual([`dishes of ${region}`]);
  });

  it.each(["Weavers in Tamil Nadu", "Farmers in Punjab", "Teachers in Quebec", "Nurses in Delhi", "Teachers in Manchester"])("%s declares nothing: the lists name that region's people", (prompt) => {
    expect(design(prompt).unmodelled).toEqual([]);
  });
});

describe("converts to a faith", () => {
  // 'Muslim converts in Scotland' were named as Scotland's Muslims mostly are (Pakistani and
  // Bangladeshi names): a convert was born to another faith and carries the place's names.
  it.each([["Muslim converts in Ireland", /^(?:Muhammad|Usman|Hina|Amna|Bushra|Saima|Habib|Karim)\b/], ["Converts to Islam in Norway", /^(?:Muhammad|Usman|Hina|Amna|Bushra|Saima|Habib|Karim|Ahmed|Ali|Fatima)\b/]])("%s: the faith is theirs, the names are the place's", async (prompt, faithNames) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "religion")).toBe("Muslim");
    expect(fixedValue(blueprint, "faith_journey")).toBe("convert");
    const names = (await personasOf(prompt, 40)).map((persona) => String(persona.name));
    expect(names.filter((name) => faithNames.test(name))).toEqual([]);
  });

  it("Muslims who are no converts are still named as the faith's people there mostly are", async () => {
    const names = (await personasOf("Muslim teachers in Birmingham", 40)).map((persona) => String(persona.name));
    expect(names.filter((name) => /\b(?:Khan|Ahmed|Ali|Hussain|Malik|Butt|Akhtar|Begum|Hassan|Mahmood|Iqbal|Shah|Rahman|Haque|Abbasi|Siddiqui|Chaudhry)\b/.test(name)).length).toBeGreaterThan(10);
  });
});

describe("an income the prompt states shapes the jobs", () => {
  // 'Millionaires in London' were shop assistants, factory workers and job seekers in the same shares
  // as anyone: the everyday mix ignored the income the prompt gave them.
  const jobs = (prompt: string) => sampleStructured(design(prompt), 300, 2).map((persona) => String(persona.occupation));
  const share = (list: string[], names: string[]) => list.filter((job) => names.includes(job)).length / list.length;
  const LOW_PAID = ["shop assistant", "cashier", "cleaner", "factory worker", "warehouse worker", "farmworker", "waiter", "job seeker"];
  const HIGH_PAID = ["manager", "lawyer", "physician", "software developer", "engineer", "accountant", "marketing manager", "shop owner"];

  it.each([["Wealthy parents in Toronto", "Parents in Toronto"], ["Affluent homeowners in Sydney", "Homeowners in Sydney"]])("%s hold better-paid jobs than %s, and no job seekers", (rich, anyone) => {
    const richJobs = jobs(rich);
    expect(share(richJobs, HIGH_PAID)).toBeGreaterThan(2 * share(jobs(anyone), HIGH_PAID));
    expect(share(richJobs, LOW_PAID)).toBeLessThan(share(jobs(anyone), LOW_PAID) / 2);
    expect(richJobs).not.toContain("job seeker");
    expect(design(rich).rationale).toMatch(/Occupations are shaped by .*ISCO-08 major group/);
  });

  it("low-income families hold lower-paid jobs than families at large", () => {
    expect(share(jobs("Low-income families in Leeds"), LOW_PAID)).toBeGreaterThan(1.3 * share(jobs("Families in Leeds"), LOW_PAID));
    expect(share(jobs("Low-income families in Leeds"), HIGH_PAID)).toBeLessThan(share(jobs("Families in Leeds"), HIGH_PAID) / 2);
  });
});

describe("a setting's own things that came later than the prompt's year", () => {
  // 'Legionaries at Hadrian's Wall in 100 AD' stood guard on the wall and feared 'the tribes beyond
  // the wall', at 'Vindolanda on Hadrian's Wall', twenty years before the wall was begun.
  it("legionaries in Britain in AD 90 have no wall; in AD 160 they do", async () => {
    const early = (await personasOf("Roman legionaries in Britain in 90 AD", 60)).map((persona) => `${persona.place} ${persona.backstory} ${persona.goals}`);
    expect(early.filter((text) => /\bwall\b/i.test(text))).toEqual([]);
    const later = (await personasOf("Roman legionaries in Britain in 160 AD", 60)).map((persona) => `${persona.backstory} ${persona.goals}`);
    expect(later.some((text) => /\bthe wall\b/i.test(text))).toBe(true);
  });
});

describe("Spain's family names", () => {
  // 'Shopkeepers in Madrid' were Arreola, Tijerina, Cavazos and Menchaca: faker's es family names hold
  // many of northern Mexico's, which Spaniards seldom carry.
  it("pharmacists in Valladolid carry Spain's common family names, not northern Mexico's", async () => {
    const names = (await personasOf("Pharmacists in Valladolid", 80)).map((persona) => String(persona.name));
    expect(names.filter((name) => /\b(?:Arreola|Tijerina|Cavazos|Menchaca|Villarreal|Treviño|Garza|Zavala|Quintanilla|Tamayo|Olivárez|Cisneros)\b/.test(name))).toEqual([]);
    expect(names.filter((name) => /\b(?:García|Rodríguez|González|Fernández|López|Martínez|Sánchez|Pérez|Gómez|Martín)$/.test(name)).length).toBeGreaterThan(5);
  });
});
