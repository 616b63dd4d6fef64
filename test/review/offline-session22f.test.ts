/**
 * Session 22, O5: classes of reading R21 found, on OTHER instances than R's (named periods, stated
 * experience, incomes, organisations, levels of an activity's own scale, music and art tastes).
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, possibleValues } from "./offline-reading.ts";

describe("R21-35's class: a music or art taste is a pastime ('who love reggae', 'opera lovers', 'metalheads')", () => {
  it.each([
    ["Plumbers who love reggae in Kingston", "reggae"],
    ["Grandmothers who enjoy gospel music in Atlanta", "gospel music"],
    ["Metalheads in Oslo", "heavy metal"],
    ["Accountants who love country music in Nashville", "country music"],
    ["Opera lovers in Vienna", "opera"],
    ["Punk fans in London", "punk rock"],
    ["Bus drivers who love Afrobeats in Lagos", "Afrobeats"],
    ["Teachers who love musicals in New York", "musical theatre"],
    ["Doctors who love techno in Berlin", "electronic dance music"],
    ["Art lovers in Florence", "visiting art galleries"],
  ])("%s: the activity is %s", (prompt, activity) => {
    expect(possibleValues(design(prompt), "activity")).toContain(activity);
  });

  it.each(["Blue helmets in Lebanon", "Rock climbers in Utah", "Gig workers in London", "Concert pianists in Berlin", "Metal workers in Sheffield", "Country doctors in Wales"])("%s: no music taste read from a word of another meaning", (prompt) => {
    expect(possibleValues(design(prompt), "activity").filter((value) => /music|blues|rock|metal|jazz|pop/.test(value))).toEqual([]);
  });
});

describe("R21-1's class: a named period or event is a time (a year in its span), read before places and conditions", () => {
  it.each([
    ["Dockers during the Winter of Discontent", 1978, 1979],
    ["Court musicians in the Heian period", 794, 1185],
    ["Teachers under apartheid", 1948, 1994],
    ["Nurses during the Spanish flu", 1918, 1920],
    ["Scholars in the Joseon dynasty", 1392, 1897],
    ["Farmers during the Holodomor", 1932, 1933],
    ["Potters in Song dynasty China", 960, 1279],
    ["Office workers during the dot-com bubble", 1995, 2001],
    ["Families during the Great Recession", 2007, 2009],
    ["Students in Prague in August 1968", 1968, 1968],
    ["Dockworkers in Gdansk in the summer of 1980", 1980, 1980],
  ])("%s: a year in %i-%i", (prompt, from, to) => {
    const years = possibleValues(design(prompt), "year").map((value) => Number.parseInt(value, 10));
    expect(years.length).toBeGreaterThan(0);
    expect(years.filter((year) => !(year >= from && year <= to))).toEqual([]);
  });
  it.each(["Clerks in the Great Depression", "Bakers during the Great Depression in Ohio"])("%s: nobody has the illness 'depression'", (prompt) => {
    expect(possibleValues(design(prompt), "condition")).not.toContain("depression");
  });
  it.each([["Students during the Cultural Revolution", "China"], ["Soldiers in the Korean War", "South Korea"], ["Teachers under apartheid", "South Africa"]])("%s: the event's country (%s) when no place is named", (prompt, country) => {
    expect(possibleValues(design(prompt), "country")).toEqual([country]);
  });
  it.each(["Merchants in the Northern Renaissance", "Peasants in the Glorpian Rebellion", "Weavers in the Second Industrial Revolution"])("%s: the period is no place", (prompt) => {
    expect(possibleValues(design(prompt), "place").filter((place) => /renaissance|rebellion|revolution/i.test(place))).toEqual([]);
    expect(possibleValues(design(prompt), "city").filter((place) => /renaissance|rebellion|revolution/i.test(place))).toEqual([]);
  });
});

describe("R21-17's class: a stated length of experience bounds the years in the work", () => {
  it.each([
    ["Architects in Porto with at least 12 years of experience", 12, 60],
    ["Midwives in Glasgow with more than 15 years of experience", 16, 60],
    ["Plumbers in Leeds with 7+ years' experience", 7, 60],
    ["Teachers in Madrid with under 3 years of experience", 0, 2],
  ])("%s: years in %i-%i", async (prompt, least, most) => {
    const outside = (await personasOf(prompt, 20)).filter((persona) => !(Number(persona.years_experience) >= least && Number(persona.years_experience) <= most)).map((persona) => `${persona.name}: ${persona.years_experience}`);
    expect(outside).toEqual([]);
  });
});

describe("R21-25's class: a level of the activity's own scale is everyone's level", () => {
  it.each([
    ["Green belts in kung fu in Hong Kong", /green belt/],
    ["Purple belts in Brazilian jiu-jitsu in Lisbon", /purple belt/],
    ["Orange belts in judo in Lyon", /orange belt/],
  ])("%s: every level is %s", (prompt, level) => {
    const values = possibleValues(design(prompt), "level");
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((value) => !level.test(value))).toEqual([]);
  });
  it("'Black belts' are no ethnicity", () => {
    expect(possibleValues(design("Black belts in aikido in Tokyo"), "ethnicity")).not.toContain("Black");
  });
});

describe("R21-19's class: a stated income is read, never a job", () => {
  it.each(["Widows living on less than $1.90 a day in Niger", "Retirees surviving on under €700 a month in Lisbon", "Apprentices on £250 a week in Manchester"])("%s: an income field", (prompt) => {
    expect(design(prompt).fields.some((field) => /income|wage/.test(field.name))).toBe(true);
  });
  it.each(["Slot players in Atlantic City", "Poker players in Las Vegas"])("%s: no occupation made of the word", (prompt) => {
    expect(possibleValues(design(prompt), "occupation").filter((job) => /slot player|poker player/i.test(job) && !/professional/.test(job))).toEqual([]);
  });
});

// R's own tests of session 21 (R-open), passing since O5's readers and O1's hooks (ffa502b), O4's wage bound.
describe("R21-1: a named period or event (the Great Depression, the Gold Rush, the Cold War, the Renaissance, 'May 1968') is not read as a time", () => {
  it.each([
    ["Farmers during the Great Depression", 1929, 1941],
    ["Miners during the Gold Rush", 1848, 1860],
    ["Bootleggers during Prohibition", 1920, 1933],
    ["Students during the Cultural Revolution", 1966, 1976],
    ["Spies during the Cold War", 1947, 1991],
    ["Teenagers in the Roaring Twenties", 1920, 1929],
    ["Workers in the Industrial Revolution", 1760, 1870],
    ["Soldiers in the Vietnam War", 1955, 1975],
    ["Families in Belfast during the Troubles", 1968, 1998],
    ["Artists in the Renaissance", 1300, 1620],
    ["Poets in the Tang dynasty", 618, 907],
    ["Merchants in Ming dynasty China", 1368, 1644],
    ["Students in Paris in May 1968", 1968, 1968],
    ["Teachers in Berlin in November 1989", 1989, 1989],
  ])("R21-1 %s: a year in %i-%i", (prompt, from, to) => {
    const years = possibleValues(design(prompt), "year").map((value) => Number.parseInt(value, 10));
    expect(years.length).toBeGreaterThan(0);
    expect(years.filter((year) => !(year >= from && year <= to))).toEqual([]);
  });
  it.each(["Farmers during the Great Depression", "Shopkeepers in the Great Depression"])("R21-1 %s: nobody has the illness 'depression' (the Depression is a time)", (prompt) => {
    expect(possibleValues(design(prompt), "condition")).not.toContain("depression");
  });
  it.each(["Workers in the Industrial Revolution", "Artists in the Renaissance", "Teenagers in the Roaring Twenties", "Nurses in the Crimean War", "Poets in the Tang dynasty"])("R21-1 %s: the period is not a place", (prompt) => {
    expect(possibleValues(design(prompt), "place").filter((place) => /revolution|renaissance|twenties|war\b|tang/i.test(place))).toEqual([]);
  });
});

describe("R21-17: a stated length of experience ('with at least 10 years of experience', 'over 20 years', 'less than 2 years') is dropped", () => {
  it.each([
    ["Engineers in Munich with at least 10 years of experience", 10, 60],
    ["Nurses in Leeds with over 20 years of experience", 21, 60],
    ["Teachers in Lyon with less than 2 years of experience", 0, 1],
    ["Electricians in Ohio with 5+ years of experience", 5, 60],
  ])("R21-17 %s: years of experience in %i-%i", async (prompt, least, most) => {
    const outside = (await personasOf(prompt, 30)).filter((persona) => !(Number(persona.years_experience) >= least && Number(persona.years_experience) <= most)).map((persona) => `${persona.name}: ${persona.years_experience}`);
    expect(outside).toEqual([]);
  });
});

describe("R21-19 (top earners): 'The top 1% of earners in the US' is no job called 'top'", () => {
  // 'The top N% of earners' declared since e0e0860 (closed); the earner nouns are still jobs.
  // earners closed by b88ba8f (moved); a gambler's word is still a job.
  it.each(["High rollers in Las Vegas", "Big spenders in Dubai"])("R21-19 %s: no occupation made of the wealth word", (prompt) => {
    expect(possibleValues(design(prompt), "occupation").filter((job) => /roller|spender/i.test(job))).toEqual([]);
  });
});

describe("R21-19: a stated income ('earning less than $40,000 a year', 'living on under $2 a day') is dropped, and a wage field contradicts it", () => {
  it("R21-19 'Nurses earning less than $40,000 a year in Texas': every annual wage is under 40,000", async () => {
    const over = (await personasOf("Nurses earning less than $40,000 a year in Texas", 20)).filter((persona) => !(Number(persona.annual_wage_usd) < 40000)).map((persona) => `${persona.name}: ${persona.annual_wage_usd}`);
    expect(over).toEqual([]);
  });
  it.each(["Families living on under $2 a day in Malawi", "Pensioners surviving on under €500 a month in Athens", "Students living on less than £100 a week in Leeds"])("R21-19 %s: the income is modelled (an income field) or declared with its amount (not 'less', 'week')", (prompt) => {
    const blueprint = design(prompt);
    const modelled = blueprint.fields.some((field) => /income|wage|poverty|wealth/.test(field.name));
    const declared = blueprint.unmodelled.some((item) => /\d/.test(item) && /income|earn|living on|a day|a week|a month/i.test(item));
    expect(modelled || declared).toBe(true);
  });
});

describe("R21-25: a rank or level word of the activity's own scale (grandmaster, black belt, white belt, scratch golfer, club player) does not set the level", () => {
  it.each([
    // chess ranks, white belts, scratch golfers closed by 1c4ad2f (chess experts moved); other belts still the mix.
    ["Black belts in karate in Osaka", "level", /black belt/],
    ["Yellow belts in taekwondo in Seoul", "level", /yellow belt/],
    ["Brown belts in judo in Paris", "level", /brown belt/],
  ])("R21-25 %s: every %s is %s", (prompt, field, level) => {
    const values = possibleValues(design(prompt), field);
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((value) => !level.test(value))).toEqual([]);
  });
});

describe("R21-35: a music or art taste ('who love jazz', 'opera fans', 'who listen to heavy metal') is not a pastime (declared: K-pop and hiking are read)", () => {
  it.each(["Retirees who love jazz in New Orleans", "Nurses who love opera in Milan", "Teens who love hip-hop in Atlanta", "Doctors who love classical music in Vienna", "Engineers who listen to heavy metal in Helsinki", "Jazz lovers in Paris", "Students who love rock music in Berlin"])("R21-35 %s: the taste is a pastime field", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "activity").length + possibleValues(blueprint, "relation").length).toBeGreaterThan(0);
  });
});

describe("learning a language is a pastime with its own CEFR scale; playing in a band is playing music", () => {
  it.each([["Spanish learners in Madrid", "learning Spanish"], ["People learning Japanese in Osaka", "learning Japanese"], ["Retirees learning Italian in Florence", "learning Italian"], ["Nurses who play in a brass band in Yorkshire", "playing music"]])("%s: %s", (prompt, activity) => {
    expect(possibleValues(design(prompt), "activity")).toContain(activity);
  });
  it.each([["Advanced Spanish learners in Madrid", /advanced/], ["B1 French learners in Lyon", /B1/]])("%s: the level is %s", (prompt, level) => {
    const values = possibleValues(design(prompt), "level");
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((value) => !level.test(value))).toEqual([]);
  });
});

/** The countries the personas of a prompt live in (their `country` field), each once. */
async function countriesOf(prompt: string, count = 12): Promise<string[]> {
  return [...new Set((await personasOf(prompt, count)).map((persona) => String(persona.country)))];
}

