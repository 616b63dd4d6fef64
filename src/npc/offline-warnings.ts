/**
 * What a save answer tells an author about playing their persona offline (no model configured):
 * things that are valid but will not play as a Foil Engine author expects. Each warning has the
 * shape of a validation detail (`{loc, msg, type}`, `loc` into the save body) so the save response
 * and the play page can show them the way they show errors. Pure; nothing here refuses a save.
 *
 * `type`s, stable for clients:
 * - `offline_heuristic_judge`: no transition of the machine has `when`; the offline heuristic judge
 *   decides every turn from the message's tone and topic.
 * - `offline_no_way_forward`: a non-terminal state that no transition leaves (only redirects, or
 *   none): a player who reaches it can never finish the machine.
 * - `offline_win_by_heuristic`: some conditions exist, but a win is reachable only through `pass`
 *   transitions without `when`, i.e. only on the heuristic judge's reading.
 * - `offline_never_won`: no path from the initial state ends ACCEPT.
 * - `offline_loss_ends_accept`: a terminal state that reads as a loss, or that a scoring-mode
 *   `reject` enters, has no `outcome`, so entering it ends the machine ACCEPT.
 * - `offline_composed_replies`: states without `lines`; offline replies are composed from
 *   `prompt_instruction` (or a neutral line in the persona's voice when it cannot be read).
 */
import type { Machine, PersonaDefinition, State, Transition } from "./definition.ts";
import { LOSS_WORDS } from "./offline-lexicon.ts";
import { containsPhrase, tokenize } from "./text.ts";
import { transitionEffects } from "./transition-effect.ts";

type Loc = Array<string | number>;

export interface OfflinePlayWarning {
  loc: Loc;
  msg: string;
  type:
    | "offline_heuristic_judge"
    | "offline_no_way_forward"
    | "offline_win_by_heuristic"
    | "offline_never_won"
    | "offline_loss_ends_accept"
    | "offline_composed_replies";
}

/** A warning names at most this many states or transitions, then "and N more". */
const MAX_NAMED = 5;

function listed(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMED).join(", ");
  return names.length > MAX_NAMED ? `${shown} and ${names.length - MAX_NAMED} more` : shown;
}

/** Whether some path from the initial state, taking only transitions `usable` allows, ends ACCEPT. */
function canWin(machine: Machine, outgoing: ReadonlyMap<string, readonly Transition[]>, usable: (transition: Transition) => boolean): boolean {
  const initial = machine.states.find((state) => state.is_initial_state);
  if (!initial) return false;
  const effectOf = transitionEffects(machine);
  const reached = new Set([initial.state_key]);
  const frontier = [initial.state_key];
  while (frontier.length > 0) {
    for (const transition of outgoing.get(frontier.pop() as string) ?? []) {
      const effect = usable(transition) ? effectOf(transition) : null;
      if (effect === null) continue;
      if ("outcome" in effect) {
        if (effect.outcome === "ACCEPT") return true;
      } else if (!reached.has(effect.to)) {
        reached.add(effect.to);
        frontier.push(effect.to);
      }
    }
  }
  return false;
}

function readsAsLoss(state: State): boolean {
  const tokens = tokenize(`${state.state_key.replace(/_/g, " ")} ${state.label}`);
  return LOSS_WORDS.some((word) => containsPhrase(tokens, word));
}

/**
 * One warning about the states in `found`: with the state's own `loc` when there is one, else one
 * warning for all of them at the machine's states, naming a few: a large machine gets a short answer.
 */
function aboutStates(base: Loc, found: ReadonlyArray<{ state: State; index: number }>, type: OfflinePlayWarning["type"], field: string | null, say: (names: string, one: boolean) => string): OfflinePlayWarning[] {
  if (found.length === 0) return [];
  const only = found.length === 1 ? (found[0] as { index: number }) : null;
  const loc = only ? [...base, "states", only.index, ...(field ? [field] : [])] : [...base, "states"];
  return [{ loc, type, msg: say(listed(found.map(({ state }) => `"${state.state_key}"`)), only !== null) }];
}

