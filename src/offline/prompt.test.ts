import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parsePrompt } from "./prompt.ts";

describe("parsePrompt", () => {
  it.each([
    ["10 League of Legends players from around the globe", { count: 10, role: "League of Legends players", global: true }],
    ["a dozen nurses in rural Ohio", { count: 12, role: "nurses in rural Ohio", countries: ["US"] }],
    ["fifty retired teachers", { count: 50, role: "retired teachers", ageMin: 60 }],
    ["twenty-five Korean LoL players in their 20s", { count: 25, countries: ["KR"], ageMin: 20, ageMax: 29 }],
    ["software developers over 60", { role: "software developers", ageMin: 61 }],
    ["teenage girls from Brazil", { ageMin: 13, ageMax: 19, gender: "female", countries: ["BR"] }],
    ["League of Legends players on EUW and KR", { servers: ["EUW", "KR"] }],
    ["men aged 30-40 in Germany", { ageMin: 30, ageMax: 40, gender: "male", countries: ["DE"] }],
    ["farmers in Latin America", { areas: ["latin america"] }],
    ["10 nurses in Tōkyō", { count: 10, countries: ["JP"] }],
  ])("%s", (prompt, expected) => {
    expect(parsePrompt(prompt)).toMatchObject(expected);
  });

  it("reads 'senior' before a job title as seniority, and 'seniors' as old age", () => {
    expect(parsePrompt("4 senior backend developers in Brazil").ageMin).toBeUndefined();
    expect(parsePrompt("20 seniors in Florida")).toMatchObject({ ageMin: 60 });
    expect(parsePrompt("senior citizens in Ohio")).toMatchObject({ ageMin: 60 });
  });

  it("a named city or region pins its country and is kept as a place", () => {
    expect(parsePrompt("10 baristas in Seattle")).toMatchObject({ count: 10, countries: ["US"], places: [{ name: "Seattle", region: "Washington" }] });
    expect(parsePrompt("baristas in Lyon")).toMatchObject({ countries: ["FR"], places: [{ name: "Lyon" }] });
    expect(parsePrompt("cooks in Lagos").countries).toEqual(["NG"]);
    expect(parsePrompt("teachers in Montréal")).toMatchObject({ countries: ["CA"], places: [{ name: "Montreal" }] });
    expect(parsePrompt("nurses in rural Ohio").places).toMatchObject([{ name: "Ohio", kind: "region" }]);
    expect(parsePrompt("bakers in Europe").places).toEqual([]);
  });

  it("leaves the count out when none is stated", () => {
    expect(parsePrompt("nurses in Texas").count).toBeUndefined();
  });

  it("does not read the pronoun 'us' as the United States", () => {
    expect(parsePrompt("give us some bakers").countries).not.toContain("US");
  });

  it("parses any text without throwing and always names a role", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const parsed = parsePrompt(text);
        expect(parsed.role.length).toBeGreaterThan(0);
        if (parsed.ageMin !== undefined && parsed.ageMax !== undefined) expect(parsed.ageMin).toBeLessThanOrEqual(parsed.ageMax);
      }),
    );
  });
});
