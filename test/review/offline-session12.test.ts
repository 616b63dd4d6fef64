/**
 * Session 12's reading of the offline engine on prompts nobody tuned it for (issue 16, O): each
 * describe is a class of defect, found with one prompt and checked here with others the fix was not
 * written for. Each failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { design, fixedValue, weightsOf } from "./offline-reading.ts";

describe("the gender of a role the data has no shares for", () => {
  // 'Sumo wrestlers in Tokyo', 'Geishas in Kyoto': half women, half men, said nowhere but in a
  // rationale line. A role the knowledge has no share for declares its gender mix as unmodelled.
  it.each([
    ["Drag queens in Sydney", "drag queens"],
    ["Falconers in Abu Dhabi", "falconers"],
    ["Glassblowers in Venice", "glassblowers"],
    ["Lion tamers in Moscow", "lion tamers"],
  ])("%s: the even split is declared, not passed off as knowledge", (prompt, people) => {
    expect(design(prompt).unmodelled).toContain(`the gender mix of ${people}`);
  });

  it.each([
    ["Female glassblowers in Venice", "female"],
    ["Men who work as falconers in Dubai", "male"],
  ])("%s: a gender the prompt states needs no declaration", (prompt, gender) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "gender")).toBe(gender);
    expect(blueprint.unmodelled.filter((entry) => entry.startsWith("the gender mix"))).toEqual([]);
  });

  it.each([
    ["Geishas in Kyoto", "female"],
    ["Maiko in Gion", "female"],
    ["Sumo wrestlers in Osaka", "male"],
    ["Nuns in Ireland", "female"],
    ["Monks in Bhutan", "male"],
  ])("%s: a role that is one gender by its own rules is that gender", (prompt, gender) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "gender")).toBe(gender);
    expect(blueprint.unmodelled.filter((entry) => entry.startsWith("the gender mix"))).toEqual([]);
  });

  it("a role known to the data keeps its own shares, undeclared", () => {
    const blueprint = design("Nurses in Ohio");
    expect(weightsOf(blueprint, "gender").female).toBeGreaterThan(0.8);
    expect(blueprint.unmodelled).toEqual([]);
  });
});
