import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createRng } from "../rng.ts";
import { diversityOfChunks, runOverChunks } from "./diversity.ts";
import { DimensionTable, hashedTermsOf } from "./hashed-features.ts";
import { base64Int32, decodeShardDigest, declaredTextFields, DIGEST_VERSION, DigestSurvey, encodeShardDigest, int32Base64, shardDigest, ShardDigestBuilder } from "./report-digest.ts";
import { FieldSurvey, type PersonaFields } from "./similarity.ts";

const blueprint = {
  domain: "test",
  fields: [
    { name: "region", kind: "categorical" as const, parents: [], categorical: { weights: { NA: 1, EUW: 1 } }, conditionals: [] },
    { name: "__proto__", kind: "text" as const, parents: [], conditionals: [] },
    { name: "backstory", kind: "text" as const, parents: [], conditionals: [] },
    { name: "level", kind: "numeric" as const, parents: [], conditionals: [] },
  ],
};

/** Field names and values that have broken such code before: `__proto__`, non-ASCII, empty texts, numbers at the edges. */
const names = fc.constantFrom("region", "__proto__", "backstory", "level", "motto", "constructor", "città", "");
const values = fc.oneof(
  fc.constantFrom("", " ", "-0", "0", "1e400", "-1e400", "3.5", "NaN", "Ünïcødé straße déjà vu", "日本語 の テキスト です", "a b c d e f"),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.integer({ min: -50, max: 50 }).map(String),
);
const personas = fc.array(
  fc.dictionary(names, values, { maxKeys: 6 }).map((fields): PersonaFields => {
    // A field named `__proto__` must be an own field, as JSON.parse makes it.
    const own = Object.create(null) as Record<string, string>;
    for (const [name, value] of Object.entries(fields)) own[name] = value;
    return { fields: JSON.parse(JSON.stringify(own)) as Record<string, string> };
  }),
  { maxLength: 40 },
);

/** Cuts the personas at the given places (sorted, clamped; empty shards allowed). */
function cut(all: readonly PersonaFields[], places: readonly number[]): PersonaFields[][] {
  const ends = [...places.map((place) => Math.min(place, all.length)).sort((a, b) => a - b), all.length];
  let start = 0;
  return ends.map((end) => {
    const shard = all.slice(start, end);
    start = end;
    return shard;
  });
}

/** The inverse frequencies of the blocks a table wrote, in order: equal tables give equal lists. */
function invertedValues(table: DimensionTable): number[] {
  table.invert();
  const written: number[] = [];
  table.touched.forEach((touched, block) => {
    if (touched) written.push(block, ...table.values.subarray(block << 7, (block + 1) << 7));
  });
  return written;
}

