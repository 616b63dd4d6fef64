/**
 * Session 22, O3 (the text fits the person): R's open findings as classes, each with R's own test
 * (copied once it passed) and other instances of the class than R's.
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, sentencesMatching } from "./offline-reading.ts";
import { sampleStructured } from "../../src/engine/sampler.ts";
import { OfflineWriter } from "../../src/offline/writer.ts";
import { wordsRuledOut } from "../../src/offline/text/category-guard.ts";

describe("R21-9: a year with no built-in setting writes today's life (inboxes, podcasts, mortgages, a long hot shower in 1900)", () => {
  /** Things no one had before about 1950 (radio control of trains, playlists) or 1990 (inboxes, podcasts, voice notes). */
  const TODAY = /inbox|podcast|playlist|voice notes|phone charger|radioing|e-?mail|wi-?fi|spreadsheet|group chat|streaming|formulas|\bonline\b|\bapps?\b|texts?\b|CCTV|laptop|smartphone/i;
  it.each(["Railway workers in India in 1900", "Typists in New York in 1925", "Office workers in New York in 1950", "Bus drivers in Paris in 1930"])("R21-9 %s: nothing of today's life in the text", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), TODAY)).toEqual([]);
  });
});

describe("a past year's text leaves out what was not yet ordinary (data/text/dated.json; other years and jobs)", () => {
  /** The office computer (about 1985), the mobile phone, email and the internet, the smartphone. */
  const COMPUTERS_ON = /inbox|podcast|playlist|voice notes|e-?mail|wi-?fi|spreadsheet|group chat|streaming|\bonline\b|\bapps?\b|\btexts?\b|CCTV|laptop|smartphone|\bscreens?\b|computer/i;
  it.each(["Clerks in Chicago in 1935", "Secretaries in London in 1962", "Accountants in Toronto in 1975", "Bank clerks in Berlin in 1983"])("%s: no computers, screens, email or phones' apps", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), COMPUTERS_ON)).toEqual([]);
  });

  /** Before the car, the telephone, broadcast radio, television, the engine at sea, the shipping container, the fridge, the supermarket and the flight. */
  const MACHINE_AGE = /\bcars?\b|phone|radio|television|\bTV\b|telly|computer|screen|shower|fridge|supermarket|flight|\bgym\b|engine|container|mortgage/i;
  it.each(["Weavers in Lancashire in 1840", "Carpenters in Boston in 1750", "Fishermen in Brittany in 1880", "Dock workers in Liverpool in 1905", "Bakers in Vienna in 1610"])("%s: none of the machine age's things", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), MACHINE_AGE)).toEqual([]);
  });

  it("a thing the prompt's job names is theirs whatever the year: telephone operators of 1915 are still written as telephone operators", async () => {
    const personas = await personasOf("Telephone operators in Chicago in 1915", 30);
    expect(personas.every((persona) => String(persona.year) === "1915")).toBe(true);
    expect(sentencesMatching(personas, /telephone operator/).length).toBeGreaterThan(10);
    expect(sentencesMatching(personas, /inbox|e-?mail|\bapps?\b|laptop|smartphone|computer/i)).toEqual([]);
  });

  it("the present day keeps today's things (no year: nothing is left out for it)", async () => {
    expect(sentencesMatching(await personasOf("Office workers in Manchester", 30), /inbox|spreadsheet|laptop|e-?mail|screen/i).length).toBeGreaterThan(0);
  });
});

describe("R21-15: clergy of one faith are written another faith's places and rites (nuns 'at the temple', Buddhist monks 'at a small parish church')", () => {
  it.each([
    ["Nuns in a convent in Spain", /temple|festival rites|prayer hall/i],
    ["Catholic nuns in Manila", /temple|festival rites|prayer hall/i],
    ["Buddhist monks in Thailand", /parish|church|daily office|book of prayers/i],
    ["Buddhist nuns in Taiwan", /parish|church|daily office|book of prayers/i],
  ])("R21-15 %s: none of %s", async (prompt, other) => {
    expect(sentencesMatching(await personasOf(prompt, 30), other)).toEqual([]);
  });
});

