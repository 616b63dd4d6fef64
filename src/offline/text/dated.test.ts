/**
 * data/text/dated.json is a word table: a text list that names a dated thing in words the table lacks
 * would write it into every past year. This guard reads every phrase of the text data for the plainest
 * words of today's things and asks that the table dates each phrase that has one.
 */
import { describe, expect, it } from "vitest";
import datedFile from "../data/text/dated.json" with { type: "json" };
import { textKnowledge } from "../knowledge/text-data.ts";
import { wordsPattern } from "./category-guard.ts";

/** Words no phrase may hold undated: today's office, phone and internet. */
const TODAY = /(?<![\p{L}])(?:inbox|e-?mails?|online|apps?|laptops?|spreadsheets?|smartphones?|podcasts?|playlists?|wi-?fi|screens?|computers?|texts|voice notes|video calls?|group chats?)(?![\p{L}])/iu;

function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, into);
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) if (key !== "about" && key !== "sources" && key !== "absent" && key !== "when") strings(item, into);
  return into;
}

describe("data/text/dated.json", () => {
  it("dates things between the first railways and today, each word once", () => {
    const seen = new Set<string>();
    for (const thing of datedFile.things) {
      expect(thing.from).toBeGreaterThanOrEqual(1800);
      expect(thing.from).toBeLessThanOrEqual(2025);
      for (const word of thing.words) {
        expect(seen.has(word.toLowerCase()), word).toBe(false);
        seen.add(word.toLowerCase());
      }
    }
  });

  it("every phrase of the text data that names today's office, phone or internet is dated", () => {
    const dated = wordsPattern(datedFile.things.filter((thing) => thing.from >= 1985).flatMap((thing) => thing.words));
    const { work, life, situations, conditions, activities, relations, places } = textKnowledge();
    const today = strings([work, life, situations, conditions, activities, relations, places]).filter((phrase) => TODAY.test(phrase));
    // The data has many such phrases (a guard that the reading above reaches them).
    expect(today.length).toBeGreaterThan(50);
    const undated = today.filter((phrase) => !dated.test(phrase));
    expect([...new Set(undated)]).toEqual([]);
  });
});
