/**
 * A player's event list folded into a small summary, so a turn never has to read the whole list.
 *
 * Progress is defined over the recorded events (`progress.ts`), and it depends on the persona's
 * definition as it is *now*: events of a machine the author removed are ignored, and which variables
 * reach `cross_machine_vars` follows each machine's current `output_variables`. So the ledger keeps
 * what the events say per machine, whatever the definition, and `progressOf` applies the definition
 * when it is read: an author's edit changes progress exactly as re-reading every event would.
 *
 * Its size grows with the machines a player started (one `route` entry per machine start), never
 * with the messages sent: a turn reads one ledger and writes it back in the same transaction as its
 * events. `recordEvents(EMPTY_LEDGER, events)` is the ledger of a list; appending events to a list
 * and recording them into its ledger give the same ledger. `progressOf` (progress.ts) reads it.
 */
import { NAME_VARIABLE } from "./player-name.ts";
import { ownRecord, ownValue } from "./records.ts";
import type { NpcEvent } from "./session.ts";
import type { Outcome, VariableValue } from "./values.ts";

/** Positions in the player's event list (the n-th event recorded has ordinal n), which order everything below. */
export type Ordinal = number;

export interface EndedVariable {
  value: VariableValue;
  ordinal: Ordinal;
  first: Ordinal;
}

/** What one machine's events say, whatever the definition says of that machine now. */
export interface MachineLedger {
  /** Ordinal of the machine's latest event (the player's current machine is the known one with the highest). */
  last: Ordinal;
  /** Started and not ended since. */
  open: boolean;
  /** Variables set since the machine's latest start (what its next end hands on). */
  run_vars: Record<string, VariableValue>;
  /** Its latest end; `ordinal` orders the completed machines. */
  end: { outcome: Outcome; score: number; at: string; ordinal: Ordinal } | null;
  /**
   * For each variable, its value at the latest end of this machine at which it was set (`ordinal`),
   * and when an end of this machine first set it (`first`: the variable's place among the others).
   */
  ended_vars: Record<string, EndedVariable>;
}

export interface PlayerLedger {
  /** Events recorded so far. */
  events: number;
  machines: Record<string, MachineLedger>;
  /** Machine keys of every machine start, in order. */
  route: string[];
  /** The latest non-empty `player_name` given at a machine's start. */
  given_name: string | null;
  /** The latest non-empty name the player stated (a name-like variable). */
  stated_name: string | null;
}

export const EMPTY_LEDGER: PlayerLedger = { events: 0, machines: {}, route: [], given_name: null, stated_name: null };

function emptyMachine(): MachineLedger {
  return { last: 0, open: false, run_vars: ownRecord(), end: null, ended_vars: ownRecord() };
}

/**
 * A copy the fold may change. Records keyed by authors' and players' names are rebuilt without a
 * prototype: a ledger read back from JSON has plain objects, where assigning `__proto__` would
 * replace the prototype instead of storing a machine or a variable (see `records.ts`).
 */
function writableCopy(ledger: PlayerLedger): PlayerLedger {
  const machines = ownRecord<MachineLedger>();
  for (const [key, machine] of Object.entries(ledger.machines)) {
    machines[key] = { ...machine, run_vars: ownRecord(machine.run_vars), ended_vars: ownRecord(machine.ended_vars) };
  }
  return { ...ledger, machines, route: [...ledger.route] };
}

/** The ledger after `events` (chronological, all of them after the ones `ledger` holds). */
export function recordEvents(ledger: PlayerLedger, events: readonly NpcEvent[]): PlayerLedger {
  if (events.length === 0) return ledger;
  const next = writableCopy(ledger);
  for (const event of events) {
    next.events += 1;
    const ordinal = next.events;
    const machine = ownValue(next.machines, event.machine_key) ?? emptyMachine();
    next.machines[event.machine_key] = machine;
    machine.last = ordinal;
    switch (event.type) {
      case "machine-start": {
        next.route.push(event.machine_key);
        machine.run_vars = ownRecord();
        machine.open = true;
        const given = event.player_name?.trim();
        if (given) next.given_name = given;
        break;
      }
      case "variable-set":
        machine.run_vars[event.key] = event.value;
        if (NAME_VARIABLE.test(event.key) && typeof event.value === "string" && event.value.trim() !== "") next.stated_name = event.value.trim();
        break;
      case "machine-end":
        machine.open = false;
        machine.end = { outcome: event.outcome, score: event.score, at: event.at, ordinal };
        for (const [key, value] of Object.entries(machine.run_vars)) {
          machine.ended_vars[key] = { value, ordinal, first: ownValue(machine.ended_vars, key)?.first ?? ordinal };
        }
        break;
      default:
        break;
    }
  }
  return next;
}

/** The player's name as `playerNameFromEvents` finds it in the events the ledger holds. */
export function ledgerPlayerName(ledger: PlayerLedger): string | null {
  return ledger.given_name ?? ledger.stated_name;
}
