/**
 * Session 14, the offline engine's understanding of roles, places, peoples and names on prompts
 * nobody tuned it for (issue 16's Step 8: understand any prompt; say what it could not model). Each
 * class with the witnesses that showed it and prompts of the same class. Read as a user of the offline
 * engine gets them (seed 1, see offline-reading.ts).
 */
import { describe, expect, it } from "vitest";
import { design, fixedValue, personasOf, weightsOf } from "./offline-reading.ts";

const values = (personas: Array<Record<string, string>>, field: string) => [...new Set(personas.map((persona) => persona[field]))];

describe("class 1: a workplace of an industry before a job is the job's industry, never a pastime", () => {
  it.each([
    ["Fishing boat captains in Newfoundland", "fishing boat captain", "fishing"],
    ["Tea plantation managers in Assam", "tea plantation manager", "agriculture"],
    ["Ranch hands in Montana", "ranch hand", "agriculture"],
    ["Oil rig medics in Aberdeen", "oil rig medic", "energy"],
    ["Trawler captains in Grimsby", "trawler captain", "fishing"],
  ])("%s: a job the data does not know is named as written ('%s'), in %s, with that industry's mix declared", async (prompt, job, industry) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "occupation")).toBe(job);
    expect(fixedValue(blueprint, "industry")).toBe(industry);
    expect(blueprint.fields.some((field) => field.name === "activity")).toBe(false);
    // What is assumed is said: the job is not in the data and its gender mix is the industry's.
    expect(blueprint.unmodelled).toContain(`the gender mix of ${job}s`);
    expect(JSON.stringify(blueprint)).toMatch(new RegExp(`Gender: \\d+% women, from ${job} \\(the ${industry} industry's jobs in the occupation data`));
  });

  it.each([
    ["Oil rig cooks in Aberdeen", "cook", "energy", "an oil rig"],
    ["Crab boat deckhands in Alaska", "deckhand", "fishing", "a fishing boat"],
    ["Dairy truck drivers in Wisconsin", "truck driver", "agriculture", "a dairy"],
    ["Cargo ship cooks in Rotterdam", "cook", "maritime", "a cargo ship"],
    ["Coal mine electricians in Wales", "electrician", "mining", "a mine"],
  ])("%s: a known job keeps its own data, at the workplace, in the workplace's industry", async (prompt, job, industry, workplace) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "occupation")).toBe(job);
    expect(fixedValue(blueprint, "industry")).toBe(industry);
    expect(fixedValue(blueprint, "workplace")).toBe(workplace);
    expect(blueprint.unmodelled.filter((entry) => /oil rig|crab boat|dairy|cargo ship|coal mine/i.test(entry))).toEqual([]);
  });

  it("fishing boat captains are mostly men, of working ages, and nobody fishes as a hobby", async () => {
    const personas = await personasOf("Fishing boat captains in Newfoundland", 20);
    expect(personas.filter((persona) => persona.gender === "female").length).toBeLessThanOrEqual(4);
    expect(values(personas, "activity")).toEqual([undefined]);
    expect(personas.filter((persona) => Number(persona.age) < 16 || Number(persona.age) > 80)).toEqual([]);
  });

  it("people served at a workplace are not its workers, and a guide of an activity still teaches it", () => {
    expect(fixedValue(design("Cruise ship passengers in Barcelona"), "industry")).toBeUndefined();
    expect(Object.keys(weightsOf(design("Fishing guides in Montana"), "occupation"))).toEqual(["fishing guide"]);
  });
});

