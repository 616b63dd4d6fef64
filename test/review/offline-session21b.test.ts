/**
 * Session 21, O2 (places, names, languages): R's findings of session 20 that now pass, and the same
 * classes on other instances (/work/notes/s20/R-findings.md, section per R20-N).
 */
import { describe, expect, it } from "vitest";
import { personasOf } from "./offline-reading.ts";

/** Distinct family names among `count` personas of each prompt (the last word of a given-first name). */
async function familiesOf(prompts: string[], count = 100): Promise<number> {
  const families = new Set<string>();
  for (const prompt of prompts) for (const persona of await personasOf(prompt, count)) families.add(String(persona.name).split(" ").at(-1) ?? "");
  return families.size;
}

describe("R20-30: a big country's people share a handful of family names", () => {
  it.each([
    ["Germany", ["Teachers in Berlin", "Nurses in Hamburg", "Bakers in Munich", "Engineers in Stuttgart"]],
    ["France", ["Teachers in Paris", "Nurses in Lyon", "Bakers in Lille", "Engineers in Toulouse"]],
    ["United States", ["Teachers in Chicago", "Nurses in Houston", "Bakers in Boston", "Engineers in Seattle"]],
    // Other instances of the class: other countries, other cities and jobs.
    ["United Kingdom", ["Nurses in Manchester", "Teachers in Bristol", "Plumbers in Leeds", "Librarians in Norwich"]],
    ["Russia", ["Teachers in Novosibirsk", "Nurses in Moscow", "Engineers in Yekaterinburg", "Bakers in Samara"]],
    ["Germany (other cities)", ["Accountants in Leipzig", "Nurses in Cologne", "Teachers in Dresden", "Plumbers in Bremen"]],
  ])("R20-30 %s: 400 people carry at least 120 family names", async (_country, prompts) => {
    expect(await familiesOf(prompts)).toBeGreaterThanOrEqual(120);
  });

  it.each([
    ["Brazil", ["Nurses in São Paulo", "Teachers in Recife", "Engineers in Curitiba", "Bakers in Salvador"]],
    ["Mexico", ["Nurses in Monterrey", "Teachers in Guadalajara", "Engineers in Puebla", "Bakers in Mexico City"]],
  ])("R20-30 %s: 400 people carry at least 60 family names (the census ranks 100)", async (_country, prompts) => {
    expect(await familiesOf(prompts)).toBeGreaterThanOrEqual(60);
  });
});
