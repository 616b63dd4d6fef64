/**
 * Session 20, O2: places, names and languages read on prompts of the classes fixed, with instances
 * other than those the fixes were shown (the brief's and the lead's reads).
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, possibleValues } from "./offline-reading.ts";

describe("named natural regions are areas of their countries (the Nullarbor class)", () => {
  it.each([
    ["Lorry drivers on the Kalahari roads", ["Botswana", "Namibia", "South Africa"]],
    ["Lithium workers in the Mojave desert", ["United States"]],
    ["Station hands in the Kimberley", ["Australia"]],
    ["Goat herders in the Negev", ["Israel"]],
  ])("%s: in %j, the place not unmodelled", (prompt, countries) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "country").every((country) => countries.includes(country)), JSON.stringify(possibleValues(blueprint, "country"))).toBe(true);
    expect(blueprint.unmodelled.filter((item) => /kalahari|mojave|kimberley|negev/i.test(item))).toEqual([]);
  });

  it("US areas by their states: battleground and belt states", () => {
    for (const [prompt, states] of [["Union members in battleground states", ["Pennsylvania", "Michigan", "Wisconsin", "Arizona", "Georgia", "Nevada", "North Carolina"]], ["Grain elevator operators in the Corn Belt", ["Iowa", "Illinois", "Indiana", "Nebraska", "Minnesota", "Ohio", "South Dakota"]]] as const) {
      const blueprint = design(prompt);
      expect(possibleValues(blueprint, "country")).toEqual(["United States"]);
      expect(possibleValues(blueprint, "region").every((region) => (states as readonly string[]).includes(region)), JSON.stringify(possibleValues(blueprint, "region"))).toBe(true);
    }
  });
});

describe("an area named with its country is that country's area or part of it (the lead's 'US West Coast' class)", () => {
  it.each([
    ["Shepherds in the Spanish Pyrenees", "Spain"],
    ["Porters in the Nepalese Himalayas", "Nepal"],
    ["Software engineers in the American Midwest", "United States"],
    ["Loggers in Brazil's Amazon", "Brazil"],
  ])("%s: only %s", (prompt, country) => {
    expect(possibleValues(design(prompt), "country")).toEqual([country]);
  });
});

describe("towns the city source lacks, and a town's other names", () => {
  it.each([
    ["Glassblowers on Murano", "Italy"],
    ["Winemakers in Stellenbosch", "South Africa"],
    ["Teachers in Kakuma refugee camp", "Kenya"],
    ["Nurses in Den Bosch", "Netherlands"],
    ["Nurses in Newmarket, Ontario", "Canada"],
  ])("%s: in %s", (prompt, country) => {
    expect(possibleValues(design(prompt), "country")).toEqual([country]);
  });
});

describe("names fit the people", () => {
  const given = (personas: Array<Record<string, string>>) => personas.map((persona) => persona.name?.split(" ")[0] ?? "");

  it("Italians, Poles and Czechs carry their generations' common names, not a calendar's", async () => {
    // The commonest names of people born 1940-2005 (broader than any one list: ISTAT, PESEL, MV ČR tables).
    const common: Record<string, string> = {
      "Retired tram drivers in Turin": "Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore Carlo Franco Domenico Bruno Paolo Michele Giorgio Aldo Sergio Renato Luciano Marco Andrea Alessandro Luca Stefano Roberto Davide Massimo Fabio Daniele Simone Claudio Gianni Enzo Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Caterina Rita Franca Luisa Gabriella Carla Adriana Francesca Laura Paola Silvia Elena Patrizia Daniela Antonella Cristina Barbara Roberta Monica Simona Valentina Sara Chiara Elisa Federica Giulia",
      "Allotment gardeners over 60 in Wrocław": "Stanisław Jan Andrzej Józef Tadeusz Jerzy Zbigniew Kazimierz Krzysztof Ryszard Henryk Mieczysław Marian Janusz Władysław Zdzisław Roman Edward Wiesław Leszek Piotr Tomasz Marek Grzegorz Adam Jacek Wojciech Krystyna Barbara Danuta Teresa Halina Elżbieta Irena Janina Maria Zofia Jadwiga Stanisława Alicja Bożena Grażyna Wanda Helena Urszula Anna Ewa Małgorzata Agnieszka Jolanta Beata Dorota",
      "Retired miners in Ostrava": "Jiří Jan Josef Petr Jaroslav Miroslav Zdeněk František Václav Karel Milan Vladimír Antonín Ladislav Stanislav Oldřich Pavel Martin Tomáš Michal Marie Jana Eva Anna Hana Věra Alena Jaroslava Ludmila Zdeňka Libuše Jiřina Miroslava Helena Vlasta Božena Dagmar Milena Jarmila Ivana Lenka Petra",
    };
    for (const [prompt, names] of Object.entries(common)) {
      const known = new Set(names.split(" "));
      const given = (await personasOf(prompt, 30)).map((persona) => persona.name?.split(" ")[0] ?? "");
      expect(given.filter((name) => known.has(name)).length / given.length, `${prompt}: ${given.join(", ")}`).toBeGreaterThan(0.6);
    }
  });

  it("Christians where most people are Muslim carry their community's names", async () => {
    const muslim = /\b(?:Mohamed|Mohammed|Muhammad|Ahmed|Ahmad|Hussain|Hassan|Ali|Abdul\w*|Qureshi|Mostafa|Mustafa|Usman|Hamza|Fatima|Zainab|Ayesha|Aisha|Khadija|Bilal|Imran|Omar|Umar|Yakubu|Abubakar|Aminu|Ibrahim|Yusuf)\b/;
    for (const prompt of ["Christian shopkeepers in Lahore", "Christian pharmacists in Cairo", "Catholic teachers in Sokoto"]) {
      const names = (await personasOf(prompt, 20)).map((persona) => persona.name ?? "");
      expect(names.filter((name) => muslim.test(name)), prompt).toEqual([]);
    }
  });

  it("settled diasporas are named as their host names them", async () => {
    const pinyin = /^(?:Wei|Li|Fang|Jing|Xiu|Ming|Hong|Zhi|Jian|Hui)\p{Ll}* (?:Wang|Li|Zhang|Liu|Chen|Yang|Zhao|Huang|Zhou|Wu)$/u;
    const names = (await personasOf("Thai Chinese shop owners in Chiang Mai", 20)).map((persona) => persona.name ?? "");
    expect(names.filter((name) => pinyin.test(name))).toEqual([]);
  });
});

describe("other languages' feminine plurals", () => {
  it.each([["Ganaderas en Uruguay", "Uruguay"], ["Pescadoras em Portugal", "Portugal"]])("%s: read, all women, nothing unmodelled of the noun", (prompt, country) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "country")).toEqual([country]);
    expect(possibleValues(blueprint, "gender")).toEqual(["female"]);
    expect(blueprint.unmodelled.filter((item) => /ganaderas|pescadoras/i.test(item))).toEqual([]);
  });
});
