/**
 * `npm run bench:quality`: what the offline engine makes of varied prompts, read as a user would.
 * For each prompt (the issue's 30 and our own, across places, eras, fiction, conditions, activities,
 * situations and qualifiers) it generates 20 personas and prints the parts recognised, what was not
 * modelled, the share of personas honouring every prompt-fixed attribute, the worst root TVD,
 * repeated and templated sentences, sentences shared with other prompts' populations, and names
 * fitting place and birth cohort; then enhances 20 sketches and prints the share of their stated facts
 * kept in proper fields. `BENCH_PROMPTS="a|b"` runs other prompts instead (e.g. ones never seen).
 *
 * Targets (issue 14): 100% of prompt-fixed attributes honoured; ≤ 2 repeated sentences per 20
 * personas; ≤ 10% of a population's sentences shared with any other prompt; nothing unrecognised
 * left out of `unmodelled`; 100% of sketch facts kept.
 */
import { pathToFileURL } from "node:url";
import type { Blueprint } from "../src/engine/blueprint.ts";
import { declaredCategories } from "../src/engine/blueprint-check.ts";
import type { Persona } from "../src/engine/persona.ts";
import { nameWords, sentencesOf, sentenceTemplate } from "../src/engine/quality/sentences.ts";
import { describeParts, OfflineEnhancer, OfflineModeller, OfflineWriter, PRESENT_YEAR, understandPrompt } from "../src/offline/index.ts";
import { countryNamed, knowledge } from "../src/offline/knowledge/index.ts";
import { cohortOf, namingCulture, regionCultures } from "../src/offline/names/cultures.ts";
import { generatePopulation } from "../src/pipeline/generate.ts";

export const QUALITY_PROMPTS = [
  // The issue's thirty.
  "Hospital pharmacists in Toronto", "Fishermen in coastal Norway", "Call-centre agents in Manila", "Amateur marathon runners in Kenya",
  "Single mothers in Glasgow", "Retired police officers in Chicago", "Fortnite players aged 10-16 in the UK", "Vegan food bloggers in Berlin",
  "Coffee growers in Colombia", "Pirates in the Caribbean in 1710", "Street samurai in a cyberpunk Neo-Tokyo", "Students at a school of wizardry",
  "Primary-school teachers in rural Kenya", "Electric-car owners in Norway", "People with chronic migraine in Australia", "Food-delivery riders in Jakarta",
  "Nursing-home residents in Japan", "Watch collectors in Dubai", "First-time voters in Brazil", "Freelance designers working remotely from Lisbon",
  "Syrian refugees living in Germany", "Cattle ranchers in Montana", "High-school teachers in Texas", "Biology postdocs in Boston",
  "Anime fans in the Philippines", "Surfers in Portugal", "Soldiers in the American Civil War", "Colonists on Mars in 2150",
  "Dota 2 players in Peru", "Owners of small bakeries in Lyon",
  // Our own, across the categories.
  "Night-shift nurses in Ohio", "Truck drivers in rural Alberta", "Uber drivers asking for a raise in Chicago", "Stay-at-home dads in Sweden",
  "Teenage chess players in India", "Retired miners in Wales", "Vikings raiding the coast of England", "Survivors in a post-apocalyptic wasteland",
  "Beekeepers in the Alps", "Tea growers in Sri Lanka", "Competitive Valorant players in South Korea", "Recent immigrants to Canada looking for work",
  "Adults with type 2 diabetes in Mexico City", "Wheelchair users in Amsterdam", "Junior software testers at a bank in Warsaw", "Grandparents in rural Vietnam",
];

/**
 * Held out: prompts written by someone who had not seen the engine's data, run first outside the
 * repo and kept here only after the classes of failure they showed were fixed (issue 14). Their
 * totals are printed apart from the prompts above; sharing is measured across both sets.
 */
