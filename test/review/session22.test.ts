/**
 * Session 22's review (R): readings that are right, kept right. Each guards the correct side of a
 * class whose other instances are open findings (/work/notes/s22/R-findings.md, R22-N) — the
 * contrasts the findings name — so a fix of the class cannot break the instances that already work.
 * Closed findings' tests move here with other instances when a helper's fix makes them pass.
 */
import { describe, expect, it } from "vitest";
import { OfflineEnhancer } from "../../src/offline/enhancer.ts";
import { design, personasOf, possibleValues } from "./offline-reading.ts";

const enhanced = (sketch: string) => new OfflineEnhancer().enhanceSync({ sketch, grounding: "off", seed: 5 }) as Record<string, string | undefined>;

const countriesOf = async (prompt: string, count = 12) => [...new Set((await personasOf(prompt, count)).map((persona) => String(persona.country)))];

const agesOf = async (prompt: string, count = 20) => (await personasOf(prompt, count)).map((persona) => Number(persona.age));

describe("R22-1's right side: 'originally from <X>' after a home is an origin, and they live at home", () => {
  it("'Cooks in Berlin originally from Vietnam': all in Germany, from Vietnam", async () => {
    expect(await countriesOf("Cooks in Berlin originally from Vietnam")).toEqual(["Germany"]);
    expect(possibleValues(design("Cooks in Berlin originally from Vietnam"), "origin_country")).toEqual(["Vietnam"]);
  });
});

describe("R22-2's right side: an English clause after a job in another language, or the other way round, keeps the job", () => {
  it.each([
    ["Nurses in Lyon who work nights", /nurse/],
    ["Lehrer in Berlin who commute by bike", /teacher/],
    ["Enfermeras in Madrid who work nights", /nurse/],
    ["Teachers en Madrid", /teacher/],
  ])("%s: everyone has the job", (prompt, job) => {
    const jobs = possibleValues(design(prompt), "occupation");
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.filter((value) => !job.test(value))).toEqual([]);
  });
  it("'Enfermeras in Madrid who work nights': women on nights", () => {
    const blueprint = design("Enfermeras in Madrid who work nights");
    expect(possibleValues(blueprint, "gender")).toEqual(["female"]);
    expect(possibleValues(blueprint, "shift")).toEqual(["night"]);
  });
});

describe("R22-6's and R22-17's right side: a workplace or an industry whose staff the data knows", () => {
  it("'Employees of a hotel in Rome': hotel jobs, not hairdressers or police officers", () => {
    const jobs = possibleValues(design("Employees of a hotel in Rome"), "occupation");
    expect(jobs.some((job) => /housekeeper|hotel receptionist/.test(job))).toBe(true);
    expect(jobs.filter((job) => /hairdresser|police officer/.test(job))).toEqual([]);
  });
  it.each(["Workers in hospitality in Dublin", "People working in retail in Ohio"])("%s: working people of the industry — no cashier-free mix of retirees and job seekers", (prompt) => {
    expect(possibleValues(design(prompt), "occupation").filter((job) => /^(retiree|job seeker|university student)$/.test(job))).toEqual([]);
  });
});

describe("R22-20's and R22-22's right side: the trade named as a noun, two jobs joined", () => {
  it("'Coffee farmers in Colombia': coffee farmers", () => {
    expect(possibleValues(design("Coffee farmers in Colombia"), "occupation")).toEqual(["coffee farmer"]);
  });
  it("'Bakers or butchers in Lyon': both", () => {
    expect(possibleValues(design("Bakers or butchers in Lyon"), "occupation").sort()).toEqual(["baker", "butcher"]);
  });
});

describe("R22-21's right side: an age range in words", () => {
  it.each([
    ["Nurses (aged 25 to 40) in Leeds", 25, 40],
    ["Taxi drivers in Lagos aged between 30 and 45", 30, 45],
  ])("%s: ages %i-%i", async (prompt, low, high) => {
    expect((await agesOf(prompt)).filter((age) => age < low || age > high)).toEqual([]);
  });
});

