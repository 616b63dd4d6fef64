import { describe, expect, it } from "vitest";
import { understandPrompt } from "./understand.ts";

describe("a trait only a share of them has is a share, never everyone's", () => {
  it.each([
    ["Doctors in Leeds, a quarter of them over 60", 0.25, "age"],
    ["Bakers in Lyon, two thirds of them under 40", 2 / 3, "age"],
    ["Miners in Wales, three in ten unemployed", 0.3, "situations"],
    ["Villagers in Kerala, most of them retired", 0.7, "situations"],
    ["Nurses in Manila, 25 percent of them with diabetes", 0.25, "conditions"],
    ["Engineers in Berlin, 3 out of 10 of them international", 0.3, "international"],
  ])("%s: share %d of %s", (prompt, share, what) => {
    const parts = understandPrompt(prompt);
    const entry = parts.shares?.[0];
    expect(entry?.share).toBeCloseTo(share, 5);
    if (what === "age") expect(entry?.age).toBeDefined();
    if (what === "situations") expect(entry?.situations.length).toBeGreaterThan(0);
    if (what === "conditions") expect(entry?.conditions.length).toBeGreaterThan(0);
    if (what === "international") expect(entry?.international).toBeDefined();
    // Not everyone's: nothing of the share is left population-wide.
    expect(parts.age).toBeUndefined();
    expect(parts.situations.filter(({ span }) => entry && span.start >= entry.span.start)).toEqual([]);
    expect(parts.conditions).toEqual([]);
    expect(parts.places.filter((place) => /international/i.test(place.span.text))).toEqual([]);
    expect(parts.unmodelled.some((words) => words.includes("a share of them"))).toBe(true);
  });
  it("a share of one sex stays the sex share", () => {
    const parts = understandPrompt("Pilots in Dubai, 20% of them women");
    expect(parts.gender?.femaleShare).toBeCloseTo(0.2, 5);
    expect(parts.shares).toBeUndefined();
  });
  it.each(["Teachers over 50 in Tokyo", "Many nurses in Ohio", "Retired miners in Wales"])("%s: no share", (prompt) => {
    expect(understandPrompt(prompt).shares).toBeUndefined();
  });
  it("'though mostly' is read whole", () => {
    const parts = understandPrompt("Fishermen in Ghana, though mostly older ones");
    expect(parts.shares?.[0]?.age).toBeDefined();
    expect(parts.unmodelled).toEqual(["mostly older ones (a share of them, not everyone)"]);
  });
});
