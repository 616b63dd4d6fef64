/**
 * The phrase knowledge the offline writer composes prose from (data/text/*.json): what a working
 * day holds by occupation group, everyday life in each setting, how activities and conditions
 * show in a day, what situations mean, climates, English varieties and dishes by place, and life
 * outside work by age, kind of place and temperament. Validated by zod on first use.
 */
import { z } from "zod";
import { checkedAtTestTime } from "./checked.ts";
import activitiesFile from "../data/text/activities.json" with { type: "json" };
import conditionsFile from "../data/text/conditions.json" with { type: "json" };
import lifeFile from "../data/text/life.json" with { type: "json" };
import placesFile from "../data/text/places.json" with { type: "json" };
import relationsFile from "../data/text/relations.json" with { type: "json" };
import settingsFile from "../data/text/settings.json" with { type: "json" };
import situationsFile from "../data/text/situations.json" with { type: "json" };
import workFile from "../data/text/work.json" with { type: "json" };

const Phrases = z.array(z.string().min(1));
const Lists = z.record(z.string(), Phrases);

/** What a working day holds when it is done from home (a work group's `remote`): every list of a group's but its places and goals. */
const RemoteWorkSchema = z.object({ tasks: Phrases.min(4), moments: Phrases.min(3), pride: Phrases.min(3), frustrations: Phrases.min(3), tools: Phrases.min(2), people: Phrases.min(2), lessons: Phrases.min(2) });
export type RemoteWork = z.infer<typeof RemoteWorkSchema>;

const WorkGroupSchema = z.object({
  id: z.string().min(1),
  occupations: z.array(z.string()),
  industries: z.array(z.string()),
  /** How the work is done (occupations.json's attributes), chosen before name and industry: every key must equal the occupation's. */
  chosen_by: z
    .object({ self_employed: z.boolean().optional(), solo: z.boolean().optional(), works_at: z.string().optional(), earns_from: z.string().optional() })
    .refine((criteria) => Object.keys(criteria).length > 0, { message: "chosen_by needs at least one key" })
    .optional(),
  /**
   * Phrases true only of employees (a goal to "become a store manager") or only of the self-employed
   * ("chasing unpaid invoices"), in a group both work in: each is left out for the other.
   */
  employees_only: z.array(z.string()).optional(),
  self_employed_only: z.array(z.string()).optional(),
  /** Phrases true only at the group's own usual workplaces (customers' homes, a merchant ship's ports): left out for its people working at another group's place (see `places`). */
  own_workplaces_only: z.array(z.string()).optional(),
  /** Kinds of activity whose teachers this group writes, in place of the groups in `replaces` (a yoga instructor is no sports coach). */
  activity_kinds: z.array(z.string()).optional(),
  replaces: z.array(z.string()).optional(),
  /**
   * People whose work is teaching or leading an activity ("tango teachers", "hiking guides"): the
   * activities (by name, chosen first) or kinds this group writes, and the head words of the job it
   * is for when only some are (an instructor on the slopes, a coach at the club).
   */
  teaches: z.object({ activities: z.array(z.string()).optional(), kinds: z.array(z.string()).optional(), heads: z.array(z.string()).optional() }).optional(),
  /** Activities (by name) that are this group's work when its people do them: a fisher's fishing is the job, never also a pastime. */
  work_activities: z.array(z.string()).optional(),
  /** Named events (the understanding's `event` values) whose professional entrants this group writes: a Tour de France rider races for a living, not a footballer's match day. */
  events: z.array(z.string().min(1)).optional(),
  /**
   * The job done from home (a remote worker's): `true` when the group's own lists hold at a desk at
   * home (desk work: Dingel and Neiman's jobs that can be done at home), or the job's remote form (a
   * nurse on a telehealth line triages calls, never turns patients). A group with neither is
   * written, at home, from the remote situation's own `work` lists.
   */
  remote: z.union([z.literal(true), RemoteWorkSchema]).optional(),
  /**
   * Being one is no job (prisoners serving time, on death row): the group's lists are their days
   * where they are held, and no sentence speaks of "the job", working days, colleagues or time off.
   */
  not_a_job: z.literal(true).optional(),
  workplaces: Phrases.min(2),
  tasks: Phrases.min(4),
  moments: Phrases.min(3),
  pride: Phrases.min(3),
  frustrations: Phrases.min(3),
  tools: Phrases.min(2),
  people: Phrases.min(2),
  lessons: Phrases.min(2),
  goals: Phrases.min(3),
});
const PHRASE_LISTS = ["workplaces", "tasks", "moments", "pride", "frustrations", "tools", "people", "lessons", "goals"] as const;
/** What everyone working at a place shares, whatever their trade: written for the trades of other groups working there. */
const SHARED_LISTS = ["workplaces", "moments", "frustrations", "people"] as const;
/** A workplace the prompt names and who works there (work.json `places_about`). */
const WorkPlaceSchema = z.object({
  workplaces: z.array(z.string().min(1)).min(1),
  heads: z.string().min(1).optional(),
  hands: z.string().min(1).optional(),
  /** Groups whose own work is done there (a hospital's nurses and pharmacists): written as themselves, not as another trade at the place. */
  native: z.array(z.string().min(1)).optional(),
  shared: z.object({ workplaces: Phrases.min(2), moments: Phrases.min(2), frustrations: Phrases.min(2), people: Phrases.min(2) }).optional(),
});
const WorkFileSchema = z.object({
  sources: z.array(z.string()).min(1),
  places: z.array(WorkPlaceSchema),
  groups: z.array(
    WorkGroupSchema.superRefine((group, context) => {
      const phrases = new Set(PHRASE_LISTS.flatMap((list) => group[list]));
      for (const phrase of [...(group.employees_only ?? []), ...(group.self_employed_only ?? []), ...(group.own_workplaces_only ?? [])]) {
        if (!phrases.has(phrase)) context.addIssue({ code: "custom", message: `${group.id}: "${phrase}" is in none of its phrase lists` });
      }
      // Either kind of worker keeps at least two phrases in every list.
      for (const excluded of [group.employees_only ?? [], group.self_employed_only ?? []]) {
        for (const list of PHRASE_LISTS) if (group[list].filter((phrase) => !excluded.includes(phrase)).length < 2) context.addIssue({ code: "custom", message: `${group.id}: ${list} keeps fewer than two phrases for one kind of worker` });
      }
      // At another group's place, the trade keeps two phrases of every list but those the place gives (its `shared` lists).
      const elsewhere = group.own_workplaces_only ?? [];
      for (const list of PHRASE_LISTS) if (!(SHARED_LISTS as readonly string[]).includes(list) && group[list].filter((phrase) => !elsewhere.includes(phrase)).length < 2) context.addIssue({ code: "custom", message: `${group.id}: ${list} keeps fewer than two phrases away from its own workplaces` });
    }),
  ).min(20),
}).superRefine((file, context) => {
  const ids = new Set(file.groups.map((group) => group.id));
  const seen = new Set<string>();
  for (const place of file.places) {
    for (const id of [place.heads, place.hands, ...(place.native ?? [])]) if (id !== undefined && !ids.has(id)) context.addIssue({ code: "custom", message: `places: no group "${id}"` });
    for (const workplace of place.workplaces) {
      if (seen.has(workplace)) context.addIssue({ code: "custom", message: `places: "${workplace}" listed twice` });
      seen.add(workplace);
    }
  }
});

