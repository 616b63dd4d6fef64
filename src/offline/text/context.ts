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
  gender?: "female" | "male";
}

/** Pronoun slots for the persona (they/them when the gender is unknown). */
export function pronounSlots(gender: string | undefined): Record<string, string> {
  if (gender === "female") return { they: "she", them: "her", their: "her", They: "She", Their: "Her", is: "is", has: "has", s: "s" };
  if (gender === "male") return { they: "he", them: "him", their: "his", They: "He", Their: "His", is: "is", has: "has", s: "s" };
  return { they: "they", them: "them", their: "their", They: "They", Their: "Their", is: "are", has: "have", s: "" };
}

/** Rough stage of life from an age, as words with no numbers in them. */
export function lifeStage(age: number): string {
  if (age < 18) return "still in school";
  if (age < 23) return "somewhere between classes and a first job";
  if (age < 30) return "a few years into working life";
  if (age < 45) return "settled into working life";
  if (age < 60) return "well into a long career";
  return "at an age when most friends have slowed down";
}

export type TextWriter = (persona: PersonaText, rng: Rng) => Record<string, string>;
