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

/**
 * People named by no role, only by working at a workplace, hold its staff's jobs (terms.json `staff`)
 * or its industry's — never the country's everyday mix (retirees, pupils, engineers at a call centre).
 */
describe("people named only by working at a workplace", () => {
  const EVERYDAY_ONLY = ["retiree", "homemaker", "job seeker", "university student", "gig worker", "engineer", "teacher", "farmer"];
  it.each([
    ["People working in supermarkets in Leeds", ["cashier", "shop assistant"]],
    ["Adults who work at a factory in Poland", ["factory worker"]],
    ["Women employed at hotels in Bali", ["housekeeper", "hotel receptionist"]],
    ["Young men working on construction sites in Dubai", ["construction worker", "carpenter"]],
  ])("%s hold its staff's jobs", (prompt, expected) => {
    const jobs = occupations(prompt);
    for (const job of expected) expect(jobs).toContain(job);
    for (const job of EVERYDAY_ONLY) expect(jobs).not.toContain(job);
  });
  it("a workplace with no staff mix gives its industry's jobs: people working in banks in Accra", () => {
    const jobs = occupations("People working in banks in Accra");
    expect(jobs).toContain("bank teller");
    for (const job of EVERYDAY_ONLY) expect(jobs).not.toContain(job);
  });
});