const ages = async (prompt: string, count = 30) => (await personasOf(prompt, count)).map((persona) => Number(persona.age));

// R's own tests (R21-6 of session 21, R22-34 of session 22), passing since the organisation reading and its hook.
describe("R21-6: staff or members of a named organisation (Google, the NHS, the BBC, the Bundestag, the European Parliament) get the everyday job mix or the organisation as a job", () => {
  const NOT_STAFF = new Set(["retiree", "job seeker", "farmer", "farmworker", "gig worker", "shop owner", "homemaker", "university student", "secondary school pupil", "primary school pupil"]);
  it.each(["Employees of Google in Zurich", "Staff at the NHS in Manchester", "Staff of the BBC in London", "Employees of Siemens in Berlin", "Employees of IKEA in Sweden", "Employees of Toyota in Nagoya"])("R21-6 %s: employees with jobs the organisation has (no farmers, pensioners, shop owners; not the organisation's name)", async (prompt) => {
    const wrong = (await personasOf(prompt, 20)).filter((persona) => NOT_STAFF.has(String(persona.occupation)) || /google|nhs|bbc|siemens|ikea|toyota/i.test(String(persona.occupation))).map((persona) => `${persona.name}: ${persona.occupation}`);
    expect(wrong).toEqual([]);
  });
  it.each([
    ["Members of the Bundestag", "Germany"],
    ["Members of the Knesset", "Israel"],
    ["Members of the European Parliament", undefined],
  ])("R21-6 %s are legislators (of %s), not truck drivers and pensioners of the world", async (prompt, country) => {
    const personas = await personasOf(prompt, 20);
    expect(personas.filter((persona) => !/member of parliament|\bMP\b|\bMEP\b|legislator|lawmaker|politician|deputy|parliamentarian/i.test(String(persona.occupation))).map((persona) => `${persona.name}: ${persona.occupation}`)).toEqual([]);
    if (country) expect([...new Set(personas.map((persona) => persona.country))]).toEqual([country]);
  });
});

