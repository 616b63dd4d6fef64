/**
 * What `npc_personas.definition` holds: the validated save body (defaults filled in) with
 * server-assigned ids on machines, states, transitions and links. The engine plays it as it is (it
 * ignores the ids); the routes speak in ids (`machine_id`), the engine in keys.
 *
 * Ids are stable across updates so a game that stored a `machine_id` keeps working after the author
 * edits the persona: a machine keeps its id while its `machine_key` is unchanged, a state while its
 * machine and `state_key` are, a transition while its machine, `from_state_key`, `to_state_key` and
 * `decision_type` are (the n-th such transition keeps the n-th id), a link likewise by its keys.
 */
import { randomUUID } from "node:crypto";
import type { Machine, MachineLink, PersonaDefinition, State, Transition } from "../../npc/index.ts";

export type StoredState = State & { id: string };
export type StoredTransition = Transition & { id: string };
export type StoredMachine = Omit<Machine, "states" | "transitions"> & { id: string; states: StoredState[]; transitions: StoredTransition[] };
export type StoredLink = MachineLink & { id: string };
export type StoredDefinition = Omit<PersonaDefinition, "machines" | "machine_links"> & { machines: StoredMachine[]; machine_links: StoredLink[] };

/** Hands out the previous ids by key, each at most once, and fresh ones for anything new. */
class IdPool {
  private readonly free = new Map<string, string[]>();
  constructor(entries: Array<[string, string]>) {
    for (const [key, id] of entries) this.free.set(key, [...(this.free.get(key) ?? []), id]);
  }
  take(key: string): string {
    return this.free.get(key)?.shift() ?? randomUUID();
  }
}

const transitionKey = (machineKey: string, transition: Transition) =>
  JSON.stringify([machineKey, transition.from_state_key, transition.to_state_key, transition.decision_type]);
const linkKey = (link: MachineLink) => JSON.stringify([link.source_machine_key, link.target_machine_key]);

/** The definition with ids, reusing `previous`'s where the keys match. */
export function withIds(definition: PersonaDefinition, previous?: StoredDefinition): StoredDefinition {
  const machineIds = new IdPool((previous?.machines ?? []).map((machine) => [machine.machine_key, machine.id]));
  const stateIds = new IdPool(
    (previous?.machines ?? []).flatMap((machine) => machine.states.map((state): [string, string] => [JSON.stringify([machine.machine_key, state.state_key]), state.id])),
  );
  const transitionIds = new IdPool(
    (previous?.machines ?? []).flatMap((machine) => machine.transitions.map((transition): [string, string] => [transitionKey(machine.machine_key, transition), transition.id])),
  );
  const linkIds = new IdPool((previous?.machine_links ?? []).map((link) => [linkKey(link), link.id]));
  return {
    ...definition,
    machines: definition.machines.map((machine) => ({
      id: machineIds.take(machine.machine_key),
      ...machine,
      states: machine.states.map((state) => ({ id: stateIds.take(JSON.stringify([machine.machine_key, state.state_key])), ...state })),
      transitions: machine.transitions.map((transition) => ({ id: transitionIds.take(transitionKey(machine.machine_key, transition)), ...transition })),
    })),
    machine_links: definition.machine_links.map((link) => ({ id: linkIds.take(linkKey(link)), ...link })),
  };
}

/** The definition the engine plays (ids left on: the engine ignores keys it does not know). */
export function asPlayable(stored: StoredDefinition): PersonaDefinition {
  return stored as unknown as PersonaDefinition;
}

/** The save body again, without ids (to compare an example with what is stored, say). */
export function withoutIds(stored: StoredDefinition): PersonaDefinition {
  const { machines, machine_links, ...rest } = stored;
  return {
    ...rest,
    machines: machines.map(({ id: _machineId, states, transitions, ...machine }) => ({
      ...machine,
      states: states.map(({ id: _stateId, ...state }) => state),
      transitions: transitions.map(({ id: _transitionId, ...transition }) => transition),
    })),
    machine_links: machine_links.map(({ id: _linkId, ...link }) => link),
  };
}

export function machineById(stored: StoredDefinition, machineId: string): StoredMachine | undefined {
  return stored.machines.find((machine) => machine.id === machineId);
}

export function machineByKey(stored: StoredDefinition, machineKey: string): StoredMachine | undefined {
  return stored.machines.find((machine) => machine.machine_key === machineKey);
}

/** The machine's id, or the key itself when the definition no longer has that machine. */
export function machineIdOf(stored: StoredDefinition, machineKey: string): string {
  return machineByKey(stored, machineKey)?.id ?? machineKey;
}
