import { describe, expect, it } from "vitest";
import { tokenise } from "../knowledge/words.ts";
import { readExperience, readExperienceYears } from "./experience.ts";
import type { PromptParts } from "./parts.ts";

describe("readExperienceYears", () => {
  it.each([
    ["Architects in Porto with at least 12 years of experience", 12, 60],
    ["Midwives in Glasgow with more than 15 years of clinical experience", 16, 60],
    ["Bakers in Lille with under 3 years of experience", 0, 2],
    ["Carpenters with 7+ years' experience", 7, 60],
    ["Welders in Perth with 4-6 years experience", 4, 6],
    ["Translators with 8 years or more of experience", 8, 60],
    ["Paramedics with 25 years on the job", 25, 25],
    ["Pilots in Doha with over 10 years in the cockpit", 11, 60],
    ["Judges with two decades on the bench", 20, 29],
    ["Surgeons with decades of experience", 20, 60],
    ["Chefs in Lima with no professional experience", 0, 0],
    ["Lawyers in their third year of practice", 2, 2],
    ["Nurses in their first five years on the wards", 0, 4],
    ["25-year veteran firefighters in Boston", 25, 60],
    ["Interns with six months of experience", 0, 0],
    ["Programmers with about 10 years of experience", 8, 12],
    ["Midwives who have worked for over 25 years", 26, 60],
    ["Teachers who have been teaching for 12 years in Nantes", 12, 12],
    ["Fishermen having fished for decades", 20, 60],
    ["Cabbies who have worked as drivers for 8+ years", 8, 60],
  ])("%s: %i-%i years", (prompt, min, max) => {
    const reading = readExperienceYears(prompt);
    expect(reading && [reading.min, reading.max]).toEqual([min, max]);
  });

  it.each(["Farmers with 2 years left on their lease", "Students with three years to go", "Retirees aged over 70", "Teachers in 1980", "Families with two children", "Families who have lived in Paris for 10 years", "Couples who have been married for 20 years"])("%s: no experience read", (prompt) => {
    expect(readExperienceYears(prompt)).toBeUndefined();
  });
});

describe("readExperience", () => {
  it("drops an age read from inside the phrase, claims its words and bounds the years", () => {
    const prompt = "Dentists in Cork with over 30 years of experience";
    const tokens = tokenise(prompt);
    const claimed = tokens.map(() => false);
    const ageStart = prompt.indexOf("over 30");
    const parts = { qualifiers: [], age: { min: 31, max: 95, openEnded: true, span: { start: ageStart, end: ageStart + 7, text: "over 30" } } } as unknown as PromptParts;
    readExperience(parts, prompt, tokens, claimed);
    expect(parts.age).toBeUndefined();
    expect(parts.qualifiers.map((entry) => [entry.qualifier.field, entry.qualifier.years_min, entry.qualifier.years_max])).toEqual([["experience", 31, undefined]]);
    expect(tokens.filter((_, index) => claimed[index]).map((token) => token.raw)).toEqual(["with", "over", "30", "years", "of", "experience"]);
  });
});
