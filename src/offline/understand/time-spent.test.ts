import { describe, expect, it } from "vitest";
import { tokenise } from "../knowledge/words.ts";
import type { PromptParts } from "./parts.ts";
import { readTimeSpent, readTimeSpentAmount } from "./time-spent.ts";

describe("readTimeSpentAmount", () => {
  it.each([
    ["Streamers who play more than 30 hours a week in Busan", 31, undefined],
    ["Swimmers who train under 5 hours a week", undefined, 4],
    ["Carers who give 20 to 35 hours a week", 20, 35],
    ["Commuters who travel more than two hours a day in Lagos", 15, undefined],
    ["Junior doctors working 70-hour weeks", 65, 75],
    ["Readers who read at least 30 minutes a day", 4, undefined],
    ["Volunteers giving 8+ hours a week", 8, undefined],
  ])("%s: %s-%s hours a week", (prompt, min, max) => {
    const reading = readTimeSpentAmount(prompt);
    expect(reading && [reading.hoursPerWeek.min, reading.hoursPerWeek.max]).toEqual([min, max]);
  });

  it.each(["Nurses on 12-hour shifts", "Engineers with over 10 years of experience", "Teens aged 13-17", "Farmers in the 1930s", "Runners who run 50 km a week"])("%s: no hours", (prompt) => {
    expect(readTimeSpentAmount(prompt)).toBeUndefined();
  });
});

describe("readTimeSpent", () => {
  it("claims the words and shows them as a time_spent qualifier", () => {
    const prompt = "Gamers who play more than 40 hours a week in Seoul";
    const tokens = tokenise(prompt);
    const claimed = tokens.map(() => false);
    const parts = { qualifiers: [] } as unknown as PromptParts;
    expect(readTimeSpent(parts, prompt, tokens, claimed)?.hoursPerWeek).toEqual({ min: 41 });
    expect(tokens.filter((_, index) => claimed[index]).map((token) => token.raw)).toEqual(["more", "than", "40", "hours", "a", "week"]);
    expect(parts.qualifiers.map((entry) => [entry.qualifier.field, entry.qualifier.value])).toEqual([["time_spent", "more than 40 hours a week"]]);
  });
});
