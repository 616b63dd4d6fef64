/**
 * The NPC play loop: `openSession` (the opening line) and `step` (one player message → one NPC turn).
 * Both are pure: no I/O, no clock (timestamps come in `deps.at`), no Math.random; the same definition,
 * session and message give the same result. They are async only because an LLM port may be.
 *
 * A turn, per DESIGN §6:
 * 1. variables are extracted from the message (rules, then an optional extra extractor for what is
 *    still missing), coerced to their type, invalid values dropped;
 * 2. the transitions out of the current state are evaluated by priority (lower first) and a judge
 *    picks one or none (`decision_mode`: rules | llm | hybrid; default rules without an LLM judge,
 *    hybrid with one);
 * 3. the decision is applied:
 *    - `pass`: move to `to_state_key`;
 *    - `redirect`: stay, `redirect_count` + 1;
 *    - `reject`: scoring mode — apply the (negative) `score_delta` and advance: to the reject's own
 *      `to_state_key`, or, when it points back at its own state, along the state's first `pass`;
 *      pass_fail mode — end with REJECT;
 *    - `kick_out`: end with KICK_OUT;
 *    - none: stay (decision null).
 *    Every `score_delta` of a taken transition adds to `score`. Entering a terminal state ends the
 *    machine with the state's `outcome` (default ACCEPT);
 * 4. the NPC replies from the state it is now in.
 */
import { evaluateCondition, describeCondition, type ConditionContext } from "./conditions.ts";
import { findMachine, type DecisionMode, type DecisionType, type Machine, type PersonaDefinition, type ScoringMode, type State } from "./definition.ts";
import { LinesReplyWriter } from "./lines-reply-writer.ts";
import { coerceVariableValue, extractVariables } from "./pattern-extractor.ts";
import type { ExtractedValue, Extractor, Judge, JudgeDecision, JudgeInput, ReplyWriter, TransitionEvaluation } from "./ports.ts";
import { ownRecord } from "./records.ts";
import { RulesJudge } from "./rules-judge.ts";
import type { DecidedBy, MachineSession, NpcEvent } from "./session.ts";
import { TurnBudget, type SkippedTest } from "./turn-budget.ts";
import { hashSeed } from "../engine/rng.ts";
import type { Outcome, VariableValue } from "./values.ts";

/** What the player has done in other machines, as conditions and lines see it (see `playContextOf`). */
export interface PlayContext {
  total_score: number;
  relationship_level: number;
  machines: Record<string, { outcome: Outcome | null; score: number }>;
  cross_machine_vars: Record<string, VariableValue>;
}

export const EMPTY_PLAY_CONTEXT: PlayContext = { total_score: 0, relationship_level: 0, machines: {}, cross_machine_vars: {} };

export interface PlayDeps {
  /** ISO timestamp stamped on every event of this call. */
  at: string;
  /** An LLM judge for `decision_mode` llm/hybrid; without one every machine plays by rules. */
  judge?: Judge;
  /** Default: `LinesReplyWriter`. */
  replyWriter?: ReplyWriter;
  /** Asked, after the pattern rules, for the variables still unset (e.g. an LLM with `extraction_prompt`). */
  extractor?: Extractor;
  /** Cross-machine standing; default: a player with no history. */
  context?: PlayContext;
}

export interface OpenSessionOptions {
  at: string;
  /** Default: derived from the persona name, machine key and `user_session_id`. */
  seed?: number;
  user_session_id?: string;
  player_name?: string | null;
  player_gender?: string | null;
  replyWriter?: ReplyWriter;
  context?: PlayContext;
  /** Why this session starts, recorded on `machine-start` (e.g. it replaces a stale one). */
  reason?: string;
}

export interface StepDecision {
  decision_type: DecisionType | null;
  /** Index in `machine.transitions`, or null when the NPC stayed without a transition. */
  transition_index: number | null;
  from_state_key: string;
  to_state_key: string;
  score_delta: number;
  decided_by: DecidedBy;
  reason: string;
}

