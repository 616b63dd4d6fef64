/**
 * Session 16's reading of the offline engine (issue 16, O1): one workplace per persona, performers
 * and trades by kind, what the understanding gives that the text used to ignore, and lines that
 * assume a place the persona is not in. Each describe is a class of defect, found with one prompt
 * (the review's and the lead's witnesses, /work/notes/s15/R-findings.md and O-shared.md) and
 * checked here with prompts the fix was not written for.
 */
import { describe, expect, it } from "vitest";
import { design, possibleValues, personasOf, type Design } from "./offline-reading.ts";
import { workGroupOf } from "../../src/offline/text/profile.ts";

type Persona = Record<string, string>;
const textOf = (persona: Persona) => `${persona.backstory} ${persona.goals}`;
/** The sentences of the personas `which` selects that match `pattern`, by name, for a readable failure. */
const saying = (personas: Persona[], pattern: RegExp, which: (persona: Persona) => boolean = () => true) =>
  personas.filter(which).flatMap((persona) => textOf(persona).split(/(?<=[.!?])\s+/).filter((sentence) => pattern.test(sentence)).map((sentence) => `${persona.name} (${persona.age}): ${sentence}`));
const withText = (personas: Persona[], pattern: RegExp) => personas.filter((persona) => pattern.test(textOf(persona))).length;

/** The places of the persona's work group its text names: the words of each phrase up to any slot or choice ("a shed full of tools older than {them}"). */
function workplacesNamed(persona: Persona): string[] {
  const group = workGroupOf(persona.occupation);
  if (!group) return [];
  const text = textOf(persona);
  const named = group.workplaces.map((phrase) => phrase.split(/[{[]/)[0]!.trim()).filter((stem) => stem.length > 6 && text.includes(stem));
  // "the quay" inside "the fish quay" is one place.
  return [...new Set(named)].filter((stem, _, all) => !all.some((other) => other !== stem && other.includes(stem)));
}

describe("class 1: one persona, one workplace, chosen once and said by every line", () => {
  // 'Gen Z gamers in Seoul': a cleaner "mostly at offices after hours", then "At the hotel's guest floors, she is warm".
  it.each(["Cleaners in Madrid", "Plumbers in Denver", "Nurses in Cork", "Young professionals in Nairobi", "Retail workers in Birmingham"])("%s: no text names two of its group's places of work", async (prompt) => {
    const personas = await personasOf(prompt, 24);
    const twice = personas.filter((persona) => workplacesNamed(persona).length > 1).map((persona) => `${persona.name}: ${workplacesNamed(persona).join(" + ")}`);
    expect(twice).toEqual([]);
    // Not vacuous: most texts do say where they work.
    expect(personas.filter((persona) => workplacesNamed(persona).length === 1).length).toBeGreaterThanOrEqual(6);
  });

  it("a population still spreads over the group's places: cleaners are not all at one", async () => {
    const personas = await personasOf("Office and home cleaners in Lisbon", 40);
    expect(new Set(personas.flatMap(workplacesNamed)).size).toBeGreaterThanOrEqual(2);
  });
});

const THEATRE = /\b(?:before curtain|opening night|land a lead role|a battered script|auditions? that go nowhere|the rest of the company|standing ovation)\b/i;

describe("class 2: performers and trades by kind, kinds the text had not seen", () => {
  // R15-8 'Jazz musicians in New Orleans': "the minutes before curtain", "opening night".
  it.each(["Jazz musicians in Chicago", "Folk singers in Galway", "Blues musicians in Memphis", "Session musicians in Los Angeles"])("%s: gigs, sets and bands, not a theatre's curtain and lead roles", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, THEATRE)).toEqual([]);
    expect(withText(personas, /\b(?:sets?|gigs?|soundcheck|the band|bookings?|venues?|jamming|tunes)\b/i)).toBeGreaterThanOrEqual(8);
  });

  it.each(["Stand-up comedians in Toronto", "Comedians in Melbourne"])("%s: material, open mics and laughs", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, THEATRE)).toEqual([]);
    expect(withText(personas, /\b(?:material|open.mics?|hecklers?|laughs?|comics?|jokes?)\b/i)).toBeGreaterThanOrEqual(8);
  });

  it.each(["Street magicians in Prague", "Street magicians in Marrakesh"])("%s: a street pitch and passers-by, not an office", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(withText(personas, /\b(?:pitch|passers-by|the square|crowd|the people who stop)\b/i)).toBeGreaterThanOrEqual(6);
    expect(saying(personas, /\b(?:team meetings|call in sick|colleagues who are stuck)\b/i)).toEqual([]);
  });

  // R15-9 'Hermits living in the Scottish Highlands': a carpenter "at customers' homes, quoting for jobs", a potter "selling at craft fairs".
  it.each(["Recluses living in the Norwegian mountains", "Hermits in the Yukon", "Recluses in rural Montana"])("%s: a recluse's trade has no customers, quotes, fairs or apprentices", async (prompt) => {
    expect(saying(await personasOf(prompt, 20), /\b(?:customers?|quoting for jobs|craft fairs?|other trades on site|apprentices?|book club)\b/i)).toEqual([]);
  });

  // R15-10 'Cannery workers in Alaska': the office catch-all ("keeping things running when others call in sick").
  it.each(["Salmon cannery workers in British Columbia", "Abattoir workers in New Zealand", "Meatpacking plant workers in Nebraska"])("%s: the line and the cold store, not an office", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:call in sick|colleagues who are stuck|team meetings|restructuring)\b/i)).toEqual([]);
    expect(withText(personas, /\b(?:the line|processing line|packing hall|cold store|shift)\b/i)).toBeGreaterThanOrEqual(8);
  });

  // R16-14 'Rickshaw drivers in Dhaka', 'Tuk-tuk drivers in Bangkok': "keeping the car spotless", "the airport pick-up lane", "a five-star rating".
  it.each(["Tuk-tuk drivers in Phnom Penh", "Auto-rickshaw drivers in Chennai", "Okada riders in Lagos"])("%s: fares, the stand and the traffic, not a taxi car's airport lane and ratings", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:the car|a car|airport|ratings?|parking tickets|dispatch)\b/i)).toEqual([]);
    expect(withText(personas, /\b(?:fares?|the stand|traffic|passengers)\b/i)).toBeGreaterThanOrEqual(8);
  });

  it.each(["Shipyard welders in Glasgow", "Quarry workers in Cornwall", "Brewery workers in Dublin"])("%s: the place's own work, not a trade's customers", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:quoting for jobs|customers' homes|explaining the problem to customers|call in sick|team meetings)\b/i)).toEqual([]);
    expect(withText(personas, /\b(?:hull|dry dock|slipway|launch|shipyard|the ship|quarry|blast|crusher|brewhouse|bottling|kegs?|batch|brew)\b/i)).toBeGreaterThanOrEqual(8);
  });
});

