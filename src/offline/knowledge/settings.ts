/** Settings and eras: years, technology, places, roles, naming conventions, anachronisms (data/settings.json). */
import { z } from "zod";
import { checkedAtTestTime } from "./checked.ts";
import file from "../data/settings.json" with { type: "json" };

/** A fantasy realm's peoples other than its default one, each with its callings, places, ages and share of women. */
const PeopleSchema = z.object({ words: z.array(z.string().min(1)).min(1), roles: z.record(z.string(), z.number().positive()), places: z.array(z.string()).min(2), min_age: z.number().int(), max_age: z.number().int(), mean_age: z.number(), age_note: z.string().min(1), female_share: z.number().min(0).max(1).optional(), female_share_basis: z.string().optional(), /** A legendary creature the data gives no callings of its own: a generic people of the realm (declared). */ generic: z.literal(true).optional() });
const PeoplesSchema = z.record(z.string(), PeopleSchema);

const NameListsSchema = z.object({ female: z.array(z.string()).min(3), male: z.array(z.string()).min(3) });

export const SettingNamesSchema = z.discriminatedUnion("style", [
  z.object({
    style: z.literal("lists"),
    given: NameListsSchema,
    family: z.array(z.string()).min(3),
    family_first: z.boolean().optional(),
    nicknames: z.array(z.string()).optional(),
    handles: z.array(z.string()).optional(),
    /** The period's names where people lived in a country of their own naming (medieval Venice: Marco, not William), by country code. */
    by_country: z.record(z.string().length(2), z.object({ given: NameListsSchema, family: z.array(z.string()).min(3) })).optional(),
  }),
  z.object({ style: z.literal("patterns"), lists: z.record(z.string(), z.array(z.string()).min(2)), male: z.string(), female: z.string() }),
  z.object({
    style: z.literal("invented"),
    onsets: z.array(z.string()).min(5),
    middles: z.array(z.string()).min(3),
    female_endings: z.array(z.string()).min(3),
    male_endings: z.array(z.string()).min(3),
    family: z.array(z.string()).min(3),
  }),
  z.object({ style: z.literal("earth-mix") }),
]);

const SettingSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    kind: z.enum(["historical", "fantasy", "science fiction"]),
    aliases: z.array(z.string()).min(1),
    /** Aliases that name a place in the setting ("Neo-Tokyo", "Middle-earth"), kept as the persona's place. */
    place_aliases: z.array(z.string()).optional(),
    years: z.tuple([z.number(), z.number()]).nullable(),
    technology: z.string().min(1),
    role_aliases: z.array(z.string()),
    /** The words for the realm's own people (its elves), whose callings and places are the setting's. */
    own_people: z.array(z.string().min(1)).optional(),
    /** A realm's peoples other than its default one (dwarves, halflings, orcs): the file's `fantasy_peoples`, given to every fantasy setting. */
    peoples: z.lazy(() => PeoplesSchema).optional(),
    member_roles: z.array(z.string()).optional(),
    /** Where a year alone places people in the setting (the frontier West, not Chicago or New York in 1880). */
    year_regions: z.array(z.string()).optional(),
    /** A word for one of its roles ("cowboy" for its cowhand): the people named so are that role, not its people in general. */
    role_synonyms: z.record(z.string(), z.string()).optional(),
    role_label: z.string().optional(),
    places: z.array(z.string()).min(3),
    place_countries: z.record(z.string(), z.string().length(2)).optional(),
    /** Countries whose past within `years` is this setting, beyond its places' ("Blacksmiths in 14th-century England" is medieval Europe). */
    countries: z.array(z.string().length(2)).optional(),
    roles: z.record(z.string(), z.number().positive()),
    female_roles: z.array(z.string()).optional(),
    male_roles: z.array(z.string()).optional(),
    /** Where the female and male roles come from. */
    gender_roles_basis: z.string().optional(),
    student_ages: z.record(z.string(), z.number()).optional(),
    role_min_ages: z.record(z.string(), z.number().int()).optional(),
    fields: z.record(z.string(), z.union([z.array(z.string()).min(2), z.record(z.string(), z.number().positive())])).optional(),
    fields_basis: z.string().optional(),
    min_age: z.number().int(),
    max_age: z.number().int(),
    mean_age: z.number(),
    age_note: z.string().optional(),
    female_share: z.number().min(0).max(1),
    female_share_basis: z.string().optional(),
    names: SettingNamesSchema,
    anachronisms: z.array(z.string()),
    /**
     * Things of the setting's own text that came only later in its span, with the year and its reason:
     * a prompt's year before it has none of them (no wall to stand guard on in Britain before AD 122).
     */
    dated: z.array(z.object({ since: z.number().int(), words: z.array(z.string().min(1)).min(1), basis: z.string().min(1) })).optional(),
  })
  .refine((setting) => setting.min_age < setting.mean_age && setting.mean_age < setting.max_age, { message: "mean_age must lie between min_age and max_age" });

