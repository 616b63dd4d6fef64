/**
 * Session 20's reading of the offline engine (issue 16, O1). Each describe is a class of defect,
 * found with a witness (the brief's, the lead's untuned reads, O3's requests) and checked with
 * prompts the fix was not written for.
 */
import { describe, expect, it } from "vitest";
import { design, possibleValues } from "./offline-reading.ts";

const roleWord = (prompt: string) => design(prompt).fields.find((field) => field.name === "occupation");

describe("an institution is read by its kind, in any of its nouns, and its residents are one person each", () => {
  // Witness: 'Residents of an assisted-living home' were 'an assisted', 35-year-olds with jobs.
  it.each([
    ["Residents of an assisted living community in Tucson", "lives in assisted living"],
    ["Patients in a drug rehab facility in Manchester", "in residential rehab"],
    ["Detainees at an immigration detention facility in Arizona", "in immigration detention"],
    ["Residents of a psychiatric facility in Ohio", "in a psychiatric hospital"],
    ["Teenagers in a juvenile detention facility in Georgia", undefined],
  ])("%s: their situation, not an adjective as a job", (prompt, housing) => {
    const blueprint = design(prompt);
    const jobs = possibleValues(blueprint, "occupation");
    for (const adjective of ["assisted", "drug", "immigration", "psychiatric", "juvenile"]) expect(jobs).not.toContain(adjective);
    if (housing) expect(possibleValues(blueprint, "housing")).toEqual([housing]);
  });

  it.each([
    ["Students at a theological seminary in Chicago", "seminarian"],
    ["Students at a naval academy in Spain", "officer cadet"],
  ])("%s: those training there are its %s", (prompt, job) => {
    expect(possibleValues(design(prompt), "occupation")).toEqual([job]);
  });

  // The persona's noun opens its system prompt: "You are Ann Lee, a resident of a care home.", never "a lives in a nursing home".
  it.each(["Residents of a retirement home in Ottawa", "Elderly people in a nursing facility in Cork", "Patients at a treatment center in Utah"])("%s: one persona is one resident, never 'a lives in …'", (prompt) => {
    expect(design(prompt).label ?? "").toMatch(/^(?:resident|patient)\b/);
  });
});

describe("a word that describes the people is no job", () => {
  // Witness (O3): 'Lifelong residents of Glasgow' → 'works as a lifelong'.
  it.each(["Longtime residents of Baltimore", "Lifelong inhabitants of Naples", "Elderly locals in Porto"])("%s: the describing word is declared, never the occupation", (prompt) => {
    const blueprint = design(prompt);
    const jobs = possibleValues(blueprint, "occupation");
    for (const word of ["longtime", "lifelong", "elderly"]) expect(jobs.map((job) => job.toLowerCase())).not.toContain(word);
    expect(roleWord(prompt)?.description ?? "").not.toMatch(/from the prompt/);
  });

  // Witness (O3): 'Native Hawaiians in Honolulu' as an occupation.
  it.each(["Alaska Natives in Fairbanks", "Torres Strait Islanders in Cairns", "Native Hawaiians on Maui"])("%s: an Indigenous people, not a job", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "ethnicity")).toEqual(["Indigenous"]);
    expect(possibleValues(blueprint, "occupation").some((job) => /native|islander/i.test(job))).toBe(false);
  });
});

describe("people of a past year hold only the jobs of their time", () => {
  // Witness (the brief): 'Mill girls in 1840s Lowell' got a car mechanic, an engineer and a gig worker.
  const since = (prompt: string) => {
    const blueprint = design(prompt);
    const year = Number(possibleValues(blueprint, "year")[0]);
    return { year, jobs: possibleValues(blueprint, "occupation") };
  };
  it.each([
    ["Women in Glasgow in 1860", ["car mechanic", "truck driver", "gig worker", "software developer", "call-centre agent", "graphic designer", "home health aide", "electrician"]],
    ["Families in Ohio in 1905", ["truck driver", "gig worker", "software developer", "call-centre agent", "graphic designer", "home health aide", "marketing manager"]],
    ["Young men in Chicago in 1931", ["gig worker", "software developer", "call-centre agent", "home health aide", "marketing manager"]],
  ])("%s: none of the jobs that began later", (prompt, later) => {
    const { jobs } = since(prompt);
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of later) expect(jobs).not.toContain(job);
  });
  it("today's prompts keep them: Women in Glasgow", () => {
    expect(possibleValues(design("Women in Glasgow"), "occupation")).toContain("car mechanic");
  });
});

describe("a workplace's word before a word for women or men names its hands", () => {
  it.each([
    ["Cannery girls in Astoria", "food processing worker", "female"],
    ["Shipyard men in Belfast", "shipyard worker", "male"],
    ["Quarry men in Vermont", "quarry worker", "male"],
    ["Cotton mill women in the Carolinas in 1920", "mill worker", "female"],
  ])("%s: %s", (prompt, job, gender) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "occupation")).toEqual([job]);
    expect(possibleValues(blueprint, "gender")).toEqual([gender]);
  });
});
