import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PersonaDefinition } from "./definition.ts";
import { EMPTY_LEDGER, ledgerPlayerName, recordEvents } from "./player-ledger.ts";
import { playerNameFromEvents } from "./player-name.ts";
import { availableMachines, deriveProgress, progressOf, standingOf, type CompletedMachine, type Progress } from "./progress.ts";
import { ownRecord, ownValue } from "./records.ts";
import type { NpcEvent } from "./session.ts";
import { validateDefinition } from "./validate-definition.ts";
import type { VariableValue } from "./values.ts";

/**
 * The specification of progress: every event read again, in order (the fold `deriveProgress` ran
 * before the ledger existed). The ledger must answer exactly this, key order included.
 */
function progressByReplay(definition: PersonaDefinition, events: readonly NpcEvent[]): Progress {
  const routePath: string[] = [];
  const runVars = new Map<string, Record<string, VariableValue>>();
  const open = new Set<string>();
  let completed: CompletedMachine[] = [];
  const crossMachineVars: Record<string, VariableValue> = ownRecord();
  let lastMachine: string | null = null;
  const known = new Set(definition.machines.map((machine) => machine.machine_key));
  for (const event of events) {
    if (!known.has(event.machine_key)) continue;
    lastMachine = event.machine_key;
    if (event.type === "machine-start") {
      routePath.push(event.machine_key);
      runVars.set(event.machine_key, ownRecord());
      open.add(event.machine_key);
    } else if (event.type === "variable-set") {
      const vars = runVars.get(event.machine_key) ?? ownRecord<VariableValue>();
      vars[event.key] = event.value;
      runVars.set(event.machine_key, vars);
    } else if (event.type === "machine-end") {
      open.delete(event.machine_key);
      completed = completed.filter((machine) => machine.machine_key !== event.machine_key);
      completed.push({ machine_key: event.machine_key, outcome: event.outcome, score: event.score, completed_at: event.at });
      const machine = definition.machines.find((candidate) => candidate.machine_key === event.machine_key);
      const vars = runVars.get(event.machine_key) ?? ownRecord<VariableValue>();
      for (const output of machine?.output_variables ?? []) {
        const value = ownValue(vars, output.key);
        if (value !== undefined) crossMachineVars[output.key] = value;
      }
    }
  }
  const standing = standingOf(completed, crossMachineVars);
  return {
    ...standing,
    current_machine_key: lastMachine !== null && open.has(lastMachine) ? lastMachine : null,
    available_machines: availableMachines(definition, standing),
    route_path: routePath,
    has_links: definition.machine_links.length > 0,
  };
}

function machine(key: string, outputs: string[]) {
  return {
    machine_key: key,
    name: key.toUpperCase(),
    states: [
      { state_key: "s", label: "S", is_initial_state: true },
      { state_key: "won", is_terminal_state: true },
    ],
    transitions: [
      { from_state_key: "s", to_state_key: "won", decision_type: "pass" },
      { from_state_key: "s", to_state_key: "s", decision_type: "redirect", score_delta: 10 },
    ],
    output_variables: outputs.map((key) => ({ key })),
  };
}

