/**
 * Review of session 13 (issue 16): `git diff 3b891c6..HEAD`. The offline engine read on prompts of
 * the classes of a0fb9bb, 7caece7 (O2: identity nouns, group nouns, one-gender roles, demonyms,
 * dance styles) and bf6b6bf (O1: ways of life, visitors) that nobody tuned it for. Each test pins
 * what the review checked and found holding; the defects found (R1-R12, each with its reproduction
 * and proposed fix) are in /work/notes/s13/R-findings.md and the review's report.
 */
import { describe, expect, it } from "vitest";
import { personasOf } from "./offline-reading.ts";

type Persona = Record<string, string>;
const textOf = (persona: Persona) => `${persona.backstory} ${persona.goals}`;
const values = (personas: Persona[], field: string) => [...new Set(personas.map((persona) => persona[field]))];

describe("a dance style is the prompt's own (a0fb9bb)", () => {
  it.each([
    ["Salsa dancers in Cali", "salsa dancer"],
    ["Tango dancers in Buenos Aires", "tango dancer"],
  ])("%s dance as a pastime, named '%s', never 'dancing dancer'", async (prompt, relation) => {
    const personas = await personasOf(prompt, 12);
    expect(values(personas, "relation")).toEqual([relation]);
    expect(values(personas, "activity")).toEqual(["dancing"]);
    expect(personas.filter((persona) => /dancing dancer/.test(textOf(persona))).map((persona) => persona.name)).toEqual([]);
  });
});

describe("a people named by its own word is not a job (a0fb9bb identity nouns)", () => {
  it.each(["Kurds in Berlin", "Tamils in Toronto", "Uyghurs in Istanbul"])("%s keep everyday jobs, and nobody 'works as' the people", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => /^(?:kurd|tamil|uyghur)s?$/i.test(persona.occupation ?? "")).map((persona) => persona.occupation)).toEqual([]);
    expect(personas.filter((persona) => /works as an? (?:kurd|tamil|uyghur)\b/i.test(textOf(persona))).map((persona) => persona.name)).toEqual([]);
  });
});

describe("a region's people living in another region's city (a0fb9bb roots)", () => {
  it("Sicilians in Turin live in Turin, with roots in Sicily", async () => {
    const personas = await personasOf("Sicilians in Turin", 12);
    expect(values(personas, "city")).toEqual(["Turin"]);
    expect(values(personas, "roots")).toEqual(["Sicily"]);
  });
});

describe("nuns and monks of untuned orders and places (a0fb9bb one-gender, celibate roles)", () => {
  it.each([
    ["Carmelite nuns in Avila", "nun", "female"],
    ["Buddhist nuns in Taiwan", "nun", "female"],
    ["Zen monks in Kyoto", "monk", "male"],
    ["Orthodox monks on Mount Athos", "monk", "male"],
  ])("%s are all %ss, all %s", async (prompt, occupation, gender) => {
    const personas = await personasOf(prompt, 12);
    expect(values(personas, "occupation")).toEqual([occupation]);
    expect(values(personas, "gender")).toEqual([gender]);
  });

  it.each(["Carmelite nuns in Avila", "Zen monks in Kyoto"])("%s have no partner, kids or grandchildren in their texts", async (prompt) => {
    const personas = await personasOf(prompt, 12);
    expect(personas.filter((persona) => /\b(?:partner|kids|grandchildren|husband|wife)\b/i.test(textOf(persona))).map((persona) => persona.name)).toEqual([]);
  });
});

describe("visitors come from elsewhere (bf6b6bf)", () => {
  it("Foreign tourists in Bali are visitors from abroad, not Indonesians", async () => {
    const personas = await personasOf("Foreign tourists in Bali", 12);
    expect(values(personas, "relationship")).toEqual(["visitor"]);
    expect(personas.filter((persona) => !persona.origin_country || persona.origin_country === "Indonesia").map((persona) => persona.name)).toEqual([]);
  });
});

describe("a choir is a group noun (a0fb9bb)", () => {
  it("Members of a choir in Wales are choir members", async () => {
    const personas = await personasOf("Members of a choir in Wales", 12);
    expect(values(personas, "relationship")).toEqual(["choir member"]);
  });
});
