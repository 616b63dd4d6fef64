import { describe, expect, it } from "vitest";
import { highlightSegments, sketchFacts } from "./sketch-facts.ts";

const sketch = "Sam is a 30-year-old support main from Lyon. Friendly. Plays Thresh.";

describe("where a sketch's facts landed", () => {
  it("marks the fields whose value the sketch stated, not those it did not", () => {
    const facts = sketchFacts(sketch, { name: "Sam Moreau", age: "30", city: "Lyon", role: "support main", champion: "Thresh", country: "France", temperament: "friendly" });
    expect(facts.fields.sort()).toEqual(["age", "champion", "city", "role", "temperament"]);
  });

  it("does not call a field stated because of a stop word or a word inside another", () => {
    const facts = sketchFacts("She is from the city of Lyon.", { pronoun: "she", article: "the", place: "Lyons" });
    expect(facts.fields).toEqual([]);
  });

  it("cuts a text where it repeats the sketch, and the pieces give the text back", () => {
    const facts = sketchFacts(sketch, {});
    const text = "Sam, 30, mains support in Lyon and swears by Thresh.";
    const segments = highlightSegments(text, facts.terms);
    expect(segments.map((segment) => segment.text).join("")).toBe(text);
    expect(segments.filter((segment) => segment.marked).map((segment) => segment.text)).toEqual(["Sam", "30", "support", "Lyon", "Thresh"]);
  });

  it("marks neighbouring sketch words as one", () => {
    const segments = highlightSegments("a support main here", sketchFacts(sketch, {}).terms);
    expect(segments.filter((segment) => segment.marked).map((segment) => segment.text)).toEqual(["support main"]);
  });
});
