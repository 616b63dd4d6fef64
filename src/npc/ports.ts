/**
 * The seams where a language model can take over a part of NPC play. Offline implementations:
 * `RulesJudge`, `LinesReplyWriter`, `PatternExtractor`. Each method may answer synchronously or with a
 * promise, so an LLM implementation fits the same interface.
 */
import type { ConditionContext } from "./conditions.ts";
import type { DecisionType, Machine, PersonaDefinition, State, Transition, Variable } from "./definition.ts";
import type { MachineSession } from "./session.ts";
import type { VariableValue } from "./values.ts";

/** A transition out of the current state with the verdict of its `when` (undefined when it has none). */
export interface TransitionEvaluation {
  /** Index in `machine.transitions`. */
  index: number;
  transition: Transition;
  holds: boolean | undefined;
  explanation: string;
}

export interface JudgeInput {
  definition: PersonaDefinition;
  machine: Machine;
  state: State;
  session: MachineSession;
  message: string;
  context: ConditionContext;
  /** Every transition out of the state, by priority (lower first; ties keep definition order). */
  evaluations: TransitionEvaluation[];
  /** The allowed ones: a present `when` must hold. A judge picks one of these or none. */
  candidates: TransitionEvaluation[];
}

export interface JudgeDecision {
  /** Index in `machine.transitions` of the chosen transition, or null to stay. */
  index: number | null;
  reason: string;
}

export interface Judge {
  readonly name: string;
  choose(input: JudgeInput): JudgeDecision | Promise<JudgeDecision>;
}

export interface ReplyInput {
  definition: PersonaDefinition;
  machine: Machine;
  /** The state the NPC speaks from (after the turn's transition). */
  state: State;
  /** The session after the turn (its `last_reply` and `last_line_index` are still the previous ones). */
  session: MachineSession;
  /** `"open"` for the opening line; null when the NPC stayed without a transition. */
  decision: DecisionType | "open" | null;
  /** Values for `{{vars.key}}`: cross-machine variables overlaid with this session's. */
  vars: Readonly<Record<string, VariableValue>>;
  /** The player's message, null for the opening line. */
  message: string | null;
}

export interface ReplyOutput {
  message: string;
  /** Which of `state.lines` was used, or null for a composed reply. */
  line_index: number | null;
}

export interface ReplyWriter {
  readonly name: string;
  write(input: ReplyInput): ReplyOutput | Promise<ReplyOutput>;
}

export interface ExtractionInput {
  definition: PersonaDefinition;
  machine: Machine;
  variables: readonly Variable[];
  message: string;
  current: Readonly<Record<string, VariableValue>>;
}

export interface ExtractedValue {
  key: string;
  /** Already coerced to the variable's type. */
  value: VariableValue;
  reason: string;
}

export interface Extractor {
  readonly name: string;
  extract(input: ExtractionInput): ExtractedValue[] | Promise<ExtractedValue[]>;
}

/** One line of a machine session's chat, oldest first, as the pluggable parts see it. */
export interface ConversationTurn {
  role: "player" | "npc";
  text: string;
}

/** The parts one turn plays with; absent ones are the engine's offline rules, lines and patterns. */
export type TurnParts = Partial<{ judge: Judge; replyWriter: ReplyWriter; extractor: Extractor }>;

/**
 * The pluggable parts of NPC play (judge, reply writer, extractor), chosen in `src/providers.ts`:
 * none offline (the engine's rules and lines), an LLM's when `DRAMATIS_MODEL` names one. With a
 * judge the engine plays `hybrid` unless a machine sets its own `decision_mode`.
 */
export interface NpcPlayParts {
  description: string;
  /**
   * How many of the session's latest chat lines `forTurn` is given (default `CONVERSATION_WINDOW`).
   * A turn reads these and nothing older, so its cost does not grow with the conversation.
   */
  conversationWindow?: number;
  forTurn(conversation: readonly ConversationTurn[]): TurnParts;
}

/**
 * The chat lines a turn hands the parts unless they say otherwise: more than any of ours reads (the
 * LLM judge, reply writer and extractor show a model the latest 12, `RECENT_TURNS`).
 */
export const CONVERSATION_WINDOW = 24;

/** The engine's rules and lines read no conversation, so an offline turn reads no chat line at all. */
export const OFFLINE_NPC_PLAY: NpcPlayParts = { description: "offline", conversationWindow: 0, forTurn: () => ({}) };