describe("R22-25's and R22-33's right side: short names and peoples the gazetteer knows", () => {
  it.each([
    ["Teachers in LA", "United States"],
    ["Taxi drivers in CDMX", "Mexico"],
  ])("%s: in %s", async (prompt, country) => {
    expect(await countriesOf(prompt, 6)).toEqual([country]);
  });
  it("'Sami reindeer herders': in the Sami countries", async () => {
    expect((await countriesOf("Sami reindeer herders")).filter((country) => !["Norway", "Sweden", "Finland", "Russia"].includes(country))).toEqual([]);
  });
});

describe("R22-3's, R22-8's and R22-32's right side: relations, household roles, idioms and age words that are read", () => {
  it.each([
    ["Flatmates in London", /flatmate/],
    ["Gamblers in Macau", /gambler/],
  ])("%s: nobody works as one", (prompt, noun) => {
    expect(possibleValues(design(prompt), "occupation").filter((job) => noun.test(job))).toEqual([]);
  });
  it("'Couples without children in Berlin': no children", () => {
    expect(possibleValues(design("Couples without children in Berlin"), "household")).toEqual(["no children"]);
  });
  it("'Empty nesters in Ohio': 45 and over", async () => {
    expect(Math.min(...(await agesOf("Empty nesters in Ohio")))).toBeGreaterThanOrEqual(45);
  });
  it("'Adolescents in Lagos': 13-19", async () => {
    expect((await agesOf("Adolescents in Lagos")).filter((age) => age < 13 || age > 19)).toEqual([]);
  });
  it("'Shy teenagers in Tokyo': one temperament, the word's", () => {
    expect(possibleValues(design("Shy teenagers in Tokyo"), "temperament")).toEqual(["reserved"]);
  });
});

describe("R22-11's, R22-12's and R22-18's right side: enhance reads these forms", () => {
  it("'This is Dmitri, 40, welder in Perm.': Dmitri", () => {
    expect(enhanced("This is Dmitri, 40, welder in Perm.").name).toMatch(/^Dmitri\b/);
  });
  it("'Jürgen, 60, Landwirt in Bayern, geschieden, keine Kinder.': divorced", () => {
    expect(enhanced("Jürgen, 60, Landwirt in Bayern, geschieden, keine Kinder.").marital_status).toBe("divorced");
  });
  it("'Name: Ana Lima, Gender: F, Age: 44, Job: baker, City: Recife': all read", () => {
    const persona = enhanced("Name: Ana Lima, Gender: F, Age: 44, Job: baker, City: Recife");
    expect([persona.name, persona.gender, persona.age, persona.occupation]).toEqual(["Ana Lima", "female", "44", "baker"]);
  });
});

/** Closed findings: R's tests (failing at 7141773) and other instances of each class, passing since the fix. */

describe("R22-2 (closed by 245374c): a prompt mixing English with a clause in another language keeps its English job, and the clause's children are no people", () => {
  it.each([
    ["Nurses in Lyon qui ont des enfants", /nurse/],
    ["Nurses in Lyon que trabajan de noche", /nurse/],
    ["Drivers in Lisbon que têm filhos", /driver/],
    ["Farmers in Bavaria die Kinder haben", /farmer/],
    ["Plombiers à Marseille avec des enfants", /plumber|plombier/],
    ["Ingenieros en Bogotá con hijos", /engineer/],
    ["Cleaners in Madrid que tienen hijos", /cleaner/],
    ["Mechanics in Porto com filhos", /mechanic/],
    ["Cooks in Hamburg die Kinder haben", /cook/],
  ])("R22-2 %s: everyone has the job the prompt names", (prompt, job) => {
    const jobs = possibleValues(design(prompt), "occupation");
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.filter((value) => !job.test(value))).toEqual([]);
  });
  it.each(["Farmers in Bavaria die Kinder haben", "Cooks in Hamburg die Kinder haben"])("R22-2 %s: adults, not primary school pupils", async (prompt) => {
    expect(Math.min(...(await agesOf(prompt, 30)))).toBeGreaterThanOrEqual(16);
  });
  it("R22-2 'Camareros en Sevilla con hijos pequeños': 'small' belongs to the children, not a small business", () => {
    expect(possibleValues(design("Camareros en Sevilla con hijos pequeños"), "business_size")).toEqual([]);
  });
});

