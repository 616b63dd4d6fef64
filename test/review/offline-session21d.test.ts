/**
 * Session 21, O3 (the text fits the person): R's open findings as classes, each with R's own test
 * (copied once it passed) and other instances of the class than R's.
 */
import { describe, expect, it } from "vitest";
import { personasOf, sentencesMatching } from "./offline-reading.ts";

const LIVESTOCK = /\bherds?\b|calving|\bvets?\b|price of feed|grazing|the animals\b|livestock|cattle/i;
const ORCHARD = /orchard|pruning|plantation|seasonal pickers/i;

describe("R20-7: crop farmers are written a livestock farm's and an orchard's days", () => {
  it.each(["Lentil farmers in Saskatchewan", "Cassava farmers in Ghana", "Millet farmers in Niger"])("R20-7 %s: no herd, calving, vets or feed, no orchard rows or pruning", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect([...sentencesMatching(personas, LIVESTOCK), ...sentencesMatching(personas, ORCHARD)]).toEqual([]);
  });
});

describe("a farm's lines follow what it grows (other instances)", () => {
  // A crop the prompt names, whether or not the reading makes it the occupation; an unknown crop or none: any farm's lines.
  it.each(["Sorghum farmers in Sudan", "Farmers who grow chickpeas in Rajasthan", "Teff farmers in Ethiopia", "Yam-growing families in Nigeria", "Farmers in Kenya", "Smallholders in Malawi"])("%s: no herd, calving, vets or feed, no orchard rows or pruning", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect([...sentencesMatching(personas, LIVESTOCK), ...sentencesMatching(personas, ORCHARD)]).toEqual([]);
  });
  it.each(["Farmers who raise goats in Nepal", "Pig farmers in Denmark"])("%s: the animals are theirs", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /herd|animals|feed|vets|lambing|pens/i).length).toBeGreaterThan(0);
  });
  it.each(["Walnut growers in California", "Farmers who grow pears in Oregon"])("%s: the orchard is theirs, the field crop's sowing is not", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(sentencesMatching(personas, /orchard|trees|blossom|picking/i).length).toBeGreaterThan(0);
    expect(sentencesMatching(personas, LIVESTOCK)).toEqual([]);
  });
  it.each(["Farm workers in Kansas", "Farmhands in Saskatchewan"])("%s: a field's hands, not an orchard's ladders and bruised fruit", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /orchard|ladder|bruised fruit|into the trees|picking bag|vineyard/i)).toEqual([]);
  });
});

describe("R20-37: a condition's hard days are another condition's (type 1 diabetes and asthma: 'days when getting dressed is the achievement')", () => {
  it.each(["People with type 1 diabetes in Denmark", "Adults with asthma in Ireland", "Teenagers with type 1 diabetes in Melbourne"])("R20-37 %s: no exhaustion lines of a fatigue illness", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /getting dressed is the achievement|crashes after a good day/i)).toEqual([]);
  });
});

describe("each condition's lines are its own (other instances)", () => {
  const FATIGUE = /getting dressed is the achievement|crashes after a good day|tiredness nobody else can see|around energy levels|pacing the busy days/i;
  it.each(["People with epilepsy in Norway", "Adults with psoriasis in Poland", "People with high blood pressure in Ghana", "Teenagers with coeliac disease in Italy"])("%s: no fatigue illness's days", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), FATIGUE)).toEqual([]);
  });
  it("a fatigue illness keeps them", async () => {
    expect(sentencesMatching(await personasOf("People with long COVID in Wales", 30), FATIGUE).length).toBeGreaterThan(0);
  });
  it.each([
    ["Adults with ADHD in Canada", /open-plan offices|sudden changes of plan|forms with small print|too many people/i],
    ["People with dyslexia in Scotland", /open-plan offices|sudden changes of plan|setting alarms for everything/i],
    ["People with PTSD in Arizona", /everything feels heavy|crowded places/i],
    ["People with bipolar disorder in Lyon", /everything feels heavy|crowded places|anniversaries that bring it all back/i],
  ])("%s: no other condition of its kind's hard days", async (prompt, other) => {
    expect(sentencesMatching(await personasOf(prompt, 30), other)).toEqual([]);
  });
});

describe("R20-21: people who will never be released (life without parole, whole-life orders) wait for parole and plan life on the outside", () => {
  it.each(["Prisoners serving life without parole in Michigan", "Inmates serving whole-life orders in England"])("R20-21 %s: no parole, release or outside plans", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /parole|release|on the outside|gets out/i)).toEqual([]);
  });
  it.each(["Men serving natural life in Pennsylvania", "Women in California who will never be released", "Prisoners with no chance of parole in Louisiana", "Inmates serving whole-life tariffs in Wales"])("%s: no parole, release, outside plans or days crossed off", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /parole|release|on the outside|gets? out|crossing off the days/i)).toEqual([]);
  });
  it("a sentence with parole still has its hearing to hope for", async () => {
    expect(sentencesMatching(await personasOf("Prisoners in Ohio", 30), /parole|release|on the outside/i).length).toBeGreaterThan(0);
  });
});

