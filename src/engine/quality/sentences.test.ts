import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { featureFields, type FeatureField, type PersonaFields } from "./similarity.ts";
import { SentenceCounter, SentenceMerge, sentenceReport, templateWordingOf, TEMPLATES_LISTED, type SentenceReport } from "./sentences.ts";

const fields: FeatureField[] = featureFields([], {
  domain: "test",
  fields: [
    { name: "name", kind: "text", parents: [], conditionals: [] },
    { name: "backstory", kind: "text", parents: [], conditionals: [] },
    { name: "__proto__", kind: "text", parents: [], conditionals: [] },
  ],
});

/** The sentence report merged from shards cut at `cuts`, each listed wording no shard kept found in its first writer's personas. */
function mergedReport(personas: readonly PersonaFields[], cuts: readonly number[]): SentenceReport {
  const merge = new SentenceMerge(SentenceCounter.fieldsOf(fields));
  const bounds = [0, ...[...new Set(cuts)].filter((cut) => cut > 0 && cut < personas.length).sort((a, b) => a - b), personas.length];
  for (let shard = 0; shard + 1 < bounds.length; shard++) {
    const start = bounds[shard] as number;
    const own = personas.slice(start, bounds[shard + 1]);
    const counter = new SentenceCounter(fields, (index) => own[index]?.persona_id as string);
    own.forEach((persona, index) => counter.add(persona, index));
    merge.add(counter.shardState(own.map((persona) => persona.persona_id as string)), start);
  }
  // Settled (its tables let go) or not: the same report.
  if (bounds.length % 2 === 0) merge.settle();
  const worded = new Map<number, string>();
  for (const { template, first, second, writer, wording } of merge.listed()) {
    if (wording === undefined) worded.set(template, templateWordingOf(personas[writer] as PersonaFields, fields, first, second) as string);
  }
  return merge.report(worded);
}

const frames = ["Plays # games a week with _.", "Lives in Leeds since #.", "Has a cat called _.", "Short one.", "Works nights at the ward.", "Saw _ in ٣ towns.", "_'s sister calls at #pm.", "Reads every night before bed."];
const persona = fc.record({
  id: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"),
  given: fc.constantFrom("Ana", "Jiwoo", "Park-Lee", "Leeds", "Bo"),
  sentences: fc.array(fc.tuple(fc.nat(frames.length - 1), fc.constantFrom("Ana", "Jiwoo", "Park", "Lee", "Sam"), fc.nat(99)), { maxLength: 6 }),
});

function personaOf(drawn: { id: string; given: string; sentences: [number, string, number][] }, index: number): PersonaFields {
  const text = drawn.sentences.map(([frame, name, number]) => (frames[frame] as string).replace("_", name).replace("#", String(number))).join(" ");
  // Ids repeat across and within shards: writers are listed by distinct id.
  return { persona_id: `${drawn.id}${index % 7}`, fields: { name: `${drawn.given} Smith`, backstory: text, ["__proto__"]: index % 3 === 0 ? "Owns a boat called Anna." : "" } };
}

describe("sentence counts merged from shards (SentenceMerge)", () => {
  it("are the counts and listed templates of one counter over the whole population, whatever the shard boundaries", () => {
    fc.assert(
      fc.property(fc.array(persona, { minLength: 1, maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 6 }), (drawn, cuts) => {
        const personas = drawn.map(personaOf);
        expect(JSON.stringify(mergedReport(personas, cuts))).toBe(JSON.stringify(sentenceReport(personas, fields)));
      }),
      { numRuns: 150 },
    );
  });

  it("words a listed template that no shard kept (written once in each) from its first writer's personas", () => {
    // Each template written once in each of two shards: no shard counts it twice, so none keeps its wording.
    const templates = Array.from({ length: TEMPLATES_LISTED + 5 }, (_, index) => `Template number ${"x".repeat(index + 1)} is written by #.`);
    const shard = (offset: number) => templates.map((template, index) => ({ persona_id: `p${offset + index}`, fields: { name: "Ana Smith", backstory: template.replace("#", String(offset + index)) } }));
    const personas = [...shard(0), ...shard(100)];
    const merged = mergedReport(personas, [templates.length]);
    expect(merged).toEqual(sentenceReport(personas, fields));
    expect(merged.near_duplicate_sentences).toHaveLength(TEMPLATES_LISTED);
  });
});
