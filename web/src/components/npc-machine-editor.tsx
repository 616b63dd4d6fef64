/**
 * One machine in the NPC editor: its settings, its state diagram, its states and its transitions
 * (conditions written as JSON and read back in words).
 */
import { useId, useState } from "react";
import { conditionText } from "../lib/condition-text.ts";
import { DECISION_TYPES, freshKey, getAt, inputId, OUTCOMES, problemsAt, removeState, renameMachine, renameState, setAt, setInitialState, type NpcMachine, type NpcState, type NpcTransition, type Path } from "../lib/npc-definition.ts";
import { CheckboxField, LinesField, NumberField, Problems, SelectField, TextField, useEditor } from "./npc-fields.tsx";
import { DECISION_COLOURS, StateDiagram, transitionText } from "./state-diagram.tsx";

export function MachineEditor({ index }: { index: number }) {
  const { definition, update } = useEditor();
  const machine = definition.machines[index]!;
  const base: Path = ["machines", index];
  const setMachine = (change: (machine: NpcMachine) => NpcMachine) => update((current) => setAt(current, base, change(current.machines[index]!)));

  const addState = () =>
    setMachine((current) => {
      const key = freshKey("state", current.states.map((state) => state.state_key));
      const state: NpcState = { state_key: key, label: "New state", prompt_instruction: "", is_initial_state: current.states.length === 0, is_terminal_state: false, display_order: current.states.length, lines: [] };
      return { ...current, states: [...current.states, state] };
    });
  const addTransition = () =>
    setMachine((current) => {
      const first = current.states[0]?.state_key ?? "";
      const transition: NpcTransition = { from_state_key: first, to_state_key: first, decision_type: "pass", score_delta: 0, priority: current.transitions.length };
      return { ...current, transitions: [...current.transitions, transition] };
    });

  return (
    <div className="stack">
      <div className="form-grid">
        <TextField path={[...base, "name"]} label="Name" required />
        <KeyField path={[...base, "machine_key"]} label="Key" onRename={(next) => update((current) => renameMachine(current, index, next))} />
        <SelectField
          path={[...base, "scoring_mode"]}
          label="Scoring"
          options={[
            { value: "scoring", label: "Scoring (points)" },
            { value: "pass_fail", label: "Pass / fail" },
          ]}
        />
        <SelectField
          path={[...base, "decision_mode"]}
          label="Decisions"
          options={[
            { value: "", label: "Server default" },
            { value: "rules", label: "Rules (conditions)" },
            { value: "llm", label: "Language model" },
            { value: "hybrid", label: "Rules, then model" },
          ]}
        />
        <CheckboxField path={[...base, "is_entry"]} label="Entry machine (always available)" />
      </div>
      <TextField path={[...base, "description"]} label="Description" />
      <div className="columns">
        <TextField path={[...base, "creator_objective"]} label="Objective" multiline rows={2} />
        <div className="stack">
          <TextField path={[...base, "creator_win_condition"]} label="Win condition" />
          <TextField path={[...base, "creator_lose_condition"]} label="Lose condition" />
        </div>
      </div>
      <Problems path={base} />
      <Problems path={[...base, "states"]} />
      <Problems path={[...base, "transitions"]} />

      <section aria-label={`Diagram of ${machine.name || machine.machine_key}`}>
        <StateDiagram machine={machine} />
      </section>

      <section aria-labelledby={`states-${index}`}>
        <h3 id={`states-${index}`}>States</h3>
        {machine.states.map((state, stateIndex) => (
          <StateEditor key={stateIndex} machineIndex={index} stateIndex={stateIndex} state={state} onRemove={() => setMachine((current) => removeState(current, state.state_key))} />
        ))}
        <button type="button" className="secondary" onClick={addState}>
          Add a state
        </button>
      </section>

      <section aria-labelledby={`transitions-${index}`}>
        <h3 id={`transitions-${index}`}>Transitions</h3>
        <p className="small muted">Checked by priority, lowest first; the first whose condition holds is taken. A transition without a condition is left to the judge (offline: a word-level reading of the message).</p>
        {machine.transitions.map((transition, transitionIndex) => (
          <TransitionEditor key={transitionIndex} machine={machine} machineIndex={index} transitionIndex={transitionIndex} transition={transition} onRemove={() => setMachine((current) => ({ ...current, transitions: current.transitions.filter((_, position) => position !== transitionIndex) }))} />
        ))}
        <button type="button" className="secondary" onClick={addTransition} disabled={machine.states.length === 0}>
          Add a transition
        </button>
      </section>
    </div>
  );
}

/** A key input that renames what refers to it once the edit is done (on blur), not at each keystroke. */
function KeyField({ path, label, onRename }: { path: Path; label: string; onRename(next: string): void }) {
  const { definition } = useEditor();
  const current = String(getAt(definition, path) ?? "");
  const [draft, setDraft] = useState<string | null>(null);
  const problemId = useId();
  const commit = () => {
    if (draft !== null && draft.trim() && draft.trim() !== current) onRename(draft.trim());
    setDraft(null);
  };
  return (
    <div className="field">
      <label htmlFor={inputId(path)}>{label}</label>
      <input id={inputId(path)} className="mono" value={draft ?? current} aria-describedby={problemId} onChange={(event) => setDraft(event.target.value)} onBlur={commit} onKeyDown={(event) => event.key === "Enter" && (event.preventDefault(), commit())} />
      <Problems path={path} id={problemId} />
    </div>
  );
}