describe("a religious job is written with its own faith's places and rites (data/text/faiths.json; other faiths, orders and countries)", () => {
  const CHRISTIAN = /parish|church|chapel|daily office|Compline|\bMass\b|rosary|sermon|Easter|Bible|confession|feast day/i;
  const BUDDHIST = /temple|sutra|meditation hall|shrine room|Vesak|alms|prayer hall/i;
  it.each([
    ["Benedictine monks in Bavaria", BUDDHIST],
    ["Monks in Myanmar", CHRISTIAN],
    ["Zen monks in Kyoto", CHRISTIAN],
    ["Priests in Nepal", CHRISTIAN],
    ["Hindu monks in Varanasi", /parish|church|chapel|daily office|Compline|sutra|Vesak/i],
    ["Jain nuns in Gujarat", /parish|church|chapel|daily office|Compline|sutra|Vesak|ashram/i],
  ])("%s: none of %s", async (prompt, other) => {
    expect(sentencesMatching(await personasOf(prompt, 30), other)).toEqual([]);
  });

  it("the faith is read from the job's word, the religion field or the country, in that order: Buddhist monks in Thailand keep a temple's day, monks in Poland a chapel's", async () => {
    expect(sentencesMatching(await personasOf("Monks in Poland", 30), /chapel|daily office|cloister/i).length).toBeGreaterThan(0);
    expect(sentencesMatching(await personasOf("Monks in Sri Lanka", 30), /temple|sutras|meditation/i).length).toBeGreaterThan(0);
  });
});

describe("a past year's text lives through its place's hard times (data/text/times.json), and not another place's or year's", () => {
  it.each([
    ["Wheat farmers in Nebraska in 1936", /Dust Bowl|dust/i],
    ["Steelworkers in Pittsburgh in 1933", /Depression/],
    ["Shopkeepers in Manchester in 1942", /the war\b|ration|air raids/i],
    ["Bakers in Munich in 1923", /inflation|banknotes/i],
  ])("%s: written with %s", async (prompt, times) => {
    const personas = await personasOf(prompt, 30);
    expect(sentencesMatching(personas, times).length).toBeGreaterThan(5);
  });

  it.each(["Steelworkers in Pittsburgh in 1955", "Shopkeepers in Lisbon in 1942", "Bakers in Munich", "Farmers in Kenya in 1934", "Children in Kansas in 1934"])("%s: no Depression, war or inflation written (nor a child's, as if the loan were theirs)", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /Depression|Dust Bowl|the war\b|ration book|air raids|inflation|never far from (?:his|her|their) mind|hard times/i)).toEqual([]);
  });
});

describe("a low income (O5's income band: '$2 a day', 'under $15,000 a year', minimum wage) writes no holidays, long lunches or eating out", () => {
  const NONE: ReadonlyArray<{ key: string; text: { absent?: readonly string[] } }> = [];
  it.each(["Is determined to take a holiday together.", "Outside work, her time goes on having long lunches with old friends.", "Hopes to take a proper holiday at last.", "More than anything, he wants to save enough to travel somewhere new."])("low income rules out: %s", (line) => {
    expect(wordsRuledOut({ country: "Malawi", city: "Lilongwe", age: "40", occupation: "construction worker", income: "low income" }, NONE)?.test(line)).toBe(true);
    expect(wordsRuledOut({ country: "Germany", city: "Hamburg", age: "40", occupation: "nurse", income: "low income" }, NONE)?.test(line)).toBe(true);
    expect(wordsRuledOut({ country: "Germany", city: "Hamburg", age: "40", occupation: "nurse" }, NONE)?.test(line) ?? false).toBe(false);
  });
});

describe("a stated length of experience is written as its career stage (O5's experience reading; life.json 'new in the work', 'long in the work')", () => {
  it.each(["Nurses with over 25 years of experience in Leeds", "Accountants with 30 years of experience in Sydney", "Pharmacists with more than 20 years of experience in Toronto", "Electricians with over 30 years in the trade in Ohio"])("%s: no qualification to finish, contract to win or training to specialise after", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(personas.every((persona) => Number(persona.years_experience) >= 20)).toBe(true);
    expect(sentencesMatching(personas, /finish (?:a professional qualification|specialist training)|permanent contract|qualify (?:in|as)|grabbed (?:him|her|them) during training|new to the job|learning the ropes/i)).toEqual([]);
  });

  it.each(["Electricians in their first year in Cardiff", "Paramedics with less than a year of experience in Perth", "Teachers in their first year in Leeds"])("%s: nobody to mentor, train or hand over to, no retirement in view", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(personas.every((persona) => Number(persona.years_experience) <= 1)).toBe(true);
    expect(sentencesMatching(personas, /\bmentor|train (?:a young|an apprentice|new|the new)|training (?:new|the new)|supervise newly|next generation|retire|take on an apprentice|teaching (?:an apprentice|the junior|a junior)|move into (?:teaching|training)/i)).toEqual([]);
  });
});