export const HELD_OUT_PROMPTS = [
  "Night-shift security guards in Johannesburg", "Retired teachers living alone in rural Ireland", "Female airline pilots in the Middle East", "Teenage skateboarders in suburban California",
  "Gladiators in ancient Rome", "Mill workers in Victorian Manchester", "Bootleggers in 1920s Chicago", "Crew of a deep-space mining ship in 2300",
  "Elves and dwarves in a high-fantasy kingdom", "Scavengers after a zombie apocalypse in Atlanta", "People with asthma in Delhi", "Parents of children with autism in Melbourne",
  "Early-stage startup founders in Nairobi", "Minecraft players aged 8-12 in Canada", "Yoga instructors in Bali", "Taxi drivers in Istanbul",
  "Dairy farmers in Wisconsin", "University students in Scandinavia", "First-generation college students in Los Angeles", "Domestic workers in Hong Kong",
  "Retired nurses in Florida who play pickleball", "Beginner guitarists over 50 in New Zealand", "Gold prospectors in the Klondike in 1898", "Monks in a Tibetan monastery",
  "Subsistence farmers in Malawi", "Podcasters in Austin", "Women with breast cancer in Poland", "Ballet dancers in Saint Petersburg",
  "Shepherds in the Scottish Highlands", "Mid-career accountants in Singapore",
  // Session 3: solo, self-employed, screen- or table-based work, activities that began in a known year, and hobbies with no place named.
  "Professional poker players in Las Vegas", "Crypto day traders in Singapore", "Dungeon Masters who run weekly D&D games", "Twitch streamers in Brazil",
  "Freelance translators in Poland", "Competitive chess players over 60", "Esports coaches in South Korea", "eBay resellers in Ohio",
  "Forex traders in Lagos", "Online poker players in Finland", "YouTubers in Mexico City", "Etsy sellers in Oregon",
  // Session 13 (review of session 12 and O2's own untuned reading): identities, groups, one-gender roles, regions' demonyms, dance styles.
  "Nomads in Mongolia", "Ballerinas in Moscow", "Bretons in Paris", "Punjabi truck drivers", "Flamenco dancers in Seville", "Basque shepherds in Idaho",
  // Session 14 (O2's classes, witnesses of the brief): jobs at an industry's workplace, named coasts, surnames by state, a setting's people before its role.
  "Fishing boat captains in Newfoundland", "Fishermen on the Amalfi coast", "Librarians in Maine", "Elf archers of an elven kingdom",
];

/**
 * Sketches for enhance, each with the facts it states: a fact is kept when a proper field (not the
 * prose, not a catch-all `details`) holds it.
 */
