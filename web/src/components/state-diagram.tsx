/**
 * One machine as a state diagram: states (the initial one outlined, terminal ones doubled with
 * their outcome), transitions as arrows coloured by decision type and labelled with their
 * condition in words. Laid out by ELK through GraphView.
 */
import { useMemo } from "react";
import { conditionText } from "../lib/condition-text.ts";
import type { DecisionType, NpcMachine } from "../lib/npc-definition.ts";
import { GraphView, type GraphEdge, type GraphNode } from "./graph-view.tsx";

/** Colours with at least 4.5:1 contrast on white (edge labels are text in these colours). */
export const DECISION_COLOURS: Record<DecisionType, string> = {
  pass: "#1a7f37",
  redirect: "#57606a",
  reject: "#9a6700",
  kick_out: "#b3261e",
};

export const DECISION_MEANING: Record<DecisionType, string> = {
  pass: "pass: moves on",
  redirect: "redirect: stays and asks again",
  reject: "reject: penalty (ends in pass/fail)",
  kick_out: "kick out: ends the machine",
};

export function transitionText(transition: NpcMachine["transitions"][number]): string {
  const condition = transition.when === undefined ? (transition.label ? transition.label : "otherwise") : conditionText(transition.when);
  const delta = transition.score_delta ? ` (${transition.score_delta > 0 ? "+" : ""}${transition.score_delta})` : "";
  return `${condition}${delta}`;
}

const STATE_WIDTH = 190;
/** Longer conditions are cut in the diagram (the transitions list below it has them whole). */
const LABEL_CHARACTERS = 56;

function diagramLabel(text: string): string {
  return text.length > LABEL_CHARACTERS ? `${text.slice(0, LABEL_CHARACTERS - 1).trimEnd()}…` : text;
}

export function DecisionLegend() {
  return (
    <ul className="legend" aria-label="Transition colours">
      {(Object.keys(DECISION_COLOURS) as DecisionType[]).map((type) => (
        <li key={type}>
          <span className="legend-swatch" style={{ background: DECISION_COLOURS[type] }} aria-hidden="true" />
          {DECISION_MEANING[type]}
        </li>
      ))}
    </ul>
  );
}

export function StateDiagram({ machine, currentState }: { machine: NpcMachine; currentState?: string | null }) {
  const { nodes, edges } = useMemo(() => {
    const stateKeys = new Set(machine.states.map((state) => state.state_key));
    const graphNodes: GraphNode[] = machine.states.map((state) => {
      const kind = state.is_initial_state ? "start" : state.is_terminal_state ? `ends ${state.outcome ?? "ACCEPT"}` : "";
      return {
        id: state.state_key,
        width: STATE_WIDTH,
        height: 66,
        ariaLabel: `State ${state.label || state.state_key}${kind ? `, ${kind}` : ""}`,
        className: [state.is_initial_state ? "initial-state" : "", state.is_terminal_state ? "terminal-state" : "", currentState === state.state_key ? "selected-node" : ""].join(" "),
        content: (
          <>
            <div className="node-title">{state.label || state.state_key}</div>
            <div className="node-meta">
              {state.state_key}
              {kind ? ` · ${kind}` : ""}
              {currentState === state.state_key ? " · you are here" : ""}
            </div>
          </>
        ),
      };
    });
    const graphEdges: GraphEdge[] = machine.transitions
      .filter((transition) => stateKeys.has(transition.from_state_key) && stateKeys.has(transition.to_state_key))
      .map((transition, index) => ({
        id: `t${index}`,
        source: transition.from_state_key,
        target: transition.to_state_key,
        label: diagramLabel(transitionText(transition)),
        color: DECISION_COLOURS[transition.decision_type] ?? "#57606a",
        dashed: transition.decision_type === "redirect",
      }));
    return { nodes: graphNodes, edges: graphEdges };
  }, [machine, currentState]);
  return (
    <>
      <DecisionLegend />
      <GraphView nodes={nodes} edges={edges} label={`State diagram of ${machine.name || machine.machine_key}: ${machine.states.length} states, ${machine.transitions.length} transitions`} direction="DOWN" maxHeight={960} />
    </>
  );
}
