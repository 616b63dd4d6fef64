/**
 * Session 21, O4 (composing the design from what was read): R's open findings fixed as classes, each
 * with R's instances and others of the same class (/work/notes/s20/R-findings.md).
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, possibleValues, sentencesMatching } from "./offline-reading.ts";

/** The share of `count` personas of the prompt whose gender is `sex`. */
async function shareOf(prompt: string, sex: string, count = 40): Promise<number> {
  const personas = await personasOf(prompt, count);
  return personas.filter((persona) => persona.gender === sex).length / personas.length;
}

describe("R20-4: a named job keeps its own sex mix in a past period, not the period's whole population's nor today's", () => {
  it.each([
    ["Riflemen in World War II", "male", 0.95],
    ["Sailors in Victorian Britain", "male", 0.95],
    ["Paratroopers in WW2", "male", 0.95],
    ["Fighter pilots in World War II", "male", 0.95],
    ["Sailors in the 1800s", "male", 0.95],
    ["Soldiers in 1880", "male", 0.95],
    ["Airline pilots in the 1960s", "male", 0.95],
    ["Doctors in 1900", "male", 0.85],
    ["Nurses during World War II", "female", 0.9],
    ["Nurses in 1950", "female", 0.9],
    ["Typists in the 1950s", "female", 0.85],
  ])("R20-4 %s: at least the period's share are %s", async (prompt, sex, least) => {
    expect(await shareOf(prompt, sex)).toBeGreaterThanOrEqual(least);
  });

  it("keeps today's share where the data has no other for the period, and today's jobs today", async () => {
    expect(await shareOf("Nurses in Ohio in 2020", "female")).toBeGreaterThanOrEqual(0.75);
    expect(await shareOf("Soldiers in Texas", "female")).toBeGreaterThan(0);
  });

  it("reads a pastime's people as the trade in the past; people who do it for fun today keep the pastime", () => {
    expect(possibleValues(design("Sailors in Victorian Britain"), "occupation")).toEqual(["sailor"]);
    expect(possibleValues(design("Dancers in the 1850s"), "occupation")).toEqual(["dancer"]);
    expect(possibleValues(design("Sailors in Sydney who sail for fun"), "activity")).toEqual(["sailing"]);
  });
});

describe("R20-21: a sentence with no release is known to the design (the text drops parole and release)", () => {
  it.each([
    ["Prisoners serving life without parole in Michigan", "life without parole"],
    ["Inmates serving whole-life orders in England", "whole-life order"],
    ["Women serving life without parole in California", "life without parole"],
    ["Inmates with life without parole sentences in Florida", "life without parole"],
    ["People serving life with no chance of parole in Ohio", "life without parole"],
    ["Lifers who will never be released in Texas", "life without parole"],
    ["Prisoners serving natural life in Pennsylvania", "life without parole"],
  ])("R20-21 %s: sentence %s, in prison, nothing left unread", (prompt, sentence) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "sentence")).toEqual([sentence]);
    expect(possibleValues(blueprint, "housing")).toEqual(["in prison"]);
    expect(blueprint.unmodelled.filter((item) => /parole|life|release/i.test(item))).toEqual([]);
  });

  it("leaves sentences with parole as they were ('serving life sentences' may be released)", () => {
    expect(possibleValues(design("Prisoners serving life sentences in Texas"), "sentence")).toEqual([]);
  });
});

describe("R20-35: an age the named job cannot have is kept as asked and warned of", () => {
  const warned = (prompt: string) => {
    const blueprint = design(prompt);
    return [...(blueprint.warnings ?? []), ...blueprint.unmodelled].filter((item) => /age|aged|old|young|teen/i.test(item));
  };
  it.each(["Surgeons aged 20 in Boston", "Airline pilots aged 15 in Spain", "Nurses aged 16 in Ohio", "Judges aged 22 in Paris", "Dentists aged 17 in Lisbon", "Architects aged 16 in Milan", "Teenage lawyers in Chicago", "Airline pilots aged 70 in Spain"])("R20-35 %s: a warning says the age and the job do not meet", (prompt) => {
    expect(warned(prompt)).not.toEqual([]);
  });

  it("keeps the ages asked for ('Nurses aged 16 in Ohio' were drawn 30-60 by the survey design)", async () => {
    const personas = await personasOf("Nurses aged 16 in Ohio", 10);
    expect(personas.every((persona) => Number(persona.age) === 16)).toBe(true);
  });

  it.each(["Child actors in Hollywood", "Teenage models in Paris", "Nurses aged 30 in Ohio", "Surgeons in Boston"])("%s: a job children or these ages can hold is no warning", (prompt) => {
    expect(design(prompt).warnings ?? []).toEqual([]);
  });
});

