import { describe, expect, it } from "vitest";
import { createRng } from "../rng.ts";
import { DimensionTable, FEATURE_DIMENSIONS, hashedCosine, hashedTermsOf, hashedVectors, HashedVectoriser, NumberedDimensions, PackedCounts, RankedDimensions, termFrequencyWeight, TermVectors } from "./hashed-features.ts";
import { cosine, featureFields, termStoreFor, vectorise, type FeatureVector, type PersonaFields } from "./similarity.ts";

const vocabulary = "ward jungle lane climb season night team duo queue ranked coach scrim tilt carry mains enjoys hates after work school weekend friends stream baron dragon tower roam gank farm".split(" ");

function population(count: number, seed: number): PersonaFields[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, index) => ({
    persona_id: `p${index}`,
    fields: {
      region: rng.pick(["NA", "EUW", "KR"]),
      hours: String(rng.int(1, 60)),
      name: `Name${rng.int(0, 40)} Family${index}`,
      backstory: `${Array.from({ length: 12 + rng.int(0, 20) }, () => rng.pick(vocabulary)).join(" ")}. Plays ${rng.int(2, 30)} hours a week after work.`,
    },
  }));
}

describe("features hashed into 2^22 dimensions", () => {
  const personas = population(300, 7);
  const fields = featureFields(personas);
  const { vectors, table } = hashedVectors(personas, fields, true);
  const exact = vectorise(personas).vectors;

  it("gives unit vectors, each dimension once, within the dimensions", () => {
    for (const vector of vectors) {
      let norm = 0;
      vector.weights.forEach((weight) => (norm += weight * weight));
      expect(norm).toBeCloseTo(1, 12);
      expect(new Set(vector.ids).size).toBe(vector.ids.length);
      expect(vector.ids.every((id) => id >= 0 && id < FEATURE_DIMENSIONS)).toBe(true);
    }
  });

  it("gives the cosines of the unhashed features but for rare coincidences of two features in one dimension", () => {
    let largest = 0;
    for (let a = 0; a < 60; a++) for (let b = a + 1; b < 60; b++) largest = Math.max(largest, Math.abs(hashedCosine(vectors[a] as FeatureVector, vectors[b] as FeatureVector) - cosine(exact[a] as FeatureVector, exact[b] as FeatureVector)));
    expect(largest).toBeLessThan(0.01);
  });

  it("compares two vectors whatever the order of their entries, as the sorted merge does", () => {
    const sorted = (vector: FeatureVector): FeatureVector => {
      const order = [...vector.ids.keys()].sort((x, y) => (vector.ids[x] as number) - (vector.ids[y] as number));
      return { ids: Int32Array.from(order, (k) => vector.ids[k] as number), weights: Float64Array.from(order, (k) => vector.weights[k] as number) };
    };
    for (let a = 0; a < 20; a++) for (let b = 0; b < 20; b++) expect(hashedCosine(vectors[a] as FeatureVector, vectors[b] as FeatureVector)).toBeCloseTo(cosine(sorted(vectors[a] as FeatureVector), sorted(vectors[b] as FeatureVector)), 12);
  });

  it("sums the unit vectors it makes, so that ‖Σ u‖² − N over N(N − 1) is the mean of every pair's cosine", () => {
    let pairs = 0;
    for (let a = 0; a < vectors.length; a++) for (let b = a + 1; b < vectors.length; b++) pairs += hashedCosine(vectors[a] as FeatureVector, vectors[b] as FeatureVector);
    const n = vectors.length;
    expect((table.sumOfSquares() - n) / (n * (n - 1))).toBeCloseTo((2 * pairs) / (n * (n - 1)), 12);
  });

  // With terms read already (`read`), hashedVectors counts them in a DimensionTable of all 2^22 dimensions, as the stored report does.
  const withDimensionTable = (group: PersonaFields[], groupFields = fields) => hashedVectors(group, groupFields, true, hashedTermsOf(group, groupFields.filter((field) => field.kind === "text")));

  it("hands a released table that few dimensions filled to the next report, empty, and the next report's numbers are a fresh table's", () => {
    const released = withDimensionTable(population(200, 3)).table;
    released.release();
    const again = withDimensionTable(personas);
    expect(again.table).toBe(released);
    expect(again.table.sumOfSquares()).toBe(table.sumOfSquares());
    expect(again.vectors.map((vector) => [...vector.weights])).toEqual(vectors.map((vector) => [...vector.weights]));
    again.table.release();
    const taken = DimensionTable.take();
    expect(taken.values.every((value) => value === 0) && taken.touched.every((block) => block === 0)).toBe(true);
  });

  it("makes the same vectors and the same mean's sum, to the bit, numbering the dimensions a population meets as with a table of all of them", () => {
    const rng = createRng(11);
    // Many distinct words: the numbering grows its arrays and its slots several times.
    const varied = Array.from({ length: 400 }, (_, index) => ({
      persona_id: `v${index}`,
      fields: { region: rng.pick(["NA", "EUW", "KR", "BR"]), hours: String(rng.int(1, 60)), backstory: Array.from({ length: 30 + rng.int(0, 30) }, () => `w${rng.int(0, 20_000)}`).join(" "), goals: rng.pick(vocabulary) },
    }));
    for (const group of [personas, varied]) {
      const groupFields = featureFields(group);
      const numbered = hashedVectors(group, groupFields, true);
      const whole = withDimensionTable(group, groupFields);
      expect(numbered.table).toBeInstanceOf(NumberedDimensions);
      expect(numbered.vectors.map((vector) => [...vector.ids])).toEqual(whole.vectors.map((vector) => [...vector.ids]));
      expect(numbered.vectors.map((vector) => [...vector.weights])).toEqual(whole.vectors.map((vector) => [...vector.weights]));
      expect(numbered.table.sumOfSquares()).toBe(whole.table.sumOfSquares());
      whole.table.release();
    }
  });

  // hashedVectors allocates its arrays before reading the texts, sized by their length; texts of
  // one-letter words hold more terms than that guess: the vectors must still be whole.
  it("gives the vectors of the vectoriser whatever the texts hold per character (one-letter words outgrow the sizing)", () => {
    const rng = createRng(5);
    const dense = Array.from({ length: 120 }, (_, index) => ({
      persona_id: `d${index}`,
      fields: { region: rng.pick(["NA", "EUW"]), backstory: Array.from({ length: 40 + rng.int(0, 40) }, () => rng.pick("abcdefghij".split(""))).join(" ") },
    }));
    for (const group of [dense, personas]) {
      const groupFields = featureFields(group);
      const made = hashedVectors(group, groupFields, true);
      const expected = new HashedVectoriser(groupFields, made.table).vectorise(group);
      expect(made.vectors.map((vector) => [...vector.ids])).toEqual(expected.map((vector) => [...vector.ids]));
      expect(made.vectors.map((vector) => [...vector.weights])).toEqual(expected.map((vector) => [...vector.weights]));
      made.table.release();
    }
  });

  // TermVectors packs each term's count in 4 bytes with its key; from 1,023 on the count is kept apart.
  it("makes, with the counts packed, the vectors of the unpacked terms, to the bit, for terms written once or thousands of times in a text", () => {
    const rng = createRng(9);
    const repeated = (word: string, times: number) => Array.from({ length: times }, () => word).join(" ");
    const group: PersonaFields[] = Array.from({ length: 90 }, (_, index) => ({
      persona_id: `r${index}`,
      fields: {
        region: rng.pick(["NA", "EUW", "KR"]),
        // Around the packed limit (1,022, 1,023, 1,024 and far beyond), beside words written once.
        backstory: `${repeated("tilt", [1, 2, 1022, 1023, 1024, 3000][index % 6] as number)} ${Array.from({ length: 5 + rng.int(0, 30) }, () => rng.pick(vocabulary)).join(" ")}`,
        goals: Array.from({ length: 40 + rng.int(0, 40) }, () => rng.pick("abcdefghij".split(""))).join(" "),
      },
    }));
    for (const members of [group, personas]) {
      const groupFields = featureFields(members);
      const expected = hashedVectors(members, groupFields, true);
      const packed = new TermVectors(members, groupFields);
      members.forEach((_, index) => {
        const made = packed.make(index);
        expect([...made.ids]).toEqual([...(expected.vectors[index] as FeatureVector).ids]);
        expect([...made.weights]).toEqual([...(expected.vectors[index] as FeatureVector).weights]);
      });
      // Made again (a pair's first vector) and read entry by entry (a pair's second): the same numbers.
      for (let index = 1; index < members.length; index++) {
        const first = expected.vectors[index - 1] as FeatureVector;
        expect([...packed.vector(index).weights]).toEqual([...(expected.vectors[index] as FeatureVector).weights]);
        expect(packed.cosine(first, false, index, Number.NEGATIVE_INFINITY)).toBe(hashedCosine(first, expected.vectors[index] as FeatureVector));
      }
      expect(packed.table.sumOfSquares()).toBe(expected.table.sumOfSquares());
    }
  });

  it("given a floor, returns the cosine to the bit, or −1 only for a pair whose cosine is below the floor", () => {
    const floors = [0, 0.2, 0.4, 0.6, 0.9, 1];
    let stopped = 0;
    for (let a = 0; a < 80; a++) {
      for (let b = a + 1; b < 80; b++) {
        const whole = hashedCosine(vectors[a] as FeatureVector, vectors[b] as FeatureVector);
        for (const floor of floors) {
          const bounded = hashedCosine(vectors[a] as FeatureVector, vectors[b] as FeatureVector, false, floor);
          if (bounded === -1) {
            stopped++;
            expect(whole).toBeLessThan(floor);
          } else expect(Object.is(bounded, whole)).toBe(true);
        }
      }
    }
    // The structured fields come first in a vector and settle most pairs against a high floor.
    expect(stopped).toBeGreaterThan(floors.length * 1000);
  });

  it("stops as soon as the entries left cannot lift the cosine to the floor, and not before", () => {
    // b: 32 entries; the first 16 hold 0.96 of its squared length and miss a entirely; the rest meet it.
    const ids = Int32Array.from({ length: 32 }, (_, k) => k);
    const heavy = Math.sqrt(0.96 / 16);
    const light = Math.sqrt(0.04 / 16);
    const b: FeatureVector = { ids, weights: Float64Array.from({ length: 32 }, (_, k) => (k < 16 ? heavy : light)) };
    const a: FeatureVector = { ids: ids.slice(16), weights: new Float64Array(16).fill(Math.sqrt(1 / 16)) };
    const whole = hashedCosine(a, b);
    expect(whole).toBeCloseTo(Math.sqrt(0.04), 12);
    // After 16 entries: dot 0, at most √0.04 = 0.2 to come.
    expect(hashedCosine(a, b, false, 0.25)).toBe(-1);
    expect(hashedCosine(a, b, false, 0.15)).toBe(whole);
  });
});

