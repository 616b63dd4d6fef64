/**
 * Locale-aware person names from @faker-js/faker. Each locale gets one dedicated Faker instance,
 * built once and reseeded per name, so a name is a pure function of (locale, sex, seed) and the
 * shared `faker` singletons other code may use are never touched.
 */
import {
  Faker, base, en, en_AU, en_CA, en_GB, en_IE, en_IN, en_NG, en_US, en_ZA, ko, ja, zh_CN, zh_TW, vi, th, id_ID,
  de, fr, es, es_MX, it, pt_BR, pt_PT, nl, pl, sv, nb_NO, da, fi, ru, uk, tr, cs_CZ, ro, hu, el, ar, fa,
  type LocaleDefinition,
} from "@faker-js/faker";
import { hashSeed, createRng, type Rng } from "../engine/rng.ts";
import { countryByCode, countryForPlace, LOL_SERVER_COUNTRIES, type Country, type LocaleKey } from "./geo.ts";

export type Sex = "female" | "male";

const LOCALES: Record<LocaleKey, LocaleDefinition> = {
  en_US, en_GB, en_AU, en_CA, en_IN, en_NG, en_ZA, en_IE, ko, ja, zh_CN, zh_TW, vi, th, id_ID,
  de, fr, es, es_MX, it, pt_BR, pt_PT, nl, pl, sv, nb_NO, da, fi, ru, uk, tr, cs_CZ, ro, hu, el, ar, fa,
};

/** Locales whose names are written family name first. */
const FAMILY_FIRST = new Set<LocaleKey>(["ko", "ja", "zh_CN", "zh_TW", "vi", "hu"]);
/** …and without a space between the two (CJK). */
const UNSPACED = new Set<LocaleKey>(["ko", "ja", "zh_CN", "zh_TW"]);

export interface PersonName {
  given: string;
  family: string;
  /** As it is written in the locale ("박지우", "Lucas Ferreira"), with a gamer tag when asked for. */
  full: string;
  locale: LocaleKey;
}

/**
 * Gamer tags: short, pronounceable, and free of words our domains use as category values
 * (no "Gold", "Top", "Mid", "Master", server codes), so a tag quoted in prose cannot contradict a field.
 */
const TAG_HEADS = ["Hae", "Nox", "Kira", "Vex", "Ryu", "Sol", "Zeph", "Blitz", "Mochi", "Raven", "Pixel", "Ember", "Frost", "Lumen", "Onyx", "Shade", "Yuki", "Koi", "Drift", "Echo", "Nyx", "Bolt", "Mira", "Taro", "Kuro", "Sora", "Vale", "Juno", "Pyre", "Wisp", "Rook", "Fable", "Quill", "Haze", "Tide", "Lark", "Cinder", "Orbit", "Rune", "Sable"];
const TAG_TAILS = ["", "", "", "fang", "shot", "wind", "byte", "mane", "veil", "storm", "ling", "ace", "fox", "moth", "light", "song", "claw", "dusk", "bloom", "spark", "drop", "ward", "kite", "lock"];

export function gamerTag(rng: Rng): string {
  return rng.pick(TAG_HEADS) + rng.pick(TAG_TAILS);
}

export class NameGenerator {
  private readonly fakers = new Map<LocaleKey, Faker>();

  /** One Faker per locale, built on first use; English and base fill gaps in sparse locales. */
  private fakerFor(locale: LocaleKey): Faker {
    let instance = this.fakers.get(locale);
    if (!instance) {
      instance = new Faker({ locale: [LOCALES[locale], en, base] });
      this.fakers.set(locale, instance);
    }
    return instance;
  }

  /**
   * A name for the locale and sex, a pure function of `seed`. We draw from the Faker instance's
   * merged locale definitions with our own seeded stream instead of calling `faker.seed()` per
   * name: reseeding faker's Mersenne Twister costs ~20 µs, which alone would be 2 s per 100,000
   * personas, while the draw itself is the same uniform pick faker's `person.firstName` makes.
   */
  name(locale: LocaleKey, sex: Sex | undefined, seed: number): PersonName {
    const pools = this.poolsFor(locale);
    const rng = createRng(seed);
    const given = rng.pick(sex ? pools.first[sex] : rng.float() < 0.5 ? pools.first.female : pools.first.male);
    const family = rng.pick(sex ? pools.last[sex] : pools.last.female);
    const full = FAMILY_FIRST.has(locale) ? (UNSPACED.has(locale) ? `${family}${given}` : `${family} ${given}`) : `${given} ${family}`;
    return { given, family, full, locale };
  }

