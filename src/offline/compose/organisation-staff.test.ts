/**
 * The staff of an organisation the reading names (O5's OrganisationReading, parts.organisation) hold
 * the jobs such an employer has, by its kind — never the everyday mix of pensioners, pupils and
 * farmers. The reading is built here so the compose side is tested whatever calls it.
 */
import { describe, expect, it } from "vitest";
import { composeBlueprint } from "./compose.ts";
import { organisations, type OrganisationReading } from "../understand/organisations.ts";
import { understandPrompt } from "../understand/understand.ts";

/** The occupations a design can draw, over its conditionals. */
function occupations(prompt: string, organisation: OrganisationReading): string[] {
  const blueprint = composeBlueprint({ ...understandPrompt(prompt), organisation } as Parameters<typeof composeBlueprint>[0]);
  const field = blueprint.fields.find((entry) => entry.name === "occupation");
  const weights = [field?.categorical?.weights ?? {}, ...(field?.conditionals ?? []).map((conditional) => conditional.categorical?.weights ?? {})];
  return [...new Set(weights.flatMap((entry) => Object.entries(entry).filter(([, weight]) => weight > 0).map(([name]) => name)))];
}

function reading(name: string, kind: string, extra: Partial<OrganisationReading> = {}): OrganisationReading {
  const jobs = organisations().kinds[kind]?.jobs ?? {};
  const total = Object.values(jobs).reduce((sum, weight) => sum + weight, 0);
  return { name, span: { start: 0, end: name.length, text: name }, kind, relation: "staff", ownJob: false, jobs: Object.fromEntries(Object.entries(jobs).map(([job, weight]) => [job, weight / total])), known: true, ...extra };
}

describe("staff of a named organisation hold its kind's jobs", () => {
  it.each([
    ["Employees in Toulouse", "Airbus", "aerospace manufacturer"],
    ["Staff in Paris", "Le Monde", "newspaper"],
    ["Employees in Seattle", "Starbucks", "coffee chain"],
    ["Staff in Frankfurt", "Lufthansa", "airline"],
  ])("%s of %s (%s): only the kind's jobs, none of the everyday non-work", (prompt, name, kind) => {
    const jobs = occupations(prompt, reading(name, kind));
    const expected = Object.keys(organisations().kinds[kind]?.jobs ?? {});
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.filter((job) => !expected.includes(job))).toEqual([]);
    expect(jobs.filter((job) => /retiree|job seeker|pupil|farmer|homemaker/.test(job))).toEqual([]);
  });
  it("an organisation the data does not know: employees in everyday jobs, no pensioners, pupils or job seekers", () => {
    const jobs = occupations("Employees in Leeds", { name: "Zorblax Ltd", span: { start: 0, end: 11, text: "Zorblax Ltd" }, kind: "organisation", relation: "staff", ownJob: false, known: false });
    expect(jobs.length).toBeGreaterThan(3);
    expect(jobs.filter((job) => /retiree|job seeker|pupil|homemaker|university student/.test(job))).toEqual([]);
  });
  it("staff named by their own job ('Airbus engineers') keep their job: the organisation only employs them", () => {
    const jobs = occupations("Engineers in Toulouse", reading("Airbus", "aerospace manufacturer", { ownJob: true }));
    expect(jobs.every((job) => /engineer/.test(job))).toBe(true);
  });
});
