/**
 * Session 22, O2 (places, names, languages): R's findings of session 21 that now pass, and the same
 * classes on other instances (/work/notes/s21/R-findings.md, section per R21-N).
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, possibleValues } from "./offline-reading.ts";

type Persona = Record<string, string>;

/** The countries the personas of a prompt live in (their `country` field), each once. */
async function countriesOf(prompt: string, count = 12): Promise<string[]> {
  return [...new Set((await personasOf(prompt, count)).map((persona) => String(persona.country)))];
}

describe("R21-4: a place name of several words is read whole, not by one of its words", () => {
  it.each([
    // R's instances.
    ["Farmers in the Black Forest", "Germany"],
    ["Bankers in Canary Wharf", "United Kingdom"],
    ["Students in Greenwich Village", "United States"],
    ["Families on Long Island", "United States"],
    ["Traders on Wall Street", "United States"],
    ["Residents of the Canary Islands", "Spain"],
    ["Hotel staff in the Canaries", "Spain"],
    ["Nurses in the Pearl River Delta", "China"],
    // Other instances: landscapes, deltas, islands and districts of several words.
    ["Factory workers in the Yangtze River Delta", "China"],
    ["Hikers in the Peak District", "United Kingdom"],
    ["Shepherds in Connemara", "Ireland"],
    ["Winemakers in Chianti", "Italy"],
    ["Balloon pilots in Cappadocia", "Turkey"],
    ["Caterers in the Hamptons", "United States"],
    ["Farmers in Manchuria", "China"],
    ["Chain makers in the Black Country", "United Kingdom"],
    ["Shop owners in Bed-Stuy", "United States"],
    ["Bankers in the City of London", "United Kingdom"],
  ])("R21-4 %s live in %s", async (prompt, country) => {
    expect(await countriesOf(prompt)).toEqual([country]);
  });

  it.each(["Hikers in the Black Mountains", "Tourists in the Black Hills", "Ranchers in the Black Hills of South Dakota", "Foresters in the Black Forest"])("R21-4 %s: a colour inside a place's name is no ethnicity", (prompt) => {
    expect(design(prompt).fields.map((field) => field.name)).not.toContain("ethnicity");
  });
});

describe("R21-5: a neighbourhood of a big city is that city (its country, its people's names), not an unknown place", () => {
  it.each([
    // R's instances.
    ["Residents of Brixton", "United Kingdom"],
    ["Waiters in Trastevere", "Italy"],
    ["Residents of Copacabana", "Brazil"],
    ["Artists in Williamsburg", "United States"],
    ["Students in Hongdae", "South Korea"],
    ["Bar staff in Roppongi", "Japan"],
    ["Waiters in Alfama", "Portugal"],
    ["Musicians in Montparnasse", "France"],
    ["Bakers in Belleville", "France"],
    // Other instances, other cities.
    ["Nurses in Peckham", "United Kingdom"],
    ["Artists in Nørrebro", "Denmark"],
    ["Students in Shimokitazawa", "Japan"],
    ["Cooks in Lavapiés", "Spain"],
    ["Shopkeepers in Yaba", "Nigeria"],
    ["Musicians in Vila Madalena", "Brazil"],
    ["Bakers in Ménilmontant", "France"],
    ["Bar staff in Itaewon", "South Korea"],
    ["Tailors in Kawangware", "Kenya"],
    ["Street vendors in Sukhumvit", "Thailand"],
    ["Families in Molenbeek", "Belgium"],
    ["Dockers in Leith", "United Kingdom"],
  ])("R21-5 %s live in %s", async (prompt, country) => {
    expect(await countriesOf(prompt)).toEqual([country]);
  });
});