export interface StepTrace {
  decision_mode: DecisionMode;
  turn: number;
  extracted: ExtractedValue[];
  evaluations: Array<{ index: number; decision_type: DecisionType; to_state_key: string; priority: number; when: string | null; holds: boolean | undefined; explanation: string }>;
  decision: StepDecision;
}

/** The fields of Foil Engine's message response the engine knows (the route adds ids and unlocks). */
export interface TurnResponse {
  message: string;
  current_state: string;
  score: number;
  outcome: Outcome | null;
  decision: DecisionType | null;
  /** True when the NPC redirected: it stays on its objective and asks again. */
  follow_up: boolean;
  scoring_mode: ScoringMode;
  redirect_count: number;
  machine_completed: boolean;
}

export interface StepResult {
  session: MachineSession;
  events: NpcEvent[];
  reply: string;
  decision: StepDecision;
  trace: StepTrace;
  response: TurnResponse;
}

export interface OpenSessionResult {
  session: MachineSession;
  events: NpcEvent[];
  reply: string;
}

/** A message sent to a machine session that has already ended. */
export class SessionCompletedError extends Error {
  readonly code = "session_completed";
  constructor(readonly machineKey: string) {
    super(`machine "${machineKey}" is already completed for this session`);
    this.name = "SessionCompletedError";
  }
  static isInstance(error: unknown): error is SessionCompletedError {
    return error instanceof Error && (error as { code?: unknown }).code === "session_completed";
  }
}

/**
 * A message sent to a session the author's edits left behind: its state was removed, or made
 * terminal, since the session started. Such a session cannot go on; the player starts the machine
 * again (the service answers 409 and `init-session` opens a fresh session).
 */
export class StaleSessionError extends Error {
  readonly code = "session_stale";
  constructor(
    readonly machineKey: string,
    readonly reason: string,
  ) {
    super(`the session of machine "${machineKey}" can no longer be played: ${reason}`);
    this.name = "StaleSessionError";
  }
  static isInstance(error: unknown): error is StaleSessionError {
    return error instanceof Error && (error as { code?: unknown }).code === "session_stale";
  }
}

/**
 * Why a session in play can no longer go on in `machine` as it is defined now, or null when it can.
 * A finished session is never stale: its result stands whatever the author changes later.
 */
export function staleSessionReason(machine: Machine, session: MachineSession): string | null {
  if (session.completed) return null;
  const state = machine.states.find((candidate) => candidate.state_key === session.current_state);
  if (!state) return `the persona was edited since it started and machine "${machine.machine_key}" has no state "${session.current_state}" any more`;
  if (state.is_terminal_state) return `the persona was edited since it started and state "${session.current_state}" of machine "${machine.machine_key}" is now a terminal state`;
  return null;
}

function stateOf(machine: Machine, stateKey: string): State {
  const state = machine.states.find((candidate) => candidate.state_key === stateKey);
  if (!state) throw new Error(`machine "${machine.machine_key}" has no state "${stateKey}"`);
  return state;
}

function initialState(machine: Machine): State {
  const state = machine.states.find((candidate) => candidate.is_initial_state);
  if (!state) throw new Error(`machine "${machine.machine_key}" has no initial state`);
  return state;
}

/** Cross-machine variables overlaid with the session's, in a record without a prototype (see `records.ts`). */
function mergedVars(context: PlayContext, session: MachineSession): Record<string, VariableValue> {
  return ownRecord(context.cross_machine_vars, session.vars);
}

/**
 * The session with its user-keyed records (variables, line indexes by state key) copied into records
 * without a prototype: a session read back from JSON has plain objects again, where a state named
 * "constructor" would find `Object` as its last line index.
 */
function withOwnRecords(session: MachineSession): MachineSession {
  return { ...session, vars: ownRecord(session.vars), last_line_index: ownRecord(session.last_line_index) };
}