describe("a shard's digest for the reports", () => {
  it("merged in shard order, is the survey and the document frequencies of reading every persona at once, whatever the shards", () => {
    fc.assert(
      fc.property(personas, fc.array(fc.nat({ max: 45 }), { maxLength: 5 }), (all, places) => {
        const merged = new DigestSurvey(blueprint);
        for (const shard of cut(all, places)) merged.add(decodeShardDigest(encodeShardDigest(shardDigest(shard, blueprint)))!);
        const { survey, table } = merged.surveyed();

        const whole = new FieldSurvey(blueprint);
        whole.add(all);
        const counted = DimensionTable.take();
        counted.count(hashedTermsOf(all, declaredTextFields(blueprint)), all.length);

        expect(survey.fields()).toEqual(whole.fields());
        expect(invertedValues(table)).toEqual(invertedValues(counted));
        table.release();
        counted.release();
      }),
      { numRuns: 40 },
    );
  });

  it("made batch by batch is the digest of the whole shard at once, wherever its batches are cut (a persona without an id or a value that is no text in a later batch too)", () => {
    const withIds = fc.array(
      fc.tuple(fc.constantFrom("a", "b", "c", "#4", 7, undefined), fc.dictionary(names, fc.oneof(values, fc.constantFrom("Plays 3 games a night. Plays 4 games a night.", "Loves the ward. Loves the ward.")), { maxKeys: 6 }), fc.nat({ max: 19 }).map((draw) => draw === 0)).map(([id, fields, regionNumber]): PersonaFields => {
        const own = Object.create(null) as Record<string, string>;
        for (const [name, value] of Object.entries(fields)) own[name] = value;
        if (regionNumber) own.region = 5 as unknown as string;
        return JSON.parse(JSON.stringify({ persona_id: id, fields: own })) as PersonaFields;
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(withIds, fc.array(fc.nat({ max: 35 }), { maxLength: 4 }), (all, places) => {
        const built = new ShardDigestBuilder(blueprint);
        for (const batch of cut(all, places)) built.add(batch);
        expect(built.digest()).toEqual(shardDigest(all, blueprint));
      }),
      { seed: 20261201, numRuns: 200 },
    );
  });

  it("counts each dimension's occurrences exactly however many distinct terms a shard holds (its table grows many times)", () => {
    // Thousands of distinct words, each written a different number of times over the personas.
    const rng = createRng(7);
    const shard: PersonaFields[] = Array.from({ length: 300 }, (_, index) => ({
      persona_id: String(index),
      fields: { backstory: Array.from({ length: 60 }, () => `w${Math.floor(rng.float() * rng.float() * 6_000)}`).join(" ") },
    }));
    const { ids, length } = hashedTermsOf(shard, declaredTextFields(blueprint)).store;
    const expected = new Map<number, number>();
    for (let k = 0; k < length; k++) expected.set(ids[k] as number, (expected.get(ids[k] as number) ?? 0) + 1);
    const digest = shardDigest(shard, blueprint);
    expect(digest.dimensions.length).toBeGreaterThan(4_000);
    expect([...digest.dimensions]).toEqual([...expected.keys()].sort((a, b) => a - b));
    expect([...digest.counts]).toEqual([...digest.dimensions].map((dimension) => expected.get(dimension)));
  });

  it("keeps a range's infinite and negative-zero ends through its text", () => {
    const digest = shardDigest([{ fields: { level: "-0" } }, { fields: { level: "0" } }, { fields: { level: "1e400" } }], blueprint);
    const decoded = decodeShardDigest(encodeShardDigest(digest))!;
    expect(decoded.survey).toEqual(digest.survey);
    expect(Object.is(decoded.survey.surveyed.find(([name]) => name === "level")?.[4], -0)).toBe(true);
  });

  it("of another version, or not a digest at all, is not used", () => {
    const text = encodeShardDigest(shardDigest([{ fields: { backstory: "hello there" } }], blueprint));
    expect(decodeShardDigest(text)).toBeDefined();
    for (const unusable of [text.replace(`"version":${DIGEST_VERSION}`, `"version":${DIGEST_VERSION + 1}`), text.slice(0, -2), "null", "[]", '{"version":1}', text.replace('"counts":[', '"counts":[1,'), '"text"']) expect(decodeShardDigest(unusable)).toBeUndefined();
  });

  it("of this version is byte for byte what it was when the version was set: a change to what a digest counts must bump DIGEST_VERSION", () => {
    // Stored digests are merged with digests made by newer code: were the tokeniser, the term hashing or
    // the survey to change without a new version, old rows would silently give other reports than a full read.
    // If this fails after such a change, bump DIGEST_VERSION and pin the new hash.
    const personas: PersonaFields[] = [
      { persona_id: "a", fields: { region: "NA", backstory: "Grew up in Zürich; plays ranked duo queue at night, über-keen.", level: "31" } },
      { persona_id: "b", fields: { region: "EUW", backstory: "Coach’s notes: “tilt” is the enemy. 42 wins.", level: "-0", motto: "carry or be carried, every single game" } },
    ];
    const digest = encodeShardDigest(shardDigest(personas, blueprint));
    expect(DIGEST_VERSION).toBe(2);
    expect(createHash("sha256").update(digest).digest("hex")).toBe("dd75e576b652f7c2bdcd3cb0f429a92ff76e0fd5ffdce7d2d7b880107606967c");
  });

  it("of the wrong shape in any part the merge reads is not used, and never throws", () => {
    const valid = JSON.parse(encodeShardDigest(shardDigest([{ fields: { backstory: "hello there", level: "3" } }], blueprint))) as Record<string, unknown>;
    const variants: Array<Record<string, unknown>> = [
      { surveyed: [5] },
      { surveyed: [null] },
      { surveyed: [["level", "3", "1", 0, 0, 1]] },
      { names: [1, {}] },
      { text_fields: [1] },
      { dimensions: ["a", "3"], counts: [1, 2] },
      { counts: ["1"], dimensions: [0] },
      { personas: "10" },
      { personas: -1 },
    ];
    for (const variant of variants) expect(() => decodeShardDigest(JSON.stringify({ ...valid, ...variant }))).not.toThrow();
    for (const variant of variants) expect(decodeShardDigest(JSON.stringify({ ...valid, ...variant })), JSON.stringify(variant)).toBeUndefined();
  });

  it("keeps the shard's sentence counts through its text, and refuses them of the wrong shape", () => {
    const shard: PersonaFields[] = [
      { persona_id: "a", fields: { backstory: "Plays 3 games a night. Plays 4 games a night. Loves the ward.", __proto__: "Loves the ward." } },
      { persona_id: "b", fields: { backstory: "Plays 9 games a night. Short one." } },
    ].map((persona) => JSON.parse(JSON.stringify(persona)) as PersonaFields);
    const digest = shardDigest(shard, blueprint);
    expect(digest.sentences).not.toBeNull();
    expect(decodeShardDigest(encodeShardDigest(digest))).toEqual(digest);
    const valid = JSON.parse(encodeShardDigest(digest)) as { sentences: Record<string, unknown> };
    const variants: Array<Record<string, unknown>> = [
      { template_keys: "abc" },
      { template_keys: "****" },
      { sentence_keys: "AAAAAA" },
      { template_counts: [1, 2] },
      { template_counts: [-1, 0, 0] },
      { writers: [0, 5, 0] },
      { writer_counts: [7] },
      { writer_counts: ["1"] },
      { sentence_templates: [0, 0] },
      { wordings: [[9, "x"]] },
      { wordings: [[0, 1]] },
      { ids: ["a"] },
      { ids: ["a", 2] },
      { fields: "backstory" },
    ];
    for (const variant of variants) expect(decodeShardDigest(JSON.stringify({ ...valid, sentences: { ...valid.sentences, ...variant } })), JSON.stringify(variant)).toBeUndefined();
    // A persona without an id of its own: the report names it by its place in the population, which a shard does not know.
    expect(shardDigest([{ fields: { backstory: "One two three." } }], blueprint).sentences).toBeNull();
    expect(shardDigest([{ persona_id: "#4", fields: { backstory: "One two three." } }], blueprint).sentences).toBeNull();
    // A structured value that is no text would not read back the same from the stored JSON: the marginals and fidelity read the rows then.
    expect(shardDigest(shard, blueprint).structured).not.toBeNull();
    expect(shardDigest([{ persona_id: "a", fields: { region: 5 as unknown as string } }], blueprint).structured).toBeNull();
    expect(decodeShardDigest(JSON.stringify({ ...valid, structured: { personas: 2, marginals: [[["NA", "1"]]], cells: [] } }))).toBeUndefined();
  });

  it("writes 32-bit integers as base64 text and reads them back, and refuses other text", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 50 }), (values) => {
        const text = int32Base64(Int32Array.from(values));
        expect(text).toBe(Buffer.from(Int32Array.from(values).buffer).toString("base64").replace(/=+$/, ""));
        expect([...(base64Int32(text) as Int32Array)]).toEqual(values);
      }),
    );
    for (const refused of ["A", "AAAAA", "AAAA=", "AA-A", 5]) expect(base64Int32(refused)).toBeUndefined();
  });

  it.each([
    ["declared text fields only", false],
    ["an undeclared field that is text over the whole population (its terms counted by reading the rows, as before)", true],
  ])("gives the diversity report the same value as surveying the chunks: %s", (_, undeclared) => {
    const rng = createRng(3);
    const words = "ward jungle lane climb season night team duo queue ranked coach scrim tilt carry".split(" ");
    const population: PersonaFields[] = Array.from({ length: 300 }, (_, index) => ({
      persona_id: `p${index}`,
      fields: {
        region: rng.pick(["NA", "EUW"]),
        backstory: Array.from({ length: 10 }, () => rng.pick(words)).join(" "),
        level: String(rng.int(1, 90)),
        ...(undeclared ? { motto: Array.from({ length: 5 }, () => rng.pick(words)).join(" ") } : {}),
      },
    }));
    const chunks = cut(population, [70, 71, 200]);
    const sizes = chunks.map((chunk) => chunk.length);
    const options = { seed: 4, exactLimit: 50 };
    const readsOf = (reading: ReturnType<typeof diversityOfChunks>) => {
      const read: number[] = [];
      let step = reading.next();
      while (!step.done) {
        read.push(step.value);
        step = reading.next(chunks[step.value] as PersonaFields[]);
      }
      return { report: JSON.stringify(step.value), read };
    };
    const merged = new DigestSurvey(blueprint);
    for (const chunk of chunks) merged.add(shardDigest(chunk, blueprint));
    const withDigests = readsOf(diversityOfChunks(sizes, blueprint, { ...options, surveyed: merged.surveyed() }));
    const reading = readsOf(diversityOfChunks(sizes, blueprint, options));
    expect(withDigests.report).toBe(reading.report);
    // The survey's pass over every chunk is the one read no longer made.
    expect(withDigests.read).toEqual(reading.read.slice(chunks.length));
  });
});