describe("R20-31: a language or origin the prompt names is kept in the survey-backed designs (nurses, software developers)", () => {
  it.each([
    ["Nurses in California who speak Tagalog", "Tagalog"],
    ["Software developers in Berlin who speak Russian", "Russian"],
    ["Spanish-speaking software developers in Miami", "Spanish"],
    ["Nurses in Texas who speak Vietnamese", "Vietnamese"],
    ["Software developers in Austin who speak Hindi", "Hindi"],
    ["Portuguese-speaking nurses in Boston", "Portuguese"],
  ])("R20-31 %s: language %s", (prompt, language) => {
    expect(possibleValues(design(prompt), "language")).toEqual([language]);
  });

  it.each([
    ["Indian software developers in Seattle", "India"],
    ["Immigrant nurses in Ohio", "Mexico"],
  ])("%s: where they come from is kept (%s among the origins)", (prompt, origin) => {
    expect(possibleValues(design(prompt), "origin_country")).toContain(origin);
  });
});

describe("R20-33: people whom the word makes foreign come from where that host's immigrants come from, never the host", () => {
  it.each([
    ["Migrant workers in Kuwait", "Kuwait", "India"],
    ["Guest workers in Switzerland in the 1970s", "Switzerland", "Italy"],
    ["Au pairs in Paris", "France", undefined],
    ["Migrant workers in Qatar", "Qatar", "Nepal"],
    ["Migrant workers in Bahrain", "Bahrain", "India"],
    ["Migrant workers in Oman", "Oman", "Bangladesh"],
    ["Guest workers in Germany in the 1960s", "Germany", "Turkey"],
    ["Guest workers in the Netherlands", "Netherlands", "Turkey"],
    ["Foreign nurses in Japan", "Japan", "Philippines"],
    ["Overseas nurses in Ireland", "Ireland", undefined],
    ["Foreign-trained doctors in Canada", "Canada", "India"],
    ["Foreign nurses in Texas", "United States", "Mexico"],
  ])("R20-33 %s: an origin other than %s (%s among them)", (prompt, host, among) => {
    const origins = possibleValues(design(prompt), "origin_country");
    expect(origins.length).toBeGreaterThan(0);
    expect(origins).not.toContain(host);
    if (among) expect(origins).toContain(among);
  });

  it("says where the immigrants' origins only stand in for the role's own (au pairs)", () => {
    expect(design("Au pairs in London").unmodelled.some((item) => /au pairs .*come from/.test(item))).toBe(true);
  });

  it("names them as their origin's people, not the host's", async () => {
    const personas = await personasOf("Migrant workers in Kuwait", 30);
    expect(personas.filter((persona) => persona.origin_country === "Kuwait")).toEqual([]);
  });
});

describe("R20-32: a pilgrimage names its faith, and its pilgrims come from that faith's countries", () => {
  it.each([
    ["Hajj pilgrims in Saudi Arabia", "Muslim"],
    ["Umrah pilgrims in Medina", "Muslim"],
    ["Pilgrims at the Kumbh Mela", "Hindu"],
    ["Pilgrims in Lourdes", "Catholic"],
    ["Pilgrims in Mecca", "Muslim"],
    ["Pilgrims in Saudi Arabia", "Muslim"],
    ["Pilgrims in Karbala", "Shia Muslim"],
    ["Pilgrims in Varanasi", "Hindu"],
    ["Pilgrims at the Golden Temple in Amritsar", "Sikh"],
    ["Pilgrims in Fatima, Portugal", "Catholic"],
  ])("R20-32 %s are %s", (prompt, faith) => {
    expect(possibleValues(design(prompt), "religion")).toEqual([faith]);
  });

  it.each(["Hajj pilgrims in Saudi Arabia", "Pilgrims in Mecca", "Umrah pilgrims in Medina"])("%s come from the Hajj's countries, not the world's tourist markets", (prompt) => {
    const origins = possibleValues(design(prompt), "origin_country");
    expect(origins).toEqual(expect.arrayContaining(["Indonesia", "Pakistan", "Saudi Arabia"]));
    expect(origins.filter((country) => ["China", "Germany", "United States", "Russia"].includes(country))).toEqual([]);
  });

  it.each(["Pilgrims at the Kumbh Mela", "Pilgrims in Varanasi"])("%s are the host's own people, said to be an assumption", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "origin_country")).toEqual(["India"]);
    expect(blueprint.unmodelled.some((item) => /come from/.test(item))).toBe(true);
  });

  it.each(["Pilgrims on the Camino de Santiago", "Tourists in Rome"])("%s: no faith where the journey does not name one", (prompt) => {
    expect(possibleValues(design(prompt), "religion")).toEqual([]);
  });
});

