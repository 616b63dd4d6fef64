/**
 * Work text is chosen by how the work is done. A group that held both kinds of work wrote one as
 * the other: garment and factory workers were written picking orders in a sorting office.
 */
import { describe, expect, it } from "vitest";
import { sampleStructured } from "../../engine/sampler.ts";
import { OfflineModeller } from "../modeller.ts";
import { OfflineWriter } from "../writer.ts";
import { textKnowledge } from "./text-data.ts";

async function backstories(prompt: string, count = 30, seed = 11): Promise<string[]> {
  const blueprint = new OfflineModeller().designSync({ prompt, count, grounding: "off", seed });
  const session = new OfflineWriter().begin({ prompt, blueprint, seed, count });
  return (await session.writeBatch(sampleStructured(blueprint, count, seed), 0)).map((fields) => `${fields.backstory ?? ""} ${fields.goals ?? ""}`);
}

const WAREHOUSE_WORK = /picking orders|sorting office|loading (?:lorries|trucks)|scanner gun|scanning (?:parcels|packages)|loading bay|warehouse|distribution cent/i;
const LINE_WORK = /production line|keeping pace with the line|assembly hall|setting the machines up/i;

describe("production work and warehouse work are written apart", () => {
  it("a textile worker works on a production line, not in a warehouse", async () => {
    const texts = await backstories("Textile workers in Gujarat, India");
    expect(texts.filter((text) => WAREHOUSE_WORK.test(text))).toEqual([]);
    expect(texts.some((text) => LINE_WORK.test(text))).toBe(true);
  });

  it("a warehouse picker works in a warehouse, not on a production line", async () => {
    const texts = await backstories("Warehouse pickers in Ohio");
    expect(texts.filter((text) => LINE_WORK.test(text))).toEqual([]);
    expect(texts.some((text) => WAREHOUSE_WORK.test(text))).toBe(true);
  });

  it("no occupation is in two work groups", () => {
    const seen = new Map<string, string>();
    for (const group of textKnowledge().work) {
      for (const occupation of group.occupations) {
        expect(seen.get(occupation), `${occupation} in ${seen.get(occupation)} and ${group.id}`).toBeUndefined();
        seen.set(occupation, group.id);
      }
    }
  });
});

describe("work on the land is written by what is tended", () => {
  it("a beekeeper keeps bees: no tractor, seed, harvest of crops or animals at first light", async () => {
    const texts = await backstories("Beekeepers in Slovenia");
    expect(texts.filter((text) => /\btractor|\bseed|what to plant|checking the animals|the herd|calving|paddock/i.test(text))).toEqual([]);
    expect(texts.some((text) => /hive|honey|swarm|queen/i.test(text))).toBe(true);
  });

  it("a park ranger patrols a park and a shepherd keeps animals: neither plants crops", async () => {
    const rangers = await backstories("Park rangers in Kenya");
    expect(rangers.filter((text) => /harvest|what to plant|tractor|marking trees for felling|first snow/i.test(text))).toEqual([]);
    expect(rangers.some((text) => /patrol|visitors|wildlife|poachers/i.test(text))).toBe(true);
    const shepherds = await backstories("Shepherds in Wales");
    expect(shepherds.filter((text) => /harvest|what to plant|sorting seed|crop/i.test(text))).toEqual([]);
  });

  it("a gardener tends gardens, not livestock", async () => {
    const texts = await backstories("Professional gardeners working on estates in Kent");
    // Whole words: a gardener may eat shepherd's pie.
    expect(texts.filter((text) => /\b(?:animals|herds?|calving|tractors?)\b/i.test(text))).toEqual([]);
  });
});

