/**
 * Session 14's reading of the offline engine (issue 16, O1): ways of life, home life and text fitted
 * to who the persona is. Each describe is a class of defect, found with one prompt (the brief's and
 * the review's witnesses, /work/notes/s13/R-findings.md) and checked here with prompts the fix was
 * not written for. Each failed before its fix, except where it says it guards what the fix brought
 * (a parent of 45 is given no toddlers by the lines written for parents under 30).
 */
import { describe, expect, it } from "vitest";
import { personasOf } from "./offline-reading.ts";
import { textKnowledge } from "../../src/offline/knowledge/text-data.ts";

type Persona = Record<string, string>;
const textOf = (persona: Persona) => `${persona.backstory} ${persona.goals}`;
/** The sentences of the personas `which` selects that match `pattern`, by name, for a readable failure. */
const saying = (personas: Persona[], pattern: RegExp, which: (persona: Persona) => boolean = () => true) =>
  personas.filter(which).flatMap((persona) => textOf(persona).split(/(?<=[.!?])\s+/).filter((sentence) => pattern.test(sentence)).map((sentence) => `${persona.name} (${persona.age}): ${sentence}`));

/** What only a parent of school-age or older children does or fears. */
const SCHOOL_AGE_CHILDREN = /\b(?:permission slips?|school plays?|homework|school reports?|screen time|teenage|school uniforms?|get the (?:eldest|youngest) through exams|school trips?|weekend matches|football kits?|driving to and from practice|squabbles over the remote)\b/i;
/** What only a parent of babies and toddlers does. */
const LITTLE_CHILDREN = /\b(?:toddlers?|nursery|daycare|picture book|first steps|first words|nappies|diapers|childproofing|baby things)\b/i;
const PARENT = (persona: Persona) => /parent/.test(persona.household ?? "");

describe("class 1: a parent's children are as old as the parent allows", () => {
  // 'Young mothers in Lagos': mothers of 20-34 signing permission slips and worrying about screen time.
  it.each(["Young parents in Melbourne", "Young dads in Auckland", "Single mothers in Johannesburg"])("%s: parents under 30 have no school-age or teenage children's days", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(personas.filter((persona) => PARENT(persona) && Number(persona.age) < 30).length).toBeGreaterThan(2);
    expect(saying(personas, SCHOOL_AGE_CHILDREN, (persona) => PARENT(persona) && Number(persona.age) < 30)).toEqual([]);
  });

  // Guards the fix: the lines for parents under 30 go to no parent of 45 or over.
  it.each(["Mothers in Dublin", "Fathers in Chicago", "Single mothers in Johannesburg"])("%s: parents of 45 and over have no toddlers", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(personas.filter((persona) => PARENT(persona) && Number(persona.age) >= 45).length).toBeGreaterThan(2);
    // A childcare worker's own job is little children; the parent's home life is what is checked.
    const atHome = (persona: Persona) => PARENT(persona) && Number(persona.age) >= 45 && !/childcare|nursery|nanny|preschool|kindergarten/.test(String(persona.occupation));
    expect(saying(personas, LITTLE_CHILDREN, atHome)).toEqual([]);
  });

  // Review R13 of session 14: 'Fathers in their sixties in Ohio' cooked for teenagers and filled in college applications.
  it.each(["Mothers in their sixties in Lyon", "Fathers in their late fifties in Toronto", "Parents in their sixties in Cork"])("%s: parents of 55 and over have grown children, no teenagers or toddlers", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    const older = (persona: Persona) => PARENT(persona) && Number(persona.age) >= 55;
    expect(personas.filter(older).length).toBeGreaterThan(5);
    expect(saying(personas, /\bteenagers?\b|university applications|college applications|\bexams?\b/i, older)).toEqual([]);
    expect(saying(personas, LITTLE_CHILDREN, older)).toEqual([]);
  });

  it.each(["Young parents in Melbourne", "Young dads in Auckland", "Young mothers in Accra"])("%s: a parent shares no house with housemates", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\bhousemates?\b|student debt/i, PARENT)).toEqual([]);
  });
});

