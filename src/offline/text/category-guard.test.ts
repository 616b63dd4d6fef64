import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { wordsPattern, wordsRuledOut } from "./category-guard.ts";

const NONE: ReadonlyArray<{ key: string; text: { absent?: readonly string[] } }> = [];

describe("wordsRuledOut: the words no sentence about a persona may hold, from its ways of life", () => {
  it("rules out nothing for someone no way of life describes", () => {
    // A coastal city: an inland one (Madrid) is now a way of life too (no seafront).
    expect(wordsRuledOut({ country: "Spain", city: "Barcelona", age: "40", occupation: "nurse" }, NONE)).toBeUndefined();
  });

  it("keys a way by the sea coast: no seafront or harbour for a city the gazetteer lists inland (Madrid, Denver), nothing ruled out where the city is unknown", () => {
    const line = "In the evenings she walks along the seafront to the harbour.";
    expect(wordsRuledOut({ country: "Spain", city: "Madrid", age: "40", occupation: "nurse" }, NONE)?.test(line)).toBe(true);
    expect(wordsRuledOut({ country: "United States", city: "Denver", age: "40", occupation: "nurse" }, NONE)?.test(line)).toBe(true);
    expect(wordsRuledOut({ country: "Spain", city: "Barcelona", age: "40", occupation: "nurse" }, NONE)?.test(line) ?? false).toBe(false);
    expect(wordsRuledOut({ country: "Spain", city: "Villanueva de Nowhere", age: "40", occupation: "nurse" }, NONE)?.test(line) ?? false).toBe(false);
  });

  it("keys a way by the climate: a farm's irrigation before the heat is ruled out where it rains all year (Oslo, Cork), not in Madrid", () => {
    const line = "The job means fixing the irrigation before the heat.";
    expect(wordsRuledOut({ country: "Norway", city: "Oslo", age: "40", occupation: "farmer" }, NONE)?.test(line)).toBe(true);
    expect(wordsRuledOut({ country: "Ireland", city: "Cork", age: "40", occupation: "farmer" }, NONE)?.test(line)).toBe(true);
    expect(wordsRuledOut({ country: "Spain", city: "Madrid", age: "40", occupation: "farmer" }, NONE)?.test(line) ?? false).toBe(false);
  });

  it("keys a way by the income of the country lived in: a hot shower is ruled out in Nigeria, not in Norway", () => {
    expect(wordsRuledOut({ country: "Nigeria", age: "30", occupation: "nurse" }, NONE)?.test("small comforts matter: a long hot shower")).toBe(true);
    expect(wordsRuledOut({ country: "Norway", age: "30", occupation: "nurse" }, NONE)?.test("small comforts matter: a long hot shower") ?? false).toBe(false);
  });

  it("gives the countryside no town streets, in any country", () => {
    expect(wordsRuledOut({ country: "Ireland", settlement: "rural", occupation: "farmer" }, NONE)?.test("Come the rains, she can be found wading through flooded streets.")).toBe(true);
  });

  it("rules a recluse's crowds out of a frame's own words, whole words only", () => {
    const refused = wordsRuledOut({ country: "Australia", way_of_life: "lives as a recluse" }, NONE);
    expect(refused?.test("He cooks pavlova for a crowd in Launceston.")).toBe(true);
    expect(refused?.test("He keeps to himself, crowded out by nobody.")).toBe(false);
  });

  it("adds the persona's own situations' absent words", () => {
    const refused = wordsRuledOut({ country: "Canada" }, [{ key: "housing=homeless", text: { absent: ["cooks"] } }]);
    expect(refused?.test("She cooks poutine on Sunday evenings.")).toBe(true);
  });
});

describe("wordsRuledOut: what a persona's year had not yet (data/text/dated.json)", () => {
  it("rules a thing out before the year it became ordinary, and keeps it from then on", () => {
    const inbox = "Her days go on working through an overflowing inbox.";
    expect(wordsRuledOut({ country: "United Kingdom", age: "40", occupation: "clerk", year: "1960" }, NONE)?.test(inbox)).toBe(true);
    expect(wordsRuledOut({ country: "United Kingdom", age: "40", occupation: "clerk", year: "2003" }, NONE)?.test(inbox) ?? false).toBe(false);
    // No year is the present day's.
    expect(wordsRuledOut({ country: "United Kingdom", age: "40", occupation: "clerk" }, NONE)?.test(inbox) ?? false).toBe(false);
    const car = "He keeps a hard hat in the car.";
    expect(wordsRuledOut({ country: "Germany", age: "40", occupation: "carpenter", year: "1880" }, NONE)?.test(car)).toBe(true);
    expect(wordsRuledOut({ country: "Germany", age: "40", occupation: "carpenter", year: "1975" }, NONE)?.test(car) ?? false).toBe(false);
  });

  it("keeps a thing the persona's own fields name, whatever the year (a telephone operator of 1912, a taxi's car)", () => {
    const calls = "Her days go on answering the phone.";
    expect(wordsRuledOut({ country: "United States", age: "25", occupation: "telephone operator", year: "1912" }, NONE)?.test(calls) ?? false).toBe(false);
    expect(wordsRuledOut({ country: "United States", age: "25", occupation: "seamstress", year: "1912" }, NONE)?.test(calls)).toBe(true);
  });

  it("rules nothing out for a built-in setting's people (its text is its period's own)", () => {
    expect(wordsRuledOut({ setting: "Victorian London", age: "40", occupation: "clerk", year: "1880" }, NONE)).toBeUndefined();
  });
});

describe("wordsPattern", () => {
  /** The pattern as it was written before it read ASCII texts itself: the answer `test` must keep. */
  const plain = (words: readonly string[]) => new RegExp(`(?<![\\p{L}])(?:${words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?![\\p{L}])`, "iu");

  it("answers as the whole-word pattern does, in ASCII texts and outside them", () => {
    const pieces = ["sea", "Sea", "SEA", "seas", "the sea", "sea-wall", "x", "", " ", "-", ".", "(", "1", "é", "ſ", "\u212a", "k", "K", "kiln", "\u00e9t\u00e9", "night", "nights", "a+b", "[c]", "ni", "ght", "ea", "iln", "caf", "café", "bánh mì", "Kiln"];
    // Words outside ASCII beside ASCII ones, alone, and the two that fold to ASCII letters (ſ, the Kelvin sign).
    const wordLists: string[][] = [["sea", "the sea air"], ["a+b", "[c]", "kiln"], ["night"], ["été", "sea"], ["café", "bánh mì"], ["ſea"], ["\u212ailn", "sea"], ["k"], ["s"], [""], ["ght", "night shift"]];
    fc.assert(
      fc.property(fc.constantFrom(...wordLists), fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (words, parts) => {
        const text = parts.join("");
        expect(wordsPattern(words).test(text), `${JSON.stringify(words)} in ${JSON.stringify(text)}`).toBe(plain(words).test(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("finds a word after a letter-led miss at the same place, and none inside words", () => {
    const pattern = wordsPattern(["shift", "night shift", "the day"]);
    expect(pattern.test("Nightshift work, then a night shift.")).toBe(true);
    expect(pattern.test("Nightshifts and midnight shifts")).toBe(false);
    expect(pattern.test("Byday, theday, THE DAY")).toBe(true);
    expect(pattern.test("Shift")).toBe(true);
    expect(pattern.test("")).toBe(false);
  });
});