describe("a lighthouse is kept, not sailed", () => {
  it("lighthouse keepers tend the light, with no bridge, engines, officers or shore leave", async () => {
    const texts = await backstories("Lighthouse keepers in Scotland in the 1950s");
    expect(texts.filter((text) => /the bridge|engine|officers|shore leave|cargo|between ports/i.test(text))).toEqual([]);
    expect(texts.filter((text) => /lamp|lens|wick|fog|keepers|relief boat|the light/i.test(text)).length).toBeGreaterThan(texts.length / 2);
  });
});

describe("activists campaign, they do not close the month", () => {
  it("climate activists organise and petition, with no month-end close or budget meetings", async () => {
    const texts = await backstories("Climate activists in their 20s in Germany");
    expect(texts.filter((text) => /month-end|budget meeting|monthly meeting|spreadsheet|the figures/i.test(text))).toEqual([]);
    expect(texts.filter((text) => /petition|volunteers|demonstration|campaign|councillors|placards|organisers/i.test(text)).length).toBeGreaterThan(texts.length / 2);
  });
});

describe("the people of a working day", () => {
  // Frames read "Among {people}", "the one {people} turn to", "gets on well with {people}": a
  // singular ("the vet", "the supervisor") wrote "Among the vet" and "the one the supervisor turn to".
  const COLLECTIVE = new Set(["crew", "team", "staff", "family", "public", "room", "company", "people", "children", "police", "congregation", "club", "regulars", "community", "rest", "union", "board", "group", "neighbours", "watch", "unit", "gang"]);
  const headNoun = (phrase: string) => phrase.split(/\s+(?:\{|who|whose|that|at|in|on|from|of|across|for|with|abroad|waiting|watching|going|learning|back|paying)\b/)[0]!.split(/\s+/).at(-1)!.replace(/[^a-z'-]/gi, "");

  it("are always several people, so every frame that names them stays grammatical", () => {
    const singular = textKnowledge().work.flatMap((group) => (group.people ?? []).filter((phrase) => { const head = headNoun(phrase); return !head.endsWith("s") && !head.endsWith("men") && !COLLECTIVE.has(head); }).map((phrase) => `${group.id}: ${phrase}`));
    expect(singular).toEqual([]);
  });
});

describe("a working day's tasks", () => {
  it("are all things being done ('After a day of {task}', 'days go on {task}'): 'After a day of the safety demonstration' was written", () => {
    const notDoing = textKnowledge().work.flatMap((group) => group.tasks.filter((task) => !/^\S+ing\b/.test(task)).map((task) => `${group.id}: ${task}`));
    expect(notDoing).toEqual([]);
  });
});

describe("a vessel is worked on board, not at", () => {
  it.each(["Deckhands on cargo ships", "Ferry crews in Greece", "Fishing boat captains in Newfoundland", "Crab boat deckhands in Alaska"])("%s: never 'at a ship', 'at a ferry', 'at a fishing boat'", async (prompt) => {
    const texts = await backstories(prompt, 20);
    expect(texts.filter((text) => /\bat (?:a|the) (?:cargo ship|ferry|fishing boat|cruise ship)\b/i.test(text))).toEqual([]);
  });
});

describe("a way of life's days", () => {
  it("are all things being done ('spends a lot of time {day}', 'spends the days {day}'): 'spends a lot of time a weekly card game' was written", () => {
    const notDoing = Object.entries(textKnowledge().situations).flatMap(([key, text]) => (text.days ?? []).filter((day) => !/^\S+ing\b/.test(day)).map((day) => `${key}: ${day}`));
    expect(notDoing).toEqual([]);
  });
});

describe("jobs that shared a group with other work are written as themselves", () => {
  it("a security guard guards a site: no court, patrol car, barracks or recruits", async () => {
    expect((await backstories("Night-shift security guards in Johannesburg")).filter((text) => /testifying|court|patrol car|barracks|recruits|sergeant/i.test(text))).toEqual([]);
  });

  it("a soldier, a firefighter and a prison officer each have their own working day", async () => {
    expect((await backstories("Soldiers in Poland")).filter((text) => /patrol car|testifying|sergeant's exam|custody/i.test(text))).toEqual([]);
    expect((await backstories("Firefighters in Lyon")).filter((text) => /patrol car|testifying|barracks|prisoners/i.test(text))).toEqual([]);
  });

  it("a vineyard owner grows a crop: no herd, feed or calving", async () => {
    expect((await backstories("Vineyard owners in Mendoza")).filter((text) => /herd|price of feed|calving|paddock|animals/i.test(text))).toEqual([]);
  });

  it("a flight attendant does not make captain or inspect engines; a pilot does not serve meals", async () => {
    expect((await backstories("Flight attendants in Singapore")).filter((text) => /make captain|inspecting engines|checklists|the engineers/i.test(text))).toEqual([]);
    expect((await backstories("Airline pilots based in Dubai")).filter((text) => /inspecting engines|serving the meals|the engineers look/i.test(text))).toEqual([]);
  });

  it("a call-centre agent works a call floor, not a reception counter", async () => {
    expect((await backstories("Call-centre agents in Manila")).filter((text) => /reception counter|the regulars|front desk|booking appointments/i.test(text))).toEqual([]);
  });
});

describe("services, ports and public life are each written as their own work", () => {
  it("a tour guide, a casino dealer and a hairdresser do not share a salon's appointment book", async () => {
    expect((await backstories("Tour guides in Rome")).filter((text) => /appointment book|salon|latest styles|casino/i.test(text))).toEqual([]);
    expect((await backstories("Casino dealers in Macau")).filter((text) => /appointment book|salon|tour groups|latest styles/i.test(text))).toEqual([]);
  });

  it("a dock worker and a ship's officer do not fish; a politician runs no startup", async () => {
    expect((await backstories("Dock workers in Rotterdam")).filter((text) => /catch|nets|quotas|fish market/i.test(text))).toEqual([]);
    expect((await backstories("Merchant navy officers from the Philippines")).filter((text) => /catch|nets|quotas|fish market/i.test(text))).toEqual([]);
    expect((await backstories("Local politicians in Ohio")).filter((text) => /investors|first hire|profitable/i.test(text))).toEqual([]);
  });

  it("a driving instructor teaches learners, not a classroom; a garbage collector cleans no rooms; a referee plays no matches", async () => {
    expect((await backstories("Driving instructors in Manchester")).filter((text) => /classroom|homework|pupils|staffroom/i.test(text))).toEqual([]);
    expect((await backstories("Garbage collectors in Seoul")).filter((text) => /rooms|guest floors|other people's homes/i.test(text))).toEqual([]);
    expect((await backstories("Referees in Spain")).filter((text) => /personal best|teammates|win a title|playing days/i.test(text))).toEqual([]);
  });
});

describe("health, animals and the media: the work of each job", () => {
  it("a paramedic works from an ambulance, not a ward; a dog walker treats no animals", async () => {
    expect((await backstories("Paramedics in Chicago")).filter((text) => /recovery unit|turning and settling|beds that are never free|ward round/i.test(text))).toEqual([]);
    expect((await backstories("Dog walkers in New York")).filter((text) => /surgery|treatment plan|farm|examination|clinic/i.test(text))).toEqual([]);
  });

  it("a journalist reports for editors; a writer, a model and a film director are not graphic designers", async () => {
    expect((await backstories("Journalists in Nairobi")).filter((text) => /sketch|portfolio|clients/i.test(text))).toEqual([]);
    expect((await backstories("Fashion models in Milan")).filter((text) => /sketch|pitching ideas to clients|invoices/i.test(text))).toEqual([]);
    expect((await backstories("Independent film directors in Seoul")).filter((text) => /sketch|pitching ideas to clients|a corner of the living room/i.test(text))).toEqual([]);
  });
});

describe("managers are not founders", () => {
  it("an employed manager answers to bosses, not investors", async () => {
    expect((await backstories("IT decision makers at mid-size companies in Germany")).filter((text) => /investors|the board meeting|make the business profitable|the first hire/i.test(text))).toEqual([]);
  });
});

describe("community and hospital pharmacy; disabilities by their own needs", () => {
  it("a pharmacist in rural Kenya runs a counter, not a hospital dispensary", async () => {
    expect((await backstories("Pharmacists in rural Kenya")).filter((text) => /\bwards?\b|discharge|oncology|aseptic/i.test(text))).toEqual([]);
  });

  it("deaf and blind people are not written with a wheelchair user's ramps, lifts and physiotherapist", async () => {
    expect((await backstories("Deaf university students in the US")).filter((text) => /step-free|broken lifts|physiotherapist|kerbs|the chair/i.test(text))).toEqual([]);
    expect((await backstories("Blind people in Spain")).filter((text) => /step-free|broken lifts|physiotherapist|kerbs|the chair/i.test(text))).toEqual([]);
  });
});

describe("frames that fit everyone they are written for", () => {
  it("a deaf person's condition does not 'flare', and a migrant does not cook the host country's food 'when homesick'", async () => {
    expect((await backstories("Deaf university students in the US", 60)).filter((text) => /flares/i.test(text))).toEqual([]);
    expect((await backstories("Nurses who emigrated from the Philippines to the UK", 60)).filter((text) => /homesick/i.test(text) && !/Philippines|Filipino/i.test(text))).toEqual([]);
  });

  it("school children go to school; they do not 'make a living'", async () => {
    expect((await backstories("Primary school children in Helsinki")).filter((text) => /makes? a living|customers|works as/i.test(text))).toEqual([]);
  });

  it("a town the gazetteer does not list is still where they live, not only their country", async () => {
    const texts = await backstories("Shepherds in Wales", 40);
    expect(texts.some((text) => /Newport|Wrexham|Bangor|Aberystwyth/.test(text))).toBe(true);
  });
});

describe("climbers and sommeliers have their own working day", () => {
  it("a climber attempting Everest climbs: no teammates, match day, final whistle or title", async () => {
    expect((await backstories("Climbers attempting Everest this season")).filter((text) => /teammates|match day|final whistle|win a title|the beach|coaching younger players/i.test(text))).toEqual([]);
  });

  it("a sommelier works with wine: no vegetables to prep, café at seven or morning coffee rush", async () => {
    expect((await backstories("Sommeliers in Paris restaurants")).filter((text) => /prepping vegetables|café that opens at seven|first coffee of the morning rush|burns on both forearms/i.test(text))).toEqual([]);
  });
});

describe("clergy of each faith, chaplains and monks are written apart", () => {
  it.each([
    ["Parish priests in Poland", /mosque|synagogue|Quran|Torah|Shabbat|novices|cloister/i],
    ["Imams in London", /parish|church|vicarage|Bible|confession|synagogue|Torah/i],
    ["Rabbis in New York", /parish|church|mosque|Quran|confession|novices/i],
    ["Hospice chaplains in Ireland", /novices|sweeping the courtyard|copying and studying old texts|prison/i],
    ["Hindu priests in Leicester", /parish|church|vicarage|Bible|confession|mosque|synagogue|Torah/i],
    ["Sikh priests in Birmingham", /parish|church|vicarage|Bible|mosque|synagogue|Torah|puja/i],
  ])("%s: no other faith's or order's days", async (prompt, others) => {
    expect((await backstories(prompt)).filter((text) => others.test(text))).toEqual([]);
  });
});

describe("night-shift workers and what is enjoyed", () => {
  it("a night shift ends a night, not a day, and nobody 'enjoys' an alarm at three in the morning", async () => {
    const texts = await backstories("Night-shift security guards in Johannesburg", 40);
    expect(texts.filter((text) => /after a day of|good evening after|enjoys? an alarm/i.test(text))).toEqual([]);
  });
});

describe("a winemaker and a dental hygienist", () => {
  it("a winemaker works vines and barrels, not a brewery; a hygienist a dental chair, not a laboratory or a scanner", async () => {
    expect((await backstories("Wine makers in Napa Valley")).filter((text) => /brew|hops|mash|distill/i.test(text))).toEqual([]);
    expect((await backstories("Dental hygienists in Ohio")).filter((text) => /laboratory|imaging|scan|sample label|lead apron/i.test(text))).toEqual([]);
  });
});

describe("deliveries: a food rider is not a parcel courier", () => {
  it("food-delivery riders wait for orders at restaurants, parcel couriers load at the depot", async () => {
    expect((await backstories("Uber Eats couriers in Paris")).filter((text) => /depot|parcel|scanner|signatures/i.test(text))).toEqual([]);
    expect((await backstories("Parcel couriers in Birmingham")).filter((text) => /restaurant|thermal bag|the app for the next order|still hot/i.test(text))).toEqual([]);
  });
});

describe("a setting's people live their own part of it", () => {
  it("a samurai retainer serves a lord: no rice paddies, tea for travellers, sutras or a shop in the capital", async () => {
    expect((await backstories("Samurai retainers in Edo-period Japan")).filter((text) => /rice paddies|serving tea to travellers|copying sutras|open a shop|good harvest|selling goods/i.test(text))).toEqual([]);
  });

  it.each([
    ["Medieval knights in 14th-century France", /common field|grain to the lord's mill|tithe in sheaves|pigs in the woods|freedom from service|plough ox/i],
    ["Victorian domestic servants in London", /in the mill|selling from a barrow|copying ledgers|rise to foreman|teaching the children/i],
    ["thralls in Viking-age Norway", /win fame|jarl's hall|silver from abroad|settle new land/i],
    ["Scribes in ancient Egypt", /hauling stone|brewing beer|fishing the Nile/i],
  ])("%s: none of the other roles' days or goals", async (prompt, others) => {
    expect((await backstories(prompt)).filter((text) => others.test(text))).toEqual([]);
  });
});

describe("amateurs do it for love", () => {
  it("amateur beekeepers, actors and anglers have jobs of their own, not a living from the hives, the stage or the catch", async () => {
    for (const prompt of ["Amateur beekeepers in Slovenia", "Amateur actors in Dublin", "Recreational fishermen in Norway"]) {
      expect((await backstories(prompt)).filter((text) => /(?:makes|earns) a living as an? (?:beekeeper|actor|fisherman)|works as an? (?:beekeeper|actor|fisherman)|selling the catch/i.test(text))).toEqual([]);
    }
  });

  it("an amateur's life is not written as a sport's when the pastime is not one", async () => {
    expect((await backstories("Amateur potters in Kyoto")).filter((text) => /fitting training|training early|personal best|post-race/i.test(text))).toEqual([]);
  });
});

describe("fans of a watched game watch it", () => {
  it("esports fans follow tournaments rather than queue for ranked games", async () => {
    expect((await backstories("Esports fans in Brazil")).filter((text) => /queueing up|replays of (?:his|her|their) own mistakes|ranked/i.test(text))).toEqual([]);
  });
});

describe("a situation's lines fit everyone in it", () => {
  it("wealthy retirees are not written as working long hours or travelling for work", async () => {
    expect((await backstories("Wealthy retirees in Florida")).filter((text) => /working long hours|travell?ing for work|retire early/i.test(text))).toEqual([]);
  });
});

describe("zookeepers and funeral directors have their own working day", () => {
  it("a zookeeper keeps animals, not dogs on leads; a funeral director arranges funerals, not a community centre's help", async () => {
    expect((await backstories("Zookeepers in San Diego")).filter((text) => /leads|six dogs|every dog/i.test(text))).toEqual([]);
    expect((await backstories("Funeral home directors in the Midwest")).filter((text) => /community cent|film|dailies|actors|found help in time/i.test(text))).toEqual([]);
  });
});

describe("a role kept as written is written as work in general", () => {
  it("compliance directors get no film set", async () => {
    expect((await backstories("Compliance directors in London")).filter((text) => /actors|film|screening|dailies|crew/i.test(text))).toEqual([]);
  });
});

describe("volunteering has its own lines", () => {
  it("volunteers give their time, not 'read everything about volunteering' or 'try something a little harder each month'", async () => {
    expect((await backstories("Retired teachers volunteering at food banks in Glasgow")).filter((text) => /everything about volunteering|a little harder each month|notebook of progress/i.test(text))).toEqual([]);
  });
});

describe("a situation everyone shares rules out what contradicts it", () => {
  it("homeschooling parents have no school uniforms, trips or runs; grandparents raising grandchildren do not visit them", async () => {
    expect((await backstories("Parents homeschooling their children in Idaho", 40)).filter((text) => /school uniforms?|permission slips?|school trips?|school runs?/i.test(text))).toEqual([]);
    expect((await backstories("Grandparents raising grandchildren in Atlanta", 40)).filter((text) => /visiting the grandchildren|grandchildren who visit/i.test(text))).toEqual([]);
  });

  it("a retired opera singer misses performances, not gigs; a town named after its state is placed in it", async () => {
    expect((await backstories("Retired opera singers in Vienna", 40)).filter((text) => /\bgigs?\b/i.test(text))).toEqual([]);
    const texts = await backstories("Teachers in Idaho Falls");
    expect(texts.filter((text) => /Idaho Falls, United States/.test(text))).toEqual([]);
    expect(texts.some((text) => /Idaho Falls, Idaho/.test(text))).toBe(true);
  });
});

describe("jobs a shared group wrote as its other members' are written as themselves", () => {
  // Each was written with a colleague's day: social workers at nursery drop-off (with childcare
  // workers), home health aides in the emergency bay (with nurses), school counsellors marking
  // homework (with teachers), crossing guards watching CCTV after midnight (with security guards).
  it.each([
    ["Social workers in Chicago", /drop-off|the nursery|nap time/i, /famil|case|visit/i],
    ["Childcare workers in Leeds", /case notes|caseload|agencies/i, /child|nursery|toddler/i],
    ["Home health aides in Florida", /emergency bay|the ward|recovery unit|mid-procedure/i, /client|visit/i],
    ["School counsellors in Texas", /marking homework|planning lessons|thirty children|break time/i, /pupil|student|parents/i],
    ["School principals in Ohio", /marking homework|planning lessons|thirty children/i, /school|staff|teachers/i],
    ["Crossing guards in Chicago", /CCTV|after midnight|night log|gatehouse/i, /crossing|children|traffic/i],
    // An interpreter was an alias of translator: written at a desk by the window, quoting for jobs.
    // A handyman was a gig worker's alias: written at the delivery hub, missing packages.
    ["Handymen in Ohio", /delivery hub|depot|packages|loading bay/i, /fix|repair|job|van|tools/i],
    // An archivist was a librarian's alias (story time, reluctant readers); a bounty hunter sat in the police group (patrol car, making sergeant).
    ["Archivists in Boston", /story time|reluctant reader|overdue loans|issue desk/i, /archive|records|boxes|finding aid|deposit|researchers|registers/i],
    ["Bounty hunters in Texas", /patrol car|make sergeant|custody suite|new recruits|pension/i, /bail|bond|skip|fugitive|jail/i],
    ["Court interpreters in London", /desk by the window|kitchen table|co-working space|invoicing app|quoting for new jobs/i, /interpret|hearing|booth|witness|bookings/i],
  ])("%s", async (prompt, foreign, own) => {
    const texts = await backstories(prompt, 20);
    expect(texts.filter((text) => foreign.test(text))).toEqual([]);
    expect(texts.filter((text) => own.test(text)).length).toBeGreaterThan(10);
  });
});
