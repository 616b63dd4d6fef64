import { describe, expect, it } from "vitest";
import { inVariety, varietyOf } from "./english.ts";

describe("the English a persona is written in", () => {
  it("is British in the UK, Ireland, Australia and New Zealand, American in the US, Canadian in Canada, and British-spelt without the UK's own institutions elsewhere", () => {
    expect(["GB", "IE", "AU", "NZ", "US", "CA", "JP", "IN", "NG", "DE"].map(varietyOf)).toEqual(["en-GB", "en-GB", "en-GB", "en-GB", "en-US", "en-CA", "en-INT", "en-INT", "en-INT", "en-INT"]);
    // A setting or a population with no country keeps the phrases as written.
    expect(varietyOf(undefined)).toBe("en-GB");
  });

  it("has no high street, GP or A&E outside the British Isles and Oceania, and keeps British spelling there", () => {
    const source = "works in a shop on the high street, sees the GP about a neighbour's colour";
    expect(inVariety(source, "en-GB")).toBe(source);
    expect(inVariety(source, "en-INT")).toBe("works in a shop on the main street, sees the family doctor about a neighbour's colour");
    expect(inVariety(source, "en-US")).toMatch(/main street.*family doctor.*neighbor's color/);
  });
});
