/**
 * Session 22, the lead: enhance reads sketches it lost facts of — ages written in words in any
 * position, a job left by a negation before the one done now, a name after the words that say what
 * they are, a rank or a people's job after the age, and children's words that are not the person's age.
 * Other instances of R21-11, R21-14, R21-18 and R21-49 than the reviewer's.
 */
import { describe, expect, it } from "vitest";
import { OfflineEnhancer } from "../../src/offline/enhancer.ts";
import { readSketch } from "../../src/offline/sketch.ts";
import { personasOf } from "./offline-reading.ts";

const enhanced = (sketch: string) => new OfflineEnhancer().enhanceSync({ sketch, grounding: "off", seed: 5 }) as Record<string, string | undefined>;

describe("an age written in words, wherever an age in figures would stand", () => {
  it.each([
    ["Grace, fifty-four, librarian in Dundee", "54"],
    ["Tariq, aged thirty-seven, electrician in Bradford", "37"],
    ["Yuki — twenty-three — barista, Osaka", "23"],
    ["Pedro, sixty two, fisherman in Vigo", "62"],
    ["Edna, one hundred and one years old, lives in Bath", "101"],
    ["Age: forty, welder in Gdańsk", "40"],
  ])("%s is %s", (sketch, age) => {
    expect(readSketch(sketch).fields.age).toBe(age);
    expect(enhanced(sketch).age).toBe(age);
  });

  it("a count in words that is no clause of its own is no age ('one of three brothers', 'two kids')", () => {
    expect(readSketch("Sam, one of three brothers, plumber in Leeds").fields.age).toBeUndefined();
    expect(readSketch("Tom, two kids, welder").fields.age).toBeUndefined();
  });
});

describe("the person's children named by a count, a possessive or 'of' give no age of theirs", () => {
  it.each(["Joe, three kids, roofer in Cork", "Welder with two children, Sheffield", "Kids' swimming coach in Perth", "Children's librarian in Leeds"])("%s is an adult", (sketch) => {
    expect(Number(enhanced(sketch).age)).toBeGreaterThanOrEqual(18);
  });
});

describe("a job left by a negation gives way to the one they do now", () => {
  it.each([
    ["Nadia, 47, stopped working as a lawyer, now drives a bus in Lyon", /bus driver/, "lawyer"],
    ["Ken, 52, no longer a banker, now runs a bakery in Osaka", /bakery/, "banker"],
    ["Ama, 36, no longer an accountant, now works as a florist in Accra", /florist/, "accountant"],
    ["Piotr, 44, quit being a miner, now teaches history in Gdańsk", /history teacher/, "miner"],
  ])("%s", (sketch, now, former) => {
    const fields = enhanced(sketch);
    expect(fields.occupation).toMatch(now);
    expect(fields.former_occupation).toBe(former);
  });

  it("'no longer a <job>' with nothing after is a job left, not the job", () => {
    const fields = readSketch("Ruth, 58, no longer a midwife, lives in Hull").fields;
    expect(fields.former_occupation).toBe("midwife");
    expect(fields.occupation).toBeUndefined();
  });
});

describe("a name after the words that say what they are, right before the age", () => {
  it.each([
    ["Partially-sighted weaver Kwabena, 61, in Kumasi", "Kwabena", /weaver/],
    ["Deaf chef Ignacio, 39, in Valencia", "Ignacio", /chef/],
    ["Single dad Shaun, 33, in Leeds", "Shaun", undefined],
    ["Proud grandfather Emeka, 75, in Enugu", "Emeka", undefined],
  ])("%s is named %s", (sketch, name, job) => {
    const fields = enhanced(sketch);
    expect(fields.name?.split(" ")[0]).toBe(name);
    if (job) expect(fields.occupation).toMatch(job);
  });

  it("a given name that is also a place names them when the sketch places them elsewhere", () => {
    expect(enhanced("Single mum Chelsea, 26, in Bolton").name?.split(" ")[0]).toBe("Chelsea");
  });

  it("a given name that is also a job's word names them when a job follows ('Mason, 30, bricklayer')", () => {
    expect(readSketch("Hunter, 41, accountant in Ohio").fields).toMatchObject({ name: "Hunter", occupation: "accountant" });
  });
});

