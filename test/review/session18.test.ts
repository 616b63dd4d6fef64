/**
 * Session 18's review (R): what the session's commits were meant to do, read on inputs nobody tuned
 * them for. Each describe names the commit it checks; defects found are in /work/notes/s18/R-findings.md
 * (their failing tests in /work/notes/s18/R-session18-failing.test.ts.txt, not committed). Every test
 * here failed before the commit it names.
 */
import { describe, expect, it } from "vitest";
import { cityOf, countryNamed } from "../../src/offline/knowledge/gazetteer.ts";
import { design, possibleValues, personasOf, sentencesMatching } from "./offline-reading.ts";

const EVERYDAY_JOBS = ["chef", "administrative assistant", "cleaner", "factory worker", "car mechanic", "bus driver", "shop assistant", "truck driver", "electrician", "teacher", "homemaker", "civil servant", "farmworker"];

describe("people who live in an institution live its life, not its staff's (67b7b35)", () => {
  it.each([
    ["Patients in a hospice in Manchester", "in a hospice"],
    ["Residents of a hospice in Dublin", "in a hospice"],
    ["Patients in a mental hospital in Ohio", "in a psychiatric hospital"],
  ])("%s: housing '%s', no workplace, no everyday jobs", (prompt, housing) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "housing")).toEqual([housing]);
    expect(possibleValues(blueprint, "workplace")).toEqual([]);
    expect(possibleValues(blueprint, "occupation").filter((job) => EVERYDAY_JOBS.includes(job))).toEqual([]);
  });

  it("'Residents of a hospice in Dublin' are written in the hospice, not at work", async () => {
    const personas = await personasOf("Residents of a hospice in Dublin", 10);
    expect(sentencesMatching(personas, /\b(?:after work|colleagues|the working day|customers|by trade)\b/i)).toEqual([]);
    expect(sentencesMatching(personas, /\bhospice\b/).length).toBeGreaterThanOrEqual(personas.length);
  });
});

describe("the second and third generation are born where they live (67b7b35)", () => {
  it.each([
    "Second-generation Turkish Germans in Berlin",
    "Sons of Pakistani immigrants in Bradford",
    "Children of Vietnamese refugees in Paris",
    "Third-generation Mexican Americans in Texas",
  ])("%s: never born abroad", (prompt) => {
    const birthplaces = possibleValues(design(prompt), "birthplace");
    expect(birthplaces.length).toBeGreaterThan(0);
    expect(birthplaces).not.toContain("abroad");
  });
});

describe("a working life on hold or at home is written as it is lived (67b7b35)", () => {
  it("'Teleworking civil servants in Brussels' work remotely", () => {
    expect(possibleValues(design("Teleworking civil servants in Brussels"), "work_arrangement")).toEqual(["remote"]);
  });

  it.each(["Academics on sabbatical in Boston", "Bus drivers on sick leave in Manchester", "Chefs on strike in Paris"])("%s: nothing 'after work' or on days off", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(sentencesMatching(personas, /\b(?:after work|on (?:her|his|their) days off|starts the working day)\b/i)).toEqual([]);
  });
});

describe("text that would contradict the persona (e48cd8e)", () => {
  it("'Men serving life sentences in Georgia' live in prison; serving a sentence is no occupation", () => {
    const blueprint = design("Men serving life sentences in Georgia");
    expect(possibleValues(blueprint, "housing")).toEqual(["in prison"]);
    expect(possibleValues(blueprint, "occupation").filter((job) => /serving|sentence/.test(job))).toEqual([]);
  });

  it("'Fathers of children with cerebral palsy in Dublin' are written caring for the child", async () => {
    const personas = await personasOf("Fathers of children with cerebral palsy in Dublin", 8);
    expect(personas.filter((persona) => sentencesMatching([persona], /\bcerebral palsy\b/).length === 0).map((persona) => persona.name)).toEqual([]);
  });
});

describe("who the prompt names is not where they are, and places are their part of a country (db82b44)", () => {
  it.each(["Long-stay patients in a psychiatric ward in Birmingham", "Elderly people living in a nursing home in Glasgow"])("%s: no workplace, no everyday jobs", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "workplace")).toEqual([]);
    expect(possibleValues(blueprint, "occupation").filter((job) => EVERYDAY_JOBS.includes(job))).toEqual([]);
  });

  it("'Elderly residents of an assisted living facility in Arizona' are not 'assisted' by trade", () => {
    expect(possibleValues(design("Elderly residents of an assisted living facility in Arizona"), "occupation")).not.toContain("assisted");
  });

  it("'Teenagers at a boarding school in England' board there", () => {
    expect(possibleValues(design("Teenagers at a boarding school in England"), "housing")).toEqual(["boards at school"]);
  });

  it("'Grandchildren of Irish immigrants in Boston' are not immigrants", () => {
    expect(possibleValues(design("Grandchildren of Irish immigrants in Boston"), "migration_status")).not.toContain("immigrant");
  });

  it("'Farmers in eastern Poland' live east of 20°E", () => {
    const poland = countryNamed("Poland")!;
    const cities = possibleValues(design("Farmers in eastern Poland"), "city");
    expect(cities.length).toBeGreaterThan(0);
    expect(cities.filter((name) => (cityOf(poland, name)?.longitude ?? 0) < 20)).toEqual([]);
  });
});