  private readonly pools = new Map<LocaleKey, NamePools>();

  private poolsFor(locale: LocaleKey): NamePools {
    let pools = this.pools.get(locale);
    if (!pools) {
      const person = this.fakerFor(locale).rawDefinitions.person ?? {};
      pools = { first: bySex(person.first_name), last: bySex(person.last_name) };
      this.pools.set(locale, pools);
    }
    return pools;
  }
}

interface NamePools {
  first: Record<Sex, readonly string[]>;
  last: Record<Sex, readonly string[]>;
}

/** Faker stores names as `{ generic?, female?, male? }`; fill each sex from what the locale has. */
function bySex(entry: { generic?: readonly string[]; female?: readonly string[]; male?: readonly string[] } | null | undefined): Record<Sex, readonly string[]> {
  const generic = entry?.generic ?? [];
  const female = entry?.female?.length ? entry.female : generic.length ? generic : (entry?.male ?? []);
  const male = entry?.male?.length ? entry.male : generic.length ? generic : female;
  if (female.length === 0 || male.length === 0) throw new Error("names: locale has no person names");
  return { female, male };
}

/**
 * The country a place value points at: a League server (picked among the countries it serves,
 * by `rng`), an ISO code, a country or city name. Unknown places → undefined.
 */
export function countryOfPlace(place: string | undefined, rng: Rng): Country | undefined {
  if (!place) return undefined;
  const server = LOL_SERVER_COUNTRIES[place.trim().toUpperCase()];
  if (server && place.trim().length > 2) {
    return countryByCode(rng.weighted(server.map(([code]) => code), server.map(([, weight]) => weight)));
  }
  const country = countryForPlace(place);
  if (country) return country;
  if (server) return countryByCode(rng.weighted(server.map(([code]) => code), server.map(([, weight]) => weight)));
  return undefined;
}

export function localeOfPlace(place: string | undefined, rng: Rng): LocaleKey {
  return countryOfPlace(place, rng)?.locale ?? "en_US";
}

/**
 * Names already given in one population. `claim` tries candidates until one is new; after many
 * collisions (tiny name pools) it disambiguates with a middle initial rather than loop forever.
 */
export class NameRegistry {
  private readonly used = new Set<string>();

  claim(candidate: (attempt: number) => PersonName, decorate: (name: PersonName) => string = (name) => name.full): { name: PersonName; display: string } {
    let first: { name: PersonName; display: string } | undefined;
    for (let attempt = 0; attempt < 40; attempt++) {
      const name = candidate(attempt);
      const display = decorate(name);
      first ??= { name, display };
      if (!this.used.has(display)) {
        this.used.add(display);
        return { name, display };
      }
    }
    const fallback = first as { name: PersonName; display: string };
    for (let index = 0; ; index++) {
      const letter = String.fromCharCode(65 + (index % 26));
      const suffix = index < 26 ? `${letter}.` : `${letter}${String.fromCharCode(65 + Math.floor(index / 26) % 26)}.`;
      const display = fallback.name.locale && UNSPACED.has(fallback.name.locale) ? `${fallback.display} ${suffix}` : fallback.display.replace(fallback.name.given, `${fallback.name.given} ${suffix}`);
      if (!this.used.has(display)) {
        this.used.add(display);
        return { name: fallback.name, display };
      }
    }
  }

  has(display: string): boolean {
    return this.used.has(display);
  }
}

/** Seeds for a persona's name attempts: independent of batch boundaries and of other fields. */
export function nameSeed(populationSeed: number, personaIndex: number, attempt: number): number {
  return hashSeed(populationSeed, "name", personaIndex, attempt) >>> 0;
}

export { createRng };