describe("R21-30: a region a border splits spreads over both sides by their people", () => {
  it.each([
    // R's instances.
    ["Farmers in Punjab", ["India", "Pakistan"]],
    ["Students in Limburg", ["Belgium", "Netherlands"]],
    // Other instances.
    ["Farmers in Kashmir", ["India", "Pakistan"]],
    ["Hoteliers in Tyrol", ["Austria", "Italy"]],
    ["Teachers in Istria", ["Croatia", "Slovenia"]],
    ["Shepherds in Kurdistan", ["Turkey", "Iraq", "Iran"]],
    ["Shepherds in the Carpathians", ["Romania", "Ukraine"]],
    ["Farmers in Bukovina", ["Romania", "Ukraine"]],
    ["Loggers in Karelia", ["Russia", "Finland"]],
    ["Nomads in Baluchistan", ["Pakistan", "Iran"]],
    ["Ski instructors in the Rockies", ["United States", "Canada"]],
  ])("R21-30 %s: both sides of the border (%s)", async (prompt, countries) => {
    const drawn = await countriesOf(prompt, 40);
    expect(countries.filter((country) => !drawn.includes(country))).toEqual([]);
  });

  it("R21-30 Pakistan's Punjab, the more populous side, has the larger share", async () => {
    const personas = await personasOf("Farmers in Punjab", 60);
    const pakistan = personas.filter((persona) => persona.country === "Pakistan").length;
    expect(pakistan).toBeGreaterThan(personas.length / 2);
  });

  it.each([
    ["Teachers in Luxembourg province", "Belgium"],
    ["Dairy farmers in upstate New York", "United States"],
    ["Fishermen in the Pays Basque", "France"],
  ])("R21-30 %s: the province or part, in %s", async (prompt, country) => {
    expect(await countriesOf(prompt, 20)).toEqual([country]);
  });

  it.each([
    ["Farmers in upstate New York", "New York"],
    ["Orchard workers in upstate New York", "New York"],
  ])("R21-30 %s: the state's towns, not only its namesake city %s", (prompt, city) => {
    expect(possibleValues(design(prompt), "city")).not.toEqual([city]);
    expect(possibleValues(design(prompt), "city")).not.toContain(city);
  });

  it("a people of one side of a border keeps its homeland's one country ('Basques in Madrid' have roots in the Basque Country)", async () => {
    const personas = await personasOf("Basques in Madrid", 12);
    expect([...new Set(personas.map((persona) => persona.roots))]).toEqual(["the Basque Country"]);
  });
});

describe("R21-27: an ethnicity the design sets names the people as that community of the country is named", () => {
  /** English, Scottish and Irish family names that none of these communities commonly carries (R's list). */
  const ANGLO = new Set("Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Thompson White Harris Clark Lewis Robinson Walker Hall Allen Young King Wright Scott Green Baker Adams Nelson Hill Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray Hughes Price Sanders Myers Long Ross Foster Shaw Mason Hunter Marshall Stone Duke Fleming Blanchard Klein McCann Hammond Harding Moss Cross Davies Abbott Jefferson Graham Fox Allen Murray Wallace Webb Kennedy".split(" "));
  const anglo = (personas: Persona[]) => personas.filter((persona) => ANGLO.has(String(persona.name).split(" ").at(-1) ?? "")).map((persona) => String(persona.name));
  it.each([
    // R's instances.
    "Asian Americans in Seattle", "British Asians in Leicester", "Latino families in Chicago", "Hispanic teachers in Los Angeles",
    // Other instances.
    "Asian American doctors in Boston", "British Asian pharmacists in Birmingham", "Latina nurses in Phoenix", "Hispanic truck drivers in Houston", "Chicano artists in San Antonio",
  ])("R21-27 %s: at most a quarter carry an English family name", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(anglo(personas).length / personas.length, anglo(personas).join(", ")).toBeLessThanOrEqual(0.25);
  });

  it("R21-27 Asian Americans are written given name first, as Americans write names", async () => {
    const families = new Set(["Nguyen", "Kim", "Lee", "Park", "Chen", "Wang", "Li", "Zhang", "Liu", "Tran", "Le", "Pham", "Choi", "Tanaka", "Sato", "Suzuki"]);
    const familyFirst = (await personasOf("Asian American engineers in San Jose", 40)).filter((persona) => families.has(String(persona.name).split(" ")[0] ?? "")).map((persona) => String(persona.name));
    expect(familyFirst).toEqual([]);
  });

  it("R21-27 a name list now exists for these peoples: their names are not declared missing", () => {
    for (const prompt of ["Asian Americans in Seattle", "Latino families in Chicago", "Black Britons in London"]) expect(design(prompt).unmodelled.filter((item) => /^names of/.test(item))).toEqual([]);
  });

  it("R21-27 Black Britons are named as Britain's African and Caribbean communities, not as everyone in Britain", async () => {
    const personas = await personasOf("Black nurses in London", 40);
    expect(anglo(personas).length / personas.length, anglo(personas).join(", ")).toBeLessThanOrEqual(0.4);
  });

  it("R21-27 Black people where most people are Black are named as their country's people (Black farmers in Nigeria: nothing declared)", () => {
    expect(design("Black farmers in Nigeria").unmodelled.filter((item) => /names/.test(item))).toEqual([]);
  });
});

