/**
 * Session 15's review (R): what the session's commits were meant to do, read on inputs nobody tuned
 * them for. Each test names the commit it checks; defects found are in /work/notes/s15/R-findings.md
 * (their failing tests in /work/notes/s15/R-session15-failing.test.ts.txt, not committed).
 */
import { describe, expect, it } from "vitest";
import { loadProviders } from "../../src/load-providers.ts";
import { designsInThreads, writesInThreads } from "../../src/workers/engine-pool.ts";
import { design, possibleValues, personasOf, type Design } from "./offline-reading.ts";

/** Every written and sampled value of the personas, one text. */
const textOf = (personas: Array<Record<string, string>>) => personas.map((persona) => Object.values(persona).join(" ")).join("\n");

/** Every value a categorical field can take with a positive weight, in its own weights or any conditional's. */

describe("the offline parts a process holds still design and write in the engine threads (7a7ba3d)", () => {
  it("an offline worker's providers are told apart as thread-run parts, so its main thread never writes", async () => {
    const providers = await loadProviders({ model: "offline" });
    expect(writesInThreads(providers.writer)).toBe(true);
    expect(designsInThreads(providers.modeller)).toBe(true);
  });

  it("a writer or modeller that is not the offline one is not sent to the threads", () => {
    const writer = { name: "offline", begin: () => ({ writeBatch: async () => [] }) };
    const modeller = { name: "offline", design: async () => { throw new Error("unused"); } };
    expect(writesInThreads(writer)).toBe(false);
    expect(designsInThreads(modeller)).toBe(false);
  });
});

describe("sea work in a named place with a coast lives on that coast; one without declares it (1a606e0)", () => {
  it.each([
    ["Shrimp fishermen in Texas", ["Dallas", "Austin", "San Antonio", "El Paso", "New Braunfels", "Conroe", "Sherman", "Lufkin", "Del Rio", "Eagle Pass"]],
    ["Fishermen in Kenya", ["Nairobi", "Nakuru", "Meru", "Embu", "Naivasha", "Wajir", "Nanyuki", "Kisii", "Voi"]],
    ["Fishermen in Queensland", ["Mount Isa", "Gympie", "Toowoomba", "Caboolture", "Maryborough"]],
    ["Crab fishermen in Maryland", ["Hagerstown", "Cumberland", "Frederick", "St. Charles"]],
  ])("%s are drawn from its coast, none from %j", (prompt, inland) => {
    const cities = possibleValues(design(prompt), "city");
    expect(cities.length).toBeGreaterThan(0);
    expect(cities.filter((city) => inland.includes(city))).toEqual([]);
  });

  it.each([
    ["Lifeguards in Arizona", "Arizona"],
    ["Dock workers in Ohio", "Ohio"],
  ])("%s keep their own towns and say the coast is not modelled", (prompt, place) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "region")).toEqual([place]);
    expect(blueprint.unmodelled.some((entry) => entry.includes(`no sea coast in ${place}`))).toBe(true);
  });

  it("'Fishermen in Paris': a named city is where they live", () => {
    expect(possibleValues(design("Fishermen in Paris"), "city")).toEqual(["Paris"]);
  });
});

describe("ages follow the role: elders are old, teenage parents mostly 18-19 (756363a)", () => {
  it.each(["Community elders in rural Uganda", "Aboriginal elders in the Northern Territory", "Elders of a Maasai village"])("%s are 55 or older", async (prompt) => {
    const ages = (await personasOf(prompt, 16)).map((persona) => Number(persona.age));
    expect(ages.filter((age) => !(age >= 55))).toEqual([]);
  });

  it("'Teenage fathers in Detroit' are 15 to 19, most of them 18 or 19", async () => {
    const ages = (await personasOf("Teenage fathers in Detroit", 20)).map((persona) => Number(persona.age));
    expect(ages.filter((age) => !(age >= 15 && age <= 19))).toEqual([]);
    expect(ages.filter((age) => age >= 18).length).toBeGreaterThanOrEqual(12);
  });

  it("'Mothers in their sixties in Seoul' are 60 to 69, not all 60", async () => {
    const ages = (await personasOf("Mothers in their sixties in Seoul", 20)).map((persona) => Number(persona.age));
    expect(ages.filter((age) => !(age >= 60 && age <= 69))).toEqual([]);
    expect(ages.filter((age) => age >= 63).length).toBeGreaterThan(0);
  });
});

