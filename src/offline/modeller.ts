/**
 * The offline modeller: understand the prompt as parts, then compose a blueprint from the knowledge
 * data, or take a built-in domain when the prompt's role is one (League of Legends players, US
 * software developers, US registered nurses) and add the prompt's other parts to it. What the
 * prompt asks for that nothing models is listed in the additive `unmodelled` key. With no search
 * provider offline, `web` and `research` grounding fall back to the built-in data, and `sources`
 * says so.
 */
import { BlueprintSchema, type Blueprint } from "../engine/blueprint.ts";
import type { DesignRequest, Modeller } from "../engine/ports.ts";
import { composeBlueprint, type ComposedBlueprint } from "./compose/compose.ts";
import { boundIncome } from "./compose/income.ts";
import { overlayParts } from "./compose/overlay.ts";
import { jobAgeWarnings } from "./compose/job-ages.ts";
import { residentsPlaceAsWorkplace } from "./compose/workers-there.ts";
import { groundingNote, type Domain } from "./domains/domain.ts";
import { BUILT_IN_BY_ACTIVITY, BUILT_IN_BY_OCCUPATION } from "./domains/index.ts";
import { parsePrompt, withPlacesRead, type ParsedPrompt, type PlacesRead } from "./prompt.ts";
import { readInEnglish, type EnglishReading } from "./languages/read-in-english.ts";
import type { PromptParts } from "./understand/parts.ts";
import { understandPrompt } from "./understand/understand.ts";

/**
 * The blueprint the offline modeller designs: the spec's keys plus `unmodelled`, and `warnings` when
 * it keeps something as asked that the data says cannot be (surgeons aged 20).
 */
export type OfflineBlueprint = Blueprint & { unmodelled: string[]; warnings?: string[] };

/**
 * "Nurses earning less than $40,000 a year": the stated income bounds every yearly wage field, the
 * built-in domains' as much as composition's (on a copy: a domain's fields are never changed in place);
 * the amount the reading declared is modelled once a wage field holds it.
 */
function withStatedIncome(design: ComposedBlueprint, parts: PromptParts): ComposedBlueprint {
  if (!parts.income) return design;
  const fields = structuredClone(design.fields);
  const { notes, warnings, bounded } = boundIncome(fields, parts.income);
  const text = parts.income.text;
  const unmodelled = bounded ? design.unmodelled.filter((item) => !item.startsWith(text)) : design.unmodelled;
  const allWarnings = [...(design.warnings ?? []), ...warnings];
  // A field added (the income band) goes in the order before the written ones, as the fields list has it.
  const added = fields.filter((field) => !design.order.includes(field.name)).map((field) => field.name);
  const firstText = design.order.findIndex((name) => fields.find((field) => field.name === name)?.kind === "text");
  const order = added.length === 0 ? design.order : [...design.order.slice(0, firstText < 0 ? design.order.length : firstText), ...added, ...design.order.slice(firstText < 0 ? design.order.length : firstText)];
  return { ...design, fields, order, unmodelled, rationale: [design.rationale, ...notes].filter(Boolean).join(" "), ...(allWarnings.length > 0 ? { warnings: allWarnings } : {}) };
}

/** A situation whose ages start after this, or end before `STAGE_MAX_AGE`, is a stage of working life. */
const STAGE_MIN_AGE = 25;
const STAGE_MAX_AGE = 60;

export function builtInDomainFor(parts: PromptParts, parsed: ParsedPrompt): Domain | undefined {
  if (parts.when) return undefined;
  // The built-in domains model people at work (wards, wages, ranks of the job): a retired nurse is composed.
  if (parts.situations.some((entry) => entry.situation.id === "retired")) return undefined;
  // Nor do they narrow their ages to a stage of life ("nurses close to retirement", "back from
  // maternity leave"): the domain's bands would keep nurses of 25 among them.
  if (parts.situations.some(({ situation }) => (situation.min_age ?? 0) > STAGE_MIN_AGE || (situation.max_age ?? 100) < STAGE_MAX_AGE)) return undefined;
  // Nor a condition of one sex or one stage of life ("pregnant nurses": women of 16-46, not the
  // domain's nurses of 21-75, one in ten a man).
  if (parts.conditions.some(({ condition }) => condition.female_share <= 0 || condition.female_share >= 1 || condition.min_age > STAGE_MIN_AGE || condition.max_age < STAGE_MAX_AGE)) return undefined;
  // Nor a trait only a share of them has ("half of them over 50"): composition reshapes its fields for it.
  if ((parts.shares?.length ?? 0) > 0) return undefined;
  // Nor ages the job cannot have ("nurses aged 16"): the domain's bands would drop them; composed, they are kept and warned of.
  if (jobAgeWarnings(parts).length > 0) return undefined;
  const primary = parts.roles[0];
  let domain: Domain | undefined;
  if (primary?.kind === "occupation" && parts.roles.length === 1) domain = BUILT_IN_BY_OCCUPATION[primary.occupation.name];
  else if (!primary || primary.kind === "participant" || primary.kind === "general") {
    const activity = parts.activities[0]?.activity.name;
    if (activity) domain = BUILT_IN_BY_ACTIVITY[activity];
  }
  // A domain's own figures may not fit the prompt (US nurse wages for nurses in Kenya): it says so.
  return domain && domain.match(parsed) > 0 ? domain : undefined;
}

