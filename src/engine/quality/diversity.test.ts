import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng } from "../rng.ts";
import { compareSharedPairs, computeDiversity, makeSharedVectors } from "./diversity.ts";
import { TermVectors } from "./hashed-features.ts";
import { LSH_BANDS } from "./near-duplicates.ts";
import { PairBlocks, PairHits } from "./pairs.ts";
import { maskNameWords, nameWords, sentenceReport, sentencesOf, sentenceTemplate } from "./sentences.ts";
import { featureFields } from "./similarity.ts";

const vocabulary = "ward jungle lane climb season night team duo queue ranked coach scrim tilt carry mains enjoys hates after work school weekend friends stream baron dragon tower roam gank farm".split(" ");

function population(count: number, seed: number, copies = 0) {
  const rng = createRng(seed);
  const personas = Array.from({ length: count }, (_, index) => ({
    persona_id: `p${index}`,
    fields: {
      region: rng.pick(["NA", "EUW", "KR", "BR"]),
      rank: rng.pick(["Gold", "Silver", "Diamond"]),
      hours: String(rng.int(1, 60)),
      backstory: Array.from({ length: 14 }, () => rng.pick(vocabulary)).join(" "),
    },
  }));
  for (let k = 0; k < copies; k++) personas.push({ ...personas[k]!, persona_id: `copy${k}` });
  return personas;
}