describe("R20-10b: vegetarians are written as vegans ('has been into veganism for 20 years')", () => {
  it.each(["Vegetarian students in Berlin", "Vegetarians in Chennai", "Vegetarian nurses in Leeds"])("R20-10b %s: nobody is into veganism", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 20), /vegan/i)).toEqual([]);
  });
});

describe("a diet or practice is written as itself, never a stricter or different one (other instances)", () => {
  const MEAT = /\b(?:meat|beef|pork|chicken|lamb|bacon|ham|sausages?|steak|schnitzel|bratwurst|a Sunday roast|fish and chips|shepherd's pie|coq au vin|boeuf bourguignon|moussaka|souvlaki|asado|milanesa|feijoada|bacalhau|grilled sardines|paella|biryani|nihari)\b/i;
  it.each([
    ["Vegetarian teachers in Munich", /vegan/i],
    ["Vegetarians in Manchester", /vegan/i],
    ["Vegetarian pensioners in Athens", /vegan/i],
    ["Vegans in Buenos Aires", /vegetarian/i],
  ])("%s: nobody cooks meat or fish, nobody is into another diet", async (prompt, other) => {
    const personas = await personasOf(prompt, 30);
    expect(sentencesMatching(personas, MEAT)).toEqual([]);
    expect(sentencesMatching(personas, other)).toEqual([]);
  });
  it.each(["Vegans in Zurich", "Vegan students in Paris"])("%s: no cheese, butter or eggs either", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /\b(?:cheese|butter|eggs?|fondue|raclette|crêpes|quiche|milk)\b/i)).toEqual([]);
  });
  it("pescatarians eat fish, not meat, and are not vegetarians or vegans", async () => {
    const personas = await personasOf("Pescatarians in Lisbon", 30);
    expect(sentencesMatching(personas, /\b(?:meat|beef|pork|chicken|francesinha|caldo verde)\b|vegan|vegetarian/i)).toEqual([]);
  });
  it.each(["Muslims in Manila", "Muslim families in Berlin"])("%s: no pork dishes", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /\b(?:pork|bacon|ham|lechon|adobo|bratwurst|schnitzel)\b/i)).toEqual([]);
  });
});

describe("a farm's hands and its water (other instances)", () => {
  it.each(["Mango pickers in Andhra Pradesh", "Cherry pickers in Tasmania"])("%s: an orchard's pickers, not a field's hoeing or a herd", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(sentencesMatching(personas, /hoeing|weeding|\bherd|calving|price of feed/i)).toEqual([]);
  });
  it.each(["Mussel farmers in Galicia", "Seaweed farmers in Zanzibar"])("%s: the bay's beds and lines, no fish pens, frost in the fields or sowing", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /sea lice|feeding the pens|first frost|sowing|the fields|harvest from one farm/i)).toEqual([]);
  });
});

describe("babies and small children live the first years, not a pupil's or an adult's", () => {
  const OLDER = /times tables|spelling|reading level|chapter book|school play|football in the street|homework|a good book by the window|days off|the café|mortgage|career|promotion|save enough|travel|remembering everyone's birthday|bringing food to new neighbours/i;
  it.each(["Infants in Toronto", "Two-year-olds in Madrid", "Preschoolers in Seoul", "Newborns in Mumbai"])("%s: no school work, grown-up habits or adult plans", async (prompt) => {
    const personas = (await personasOf(prompt, 30)).filter((persona) => Number(persona.age) < 5);
    expect(personas.length).toBeGreaterThan(0);
    expect(sentencesMatching(personas, OLDER)).toEqual([]);
  });
  it("a school child keeps a pupil's days", async () => {
    expect(sentencesMatching(await personasOf("Primary school pupils in Leeds", 30), /times tables|spelling|reading|school/i).length).toBeGreaterThan(0);
  });
});

describe("a fog desert coast has no dust-storm season", () => {
  it.each(["Bus drivers in Antofagasta", "Nurses in Trujillo, Peru", "Students in Lima"])("%s: no dust storms", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /dust|sweeping sand/i)).toEqual([]);
  });
});

describe("a work group's lines hold for each of its occupations (trades)", () => {
  it.each(["Welders in Ohio", "Metal fabricators in Sheffield"])("%s: a fabrication shop's day, not a home trade's customers, quotes and van", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /customers|quot(?:e|ing)|the van|call-out|customers' homes|the drive between jobs/i)).toEqual([]);
  });
  it.each(["Car mechanics in Leeds", "Motorcycle mechanics in Hanoi"])("%s: a garage's day, not building sites or customers' homes", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /building sites?|customers' homes|the other trades on site|reading drawings/i)).toEqual([]);
  });
});