/** Starts a machine: the session in its initial state and the NPC's opening line. */
export async function openSession(definition: PersonaDefinition, machineKey: string, options: OpenSessionOptions): Promise<OpenSessionResult> {
  const machine = findMachine(definition, machineKey);
  if (!machine) throw new Error(`unknown machine "${machineKey}"`);
  const state = initialState(machine);
  const context = options.context ?? EMPTY_PLAY_CONTEXT;
  const session: MachineSession = {
    machine_key: machineKey,
    current_state: state.state_key,
    score: 0,
    turn: 0,
    turns_in_state: 0,
    redirect_count: 0,
    vars: ownRecord<VariableValue>(),
    visited: [state.state_key],
    last_line_index: ownRecord<number>(),
    last_reply: null,
    outcome: null,
    completed: false,
    seed: options.seed ?? hashSeed(definition.name, machineKey, options.user_session_id ?? ""),
    player_name: options.player_name ?? null,
    player_gender: options.player_gender ?? null,
  };
  const writer = options.replyWriter ?? new LinesReplyWriter();
  const written = await writer.write({ definition, machine, state, session, decision: "open", vars: mergedVars(context, session), message: null });
  const opened = withReply(session, state, written.message, written.line_index);
  const base = { at: options.at, machine_key: machineKey };
  const events: NpcEvent[] = [
    {
      ...base,
      type: "machine-start",
      state_key: state.state_key,
      seed: session.seed,
      player_name: session.player_name,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
    },
    { ...base, type: "reply-sent", state_key: state.state_key, score: 0, message: written.message, line_index: written.line_index, decision: null, follow_up: false },
  ];
  return { session: opened, events, reply: written.message };
}

function withReply(session: MachineSession, state: State, reply: string, lineIndex: number | null): MachineSession {
  return {
    ...session,
    last_reply: reply,
    last_line_index: lineIndex === null ? session.last_line_index : ownRecord(session.last_line_index, { [state.state_key]: lineIndex }),
  };
}

async function extractTurnVariables(definition: PersonaDefinition, machine: Machine, session: MachineSession, message: string, deps: PlayDeps, budget: TurnBudget): Promise<ExtractedValue[]> {
  const variables = [...definition.variables, ...machine.variables];
  const found = extractVariables(variables, message, budget);
  if (deps.extractor) {
    const foundKeys = new Set(found.map((value) => value.key));
    const missing = variables.filter((variable) => !foundKeys.has(variable.key));
    if (missing.length > 0) {
      const extra = await deps.extractor.extract({ definition, machine, variables: missing, message, current: session.vars });
      const missingByKey = new Map(missing.map((variable) => [variable.key, variable]));
      for (const candidate of extra) {
        const variable = missingByKey.get(candidate.key);
        const value = variable ? coerceVariableValue(variable, candidate.value) : undefined;
        if (value !== undefined && !foundKeys.has(candidate.key)) {
          found.push({ ...candidate, value });
          foundKeys.add(candidate.key);
        }
      }
    }
  }
  return found;
}

/** The tests a turn did not run, as the decision's reason states them. */
function skippedNote(skipped: readonly SkippedTest[]): string {
  const regexes = skipped.filter((test) => test.kind === "regex").map((test) => test.note);
  const others = skipped.filter((test) => test.kind !== "regex").map((test) => test.note);
  return [
    ...(regexes.length > 0 ? [` [regex not run, taken as not matching: ${regexes.join("; ")}]`] : []),
    ...(others.length > 0 ? [` [not checked, taken as not matching: ${others.join("; ")}]`] : []),
  ].join("");
}

function evaluateTransitions(machine: Machine, stateKey: string, context: ConditionContext, budget: TurnBudget): TransitionEvaluation[] {
  return machine.transitions
    .map((transition, index) => ({ transition, index }))
    .filter(({ transition }) => transition.from_state_key === stateKey)
    .sort((left, right) => left.transition.priority - right.transition.priority || left.index - right.index)
    .map(({ transition, index }) => {
      if (transition.when === undefined) return { index, transition, holds: undefined, explanation: "no condition" };
      const result = evaluateCondition(transition.when, context, budget);
      return { index, transition, holds: result.holds, explanation: result.explanation };
    });
}

