import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { understandPrompt } from "./understand.ts";
import type { PromptParts } from "./parts.ts";

function summary(parts: PromptParts) {
  return {
    role: parts.roles.map((role) => (role.kind === "general" ? "general" : `${role.kind}:${role.value}`)),
    places: parts.places.map((place) => (place.kind === "area" ? place.area.name : place.kind === "country" ? place.country.code : place.kind === "region" ? place.region.name : place.city.name)),
    when: parts.when?.kind === "setting" ? parts.when.setting.id : parts.when?.kind,
    age: parts.age && [parts.age.min, parts.age.max],
    gender: parts.gender?.gender,
    settlement: parts.settlement?.value,
    situations: parts.situations.map((entry) => entry.situation.id),
    conditions: parts.conditions.map((entry) => entry.condition.name),
    activities: parts.activities.map((entry) => entry.activity.name),
    qualifiers: parts.qualifiers.map((entry) => entry.qualifier.id),
    origins: parts.origins.map((entry) => entry.country.code),
    unmodelled: parts.unmodelled,
  };
}

describe("understandPrompt", () => {
  it.each([
    ["Hospital pharmacists in Toronto", { role: ["occupation:hospital pharmacist"], places: ["Toronto"], unmodelled: [] }],
    // A platform's name keeps its capitals even as the prompt's first word, and a reseller is a kind of work the data knows.
    ["Twitch streamers in Brazil", { role: ["occupation:Twitch streamer"], places: ["BR"], unmodelled: [] }],
    ["eBay resellers in Ohio", { role: ["occupation:eBay reseller"], places: ["Ohio"], unmodelled: [] }],
    ["YouTubers in Mexico City", { role: ["occupation:YouTuber"], places: ["Mexico City"], unmodelled: [] }],
    // A trade's word after a game or hobby is what they do in it; a miner of Bitcoin is no coal miner.
    ["Warhammer painters in the UK", { role: ["participant:Warhammer painter"], places: ["GB"], activities: ["Warhammer"], unmodelled: [] }],
    ["Bitcoin miners in Texas", { role: ["occupation:bitcoin miner"], places: ["Texas"], activities: [], unmodelled: [] }],
    // A language before a role that teaches or translates it is the subject, not where they live or come from.
    ["English teachers in Japan", { role: ["occupation:English teacher"], places: ["JP"], origins: [], unmodelled: [] }],
    ["French translators in Canada", { role: ["occupation:French translator"], places: ["CA"], origins: [], unmodelled: [] }],
    ["Syrian refugees living in Germany", { role: ["situation:refugee"], places: ["DE"], origins: ["SY"] }],
    // An area named by its adjective is where they come from when another place says where they live.
    ["English nurses in Dubai", { role: ["occupation:nurse"], places: ["Dubai"], origins: ["GB"], unmodelled: [] }],
    // An independent bookshop is independently owned (not modelled, and said so); its owner is no freelancer.
    ["Independent bookshop owners in Edinburgh", { role: ["occupation:bookshop owner"], places: ["Edinburgh"], qualifiers: [], unmodelled: ["Independent"] }],
    // A club's fans follow its sport; the club is a field, and its city is not where they live.
    ["Manchester United fans in Nigeria", { role: ["participant:Manchester United fan"], places: ["NG"], activities: ["football"], qualifiers: ["club:Manchester United"], unmodelled: [] }],
    ["Lakers fans in Los Angeles", { role: ["participant:Los Angeles Lakers fan"], places: ["Los Angeles"], activities: ["basketball"], unmodelled: [] }],
    // A prompt in another language: the place is still read; a role the data does not know is kept as written and named as not modelled.
    ["Guardaparques en Chile", { role: ["as-written:guardaparque"], places: ["CL"], unmodelled: ["Guardaparques"] }],
    // Hosting on Airbnb is work too: letting a flat, not using the platform as a guest.
    ["Airbnb hosts in Lisbon", { role: ["occupation:Airbnb host"], places: ["Lisbon"], activities: [], unmodelled: [] }],
    // Selling on Etsy is work (a handmade seller's), not a platform they use.
    ["Etsy sellers in Oregon", { role: ["occupation:Etsy seller"], places: ["Oregon"], activities: [], unmodelled: [] }],
    ["Fishermen in coastal Norway", { role: ["occupation:fisherman"], places: ["NO"], settlement: "coastal", unmodelled: [] }],
    // Two words of one job side by side are one job, not a second role left unmodelled.
    ["Smallholder farmers in rural Kenya", { role: ["occupation:smallholder farmer"], places: ["KE"], settlement: "rural", unmodelled: [] }],
    // What a city's people are called is the city ("Geordies" are Newcastle's in England, not Australia's).
    ["Londoners in their 30s", { role: [], places: ["London"], unmodelled: [] }],
    ["Retired Geordies", { places: ["Newcastle"], situations: ["retired"], unmodelled: [] }],
    ["Angelenos who commute by car", { places: ["Los Angeles"] }],
    // A people's own noun ("Poles", "Kiwis") is where they come from when they live elsewhere.
    ["Kiwis living in London", { role: [], places: ["London"], origins: ["NZ"], unmodelled: [] }],
    // A verb after "who" that names an activity is what they do, whatever the role.
    ["Angelenos who surf", { places: ["Los Angeles"], activities: ["surfing"], unmodelled: [] }],
    // A job's feminine form in another language says who they are ("Lehrerinnen": women teachers); a masculine plural is everyone.
    ["Lehrerinnen in Bayern", { role: ["occupation:teacher"], gender: "female", unmodelled: [] }],
    // Carers of their own relatives are family carers, not care workers; carers in a workplace are the job.
    ["Caregivers of parents with dementia in Canada", { role: ["situation:family carer"], situations: ["caregiver"], places: ["CA"], unmodelled: [] }],
    ["Caregivers in nursing homes", { role: ["occupation:caregiver"] }],
    ["Retired dockworkers in Liverpool", { role: ["occupation:dockworker"], places: ["Liverpool"], unmodelled: [] }],
    ["Enfermeros en Madrid", { role: ["occupation:registered nurse"], gender: undefined, unmodelled: [] }],
    ["Médicos rurales en Colombia", { role: ["occupation:physician"], places: ["CO"], settlement: "rural", unmodelled: [] }],
    ["Retirees who knit in Ohio", { activities: ["knitting"], unmodelled: [] }],
    // Zero-hours is a contract of its own, not freelancing.
    ["Hospital cleaners on zero-hours contracts in London", { role: ["occupation:cleaner"], qualifiers: ["zero-hours"], unmodelled: [] }],
    ["Poles who immigrated to Ireland in the 2000s", { places: ["IE"], origins: ["PL"], situations: ["immigrant"], unmodelled: [] }],
    ["Syrian refugees who arrived in Germany in 2015", { places: ["DE"], origins: ["SY"], unmodelled: [] }],
    ["Night-shift security guards in Johannesburg", { role: ["occupation:security guard"], places: ["Johannesburg"], qualifiers: ["night-shift"], unmodelled: [] }],
    ["Single mothers in Glasgow", { role: ["situation:single mother"], places: ["Glasgow"], gender: "female", situations: ["single-mother"] }],
    ["Fortnite players aged 10-16 in the UK", { role: ["participant:Fortnite player"], places: ["GB"], age: [10, 16], activities: ["Fortnite"], unmodelled: [] }],
    ["Pirates in the Caribbean in 1710", { role: ["setting-role:pirate"], places: ["the Caribbean"], when: "golden-age-piracy", unmodelled: [] }],
    ["Street samurai in a cyberpunk Neo-Tokyo", { role: ["setting-role:street samurai"], when: "cyberpunk", unmodelled: [] }],
    ["Roman legionaries in Britain in 120 AD", { role: ["setting-role:legionary"], places: ["GB"], when: "roman-empire", unmodelled: [] }],
    ["Syrian refugees living in Germany", { role: ["situation:refugee"], places: ["DE"], origins: ["SY"], unmodelled: [] }],
    ["People with chronic migraine in Australia", { role: ["condition-holder:person with chronic migraine"], conditions: ["chronic migraine"], places: ["AU"] }],
    ["Wheelchair users who commute by train in Tokyo", { role: ["condition-holder:wheelchair user"], situations: ["train-commuter"], places: ["Tokyo"], unmodelled: [] }],
    ["Teenage figure skaters in Canada", { role: ["participant:figure skater"], age: [13, 19], places: ["CA"] }],
    ["early-stage startup founders in rural Texas", { role: ["occupation:startup founder"], places: ["Texas"], settlement: "rural", qualifiers: ["early-stage"], unmodelled: [] }],
    // The setting's people named first say the setting; the role is the word after them.
    // Amateurs of a trade that is also a pastime take part in it, with jobs of their own; a trade with no pastime in the data keeps the job and lists the word.
    ["Hobby beekeepers in Germany", { role: ["participant:beekeeper"], activities: ["beekeeping"], places: ["DE"], unmodelled: [] }],
    ["Amateur comedians in Chicago", { role: ["participant:comedian"], activities: ["stand-up comedy"], unmodelled: [] }],
    ["Recreational fishermen in Norway", { role: ["participant:fisherman"], activities: ["fishing"], unmodelled: [] }],
    ["Amateur radio operators in Ohio", { activities: ["amateur radio"], unmodelled: [] }],
    ["Amateur referees in Spain", { role: ["occupation:referee"], qualifiers: [], unmodelled: ["Amateur"] }],
    ["Tea pickers in Darjeeling", { role: ["occupation:tea picker"], places: ["Darjeeling"], unmodelled: [] }],
    // A crop before a farm worker's word: they grow or harvest it (an apple picker is no warehouse picker).
    ["Apple pickers in Washington", { role: ["occupation:apple picker"], unmodelled: [] }],
    ["Lavender growers in Provence", { role: ["occupation:lavender grower"], places: ["Provence"], unmodelled: [] }],
    ["Cotton pickers in 1930s Mississippi", { role: ["occupation:cotton picker"], places: ["Mississippi"], unmodelled: [] }],
    ["Order pickers in a warehouse in Ohio", { role: ["occupation:order picker"], unmodelled: [] }],
    // English names of other countries' regions.
    ["Cheesemakers in Normandy", { places: ["Normandy"], unmodelled: [] }],
    ["Miners in Silesia", { places: ["Silesia"], unmodelled: [] }],
    ["Uber drivers in Nairobi", { role: ["occupation:Uber driver"], places: ["Nairobi"], unmodelled: [] }],
    ["Conservative voters in rural Ohio", { places: ["Ohio"], settlement: "rural", qualifiers: ["conservative"], unmodelled: [] }],
    ["Swing voters in Pennsylvania", { qualifiers: ["centrist"], unmodelled: [] }],
    // "Liberal arts" is no politics: an adjective alone never says how someone votes.
    ["Liberal arts students in Boston", { qualifiers: [] }],
    // The activity the role names leads, whatever order the prompt names them in.
    ["Vegan bodybuilders in Berlin", { role: ["participant:bodybuilder"], activities: ["weightlifting", "veganism"], unmodelled: [] }],
    ["Chinese international students in Melbourne", { role: ["situation:international student"], places: ["Melbourne"], origins: ["CN"], unmodelled: [] }],
    // A people named beside a place that spans the world comes from somewhere: never dropped.
    ["Japanese tourists from around the world", { origins: ["JP"] }],
    // What they do, said with a verb, is a situation named by its own words ("small business owner"), not "started a business".
    ["Women over 60 who started a business", { role: ["situation:small business owner"], gender: "female", unmodelled: [] }],
    // A role's relatives are its family, not its holders: "fishermen's wives" are wives of fishermen.
    ["Fishermen's wives in Newfoundland", { role: [], places: ["Newfoundland"], gender: "female", qualifiers: ["family-tie"], unmodelled: [] }],
    ["Soldiers' children in Texas", { role: [], places: ["Texas"], qualifiers: ["family-tie"], unmodelled: [] }],
    ["McDonald's workers in Chicago", { unmodelled: ["McDonald's"] }],
    ["Truck stop waitresses in Nevada", { role: ["occupation:waitress"], places: ["Nevada"], unmodelled: [] }],
    ["Funeral home directors in the Midwest", { role: ["occupation:funeral home director"], unmodelled: [] }],
    ["Elevator mechanics in New York", { role: ["occupation:elevator mechanic"], unmodelled: [] }],
    // A one-word alias that names its occupation only on its own says nothing after an unknown word:
    // kept as written and listed, not a film director's or software developer's day.
    ["Compliance directors in London", { role: ["as-written:compliance director"], places: ["London"], unmodelled: ["Compliance directors"] }],
    ["Property developers in Dubai", { role: ["as-written:property developer"], unmodelled: ["Property developers"] }],
    ["Female pilots", { role: ["occupation:pilot"], gender: "female", unmodelled: [] }],
    ["Senior managers in Tokyo", { role: ["occupation:manager"], unmodelled: [] }],
    // An era word names its setting in the country the prompt names: Japan's feudal era, not medieval Europe.
    ["Medieval Japanese samurai", { role: ["setting-role:samurai"], when: "edo-japan", unmodelled: [] }],
    ["Medieval Japanese farmers", { when: "edo-japan", unmodelled: [] }],
    ["Sherpas on Everest", { role: ["occupation:sherpa"], places: ["Everest"], unmodelled: [] }],
    // A food bank is no bank: the compound is read before its last word.
    ["Retired teachers volunteering at food banks in Glasgow", { places: ["Glasgow"], unmodelled: [] }],
    // Words that name no people before words that do describe them: never a role ("a 66-year-old lonely").
    ["Lonely elderly men in Tokyo who live alone", { role: [], gender: "male", qualifiers: ["lonely"], unmodelled: [] }],
    ["Grumpy old men", { role: [], gender: "male", qualifiers: ["temperament-blunt"], unmodelled: [] }],
    // A town of several words is read whole, not as its state and an unknown word.
    ["Teachers in Idaho Falls", { places: ["Idaho Falls"], unmodelled: [] }],
    ["Viking raiders", { role: ["setting-role:raider"], when: "viking-age", unmodelled: [] }],
    ["knights and merchants", { role: ["setting-role:knight", "occupation:merchant"], when: "medieval-europe", unmodelled: [] }],
    // Common occupations named in Spanish, Portuguese, French, German, Italian or Dutch are read, and named in English.
    ["Enfermeras en Madrid", { role: ["occupation:registered nurse"], places: ["Madrid"], unmodelled: [] }],
    ["Enfermeras en Lima", { role: ["occupation:registered nurse"], places: ["Lima"], unmodelled: [] }],
    ["Krankenpfleger in Berlin", { role: ["occupation:registered nurse"], places: ["Berlin"], unmodelled: [] }],
    ["Chauffeurs de taxi à Paris", { role: ["occupation:taxi driver"], places: ["Paris"], unmodelled: [] }],
    ["Médicos em São Paulo", { role: ["occupation:physician"], unmodelled: [] }],
    // A club's name that is also a word names the club only as a name ("Rangers fans"), not as the word ("rangers").
    ["Indigenous rangers in the Northern Territory", { role: ["occupation:ranger"], activities: [], unmodelled: [] }],
    ["Rangers in Kenya", { role: ["occupation:ranger"], activities: [] }],
    ["Rangers fans in Glasgow", { role: ["participant:Rangers fan"], activities: ["football"], unmodelled: [] }],
    ["Teachers close to retirement in Ohio", { role: ["occupation:teacher"], situations: ["nearing-retirement"], unmodelled: [] }],
    ["Mothers returning to work after maternity leave", { role: ["situation:mother"], situations: ["parent", "back-from-parental-leave"], unmodelled: [] }],
    ["Uber drivers with a second job", { role: ["occupation:Uber driver"], situations: ["second-job"], unmodelled: [] }],
    ["Young farmers taking over family farms in France", { role: ["occupation:farmer"], situations: ["taking-over-family-business"], unmodelled: [] }],
    // A musician named by a genre is the musician, named as written.
    ["Jazz musicians in New Orleans", { role: ["occupation:jazz musician"], places: ["New Orleans"], unmodelled: [] }],
    ["Country singers in Nashville", { role: ["occupation:country singer"], places: ["Nashville"], unmodelled: [] }],
    // An unknown word before the generic people of work names a kind of work we do not know: kept as written, not everyday jobs.
    ["Sex workers in Amsterdam", { role: ["as-written:sex worker"], places: ["Amsterdam"], unmodelled: ["Sex workers"] }],
    ["Hospital workers in Lagos", { role: ["situation:worker"], unmodelled: [] }],
    ["Retired couples who moved to Portugal", { role: ["situation:couple"], situations: ["retired", "couple"] }],
    // A place's small inner words stay small: "Rio de Janeiro" is one capitalised name.
    ["Wedding photographers in Rio de Janeiro", { role: ["occupation:wedding photographer"], places: ["Rio de Janeiro"], unmodelled: [] }],
    // A verb of owning before a business the data knows makes its owners the role: "running" there is no sport.
    ["Ex-military veterans running small businesses in Texas", { role: ["occupation:small business owner"], places: ["Texas"], activities: [], unmodelled: [] }],
    ["Families who own vineyards in Napa", { role: ["occupation:vineyard owner"], activities: [], unmodelled: [] }],
    ["Women running bakeries in Lagos", { role: ["occupation:bakery owner"], places: ["Lagos"], gender: "female", activities: [], unmodelled: [] }],
    ["Runners running marathons in Boston", { role: ["participant:runner"], unmodelled: [] }],
    // A business named by a compound ("funeral home", "food truck") is owned whole: its last word alone is no business.
    ["Families who own a home in Ohio", { role: ["situation:family"], places: ["Ohio"], unmodelled: ["home"] }],
    ["People who operate heavy trucks", { role: [] }],
    // Kinds of workers named with a hyphen or an invariant plural are read as the data names them.
    ["Tradespeople in Leeds", { role: [], places: ["Leeds"], unmodelled: [] }],
    ["Low-wage workers in Texas", { role: [], places: ["Texas"], unmodelled: [] }],
    // "young" is their age, as in "young women": the kind of work is what is left.
    ["Young professionals in Lagos", { role: [], places: ["Lagos"], age: [18, 34], unmodelled: [] }],
    // Immigrants are not all recent ones: only "recent", "new", "newly arrived" say so.
    ["Immigrants who run restaurants in London", { role: ["occupation:restaurant owner"], situations: ["immigrant"], unmodelled: [] }],
    ["recent immigrants to Canada looking for work", { role: ["situation:recent immigrant"], places: ["CA"], situations: ["recent-immigrant", "unemployed"], unmodelled: [] }],
    ["people living in the Alps", { role: [], places: ["the Alps"], unmodelled: [] }],
    ["Medieval monks copying manuscripts", { role: ["occupation:monk"], when: "medieval-europe", gender: "male", unmodelled: ["copying manuscripts"] }],
    ["Cowboys in 1880s Texas", { role: ["occupation:cowboy"], places: ["Texas"], when: "wild-west", unmodelled: [] }],
    ["young women in Lagos", { role: [], places: ["Lagos"], age: [18, 34], gender: "female", unmodelled: [] }],
    ["Dentists in Lima, Peru", { role: ["occupation:dentist"], places: ["Lima"], unmodelled: [] }],
    ["Korean-American entrepreneurs in Los Angeles", { places: ["Los Angeles"], origins: ["KR"], unmodelled: [] }],
    ["Italian grandmothers who cook", { role: [], activities: ["cooking"], gender: "female", unmodelled: [] }],
    ["Software engineers at startups in Bangalore", { places: ["Bengaluru"], unmodelled: [] }],
    ["Uber Eats couriers in Madrid", { role: ["occupation:Uber Eats courier"], places: ["Madrid"], unmodelled: [] }],
    ["Players of Among Us", { role: ["participant:Among Us player"], activities: ["Among Us"], unmodelled: [] }],
    ["Create 10 diverse customers of a coffee shop in Seattle", { role: ["situation:customer"], places: ["Seattle"], unmodelled: [] }],
    ["Ancient Egyptian scribes", { role: ["occupation:scribe"], when: "ancient-egypt", unmodelled: [] }],
    ["Seasonal farm workers from Mexico in California", { places: ["California"], origins: ["MX"], qualifiers: ["seasonal"], unmodelled: [] }],
    ["Caregivers of dementia patients in Japan", { role: ["occupation:caregiver"], conditions: [], situations: [], places: ["JP"], unmodelled: [] }],
    ["Gen Z voters in Georgia", { places: ["Georgia"], unmodelled: [] }],
    ["Buddhist monks in Thailand", { role: ["occupation:monk"], situations: ["buddhist"], unmodelled: [] }],
    ["Owners of rescue dogs in Portland", { role: ["participant:owner of rescue dogs"], unmodelled: [] }],
    ["Astronauts on the International Space Station", { role: ["occupation:astronaut"], when: undefined, places: [], unmodelled: [] }],
  ])("%s", (prompt, expected) => {
    expect(summary(understandPrompt(prompt))).toMatchObject(expected);
  });

  it("puts ages named for relatives on the relatives", () => {
    const teenagers = understandPrompt("Parents of teenagers in suburban New Jersey");
    expect(teenagers.age).toBeUndefined();
    expect(teenagers.relativeAges.map((entry) => entry.span.text)).toEqual(["teenagers"]);
    const parts = understandPrompt("Parents of children aged 5-10 in Leeds");
    expect(parts.age).toBeUndefined();
    expect(parts.relativeAges.map((entry) => entry.span.text)).toEqual(["children aged 5-10"]);
  });

  it("puts a condition named for a relative on the relative", () => {
    const parts = understandPrompt("Mothers of children with autism in Ireland");
    expect(parts.conditions).toEqual([]);
    expect(parts.relativeConditions).toMatchObject([{ relative: "child", condition: { name: "autism" } }]);
  });

  it("keeps a role it does not know as written, singular, and says so", () => {
    const parts = understandPrompt("Kiteboarders in Tarifa");
    expect(parts.roles).toMatchObject([{ kind: "as-written", value: "kiteboarder" }]);
    expect(parts.unmodelled).toEqual(["Kiteboarders", "Tarifa"]);
    expect(parts.unknownPlaces.map((span) => span.text)).toEqual(["Tarifa"]);
  });

  it("never reads an unknown place as a known one, and lists it", () => {
    const parts = understandPrompt("nurses in narnia");
    expect(parts.places).toEqual([]);
    expect(parts.unmodelled).toContain("narnia");
  });

  it("reads place names that are common words only as places when written as names", () => {
    expect(summary(understandPrompt("reading groups for retirees")).places).toEqual([]);
    expect(summary(understandPrompt("china painters in Turkey")).places).toEqual(["TR"]);
    expect(summary(understandPrompt("give us some bakers")).places).toEqual([]);
    expect(summary(understandPrompt("bakers in the US")).places).toEqual(["US"]);
  });

  it("reads a number as a year only where it says a year, never the count", () => {
    expect(understandPrompt("2150 colonists").count).toBe(2150);
    expect(understandPrompt("Colonists on Mars in 2150").when).toMatchObject({ kind: "setting", year: 2150 });
    expect(understandPrompt("farmers in 1850 Ireland").when).toMatchObject({ kind: "year", year: 1850 });
    expect(understandPrompt("Londoners in the 1880s in London").when).toMatchObject({ kind: "setting", year: 1885 });
  });

  it("every span is the prompt's own text, and everything unmodelled is the prompt's words", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("nurses", "in", "Ohio", "night-shift", "retired", "Fortnite", "players", "Zorblax", "aged", "10-16", "the", "Alps", "with", "long", "COVID", "pirates", "1710", "who", "knit"), { maxLength: 12 }), (words) => {
        const prompt = words.join(" ");
        const parts = understandPrompt(prompt);
        for (const place of parts.places) expect(prompt.slice(place.span.start, place.span.end)).toBe(place.span.text);
        for (const role of parts.roles) if (role.kind !== "general") expect(prompt.slice(role.span.start, role.span.end)).toBe(role.span.text);
        for (const word of parts.unmodelled) expect(prompt).toContain(word);
        if (words.includes("Zorblax")) expect(parts.unmodelled.join(" ")).toContain("Zorblax");
      }),
      { numRuns: 200 },
    );
  });

  it("reads a named institution as the workplace, not as a place, and says where it is was not modelled", () => {
    for (const [prompt, name] of [["Deaf students at Gallaudet University", "Gallaudet University"], ["Nurses at Johns Hopkins Hospital", "Johns Hopkins Hospital"]] as const) {
      const parts = understandPrompt(prompt);
      expect(parts.places).toEqual([]);
      expect(parts.unknownPlaces).toEqual([]);
      expect(parts.workplace).toMatchObject({ value: name, named: true });
      expect(parts.unmodelled).toContain(name);
    }
  });

  it("reads the industry people work in, and leaves an industry's workers a role", () => {
    expect(understandPrompt("Single fathers working in construction in Melbourne")).toMatchObject({ industry: { value: "construction", span: { text: "working in construction" } }, unmodelled: [] });
    expect(understandPrompt("People working in the retail sector in Ohio").industry?.value).toBe("retail");
    expect(understandPrompt("Women with careers in tech in Berlin").industry?.value).toBe("technology");
    expect(understandPrompt("Nurses working in hospitals").industry).toBeUndefined();
  });

  it("reads people named by the kind of jobs they hold, and decades written as 'N-something'", () => {
    const parts = understandPrompt("A diverse group of 30-something professionals in London who commute by bike");
    expect(parts.workGroup).toMatchObject({ value: "professional", isco: [1, 2] });
    expect(parts.age).toMatchObject({ min: 30, max: 39 });
    expect(parts.qualifiers.map((entry) => entry.qualifier.id)).not.toContain("professional");
    expect(parts.unmodelled).toEqual([]);
    expect(understandPrompt("Blue-collar workers in Ohio").workGroup?.isco).toEqual([6, 7, 8, 9]);
    expect(understandPrompt("thirty-somethings in Paris").age).toMatchObject({ min: 30, max: 39 });
    // A level of play stays a level: "professional" alone names no people.
    expect(understandPrompt("Professional poker players in Las Vegas").workGroup).toBeUndefined();
  });

  it("reads 'over N' as an age only when N counts years of life, and 'former' as retirement only from a job", () => {
    for (const prompt of ["Companies with over 50 employees", "Nurses with over 20 years of experience", "People who sleep over 8 hours a night"]) expect(understandPrompt(prompt).age, prompt).toBeUndefined();
    expect(understandPrompt("Men aged 40 in Leeds").age).toMatchObject({ min: 40, max: 40 });
    expect(understandPrompt("The over-65s in Leeds").age).toMatchObject({ min: 66, openEnded: true });
    expect(understandPrompt("People over 100 in Japan").age).toMatchObject({ min: 101 });
    expect(understandPrompt("Former smokers in Ohio").situations.map((entry) => entry.situation.id)).not.toContain("retired");
    // A job left is the former occupation, not retirement (R20-25: former soldiers, miners, nurses leave at any age).
    expect(understandPrompt("Former coal miners in Wales").qualifiers.map((entry) => `${entry.qualifier.field}=${entry.qualifier.value}`)).toContain("former_occupation=coal miner");
    expect(understandPrompt("Retired coal miners in Wales").situations.map((entry) => entry.situation.id)).toContain("retired");
  });

  it("people named by a language speak it: no job 'speaker', no country of the language's name as where they live or a move", () => {
    const read = (prompt: string) => {
      const parts = understandPrompt(prompt);
      return { ...summary(parts), language: parts.language?.name, heritage: parts.origins.every((origin) => origin.heritage) };
    };
    expect(read("Russian speakers in Latvia")).toMatchObject({ role: [], places: ["LV"], language: "Russian", heritage: true, unmodelled: [] });
    expect(read("Russian speakers in Latvia").origins).toContain("RU");
    expect(read("Arabic speakers in France")).toMatchObject({ role: [], places: ["FR"], language: "Arabic", origins: [], unmodelled: [] });
    expect(read("Spanish-speaking parents in Texas")).toMatchObject({ role: ["situation:parent"], places: ["Texas"], language: "Spanish", origins: [], unmodelled: [] });
    expect(read("nurses who speak Tagalog in Dubai")).toMatchObject({ role: ["occupation:nurse"], places: ["Dubai"], language: "Tagalog", origins: ["PH"], unmodelled: [] });
    expect(read("native speakers of Haitian Creole in Miami")).toMatchObject({ role: [], places: ["Miami"], language: "Haitian Creole", origins: ["HT"], unmodelled: [] });
    // Spoken where they live: locals, no family origin at all.
    expect(read("French speakers in Canada")).toMatchObject({ places: ["CA"], language: "French", origins: [] });
    expect(read("Welsh speakers")).toMatchObject({ places: ["Wales"], language: "Welsh" });
  });

  it("two peoples' names side by side are a heritage and where they live, in either English order", () => {
    const read = (prompt: string) => {
      const parts = understandPrompt(prompt);
      return { ...summary(parts), heritage: parts.origins.map((origin) => origin.heritage === true) };
    };
    expect(read("Chinese Americans in San Francisco")).toMatchObject({ places: ["San Francisco"], origins: ["CN"], heritage: [true] });
    expect(read("Chinese Americans")).toMatchObject({ places: ["US"], origins: ["CN"], heritage: [true] });
    expect(read("Turkish Germans in Berlin")).toMatchObject({ places: ["Berlin"], origins: ["TR"], heritage: [true] });
    expect(read("British Indian doctors in London")).toMatchObject({ role: ["occupation:doctor"], places: ["London"], origins: ["IN"], heritage: [true] });
    // A move the prompt names is a move, not a heritage.
    expect(read("Filipino nurses in Dubai")).toMatchObject({ origins: ["PH"], heritage: [false] });
    expect(read("Mexican immigrants in Texas")).toMatchObject({ origins: ["MX"], heritage: [false] });
  });

  it("a guide of the mountains is one job, whatever words name it: 'Sherpa mountain guides' are not climbers with a second role left over", () => {
    expect(summary(understandPrompt("Sherpa mountain guides in Nepal"))).toMatchObject({ role: ["occupation:sherpa mountain guide"], places: ["NP"], unmodelled: [] });
    expect(summary(understandPrompt("Mountain guides in the Alps"))).toMatchObject({ role: ["occupation:mountain guide"], unmodelled: [] });
  });

  it("a people's adjective before a style's word describes the style: 'Swedish massage therapists in London' are not from Sweden", () => {
    expect(summary(understandPrompt("Swedish massage therapists in London"))).toMatchObject({ role: ["occupation:Swedish massage therapist"], places: ["London"], origins: [], unmodelled: [] });
    expect(summary(understandPrompt("Italian restaurant owners in New York"))).toMatchObject({ places: ["New York"], origins: [], unmodelled: [] });
    // Named alone, the adjective still says where they are found.
    expect(summary(understandPrompt("Viennese waltz dancers"))).toMatchObject({ role: ["occupation:Viennese waltz dancer"], places: ["Vienna"], unmodelled: [] });
    // A people before a job is still where they come from.
    expect(summary(understandPrompt("French chefs in Tokyo"))).toMatchObject({ places: ["Tokyo"], origins: ["FR"] });
  });

  it("trans people are trans people, not the LGBTQ+ community in general", () => {
    expect(summary(understandPrompt("Transgender women in São Paulo"))).toMatchObject({ situations: ["transgender"], gender: "female", unmodelled: [] });
    expect(summary(understandPrompt("Trans men in Canada"))).toMatchObject({ situations: ["transgender"], gender: "male", unmodelled: [] });
    expect(summary(understandPrompt("Gay men in Berlin"))).toMatchObject({ situations: ["lgbtq"], gender: "male" });
  });

  it("what the prompt's writer is building is theirs, not the personas' workplace, and is listed as unmodelled", () => {
    const parts = understandPrompt("I'm building a fintech app for freelance graphic designers in Berlin who struggle with taxes");
    expect(summary(parts)).toMatchObject({ role: ["occupation:graphic designer"], places: ["Berlin"] });
    expect(parts.workplace).toBeUndefined();
    expect(parts.unmodelled).toContain("I'm building a fintech app");
  });

  it("framing words of German, French, Spanish and Portuguese requests mean nothing of the people", () => {
    expect(summary(understandPrompt("Ich brauche Krankenschwestern in Hamburg"))).toMatchObject({ role: ["occupation:registered nurse"], places: ["Hamburg"], unmodelled: [] });
    expect(summary(understandPrompt("Une population de boulangers à Lyon"))).toMatchObject({ places: ["Lyon"], unmodelled: [] });
    expect(summary(understandPrompt("Necesito una población de enfermeras en Madrid"))).toMatchObject({ places: ["Madrid"], unmodelled: [] });
  });

  it("the relatives a prompt begins with are its people: 'Children aged 8-12' are aged 8-12, and 'parents of autistic children' have them", () => {
    const children = understandPrompt("Children aged 8-12 with ADHD in Ireland");
    expect([children.age?.min, children.age?.max, children.relativeAges.length]).toEqual([8, 12, 0]);
    expect(understandPrompt("Parents of children aged 5-10").relativeAges.map((entry) => entry.span.text)).toEqual(["children aged 5-10"]);
    const parents = understandPrompt("Parents of autistic children in Australia");
    expect([parents.relativeConditions.map((entry) => `${entry.relative} with ${entry.condition.name}`), parents.others.length]).toEqual([["child with autism"], 0]);
    // Who a job serves stays who it serves.
    expect(understandPrompt("Teachers of autistic children").others.map((entry) => entry.span.text)).toEqual(["autistic children"]);
  });

  it("children heading a prompt are children, and their diabetes is mostly type 1", () => {
    const children = understandPrompt("Children with diabetes");
    expect([children.age?.min, children.age?.max, children.conditions.map((entry) => entry.condition.name), children.relativeConditions.length]).toEqual([5, 12, ["type 1 diabetes"], 0]);
    expect(understandPrompt("Teenagers with diabetes").conditions.map((entry) => entry.condition.name)).toEqual(["type 1 diabetes"]);
    expect(understandPrompt("Adults with diabetes").conditions.map((entry) => entry.condition.name)).toEqual(["type 2 diabetes"]);
    expect(understandPrompt("people with children").age).toBeUndefined();
  });

  it("parses any text without throwing", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => void understandPrompt(text)), { numRuns: 300 });
  });
});