describe("O2's data wired: denominations as a religion, refugee camps' places, areas weighed by their places' people, refugees' origins by host", () => {
  it.each([
    ["Coptic pharmacists in Cairo", "Coptic"],
    ["Anglican nurses in Kano", "Anglican"],
    ["Lutheran farmers in Minnesota", "Lutheran"],
    ["Shia families in Lebanon", "Shia"],
    ["Pentecostal pastors in Lagos", "Pentecostal"],
    ["Russian Orthodox families in Moscow", "Orthodox Christian"],
  ])("%s: religion %s, nothing left unread", (prompt, religion) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "religion")).toEqual([religion]);
    expect(blueprint.unmodelled.filter((item) => new RegExp(religion.split(" ")[0] as string, "i").test(item))).toEqual([]);
  });

  it.each([
    ["Aid workers in refugee camps in Kenya", ["Kakuma", "Dadaab"]],
    ["Children in refugee camps in Bangladesh", ["Kutupalong", "Cox's Bazar"]],
    ["Refugees living in refugee camps in Jordan", ["Zaatari", "Azraq"]],
  ])("%s live or work in the camps (%s)", (prompt, camps) => {
    expect(possibleValues(design(prompt), "city").sort()).toEqual([...camps].sort());
  });

  it.each([
    ["Aid workers in refugee camps in Kenya", "a refugee camp"],
    ["Doctors in refugee camps in Uganda", "a refugee camp"],
    ["Teachers in prisons in Norway", "a prison"],
    ["Nurses in prisons in Texas", "a prison"],
  ])("%s work there: workplace %s, no refugee's origins, not housed there", (prompt, workplace) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "workplace")).toEqual([workplace]);
    expect(possibleValues(blueprint, "housing")).toEqual([]);
    expect(possibleValues(blueprint, "origin_country")).toEqual([]);
  });

  it("keeps prisoners and camp residents housed there", () => {
    expect(possibleValues(design("Prisoners in Texas"), "housing")).toEqual(["in prison"]);
    expect(possibleValues(design("Refugees living in refugee camps in Jordan"), "housing")).toEqual(["lives in a refugee camp"]);
  });

  it.each([
    ["Refugees in Uganda", "South Sudan", "Syria"],
    ["Children in refugee camps in Bangladesh", "Myanmar", "Syria"],
    ["Refugees in Pakistan", "Afghanistan", "Venezuela"],
    ["Refugees in Colombia", "Venezuela", "Afghanistan"],
  ])("%s come from where that host's refugees come from (%s, not %s)", (prompt, among, not) => {
    const origins = possibleValues(design(prompt), "origin_country");
    expect(origins).toContain(among);
    expect(origins).not.toContain(not);
  });

  it("weighs a lake's shores by their places' people: Lake Geneva is mostly Swiss", () => {
    const country = design("Sailing instructors on Lake Geneva").fields.find((field) => field.name === "country")?.categorical?.weights ?? {};
    expect(country.Switzerland ?? 0).toBeGreaterThan(country.France ?? 0);
  });
});

describe("R21-7: where most residents are foreign nationals, people no origin is named for are drawn by nationality as the residents are", () => {
  const GULF_CITIZEN_NAME = /\bAl[ -][A-Z]/;
  const citizenNamed = async (prompt: string) => (await personasOf(prompt, 40)).filter((persona) => GULF_CITIZEN_NAME.test(String(persona.name))).length / 40;
  it.each([
    ["People in Dubai", 0.35],
    ["Taxi drivers in Doha", 0.2],
    ["Shop assistants in Abu Dhabi", 0.35],
    ["Cleaners in Kuwait City", 0.2],
    ["Security guards in Doha", 0.2],
    ["Teachers in Muscat", 0.75],
    ["Waiters in Manama", 0.65],
  ])("R21-7 %s: at most %s carry a Gulf citizen's family name", async (prompt, most) => {
    expect(await citizenNamed(prompt)).toBeLessThanOrEqual(most);
  });

  it.each([
    ["Domestic helpers in Hong Kong", ["Philippines", "Indonesia"]],
    ["Maids in Singapore", ["Philippines", "Indonesia", "Myanmar"]],
  ])("%s come from where the job's migrants come from", (prompt, origins) => {
    expect(possibleValues(design(prompt), "origin_country")).toEqual(expect.arrayContaining(origins));
  });

  it.each(["Emirati bankers in Dubai", "Saudi women in Riyadh", "Teachers in Hong Kong", "Nurses in Ohio"])("%s: the host's own people, or a host whose residents are mostly its own, get no drawn origins", (prompt) => {
    expect(possibleValues(design(prompt), "origin_country")).toEqual([]);
  });
});

