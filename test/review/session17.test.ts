/**
 * Session 17's review (R): what the session's commits were meant to do, read on inputs nobody tuned
 * them for. Each describe names the commit it checks; defects found are in /work/notes/s17/R-findings.md
 * (their failing tests in /work/notes/s17/R-session17-failing.test.ts.txt, not committed).
 */
import { describe, expect, it } from "vitest";
import { design, possibleValues, personasOf, sentencesMatching, type Design } from "./offline-reading.ts";

describe("a situation that reshapes a working life narrows the jobs and is written as lived (64ce1cb)", () => {
  it("'Graveyard shift workers in Las Vegas' hold jobs that run at night", () => {
    const jobs = possibleValues(design("Graveyard shift workers in Las Vegas"), "occupation");
    expect(jobs.filter((job) => ["teacher", "hairdresser", "marketing manager", "car mechanic", "accountant", "graphic designer"].includes(job))).toEqual([]);
    expect(jobs).toContain("security guard");
  });

  it("'German digital nomads in Bali' are Germans passing through, doing remote work", async () => {
    const blueprint = design("German digital nomads in Bali");
    expect(possibleValues(blueprint, "origin_country")).toEqual(["Germany"]);
    expect(possibleValues(blueprint, "occupation").filter((job) => ["cashier", "hairdresser", "security guard", "construction worker", "bus driver"].includes(job))).toEqual([]);
    const personas = await personasOf("German digital nomads in Bali", 8);
    // Born and raised in Germany ("grew up in Germany"), never in the place they pass through.
    expect(sentencesMatching(personas, /\b(?:grew up in|has lived for years in|moved a while ago to)\b[^.]*\b(?:Indonesia|Bali)\b/)).toEqual([]);
  });

  it.each([
    ["Women on maternity leave in Canada", "on parental leave"],
    ["Teachers on long-term sick leave in Wales", "on sick leave"],
    ["Copper miners on strike in Chile", "on strike"],
  ])("%s are %s and not written at work today", async (prompt, status) => {
    const personas = await personasOf(prompt, 10);
    expect(personas.map((persona) => persona.work_status).filter((value) => value !== status)).toEqual([]);
    expect(sentencesMatching(personas, /^(?:A typical day:|Most days (?:she|he|they) (?:is|are) at)/)).toEqual([]);
  });

  it("'Freelance translators working from home in Buenos Aires' work at home", async () => {
    const personas = await personasOf("Freelance translators working from home in Buenos Aires", 10);
    expect(personas.every((persona) => persona.work_arrangement === "remote")).toBe(true);
    expect(sentencesMatching(personas, /\b(?:co-working space|open-plan|hot desk)\b/i)).toEqual([]);
  });
});

describe("places, negations and fortunes are what they say, never a job (27a250d)", () => {
  it.each([
    ["Residents of Saint Helena", "Helena"],
    ["Villagers of Hallstatt", "Hallstatt"],
    ["Residents of Ibiza", "Ibiza"],
  ])("%s: the place is declared, never the occupation", (prompt, place) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "occupation").filter((job) => job.includes(place))).toEqual([]);
    expect(blueprint.unmodelled.some((entry) => entry.includes(place))).toBe(true);
  });

  it("'Non-smokers in Greece' have jobs, not the occupation 'non-smoker'", () => {
    expect(possibleValues(design("Non-smokers in Greece"), "occupation").filter((job) => /smoker/.test(job))).toEqual([]);
  });

  it("'Adults without health insurance in Texas' do not work in insurance, and the negation is declared whole", () => {
    const blueprint = design("Adults without health insurance in Texas");
    expect(possibleValues(blueprint, "workplace")).not.toContain("insurance");
    expect(blueprint.unmodelled).toContain("without health insurance");
  });

  it.each(["Oligarchs in London", "Tycoons in Hong Kong"])("%s hold no low-wage job", (prompt) => {
    const jobs = possibleValues(design(prompt), "occupation");
    expect(jobs.filter((job) => ["cleaner", "bus driver", "shop assistant", "factory worker", "cashier", "carpenter", "receptionist", "security guard"].includes(job))).toEqual([]);
  });

  it("'Wine growers in eastern Austria' never live in Passau (a Bavarian city)", () => {
    expect(possibleValues(design("Wine growers in eastern Austria"), "city")).not.toContain("Passau");
  });
});

describe("text that contradicts the persona: people held in prison, the childless (b1efa21)", () => {
  it.each([
    ["Prisoners on death row in Texas", "in prison"],
    ["Teenagers in a young offenders' institution in Kent", "in juvenile detention"],
  ])("%s live %s and are not written with a free life outside", async (prompt, housing) => {
    const personas = await personasOf(prompt, 10);
    expect(personas.map((persona) => persona.housing).filter((value) => value !== housing)).toEqual([]);
    expect(sentencesMatching(personas, /\b(?:earns a living|book club|walking in the hills|on (?:her|his|their) days off|after work)\b/i)).toEqual([]);
  });

  it("'Childfree women in their thirties in Seoul' are not written with children or grandchildren", async () => {
    const personas = await personasOf("Childfree women in their thirties in Seoul", 16);
    expect(sentencesMatching(personas, /\b(?:grandchildren|the kids|kids who|children who|the little ones|school run|bedtime stories)\b/i)).toEqual([]);
  });
});

describe("collective nouns, venues, fortunes and 'non-' roles (2c98046; R17-3, R17-17, R17-24, R17-27)", () => {
  it("'The Somali diaspora in Minneapolis' have jobs, not the occupation 'diaspora'", () => {
    expect(possibleValues(design("The Somali diaspora in Minneapolis"), "occupation").filter((job) => job.includes("diaspora"))).toEqual([]);
  });

  it.each(["Spectators at Wimbledon", "Festival-goers at Glastonbury"])("%s: in the United Kingdom, and not an occupation", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "occupation").filter((job) => /spectator|festival/.test(job))).toEqual([]);
    expect(possibleValues(blueprint, "country")).toContain("United Kingdom");
  });

  it("'The ultra-wealthy in Monaco' hold no low-wage job", () => {
    expect(possibleValues(design("The ultra-wealthy in Monaco"), "occupation").filter((job) => ["carpenter", "receptionist", "cleaner", "cashier", "bus driver"].includes(job))).toEqual([]);
  });

  // A regression guard: 27a250d's "non-<noun> declared whole" made them officers and film directors.
  it("'Non-commissioned officers in the British Army' are not officers, 'Non-executive directors in London' not film directors", async () => {
    expect(possibleValues(design("Non-commissioned officers in the British Army"), "occupation")).not.toContain("officer");
    const personas = await personasOf("Non-executive directors in London", 8);
    expect(sentencesMatching(personas, /\b(?:actors|on set|a scene|a shoot|the edit)\b/i)).toEqual([]);
  });
});
