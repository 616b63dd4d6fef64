/**
 * "Teachers in prisons", "doctors in refugee camps": people the prompt names by their job work in the
 * institution whose residents a situation names (terms.json workplaces' `residents`). It is their
 * workplace, not their home: they are neither prisoners nor refugees.
 */
import { knowledge } from "../knowledge/index.ts";
import type { PromptParts } from "../understand/parts.ts";

/** The parts with an institution's residents' situation read as the workplace of the job the prompt names. */
export function residentsPlaceAsWorkplace(parts: PromptParts): PromptParts {
  if (parts.workplace || !parts.roles.some((role) => role.kind === "occupation")) return parts;
  const roleSpans = new Set(parts.roles.map((role) => (role.kind === "general" ? "" : role.span.text)));
  const { workplaces } = knowledge().terms;
  for (const entry of parts.situations) {
    if (entry.situation.field !== "housing" || roleSpans.has(entry.span.text)) continue;
    const place = workplaces.find((candidate) => candidate.residents === entry.situation.id);
    if (!place) continue;
    return { ...parts, situations: parts.situations.filter((other) => other !== entry), workplace: { value: place.value, industry: place.industry, span: entry.span } };
  }
  return parts;
}