export const QUALITY_SKETCHES: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, RegExp]>]> = [
  ["A shy teenage violinist from Vienna who practises six hours a day", [["teenage", /^1[3-9]$/], ["violinist", /violin/i], ["Vienna", /Vienna/], ["shy", /shy/i]]],
  ["Kenji Watanabe, 67, retired salaryman in Osaka, now obsessed with bonsai and baseball (Hanshin Tigers)", [["name", /Kenji Watanabe/], ["67", /^67$/], ["retired", /retire/i], ["Osaka", /Osaka/], ["bonsai", /bonsai/i], ["baseball", /baseball|Hanshin/i]]],
  ["An old lighthouse keeper in Maine who paints seascapes", [["old", /^(?:[6-9]\d)$/], ["lighthouse keeper", /lighthouse/i], ["Maine", /Maine/], ["painting", /paint/i]]],
  ["Maria, a 34-year-old nurse from Manila working night shifts in Dubai", [["Maria", /Maria/], ["34", /^34$/], ["nurse", /nurse/i], ["Dubai", /Dubai/], ["night shifts", /night/i], ["from Manila", /Manila|Philippines|Filipin/i]]],
  ["Retired schoolteacher in rural Ohio, widowed, volunteers at the library", [["retired", /retire/i], ["teacher", /teacher/i], ["Ohio", /Ohio/], ["rural", /rural/i], ["widowed", /widow/i], ["library", /librar/i]]],
  ["A 19-year-old Brazilian streamer who plays Valorant competitively", [["19", /^19$/], ["Brazil", /Brazil/i], ["streamer", /stream/i], ["Valorant", /Valorant/i], ["competitive", /competitive/i]]],
  ["Grumpy 80-year-old Scottish fisherman with a bad knee", [["80", /^80$/], ["Scottish", /Scot|United Kingdom/i], ["fisherman", /fisher/i], ["grumpy", /grump/i], ["bad knee", /knee/i]]],
  ["Aisha, a Somali refugee in Minneapolis studying nursing", [["Aisha", /Aisha/], ["Somali", /Somali/i], ["refugee", /refugee/i], ["Minneapolis", /Minneapolis/], ["nursing student", /nurs/i]]],
  ["A cheerful barista in Melbourne who surfs every morning", [["cheerful", /cheer/i], ["barista", /barista/i], ["Melbourne", /Melbourne/], ["surfing", /surf/i]]],
  ["Tomasz, 45, long-haul truck driver from Poland, divorced, two kids", [["Tomasz", /Tomasz/], ["45", /^45$/], ["truck driver", /truck|lorry/i], ["Poland", /Pol/i], ["divorced", /divorc/i], ["two kids", /kid|child/i]]],
  ["A young software engineer in Bangalore who loves cricket", [["young", /^(?:1[89]|2\d|3[0-4])$/], ["software engineer", /software/i], ["Bangalore", /Bangalore|Bengaluru/], ["cricket", /cricket/i]]],
  ["Elderly widow in Kyoto who runs a tea house", [["elderly", /^(?:[7-9]\d)$/], ["widow", /widow/i], ["Kyoto", /Kyoto/], ["tea house", /tea/i], ["female", /^female$/]]],
  ["A 28-year-old Nigerian doctor in London preparing for exams", [["28", /^28$/], ["Nigerian", /Nigeria/i], ["doctor", /doctor|physician/i], ["London", /London/]]],
  ["Pierre, a 52-year-old baker in Lyon who sings in a choir", [["Pierre", /Pierre/], ["52", /^52$/], ["baker", /baker/i], ["Lyon", /Lyon/], ["choir", /choir|sing/i]]],
  ["A teenage girl in Seoul obsessed with K-pop and dance", [["teenage", /^1[3-9]$/], ["girl", /^female$/], ["Seoul", /Seoul/], ["K-pop", /K-pop/i], ["dance", /danc/i]]],
  ["Retired Army colonel in Texas who breeds horses", [["retired", /retire/i], ["colonel", /colonel|officer|army/i], ["Texas", /Texas/], ["horses", /horse/i]]],
  ["A stay-at-home dad in Stockholm who homeschools his twins", [["stay-at-home", /stay-at-home|home/i], ["dad", /^male$/], ["Stockholm", /Stockholm/], ["homeschool", /homeschool/i]]],
  ["Carlos, 38, coffee farmer in the mountains of Colombia", [["Carlos", /Carlos/], ["38", /^38$/], ["coffee farmer", /coffee|farm/i], ["Colombia", /Colombia/]]],
  ["An anxious first-year law student in New York", [["anxious", /anxi/i], ["first-year", /first/i], ["law student", /law/i], ["New York", /New York/]]],
  ["A wheelchair user and Paralympic swimmer from Sydney, 24", [["wheelchair", /wheelchair/i], ["swimmer", /swim/i], ["Sydney", /Sydney/], ["24", /^24$/]]],
];

const PROSE_FIELDS = new Set(["backstory", "details", "goals", "voice", "quirks", "personality", "play_style", "motivation", "sketch", "notes", "bio", "description", "summary"]);

/** The share of a sketch's stated facts that land in proper fields of the enhanced persona. */
function factsKept(fields: Record<string, string>, facts: ReadonlyArray<readonly [string, RegExp]>): { kept: number; missed: string[] } {
  const proper = Object.entries(fields).filter(([name]) => !PROSE_FIELDS.has(name)).map(([, value]) => value);
  const missed = facts.filter(([, pattern]) => !proper.some((value) => pattern.test(value))).map(([label]) => label);
  return { kept: (facts.length - missed.length) / facts.length, missed };
}

/** Sentences of a persona's prose fields, read as the diversity report reads them. */
function sentences(persona: Persona, blueprint: Blueprint): string[] {
  return blueprint.fields.filter((field) => field.kind === "text" && field.name !== "name").flatMap((field) => sentencesOf(persona.fields[field.name] ?? ""));
}

/** A sentence with the persona's own name and every number masked: its template (as the diversity report counts it). */
function template(sentence: string, persona: Persona): string {
  return sentenceTemplate(sentence, nameWords(persona.fields));
}

/** Fields the prompt fixed: a categorical with one declared value, and the prompt's own ages. */
function fixedAttributes(blueprint: Blueprint): Array<[string, string]> {
  return blueprint.fields.flatMap((field): Array<[string, string]> => {
    if (field.kind !== "categorical" || field.parents.length > 0) return [];
    const positive = Object.entries(field.categorical?.weights ?? {}).filter(([, weight]) => weight > 0);
    return positive.length === 1 ? [[field.name, positive[0]![0]]] : [];
  });
}