/** The name of areas.json's entry for the whole world (its countries "*"). */
const WHOLE_WORLD = "the world";

/** Where the understanding step says the people live: the countries of its places, and whether it read any. */
export function placesRead(parts: PromptParts): PlacesRead {
  const countries = new Set<string>();
  // "From around the globe" is no place: a domain's own mix is the world's as its source saw it.
  const places = parts.places.filter((place) => !(place.kind === "area" && place.area.name === WHOLE_WORLD));
  for (const place of places) {
    if (place.kind === "area") for (const code of place.area.countries) countries.add(code);
    else countries.add(place.country.code);
  }
  return { countries: [...countries], named: places.length > 0 || parts.unknownPlaces.length > 0, world: places.length < parts.places.length };
}

/**
 * What the reading step did, for the rationale: the language a prompt was read from and the English it
 * was read as, and a warning for each language or script it could not read, with the words left out.
 */
export function languageNotes(reading: EnglishReading): string[] {
  const notes: string[] = [];
  if (reading.readFrom) notes.push(`Read from ${reading.readFrom} as "${reading.text}" (data/languages.json: the common words of persona prompts, not the whole language).`);
  const byLanguage = new Map<string, string[]>();
  for (const { text, language } of reading.unread) byLanguage.set(language, [...(byLanguage.get(language) ?? []), text]);
  for (const [language, texts] of byLanguage) {
    const what = language === reading.readFrom ? `the offline engine's ${language} does not cover` : `the offline engine does not read ${language}:`;
    notes.push(`Warning: ${what} ${texts.map((text) => `"${text}"`).join(", ")}; left out (listed in \`unmodelled\`), never taken for a role or a place; a configured model (DRAMATIS_MODEL) reads it.`);
  }
  return notes;
}

export class OfflineModeller implements Modeller {
  readonly name = "offline";

  async design(request: DesignRequest): Promise<Blueprint> {
    return this.designSync(request);
  }

  designSync(request: DesignRequest): OfflineBlueprint {
    // A prompt in another language is understood in the English it reads as; an English one as it is.
    const reading = readInEnglish(request.prompt);
    // "Teachers in prisons": an institution the prompt's job is done in is their workplace, not their home.
    const parts = residentsPlaceAsWorkplace(understandPrompt(reading.text));
    // Words left unread may have named the place ("Nurses in 北京"): no built-in domain's own country (US nurses) stands in for it.
    const read = placesRead(parts);
    const parsed = withPlacesRead(parsePrompt(reading.text), reading.unread.length > 0 ? { ...read, named: true } : read);
    const domain = builtInDomainFor(parts, parsed);
    const { unmodelled, warnings, ...composed } = withStatedIncome(domain ? overlayParts(domain.blueprint(parsed), parts) : composeBlueprint(parts), parts);
    const note = groundingNote(request.grounding);
    const sources = [...(composed.sources ?? []), ...(note ? [note] : [])];
    // The schema does not know `unmodelled` yet (zod strips unknown keys): it is added after parsing.
    // "Kabuki actors": the job's gender shares stand in for a kind of it the data does not know.
    const genderMix = parts.genderMixOf && !parts.gender ? `the gender mix of ${parts.genderMixOf}` : undefined;
    const designed: OfflineBlueprint = { ...BlueprintSchema.parse({ ...composed, sources, seed: request.seed | 0 }), unmodelled: genderMix && !unmodelled.includes(genderMix) ? [...unmodelled, genderMix] : unmodelled, ...(warnings ? { warnings } : {}) };
    // "Teachers in Yenagoa": a place the gazetteer does not hold gives no country, so no naming culture:
    // the default lists' names stand in, and that is said.
    if (reading.readFrom || reading.unread.length > 0) {
      designed.unmodelled.unshift(...reading.unread.map((unread) => unread.text));
      // The composition saw only the words read: "every part" is every part of those.
      const composedRationale = reading.unread.length > 0 ? designed.rationale?.replace("Every part of the prompt was modelled.", "Every part of what was read was modelled.") : designed.rationale;
      designed.rationale = [...languageNotes(reading), composedRationale].filter(Boolean).join(" ");
    }
    const named = new Set(designed.fields.map((field) => field.name));
    // A setting names its people itself ("Elves in the Silverwood"): its place is no real one whose names are missing.
    if (named.has("place") && !named.has("country") && !named.has("origin_country") && !named.has("setting") && parts.unknownPlaces.length > 0) designed.unmodelled.push(`names in ${parts.unknownPlaces.map((span) => span.text).join(", ")}`);
    return designed;
  }
}
