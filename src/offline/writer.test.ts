import { describe, expect, it } from "vitest";
import { declaredCategories } from "../engine/blueprint-check.ts";
import type { Blueprint } from "../engine/blueprint.ts";
import type { SampledValues } from "../engine/persona.ts";
import { sampleStructured } from "../engine/sampler.ts";
import { pickDomain } from "./domains/index.ts";
import { parsePrompt } from "./prompt.ts";
import { OfflineWriter, stringValues } from "./writer.ts";

function population(prompt: string, count: number, seed: number) {
  const parsed = parsePrompt(prompt);
  const blueprint = pickDomain(parsed).blueprint(parsed);
  return { blueprint, sampled: sampleStructured(blueprint, count, seed) };
}

async function write(prompt: string, blueprint: Blueprint, sampled: SampledValues[], seed: number, batch = 100) {
  const session = new OfflineWriter().begin({ prompt, blueprint, seed, count: sampled.length });
  const out: Array<Record<string, string>> = [];
  for (let start = 0; start < sampled.length; start += batch) out.push(...(await session.writeBatch(sampled.slice(start, start + batch), start)));
  return out;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every text field: no number but the persona's own, no category value of another persona. */
function contradictions(blueprint: Blueprint, values: Record<string, string>, text: Record<string, string>): string[] {
  const problems: string[] = [];
  const own = new Set(Object.values(values));
  for (const [field, prose] of Object.entries(text)) {
    if (field === "name") continue;
    for (const number of prose.match(/\d+(?:\.\d+)?/g) ?? []) if (!own.has(number)) problems.push(`${field}: number ${number}`);
    for (const declared of blueprint.fields) {
      if (declared.kind !== "categorical" || ["main_champion", "country", "occupation"].includes(declared.name)) continue;
      for (const category of declared.kind === "categorical" ? declaredCategories(declared) : []) {
        if (category === values[declared.name] || category.length < 2) continue;
        const pattern = new RegExp(`(?<![\\p{L}-])${escape(category)}(?![\\p{L}-])`, category.length <= 3 ? "u" : "iu");
        if (pattern.test(prose)) problems.push(`${field}: mentions ${declared.name}=${category} but is ${values[declared.name]}`);
      }
    }
  }
  return problems;
}

describe("OfflineWriter", () => {
  it("(the contradiction check itself flags a wrong number or another persona's rank)", () => {
    const { blueprint } = population("LoL players", 1, 1);
    const values = { rank: "Gold", main_role: "mid", hours_per_week: "12", age: "20", region: "KR" };
    expect(contradictions(blueprint, values, { backstory: "A Gold mid laner who plays 12 hours a week." })).toEqual([]);
    expect(contradictions(blueprint, values, { backstory: "Climbed out of Silver, playing 14 hours on EUW." })).toHaveLength(3);
  });

  it.each(["League of Legends players from around the globe", "software developers", "nurses in rural Ohio", "people", "retired teachers in Japan"])(
    "%s: writes every text field and never contradicts the persona's values",
    async (prompt) => {
      const { blueprint, sampled } = population(prompt, 400, 11);
      const written = await write(prompt, blueprint, sampled, 11);
      const textFields = blueprint.fields.filter((field) => field.kind === "text").map((field) => field.name);
      written.forEach((text, index) => {
        expect(Object.keys(text).sort()).toEqual([...textFields].sort());
        const values = stringValues(sampled[index] as SampledValues);
        expect(contradictions(blueprint, values, text)).toEqual([]);
        for (const value of Object.values(text)) expect(value).not.toMatch(/\{|\}|\[|\]|undefined|NaN/);
      });
    },
  );

  it("names are unique across 1,000 personas and Korean players get Korean names", async () => {
    const { blueprint, sampled } = population("League of Legends players from around the globe", 1000, 5);
    const written = await write("lol", blueprint, sampled, 5);
    expect(new Set(written.map((text) => text.name)).size).toBe(1000);
    written.forEach((text, index) => {
      if (sampled[index]?.region === "KR") expect(text.name).toMatch(/^[\uAC00-\uD7A3]+ '[A-Za-z]+'$/);
      if (sampled[index]?.region === "BR") expect(text.name).toMatch(/^[A-Za-zÀ-ÿ]+(?: [A-Za-zÀ-ÿ]+)* '[A-Za-z]+' [A-Za-zÀ-ÿ' ]+$/);
    });
  });

  it("backstories name the persona's own rank, role and hours", async () => {
    const { blueprint, sampled } = population("LoL players", 200, 2);
    const written = await write("LoL players", blueprint, sampled, 2);
    written.forEach((text, index) => {
      const persona = sampled[index] as SampledValues;
      expect(text.backstory).toContain(String(persona.rank));
      expect(text.backstory).toContain(String(persona.hours_per_week));
    });
  });

  it("is deterministic and independent of batch size", async () => {
    const { blueprint, sampled } = population("LoL players", 300, 8);
    const a = await write("LoL players", blueprint, sampled, 8, 300);
    const b = await write("LoL players", blueprint, sampled, 8, 7);
    expect(b).toEqual(a);
  });

  it("keeps backstories varied (low mean word overlap between pairs)", async () => {
    const { blueprint, sampled } = population("LoL players", 200, 3);
    const written = await write("LoL players", blueprint, sampled, 3);
    const sets = written.map((text) => new Set((text.backstory as string).toLowerCase().match(/[\p{L}']+/gu)));
    let total = 0;
    let pairs = 0;
    for (let i = 0; i < sets.length; i++)
      for (let j = i + 1; j < sets.length; j++) {
        const a = sets[i] as Set<string>;
        const b = sets[j] as Set<string>;
        const shared = [...a].filter((word) => b.has(word)).length;
        total += shared / (a.size + b.size - shared);
        pairs++;
      }
    expect(total / pairs).toBeLessThan(0.3);
  });
});
