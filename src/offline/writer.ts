/**
 * The offline writer: names from `names/` (the persona's setting, origin or country, and birth
 * cohort), prose from the grammar in `text/`, without sentences naming what the persona's setting
 * does not have. A session keeps the population's used names; everything else about persona i is
 * a pure function of (seed, i), so batch boundaries and retries never change the output.
 */
import type { Blueprint } from "../engine/blueprint.ts";
import { formatNumber } from "../engine/constraints.ts";
import type { SampledValues } from "../engine/persona.ts";
import type { WritingContext, WritingSession, Writer } from "../engine/ports.ts";
import { createRng, hashSeed, type Rng } from "../engine/rng.ts";
import { cityIn, countryByCode, countryForPlace, type Country } from "./geo.ts";
import { countryByCode as countryByIsoCode, countryNamed, knowledge, type Country as GazetteerCountry } from "./knowledge/index.ts";
import { gamerTag, NameRegistry, nameSeed, countryOfPlace, type Sex } from "./names.ts";
import { personName, PRESENT_YEAR, type NameRequest } from "./names/person-name.ts";
import type { PersonaText, TextWriter } from "./text/context.ts";
import { writeLolText } from "./text/lol.ts";
import { writeFallbackField } from "./text/fallback.ts";
import { writeDeveloperText, writeNurseText, writePersonText } from "./text/work.ts";

const DOMAIN_WRITERS: Record<string, TextWriter> = {
  lol_player: writeLolText,
  software_developer: writeDeveloperText,
  registered_nurse: writeNurseText,
};
/** Domains whose names carry an in-game tag. */
const GAMING_DOMAINS = new Set(["lol_player"]);
/**
 * Prompts about video games get gamer tags too; "players" alone does not (chess, football and
 * poker players have no in-game handle).
 */
const VIDEO_GAME_PROMPT =
  /\b(?:gamers?|gaming|streamers?|twitch|e-?sports?|pro[\s-]?gamers?|video[\s-]?games?|league of legends|lol|dota\s?2?|valorant|fortnite|overwatch|counter[\s-]?strike|cs:?go|cs2|minecraft|apex legends|pubg|rocket league|call of duty|starcraft|world of warcraft|wow|speedrunners?|roblox|genshin|smash bros)\b/i;
const PLACE_FIELDS = ["country", "nationality", "region", "server", "location", "home_country", "city"];
const NAME_FIELDS = new Set(["name", "full_name", "display_name", "persona_name"]);

function sexOf(values: Readonly<Record<string, string>>): Sex | undefined {
  const raw = (values.gender ?? values.sex ?? "").toLowerCase();
  if (/^(female|woman|f|girl)$/.test(raw)) return "female";
  if (/^(male|man|m|boy)$/.test(raw)) return "male";
  return undefined;
}

export function stringValues(values: SampledValues): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) strings[name] = typeof value === "number" ? formatNumber(value) : String(value);
  return strings;
}

/** A gazetteer country in the shape the prose writers know (name as it reads in a sentence). */
function proseCountry(country: GazetteerCountry): Country {
  return { code: country.code, name: country.nameInProse, demonym: country.demonym, locale: "en_US", cities: country.cities.slice(0, 8).map((city) => city.name), aliases: country.aliases };
}

/** A place value as a country: any country of the gazetteer by name or code, or a League server's. */
function countryOfValue(value: string, rng: Rng): GazetteerCountry | undefined {
  const named = countryNamed(value);
  if (named) return named;
  const legacy = countryOfPlace(value, rng);
  return legacy ? countryByIsoCode(legacy.code) : undefined;
}

/** The persona's home: a place field when there is one, else the blueprint's default origin. */
function homeOf(values: Readonly<Record<string, string>>, blueprint: Blueprint, rng: Rng): { country?: Country; city?: string; region?: string } {
  for (const field of PLACE_FIELDS) {
    const value = values[field];
    if (!value) continue;
    const known = countryOfPlace(value, rng);
    const country = known ?? (countryNamed(value) ? proseCountry(countryNamed(value) as GazetteerCountry) : undefined);
    if (!country) continue;
    const namedCity = country.cities.find((city) => city.toLowerCase() === value.toLowerCase());
    const city = namedCity ?? (values.city || rng.pick(country.cities));
    // The state or province of a known city, so prose can say "Cleveland, Ohio".
    const region = cityIn(city, country.code)?.region;
    return { country, city, ...(region && region !== city ? { region } : {}) };
  }
  const origin = blueprint.name_origins?.default;
  const fallback = origin === "en_US" ? countryByCode("US") : origin ? countryForPlace(origin) : undefined;
  return fallback ? { country: fallback } : {};
}

function anachronismPattern(blueprint: Blueprint): RegExp | undefined {
  const setting = settingOf(blueprint);
  if (!setting || setting.anachronisms.length === 0) return undefined;
  const words = setting.anachronisms.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`(?<![\\p{L}])(?:${words.join("|")})(?![\\p{L}])`, "iu");
}