describe("R21-6 (institutions as places): a famous university, laboratory or agency is an unknown place (no country, American names)", () => {
  it.each([
    ["Students at the Sorbonne", "France"],
    ["Scientists at CERN", "Switzerland"],
    ["Researchers at the Max Planck Institute", "Germany"],
    ["Monks on Mount Athos", "Greece"],
  ])("R21-6 %s live in %s", async (prompt, country) => {
    expect(await countriesOf(prompt)).toEqual([country]);
  });
});

describe("R21-6 (more): 'UN staff in Geneva' are a delivery driver, a warehouse worker, a waiter", () => {
  it("R21-6 'UN staff in Geneva': no delivery drivers, warehouse workers, waiters or shop assistants", async () => {
    const wrong = (await personasOf("UN staff in Geneva", 20)).filter((persona) => /delivery driver|warehouse worker|waiter|shop assistant|cashier|retiree|farm/.test(String(persona.occupation))).map((persona) => `${persona.name}: ${persona.occupation}`);
    expect(wrong).toEqual([]);
  });
});

describe("R22-34: a country's armed service (the Royal Navy, the RAF, the Bundeswehr) is read as a place of its own — no country, no names of it", () => {
  it.each([
    ["Sailors in the Royal Navy", "United Kingdom"],
    ["Officers in the Royal Navy", "United Kingdom"],
    ["Pilots in the Royal Air Force", "United Kingdom"],
    ["Soldiers in the Bundeswehr", "Germany"],
  ])("R22-34 %s: serving %s", async (prompt, country) => {
    expect(await countriesOf(prompt, 6)).toEqual([country]);
  });
  it("R22-34 'Conscripts in the Israel Defense Forces': of conscription age (18-22)", async () => {
    expect((await ages("Conscripts in the Israel Defense Forces")).filter((age) => age < 18 || age > 22)).toEqual([]);
  });
  it("R22-34 'Soldiers in the French Foreign Legion': men (the Legion enlists men)", () => {
    expect(possibleValues(design("Soldiers in the French Foreign Legion"), "gender")).toEqual(["male"]);
  });
});

