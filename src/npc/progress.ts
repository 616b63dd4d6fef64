/**
 * A player's progress through a persona, derived only from the recorded events of one
 * user_session_id (so a store keeps one append-only list and never a second copy of the truth).
 *
 * Our definitions (DESIGN §6 leaves them to us):
 * - A machine replayed to the end replaces its earlier result: `completed_machines` holds the latest
 *   result per machine, in order of completion, and `total_score` sums their scores.
 * - `relationship_level` starts at 0 and, for each completed machine in that order, moves by
 *   ACCEPT +10 + round(score / 10), REJECT −5, KICK_OUT −15, clamped to [-100, 100] after each step.
 * - `cross_machine_vars`: when a machine ends, each of its `output_variables` takes the value the
 *   machine's run last extracted for that key (keys it never set keep their earlier value).
 * - A link's condition is checked against its source's latest result and holds only once the source
 *   has completed (`always` included). Entry machines and machines with no incoming link are always
 *   available; a completed machine stays available (it can be replayed).
 * - Events of a machine the definition no longer has (the author removed it) are ignored: that
 *   machine is not completed, not current, not in `route_path`, and adds nothing to the totals.
 */
import { evaluateCondition, type ConditionContext, type ConditionResult } from "./conditions.ts";
import type { MachineLink, PersonaDefinition } from "./definition.ts";
import type { PlayContext } from "./play.ts";
import type { NpcEvent } from "./session.ts";
import type { Outcome, VariableValue } from "./values.ts";
import { ownRecord, ownValue } from "./records.ts";
import { EMPTY_LEDGER, recordEvents, type EndedVariable, type Ordinal, type PlayerLedger } from "./player-ledger.ts";

export interface CompletedMachine {
  machine_key: string;
  outcome: Outcome;
  score: number;
  completed_at: string;
}

export interface AvailableMachine {
  machine_key: string;
  name: string;
  description: string;
  /** Whether any link leads to this machine. */
  is_linked: boolean;
  is_entry: boolean;
}

export interface UnlockedMachine {
  machine_key: string;
  name: string;
  is_auto_advance: boolean;
}

/** What unlocking and conditions need; `Progress` is one. */
export interface Standing {
  completed_machines: CompletedMachine[];
  total_score: number;
  relationship_level: number;
  cross_machine_vars: Record<string, VariableValue>;
}

export interface Progress extends Standing {
  /** The machine the player is in now (started and not ended), or null. */
  current_machine_key: string | null;
  available_machines: AvailableMachine[];
  /** Machines entered, in order (a machine started twice appears twice). */
  route_path: string[];
  has_links: boolean;
}

export const RELATIONSHIP_RULES = {
  acceptBase: 10,
  acceptScoreDivisor: 10,
  reject: -5,
  kickOut: -15,
  minimum: -100,
  maximum: 100,
} as const;

/** How much one finished machine moves the relationship (before clamping). */
export function relationshipDelta(outcome: Outcome, score: number): number {
  if (outcome === "ACCEPT") return RELATIONSHIP_RULES.acceptBase + Math.round(score / RELATIONSHIP_RULES.acceptScoreDivisor);
  return outcome === "REJECT" ? RELATIONSHIP_RULES.reject : RELATIONSHIP_RULES.kickOut;
}

/** Totals and relationship recomputed from a list of completed machines. */
export function standingOf(completed: readonly CompletedMachine[], crossMachineVars: Record<string, VariableValue> = {}): Standing {
  let relationship = 0;
  let total = 0;
  for (const machine of completed) {
    total += machine.score;
    relationship = Math.min(RELATIONSHIP_RULES.maximum, Math.max(RELATIONSHIP_RULES.minimum, relationship + relationshipDelta(machine.outcome, machine.score)));
  }
  return { completed_machines: [...completed], total_score: total, relationship_level: relationship, cross_machine_vars: crossMachineVars };
}

/** The standing as conditions and lines see it during play. */
export function playContextOf(standing: Standing): PlayContext {
  const machines: PlayContext["machines"] = ownRecord();
  for (const machine of standing.completed_machines) machines[machine.machine_key] = { outcome: machine.outcome, score: machine.score };
  return { total_score: standing.total_score, relationship_level: standing.relationship_level, machines, cross_machine_vars: ownRecord(standing.cross_machine_vars) };
}

/** Whether a link's condition holds for the standing, and why. */
export function linkHolds(link: MachineLink, standing: Standing): ConditionResult {
  const source = standing.completed_machines.find((machine) => machine.machine_key === link.source_machine_key);
  if (!source) return { holds: false, explanation: `"${link.source_machine_key}" is not completed` };
  const condition = link.condition;
  switch (condition.type) {
    case "always":
      return { holds: true, explanation: `"${source.machine_key}" completed` };
    case "outcome": {
      const holds = source.outcome === condition.value;
      return { holds, explanation: `"${source.machine_key}" ended ${source.outcome}${holds ? "" : `, not ${condition.value}`}` };
    }
    case "score_gte": {
      const holds = source.score >= condition.value;
      return { holds, explanation: `"${source.machine_key}" score ${source.score} ${holds ? "≥" : "<"} ${condition.value}` };
    }
    case "score_lte": {
      const holds = source.score <= condition.value;
      return { holds, explanation: `"${source.machine_key}" score ${source.score} ${holds ? "≤" : ">"} ${condition.value}` };
    }
    case "when": {
      const play = playContextOf(standing);
      const context: ConditionContext = {
        message: "",
        vars: play.cross_machine_vars,
        score: source.score,
        total_score: play.total_score,
        relationship_level: play.relationship_level,
        turn: 0,
        turns_in_state: 0,
        machines: play.machines,
        visited: [],
        intents: {},
      };
      return evaluateCondition(condition.when, context);
    }
  }
}