function honours(persona: Persona, blueprint: Blueprint, prompt: string): boolean {
  for (const [field, value] of fixedAttributes(blueprint)) if (persona.fields[field] !== value) return false;
  const age = understandPrompt(prompt).age;
  if (age && blueprint.fields.some((field) => field.name === "age")) {
    const value = Number(persona.fields.age);
    if (!(value >= age.min && value <= age.max)) return false;
  }
  for (const field of blueprint.fields) {
    if (field.kind !== "categorical" || !persona.fields[field.name]) continue;
    if (!declaredCategories(field).includes(persona.fields[field.name] as string)) return false;
  }
  return true;
}

/**
 * Whether the name's given part comes from the lists of the persona's naming country and birth
 * cohort (born `age` years before the persona's own year: 1925 for "1920s Chicago"). Personas of a
 * fictional or historical setting are named by the setting and not counted; a `setting` field that
 * is a workplace (a nurse's "hospital") is no such setting.
 */
function nameFits(persona: Persona): boolean | undefined {
  const country = countryNamed(persona.fields.origin_country ?? "") ?? countryNamed(persona.fields.country ?? "");
  if (!country || knowledge().settings.some((setting) => setting.name === persona.fields.setting)) return undefined;
  const sex = persona.fields.gender === "male" ? "male" : "female";
  const year = /^\d{4}$/.test(persona.fields.year ?? "") ? Number(persona.fields.year) : PRESENT_YEAR;
  const cohort = cohortOf(year - Number(persona.fields.age ?? 35));
  const name = persona.fields.name ?? "";
  // The country's own names, or those of a culture its region names people by (Mexican names for a
  // share of Texans, Yoruba names in Lagos): both fit the place.
  const regional = persona.fields.origin_country ? undefined : regionCultures(country.code, persona.fields.region ?? "", undefined, year);
  const cultures = [country.names, ...Object.keys(regional ?? {})];
  return cultures.some((key) => namingCulture(key).given(sex, cohort).some((candidate) => name.includes(candidate)));
}

interface Row {
  prompt: string;
  parts: string;
  unmodelled: string[];
  honoured: number;
  worstTvd: number;
  repeated: number;
  templated: number;
  shared: number;
  namesFit: number | undefined;
  /** The population's distinct sentence templates (names and numbers masked), for sharing across prompts. */
  templates: Set<string>;
}

const COUNT = 20;
const SEED = 20261130;

