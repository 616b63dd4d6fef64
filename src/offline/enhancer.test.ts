import { describe, expect, it } from "vitest";
import { OfflineEnhancer } from "./enhancer.ts";

const enhancer = new OfflineEnhancer();
const enhance = (sketch: string, seed = 1) => enhancer.enhanceSync({ sketch, grounding: "off", seed });

describe("OfflineEnhancer", () => {
  it("the spec's example keeps every stated fact and adds a consistent play style and backstory", () => {
    const fields = enhance("Sam is a 30-year-old support main. Friendly. Plays Thresh.");
    expect(fields.name).toMatch(/^Sam /);
    expect(fields).toMatchObject({ age: "30", main_role: "support", main_champion: "Thresh" });
    expect(fields.play_style?.length).toBeGreaterThan(0);
    expect(fields.backstory).toContain("Thresh");
    expect(fields.backstory).toContain("30");
    expect(fields.backstory?.match(/\d+/g)).toEqual(["30"]);
    expect(fields.backstory).not.toMatch(/\b(top|jungle|mid|adc)\b/i);
  });

  it.each([
    ["Meet Dana, a grumpy ICU nurse from Ohio in her forties with 12 years of experience.", { years_experience: "12", temperament: "grumpy", location: "Ohio, United States", gender: "female" }, /^Dana /],
    ["Name: Kenji Watanabe\nAge: 41\nBackend developer in Osaka, works remote. Shy.", { name: "Kenji Watanabe", age: "41", remote_work: "remote", temperament: "shy", location: "Osaka, Japan" }, /^Kenji Watanabe$/],
    ["Lucía, 27, Madrid. Jungle main, Diamond on EUW, plays Lee Sin 30 hours a week.", { age: "27", main_role: "jungle", rank: "Diamond", region: "EUW", main_champion: "Lee Sin", hours_per_week: "30" }, /^Lucía /],
    ["He is 52 years old and a retired firefighter.", { age: "52", gender: "male" }, /./],
    ["Thresh main from Brazil, Gold", { main_champion: "Thresh", main_role: "support", rank: "Gold", location: "Brazil" }, /./],
  ])("%s", (sketch, expected, name) => {
    const fields = enhance(sketch);
    expect(fields).toMatchObject(expected);
    expect(fields.name).toMatch(name);
    expect(fields.backstory?.length).toBeGreaterThan(20);
    expect(Object.values(fields).every((value) => typeof value === "string")).toBe(true);
  });

  it("fills an age inside a stated decade", () => {
    const age = Number(enhance("A shy woman in her thirties who paints.").age);
    expect(age).toBeGreaterThanOrEqual(30);
    expect(age).toBeLessThanOrEqual(39);
  });

  it("is deterministic for a seed", () => {
    const sketch = "A quiet baker in Lyon.";
    expect(enhance(sketch, 4)).toEqual(enhance(sketch, 4));
  });
});