/** What offline play cannot decide in one machine (`machineIndex`: its place in the body, for `loc`). */
export function machineWarnings(machine: Machine, machineIndex: number): OfflinePlayWarning[] {
  const base: Loc = ["machines", machineIndex];
  const name = `machine "${machine.machine_key}"`;
  const warnings: OfflinePlayWarning[] = [];
  const outgoing = new Map<string, Transition[]>();
  const enteredBy = new Map<string, Set<Transition["decision_type"]>>();
  for (const transition of machine.transitions) {
    const from = outgoing.get(transition.from_state_key) ?? [];
    from.push(transition);
    outgoing.set(transition.from_state_key, from);
    if (transition.to_state_key === transition.from_state_key) continue;
    const types = enteredBy.get(transition.to_state_key) ?? new Set();
    types.add(transition.decision_type);
    enteredBy.set(transition.to_state_key, types);
  }
  const states = machine.states.map((state, index) => ({ state, index }));

  const conditioned = machine.transitions.filter((transition) => transition.when !== undefined);
  if (machine.transitions.length > 0 && conditioned.length === 0) {
    warnings.push({
      loc: [...base, "transitions"],
      type: "offline_heuristic_judge",
      msg:
        `no transition of ${name} has a \`when\` condition, so without a model its turns are decided by the offline heuristic judge: ` +
        "insults and threats take a reject or kick_out, a civil message about the state's instruction or objective takes a pass, anything else stays. " +
        "Add `when` conditions to decide exactly, or configure a model (DRAMATIS_MODEL) to judge as Foil Engine does.",
    });
  }

  const stuck = states.filter(({ state }) => !state.is_terminal_state && !(outgoing.get(state.state_key) ?? []).some((transition) => transition.decision_type !== "redirect"));
  warnings.push(
    ...aboutStates(base, stuck, "offline_no_way_forward", null, (names, one) =>
      `${one ? "state" : "states"} ${names} of ${name} ${one ? "is" : "are"} not terminal and no transition but a redirect leaves ${one ? "it" : "them"}: a player who reaches ${one ? "it" : "one"} can never finish the machine. Add a pass (or reject, kick_out) out of ${one ? "it" : "each"}.`,
    ),
  );

  if (!canWin(machine, outgoing, () => true)) {
    warnings.push({ loc: [...base, "states"], type: "offline_never_won", msg: `no path through ${name} ends ACCEPT: it can never be won. Mark a terminal state reachable by a pass without an outcome (or with outcome "ACCEPT").` });
  } else if (conditioned.length > 0 && !canWin(machine, outgoing, (transition) => transition.when !== undefined)) {
    const guesses = machine.transitions.flatMap((transition, index) => (transition.when === undefined && transition.decision_type === "pass" ? [`transitions[${index}] ${transition.from_state_key} → ${transition.to_state_key}`] : []));
    warnings.push({
      loc: [...base, "transitions"],
      type: "offline_win_by_heuristic",
      msg: `${name} can be won only through pass transitions without \`when\` (${listed(guesses)}): without a model the offline heuristic judge takes them on any civil, on-topic message. Give them \`when\` conditions to say what wins.`,
    });
  }

  // A pass_fail reject and a kick_out set their own outcome; a pass and a scoring-mode reject take the state's.
  const afterReject = (state: State) => machine.scoring_mode === "scoring" && (enteredBy.get(state.state_key)?.has("reject") ?? false);
  const losses = states.filter(({ state }) => state.is_terminal_state && state.outcome === undefined && (afterReject(state) || ((enteredBy.get(state.state_key)?.has("pass") ?? false) && readsAsLoss(state))));
  warnings.push(
    ...aboutStates(base, losses, "offline_loss_ends_accept", "outcome", (names, one) =>
      `terminal ${one ? "state" : "states"} ${names} ${one ? "has" : "have"} no \`outcome\`, so entering ${one ? "it" : "one"} ends ${name} ACCEPT${one && afterReject((losses[0] as { state: State }).state) ? " (even after a reject)" : ""}. If the player loses there, set "outcome": "REJECT" (or "KICK_OUT").`,
    ),
  );

  const silent = states.filter(({ state }) => (state.lines ?? []).length === 0);
  warnings.push(
    ...aboutStates(base, silent, "offline_composed_replies", "lines", (names, one) =>
      `${one ? "state" : "states"} ${names} of ${name} ${one ? "has" : "have"} no \`lines\`: without a model the NPC composes replies from \`prompt_instruction\`, and says a neutral line in the persona's voice when it cannot read the instruction. Write \`lines\` for what the NPC should say there.`,
    ),
  );
  return warnings;
}

/** Every warning about offline play of a valid definition, machine by machine. */
export function offlinePlayWarnings(definition: PersonaDefinition): OfflinePlayWarning[] {
  return definition.machines.flatMap((machine, index) => machineWarnings(machine, index));
}
