/** Small shared vocabulary of the NPC engine (Foil Engine's names). */

export const OUTCOMES = ["ACCEPT", "REJECT", "KICK_OUT"] as const;
/** How a finished machine ended. */
export type Outcome = (typeof OUTCOMES)[number];

/** A typed variable value, after coercion to the variable's declared type. */
export type VariableValue = string | number | boolean;