describe("R22-9 (closed for Japanese and Korean names by 901780e/9aa0e7e): enhance — an East Asian name written given name first keeps its sex and stays as written", () => {
  it.each([
    ["Haruto Suzuki, 33, engineer in Nagoya", "male"],
    ["Aiko Tanaka, 27, nurse in Osaka", "female"],
    ["Xiulan Wang, 55, shop owner in Chengdu", "female"],
    ["Ji-hoon Park, 31, barista in Busan", "male"],
    ["Yuto Watanabe, 41, chef in Osaka", "male"],
    ["Seo-yeon Choi, 34, nurse in Daegu", "female"],
    ["Jianguo Liu, 60, farmer in Henan", "male"],
    ["Daiki Kobayashi, 50, taxi driver in Kobe", "male"],
  ])("R22-9 %s: %s", (sketch, gender) => {
    expect(enhanced(sketch).gender).toBe(gender);
  });
  it.each([
    ["Min-ji Kim, 25, designer in Seoul", "Min-ji Kim"],
    ["Hyun-woo Lee, 29, programmer in Seoul", "Hyun-woo Lee"],
  ])("R22-9 %s: keeps the name %s", (sketch, name) => {
    expect(enhanced(sketch).name).toBe(name);
  });
});

describe("R22-6 (closed for gyms by d28c4d4): staff of a gym hold a gym's jobs, not the whole sport group", () => {
  it.each(["Staff of a gym in London", "Staff of a women-only gym in Riyadh", "Employees of a gym in Sydney", "Workers at a gym in Toronto", "Staff at a CrossFit gym in Denver"])("R22-6 %s: no jockey, caddie, sumo wrestler or mountain climber; a trainer or instructor", (prompt) => {
    const jobs = possibleValues(design(prompt), "occupation");
    expect(jobs.filter((job) => /jockey|caddie|sumo|climber|surf instructor/.test(job))).toEqual([]);
    expect(jobs.some((job) => /trainer|instructor/.test(job))).toBe(true);
  });
});

describe("R22-11 (closed by the lead's enhance commits to 70d96b8): enhance — an introducing phrase opens the sketch and the name follows it", () => {
  it.each([
    ["Introducing Bea: 33, vet in Cork, engaged to her girlfriend.", /^Bea\b/],
    ["Say hello to Marco — 45, chef in Turin, recently divorced.", /^Marco\b/],
    ["Meet Rosa: 67, retired seamstress in Naples.", /^Rosa\b/],
    ["Here's Leila: 29, architect in Beirut.", /^Leila\b/],
    ["Let me introduce Yusuf: 44, pharmacist in Izmir.", /^Yusuf\b/],
    ["Meet Olga — 39, architect in Kyiv.", /^Olga\b/],
    ["Say hi to Ama, 31, nurse in Kumasi.", /^Ama\b/],
  ])("R22-11 %s: the name is the one introduced, and no field is made of the phrase", (sketch, name) => {
    const persona = enhanced(sketch);
    expect(persona.name).toMatch(name);
    expect(Object.keys(persona).filter((key) => /^(meet|introducing|say_|let_me|here)/.test(key))).toEqual([]);
  });
  it("R22-11 'Say hello to Marco — 45, chef in Turin': male", () => {
    expect(enhanced("Say hello to Marco — 45, chef in Turin, recently divorced.").gender).toBe("male");
  });
});