describe("computeDiversity", () => {
  it("counts identical personas as duplicates with similarity 1 and explains them", () => {
    const persona = { persona_id: "a", fields: { rank: "Gold", backstory: "hello there friend" } };
    const report = computeDiversity([persona, { ...persona, persona_id: "b" }]);
    expect(report.duplicate_pairs).toBe(1);
    expect(report.max_pairwise_similarity).toBe(1);
    expect(report.duplicates?.[0]).toMatchObject({ persona_ids: ["a", "b"], similarity: 1, different_fields: [] });
  });

  it("keeps distinct personas apart", () => {
    const report = computeDiversity(population(200, 1));
    expect(report.duplicate_pairs).toBe(0);
    expect(report.mean_pairwise_similarity).toBeLessThan(0.5);
  });

  it("above the exact limit, LSH finds the same duplicates as comparing every pair, and the same mean", () => {
    const personas = population(800, 2, 15);
    const exact = computeDiversity(personas);
    const lsh = computeDiversity(personas, undefined, { exactLimit: 100, seed: 3 });
    expect(exact.method).toBe("exact");
    expect(lsh).toMatchObject({ method: "lsh", mean_method: "exact", lsh: { method: "weighted-minhash-lsh" } });
    expect(lsh.duplicate_pairs).toBe(exact.duplicate_pairs);
    expect(lsh.mean_pairwise_similarity).toBe(exact.mean_pairwise_similarity);
    expect(lsh.max_pairwise_similarity).toBe(exact.max_pairwise_similarity);
  });

  it("the mean is exact whatever the method, and the max never exceeds the true one", () => {
    const personas = population(1500, 4);
    const exact = computeDiversity(personas);
    const lsh = computeDiversity(personas, undefined, { exactLimit: 10, sampledPairs: 5_000 });
    expect(lsh.mean_pairwise_similarity).toBe(exact.mean_pairwise_similarity);
    expect(lsh.max_pairwise_similarity).toBeLessThanOrEqual(exact.max_pairwise_similarity);
    expect(lsh.max_method).toBe("candidates");
  });

  describe("templated sentences", () => {
    const blueprint = {
      domain: "test",
      fields: [
        { name: "name", kind: "text" as const, parents: [], conditionals: [] },
        { name: "age", kind: "numeric" as const, parents: [], numeric: { min: 18, max: 90, mean: 40, sd: 10 }, conditionals: [] },
        { name: "backstory", kind: "text" as const, parents: [], conditionals: [] },
      ],
    };
    const persona = (id: string, name: string, age: number, backstory: string) => ({ persona_id: id, fields: { name, age: String(age), backstory } });

    it("masks the persona's own name words (possessives too) and every number, and nothing else", () => {
      const names = nameWords({ name: "Jiwoo 'Hae' Park-Lee" });
      expect(sentenceTemplate("Jiwoo's sister calls Hae by 3pm; Park-Lee is 34, and Lee 2.5 km away.", names)).toBe("_'s sister calls _ by #pm; _ is #, and _ # km away.");
      expect(sentenceTemplate("Park Street is in Toronto.", nameWords({ name: "Ana Silva" }))).toBe("Park Street is in Toronto.");
    });

    it("takes a name's words as its tokens (a word of letters and marks, inner ' ’ - joining parts; numbers left out), whatever the characters", () => {
      const token = /\p{N}+(?:[.,:]\p{N}+)*(?:st|nd|rd|th|s)?|[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
      const byDefinition = (name: string) => {
        const words = new Set<string>();
        for (const word of name.match(token) ?? []) {
          if (word.length < 2 || /^\p{N}/u.test(word)) continue;
          words.add(word);
          for (const part of word.split(/['’-]/)) if (part.length >= 2) words.add(part);
        }
        return words;
      };
      const pieces = ["Jiwoo", "Park", "Lee", "Zoë", "José", "e\u0301", "𝒜", "\ud835", "\udc9c", "O", "'", "’", "-", "--", " ", "  ", ".", ",", "٣", "2nd", "3s", "4ever", "Ⅻ", "Å", "ß", "Ω", "\t"];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), fc.constantFrom("name", "full_name", "display_name"), (parts, field) => {
          const name = parts.join("");
          expect([...nameWords({ [field]: name })]).toEqual([...byDefinition(name)]);
        }),
        { numRuns: 3000, seed: 7 },
      );
    });

    it("masks name words in a template whose numbers are masked as it masks them in the sentence", () => {
      // Pieces that make tokens meet: name words, their parts and possessives, joiners, numbers with
      // suffixes, letters beyond the BMP and combining marks, and plain words.
      const pieces = ["Jiwoo", "Hae", "Park", "Lee", "Park-Lee", "Zoë", "'s", "’s", "'", "’", "-", "s", "5", "5th", "2.5", "3pm", " ", ", ", ".", "#", "𝒜", "\ud835", "e\u0301", "x", "Leeward", "O'Hae"];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), fc.subarray(["Jiwoo 'Hae' Park-Lee", "Zoë O'Hae", "Lee 𝒜x"], { minLength: 1 }), (parts, nameFields) => {
          const sentence = parts.join("");
          const names = nameWords({ name: nameFields.join(" ") });
          expect(maskNameWords(sentenceTemplate(sentence, new Set()), names, [...names])).toBe(sentenceTemplate(sentence, names));
        }),
        { numRuns: 3000, seed: 5 },
      );
    });

    it("counts sentences, repeats and templates as their definitions say, whatever the characters (numbers beyond ASCII, marks, names inside words)", () => {
      const pieces = ["Jiwoo", "Hae", "Lee", "Leeward", "O'Hae", "Zoë", "e\u0301", "𝒜", "٣", "²", "5th", "2.5", "3", "runs", "late", "the", "bus", "'s", " ", " ", ", ", ". ", "! ", "… ", "\u00a0"];
      const words = fc.array(fc.constantFrom(...pieces), { maxLength: 16 }).map((parts) => parts.join(""));
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom("Jiwoo Hae", "Zoë Lee", "Ana O'Hae"), words, words), { minLength: 1, maxLength: 8 }), (rows) => {
          const personas = rows.map(([name, backstory, motto], index) => ({ persona_id: `p${index}`, fields: { name, backstory, motto: `${motto} ${motto} ${motto} ${motto}` } }));
          const fields = featureFields(personas, blueprint);
          const seenSentences = new Set<string>();
          const seenTemplates = new Set<string>();
          let sentences = 0;
          let repeated = 0;
          let templated = 0;
          for (const persona of personas) {
            for (const field of fields.filter((field) => field.kind === "text" && field.name !== "name")) {
              for (const sentence of sentencesOf(persona.fields[field.name as keyof typeof persona.fields] ?? "")) {
                const template = sentenceTemplate(sentence, nameWords(persona.fields));
                sentences++;
                if (seenSentences.has(sentence)) repeated++;
                if (seenTemplates.has(template)) templated++;
                seenSentences.add(sentence);
                seenTemplates.add(template);
              }
            }
          }
          expect(sentenceReport(personas, fields)).toMatchObject({ sentences, repeated_sentences: repeated, templated_sentences: templated });
        }),
        { numRuns: 150, seed: 11 },
      );
    });

    it("leaves out fragments under three words, a word being a run of letters and numbers (beyond the BMP too)", () => {
      expect(sentencesOf("Warm. Two words. 𝒜𝒜 b-c. Three whole words. a1 b2 c3. É é é. ٣ ٣.")).toEqual(["𝒜𝒜 b-c.", "Three whole words.", "a1 b2 c3.", "É é é."]);
      const pieces = ["a", "É", "e\u0301", "𝒜", "\ud835", "٣", "²", "5", "-", "'", " ", ",", ";"];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }), (parts) => {
          const sentence = `x${parts.join("")}x`;
          const words = sentence.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
          expect(sentencesOf(sentence)).toEqual(words >= 3 ? [sentence] : []);
        }),
        { numRuns: 2000, seed: 3 },
      );
    });

    it("counts a sentence written from one frame with other names and numbers as templated, and lists it", () => {
      const personas = [
        persona("p1", "Ana Silva", 31, "Ana, 31, works nights in Lisbon. Weekends are for digging through record shops."),
        persona("p2", "Bo Chen", 45, "Bo, 45, works nights in Lisbon. She keeps bees on the roof of her building."),
        persona("p3", "Cy Okafor", 52, "Cy, 52, works nights in Lisbon. Weekends are for digging through record shops."),
      ];
      const report = computeDiversity(personas, blueprint);
      expect(report.sentences).toBe(6);
      expect(report.repeated_sentences).toBe(1);
      expect(report.templated_sentences).toBe(3);
      expect(report.templated_share).toBe(0.5);
      expect(report.near_duplicate_sentences).toEqual([
        { template: "_, #, works nights in Lisbon.", count: 3, persona_ids: ["p1", "p2", "p3"] },
        { template: "Weekends are for digging through record shops.", count: 2, persona_ids: ["p1", "p3"] },
      ]);
    });

    it("sees what whole-persona similarity misses: every persona unique, half their sentences shared", () => {
      const rng = createRng(7);
      const personas = Array.from({ length: 40 }, (_, index) => persona(`p${index}`, `Name${index} Family${index}`, 20 + index, `${Array.from({ length: 30 }, () => rng.pick(vocabulary)).join(" ")}. Weekends are for digging through record shops.`));
      const report = computeDiversity(personas, blueprint);
      expect(report.duplicate_pairs).toBe(0);
      expect(report.templated_sentences).toBe(39);
      expect(report.near_duplicate_sentences?.[0]).toMatchObject({ count: 40, persona_ids: ["p0", "p1", "p2", "p3", "p4"] });
    });

    it("reports nothing repeated for distinct sentences, and ignores fragments and names", () => {
      const personas = [persona("a", "Same Name", 30, "Warm. She fixes old radios for neighbours."), persona("b", "Same Name", 30, "Warm. He sails a small boat every summer.")];
      const report = computeDiversity(personas, blueprint);
      expect(report).toMatchObject({ sentences: 2, repeated_sentences: 0, templated_sentences: 0, templated_share: 0 });
      expect(report.near_duplicate_sentences).toBeUndefined();
    });
  });
});