describe("a job of a past year the text does not know, and that year's comforts", () => {
  const OFFICE = /colleagues who are stuck|call in sick|customers|usual place of work/i;
  const LATER = /phone charger|voice notes|podcast|playlist|every coffee shop|photos of every meal|takeaway|dishwasher|\btexts\b/i;
  it.each(["Pearl divers in Bahrain in 1925", "Ice cutters in Maine in 1915", "Telegraph operators in Chicago in 1920", "Typists in New York in 1955"])("%s: no office's sick calls or customers, nothing from later decades", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(sentencesMatching(personas, OFFICE)).toEqual([]);
    expect(sentencesMatching(personas, LATER)).toEqual([]);
  });
  it("miners in 1984 have no phones or podcasts", async () => {
    expect(sentencesMatching(await personasOf("Coal miners in Yorkshire in 1984", 30), /phone charger|voice notes|podcast|playlist|\btexts\b|email/i)).toEqual([]);
  });
});

describe("a work group's lines hold for each of its occupations (courts, therapy, research)", () => {
  it.each(["Judges in Manchester", "Magistrates in Sydney"])("%s: a judge has no clients, settlements or partnership", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /clients?\b|settlements?|make partner|billable|pro bono/i)).toEqual([]);
  });
  it.each(["Psychiatrists in Boston", "Dietitians in Glasgow", "Speech therapists in Perth"])("%s: no resistance bands or exercises", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /resistance bands|exercises one step|the one exercise/i)).toEqual([]);
  });
  it.each(["University professors in Edinburgh", "Research scientists in Basel"])("%s: no thesis of their own to finish", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /finish the thesis/i)).toEqual([]);
  });
});

describe("a faith's or a recovery's food and drink (the diet class: written as itself)", () => {
  const ALCOHOL = /\b(?:wine|beer|pints?|pub|cocktails?|whisky)\b/i;
  it.each(["Sikh taxi drivers in Vancouver", "Muslim teachers in Manchester", "Mormon families in Utah", "People in recovery from addiction in Dublin"])("%s: no drinking", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), ALCOHOL)).toEqual([]);
  });
  it.each(["Shia families in Dearborn", "Sunni shopkeepers in Leeds"])("%s: no pork", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /\b(?:pork|bacon|ham|lechon|bratwurst|barbecue ribs|a full breakfast)\b/i)).toEqual([]);
  });
  it.each(["Hindu families in Durban", "Hindu engineers in Houston"])("%s: no beef", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /\b(?:beef|steak|chili|bobotie|barbecue ribs)\b/i)).toEqual([]);
  });
  it("Jains keep a diet without meat or fish", async () => {
    expect(sentencesMatching(await personasOf("Jain families in Antwerp", 30), /\b(?:meat|beef|pork|chicken|fish|moules-frites|carbonnade|stoofvlees)\b/i)).toEqual([]);
  });
});

describe("a work group's lines hold for each of its occupations (early years, architecture)", () => {
  it.each(["Kindergarten teachers in Oslo", "Nursery teachers in Leeds"])("%s: small children's day, no homework, exercise books or head of department", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /marking|homework|exercise books|head of department|thirty children|reports that say/i)).toEqual([]);
  });
  it.each(["Architects in Barcelona", "Urban planners in Nairobi"])("%s: no chartered engineering or engineering calculator", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /chartered engineer|engineering calculator|junior engineers/i)).toEqual([]);
  });
});

describe("a work group's lines hold for each of its occupations (field maintenance, upkeep)", () => {
  it.each(["Telecom technicians in Lagos", "Water treatment operators in Ohio"])("%s: no wind farm or turbine tower", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /wind farm|top of the tower|weather window|before the wind picks up/i)).toEqual([]);
  });
  it.each(["Domestic workers in Dubai", "Domestic helpers in Singapore"])("%s: a household's work, not offices after hours or a hotel's floors", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /offices after hours|guest floors|trolley of supplies/i)).toEqual([]);
  });
});

describe("tree-crop smallholders are no plantation (R20-7's class)", () => {
  it.each(["Cocoa farmers in Côte d'Ivoire", "Coffee growers in Ethiopia"])("%s: no livestock, no plantation rows or seasonal pickers", async (prompt) => {
    const personas = await personasOf(prompt, 30);
    expect(sentencesMatching(personas, /\bherds?\b|calving|\bvets?\b|price of feed|livestock|cattle|plantation|seasonal pickers/i)).toEqual([]);
  });
});

describe("a work group's lines hold for each of its occupations (counters, laundries, print works)", () => {
  it.each(["Bank tellers in Lisbon", "Travel agents in Manila"])("%s: no appointments booked or waiting rooms", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /booking appointments|appointment book|waiting room|answering the phone and the door/i)).toEqual([]);
  });
  it.each(["Laundry workers in Dhaka", "Printers in Leipzig"])("%s: not an assembly line's", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /assembly hall|production line|keeping pace with the line/i)).toEqual([]);
  });
});

describe("postal workers walk a round, not a courier's van route", () => {
  it.each(["Postal workers in Leeds", "Mail carriers in Ohio"])("%s: letters and the round, no depot van, dispatch or gig loans", async (prompt) => {
    expect(sentencesMatching(await personasOf(prompt, 30), /dispatch|loan on the vehicle|own (?:their|his|her) vehicle|transport business|sliding door/i)).toEqual([]);
  });
});
