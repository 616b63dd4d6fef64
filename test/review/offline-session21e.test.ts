/**
 * Session 21, O4 (composing the design from what was read): R's open findings fixed as classes, each
 * with R's instances and others of the same class (/work/notes/s20/R-findings.md).
 */
import { describe, expect, it } from "vitest";
import { design, personasOf, possibleValues, sentencesMatching } from "./offline-reading.ts";

/** The share of `count` personas of the prompt whose gender is `sex`. */
async function shareOf(prompt: string, sex: string, count = 40): Promise<number> {
  const personas = await personasOf(prompt, count);
  return personas.filter((persona) => persona.gender === sex).length / personas.length;
}

describe("R20-4: a named job keeps its own sex mix in a past period, not the period's whole population's nor today's", () => {
  it.each([
    ["Riflemen in World War II", "male", 0.95],
    ["Sailors in Victorian Britain", "male", 0.95],
    ["Paratroopers in WW2", "male", 0.95],
    ["Fighter pilots in World War II", "male", 0.95],
    ["Sailors in the 1800s", "male", 0.95],
    ["Soldiers in 1880", "male", 0.95],
    ["Airline pilots in the 1960s", "male", 0.95],
    ["Doctors in 1900", "male", 0.85],
    ["Nurses during World War II", "female", 0.9],
    ["Nurses in 1950", "female", 0.9],
    ["Typists in the 1950s", "female", 0.85],
  ])("R20-4 %s: at least the period's share are %s", async (prompt, sex, least) => {
    expect(await shareOf(prompt, sex)).toBeGreaterThanOrEqual(least);
  });

  it("keeps today's share where the data has no other for the period, and today's jobs today", async () => {
    expect(await shareOf("Nurses in Ohio in 2020", "female")).toBeGreaterThanOrEqual(0.75);
    expect(await shareOf("Soldiers in Texas", "female")).toBeGreaterThan(0);
  });

  it("reads a pastime's people as the trade only in the past ('sailors in Sydney' still sail for pleasure)", () => {
    expect(possibleValues(design("Sailors in Victorian Britain"), "occupation")).toEqual(["sailor"]);
    expect(possibleValues(design("Dancers in the 1850s"), "occupation")).toEqual(["dancer"]);
    expect(possibleValues(design("Sailors in Sydney"), "activity")).toEqual(["sailing"]);
  });
});

describe("R20-21: a sentence with no release is known to the design (the text drops parole and release)", () => {
  it.each([
    ["Prisoners serving life without parole in Michigan", "life without parole"],
    ["Inmates serving whole-life orders in England", "whole-life order"],
    ["Women serving life without parole in California", "life without parole"],
    ["Inmates with life without parole sentences in Florida", "life without parole"],
    ["People serving life with no chance of parole in Ohio", "life without parole"],
    ["Lifers who will never be released in Texas", "life without parole"],
    ["Prisoners serving natural life in Pennsylvania", "life without parole"],
  ])("R20-21 %s: sentence %s, in prison, nothing left unread", (prompt, sentence) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "sentence")).toEqual([sentence]);
    expect(possibleValues(blueprint, "housing")).toEqual(["in prison"]);
    expect(blueprint.unmodelled.filter((item) => /parole|life|release/i.test(item))).toEqual([]);
  });

  it("leaves sentences with parole as they were ('serving life sentences' may be released)", () => {
    expect(possibleValues(design("Prisoners serving life sentences in Texas"), "sentence")).toEqual([]);
  });
});
