import { describe, expect, it } from "vitest";
import { tokenise } from "../knowledge/words.ts";
import { readActivityLevel } from "./levels.ts";
import type { PromptParts } from "./parts.ts";

function levelOf(prompt: string): { value?: string; claimed: string[] } {
  const tokens = tokenise(prompt);
  const claimed = tokens.map(() => false);
  const parts = { qualifiers: [] } as unknown as PromptParts;
  readActivityLevel(parts, prompt, tokens, claimed);
  const value = parts.qualifiers.find((entry) => entry.qualifier.field === "level")?.qualifier.value;
  return { ...(value ? { value } : {}), claimed: tokens.filter((_, index) => claimed[index]).map((token) => token.raw) };
}

describe("readActivityLevel", () => {
  it.each([
    ["Green belts in kung fu in Hong Kong", "green belt", ["Green", "belts"]],
    ["Orange-belt karateka in Lyon", "orange belt", ["Orange", "belt"]],
    ["Purple belts in Brazilian jiu-jitsu in Lisbon", "purple belt", ["Purple", "belts"]],
    ["2nd dan kendo practitioners in Kyoto", "black belt (2nd dan)", ["2nd", "dan"]],
    ["Fifth-dan aikido teachers", "black belt (5th dan)", ["Fifth", "dan"]],
    ["Dan-ranked judoka in Tokyo", "black belt (dan grade)", ["Dan", "ranked"]],
    ["4th kyu judo students", "4th kyu", ["4th", "kyu"]],
    ["Grade 5 violinists in Leeds", "Grade 5", ["Grade", "5"]],
    ["B2 Spanish learners in Lyon", "B2 (CEFR)", ["B2"]],
    ["7a climbers in Fontainebleau", "7a grade", ["7a"]],
    ["Low-handicap golfers in Florida", "low handicapper", ["Low", "handicap"]],
    ["HSK 4 Chinese learners in Taipei", "HSK 4", ["HSK", "4"]],
    ["JLPT N2 learners in Osaka", "JLPT N2", ["JLPT", "N2"]],
    ["Golfers with a handicap of 14 in Fife", "mid handicapper", ["handicap", "of", "14"]],
    ["25-handicap golfers in Kent", "high handicapper", ["25", "handicap"]],
  ])("%s: level %s", (prompt, value, claimed) => {
    expect(levelOf(prompt)).toEqual({ value, claimed });
  });

  it.each(["Black women in Atlanta", "Black Friday shoppers", "Blue-collar workers in Ohio", "Seat belt makers in Detroit", "Grade school teachers in Ohio", "Brown bears in Alaska", "Green party voters", "Farmers in the green belt around London", "Workers in the Rust Belt"])("%s: no level", (prompt) => {
    expect(levelOf(prompt).value).toBeUndefined();
  });
});
