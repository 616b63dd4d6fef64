/**
 * The prose says nothing the persona's own facts contradict, for classes of contradiction found by
 * reading populations of prompts nobody had tuned for (issue 14 follow-up).
 */
import { describe, expect, it } from "vitest";
import { sampleStructured } from "../../engine/sampler.ts";
import { textKnowledge } from "../knowledge/text-data.ts";
import { OfflineModeller } from "../modeller.ts";
import { OfflineWriter } from "../writer.ts";

async function prose(prompt: string, count = 30, seed = 11): Promise<string[]> {
  const blueprint = new OfflineModeller().designSync({ prompt, count, grounding: "off", seed });
  const sampled = sampleStructured(blueprint, count, seed);
  const session = new OfflineWriter().begin({ prompt, blueprint, seed, count });
  const written = await session.writeBatch(sampled, 0);
  return written.map((fields) => `${fields.backstory ?? ""} ${fields.goals ?? ""}`);
}

const saying = (texts: readonly string[], pattern: RegExp) => texts.filter((text) => pattern.test(text));

describe("prose that fits how the persona works and plays", () => {
  it("nobody under 45 has grandchildren or an old person's fears, even a retired footballer of 34", async () => {
    const prompt = "Former professional footballers in Spain";
    const blueprint = new OfflineModeller().designSync({ prompt, count: 80, grounding: "off", seed: 7 });
    const sampled = sampleStructured(blueprint, 80, 7);
    const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 7, count: 80 }).writeBatch(sampled, 0);
    const young = written.filter((_, index) => Number(sampled[index]?.age) < 45);
    expect(young.length).toBeGreaterThan(10);
    expect(saying(young.map((fields) => `${fields.backstory ?? ""} ${fields.goals ?? ""}`), /grand(?:child|kid|son|daughter)|becoming a burden|a fall nobody sees/i)).toEqual([]);
  });

  it("a workplace the prompt names is where they work, not the occupation's usual places", async () => {
    const texts = await prose("Hospice nurses in rural Ireland", 40, 3);
    expect(saying(texts, /hospital floor|the ward\b|clinic down the corridor|A&E|emergency department/i)).toEqual([]);
    expect(saying(texts, /at a hospice/).length).toBeGreaterThan(5);
  });

  it("a workplace named with the job ('hospital cleaners') is theirs, even when the job's own industry is another", async () => {
    const texts = await prose("Hospital cleaners on zero-hours contracts in London", 40, 3);
    expect(saying(texts, /hotel|guest floors|office block/i)).toEqual([]);
    expect(saying(texts, /at a hospital/).length).toBeGreaterThan(5);
    expect(saying(texts, /freelancer|invoices/i)).toEqual([]);
  });

  it("a casual kind of game is not written as esports: older mobile gamers read no patch notes, enter no tournaments and hold no controller", async () => {
    const texts = await prose("Mobile gamers over 50 in the United States", 60, 7);
    expect(saying(texts, /patch notes|training mode|tournament|climb a rank|a controller|watching pros/i)).toEqual([]);
    expect(saying(texts, /in line up/i)).toEqual([]);
  });

  it("a setting's roles live their own days: bounty hunters do not dodge the marshals, Victorian coal miners climb no chimneys", async () => {
    expect(saying(await prose("Bounty hunters in a space western", 40, 7), /dodging the marshals|hauling cargo between moons|running supplies/i)).toEqual([]);
    expect(saying(await prose("Coal miners in Wales in 1900", 40, 7), /chimney|dock gates/i)).toEqual([]);
    // Every setting's roles: a ripperdoc cracks no corporate ice, a Mars farmer drills no ice, a pirate's cook fires no guns.
    expect(saying(await prose("Ripperdocs in a cyberpunk megacity", 40, 7), /jacking into the net|cracking corporate ice|running jobs for fixers/i)).toEqual([]);
    expect(saying(await prose("Hydroponics technicians in a Mars colony", 40, 7), /drilling for ice|mining rigs|supply runs/i).length).toBe(0);
    expect(saying(await prose("Ripperdocs in a cyberpunk megacity", 40, 7), /installing chrome|patching up runners|keeping old chrome running|sourcing implants/i).length).toBeGreaterThan(5);
  });

  it("a setting's crowd is not the role's day: 'being with the city police crowd' does not mean running jobs for fixers", async () => {
    expect(saying(await prose("Netrunners in a cyberpunk megacity", 60, 3), /crowd means (?!watching out)/i)).toEqual([]);
  });

  it("the Amish live without phones, cars, screens or playlists, and carry their own families' names", async () => {
    const prompt = "Amish farmers in Pennsylvania";
    const blueprint = new OfflineModeller().designSync({ prompt, count: 60, grounding: "off", seed: 3 });
    // The gazetteer's Pennsylvania has too few towns of under 50,000 for rural homes: that is said (session 12).
    expect(blueprint.unmodelled).toEqual(["the size of rural places in Pennsylvania"]);
    const sampled = sampleStructured(blueprint, 60, 3);
    const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 3, count: 60 }).writeBatch(sampled, 0);
    const texts = written.map((persona) => `${persona.backstory} ${persona.goals}`);
    expect(saying(texts, /\b(?:phones?|cars?|podcasts?|playlists?|television|tv|internet|online|apps?|laptop|voice notes|group chat)\b/i)).toEqual([]);
    const families = new Set(["Stoltzfus", "King", "Fisher", "Beiler", "Lapp", "Glick", "Zook", "Esh", "Riehl", "Smucker", "Petersheim", "Blank", "Ebersol", "Kauffman", "Yoder", "Miller", "Hershberger", "Troyer", "Byler", "Mast", "Schlabach", "Hochstetler"]);
    expect(written.filter((persona) => !families.has(String(persona.name).split(" ").pop() ?? "")).map((persona) => persona.name)).toEqual([]);
  });

  it("Orthodox Jews keep Shabbat and kosher, with Hebrew and Yiddish given names: 'Orthodox' is no longer left unmodelled", async () => {
    const prompt = "Orthodox Jewish families in Brooklyn";
    const blueprint = new OfflineModeller().designSync({ prompt, count: 60, grounding: "off", seed: 3 });
    expect(blueprint.unmodelled).toEqual([]);
    const sampled = sampleStructured(blueprint, 60, 3);
    const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 3, count: 60 }).writeBatch(sampled, 0);
    expect(saying(written.map((persona) => `${persona.backstory} ${persona.goals}`), /\b(?:bacon|pork|ham|prawns|shrimp|lobster|cheeseburgers?)\b/i)).toEqual([]);
    expect(saying(written.map((persona) => persona.backstory ?? ""), /Shabbat|synagogue|Torah|kosher/).length).toBeGreaterThan(10);
  });

  it("worlds with calendars of their own have no January: no goals set every January in a space western or an elven realm", async () => {
    for (const prompt of ["Bounty hunters in a space western", "Elven archers in a high-fantasy realm", "Sellswords in a medieval fantasy kingdom"]) {
      expect(saying(await prose(prompt, 80, 2), /\b(?:January|February|April|June|July|August|September|October|November|December)\b/)).toEqual([]);
    }
  });

  it("people who came from elsewhere cook their first home's dishes too", async () => {
    const texts = await prose("Nigerian nurses who emigrated to the UK", 60, 3);
    // The frames of the home they live in now (a Sunday dinner, cooking for friends), not only the one about where they grew up.
    const nigerian = "(?:[^.]*(?:jollof|egusi|suya|pounded yam|moi moi|puff-puff|pepper soup|ofada|akara|efo riro|ogbono)[^.]*)";
    const hosting = new RegExp(`Sunday (?:lunch|dinner) at (?:her|his|their) place in [^.]* means ${nigerian}|cooks ${nigerian}(?:whenever friends visit|for a crowd|on Sunday evenings)`, "i");
    expect(saying(texts, hosting).length).toBeGreaterThan(1);
  });

  it("a heritage is not a move: those born where they live are never newcomers who miss home, and a language they are named by is spoken", async () => {
    const prompt = "Chinese Americans in San Francisco";
    const blueprint = new OfflineModeller().designSync({ prompt, count: 60, grounding: "off", seed: 5 });
    expect(blueprint.fields.find((field) => field.name === "birthplace")?.categorical?.weights).toEqual({ abroad: 0.5, "United States": 0.5 });
    const sampled = sampleStructured(blueprint, 60, 5);
    const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 5, count: 60 }).writeBatch(sampled, 0);
    const bornHere = written.filter((_, index) => sampled[index]?.birthplace === "United States").map((persona) => persona.backstory ?? "");
    expect(bornHere.length).toBeGreaterThan(10);
    expect(saying(bornHere, /grew up in China|came to [^.]* from China \d|still learning the ways|misses most about China|family is still in China/)).toEqual([]);
    expect(saying(bornHere, /parents came to the United States from China|a Chinese family|to a family from China/).length).toBeGreaterThan(0);
    // Given name first where they live, whatever the family's culture: the backstory calls each by the name's first word.
    expect(written.filter((persona) => !new RegExp(`\\b${(persona.name ?? "").split(" ")[0]}\\b`).test(persona.backstory ?? "")).map((persona) => persona.name)).toEqual([]);
    const speakers = await prose("Russian speakers in Latvia", 30, 5);
    expect(saying(speakers, /speaks? Russian|first language is Russian/).length).toBeGreaterThan(0);
    expect(saying(speakers, /\bspeaker\b/)).toEqual([]);
  });

  it("who has no job fits no condition around work, and nobody in Edo Japan eats bread", async () => {
    const retired = await prose("Retired people with long COVID in Scotland", 80, 3);
    expect(saying(retired, /appointments with work|with work\b/i)).toEqual([]);
    expect(saying(await prose("Samurai retainers in Edo-period Japan", 60, 3), /\bbread\b/i)).toEqual([]);
  });

  it("a second goal is never the first again ('to pay off the mortgage; after that, to pay off the mortgage')", async () => {
    const prompt = "Russian speakers in Latvia";
    const blueprint = new OfflineModeller().designSync({ prompt, count: 300, grounding: "off", seed: 7 });
    const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 7, count: 300 }).writeBatch(sampleStructured(blueprint, 300, 7), 0);
    const repeated = written.map((persona) => /\bto (.+?)(?:; after that, to|, and one day to) (.+?)\.$/.exec(String(persona.goals))).filter((match) => match && match[1] === match[2]);
    expect(repeated.map((match) => match?.[0])).toEqual([]);
  });

  it("a named workplace is the workplace only of those who work there, not of its patients with jobs elsewhere", async () => {
    const texts = await prose("Patients at a care home in Leeds", 60, 3);
    expect(saying(texts, /(?<!patient )at a care home/i)).toEqual([]);
  });

  it("volunteers are not paid for it: their living is a day job of their own, never the role, and the people they serve agree with their verb", async () => {
    const texts = await prose("Volunteer firefighters in Australia", 60, 7);
    expect(saying(texts, /(?:a living|salary|wages?|pension|pay rise) as a (?:volunteer )?firefighter|works as a (?:volunteer )?firefighter|station officer|years to a pension/i)).toEqual([]);
    expect(saying(texts, /\b(?:he|she) help\b/)).toEqual([]);
  });

  it("a setting's hard moments are never the ones a persona is happiest in", async () => {
    const texts = await prose("Survivors in a post-apocalyptic wasteland", 80, 5);
    expect(saying(texts, /happiest during (?:the night the raiders came|a dust storm|the long wait before a battle)/i)).toEqual([]);
    expect(saying(texts, /happiest during/i)).toEqual([]);
  });

  it("only a newcomer is still learning the ways of the place", async () => {
    const blueprint = new OfflineModeller().designSync({ prompt: "Immigrants in London", count: 60, grounding: "off", seed: 5 });
    const sampled = sampleStructured(blueprint, 60, 5);
    const written = await new OfflineWriter().begin({ prompt: "Immigrants in London", blueprint, seed: 5, count: 60 }).writeBatch(sampled, 0);
    const settled = written.filter((_, index) => Number(sampled[index]?.years_since_arrival) > 5);
    expect(settled.length).toBeGreaterThan(20);
    expect(saying(settled.map((fields) => fields.backstory ?? ""), /still learning the ways/)).toEqual([]);
  });

  it("a poker player is written at the card table, not as an athlete", async () => {
    expect(saying(await prose("Professional poker players in Las Vegas"), /training ground|final whistle|injur|the beach|teammates/i)).toEqual([]);
  });

  it("a day trader has no office, managers or shifts", async () => {
    expect(saying(await prose("Crypto day traders in Singapore"), /managers upstairs|budget meetings|monthly meeting|promotion|a shift\b|client list/i)).toEqual([]);
  });

  it("a bus driver runs a route for an employer: no app, fares, ratings or a car of their own", async () => {
    expect(saying(await prose("Bus drivers in Mexico City"), /\bapp\b|surge|five-star|next fare|taxi rank|own (?:his|her|their) vehicle|loan on the car|airport/i)).toEqual([]);
  });

  it("a wind-turbine technician maintains turbines, not customers' homes or building sites", async () => {
    expect(saying(await prose("Wind-turbine technicians in Denmark"), /customers|building sites|quoting for jobs|bigger van|tea break|other trades/i)).toEqual([]);
  });

  it("a Dungeon Master does not build decks nor paint armies for a card game or a wargame", async () => {
    expect(saying(await prose("Dungeon Masters in Leeds"), /\bdecks?\b|painting contest|the army/i)).toEqual([]);
  });

  it("each hospitality job has its own day: a bartender or a waitress pulls no plates from the pass, a line cook pours no latte art", async () => {
    const kitchenThings = /keeping the pass moving|tasting everything before it goes out|prepping vegetables|run a kitchen|burns on both forearms|set of knives/i;
    expect(saying(await prose("Bartenders in Dublin", 40), kitchenThings)).toEqual([]);
    expect(saying(await prose("Waitresses in Chicago", 40), /espresso|latte|keg|cocktail|run a kitchen|tasting everything before it goes out/i)).toEqual([]);
    expect(saying(await prose("Line cooks in Houston", 40), /espresso|latte|cocktail|keg|taking orders|laying tables/i)).toEqual([]);
    // A job the data does not name is read by its head word: a short-order cook works at the stoves.
    expect(saying(await prose("Short-order cooks in Ohio", 40), /espresso|latte|cocktail|keg|taking orders/i)).toEqual([]);
  });

  it("nobody inland walks the seafront or swims in the sea as a habit; people on the coast may", async () => {
    const seaside = /seafront|by the sea|walking the coast|coast road|beach road|sea wall|the harbour|swimming in the sea|heading to the coast/i;
    for (const prompt of ["Pensioners in Zaragoza", "Librarians in Seville", "Cyclists in Córdoba, Spain"]) expect(saying(await prose(prompt, 60), seaside)).toEqual([]);
    expect(saying(await prose("Pensioners in Barcelona", 60), seaside).length).toBeGreaterThan(0);
  });

  it("nobody is found somewhere with company they meet online ('in the back garden with an online forum')", async () => {
    const withOnline = /often be found (?:in|at|on) [^.]* with [^.]*(?:online|forum|group chat|voice chat|time zones|followers)/i;
    for (const prompt of ["Stargazers in Arizona", "Hobby potters in Leeds", "Anime fans in Osaka", "Retro console collectors in Ohio"]) expect(saying(await prose(prompt, 80), withOnline)).toEqual([]);
  });

  it("a rural persona lives near the town its fields name, not in it ('rural Iowa' and Mason City)", async () => {
    for (const prompt of ["Dairy farmers in rural Wisconsin", "Schoolteachers in rural Kansas in 1925"]) {
      const blueprint = new OfflineModeller().designSync({ prompt, count: 30, grounding: "off", seed: 11 });
      const sampled = sampleStructured(blueprint, 30, 11);
      const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 11, count: 30 }).writeBatch(sampled, 0);
      const inTown = written.filter((fields, index) => {
        const city = String(sampled[index]?.city ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        return sampled[index]?.settlement === "rural" && new RegExp(`\\bin ${city}\\b`).test(fields.backstory ?? "");
      });
      expect(inTown).toEqual([]);
      expect(saying(written.map((fields) => fields.backstory ?? ""), /near /).length).toBeGreaterThan(10);
    }
  });

  it("a past year has none of what came later on the farm: no crop spraying before the war, no hot shower in the countryside", async () => {
    for (const prompt of ["Sheep farmers in rural Montana in the 1920s", "Wheat farmers in rural Saskatchewan in the 1930s"]) expect(saying(await prose(prompt, 80), /spraying|hot shower|radiator/i)).toEqual([]);
  });

  it("a photographer's day is shoots and frames, not drafts and editors; a cheesemaker makes cheese, not a shop's morning queue", async () => {
    expect(saying(await prose("Portrait photographers in Leeds", 60), /a draft|editors|publishing day|the blank page/i)).toEqual([]);
    expect(saying(await prose("Portrait photographers in Leeds", 60), /shoot|frames|lens|photo/i).length).toBeGreaterThan(20);
    expect(saying(await prose("Cheesemakers in Normandy", 60), /morning queue|first customers arrive|nothing left to sell|counter stocked/i)).toEqual([]);
  });

  it("the place's own ways: no snow in a desert, no wine or pub where the law forbids alcohol, no hills in a flat country", async () => {
    for (const prompt of ["Date farmers in Saudi Arabia", "Taxi drivers in Cairo"]) expect(saying(await prose(prompt, 60), /\bsnow/i)).toEqual([]);
    for (const prompt of ["Nurses in Riyadh", "Accountants in Karachi"]) expect(saying(await prose(prompt, 60), /\bwine\b|\bpubs?\b|\bbeer/i)).toEqual([]);
    for (const prompt of ["Bus drivers in Amsterdam", "Teachers in Dhaka"]) expect(saying(await prose(prompt, 60), /\bhills?\b/i)).toEqual([]);
  });

  it("herders who move with their herds keep no sheepfold, lambing shed or kitchen-table books; a teenager trains before no work", async () => {
    for (const prompt of ["Yak herders in Tibet", "Nomadic herders in Mongolia"]) expect(saying(await prose(prompt, 40), /sheepfold|lambing shed|kitchen table|auction day|the pens at the back/i)).toEqual([]);
    expect(saying(await prose("Teenage surfers in Cornwall", 40), /before work|after work/i)).toEqual([]);
  });

  it("a school child said the other way round ('children in primary school') goes to school, not to work; no teenager hosts Sunday dinner", async () => {
    const texts = await prose("Children in elementary school in Denver", 40);
    expect(saying(texts, /colleagues|the job|working (?:day|week)|after work|customers/i)).toEqual([]);
    expect(saying(await prose("Pupils at secondary schools in Lyon", 60), /cooks? [^.]* (?:for a crowd|whenever friends visit|on Sunday evenings)|dinner at (?:his|her|their) place/i)).toEqual([]);
  });

  it("a construction worker works on site, not in customers' homes quoting for jobs; a dentist is nobody's 'other hygienist'", async () => {
    expect(saying(await prose("Roofers in Denver", 40), /customers|quoting|the van\b|call-out/i)).toEqual([]);
    expect(saying(await prose("Orthodontists in Lyon", 60), /other hygienists/i)).toEqual([]);
  });

  it("a newcomer grew up in the country they came from when they came at twelve or older, and here when they came as a small child", async () => {
    for (const prompt of ["Syrian refugees in Sweden", "Polish migrants in Dublin", "Ukrainian refugees in Warsaw"]) {
      const blueprint = new OfflineModeller().designSync({ prompt, count: 40, grounding: "off", seed: 11 });
      const sampled = sampleStructured(blueprint, 40, 11);
      const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 11, count: 40 }).writeBatch(sampled, 0);
      const wrong = written.flatMap((fields, index) => {
        const persona = sampled[index] as Record<string, unknown>;
        const arrivedAt = Number(persona.age) - Number(persona.years_since_arrival);
        const origin = String(persona.origin_country ?? "");
        if (!origin || Number.isNaN(arrivedAt)) return [];
        const grewUp = (fields.backstory ?? "").split(/(?<=[.!?])\s+/).filter((sentence) => /grew up in /.test(sentence));
        return grewUp.filter((sentence) => (arrivedAt >= 12 && !sentence.includes(origin)) || (arrivedAt <= 5 && sentence.includes(`grew up in ${origin}`)));
      });
      expect(wrong).toEqual([]);
    }
  });

  it("a farmer named by a crop grows it: no herd, calving or feed for field crops and orchards, no orchard rows or pruning in a wheat field", async () => {
    const livestock = /\bherds?\b|calving|\bvets?\b|price of feed|grazing|the animals\b|livestock|cattle/i;
    for (const prompt of ["Soybean farmers in Iowa", "Maize farmers in Zambia"]) expect(saying(await prose(prompt, 40), new RegExp(`${livestock.source}|orchard|pruning|plantation`, "i"))).toEqual([]);
    expect(saying(await prose("Cherry growers in Michigan", 40), livestock)).toEqual([]);
  });

  it("people without a home keep no home comforts or dinner guests; an athlete trains at no beach", async () => {
    expect(saying(await prose("Homeless women in Los Angeles", 40), /comfortable old sofa|fresh sheets|lie-ins|book club|whenever friends visit|for a crowd|open windows|collecting mugs|favou?rite mug|dinner at (?:his|her|their) place/i)).toEqual([]);
    for (const prompt of ["Professional handball players in Denmark", "Professional boxers in Manila"]) expect(saying(await prose(prompt, 40), /\bbeach\b/i)).toEqual([]);
  });

  it("a miner's own day holds what every mine has, not only a coal pit's cage and coal face (copper and iron ore are open pits)", async () => {
    for (const prompt of ["Copper miners in Zambia", "Iron ore miners in Western Australia"]) expect(saying(await prose(prompt, 40), /coal face|the cage going down|back up into daylight|helmet lamp/i)).toEqual([]);
  });

  it("onshore oil workers stand on no platform and fly out by no helicopter; offshore workers do", async () => {
    for (const prompt of ["Oil field workers in Texas", "Refinery workers in Rotterdam"]) expect(saying(await prose(prompt, 40), /platform|helicopter|on deck|job onshore/i)).toEqual([]);
    expect(saying(await prose("Offshore workers in the North Sea", 40), /platform|helicopter|helideck/i).length).toBeGreaterThan(5);
  });

  it("a teenager's comforts and habits are no adult's: no first coffee of the day, no mugs from every trip", async () => {
    for (const prompt of ["Teenage gamers in Seoul", "High school students in Ohio"]) {
      const blueprint = new OfflineModeller().designSync({ prompt, count: 40, grounding: "off", seed: 11 });
      const sampled = sampleStructured(blueprint, 40, 11);
      const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 11, count: 40 }).writeBatch(sampled, 0);
      const teens = written.filter((_, index) => Number(sampled[index]?.age) < 18);
      expect(teens.length).toBeGreaterThan(10);
      expect(saying(teens.map((fields) => fields.backstory ?? ""), /first coffee of the day|from every trip|takeaway menus|mortgage/i)).toEqual([]);
    }
  });

  it("a tattoo artist works a studio's chair, not a laptop creator's café wifi and followers", async () => {
    for (const prompt of ["Tattoo artists in Glasgow", "Tattooists in Montreal"]) expect(saying(await prose(prompt, 40), /wifi|followers|an audience|editing late|scrolling for inspiration|impossible from the start|corner of the living room/i)).toEqual([]);
  });

  it("a competitive chess player worries about no injuries and plays online, not 'at online'", async () => {
    expect(saying(await prose("Competitive chess players over 60", 40), /injur|at online\b/i)).toEqual([]);
  });

  it("football fans follow football: no position, level, kit or training", async () => {
    const blueprint = new OfflineModeller().designSync({ prompt: "Football fans in Manchester", count: 30, grounding: "off", seed: 11 });
    expect(blueprint.fields.map((field) => field.name)).not.toContain("main_role");
    expect(blueprint.fields.map((field) => field.name)).not.toContain("level");
    expect(saying(await prose("Football fans in Manchester"), /\bkit\b|training (?:before|twice|through|session)|personal best|injur|usually plays/i)).toEqual([]);
  });

  it("only the working are found somewhere 'after work'", async () => {
    const retired = await prose("Retired miners in Wales", 200);
    expect(saying(retired, /after work/i)).toEqual([]);
    expect(saying(retired, /days off/i)).toEqual([]);
  });

  it("a dish someone 'cooks' is one that is cooked: no cooking of skyr, ceviche, a cheese board or open sandwiches", () => {
    const uncooked = Object.values(textKnowledge().places.dishes).flat().filter((dish) => /\bskyr\b|ceviche|cheese board|brown cheese|smørrebrød|pickled herring|sashimi/i.test(dish));
    expect(uncooked).toEqual([]);
  });

  it("a dish names no time of the week: the sentences around it do ('cooks a curry on Friday night on Sunday evenings')", () => {
    const timed = Object.values(textKnowledge().places.dishes).flat().filter((dish) => /\b(?:on|at|every)\b.*\b(?:night|evening|morning|day|beach)\b/i.test(dish));
    expect(timed).toEqual([]);
  });
});
