/**
 * Session 15's reading of the offline engine (issue 16, O1): work, ways of life and text fitted to
 * who the persona is and where they work. Each describe is a class of defect, found with one prompt
 * (the review's witnesses, /work/notes/s14/R-findings.md) and checked here with prompts the fix was
 * not written for.
 */
import { describe, expect, it } from "vitest";
import { design, personasOf } from "./offline-reading.ts";
import { cityOf, countryNamed } from "../../src/offline/knowledge/index.ts";

type Persona = Record<string, string>;
const textOf = (persona: Persona) => `${persona.backstory} ${persona.goals}`;
/** The sentences of the personas `which` selects that match `pattern`, by name, for a readable failure. */
const saying = (personas: Persona[], pattern: RegExp, which: (persona: Persona) => boolean = () => true) =>
  personas.filter(which).flatMap((persona) => textOf(persona).split(/(?<=[.!?])\s+/).filter((sentence) => pattern.test(sentence)).map((sentence) => `${persona.name} (${persona.age}): ${sentence}`));

/** A trade's, a merchant ship's, a shop's, a boardroom's or an office's lines: true only at the job's own usual workplaces. */
const OWN_WORKPLACE_ONLY = /\b(?:quoting for jobs|explaining the problem to customers|drawings that do not match the building|other trades on site|customers who (?:haggle|recommend)|securing the cargo|bringing the ship into port|between ports|pilots who bring the ship in|restocking shelves|counting the till|returns without a receipt|board meeting|keeping investors happy|answering calls from clients|colleagues in other branches|the managers upstairs)\b/i;
/** A farm owner's or an office employee's lines: no picker, labourer or employee of a plantation has them. */
const OWNERS_AND_OFFICES = /\b(?:buyers?|auction day|keeping the books|subsid(?:y|ies)|planning what to plant|price of feed|team meetings|restructuring|Friday drinks)\b/i;

describe("class 1 (R1): a known job at another group's workplace is written as worked there", () => {
  // 'Coal mine electricians in Kentucky' quoted for jobs; 'Hotel owners on the Costa del Sol' counted the till.
  it.each(["Oil rig electricians in Aberdeen", "Gold mine welders in Nevada", "Copper mine accountants in Chile", "Cargo ship cooks in Rotterdam", "Lobster boat deckhands in Maine", "Coffee plantation managers in Colombia"])("%s: none of the job's own-workplace lines", async (prompt) => {
    expect(saying(await personasOf(prompt, 16), OWN_WORKPLACE_ONLY)).toEqual([]);
  });

  it.each([
    ["Gold mine welders in Nevada", /\b(?:the shift change|the cage going down|coming back up into daylight|the shift bosses|the union|the lamp room)\b/i],
    ["Oil rig electricians in Aberdeen", /\b(?:the helicopter out to the rig|the crew change|a long hitch|the helideck|the offshore installation manager)\b/i],
  ])("%s: what everyone at the place knows is theirs", async (prompt, place) => {
    const personas = await personasOf(prompt, 16);
    expect(personas.filter((persona) => place.test(textOf(persona))).length).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ["Dairy farm managers in Wisconsin", /\b(?:herd|animals|calving|a birth in the middle of the night|grazing)\b/i],
    ["Guesthouse owners in Cornwall", /\b(?:guests?|bookings|housekeeping|the season)\b/i],
    ["Motel owners in Arizona", /\b(?:guests?|bookings|housekeeping|the season)\b/i],
  ])("%s: who runs a workplace is written by the workplace's work", async (prompt, own) => {
    const personas = await personasOf(prompt, 16);
    expect(personas.filter((persona) => own.test(textOf(persona))).length).toBeGreaterThanOrEqual(12);
    expect(saying(personas, OWN_WORKPLACE_ONLY)).toEqual([]);
  });
});

describe("class 1 at a hospital or a care home: the trades there work among patients and residents", () => {
  // 'Night-shift security guards at hospitals in Johannesburg' (read at the end of session 15): "doing the rounds of a quiet building", "locking up after everyone has gone".
  it.each(["Hospital security guards in Chicago", "Hospital cleaners in Dublin", "Care home cooks in Leeds", "Hospice cleaners in Glasgow"])("%s: none of the trade's own-workplace lines, the place's people", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:quiet building|locking up after everyone has gone|offices after hours|other people's homes|the hotel's guest floors|customers who send back|the Friday night rush|staff who call in sick on Saturdays)\b/i)).toEqual([]);
    expect(personas.filter((persona) => /\b(?:patients?|residents?|nurses|porters|visiting time|wards?|care staff)\b/i.test(textOf(persona))).length).toBeGreaterThanOrEqual(6);
  });

  it.each(["Hospice nurses in Ireland", "Hospital pharmacists in Toronto"])("%s: the place's own professions keep their own days", async (prompt) => {
    expect(saying(await personasOf(prompt, 16), /\b(?:the entrance to the emergency department|the hospital car park|the lounge where the residents gather|the kitchen behind the dining room)\b/i)).toEqual([]);
  });
});