describe("R22-24 (closed by 24baae8 for islands the gazetteer knows): enhance — 'on <island>' is where they live", () => {
  it.each([
    ["Eleni, 50, runs a taverna on Crete.", /Crete|Kriti|Greece/],
    ["Wayan, 35, surf instructor on Bali.", /Bali|Indonesia/],
    ["Morag, 62, crofter on the Isle of Skye.", /Skye|United Kingdom|Scotland/],
    ["Sven, 74, retired ferry captain on Gotland.", /Gotland|Sweden/],
    ["Salvo, 61, fisherman on Sicily.", /Sicily|Italy/],
    ["Juma, 27, boat builder on Zanzibar.", /Zanzibar|Tanzania/],
    ["Rosa, 45, shepherd on Sardinia.", /Sardinia|Italy/],
    ["Somchai, 50, boatman on Phuket.", /Phuket|Thailand/],
  ])("R22-24 %s: lives there", (sketch, place) => {
    expect(enhanced(sketch).location ?? "").toMatch(place);
  });
  it("R22-24 'Sven, 74, retired ferry captain on Gotland.': his work is kept", () => {
    expect(enhanced("Sven, 74, retired ferry captain on Gotland.").occupation ?? "").toMatch(/ferry captain/);
  });
});

describe("R22-40 (income field closed by the lead's enhance commits to 70d96b8): enhance — a stated income is an income field", () => {
  it.each([
    "Dana, 37, cashier in Memphis, earns $28,000 a year, rents a one-bedroom.",
    "Claire, 45, surgeon in Boston, earns over $400k.",
    "Tom, 33, plumber in Leeds, makes £40k a year.",
  ])("R22-40 %s: an income field", (sketch) => {
    expect(Object.keys(enhanced(sketch)).some((key) => /income|wage|salary|earn/.test(key))).toBe(true);
  });
});

describe("R22-7 (closed by be35f3e): the countryside of a farming country works the land", () => {
  const landShare = async (prompt: string) => (await personasOf(prompt, 40)).filter((persona) => /farm|herder|shepherd|fisher|labourer/.test(String(persona.occupation))).length / 40;
  it.each(["Villagers in Bangladesh", "People in rural Kenya", "Rural households in Ethiopia", "People in a small village in Malawi", "Villagers in Nepal", "People in rural Uganda", "People in a village in Tanzania"])("R22-7 %s: at least a fifth work the land", async (prompt) => {
    expect(await landShare(prompt)).toBeGreaterThanOrEqual(0.2);
  });
  it.each(["Villagers in England", "People in rural Germany"])("R22-7 %s: a rich country's countryside is not a farming one (under a quarter)", async (prompt) => {
    expect(await landShare(prompt)).toBeLessThan(0.25);
  });
});

describe("R22-12's forms (closed by the lead's enhance commits to 7b4a1aa): a marital line in a form or a JSON sketch is a marital status", () => {
  it.each([
    ["name: Oluwaseun Adeyemi\nage: 36\njob: pharmacist\ncity: Ibadan\nmarried: yes\nchildren: 3", "married"],
    ['{"name": "Lucía Gómez", "age": 41, "job": "teacher", "city": "Sevilla", "married": true, "kids": 2}', "married"],
    ['{"name": "Ken Sato", "age": 30, "job": "chef", "city": "Osaka", "married": false}', "single"],
    ["name: Lea Roth\nage: 41\nmarried: no", "single"],
  ])("R22-12 %s: %s", (sketch, status) => {
    expect(enhanced(sketch).marital_status).toBe(status);
  });
});