describe("R21-6's class: an organisation is their employer or institution, never a place or a job", () => {
  it.each([["Members of the Storting", "Norway"], ["Students at Tsinghua University", "China"], ["Scientists at the Pasteur Institute", "France"], ["Staff of the Charité", "Germany"]])("%s live in %s", async (prompt, country) => {
    expect([...new Set((await personasOf(prompt, 12)).map((persona) => persona.country))]).toEqual([country]);
  });
  it.each(["Employees of Samsung in Seoul", "Staff at Deutsche Bank in Frankfurt", "Workers for Maersk in Copenhagen"])("%s: the organisation is no job", async (prompt) => {
    expect((await personasOf(prompt, 12)).filter((persona) => /samsung|deutsche|maersk/i.test(String(persona.occupation)))).toEqual([]);
  });
});

describe("R22-34's class: a country's armed service or police is their employer and places them", () => {
  it.each([["Airmen in the Luftwaffe", "Germany"], ["Officers in the Indian Navy", "India"], ["Constables in the RCMP", "Canada"], ["Soldiers in the People's Liberation Army", "China"]])("%s: %s", async (prompt, country) => {
    expect([...new Set((await personasOf(prompt, 8)).map((persona) => persona.country))]).toEqual([country]);
  });
  it("'Conscripts in the Republic of Korea Army' are men of 18-28", async () => {
    const personas = await personasOf("Conscripts in the Republic of Korea Army", 12);
    expect(personas.filter((persona) => persona.gender !== "male" || Number(persona.age) < 18 || Number(persona.age) > 28).map((persona) => `${persona.name}: ${persona.gender} ${persona.age}`)).toEqual([]);
  });
});

