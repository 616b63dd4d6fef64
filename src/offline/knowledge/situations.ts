/** Life situations and qualifiers, each a fixed field with its age and gender effects (data/situations.json). */
import { z } from "zod";
import { checkedAtTestTime } from "./checked.ts";
import file from "../data/situations.json" with { type: "json" };

const EntrySchema = z.object({
  id: z.string().min(1),
  aliases: z.array(z.string()).min(1),
  field: z.string().regex(/^[a-z_]+$/),
  value: z.string().min(1),
  min_age: z.number().int().optional(),
  max_age: z.number().int().optional(),
  /** Where most people in the situation are, when it is not the middle of the range (students: 21). */
  mean_age: z.number().optional(),
  age_note: z.string().optional(),
  gender: z.enum(["female", "male"]).optional(),
  female_share: z.number().min(0).max(1).optional(),
  /** No share is known and an even split would be invented (subcultures, pilgrims): the blueprint declares the gender mix unmodelled. */
  gender_mix_unknown: z.literal(true).optional(),
  occupation: z.string().optional(),
  goal: z.string().optional(),
  relation: z.string().optional(),
  origin: z.record(z.string().length(2), z.number().positive()).optional(),
  /**
   * Their origins follow where they live: immigrants in Dubai come from India, Pakistan… (`migrants`:
   * the destination's migrant origins), refugees in Kenya from Somalia and South Sudan (`refugees`:
   * the host's refugee origins); either stands before `origin`.
   */
  origins_by_destination: z.enum(["migrants", "refugees"]).optional(),
  years_field: z.string().optional(),
  years_range: z.tuple([z.number(), z.number()]).optional(),
  /** Where the range of years comes from, when it is more than the definition. */
  years_basis: z.string().optional(),
  years_min: z.number().optional(),
  /** The most years they have lived with the condition the prompt names ("newly diagnosed": 2). */
  condition_years_max: z.number().int().min(0).optional(),
  years_max: z.number().optional(),
  /** People in this situation work or study (commuters): no retirees, homemakers or job seekers. */
  working: z.boolean().optional(),
  /** Where a community lives when the prompt names no place (the Amish: the United States), and on what basis. */
  home_countries: z.array(z.string().length(2)).min(1).optional(),
  home_basis: z.string().optional(),
  /** The kind of place the community lives in, when the prompt names none (the Amish: rural). */
  home_settlement: z.string().optional(),
  /** The trades a closed community's people follow (the Amish farm, build and keep house), when the prompt names no job; `trades_basis` says on what basis. */
  trades: z.record(z.string(), z.number().positive()).optional(),
  /** Studies entered after a first degree in some countries ("law students" and "medical students" in the US and Canada): the words before "students", the countries (ISO), and the ages there, with their basis. */
  graduate_entry: z.object({ words: z.array(z.string().min(1)).min(1), countries: z.array(z.string().length(2)).min(1), min_age: z.number().int(), max_age: z.number().int(), mean_age: z.number(), basis: z.string().min(1) }).optional(),
  /** The share of working-age people in the situation who keep house instead of a paid job (homeschooling parents), with its basis. */
  at_home_share: z.number().min(0).max(1).optional(),
  at_home_basis: z.string().optional(),
  trades_basis: z.string().optional(),
  /** They visit the place the prompt names (pilgrims, tourists): they come from `origin` and live there, not where they are. */
  visitor: z.literal(true).optional(),
  /** People in this situation hold no job while in it (psychiatric inpatients, hospice patients): no occupation is drawn, and `no_work_basis` says why. */
  no_work: z.literal(true).optional(),
  no_work_basis: z.string().optional(),
  /** A sentence that ends only in death (life without parole, a whole-life order): no parole hearing, no release to plan for. */
  no_release: z.literal(true).optional(),
  /** The income the situation implies (an heir's), shaping the everyday jobs as a stated income does. */
  income: z.string().optional(),
});

