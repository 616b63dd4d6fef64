/**
 * The save body of an NPC persona (`POST /api/v1/creator/save`, Foil Engine's `PersonaCreate`) as zod
 * schemas, one per concept. Names are Foil Engine's; `when`, `variables[].extract`, `lines`, `intents`,
 * `decision_mode`, `is_entry` and a terminal state's `outcome` are our optional additions (DESIGN §6).
 * Unknown keys are ignored, as pydantic does: zod objects strip them.
 *
 * These schemas check shape and size (the caps of `limits.ts`); `validate-definition.ts` adds the
 * cross-references (states that exist, one initial state, reachable machines, …) and checks the
 * counts before zod runs, so that an oversized body is refused without being walked.
 */
import { z } from "zod";
import { ConditionSchema } from "./conditions.ts";
import {
  MAX_EXTRACTION_RULES_PER_VARIABLE,
  MAX_KEY_CHARS,
  MAX_LINE_CHARS,
  MAX_LINES_PER_STATE,
  MAX_MACHINE_LINKS,
  MAX_MACHINES_PER_PERSONA,
  MAX_NAME_CHARS,
  MAX_OUTPUT_VARIABLES_PER_MACHINE,
  MAX_PHRASE_CHARS,
  MAX_PHRASES_PER_LIST,
  MAX_STATES_PER_MACHINE,
  MAX_TEXT_CHARS,
  MAX_TRANSITIONS_PER_MACHINE,
  MAX_VALUES_PER_VARIABLE,
  MAX_VARIABLES,
} from "./limits.ts";
import { OUTCOMES } from "./values.ts";
import { userRecord } from "../engine/user-record.ts";

const NonEmptyString = z.string().min(1);
/** `machine_key`, `state_key`, variable keys. */
const Key = NonEmptyString.max(MAX_KEY_CHARS);
const Name = NonEmptyString.max(MAX_NAME_CHARS);
const Label = z.string().max(MAX_NAME_CHARS);
const Text = z.string().max(MAX_TEXT_CHARS);
const Phrase = z.string().max(MAX_PHRASE_CHARS);
const PhraseList = z.array(Phrase).max(MAX_PHRASES_PER_LIST);

export const OutcomeSchema = z.enum(OUTCOMES);

export const SCORING_MODES = ["scoring", "pass_fail"] as const;
export const DECISION_TYPES = ["pass", "redirect", "reject", "kick_out"] as const;
export const DECISION_MODES = ["rules", "llm", "hybrid"] as const;
export const VARIABLE_TYPES = ["number", "string", "enum", "boolean"] as const;

export const StateSchema = z.object({
  state_key: Key,
  label: Label.default(""),
  prompt_instruction: Text.default(""),
  is_initial_state: z.boolean().default(false),
  is_terminal_state: z.boolean().default(false),
  display_order: z.number().int().default(0),
  /** What the NPC says in this state offline, in rotation; `{{vars.key}}`, `{{player_name}}` are filled in. */
  lines: z.array(z.string().max(MAX_LINE_CHARS)).max(MAX_LINES_PER_STATE).optional(),
  /** For terminal states: the outcome reached here (default ACCEPT; a pass_fail reject always ends REJECT). */
  outcome: OutcomeSchema.optional(),
});

export const TransitionSchema = z.object({
  from_state_key: Key,
  to_state_key: Key,
  decision_type: z.enum(DECISION_TYPES),
  score_delta: z.number().default(0),
  priority: z.number().default(0),
  /** Offline rule: the transition may fire when this holds (see play.ts for transitions without one). */
  when: ConditionSchema.optional(),
  label: Label.optional(),
  description: Text.optional(),
});

export const RegexExtractionSchema = z.object({
  /** Its length is checked with the pattern itself (`creator-regex.ts`), which says what else is wrong. */
  regex: NonEmptyString,
  /** Capture group (number or name); default: group 1 when the pattern has one, else the whole match. */
  group: z.union([z.number().int().min(0), Key]).optional(),
  /** Default "i". */
  flags: z.string().optional(),
});

export const KeywordExtractionSchema = z.object({
  /** value → phrases; the first value (in order) with a phrase in the message wins. */
  keywords: userRecord(Phrase, PhraseList),
});

export const ExtractionRuleSchema = z.union([RegexExtractionSchema, KeywordExtractionSchema]);

export const VariableSchema = z.object({
  key: Key,
  type: z.enum(VARIABLE_TYPES),
  values: z.array(NonEmptyString.max(MAX_PHRASE_CHARS)).max(MAX_VALUES_PER_VARIABLE).optional(),
  extract: z.array(ExtractionRuleSchema).max(MAX_EXTRACTION_RULES_PER_VARIABLE).default([]),
  extraction_prompt: Text.optional(),
});

export const OutputVariableSchema = z.object({
  key: Key,
  extraction_prompt: Text.default(""),
});

export const MachineSchema = z.object({
  machine_key: Key,
  name: Name,
  description: Text.default(""),
  creator_objective: Text.default(""),
  creator_win_condition: Text.default(""),
  creator_lose_condition: Text.default(""),
  scoring_mode: z.enum(SCORING_MODES).default("scoring"),
  chat_system_prompt: Text.optional(),
  system_evaluation_prompt: Text.optional(),
  system_summarization_prompt: Text.optional(),
  decision_mode: z.enum(DECISION_MODES).optional(),
  /** Always available, even with incoming links. */
  is_entry: z.boolean().optional(),
  states: z.array(StateSchema).min(1).max(MAX_STATES_PER_MACHINE),
  transitions: z.array(TransitionSchema).max(MAX_TRANSITIONS_PER_MACHINE).default([]),
  variables: z.array(VariableSchema).max(MAX_VARIABLES).default([]),
  output_variables: z.array(OutputVariableSchema).max(MAX_OUTPUT_VARIABLES_PER_MACHINE).default([]),
});

export const LinkConditionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("outcome"), value: OutcomeSchema }),
  z.object({ type: z.literal("score_gte"), value: z.number() }),
  z.object({ type: z.literal("score_lte"), value: z.number() }),
  z.object({ type: z.literal("always") }),
  z.object({ type: z.literal("when"), when: ConditionSchema }),
]);

export const MachineLinkSchema = z.object({
  source_machine_key: Key,
  target_machine_key: Key,
  condition: LinkConditionSchema,
  auto_advance: z.boolean().default(false),
});

export const PersonaCreateSchema = z.object({
  name: Name,
  description: NonEmptyString.max(MAX_TEXT_CHARS),
  persona_identity_prompt: NonEmptyString.max(MAX_TEXT_CHARS),
  perplexity_description: Text.optional(),
  is_public: z.boolean().optional(),
  machines: z.array(MachineSchema).min(1).max(MAX_MACHINES_PER_PERSONA),
  /** Persona-level variables, extracted in every machine. */
  variables: z.array(VariableSchema).max(MAX_VARIABLES).default([]),
  machine_links: z.array(MachineLinkSchema).max(MAX_MACHINE_LINKS).default([]),
  /** Named phrase lists for the `intent` condition (at most `MAX_INTENTS`, counted before zod runs). */
  intents: userRecord(Key, PhraseList).optional(),
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
