/**
 * Session 13's reading of the offline engine (issue 16, O1): ways of life, visitors and home life
 * fitted to who the persona is. Each describe is a class of defect, found with one prompt (the
 * review's witnesses of /work/notes/s12/R-findings.md F1-F4) and checked here with prompts the fix
 * was not written for. Each failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { sampleStructured } from "../../src/engine/sampler.ts";
import { OfflineWriter } from "../../src/offline/writer.ts";
import { design, personasOf } from "./offline-reading.ts";

type Persona = Record<string, string>;
const textOf = (persona: Persona) => `${persona.backstory} ${persona.goals}`;
/** The personas whose text matches `pattern`, by name and the sentence that does, for a readable failure. */
const saying = (personas: Persona[], pattern: RegExp) =>
  personas.flatMap((persona) => textOf(persona).split(/(?<=[.!?])\s+/).filter((sentence) => pattern.test(sentence)).map((sentence) => `${persona.name}: ${sentence}`));

describe("class 1: a way of life or family background is not denied by the rest of the text", () => {
  // 'Heirs in Monaco': heirs to a family fortune queuing at the employment office, worried about the bills.
  it.each(["Heirs in Monaco", "Heirs in Milan", "Heirs in Hong Kong"])("%s: no job seekers, and no money worries of those who have none", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(personas.filter((persona) => persona.occupation === "job seeker").map((persona) => persona.name)).toEqual([]);
    expect(saying(personas, /\b(?:bills|mortgage|student debt|food budget|save a deposit|jar of coins)\b/i)).toEqual([]);
  });

  // 'Drifters in Nevada': homemakers on the school run who have lived for years in Las Vegas.
  it.each(["Drifters in Nevada", "Vagabonds in France", "Drifters in Queensland"])("%s: nobody keeps a house, settles or pays a mortgage; they pass through", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(personas.filter((persona) => /homemaker|stay-at-home/.test(persona.occupation ?? "")).map((persona) => persona.name)).toEqual([]);
    expect(saying(personas, /\b(?:has settled|has lived for years|calls [^.]* home|mortgage|school runs?|at (?:his|her|their) place|houseplants|dishwasher)\b/i)).toEqual([]);
    expect(personas.filter((persona) => !/drift/i.test(textOf(persona))).map((persona) => persona.name)).toEqual([]);
  });

  // 'Hermits in Wales': recluses having long lunches with old friends, grandchildren visiting on Sundays.
  it.each(["Hermits in Wales", "Recluses in Maine", "Hermits in Norway"])("%s: no friends' lunches, book clubs, volunteering or cafés", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\b(?:friends|old friend|book club|volunteering|long lunches|grandchildren who visit|neighbou?rs|café|cafe|housemates|colleagues)\b/i)).toEqual([]);
  });

  // 'Runaway teens in Los Angeles': close to a younger sibling, Sunday dinner at her place.
  it.each(["Runaway teens in Los Angeles", "Runaways in London", "Teen runaways in Toronto"])("%s: not close to the family they ran from, and no home of their own", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\b(?:parents|sibling|grandparents|family dinners|at (?:his|her|their) place|whenever friends visit)\b/i)).toEqual([]);
  });

  it.each(["Homeless people in Glasgow", "Homeless people in Seattle", "Rough sleepers in Manchester"])("%s: nobody keeps a household or pays a mortgage", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(personas.filter((persona) => /homemaker|stay-at-home/.test(persona.occupation ?? "")).map((persona) => persona.name)).toEqual([]);
    expect(saying(personas, /\b(?:mortgage|school runs?|houseplants|dishwasher|keeps the household going|family's calendar)\b/i)).toEqual([]);
  });

  // 'Nomads in Mongolia': "makes a living as a nomad in Bayankhongor", with the spice jars and the student debt.
  it.each(["Nomads in Mongolia", "Nomads in Kenya", "Nomadic pastoralists in Niger"])("%s: herders on the move, not 'nomads' by trade with a house and a café", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    const adults = personas.filter((persona) => Number(persona.age) >= 18);
    // Herders, or retired from herding in old age (the blueprint gives half of those 65 and over to each).
    expect(adults.filter((persona) => persona.occupation !== "herder" && !(persona.occupation === "retiree" && Number(persona.age) >= 65)).map((persona) => `${persona.name}: ${persona.occupation}`)).toEqual([]);
    expect(saying(personas, /\b(?:(?:works|earns a living|makes a living) as a nomad|has settled|has lived for years|hot shower|book club|wine|bus timetable|coffee shop|takeaway|mortgage)\b/i)).toEqual([]);
  });
});

