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
});