describe("R22-18 (closed by a428b03 but 'DOB: <date>,'): enhance — compact age/sex forms and birth labels", () => {
  it.each([
    ["32F, nurse, London, loves hiking", "32", "female"],
    ["45M | plumber | Leeds", "45", "male"],
    ["F/28/Toronto, grad student in biology", "28", "female"],
    ["age 52 | F | Sao Paulo | accountant | 2 kids | divorced", "52", "female"],
    ["29F | teacher | Dublin", "29", "female"],
    ["M/54/Glasgow, welder", "54", "male"],
  ])("R22-18 %s: age %s, %s", (sketch, age, gender) => {
    const persona = enhanced(sketch);
    expect([persona.age, persona.gender]).toEqual([age, gender]);
  });
  it.each([
    ["Name: Chidi Okafor\nSex: M\nDOB: 1988\nOccupation: civil engineer\nResidence: Abuja", 37, 38],
    ["Year of birth: 1975. Job: bus driver. City: Lyon.", 50, 51],
    ["D.O.B. 03/11/1990 — software tester in Pune", 35, 36],
    ["Year of birth: 1968 / Job: farmer / Place: Iowa", 57, 58],
  ])("R22-18 %s: the age from the birth year (%i-%i)", (sketch, low, high) => {
    const age = Number(enhanced(sketch).age);
    expect(age).toBeGreaterThanOrEqual(low);
    expect(age).toBeLessThanOrEqual(high);
  });
  it.each([
    ["Full name — Ingrid Larsen; born 1959; profession: retired midwife; home: Tromsø; status: widow", "Ingrid Larsen"],
    ["Full name — Tomasz Nowak; born 1977; profession: electrician; home: Gdańsk", "Tomasz Nowak"],
    ["* Name - Dmitri Volkov\n* Age - 52\n* Works as - long-haul trucker\n* Lives - Yekaterinburg", "Dmitri Volkov"],
  ])("R22-18 %s: the name is the one written", (sketch, name) => {
    expect(enhanced(sketch).name).toBe(name);
  });
  it("R22-18 'D.O.B. 03/11/1990 — software tester in Pune': no name made of the label", () => {
    expect(enhanced("D.O.B. 03/11/1990 — software tester in Pune").name).not.toMatch(/^D\.? /);
  });
  it("R22-18 'Name: Bo, 44, accountant in Malmö. Dislikes: …': the name is Bo, and the rest of the line is read", () => {
    const persona = enhanced("Name: Bo, 44, accountant in Malmö. Dislikes: football, crowds. Fears: flying.");
    expect(persona.name).not.toMatch(/\d|accountant/);
    expect(persona.occupation).toBe("accountant");
  });
});

describe("R22-10 (closed by 1b5e569 but a husband's '-man' job): enhance — what a sketch says of a relative is the relative's", () => {
  it.each([
    "Giorgos, 74, olive grower in Crete, lost his wife last year.",
    "Meet Rosa: 67, retired seamstress, lives alone in a small flat in Naples since her husband passed away.",
    "Farid, 58, taxi driver in Tunis whose wife died in 2019.",
    "Mario, 66, whose wife passed away in 2020, retired baker in Turin",
    "Nadia, 52, lost her husband to cancer, teacher in Algiers",
    "Carmen, 75, whose late husband was a farmer, lives in Jaén",
  ])("R22-10 %s: widowed", (sketch) => {
    expect(enhanced(sketch).marital_status).toBe("widowed");
  });
  it.each([
    ["Farid, 58, taxi driver in Tunis whose wife died in 2019.", "male"],
    ["Agnes, 80, whose late husband was a soldier, lives in Perth", "female"],
  ])("R22-10 %s: %s (the spouse is not them)", (sketch, gender) => {
    expect(enhanced(sketch).gender).toBe(gender);
  });
  it.each([
    ["Kofi, 33, lives with his mother, 70, a retired teacher, in Accra. He is a mechanic.", /mechanic/],
    ["Li Na, 29, software engineer in Shenzhen; her father, 62, is a factory worker.", /software engineer/],
    ["Paul, 40, mechanic in Lyon; his wife is a doctor", /mechanic/],
    ["Sara, 35, her husband is a pilot, she teaches yoga in Bali", /yoga/],
  ])("R22-10 %s: the relative's job is not theirs", (sketch, job) => {
    expect(enhanced(sketch).occupation ?? "").toMatch(job);
  });
  it.each(["Edith, 81, her late husband was a miner; lives in Barnsley.", "Carmen, 75, whose late husband was a farmer, lives in Jaén"])("R22-10 %s: the husband's job is not hers", (sketch) => {
    expect(enhanced(sketch).occupation ?? "").not.toMatch(/miner|farmer/);
  });
});

