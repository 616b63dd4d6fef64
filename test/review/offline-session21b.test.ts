/**
 * Session 21, O2 (places, names, languages): R's findings of session 20 that now pass, and the same
 * classes on other instances (/work/notes/s20/R-findings.md, section per R20-N).
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, possibleValues } from "./offline-reading.ts";

/** Distinct family names among `count` personas of each prompt (the last word of a given-first name). */
async function familiesOf(prompts: string[], count = 100): Promise<number> {
  const families = new Set<string>();
  for (const prompt of prompts) for (const persona of await personasOf(prompt, count)) families.add(String(persona.name).split(" ").at(-1) ?? "");
  return families.size;
}

describe("R20-30: a big country's people share a handful of family names", () => {
  it.each([
    ["Germany", ["Teachers in Berlin", "Nurses in Hamburg", "Bakers in Munich", "Engineers in Stuttgart"]],
    ["France", ["Teachers in Paris", "Nurses in Lyon", "Bakers in Lille", "Engineers in Toulouse"]],
    ["United States", ["Teachers in Chicago", "Nurses in Houston", "Bakers in Boston", "Engineers in Seattle"]],
    // Japanese names are written family first: the last word R counts is the given name (32 per cohort and sex), the family names are 1,766 deep.
    ["Japan", ["Teachers in Tokyo", "Nurses in Osaka", "Bakers in Kyoto", "Engineers in Nagoya"]],
    // Other instances of the class: other countries, other cities and jobs.
    ["United Kingdom", ["Nurses in Manchester", "Teachers in Bristol", "Plumbers in Leeds", "Librarians in Norwich"]],
    ["Russia", ["Teachers in Novosibirsk", "Nurses in Moscow", "Engineers in Yekaterinburg", "Bakers in Samara"]],
    ["Germany (other cities)", ["Accountants in Leipzig", "Nurses in Cologne", "Teachers in Dresden", "Plumbers in Bremen"]],
  ])("R20-30 %s: 400 people carry at least 120 family names", async (_country, prompts) => {
    expect(await familiesOf(prompts)).toBeGreaterThanOrEqual(120);
  });

  it.each([
    ["Brazil", ["Nurses in São Paulo", "Teachers in Recife", "Engineers in Curitiba", "Bakers in Salvador"]],
    ["Mexico", ["Nurses in Monterrey", "Teachers in Guadalajara", "Engineers in Puebla", "Bakers in Mexico City"]],
  ])("R20-30 %s: 400 people carry at least 60 family names (the census ranks 100)", async (_country, prompts) => {
    expect(await familiesOf(prompts)).toBeGreaterThanOrEqual(60);
  });
});

describe("R20-43: island places declare they have no coast (too few towns listed: the capital stood in for the whole island)", () => {
  // R's instances (Malta, the Maldives, Guam) and others: small island countries whose city source lists one or two towns.
  it.each(["Fishermen in Malta", "Fishermen in the Maldives", "Fishermen in Guam", "Fishermen in Cape Verde", "Fishermen in Bahrain", "Fishermen in Mauritius", "Fishermen in Fiji"])("R20-43 %s: no coast or towns declared missing", (prompt) => {
    expect(design(prompt).unmodelled.filter((item) => /^Fishermen \(/.test(item))).toEqual([]);
  });

  it.each([
    ["Fishermen in Guam", "Guam"],
    ["Nurses in Puerto Rico", "Puerto Rico"],
  ])("%s: a US territory read as the US region is placed in its towns", (prompt, region) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "region")).toEqual([region]);
    expect(possibleValues(blueprint, "city").length).toBeGreaterThanOrEqual(3);
    expect(blueprint.unmodelled.filter((item) => item.startsWith("the cities and towns of"))).toEqual([]);
  });
});

describe("places the gazetteer lacked: districts of large cities and other names of holy cities (R20-32's places, the lead's 'Soweto')", () => {
  it.each([
    ["Grandmothers raising grandchildren in Soweto", "South Africa", "Johannesburg"],
    ["Nurses in Kibera", "Kenya", "Nairobi"],
    ["Artists in Neukölln", "Germany", "Berlin"],
    ["Street vendors in Tondo", "Philippines", "Manila"],
    ["Tuk-tuk drivers in Dharavi", "India", "Mumbai"],
    ["Pilgrims in Mecca", "Saudi Arabia", "Makkah"],
    ["Teachers in Allahabad", "India", "Prayagraj"],
  ])("%s live in %s, in %s, and the place is not declared unknown", (prompt, country, city) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "country")).toEqual([country]);
    expect(possibleValues(blueprint, "city")).toEqual([city]);
    const place = prompt.split(" in ").at(-1) as string;
    expect(blueprint.unmodelled.filter((item) => item.includes(place))).toEqual([]);
  });
});

describe("compass parts by bearing, and the named parts people mean as areas (O2 item 6)", () => {
  it.each([
    ["Nurses in western France", "Toulouse"],
    ["Farmers in southern Colombia", "Bogotá"],
    ["Teachers in western Kenya", "Nairobi"],
    ["Plumbers in eastern Canada", "Toronto"],
  ])("%s: no city of another part (%s)", (prompt, outside) => {
    const cities = possibleValues(design(prompt), "city");
    expect(cities.length).toBeGreaterThan(0);
    expect(cities).not.toContain(outside);
  });

  it.each([
    ["Nurses in northeast India", ["Assam", "Meghalaya"], "Maharashtra"],
    ["Farmers in southern Italy", ["Campania", "Calabria"], "Lazio"],
    ["Teachers in southern Brazil", ["Paraná", "Rio Grande do Sul"], "São Paulo"],
    ["Fishermen in western Norway", ["Hordaland", "Rogaland"], "Oslo"],
    ["Bakers in eastern Germany", ["Sachsen", "Thüringen"], "Bayern"],
    ["Nurses in the Mezzogiorno", ["Apulia", "Sicily"], "Lombardia"],
  ])("%s live in the part's regions (%j), not in %s", (prompt, inside, outside) => {
    const regions = possibleValues(design(prompt), "region");
    expect(regions).toEqual(expect.arrayContaining(inside));
    expect(regions).not.toContain(outside);
  });
});

