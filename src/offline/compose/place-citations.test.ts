/**
 * `blueprint.sources` says what was used: an area's own source (the Alpine Convention's perimeter,
 * the Census Bureau's regions, the UN's M49 groups) is cited when the prompt names that area, and
 * not for every prompt that has a place.
 */
import { describe, expect, it } from "vitest";
import { OfflineModeller } from "../modeller.ts";

const modeller = new OfflineModeller();
const sourcesOf = (prompt: string) => modeller.designSync({ prompt, count: 10, grounding: "off", seed: 1 }).sources ?? [];
const ALPS = /Alpine Convention/;
const CENSUS = /Census Regions/;
const M49 = /M49/;

describe("the sources of a place", () => {
  it("cites no area's source for a country", () => {
    const sources = sourcesOf("Dairy farmers in New Zealand");
    expect(sources.some((source) => /World Population Prospects/.test(source))).toBe(true);
    for (const area of [ALPS, CENSUS, M49]) expect(sources.some((source) => area.test(source)), String(area)).toBe(false);
  });

  it("cites the area's own source when the prompt names it", () => {
    expect(sourcesOf("Ski instructors in the Alps").some((source) => ALPS.test(source))).toBe(true);
    expect(sourcesOf("Corn farmers in the Midwest").some((source) => CENSUS.test(source))).toBe(true);
    expect(sourcesOf("Teachers in Southeast Asia").some((source) => M49.test(source))).toBe(true);
    expect(sourcesOf("Corn farmers in the Midwest").some((source) => ALPS.test(source))).toBe(false);
  });
});