describe("grown-up children and the relatives people care for (the lead, R18-22)", () => {
  it.each([
    "Adult children caring for parents with dementia in Leeds",
    "Adult children of alcoholics in Chicago",
    "Grown-up children of immigrants in Toronto",
    "Grown children looking after ageing parents in Ohio",
  ])("%s are adults, not pupils", (prompt) => {
    const blueprint = design(prompt);
    const ages = possibleValues(blueprint, "age_band");
    expect(ages.filter((band) => Number(band.split(/[-+]/)[0]) < 18)).toEqual([]);
    expect(possibleValues(blueprint, "occupation").filter((job) => /pupil|alcoholic/.test(job))).toEqual([]);
  });

  it.each([
    ["Adult children caring for parents with dementia in Leeds", "parent with dementia"],
    ["People caring for a spouse with Parkinson's in Ohio", "spouse with Parkinson's disease"],
    ["Women looking after elderly parents with Alzheimer's in Madrid", "parent with dementia"],
  ])("%s: the condition is the relative's (%s), and they care for them", (prompt, relative) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "condition")).toEqual([]);
    expect(possibleValues(blueprint, "family_condition")).toEqual([relative]);
    expect(possibleValues(blueprint, "caring_role")).toEqual(["cares for a family member"]);
  });

  it("'Adult children of alcoholics' declare their parents instead of taking the parents' word for a job", () => {
    expect(design("Adult children of alcoholics in Chicago").unmodelled).toContain("their parents: alcoholics");
  });
});

describe("a doctor's or surgeon's day is not a nurse's (the lead, R18-21)", () => {
  it.each(["Surgeons on strike in South Korea", "Doctors on parental leave in Denmark", "Paediatricians in Lyon", "Anaesthetists in Melbourne"])("%s: no trolley restocking or turning patients", async (prompt) => {
    const personas = await personasOf(prompt, 16);
    expect(sentencesMatching(personas, /\b(?:turning and settling patients|restocking the trolley)\b/i)).toEqual([]);
  });

  it("'Hospital doctors in Leeds' are written at a doctor's work: rounds, clinics, scans, the on-call pager", async () => {
    const personas = await personasOf("Hospital doctors in Leeds", 16);
    expect(sentencesMatching(personas, /\b(?:ward round|outpatient clinic|scans|on-call|junior doctors|discharge letters|diagnosis|consent)\b/i).length).toBeGreaterThanOrEqual(8);
  });

  it("'Night nurses in Bristol' keep the bedside's lines", async () => {
    const personas = await personasOf("Night nurses in Bristol", 16);
    expect(sentencesMatching(personas, /\b(?:junior doctors|ward round|discharge letters)\b/i)).toEqual([]);
  });
});

describe("a community is who they are, not a job (the lead, R18-8)", () => {
  it.each([
    ["The Filipino community in Dubai", "Philippines"],
    ["The Somali community in Minneapolis", "Somalia"],
  ])("%s: no occupation 'community', origins %s", (prompt, origin) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "occupation")).not.toContain("community");
    expect(possibleValues(blueprint, "origin_country")).toEqual([origin]);
  });

  it("'Community organizers in Chicago' keep their job", () => {
    expect(possibleValues(design("Community organizers in Chicago"), "occupation")).toEqual(["community organizer"]);
  });
});

describe("'remote' before people the data does not know is how they work, not where (the lead, R18-10)", () => {
  it.each(["Remote web designers in Lisbon", "Remote illustrators in Buenos Aires"])("%s work remotely in town, not in a rural settlement", (prompt) => {
    const blueprint = design(prompt);
    expect(possibleValues(blueprint, "settlement")).toEqual([]);
    expect(possibleValues(blueprint, "work_arrangement")).toEqual(["remote"]);
  });

  it("'Teachers in remote areas of Australia' still live in rural places", () => {
    expect(possibleValues(design("Teachers in remote areas of Australia"), "settlement")).toEqual(["rural"]);
  });
});

describe("Kerala is named by its own Malayali Hindu, Muslim and Christian names (the lead's read 'Organic farmers in Kerala')", () => {
  it("'Organic farmers in Kerala' carry Malayali names, and only the dishes are declared unmodelled", async () => {
    const personas = await personasOf("Organic farmers in Kerala", 20);
    const malayali = /\b(?:Nair|Menon|Pillai|Kurup|Panicker|Warrier|Nambiar|Krishnan|Namboothiri|Kumar|Das|Mohan|Raghavan|Gopinath|Chandran|Unnithan|Koya|Haji|Kutty|Musaliyar|Thangal|Basheer|Ali|Rahman|Kunju|Moideen|Hameed|Ibrahim|Varghese|Thomas|Joseph|Mathew|Kurian|Cherian|Abraham|Jacob|George|Philip|Koshy|Chacko)$/;
    expect(personas.filter((persona) => !malayali.test(persona.name ?? "")).map((persona) => persona.name)).toEqual([]);
    const unmodelled = design("Organic farmers in Kerala").unmodelled;
    expect(unmodelled).toContain("dishes of Kerala");
    expect(unmodelled).not.toContain("names in Kerala");
  });
});