describe("R22-41 (closed by f26a4e8 but Java and Ibiza): inhabited islands are their country", () => {
  it.each([
    ["Fishermen on Corfu", "Greece"],
    ["Farmers on Lombok", "Indonesia"],
    ["Lifeguards on Maui", "United States"],
    ["Surfers on Oahu", "United States"],
    ["Residents of Santorini", "Greece"],
    ["Hoteliers on Mykonos", "Greece"],
    ["Residents of Lanzarote", "Spain"],
    ["Distillers on Islay", "United Kingdom"],
    ["Fishermen on Chiloé", "Chile"],
    ["Teachers on Tenerife", "Spain"],
    ["Fishermen on Rhodes", "Greece"],
    ["Fishermen on Cebu", "Philippines"],
    ["Residents of Gozo", "Malta"],
    ["Residents of Kauai", "United States"],
  ])("R22-41 %s: in %s", async (prompt, country) => {
    expect(await countriesOf(prompt, 6)).toEqual([country]);
  });
});

describe("R22-12 (closed by 0d2665b but 'single'): enhance — marital status written in another language", () => {
  it.each([
    ["Lucía, 41 años, maestra en Sevilla, casada, dos hijos.", "married"],
    ["Klaus, 45 Jahre alt, Busfahrer in Hamburg, verheiratet, drei Kinder.", "married"],
    ["Pieter, 50, boer in Friesland, getrouwd", "married"],
    ["Giulia, 36, infermiera a Bologna, sposata, un figlio.", "married"],
    ["Me llamo María, tengo 34 años y trabajo como enfermera en Bogotá. Estoy casada y tengo dos hijos.", "married"],
    ["Carlos, 50, taxista en Lima, viudo, tres hijos.", "widowed"],
    ["Inês, 44, professora em Braga, casada, dois filhos.", "married"],
    ["Marco, 39, cuoco a Napoli, divorziato.", "divorced"],
    ["Ingrid, 58, Ärztin in Köln, verwitwet.", "widowed"],
  ])("R22-12 %s: %s", (sketch, status) => {
    expect(enhanced(sketch).marital_status).toBe(status);
  });
});

describe("R22-12 'single' (closed by the lead's enhance commits to b7d674a): enhance — 'single' written in another language", () => {
  it.each([
    "Sophie, 29 ans, avocate à Bordeaux, célibataire, sans enfants.",
    "Luis, 27, soltero, programador en Quito.",
    "Anke, 33, verpleegkundige in Utrecht, ongehuwd.",
    "Hugo, 31, solteiro, engenheiro em Lisboa",
    "Claire, 40, célibataire, infirmière à Nantes",
    "Jonas, 29, ledig, Koch in Bremen",
    "Chiara, 33, nubile, avvocata a Milano",
  ])("R22-12 %s: single", (sketch) => {
    expect(enhanced(sketch).marital_status).toBe("single");
  });
  it("R22-12b 'Je m'appelle Luc, j'ai 58 ans, …': no interest 'ai' (j'ai = I have)", () => {
    expect(enhanced("Je m'appelle Luc, j'ai 58 ans, je suis agriculteur en Bourgogne.").interests ?? "").not.toMatch(/\bai\b/i);
  });
});

describe("R22-30 (closed for ships, moons and the belt by the compose/understand commits to b7d674a): a place off Earth is a setting off Earth", () => {
  it.each([
    "Engineers on a generation ship bound for Proxima",
    "Colonists on a moon of Saturn",
    "Miners in the asteroid belt",
    "Soldiers on a space station orbiting Jupiter",
    "Asteroid miners in 2300",
    "Pilots on a starship bound for Andromeda",
    "Miners on Europa",
    "Cooks aboard a colony ship",
  ])("R22-30 %s: a setting off Earth, not Earth's countries", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "setting").length).toBeGreaterThan(0);
    expect(possibleValues(blueprint, "country")).toEqual([]);
  });
});

