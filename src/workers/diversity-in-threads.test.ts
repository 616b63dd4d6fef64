import { afterAll, describe, expect, it } from "vitest";
import { createRng } from "../engine/rng.ts";
import { computeDiversity } from "../engine/quality/diversity.ts";
import type { PersonaFields } from "../engine/quality/similarity.ts";
import { diversityInThreads, makeVectors, type DiversityEngine, type VectorsInput } from "./diversity-in-threads.ts";
import { EnginePool } from "./engine-pool.ts";

const vocabulary = "ward jungle lane climb season night team duo queue ranked coach scrim tilt carry mains enjoys hates after work school weekend friends stream baron dragon tower roam gank farm".split(" ");

const blueprint = {
  domain: "test",
  fields: [
    { name: "region", kind: "categorical" as const, parents: [], categorical: { weights: { NA: 1, EUW: 1, KR: 1 } }, conditionals: [] },
    { name: "name", kind: "text" as const, parents: [], conditionals: [] },
    { name: "backstory", kind: "text" as const, parents: [], conditionals: [] },
  ],
};

/**
 * Personas whose sentences repeat with their names and numbers changed, with an undeclared text
 * field, an identical copy and two personas with no fields (an empty vector's band keys are its own).
 */
function population(count: number): PersonaFields[] {
  const rng = createRng(7);
  const personas: PersonaFields[] = Array.from({ length: count }, (_, index) => {
    const given = `Name${rng.int(0, 40)}`;
    return {
      persona_id: `p${index}`,
      fields: {
        region: rng.pick(["NA", "EUW", "KR"]),
        name: `${given} Family${index}`,
        backstory: `${given} plays ${rng.int(2, 30)} hours a week. ${Array.from({ length: 10 }, () => rng.pick(vocabulary)).join(" ")}. Mains ${rng.pick(["jungle", "mid", "support"])} with friends after work.`,
        motto: Array.from({ length: 5 }, () => rng.pick(vocabulary)).join(" "),
      },
    };
  });
  personas.push({ persona_id: "copy", fields: (personas[3] as PersonaFields).fields }, { persona_id: "empty", fields: {} }, { persona_id: "empty too", fields: {} });
  return personas;
}

const thread = new EnginePool(1);
afterAll(() => thread.destroy());

describe("the diversity report of personas in memory, on an engine thread as well", () => {
  const personas = population(400);
  const options = { seed: 11, exactLimit: 100 };

  it("is the report made on this thread alone, byte for byte: its terms read and sentences counted here, its vectors, fingerprints and band keys made on the engine thread", async () => {
    await thread.run("engineReady", undefined);
    const alone = computeDiversity(personas, blueprint, options);
    expect(alone.method).toBe("lsh");
    expect(alone.templated_sentences).toBeGreaterThan(0);
    expect(JSON.stringify(await diversityInThreads(thread, personas, blueprint, options))).toBe(JSON.stringify(alone));
  });

  it("is made on this thread alone without engine threads, and up to the exact limit", async () => {
    expect(JSON.stringify(await diversityInThreads(new EnginePool(0), personas, blueprint, options))).toBe(JSON.stringify(computeDiversity(personas, blueprint, options)));
    const few = personas.slice(0, 80);
    expect(JSON.stringify(await diversityInThreads(thread, few, blueprint, options))).toBe(JSON.stringify(computeDiversity(few, blueprint, options)));
  });
});

/** An engine whose thread runs `makeVectors` as `run` says: at once, never, or failing after it took the vectors. */
function engineThat(runs: "at-once" | "never" | "fails", ran: Promise<boolean>[]): DiversityEngine {
  return {
    size: 1,
    run: ((task: string, input: VectorsInput) => {
      if (task !== "makeVectors") return Promise.resolve(true);
      if (runs === "never") return new Promise(() => undefined);
      if (runs === "fails") {
        Atomics.store(input.state, 0, 3);
        return Promise.reject(new Error("out of memory"));
      }
      const made = makeVectors(input);
      ran.push(made);
      return made;
    }) as DiversityEngine["run"],
  };
}

describe("who makes the vectors: the thread that takes them first", () => {
  const personas = population(400);
  const options = { seed: 11, exactLimit: 100 };
  const alone = JSON.stringify(computeDiversity(personas, blueprint, options));

  it("is the engine thread when it takes them before the calling thread needs them: the same report", async () => {
    const ran: Promise<boolean>[] = [];
    expect(JSON.stringify(await diversityInThreads(engineThat("at-once", ran), personas, blueprint, options))).toBe(alone);
    expect(await Promise.all(ran)).toEqual([true]);
  });

  it("is the calling thread when the engine thread has not begun (a pool starting, or busy): the same report, and no wait for it", async () => {
    expect(JSON.stringify(await diversityInThreads(engineThat("never", []), personas, blueprint, options))).toBe(alone);
  });

  it("fails the report when the engine thread took the vectors and failed", async () => {
    await expect(diversityInThreads(engineThat("fails", []), personas, blueprint, options)).rejects.toThrow(/vectors failed on the engine thread/);
  });
});

describe("the candidate pairs' cosines, half on the engine thread that made the vectors", () => {
  // No identical copy (its cosine of 1 would be the max whatever the others'), and near-copies
  // with one word changed: the max and the duplicates come from the candidates' cosines.
  const personas = population(400).slice(0, 400);
  for (const [index, at] of Array.from({ length: 40 }, (_, near) => [near, 300 + near] as const)) {
    const fields = (personas[index] as PersonaFields).fields as Record<string, string>;
    personas[at] = { persona_id: `near ${index}`, fields: { ...fields, backstory: (fields.backstory as string).replace(/\bweek\b/, "month") } };
  }
  const alone = JSON.stringify(computeDiversity(personas, blueprint, { seed: 11, exactLimit: 100 }));

  it("is the same report when the engine thread made the vectors and compared the second half of the pairs", async () => {
    await thread.run("engineReady", undefined);
    const made: Promise<boolean>[] = [];
    // The real engine thread, given the time to take the vectors before this thread wants them.
    const waiting: DiversityEngine = {
      size: 1,
      run: ((task: "makeVectors", input: VectorsInput) => {
        const answer = thread.run(task, input);
        Atomics.wait(input.state, 0, 0, 30_000);
        made.push(answer);
        return answer;
      }) as DiversityEngine["run"],
    };
    const report = await diversityInThreads(waiting, personas, blueprint, { seed: 11, exactLimit: 100, sharedPairsFrom: 1 });
    expect(report.lsh?.candidate_pairs).toBeGreaterThan(1);
    // More duplicates than are listed: which are listed depends on the order of both threads' hits.
    expect(report.duplicate_pairs).toBeGreaterThan(report.duplicates?.length ?? 0);
    expect(report.duplicates?.length).toBe(20);
    expect(report.max_pairwise_similarity).toBeLessThan(1);
    expect(JSON.stringify(report)).toBe(alone);
    expect(await Promise.all(made)).toEqual([true]);
  });

  it("is the same report when the calling thread made the vectors and so compares every pair", async () => {
    expect(JSON.stringify(await diversityInThreads(engineThat("never", []), personas, blueprint, { seed: 11, exactLimit: 100, sharedPairsFrom: 1 }))).toBe(alone);
  });
});