const SettingLifeLists = { days: Phrases.min(4), places: Phrases.min(3), pleasures: Phrases.min(3), worries: Phrases.min(3), possessions: Phrases.min(3), moments: Phrases.min(3), goals: Phrases.min(3) };
/**
 * A setting's everyday life, and what differs for some of its people: a samurai retainer's days are
 * the castle and the sword, not the rice paddies and the merchant quarter the setting's other people
 * fill their days with. `by_role` lists replace the setting's for a role whose name holds one of `roles`.
 */
const SettingLifeSchema = z.object({
  ...SettingLifeLists,
  by_role: z.array(z.object({ roles: z.array(z.string()).min(1), ...z.object(SettingLifeLists).partial().shape })).optional(),
});
const SettingsFileSchema = z.object({ sources: z.array(z.string()).min(1), settings: z.record(z.string(), SettingLifeSchema), facets: z.record(z.string(), Phrases.min(1)) });

const ActivityKindSchema = z.object({ habits: Phrases.min(3), social: Phrases.min(2), gear: Phrases.min(1), moments: Phrases.min(2), pride: Phrases.min(2), goals: Phrases.min(2), starts: Phrases.min(3) });
const ActivitiesFileSchema = z.object({
  sources: z.array(z.string()).min(1),
  kinds: z.record(z.string(), ActivityKindSchema),
  genres: z.record(z.string(), Lists),
  /** One activity's own venues and gear, and, where the kind's lists would not fit it (an astronomer enters no "local show"), its own habits, moments, pride, goals and how people start in their place. */
  specific: z.record(z.string(), z.object({ venues: Phrases.min(1), gear: Phrases.min(1), habits: Phrases.min(3).optional(), moments: Phrases.min(2).optional(), pride: Phrases.min(2).optional(), goals: Phrases.min(2).optional(), starts: Phrases.min(3).optional() })),
});