describe("R22-34 (closed by e943a6f and O1's organisation hook, but conscripts of other services): a country's armed service is their employer, never a place", () => {
  it.each([
    ["Sailors in the Royal Navy", "United Kingdom"],
    ["Officers in the Royal Navy", "United Kingdom"],
    ["Pilots in the Royal Air Force", "United Kingdom"],
    ["Soldiers in the Bundeswehr", "Germany"],
    ["Sailors in the Indian Navy", "India"],
    ["Soldiers in the British Army", "United Kingdom"],
    ["Pilots in the Luftwaffe", "Germany"],
  ])("R22-34 %s: serving %s", async (prompt, country) => {
    expect(await countriesOf(prompt, 6)).toEqual([country]);
  });
  it("R22-34 'Conscripts in the Israel Defense Forces': of conscription age (18-22)", async () => {
    expect((await agesOf("Conscripts in the Israel Defense Forces", 30)).filter((age) => age < 18 || age > 22)).toEqual([]);
  });
  it("R22-34 'Soldiers in the French Foreign Legion': men (the Legion enlists men)", () => {
    expect(possibleValues(design("Soldiers in the French Foreign Legion"), "gender")).toEqual(["male"]);
  });
});

describe("R22-26's 'of <university> working in <place>' (closed at 3976fb7): they work where the prompt says, not where they studied", () => {
  it.each([
    ["Graduates of Oxford working in London", "London"],
    ["Graduates of Harvard working in Boston", "Boston"],
    ["Alumni of the Sorbonne working in Lyon", "Lyon"],
  ])("R22-26 %s: all in %s", async (prompt, city) => {
    expect([...new Set((await personasOf(prompt, 20)).map((persona) => persona.city))]).toEqual([city]);
  });
});

describe("R22-6 (closed by d28c4d4, 418d5a9): staff of a kind of workplace hold its own jobs", () => {
  it.each([
    ["Staff at a sports centre in Leeds", /trainer|instructor|coach|lifeguard/],
    ["Employees of a fitness studio in Berlin", /trainer|instructor/],
    ["Staff at a zoo in San Diego", /zookeeper|keeper/],
    ["Workers at a ski resort in Colorado", /ski|instructor|lift/],
    ["Workers at a swimming pool in Madrid", /lifeguard|instructor/],
    ["Staff at a museum in Paris", /guide|curator|security/],
  ])("R22-6 %s: the workplace's own jobs, not hairdressers and police officers", (prompt, own) => {
    const jobs = possibleValues(design(prompt), "occupation");
    expect(jobs.some((job) => own.test(job))).toBe(true);
    expect(jobs.filter((job) => /hairdresser|police officer|call-centre|bank teller/.test(job))).toEqual([]);
  });
});

describe("R22-42 (closed by b10ad79 but a few): enhance — a character sketch '<Role> <Name>' with an invented name (the spec's 'Merchant Kael', 'Guard Captain Sera')", () => {
  it.each([
    ["Merchant Kael, a shrewd trader in the Hollow Market", /^Kael\b/],
    ["Guard Captain Sera", /^Sera\b/],
    ["Guard Captain Sera, gate commander who decides who enters the city", /^Sera\b/],
    ["Ranger Captain Elira", /^Elira\b/],
    ["Healer Miriel of the Silver Grove", /^Miriel\b/],
    ["Innkeeper Bram, who runs the Drowned Rat", /^Bram\b/],
    ["Huntress Kaia of the Ashwood", /^Kaia\b/],
    ["Priestess Ilyra, keeper of the moon shrine", /^Ilyra\b/],
    ["Harbourmaster Tolvek, who collects tolls at the Salt Gate", /^Tolvek\b/],
    ["Old Maren, the herbalist of Thornvale", /^Maren\b/],
    ["Blacksmith Orrin of the northern keep", /^Orrin\b/],
    ["Seamstress Liora of the river quarter", /^Liora\b/],
  ])("R22-42 %s: the name is the one written", (sketch, name) => {
    expect(enhanced(sketch).name).toMatch(name);
  });
  it.each([
    ["Priestess Ilyra, keeper of the moon shrine", "female"],
    ["An old ferryman on the River of Mists", "male"],
    ["Seamstress Liora of the river quarter", "female"],
  ])("R22-42 %s: the role word's sex (%s)", (sketch, gender) => {
    expect(enhanced(sketch).gender).toBe(gender);
  });
  it.each([
    ["Innkeeper Bram, who runs the Drowned Rat", /running the Drowned Rat/],
    ["Harbourmaster Tolvek, who collects tolls at the Salt Gate", /collecting tolls/],
  ])("R22-42 %s: the work is not a hobby", (sketch, work) => {
    expect(enhanced(sketch).hobbies ?? "").not.toMatch(work);
  });
  it.each(["Old Maren, the herbalist of Thornvale", "Old Bertram, the miller of Eastbrook"])("R22-42 %s: old", (sketch) => {
    expect(Number(enhanced(sketch).age)).toBeGreaterThanOrEqual(55);
  });
});

