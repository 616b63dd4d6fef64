/**
 * Where taking a transition leads, as `step` in play.ts applies it, read from the definition alone:
 * on to a state, or an end with its outcome. Offline judging (an insult must not take a reject that
 * still ends ACCEPT) and the save warnings (can this machine be won?) both ask it.
 *
 * - `pass` moves to `to_state_key`; `redirect` stays;
 * - `kick_out` ends KICK_OUT;
 * - `reject` in pass_fail mode ends REJECT; in scoring mode it moves to its own `to_state_key`, or,
 *   when that is its own state, along the state's first `pass` by priority (else it stays);
 * - moving into a terminal state ends with that state's `outcome` (ACCEPT by default).
 */
import type { Machine, Transition } from "./definition.ts";
import type { Outcome } from "./values.ts";

export type TransitionEffect = { to: string } | { outcome: Outcome };

/**
 * The effects of a machine's transitions: a function from a transition to its effect (null when it
 * names a state the machine does not have). The states and each state's first pass are looked up
 * once, so asking for every transition of a large machine stays linear.
 */
export function transitionEffects(machine: Machine): (transition: Transition) => TransitionEffect | null {
  const states = new Map(machine.states.map((state) => [state.state_key, state]));
  const firstPass = new Map<string, Transition>();
  for (const transition of machine.transitions) {
    if (transition.decision_type !== "pass") continue;
    const current = firstPass.get(transition.from_state_key);
    if (current === undefined || transition.priority < current.priority) firstPass.set(transition.from_state_key, transition);
  }
  return (transition) => {
    const from = transition.from_state_key;
    const arrive = (to: string): TransitionEffect | null => {
      const state = states.get(to);
      if (!state) return null;
      return state.is_terminal_state && to !== from ? { outcome: state.outcome ?? "ACCEPT" } : { to };
    };
    switch (transition.decision_type) {
      case "pass":
        return arrive(transition.to_state_key);
      case "redirect":
        return { to: from };
      case "kick_out":
        return { outcome: "KICK_OUT" };
      case "reject":
        if (machine.scoring_mode === "pass_fail") return { outcome: "REJECT" };
        return arrive(transition.to_state_key !== from ? transition.to_state_key : (firstPass.get(from)?.to_state_key ?? from));
    }
  };
}
