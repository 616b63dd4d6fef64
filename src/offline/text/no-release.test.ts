import { describe, expect, it } from "vitest";
import { knowledge } from "../knowledge/index.ts";
import { textKnowledge } from "../knowledge/text-data.ts";

describe("a sentence with no release (situations.json `no_release`)", () => {
  // The text writes parole hearings, release dates and plans for outside into a prisoner's days:
  // every sentence that ends only in death must rule those words out, whatever it is called.
  it("has its own text, which leaves out parole, release and the outside", () => {
    const noRelease = knowledge().situations.filter((situation) => situation.no_release);
    expect(noRelease.length).toBeGreaterThan(0);
    for (const situation of noRelease) {
      const text = textKnowledge().situations[`${situation.field}=${situation.value}`];
      expect(text, situation.value).toBeDefined();
      expect(text?.absent ?? [], situation.value).toEqual(expect.arrayContaining(["parole", "release", "on the outside"]));
    }
  });
});
