/**
 * Work in a past period. Before leisure was common, a pastime's word named a trade: "sailors in
 * Victorian Britain" were seamen, not yacht club members; the occupation data links a timeless job
 * to its pastime (`pastime`: sailor → sailing), and in the past the job is read.
 */
import { knowledge } from "../knowledge/index.ts";
import { fold } from "../knowledge/words.ts";
import type { PromptParts, RoleReading } from "../understand/parts.ts";

/**
 * Before this year a pastime's people are read as its trade's (an assumption: before the First World
 * War sailing, dancing or painting for pleasure was for the few).
 */
const LEISURE_COMMON_FROM = 1914;

/**
 * The parts with each role named by a pastime that is also a timeless trade ("sailors", "dancers")
 * read as that trade when the prompt's year (or its setting's) is before leisure was common; the
 * pastime leaves the activities, since it is their work.
 */
export function pastimesAsTrades(parts: PromptParts, year: number | undefined): PromptParts {
  if (year === undefined || year >= LEISURE_COMMON_FROM) return parts;
  const data = knowledge();
  const trades = new Set<string>();
  const roles = parts.roles.map((role): RoleReading => {
    if (role.kind !== "participant") return role;
    const occupation = data.occupationByName.get(fold(role.value));
    if (!occupation?.timeless || occupation.pastime !== role.activity.name) return role;
    trades.add(role.activity.name);
    return { kind: "occupation", occupation, value: role.value, span: role.span };
  });
  if (trades.size === 0) return parts;
  return { ...parts, roles, activities: parts.activities.filter((entry) => !trades.has(entry.activity.name)) };
}