describe("a job at another group's workplace is written as worked there; hands are no owners; no frost in the tropics; performers by kind (08e7949, cbba359)", () => {
  it("'Oil rig electricians in the North Sea' are not house electricians quoting customers", async () => {
    expect(textOf(await personasOf("Oil rig electricians in the North Sea", 16))).not.toMatch(/quoting for jobs|explaining the problem to customers|drawings that do not match the building|call-out on a Sunday/);
  });

  it("'Banana plantation workers in Ecuador' do not trade with buyers, keep the books or see frost, and are not in Quito", async () => {
    const personas = await personasOf("Banana plantation workers in Ecuador", 16);
    expect(textOf(personas)).not.toMatch(/arguing with buyers|keeping the books|planning what to plant|first frost|calving/);
    expect(personas.filter((persona) => persona.city === "Quito").length).toBe(0);
  });

  it.each(["Nurses in Manila", "Fishermen in Zanzibar", "Street food vendors in Bangkok", "Tea pickers in Sri Lanka"])("%s: no frost, snow or heating in the tropics", async (prompt) => {
    expect(textOf(await personasOf(prompt, 16))).not.toMatch(/frost|snow|heating|thaw|long dark winter/i);
  });

  it("'Ballet dancers in St Petersburg' are company dancers, not stand-ups winning over small venues", async () => {
    expect(textOf(await personasOf("Ballet dancers in St Petersburg", 16))).not.toMatch(/hard audience on side|small venues across the city/);
  });
});

describe("names by Nigerian state, unseen states", () => {
  const yoruba = /^(Ade|Olu|Ola|Ayo|Fol|Fun|Tit|Bam|Banji|Kun|Bol|Tun|Tem|Wale|Omolara|Omawunmi)|wunmi|yemi|kemi|bode|Akeem|Habeeb|Saheed|Wasiu|Gbadamosi|Mayowa/;
  const igbo = /chukwu|^Chi|^Ike|^Ifeanyi|^Nnamdi|^Obi|^Ngozi|^Emeka|^Adaugo|^Ifunanya|^Akunna|Ekwueme/;
  const marked = (personas: Array<Record<string, string>>, pattern: RegExp) => personas.filter((persona) => (persona.name ?? "").split(/[\s-]+/).some((part) => pattern.test(part)));
  it("'Market traders in Sokoto' (North-West) have Hausa-Fulani names, hardly any Igbo or Yoruba", async () => {
    const personas = await personasOf("Market traders in Sokoto", 16);
    expect(marked(personas, igbo).length + marked(personas, yoruba).length).toBeLessThanOrEqual(2);
  });
  it("'Nurses in Enugu' (South-East) have hardly any Yoruba names", async () => {
    expect(marked(await personasOf("Nurses in Enugu", 16), yoruba).length).toBeLessThanOrEqual(2);
  });
});

describe("a country named like its capital is the country (5aab299)", () => {
  it.each([
    ["Tourists visiting Bangkok from Kuwait", "Thailand", "Kuwait"],
    ["Students visiting London from Monaco", "United Kingdom", "Monaco"],
    ["Bankers visiting Zurich from Luxembourg", "Switzerland", "Luxembourg"],
  ])("%s are in %s, all from %s", (prompt, country, origin) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "country")).toEqual([country]);
    expect(possibleValues(blueprint, "origin_country")).toEqual([origin]);
  });
});

describe("R15-2 (fixed by the lead): sea work in places named together, some with a coast and some without, is drawn from the coastal ones", () => {
  it("'Fishermen in Mali and Senegal' fish from Senegal's coast; Mali, with none, is declared once", async () => {
    const personas = await personasOf("Fishermen in Mali and Senegal", 16);
    expect(personas.filter((persona) => persona.country === "Mali").map((persona) => persona.city)).toEqual([]);
    expect(design("Fishermen in Mali and Senegal").unmodelled).toContain("Fishermen (no sea coast in Mali)");
  });
  it("'Lobster fishermen in New England' never live in Vermont, and Vermont is not also said among the places drawn inland", () => {
    const blueprint = design("Lobster fishermen in New England");
    expect(possibleValues(blueprint, "region")).not.toContain("Vermont");
    expect(possibleValues(blueprint, "city")).not.toContain("Montpelier");
    expect(blueprint.unmodelled.filter((entry) => entry.includes("Vermont"))).toHaveLength(1);
  });
  it("'Dock workers in Germany and Austria' work Germany's ports; a landlocked place named alone keeps its own towns", () => {
    expect(possibleValues(design("Dock workers in Germany and Austria"), "country")).toEqual(["Germany"]);
    expect(possibleValues(design("Dock workers in Austria"), "country")).toEqual(["Austria"]);
  });
});

