/**
 * Session 18, the offline engine's understanding of who a prompt names, where they are, their names and
 * prompts in other languages (issue 16's Step 8: understand any prompt; say what it could not model).
 * Each class is tested with prompts of the same class beyond the reviewer's witnesses (R17-1 to R17-31),
 * read as a user of the offline engine gets them (seed 1, see offline-reading.ts).
 */
import { describe, expect, it } from "vitest";
import { OfflineEnhancer } from "../../src/offline/enhancer.ts";
import { understandPrompt } from "../../src/offline/understand/understand.ts";
import { design, fixedValue, personasOf, possibleValues } from "./offline-reading.ts";

/** Jobs of the everyday mix: none is held by someone who lives in an institution. */
const EVERYDAY_JOBS = ["chef", "administrative assistant", "cleaner", "factory worker", "car mechanic", "bus driver", "shop assistant", "truck driver", "electrician", "teacher", "home health aide", "receptionist", "sales representative"];

describe("class 1: who the prompt names is not where they are — the residents of an institution live there, they are not its staff", () => {
  it.each([
    ["Elderly residents of an old people's home in Yorkshire", "lives in a nursing home"],
    ["Inmates at a federal prison in Arizona", "in prison"],
    ["Convicts in a maximum security prison in Louisiana", "in prison"],
    ["Residents of retirement homes in Florida", "lives in a nursing home"],
  ])("%s: housing %s, no workplace, no everyday job", (prompt, housing) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "housing")).toBe(housing);
    expect(possibleValues(blueprint, "workplace")).toEqual([]);
    expect(possibleValues(blueprint, "occupation").filter((job) => EVERYDAY_JOBS.includes(job))).toEqual([]);
    expect(blueprint.unmodelled.join(" ")).not.toMatch(/prison|home|school/i);
  });

  it("'Pupils at a boarding school in Switzerland' board at school, with no workplace", () => {
    const blueprint = design("Pupils at a boarding school in Switzerland");
    expect(fixedValue(blueprint, "housing")).toBe("boards at school");
    expect(possibleValues(blueprint, "workplace")).toEqual([]);
  });

  it.each(["Convicts in a women's prison in Oregon", "Detainees in a women's prison in Queensland"])("%s are all women", async (prompt) => {
    expect(fixedValue(design(prompt), "gender")).toBe("female");
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => persona.gender !== "female").map((persona) => persona.name)).toEqual([]);
  });

  it("men's prisons hold men", () => {
    expect(fixedValue(design("Inmates of a men's prison in Manchester"), "gender")).toBe("male");
  });

  it.each([
    ["Nurses in a care home in Leeds", "a care home", "nurse"],
    ["Guards at a maximum-security prison in Colorado", "a prison", "guard"],
    ["Teachers at a boarding school in Kent", "a boarding school", "teacher"],
  ])("a job named there is its staff: %s work at %s", (prompt, workplace, job) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "workplace")).toEqual([workplace]);
    expect(possibleValues(blueprint, "occupation").some((value) => value.includes(job))).toBe(true);
    expect(possibleValues(blueprint, "housing")).toEqual([]);
  });
});

describe("class 1: who the prompt names — a status, a habit, a fortune or a job's own compound noun is no job and no relation", () => {
  it.each([
    ["Jackpot winners in Ohio", "jackpot winner"],
    ["Non-drinkers in Ireland", "non-drinker"],
    ["Teetotalers in Utah", "teetotaler"],
    ["Anti-vaxxers in Oregon", "anti-vaxxer"],
  ])("%s: who they are, never the occupation %s", (prompt, noun) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "occupation")).not.toContain(noun);
  });

  it.each(["Night-time bakers in Paris", "Night-time cleaners in Chicago"])("%s: '-time' is part of the night shift, not a word left unread", (prompt) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "shift")).toBe("night");
    expect(blueprint.unmodelled).not.toContain("time");
  });

  it.each(["Millionaires in Dubai", "HNWIs in Monaco", "Wealthy individuals in Geneva"])("%s hold no job of low wages", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "occupation").filter((job) => ["carpenter", "receptionist", "cleaner", "cashier", "bus driver", "shop assistant", "waiter"].includes(job))).toEqual([]);
    expect(possibleValues(blueprint, "occupation")).toContain("chief executive");
  });

  it.each(["Customer support agents in Manila", "Customer care agents in Cebu", "Customer service advisors in Glasgow"])("%s are call-centre agents, not anyone's customers", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "relationship")).toEqual([]);
    expect(possibleValues(blueprint, "occupation").join(" ")).toMatch(/customer|call-centre/);
  });

  it.each([
    ["Non-native English speakers in Sydney", ["United Kingdom", "United States"]],
    ["Non-native Spanish speakers in Madrid", ["Colombia", "Venezuela", "Mexico"]],
  ])("%s are immigrants from where the language is not the only one spoken", (prompt, natives) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "language").join(" ")).not.toMatch(/^English$|^Spanish$/);
    expect(fixedValue(blueprint, "migration_status")).toBe("immigrant");
    expect(possibleValues(blueprint, "origin_country").filter((country) => natives.includes(country))).toEqual([]);
  });
});

