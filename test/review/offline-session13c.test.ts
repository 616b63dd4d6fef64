/**
 * Session 13, the reviewer's findings on the offline engine's readings of who people are
 * (R-findings R2, R4, R8, R10, R3): each class with the reviewer's witnesses and prompts nobody
 * tuned for. Read as a user of the offline engine gets them (seed 1, see offline-reading.ts).
 */
import { describe, expect, it } from "vitest";
import { design, personasOf } from "./offline-reading.ts";

const values = (personas: Array<Record<string, string>>, field: string) => [...new Set(personas.map((persona) => persona[field]))];

describe("R2: a figurative people-noun is read whole: who they are, never a job, never the animal", () => {
  it.each([
    ["Night owls in Madrid", "night owl"],
    ["Gym rats in Los Angeles", "gym rat"],
    ["Early birds in Tokyo", "early bird"],
    ["Party animals in Ibiza", "party animal"],
    ["Couch potatoes in Ohio", "couch potato"],
    ["Lone wolves in Alaska", "lone wolf"],
    ["Social butterflies in Miami", "social butterfly"],
  ])("%s: identity '%s' for everyone, their jobs the everyday mix", async (prompt, identity) => {
    const personas = await personasOf(prompt, 12);
    expect(values(personas, "identity")).toEqual([identity]);
    const head = identity.split(" ").at(-1) as string;
    // The head noun as a word: an administrative assistant is no rat.
    expect(personas.filter((persona) => new RegExp(`\\b${head}\\b`).test(persona.occupation ?? "")).map((persona) => persona.occupation)).toEqual([]);
    // Declared as written, whole: never the bare head noun.
    expect(design(prompt).unmodelled.filter((entry) => new RegExp(`^(?:the gender mix of )?${head}s?$`, "i").test(entry) || /^(?:owls|rats|birds|animals|potatoes|wolves|butterflies)$/i.test(entry))).toEqual([]);
  });

  it("a modified trade keeps its job: drag queens still perform for a living", async () => {
    const personas = await personasOf("Drag queens in Sydney", 12);
    expect(values(personas, "identity")).toEqual([undefined]);
    expect(values(personas, "occupation")).toEqual(["drag queen"]);
  });
});

describe("R4: a trait of character is who they are, never a job", () => {
  it.each([
    ["Optimists in Lisbon", "optimist"],
    ["Pessimists in Paris", "pessimist"],
    ["Workaholics in Tokyo", "workaholic"],
    ["Cynics in Berlin", "cynic"],
    ["Hypochondriacs in Vienna", "hypochondriac"],
  ])("%s: identity '%s', nobody works as it", async (prompt, trait) => {
    const personas = await personasOf(prompt, 12);
    expect(values(personas, "identity")).toEqual([trait]);
    expect(personas.filter((persona) => (persona.occupation ?? "").includes(trait)).map((persona) => persona.occupation)).toEqual([]);
  });

  it("an agent noun ending like a trait is still a job (pharmacists, mechanics)", async () => {
    for (const [prompt, job] of [["Pharmacists in Leeds", "pharmacist"], ["Mechanics in Detroit", "mechanic"]] as const) {
      const personas = await personasOf(prompt, 8);
      expect(values(personas, "occupation")).toEqual([job]);
    }
  });
});

describe("R8: priests of churches that ordain only men are men; celibate only where that is the rule", () => {
  it.each([
    ["Greek Orthodox priests in Crete", false],
    ["Orthodox priests in Romania", false],
    ["Russian Orthodox priests in Moscow", false],
    ["Coptic priests in Cairo", false],
    ["Jesuit priests in Rome", true],
    ["Dominican priests in Salamanca", true],
    ["Franciscan friars in Italy", true],
  ] as const)("%s: all men (celibate: %s)", async (prompt, celibate) => {
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => persona.gender !== "male").map((persona) => persona.name)).toEqual([]);
    const partnered = personas.filter((persona) => /\b(?:his|her) (?:wife|husband|partner|kids|grandchildren)\b/i.test(`${persona.backstory} ${persona.goals}`));
    if (celibate) expect(partnered.map((persona) => persona.name)).toEqual([]);
    else expect(design(prompt).unmodelled.filter((entry) => /orthodox|coptic|gender mix/i.test(entry))).toEqual([]);
  });
});

describe("R10: a people living in its own region has no 'roots' there; roots only for a place outside it", () => {
  it.each(["Basques in Bilbao", "Sicilians in Palermo", "Bavarians in Munich", "Catalans in Barcelona", "Bretons in Brittany", "Basques in the Basque Country"])("%s: no roots", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(values(personas, "roots")).toEqual([undefined]);
  });

  it.each([
    ["Sicilians in Turin", "Sicily"],
    ["Bretons in Paris", "Brittany"],
    ["Basques in Madrid", "the Basque Country"],
  ])("%s: roots in %s", async (prompt, roots) => {
    const personas = await personasOf(prompt, 12);
    expect(values(personas, "roots")).toEqual([roots]);
  });
});