describe("R15-14 (fixed by the lead): 'remote' before a place says where they are, not how they work", () => {
  it.each(["Buddhist monks in remote monasteries in Tibet", "Nurses in remote areas of Australia", "Doctors working in remote communities in Canada"])("%s: rural, and no one works remotely", (prompt) => {
    const blueprint = design(prompt);
    expect(blueprint.fields.some((field) => field.name === "work_arrangement")).toBe(false);
    expect(possibleValues(blueprint, "settlement")).toEqual(["rural"]);
    expect(blueprint.unmodelled).not.toContain("areas");
    expect(blueprint.unmodelled).not.toContain("communities");
  });
  it.each(["Remote workers in Lisbon", "Remote software engineers in Canada", "Freelance designers working remotely from Lisbon"])("%s: still a way of working", (prompt) => {
    const blueprint = design(prompt);
    expect(blueprint.fields.some((field) => field.name === "settlement")).toBe(false);
    expect(blueprint.fields.some((field) => /remote/.test(JSON.stringify(field)))).toBe(true);
  });
});

describe("R15-7 (fixed by the lead): 'the Great Lakes' are the lakes' shores, not South Sudan's Lakes state", () => {
  it.each(["Fishermen on the Great Lakes", "Dock workers on the Great Lakes"])("%s live in the United States or Canada, each thing not modelled said once", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "country").sort()).toEqual(["Canada", "United States"]);
    expect(blueprint.unmodelled).not.toContain("Great");
    expect(new Set(blueprint.unmodelled).size).toBe(blueprint.unmodelled.length);
  });
});

describe("R15-5 (fixed by the lead): 'northern'/'southern' part of a country is modelled by its cities' latitudes, not dropped", () => {
  it("'Village elders in northern Ghana' live in the north, and are old", async () => {
    const blueprint = design("Village elders in northern Ghana");
    const cities = possibleValues(blueprint, "city");
    for (const south of ["Ho", "Winneba", "Accra", "Kumasi", "Cape Coast", "Takoradi", "Nkawkaw", "Berekum", "Koforidua"]) expect(cities).not.toContain(south);
    expect(blueprint.unmodelled).not.toContain("northern");
    const personas = await personasOf("Village elders in northern Ghana", 12);
    expect(personas.filter((persona) => Number(persona.age) < 50).map((persona) => persona.age)).toEqual([]);
  });
  it("'Fishermen in northern Norway' fish from the northern coast", () => {
    const cities = possibleValues(design("Fishermen in northern Norway"), "city");
    for (const south of ["Sandnes", "Tønsberg", "Moss", "Arendal", "Haugesund", "Stavanger", "Kristiansand", "Oslo"]) expect(cities).not.toContain(south);
    expect(cities).toContain("Tromsø");
  });
  it("'Students in southern Italy' are not in Milan or Turin; the north of another country is not its south", () => {
    const south = possibleValues(design("Students in southern Italy"), "city");
    for (const north of ["Milan", "Turin", "Venice", "Bologna", "Genoa"]) expect(south).not.toContain(north);
    const north = possibleValues(design("Students in northern Italy"), "city");
    for (const city of ["Palermo", "Naples", "Bari", "Catania"]) expect(north).not.toContain(city);
  });
  it("'North Korea' and 'South Africa' are still countries, not parts", () => {
    expect(possibleValues(design("Students in South Africa"), "country")).toEqual(["South Africa"]);
  });
});

describe("Polish family names agree with the person (lead, found reading 'Software testers at a bank in Warsaw')", () => {
  it("women are Kowalska, not Kowalski; men keep -ski; nouns like Nowak do not change", async () => {
    const personas = await personasOf("Nurses in Kraków", 40);
    const familyOf = (persona: Record<string, string>) => (persona.name ?? "").split(" ").at(-1) ?? "";
    const women = personas.filter((persona) => persona.gender === "female").map(familyOf);
    const men = personas.filter((persona) => persona.gender === "male").map(familyOf);
    expect(women.length).toBeGreaterThan(10);
    expect(women.filter((name) => /(?:sk|ck|dzk)i$/.test(name))).toEqual([]);
    expect(women.some((name) => /(?:sk|ck|dzk)a$/.test(name))).toBe(true);
    expect(men.filter((name) => /(?:sk|ck|dzk)a$/.test(name))).toEqual([]);
  });
});
