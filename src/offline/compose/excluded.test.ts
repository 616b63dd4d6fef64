import { describe, expect, it } from "vitest";
import type { Field } from "../../engine/blueprint.ts";
import type { PromptParts } from "../understand/parts.ts";
import { excludeValues } from "./excluded.ts";

const span = (text: string) => ({ start: 0, end: text.length, text });
const parts = (field: string, value: string, text: string) => ({ excludedValues: [{ field, value, span: span(text) }] }) as unknown as PromptParts;
const religion: Field = { name: "religion", kind: "categorical", label: "Religion", description: "faith", parents: [], categorical: { weights: { Muslim: 0.7, Christian: 0.2, Hindu: 0.1 } }, conditionals: [] };

describe("a value the prompt excludes ('Non-Muslim')", () => {
  it("is left out of a field drawn anyway, the rest renormalised, and its words count as modelled", () => {
    const { fields, modelled } = excludeValues([religion], parts("religion", "muslim", "Non-Muslim"));
    expect(fields[0]?.categorical?.weights).toEqual({ Christian: 0.6667, Hindu: 0.3333, Muslim: 0 });
    expect(modelled).toEqual(["Non-Muslim"]);
  });

  it("leaves the words declared where no field holds the value, or the value is all the field holds", () => {
    expect(excludeValues([religion], parts("language", "English", "Non-English")).modelled).toEqual([]);
    const only: Field = { ...religion, categorical: { weights: { Muslim: 1 } } };
    expect(excludeValues([only], parts("religion", "Muslim", "Non-Muslim"))).toEqual({ fields: [only], modelled: [] });
  });

  it("works through a field's conditionals too", () => {
    const byCountry: Field = { ...religion, parents: ["country"], categorical: undefined, conditionals: [{ when: { country: "Nigeria" }, categorical: { weights: { Muslim: 0.5, Christian: 0.5 } } }] } as unknown as Field;
    const { fields } = excludeValues([byCountry], parts("religion", "Christian", "Non-Christian"));
    expect(fields[0]?.conditionals[0]?.categorical?.weights).toEqual({ Muslim: 1, Christian: 0 });
  });
});
