import { describe, expect, it } from "vitest";
import { namingCulture } from "./cultures.ts";

describe("family names borrowed from faker", () => {
  it("leave out the women's given names faker lists as Nigerian family names ('Muyiwa Maryjane')", () => {
    const family = new Set([...namingCulture("en_NG").family("male"), ...namingCulture("en_NG").family("female")]);
    for (const given of ["Maryjane", "Kimberly", "Katherine", "Grace", "Aminat", "Sekinat"]) expect(family.has(given)).toBe(false);
    for (const surname of ["Okonkwo", "Adebayo", "Balogun", "Nwachukwu"]) expect(family.has(surname)).toBe(true);
  });
});

describe("given names borrowed from faker", () => {
  it("leave out the names faker lists under the other sex: no Nigerian woman is Aminu, no man Habiba, Funmilayo or Kemi", () => {
    const women = new Set(namingCulture("en_NG").given("female", "1965_1989"));
    const men = new Set(namingCulture("en_NG").given("male", "1965_1989"));
    expect(women.has("Aminu")).toBe(false);
    for (const name of ["Habiba", "Funmilayo", "Kemi", "Sname"]) expect(men.has(name), name).toBe(false);
    for (const name of ["Emeka", "Chinedu", "Musa"]) expect(men.has(name), name).toBe(true);
    for (const name of ["Chiamaka", "Zainab"]) expect(women.has(name), name).toBe(true);
  });
});

describe("given names people carry, where faker's list is a dictionary", () => {
  // Faker's it, pl, cs_CZ, ro and tr lists are name-day calendars and antiquity (Cuzia, Sempronio, Agrypina),
  // pt_BR, hu and en_IN's rare or invented names (Sirineu, Zente, Acharyanandana):
  // their people are given the common names of their birth cohort, and keep faker's family names.
  it.each([
    ["it", ["Sempronio", "Abaco", "Agamennone"], "Giuseppe", "Francesco", "Esposito"],
    ["pl", ["Agaton", "Arystarch", "Eustracjusz"], "Stanisław", "Jakub", "Nowak"],
    ["cs_CZ", ["Abadon", "Bivoj", "Achiles"], "Jiří", "Jakub", "Novák"],
    ["ro", ["Aleodor", "Agnos", "Amza"], "Gheorghe", "Andrei", "Popescu"],
    ["tr", ["Akbatur", "Aktimur", "Altemur"], "Mehmet", "Yusuf", "Yılmaz"],
    ["pt_BR", ["Sirineu", "Ladislau", "Warley"], "José", "Gabriel", "Silva"],
    ["hu", ["Zente", "Zénó", "Ármin"], "László", "Bence", "Kovács"],
    ["en_IN", ["Acharyanandana", "Charuvrat", "Siddhran"], "Ramesh", "Arjun", "Sinha"],
  ])("%s", (key, archaic, older, younger, family) => {
    const culture = namingCulture(key);
    expect(culture.cohortAware).toBe(true);
    const men = new Set(["before_1965", "1965_1989", "from_1990"].flatMap((cohort) => culture.given("male", cohort as "before_1965")));
    for (const name of archaic) expect(men.has(name), name).toBe(false);
    expect(culture.given("male", "before_1965")).toContain(older);
    expect(culture.given("male", "from_1990")).toContain(younger);
    expect(culture.family("male")).toContain(family);
  });
});

describe("family names that agree with a woman", () => {
  it("gives Polish women the feminine form of adjectival names, in -y as in -ski", () => {
    const women = new Set(namingCulture("pl").family("female"));
    const men = new Set(namingCulture("pl").family("male"));
    for (const [man, woman] of [["Wolny", "Wolna"], ["Górny", "Górna"], ["Szczęsny", "Szczęsna"]]) {
      expect(men.has(man as string), man).toBe(true);
      expect(women.has(woman as string), woman).toBe(true);
      expect(women.has(man as string), man).toBe(false);
    }
    expect(women.has("Nowak")).toBe(true);
  });
});

describe("given names of a birth cohort", () => {
  it("gives a Dutch man of 60 a name of his generation, not one of today's babies", () => {
    const older = new Set(namingCulture("nl").given("male", "1965_1989"));
    for (const name of ["Tijn", "Teun", "Rens", "Sem"]) expect(older.has(name), name).toBe(false);
    expect(namingCulture("nl").given("male", "from_1990")).toContain("Sem");
  });
});
