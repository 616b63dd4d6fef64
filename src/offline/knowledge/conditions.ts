/** Chronic conditions and disabilities with onset ages and sex ratios (data/conditions.json). */
import { z } from "zod";
import { checkedAtTestTime } from "./checked.ts";
import file from "../data/conditions.json" with { type: "json" };

const ConditionSchema = z
  .object({
    name: z.string().min(1),
    aliases: z.array(z.string()),
    kind: z.string().min(1),
    /** What one person is called ("pregnant woman"), when "person with …" reads badly. */
    person_noun: z.string().optional(),
    onset_min: z.number().int().min(0),
    onset_mean: z.number().min(0),
    min_age: z.number().int().min(0),
    max_age: z.number().int().max(105),
    mean_age: z.number(),
    female_share: z.number().min(0).max(1),
    female_share_basis: z.string().optional(),
    /** Aliases that name the condition only before a sport, its para-sport ("wheelchair basketball" players use wheelchairs; "wheelchair repair" technicians need not). */
    sport_prefixes: z.array(z.string()).optional(),
    unsuited_work: z.array(z.string()).optional(),
    /** The year the condition first existed (long COVID: 2020), with its reason: nobody has lived with it longer. */
    since: z.number().int().optional(),
    since_basis: z.string().optional(),
    /** The usual longest time people live with it (a progressive or terminal condition), with its reason. */
    max_years: z.number().int().positive().optional(),
    max_years_basis: z.string().optional(),
    /** It can come from an injury: among veterans and soldiers, in service. */
    injury: z.literal(true).optional(),
    /**
     * Named by one of `aliases` alone for people all younger than `below_age`, the condition is mostly
     * `condition` instead ("diabetes" in teenagers is type 1), on `basis`.
     */
    young_instead: z.object({ below_age: z.number().int().positive(), aliases: z.array(z.string()).min(1), condition: z.string().min(1), basis: z.string().min(1) }).optional(),
  })
  .refine((condition) => condition.since === undefined || condition.since_basis !== undefined, { message: "an origin year needs its since_basis" })
  .refine((condition) => condition.max_years === undefined || condition.max_years_basis !== undefined, { message: "a longest duration needs its max_years_basis" })
  .refine((condition) => condition.onset_min <= condition.min_age && condition.min_age < condition.mean_age && condition.mean_age < condition.max_age, {
    message: "ages must be ordered onset_min <= min_age < mean_age < max_age",
  });

const FileSchema = z.object({ sources: z.array(z.string()).min(1), conditions: z.array(ConditionSchema).min(30) });

/** The data file and its schema: checked at test time (data-files.test.ts), taken as its type at run time (no parse of our own shipped JSON at every start). */
export const CONDITIONS_FILE = [FileSchema, file] as const;

export type Condition = z.infer<typeof ConditionSchema>;

export function loadConditions(): { conditions: Condition[]; sources: string[] } {
  return checkedAtTestTime(FileSchema, file);
}
