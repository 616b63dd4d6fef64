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
  })
  .refine((occupation) => (occupation.since === undefined && occupation.aliases_since === undefined) || occupation.since_basis !== undefined, { message: "an origin year needs its since_basis" })
  .refine((occupation) => occupation.min_age < occupation.mean_age && occupation.mean_age < occupation.max_age, { message: "mean_age must lie between min_age and max_age" });

const FileSchema = z.object({
  sources: z.array(z.string()).min(1),
  occupations: z.array(OccupationSchema).min(100),
  land_and_sea_industries: z.array(z.string()),
  everyday_mix: z.record(z.string(), z.number().positive()),
});

export type Occupation = z.infer<typeof OccupationSchema>;

export interface OccupationData {
  occupations: Occupation[];
  everydayMix: Record<string, number>;
  /** Industries whose workers mostly live outside cities (their places are towns). */
  ruralIndustries: Set<string>;
  sources: string[];
}

export function loadOccupations(): OccupationData {
  const parsed = FileSchema.parse(file);
  return { occupations: parsed.occupations, everydayMix: parsed.everyday_mix, ruralIndustries: new Set(parsed.land_and_sea_industries), sources: parsed.sources };
}
