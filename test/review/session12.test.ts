/**
 * Review of session 12 (issue 16): `git diff 70734a5..HEAD`. The offline engine read on prompts of
 * the classes of 359b9eb (demonyms as places), 14d06c3 (identities are not jobs), 094e456 (one-sided
 * roles) and 769bcce (regional dishes) that nobody tuned it for. Each test states what a user is
 * promised and pins what the review checked and found holding; the defects found (F1-F6, each with
 * its reproduction and proposed fix) are in /work/notes/s12/R-findings.md and the review's report.
 */
import { describe, expect, it } from "vitest";
import { design, personasOf } from "./offline-reading.ts";

const textOf = (persona: Record<string, string>) => `${persona.backstory} ${persona.goals}`;

describe("an identity with text of its own is the persona's trait, not its job (14d06c3)", () => {
  it.each([
    ["Goth teenagers in Leeds", "subculture", "goth", /\bgoths?\b/i],
    ["Punks in Berlin", "subculture", "punk", /\bpunks?\b/i],
    ["Orphans in Romania", "family_background", "orphaned", /\borphan/i],
  ])("%s: every persona has %s %s, an everyday occupation, and a text that says so", async (prompt, field, value, named) => {
    const personas = await personasOf(prompt, 20);
    expect(personas.filter((persona) => persona[field] !== value)).toEqual([]);
    expect(personas.filter((persona) => persona.occupation === value || new RegExp(`works as an? ${value}`).test(textOf(persona)))).toEqual([]);
    expect(personas.filter((persona) => !named.test(textOf(persona))).map((persona) => persona.name)).toEqual([]);
  });

  it("orphans are children (6-17) at school", async () => {
    const personas = await personasOf("Orphans in Romania", 20);
    expect(personas.filter((persona) => Number(persona.age) < 6 || Number(persona.age) > 17)).toEqual([]);
    expect(personas.filter((persona) => !/school pupil/.test(persona.occupation ?? ""))).toEqual([]);
  });
});

describe("a demonym is the region its people live in (359b9eb)", () => {
  it.each([
    ["Tuscan winemakers", "Toscana", "winemaker"],
    ["Calabrian olive growers", "Calabria", "olive grower"],
    ["Galician fishermen", "Galicia", "fisherman"],
  ])("%s live in %s and are all %s", async (prompt, region, occupation) => {
    const personas = await personasOf(prompt, 20);
    expect(personas.filter((persona) => persona.region !== region || persona.occupation !== occupation)).toEqual([]);
    expect(design(prompt).unmodelled.filter((entry) => /^(Tuscan|Calabrian|Galician)$/i.test(entry))).toEqual([]);
  });
});