describe("class 2: places — a name shared by places goes to the one the prompt points to, a sea to the countries on its shores, a natural region to its country", () => {
  it.each(["Bus drivers in the East Midlands", "Warehouse workers in the English Midlands", "Teachers in the Midlands"])("%s live in England", (prompt) => {
    expect(possibleValues(design(prompt), "country")).toEqual(["United Kingdom"]);
  });

  it.each(["Farmers in the Midlands, Zimbabwe", "Miners in Gweru, Midlands"])("%s: the Midlands named with Zimbabwe are Zimbabwe's", (prompt) => {
    expect(possibleValues(design(prompt), "country")).toEqual(["Zimbabwe"]);
  });

  it.each(["Yak herders on the Qinghai-Tibet Plateau", "Nomads on the Tibetan Plateau"])("%s live in China, not in Nigeria's Plateau state", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "country")).toEqual(["China"]);
    expect(possibleValues(blueprint, "city")).not.toContain("Jos");
  });

  it.each([
    ["Shrimp fishermen in the Gulf of Mexico", ["United States", "Mexico"]],
    ["Offshore engineers in the Gulf of Mexico", ["United States", "Mexico"]],
    ["Rig workers in the North Sea", ["United Kingdom", "Norway", "Netherlands", "Denmark"]],
    ["Trawlermen in the Bering Sea", ["United States", "Russia"]],
  ])("%s live on its shores: %j", (prompt, countries) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "country").every((country) => countries.includes(country))).toBe(true);
    expect(possibleValues(blueprint, "city")).not.toContain("Mexico City");
    // The sea is read (it may still be named in a note on how few of its towns the gazetteer lists).
    expect(blueprint.unmodelled.filter((words) => /^(?:the )?(?:Gulf of Mexico|North Sea|Bering Sea)$/i.test(words))).toEqual([]);
  });

  it.each([
    ["Nurses in Lae", "Papua New Guinea"],
    ["Shopkeepers in Savannah", "United States"],
    ["Farmers in Lae, Marshall Islands", "Marshall Islands"],
  ])("%s: a city of 100,000 outweighs a region elsewhere that lists no one of the name (%s)", (prompt, country) => {
    expect(possibleValues(design(prompt), "country")).toEqual([country]);
  });

  it.each([
    ["Mothers returning to work after maternity leave in Lyon", "France"],
    ["Engineers heading to work in Rotterdam", "Netherlands"],
    ["Fathers going back to work after paternity leave in Helsinki", "Finland"],
  ])("%s: a verb of going before something that is not a place leaves the place where they live (%s)", (prompt, country) => {
    expect(possibleValues(design(prompt), "country")).toEqual([country]);
  });

  it.each(["Interns in Washington DC", "Journalists in Washington D.C.", "Teachers in the District of Columbia"])("%s live in the capital, not in Washington State", (prompt) => {
    expect(possibleValues(design(prompt), "city")).toEqual(["Washington, D.C."]);
  });

  it.each([
    ["Tea growers in western Kenya", ["Mombasa", "Malindi", "Lamu", "Garissa"]],
    ["Farmers in eastern Germany", ["Köln", "Düsseldorf", "Aachen", "Saarbrücken", "Trier"]],
  ])("%s: the part of the country named, never its far side", (prompt, farSide) => {
    expect(possibleValues(design(prompt), "city").filter((city) => farSide.includes(city))).toEqual([]);
  });

  it("'Drillers on the Caspian Sea' live on its shores, not in the world's largest cities", () => {
    const countries = possibleValues(design("Drillers on the Caspian Sea"), "country");
    expect(countries.length).toBeGreaterThan(0);
    expect(countries.every((country) => ["Azerbaijan", "Kazakhstan", "Turkmenistan", "Russia", "Iran"].includes(country))).toBe(true);
  });

  it.each([
    ["Lawyers in Springfield, IL", "Illinois"],
    ["Teachers in Portland, ME", "Maine"],
    ["Nurses in Newcastle, NSW", "New South Wales"],
    ["Bus drivers in Hamilton, ON", "Ontario"],
  ])("%s: a region's abbreviation after a city says which city (%s)", (prompt, region) => {
    const parts = understandPrompt(prompt);
    expect(parts.places.map((place) => (place.kind === "city" ? place.city.region : undefined))).toEqual([region]);
    expect(parts.unmodelled).toEqual([]);
  });

  it.each(["Crofters in the Western Isles", "Weavers in the Outer Hebrides"])("%s live in the Outer Hebrides, not on Skye or Mull", (prompt) => {
    const cities = possibleValues(design(prompt), "city");
    expect(cities).toContain("Stornoway");
    expect(cities.filter((city) => ["Portree", "Tobermory"].includes(city))).toEqual([]);
  });
});