describe("class 2 (R4, R15): hands are no farm owners, the tropics have no frost, poor rural homes no job boards", () => {
  // 'Tea plantation pickers in Assam' argued with buyers and kept the books; 'Subsistence farmers in Malawi' went to auction day.
  it.each(["Orchard workers in Kent", "Sugar plantation workers in Fiji", "Rubber plantation tappers in Malaysia", "Coffee plantation pickers in Kenya"])("%s: no buyers, auctions, books, subsidies, plans for next season or office life", async (prompt) => {
    expect(saying(await personasOf(prompt, 16), OWNERS_AND_OFFICES)).toEqual([]);
  });

  // Who grows for the household plans the next planting, but sells to no buyers and keeps no books.
  it.each(["Subsistence farmers in Haiti", "Smallholder farmers in Uganda", "Subsistence farmers in Zambia"])("%s: no buyers, auctions, books or subsidies", async (prompt) => {
    expect(saying(await personasOf(prompt, 16), /\b(?:buyers?|auction day|keeping the books|subsid(?:y|ies)|price of feed|seasonal workers)\b/i)).toEqual([]);
  });

  // 'Tea plantation pickers in Assam' (Dispur, subtropical) had "the first frost"; 'Poor rural families in Guatemala' winter heating bills.
  it.each(["Farmers in Ghana", "Coffee growers in Uganda", "Retirees in Singapore", "Cattle farmers in Paraguay", "Families in Manila"])("%s: no frost, snow or heating bills", async (prompt) => {
    expect(saying(await personasOf(prompt, 20), /\b(?:frost|frosty|snow|snowfall|heating bills|the cost of heating|central heating|radiator)\b/i)).toEqual([]);
  });

  it("a cold climate keeps its frost: 'Farmers in Saskatchewan'", async () => {
    expect(saying(await personasOf("Farmers in Saskatchewan", 30), /\b(?:frost|snow)\b/i).length).toBeGreaterThan(0);
  });

  it.each(["Poor rural families in Mexico", "Low-income families in rural Brazil", "Poor rural households in Colombia"])("%s: no job boards, bathroom rota, lie-ins or book club", async (prompt) => {
    expect(saying(await personasOf(prompt, 20), /\b(?:job boards|bathroom rota|lie-ins?|book club)\b/i)).toEqual([]);
  });
});

describe("class 3 (R16, R6): recluses keep no social work, past years no modern comforts, a realm no office", () => {
  // 'Hermits in the Scottish Highlands': recluse farmers among the seasonal workers, potters among their apprentices.
  it.each(["Recluses in the Yukon", "Hermits in the Pyrenees", "Hermits living in rural Japan"])("%s: recluses share their work with nobody", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    const recluse = (persona: Persona) => /recluse/.test(persona.way_of_life ?? "");
    expect(personas.filter(recluse).length).toBeGreaterThan(10);
    expect(saying(personas, /\b(?:colleagues|seasonal workers|buyers?|extension officers|apprentices?|the crew|suppliers|customers|the union|co-operative|market day|the other trades)\b/i, recluse)).toEqual([]);
  });

  // 'Sailors in the Royal Navy in 1805' longed for "a long hot shower".
  it.each(["Farmers in 1820", "Coopers in 1750", "Weavers in 1840"])("%s: nothing their year did not have", async (prompt) => {
    expect(saying(await personasOf(prompt, 16), /\b(?:hot showers?|central heating|playlists?|podcasts?|co-operative|extension officers|subsid(?:y|ies)|call in sick|colleagues who are stuck)\b/i)).toEqual([]);
  });

  // 'Dwarven miners in a fantasy mountain kingdom': "keeping things running when others call in sick" 6 times.
  it.each(["Dwarven miners in a fantasy mountain kingdom", "Dwarven smiths in a fantasy realm", "Orc warriors in a fantasy world"])("%s: a realm's people live the realm's life, not an office's", async (prompt) => {
    expect(saying(await personasOf(prompt, 16), /\b(?:call in sick|colleagues who are stuck|usual place of work|inbox|emails?)\b/i)).toEqual([]);
  });
});

