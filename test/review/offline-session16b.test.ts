/**
 * Session 16, the offline engine's understanding of roles, places, events and names on prompts nobody
 * tuned it for (issue 16's Step 8: understand any prompt; say what it could not model). Each class
 * with several prompts of the same class, beyond the reviewer's witnesses (R15-3 to R15-19).
 * Read as a user of the offline engine gets them (seed 1, see offline-reading.ts).
 */
import { describe, expect, it } from "vitest";
import { design, possibleValues, fixedValue, personasOf, type Design } from "./offline-reading.ts";

/** Every value a field can take, under any parent. */

describe("class 4: workers at a workplace of one trade (canneries, abattoirs, quarries, breweries, shipyards) hold its job and its industry", () => {
  it.each([
    ["Cannery workers in Alaska", "a cannery", "food"],
    ["Workers at a meatpacking plant in Iowa", "an abattoir", "food"],
    ["Slaughterhouse workers in Brazil", "an abattoir", "food"],
    ["Employees of a quarry in Cornwall", "a quarry", "mining"],
    ["Quarry workers in Wales", "a quarry", "mining"],
    ["Brewery workers in Munich", "a brewery", "food"],
    ["Workers at a shipyard in Glasgow", "a shipyard", "manufacturing"],
    ["Staff at a fish processing plant in Norway", "a cannery", "fishing"],
  ])("%s: workplace %s, industry %s, one job (not the industry's bakers and brewers)", (prompt, workplace, industry) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "workplace")).toBe(workplace);
    expect(fixedValue(blueprint, "industry")).toBe(industry);
    expect(possibleValues(blueprint, "occupation")).toHaveLength(1);
    expect(possibleValues(blueprint, "occupation")).not.toContain("baker");
  });

  it.each([
    ["Workers at a fish cannery in rural Peru", "Peru"],
    ["Fish plant workers in Newfoundland", "Canada"],
  ])("%s: fish is canned where it is landed, on the coast", (prompt) => {
    expect(fixedValue(design(prompt), "settlement")).toBe("coastal");
  });

  it.each([
    ["Technicians at a data centre in Dublin", "a data centre"],
    ["Night shift at a poultry plant in Arkansas", "a food processing plant"],
    ["Workers in a distillery in Scotland", "a brewery"],
  ])("%s: works at %s", (prompt, workplace) => {
    expect(fixedValue(design(prompt), "workplace")).toBe(workplace);
  });
});

describe("class 1: a named event (race, marathon, pilgrimage, tournament, festival) is a situation, not a home town, a job or a weekly pastime", () => {
  it.each([
    ["Riders in the Giro d'Italia", "the Giro d'Italia"],
    ["Cyclists racing the Vuelta a España", "the Vuelta a España"],
    ["Sailors in the Vendée Globe", "a round-the-world yacht race"],
    ["Footballers at the World Cup", "the World Cup"],
    ["Swimmers at the Olympics", "the Olympic Games"],
  ])("%s: the event is said, they are adults who compete for a living, and where they live is declared", (prompt, event) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "event")).toBe(event);
    expect(fixedValue(blueprint, "industry")).toBe("sport");
    expect(blueprint.fields.some((field) => field.name === "hours_per_week")).toBe(false);
    expect(possibleValues(blueprint, "age_band").filter((band) => Number(band.split("-")[0]) < 15)).toEqual([]);
    expect(blueprint.unmodelled.some((entry) => entry.startsWith("where ") && entry.endsWith(" live"))).toBe(true);
  });

  it.each([
    ["Runners in the London Marathon", "London"],
    ["Amateur runners doing the Chicago Marathon", "Chicago"],
    ["Entrants of the Tokyo Marathon", "Tokyo"],
  ])("%s: adults, not living in %s because the race is run there", (prompt, venue) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "city")).not.toEqual([venue]);
    expect(possibleValues(blueprint, "age_band").filter((band) => Number(band.split("-")[0]) < 16)).toEqual([]);
  });

  it.each([
    ["Pakistani pilgrims on the Umrah", "Saudi Arabia", "Pakistan"],
    ["Iraqi pilgrims at Arbaeen", "Iraq", undefined],
    ["Nigerian pilgrims performing the Hajj", "Saudi Arabia", "Nigeria"],
    ["Brazilian pilgrims on the Camino de Santiago", "Spain", "Brazil"],
    ["Australian tourists at Oktoberfest", "Germany", "Australia"],
  ])("%s: the visitors are where the event is (%s), and come from the people named", (prompt, country, origin) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "country")).toBe(country);
    if (origin) expect(fixedValue(blueprint, "origin_country")).toBe(origin);
  });

  it("people who work at an event are of their own job's ages: 'Doctors at the Olympics' are not capped at an athlete's 45", () => {
    expect(possibleValues(design("Doctors at the Olympics"), "age_band").some((band) => Number(band.split("-")[0]) >= 45)).toBe(true);
  });

  it("'Pilgrims walking the Camino de Santiago' are on the way to Santiago de Compostela, Spain (not Santiago, Chile)", () => {
    const blueprint = design("Pilgrims walking the Camino de Santiago");
    expect(fixedValue(blueprint, "country")).toBe("Spain");
    expect(blueprint.unmodelled).not.toContain("walking the Camino de Santiago");
  });

  it("'Competitors in the Dakar Rally' are rally professionals, not Senegalese living in Dakar", () => {
    const blueprint = design("Competitors in the Dakar Rally");
    expect(possibleValues(blueprint, "city")).not.toEqual(["Dakar"]);
    expect(fixedValue(blueprint, "industry")).toBe("sport");
  });

  it("'Fans travelling to the World Cup in Qatar' are not capped at the players' ages, nor made athletes", () => {
    const blueprint = design("Fans travelling to the World Cup in Qatar");
    expect(fixedValue(blueprint, "industry")).not.toBe("sport");
    expect(possibleValues(blueprint, "age_band").some((band) => Number(band.split("-")[0]) >= 45)).toBe(true);
  });

  it("pilgrims with no people named come from the situation's stand-in mix, declared", () => {
    expect(design("Pilgrims at the Kumbh Mela").unmodelled.some((entry) => entry.startsWith("where pilgrims"))).toBe(true);
  });
});

