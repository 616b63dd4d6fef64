/**
 * A heritage rather than a move: "Chinese Americans", "Russian speakers in Latvia". Their families
 * come from elsewhere; whether each of them was born there or here is not in the data, and the
 * blueprint says so instead of writing everyone as a newcomer.
 */
import type { Field } from "../../engine/blueprint.ts";
import type { Country } from "../knowledge/index.ts";
import type { PromptParts } from "../understand/parts.ts";
import { categoricalField, fixedField, normalise, uniform, type Weights } from "./fields.ts";

/** The value of `birthplace` for those born in their family's country of origin. */
export const BORN_ABROAD = "abroad";

export interface HeritageComposition {
  fields: Field[];
  notes: string[];
  unmodelled: string[];
}

/** Origins a language or a region gives, weighted by each country's population (no data says where its people abroad come from). */
export function populationOriginWeights(origins: PromptParts["origins"]): Weights {
  return normalise(Object.fromEntries(origins.map((origin) => [origin.country.name, origin.country.populationMillions])));
}

/** The countries the prompt names as their origin ("Filipino nurses", "nurses who speak Tagalog"): by population when a language or a region gives several, else equally. */
export function promptOriginWeights(parts: PromptParts): Weights {
  return parts.origins.some((origin) => origin.byLanguage || origin.byPopulation) ? populationOriginWeights(parts.origins) : uniform(parts.origins.map((origin) => origin.country.name));
}

/** Situations whose people were born where they live by definition: the children and grandchildren of immigrants. */
const BORN_HERE_SITUATIONS: ReadonlySet<string> = new Set(["second-generation", "third-generation"]);

/** True when every origin the prompt gives is a family's, not a migration the prompt names. */
export function isHeritage(parts: PromptParts, migrated: boolean): boolean {
  return !migrated && parts.origins.length > 0 && parts.origins.every((origin) => origin.heritage);
}

export function originDescription(parts: PromptParts): string {
  const language = parts.language;
  if (language && parts.origins.some((origin) => origin.byLanguage)) return `their family's country of origin: where ${language.name} is spoken (countries-list), weighted by population`;
  return "their family's country of origin, from the prompt";
}

/** The language they are named by, a birthplace when their families came from elsewhere, and what of it is a guess. */
export function composeHeritage(parts: PromptParts, heritage: boolean, home: Country | undefined): HeritageComposition {
  const composition: HeritageComposition = { fields: [], notes: [], unmodelled: [] };
  const language = parts.language;
  if (language) {
    composition.fields.push(fixedField("language", "Language", language.name, `the language they speak, from the prompt ("${language.span.text}")`));
    const byLanguage = parts.origins.some((origin) => origin.byLanguage);
    if (byLanguage) composition.notes.push(`Family origins: the countries where ${language.name} is spoken as a main language (countries-list), weighted by population — not the origins of ${language.name} speakers where they live, which are not in the data (listed in \`unmodelled\`).`);
    if (byLanguage || (!language.spokenWhereTheyLive && parts.origins.length === 0)) composition.unmodelled.push(`where ${language.name} speakers' families come from`);
  }
  if (heritage) {
    const place = home?.name ?? "where they live";
    // The second and third generations, and people the prompt says were born where they live, were born there by definition.
    if (parts.bornWhereTheyLive || parts.situations.some(({ situation }) => BORN_HERE_SITUATIONS.has(situation.id))) {
      composition.fields.push(fixedField("birthplace", "Born", place, `born in ${home?.nameInProse ?? "the country they live in"}, from the prompt`));
      return composition;
    }
    composition.fields.push(categoricalField("birthplace", "Born", `born in their family's country of origin ("${BORN_ABROAD}") or in ${home?.nameInProse ?? "the country they live in"}: not in the data, drawn half and half`, { [BORN_ABROAD]: 1, [place]: 1 }));
    composition.notes.push(`Whether each was born abroad or in ${home?.nameInProse ?? "the country they live in"} is not in the data: drawn half and half (listed in \`unmodelled\`).`);
    composition.unmodelled.push("how many were born abroad");
  }
  return composition;
}