async function main(): Promise<void> {
  const given = process.env.BENCH_PROMPTS ? process.env.BENCH_PROMPTS.split("|").map((prompt) => prompt.trim()).filter(Boolean) : undefined;
  const sets: Array<[string, readonly string[]]> = given ? [["given", given]] : [["own", QUALITY_PROMPTS], ["held-out", HELD_OUT_PROMPTS]];
  const prompts = sets.flatMap(([, list]) => list);
  const dependencies = { modeller: new OfflineModeller(), writer: new OfflineWriter() };
  const rows: Row[] = [];
  for (const prompt of prompts) {
    const result = await generatePopulation({ prompt, count: COUNT, grounding: "off", seed: SEED }, dependencies);
    const blueprint = result.blueprint;
    const all = result.personas.flatMap((persona) => sentences(persona, blueprint));
    const templates = result.personas.flatMap((persona) => sentences(persona, blueprint).map((sentence) => template(sentence, persona)));
    const fits = result.personas.map(nameFits).filter((fit): fit is boolean => fit !== undefined);
    rows.push({
      prompt,
      parts: describeParts(understandPrompt(prompt)),
      unmodelled: (blueprint as Blueprint & { unmodelled?: string[] }).unmodelled ?? [],
      honoured: result.personas.filter((persona) => honours(persona, blueprint, prompt)).length / result.personas.length,
      worstTvd: Math.max(0, ...(result.marginals ?? []).map((marginal) => marginal.total_variation_distance)),
      repeated: all.length - new Set(all).size,
      templated: templates.length - new Set(templates).size,
      shared: 0,
      namesFit: fits.length > 0 ? fits.filter(Boolean).length / fits.length : undefined,
      templates: new Set(templates),
    });
  }
  // Shared: the share of a population's distinct sentences, names and numbers masked, that another prompt's population also wrote.
  const writers = new Map<string, number>();
  for (const row of rows) for (const sentence of row.templates) writers.set(sentence, (writers.get(sentence) ?? 0) + 1);
  for (const row of rows) row.shared = row.templates.size > 0 ? [...row.templates].filter((sentence) => (writers.get(sentence) ?? 0) > 1).length / row.templates.size : 0;
  const percent = (value: number | undefined) => (value === undefined ? "  n/a" : `${Math.round(value * 100)}%`.padStart(5));
  console.log(`Offline quality, ${rows.length} prompts × ${COUNT} personas (seed ${SEED})\n`);
  for (const row of rows) {
    console.log(`■ ${row.prompt}`);
    console.log(`    parts: ${row.parts}`);
    console.log(`    unmodelled: ${row.unmodelled.length ? row.unmodelled.map((word) => `"${word}"`).join(", ") : "—"}`);
    console.log(`    fixed attributes honoured ${percent(row.honoured)} · worst root TVD ${row.worstTvd.toFixed(4)} · repeated sentences ${row.repeated} · templated (names, numbers masked) ${row.templated} · shared with other prompts ${percent(row.shared)} · names fit place and cohort ${percent(row.namesFit)}`);
  }
  const mean = (values: number[]) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0);
  const totals = (title: string, set: readonly Row[]) => {
    const fitted = set.map((row) => row.namesFit).filter((value): value is number => value !== undefined);
    console.log(`\nTotals: ${title} (${set.length} prompts)`);
    console.log(`  fixed attributes honoured: ${percent(mean(set.map((row) => row.honoured)))} mean, ${set.filter((row) => row.honoured === 1).length}/${set.length} prompts at 100% (target 100%)`);
    console.log(`  worst root TVD over all prompts: ${Math.max(...set.map((row) => row.worstTvd)).toFixed(4)}`);
    console.log(`  repeated sentences per ${COUNT} personas: mean ${mean(set.map((row) => row.repeated)).toFixed(1)}, max ${Math.max(...set.map((row) => row.repeated))} (target ≤ 2)`);
    console.log(`  templated sentences (names and numbers masked) per ${COUNT} personas: mean ${mean(set.map((row) => row.templated)).toFixed(1)}, max ${Math.max(...set.map((row) => row.templated))} (target ≤ 2)`);
    console.log(`  sentences shared with other prompts of both sets (names and numbers masked): mean ${percent(mean(set.map((row) => row.shared)))}, max ${percent(Math.max(...set.map((row) => row.shared)))} (target ≤ 10%)`);
    console.log(`  names fitting place and cohort: ${percent(mean(fitted))} mean over ${fitted.length} prompts with a real country`);
    console.log(`  prompts with something not modelled: ${set.filter((row) => row.unmodelled.length > 0).length}/${set.length}`);
    const weakest = [...set].sort((a, b) => a.honoured - b.honoured || b.shared - a.shared || b.repeated - a.repeated).slice(0, 5);
    console.log(`  weakest five by these measures: ${weakest.map((row) => `${row.prompt} (honoured ${percent(row.honoured).trim()}, shared ${percent(row.shared).trim()}, repeated ${row.repeated})`).join("; ")}`);
  };
  let offset = 0;
  for (const [title, list] of sets) {
    totals(title, rows.slice(offset, offset + list.length));
    offset += list.length;
  }
  if (!process.env.BENCH_PROMPTS) {
    const enhancer = new OfflineEnhancer();
    console.log(`\nEnhance: ${QUALITY_SKETCHES.length} sketches, stated facts kept in proper fields`);
    const shares: number[] = [];
    for (const [sketch, facts] of QUALITY_SKETCHES) {
      const { fields } = await enhancer.enhance({ sketch, grounding: "off", seed: SEED });
      const { kept, missed } = factsKept(fields, facts);
      shares.push(kept);
      console.log(`  ${percent(kept)}  ${sketch}${missed.length ? `  (missed: ${missed.join(", ")})` : ""}`);
    }
    console.log(`  sketch facts kept in proper fields: ${percent(mean(shares))} mean (target 100%)`);
  }
}

// Importable (its prompts and sketches) without running.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
