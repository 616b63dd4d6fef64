/**
 * "Former child soldiers", "former child brides": "child" says when they held the role, not how old
 * they are. They are adults now, the role is their past (not their occupation), and when they held
 * it — which decides their ages — is not known: the blueprint says so.
 */
import { describe, expect, it } from "vitest";
import { OfflineModeller } from "../modeller.ts";
import { OfflineWriter } from "../writer.ts";
import { generatePopulation } from "../../pipeline/generate.ts";
import { understandPrompt } from "./understand.ts";

describe("a role held as a child, put in the past", () => {
  it.each([
    ["Former child soldiers in Sierra Leone", "child soldier"],
    ["Former child brides in Bangladesh", "child bride"],
    ["Ex-child actors living in Los Angeles", "child actor"],
    ["Former child labourers in India", "child labourer"],
  ])("%s: adults now, the role their past, when they held it declared", async (prompt, past) => {
    const parts = understandPrompt(prompt);
    expect(parts.age?.min).toBeGreaterThanOrEqual(18);
    const generated = await generatePopulation({ prompt, count: 20, grounding: "off", seed: 3 }, { modeller: new OfflineModeller(), writer: new OfflineWriter() });
    const fields = generated.personas.map((persona) => persona.fields as Record<string, unknown>);
    expect(fields.filter((each) => Number(each.age) < 18)).toEqual([]);
    expect(new Set(fields.map((each) => each.past))).toEqual(new Set([past]));
    const role = new RegExp(`\\b${past.replace("child ", "")}\\b`);
    expect(fields.filter((each) => role.test(String(each.occupation ?? "")))).toEqual([]);
    expect((generated.blueprint as { unmodelled?: string[] }).unmodelled?.join(" ")).toMatch(/the years they were child/);
  });

  it("leaves children who hold a role now, and former adults' jobs, as they were", () => {
    expect(understandPrompt("Child soldiers in Sierra Leone").age).toMatchObject({ min: 5, max: 12 });
    // A job left as an adult is their former occupation (R20-25: not their work now, nor a pension at any age).
    const former = understandPrompt("Former nurses in Ohio");
    expect(former.qualifiers.map((entry) => `${entry.qualifier.field}=${entry.qualifier.value}`)).toContain("former_occupation=nurse");
    expect(former.age?.min).toBeLessThan(55);
  });
});
