import { describe, expect, it } from "vitest";
import { withArticle } from "./articles.ts";

describe("a or an, by sound", () => {
  it.each([
    ["engineer", "an engineer"], ["university student", "a university student"], ["user researcher", "a user researcher"], ["unusual case", "an unusual case"],
    ["umbrella", "an umbrella"], ["Uber driver", "an Uber driver"], ["hour", "an hour"], ["honest answer", "an honest answer"], ["European", "a European"],
    ["one-off", "a one-off"], ["18", "an 18"], ["80", "an 80"], ["8", "an 8"], ["11-year-old", "an 11-year-old"], ["110", "a 110"], ["34", "a 34"],
    ["HR manager", "an HR manager"], ["NHS nurse", "an NHS nurse"], ["MRI technician", "an MRI technician"], ["IT manager", "an IT manager"],
    ["UX designer", "a UX designer"], ["CEO", "a CEO"], ["ADC", "an ADC"], ["BBC journalist", "a BBC journalist"], ["Emerald", "an Emerald"], ["jungler", "a jungler"],
    ["Ukrainian family", "a Ukrainian family"], ["Ugandan nurse", "a Ugandan nurse"], ["Utahn", "a Utahn"], ["utility worker", "a utility worker"], ["Uruguayan", "a Uruguayan"],
    ["Uzbek family", "an Uzbek family"], ["usher", "an usher"], ["ugly duckling", "an ugly duckling"], ["utter mess", "an utter mess"],
  ])("%s → %s", (word, expected) => {
    expect(withArticle(word)).toBe(expected);
  });
});
