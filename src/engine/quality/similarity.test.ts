import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cosine, hashString, readTermIds, termIdBuffer, vectorise, words, type PersonaFields } from "./similarity.ts";

const blueprint = {
  domain: "test",
  fields: [
    { name: "region", kind: "categorical" as const, parents: [], categorical: { weights: { NA: 1, EUW: 1 } }, conditionals: [] },
    { name: "hours", kind: "numeric" as const, parents: [], numeric: { min: 0, max: 50, mean: 20, sd: 10 }, conditionals: [] },
    { name: "backstory", kind: "text" as const, parents: [], conditionals: [] },
    { name: "motto", kind: "text" as const, parents: [], conditionals: [] },
  ],
};

/**
 * DESIGN §4's metric written out plainly, with strings and maps: `field=value` tokens weighing 1
 * (numbers by tenth of their range), each text field's unigrams and bigrams weighed by
 * (1 + ln tf) × (ln((1 + N) / (1 + df)) + 1) and scaled to length 1, the whole vector to length 1.
 */
function plainVectors(personas: readonly PersonaFields[]): Map<string, number>[] {
  const terms = (text: string) => {
    const list = words(text);
    return [...list, ...list.slice(1).map((word, index) => `${list[index]} ${word}`)];
  };
  const documentFrequency = new Map<string, number>();
  for (const persona of personas) {
    for (const field of ["backstory", "motto"]) {
      for (const term of new Set(terms(persona.fields[field] ?? ""))) documentFrequency.set(`${field}:${term}`, (documentFrequency.get(`${field}:${term}`) ?? 0) + 1);
    }
  }
  return personas.map((persona) => {
    const vector = new Map<string, number>();
    vector.set(`region=${persona.fields.region}`, 1);
    vector.set(`hours#${Math.min(9, Math.floor((Number(persona.fields.hours) / 50) * 10))}`, 1);
    for (const field of ["backstory", "motto"]) {
      const counts = new Map<string, number>();
      for (const term of terms(persona.fields[field] ?? "")) counts.set(term, (counts.get(term) ?? 0) + 1);
      const block = [...counts].map(([term, count]) => [`${field}:${term}`, (1 + Math.log(count)) * (Math.log((1 + personas.length) / (1 + (documentFrequency.get(`${field}:${term}`) as number))) + 1)] as const);
      const length = Math.hypot(...block.map(([, weight]) => weight));
      if (length > 0) for (const [term, weight] of block) vector.set(term, weight / length);
    }
    const length = Math.hypot(...vector.values());
    for (const [key, weight] of vector) vector.set(key, weight / length);
    return vector;
  });
}

function plainCosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  for (const [key, weight] of a) dot += weight * (b.get(key) ?? 0);
  return dot;
}

describe("persona feature vectors", () => {
  it("give the cosine of DESIGN §4's TF-IDF vectors, terms met once included (their frequency is not looked up)", () => {
    const word = fc.constantFrom("ward", "jungle", "lane", "climb", "night", "team", "duo", "queue", "tilt", "carry");
    const text = fc.array(word, { maxLength: 12 }).map((list) => list.join(" "));
    const persona = fc.record({ region: fc.constantFrom("NA", "EUW"), hours: fc.integer({ min: 0, max: 50 }).map(String), backstory: text, motto: text });
    fc.assert(
      fc.property(fc.array(persona, { minLength: 2, maxLength: 8 }), (fieldsList) => {
        const personas = fieldsList.map((fields) => ({ fields }));
        const { vectors } = vectorise(personas, blueprint);
        const plain = plainVectors(personas);
        for (let a = 0; a < personas.length; a++) {
          for (let b = a + 1; b < personas.length; b++) {
            expect(cosine(vectors[a]!, vectors[b]!)).toBeCloseTo(Math.min(1, plainCosine(plain[a]!, plain[b]!)), 12);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("term ids", () => {
  // The scan reads words in place, with a class table and surrogate pairs read apart: it must give
  // what the regular expression gives, for any text (astral letters and numbers, marks, lone
  // surrogates, apostrophes before letters, after words, doubled, at the end).
  it("are the hashes of the words `words` gives, each followed by its bigram with the word before", () => {
    const pieces = fc.constantFrom("a", "Z", "é", "İ", "ß", "ΣΑΣ", "١٢", "7", "𝒳", "𝟙", "😀", "\ud800", "\udc00", "'", "’", " ", ".", "-", "\u0301", "don't", "l’été");
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }).map((list) => list.join("")), fc.integer(), (text, fieldHash) => {
        const count = readTermIds(text, fieldHash);
        const ids = [...termIdBuffer().subarray(0, count)];
        const unigrams = words(text).map((word) => hashString(word, fieldHash) | 0);
        expect(ids.filter((_, position) => position === 0 || position % 2 === 1)).toEqual(unigrams);
        expect(ids.length).toBe(Math.max(0, unigrams.length * 2 - 1));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
