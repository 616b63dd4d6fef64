import { describe, expect, it } from "vitest";
import { sampleStructured } from "../engine/sampler.ts";
import { knowledge, thingsAfter } from "./knowledge/index.ts";
import { OfflineModeller } from "./modeller.ts";
import { OfflineWriter } from "./writer.ts";
import { namingCulture } from "./names/cultures.ts";

async function texts(prompt: string, count: number) {
  const blueprint = new OfflineModeller().designSync({ prompt, count, grounding: "off", seed: 5 });
  const sampled = sampleStructured(blueprint, count, 5);
  const session = new OfflineWriter().begin({ prompt, blueprint, seed: 5, count });
  return { sampled, written: await session.writeBatch(sampled, 0) };
}

describe("OfflineWriter in a setting", () => {
  it.each([
    ["knights and merchants", "medieval-europe"],
    ["Pirates in the Caribbean in 1710", "golden-age-piracy"],
    ["Elven archers in a high-fantasy forest realm", "high-fantasy"],
  ])("%s: no text names what the setting does not have", async (prompt, id) => {
    const setting = knowledge().settingById.get(id);
    const pattern = new RegExp(`(?<![\\p{L}])(?:${setting?.anachronisms.join("|")})(?![\\p{L}])`, "iu");
    const { written } = await texts(prompt, 120);
    for (const persona of written) for (const [field, text] of Object.entries(persona)) if (field !== "name") expect(text, `${field}: ${text}`).not.toMatch(pattern);
  });

  it.each([
    ["Bootleggers in 1920s Chicago", 1925],
    ["Gold prospectors in the Klondike in 1898", 1898],
    ["Factory workers in the Second World War", 1945],
  ])("%s: no text names what became common after %i, and names come from that time", async (prompt, year) => {
    const pattern = new RegExp(`(?<![\\p{L}])(?:${thingsAfter(knowledge().dated, year).join("|")})(?![\\p{L}])`, "iu");
    const { written } = await texts(prompt, 60);
    for (const persona of written) for (const [field, text] of Object.entries(persona)) if (field !== "name") expect(text, `${field}: ${text}`).not.toMatch(pattern);
  });

  it("a past year in a country a historical setting covers is that setting ('Blacksmiths in 14th-century England'), with nothing modern in the text", async () => {
    const blueprint = new OfflineModeller().designSync({ prompt: "Blacksmiths in 14th-century England", count: 40, grounding: "off", seed: 5 });
    expect(blueprint.fields.find((field) => field.name === "setting")).toBeDefined();
    const setting = knowledge().settingById.get("medieval-europe");
    const pattern = new RegExp(`(?<![\\p{L}])(?:${setting?.anachronisms.join("|")}|coffee|shower|podcast|craft fairs)(?![\\p{L}])`, "iu");
    const { written } = await texts("Blacksmiths in 14th-century England", 40);
    for (const persona of written) expect(`${persona.backstory} ${persona.goals}`).not.toMatch(pattern);
  });

  it("people born before 1925 get the given names of their time", async () => {
    const { written } = await texts("Bootleggers in 1920s Chicago", 40);
    expect(written.some((persona) => /^(?:Madison|Ashley|Jessica|Brittany|Tyler|Jayden|Linda|Deborah|Donna|Sharon)\b/.test(persona.name ?? ""))).toBe(false);
  });

  it("people who live alone, are widowed or raise children alone have no partner in their text", async () => {
    for (const prompt of ["Retired teachers living alone in rural Ireland", "Widowed farmers in Iowa", "Single mothers in Glasgow"]) {
      const { written } = await texts(prompt, 60);
      for (const persona of written) expect(`${persona.backstory} ${persona.goals}`).not.toMatch(/\b(?:partner|husband|wife|spouse)\b/i);
    }
  });

  it("no sentence says the same words twice, and nobody began 'young' or 'years ago' in their first year", async () => {
    for (const prompt of ["Retired police officers in Chicago", "Retired miners in Wales", "Beginner guitarists over 50 in New Zealand"]) {
      const { sampled, written } = await texts(prompt, 60);
      written.forEach((persona, index) => {
        for (const sentence of `${persona.backstory} ${persona.goals}`.split(/(?<=[.!?])\s+/)) expect(sentence).not.toMatch(/\b([a-z]{4,} [a-z]{4,})\b.*\b\1\b/i);
        if (Number(sampled[index]?.years_active ?? 99) < 2) expect(persona.backstory).not.toMatch(/never looked back|for 0 years/);
      });
    }
  });

  it("yoga instructors are written as teachers of a practice, not as sports coaches", async () => {
    const { written } = await texts("Yoga instructors in Bali", 40);
    for (const persona of written) expect(`${persona.backstory} ${persona.goals}`).not.toMatch(/match day|final whistle|training ground|win a title|compete at|playing days/);
  });

  it("monks and nuns are written as religious life, not as social workers", async () => {
    const { written } = await texts("Monks in a Tibetan monastery", 40);
    for (const persona of written) expect(persona.backstory).not.toMatch(/case notes|caseload|drop-off|families' homes|other agencies/);
  });

  it("Malawians and South Africans are named from their own countries' lists, not a pooled southern-African or English one", async () => {
    const malawi = await texts("Subsistence farmers in Malawi", 40);
    expect(malawi.written.some((persona) => /\b(?:Tafadzwa|Tinashe|Naledi|Thabo|Kagiso|Tumelo)\b/.test(persona.name ?? ""))).toBe(false);
    const families = new Set(namingCulture("za_mixed").family("female"));
    const johannesburg = await texts("Night-shift security guards in Johannesburg", 40);
    for (const persona of johannesburg.written) expect(families.has((persona.name ?? "").split(" ").slice(1).join(" ")), persona.name).toBe(true);
  });

  it("names people of a setting by its conventions and of a country by its culture", async () => {
    const romans = await texts("Roman legionaries in Britain in 120 AD", 30);
    expect(romans.written.every((persona) => (persona.name ?? "").split(" ").length === 3)).toBe(true);
    const koreans = await texts("retired teachers in Seoul", 30);
    expect(koreans.written.every((persona) => /^(?:Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon|Jang|Lim|Han|Oh|Seo|Shin|Kwon|Hwang|Ahn|Song|Yoo|Hong) [A-Z][a-z]+-[a-z]+/.test(persona.name ?? ""))).toBe(true);
    const refugees = await texts("Syrian refugees living in Germany", 30);
    expect(refugees.written.some((persona) => /Müller|Schmidt|Schneider/.test(persona.name ?? ""))).toBe(false);
  });
});

describe("OfflineWriter names people where and as what they are", () => {
  it.each([
    ["Merchants in medieval Venice", ["Marco", "Giovanni", "Caterina", "Bianca", "Zuan", "Alvise"], /\b(?:William|Agnes|Matilda|atte|le Smyth)\b/],
    ["Sikh taxi drivers in Vancouver", [" Singh ", " Kaur "], /^(?:James|John|Mary|Sarah)\b/],
    ["Surfers in Bali", ["I Wayan", "I Made", "I Ketut", "I Putu", "I Nyoman", "Ni Luh", "Ni Made", "Ni Ketut", "Ni Putu", "Ni Nyoman", "I Kadek", "Ni Kadek", "I Komang", "Ni Komang", "I Gede"], /^(?:James|Eric)\b/],
    ["Farmers in Tamil Nadu", ["Murugan", "Lakshmi", "Senthil", "Karthik", "Priya", "Subramanian", "Krishnan", "Raman", "Selvaraj"], /\b(?:Daiwik|Singh)\b/],
  ])("%s", async (prompt, expected, foreign) => {
    const { written } = await texts(prompt, 60);
    const names = written.map((persona) => String(persona.name));
    expect(names.filter((name) => foreign.test(name))).toEqual([]);
    expect(names.filter((name) => expected.some((part) => ` ${name} `.includes(part))).length).toBeGreaterThan(5);
  });
});

describe("OfflineWriter gives a setting's roles their own days", () => {
  it("a Roman gladiator trains at the ludus, not on the legion's roads and walls", async () => {
    const { written } = await texts("Roman gladiators", 40);
    expect(written.map((persona) => String(persona.backstory)).filter((text) => /repairing the road|standing guard on the wall|marching twenty miles/i.test(text))).toEqual([]);
  });
});
