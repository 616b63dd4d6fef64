import { describe, expect, it } from "vitest";
import { knowledge } from "../knowledge/index.ts";
import { fold, tokenise } from "../knowledge/words.ts";
import type { PromptParts } from "./parts.ts";
import { PERIODS_FILE, namedPeriods, placeOfPeriod, readNamedPeriod } from "./periods.ts";

/** Reads the prompt's period as understand.ts does, on parts of its own. */
function read(prompt: string) {
  const tokens = tokenise(prompt);
  const claimed = tokens.map(() => false);
  const parts = { places: [], origins: [], unmodelled: [] } as unknown as PromptParts;
  const period = readNamedPeriod(parts, prompt, tokens, claimed);
  if (period) placeOfPeriod(parts, period);
  return { period, parts, claimedWords: tokens.filter((_, index) => claimed[index]).map((token) => token.raw) };
}

describe("periods data", () => {
  it("parses, and parsing drops nothing", () => {
    const [schema, file] = PERIODS_FILE;
    expect(schema.parse(file)).toEqual(file);
  });
  it("is wide: hundreds of periods, from every inhabited region", () => {
    const periods = namedPeriods();
    expect(periods.length).toBeGreaterThanOrEqual(300);
    const countries = new Set(periods.flatMap((period) => (period.country ? [period.country] : [])));
    for (const code of ["CN", "IN", "JP", "KR", "NG", "ZA", "MX", "BR", "PE", "IR", "EG", "RU", "FR", "GB", "US", "AU", "ID", "VN"]) expect(countries).toContain(code);
  });
  it("names only countries the gazetteer knows, and no alias twice", () => {
    const aliases = namedPeriods().flatMap((period) => period.aliases);
    expect(aliases.filter((alias, index) => aliases.indexOf(alias) !== index)).toEqual([]);
    expect(namedPeriods().filter((period) => period.country && !knowledge().gazetteer.byCode.has(period.country)).map((period) => period.name)).toEqual([]);
  });
  it("reads nothing a setting or a historical state already reads (the Blitz is World War II's, 'ottoman empire' a state)", () => {
    const taken = new Set([...knowledge().settings.flatMap((setting) => setting.aliases), ...knowledge().terms.historical_states.flatMap((state) => state.aliases)].map((alias) => fold(alias).replace(/^the /, "")));
    expect(namedPeriods().flatMap((period) => period.aliases).filter((alias) => taken.has(alias))).toEqual([]);
  });
});

describe("readNamedPeriod", () => {
  it.each([
    ["Dockers during the Winter of Discontent", 1978, 1979, "GB"],
    ["Court ladies in the Heian period", 794, 1185, "JP"],
    ["Teachers under apartheid", 1948, 1994, "ZA"],
    ["Nurses during the Spanish flu", 1918, 1920, undefined],
    ["Scholars in the Joseon dynasty", 1392, 1897, "KR"],
    ["Farmers during the Holodomor", 1932, 1933, "UA"],
    ["Potters in Song dynasty China", 960, 1279, "CN"],
    ["Scribes in the Abbasid Caliphate", 750, 1258, "IQ"],
    ["Traders in the Mali Empire", 1235, 1670, "ML"],
    ["Office workers during the dot-com bubble", 1995, 2001, "US"],
    ["Weavers in the Second Industrial Revolution", 1870, 1914, undefined],
    ["Families during the Reformation", 1517, 1648, undefined],
  ])("%s: a year in %i-%i, in %s", (prompt, from, to, country) => {
    const { period, parts } = read(prompt);
    expect(period && period.year >= from && period.year <= to).toBe(true);
    expect(parts.places.map((place) => (place.kind === "country" ? place.country.code : place.kind))).toEqual(country ? [country] : []);
  });

  it.each([
    ["Students in Prague in August 1968", 1968],
    ["Dockworkers in Gdansk in the summer of 1980", 1980],
    ["Crowds in Berlin on 9 November 1989", 1989],
    ["Voters in Washington in January 2021", 2021],
  ])("%s: the month or season's year, %i", (prompt, year) => {
    expect(read(prompt).period?.year).toBe(year);
  });

  it("a named place keeps its place: the period only gives the year", () => {
    const prompt = "Bakers in Kyoto during the Meiji era";
    const tokens = tokenise(prompt);
    const kyoto = { kind: "city", span: { start: 10, end: 15, text: "Kyoto" } };
    const parts = { places: [kyoto], origins: [], unmodelled: [] } as unknown as PromptParts;
    const period = readNamedPeriod(parts, prompt, tokens, tokens.map(() => false));
    expect(period?.year).toBeGreaterThanOrEqual(1868);
    if (period) placeOfPeriod(parts, period);
    expect(parts.places).toEqual([kyoto]);
  });

  it("claims the period's words, with 'the' (so 'Depression' is no illness, 'Renaissance' no place)", () => {
    expect(read("Bakers in the Great Depression").claimedWords).toEqual(["the", "Great", "Depression"]);
    expect(read("Monks during the Northern Renaissance").claimedWords).toEqual(["the", "Northern", "Renaissance"]);
  });

  it.each(["Soldiers in the Glorpian Rebellion", "Farmers in the Vrell dynasty", "Peasants during the Great Zorbl Famine", "Nurses in the Quantle War"])("%s: an unknown named period is declared, claimed, and gives no year", (prompt) => {
    const { period, parts, claimedWords } = read(prompt);
    expect(period).toBeUndefined();
    expect(claimedWords.length).toBeGreaterThan(1);
    expect(parts.unmodelled.some((item) => /period the engine does not know/.test(item))).toBe(true);
  });

  it.each(["Korean War veterans in Ohio", "Survivors of the Holodomor in Canada", "Historians of the Ming dynasty in Taipei"])("%s: a period they look back on is declared, and they live today", (prompt) => {
    const { period, parts } = read(prompt);
    expect(period).toBeUndefined();
    expect(parts.unmodelled.some((item) => /look back on/.test(item))).toBe(true);
  });

  it.each(["Restoration carpenters in Boston", "Doctors named Raj in London", "Nurses in the emergency department", "Reconstruction workers in Kharkiv", "People who may retire in 2030", "Farmers in the Middle Ages", "Engineers in the Space Age"])("%s: no known period read", (prompt) => {
    expect(read(prompt).period).toBeUndefined();
  });
});

describe("a period's name that is also a place's", () => {
  it("is the place after a locative, the period after a word of time", () => {
    const prompt = "Gold prospectors in the Klondike in 1898";
    expect(read(prompt).period).toBeUndefined();
    expect(read("Miners during the Klondike").period?.year).toBeGreaterThanOrEqual(1896);
  });
});

describe("a period before a built thing dates the thing", () => {
  it.each(["Residents of post-war housing estates in Glasgow", "Owners of Edwardian houses in Leeds", "Collectors of Tudor furniture"])("%s: no period read", (prompt) => {
    expect(read(prompt).period).toBeUndefined();
  });
  it.each([["Soldiers in WW1", 1914, 1918], ["Housewives in post-war Britain", 1945, 1960]])("%s: a year in %i-%i", (prompt, from, to) => {
    const year = read(prompt).period?.year ?? 0;
    expect(year >= from && year <= to).toBe(true);
  });
});

describe("events of a day or a year", () => {
  it.each([["Medics on D-Day", 1944], ["Commuters in Manhattan on 9/11", 2001], ["Nurses during Hurricane Katrina", 2005], ["Engineers during the Chernobyl disaster", 1986], ["Fishermen during the Suez Crisis", 1957]])("%s: %i", (prompt, year) => {
    expect(read(prompt).period?.year).toBe(year);
  });
});