describe("a rank or a people's job after the age is the occupation", () => {
  it.each([
    ["Gaius, 35, Roman legionary in Britannia", /legionary/],
    ["Leif, 28, Viking archer", /archer/],
    ["Tadeusz, 30, Polish hussar in Kraków", /hussar/],
    ["Nobunaga, 45, samurai in Owari", /samurai/],
  ])("%s", (sketch, job) => {
    expect(enhanced(sketch).occupation).toMatch(job);
  });
});

describe("a name written family name first is kept as written, and its given name tells the sex (R21-12)", () => {
  it.each([
    ["Tran Van Minh, 47, mechanic in Hue", "Tran Van Minh", "male"],
    ["Choi Seo-yeon, 26, nurse in Incheon", "Choi Seo-yeon", "female"],
    ["Lee Jun-ho, 33, teacher in Daegu", "Lee Jun-ho", "male"],
    ["Pham Thi Lan, 58, market trader in Hanoi", "Pham Thi Lan", "female"],
  ])("%s", (sketch, name, sex) => {
    const fields = enhanced(sketch);
    expect(fields.name).toBe(name);
    expect(fields.gender).toBe(sex);
  });

  it("a name written given name first stays whole ('Seo-yeon Choi' is not 'Choi' with a new given name)", () => {
    expect(enhanced("Seo-yeon Choi, 26, nurse in Incheon").name).toBe("Seo-yeon Choi");
  });
});

describe("a faith before a job is theirs, not the job's — but a clergy job keeps it, capitalised", () => {
  it.each([
    ["Hindu shopkeeper in Leicester, 52", "shopkeeper"],
    ["A Muslim pharmacist in Bradford, 38", "pharmacist"],
    ["Sikh bus driver in Southall, 61", "bus driver"],
  ])("%s is a %s", (sketch, job) => {
    expect(enhanced(sketch).occupation).toBe(job);
  });

  it.each([["Anglican vicar in Kent, 59", "Anglican vicar"], ["Coptic priest in Cairo, 47", "Coptic priest"]])("%s", (sketch, job) => {
    expect(enhanced(sketch).occupation).toBe(job);
  });
});

describe("a name written given name first in a family-first culture keeps its sex and stays whole (R22-9)", () => {
  it.each([
    ["Yuna Sato, 24, illustrator in Sapporo", "Yuna Sato", "female"],
    ["Daiki Kobayashi, 38, chef in Kobe", "Daiki Kobayashi", "male"],
    ["Seo-yeon Jung, 30, pharmacist in Gwangju", "Seo-yeon Jung", "female"],
  ])("%s", (sketch, name, sex) => {
    const fields = enhanced(sketch);
    expect(fields.name).toBe(name);
    expect(fields.gender).toBe(sex);
  });
});

describe("an introduction before the name is not part of it, nor a label (R22-11)", () => {
  it.each([
    ["Presenting Tomasz: 52, roofer in Gdańsk.", "Tomasz"],
    ["Please welcome Aroha — 31, midwife in Rotorua.", "Aroha"],
    ["Let me introduce Femi: 40, pharmacist in Ibadan.", "Femi"],
    ["Meet Ingrid: 58, ferry pilot in Bergen.", "Ingrid"],
  ])("%s is named %s", (sketch, given) => {
    const fields = enhanced(sketch);
    expect(fields.name?.split(" ")[0]).toBe(given);
    expect(Object.keys(fields).some((key) => /meet|introduc|presenting|welcome/.test(key))).toBe(false);
    expect(fields.details ?? "").not.toMatch(/introduce|presenting|welcome/i);
  });
});