/** The setting a blueprint's `setting` field fixes, if any. */
function settingOf(blueprint: Blueprint) {
  const field = blueprint.fields.find((candidate) => candidate.name === "setting");
  const values = Object.keys(field?.categorical?.weights ?? {});
  return values.length === 1 ? knowledge().settings.find((setting) => setting.name === values[0]) : undefined;
}

/**
 * Each text field without the sentences that name something its setting does not have; a field
 * left empty falls back to the neutral pools (which name no things at all).
 */
function withoutAnachronisms(written: Record<string, string>, pattern: RegExp | undefined): Record<string, string> {
  if (!pattern) return written;
  const out: Record<string, string> = {};
  for (const [field, text] of Object.entries(written)) {
    const kept = text.split(/(?<=[.!?])\s+/).filter((sentence) => !pattern.test(sentence)).join(" ");
    if (kept.trim()) out[field] = kept;
  }
  return out;
}

/** "1710" → 1710, "120 AD" → 120, "300 BC" → -300. */
function yearOf(value: string | undefined): number | undefined {
  const match = /^(\d{1,5})(?:\s*(AD|BC))?$/.exec(value?.trim() ?? "");
  if (!match) return undefined;
  return match[2] === "BC" ? -Number(match[1]) : Number(match[1]);
}


export class OfflineWriterSession implements WritingSession {
  private readonly registry = new NameRegistry();
  private readonly textFields: string[];
  private readonly domainWriter: TextWriter;
  private readonly gaming: boolean;
  /** Different domains with the same seed should not share their name sequence. */
  private readonly domainSalt: number;

  constructor(private readonly context: WritingContext) {
    this.textFields = context.blueprint.fields.filter((field) => field.kind === "text").map((field) => field.name);
    this.domainSalt = hashSeed(context.blueprint.domain);
    this.anachronisms = anachronismPattern(context.blueprint);
    this.domainWriter = DOMAIN_WRITERS[context.blueprint.domain] ?? writePersonText;
    this.gaming = GAMING_DOMAINS.has(context.blueprint.domain) || VIDEO_GAME_PROMPT.test(context.prompt);
  }

  async writeBatch(personas: readonly SampledValues[], startIndex: number): Promise<Array<Record<string, string>>> {
    return personas.map((values, offset) => this.writeOne(values, startIndex + offset));
  }

  /** Words the persona's setting does not have (no airports for knights): sentences naming one are not written. */
  private readonly anachronisms: RegExp | undefined;

  /**
   * Who names this persona: the setting, the country they come from (immigrants, refugees), the
   * country they live in, or the blueprint's default origin; and the year their birth cohort counts from.
   */
  private nameRequest(values: Readonly<Record<string, string>>, sex: Sex, rng: Rng): NameRequest {
    const setting = values.setting ? knowledge().settings.find((candidate) => candidate.name === values.setting) : undefined;
    const year = yearOf(values.year) ?? (setting?.years ? Math.round((setting.years[0] + setting.years[1]) / 2) : PRESENT_YEAR);
    const origin = values.origin_country ? countryOfValue(values.origin_country, rng) : undefined;
    let country: GazetteerCountry | undefined;
    for (const field of PLACE_FIELDS) {
      const value = values[field];
      if (value && (country = countryOfValue(value, rng))) break;
    }
    const fallback = this.context.blueprint.name_origins?.default;
    country ??= fallback === "en_US" ? countryByIsoCode("US") : fallback ? countryOfValue(fallback, rng) : undefined;
    return { sex, age: Number(values.age) || 35, year, ...(setting ? { setting } : {}), ...(origin ? { origin } : {}), ...(country ? { country } : {}) };
  }

  writeOne(sampled: SampledValues, index: number): Record<string, string> {
    const seed = this.context.seed;
    const rng = createRng(hashSeed(seed, "text", index));
    const values = stringValues(sampled);
    const home = homeOf(values, this.context.blueprint, rng);
    const sex = sexOf(values) ?? (rng.float() < 0.5 ? "female" : "male");
    // Its own stream: choosing a server's country for the name must not shift the prose's choices.
    const request = this.nameRequest(values, sex, createRng(hashSeed(seed, "name-place", index)));
    const { name, display } = this.registry.claim(
      (attempt) => personName(request, createRng(nameSeed(seed ^ this.domainSalt, index, attempt))),
      this.gaming ? (candidate) => `${candidate.given} '${gamerTag(createRng(hashSeed(candidate.full, seed, index)))}' ${candidate.family}` : undefined,
    );
    const given = name.given;
    const persona: PersonaText = { values, given, fullName: display, ...home, gender: sexOf(values) };
    const written = withoutAnachronisms(this.domainWriter(persona, rng), this.anachronisms);
    const out: Record<string, string> = {};
    for (const field of this.textFields) {
      if (NAME_FIELDS.has(field)) out[field] = display;
      else out[field] = written[field] ?? writeFallbackField(field, this.context.blueprint, persona, rng);
    }
    return out;
  }
}

export class OfflineWriter implements Writer {
  readonly name = "offline";
  begin(context: WritingContext): OfflineWriterSession {
    return new OfflineWriterSession(context);
  }
}
