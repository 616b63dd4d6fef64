/**
 * The people who work at a workplace of one trade, named by the place alone ("call centre
 * workers", "staff at a call center"), hold the job most of its workers hold — not any job of its
 * industry (human resources specialists writing spreadsheets at a call centre).
 */
import { describe, expect, it } from "vitest";
import { OfflineModeller } from "../modeller.ts";

const occupations = (prompt: string): string[] => {
  const blueprint = new OfflineModeller().designSync({ prompt, count: 8, grounding: "off", seed: 1 });
  const field = blueprint.fields.find((candidate) => candidate.name === "occupation");
  const weights = [field?.categorical?.weights ?? {}, ...(field?.conditionals ?? []).map((conditional) => conditional.categorical?.weights ?? {})];
  return [...new Set(weights.flatMap((entry) => Object.entries(entry).filter(([, weight]) => weight > 0).map(([value]) => value)))];
};

describe("employees of a workplace of one trade", () => {
  it.each(["Call centre workers in Manila", "Staff at a call center in Ohio", "Employees of call centres in Bangalore"])("%s are its agents", (prompt) => {
    expect(occupations(prompt)).toEqual(["call-centre agent"]);
  });
});