/** Machines the player may start now, in definition order. */
export function availableMachines(definition: PersonaDefinition, standing: Standing): AvailableMachine[] {
  return definition.machines
    .filter((machine) => {
      const incoming = definition.machine_links.filter((link) => link.target_machine_key === machine.machine_key);
      return machine.is_entry === true || incoming.length === 0 || incoming.some((link) => linkHolds(link, standing).holds);
    })
    .map((machine) => ({
      machine_key: machine.machine_key,
      name: machine.name,
      description: machine.description,
      is_linked: definition.machine_links.some((link) => link.target_machine_key === machine.machine_key),
      is_entry: machine.is_entry === true,
    }));
}

/**
 * Machines that finishing `finishedMachineKey` made available: targets of its links that are
 * available now and were not without its result. `is_auto_advance` when a holding link says so.
 */
export function unlockedBy(definition: PersonaDefinition, finishedMachineKey: string, standing: Standing): UnlockedMachine[] {
  const before = new Set(
    availableMachines(definition, standingOf(standing.completed_machines.filter((machine) => machine.machine_key !== finishedMachineKey), standing.cross_machine_vars)).map(
      (machine) => machine.machine_key,
    ),
  );
  const after = new Set(availableMachines(definition, standing).map((machine) => machine.machine_key));
  const unlocked: UnlockedMachine[] = [];
  for (const machine of definition.machines) {
    const key = machine.machine_key;
    if (!after.has(key) || before.has(key)) continue;
    const links = definition.machine_links.filter((link) => link.source_machine_key === finishedMachineKey && link.target_machine_key === key);
    const holding = links.filter((link) => linkHolds(link, standing).holds);
    if (holding.length === 0) continue;
    unlocked.push({ machine_key: key, name: machine.name, is_auto_advance: holding.some((link) => link.auto_advance) });
  }
  return unlocked;
}

/** Progress from the chronological events of one user_session_id. */
export function deriveProgress(definition: PersonaDefinition, events: readonly NpcEvent[]): Progress {
  return progressOf(definition, recordEvents(EMPTY_LEDGER, events));
}

/**
 * Progress from a ledger of the events (`player-ledger.ts`) and the definition as it is now: what
 * `deriveProgress` answers for the events themselves. Events of machines the definition no longer
 * has are left out here, at reading, so an author's edit applies to the whole history.
 */
export function progressOf(definition: PersonaDefinition, ledger: PlayerLedger): Progress {
  const known = new Set(definition.machines.map((machine) => machine.machine_key));
  const entries = Object.entries(ledger.machines).filter(([machineKey]) => known.has(machineKey));

  const completed: Array<CompletedMachine & { ordinal: Ordinal }> = [];
  let current: { key: string; last: Ordinal; open: boolean } | null = null;
  for (const [machineKey, machine] of entries) {
    if (machine.end) completed.push({ machine_key: machineKey, outcome: machine.end.outcome, score: machine.end.score, completed_at: machine.end.at, ordinal: machine.end.ordinal });
    if (current === null || machine.last > current.last) current = { key: machineKey, last: machine.last, open: machine.open };
  }
  completed.sort((left, right) => left.ordinal - right.ordinal);

  // Each output variable takes its value from the latest end, among the machines declaring it, that
  // set it; variables keep the place of the first end that set one (the order of the event fold).
  const chosen = new Map<string, EndedVariable>();
  for (const [machineKey, machine] of entries) {
    const outputs = definition.machines.find((candidate) => candidate.machine_key === machineKey)?.output_variables ?? [];
    for (const output of outputs) {
      const ended = ownValue(machine.ended_vars, output.key);
      if (ended === undefined) continue;
      const previous = chosen.get(output.key);
      chosen.set(output.key, {
        value: previous === undefined || ended.ordinal > previous.ordinal ? ended.value : previous.value,
        ordinal: Math.max(ended.ordinal, previous?.ordinal ?? 0),
        first: Math.min(ended.first, previous?.first ?? Number.POSITIVE_INFINITY),
      });
    }
  }
  // Keyed by authors' names: no prototype, so a variable called `__proto__` is stored like any other.
  const crossMachineVars: Record<string, VariableValue> = ownRecord();
  for (const [key, { value }] of [...chosen].sort((left, right) => left[1].first - right[1].first)) crossMachineVars[key] = value;

  const standing = standingOf(
    completed.map(({ ordinal: _ordinal, ...machine }) => machine),
    crossMachineVars,
  );
  return {
    ...standing,
    current_machine_key: current !== null && current.open ? current.key : null,
    available_machines: availableMachines(definition, standing),
    route_path: ledger.route.filter((machineKey) => known.has(machineKey)),
    has_links: definition.machine_links.length > 0,
  };
}