describe("R22-44: a stated amount of an activity ('more than 40 hours a week') does not bound the design's own hours_per_week field", () => {
  it.each([
    ["Gamers who play more than 40 hours a week in Seoul", 41, 168],
    ["Runners who train less than 3 hours a week in Leeds", 0, 2],
    ["Volunteers who give 10 to 15 hours a week in Toronto", 10, 15],
  ])("R22-44 %s: hours per week in %i-%i", async (prompt, low, high) => {
    const hours = (await personasOf(prompt, 20)).map((persona) => Number(persona.hours_per_week));
    expect(hours.filter((value) => Number.isNaN(value) || value < low || value > high)).toEqual([]);
  });
});

describe("R22-44's class: a stated time a week or a day bounds the hours field", () => {
  it.each([
    ["Chess players who play more than 30 hours a week in Kazan", 31, 168],
    ["Swimmers who train under 5 hours a week in Perth", 0, 4],
    ["Carers who volunteer 20 to 35 hours a week in Leeds", 20, 35],
    ["Gamers who play at least two hours a day in Manila", 14, 168],
  ])("%s: hours per week in %i-%i", async (prompt, low, high) => {
    const hours = (await personasOf(prompt, 20)).map((persona) => Number(persona.hours_per_week));
    expect(hours.filter((value) => Number.isNaN(value) || value < low || value > high)).toEqual([]);
  });
});