describe("'on <island>' is where they live, as 'in' is (R22-24)", () => {
  it.each([
    ["Salvatore, 60, fisherman on Sicily.", /Sicily/],
    ["Ketut, 41, rice farmer on Bali.", /Bali/],
    ["Gavino, 45, shepherd on Sardinia.", /Sardinia/],
    ["Nils, 55, ferry mechanic on Gotland.", /Gotland/],
  ])("%s", (sketch, place) => {
    expect(enhanced(sketch).location).toMatch(place);
  });

  it("a retired job before 'on <island>' is kept ('retired lighthouse keeper on Hokkaido')", () => {
    expect(enhanced("Kenta, 77, retired lighthouse keeper on Hokkaido.").occupation).toMatch(/lighthouse keeper/);
  });
});

describe("compact forms of age and sex, birth-date labels and dash labels (R22-18)", () => {
  it.each([
    ["27M, electrician, Glasgow", "27", "male"],
    ["61f | retired teacher | Porto", "61", "female"],
    ["M/45/Nairobi, matatu driver", "45", "male"],
    ["33/F, data analyst in Lagos", "33", "female"],
    ["age 70 | M | Kraków | retired miner", "70", "male"],
  ])("%s", (sketch, age, sex) => {
    const fields = enhanced(sketch);
    expect(fields.age).toBe(age);
    expect(fields.gender).toBe(sex);
  });

  it("a count with a unit is no age and sex ('runs 10M a year', 'earns 3M')", () => {
    expect(readSketch("Priya, 38, sells 10M units a year").fields.age).toBe("38");
  });

  it.each([
    ["DOB: 1992. Job: welder. City: Rotterdam.", 1992],
    ["Date of birth: 14 March 1966 — postman in Cardiff", 1966],
    ["Birth year: 2001; barista; Melbourne", 2001],
    ["D.O.B. 21.07.1983, paramedic in Graz", 1983],
  ])("%s gives the age from %s, and no field or name of the label", (sketch, year) => {
    const fields = enhanced(sketch);
    expect(Math.abs(Number(fields.age) - (2025 - year))).toBeLessThanOrEqual(1);
    expect(Object.keys(fields).some((key) => /birth|dob/.test(key))).toBe(false);
    expect(fields.name).not.toMatch(/^D\b/);
  });

  it.each([
    ["* Name - Ayesha Siddiqui\n* Age - 36\n* Works as - pharmacist\n* Lives - Lahore", "Ayesha Siddiqui", "pharmacist"],
    ["Full name — Tomás Ruiz; profession: fisherman; home: Cádiz", "Tomás Ruiz", "fisherman"],
  ])("%s keeps the name and the job written", (sketch, name, job) => {
    const fields = enhanced(sketch);
    expect(fields.name).toBe(name);
    expect(fields.occupation).toBe(job);
  });

  it("a name label's value ends at its clause, and the rest is read ('Name: Lior, 31, baker in Haifa')", () => {
    const fields = enhanced("Name: Lior, 31, baker in Haifa.");
    expect(fields).toMatchObject({ name: expect.stringMatching(/^Lior\b/), age: "31", occupation: "baker" });
  });

  it("form values: 'status: widower' is a marital status, 'married: no' single, 'kids: 2' two children", () => {
    expect(readSketch("Name: Olu\nstatus: widower").fields.marital_status).toBe("widowed");
    expect(readSketch("Name: Olu\nmarried: no").fields.marital_status).toBe("single");
    expect(readSketch("Name: Olu\nkids: 2").fields.family).toBe("2 children");
  });
});

it("a birth year in a sketch set in the past gives the age in that year ('in 1845, born 1820' is 25, not 205)", () => {
  expect(readSketch("Spinner in Lowell in 1850, born 1831").fields).toMatchObject({ year: "1850", age: "19" });
});