describe("class 3: what the understanding gives is written", () => {
  // 'Village elders in rural Bangladesh': no line said they were elders.
  it.each(["Tribal elders in Kenya", "Clan elders in Somalia", "Village chiefs in Malawi", "Community elders in rural Peru"])("%s: their standing in the community is in the text", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(withText(personas, /\b(?:elders?|chiefs?|headman|disputes?|quarrels?|customary court|counsel)\b/i)).toBeGreaterThanOrEqual(8);
  });

  it.each(["Young carers in Leeds", "Teenage carers in Sydney"])("%s: a child's caring, as a young carer", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(withText(personas, /\ba young carer\b/)).toBeGreaterThanOrEqual(4);
    expect(saying(personas, /\bburnout\b|juggling appointments/i)).toEqual([]);
  });

  it.each(["Grandmothers in Lisbon", "Grandfathers in Krakow"])("%s: grandchildren in their days", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(withText(personas, /\bgrand(?:children|mother|father|parent)\b/i)).toBeGreaterThanOrEqual(8);
  });

  it.each(["Salmon farm workers in Scotland", "Fish farm workers in Chile"])("%s: pens, nets and feed, not a fishing boat's wheel", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(saying(personas, /\b(?:at the wheel|setting out before dawn|the helm of a boat|the first haul|coming back into harbour)\b/i)).toEqual([]);
    expect(withText(personas, /\b(?:pens?|nets?|feed|hatchery|stock|moorings)\b/i)).toBeGreaterThanOrEqual(8);
  });

  // 'Cruise ship workers in Miami' drew restaurant owners and short-term rental hosts.
  it.each(["Cruise ship workers in Fort Lauderdale", "Hotel staff in Cancun", "Restaurant workers in Rome"])("%s: a workplace's employees are none of its owners or hosts", (prompt) => {
    expect(possibleValues(design(prompt), "occupation").filter((occupation) => /\b(?:owner|host|proprietor)\b/.test(occupation))).toEqual([]);
  });
});

describe("class 4: no line assumes a place the persona is not in", () => {
  // 'Village elders in rural Bangladesh': a waiter "at a hotel lobby", "the first coffee of the day", crosswords with the morning coffee.
  it.each(["Rice farmers in rural Cambodia", "Schoolteachers in rural Malawi", "Shopkeepers in rural Nepal", "Tribal elders in rural Ethiopia"])("%s: no café, hotel lobby, morning coffee or crosswords in a poor village", async (prompt) => {
    expect(saying(await personasOf(prompt, 20), /\b(?:café|cafe|hotel lobby|first coffee|morning coffee|crosswords)\b/i)).toEqual([]);
  });

  // R15-4 'Sailors in a round-the-world yacht race': a weekly pastime of 1-7 hours; R16-16 pro cyclists wrote as footballers ("the final whistle", "match day").
  it.each([
    ["Skippers in a round-the-world yacht race", /\b(?:watch(?:es)?|sails?|legs?|crew|skipper|the helm|the boat)\b/i],
    ["Cyclists in the Vuelta a España", /\b(?:stages?|climbs?|the team|grand tour|breakaway|the bunch)\b/i],
    ["Riders in the Giro d'Italia", /\b(?:stages?|climbs?|the team|grand tour|breakaway|the bunch)\b/i],
  ])("%s: the event fills their working life, written as racing for a living", async (prompt, own) => {
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => persona.hours_per_week !== undefined)).toEqual([]);
    expect(saying(personas, /\b(?:final whistle|match day|the pitch|customers|the fish quay|the harbour master)\b/i)).toEqual([]);
    expect(withText(personas, own)).toBeGreaterThanOrEqual(8);
  });
});