describe("a city named with the place it is in", () => {
  const where = (prompt: string) => understandPrompt(prompt).places.map((place) => (place.kind === "city" ? `${place.city.name} (${place.country.code}, ${place.city.region ?? "-"})` : place.kind));
  it.each([
    // The largest city of the name is elsewhere: the one in the named place is meant.
    ["Nurses in Valencia, Spain", ["Valencia (ES, Comunidad Valenciana)"]],
    ["Farmers in London, Ontario", ["London (CA, Ontario)"]],
    ["Teachers in Birmingham, Alabama", ["Birmingham (US, Alabama)"]],
    ["Nurses in Portland, Maine", ["Portland (US, Maine)"]],
    // An area of one country whose listed cities hold it ("Scotland": Perth).
    ["Nurses in Perth, Scotland", ["Perth (GB, Perthshire and Kinross)"]],
    // The city already in the named place: the place after the comma is no second home.
    ["Teachers in Austin, Texas", ["Austin (US, Texas)"]],
    ["Nurses in Glasgow, Scotland", ["Glasgow (GB, Glasgow)"]],
    ["Dentists in Lima, Peru", ["Lima (PE, Lima)"]],
    // A town too small for the phrase table, found by its place.
    ["Nurses in Bangor, Maine", ["Bangor (US, Maine)"]],
    // Places in a list are places, not one another's qualifiers.
    ["Nurses in London, Paris and Berlin", ["London (GB, Westminster)", "Paris (FR, Île-de-France)", "Berlin (DE, Berlin)"]],
  ])("%s", (prompt, places) => {
    expect(where(prompt)).toEqual(places);
    expect(understandPrompt(prompt).unmodelled).toEqual([]);
  });

  it("keeps a city the gazetteer does not list in the named place as written there, and says so", () => {
    const parts = understandPrompt("Teachers in Cambridge, Massachusetts");
    expect(where("Teachers in Cambridge, Massachusetts")).toEqual(["Cambridge (US, Massachusetts)"]);
    expect(parts.unmodelled).toEqual(["Cambridge"]);
  });
});
