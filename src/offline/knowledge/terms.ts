/** Age and gender words, kinds of settlement, workplaces, participant nouns and stop words (data/terms.json). */
import { z } from "zod";
import file from "../data/terms.json" with { type: "json" };

const FileSchema = z.object({
  sources: z.array(z.string()).min(1),
  /** "Village elders", "young carers": a role that comes with an age, read as a situation (who they are), never an occupation. `value` defaults to the words as written; `like`: a situation whose visit and origins it shares (business travellers: tourists'); `isco`: the job groups they hold. */
  roles_of_age: z.array(z.object({ id: z.string().min(1), aliases: z.array(z.string()).min(1), field: z.string().regex(/^[a-z_]+$/), value: z.string().optional(), min_age: z.number().int(), max_age: z.number().int(), mean_age: z.number(), age_note: z.string(), gender_mix_unknown: z.literal(true).optional(), female_share: z.number().min(0).max(1).optional(), like: z.string().optional(), isco: z.array(z.number().int().min(0).max(9)).optional(), trades: z.record(z.string(), z.number().positive()).optional(), trades_basis: z.string().optional() })),
  // `field`/`value`: what the word says besides an age ("grandparents" are grandparents, a fixed field).
  present_day_cues: z.array(z.string().min(1)),
  age_terms: z.array(z.object({ aliases: z.array(z.string()).min(1), min_age: z.number().int(), max_age: z.number().int(), field: z.string().regex(/^[a-z_]+$/).optional(), value: z.string().optional() })),
  gender_terms: z.array(z.object({ aliases: z.array(z.string()).min(1), gender: z.enum(["female", "male"]) })),
  determiners_before_a_noun: z.array(z.string()),
  adjectives_before_a_noun: z.array(z.string()),
  stop_words: z.array(z.string()),
  settlements: z.array(z.object({ aliases: z.array(z.string()).min(1), value: z.string(), trade: z.string().optional() })),
  // `aboard`: a vessel or station one works on board, not at ("at a cargo ship" was written).
  // `hands`: the job most people working there hold (a cannery's: food processing worker), an occupation's name.
  // `residents`: the situations.json id of the people who live there (a care home's residents), not its staff.
  // `staff`: the jobs of the people working there, weighted ("people working in warehouses": pickers and packers, drivers, supervisors), with `staff_basis`.
  workplaces: z.array(z.object({ aliases: z.array(z.string()).min(1), value: z.string(), industry: z.string(), aboard: z.literal(true).optional(), hands: z.string().optional(), staff: z.record(z.string(), z.number().positive()).optional(), staff_basis: z.string().optional(), residents: z.string().optional() }).refine((workplace) => workplace.staff === undefined || workplace.staff_basis !== undefined, { message: "a workplace's staff mix needs its staff_basis" })),
  served_at_workplaces: z.array(z.string().min(1)),
  // `daily_from_the_coast`: sea work done from home every day (fishers, dockers, lifeguards), so a named place's coast is where they live;
  // ocean-going crews (merchant officers, cruise ship crews) are away for months and live anywhere in the place named.
  sea_work: z.object({ industries: z.array(z.string().min(1)), occupations: z.array(z.string().min(1)), daily_from_the_coast: z.object({ industries: z.array(z.string().min(1)), occupations: z.array(z.string().min(1)) }) }),
  participant_nouns: z.array(z.string()),
  languages: z.array(z.string()),
  language_roles: z.array(z.string()),
  styles_after_demonyms: z.array(z.string()),
  /** Fields of study and research, read after a student's or researcher's role ("students in marine biology"). */
  disciplines: z.array(z.string().min(1)),
  study_years: z.array(z.object({ aliases: z.array(z.string()).min(1), value: z.string() })),
  relatives: z.array(z.string()),
  group_nouns: z.array(z.string()),
  figurative_people: z.array(z.string()),
  trait_nouns: z.array(z.string()),
  /** Ways of life and social types ("hobos", "yuppies", "socialites"): an identity, never a job; any unlisted people-noun is a job as written. */
  identity_nouns: z.array(z.string().min(1)),
  /** Animals and things a prompt may name instead of people ("dogs", "robots"): never a job as written. */
  non_people_nouns: z.array(z.string().min(1)),
  /** Adherents of faiths the situations data lacks ("Rastafarians", "Jehovah's Witnesses"): their religion, never a job. */
  faith_nouns: z.array(z.object({ aliases: z.array(z.string().min(1)).min(1), value: z.string().min(1) })),
  /** "sew" → tailor: a verb's agent noun that English forms without -er/-or/-ist ("who sew for a living"); the key may hold the object ("cut hair"). */
  agents_of_verbs: z.record(z.string().min(1), z.string().min(1)),
  /** Named events and endeavours ("the Tour de France", "the Hajj"): a situation people are in, never their home or a weekly pastime. `venue`: the one city where it happens (the place its visitors are at); `professional`: its entrants race for a living. */
  events: z.array(z.object({ aliases: z.array(z.string()).min(1), value: z.string().min(1), min_age: z.number().int(), max_age: z.number().int(), mean_age: z.number(), age_note: z.string(), venue: z.object({ city: z.string(), country: z.string().length(2) }).optional(), professional: z.literal(true).optional() })),
  peoples: z.array(z.object({ aliases: z.array(z.string()).min(1), value: z.string(), homelands: z.array(z.string()).min(1) })),
  /** States that no longer exist ("Soviet", "East German"): their people live in the successor's land, `years` when the state existed. */
  historical_states: z.array(z.object({ aliases: z.array(z.string()).min(1), value: z.string(), countries: z.array(z.string().length(2)).min(1), part: z.enum(["north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "central"]).optional(), years: z.tuple([z.number().int(), z.number().int()]) })),
  /** Fantasy peoples by their adjective or noun ("dwarven", "elves"): a `people` field in a fantasy setting. */
  fantasy_peoples: z.array(z.object({ aliases: z.array(z.string()).min(1), value: z.string() })),
  /** Nouns an institution's name ends in, said one for another ("assisted living home" = "… facility"): [singular, plural]. */
  institution_nouns: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
});

export type Terms = z.infer<typeof FileSchema>;

export function loadTerms(): Terms {
  const terms = FileSchema.parse(file);
  return { ...terms, workplaces: terms.workplaces.map((workplace) => (workplace.residents ? { ...workplace, aliases: withInstitutionNouns(workplace.aliases, terms.institution_nouns) } : workplace)) };
}

/**
 * "Assisted living home", "rehab centre", "juvenile detention facility": everyday wording names an
 * institution people live in with any of its nouns, so each alias ending in one is also read with the
 * others, in the same number (a class of wordings, not a list of phrases).
 */
function withInstitutionNouns(aliases: readonly string[], nouns: ReadonlyArray<readonly [string, string]>): string[] {
  const out = new Set(aliases);
  for (const alias of aliases) {
    const words = alias.split(" ");
    const last = words.at(-1) ?? "";
    const number = nouns.find((pair) => pair.includes(last))?.indexOf(last);
    if (words.length < 2 || number === undefined) continue;
    const stem = words.slice(0, -1).join(" ");
    for (const pair of nouns) out.add(`${stem} ${pair[number] as string}`);
  }
  return [...out];
}