describe("vectors and pair cosines made from terms in shared memory (another thread's part, decision 0011)", () => {
  it("are the vectors, band-key inputs and cosines of the personas' own TermVectors, to the bit", () => {
    const personas = population(300, 5, 20);
    const fields = featureFields(personas);
    const own = new TermVectors(personas, fields);
    const ownVectors = personas.map((_, index) => {
      const vector = own.make(index);
      return { ids: vector.ids.slice(), weights: vector.weights.slice() };
    });
    const shared = new TermVectors(personas, fields, true);
    const handed = { ...shared.sharing(), seed: 3, fingerprints: new Int32Array(new SharedArrayBuffer(personas.length * 8)), keys: new Uint32Array(new SharedArrayBuffer(personas.length * LSH_BANDS * 4)) };
    const there = makeSharedVectors(handed);
    personas.forEach((_, index) => {
      expect(handed.lengths[index]).toBe(ownVectors[index]!.ids.length);
      expect(Array.from(there.vector(index).weights)).toEqual(Array.from(ownVectors[index]!.weights));
    });
    expect(shared.table.sumOfSquares()).toBe(own.table.sumOfSquares());
    // Candidate pairs in shared blocks: copies (cosine 1) before and after every pair of the first
    // 40 and the next 40; the other thread takes them from the sixth on. It keeps the largest and the
    // pairs at the duplicate threshold (their places and exact cosines, in order), no other cosine.
    const candidates = new PairBlocks(true);
    for (let k = 0; k < 10; k++) candidates.push(k, 300 + k);
    for (let a = 0; a < 40; a++) for (let b = 40; b < 80; b++) candidates.push(a, b);
    for (let k = 10; k < 20; k++) candidates.push(k, 300 + k);
    const from = 5;
    const largest = new Float64Array(new SharedArrayBuffer(8));
    largest[0] = Number.NEGATIVE_INFINITY;
    const handedHits = PairHits.upTo(candidates.length - from, true).sharing();
    compareSharedPairs(there, { blocks: [...candidates.blocks], from, to: candidates.length, largest, hits: handedHits });
    const exact = Array.from({ length: candidates.length }, (_, p) => own.cosine(own.vector(candidates.first(p)), false, candidates.second(p), Number.NEGATIVE_INFINITY));
    const compared = exact.slice(from);
    expect(largest[0]).toBe(Math.max(...compared));
    const hits = PairHits.written(handedHits);
    const expected = compared.flatMap((cosine, k) => (cosine >= 0.9 - 1e-9 ? [[from + k, cosine]] : []));
    expect(expected.length).toBe(15);
    expect(Array.from({ length: hits.length }, (_, hit) => [hits.pair(hit), hits.similarity(hit)])).toEqual(expected);
    expect(Array.from(hits.inPairOrder())).toEqual(expected.map((_, hit) => hit));
  });
});
