/**
 * What the store persists for NPC play: one `MachineSession` per (user_session_id, machine) and the
 * append-only list of `NpcEvent`s per user_session_id. Both are plain JSON. Progress is derived from
 * the events (`progress.ts`); the session is the fast path for the next turn.
 */
import type { DecisionType } from "./definition.ts";
import type { Outcome, VariableValue } from "./values.ts";

export interface MachineSession {
  machine_key: string;
  current_state: string;
  score: number;
  /** Player messages received so far in this machine session. */
  turn: number;
  /** Player messages received since entering `current_state`. */
  turns_in_state: number;
  /** Redirects so far in this machine session (cumulative, not per state). */
  redirect_count: number;
  /** Variables extracted in this machine session (machine and persona-level ones). */
  vars: Record<string, VariableValue>;
  /** States entered, in order of first entry, the initial state included. */
  visited: string[];
  /** Index of the last line spoken in each state, for rotation. */
  last_line_index: Record<string, number>;
  /** The NPC's last reply, so the next one is never the same text. */
  last_reply: string | null;
  outcome: Outcome | null;
  completed: boolean;
  /** Seeds the composed replies; the same seed and messages give the same conversation. */
  seed: number;
  player_name: string | null;
  player_gender: string | null;
}

/** Who took a decision: the built-in rules or a pluggable (LLM) judge. */
export type DecidedBy = "rules" | "judge";

interface EventBase {
  /** ISO timestamp supplied by the caller (the engine has no clock). */
  at: string;
  machine_key: string;
}

/** Events use noun-then-verb names. Each is self-contained JSON; order in the list is chronological. */
export type NpcEvent =
  | (EventBase & { type: "machine-start"; state_key: string; seed: number; player_name: string | null; reason?: string })
  | (EventBase & { type: "message-received"; state_key: string; turn: number; message: string })
  | (EventBase & { type: "variable-set"; key: string; value: VariableValue; reason: string })
  | (EventBase & {
      type: "transition-taken";
      from_state_key: string;
      to_state_key: string;
      decision_type: DecisionType;
      transition_index: number;
      score_delta: number;
      score: number;
      decided_by: DecidedBy;
      reason: string;
    })
  | (EventBase & { type: "state-held"; state_key: string; decided_by: DecidedBy; reason: string })
  | (EventBase & { type: "reply-sent"; state_key: string; score: number; message: string; line_index: number | null; decision: DecisionType | null; follow_up: boolean })
  | (EventBase & { type: "machine-end"; state_key: string; outcome: Outcome; score: number });

export type NpcEventType = NpcEvent["type"];
