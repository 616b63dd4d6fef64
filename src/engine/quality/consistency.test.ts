import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { consistencyChecker, findContradictions } from "./consistency.ts";
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

  // The reader skips the number patterns when a text has no digit, or no "year"/"age" in any case:
  // those shortcuts must not hide a stated age or duration, whatever its case, nor a named category.
  it("finds ages and durations written in any case", () => {
    const fields = (backstory: string) => ({ age: "48", years_experience: "25", backstory });
    expect(findContradictions(fields("AGED 34, she moved north."), nurses)).toEqual([{ text_field: "backstory", field: "age", expected: "48", found: "34" }]);
    expect(findContradictions(fields("A 34-Year-Old nurse."), nurses)).toEqual([{ text_field: "backstory", field: "age", expected: "48", found: "34" }]);
    expect(findContradictions(fields("Nursing since the Age of 30."), nurses)).toEqual([{ text_field: "backstory", field: "age", expected: "48", found: "30" }]);
    expect(findContradictions(fields("Eleven YEARS on wards? No: 12 YEARS."), nurses)).toEqual([{ text_field: "backstory", field: "years_experience", expected: "25", found: "12" }]);
  });

  it("still finds another category in a text without a digit", () => {
    const blueprint: BlueprintInput = {
      domain: "x",
      fields: [
        { name: "country", kind: "categorical", categorical: { weights: { Japan: 1, Brazil: 1 } } },
        { name: "backstory", kind: "text" },
      ],
    };
    expect(findContradictions({ country: "Japan", backstory: "She grew up in Brazil and never left." }, blueprint)).toEqual([
      { text_field: "backstory", field: "country", expected: "Japan", found: "Brazil" },
    ]);
    expect(findContradictions({ country: "Japan", backstory: "She grew up in Japan, then Brazil." }, blueprint)).toEqual([]);
  });

  // The checker reads a text once into marks it reuses for the next text: what one text named must
  // not leak into the next text field, nor into the next persona.
  it("reports each text's own first other category, by the field's order, whatever texts were read before", () => {
    const blueprint: BlueprintInput = {
      domain: "x",
      fields: [
        { name: "shift", kind: "categorical", categorical: { weights: { day: 1, evening: 1, night: 1 } } },
        { name: "shift", kind: "categorical", categorical: { weights: { weekend: 1 } } },
        { name: "county", kind: "categorical", categorical: { weights: { Kent: 1, Essex: 1, X: 1 } } },
        { name: "diary", kind: "text" },
        { name: "letter", kind: "text" },
      ],
    };
    const check = consistencyChecker(blueprint);
    // "night" comes after "evening" in the field's order: "evening" is reported though written first
    // is "night"; one-letter "X" never is. Two fields of one name are one field's categories, checked twice.
    expect(check({ shift: "day", county: "Kent", diary: "Every night, and some evening, in X.", letter: "From Essex, at weekend." })).toEqual([
      { text_field: "diary", field: "shift", expected: "day", found: "evening" },
      { text_field: "diary", field: "shift", expected: "day", found: "evening" },
      { text_field: "letter", field: "shift", expected: "day", found: "weekend" },
      { text_field: "letter", field: "shift", expected: "day", found: "weekend" },
      { text_field: "letter", field: "county", expected: "Kent", found: "Essex" },
    ]);
    const quietDay = { text_field: "diary", field: "shift", expected: "night", found: "day" };
    expect(check({ shift: "night", county: "Essex", diary: "A quiet day.", letter: "Nothing here." })).toEqual([quietDay, quietDay]);
    expect(check({ shift: "night", county: "Essex", diary: "Night after night in Essex.", letter: "" })).toEqual([]);
  });

  it("reads a duration only from a number of up to 3 digits standing alone, and not an age", () => {
    const fields = (backstory: string) => ({ age: "48", years_experience: "25", backstory });
    expect(findContradictions(fields("Since 2001 years of change, a1 years, 1234 years: none of these."), nurses)).toEqual([]);
    expect(findContradictions(fields("After 7\u00a0years, and 48-years-old now."), nurses)).toEqual([{ text_field: "backstory", field: "years_experience", expected: "25", found: "7" }]);
  });

  it("finds categories written with letters outside ASCII, and ASCII ones in a text that has such letters", () => {
    const blueprint: BlueprintInput = {
      domain: "x",
      fields: [
        { name: "city", kind: "categorical", categorical: { weights: { "São Paulo": 1, Zürich: 1, Lagos: 1 } } },
        { name: "backstory", kind: "text" },
      ],
    };
    expect(findContradictions({ city: "Lagos", backstory: "Raised in São Paulo." }, blueprint)).toEqual([{ text_field: "backstory", field: "city", expected: "Lagos", found: "São Paulo" }]);
    expect(findContradictions({ city: "São Paulo", backstory: "A café owner from Lagos." }, blueprint)).toEqual([{ text_field: "backstory", field: "city", expected: "São Paulo", found: "Lagos" }]);
    expect(findContradictions({ city: "Lagos", backstory: "Moved from ZÜRICH to Lagos." }, blueprint)).toEqual([]);
    expect(findContradictions({ city: "Lagos", backstory: "Paulo, in Sao Paulo, never São Pauloan." }, blueprint)).toEqual([]);
  });

  // A text's numbers are read only when a field asks, and only when the text holds a digit and the
  // field's first word: those shortcuts must find what a full reading finds, in any case and plural.
  it("finds numbers next to a numeric field's words whatever their case or number", () => {
    const blueprint: BlueprintInput = {
      domain: "x",
      fields: [
        { name: "age", kind: "numeric" },
        { name: "hours_per_week", kind: "numeric" },
        { name: "backstory", kind: "text" },
      ],
    };
    const fields = (backstory: string) => ({ age: "48", hours_per_week: "40", backstory });
    expect(findContradictions(fields("She works 50 HOURS a WEEK, aged 48."), blueprint)).toEqual([{ text_field: "backstory", field: "hours_per_week", expected: "40", found: "50" }]);
    expect(findContradictions(fields("Aged 41, she works 1 hour a week."), blueprint)).toEqual([
      { text_field: "backstory", field: "age", expected: "48", found: "41" },
      { text_field: "backstory", field: "hours_per_week", expected: "40", found: "1" },
    ]);
    expect(findContradictions(fields("Aged 48, she works 40 hours every week; 50 weeks a year."), blueprint)).toEqual([]);
    // Letters outside ASCII before a number, and right after one, whatever part of the text was passed over.
    expect(findContradictions(fields("Née à Zürich, 1.5 km away; aged 48, she works 50 hours a week."), blueprint)).toEqual([{ text_field: "backstory", field: "hours_per_week", expected: "40", found: "50" }]);
    expect(findContradictions(fields("Aged 48: 50 hoürs a week, 50 hours à la week."), blueprint)).toEqual([{ text_field: "backstory", field: "hours_per_week", expected: "40", found: "50" }]);
  });

  it("gives each text the same verdict whether the checker read other texts before it or not", () => {
    const blueprint: BlueprintInput = {
      domain: "x",
      fields: [
        { name: "age", kind: "numeric" },
        { name: "years_experience", kind: "numeric" },
        { name: "hours_per_week", kind: "numeric" },
        { name: "city", kind: "categorical", categorical: { weights: { Leeds: 1, "São Paulo": 1, York: 1 } } },
        { name: "backstory", kind: "text" },
        { name: "goals", kind: "text" },
      ],
    };
    const piece = fc.constantFrom("Leeds", "São Paulo", "york", "aged", "age of", "years", "YEARS", "old", "hours", "week", "12", "48", "7", "-", ".", ",", "café", "nursing");
    const text = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(" "));
    const persona = fc.record({ age: fc.constantFrom("48", "12"), years_experience: fc.constantFrom("7", "25"), hours_per_week: fc.constantFrom("12", "40"), city: fc.constantFrom("Leeds", "São Paulo", "York"), backstory: text, goals: text });
    const shared = consistencyChecker(blueprint);
    fc.assert(fc.property(fc.array(persona, { minLength: 1, maxLength: 5 }), (personas) => {
      for (const fields of personas) expect(shared(fields)).toEqual(consistencyChecker(blueprint)(fields));
    }));
  });

  // Words of an ASCII text are hashed only when a phrase may begin with them (by first character
  // and length): phrases starting with digits, upper case or very long words must still be found.
  it("finds categories that begin with a digit, a capital or a word longer than 31 letters", () => {
    const long = "Pneumonoultramicroscopicsilicovolcanoconiosis";
    const blueprint: BlueprintInput = {
      domain: "x",
      fields: [
        { name: "age_band", kind: "categorical", categorical: { weights: { "25-34": 1, "35-44": 1 } } },
        { name: "ward", kind: "categorical", categorical: { weights: { [`${long} Unit`]: 1, ICU: 1 } } },
        { name: "backstory", kind: "text" },
      ],
    };
    expect(findContradictions({ age_band: "35-44", ward: "ICU", backstory: `In her 25-34 years on the ${long.toUpperCase()} UNIT.` }, blueprint)).toEqual([
      { text_field: "backstory", field: "age_band", expected: "35-44", found: "25-34" },
      { text_field: "backstory", field: "ward", expected: "ICU", found: `${long} Unit` },
    ]);
    expect(findContradictions({ age_band: "35-44", ward: "ICU", backstory: "In her 25 34 years on the icu." }, blueprint)).toEqual([]);
  });
});