describe("islands and island groups are places of their country ('on <island>' as 'in')", () => {
  it.each([
    // The lead's instances.
    ["Fishermen on Rhodes", "Greece"],
    ["Farmers on Lesbos", "Greece"],
    ["Weavers on the Isle of Harris", "United Kingdom"],
    ["Surf instructors on Maui", "United States"],
    ["Waiters on Tenerife", "Spain"],
    ["Hoteliers on Mallorca", "Spain"],
    // Others.
    ["Distillers on Islay", "United Kingdom"],
    ["Olive growers on Naxos", "Greece"],
    ["Loggers on Vancouver Island", "Canada"],
    ["Dive instructors on Koh Samui", "Thailand"],
    ["Fishermen on Chiloé", "Chile"],
    ["Potters on Djerba", "Tunisia"],
    ["Farmers on Gozo", "Malta"],
  ])("%s live in %s", async (prompt, country) => {
    expect(await countriesOf(prompt)).toEqual([country]);
  });

  it("fishing islanders live on the island's coast towns", async () => {
    const towns = new Set(["Mytilene", "Kalloni", "Plomari", "Mithymna"]);
    expect((await personasOf("Fishermen on Lesbos", 12)).filter((persona) => !towns.has(String(persona.city)))).toEqual([]);
  });

  it("a verb or a programming language is no island ('mull over', 'Java developers')", () => {
    expect(possibleValues(design("Java developers in Berlin"), "country")).toEqual(["Germany"]);
    expect(possibleValues(design("Managers who mull over every decision in Leeds"), "country")).toEqual(["United Kingdom"]);
  });
});

describe("a state or province named like its city is the state, not the city", () => {
  it.each([
    ["Teachers in the State of Mexico", "Mexico City"],
    ["Nurses in the province of Buenos Aires", "Buenos Aires"],
    ["Dairy farmers in New York State", "New York"],
    ["Apple growers in Washington State", "Seattle"],
    ["Coffee growers in São Paulo State", "São Paulo"],
  ])("%s: drawn over the state's towns, not only %s", (prompt, city) => {
    const cities = possibleValues(design(prompt), "city");
    expect(cities.length).toBeGreaterThan(1);
    if (city) expect(cities).not.toEqual([city]);
    expect(design(prompt).unmodelled.filter((item) => /^(?:state|province|upstate)$/i.test(item))).toEqual([]);
  });
});

describe("R21-3's class: a compound people word of a country is its people, not the first word's country", () => {
  it("'Greek Cypriots in Limassol' are Cypriots at home: no origin in Greece", async () => {
    const personas = await personasOf("Greek Cypriot teachers in Limassol", 20);
    expect(personas.filter((persona) => persona.origin_country === "Greece").map((persona) => String(persona.name))).toEqual([]);
    expect([...new Set(personas.map((persona) => persona.country))]).toEqual(["Cyprus"]);
  });
  it("'Turkish Cypriots in London' come from Cyprus, not Turkey", async () => {
    expect([...new Set((await personasOf("Turkish Cypriots in London", 20)).map((persona) => persona.origin_country))]).toEqual(["Cyprus"]);
  });
});

describe("cities of 100,000 the city source lacked are places (a named city is the place)", () => {
  it.each([
    ["Nurses in Bochum", "Germany"],
    ["Teachers in Anaheim", "United States"],
    ["Engineers in Mississauga", "Canada"],
    ["Clerks in Thane", "India"],
    ["Bus drivers in Guarulhos", "Brazil"],
    ["Students in Leiden", "Netherlands"],
  ])("%s live in %s", async (prompt, country) => {
    expect(await countriesOf(prompt)).toEqual([country]);
  });
  it("a word that is also a city's name elsewhere is not read as that city ('Mission', 'Corona', 'Surprise' stay words)", () => {
    expect(possibleValues(design("Nurses on a mission in Ohio"), "country")).toEqual(["United States"]);
    expect(possibleValues(design("Corona virus survivors in Leeds"), "country")).toEqual(["United Kingdom"]);
  });
});
