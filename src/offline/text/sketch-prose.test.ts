import { describe, expect, it } from "vitest";
import { OfflineEnhancer } from "../enhancer.ts";
import { categoryOf } from "./sketch-prose.ts";

describe("an enhanced sketch's prose fits how the person works", () => {
  it("reads self-employed work by how it is done, not by its words: no office floor for a trader or a translator", () => {
    expect(categoryOf("crypto day trader", undefined)).toBe("independent");
    expect(categoryOf("professional poker player", undefined)).toBe("independent");
    expect(categoryOf("freelance translator", undefined)).toBe("independent");
    expect(categoryOf("shop owner", undefined)).toBe("independent");
    expect(categoryOf("accountant", undefined)).toBe("office");
  });

  it("gives nobody a commute or an office floor they do not have", async () => {
    const enhancer = new OfflineEnhancer();
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      for (const sketch of ["A 46-year-old crypto day trader in Singapore", "A freelance translator in Warsaw", "A professional poker player in Las Vegas, 38"]) {
        const { fields } = await enhancer.enhance({ sketch, grounding: "off", seed });
        expect(`${fields.backstory} ${fields.goals} ${fields.quirks}`, sketch).not.toMatch(/commute|desk on the floor|make partner/i);
      }
    }
  });

  it("serves without cooking: a waiter or a bartender judges no kitchen's knives and tastes nothing before it leaves the kitchen", async () => {
    expect(categoryOf("waitress", undefined)).toBe("service");
    expect(categoryOf("line cook", undefined)).toBe("food");
    const enhancer = new OfflineEnhancer();
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      for (const sketch of ["A cheerful waitress in Chicago, 27", "A bartender in Dublin who plays the fiddle"]) {
        const { fields } = await enhancer.enhance({ sketch, grounding: "off", seed });
        expect(`${fields.backstory} ${fields.goals} ${fields.quirks}`, sketch).not.toMatch(/knives|leaves the kitchen|perfect one dish/i);
      }
    }
  });

  it("calls a non-binary person 'they', whatever sex their name is read as", async () => {
    const enhancer = new OfflineEnhancer();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      for (const sketch of ["A nonbinary bartender in Dublin who loves hiking", "A non-binary nurse in Leeds, 41, who paints on weekends", "A genderqueer software developer in Austin"]) {
        const { fields } = await enhancer.enhance({ sketch, grounding: "off", seed });
        expect(`${fields.backstory} ${fields.goals} ${fields.quirks} ${fields.voice} ${fields.personality ?? ""}`, sketch).not.toMatch(/\b(?:he|she|his|her|hers|him|himself|herself)\b/i);
      }
    }
  });

  it("writes no colour the sketch's own words contradict: no early starts for night workers or who is no morning person, no cooking for who hates it", async () => {
    const enhancer = new OfflineEnhancer();
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      for (const sketch of ["A night-shift nurse in Glasgow who is not a morning person", "A night owl and bartender in Austin, 29", "An accountant in Leeds who works nights"]) {
        const { fields } = await enhancer.enhance({ sketch, grounding: "off", seed });
        expect(`${fields.backstory} ${fields.goals} ${fields.quirks}`, sketch).not.toMatch(/\b(?:days? start early|early|sunrise|before dawn|morning coffee)\b/i);
      }
      const { fields } = await enhancer.enhance({ sketch: "A retired bus driver in Cardiff who hates gardening", grounding: "off", seed });
      expect(`${fields.backstory} ${fields.goals} ${fields.quirks}`).not.toMatch(/loves? gardening|garden(?:s|ing) (?:for|on|every)/i);
    }
  });

  it("writes a child's or a baby's lines for their age, and no pupil 'works as' one (the lead's read: an 8-year-old gave practical advice and saved to travel)", async () => {
    const enhancer = new OfflineEnhancer();
    const ADULT = /practical advice|coffee and the news|save enough|financial security|ticket stub|receipts|new gadgets|make partner|colleagues|commute|mortgage|houseplants|travel somewhere/i;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      for (const sketch of ["Tomás, 9, lives in Porto and loves football", "Mei, 16, a high school student in Taipei", "Sami, 2, in Helsinki", "A 12-year-old pupil in Accra who loves drawing", "Ines, 15, a secondary school student in Lyon"]) {
        const { fields } = await enhancer.enhance({ sketch, grounding: "off", seed });
        expect(`${fields.backstory} ${fields.goals} ${fields.quirks}`, `${sketch} (seed ${seed})`).not.toMatch(ADULT);
        expect(String(fields.backstory), `${sketch} (seed ${seed})`).not.toMatch(/works as|makes a living as/i);
      }
    }
  });
});