describe("troops deployed abroad (O4's deployment field) are stationed there, far from home: not settled immigrants", () => {
  it.each(["British soldiers deployed in Estonia", "French troops deployed in Chad", "US soldiers deployed in Germany"])("%s: stationed, missing home; never settled, still learning the ways, or hosting friends", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(personas.every((persona) => persona.deployment === "deployed abroad")).toBe(true);
    expect(sentencesMatching(personas, /stationed in/).length).toBeGreaterThan(5);
    expect(sentencesMatching(personas, /has settled|has made a life in|has lived for years in|moved a while ago|still learning the ways|whenever friends visit|for a crowd|at (?:his|her|their) place/i)).toEqual([]);
  });
});

describe("staff, students and members of an organisation the prompt names (O5's employer / institution / member_of fields) are written at it", () => {
  /** The written text of a prompt's personas with one field set on every persona, as the design would set it once the reading is composed. */
  async function writtenWith(prompt: string, field: string, value: string, count = 30): Promise<string[]> {
    const blueprint = design(prompt);
    const sampled = sampleStructured(blueprint, count, 1).map((persona) => ({ ...persona, [field]: value }));
    const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 1, count }).writeBatch(sampled, 0);
    return written.map((fields) => `${fields.backstory ?? ""} ${fields.goals ?? ""}`);
  }

  it.each([
    ["Engineers in Stuttgart", "employer", "Bosch", /at Bosch|works for Bosch/],
    ["Journalists in London", "employer", "the Guardian", /at the Guardian|works for the Guardian/],
    ["University students in Boston", "institution", "MIT", /at MIT/],
    ["Retired teachers in Oregon", "member_of", "the Sierra Club", /a member of the Sierra Club/],
  ])("%s with %s = %s: the opening names it", async (prompt, field, value, named) => {
    const texts = await writtenWith(prompt, field, value);
    expect(texts.filter((text) => named.test(text)).length).toBeGreaterThan(20);
  });

  it("staff of a named employer work for it: no practice or business of their own to start", async () => {
    const texts = await writtenWith("Architects in Lyon", "employer", "Vinci");
    expect(texts.filter((text) => /(?:start|open|set up) (?:a|an|his|her|their) (?:own )?(?:practice|business|firm|studio)|of (?:his|her|their) own practice|clients of (?:his|her|their) own/i.test(text))).toEqual([]);
  });
});

describe("extreme poverty (O4's income_level for about $4 a day or less) writes no comforts, outings or plans that cost money", () => {
  const COSTS_MONEY = /podcast|playlist|sofa|\bcar\b|driving|holiday|vacation|restaurant|eating out|long lunches|gym|laptop|online|fridge|photos of every meal|phone charger|bathroom rota|book club|wine|mortgage|hot shower|learn an instrument|travel (?:somewhere|while)/i;
  it.each(["Farm labourers in Bihar living on less than $2 a day", "Families in Haiti surviving on under $3 a day", "Waste pickers in Dhaka earning under $2 a day"])("%s", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(personas.every((persona) => persona.income_level === "extreme poverty")).toBe(true);
    expect(sentencesMatching(personas, COSTS_MONEY)).toEqual([]);
  });
});

describe("R21-3 (text side): a people native where they live (O2's native_peoples) is written as locals — nothing missed, no arrival, no family that came", () => {
  const MIGRANT = /misses most about|came to .* from|Originally from|still learning the ways|family is still in|grew up in (?:Hungary|Russia|Korea|Somalia|Albania|Serbia|Germany|Sweden)/i;
  it.each(["Hungarians in Vojvodina", "Russians in Estonia", "Koreans in Yanbian", "Somalis in Garissa, Kenya", "Serbs in Montenegro"])("%s", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), MIGRANT)).toEqual([]);
  });

  it("immigrants stay immigrants: Poles in London and Turks in Germany still miss home", async () => {
    expect(sentencesMatching(await personasOf("Poles in London", 30), MIGRANT).length).toBeGreaterThan(3);
    expect(sentencesMatching(await personasOf("Turks in Germany", 30), MIGRANT).length).toBeGreaterThan(3);
  });
});