const ConditionKindSchema = z.object({ routines: Phrases.min(3), hard_days: Phrases.min(2), helps: Phrases.min(2), support: Phrases.min(2), goals: Phrases.min(2) });
/** A relative's condition as the family lives it ("parents of autistic children"), by the relative: the relatives' words it is for, and the days, worries, support and goals of the one who cares. */
const FamilyConditionSchema = z.object({ relatives: z.array(z.string().min(1)).min(1), days: Phrases.min(3), worries: Phrases.min(2), support: Phrases.min(2), goals: Phrases.min(2) });
const ConditionsFileSchema = z.object({ sources: z.array(z.string()).min(1), kinds: z.record(z.string(), ConditionKindSchema), specific: z.record(z.string(), Lists), family: z.record(z.string(), FamilyConditionSchema) });

const SituationDaysSchema = z.object({ noun: z.string().min(1), days: Phrases, worries: Phrases, joys: Phrases, goals: Phrases });
/** `noun_female`/`noun_male`: the noun for a woman or a man where English has one ("a widow", "a widower"). */
const SituationTextSchema = z.object({
  noun: z.string().min(1),
  noun_female: z.string().min(1).optional(),
  noun_male: z.string().min(1).optional(),
  days: Phrases,
  worries: Phrases,
  joys: Phrases,
  goals: Phrases,
  /** A religion's text for a convert ("a convert to Judaism"), who chose the faith: not "part of a Jewish family". */
  convert: SituationDaysSchema.optional(),
  /** Words no sentence about someone in this situation may hold, whatever line wrote it (homeschooled children have no school uniforms). */
  absent: z.array(z.string().min(1)).optional(),
  /** Where they are, for people who do not live there: read before the place in the opening ("drifting through", "visiting"). */
  passing: z.string().min(1).optional(),
  /** They live elsewhere (their country of origin) and visit the place the prompt names: their life at home is written from there. */
  visitor: z.literal(true).optional(),
  /** They live where they are held (a prison, a detention centre): the season's outings and the town's places and habits are not theirs. */
  held: z.literal(true).optional(),
  /**
   * They live in an institution (a prison, a care home, a psychiatric hospital, a hospice): what
   * "here" is in their sentences ("prison", "the home"), who they live among, their pastimes,
   * comforts and habits there, and the outdoors they have (none unless given): in place of a town's places,
   * dishes cooked at home and the life of their age outside.
   */
  institution: z.object({ here: z.string().min(1), people: Phrases.min(2), leisure: Phrases.min(3), comforts: Phrases.min(3), quirks: Phrases.min(3), outdoors: Phrases.min(1).optional() }).optional(),
  /** They hold a job but are away from it for now (on leave, on strike): their days are the situation's, the job is what they will go back to. */
  away: z.literal(true).optional(),
  /** Where people in this situation work, in place of their job's usual places (a remote worker's home office, a digital nomad's café). */
  workplaces: Phrases.min(2).optional(),
  /** The work itself when it is done from home, for a job whose usual day is on a site and has no remote form of its own (work.json `remote`). */
  work: RemoteWorkSchema.optional(),
  /** Where the people they work with see them ("on the team's video calls"), when that is not their place of work (a kitchen table): none, and no line says "as anyone there will tell you". */
  colleagues_at: z.string().min(1).optional(),
  /**
   * Days, worries, joys and goals by the person's age, where the situation is lived differently with
   * age (a parent of 24 has babies and toddlers, not permission slips): the first entry whose
   * `below` the age is under (or whose `from` it has reached) replaces the situation's own lists.
   */
  by_age: z.array(z.object({ from: z.number().int().min(0).optional(), below: z.number().int().min(1).optional(), noun: z.string().min(1).optional(), days: Phrases, worries: Phrases, joys: Phrases, goals: Phrases }).refine((entry) => (entry.from === undefined) !== (entry.below === undefined), "an age entry has one of from or below")).optional(),
});
const SituationsFileSchema = z.object({ sources: z.array(z.string()).min(1), situations: z.record(z.string().regex(/^[a-z_]+=.+$/), SituationTextSchema) });