describe("terms read with the dimensions numbered as met", () => {
  // A style drawn from four phrasings (one with a word written 1,100 times: a count kept apart when
  // packed), a backstory that never repeats, a name that repeats once in a while.
  const rng = createRng(19);
  const styles = ["Roams early and wards deep.", "Farms safely, scales late; farms again.", "", Array.from({ length: 1_100 }, () => "tilt").join(" ")];
  const personas: PersonaFields[] = Array.from({ length: 900 }, (_, index) => ({
    persona_id: `p${index}`,
    fields: {
      style: rng.pick(styles),
      backstory: `${Array.from({ length: 10 + rng.int(0, 20) }, () => rng.pick(vocabulary)).join(" ")} ${index}.`,
      name: `Name${rng.int(0, 400)}`,
    },
  }));
  const textFields = featureFields(personas).filter((field) => field.kind === "text");
  // Read text by text, by dimension: no text is looked up among those read before.
  const plain = hashedTermsOf(personas, textFields);
  const table = DimensionTable.take();
  table.count(plain, personas.length);
  table.invert();

  for (const packed of [false, true]) {
    it(`are the terms and frequencies read by dimension, texts repeated or not (${packed ? "counts packed" : "counts apart"})`, () => {
      const numbered = new NumberedDimensions();
      const overflow = packed ? new PackedCounts() : undefined;
      const read = hashedTermsOf(personas, textFields, termStoreFor(personas, textFields, packed), numbered, overflow);
      numbered.invert(personas.length);
      expect(Array.from(read.start)).toEqual(Array.from(plain.start));
      expect(read.store.length).toBe(plain.store.length);
      const dimensions: number[] = [];
      const counts: number[] = [];
      const weights: number[] = [];
      for (let k = 0; k < read.store.length; k++) {
        const term = read.store.ids[k] as number;
        const key = packed ? term & (FEATURE_DIMENSIONS - 1) : term;
        dimensions.push(numbered.keyDimensions[key] as number);
        counts.push(overflow ? overflow.countOf(term, k) : (read.store.counts[k] as number));
        weights.push(numbered.values[key * 2] as number);
      }
      const ids = Array.from(plain.store.ids.subarray(0, plain.store.length));
      expect(dimensions).toEqual(ids);
      expect(counts).toEqual(Array.from(plain.store.counts.subarray(0, plain.store.length)));
      expect(weights).toEqual(ids.map((dimension) => table.values[dimension * 2]));
    });
  }
});

