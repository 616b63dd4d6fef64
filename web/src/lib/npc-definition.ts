/**
 * The NPC editor's model: a Foil persona definition as `creator/save` takes it (and `/full` gives
 * it back), with the edits the editor makes as pure functions, and the save answer's `loc`s
 * matched to the places they point at.
 */
import type { NpcPersonaFull, ValidationDetail } from "./dramatis.ts";

export type DecisionType = "pass" | "redirect" | "reject" | "kick_out";
export const DECISION_TYPES: DecisionType[] = ["pass", "redirect", "reject", "kick_out"];
export const OUTCOMES = ["ACCEPT", "REJECT", "KICK_OUT"] as const;

export interface NpcState {
  state_key: string;
  label: string;
  prompt_instruction: string;
  is_initial_state: boolean;
  is_terminal_state: boolean;
  display_order?: number;
  lines?: string[];
  outcome?: string;
  [key: string]: unknown;
}

export interface NpcTransition {
  from_state_key: string;
  to_state_key: string;
  decision_type: DecisionType;
  score_delta?: number;
  priority?: number;
  label?: string;
  when?: unknown;
  [key: string]: unknown;
}

export interface NpcMachine {
  machine_key: string;
  name: string;
  description?: string;
  creator_objective?: string;
  creator_win_condition?: string;
  creator_lose_condition?: string;
  scoring_mode: "scoring" | "pass_fail";
  is_entry?: boolean;
  decision_mode?: "rules" | "llm" | "hybrid";
  states: NpcState[];
  transitions: NpcTransition[];
  [key: string]: unknown;
}

export interface NpcLink {
  source_machine_key: string;
  target_machine_key: string;
  condition: { type: string; value?: unknown; when?: unknown };
  auto_advance?: boolean;
  [key: string]: unknown;
}

export interface NpcDefinition {
  name: string;
  description: string;
  persona_identity_prompt: string;
  perplexity_description?: string;
  is_public?: boolean;
  intents?: Record<string, string[]>;
  variables?: unknown[];
  machines: NpcMachine[];
  machine_links: NpcLink[];
  [key: string]: unknown;
}

/** A path into the definition, as the server's `loc`s spell it: `["machines", 0, "states", 2, "label"]`. */
export type Path = Array<string | number>;

/** A new persona that saves and plays as it is: greet the NPC to win. */
export function starterDefinition(): NpcDefinition {
  return {
    name: "New character",
    description: "A character waiting for a story",
    persona_identity_prompt: "You are a friendly innkeeper who loves gossip and never forgets a face.",
    is_public: false,
    machines: [
      {
        machine_key: "first_meeting",
        name: "First meeting",
        description: "Say hello.",
        creator_objective: "Get the player to greet the innkeeper.",
        creator_win_condition: "The player says hello.",
        creator_lose_condition: "The player is rude.",
        scoring_mode: "scoring",
        is_entry: true,
        states: [
          { state_key: "greeting", label: "Greeting", prompt_instruction: "Welcome the player and wait for a greeting.", is_initial_state: true, is_terminal_state: false, display_order: 0, lines: ["Welcome, {{player_name}}. Cold out, isn't it?", "Well? Say something, traveller."] },
          { state_key: "friends", label: "Friends", prompt_instruction: "Thank the player warmly.", is_initial_state: false, is_terminal_state: true, display_order: 1, outcome: "ACCEPT", lines: ["A friendly face! The first drink is on me."] },
          { state_key: "thrown_out", label: "Thrown out", prompt_instruction: "Show the rude player the door.", is_initial_state: false, is_terminal_state: true, display_order: 2, outcome: "KICK_OUT", lines: ["Out. Now."] },
        ],
        transitions: [
          { from_state_key: "greeting", to_state_key: "thrown_out", decision_type: "kick_out", score_delta: -10, priority: 0, label: "rude", when: { keywords: ["idiot", "shut up"] } },
          { from_state_key: "greeting", to_state_key: "friends", decision_type: "pass", score_delta: 10, priority: 1, label: "greets", when: { keywords: ["hello", "hi", "good evening"] } },
          { from_state_key: "greeting", to_state_key: "greeting", decision_type: "redirect", priority: 9, label: "anything else" },
        ],
      },
    ],
    machine_links: [],
  };
}

/** `/full` as the editor holds it: the persona's own fields at the top, as save reads them first. */
export function fromFull(full: NpcPersonaFull): NpcDefinition {
  const { persona, machines, machine_links, variables, intents } = full;
  const definition: NpcDefinition = {
    name: persona.name,
    description: persona.description,
    persona_identity_prompt: persona.persona_identity_prompt,
    is_public: persona.is_public,
    machines: machines as unknown as NpcMachine[],
    machine_links: machine_links as unknown as NpcLink[],
    variables: (variables as unknown[]) ?? [],
  };
  if (persona.perplexity_description) definition.perplexity_description = persona.perplexity_description;
  if (intents) definition.intents = intents;
  return definition;
}

