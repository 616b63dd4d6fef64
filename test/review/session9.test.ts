/**
 * Review of session 9's change (issue 16's report step and memory, and the lead's offline readings):
 * prompts and inputs of our own that the change gets wrong. Each case failed on the commit it was
 * written against; the lead fixes the code.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readStoredDataFolder, STORED_DATA_FOLDER_MANIFEST } from "../../src/store/data-folder-archive.mjs";
import { scratchRoot } from "../helpers/database-template.ts";
import { sampleStructured } from "../../src/engine/sampler.ts";
import { gazetteer } from "../../src/offline/knowledge/gazetteer.ts";
import { OfflineModeller } from "../../src/offline/modeller.ts";
import { OfflineWriter } from "../../src/offline/writer.ts";

const modeller = new OfflineModeller();
const design = (prompt: string) => modeller.designSync({ prompt, count: 40, grounding: "off", seed: 1 });
const weightsOf = (prompt: string, field: string) => {
  const found = design(prompt).fields.find((candidate) => candidate.name === field);
  return found?.kind === "categorical" ? Object.keys(found.categorical?.weights ?? {}) : undefined;
};

describe("a people's adjective before a kind of thing it names (ea9302f)", () => {
  // Only the words listed in terms.json's styles_after_demonyms are read as a style: 'Irish dance',
  // 'Japanese garden', 'Chinese medicine' are kinds of dance, garden and medicine as much as 'Swedish
  // massage' is a kind of massage, yet everyone is drawn from that country and the style's word is
  // left unmodelled. A closed list of words is the class fixed for the benchmark's examples only.
  it.each([
    ["Irish dance teachers in Boston", "Ireland", "dance"],
    ["Japanese garden designers in Portland", "Japan", "garden designers"],
    ["Chinese medicine practitioners in London", "China", "medicine practitioners"],
  ])("%s are not all from %s, and '%s' is not left unmodelled", (prompt, country, words) => {
    expect(weightsOf(prompt, "origin_country")).not.toEqual([country]);
    expect(design(prompt).unmodelled).not.toContain(words);
  });
});

describe("a people's adjective before a kind of thing, after a1da853 (the list grown, still a list)", () => {
  // a1da853 added dances, medicine, gardens… to styles_after_demonyms: the class stays open, because
  // any thing can take a people's adjective as its kind. 'German shepherd breeders in Ohio' became
  // sheep herders from Germany; 'Persian rug dealers in New York' half live in Iran. An adjective
  // right before a noun that is no person (nor a role) names a kind of that thing.
  it.each([
    ["French horn players in Chicago", "United States", "France"],
    ["Spanish guitar teachers in Seattle", "United States", "Spain"],
    ["German shepherd breeders in Ohio", "United States", "Germany"],
    ["Greek yogurt makers in Idaho", "United States", "Greece"],
    ["Persian rug dealers in New York", "United States", "Iran"],
  ])("%s live in %s and are not all from %s", (prompt, home, adjectiveCountry) => {
    expect(weightsOf(prompt, "country")).toEqual([home]);
    expect(weightsOf(prompt, "origin_country")).not.toEqual([adjectiveCountry]);
  });

  it("German shepherd breeders breed dogs: they are not shepherds", () => {
    expect(weightsOf("German shepherd breeders in Ohio", "occupation")).not.toContain("shepherd");
  });
});

describe("the Amish faith qualifier (8649669)", () => {
  // 'old order mennonites' is an alias of the Amish situation, whose value is 'Amish': Old Order
  // Mennonites are a faith of their own (another church, another history), and a persona's religion
  // field says they are Amish.
  it("Old Order Mennonites are not given the religion 'Amish'", () => {
    expect(weightsOf("Old Order Mennonite families in Pennsylvania", "religion")).not.toEqual(["Amish"]);
  });
});

describe("a faith community named without a place (8649669, 864e45c)", () => {
  // 'The Amish' and 'Hasidic Jews' with no place are drawn where the world's people live: Amish women
  // in China, India, Indonesia, Nigeria, and nothing in unmodelled. Where these communities live is
  // known (the Amish: the United States and Canada; Hasidic Jews: the United States, Israel, a few
  // others); a community with a where of its own is placed there, or its place said to be a guess.
  it.each(["the Amish", "Amish women"])("%s live in the United States or Canada", (prompt) => {
    for (const country of weightsOf(prompt, "country") ?? []) expect(["United States", "Canada"]).toContain(country);
  });

  it("Hasidic Jews are not drawn in China or India", () => {
    expect(weightsOf("Hasidic Jews", "country")).not.toEqual(expect.arrayContaining(["China"]));
    expect(weightsOf("Hasidic Jews", "country")).not.toEqual(expect.arrayContaining(["India"]));
  });
});

describe("people named by a region's adjective and living in a city elsewhere (origins, 8354c4e)", () => {
  // The region's adjective ('Caribbean', 'Latin American', 'Middle Eastern') is taken for where they
  // live, and the city the prompt names is dropped: 'Caribbean nurses in London' live in Cuba and
  // Haiti. A region's people are an origin as much as a country's are ('Jamaican nurses in London'
  // live in the United Kingdom, from Jamaica). Already so before the session; the heritage reading
  // this session added is where the class belongs.
  it.each([
    ["Caribbean nurses in London", "United Kingdom"],
    ["Latin American immigrants in Madrid", "Spain"],
    ["Middle Eastern students in Berlin", "Germany"],
  ])("%s live in %s", (prompt, country) => {
    expect(weightsOf(prompt, "country")).toEqual([country]);
  });
});

describe("an everyday job in a historical setting (the class of 84e65ef: a setting's roles live days of their own)", () => {
  // 84e65ef gave the roles of the settings named there days of their own (no ripperdoc 'cracking
  // corporate ice'); a job the occupation data holds, placed in a period ('nurses in London in 1850':
  // Victorian Britain), still lives the setting's shared days: 52 of 60 nurses were 'scrubbing floors
  // below stairs and selling from a barrow in the market', 'never far from the mill', wanting 'to rise
  // to foreman'; 9 of 60 texts said anything of the sick. Already so before the session.
  it("nurses in London in 1850 spend their days nursing, not selling from a barrow or at the mill", async () => {
    const prompt = "nurses in London in 1850";
    const blueprint = design(prompt);
    const sampled = sampleStructured(blueprint, 40, 1);
    const written = await new OfflineWriter().begin({ prompt, blueprint, seed: 1, count: sampled.length }).writeBatch(sampled, 0);
    const texts = written.map((persona) => Object.values(persona).join(" "));
    expect(texts.filter((text) => /barrow|below stairs|the mill\b|foreman/i.test(text))).toEqual([]);
    expect(texts.filter((text) => /patient|the sick|ward|infirmary|hospital|fever|bandag/i.test(text)).length).toBeGreaterThanOrEqual(texts.length / 2);
  });
});

describe("a stored fresh database that fails to load, in memory (8d8d3e0)", () => {
  // 8d8d3e0: 'a load that fails makes the database by initdb as before'. A data folder does (a second
  // process runs initdb); a database in memory could not: PGlite's rejection ended the thread. Fixed by
  // checking what is handed to PGlite first (e5e68e9): an archive that is not the tar its manifest
  // names is a reason, and a reason makes the database by initdb — the path data-folder-archive.test.ts
  // runs end to end (a failed load's second try; one initdb there, not another one here).
  it("an archive that is not the tar its manifest names is refused before PGlite sees it", () => {
    const root = mkdtempSync(join(scratchRoot(), "dramatis-review-s9-"));
    try {
      const notTar = brotliCompressSync(Buffer.from("not a tar ".repeat(1000)));
      const manifest = join(root, "manifest.json");
      writeFileSync(join(root, "archive.tar.br"), notTar);
      const shipped = JSON.parse(readFileSync(STORED_DATA_FOLDER_MANIFEST, "utf8")) as Record<string, unknown>;
      writeFileSync(manifest, JSON.stringify({ ...shipped, archive: "archive.tar.br", sha256: createHash("sha256").update(notTar).digest("hex") }));
      expect(readStoredDataFolder(manifest)).toEqual({ reason: expect.stringContaining("does not hold the tar archive") });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});


describe("cities under their own names, beyond the 12 countries 206f829 corrected", () => {
  // 206f829 wrote back the diacritics of 93 cities of 12 countries; the city source strips them
  // everywhere: Turkey, Slovakia, Croatia, Lithuania, Estonia, Finland, France, Germany, Denmark keep
  // 'Eskisehir', 'Kosice', 'Sibenik', 'Siauliai', 'Parnu', 'Hameenlinna', 'Saint-Etienne', 'Saarbrucken',
  // 'Hillerod' in every persona who lives there (Norway and Sweden are right: 'Tromsø', 'Göteborg').
  it.each([
    ["TR", "Eskisehir", "Eskişehir"],
    ["TR", "Diyarbakir", "Diyarbakır"],
    ["SK", "Kosice", "Košice"],
    ["HR", "Sibenik", "Šibenik"],
    ["LT", "Siauliai", "Šiauliai"],
    ["EE", "Parnu", "Pärnu"],
    ["FI", "Hameenlinna", "Hämeenlinna"],
    ["FR", "Saint-Etienne", "Saint-Étienne"],
    ["DE", "Saarbrucken", "Saarbrücken"],
    ["DK", "Hillerod", "Hillerød"],
  ])("%s: %s is written %s", (code, ascii, own) => {
    const names = gazetteer().countries.find((country) => country.code === code)?.cities.map((city) => city.name) ?? [];
    expect(names).not.toContain(ascii);
    expect(names).toContain(own);
  });
});

describe("a kind of work's other jobs, shared equally (6c46d9d)", () => {
  // The occupation data's other jobs of a kind share half the population equally, wherever it
  // lives: 'people working in agriculture in Iowa' were 10% tea pickers (30 of 300), as many as
  // beekeepers, and 11% sheep herders. A job tied to a crop or a climate that the place does not
  // have is no share of that place's work.
  it("people working in agriculture in Iowa are not tea pickers", () => {
    const prompt = "people working in agriculture in Iowa";
    const occupations = sampleStructured(design(prompt), 300, 1).map((persona) => persona.occupation);
    expect(occupations).not.toContain("tea picker");
  });
});

describe("children named with a condition are its people (d3384f0)", () => {
  // Since d3384f0 'Teenagers aged 13-15 with diabetes' are the teenagers, and their condition is
  // drawn as 'type 2 diabetes' for every one: among children and teenagers most diabetes is type 1
  // (type 2 the adults' form). A condition's kinds follow the ages of the people who have it.
  it.each(["Teenagers aged 13-15 with diabetes in Canada", "Children aged 8-12 with diabetes in Ireland"])("%s do not all have type 2 diabetes", (prompt) => {
    expect(weightsOf(prompt, "condition")).not.toEqual(["type 2 diabetes"]);
  });
});

describe("gender identities beside the transgender qualifier (427d7d0)", () => {
  // 427d7d0 gave trans people a qualifier of their own; non-binary people are still the LGBTQ+
  // community with a gender drawn female or male, which is what the prompt says they are not.
  it("non-binary students are not drawn female or male", () => {
    const genders = weightsOf("non-binary students in Berlin", "gender") ?? [];
    expect(genders.filter((gender) => gender === "female" || gender === "male")).toEqual([]);
  });
});
