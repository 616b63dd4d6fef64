/** The built-in domain library and how a prompt picks from it. */
import type { ParsedPrompt } from "../prompt.ts";
import type { Domain } from "./domain.ts";
import { genericPerson } from "./generic-person.ts";
import { lolPlayer } from "./lol-player.ts";
import { registeredNurse } from "./registered-nurse.ts";
import { softwareDeveloper } from "./software-developer.ts";

export const DOMAINS: readonly Domain[] = [lolPlayer, softwareDeveloper, registeredNurse];

/** The best-scoring domain; the generic fallback when nothing scores. Ties go to the earlier domain. */
export function pickDomain(prompt: ParsedPrompt): Domain {
  let best: Domain = genericPerson;
  let bestScore = 0;
  for (const domain of DOMAINS) {
    const score = domain.match(prompt);
    if (score > bestScore) {
      best = domain;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Which part of a prompt selects a built-in domain: the occupation or activity the understanding
 * step recognised, never a keyword elsewhere in the prompt ("nurses who play League of Legends" are
 * nurses). Present-day prompts only: a setting or era has its own roles and ages.
 */
export const BUILT_IN_BY_OCCUPATION: Readonly<Record<string, Domain>> = { "software developer": softwareDeveloper, "registered nurse": registeredNurse };
export const BUILT_IN_BY_ACTIVITY: Readonly<Record<string, Domain>> = { "League of Legends": lolPlayer };

export { genericPerson, lolPlayer, registeredNurse, softwareDeveloper };
export type { Domain };