describe("class 1 (also): a widow's years of marriage follow the widow's age, and the family day is the country's day of rest", () => {
  // 'Young widows in rural Bangladesh' (read at the end of session 14): "cooking for one after decades of cooking for two" at 26, the grave visited on Sundays.
  it.each(["Young widows in Lima", "Young widowers in Manchester", "Young widows in Kyiv"])("%s: widowed under 45, nobody was married for decades", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    const young = (persona: Persona) => persona.marital_status === "widowed" && Number(persona.age) < 45;
    expect(personas.filter(young).length).toBeGreaterThan(5);
    expect(saying(personas, /\bdecades\b/i, young)).toEqual([]);
  });

  it.each(["Widows in Riyadh", "Single mothers in Kuwait City", "Divorced fathers in Doha"])("%s: where the week rests on Friday, no situation of theirs falls on a Sunday", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\bSundays?\b/)).toEqual([]);
  });
});

describe("class 1 (also): a job seeker's worries follow the job seeker's age", () => {
  // 'Young widows in rural Bangladesh' (read at the end of session 14): a job seeker of 23 worried about being too old for the openings.
  it.each(["Unemployed young people in Madrid", "Young job seekers in Johannesburg", "Unemployed youth in Nairobi"])("%s: nobody under 30 is too old for the openings", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    const young = (persona: Persona) => Number(persona.age) < 30;
    expect(personas.filter((persona) => young(persona) && /job seeker|unemployed/.test(persona.occupation ?? "")).length).toBeGreaterThan(5);
    expect(saying(personas, /too old/i, young)).toEqual([]);
  });
});

describe("class 2: comforts, chores and hobbies follow the country's income and the kind of place", () => {
  // 'Job seekers in Lagos': "queuing at the employment office", "a long hot shower", a book club that drinks wine.
  it.each(["Job seekers in Nairobi", "Unemployed graduates in Dhaka", "Market traders in Accra", "Shop assistants in Karachi", "Bus drivers in Kampala"])("%s: none of a rich country's welfare office, hot showers, dishwashers or book clubs", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\b(?:employment office|hot shower|dishwasher|central heating|radiator|book club|student debt|retail park|mowing the lawn)\b/i)).toEqual([]);
  });

  // 'Midwives in rural Ghana': "wading through flooded streets", "a playlist for every mood".
  it.each([["Midwives in rural Uganda", 20], ["Teachers in rural Kenya", 40], ["Teachers in rural Nepal", 20], ["Farmers in rural Ireland", 20], ["Vets in rural Scotland", 20]] as const)("%s (%i personas): no town streets, parks or late-night shops downstairs", async (prompt, count) => {
    const personas = await personasOf(prompt, count);
    expect(personas.filter((persona) => persona.settlement === "rural").length).toBeGreaterThan(count / 2);
    expect(saying(personas, /\b(?:flooded streets|in the park|downstairs|retail park|escaping the city)\b/i, (persona) => persona.settlement === "rural")).toEqual([]);
  });

  it.each(["Teachers in rural Nepal", "Nurses in rural Zambia", "Villagers in rural Malawi"])("%s: poor rural places have no playlists, podcasts or lie-ins", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\b(?:playlists?|podcasts?|lie-ins?|hot shower|sofa)\b/i, (persona) => persona.settlement === "rural")).toEqual([]);
  });
});

describe("class 3: a way of life removes every line it contradicts, a frame's own words too", () => {
  // R9 'Hermits in Tasmania': "cooks pavlova for a crowd", a co-working space, other freelancers.
  it.each(["Hermits in the Swiss Alps", "Recluses in Montana", "Hermits in New Zealand"])("%s: no crowds, friends visiting, co-working, freelancers, partner or kids", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\bfor a crowd\b|whenever friends visit|co-working|freelancers|\bpartner\b|\bkids\b|housemates/i)).toEqual([]);
  });

  // Review R16 of session 14: recluse farmers "among the seasonal workers", a hard buyer, checking on people who have gone quiet.
  it.each(["Hermits in Iceland", "Recluses in the Yukon", "Hermits in rural Wales"])("%s: a recluse's work has no crowd of workers, buyers or people checked on", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /seasonal workers|extension officers|\bbuyers?\b|checking on people who have gone quiet|the one supermarket/i)).toEqual([]);
  });

  // R7 'Members of a motorcycle club in Texas': nobody rides; 'Members of a choir in Wales' play open-mic nights.
  it.each(["Members of a motorcycle club in Ohio", "Bikers in Arizona", "Motorcyclists in Bavaria"])("%s: they ride motorcycles", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => persona.activity !== "motorcycling").map((persona) => persona.name)).toEqual([]);
    expect(personas.filter((persona) => !/\b(?:ride|rides|riding|rally|rallies|bike|biker|motorcycl\w*|helmet|tyre|tire)\b/i.test(textOf(persona))).map((persona) => persona.name)).toEqual([]);
  });

  it.each(["Members of a choir in Cornwall", "Choir members in Oslo", "Members of a male voice choir in Wales"])("%s: a choir sings, it does not play open-mic nights", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => persona.activity !== "choir singing").map((persona) => `${persona.name}: ${persona.activity}`)).toEqual([]);
    expect(saying(personas, /open-mic|learning songs by ear|in a band/i)).toEqual([]);
  });
});