function definitionOf(machines: ReturnType<typeof machine>[], links: unknown[] = []): PersonaDefinition {
  const result = validateDefinition({ name: "P", description: "D", persona_identity_prompt: "I", machines, machine_links: links });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

const linked = [
  { source_machine_key: "a", target_machine_key: "b", condition: { type: "outcome", value: "ACCEPT" } },
  { source_machine_key: "b", target_machine_key: "c", condition: { type: "score_gte", value: 20 } },
];
/** The same persona as the author first saved it, then after edits: outputs moved, a machine removed. */
const definitions = [
  definitionOf([machine("a", ["gift", "name"]), machine("b", ["gift", "mood"]), machine("c", ["constructor"])], linked),
  definitionOf([machine("a", ["mood"]), machine("b", ["gift", "name", "__proto__"]), machine("c", [])], linked),
  definitionOf([machine("b", ["gift", "mood", "name"]), machine("c", ["gift"])]),
];

const machineKey = fc.constantFrom("a", "b", "c", "removed");
const variableKey = fc.constantFrom("gift", "mood", "name", "player_name", "constructor", "__proto__");
const at = fc.integer({ min: 0, max: 99 }).map((second) => `2026-01-01T00:00:${String(second % 60).padStart(2, "0")}Z`);
const event: fc.Arbitrary<NpcEvent> = fc.oneof(
  fc.record({ machine_key: machineKey, at, name: fc.constantFrom(null, "", " Arin ", "Bo") }).map(
    ({ name, ...base }): NpcEvent => ({ ...base, type: "machine-start", state_key: "s", seed: 1, player_name: name }),
  ),
  fc.record({ machine_key: machineKey, at, key: variableKey, value: fc.oneof(fc.constantFrom("rose", "lily", " ", "Cy"), fc.integer({ min: 0, max: 3 }), fc.boolean()) }).map(
    (fields): NpcEvent => ({ ...fields, type: "variable-set", reason: "test" }),
  ),
  fc.record({ machine_key: machineKey, at, outcome: fc.constantFrom("ACCEPT" as const, "REJECT" as const, "KICK_OUT" as const), score: fc.integer({ min: -20, max: 60 }) }).map(
    (fields): NpcEvent => ({ ...fields, type: "machine-end", state_key: "won" }),
  ),
  fc.record({ machine_key: machineKey, at }).map((base): NpcEvent => ({ ...base, type: "message-received", state_key: "s", turn: 1, message: "hi" })),
);
const history = fc.array(event, { maxLength: 40 });

/** Progress as JSON sees it (key order included), since that is what the API answers. */
const json = (value: unknown) => JSON.stringify(value);

describe("player ledger", () => {
  it("gives exactly the progress of reading every event again, for the definition as it is now", () => {
    fc.assert(
      fc.property(history, fc.constantFrom(...definitions), (events, definition) => {
        expect(json(deriveProgress(definition, events))).toBe(json(progressByReplay(definition, events)));
      }),
      { numRuns: 400 },
    );
  });

  it("records events a few at a time as well as all at once, and survives a trip through JSON", () => {
    fc.assert(
      fc.property(history, fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom(...definitions), (events, cuts, definition) => {
        const bounds = [...new Set(cuts.map((cut) => cut % (events.length + 1)))].sort((left, right) => left - right);
        let ledger = EMPTY_LEDGER;
        let from = 0;
        for (const bound of [...bounds, events.length]) {
          // What the store hands back: the ledger as JSON text parsed again.
          ledger = JSON.parse(JSON.stringify(recordEvents(ledger, events.slice(from, bound))));
          from = bound;
        }
        expect(ledger.events).toBe(events.length);
        expect(json(progressOf(definition, ledger))).toBe(json(progressByReplay(definition, events)));
      }),
      { numRuns: 300 },
    );
  });

  it("knows the player's name as the events say it", () => {
    fc.assert(
      fc.property(history, (events) => {
        expect(ledgerPlayerName(recordEvents(EMPTY_LEDGER, events))).toBe(playerNameFromEvents(events));
      }),
    );
  });

  it("grows with the machines started, not with the messages sent", () => {
    const start: NpcEvent = { machine_key: "a", at: "t", type: "machine-start", state_key: "s", seed: 1, player_name: null };
    const talk = (turn: number): NpcEvent[] => [
      { machine_key: "a", at: "t", type: "message-received", state_key: "s", turn, message: `message ${turn}` },
      { machine_key: "a", at: "t", type: "variable-set", key: "mood", value: turn, reason: "test" },
      { machine_key: "a", at: "t", type: "reply-sent", state_key: "s", score: 0, message: "reply", line_index: null, decision: null, follow_up: false },
    ];
    const after = (turns: number) => recordEvents(EMPTY_LEDGER, [start, ...Array.from({ length: turns }, (_, turn) => talk(turn + 1)).flat()]);
    // Only counters differ: the same keys and the same number of entries after 10 turns as after 1,000.
    const shape = (turns: number) => JSON.stringify(after(turns)).replace(/\d+/g, "#");
    expect(shape(1000)).toBe(shape(10));
  });

  it("stores machines and variables named like Object's own properties as data", () => {
    const events: NpcEvent[] = [
      { machine_key: "__proto__", at: "t", type: "machine-start", state_key: "s", seed: 1, player_name: null },
      { machine_key: "__proto__", at: "t", type: "variable-set", key: "__proto__", value: "x", reason: "test" },
      { machine_key: "__proto__", at: "t", type: "machine-end", state_key: "s", outcome: "ACCEPT", score: 1 },
    ];
    const ledger = JSON.parse(JSON.stringify(recordEvents(EMPTY_LEDGER, events)));
    const again = recordEvents(ledger, events);
    expect(Object.keys(again.machines)).toEqual(["__proto__"]);
    expect(Object.keys(again.machines["__proto__"]!.ended_vars)).toEqual(["__proto__"]);
    expect(again.route).toEqual(["__proto__", "__proto__"]);
  });
});