const DatedSchema = z.object({ since: z.number().int(), words: z.array(z.string().min(1)).min(1) });

/** A job's share of women by period: [last year, share] steps, earliest first (data/settings.json `period_female_shares_about`). */
const PeriodSharesSchema = z.record(z.string().min(1), z.array(z.tuple([z.number().int(), z.number().min(0).max(1)])).min(1));


const FileSchema = z.object({ sources: z.array(z.string()).min(1), modern_life: z.array(z.string()), dated: z.array(DatedSchema).min(1), period_female_shares_about: z.string().min(1), period_female_shares: PeriodSharesSchema, fantasy_peoples: PeoplesSchema, fantasy_creatures_about: z.string().min(1), fantasy_creatures: z.array(z.array(z.string().min(1)).min(1)).min(1), fantasy_creature_people: PeopleSchema, settings: z.array(SettingSchema).min(10) });

/** The data file and its schema: checked at test time (data-files.test.ts), taken as its type at run time (no parse of our own shipped JSON at every start). */
export const SETTINGS_FILE = [FileSchema, file] as const;

/** Per occupation name, its [last year, share of women] steps, earliest first. */
export type PeriodFemaleShares = ReadonlyMap<string, ReadonlyArray<readonly [number, number]>>;

/** Things of everyday life with the year they became common. */
export type DatedThings = ReadonlyArray<z.infer<typeof DatedSchema>>;

export type Setting = z.infer<typeof SettingSchema>;
export type SettingNames = z.infer<typeof SettingNamesSchema>;

/**
 * Settings with their full anachronism lists: a setting's own, plus present-day life for any
 * setting that ends before 1900 or is fantasy.
 */
export function loadSettings(): { settings: Setting[]; dated: DatedThings; sources: string[]; periodFemaleShares: PeriodFemaleShares; periodFemaleSharesBasis: string } {
  const parsed = checkedAtTestTime(FileSchema, file);
  // Legendary creatures with no entry of their own ("Kobolds", "Minotaurs") are a generic people of the realm: the listed peoples win.
  const creatures = Object.fromEntries(parsed.fantasy_creatures.map((forms) => [forms[0] as string, { ...parsed.fantasy_creature_people, words: forms, generic: true as const }]));
  const fantasyPeoples = { ...creatures, ...parsed.fantasy_peoples };
  const settings = parsed.settings.map((setting) => {
    const premodern = setting.kind === "fantasy" || (setting.kind === "historical" && (setting.years?.[1] ?? 0) < 1900);
    // A historical setting has nothing that became common after it ended (no podcasts in the Blitz).
    const later = setting.kind === "historical" && setting.years ? thingsAfter(parsed.dated, setting.years[1]) : [];
    // Every fantasy realm has its peoples (dwarves, halflings, orcs…), whatever its default one.
    const withPeoples = setting.kind === "fantasy" && !setting.peoples ? { ...setting, peoples: fantasyPeoples } : setting;
    return premodern || later.length > 0 ? { ...withPeoples, anachronisms: [...new Set([...setting.anachronisms, ...(premodern ? parsed.modern_life : []), ...later])] } : withPeoples;
  });
  const periodFemaleShares = new Map(Object.entries(parsed.period_female_shares).map(([name, steps]) => [name, [...steps].sort((a, b) => a[0] - b[0])] as const));
  return { settings, dated: parsed.dated, sources: parsed.sources, periodFemaleShares, periodFemaleSharesBasis: parsed.period_female_shares_about };
}

/**
 * A job's share of women in `year`, where the data says it differed from today's (soldiers before
 * 1914: none; nurses in 1950: 97%), or undefined when today's share holds.
 */
export function periodFemaleShare(shares: PeriodFemaleShares, occupation: string, year: number): number | undefined {
  return shares.get(occupation)?.find(([until]) => year <= until)?.[1];
}

/** The words of everything that became common after `year`. */
export function thingsAfter(dated: DatedThings, year: number): string[] {
  return dated.filter((entry) => entry.since > year).flatMap((entry) => entry.words);
}
