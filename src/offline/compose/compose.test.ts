import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { knowledge } from "../knowledge/index.ts";
import { assertSamplable } from "../../engine/blueprint-check.ts";
import type { SampledValues } from "../../engine/persona.ts";
import { sampleStructured } from "../../engine/sampler.ts";
import { OfflineModeller } from "../modeller.ts";

const modeller = new OfflineModeller();

function population(prompt: string, count = 60, seed = 3) {
  const blueprint = modeller.designSync({ prompt, count, grounding: "off", seed });
  assertSamplable(blueprint);
  return { blueprint, personas: sampleStructured(blueprint, count, seed) };
}

function share(personas: readonly SampledValues[], test: (persona: SampledValues) => boolean): number {
  return personas.filter(test).length / personas.length;
}

describe("composed blueprints: what the prompt says holds in every persona", () => {
  it.each([
    ["Night-shift security guards in Johannesburg", "shift", "night"],
    ["Primary-school teachers in rural Kenya", "settlement", "rural"],
    ["Machine learning engineers in suburban Seattle", "settlement", "suburban"],
    ["early-stage startup founders in Berlin", "company_stage", "early-stage (pre-seed to Series A)"],
    ["Pensioners living alone in Leeds", "household", "lives alone"],
    ["people who buy secondhand fashion online", "activity", "secondhand fashion"],
    ["Adults with type 2 diabetes in Mexico", "condition", "type 2 diabetes"],
    ["TikTok users in Indonesia", "activity", "TikTok"],
    ["Uber drivers asking for a raise", "goal", "get a raise"],
    ["Freelance designers working remotely from Lisbon", "work_arrangement", "remote"],
  ])("%s: %s = %s in every persona", (prompt, field, value) => {
    const { personas } = population(prompt);
    expect(share(personas, (persona) => persona[field] === value)).toBe(1);
  });

  it("people working night shifts all work: no job seekers or homemakers among everyday jobs", () => {
    for (const prompt of ["Single mothers working night shifts in Manila", "First-time home buyers in Toronto"]) {
      const { personas } = population(prompt, 200);
      expect(personas.filter((persona) => ["job seeker", "homemaker", "retiree"].includes(String(persona.occupation)))).toEqual([]);
    }
  });

  it("international students come from where students abroad come from, not from the destination's immigrants", () => {
    const { personas } = population("International students in Toronto", 300);
    expect(share(personas, (persona) => persona.origin_country === "China" || persona.origin_country === "India")).toBeGreaterThan(0.25);
    expect(share(personas, (persona) => persona.occupation === "university student")).toBe(1);
  });

  it("the relatives of a role are family of someone who holds it, with jobs of their own", () => {
    const { personas } = population("Fishermen's wives in Newfoundland");
    expect(share(personas, (persona) => persona.family_tie === "wife of a fisherman" && persona.gender === "female" && persona.occupation !== "fisherman")).toBe(1);
  });

  it("a named institution's people share it as their workplace and are not scattered over the world's countries", () => {
    const { blueprint, personas } = population("Deaf students at Gallaudet University");
    expect(share(personas, (persona) => persona.workplace === "Gallaudet University")).toBe(1);
    expect(blueprint.fields.map((field) => field.name)).not.toContain("country");
    expect(blueprint.fields.map((field) => field.name)).not.toContain("place");
    expect(blueprint.unmodelled).toContain("Gallaudet University");
  });

  it("immigrants have lived in the country for any time since they were born; recent immigrants are mostly young adults", () => {
    const settled = population("Immigrants who run restaurants in London", 200);
    expect(share(settled.personas, (persona) => persona.migration_status === "immigrant")).toBe(1);
    expect(share(settled.personas, (persona) => Number(persona.years_since_arrival) > 5)).toBeGreaterThan(0.5);
    expect(share(settled.personas, (persona) => Number(persona.years_since_arrival) <= Number(persona.age))).toBe(1);
    const recent = population("recent immigrants to Canada", 200);
    expect(share(recent.personas, (persona) => Number(persona.years_since_arrival) <= 5)).toBe(1);
    expect(share(recent.personas, (persona) => Number(persona.age) >= 65)).toBeLessThan(0.1);
  });

  it("people working in an industry have its jobs, at working ages, and the industry says it", () => {
    const knownJobs = new Set(knowledge().occupations.filter((occupation) => occupation.industry === "construction").map((occupation) => occupation.name));
    const { blueprint, personas } = population("Single fathers working in construction in Melbourne", 200);
    expect(share(personas, (persona) => knownJobs.has(String(persona.occupation)))).toBe(1);
    expect(share(personas, (persona) => persona.industry === "construction")).toBe(1);
    expect(share(personas, (persona) => Number(persona.age) >= 18 && Number(persona.age) <= 70)).toBe(1);
    expect(blueprint.unmodelled).toEqual([]);
  });

  it("former members of a career that ends young are of every age after it, not only of retirement age", () => {
    const { personas } = population("Former professional footballers in Spain", 200);
    expect(share(personas, (persona) => Number(persona.age) < 55)).toBeGreaterThan(0.3);
    expect(share(personas, (persona) => Number(persona.age) >= 30)).toBe(1);
    const nurses = population("Retired nurses in Ohio", 200);
    expect(share(nurses.personas, (persona) => Number(persona.age) >= 55)).toBe(1);
  });

  it("an open age range ('over 50', '65+') has most people near its lower bound, as adults thin out with age", () => {
    for (const [prompt, bound] of [["Women over 50 in Leeds", 51], ["Retirees 65+ in Florida", 65]] as const) {
      const { personas } = population(prompt, 300);
      const ages = personas.map((persona) => Number(persona.age));
      expect(Math.min(...ages)).toBeGreaterThanOrEqual(bound);
      // The middle of the range (73 for "over 50") would be a population of the very old.
      expect(ages.reduce((sum, age) => sum + age, 0) / ages.length).toBeLessThan((bound + 95) / 2 - 4);
    }
  });

  it("people nearing retirement are in their last working years, still working", () => {
    const { personas } = population("Teachers close to retirement in Ohio", 200);
    expect(share(personas, (persona) => Number(persona.age) >= 55 && Number(persona.age) <= 67)).toBe(1);
    expect(share(personas, (persona) => persona.occupation === "teacher")).toBe(1);
  });

  it("a situation narrower than the role sets where the ages sit: mothers back from maternity leave are a baby's parents", () => {
    const { personas } = population("Mothers returning to work after maternity leave", 300);
    const ages = personas.map((persona) => Number(persona.age));
    expect(Math.max(...ages)).toBeLessThanOrEqual(46);
    expect(ages.reduce((sum, age) => sum + age, 0) / ages.length).toBeLessThan(36);
    expect(share(personas, (persona) => persona.occupation === "job seeker" || persona.occupation === "homemaker")).toBe(0);
  });

  it("professionals hold managers' and professionals' jobs (ISCO-08 groups 1 and 2), not shop floors or building sites", () => {
    const isco = (name: string) => knowledge().occupationByName.get(name.toLowerCase())?.isco ?? -1;
    const { personas } = population("30-something professionals in London", 200);
    expect(share(personas, (persona) => [1, 2].includes(isco(String(persona.occupation))))).toBe(1);
    expect(share(personas, (persona) => Number(persona.age) >= 30 && Number(persona.age) <= 39)).toBe(1);
  });

  it("teenagers working in an industry keep the working teenagers' ages (15 and up), not only 18 and 19", () => {
    const { personas } = population("Teenagers who work in retail", 200);
    expect(share(personas, (persona) => Number(persona.age) >= 15 && Number(persona.age) <= 19)).toBe(1);
    expect(share(personas, (persona) => Number(persona.age) < 18)).toBeGreaterThan(0.3);
  });

  it("a workplace's workers hold its industry's jobs: hospital workers are no shop assistants", () => {
    const industry = (name: string) => knowledge().occupationByName.get(name.toLowerCase())?.industry;
    const { personas } = population("Hospital workers in Lagos", 200);
    expect(share(personas, (persona) => industry(String(persona.occupation)) === "health care")).toBe(1);
    expect(share(personas, (persona) => persona.workplace === "a hospital")).toBe(1);
  });

  it("volunteers at food banks work at a food bank, not a bank", () => {
    const { personas } = population("Retired teachers volunteering at food banks in Glasgow");
    expect(share(personas, (persona) => persona.workplace === "a food bank" && persona.industry !== "finance")).toBe(1);
  });

  it("a temperament the prompt names is everyone's, in one field", () => {
    const { blueprint, personas } = population("Shy teenagers in Oslo");
    expect(blueprint.fields.filter((field) => field.name === "temperament")).toHaveLength(1);
    expect(share(personas, (persona) => persona.temperament === "reserved")).toBe(1);
  });

  it("a historical setting placed in one country names its people with that country's period names", () => {
    expect(population("Merchants in medieval Venice").blueprint.name_origins).toEqual({ default: "IT" });
    expect(population("Knights in medieval France").blueprint.name_origins).toEqual({ default: "FR" });
    // England's are the setting's own lists; a setting with no period names of a country sets nothing.
    expect(population("Blacksmiths in 14th-century England").blueprint.name_origins).toBeUndefined();
    expect(population("Knights and merchants").blueprint.name_origins).toBeUndefined();
  });

  it("clergy of a faith are of that faith, with the faith's own gender shares and words", () => {
    for (const [prompt, occupation, religion] of [["Imams in London", "imam", "Muslim"], ["Hindu priests in Leicester", "Hindu priest", "Hindu"], ["Catholic priests in Poland", "Catholic priest", "Catholic"], ["Sikh priests in Birmingham", "Sikh priest", "Sikh"]] as const) {
      const { personas } = population(prompt, 200);
      expect(share(personas, (persona) => persona.occupation === occupation && persona.religion === religion)).toBe(1);
      expect(share(personas, (persona) => persona.gender === "female")).toBeLessThan(0.1);
    }
    // A faith the prompt names is kept, not replaced by the occupation's.
    expect(share(population("Muslim teachers in Birmingham").personas, (persona) => persona.religion === "Muslim")).toBe(1);
  });

  it("a sport's or game's coaches take its players' gender shares, not coaches' in general", () => {
    expect(share(population("Esports coaches in South Korea", 200).personas, (persona) => persona.gender === "female")).toBeLessThan(0.2);
  });

  it("a named country, region or area holds for everyone, and an area is not one country", () => {
    expect(share(population("Farmers in New Zealand").personas, (persona) => persona.country === "New Zealand")).toBe(1);
    const alps = population("Ski instructors in the Alps", 80).personas;
    expect(share(alps, (persona) => ["Austria", "Switzerland", "France", "Italy", "Germany", "Slovenia"].includes(String(persona.country)))).toBe(1);
    expect(alps.some((persona) => ["Paris", "Rome", "Berlin", "Vienna"].includes(String(persona.city)))).toBe(false);
    const europe = population("people in Europe", 200).personas;
    const largest = Math.max(...["Germany", "France", "United Kingdom", "Italy"].map((country) => share(europe, (persona) => persona.country === country)));
    expect(largest).toBeLessThan(0.25);
  });

  it("rural places are towns, not the largest cities", () => {
    const { personas } = population("early-stage startup founders in rural Texas", 80);
    expect(share(personas, (persona) => persona.region === "Texas")).toBe(1);
    expect(personas.some((persona) => ["Houston", "San Antonio", "Dallas", "Austin", "Fort Worth", "El Paso"].includes(String(persona.city)))).toBe(false);
  });

  it("an unknown place is kept as written and named as not recognised, never replaced by the world", () => {
    const { blueprint, personas } = population("Bakers in Zorblax City");
    expect(blueprint.fields.some((field) => field.name === "country")).toBe(false);
    expect(share(personas, (persona) => persona.place === "Zorblax City")).toBe(1);
    expect(blueprint.unmodelled).toContain("Zorblax City");
    expect(blueprint.rationale).toMatch(/"Zorblax City" is not in the gazetteer/);
  });

  it("fiction and eras: knights live in a medieval world, starship crews aboard ships, with no modern countries", () => {
    const knights = population("knights and merchants");
    expect(knights.blueprint.fields.some((field) => field.name === "country")).toBe(false);
    expect(share(knights.personas, (persona) => persona.setting === "medieval Europe")).toBe(1);
    expect(new Set(knights.personas.map((persona) => persona.occupation))).toEqual(new Set(["knight", "merchant"]));
    expect(knights.personas.filter((persona) => persona.occupation === "knight").every((persona) => persona.gender === "male" && Number(persona.age) >= 21)).toBe(true);
    const crews = population("starship crews in a space opera");
    expect(share(crews.personas, (persona) => persona.setting === "a space-opera galaxy")).toBe(1);
    expect(crews.personas.every((persona) => !/cashier|barista|delivery/.test(String(persona.occupation)))).toBe(true);
  });

  it("ages follow the role: licensing minimums, working ages, and the prompt's own ages exactly", () => {
    const truckers = population("interstate truckers", 200).personas;
    expect(Math.min(...truckers.map((persona) => Number(persona.age)))).toBeGreaterThanOrEqual(21);
    expect(Math.max(...truckers.map((persona) => Number(persona.age)))).toBeLessThanOrEqual(72);
    const phd = population("PhD students in Boston", 200).personas;
    expect(Math.min(...phd.map((persona) => Number(persona.age)))).toBeGreaterThanOrEqual(22);
    for (const prompt of ["nurses in Lagos", "Uber drivers in Chicago", "bus drivers in Mexico City"]) {
      expect(Math.max(...population(prompt, 200).personas.map((persona) => Number(persona.age)))).toBeLessThan(76);
    }
    const fortnite = population("Fortnite players aged 10-16 in the UK", 100).personas;
    expect(fortnite.every((persona) => Number(persona.age) >= 10 && Number(persona.age) <= 16)).toBe(true);
    expect(fortnite.every((persona) => /pupil/.test(String(persona.occupation)))).toBe(true);
  });

  it("the prompt's ages win over a role's usual minimum, and the blueprint stays samplable", () => {
    const { blueprint, personas } = population("teenage psychiatrists in Seoul", 40);
    expect(personas.every((persona) => Number(persona.age) >= 13 && Number(persona.age) <= 19)).toBe(true);
    expect(blueprint.rationale).toMatch(/below the usual 30/);
    expect(population("League of Legends players aged 8-12", 40).personas.every((persona) => Number(persona.age) <= 12)).toBe(true);
  });

  it("several roles keep their own ages: students are not held to teachers' minimum", () => {
    const { personas } = population("teachers and students in Manila", 80);
    const students = personas.filter((persona) => persona.occupation === "university student");
    expect(students.length).toBeGreaterThan(20);
    expect(students.some((persona) => Number(persona.age) < 21)).toBe(true);
    expect(personas.filter((persona) => persona.occupation === "teacher").every((persona) => Number(persona.age) >= 21)).toBe(true);
  });

  it("years of experience, of an activity or of a condition never start before the age they can", () => {
    for (const persona of population("Retired police officers in Chicago", 100).personas) expect(Number(persona.age)).toBeGreaterThanOrEqual(55);
    for (const persona of population("Registered pharmacists in Toronto", 200).personas) expect(Number(persona.age) - Number(persona.years_experience)).toBeGreaterThanOrEqual(24);
    for (const persona of population("People with type 2 diabetes in Ohio", 200).personas) expect(Number(persona.age) - Number(persona.years_with_condition)).toBeGreaterThanOrEqual(18);
  });

  it("gender shares come from the role's data", () => {
    const truckers = population("truck drivers in Texas", 200).personas;
    expect(share(truckers, (persona) => persona.gender === "female")).toBeLessThan(0.15);
    const ridehail = population("ride-hail drivers in London", 200).personas;
    expect(share(ridehail, (persona) => persona.gender === "female")).toBeLessThan(0.3);
    const midwives = population("Midwives in rural Ghana", 100).personas;
    expect(share(midwives, (persona) => persona.gender === "female")).toBeGreaterThan(0.9);
    expect(share(population("Single mothers in Glasgow").personas, (persona) => persona.gender === "female")).toBe(1);
  });

  it("the prompt is never pasted in as a job", () => {
    const { blueprint, personas } = population("recent immigrants to Canada looking for work");
    expect(personas.every((persona) => !/immigrant|looking|work/.test(String(persona.occupation)))).toBe(true);
    expect(share(personas, (persona) => persona.migration_status === "recent immigrant" && persona.goal === "find steady work")).toBe(1);
    expect(blueprint.fields.some((field) => field.name === "origin_country")).toBe(true);
    expect(blueprint.label).toBe("recent immigrant");
  });

  it("a game gets its rank ladder as ordered values, its roles and hours", () => {
    const { blueprint, personas } = population("Dota 2 players in Peru");
    const rank = blueprint.fields.find((field) => field.name === "rank");
    expect(rank?.ordered_values?.[0]).toBe("Herald");
    expect(share(personas, (persona) => ["carry", "mid", "offlane", "soft support", "hard support"].includes(String(persona.main_role)))).toBe(1);
    expect(share(personas, (persona) => Number(persona.hours_per_week) >= 1)).toBe(1);
  });

  it("lists what it could not model, word for word, and says so in the rationale", () => {
    const { blueprint } = population("Kiteboarders in Tarifa who vlog about quantum knitting");
    expect(blueprint.unmodelled).toEqual(expect.arrayContaining(["Kiteboarders", "Tarifa"]));
    expect(blueprint.rationale).toMatch(/Not modelled/);
    expect(population("Hospital pharmacists in Toronto").blueprint.unmodelled).toEqual([]);
  });

  it("built-in domains compose with the prompt's parts", () => {
    const ohio = population("registered nurses in Ohio", 60);
    expect(ohio.blueprint.domain).toBe("registered_nurse");
    expect(share(ohio.personas, (persona) => persona.region === "Ohio" && persona.area === "urban")).toBe(1);
    const backend = population("senior backend developers who work remotely", 60);
    expect(share(backend.personas, (persona) => persona.developer_type === "back-end developer" && persona.remote_work === "remote" && Number(persona.years_coding) >= 7)).toBe(1);
    const support = population("League of Legends players on EUW and KR who main support", 60);
    expect(support.blueprint.unmodelled).toEqual([]);
    expect(share(support.personas, (persona) => persona.main_role === "support" && ["EUW", "KR"].includes(String(persona.region)))).toBe(1);
    const er = population("ER nurses on night shifts", 60);
    expect(share(er.personas, (persona) => persona.setting === "hospital" && persona.unit === "emergency department" && persona.shift === "night")).toBe(1);
  });

  it("everyday jobs fit the people: herders live in towns, commuters work, city dwellers do not farm, wheelchair users are not on building sites", () => {
    const herders = population("Sheep herders in Mongolia", 40).personas;
    expect(herders.some((persona) => persona.city === "Ulaanbaatar")).toBe(false);
    const commuters = population("Wheelchair users who commute by train in Tokyo", 100).personas;
    expect(commuters.some((persona) => ["retiree", "homemaker", "job seeker", "farmer", "farmworker", "construction worker"].includes(String(persona.occupation)))).toBe(false);
    expect(commuters.every((persona) => Number(persona.age) <= 70)).toBe(true);
    // A country's people drawn into its largest cities (all over 100,000) farm nowhere there.
    const gamers = population("Mobile gamers over 50 in the United States", 200).personas;
    expect(gamers.filter((persona) => ["farmer", "farmworker", "fisher", "livestock farmer"].includes(String(persona.occupation))).map((persona) => `${persona.occupation} in ${persona.city}`)).toEqual([]);
    const retirees = population("people over 70 in Lyon", 60).personas;
    expect(retirees.some((persona) => persona.occupation === "retired")).toBe(false);
    expect(retirees.some((persona) => persona.occupation === "retiree")).toBe(true);
  });

  it("any combination of known parts composes into a samplable blueprint that every persona honours", () => {
    const data = knowledge();
    const roles = [...data.occupations.map((entry) => entry.aliases[0] ?? entry.name), ...data.activities.map((entry) => `${entry.name} players`), ...data.conditions.map((entry) => `people with ${entry.name}`), ...data.situations.map((entry) => entry.aliases[0] as string), "knights", "pirates", "people"];
    const places = [...data.gazetteer.countries.map((country) => country.name), ...data.gazetteer.areas.map((area) => area.name), ...data.gazetteer.countries.flatMap((country) => country.cities.slice(0, 1).map((city) => city.name))];
    const extras = ["", " in the 1920s", " in a space opera", " aged 20-30", " over 65", " on night shifts", " in rural areas", " living alone", " in 1500", " teenage", " who play chess", " aged 8-12"];
    fc.assert(
      fc.property(fc.constantFrom(...roles), fc.constantFrom(...roles), fc.constantFrom(...places), fc.constantFrom(...extras), fc.boolean(), (role, other, place, extra, two) => {
        const prompt = `${role}${two ? ` and ${other}` : ""} in ${place}${extra}`;
        const { blueprint, personas } = population(prompt, 20, 1);
        for (const field of blueprint.fields) {
          const weights = Object.entries(field.categorical?.weights ?? {}).filter(([, weight]) => weight > 0);
          if (field.kind === "categorical" && field.parents.length === 0 && weights.length === 1) expect(personas.every((persona) => persona[field.name] === weights[0]?.[0]), `${prompt}: ${field.name}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("a kind of work with one or two jobs in the everyday mix draws the data's other jobs of that kind too, and says so", () => {
    const { blueprint, personas } = population("Single fathers working in tech in Seattle", 200, 4);
    const jobs = new Set(personas.map((persona) => String(persona.occupation)));
    expect(jobs.has("software developer")).toBe(true);
    expect(jobs.size).toBeGreaterThan(5);
    expect(blueprint.rationale).toMatch(/other jobs of that kind equally for the other half/);
  });

  it("a job of today brought into a period says its work is written from today's", () => {
    expect(modeller.designSync({ prompt: "nurses in London in 1850", count: 10, grounding: "off", seed: 1 }).unmodelled).toEqual(["the work of nurses in Victorian Britain"]);
    expect(modeller.designSync({ prompt: "Coal miners in Wales in 1900", count: 10, grounding: "off", seed: 1 }).unmodelled).toEqual([]);
  });

  it("a year outside the role's setting is kept, and the setting's life standing in for that year's is listed as unmodelled", () => {
    const peasants = modeller.designSync({ prompt: "Peasants in France in 1789", count: 10, grounding: "off", seed: 1 });
    expect(peasants.unmodelled).toEqual(["life in 1789 (written as medieval Europe's)"]);
    expect(modeller.designSync({ prompt: "Peasants in France in 1300", count: 10, grounding: "off", seed: 1 }).unmodelled).toEqual([]);
  });

  it("is deterministic for a prompt and seed", () => {
    expect(population("Pirates in the Caribbean in 1710", 40, 9)).toEqual(population("Pirates in the Caribbean in 1710", 40, 9));
  });
});

describe("a region whose people carry names of their own is declared however the prompt names it", () => {
  // The check looked up one name only: an area's ("the Basque Country", not its region País Vasco)
  // or a city's council area ("Swansea", not Wales); and a built-in domain's prompt never said it.
  it.each([
    ["Taxi drivers in the Basque Country", "names in País Vasco"],
    // Wales and Scotland are named from their own lists (names.json en_wales, en_scotland): only their dishes are declared.
    ["Plumbers in Swansea", "dishes of Swansea"],
    ["Nurses in Karnataka", "names in Karnataka"],
    // A built-in domain that places its people itself.
    ["Software developers in Glasgow", "dishes of Glasgow"],
  ])("%s: %s", (prompt, declared) => {
    expect(population(prompt, 10).blueprint.unmodelled).toContain(declared);
  });
});

describe("a city named alone whose name other large cities share", () => {
  it("is the largest of the name, and the rationale says which and how to mean another", () => {
    const { blueprint, personas } = population("Nurses in Valencia", 20);
    expect(new Set(personas.map((persona) => persona.country))).toEqual(new Set(["Venezuela"]));
    expect(blueprint.rationale).toContain(`"Valencia" is read as Valencia, Carabobo (Venezuela)`);
    expect(blueprint.rationale).toContain(`("Valencia, Spain")`);
    // Named with its place, it is that one, and nothing is said of namesakes.
    expect(population("Nurses in Valencia, Spain", 20).blueprint.rationale).not.toContain("is read as");
  });
});