export const CLIMATE_ZONES = ["tropical", "monsoon", "arid", "subtropical", "mediterranean", "oceanic", "continental", "nordic", "highland"] as const;
export type ClimateZone = (typeof CLIMATE_ZONES)[number];
const ZoneSchema = z.enum(CLIMATE_ZONES);
const PlacesFileSchema = z.object({
  sources: z.array(z.string()).min(1),
  zones: z.record(ZoneSchema, z.object({ seasons: z.array(z.object({ when: z.string().min(1), outdoors: Phrases.min(1), indoors: Phrases.min(1) })).min(2) })),
  highland_cities: z.array(z.string()),
  monsoon_countries: z.array(z.string().length(2)),
  /** The weekly day off and the night out before the weekend, where they are not Sunday and Friday (the Gulf: Friday and Thursday). */
  week_days: z.record(z.string().length(2), z.object({ rest: z.enum(["Friday", "Saturday"]), night_out: z.enum(["Thursday", "Friday"]) })),
  country_zones: z.partialRecord(ZoneSchema, z.array(z.string().length(2))),
  region_zones: z.record(z.string().regex(/^[A-Z]{2}:.+$/), ZoneSchema),
  varieties: z.object({ "en-US": z.array(z.string().length(2)), "en-CA": z.array(z.string().length(2)), "en-GB": z.array(z.string().length(2)) }),
  spelling_us: z.record(z.string(), z.string()),
  spelling_ca: z.record(z.string(), z.string()),
  vocabulary_us: z.record(z.string(), z.string()),
  vocabulary_us_keep_before: z.record(z.string(), z.array(z.string())),
  vocabulary_ca: z.record(z.string(), z.string()),
  vocabulary_int: z.record(z.string(), z.string()),
  dishes: z.record(z.string().length(2), Phrases.min(3)),
});

const StageSchema = z.object({ leisure: Phrases.min(4), people: Phrases.min(2), worries: Phrases.min(2), goals: Phrases.min(3) });
const EraListsSchema = z.object({ modern: Phrases.min(5), timeless: Phrases.min(5) });
const LifeFileSchema = z.object({
  sources: z.array(z.string()).min(1),
  stages: z.object({ child: StageSchema, teen: StageSchema, young: StageSchema, adult: StageSchema, older: StageSchema }),
  settlements: z.record(z.string(), z.object({ places: Phrases.min(2), habits: Phrases.min(2) })),
  temperaments: z.record(z.string(), z.object({ traits: Phrases.min(3), habits: Phrases.min(3) })),
  /** A child's quirks replace the era's ("an opinion on every coffee shop" is no 8-year-old's). */
  quirks: EraListsSchema.extend({ child: Phrases.min(4) }),
  /** A child's comforts replace the era's ("the first coffee of the day" is no 9-year-old's). */
  comforts: EraListsSchema.extend({ child: Phrases.min(4) }),
  /** `primary`: a primary-school child's days, worries and goals ("choose the right subjects" comes later). */
  study: z.object({ primary: z.object({ days: Phrases.min(3), worries: Phrases.min(2), joys: Phrases.min(2), goals: Phrases.min(2) }), school: z.object({ days: Phrases.min(3), worries: Phrases.min(2), joys: Phrases.min(2), goals: Phrases.min(2) }), university: z.object({ days: Phrases.min(3), worries: Phrases.min(2), joys: Phrases.min(2), goals: Phrases.min(2) }) }),
  home: z.object({ days: Phrases.min(3), worries: Phrases.min(2), joys: Phrases.min(2), goals: Phrases.min(2) }),
  missing: Phrases.min(5),
  /**
   * Ways of life the everyday lists presume otherwise: a persona whose fields meet any `when` (every
   * field's value matching its pattern) is never given a phrase holding one of `absent` (no mortgage
   * for a drifter, no lunches with friends for a recluse, no kids for a nun).
   */
  ways: z.array(z.object({ id: z.string().min(1), when: z.array(z.record(z.string().regex(/^[a-z_]+$/), z.string().min(1))).min(1), absent: z.array(z.string().min(1)).min(1) })),
  /** The World Bank's low- and lower-middle-income economies (ISO codes): a way of life keyed by `country_income` reads "lower" there. */
  lower_income_countries: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
});

const RelationsFileSchema = z.object({ sources: z.array(z.string()).min(1), relations: z.array(z.object({ heads: z.array(z.string()).min(1), habits: Phrases.min(3) })), other: Phrases.min(3) });

export type WorkGroup = z.infer<typeof WorkGroupSchema>;
export type WorkPlace = z.infer<typeof WorkPlaceSchema>;

/** The words of jobs that teach an activity, for a group that names no `heads` of its own: "pottery sellers" teach nothing. */
const TEACHING_HEADS: readonly string[] = ["teacher", "instructor", "coach", "tutor", "trainer"];

/**
 * The group that writes a job teaching or leading an activity, by the job's head word ("teacher",
 * "coach", "guide") and the activity: one naming the activity before one naming its kind. None:
 * the engine has no working day for it (a "TikTok teacher"), and says so.
 */
