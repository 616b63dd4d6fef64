import { describe, expect, it } from "vitest";
import { packedFieldNames, packTexts, unpackTexts } from "./packed-texts.ts";
import type { FeatureField, PersonaFields } from "./similarity.ts";

const fields: FeatureField[] = [
  { name: "region", kind: "categorical" },
  { name: "backstory", kind: "text" },
  { name: "motto", kind: "text" },
];

describe("texts packed for another thread", () => {
  it("are the report's text fields and the name fields the sentence counter masks, whatever their kind", () => {
    expect(packedFieldNames(fields)).toEqual(["backstory", "motto", "name", "full_name", "display_name", "persona_name"]);
  });

  it("unpack to each persona's id and packed fields, absent ones absent, any characters kept", () => {
    const personas: PersonaFields[] = [
      { persona_id: "p1", fields: { region: "KR", backstory: "Plays 10 hours a week.", name: "Kim Min-jun" } },
      { fields: { backstory: "", motto: "gg wp 🎮 — ça va" } },
      { persona_id: "p3", fields: { region: "NA" } },
    ];
    const unpacked = unpackTexts(structuredClone(packTexts(personas, packedFieldNames(fields))));
    expect(unpacked).toEqual([
      { persona_id: "p1", fields: { backstory: "Plays 10 hours a week.", name: "Kim Min-jun" } },
      { fields: { backstory: "", motto: "gg wp 🎮 — ça va" } },
      { persona_id: "p3", fields: {} },
    ]);
  });

  it("refuse a value that is no text (it would shift every later text)", () => {
    const personas = [{ persona_id: "p1", fields: { motto: 12345 } }] as unknown as PersonaFields[];
    expect(() => packTexts(personas, ["motto"])).toThrow(/not text/);
  });

  it("keep a field named __proto__ as a field", () => {
    const record: Record<string, string> = Object.create(null);
    record.__proto__ = "a text";
    const [persona] = unpackTexts(packTexts([{ persona_id: "p1", fields: record }], ["__proto__"]));
    expect(Object.getOwnPropertyDescriptor(persona?.fields, "__proto__")?.value).toBe("a text");
  });

  it("pack a range of the personas when asked", () => {
    const personas: PersonaFields[] = ["a", "b", "c"].map((id) => ({ persona_id: id, fields: { motto: `${id}!` } }));
    expect(unpackTexts(packTexts(personas, ["motto"], 1, 3))).toEqual([
      { persona_id: "b", fields: { motto: "b!" } },
      { persona_id: "c", fields: { motto: "c!" } },
    ]);
  });
});