/** The office catch-all's lines, written for a job the text knows nothing of. */
const CATCH_ALL = /keeping things running when others call in sick|helping colleagues who are stuck|the parts? of the job nobody teaches|getting through the day's list|sorting out problems before they grow/i;

describe("class 3 (also): a carer paid in an industry works; only a home of their own is a homemaker's", () => {
  // 'Teenage carers in Leeds' (read at the end of session 14): carers in health care given a homemaker's school runs and children's small victories.
  it.each(["Carers in Glasgow", "Carers in Sydney", "Carers in Auckland"])("%s: no school runs, family calendar or part-time work around the family", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(personas.filter((persona) => persona.occupation === "carer" && persona.industry).length).toBeGreaterThan(10);
    expect(saying(personas, /school runs|family's calendar|children's small victories|fits around the family|runs a busy home|keeps the household going/i, (persona) => persona.occupation === "carer")).toEqual([]);
  });
});

describe("class 4: a job known only by its industry is written by the industry, and a job's own activity is no pastime", () => {
  // 'Fishing boat captains in Newfoundland': the office catch-all, and fishing as a 1-hour-a-week hobby.
  it.each(["Crab boat captains in Maryland", "Oil rig supervisors in Aberdeen", "Vineyard supervisors in Mendoza", "Tea plantation supervisors in Assam", "Logging camp bosses in British Columbia"])("%s: none of the office catch-all", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => persona.industry).length).toBe(12);
    expect(saying(personas, CATCH_ALL)).toEqual([]);
  });

  it.each([["Professional gardeners in Kent", "gardening"], ["Professional sailors in Auckland", "sailing"]] as const)("%s: %s is their work, not also a hobby", async (prompt, activity) => {
    const personas = await personasOf(prompt, 12);
    expect(saying(personas, new RegExp(`\\b(?:hours? a week into|been into|loved|became an? \\w+ (?:young|late in life|years ago))\\b[^.]*${activity}|${activity}[^.]*\\bever since\\b`, "i"))).toEqual([]);
  });
});

describe("class 5: a retired person's old work is remembered, not still done", () => {
  // 'Retired coal miners in Wales': "Retirement has not cured this former coal miner of working long rotations".
  it.each(["Retired steelworkers in Sheffield", "Retired fishermen in Cornwall", "Retired truck drivers in Ohio", "Retired nurses in Florida"])("%s: no habit of the old job kept up", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(saying(personas, /Retirement has not cured|still catch(?:es)? (?:himself|herself|themselves)|old habits/i)).toEqual([]);
  });
});

describe("class 6: a visitor's job is at home, not where the trip has taken them", () => {
  // 'Tourists in Paris': "Most days she is at the stockroom, restocking shelves" while visiting Paris.
  it.each(["Tourists in Rome", "Foreign tourists in Kyoto", "Pilgrims in Lourdes", "Holidaymakers in Mallorca"])("%s: no working day told as if they were at work now", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    const workers = (persona: Persona) => !/retire|student|homemaker|job seeker/.test(persona.occupation ?? "");
    expect(personas.filter(workers).length).toBeGreaterThan(5);
    expect(saying(personas, /^(?:Most days (?:she|he|they) (?:is|are) at|A typical day:|The job means|As an? [^,]+, (?:her|his|their) working (?:days|weeks) go on|(?:She|He|They) spends? (?:long hours|most of the week) at)/, workers)).toEqual([]);
  });
});

describe("a workplace is read after 'at', so none is a place one is on or in", () => {
  // 'Elderly fishermen in rural Japan' (read at the end of session 14): "spends most days at the deck", "at the wheelhouse".
  it("no work group's workplace is a deck, wheelhouse, cockpit, bridge, wings, cab, bare stage or saddle", () => {
    const onOrIn = /^(?:the |a |an )?(?:\w+ )?(?:deck|wheelhouse|cockpit|bridge|wings|cab|stage|saddle)(?: of [\w ]+)?$/i;
    expect(textKnowledge().work.flatMap((group) => group.workplaces.filter((place) => onOrIn.test(place)).map((place) => `${group.id}: ${place}`))).toEqual([]);
  });
});
