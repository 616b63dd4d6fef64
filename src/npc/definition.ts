/**
 * The save body of an NPC persona (`POST /api/v1/creator/save`, Foil Engine's `PersonaCreate`) as zod
 * schemas, one per concept. Names are Foil Engine's; `when`, `variables[].extract`, `lines`, `intents`,
 * `decision_mode`, `is_entry` and a terminal state's `outcome` are our optional additions (DESIGN §6).
 * Unknown keys are ignored, as pydantic does: zod objects strip them.
 *
 * These schemas check shape only; `validate-definition.ts` adds the cross-references (states that
 * exist, one initial state, reachable machines, …).
 */
import { z } from "zod";
import { ConditionSchema } from "./conditions.ts";
import { OUTCOMES } from "./values.ts";

const NonEmptyString = z.string().min(1);

export const OutcomeSchema = z.enum(OUTCOMES);

export const SCORING_MODES = ["scoring", "pass_fail"] as const;
export const DECISION_TYPES = ["pass", "redirect", "reject", "kick_out"] as const;
export const DECISION_MODES = ["rules", "llm", "hybrid"] as const;
export const VARIABLE_TYPES = ["number", "string", "enum", "boolean"] as const;

export const StateSchema = z.object({
  state_key: NonEmptyString,
  label: z.string().default(""),
  prompt_instruction: z.string().default(""),
  is_initial_state: z.boolean().default(false),
  is_terminal_state: z.boolean().default(false),
  display_order: z.number().int().default(0),
  /** What the NPC says in this state offline, in rotation; `{{vars.key}}`, `{{player_name}}` are filled in. */
  lines: z.array(z.string()).optional(),
  /** For terminal states: the outcome reached here (default ACCEPT; a pass_fail reject always ends REJECT). */
  outcome: OutcomeSchema.optional(),
});

export const TransitionSchema = z.object({
  from_state_key: NonEmptyString,
  to_state_key: NonEmptyString,
  decision_type: z.enum(DECISION_TYPES),
  score_delta: z.number().default(0),
  priority: z.number().default(0),
  /** Offline rule: the transition may fire when this holds (see play.ts for transitions without one). */
  when: ConditionSchema.optional(),
  label: z.string().optional(),
  description: z.string().optional(),
});

export const RegexExtractionSchema = z.object({
  regex: NonEmptyString,
  /** Capture group (number or name); default: group 1 when the pattern has one, else the whole match. */
  group: z.union([z.number().int().min(0), NonEmptyString]).optional(),
  /** Default "i". */
  flags: z.string().optional(),
});

export const KeywordExtractionSchema = z.object({
  /** value → phrases; the first value (in order) with a phrase in the message wins. */
  keywords: z.record(z.string(), z.array(z.string())),
});

export const ExtractionRuleSchema = z.union([RegexExtractionSchema, KeywordExtractionSchema]);

export const VariableSchema = z.object({
  key: NonEmptyString,
  type: z.enum(VARIABLE_TYPES),
  values: z.array(NonEmptyString).optional(),
  extract: z.array(ExtractionRuleSchema).default([]),
  extraction_prompt: z.string().optional(),
});

export const OutputVariableSchema = z.object({
  key: NonEmptyString,
  extraction_prompt: z.string().default(""),
});

export const MachineSchema = z.object({
  machine_key: NonEmptyString,
  name: NonEmptyString,
  description: z.string().default(""),
  creator_objective: z.string().default(""),
  creator_win_condition: z.string().default(""),
  creator_lose_condition: z.string().default(""),
  scoring_mode: z.enum(SCORING_MODES).default("scoring"),
  chat_system_prompt: z.string().optional(),
  system_evaluation_prompt: z.string().optional(),
  system_summarization_prompt: z.string().optional(),
  decision_mode: z.enum(DECISION_MODES).optional(),
  /** Always available, even with incoming links. */
  is_entry: z.boolean().optional(),
  states: z.array(StateSchema).min(1),
  transitions: z.array(TransitionSchema).default([]),
  variables: z.array(VariableSchema).default([]),
  output_variables: z.array(OutputVariableSchema).default([]),
});

export const LinkConditionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("outcome"), value: OutcomeSchema }),
  z.object({ type: z.literal("score_gte"), value: z.number() }),
  z.object({ type: z.literal("score_lte"), value: z.number() }),
  z.object({ type: z.literal("always") }),
  z.object({ type: z.literal("when"), when: ConditionSchema }),
]);

export const MachineLinkSchema = z.object({
  source_machine_key: NonEmptyString,
  target_machine_key: NonEmptyString,
  condition: LinkConditionSchema,
  auto_advance: z.boolean().default(false),
});

export const PersonaCreateSchema = z.object({
  name: NonEmptyString,
  description: NonEmptyString,
  persona_identity_prompt: NonEmptyString,
  perplexity_description: z.string().optional(),
  is_public: z.boolean().optional(),
  machines: z.array(MachineSchema).min(1),
  /** Persona-level variables, extracted in every machine. */
  variables: z.array(VariableSchema).default([]),
  machine_links: z.array(MachineLinkSchema).default([]),
  /** Named phrase lists for the `intent` condition. */
  intents: z.record(z.string(), z.array(z.string())).optional(),
});

export type State = z.infer<typeof StateSchema>;
export type Transition = z.infer<typeof TransitionSchema>;
export type ExtractionRule = z.infer<typeof ExtractionRuleSchema>;
export type Variable = z.infer<typeof VariableSchema>;
export type OutputVariable = z.infer<typeof OutputVariableSchema>;
export type Machine = z.infer<typeof MachineSchema>;
export type LinkCondition = z.infer<typeof LinkConditionSchema>;
export type MachineLink = z.infer<typeof MachineLinkSchema>;
export type PersonaCreate = z.infer<typeof PersonaCreateSchema>;
/** The validated definition the engine plays (defaults filled in). */
export type PersonaDefinition = PersonaCreate;
export type ScoringMode = (typeof SCORING_MODES)[number];
export type DecisionType = (typeof DECISION_TYPES)[number];
export type DecisionMode = (typeof DECISION_MODES)[number];
export type VariableType = (typeof VARIABLE_TYPES)[number];

/** The machine with this key, or undefined. */
export function findMachine(definition: PersonaDefinition, machineKey: string): Machine | undefined {
  return definition.machines.find((machine) => machine.machine_key === machineKey);
}