describe("R3: a people (ethnonym) is an ethnicity, capitalised, never a job; away from its homelands its families come from them", () => {
  it.each([
    ["Berbers in Morocco", "Amazigh (Berber)"],
    ["Sami in Norway", "Sami"],
    ["Bedouin in Jordan", "Bedouin"],
    ["Druze in Lebanon", "Druze"],
    ["Maasai in Kenya", "Maasai"],
  ])("%s: ethnicity %s, living where named, jobs the everyday mix", async (prompt, ethnicity) => {
    const personas = await personasOf(prompt, 12);
    expect(values(personas, "ethnicity")).toEqual([ethnicity]);
    expect(personas.filter((persona) => /berber|sami|bedouin|druze|maasai/i.test(persona.occupation ?? "")).map((persona) => persona.occupation)).toEqual([]);
    expect(values(personas, "origin_country")).toEqual([undefined]);
  });

  it.each([
    ["Kurds in Berlin", "Kurdish", ["Iran", "Iraq", "Syria", "Turkey"]],
    ["Tamils in Toronto", "Tamil", ["India", "Sri Lanka"]],
    ["Hmong in Minnesota", "Hmong", ["Laos"]],
    ["Pashtuns in Dubai", "Pashtun", ["Afghanistan", "Pakistan"]],
  ])("%s: ethnicity %s, families from the homelands", async (prompt, ethnicity, homelands) => {
    const personas = await personasOf(prompt, 12);
    expect(values(personas, "ethnicity")).toEqual([ethnicity]);
    expect(values(personas, "identity")).toEqual([undefined]);
    expect(values(personas, "origin_country").sort()).toEqual(homelands);
  });

  it("Kurds in Berlin are not given German names", async () => {
    const personas = await personasOf("Kurds in Berlin", 12);
    expect(personas.filter((persona) => /\b(?:Jan|Tobias|Lukas|Felix|Jonas|Leon|Niklas|Uwe)\b/.test(persona.name ?? "")).map((persona) => persona.name)).toEqual([]);
  });

  it("Bedouin in the Sinai live in Egypt's Sinai (areas.json)", async () => {
    const personas = await personasOf("Bedouin in the Sinai", 12);
    expect(values(personas, "country")).toEqual(["Egypt"]);
    expect(values(personas, "region").sort()).toEqual(["North Sinai", "South Sinai"]);
    expect(design("Bedouin in the Sinai").unmodelled).not.toContain("Sinai");
  });

  it("a people named with no place we know live in their homelands ('Tuareg in the Aïr')", async () => {
    const personas = await personasOf("Tuareg in the Aïr", 12);
    expect(values(personas, "country").filter((country) => !["Mali", "Niger", "Algeria"].includes(country as string))).toEqual([]);
    expect(values(personas, "ethnicity")).toEqual(["Tuareg"]);
  });

  it("a language named by a people's word stays a language reading ('Tamil speakers')", () => {
    expect(design("Tamil speakers in Singapore").fields.map((field) => field.name)).not.toContain("ethnicity");
  });
});

describe("R5: a dance style named with 'dancers' is kept in the role, never a country nor a generic job", () => {
  it.each([
    ["Tap dancers in New York", "tap dancer"],
    ["Pole dancers in Las Vegas", "pole dancer"],
    ["Belly dancers in Cairo", "belly dancer"],
    ["Ballroom dancers in Blackpool", "ballroom dancer"],
    ["Breakdancers in Seoul", "breakdancer"],
    ["Break dancers in Berlin", "break dancer"],
  ])("%s: occupation '%s', the style not declared unmodelled", async (prompt, occupation) => {
    const personas = await personasOf(prompt, 12);
    expect(values(personas, "occupation")).toEqual([occupation]);
    expect(values(personas, "origin_country")).toEqual([undefined]);
    expect(design(prompt).unmodelled).toEqual([]);
    expect(personas.filter((persona) => /colleagues who are stuck|keeping things running when others call in sick/.test(`${persona.backstory} ${persona.goals}`)).map((persona) => persona.name)).toEqual([]);
  });

  it("breakdancers are mostly men (b-boys), not the dancer data's three in four women", async () => {
    const breakers = await personasOf("Breakdancers in Seoul", 20);
    expect(breakers.filter((persona) => persona.gender === "male").length).toBeGreaterThanOrEqual(14);
  });
});

describe("a setting's one kind of person named by the prompt holds for everyone (end of session 13)", () => {
  // 'Elven archers in a high-fantasy forest realm': relation "elven archer" but callings sampled (beast-tamer, scout, healer…).
  it.each([
    ["Elven archers in a high-fantasy forest realm", "archer of the forest guard"],
    ["Elven rangers of Middle-earth", "warden of the marches"],
  ])("%s: every one is a %s", async (prompt, calling) => {
    expect(values(await personasOf(prompt, 12), "occupation")).toEqual([calling]);
  });

  it("the setting's people in general still have its mix of callings", async () => {
    expect(values(await personasOf("Elves in a high-fantasy kingdom", 12), "occupation").length).toBeGreaterThan(3);
  });
});
