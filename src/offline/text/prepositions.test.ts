import { describe, expect, it } from "vitest";
import { atPlace } from "./prepositions.ts";

describe("a place said with its own preposition", () => {
  it.each([
    ["the bus into town", "on the bus into town"],
    ["the sofa after dinner", "on the sofa after dinner"],
    ["a mat in the living room", "on a mat in the living room"],
    ["the trails outside town", "on the trails outside town"],
    ["the riverside path", "on the riverside path"],
    ["an online chess site", "on an online chess site"],
    ["a call floor that never sleeps", "on a call floor that never sleeps"],
    ["the streets of the district", "on the streets of the district"],
  ])("one is on %s", (place, said) => expect(atPlace(place)).toBe(said));

  it.each([
    ["a doctor's waiting room", "in a doctor's waiting room"],
    ["a spare room full of fabric", "in a spare room full of fabric"],
    ["the back garden", "in the back garden"],
    ["the hills outside town", "in the hills outside town"],
    ["the hills above the farm", "in the hills above the farm"],
    ["the radio shack in the spare bedroom", "in the radio shack in the spare bedroom"],
  ])("one is in %s", (place, said) => expect(atPlace(place)).toBe(said));

  it.each([["the park tables", "at the park tables"], ["the hives at the bottom of the garden", "at the hives at the bottom of the garden"], ["the chess club", "at the chess club"], ["train stations", "at train stations"]])(
    "a place of no known kind, or one met at, keeps at: %s",
    (place, said) => expect(atPlace(place)).toBe(said),
  );
});

describe("a bank", () => {
  it("where one works is 'at'; a river's is 'on'", () => {
    expect(atPlace("a bank")).toBe("at a bank");
    expect(atPlace("the bank")).toBe("at the bank");
    expect(atPlace("the river bank")).toBe("on the river bank");
    expect(atPlace("the banks of the Seine")).toBe("on the banks of the Seine");
  });
});
