/**
 * What a request costs, computed from its inputs before it runs (the hosted service's rule: priced
 * up front, capped at that price, nothing charged for a failure). Documented in docs/credits.md.
 */
import type { Grounding } from "../engine/ports.ts";

/** Credits per persona generated, by grounding level. */
export const GENERATE_CREDITS_PER_PERSONA: Record<Grounding, number> = { off: 1, web: 2, research: 5 };
/** Credits per enhancement, by grounding level. */
export const ENHANCE_CREDITS: Record<Grounding, number> = { off: 2, web: 4, research: 10 };
/** Credits per started block of validated personas. */
export const VALIDATE_PERSONAS_PER_CREDIT = 10;
/** Credits per interview turn (one answer of the persona). */
export const INTERVIEW_CREDITS_PER_TURN = 1;
/** Credits per persona asked a panel question. */
export const ASK_PANEL_CREDITS_PER_PERSONA = 1;

/**
 * A population generated from a blueprint the caller gives designs nothing and searches nothing, so
 * what `grounding` buys (searches, pages, longer design prompts) is not paid for: the `off` price.
 */
export function generateCost(count: number, grounding: Grounding, options: { blueprintGiven?: boolean } = {}): number {
  return count * GENERATE_CREDITS_PER_PERSONA[options.blueprintGiven ? "off" : grounding];
}

export function enhanceCost(grounding: Grounding): number {
  return ENHANCE_CREDITS[grounding];
}

export function validateCost(personaCount: number): number {
  return Math.max(1, Math.ceil(personaCount / VALIDATE_PERSONAS_PER_CREDIT));
}

export function interviewCost(): number {
  return INTERVIEW_CREDITS_PER_TURN;
}

export function askPanelCost(personaCount: number): number {
  return personaCount * ASK_PANEL_CREDITS_PER_PERSONA;
}
