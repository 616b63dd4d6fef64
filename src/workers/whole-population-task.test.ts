/**
 * A thread remembers the offline modeller's recent designs by prompt and grounding: a population
 * whose design was remembered has the bytes of one designed afresh, whatever its seed and count.
 */
import { describe, expect, it } from "vitest";
import { OfflineModeller, OfflineWriter } from "../offline/index.ts";
import { generatePopulation } from "../pipeline/generate.ts";
import { RememberedDesigns, warmUp, wholePopulation } from "./whole-population-task.ts";

const PROMPTS = ["a chess player", "Night-shift nurses in Leeds", "Blacksmiths in 14th-century England", "retired fishermen in Hokkaido"];

describe("the offline modeller's design", () => {
  it("reads only the prompt and the grounding: another seed changes only the blueprint's seed, another count nothing", async () => {
    const modeller = new OfflineModeller();
    for (const prompt of PROMPTS) {
      const design = await modeller.design({ prompt, count: 1, grounding: "off", seed: 5 });
      for (const [count, seed] of [[1, 9], [700, 5], [40, -3]] as const) {
        expect(JSON.stringify(await modeller.design({ prompt, count, grounding: "off", seed }))).toBe(JSON.stringify({ ...design, seed }));
      }
    }
  });
});

describe("the offline design of a prompt", () => {
  it("keeps out the everyday jobs its people cannot hold, whatever was designed before it in the thread", async () => {
    const occupations = async (prompt: string) => {
      const blueprint = await new OfflineModeller().design({ prompt, count: 1, grounding: "off", seed: 1 });
      const field = blueprint.fields.find((each) => each.name === "occupation");
      return new Set((field?.conditionals ?? []).flatMap((conditional) => Object.keys(conditional.categorical?.weights ?? {})));
    };
    // Designs whose everyday jobs include drivers and farmers, first: what the thread may remember.
    expect(await occupations("people in rural Kenya")).toContain("truck driver");
    expect(await occupations("a chess player")).toContain("farmer");
    const blind = await occupations("blind people");
    const city = await occupations("people in Tokyo");
    expect(blind.size).toBeGreaterThan(0);
    expect(blind).not.toContain("truck driver");
    expect(city.size).toBeGreaterThan(0);
    expect(city).not.toContain("farmer");
  });
});

describe("designs remembered in a thread", () => {
  it("give a population the bytes of one designed afresh, for any seed and count", async () => {
    for (const prompt of PROMPTS) {
      for (const [count, seed] of [[1, 1], [1, 2], [6, 3]] as const) {
        const remembered = await wholePopulation({ prompt, count, grounding: "off", seed });
        const fresh = await generatePopulation({ prompt, count, grounding: "off", seed }, { modeller: new OfflineModeller(), writer: new OfflineWriter() });
        const { personas, ...result } = fresh;
        expect(remembered.personas.json).toBe(JSON.stringify(personas));
        expect(JSON.stringify(remembered.result)).toBe(JSON.stringify(result));
      }
    }
  }, 60_000);

  it("designs a prompt once while it is among the last remembered, forgetting the least recently used", async () => {
    const designed: string[] = [];
    const modeller = new OfflineModeller();
    const counting = Object.assign(Object.create(modeller) as OfflineModeller, {
      design: (request: Parameters<OfflineModeller["design"]>[0]) => {
        designed.push(request.prompt);
        return modeller.design(request);
      },
    });
    const designs = new RememberedDesigns(counting, 2);
    const design = (prompt: string, grounding: "off" | "web" = "off") => designs.design({ prompt, count: 1, grounding, seed: 1 });
    await design("a chess player");
    await design("a baker");
    await design("a chess player");
    await design("a chess player", "web");
    await design("a chess player");
    await design("a baker");
    expect(designed).toEqual(["a chess player", "a baker", "a chess player", "a baker"]);
  });
});

describe("a thread's warm-up", () => {
  it("is done once per thread, and leaves a population the bytes of one made in a fresh process", async () => {
    await warmUp();
    expect(await warmUp()).toBe(false);
    // The warm-up's own prompt too: what it made is not remembered as a job's design.
    for (const prompt of ["Teachers in Lisbon", PROMPTS[1] as string]) {
      const warmed = await wholePopulation({ prompt, count: 2, grounding: "off", seed: 4 });
      const { personas, ...result } = await generatePopulation({ prompt, count: 2, grounding: "off", seed: 4 }, { modeller: new OfflineModeller(), writer: new OfflineWriter() });
      expect(warmed.personas.json).toBe(JSON.stringify(personas));
      expect(JSON.stringify(warmed.result)).toBe(JSON.stringify(result));
    }
  }, 60_000);
});