describe("what a sketch says of a relative is not the person's (R22-10)", () => {
  it.each([
    ["Hassan, 66, baker in Fez whose wife died last spring.", "male"],
    ["Dimitra, 70, beekeeper on Crete, lost her husband in 2020.", "female"],
    ["Bill, 80, lives alone in Dayton since his wife passed away.", "male"],
  ])("%s: widowed, and the spouse's word is no sex of theirs", (sketch, sex) => {
    const fields = enhanced(sketch);
    expect(fields.marital_status).toBe("widowed");
    expect(fields.gender).toBe(sex);
  });

  it.each([
    ["Ama, 26, lives with her father, 64, a retired fisherman, in Takoradi. She is a nurse.", /nurse/, /fisherman|retired/],
    ["Raj, 35, accountant in Pune; his mother, 58, is a school principal.", /accountant/, /principal/],
    ["Greta, 77, her late husband was a lighthouse keeper; lives in Kiel.", undefined, /lighthouse|keeper/],
  ])("%s", (sketch, own, theirs) => {
    const fields = enhanced(sketch);
    if (own) expect(fields.occupation).toMatch(own);
    expect(`${fields.occupation ?? ""} ${fields.status ?? ""}`).not.toMatch(theirs);
  });

  it("working beside a relative keeps the job theirs ('works with her father as a carpenter')", () => {
    expect(enhanced("Jo, 40, works with her father as a carpenter in Leeds").occupation).toBe("carpenter");
  });
});

describe("marital status and children written in another language (R22-12)", () => {
  it.each([
    ["Carmen, 52 años, panadera en Málaga, divorciada, tres hijos.", "divorced", /three|3/],
    ["Jürgen, 61 Jahre alt, Schreiner in Köln, verheiratet, zwei Kinder.", "married", /two|2/],
    ["Marco, 44, cuoco a Napoli, sposato, due figli.", "married", /two|2|children/],
  ])("%s", (sketch, marital, children) => {
    const fields = enhanced(sketch);
    expect(fields.marital_status).toBe(marital);
    expect(fields.family).toMatch(children);
  });

  it("German 'ich bin 52' is an age", () => {
    expect(readSketch("Hallo, ich bin 52 und wohne in Bremen.").fields.age).toBe("52");
  });
});

describe("a character sketch's role before an invented name (the Foil spec's 'Merchant Kael', 'Guard Captain Sera'; R22-42)", () => {
  it.each([
    ["Blacksmith Dorn, who forges blades for the Iron Keep", "Dorn", /blacksmith/],
    ["Tavernkeeper Yssa of the Crooked Lantern", "Yssa", /tavernkeeper/],
    ["Watch Sergeant Korrin, gruff and loyal", "Korrin", /watch sergeant/],
    ["Apothecary Velith, a quiet woman who sells remedies", "Velith", /apothecary/],
  ])("%s is named %s, with the role as the job and no invented family name", (sketch, name, job) => {
    const fields = enhanced(sketch);
    expect(fields.name).toBe(name);
    expect(fields.occupation).toMatch(job);
    expect(fields.hobbies ?? "").not.toMatch(/forg|sell/);
  });

  it.each([
    ["Seeress Anwen of the Misty Vale", "female"],
    ["Ferryman Gorrick, who poles travellers across the Blackwater", "male"],
    ["Sorceress Thalindra", "female"],
  ])("%s: the role's word says the sex", (sketch, sex) => {
    expect(enhanced(sketch).gender).toBe(sex);
  });

  it("'Old <Name>' is old, and the name is the word after it", () => {
    const fields = enhanced("Old Harrow, the ratcatcher of Lowtown");
    expect(fields.name).toBe("Harrow");
    expect(Number(fields.age)).toBeGreaterThanOrEqual(60);
  });

  it("a title keeps its own reading ('Coach Brennan, youth soccer coach' is a youth soccer coach)", () => {
    expect(enhanced("Coach Delaney, youth hockey coach in Boston").occupation).toBe("youth hockey coach");
  });
});

