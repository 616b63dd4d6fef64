/** sketch ─► fields (enhancer) ─► system_prompt + markdown (renderer). */
import type { Blueprint, Field } from "../engine/blueprint.ts";
import type { Persona } from "../engine/persona.ts";
import type { Enhancer, Grounding, UsageRecorder } from "../engine/ports.ts";
import { renderPersona } from "../engine/render.ts";
import { UsageTally } from "./usage.ts";

export interface EnhanceInput {
  sketch: string;
  grounding: Grounding;
  seed: number;
}

/** The persona id of an enhanced persona: one persona, so the first id of a population. */
export const ENHANCED_PERSONA_ID = "p0001";

export interface EnhanceOptions {
  /** Receives every model call's usage (a model-backed enhancer; offline makes none). */
  usage?: UsageRecorder;
  signal?: AbortSignal;
}

export async function enhancePersona(input: EnhanceInput, dependencies: { enhancer: Enhancer }, options: EnhanceOptions = {}): Promise<Persona> {
  const usage = new UsageTally(options.usage);
  const { fields, blueprint } = await dependencies.enhancer.enhance({
    ...input,
    usage,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const described = blueprint ? { ...blueprint, label: blueprint.label ?? labelOfPersona(fields) } : blueprintOfTextFields(fields);
  // A model's persona gets its voice as a section of its own; the offline one renders as it always has.
  return { persona_id: ENHANCED_PERSONA_ID, fields, ...renderPersona(described, fields, ENHANCED_PERSONA_ID, { voiceSection: usage.calls > 0 }) };
}

const ROLE_NOUNS: Record<string, string> = { support: "support main", jungle: "jungle main", mid: "mid laner", top: "top laner", adc: "ADC main" };

/**
 * What the persona is, in words, for "You are Sam Lee, a League of Legends support main.": the
 * player's role, else the stated occupation, else "person". Never "persona": the prompt itself
 * forbids the character to call itself one.
 */
export function labelOfPersona(fields: Readonly<Record<string, string>>): string {
  const role = fields.main_role?.trim().toLowerCase();
  if (role) return `League of Legends ${ROLE_NOUNS[role] ?? `${role} player`}`;
  if (fields.main_champion || fields.rank) return "League of Legends player";
  const occupation = fields.occupation?.replace(/\s+/g, " ").trim();
  if (occupation && occupation.length <= 60) return occupation;
  return "person";
}

/**
 * The facts that sum a persona up, in the order a one-line summary should give them; the
 * renderer's subtitle and "In short:" line are made of these (numbers as "Age: 30").
 */
const SUMMARY_FIELDS: Array<[string, Field["kind"]]> = [
  ["age", "numeric"],
  ["occupation", "categorical"],
  ["main_role", "categorical"],
  ["main_champion", "categorical"],
  ["rank", "categorical"],
  ["location", "categorical"],
  ["temperament", "categorical"],
];

/** When the enhancer declares no blueprint, the renderer still needs the field list and a noun for the persona. */
function blueprintOfTextFields(fields: Record<string, string>): Blueprint {
  const summary = SUMMARY_FIELDS.filter(([name]) => Object.hasOwn(fields, name));
  const kinds = new Map(summary);
  const names = [...summary.map(([name]) => name), ...Object.keys(fields).filter((name) => !kinds.has(name))];
  return {
    domain: "enhanced_persona",
    label: labelOfPersona(fields),
    order: [],
    fields: names.map((name) => ({ name, kind: kinds.get(name) ?? ("text" as const), parents: [], conditionals: [] })),
    constraints: [],
  };
}
