import { describe, expect, it } from "vitest";
import { createRng } from "../../engine/rng.ts";
import { namingCulture, pickFamilyName } from "./cultures.ts";

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

describe("family names of the most populous cultures (data/family-names.json)", () => {
  // R20-30: Germany and France had 22 family names, the U.S. 50: a few hundred people shared a handful of families.
  it.each(["en_US", "en_US_non_hispanic", "de", "fr", "en_GB", "ja_romanised", "ru_romanised", "pt_BR", "es_MX"])("%s lists at least 90 distinct family names for each sex", (key) => {
    for (const sex of ["female", "male"] as const) {
      const names = namingCulture(key).family(sex, "1965_1989");
      expect(new Set(names).size).toBe(names.length);
      expect(names.length).toBeGreaterThanOrEqual(90);
    }
  });

  it("draws a name as often as its bearers say: Smith most, and the long tail still drawn", () => {
    const names = namingCulture("en_US").family("female", "1965_1989");
    const rng = createRng(7);
    const drawn = new Map<string, number>();
    for (let draw = 0; draw < 20_000; draw++) {
      const name = pickFamilyName(names, rng);
      drawn.set(name, (drawn.get(name) ?? 0) + 1);
    }
    const ranked = [...drawn.entries()].sort((left, right) => right[1] - left[1]);
    expect(ranked[0]?.[0]).toBe("Smith");
    // Smith is 2.44M of the listed names' ~121M bearers: about 2% of draws, not 1 in 1,022.
    expect(ranked[0]?.[1]).toBeGreaterThan(300);
    expect(ranked[0]?.[1]).toBeLessThan(550);
    expect(drawn.size).toBeGreaterThan(900);
  });

  it("names by the people, not by the phone book: no Turkish or Vietnamese family name paired with a German given name", () => {
    const german = new Set(namingCulture("de").family("male", "1965_1989"));
    for (const name of ["Yilmaz", "Yılmaz", "Kaya", "Nguyen", "Demir"]) expect(german.has(name), name).toBe(false);
    expect(german.has("Müller")).toBe(true);
  });

  it("gives Russian women the women's forms (Ivanova, Vasilyeva, Pokrovskaya)", () => {
    const women = new Set(namingCulture("ru_romanised").family("female", "1965_1989"));
    for (const name of ["Ivanova", "Vasilyeva", "Pokrovskaya"]) expect(women.has(name), name).toBe(true);
    expect(women.has("Ivanov")).toBe(false);
  });

  it("leaves out what is no family name alone: no Brazilian is surnamed Júnior, Filho or Maria", () => {
    const brazilian = new Set(namingCulture("pt_BR").family("female", "1965_1989"));
    for (const name of ["Júnior", "Filho", "Neto", "Maria"]) expect(brazilian.has(name), name).toBe(false);
    expect(brazilian.has("Silva")).toBe(true);
  });
});