describe("labels and amounts that were split or taken for names (R22-11, R22-18, R22-40 rests)", () => {
  it.each([
    ["Presenting: Yusuf, 41, tailor in Izmir.", "Yusuf"],
    ["Meet: Ingeborg, 66, retired postwoman in Tromsø.", "Ingeborg"],
  ])("%s is named %s", (sketch, given) => {
    expect(enhanced(sketch).name?.split(" ")[0]).toBe(given);
  });

  it.each(["DOB: 07.09.1979, electrician in Gdańsk", "Dob: 1990, barista in Leeds"])("%s: no name made of the label", (sketch) => {
    expect(enhanced(sketch).name).not.toMatch(/^Dob\b|^DOB\b/i);
  });

  it("a thousands comma is no clause's end ('earns £31,500 a year')", () => {
    expect(enhanced("Kim, 44, bus driver in Leeds, earns £31,500 a year, rents a terrace.").details ?? "").toMatch(/£31,500 a year/);
  });
});

describe("a faith or people the sketch names gives the family name, as the namer gives it to that people there (R22-39)", () => {
  it.each(["Manpreet, 38, Sikh truck driver in Fresno", "Simran, 27, Sikh pharmacist in Toronto"])("%s has a Sikh family name", (sketch) => {
    const family = enhanced(sketch).name?.split(" ").slice(1).join(" ") ?? "";
    expect(family).toMatch(/^(?:Singh|Kaur|Sandhu|Sidhu|Gill|Dhillon|Grewal|Brar|Bajwa|Randhawa|Sangha|Mann|Virk|Bains|Aulakh|Chahal|Cheema|Dhaliwal|Johal|Kang|Khaira|Atwal|Bhullar|Boparai|Hundal|Saini|Sekhon|Toor|Uppal|[A-Z][a-z]+)$/);
    expect(family).not.toMatch(/^(?:Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Taylor|Lewis|Martin|Roy|Tremblay|Gagnon)$/);
  });
});

describe("'<kin> of a <job>' names the relative's job, not theirs, nor their sex (R22-10's regression)", () => {
  it.each([
    ["Maggie, 71, widow of a coal miner, lives in Merthyr", "female", /miner/],
    ["Idris, 19, son of a fisherman, works as a mechanic", "male", /fisherman/],
    ["Rosa, 45, daughter of a policeman, teacher in Bilbao", "female", /police/],
  ])("%s", (sketch, sex, notTheirs) => {
    const fields = enhanced(sketch);
    expect(fields.gender).toBe(sex);
    expect(fields.occupation ?? "").not.toMatch(notTheirs);
  });
});

describe("character roles no job suffix shows, and names that end like a job or are a champion's (R22-42's rest)", () => {
  it.each([
    ["Witch Elspeth of the Marsh", "Elspeth", /witch/],
    ["Priest Cedric, who keeps the old shrine", "Cedric", /priest/],
    ["Scout Iria, a quiet tracker", "Iria", /scout/],
    ["Bard Tamsin sings in taverns", "Tamsin", /bard/],
  ])("%s is named %s", (sketch, given, job) => {
    const fields = enhanced(sketch);
    expect(fields.name?.split(" ")[0]).toBe(given);
    expect(fields.occupation).toMatch(job);
  });

  it("a role's name that is a League champion's is no champion outside League talk ('Pilot Zoe')", () => {
    const fields = enhanced("Pilot Zoe, 31, flies cargo shuttles");
    expect(fields.name?.split(" ")[0]).toBe("Zoe");
    expect(fields.main_champion).toBeUndefined();
  });
});

describe("museum work is written as museum work, not a freelance creative's (curators had clients, followers and a portfolio)", () => {
  it.each(["Museum curators in Lisbon", "Conservators at museums in Vienna"])("%s", async (prompt) => {
    const text = (await personasOf(prompt, 12)).map((persona) => `${persona.backstory} ${persona.goals}`).join(" ");
    expect(text).not.toMatch(/\bclients?\b|\bfollowers\b|\bportfolio\b|art directors/);
    expect(text).toMatch(/exhibition|collection|objects?\b|lenders|conservation/);
  });
});