/** Family names of the Polynesian list (Tonga, Samoa): no Melanesian or Fijian carries them by default. */
const POLYNESIAN_FAMILY_NAMES = ["Tupou", "Fifita", "Vainikolo", "Tuilagi", "Leota", "Faleolo", "Kaufusi", "Tamapua", "Taufa", "Soakai"];
/** Family names of northern Tanzania and South Sudan that the shared East African list gave Ugandans. */
const NOT_UGANDAN_FAMILY_NAMES = ["Mushi", "Massawe", "Mwakyusa", "Kimaro", "Lyimo", "Mbwana", "Mollel", "Swai", "Garang", "Deng", "Mwamba"];

describe("class 3: names and origins — a country is named by its own peoples' lists", () => {
  it.each(["Nurses in Lae", "Miners in Papua New Guinea", "Fishermen in the Solomon Islands", "Farmers in Vanuatu", "Bus drivers in Nadi, Fiji", "Teachers in Labasa"])("%s carry no Tongan or Samoan family names", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(personas.map((persona) => persona.name ?? "").filter((name) => POLYNESIAN_FAMILY_NAMES.some((family) => name.endsWith(` ${family}`)))).toEqual([]);
  });

  it.each([
    ["Grandchildren of Irish immigrants in Boston", "United States"],
    ["Grandchildren of Turkish immigrants in Berlin", "Germany"],
  ])("%s are the third generation, born where they live (%s)", (prompt, country) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "family_background")).toBe("grandchild of immigrants");
    expect(possibleValues(blueprint, "migration_status")).toEqual([]);
    expect(fixedValue(blueprint, "birthplace")).toBe(country);
  });

  it.each(["Nuns in Lhasa", "Yak herders in Tibet"])("%s carry Tibetan names, mostly", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    const tibetan = personas.filter((persona) => /\s(?:Dolma|Lhamo|Yangchen|Dekyi|Choden|Drolma|Pelmo|Yangzom|Wangmo|Tsomo|Dickey|Lhadon|Norbu|Dorje|Wangdu|Gyatso|Phuntsok|Tsering|Namgyal|Gyaltsen|Tenzin|Dhondup|Rinchen|Tashi|Chophel)$/.test(persona.name ?? ""));
    expect(tibetan.length).toBeGreaterThanOrEqual(14);
  });

  it("Fijians are iTaukei and Indo-Fijian, both", async () => {
    const names = (await personasOf("Shopkeepers in Fiji", 40)).map((persona) => persona.name ?? "");
    expect(names.some((name) => /\b(?:Prasad|Kumar|Chand|Singh|Sharma|Narayan|Lal|Ram|Reddy|Naidu|Khan|Ali|Deo|Nand|Chaudhry|Goundar)$/.test(name))).toBe(true);
    expect(names.some((name) => /\b(?:Waqa|Ratuva|Naivalu|Vunipola|Qarase|Rabuka|Tuilovoni|Nawai|Volavola|Ravuvu|Koroi|Tikoduadua|Seruvakula|Delana|Nadolo|Matanitobua|Baledrokadroka|Radrodro|Tabua|Vakaloloma)$/.test(name))).toBe(true);
  });

  it.each(["Boda boda riders in Kampala", "Teachers in Gulu", "Tea pickers in Uganda"])("%s carry no Tanzanian or South Sudanese family names", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(personas.map((persona) => persona.name ?? "").filter((name) => NOT_UGANDAN_FAMILY_NAMES.some((family) => name.endsWith(` ${family}`)))).toEqual([]);
  });
});

describe("class 4: other languages in sketches — an age written '34 ans', '34 años', '34 Jahre' is the age", () => {
  const enhancer = new OfflineEnhancer();
  const enhance = (sketch: string) => enhancer.enhanceSync({ sketch, grounding: "off", seed: 1 });

  it.each([
    ["Marie, 34 ans, infirmière à Lyon", "34"],
    ["Javier, 58 años, pescador en Vigo", "58"],
    ["Paola, 41 anni, farmacista a Bologna", "41"],
    ["Jürgen, 63 Jahre, Bäcker in Köln", "63"],
    ["Tiago, 27 anos, motorista em Porto", "27"],
    ["Eine 39-jährige Lehrerin aus Graz", "39"],
    ["Sanne, 46 jaar, verpleegkundige in Utrecht", "46"],
    ["Katarzyna, 31 lat, nauczycielka w Krakowie", "31"],
  ])("%s is %s", (sketch, age) => {
    expect(enhance(sketch).age).toBe(age);
  });

  it.each([
    ["Élodie, boulangère depuis 12 ans, a 44 ans", "44"],
    ["Dans 10 ans, Hugo, 22 ans, veut ouvrir un café", "22"],
  ])("a span of time is not the age: %s is %s", (sketch, age) => {
    expect(enhance(sketch).age).toBe(age);
  });
});
