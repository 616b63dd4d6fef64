import { describe, expect, it } from "vitest";
import { knowledge } from "../knowledge/index.ts";
import { tokenise } from "../knowledge/words.ts";
import type { PromptParts } from "./parts.ts";
import { ORGANISATIONS_FILE, organisations, placeOfOrganisation, readOrganisation } from "./organisations.ts";

function read(prompt: string) {
  const tokens = tokenise(prompt);
  const claimed = tokens.map(() => false);
  const parts = { qualifiers: [], unmodelled: [], places: [], origins: [] } as unknown as PromptParts;
  const organisation = readOrganisation(parts, prompt, tokens, claimed);
  if (organisation) placeOfOrganisation(parts, organisation);
  return { organisation, parts, claimed: tokens.filter((_, index) => claimed[index]).map((token) => token.raw) };
}

describe("organisations data", () => {
  it("parses, and parsing drops nothing", () => {
    const [schema, file] = ORGANISATIONS_FILE;
    expect(schema.parse(file)).toEqual(file);
  });
  it("every kind's jobs are occupations the data has; every organisation's kind and country exist; no alias twice", () => {
    const { kinds, organisations: all } = organisations();
    const jobs = Object.values(kinds).flatMap((kind) => Object.keys(kind.jobs));
    expect(jobs.filter((job) => !knowledge().occupationByName.has(job.toLowerCase()))).toEqual([]);
    expect(all.filter((entry) => !(entry.kind in kinds)).map((entry) => entry.name)).toEqual([]);
    expect(all.filter((entry) => entry.country && !knowledge().gazetteer.byCode.has(entry.country)).map((entry) => entry.name)).toEqual([]);
    const aliases = all.flatMap((entry) => entry.aliases);
    expect(aliases.filter((alias, index) => aliases.indexOf(alias) !== index)).toEqual([]);
  });
  it("is wide: hundreds of organisations of many kinds and countries", () => {
    const { organisations: all } = organisations();
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(new Set(all.map((entry) => entry.kind)).size).toBeGreaterThanOrEqual(25);
    expect(new Set(all.flatMap((entry) => (entry.country ? [entry.country] : []))).size).toBeGreaterThanOrEqual(30);
  });
});

describe("readOrganisation", () => {
  it.each([
    ["Employees of Samsung in Seoul", "Samsung", "tech company", "KR", "staff", false],
    ["Staff at Deutsche Bank in Frankfurt", "Deutsche Bank", "bank", "DE", "staff", false],
    ["Workers for Maersk in Copenhagen", "Maersk", "logistics company", "DK", "staff", false],
    ["Members of the Storting", "the Storting", "legislature", "NO", "members", false],
    ["Students at Tsinghua University", "Tsinghua University", "university", "CN", "students", true],
    ["Players of Boca Juniors", "Boca Juniors", "football club", "AR", "players", true],
    ["NASA engineers in Houston", "NASA", "space agency", "US", "staff", true],
    ["WHO staff in Geneva", "the World Health Organization", "intergovernmental organisation", "CH", "staff", false],
    ["Lufthansa pilots", "Lufthansa", "airline", "DE", "staff", true],
    ["Spotify employees in Stockholm", "Spotify", "tech company", "SE", "staff", false],
  ])("%s: %s, a %s of %s; %s", (prompt, name, kind, country, relation, ownJob) => {
    const { organisation } = read(prompt);
    expect(organisation && { name: organisation.name, kind: organisation.kind, country: organisation.country, relation: organisation.relation, ownJob: organisation.ownJob }).toEqual({ name, kind, country, relation, ownJob });
  });

  it("staff named only as staff get the kind's jobs (weights summing to 1); a job named keeps its own", () => {
    const staff = read("Employees of Boeing in Seattle").organisation;
    expect(Object.keys(staff?.jobs ?? {})).toContain("aerospace engineer");
    expect(Object.values(staff?.jobs ?? {}).reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1);
    expect(read("Boeing engineers in Seattle").organisation?.jobs).toBeUndefined();
  });

  it("claims the name, 'the' and the lead word; the organisation's country is their place when none is named", () => {
    const { claimed, parts } = read("Staff of the Foreign Office");
    expect(claimed).toEqual(["of", "the", "Foreign", "Office"]);
    expect(parts.places.map((place) => (place.kind === "city" ? place.city.name : place.kind))).toEqual(["London"]);
    expect(parts.qualifiers.map((entry) => [entry.qualifier.field, entry.qualifier.value])).toEqual([["employer", "the Foreign Office"]]);
  });

  it.each([
    ["Airmen in the Luftwaffe", "DE"],
    ["Officers in the Indian Navy", "IN"],
    ["Constables in the RCMP", "CA"],
    ["Soldiers in the People's Liberation Army", "CN"],
  ])("%s: a country's service is their employer, and its country their place (%s)", (prompt, country) => {
    const { organisation, parts } = read(prompt);
    expect(organisation?.kind).toMatch(/armed forces|police force/);
    expect(parts.places.map((place) => (place.kind === "country" ? place.country.code : place.kind))).toEqual([country]);
  });

  it.each(["Volunteers at the Red Cross", "Staff at McDonald's", "Consultants at Deloitte"])("%s: an organisation whose people work worldwide gives no place", (prompt) => {
    const { organisation, parts } = read(prompt);
    expect(organisation?.worldwide).toBe(true);
    expect(parts.places).toEqual([]);
  });

  it.each([["Doctors at the Cleveland Clinic", "Cleveland"], ["Members of the Sejm", "Warsaw"], ["Students at Caltech", "Pasadena"]])("%s: a one-site organisation is its city's (%s)", (prompt, city) => {
    expect(read(prompt).parts.places.map((place) => (place.kind === "city" ? place.city.name : place.kind))).toEqual([city]);
  });

  it("conscripts are of conscription age, a men-only service's people men", () => {
    const korean = read("Conscripts in the Republic of Korea Army").parts;
    expect([korean.age?.min, korean.age?.max]).toEqual([18, 28]);
    expect(korean.gender?.gender).toBe("male");
    expect(read("Recruits in the Swiss Army").parts.age?.min).toBe(19);
    expect(read("Nurses in the Swiss Army").parts.age).toBeUndefined();
  });

  it.each(["Employees of Quorvex Ltd", "Workers at Brindle Motors in Ohio", "Staff of Halvorsen Pharmaceuticals"])("%s: an unknown organisation by its structure, declared", (prompt) => {
    const { organisation, parts } = read(prompt);
    expect(organisation?.known).toBe(false);
    expect(parts.unmodelled.some((item) => /organisation the engine does not know/.test(item))).toBe(true);
  });

  it.each(["Nurses who love jazz", "Apple farmers in Washington", "Farmers in the Amazon", "Shell collectors in Florida", "Teachers in Oxford", "People who want a target", "Employees of a bakery in Lyon", "Workers in Berlin", "TikTok teachers in Ohio", "Coast guard officers in Norway", "Teachers in Google Classroom"])("%s: no organisation", (prompt) => {
    expect(read(prompt).organisation).toBeUndefined();
  });
});