describe("class 2: named coasts, islands and valleys are places of their country; sea work with no known place is on a coast", () => {
  it.each([
    ["Fishermen on the Amalfi coast", "Italy", /^(?:Amalfi|Positano|Maiori|Minori|Praiano|Atrani|Cetara|Vietri sul Mare)$/],
    ["Lifeguards on the Costa Brava", "Spain", /^(?:Lloret de Mar|Blanes|Tossa de Mar|Sant Feliu de Guíxols|Palamós|Platja d'Aro|L'Escala|Roses|Cadaqués|Begur)$/],
    ["Waiters on the Côte d'Azur", "France", /^(?:Nice|Cannes|Antibes|Menton|Saint-Tropez|Fréjus|Saint-Raphaël|Villefranche-sur-Mer|Grasse)$/],
    ["Surf instructors in the Algarve", "Portugal", /./],
    ["Boat builders in Dalmatia", "Croatia", /^(?:Split|Dubrovnik|Zadar|Šibenik|Makarska|Trogir|Hvar|Korčula|Omiš)$/],
    ["Bartenders in Benidorm", "Spain", /^Benidorm$/],
    ["Innkeepers in the Cotswolds", "United Kingdom", /./],
    ["Ferry pilots in the Lofoten Islands", "Norway", /./],
  ])("%s live in %s, in the area's own towns, and the area is not declared unknown", async (prompt, country, towns) => {
    const personas = await personasOf(prompt, 12);
    expect(values(personas, "country")).toEqual([country]);
    expect(personas.filter((persona) => !towns.test(persona.city ?? "")).map((persona) => persona.city)).toEqual([]);
    const named = prompt.split(/ (?:on|in) (?:the )?/)[1] as string;
    expect(design(prompt).unmodelled.filter((entry) => entry.toLowerCase().includes(named.split(" ")[0]!.toLowerCase()))).toEqual([]);
  });

  it.each(["Fishermen on Perdido Key Island", "Dock workers in Port Nowhere", "Trawler captains in Grimsby", "Lifeguards at Zorblax Bay"])("%s: an unknown place is declared, and nobody lives inland", async (prompt) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "settlement")).toBe("coastal");
    expect(blueprint.unmodelled.some((entry) => /Perdido|Nowhere|Grimsby|Zorblax/.test(entry))).toBe(true);
    const personas = await personasOf(prompt, 16);
    // The world's mix still holds landlocked countries, whose cities compose declares (asked of places.ts); the rest are on the coast.
    expect(personas.filter((persona) => ["Tacheng", "Itanagar", "Chaman", "Numan", "Ruteng", "Fengjie"].includes(persona.city ?? "")).map((persona) => persona.city)).toEqual([]);
  });

  it("a named country keeps its own places for fishermen: its coast where it has one (session 15, R3), its own inland towns, declared, where it has none", () => {
    expect(fixedValue(design("Fishermen in Norway"), "settlement")).toBe("coastal");
    expect(fixedValue(design("Fishermen in Norway"), "country")).toBe("Norway");
    expect(fixedValue(design("Fishermen in Hungary"), "settlement")).toBeUndefined();
    expect(fixedValue(design("Fishermen in Hungary"), "country")).toBe("Hungary");
  });
});

describe("class 3: surnames follow the place's people where the data knows them, not the nation's", () => {
  const hispanic = /\b(?:Garc[ií]a|Rodr[ií]guez|Mart[ií]nez|Hern[aá]ndez|L[oó]pez|Gonz[aá]lez|P[eé]rez|S[aá]nchez|Ram[ií]rez|Torres|Flores|Rivera|Cruz|G[oó]mez|Morales|V[aá]zquez|Reyes|Jim[eé]nez|D[ií]az|Guti[eé]rrez|Ruiz|Mendoza|Aguilar|Ortiz|Moreno|Castillo)$/;
  it.each([
    ["Retired coal miners in West Virginia", 0, 2],
    ["Dairy farmers in Vermont", 0, 2],
    ["Librarians in Maine", 0, 2],
    ["Nurses in New Mexico", 10, 30],
    ["Teachers in El Paso", 8, 26],
  ])("%s: a state's Hispanic share names its people (between %i and %i of 40)", async (prompt, least, most) => {
    const personas = await personasOf(prompt, 40);
    const count = personas.filter((persona) => hispanic.test(persona.name ?? "")).length;
    expect(count).toBeGreaterThanOrEqual(least);
    expect(count).toBeLessThanOrEqual(most);
  });

  it.each(["Young mothers in Lagos", "Market traders in Ibadan", "Teachers in Abeokuta"])("%s: Yoruba country's people mostly carry Yoruba names", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    const igbo = personas.filter((persona) => /\b(?:Chi|Ngozi|Ifeoma|Adaugo|Nwa|Okonkwo|Eze|Obi|Uche|Chukwu|Nnamdi|Ikenna|Emeka)/.test(persona.name ?? ""));
    expect(igbo.length).toBeLessThanOrEqual(8);
  });
});

