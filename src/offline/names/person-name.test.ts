import { describe, expect, it } from "vitest";
import { createRng, hashSeed } from "../../engine/rng.ts";
import { countryByCode, knowledge } from "../knowledge/index.ts";
import { namingCulture, peopleNamesUnknown } from "./cultures.ts";
import { personName, PRESENT_YEAR, type NameRequest } from "./person-name.ts";

function names(request: Omit<NameRequest, "year"> & { year?: number }, count = 60) {
  return Array.from({ length: count }, (_, index) => personName({ year: PRESENT_YEAR, ...request }, createRng(index + 1)));
}

/** As the writer seeds names: hashed seeds (a generator seeded with 1, 2, 3… starts every stream near 1.0). */
function namesFromHashedSeeds(request: Omit<NameRequest, "year">, count = 60) {
  return Array.from({ length: count }, (_, index) => personName({ year: PRESENT_YEAR, ...request }, createRng(hashSeed("name", index))));
}

describe("personName", () => {
  it("gives older people names of their birth cohort, not modern baby names", () => {
    const korea = countryByCode("KR");
    const old = names({ sex: "female", age: 72, country: korea });
    const young = names({ sex: "female", age: 22, country: korea });
    const modern = new Set(namingCulture("ko_romanised").given("female", "from_1990"));
    expect(old.some((name) => modern.has(name.given))).toBe(false);
    expect(young.every((name) => modern.has(name.given))).toBe(true);
    const american = names({ sex: "male", age: 75, country: countryByCode("US") });
    expect(american.some((name) => ["Jayden", "Aiden", "Liam", "Mason", "Logan"].includes(name.given))).toBe(false);
  });

  it("names people of a faith the prompt gives as its people in that country mostly are, unless they come from elsewhere", () => {
    const sikhs = names({ sex: "female", age: 40, country: countryByCode("CA"), religion: "Sikh" });
    expect(sikhs.every((name) => / Kaur /.test(name.full) && name.culture === "pa_sikh")).toBe(true);
    expect(names({ sex: "male", age: 40, country: countryByCode("IN"), religion: "Sikh" }).every((name) => / Singh /.test(name.full))).toBe(true);
    const britishMuslims = new Set(namesFromHashedSeeds({ sex: "male", age: 40, country: countryByCode("GB"), religion: "Muslim" }).map((name) => name.culture));
    expect([...britishMuslims].every((culture) => ["ur_romanised", "bn_romanised", "so", "ar_levant", "ar_maghreb"].includes(culture))).toBe(true);
    expect(britishMuslims.has("ur_romanised")).toBe(true);
    // Where the country's own names already fit the faith, and where the prompt says where they come from, nothing changes.
    expect(names({ sex: "male", age: 40, country: countryByCode("PK"), religion: "Muslim" })).toEqual(names({ sex: "male", age: 40, country: countryByCode("PK") }));
    // (Nigerians are named as one of its peoples; a Nigerian Muslim as one of its Muslim peoples, not as British Muslims are.)
    const nigerianMuslims = new Set(names({ sex: "male", age: 40, country: countryByCode("GB"), origin: countryByCode("NG"), religion: "Muslim" }).map((name) => name.culture));
    expect([...nigerianMuslims].every((culture) => ["ha_NG", "yo_NG"].includes(culture))).toBe(true);
    expect(names({ sex: "male", age: 40, country: countryByCode("GB"), religion: "Christian" })).toEqual(names({ sex: "male", age: 40, country: countryByCode("GB") }));
  });

  it("names people of a region that names its own way by the region's cultures, and never by another faith's", () => {
    const tamil = namesFromHashedSeeds({ sex: "male", age: 40, country: countryByCode("IN"), region: "Tamil Nadu" });
    expect(tamil.every((name) => name.culture === "ta_romanised")).toBe(true);
    expect(namesFromHashedSeeds({ sex: "female", age: 40, country: countryByCode("CA"), city: "Montréal" }).some((name) => name.culture === "fr")).toBe(true);
    const punjab = new Set(namesFromHashedSeeds({ sex: "male", age: 40, country: countryByCode("IN"), region: "Punjab" }).map((name) => name.culture));
    expect(punjab).toEqual(new Set(["pa_sikh", "en_IN"]));
    expect(namesFromHashedSeeds({ sex: "male", age: 40, country: countryByCode("IN"), region: "Punjab", religion: "Hindu" }).every((name) => name.culture === "en_IN")).toBe(true);
    // Regions that name people as the rest of the country does are unchanged.
    expect(namesFromHashedSeeds({ sex: "male", age: 40, country: countryByCode("IN"), region: "Gujarat" })).toEqual(namesFromHashedSeeds({ sex: "male", age: 40, country: countryByCode("IN") }));
  });

  it("names a country of several peoples as one of them: given and family name from the same people's lists", () => {
    const peoples = ["ha_NG", "yo_NG", "ig_NG", "ijaw_NG"];
    for (const request of [{ sex: "female", age: 45, country: countryByCode("NG") }, { sex: "male", age: 28, country: countryByCode("GB"), origin: countryByCode("NG") }, { sex: "male", age: 35, country: countryByCode("NG"), region: "Delta" }, { sex: "female", age: 50, country: countryByCode("NG"), region: "Kwara" }] as const) {
      const named = namesFromHashedSeeds(request);
      expect(named.every((name) => peoples.includes(name.culture)), JSON.stringify(named.map((name) => name.culture))).toBe(true);
      expect(new Set(named.map((name) => name.culture)).size).toBeGreaterThan(2);
      for (const name of named) expect(namingCulture(name.culture).family(request.sex), name.full).toContain(name.family);
    }
  });

  it("names a denomination as its faith, and Christians where most are Muslim by their own community's names", () => {
    const hausa = new Set([...namingCulture("ha_NG").given("male", "1965_1989"), ...namingCulture("ha_NG").family("male")]);
    // A Methodist in Sokoto, a Catholic in Abuja: neither is given a Hausa Muslim name.
    for (const [religion, region] of [["Methodist", "Sokoto"], ["Catholic", undefined]] as const) {
      const named = namesFromHashedSeeds({ sex: "male", age: 50, country: countryByCode("NG"), religion, ...(region ? { region } : {}) });
      expect(named.filter((name) => hausa.has(name.given) || hausa.has(name.family)).map((name) => name.full)).toEqual([]);
    }
    expect(new Set(namesFromHashedSeeds({ sex: "female", age: 35, country: countryByCode("PK"), religion: "Christian" }).map((name) => name.culture))).toEqual(new Set(["pk_christian"]));
    expect(new Set(namesFromHashedSeeds({ sex: "male", age: 35, country: countryByCode("SY"), religion: "Greek Orthodox" }).map((name) => name.culture))).toEqual(new Set(["ar_levant_christian"]));
    // A Shia Muslim in Birmingham is named as the country's Muslims are.
    expect(namesFromHashedSeeds({ sex: "male", age: 40, country: countryByCode("GB"), religion: "Shia" })).toEqual(namesFromHashedSeeds({ sex: "male", age: 40, country: countryByCode("GB"), religion: "Muslim" }));
  });

  it("names a period setting's people in a country with that country's period names", () => {
    const medieval = knowledge().settings.find((setting) => setting.id === "medieval-europe");
    const venetians = namesFromHashedSeeds({ sex: "male", age: 40, year: 1350, setting: medieval, country: countryByCode("IT") } as Omit<NameRequest, "year">);
    const italian = medieval?.names.style === "lists" ? medieval.names.by_country?.IT : undefined;
    expect(venetians.every((name) => italian?.given.male.includes(name.given) && italian.family.includes(name.family))).toBe(true);
    const english = namesFromHashedSeeds({ sex: "male", age: 40, setting: medieval, country: countryByCode("GB") } as Omit<NameRequest, "year">);
    expect(english.every((name) => medieval?.names.style === "lists" && medieval.names.given.male.includes(name.given))).toBe(true);
  });

  it("writes family-name-first cultures family name first, romanised", () => {
    for (const code of ["KR", "JP", "CN", "VN", "HU"]) {
      const [name] = names({ sex: "male", age: 40, country: countryByCode(code) }, 1);
      expect(name?.familyFirst).toBe(true);
      expect(name?.full).toBe(`${name?.family} ${name?.given}`);
      expect(name?.full).toMatch(/^[\p{Script=Latin}' -]+$/u);
    }
    const [british] = names({ sex: "male", age: 40, country: countryByCode("GB") }, 1);
    expect(british?.full).toBe(`${british?.given} ${british?.family}`);
  });

  it("uses each country's own lists: no Nigerian names in Ethiopia, no given names as Nigerian surnames", () => {
    const nigerianGiven = new Set([...namingCulture("en_NG").given("female", "from_1990"), ...namingCulture("en_NG").given("male", "from_1990")]);
    const ethiopian = names({ sex: "male", age: 35, country: countryByCode("ET") });
    expect(ethiopian.some((name) => nigerianGiven.has(name.given) || nigerianGiven.has(name.family))).toBe(false);
    const nigerian = names({ sex: "female", age: 35, country: countryByCode("NG") });
    expect(nigerian.every((name) => name.given !== name.family)).toBe(true);
  });

  it("names immigrants and refugees from their country of origin", () => {
    const syrians = names({ sex: "female", age: 30, country: countryByCode("DE"), origin: countryByCode("SY") });
    const arabic = new Set(namingCulture("ar_levant").given("female", "from_1990"));
    expect(syrians.every((name) => arabic.has(name.given))).toBe(true);
  });

  it("names people long settled where names follow the host's practice as the host names them, others by their origin", () => {
    const cultures = (origin: string, host: string) => new Set(namesFromHashedSeeds({ sex: "male", age: 45, country: countryByCode(host), origin: countryByCode(origin) }).map((name) => name.culture));
    expect(cultures("CN", "TH")).toEqual(new Set(["th_romanised"]));
    expect([...cultures("JP", "BR")].every((culture) => culture.startsWith("pt_br_nikkei"))).toBe(true);
    expect([...cultures("IN", "SG")].every((culture) => ["ta_romanised", "en_IN"].includes(culture))).toBe(true);
    // Chinese Malaysians write the family name first, as Malaysia's Chinese do.
    const malaysian = namesFromHashedSeeds({ sex: "female", age: 30, country: countryByCode("MY"), origin: countryByCode("CN") });
    expect(malaysian.filter((name) => name.culture === "zh_hokkien").every((name) => name.full === `${name.family} ${name.given}`)).toBe(true);
    // Where the host has no such practice, the origin names them.
    expect(cultures("CN", "GB")).toEqual(new Set(["zh_romanised"]));
  });

  it("names a country of several peoples (Malaysia, Guyana) as one of them, given and family name alike", () => {
    for (const code of ["MY", "GY"]) {
      const named = namesFromHashedSeeds({ sex: "female", age: 40, country: countryByCode(code) });
      expect(new Set(named.map((name) => name.culture)).size, code).toBeGreaterThan(1);
      for (const name of named) expect(namingCulture(name.culture).family("female"), `${code}: ${name.full}`).toContain(name.family);
    }
  });

  it("gives a family name only the sex that carries it: no Indian man is a Kaur or a Devi", () => {
    const men = namesFromHashedSeeds({ sex: "male", age: 40, country: countryByCode("IN") }, 200);
    expect(men.filter((name) => ["Kaur", "Devi", "Kumari"].includes(name.family)).map((name) => name.full)).toEqual([]);
    expect(namingCulture("en_IN").family("female")).toContain("Kaur");
  });

  it("names Jews by their country's Jewish names, and a Catholic in Kerala by Kerala's Christian names", () => {
    const canadian = namesFromHashedSeeds({ sex: "male", age: 50, country: countryByCode("CA"), religion: "Jewish" });
    expect(new Set(canadian.map((name) => name.culture.split(" ")[0]))).toEqual(new Set(["en_jewish"]));
    const argentine = namesFromHashedSeeds({ sex: "female", age: 50, country: countryByCode("AR"), religion: "Jewish" });
    expect(argentine.every((name) => namingCulture("es_jewish").family("female").includes(name.family))).toBe(true);
    const kerala = namesFromHashedSeeds({ sex: "female", age: 35, country: countryByCode("IN"), region: "Kerala", religion: "Catholic" });
    expect(new Set(kerala.map((name) => name.culture))).toEqual(new Set(["ml_kerala_christian"]));
  });

  it("names peoples with lists of their own: Afghans, Greenlanders, the Inuit of Nunavut", () => {
    expect(new Set(namesFromHashedSeeds({ sex: "male", age: 30, country: countryByCode("AF") }).map((name) => name.culture))).toEqual(new Set(["af_afghan"]));
    expect(namesFromHashedSeeds({ sex: "female", age: 30, country: countryByCode("GL") }).filter((name) => name.culture === "kl_greenlandic").length).toBeGreaterThan(40);
    expect(namesFromHashedSeeds({ sex: "female", age: 30, country: countryByCode("CA"), region: "Nunavut" }).filter((name) => name.culture === "iu_inuit").length).toBeGreaterThan(35);
  });

  it("names a faith's minority by its own community where the lists hold it, and a region's lists only for the faiths that carry them", () => {
    const cultures = (request: Omit<NameRequest, "year">) => new Set(namesFromHashedSeeds(request).map((name) => name.culture));
    expect(cultures({ sex: "male", age: 40, country: countryByCode("LK"), religion: "Muslim" })).toEqual(new Set(["lk_moor"]));
    expect(cultures({ sex: "female", age: 40, country: countryByCode("PH"), religion: "Sunni" })).toEqual(new Set(["ph_moro"]));
    // A Buddhist in Jaffna is not given the Tamil (Hindu and Christian) lists; a Christian there is.
    expect(cultures({ sex: "male", age: 40, country: countryByCode("LK"), region: "Jaffna", religion: "Buddhist" }).has("ta_romanised")).toBe(false);
    expect(cultures({ sex: "male", age: 40, country: countryByCode("LK"), region: "Jaffna", religion: "Methodist" })).toEqual(new Set(["ta_romanised"]));
    // A town named apart from its region: Kalimpong's hill people are Gorkha, not Bengali.
    expect([...cultures({ sex: "female", age: 30, country: countryByCode("IN"), city: "Kalimpong" })].filter((culture) => culture !== "ne_gorkha").length).toBeLessThanOrEqual(1);
  });

  it("invents setting-fitting names for fantasy and uses period naming for history", () => {
    const elves = names({ sex: "female", age: 140, setting: knowledge().settingById.get("high-fantasy") });
    expect(elves.every((name) => /^[A-ZÄË][a-zäëï]+ /.test(name.full))).toBe(true);
    expect(new Set(elves.map((name) => name.given)).size).toBeGreaterThan(30);
    const romans = names({ sex: "male", age: 25, setting: knowledge().settingById.get("roman-empire") });
    expect(romans.every((name) => name.full.split(" ").length === 3)).toBe(true);
    const vikings = names({ sex: "female", age: 25, setting: knowledge().settingById.get("viking-age") });
    expect(vikings.every((name) => /sdottir$/.test(name.full))).toBe(true);
  });

  it("every country of the gazetteer gets a Latin-script name", () => {
    for (const country of knowledge().gazetteer.countries) {
      const [name] = names({ sex: "female", age: 30, country }, 1);
      expect(name?.full, country.code).toMatch(/^[\p{Script=Latin}'’ .-]+$/u);
    }
  });
});

describe("personName: a people is named as its people wherever it lives (R20-45)", () => {
  it.each([
    // [people, origin, country, culture]: peoples without a state of their own, abroad and at home.
    ["Tibetan", "CN", "NP", "bo_tibetan"],
    ["Tibetan", "CN", "CA", "bo_tibetan"],
    ["Uyghur", "CN", "KZ", "ug_uyghur"],
    ["Kurdish", "TR", "DE", "ku_kurdish"],
    ["Kurdish", undefined, "IQ", "ku_kurdish"],
    ["Yazidi", "IQ", "DE", "ku_kurdish"],
    ["Tamil", "LK", "GB", "ta_romanised"],
    ["Hmong", "LA", "US", "hmn_hmong"],
    ["Basque", undefined, "ES", "eu_basque"],
    ["Sami", undefined, "SE", "se_sami"],
  ])("%s people from %s living in %s carry %s names", (people, origin, home, culture) => {
    const named = names({ sex: "female", age: 40, people, country: countryByCode(home), ...(origin ? { origin: countryByCode(origin) } : {}) }, 20);
    expect(named.every((name) => name.culture === culture), named.map((name) => `${name.full} (${name.culture})`).join(", ")).toBe(true);
  });

  it("names Roma as their country's people, and knows which peoples' names it lacks", () => {
    const roma = names({ sex: "male", age: 30, people: "Roma/Traveller", country: countryByCode("RO") }, 10);
    expect(roma.every((name) => name.culture === countryByCode("RO")?.names)).toBe(true);
    expect(peopleNamesUnknown("Roma/Traveller")).toBe(false);
    expect(peopleNamesUnknown("Tibetan")).toBe(false);
    for (const people of ["Maasai", "Assyrian", "Tuareg"]) expect(peopleNamesUnknown(people), people).toBe(true);
  });

  it("names a people by the community it forms in the country it lives in (R21-27), written the country's way", () => {
    const community = (people: string, home: string) => namesFromHashedSeeds({ sex: "female", age: 35, people, country: countryByCode(home) }, 80);
    const cultures = (people: string, home: string) => new Set(community(people, home).map((name) => name.culture.split(" ")[0] ?? name.culture));
    // Asian Americans: Census-weighted Asian family names with English given names, and the largest heritage cultures.
    expect(cultures("Asian diaspora", "US")).toContain("en_US_asian");
    // British Asians are South Asian first: Indian, Pakistani and Bangladeshi names.
    expect([...cultures("Asian diaspora", "GB")].filter((culture) => !["en_IN", "ur_romanised", "bn_romanised", "zh_romanised"].includes(culture))).toEqual([]);
    // A Korean or Chinese American is written given name first, as Americans write names; in Korea, family first.
    expect(community("Asian diaspora", "US").filter((name) => name.familyFirst).map((name) => name.full)).toEqual([]);
    expect(names({ sex: "female", age: 35, country: countryByCode("KR") }, 5).every((name) => name.familyFirst)).toBe(true);
    // Elsewhere a people with no list of its own in that country is named by its list for anywhere.
    expect(cultures("Latino/Hispanic", "ES")).toEqual(new Set(["es_latam"]));
    // Black people are named as their country's people where no community list is kept (Brazil), and never declared.
    expect(cultures("Black", "BR")).toEqual(new Set([countryByCode("BR")?.names ?? "pt_BR"]));
    for (const people of ["Asian diaspora", "Latino/Hispanic", "Black", "Arab"]) expect(peopleNamesUnknown(people), people).toBe(false);
  });
});

describe("personName: a community's faith names it by the community (R20-44's names)", () => {
  it.each([
    ["Hasidic", "BE"],
    ["Satmar", "US"],
    ["Haredi", "GB"],
    ["Chabad-Lubavitch", "AU"],
    ["Ultra-Orthodox", "CA"],
  ])("%s Jews in %s carry Hebrew and Yiddish given names and Ashkenazi family names", (religion, home) => {
    const named = names({ sex: "male", age: 35, religion, country: countryByCode(home) }, 12);
    expect(named.every((name) => name.culture === "he_orthodox"), named.map((name) => `${name.full} (${name.culture})`).join(", ")).toBe(true);
  });

  it("names Goa's Catholics and Hindus by their own communities, one community per person", () => {
    const catholics = names({ sex: "female", age: 45, religion: "Catholic", country: countryByCode("IN"), region: "Goa" }, 20);
    expect(catholics.every((name) => name.culture === "goan_catholic")).toBe(true);
    const hindus = names({ sex: "male", age: 45, religion: "Hindu", country: countryByCode("IN"), region: "Goa" }, 20);
    expect(hindus.every((name) => name.culture === "kok_goan_hindu")).toBe(true);
    const goans = namesFromHashedSeeds({ sex: "female", age: 30, country: countryByCode("IN"), region: "Goa" }, 60);
    expect(new Set(goans.map((name) => name.culture))).toEqual(new Set(["kok_goan_hindu", "goan_catholic"]));
  });
});

describe("personName: a kin state's people native elsewhere is named as its kin state names people (R21-3's names)", () => {
  it.each([
    ["Hungarian", "RO", "hu"],
    ["Albanian", "XK", "sq"],
  ])("%s people in %s carry %s names", (people, home, culture) => {
    const named = names({ sex: "male", age: 40, people, country: countryByCode(home) }, 10);
    expect(named.every((name) => name.culture.startsWith(culture)), named.map((name) => `${name.full} (${name.culture})`).join(", ")).toBe(true);
    expect(peopleNamesUnknown(people)).toBe(false);
  });
});