describe("class 4: performers by kind", () => {
  // 'Opera singers in Vienna' were one generic performer: auditions, agents, "a battered script", "small venues across the city".
  const KINDS: Array<[string, RegExp, RegExp]> = [
    ["Sopranos in Milan", /\b(?:répétiteurs?|vocal score|the voice|opera house|role)\b/i, /\b(?:battered script|self-tapes?|small venues|big top|barre|instrument case)\b/i],
    ["Violinists in Vienna", /\b(?:the section|the conductor|bowings|parts?|symphony|orchestra)\b/i, /\b(?:battered script|self-tapes?|small venues|big top|barre|vocal score)\b/i],
    ["Theatre actors in Chicago", /\b(?:lines|read-through|cast|run|callback|self-tapes?)\b/i, /\b(?:instrument case|big top|barre|vocal score|the section)\b/i],
    ["Ballet dancers in Paris", /\b(?:barre|choreograph\w*|class|the company|physio)\b/i, /\b(?:battered script|self-tapes?|instrument case|big top|vocal score)\b/i],
  ];
  it.each(KINDS)("%s: their own kind's days, none of another kind's", async (prompt, own, other) => {
    const personas = await personasOf(prompt, 16);
    expect(personas.filter((persona) => own.test(textOf(persona))).length).toBeGreaterThanOrEqual(12);
    expect(saying(personas, other)).toEqual([]);
  });
});

describe("class 5: where the work is (O2's asks)", () => {
  const valuesOf = (prompt: string, name: string): string[] => {
    const field = design(prompt).fields.find((candidate) => candidate.name === name);
    const specs = [field?.categorical, ...(field?.conditionals ?? []).map((conditional) => conditional.categorical)];
    return [...new Set(specs.flatMap((spec) => Object.entries(spec?.weights ?? {}).filter(([, weight]) => weight > 0).map(([value]) => value)))];
  };

  // 'Dock workers in Port Nowhere': 1 in 40 in Addis Ababa, the world mix's landlocked countries kept for work on the coast.
  it.each(["Dock workers", "Lobster fishermen", "Fishermen in coastal villages"])("%s: the coast asked for, no landlocked country drawn", (prompt) => {
    const countries = valuesOf(prompt, "country");
    expect(countries.length).toBeGreaterThan(10);
    expect(countries.filter((name) => countryNamed(name)?.cities.every((city) => !city.coastal))).toEqual([]);
  });

  // 'Banana plantation workers in Ecuador' lived in Quito and Guayaquil.
  it.each(["Palm oil plantation workers in Indonesia", "Coffee plantation workers in Brazil", "Cocoa plantation workers in Ivory Coast"])("%s: a plantation's employees live near small towns, not in the big cities", (prompt) => {
    const country = countryNamed(valuesOf(prompt, "country")[0] ?? "");
    expect(country).toBeDefined();
    const cities = valuesOf(prompt, "city");
    expect(cities.length).toBeGreaterThan(3);
    expect(cities.filter((name) => (country ? (cityOf(country, name)?.population ?? 0) : 0) >= 100_000)).toEqual([]);
  });
});

describe("the lead's untuned reads (session 15)", () => {
  // 'Software engineers in Bangalore': "With 13 years as a data scientist behind him" at 26 (13 years of writing code).
  it.each(["Backend developers in Warsaw", "Programmers in São Paulo", "Software engineers in Lagos"])("%s: years of writing code are not years in the role", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    const coders = (persona: Persona) => persona.years_coding !== undefined && persona.years_experience === undefined;
    expect(personas.filter(coders).length).toBeGreaterThan(8);
    expect(saying(personas, /\byears? (?:as an? |on the job|into being)/, coders)).toEqual([]);
  });

  // 'Street food vendors in Bangkok': "could do without early mornings in winter".
  it.each(["Market traders in Lagos", "Fishermen in Sri Lanka", "Street food vendors in Jakarta", "Bus drivers in Manila"])("%s: the tropics have no winter", async (prompt) => {
    expect(saying(await personasOf(prompt, 16), /\b(?:winters?|wintry)\b/i)).toEqual([]);
  });

  // 'Street food vendors in Bangkok' worked "a workshop behind the shop" and "a van parked at the usual corner", with apprentices.
  it.each(["Taco vendors in Mexico City", "Food stall owners in Hanoi", "Hawkers in Kuala Lumpur"])("%s: a street vendor works a stall or a cart", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:workshop behind the shop|van parked|the apprentices|shop counter)\b/i)).toEqual([]);
    expect(personas.filter((persona) => /\b(?:stall|cart|pitch|night market)\b/i.test(textOf(persona))).length).toBeGreaterThanOrEqual(8);
  });
});
