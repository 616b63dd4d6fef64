/**
 * Session 19's review (R): what the session's commits were meant to do, read on inputs nobody tuned
 * them for. Each describe names the commit it checks; defects found are in /work/notes/s19/R-findings.md
 * (their failing tests in /work/notes/s19/R-session19-failing.test.ts.txt, not committed). Every test
 * here failed before the commit it names.
 */
import { describe, expect, it } from "vitest";
import { countryNamed } from "../../src/offline/knowledge/gazetteer.ts";
import { OfflineEnhancer } from "../../src/offline/enhancer.ts";
import { namingCulture } from "../../src/offline/names/cultures.ts";

const enhanced = (sketch: string) => new OfflineEnhancer().enhanceSync({ sketch, grounding: "off", seed: 5 }) as Record<string, string | undefined>;
const surnameOf = (fields: Record<string, string | undefined>) => String(fields.name).split(" ").at(-1)!;

describe("a sketch's first name gets a surname of the place's own lists (01caca7)", () => {
  it.each([
    ["Sipho, 33, miner in Johannesburg", "South Africa"],
    ["Jean, 50, baker in Namur", "Belgium"],
  ])("%s: a surname of %s's lists", (sketch, country) => {
    const culture = namingCulture(countryNamed(country)!.names);
    const surnames = new Set([...culture.family("female"), ...culture.family("male")]);
    expect(surnames.has(surnameOf(enhanced(sketch)))).toBe(true);
  });
});

describe("a business a sketch's person runs, with no job stated, is their job (01caca7)", () => {
  it.each([
    ["Dmitri, 44, runs a car repair garage in Riga", "car repair garage owner"],
    ["Amara, 29, runs a hair salon in Accra", "hair salon owner"],
  ])("%s → %s, not a pastime", (sketch, occupation) => {
    const fields = enhanced(sketch);
    expect(fields.occupation).toBe(occupation);
    expect(fields.hobbies ?? "").not.toMatch(/running a/);
  });
});