describe("class 2: a visitor comes from elsewhere and is visiting the place, not living there", () => {
  // 'Pilgrims in Santiago de Compostela': "retiree settled in Santiago", shop assistants of Santiago.
  it.each([
    ["Pilgrims in Santiago de Compostela", "Santiago de Compostela"],
    ["Pilgrims in Lourdes", "Lourdes"],
    ["Tourists in Thailand", "Thailand"],
    ["Tourists in Paris", "Paris"],
    ["Backpackers in Vietnam", "Vietnam"],
    ["Backpackers in Peru", "Peru"],
  ])("%s: from another country, visiting %s, and the blueprint says where visitors come from is assumed", async (prompt, place) => {
    const personas = await personasOf(prompt, 16);
    expect(personas.filter((persona) => !persona.origin_country || persona.origin_country === persona.country).map((persona) => persona.name)).toEqual([]);
    const escaped = place.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(saying(personas, new RegExp(`(?:lives in|living in|settled in|grew up in|based in|has lived for years in|moved a while ago to|calls|home for [^,]*, is) [^.;]*${escaped}`, "i"))).toEqual([]);
    expect(personas.filter((persona) => !/visiting|on a pilgrimage to|backpacking through/.test(persona.backstory ?? "")).map((persona) => persona.name)).toEqual([]);
    expect(design(prompt).unmodelled.some((entry) => /^where .* come from$/.test(entry))).toBe(true);
  });

  // Review R6/R11 (session 13): 'Sightseers in Rome', 'Cruise passengers in Barcelona' were jobs; 'Foreign tourists in Bali'
  // were half retirees, a quarter over 75 (the origin countries' adult ages).
  it.each(["Sightseers in Rome", "Cruise passengers in Barcelona", "Holidaymakers in Crete", "Vacationers in Cancun", "Foreign tourists in Bali"])("%s: visitors, not a job, and mostly of working age", async (prompt) => {
    const personas = await personasOf(prompt, 24);
    expect(personas.filter((persona) => persona.relationship !== "visitor").map((persona) => `${persona.name}: ${persona.relationship}`)).toEqual([]);
    expect(personas.filter((persona) => Number(persona.age) >= 70).length).toBeLessThanOrEqual(3);
  });

  // 'Backpackers on a gap year in Australia' (read at the end of the session): "gap" unmodelled; 'Students on a gap year': "where on a gap year come from".
  it.each(["Backpackers on a gap year in Australia", "Students on a gap year in Thailand"])("%s: a gap year is a backpacker's trip, and what is declared names people", (prompt) => {
    const unmodelled = design(prompt).unmodelled;
    expect(unmodelled.filter((entry) => /\bgap\b|where on /i.test(entry))).toEqual([]);
  });

  it("'1 hours' is never written: an hour a week is singular", async () => {
    // Hobbyists who give their pastime one hour a week, written many times so that the frame naming the hours is drawn.
    const prompt = "Travellers in Japan";
    const blueprint = design(prompt);
    const sampled = sampleStructured(blueprint, 40, 1).map((persona) => ({ ...persona, hours_per_week: 1 }));
    const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 1, count: sampled.length }).writeBatch(sampled, 0);
    const personas = sampled.map((persona, index) => ({ ...persona, ...written[index] }) as unknown as Persona);
    expect(saying(personas, /\b1 hour a week\b/).length).toBeGreaterThan(0);
    expect(saying(personas, /\b1 hours\b/)).toEqual([]);
  });
});

describe("class 3: celibate religious life has no partner, children or grandchildren", () => {
  // 'Catholic priests in Poland': "kids who keep him busy", grandchildren; 'Nuns in Spain': a partner and grandchildren.
  it.each(["Catholic priests in Poland", "Catholic priests in Ireland", "Nuns in Spain", "Buddhist monks in Thailand", "Monks in Greece", "Nuns in Italy"])("%s", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\b(?:partner|spouse|husband|wife|married|kids|grandchild\w*|grandkids|school runs?|dating)\b/i)).toEqual([]);
  });

  it("a married clergy is not made celibate: Anglican vicars may still have a family", async () => {
    const personas = await personasOf("Anglican vicars in England", 30);
    expect(saying(personas, /\b(?:partner|kids|grandchildren)\b/i).length).toBeGreaterThan(0);
  });
});

