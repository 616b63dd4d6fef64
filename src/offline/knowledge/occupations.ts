/** Occupations with ages, licensing minimums and gender shares (data/occupations.json, cited there). */
import { z } from "zod";
import file from "../data/occupations.json" with { type: "json" };

const OccupationSchema = z
  .object({
    name: z.string().min(1),
    aliases: z.array(z.string()),
    isco: z.number().int().min(0).max(9),
    industry: z.string().min(1),
    min_age: z.number().int().min(10),
    max_age: z.number().int().max(100),
    mean_age: z.number(),
    female_share: z.number().min(0).max(1),
    female_share_basis: z.string().optional(),
    timeless: z.boolean().optional(),
    /** The activity people do for pleasure under the same name: beginner guitarists play music, they are not musicians by trade. */
    pastime: z.string().optional(),
    /** The faith the work belongs to (an imam is a Muslim): a persona's `religion` where the prompt names none. */
    religion: z.string().optional(),
    /** Vowed to celibacy (Catholic priests, nuns, monks): no partner, children or grandchildren in their lives. */
    celibate: z.literal(true).optional(),
    /**
     * How the work is done, where it differs from an employee in a team at a workplace: its text is
     * chosen by these (a poker player is no athlete, a day trader no clerk), not by its industry.
     */
    self_employed: z.boolean().optional(),
    solo: z.boolean().optional(),
    works_at: z.enum(["screen", "table", "workbench"]).optional(),
    earns_from: z.enum(["markets", "winnings", "audience", "clients", "buyers"]).optional(),
    /** The year the work became possible (nobody has traded crypto for longer than since 2009), with its reason; `aliases_since` for a later kind named by an alias. */
    since: z.number().int().optional(),
    aliases_since: z.record(z.string(), z.number().int()).optional(),
    since_basis: z.string().optional(),
    /** Those who do the work unpaid live mostly outside cities (volunteer fire brigades), on the basis of `volunteers_basis`. */
    volunteers_rural: z.literal(true).optional(),
    volunteers_basis: z.string().optional(),
  })
  .refine((occupation) => !occupation.volunteers_rural || occupation.volunteers_basis !== undefined, { message: "volunteers_rural needs its volunteers_basis" })
  .refine((occupation) => (occupation.since === undefined && occupation.aliases_since === undefined) || occupation.since_basis !== undefined, { message: "an origin year needs its since_basis" })
  .refine((occupation) => occupation.min_age < occupation.mean_age && occupation.mean_age < occupation.max_age, { message: "mean_age must lie between min_age and max_age" });

const FileSchema = z.object({
  sources: z.array(z.string()).min(1),
  occupations: z.array(OccupationSchema).min(100),
  land_and_sea_industries: z.array(z.string()),
  everyday_mix: z.record(z.string(), z.number().positive()),
  income_weights: z.record(z.string(), z.record(z.string(), z.number().min(0))),
  crops: z.array(z.string().min(1)).min(10),
  crop_workers: z.record(z.string(), z.string()),
  generic_aliases: z.array(z.string().min(1)),
  industry_words: z.record(z.string(), z.string()),
  other_language_aliases: z.record(z.string(), z.array(z.string().min(1))),
  other_language_feminine_aliases: z.record(z.string(), z.array(z.string().min(1))),
  music_genres: z.array(z.string().min(1)),
  occupation_groups: z.record(z.string(), z.array(z.number().int().min(0).max(9)).min(1)),
});

export type Occupation = z.infer<typeof OccupationSchema>;

export interface OccupationData {
  occupations: Occupation[];
  everydayMix: Record<string, number>;
  /** Factors by ISCO-08 major group (and for those of no job) that an income the prompt states puts on everyday jobs (data/occupations.json `income_weights_about`). */
  incomeWeights: Record<string, Record<string, number>>;
  /** Industries whose workers mostly live outside cities (their places are towns). */
  ruralIndustries: Set<string>;
  /** Crop and livestock workers named by what they grow ("apple picker" is a farmworker; data/occupations.json `crops_about`). */
  cropWork: Array<{ name: string; occupation: Occupation }>;
  /** One-word aliases that name their occupation only on their own (data/occupations.json `generic_aliases_about`). */
  genericAliases: Set<string>;
  /** Words naming an industry people work in ("construction", "tech") → the data's industry (data/occupations.json `industry_words_about`). */
  industryWords: Map<string, string>;
  /** Names of occupations in other languages ("enfermeras"), read but never written (data/occupations.json `other_language_aliases_about`). */
  otherLanguageAliases: Array<{ alias: string; occupation: Occupation; feminine?: true }>;
  /** Words for people by the kind of work they do ("professionals") → ISCO-08 major groups (data/occupations.json `occupation_groups_about`). */
  occupationGroups: Map<string, number[]>;
  /** A musician named with a genre ("jazz musician"), read and written as the prompt writes it. */
  genreAliases: Array<{ alias: string; occupation: Occupation }>;
  sources: string[];
}

