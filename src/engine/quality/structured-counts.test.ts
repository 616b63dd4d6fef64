import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { BlueprintInput } from "../blueprint-check.ts";
import { computeFidelity, fidelityOfCounts } from "./fidelity.ts";
import { computeMarginals, marginalsOfCounts } from "./marginals.ts";
import { MISSING_CATEGORY, StructuredCounts } from "./structured-counts.ts";

const blueprint: BlueprintInput = {
  domain: "test",
  fields: [
    { name: "region", kind: "categorical", parents: [], categorical: { weights: { NA: 0.5, EUW: 0.3, KR: 0.2 } }, conditionals: [] },
    // Diamond only in KR; Iron declared nowhere.
    { name: "rank", kind: "categorical", parents: ["region"], categorical: { weights: { Gold: 0.6, Silver: 0.4 } }, conditionals: [{ when: { region: "KR" }, categorical: { weights: { Diamond: 0.4, Gold: 0.6 } } }] },
    { name: "__proto__", kind: "categorical", parents: ["region", "rank"], categorical: { weights: { a: 1, b: 1 } }, conditionals: [] },
    { name: "hours", kind: "numeric", parents: ["rank"], numeric: { min: 1, max: 60, mean: 20, sd: 10, integer: true }, conditionals: [{ when: { rank: "Gold" }, numeric: { min: 1, max: 60, mean: 30, sd: 5, integer: true } }] },
    { name: "income", kind: "numeric", parents: [], numeric: { min: 0, max: 1, mean: 0.4, sd: 0.2 }, conditionals: [] },
    { name: "backstory", kind: "text", parents: [], conditionals: [] },
  ],
};

const value = (choices: string[]) => fc.option(fc.constantFrom(...choices), { nil: undefined });
const persona = fc
  .record({
    region: value(["NA", "EUW", "KR", "BR", "1", "constructor"]),
    rank: value(["Gold", "Silver", "Diamond", "Iron"]),
    proto: value(["a", "b", "c"]),
    hours: value(["1", "20", "20.0", "-0", "0", "60", "x", "1e400", " 7 "]),
    income: fc.option(fc.double({ min: -1, max: 2, noNaN: true }).map(String), { nil: undefined }),
  })
  .map(({ proto, ...fields }) => {
    // Missing fields are absent, and `__proto__` an own field, as JSON.parse makes them.
    const own = Object.create(null) as Record<string, string>;
    for (const [name, drawn] of Object.entries({ ...fields, __proto__: proto })) if (drawn !== undefined) own[name] = drawn;
    return { fields: JSON.parse(JSON.stringify(own)) as Record<string, string> };
  });

describe("the counts the marginals and fidelity read", () => {
  it("counted shard by shard and merged in order (through JSON, as a digest keeps them), give the reports of the whole population to the byte", () => {
    fc.assert(
      fc.property(fc.array(persona, { maxLength: 80 }), fc.array(fc.nat(80), { maxLength: 5 }), (personas, cuts) => {
        const merged = new StructuredCounts(blueprint);
        const bounds = [0, ...[...cuts].sort((a, b) => a - b).map((cut) => Math.min(cut, personas.length)), personas.length];
        for (let shard = 0; shard + 1 < bounds.length; shard++) merged.merge(JSON.parse(JSON.stringify(StructuredCounts.of(blueprint, personas.slice(bounds[shard], bounds[shard + 1])).state())));
        expect(JSON.stringify(marginalsOfCounts(merged))).toBe(JSON.stringify(computeMarginals(blueprint, personas)));
        expect(JSON.stringify(fidelityOfCounts(blueprint, merged))).toBe(JSON.stringify(computeFidelity(blueprint, personas)));
      }),
      { numRuns: 150 },
    );
  });

  it("puts each persona in the cell its parents' values name, as they read joined, whatever the values are (one parent, two, none)", () => {
    // Values a caller's fields may hold beyond strings (a stored row read back, an API caller's JSON).
    const odd: unknown[] = ["Gold", 3, "3", null, undefined, true, "", "Gold\u241fSilver", { toString: () => "Gold" }];
    const rows = odd.flatMap((rank) => odd.map((region) => ({ fields: Object.assign(Object.create(null) as Record<string, string>, { region, rank, hours: "5", __proto__: "a" }) })));
    const cells = new StructuredCounts(blueprint).state().cells.map(() => new Map<string, number>());
    (blueprint.fields ?? []).filter((field) => field.kind === "categorical" || field.kind === "numeric").forEach((field, position) => {
      for (const row of rows) {
        const key = (field.parents ?? []).map((parent) => (Object.hasOwn(row.fields, parent) ? row.fields[parent] : undefined) ?? MISSING_CATEGORY).join("\u241f");
        (cells[position] as Map<string, number>).set(key, ((cells[position] as Map<string, number>).get(key) ?? 0) + 1);
      }
    });
    const counted = StructuredCounts.of(blueprint, rows).state().cells;
    counted.forEach((entries, position) => {
      const members = new Map(entries.map(([values, count]) => [values.join("\u241f"), count]));
      expect(members).toEqual(cells[position]);
    });
  });

  it("refuses the counts of another blueprint's fields", () => {
    const state = StructuredCounts.of(blueprint, [{ fields: { region: "NA", rank: "Gold", hours: "3" } }]).state();
    const other = new StructuredCounts({ domain: "test", fields: (blueprint.fields ?? []).slice(1) });
    expect(other.fits(state)).toBe(false);
    const swapped = JSON.parse(JSON.stringify(state).replace('[["Gold"],1,[[3,1]],0]', '[["Gold"],1,[["3",1]],0]')) as typeof state;
    expect(new StructuredCounts(blueprint).fits(swapped)).toBe(false);
    expect(new StructuredCounts(blueprint).fits(state)).toBe(true);
  });
});
