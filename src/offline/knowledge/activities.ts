/** Games, sports, hobbies and platforms with player demographics, ranks and roles (data/activities.json). */
import { z } from "zod";
import file from "../data/activities.json" with { type: "json" };

const ActivitySchema = z
  .object({
    name: z.string().min(1),
    aliases: z.array(z.string()),
    kind: z.enum(["video game", "board game", "tabletop game", "sport", "practice", "hobby", "fandom", "platform", "lifestyle", "ownership", "field"]),
    genre: z.string().optional(),
    min_age: z.number().int().min(3),
    max_age: z.number().int().max(100),
    mean_age: z.number(),
    female_share: z.number().min(0).max(1),
    female_share_basis: z.string().optional(),
    ranks: z.array(z.string()).min(2).optional(),
    rank_weights: z.array(z.number().nonnegative()).optional(),
    roles: z.array(z.string()).min(2).optional(),
    levels: z.array(z.string()).min(2).optional(),
    /** Game servers a prompt may name in capitals ("EUW", "KR"). */
    servers: z.array(z.string()).optional(),
    /** The year it could first be taken up (data/activities.json `since_about`): years doing it never reach back before it. */
    since: z.number().int().optional(),
    /** Followed by people who watch rather than play, like a sport ("esports fans" watch tournaments). */
    watched: z.boolean().optional(),
    /** Where its players live, by country code, with the source: used for countries when the prompt names no place. */
    player_countries: z.object({ shares: z.record(z.string().length(2), z.number().positive()), basis: z.string().min(1) }).optional(),
    /** Other named things of its kind it stands in for ("Path of Exile" for RuneScape, "taekwondo" for mixed martial arts): each is read as itself, by its own name, with this entry's figures. */
    kin: z.array(z.string().min(1)).optional(),
    /** The entry whose figures a kin activity borrows (set by the loader, never in the file). */
    kin_of: z.string().optional(),
  })
  .refine((activity) => !activity.ranks || activity.rank_weights?.length === activity.ranks.length, { message: "rank_weights must match ranks" })
  .refine((activity) => activity.min_age < activity.mean_age && activity.mean_age < activity.max_age, { message: "mean_age must lie between min_age and max_age" });

const HoursSchema = z.object({ min: z.number(), max: z.number(), mean: z.number(), sd: z.number().positive() });
/** A club or team its followers are named by ("Manchester United fans"): following its sport. */
const ClubSchema = z.object({ name: z.string().min(1), aliases: z.array(z.string()).min(1), sport: z.string().min(1), country: z.string().length(2) });

const FileSchema = z.object({ sources: z.array(z.string()).min(1), hours_by_kind: z.record(z.string(), HoursSchema), session_hours_by_kind: z.record(z.string(), z.number().positive()), clubs: z.array(ClubSchema), activities: z.array(ActivitySchema).min(100) });

export type Club = z.infer<typeof ClubSchema>;

export type Activity = z.infer<typeof ActivitySchema>;

export type Hours = z.infer<typeof HoursSchema>;

/** People who follow a sport rather than play it ("football fans", "rugby supporters"): written as its spectators, with no position or level. */
export function followsRatherThanPlays(role: string, activity: Activity): boolean {
  return (activity.kind === "sport" || activity.watched === true) && /\b(?:fans?|supporters?|spectators?|viewers?|followers?)$/i.test(role.trim());
}

export function loadActivities(): { activities: Activity[]; clubs: Club[]; hoursByKind: Record<string, Hours>; sessionHoursByKind: Record<string, number>; sources: string[] } {
  const parsed = FileSchema.parse(file);
  for (const club of parsed.clubs) if (!parsed.activities.some((activity) => activity.name === club.sport)) throw new Error(`club ${club.name}: no activity named ${club.sport}`);
  return { activities: withKin(parsed.activities), clubs: parsed.clubs, hoursByKind: parsed.hours_by_kind, sessionHoursByKind: parsed.session_hours_by_kind, sources: parsed.sources };
}

/**
 * "Path of Exile players", "Taekwondo athletes": a named thing the data has no entry of its own for,
 * but one of its kind's (activities.json `kin`), is itself — its own name in the fields and the text —
 * with that entry's ages, gender shares, roles and levels borrowed (its start year unknown, so never capped).
 */
function withKin(activities: readonly Activity[]): Activity[] {
  const kin = activities.flatMap((activity) => (activity.kin ?? []).map((name): Activity => {
    const { kin: _kin, since: _since, player_countries: _countries, aliases: _aliases, ...borrowed } = activity;
    return { ...borrowed, name, aliases: [], kin_of: activity.name };
  }));
  return [...activities, ...kin];
}