async function decide(mode: DecisionMode, input: JudgeInput, judge: Judge | undefined): Promise<JudgeDecision & { decided_by: DecidedBy }> {
  if (mode === "rules" || !judge) {
    const decision = new RulesJudge().choose(input);
    const note = mode === "rules" ? "" : "no LLM judge configured, rules: ";
    return { ...decision, reason: note + decision.reason, decided_by: "rules" };
  }
  if (mode === "hybrid") {
    const ruled = new RulesJudge({ useDefaults: false }).choose(input);
    if (ruled.index !== null) return { ...ruled, decided_by: "rules" };
  }
  const judged = await judge.choose(input);
  if (judged.index !== null && !input.candidates.some((candidate) => candidate.index === judged.index)) {
    return { index: null, reason: `judge ${judge.name} chose transition ${judged.index}, which is not allowed here; staying (${judged.reason})`, decided_by: "judge" };
  }
  return { ...judged, reason: `judge ${judge.name}: ${judged.reason}`, decided_by: "judge" };
}

/**
 * One player message → the NPC's turn. Throws `SessionCompletedError` on an ended session and
 * `StaleSessionError` on one the definition no longer fits (`staleSessionReason`).
 */
export async function step(definition: PersonaDefinition, machine: Machine, storedSession: MachineSession, message: string, deps: PlayDeps): Promise<StepResult> {
  const session = withOwnRecords(storedSession);
  if (session.machine_key !== machine.machine_key) throw new Error(`session is for machine "${session.machine_key}", not "${machine.machine_key}"`);
  if (session.completed) throw new SessionCompletedError(machine.machine_key);
  const stale = staleSessionReason(machine, session);
  if (stale !== null) throw new StaleSessionError(machine.machine_key, stale);
  const playContext = deps.context ?? EMPTY_PLAY_CONTEXT;
  const base = { at: deps.at, machine_key: machine.machine_key };
  const fromState = stateOf(machine, session.current_state);
  const turn = session.turn + 1;
  const events: NpcEvent[] = [{ ...base, type: "message-received", state_key: fromState.state_key, turn, message }];

  // One budget for the whole turn: extraction and every condition draw on it (see `turn-budget.ts`).
  const budget = new TurnBudget();
  const extracted = await extractTurnVariables(definition, machine, session, message, deps, budget);
  const vars = ownRecord(session.vars);
  for (const value of extracted) {
    if (vars[value.key] === value.value) continue;
    vars[value.key] = value.value;
    events.push({ ...base, type: "variable-set", key: value.key, value: value.value, reason: value.reason });
  }

  const conditionContext: ConditionContext = {
    message,
    vars: ownRecord(playContext.cross_machine_vars, vars),
    score: session.score,
    total_score: playContext.total_score,
    relationship_level: playContext.relationship_level,
    turn,
    turns_in_state: session.turns_in_state + 1,
    machines: ownRecord(playContext.machines),
    visited: session.visited,
    intents: ownRecord(definition.intents),
  };
  const evaluations = evaluateTransitions(machine, fromState.state_key, conditionContext, budget);
  const candidates = evaluations.filter((evaluation) => evaluation.holds !== false);
  const mode: DecisionMode = machine.decision_mode ?? (deps.judge ? "hybrid" : "rules");
  const judgeInput: JudgeInput = { definition, machine, state: fromState, session: { ...session, vars }, message, context: conditionContext, evaluations, candidates };
  const decided = await decide(mode, judgeInput, deps.judge);
  // A test the turn skipped changes what matched: the reason says so, whichever transition won.
  const chosen = { ...decided, reason: decided.reason + skippedNote(budget.skipped) };
  const transition = chosen.index === null ? null : (machine.transitions[chosen.index] ?? null);

  let toStateKey = fromState.state_key;
  let outcome: Outcome | null = null;
  let redirectCount = session.redirect_count;
  const scoreDelta = transition?.score_delta ?? 0;
  if (transition) {
    switch (transition.decision_type) {
      case "pass":
        toStateKey = transition.to_state_key;
        break;
      case "redirect":
        redirectCount += 1;
        break;
      case "reject":
        if (machine.scoring_mode === "pass_fail") {
          toStateKey = transition.to_state_key;
          outcome = "REJECT";
        } else if (transition.to_state_key !== fromState.state_key) {
          toStateKey = transition.to_state_key;
        } else {
          const passOn = evaluations.find((evaluation) => evaluation.transition.decision_type === "pass");
          toStateKey = passOn?.transition.to_state_key ?? fromState.state_key;
        }
        break;
      case "kick_out":
        toStateKey = transition.to_state_key;
        outcome = "KICK_OUT";
        break;
    }
  }
  const toState = stateOf(machine, toStateKey);
  if (outcome === null && toState.is_terminal_state && toStateKey !== fromState.state_key) outcome = toState.outcome ?? "ACCEPT";
  const score = session.score + scoreDelta;
  const moved = toStateKey !== fromState.state_key;

  const decision: StepDecision = {
    decision_type: transition?.decision_type ?? null,
    transition_index: transition ? chosen.index : null,
    from_state_key: fromState.state_key,
    to_state_key: toStateKey,
    score_delta: scoreDelta,
    decided_by: chosen.decided_by,
    reason: chosen.reason,
  };
  if (transition) {
    events.push({
      ...base,
      type: "transition-taken",
      from_state_key: fromState.state_key,
      to_state_key: toStateKey,
      decision_type: transition.decision_type,
      transition_index: chosen.index as number,
      score_delta: scoreDelta,
      score,
      decided_by: chosen.decided_by,
      reason: chosen.reason,
    });
  } else {
    events.push({ ...base, type: "state-held", state_key: fromState.state_key, decided_by: chosen.decided_by, reason: chosen.reason });
  }

  const next: MachineSession = {
    ...session,
    current_state: toStateKey,
    score,
    turn,
    turns_in_state: moved ? 0 : session.turns_in_state + 1,
    redirect_count: redirectCount,
    vars,
    visited: session.visited.includes(toStateKey) ? session.visited : [...session.visited, toStateKey],
    outcome,
    completed: outcome !== null,
  };
  if (outcome !== null) events.push({ ...base, type: "machine-end", state_key: toStateKey, outcome, score });

  const writer = deps.replyWriter ?? new LinesReplyWriter();
  const written = await writer.write({ definition, machine, state: toState, session: next, decision: decision.decision_type, vars: mergedVars(playContext, next), message });
  const followUp = decision.decision_type === "redirect";
  events.push({ ...base, type: "reply-sent", state_key: toStateKey, score, message: written.message, line_index: written.line_index, decision: decision.decision_type, follow_up: followUp });
  const finalSession = withReply(next, toState, written.message, written.line_index);

  const trace: StepTrace = {
    decision_mode: mode,
    turn,
    extracted,
    evaluations: evaluations.map((evaluation) => ({
      index: evaluation.index,
      decision_type: evaluation.transition.decision_type,
      to_state_key: evaluation.transition.to_state_key,
      priority: evaluation.transition.priority,
      when: evaluation.transition.when === undefined ? null : describeCondition(evaluation.transition.when),
      holds: evaluation.holds,
      explanation: evaluation.explanation,
    })),
    decision,
  };
  const response: TurnResponse = {
    message: written.message,
    current_state: toStateKey,
    score,
    outcome,
    decision: decision.decision_type,
    follow_up: followUp,
    scoring_mode: machine.scoring_mode,
    redirect_count: redirectCount,
    machine_completed: outcome !== null,
  };
  return { session: finalSession, events, reply: written.message, decision, trace, response };
}
