/**
 * Session 14's review (R): what the session's offline changes were meant to do, read on prompts
 * nobody tuned them for (seed 1, as a user of the offline engine gets them: offline-reading.ts).
 * Each test names the class of the commit it checks; defects found are in
 * /work/notes/s14/R-findings.md.
 */
import { describe, expect, it } from "vitest";
import { namingCulture } from "../../src/offline/names/cultures.ts";
import { design, possibleValues, fixedValue, personasOf, type Design } from "./offline-reading.ts";

/** Every value a categorical field can take with a positive weight, in its own weights or any conditional's. */

/** Every written and sampled value of the personas, one text. */
const textOf = (personas: Array<Record<string, string>>) => personas.map((persona) => Object.values(persona).join(" ")).join("\n");

describe("named coasts, islands and valleys are areas of their country (7df5afd)", () => {
  it.each([
    ["Hotel owners on the Costa del Sol", "Spain", ["Málaga", "Marbella", "Estepona", "Fuengirola", "Torremolinos", "Benalmádena", "Nerja", "Mijas"]],
    ["Retired teachers on the Isle of Skye", "United Kingdom", ["Portree", "Broadford", "Dunvegan", "Kyleakin", "Uig"]],
    ["Vineyard managers in the Douro Valley", "Portugal", ["Peso da Régua", "Pinhão", "Lamego", "Vila Real"]],
    ["Surf instructors in the Algarve", "Portugal", ["Faro", "Portimão", "Lagos", "Albufeira", "Tavira", "Sagres", "Lagoa", "Vilamoura", "Olhão", "Loulé"]],
  ])("%s live in %s, in the area's own towns", (prompt, country, towns) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "country")).toBe(country);
    const cities = possibleValues(blueprint, "city");
    expect(cities.length).toBeGreaterThan(0);
    expect(cities.filter((city) => !towns.includes(city))).toEqual([]);
  });

  it("'Ferry crew on the Greek islands' live on the islands, not on the mainland", () => {
    const cities = possibleValues(design("Ferry crew on the Greek islands"), "city");
    expect(cities.length).toBeGreaterThan(0);
    for (const mainland of ["Athens", "Thessaloniki", "Lamia", "Tripoli", "Xanthi", "Alexandroupoli", "Komotini", "Larisa"]) expect(cities).not.toContain(mainland);
  });
});

describe("a workplace of an industry before a job is the job's industry (f63fca2)", () => {
  it.each([
    ["Shrimp trawler deckhands in Louisiana", "deckhand", "fishing"],
    ["Tea plantation pickers in Assam", "tea plantation picker", "agriculture"],
    ["Construction site foremen in Dubai", "foreman", "construction"],
  ])("%s: %s in %s, and no pastime", (prompt, job, industry) => {
    const blueprint = design(prompt);
    expect(fixedValue(blueprint, "occupation")).toBe(job);
    expect(fixedValue(blueprint, "industry")).toBe(industry);
    expect(blueprint.fields.some((field) => field.name === "activity")).toBe(false);
  });
});

describe("visitors live at home and are written as visiting (2fbfb47)", () => {
  it("'Tourists visiting Rome from Brazil' are Brazilians in Rome whose working days are in Brazil", async () => {
    const blueprint = design("Tourists visiting Rome from Brazil");
    expect(possibleValues(blueprint, "city")).toEqual(["Rome"]);
    expect(fixedValue(blueprint, "origin_country")).toBe("Brazil");
    const personas = await personasOf("Tourists visiting Rome from Brazil", 12);
    // A working visitor's days at work are back home, never 'most days she is at the stockroom' in Rome.
    expect(textOf(personas)).not.toMatch(/(^|\. )Most days (she|he) is at the/m);
  });
});

describe("surnames by US state, by its Hispanic share (186648b)", () => {
  const hispanic = /\b(Perez|Martinez|Hernandez|Garcia|Rodriguez|Lopez|Gonzalez|Torres|Ramirez|Flores|Rivera|Gomez|Diaz|Cruz|Morales|Reyes|Ortiz|Gutierrez|Sanchez|Ruiz|Mendoza|Castillo|Jimenez|Vasquez|Romero|Herrera|Medina|Aguilar|Vargas|Castro|Ramos|Fernandez|Alvarez|Moreno|Chavez)$/;
  const surnamesOf = async (prompt: string) => (await personasOf(prompt, 30)).map((persona) => (persona.name as string).normalize("NFD").replace(/\p{Diacritic}/gu, ""));

  it("'Teachers in Vermont' (1.9% Hispanic) have almost no Hispanic surnames", async () => {
    expect((await surnamesOf("Teachers in Vermont")).filter((name) => hispanic.test(name)).length).toBeLessThanOrEqual(1);
  });

  // Counted against the Mexican naming culture's own family names (since ec00a46 a deep list weighted by
  // bearers: the 35 commonest above are about half of Hispanic bearers, too few to count in 30 people).
  it("'Bus drivers in New Mexico' (about half Hispanic) have many", async () => {
    const hispanicNames = new Set(namingCulture("es_MX").family("female").map((name) => name.normalize("NFD").replace(/\p{Diacritic}/gu, "")));
    expect((await surnamesOf("Bus drivers in New Mexico")).filter((name) => hispanicNames.has(name.split(" ").at(-1) ?? "")).length).toBeGreaterThanOrEqual(10);
  });
});