describe("class 4: pastimes, comforts and the working day fit the place, the way of life and the job's own place of work", () => {
  // 'Nomadic herders in Mongolia': a wine book club, a long hot shower and every bus timetable by heart.
  it.each(["Nomadic herders in Mongolia", "Nomadic herders in Kyrgyzstan", "Nomadic pastoralists in Chad"])("%s: no town comforts of a settled home", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\b(?:hot shower|book club|wine|bus timetable|takeaway|coffee shop|café|lie-ins?|radiator|dishwasher|photos of every meal|fresh sheets|mortgage)\b/i)).toEqual([]);
  });

  it.each(["Goat herders in rural Morocco", "Shepherds in Sardinia", "Dairy farmers in Ireland", "Cattle ranchers in Texas"])("%s: animals are fed every day: no lie-ins", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\blie-ins?\b/i)).toEqual([]);
  });

  // 'Subsistence farmers in Malawi': a long hot shower, a comfortable old sofa and the mortgage; air conditioning in rural Bangladesh.
  it.each(["Subsistence farmers in Malawi", "Rice farmers in rural Bangladesh", "Maize farmers in rural Zambia", "Smallholder farmers in Uganda"])("%s: none of a rich town's comforts", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\b(?:hot shower|sofa|air conditioning|dishwasher|mortgage|a proper holiday|book club|student debt|central heating|radiator|lie-ins?)\b/i)).toEqual([]);
  });

  // 'Seasonal fruit pickers in rural Spain' (read at the end of the session): hired pickers arguing with buyers about prices on a plot in the family for generations.
  it.each(["Seasonal fruit pickers in rural Spain", "Farmworkers in California", "Grape pickers in Bordeaux"])("%s: hired hands, not the farm's owners", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\b(?:arguing with buyers|in the family for generations|keeping the books|members of the co-operative|extension officers|buyers at the market|moving the herd)\b/i)).toEqual([]);
  });

  // 'Buskers in Dublin': the office catch-all ('helping colleagues who are stuck'); street musicians at 'the wings'.
  it.each(["Buskers in Dublin", "Street musicians in Berlin", "Buskers in Melbourne"])("%s: a pitch in the street, not a stage, an office or auditions", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\b(?:the wings|the stage|rehearsal rooms?|curtain|auditions?|auditioning|colleagues?|the workplace|usual place of work)\b/i)).toEqual([]);
    expect(personas.filter((persona) => !/\b(?:pitch|passers-by|coins|case|crowd|busk\w*)\b/i.test(textOf(persona))).map((persona) => persona.name)).toEqual([]);
  });
});

describe("class 5: a condition shapes the commute and the day, and a line about a named persona agrees with them", () => {
  // 'Wheelchair users in Amsterdam': shop assistants who could do without standing all day and spend weekends walking in the hills.
  it.each(["Wheelchair users who commute by train in London", "Wheelchair users in Amsterdam", "People with spinal cord injuries in Chicago"])("%s: no standing all day, walks in the hills or runs", async (prompt) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, /\b(?:standing all day|on (?:his|her|their) feet|walking in the hills|walking the dog|hiking|running|jogging|cycling|five-a-side|small-sided football|football practice)\b/i)).toEqual([]);
  });

  it("a wheelchair user's train commute is an accessible one", async () => {
    const personas = await personasOf("Wheelchair users who commute by train in London", 20);
    // The sentences that say what the commute is like (its days, its worries and joys), not those that only name it.
    const commutes = saying(personas, /(?:as|means|as a) train commuter|train commuter (?:means|in)/).filter((sentence) => !/^[^:]*: Between /.test(sentence));
    expect(commutes.length).toBeGreaterThan(0);
    expect(commutes.filter((sentence) => !/ramp|accessible|assistance|step-free|lift/.test(sentence))).toEqual([]);
  });

  it.each([
    ["Deaf people in Berlin", /\b(?:podcasts?|playlists?|radio|voice notes|phone calls|whistling|birdsong)\b/i],
    ["Blind people in Madrid", /\b(?:driving|behind the wheel|photos|crosswords|watching videos)\b/i],
  ])("%s: nothing the condition rules out", async (prompt, ruledOut) => {
    const personas = await personasOf(prompt, 20);
    expect(saying(personas, ruledOut)).toEqual([]);
  });

  // 'Recent immigrants to Canada looking for work': "asking everyone they know about openings" of a named woman.
  it.each(["Unemployed people in Detroit", "Job seekers in Madrid", "Recent immigrants to Canada looking for work"])("%s: a job seeker's line says he or she, not they", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(saying(personas.filter((persona) => persona.gender === "female" || persona.gender === "male"), /\beveryone they know\b/)).toEqual([]);
  });
});
