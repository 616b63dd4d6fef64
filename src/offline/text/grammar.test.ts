import { describe, expect, it } from "vitest";
import { compile, render, renderNumbered, renderSized, sized } from "./grammar.ts";
import type { Rng } from "../../engine/rng.ts";

const first = { pick: <T>(items: readonly T[]) => items[0] as T } as unknown as Rng;

describe("the article a template writes before a slot", () => {
  const cases: Array<[template: string, value: string, written: string]> = [
    ["grew up in a {people} family", "Irish", "grew up in an Irish family"],
    ["grew up in a {people} family", "Armenian", "grew up in an Armenian family"],
    ["grew up in a {people} family", "Uruguayan", "grew up in a Uruguayan family"],
    ["A {role} main through and through", "ADC", "An ADC main through and through"],
    ["A {role} main through and through", "jungle", "A jungle main through and through"],
    ["[as a {rank} officer|at sea]", "honorary", "as an honorary officer"],
    ["call-outs on a {day}", "Sunday", "call-outs on a Sunday"],
  ];

  it.each(cases)("'%s' with %s reads '%s', whichever way the template is written", (template, value, written) => {
    const compiled = compile(template);
    const slots = { people: value, role: value, rank: value, day: value };
    expect(render(compiled, slots, first)).toBe(written);
    expect(renderNumbered(compiled, 0, slots, {}, first)).toBe(written);
    expect(renderSized(sized(compiled, {}), 0, slots, first)).toBe(written);
  });

  it("leaves a word ending in 'a' alone ('Anna {x}', 'via {x}')", () => {
    expect(render(compile("via {place}"), { place: "Oslo" }, first)).toBe("via Oslo");
    expect(render(compile("Anna {verb}"), { verb: "ate" }, first)).toBe("Anna ate");
  });
});