describe("R21-21: followers of a faith are of that religion, never a job", () => {
  it.each([
    ["Baptists in Georgia", "Baptist"],
    ["Quakers in Philadelphia", "Quaker"],
    ["Jehovah's Witnesses in Japan", "Jehovah's Witness"],
    ["Rastafarians in Jamaica", "Rastafarian"],
    ["Unitarians in Boston", "Unitarian"],
    ["Methodists in Fiji", "Methodist"],
    ["Sunni families in Iraq", "Sunni"],
  ])("%s: religion %s", (prompt, religion) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "religion")).toEqual([religion]);
    expect(possibleValues(blueprint, "occupation").filter((job) => job.toLowerCase().includes(religion.toLowerCase().slice(0, 5)))).toEqual([]);
  });
});

describe("R21-8: years with a condition follow its course and its cause", () => {
  it.each([
    ["Alzheimer's patients in Madrid", 20],
    ["People living with dementia in Toronto", 20],
    ["People with Parkinson's in Glasgow", 25],
  ])("R21-8 %s: nobody has lived with it for more than %s years", async (prompt, most) => {
    const long = (await personasOf(prompt, 40)).filter((persona) => Number(persona.years_with_condition) > most).map((persona) => `${persona.name}: ${persona.age}, ${persona.years_with_condition} years`);
    expect(long).toEqual([]);
  });

  it.each(["Amputee veterans in Ukraine", "Blind veterans in London", "Veterans with PTSD in Ohio", "Paralysed veterans in Texas"])("R21-8 %s: the injury came at 17 or later (in service)", async (prompt) => {
    const early = (await personasOf(prompt, 40)).filter((persona) => persona.years_with_condition !== undefined && Number(persona.age) - Number(persona.years_with_condition) < 17).map((persona) => `${persona.name}: ${persona.age}, ${persona.years_with_condition} years`);
    expect(early).toEqual([]);
  });

  it("leaves an injury outside service as it was (amputees may have lost a limb as children)", () => {
    const field = design("Amputees in Ohio").fields.find((candidate) => candidate.name === "years_with_condition");
    expect(design("Amputees in Ohio").constraints.find((constraint) => constraint.name === "onset_not_before_usual_age")?.rhs).toBe("0");
    expect(field).toBeDefined();
  });
});

describe("R21-16: a fantasy realm's people the prompt names are drawn as that people, never as the realm's elves", () => {
  it.each([
    ["Hobbits in the Shire", "hobbit"],
    ["Halflings in a hill village", "halfling"],
    ["Dwarves in a mountain kingdom", "dwarf"],
    ["Dwarven smiths in a high-fantasy realm", "dwarf"],
    ["Orcs in Mordor", "orc"],
    ["Goblins in the mountains", "goblin"],
  ])("R21-16 %s: people %s, with no elven calling or place", (prompt, people) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "people")).toEqual([people]);
    expect([...possibleValues(blueprint, "occupation"), ...possibleValues(blueprint, "place")].filter((value) => /elven|forest guard|bladesinger|silverwood|tree-city/i.test(value))).toEqual([]);
  });

  it("keeps the realm's elves its own", () => {
    expect(possibleValues(design("Elves in a forest realm"), "occupation")).toContain("archer of the forest guard");
  });
});

describe("R21-42: peacekeepers come from the countries that send them, never the host's people", () => {
  it.each(["Peacekeepers in South Sudan", "UN peacekeepers in Mali", "Blue helmets in Lebanon"])("%s come from the troop contributors", (prompt) => {
    const origins = possibleValues(design(prompt), "origin_country");
    expect(origins).toEqual(expect.arrayContaining(["Nepal", "Bangladesh", "India"]));
    expect(origins.filter((country) => ["South Sudan", "Mali", "Lebanon"].includes(country))).toEqual([]);
  });
});