/** Origins by destination country: ISO code → origin ISO code → weight. */
const OriginsSchema = z.record(z.string().length(2), z.record(z.string().length(2), z.number().positive()));

/** Where a destination's immigrants came from in a past period: each entry holds to its `until` year. */
const PastOriginsSchema = z.record(z.string().length(2), z.array(z.object({ until: z.number().int(), origins: z.record(z.string().length(2), z.number().positive()) })).min(1));

/** Roles foreign where they live by their word ("migrant workers", "au pairs"); `stand_in`: the destination's immigrants only stand in for their origins. */
const ForeignRolesSchema = z.object({ words: z.array(z.string().min(1)).min(1), stand_in: z.array(z.string().min(1)), origins: z.record(z.string().min(1), z.record(z.string().length(2), z.number().positive())) });

/** A pilgrimage and its faith: where its pilgrims go (events, holy places, countries) and where they come from (data/situations.json `pilgrimages_about`). */
const PilgrimageSchema = z.object({
  faith: z.string().min(1),
  name: z.string().min(1),
  at: z.array(z.string().min(1)).min(1),
  /** ISO code → weight; none: the host country's own people. */
  origins: z.record(z.string().length(2), z.number().positive()).optional(),
  origins_basis: z.string().min(1),
  /** The host country's own pilgrims are left out: only those who travel from abroad are modelled. */
  abroad_only: z.literal(true).optional(),
  /** False: the origins are an assumption, listed in `unmodelled`. */
  sourced: z.boolean(),
});

/** Jobs held almost only by migrants in some countries (Gulf construction, Hong Kong's domestic helpers): their origins, or "residents" (the country's foreign residents). */
const MigrantJobsSchema = z.array(z.object({ countries: z.array(z.string().length(2)).min(1), jobs: z.array(z.string().min(1)).min(1), origins: z.union([z.literal("residents"), z.record(z.string().length(2), z.number().positive())]) })).min(1);

export type MigrantJobs = z.infer<typeof MigrantJobsSchema>;

/** Armed forces deployed abroad: the words that say so, and by host (ISO code) the contributing countries' shares, with the years they describe (data/situations.json `deployments_about`). */
const DeploymentsSchema = z.object({ words: z.array(z.string().min(1)).min(1), hosts: z.record(z.string().length(2), z.object({ years: z.tuple([z.number().int(), z.number().int()]), origins: z.record(z.string().length(2), z.number().positive()) })) });

export type Deployments = z.infer<typeof DeploymentsSchema>;

const FileSchema = z.object({ migrant_jobs: MigrantJobsSchema, sources: z.array(z.string()).min(1), situations: z.array(EntrySchema).min(10), qualifiers: z.array(EntrySchema).min(10), migrant_origins: OriginsSchema, refugee_origins: OriginsSchema, migrant_origins_past: PastOriginsSchema, foreign_roles: ForeignRolesSchema, deployments: DeploymentsSchema, pilgrimages: z.array(PilgrimageSchema).min(1) });

/** The data file and its schema: checked at test time (data-files.test.ts), taken as its type at run time (no parse of our own shipped JSON at every start). */
export const SITUATIONS_FILE = [FileSchema, file] as const;

export type Situation = z.infer<typeof EntrySchema>;

export type PastOrigins = z.infer<typeof PastOriginsSchema>;
export type ForeignRoles = z.infer<typeof ForeignRolesSchema>;
export type Pilgrimage = z.infer<typeof PilgrimageSchema>;

export function loadSituations(): { situations: Situation[]; qualifiers: Situation[]; sources: string[]; migrant_origins: Record<string, Record<string, number>>; refugee_origins: Record<string, Record<string, number>>; migrant_origins_past: PastOrigins; migrant_jobs: MigrantJobs; foreign_roles: ForeignRoles; deployments: Deployments; pilgrimages: Pilgrimage[] } {
  return checkedAtTestTime(FileSchema, file);
}