describe("Closed at c1af96a: R22-11's colon form (d54f05e), R22-18's 'DOB: <date>,', R22-30's Mars orbit and Venus (c1af96a), R22-40's whole amounts, R22-44 (4cae2c5)", () => {
  it.each([
    ["Introducing: Kenji, 28, barista in Kyoto.", /^Kenji\b/],
    ["Meet: Amara, 35, midwife in Accra.", /^Amara\b/],
    ["Introducing: Ayesha, 30, dentist in Lahore.", /^Ayesha\b/],
  ])("R22-11 %s: the name is the one introduced", (sketch, name) => {
    const persona = enhanced(sketch);
    expect(persona.name).toMatch(name);
    expect(Object.keys(persona).filter((key) => /^(meet|introducing)/.test(key))).toEqual([]);
  });
  it.each(["DOB: 12.05.1982, nurse in Oslo", "DOB: 03/04/1985, teacher in Lima", "Dob: 1971, miner in Perth", "DOB: 1960, farmer in Iowa"])("R22-18 %s: no name made of the label", (sketch) => {
    expect(enhanced(sketch).name ?? "").not.toMatch(/^D\.?O\.?B\b/i);
  });
  it.each(["Doctors on a space station orbiting Mars", "Farmers on a terraformed Venus in 2400"])("R22-30 %s: a setting off Earth, not Earth's countries", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "setting").length).toBeGreaterThan(0);
    expect(possibleValues(blueprint, "country")).toEqual([]);
  });
  it.each([
    ["Dana, 37, cashier in Memphis, earns $28,000 a year, rents a one-bedroom.", /28,000|28000/],
    ["Arjun, 29, makes ₹25,000 a month as a delivery rider in Pune.", /25,000|25000/],
    ["Marta, 50, earns €2,500 a month as a nurse in Madrid.", /2,500|2500/],
  ])("R22-40 %s: the amount is whole", (sketch, amount) => {
    const persona = enhanced(sketch);
    expect(JSON.stringify(persona)).not.toMatch(/\d; \d{3}/);
    expect(Object.values(persona).some((value) => amount.test(String(value)))).toBe(true);
  });
  it.each([
    ["Gamers who play more than 40 hours a week in Seoul", 41, 168],
    ["Runners who train less than 3 hours a week in Leeds", 0, 2],
    ["Volunteers who give 10 to 15 hours a week in Toronto", 10, 15],
    ["Cyclists who ride more than 10 hours a week in Utrecht", 11, 168],
    ["Knitters who knit less than 2 hours a week in Oslo", 0, 1],
  ])("R22-44 %s: hours per week in %i-%i", async (prompt, low, high) => {
    const hours = (await personasOf(prompt, 20)).map((persona) => Number(persona.hours_per_week));
    expect(hours.filter((value) => Number.isNaN(value) || value < low || value > high)).toEqual([]);
  });
});