describe("R21-26: people ill now are patients, not survivors; a stage is theirs; 'newly diagnosed' have had it two years at most", () => {
  it.each([
    ["Cancer patients in Boston", "cancer"],
    ["Stage 4 cancer patients in Boston", "cancer"],
    ["Stage 2 colon cancer patients in Berlin", "cancer"],
    ["People with stage 3 breast cancer in Sydney", "breast cancer"],
    ["Patients undergoing chemotherapy in Lyon", "cancer"],
    ["Men with prostate cancer in Leeds", "prostate cancer"],
  ])("R21-26 %s: condition %s, not cancer survivorship, no 'stage' job", (prompt, condition) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "condition")).toEqual([condition]);
    expect(possibleValues(blueprint, "occupation").filter((job) => /stage|patient/i.test(job))).toEqual([]);
  });

  it.each([
    ["Stage 4 cancer patients in Boston", "stage 4"],
    ["People with terminal cancer in Oslo", "terminal"],
  ])("%s: the stage is kept (%s)", (prompt, stage) => {
    expect(possibleValues(design(prompt), "stage")).toEqual([stage]);
  });

  it("keeps survivors survivors", () => {
    expect(possibleValues(design("Cancer survivors in Ohio"), "condition")).toEqual(["cancer survivorship"]);
  });

  it.each(["Newly diagnosed diabetics in Mexico City", "People recently diagnosed with asthma in Leeds", "Cancer patients in Boston"])("%s: years with it within the phase (2 years newly diagnosed, 5 in treatment)", async (prompt) => {
    const most = /cancer/i.test(prompt) ? 5 : 2;
    const long = (await personasOf(prompt, 30)).filter((persona) => Number(persona.years_with_condition) > most).map((persona) => `${persona.name}: ${persona.years_with_condition} years`);
    expect(long).toEqual([]);
  });
});

describe("a region named like its own small town gives way to a much larger city of the name elsewhere (the lead's Mwanza)", () => {
  it.each([
    ["Market traders in Mwanza", "Tanzania"],
    ["Teachers in San Sebastian", "Spain"],
    ["Nurses in La Paz", "Bolivia"],
    ["Teachers in Toledo", "Spain"],
    ["Market traders in Mwanza, Malawi", "Malawi"],
  ])("%s live in %s", (prompt, country) => {
    expect(possibleValues(design(prompt), "country")).toEqual([country]);
  });
});

describe("R21-25: a word of the activity's own scale sets the rank or level", () => {
  it.each([
    ["Chess grandmasters in Russia", "rank", /^master/],
    ["Chess masters in Armenia", "rank", /^master/],
    ["Chess beginners in Madrid", "rank", /^beginner/],
    ["Club chess players in Leeds", "rank", /^club player/],
    ["Scratch golfers in Scotland", "level", /^scratch golfer/],
    ["Chess experts in Kyiv", "rank", /^expert/],
  ])("R21-25 %s: every %s is %s", (prompt, field, level) => {
    const values = possibleValues(design(prompt), field);
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((value) => !level.test(value))).toEqual([]);
  });

  it.each([["Chess players in Oslo", "rank"], ["Golfers in Spain", "level"]])("%s: no scale word, the everyday mix of %s", (prompt, field) => {
    expect(possibleValues(design(prompt), field).length).toBeGreaterThan(2);
  });
});

describe("R21-16: every fantasy realm has its peoples, not only the high-fantasy one", () => {
  it.each([
    ["Halflings in a fantasy village", "halfling"],
    ["Gnomes in a fantasy city", "gnome"],
    ["Dwarves in a fantasy kingdom", "dwarf"],
  ])("%s: people %s, no occupation made of the word", (prompt, people) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "people")).toEqual([people]);
    expect(possibleValues(blueprint, "occupation").filter((job) => /halfling|gnome|dwar/i.test(job))).toEqual([]);
  });
});

describe("R21-39b: children whose ages span preschool and school are preschoolers and pupils by age", () => {
  it.each(["Children under 10 in Paris", "Children under 8 in Lagos", "Children aged 2 to 9 in Osaka"])("%s: nobody under 5 is a pupil, nobody 5 or over a preschooler", async (prompt) => {
    const wrong = (await personasOf(prompt, 40)).filter((persona) => (Number(persona.age) < 5) !== /preschool/.test(String(persona.occupation))).map((persona) => `${persona.name}: ${persona.age}, ${persona.occupation}`);
    expect(wrong).toEqual([]);
  });
});