describe("class 4: a setting's people named before its role, and the setting's places and names where the prompt puts them", () => {
  it.each([
    ["Elf archers of an elven kingdom", "archer of the forest guard"],
    ["Elf archers in an elven kingdom", "archer of the forest guard"],
    ["Elf rangers of a high-fantasy realm", "warden of the marches"],
    ["Elven archers in a high-fantasy forest realm", "archer of the forest guard"],
  ])("%s are all the realm's %s, nothing declared unread", (prompt, calling) => {
    const blueprint = design(prompt);
    expect(Object.keys(weightsOf(blueprint, "occupation"))).toEqual([calling]);
    expect(blueprint.unmodelled.filter((entry) => /archers|rangers/i.test(entry))).toEqual([]);
  });

  it.each([
    ["Farmers in Roman Gaul", /^(?:Lugdunum|Massilia|Lutetia|Burdigala|Narbo|Nemausus|Arelate|Augustodunum)$/],
    ["Merchants in Roman Hispania", /^(?:Tarraco|Corduba|Emerita Augusta|Hispalis|Carthago Nova|Caesaraugusta|Gades|Italica)$/],
    ["Smiths in Roman Germania", /^(?:Colonia Agrippina|Mogontiacum|Augusta Treverorum|Castra Regina|Augusta Vindelicum|Bonna)$/],
  ])("%s live in the province's towns, and the province is read", async (prompt, towns) => {
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => !towns.test(persona.place ?? "")).map((persona) => persona.place)).toEqual([]);
    expect(design(prompt).unmodelled.filter((entry) => /^(?:Gaul|Hispania|Germania)$/.test(entry))).toEqual([]);
  });

  it.each([
    ["Weavers in medieval Wales", /\b(?:ap|ab|ferch)\b/],
    ["Shepherds in medieval Wales", /\b(?:ap|ab|ferch)\b/],
    ["Peasants in medieval Scotland", /^(?:Christina|Marjorie|Isabel|Eufemia|Mariota|Muriel|Matilda|Ada|Margaret|Johanna|Bethóc|Gormflaith|Mór|Forbflaith|Alexander|William|Máel Coluim|Domnall|Donnchad|Gillebrigte|Somairle|Cináed|Robert|John|Thomas|Andrew|Walter|Patrick|Fergus|Áengus|Gille Críst|Uhtred) /],
  ])("%s carry the period's names of that country, not medieval England's", async (prompt, own) => {
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => own.test(persona.name ?? "")).length).toBeGreaterThanOrEqual(9);
  });
});

describe("R14: a condition's word before a sport names its para-sport's players", () => {
  it.each(["Wheelchair basketball players in Toronto", "Wheelchair tennis players in Paris", "Wheelchair rugby players in Sydney"])("%s all use wheelchairs, and the word is read", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(values(personas, "condition")).toEqual(["wheelchair use"]);
    expect(design(prompt).unmodelled.filter((entry) => /wheelchair/i.test(entry))).toEqual([]);
  });

  it("the word before anything else is no condition of theirs: wheelchair repair technicians repair wheelchairs", async () => {
    expect(values(await personasOf("Wheelchair repair technicians in Ohio", 8), "condition")).toEqual([undefined]);
  });
});

describe("R1: a word before 'children' or 'kids' says how they live; they are children, and the word is no job", () => {
  it.each(["Street children in Nairobi", "Street kids in Manila", "Farm kids in Iowa", "Chess kids in Moscow"])("%s: nobody over 17, nobody works as the word", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => Number(persona.age) >= 18).map((persona) => `${persona.name} ${persona.age}`)).toEqual([]);
    expect(values(personas, "occupation").filter((occupation) => /^(?:street|farm|chess)$/.test(occupation ?? ""))).toEqual([]);
  });
});

describe("read at the end (untuned prompts of O2's own): the crop of a plantation, a ferry, steelworkers", () => {
  it.each([
    ["Banana plantation workers in Ecuador", "a banana plantation"],
    ["Cocoa plantation workers in Ghana", "a cocoa plantation"],
    ["Ferry deckhands on the Outer Banks", "a ferry"],
  ])("%s work at %s (the crop or vessel kept, not a plantation or ship in general)", (prompt, workplace) => {
    expect(fixedValue(design(prompt), "workplace")).toBe(workplace);
  });

  it("retired steelworkers are mostly men (steel mills: about one in ten women), no longer an unknown job split evenly", async () => {
    const blueprint = design("Retired steelworkers in Pittsburgh");
    expect(blueprint.unmodelled).toEqual([]);
    const personas = await personasOf("Retired steelworkers in Pittsburgh", 30);
    expect(personas.filter((persona) => persona.gender === "female").length).toBeLessThanOrEqual(8);
  });
});

describe("R7: a club's members are named by the activity's own word for those who do it", () => {
  it.each([
    ["Members of a cycling club in Girona", "cyclist"],
    ["Members of a hiking club in Munich", "hiker"],
    ["Members of a rowing club in Oxford", "rower"],
    ["Members of a chess club in Moscow", "chess player"],
    ["Football team members in Leeds", "football player"],
  ])("%s: relation '%s'", async (prompt, relation) => {
    expect(values(await personasOf(prompt, 6), "relation")).toEqual([relation]);
  });
});