/** The value at `path`, or undefined. */
export function getAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** A copy with `path` set to `next` (objects and arrays along the way copied, the rest shared). */
export function setAt<T>(value: T, path: Path, next: unknown): T {
  if (path.length === 0) return next as T;
  const [head, ...rest] = path as [string | number, ...Path];
  const container = value as unknown as Record<string | number, unknown> | unknown[];
  const child = setAt((container as Record<string | number, unknown>)[head], rest, next);
  if (Array.isArray(container)) return container.map((item, index) => (index === head ? child : item)) as unknown as T;
  return { ...(container as object), [head]: child } as T;
}

/** Renames a state and every transition that names it, so the machine stays whole. */
export function renameState(machine: NpcMachine, from: string, to: string): NpcMachine {
  return {
    ...machine,
    states: machine.states.map((state) => (state.state_key === from ? { ...state, state_key: to } : state)),
    transitions: machine.transitions.map((transition) => ({
      ...transition,
      from_state_key: transition.from_state_key === from ? to : transition.from_state_key,
      to_state_key: transition.to_state_key === from ? to : transition.to_state_key,
    })),
  };
}

/** Renames a machine and every link that names it. */
export function renameMachine(definition: NpcDefinition, index: number, to: string): NpcDefinition {
  const from = definition.machines[index]?.machine_key;
  return {
    ...definition,
    machines: definition.machines.map((machine, position) => (position === index ? { ...machine, machine_key: to } : machine)),
    machine_links: definition.machine_links.map((link) => ({
      ...link,
      source_machine_key: link.source_machine_key === from ? to : link.source_machine_key,
      target_machine_key: link.target_machine_key === from ? to : link.target_machine_key,
    })),
  };
}

/** Makes `stateKey` the one initial state. */
export function setInitialState(machine: NpcMachine, stateKey: string): NpcMachine {
  return { ...machine, states: machine.states.map((state) => ({ ...state, is_initial_state: state.state_key === stateKey })) };
}

/** A key not yet taken: `state_3`, `state_4`, … */
export function freshKey(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let number = 1; ; number++) if (!used.has(`${prefix}_${number}`)) return `${prefix}_${number}`;
}

/** Removes a state and the transitions into and out of it. */
export function removeState(machine: NpcMachine, stateKey: string): NpcMachine {
  return {
    ...machine,
    states: machine.states.filter((state) => state.state_key !== stateKey),
    transitions: machine.transitions.filter((transition) => transition.from_state_key !== stateKey && transition.to_state_key !== stateKey),
  };
}

/** Removes a machine and the links to and from it. */
export function removeMachine(definition: NpcDefinition, index: number): NpcDefinition {
  const key = definition.machines[index]?.machine_key;
  return {
    ...definition,
    machines: definition.machines.filter((_, position) => position !== index),
    machine_links: definition.machine_links.filter((link) => link.source_machine_key !== key && link.target_machine_key !== key),
  };
}

function startsWith(loc: readonly (string | number)[], prefix: Path): boolean {
  return prefix.every((step, index) => loc[index] === step);
}

/** Problems whose `loc` is exactly `path` (or, with `within`, anywhere under it). */
export function problemsAt<Problem extends Pick<ValidationDetail, "loc">>(problems: readonly Problem[], path: Path, within = false): Problem[] {
  return problems.filter((problem) => (within ? startsWith(problem.loc, path) : problem.loc.length === path.length && startsWith(problem.loc, path)));
}

/** Problems not shown beside any field the editor has (so the summary can list them at least once). */
export function machineIndexOf(loc: readonly (string | number)[]): number | null {
  return loc[0] === "machines" && typeof loc[1] === "number" ? loc[1] : null;
}

/** A `loc` in words: `["machines",0,"transitions",3,"to_state_key"]` → `machine "haggle" › transition 4 › to_state_key`. */
export function locText(loc: readonly (string | number)[], definition: NpcDefinition): string {
  const parts: string[] = [];
  let machine: NpcMachine | undefined;
  for (let index = 0; index < loc.length; index++) {
    const step = loc[index];
    const next = loc[index + 1];
    if (step === "machines" && typeof next === "number") {
      machine = definition.machines[next];
      parts.push(`machine "${machine?.machine_key ?? next + 1}"`);
      index++;
    } else if (step === "states" && typeof next === "number") {
      parts.push(`state "${machine?.states[next]?.state_key ?? next + 1}"`);
      index++;
    } else if (step === "transitions" && typeof next === "number") {
      parts.push(`transition ${next + 1}`);
      index++;
    } else if (step === "machine_links" && typeof next === "number") {
      parts.push(`link ${next + 1}`);
      index++;
    } else parts.push(String(step));
  }
  return parts.join(" › ") || "the persona";
}

/** The id an input at `path` gets, so a problem in the summary can lead to it. */
export function inputId(path: Path): string {
  return `npc-${path.join("-").replace(/[^\w-]/g, "_")}`;
}
