import { describe, expect, it } from "vitest";
import { findContradictions } from "./consistency.ts";
import type { BlueprintInput } from "../blueprint-check.ts";

const nurses: BlueprintInput = {
  domain: "registered_nurse",
  fields: [
    { name: "age", kind: "numeric", numeric: { min: 21, max: 70, mean: 45, sd: 10, integer: true } },
    { name: "years_experience", kind: "numeric", numeric: { min: 0, max: 45, mean: 15, sd: 9, integer: true } },
    { name: "backstory", kind: "text" },
  ],
};

describe("findContradictions", () => {
  it("reads any 'N years' as the blueprint's one years field", () => {
    const fields = { age: "48", years_experience: "25", backstory: "11 years into nursing, she can read a room in seconds." };
    expect(findContradictions(fields, nurses)).toEqual([{ text_field: "backstory", field: "years_experience", expected: "25", found: "11" }]);
    expect(findContradictions({ ...fields, backstory: "25 years into nursing, and 48 years old." }, nurses)).toEqual([]);
  });

  it("does not take an age for a duration", () => {
    expect(findContradictions({ age: "48", years_experience: "25", backstory: "At 48 years old she still takes night shifts." }, nurses)).toEqual([]);
  });

  it("leaves 'N years' alone when the blueprint has no single years field to pin it on", () => {
    const blueprint: BlueprintInput = { domain: "x", fields: [{ name: "age", kind: "numeric" }, { name: "backstory", kind: "text" }] };
    expect(findContradictions({ age: "40", backstory: "Lived in Lisbon for 5 years." }, blueprint)).toEqual([]);
  });
});
