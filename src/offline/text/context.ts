/** What every text writer knows about the persona it writes for. */
import type { Rng } from "../../engine/rng.ts";
import type { Country } from "../geo.ts";

export interface PersonaText {
  /** Structured values as strings, exactly as the persona's fields will show them. */
  values: Readonly<Record<string, string>>;
  given: string;
  fullName: string;
  country?: Country;
  city?: string;
  /** The city's state or province, when known ("Ohio" for Cleveland). */
  region?: string;
  gender?: "female" | "male";
}

/** Genders said with "they": a non-binary person is no "he" or "she", whatever sex their name is read as. */
const THEY_GENDERS = /^(?:non-?binary|enby|genderqueer|gender-?fluid|agender|gender non-?conforming|two-spirit)$/i;

/** The gender a persona's pronouns follow: none (they/them) when its own fields say non-binary. */
export function pronounGender(persona: PersonaText): "female" | "male" | undefined {
  return THEY_GENDERS.test(persona.values.gender ?? persona.values.sex ?? "") ? undefined : persona.gender;
}

/** Pronoun slots for the persona (they/them when the gender is unknown). */
export function pronounSlots(gender: string | undefined): Record<string, string> {
  // `s` agrees a regular verb ("run{s}"), `es_s` one that takes "es" ("miss{es_s}"), `s_ve` "ha{s_ve}", `ies_y` "stud{ies_y}".
  if (gender === "female") return { they: "she", them: "her", their: "her", They: "She", Their: "Her", themselves: "herself", is: "is", was: "was", has: "has", s: "s", es_s: "es", s_ve: "s", ies_y: "ies" };
  if (gender === "male") return { they: "he", them: "him", their: "his", They: "He", Their: "His", themselves: "himself", is: "is", was: "was", has: "has", s: "s", es_s: "es", s_ve: "s", ies_y: "ies" };
  return { they: "they", them: "them", their: "their", They: "They", Their: "Their", themselves: "themselves", is: "are", was: "were", has: "have", s: "", es_s: "", s_ve: "ve", ies_y: "y" };
}

export type OccupationKind = "work" | "study" | "retired" | "home" | "none";

/** What an occupation value says about a day: a job, school, retirement, home or nothing in particular. */
export function occupationKind(occupation: string | undefined): OccupationKind {
  if (!occupation) return "none";
  const lower = occupation.toLowerCase();
  if (/\b(?:retired|retiree|pensioner)\b/.test(lower)) return "retired";
  if (/^(?:student|(?:high|primary) school (?:student|pupil)|(?:university|college|graduate|full-time) student|pupil)$/.test(lower)) return "study";
  if (/^(?:homemaker|stay-at-home parent|job seeker|unemployed|carer)$/.test(lower)) return "home";
  return "work";
}

/**
 * Rough stage of life from an age, as words with no numbers in them, fitting the occupation when
 * one is given: a 19-year-old shop owner is starting out in working life, not "between classes".
 */
export function lifeStage(age: number, occupation?: string): string {
  const kind = occupationKind(occupation);
  if (kind === "study") return age < 18 ? "still in school" : "juggling lectures, deadlines and not much sleep";
  if (kind === "retired") return age < 65 ? "enjoying an early retirement" : "enjoying the slower pace of retirement";
  if (kind === "home") {
    const lower = (occupation ?? "").toLowerCase();
    if (lower === "homemaker" || lower === "stay-at-home parent" || lower === "carer") return "running a busy household";
    return "between jobs for now";
  }
  const working = kind === "work";
  // The first years are nobody's school or work: a baby, a small child at home or at nursery.
  if (age < 2) return "a baby, taking in everything";
  if (age < 5) return "not yet at school";
  if (age < 18) return working ? "juggling school and a first job" : "still in school";
  if (age < 23) return working ? "just starting out in working life" : "somewhere between classes and a first job";
  if (age < 30) return "a few years into working life";
  if (age < 45) return "settled into working life";
  if (age < 60) return "well into a long career";
  return working ? "still working at an age when many friends have retired" : "at an age when most friends have slowed down";
}

export type TextWriter = (persona: PersonaText, rng: Rng) => Record<string, string>;
