/**
 * Session 10's reading of the offline engine on prompts nobody tuned it for (issue 16, O): each case
 * is a class of defect found with one prompt and checked here with another. Each failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { sampleStructured } from "../../src/engine/sampler.ts";
import { OfflineModeller } from "../../src/offline/modeller.ts";
import { OfflineWriter } from "../../src/offline/writer.ts";

const modeller = new OfflineModeller();
const design = (prompt: string) => modeller.designSync({ prompt, count: 40, grounding: "off", seed: 1 });

/** Every written field of `count` personas of the prompt, one string a persona. */
async function textsOf(prompt: string, count = 40): Promise<string[]> {
  const blueprint = design(prompt);
  const sampled = sampleStructured(blueprint, count, 1);
  const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 1, count: sampled.length }).writeBatch(sampled, 0);
  return written.map((persona) => Object.values(persona).join(" "));
}

describe("the week of the country they live in", () => {
  // Pearl divers in Bahrain had 'Sunday lie-ins' and 'Sunday dinner', Sherpas in Nepal too: the
  // weekend is Friday-Saturday in most Arab states, Saturday alone in Nepal.
  it.each([
    ["pharmacists in Doha", "Friday"],
    ["accountants in Amman", "Friday"],
    ["schoolteachers in Pokhara", "Saturday"],
  ])("%s rest on %s, not on Sunday", async (prompt, day) => {
    const texts = await textsOf(prompt);
    expect(texts.filter((text) => /\bSundays?\b/.test(text))).toEqual([]);
    expect(texts.some((text) => text.includes(day))).toBe(true);
  });

  it("where the weekend starts on Friday, the night out is Thursday", async () => {
    const texts = await textsOf("young engineers in Kuwait City", 60);
    expect(texts.filter((text) => /out with friends on a Friday/.test(text))).toEqual([]);
  });

  it("elsewhere Sunday stays the day off", async () => {
    const texts = await textsOf("pharmacists in Lyon");
    expect(texts.some((text) => /\bSunday/.test(text))).toBe(true);
  });
});