describe("class 2: names and places honest for small or unknown places", () => {
  it.each([
    ["Traders in Onitsha", "Nigeria", "Onitsha"],
    ["Nurses in Bolgatanga", "Ghana", "Bolgatanga"],
    ["Pearl divers in Broome", "Australia", "Broome"],
    ["Teachers in Chau Doc", "Vietnam", "Chau Doc"],
  ])("%s: a town below the named-city size, after 'in', is that town (%s)", (prompt, country, city) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "country")).toBe(country);
    expect(possibleValues(blueprint, "city")).toEqual([city]);
  });

  it.each(["Teachers in Yenagoa", "Ski instructors in Whistler", "Shopkeepers in Zorblax Bay"])("%s: a place the gazetteer lacks gives no country, and the names standing in are declared", (prompt) => {
    const blueprint = design(prompt);
    expect(blueprint.fields.some((field) => field.name === "country")).toBe(false);
    expect(blueprint.unmodelled.some((entry) => entry.startsWith("names in "))).toBe(true);
  });

  it.each(["Fishermen in the Mekong Delta", "Rice farmers in the Mekong Delta", "Boat builders in the Mekong Delta"])("%s: the Mekong Delta is Vietnam's delta provinces", (prompt) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "country")).toBe("Vietnam");
    expect(possibleValues(blueprint, "city").filter((city) => !["Can Tho", "My Tho", "Long Xuyen", "Rach Gia", "Ca Mau", "Vinh Long", "Soc Trang", "Bac Lieu", "Cao Lanh", "Tra Vinh", "Chau Doc", "Tan An"].includes(city))).toEqual([]);
  });

  it.each([
    ["Subsistence fishermen in rural Mozambique", ["Montepuez", "Moatize", "Marrupa", "Lichinga", "Tete"]],
    ["Fishermen in rural Norway", ["Hamar", "Lillehammer", "Kongsvinger"]],
    ["Lifeguards in small towns in Australia", ["Alice Springs", "Mount Isa", "Broken Hill", "Dubbo"]],
  ])("%s: rural or small-town sea work is done from coastal towns, never inland ones", (prompt, inland) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "settlement")).toBe("coastal");
    const cities = possibleValues(blueprint, "city");
    for (const town of inland) expect(cities).not.toContain(town);
  });

  it("'Fishermen in rural Bolivia' keep Bolivia's rural towns, the missing coast declared", () => {
    const blueprint = design("Fishermen in rural Bolivia");
    expect(fixedValue(blueprint, "settlement")).toBe("rural");
    expect(blueprint.unmodelled).toContain("Fishermen (no sea coast in Bolivia)");
  });
});

describe("class 3: nouns that are an age (centenarians, nonagenarians, octogenarians) set the ages, never a job", () => {
  it.each([
    ["Centenarians in Sardinia", 100],
    ["Nonagenarians in Okinawa", 90],
    ["Octogenarians in rural Greece", 80],
    ["Septuagenarian marathon runners", 70],
  ])("%s: aged %i and over, no occupation named after the age", (prompt, youngest) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "age_band").filter((band) => Number(band.replace(/\D.*$/, "")) < youngest)).toEqual([]);
    expect(possibleValues(blueprint, "occupation").filter((occupation) => /genarian|centenarian/.test(occupation))).toEqual([]);
  });
});

describe("class 2: the terrain of a named country is that country's, never a same-named area elsewhere", () => {
  it.each([
    ["Coffee farmers in the highlands of Ethiopia", "Ethiopia"],
    ["Tea growers in the highlands of Kenya", "Kenya"],
    ["Potato farmers in the highlands of Peru", "Peru"],
  ])("%s: all in %s, mountain people, not in the Scottish Highlands", (prompt, country) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "country")).toBe(country);
    expect(fixedValue(blueprint, "settlement")).toBe("mountain");
    expect(blueprint.unmodelled.filter((entry) => entry.includes("Scottish"))).toEqual([]);
  });
});

describe("class 3: gamer handles are unique within a population wherever the handle space allows", () => {
  const handlesOf = (personas: Array<Record<string, string>>) => personas.map((persona) => / '([^']+)' /.exec(persona.name ?? "")?.[1]).filter((handle): handle is string => handle !== undefined);
  it.each(["Gen Z gamers in Seoul", "Twitch streamers in Brazil", "Esports players in Poland"])("%s: 200 players, 200 handles", async (prompt) => {
    const handles = handlesOf(await personasOf(prompt, 200));
    expect(handles.length).toBe(200);
    expect(new Set(handles).size).toBe(200);
  });

  it("beyond the 880 handles of the lists, a lettered form keeps them unique (no digits to read as an age), the same for the same seed", async () => {
    const first = handlesOf(await personasOf("Pro gamers in Shanghai", 1000));
    expect(first.length).toBeGreaterThan(880);
    expect(new Set(first).size).toBe(first.length);
    expect(first.filter((handle) => /\d/.test(handle))).toEqual([]);
    expect(handlesOf(await personasOf("Pro gamers in Shanghai", 1000))).toEqual(first);
  }, 60_000);
});
