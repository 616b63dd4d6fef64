/**
 * A result's blueprint model stored apart: the result stored keeps every key in place, the model's
 * as null, and putting the model back gives the very JSON text of the result (key order included)
 * whatever the blueprint's keys and their order; results designed alike share one model (one hash)
 * whatever their seed, rationale or what they left unmodelled.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BLUEPRINT_MODEL_KEYS, KnownModels, resultWithModel, resultWithModelApart } from "./population-blueprints.ts";

const fields = [{ name: "age", type: "integer", min: 18, max: 90 }, { name: "country", type: "categorical", categories: [{ value: "Chile", weight: 0.4 }] }];

function blueprintOf(seed: number, rationale: string) {
  return { domain: "people", label: "chess players", order: ["age", "country"], fields, constraints: [], rationale, sources: [{ title: "UN WPP 2022" }], language: "en", seed, unmodelled: [rationale] };
}

/** What a read gives back: the stored texts parsed, as the store answers them, and made whole. */
function readBack(stored: ReturnType<typeof resultWithModelApart>): string {
  const result: unknown = JSON.parse(stored.resultJson);
  return JSON.stringify(stored.model ? resultWithModel(result, JSON.parse(stored.model.json)) : result);
}

describe("a result's blueprint model stored apart", () => {
  it("keeps the model's keys in place as null in the result, and gives the same JSON text back once the model is put back", () => {
    const result = { blueprint: blueprintOf(7, "read from the prompt: chess players"), marginals: [{ field: "age" }] };
    const stored = resultWithModelApart(result);
    expect(JSON.parse(stored.resultJson)).toEqual({ ...result, blueprint: { ...result.blueprint, order: null, fields: null, constraints: null, sources: null } });
    expect(Object.keys(JSON.parse(stored.resultJson).blueprint)).toEqual(Object.keys(result.blueprint));
    expect(JSON.parse(stored.model!.json)).toEqual({ order: result.blueprint.order, fields, constraints: [], sources: result.blueprint.sources });
    expect(readBack(stored)).toBe(JSON.stringify(result));
  });

  it("gives one hash to blueprints that differ only in what the request said (seed, rationale, unmodelled), another to another model", () => {
    const first = resultWithModelApart({ blueprint: blueprintOf(1, "a chess player number 1") });
    const second = resultWithModelApart({ blueprint: blueprintOf(2, "a chess player number 2") });
    const other = resultWithModelApart({ blueprint: { ...blueprintOf(1, "a chess player number 1"), order: ["country", "age"] } });
    expect(first.model!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.model!.hash).toBe(first.model!.hash);
    expect(other.model!.hash).not.toBe(first.model!.hash);
  });

  it("stores whole a result without a blueprint object, or whose blueprint has none of the model's keys", () => {
    for (const result of [null, [], "text", { marginals: [] }, { blueprint: null }, { blueprint: [1] }, { blueprint: { domain: "x", seed: 3 } }]) {
      const stored = resultWithModelApart(result);
      expect(stored).toEqual({ resultJson: JSON.stringify(result), model: null });
    }
    // A stored result whose model is missing its blueprint is answered as it is.
    expect(resultWithModel({ marginals: [] }, { fields })).toEqual({ marginals: [] });
  });

  it("answers the same JSON text for any blueprint: any keys in any order, the model's keys present or not, null or undefined", () => {
    const key = fc.oneof(fc.constantFrom(...BLUEPRINT_MODEL_KEYS, "domain", "seed", "rationale"), fc.string({ maxLength: 6 }));
    const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
    const blueprint = fc.array(fc.tuple(key, value), { maxLength: 10 }).map((entries) => {
      const built: Record<string, unknown> = {};
      for (const [name, entry] of entries) built[name] = entry;
      return built;
    });
    fc.assert(
      fc.property(blueprint, fc.jsonValue({ maxDepth: 1 }), (drawn, report) => {
        const result = { blueprint: drawn, report };
        expect(readBack(resultWithModelApart(result))).toBe(JSON.stringify(result));
      }),
    );
  });
});

describe("the models a process knows are stored", () => {
  it("knows the ones added, and forgets all of them at once when full", () => {
    const known = new KnownModels(2);
    known.add(["a", "b"]);
    expect([known.has("a"), known.has("b"), known.has("c")]).toEqual([true, true, false]);
    known.add(["c"]);
    expect([known.has("a"), known.has("b"), known.has("c")]).toEqual([false, false, true]);
  });
});