export function teachingGroupFor(head: string, activity: { name: string; kind: string; kin_of?: string }): WorkGroup | undefined {
  let best: WorkGroup | undefined;
  let bestScore = 0;
  for (const group of textKnowledge().work) {
    const teaches = group.teaches;
    if (!teaches || !(teaches.heads ?? TEACHING_HEADS).includes(head)) continue;
    // A kin activity ("kayaking" of rowing's figures) is taught where its entry is.
    const score = teaches.activities?.includes(activity.name) || (activity.kin_of !== undefined && teaches.activities?.includes(activity.kin_of)) ? 2 : teaches.kinds?.includes(activity.kind) ? 1 : 0;
    if (score > bestScore) {
      best = group;
      bestScore = score;
    }
  }
  return best;
}
/** Whether an activity is the work of people in this occupation (a group listing both: a mountain guide's climbing), not a pastime of theirs. */
export function isWorkOfOccupation(activity: string, occupation: string): boolean {
  return textKnowledge().work.some((group) => group.work_activities?.includes(activity) === true && group.occupations.includes(occupation));
}
export const WORK_PHRASE_LISTS = PHRASE_LISTS;
export const WORK_SHARED_LISTS = SHARED_LISTS;
export type SettingLife = z.infer<typeof SettingLifeSchema>;
export type ActivityKindText = z.infer<typeof ActivityKindSchema>;
export type ConditionKindText = z.infer<typeof ConditionKindSchema>;
export type SituationText = z.infer<typeof SituationTextSchema>;
export type PlacesText = z.infer<typeof PlacesFileSchema>;
export type LifeText = z.infer<typeof LifeFileSchema>;
export type Stage = keyof LifeText["stages"];

export interface TextKnowledge {
  work: WorkGroup[];
  /** Workplaces the prompt names and who works there, by workplace value. */
  workPlaces: ReadonlyMap<string, WorkPlace>;
  settings: Record<string, SettingLife>;
  /** Sentence frames for a setting's own fields, by field name, reading {value}. */
  facets: Record<string, string[]>;
  activities: z.infer<typeof ActivitiesFileSchema>;
  conditions: z.infer<typeof ConditionsFileSchema>;
  situations: Record<string, SituationText>;
  places: PlacesText;
  life: LifeText;
  relations: z.infer<typeof RelationsFileSchema>;
  sources: string[];
}

let loaded: TextKnowledge | undefined;

export function textKnowledge(): TextKnowledge {
  loaded ??= build();
  return loaded;
}

/**
 * Each text data file with its schema. The schemas are checked at test time (data-files.test.ts: each
 * file parses, and parsing changes nothing in it, so the file is its schema's type as it stands);
 * at run time the files are taken as their types: parsing our own shipped JSON cost every process
 * about 75 CPU-ms at first use (loaded), for a check that can only fail when a file is edited.
 */
export const TEXT_DATA_FILES = {
  work: [WorkFileSchema, workFile],
  settings: [SettingsFileSchema, settingsFile],
  activities: [ActivitiesFileSchema, activitiesFile],
  conditions: [ConditionsFileSchema, conditionsFile],
  situations: [SituationsFileSchema, situationsFile],
  places: [PlacesFileSchema, placesFile],
  life: [LifeFileSchema, lifeFile],
  relations: [RelationsFileSchema, relationsFile],
} as const;

function build(): TextKnowledge {
  const work = checkedAtTestTime(WorkFileSchema, workFile);
  const settings = checkedAtTestTime(SettingsFileSchema, settingsFile);
  const activities = checkedAtTestTime(ActivitiesFileSchema, activitiesFile);
  const conditions = checkedAtTestTime(ConditionsFileSchema, conditionsFile);
  const situations = checkedAtTestTime(SituationsFileSchema, situationsFile);
  const places = checkedAtTestTime(PlacesFileSchema, placesFile);
  const life = checkedAtTestTime(LifeFileSchema, lifeFile);
  const relations = checkedAtTestTime(RelationsFileSchema, relationsFile);
  return {
    work: work.groups,
    workPlaces: new Map(work.places.flatMap((place) => place.workplaces.map((workplace): [string, WorkPlace] => [workplace, place]))),
    settings: settings.settings,
    facets: settings.facets,
    activities,
    conditions,
    situations: situations.situations,
    places,
    life,
    relations,
    sources: [...work.sources, ...settings.sources, ...activities.sources, ...conditions.sources, ...situations.sources, ...places.sources, ...life.sources, ...relations.sources],
  };
}