describe("two languages spoken together are both read (the lead's 'Bilingual Catalan-Spanish teachers')", () => {
  it.each([
    ["Bilingual Catalan-Spanish teachers in Barcelona", "Catalan and Spanish"],
    ["English–French bilingual nurses in Ottawa", "English and French"],
    ["Parents in Cardiff who speak Welsh and English", "Welsh and English"],
    ["Speakers of Arabic and French in Montreal", "Arabic and French"],
    ["Bilingual Dutch-French civil servants in Brussels", "Dutch and French"],
  ])("%s speak %s, nothing of it left unmodelled", (prompt, languages) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "language")).toEqual([languages]);
    expect(blueprint.unmodelled.filter((item) => /bilingual|speak/i.test(item))).toEqual([]);
  });

  it("takes their families' countries from the language not spoken where they live ('Hindi/English speakers in London')", () => {
    expect(possibleValues(design("Hindi/English speakers in London"), "origin_country")).toContain("India");
    expect(possibleValues(design("Tagalog-English speakers in Toronto"), "origin_country")).toEqual(["Philippines"]);
  });
});

describe("R20-32's places: a pilgrimage's holy town is a place the gazetteer knows", () => {
  it.each([
    ["Pilgrims in Lourdes", "France", "Lourdes"],
    ["Pilgrims in Fátima", "Portugal", "Fátima"],
    ["Sadhus in Haridwar", "India", "Haridwar"],
    ["Monks in Bodh Gaya", "India", "Bodh Gaya"],
    ["Pilgrims in Częstochowa", "Poland", "Częstochowa"],
    ["Pilgrims in Medjugorje", "Bosnia and Herzegovina", "Medjugorje"],
    ["Boatmen in Benares", "India", "Varanasi"],
    ["Umrah pilgrims in Madinah", "Saudi Arabia", "Medina"],
  ])("%s live in %s, in %s", (prompt, country, city) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "country")).toEqual([country]);
    expect(possibleValues(blueprint, "city")).toEqual([city]);
  });
});

describe("R20-45: a people is named as its people wherever it lives (Tibetans and Uyghurs abroad were Han Chinese)", () => {
  /** Given-name words common among Tibetans (who mostly carry two given names and no family name). */
  const TIBETAN = /\b(?:Tenzin|Tashi|Dolma|Pema|Lobsang|Dorje|Yangchen|Sonam|Norbu|Kunga|Dawa|Tsering|Karma|Jampa|Namgyal|Dhondup|Choden|Lhamo|Wangdu|Phuntsok|Nyima|Chophel|Pelmo|Yeshi|Ngawang|Rinchen|Tsewang|Lhakpa|Kelsang|Dekyi|Thubten|Jigme)\b/;
  it.each(["Tibetan refugees in Nepal", "Tibetan monks in India", "Tibetan students in Toronto", "Tibetan shopkeepers in Kathmandu"])("R20-45 %s: most carry Tibetan names", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(personas.filter((persona) => TIBETAN.test(String(persona.name))).length).toBeGreaterThanOrEqual(15);
  });

  it.each([
    ["Kurdish nurses in Germany", /\b(?:Rojda|Berfin|Dilan|Zilan|Helin|Rojin|Avesta|Nazdar|Shilan|Zhiyan|Hevi|Jiyan|Ronahi|Berivan|Nergiz|Leyla|Gulistan|Narin|Delal|Evin|Azad|Rebwar|Karwan|Zana|Baran|Serhat|Dilshad|Aram|Reber|Hejar|Shvan|Diyar|Kawa|Botan|Soran|Rizgar|Hawar|Ciwan|Bakhtiyar|Sherko)\b/],
    ["Hmong farmers in Minnesota", /\b(?:Vang|Xiong|Yang|Lee|Thao|Moua|Her|Lor|Vue|Chang|Kue|Khang|Hang|Cha|Fang|Kong|Pha|Chu)$/],
    ["Uyghur students in Turkey", /\b(?:Tohti|Abdurehim|Memet|Tursun|Yusup|Niyaz|Hoshur|Qasim|Imin|Rozi|Abliz|Osman|Ablet|Hesen|Ismayil|Kurban|Ehmet|Turdi|Eli|Yasin)$/],
  ])("%s carry their people's names", async (prompt, names) => {
    const personas = await personasOf(prompt, 20);
    expect(personas.filter((persona) => names.test(String(persona.name))).length).toBeGreaterThanOrEqual(15);
  });
});

describe("a country's people by their own nouns (O1's request: 'Black Britons in London' were 'Briton' by occupation)", () => {
  it.each([
    ["Black Britons in London", "United Kingdom", undefined],
    ["Retired Britons on the Costa del Sol", "Spain", "United Kingdom"],
    ["Spaniards in London", "United Kingdom", "Spain"],
  ])("%s live in %s (from %s), and no one works as the people's noun", (prompt, home, origin) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "country")).toEqual([home]);
    if (origin) expect(possibleValues(blueprint, "origin_country")).toEqual([origin]);
    expect(possibleValues(blueprint, "occupation").filter((job) => /briton|spaniard/i.test(job))).toEqual([]);
  });
});