/** Whether the save answer has something to say about what lies under `path` (its editor then starts open). */
function useHasProblems(path: Path): boolean {
  const { errors, warnings } = useEditor();
  return problemsAt(errors, path, true).length > 0 || problemsAt(warnings, path, true).length > 0;
}

function StateEditor({ machineIndex, stateIndex, state, onRemove }: { machineIndex: number; stateIndex: number; state: NpcState; onRemove(): void }) {
  const { update } = useEditor();
  const base: Path = ["machines", machineIndex, "states", stateIndex];
  const flagged = useHasProblems(base);
  const lines = state.lines?.length ?? 0;
  return (
    <details className="item" open={flagged || undefined}>
      <summary>
        <strong>{state.label || state.state_key}</strong> <span className="mono small">{state.state_key}</span>
        {state.is_initial_state && <span className="badge badge-neutral">start</span>}
        {state.is_terminal_state && <span className="badge badge-neutral">ends {state.outcome ?? "ACCEPT"}</span>}
        <span className="muted small"> · {lines} line{lines === 1 ? "" : "s"}</span>
        {flagged && <span className="badge badge-fail">check</span>}
      </summary>
      <div className="form-grid">
        <TextField path={[...base, "label"]} label="Label" />
        <KeyField path={[...base, "state_key"]} label="Key" onRename={(next) => update((current) => setAt(current, ["machines", machineIndex], renameState(current.machines[machineIndex]!, state.state_key, next)))} />
        <CheckboxField
          path={[...base, "is_initial_state"]}
          label="Start here"
          onChange={(checked) => update((current) => (checked ? setAt(current, ["machines", machineIndex], setInitialState(current.machines[machineIndex]!, state.state_key)) : setAt(current, [...base, "is_initial_state"], false)))}
        />
        <CheckboxField path={[...base, "is_terminal_state"]} label="Ends the machine" />
        {state.is_terminal_state && <SelectField path={[...base, "outcome"]} label="Outcome" options={OUTCOMES.map((outcome) => ({ value: outcome, label: outcome }))} />}
      </div>
      <TextField path={[...base, "prompt_instruction"]} label="What the NPC does here" multiline rows={2} />
      <LinesField path={[...base, "lines"]} label="Lines (offline play, one per line)" hint="{{player_name}} and {{vars.key}} are filled in." />
      <Problems path={base} />
      <button type="button" className="danger" onClick={onRemove}>
        Remove state {state.state_key}
      </button>
    </details>
  );
}

function TransitionEditor({ machine, machineIndex, transitionIndex, transition, onRemove }: { machine: NpcMachine; machineIndex: number; transitionIndex: number; transition: NpcTransition; onRemove(): void }) {
  const base: Path = ["machines", machineIndex, "transitions", transitionIndex];
  const states = machine.states.map((state) => ({ value: state.state_key, label: state.label ? `${state.label} (${state.state_key})` : state.state_key }));
  const flagged = useHasProblems(base);
  return (
    <details className="item" open={flagged || undefined}>
      <summary>
        {transitionIndex + 1}. {transition.from_state_key} → {transition.to_state_key}{" "}
        <span className="badge" style={{ color: DECISION_COLOURS[transition.decision_type] }}>
          {transition.decision_type}
        </span>{" "}
        {transitionText(transition)}
        {flagged && <span className="badge badge-fail">check</span>}
      </summary>
      <div className="form-grid">
        <SelectField path={[...base, "from_state_key"]} label="From" options={states} />
        <SelectField path={[...base, "to_state_key"]} label="To" options={states} />
        <SelectField path={[...base, "decision_type"]} label="Decision" options={DECISION_TYPES.map((type) => ({ value: type, label: type }))} />
        <NumberField path={[...base, "score_delta"]} label="Score change" />
        <NumberField path={[...base, "priority"]} label="Priority" />
        <TextField path={[...base, "label"]} label="Label" />
      </div>
      <ConditionField path={[...base, "when"]} />
      <Problems path={base} />
      <button type="button" className="danger" onClick={onRemove}>
        Remove transition {transitionIndex + 1}
      </button>
    </details>
  );
}

/** A condition typed as JSON, read back in words; it applies once it parses. */
function ConditionField({ path }: { path: Path }) {
  const { definition, update } = useEditor();
  const value = getAt(definition, path);
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = useId();
  const shown = draft ?? (value === undefined ? "" : JSON.stringify(value));
  const change = (text: string) => {
    setDraft(text);
    if (text.trim() === "") {
      setProblem(null);
      update((current) => setAt(current, path, undefined));
      return;
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      setProblem(null);
      update((current) => setAt(current, path, parsed));
    } catch {
      setProblem("not valid JSON yet: the condition keeps its last valid value");
    }
  };
  return (
    <div className="field">
      <label htmlFor={inputId(path)}>Condition (JSON, empty: none)</label>
      <input id={inputId(path)} className="mono" value={shown} placeholder='{"keywords": ["hello", "hi"]}' onChange={(event) => change(event.target.value)} onBlur={() => !problem && setDraft(null)} aria-describedby={hintId} aria-invalid={Boolean(problem) || undefined} />
      <span id={hintId} className="field-hint">
        {problem ? <span className="inline-error">{problem}</span> : <>Reads: {value === undefined ? "no condition (the judge decides)" : conditionText(value)}</>}
      </span>
      <Problems path={path} within />
    </div>
  );
}