describe("RankedDimensions", () => {
  it("keys surveyed dimensions by rank and others as met, as NumberedDimensions numbers them", () => {
    const rng = createRng(19);
    const surveyed = Int32Array.from([...new Set(Array.from({ length: 5_000 }, () => rng.int(0, FEATURE_DIMENSIONS - 1)))].sort((a, b) => a - b));
    const ranked = new RankedDimensions(surveyed);
    const numbered = new NumberedDimensions();
    for (const dimension of surveyed) numbered.keyOf(dimension);
    // Every surveyed dimension, then others (structured tokens') met twice, beyond the room kept for them.
    const met = [...Array.from({ length: 70_000 }, () => rng.int(0, FEATURE_DIMENSIONS - 1)), ...surveyed, 0, FEATURE_DIMENSIONS - 1];
    const twice = [...met, ...met];
    expect(twice.map((dimension) => ranked.keyOf(dimension))).toEqual(twice.map((dimension) => numbered.keyOf(dimension)));
    expect(ranked.size).toBe(numbered.size);
    expect(Array.from(ranked.keyDimensions.subarray(0, ranked.size))).toEqual(Array.from(numbered.keyDimensions.subarray(0, numbered.size)));
    expect(() => new RankedDimensions(Int32Array.from([5, 3]))).toThrow(/ascending/);
  });
});

describe("termFrequencyWeight", () => {
  it("is 1 + ln(count) (1 once) to the bit, from its table and beyond it, a wrapped count of 0 included", () => {
    for (const count of [0, 1, 2, 3, 7, 1022, 1023, 1024, 1025, 3000, 65_535]) {
      expect(Object.is(termFrequencyWeight(count), count === 1 ? 1 : 1 + Math.log(count))).toBe(true);
    }
    for (let count = 0; count < 5000; count++) expect(termFrequencyWeight(count)).toBe(count === 1 ? 1 : 1 + Math.log(count));
  });
});