export function loadOccupations(): OccupationData {
  const parsed = FileSchema.parse(file);
  const unknown = Object.values(parsed.crop_workers).filter((name) => !parsed.occupations.some((occupation) => occupation.name === name));
  if (unknown.length > 0) throw new Error(`occupations.json crop_workers names occupations it does not have: ${unknown.join(", ")}`);
  const aliasesOf = (key: string, byName: Record<string, string[]>, feminine: boolean) =>
    Object.entries(byName).flatMap(([name, aliases]) => {
      const occupation = parsed.occupations.find((candidate) => candidate.name === name);
      if (!occupation) throw new Error(`occupations.json ${key} names an occupation it does not have: ${name}`);
      return aliases.map((alias) => ({ alias, occupation, ...(feminine ? { feminine: true as const } : {}) }));
    });
  const otherLanguageAliases = [...aliasesOf("other_language_aliases", parsed.other_language_aliases, false), ...aliasesOf("other_language_feminine_aliases", parsed.other_language_feminine_aliases, true)];
  // "jazz musician", "country singer": a genre before any of the musician's names (music_genres_about).
  const musician = parsed.occupations.find((occupation) => occupation.pastime === "playing music");
  const genreAliases = musician ? parsed.music_genres.flatMap((genre) => [musician.name, ...musician.aliases].filter((name) => !name.includes(" ")).map((name) => ({ alias: `${genre} ${name}`, occupation: musician }))) : [];
  const industries = new Set(parsed.occupations.map((occupation) => occupation.industry));
  const unknownIndustries = Object.values(parsed.industry_words).filter((industry) => !industries.has(industry));
  if (unknownIndustries.length > 0) throw new Error(`occupations.json industry_words names industries no occupation has: ${unknownIndustries.join(", ")}`);
  return { occupations: parsed.occupations, cropWork: cropWork(parsed), genericAliases: new Set(parsed.generic_aliases), industryWords: new Map(Object.entries(parsed.industry_words)), otherLanguageAliases, genreAliases, occupationGroups: new Map(Object.entries(parsed.occupation_groups)), everydayMix: parsed.everyday_mix, incomeWeights: parsed.income_weights, ruralIndustries: new Set(parsed.land_and_sea_industries), sources: parsed.sources };
}

/**
 * "Apple pickers", "cotton pickers", "lavender growers": a crop or livestock before a farm worker's
 * word names the occupation that word means after a crop (a picker of apples is a farmworker, not a
 * warehouse picker), under the prompt's own words.
 */
function cropWork(parsed: z.infer<typeof FileSchema>): Array<{ name: string; occupation: Occupation }> {
  const byName = new Map(parsed.occupations.map((occupation) => [occupation.name, occupation]));
  return parsed.crops.flatMap((crop) => Object.entries(parsed.crop_workers).map(([word, name]) => ({ name: `${crop} ${word}`, occupation: byName.get(name) as Occupation })));
}

/**
 * A job the data does not know, named at a workplace of a known industry ("fishing boat captain",
 * "tea plantation manager"): an occupation under the prompt's words whose ages and gender mix are the
 * industry's jobs in the data (the means of their first, last and mean ages),
 * said to stand in for them. Its industry is the workplace's, so it is no one's pastime.
 */
export function industryStandIn(name: string, industry: string, occupations: readonly Occupation[]): Occupation | undefined {
  const ofIndustry = occupations.filter((occupation) => occupation.industry === industry);
  if (ofIndustry.length === 0) return undefined;
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const iscoCounts = new Map<number, number>();
  for (const occupation of ofIndustry) iscoCounts.set(occupation.isco, (iscoCounts.get(occupation.isco) ?? 0) + 1);
  const isco = [...iscoCounts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] as number;
  // The industry's typical span, not its widest: a tea picker's 14 and a farmer's 85 are no manager's ages.
  const minAge = Math.round(mean(ofIndustry.map((occupation) => occupation.min_age)));
  const maxAge = Math.round(mean(ofIndustry.map((occupation) => occupation.max_age)));
  const meanAge = Math.min(maxAge - 1, Math.max(minAge + 1, Math.round(mean(ofIndustry.map((occupation) => occupation.mean_age)))));
  const femaleShare = Math.round(mean(ofIndustry.map((occupation) => occupation.female_share)) * 100) / 100;
  const names = ofIndustry.map((occupation) => occupation.name).join(", ");
  return {
    name,
    aliases: [],
    isco,
    industry,
    min_age: minAge,
    max_age: maxAge,
    mean_age: meanAge,
    female_share: femaleShare,
    female_share_basis: `the ${industry} industry's jobs in the occupation data (${names}), standing in for ${name}s: the data has no figures of their own (an assumption)`,
  };
}
